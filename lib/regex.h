/*
 * Regular expressions for patterns that come from schema files: the
 * `pattern` and `patternProperties` keywords and the kinds' placeholder
 * lists. Those patterns are user input, so every match runs under hard
 * limits and a pattern that hits one is reported, never trusted: see
 * regex.c for the dialect and the limits.
 */
#ifndef HANDOFF_REGEX_H
#define HANDOFF_REGEX_H

#include <stddef.h>
#include <stdint.h>

struct regex;

struct regex_error {
	char message[256];
	size_t offset;		/* in the pattern, bytes */
};

/* Longest pattern accepted, in bytes. */
#define REGEX_MAX_PATTERN 1024

/*
 * Compile `len` bytes of `pattern`. Returns 0, or HANDOFF_EINVALID with
 * *err filled (pcre2's message and the byte offset of the problem), or
 * HANDOFF_ERROR when out of memory. *out is NULL on failure.
 */
int handoff__regex_compile(struct regex **out, const char *pattern, size_t len,
	struct regex_error *err);

/*
 * Unanchored search of `len` bytes of `subject` (which may hold NUL and
 * invalid UTF-8). Returns 1 on a match, 0 on none, HANDOFF_EINVALID when
 * the match hit one of its limits (the message names the pattern) and
 * HANDOFF_ERROR otherwise.
 */
int handoff__regex_search(const struct regex *re, const char *subject, size_t len);

/*
 * regex_search for a subject known to be valid UTF-8 (a string libyaml
 * read from text utf8_check passed): it is not checked again. Never for
 * bytes nobody checked.
 */
int handoff__regex_search_valid(const struct regex *re, const char *subject, size_t len);

/*
 * Like regex_search, starting at byte `start` (at most `len`); on a match
 * *mstart and *mend are the byte span of the match.
 */
int handoff__regex_search_at(const struct regex *re, const char *subject, size_t len,
	size_t start, size_t *mstart, size_t *mend);
/*
 * Like regex_search_at for a subject the caller has checked to be valid
 * UTF-8 as a whole (utf8_check): it is not checked again, which matters
 * when one text is searched from offset after offset.
 */
int handoff__regex_search_valid_at(const struct regex *re, const char *subject, size_t len,
	size_t start, size_t *mstart, size_t *mend);

/*
 * Patterns searched together for whether any of them matches a short
 * subject (a value of a record, say): the subject is read once, for all
 * of them, and a pattern runs only if the subject is long enough for a
 * match of it and holds a byte such a match may start with (what pcre2
 * found in the pattern). The patterns are borrowed: they outlive the set.
 */
struct regex_set;

int handoff__regex_set_new(struct regex_set **out, struct regex *const *res, size_t n);
/* 1 when one of the patterns matches `subject`, else as regex_search. */
int handoff__regex_set_search(const struct regex_set *set, const char *subject, size_t len);
/* regex_set_search for a subject known to be valid UTF-8 (see regex_search_valid). */
int handoff__regex_set_search_valid(const struct regex_set *set, const char *subject,
	size_t len);

/*
 * The prefilter alone, for a caller that searches each pattern itself (a
 * long text, match after match): bit i of the mask is set when pattern
 * i may start a match at some byte of `subject` (patterns past the 64th
 * are always kept), and regex_set_may_match says whether pattern i,
 * given that mask, may match a subject of `len` bytes at all. A caller
 * that blanks bytes of the subject to spaces adds the mask of " ".
 */
uint64_t handoff__regex_set_may(const struct regex_set *set,
	const char *subject, size_t len);
int handoff__regex_set_may_match(const struct regex_set *set, uint64_t may, size_t i,
	size_t len);
void handoff__regex_set_free(struct regex_set *set);

/*
 * Free what this thread's searches kept (match data, JIT stack): for a
 * thread that searched and is about to end. Searching again is allowed.
 */
void handoff__regex_thread_release(void);

/* The number of capturing groups of the pattern. */
unsigned int handoff__regex_captures(const struct regex *re);

/* The pattern as given to regex_compile; borrowed from `re`. */
const char *handoff__regex_pattern(const struct regex *re);

void handoff__regex_free(struct regex *re);

/*
 * A pattern is searched by the JIT compiler's code, where it is
 * available, from its first subject of REGEX_JIT_FROM bytes or more, or
 * once the interpreter has searched four times that many bytes with it.
 * For tests, handoff__regex_jit_from() sets that length: 0 for every
 * subject, SIZE_MAX for none, as if the JIT were unavailable; it returns
 * the previous one.
 */
#define REGEX_JIT_FROM 4096
size_t handoff__regex_jit_from(size_t bytes);
/* For tests: whether a search made the JIT compiler's code of `re`. */
int handoff__regex_jitted(const struct regex *re);

#endif
