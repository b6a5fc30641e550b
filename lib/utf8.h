/*
 * UTF-8 and text positions: validation that says where the first bad byte
 * is, code point counts (JSON Schema lengths count code points), and the
 * byte offset to line:column mapping that agrees with libyaml's (CRLF is
 * one break, a bare CR is a break, columns count characters).
 */
#ifndef HANDOFF_UTF8_H
#define HANDOFF_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Length of the valid UTF-8 sequence at s, or 0 when it is not one. */
size_t handoff__utf8_valid_prefix(const char *s, size_t n);
/* Decode one valid sequence (call utf8_valid_prefix first). */
uint32_t handoff__utf8_decode(const char *s, size_t *len);
/* 1 when all of s is valid UTF-8; else 0 and *bad the offset of the first bad byte. */
int handoff__utf8_check(const char *s, size_t n, size_t *bad);
size_t handoff__utf8_count(const char *s, size_t n);
/* utf8_count, but counting stops once it reaches `enough`. */
size_t handoff__utf8_count_upto(const char *s, size_t n, size_t enough);

/*
 * The length of the line break at s[i], 0 if none, as libyaml breaks
 * lines: LF, CR, CRLF, NEL (U+0085), LS (U+2028) and PS (U+2029).
 */
size_t handoff__line_break(const char *s, size_t n, size_t i);

/* 1-based line and column (in characters) of byte `offset` in `s`. */
void handoff__text_position(const char *s, size_t n, size_t offset,
	unsigned int *line, unsigned int *col);

/*
 * The inverse: the byte offset of 1-based `line` and `col` by the same
 * rules (a node's position back to its bytes), or n past the end.
 */
size_t handoff__text_offset(const char *s, size_t n, unsigned int line, unsigned int col);

/*
 * Where a count of lines and columns got to in a text, for a caller that
 * asks for many offsets in increasing order (the placeholders of a
 * section, say): each asks only for the bytes since the last, so the
 * text is read once, not once per offset.
 */
struct text_pos {
	size_t offset;		/* the byte the count stopped at */
	size_t asked;		/* the offset last asked for (at most `offset`) */
	unsigned int line, col;
};

#define TEXT_POS_INIT { 0, 0, 1, 1 }

/*
 * text_position, carried on from *pos, which is moved to `offset`; an
 * offset before the last one asked for counts again from the start.
 */
void handoff__text_position_at(const char *s, size_t n, struct text_pos *pos,
	size_t offset);
/* For tests: the bytes text_position_at has counted over, in all. */
size_t handoff__text_position_bytes(void);

/*
 * A commit's author name as valid UTF-8: from its `encoding` header (NULL:
 * none), other bytes read as Latin-1. Caller frees; NULL: out of memory.
 */
char *handoff__utf8_from_commit(const char *s, const char *encoding);

/*
 * Words in text: runs of letters or digits, with each CJK character
 * (Han, kana, Hangul) counted as a word of its own, so a well-filled
 * Japanese section is not judged empty.
 */
size_t handoff__text_count_words(const char *s, size_t n);
/* The same, counting no further than `limit`: for "at least N words". */
size_t handoff__text_count_words_upto(const char *s, size_t n, size_t limit);

#endif
