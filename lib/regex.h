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
int regex_compile(struct regex **out, const char *pattern, size_t len,
	struct regex_error *err);

/*
 * Unanchored search of `len` bytes of `subject` (which may hold NUL and
 * invalid UTF-8). Returns 1 on a match, 0 on none, HANDOFF_EINVALID when
 * the match hit one of its limits (the message names the pattern) and
 * HANDOFF_ERROR otherwise.
 */
int regex_search(const struct regex *re, const char *subject, size_t len);

/*
 * Like regex_search, starting at byte `start` (at most `len`); on a match
 * *mstart and *mend are the byte span of the match.
 */
int regex_search_at(const struct regex *re, const char *subject, size_t len,
	size_t start, size_t *mstart, size_t *mend);
/*
 * Like regex_search_at for a subject the caller has checked to be valid
 * UTF-8 as a whole (utf8_check): it is not checked again, which matters
 * when one text is searched from offset after offset.
 */
int regex_search_valid_at(const struct regex *re, const char *subject, size_t len,
	size_t start, size_t *mstart, size_t *mend);

/*
 * The bytes a subject holds, for regex_may_match: a subject searched by
 * several patterns is read once, and the patterns that cannot match it
 * are not run at all.
 */
struct regex_bytes {
	unsigned char seen[256];	/* [b]: byte b occurs */
	size_t len;
};

void regex_bytes_of(struct regex_bytes *bytes, const char *s, size_t len);
/*
 * 0 when no match of `re` can be found in the subject `bytes` describes
 * (too short, or without any byte a match can start with); 1 when one
 * may be: only a search says whether one is.
 */
int regex_may_match(const struct regex *re, const struct regex_bytes *bytes);

/*
 * Free what this thread's searches kept (match data, JIT stack): for a
 * thread that searched and is about to end. Searching again is allowed.
 */
void regex_thread_release(void);

/* The number of capturing groups of the pattern. */
unsigned int regex_captures(const struct regex *re);

/* The pattern as given to regex_compile; borrowed from `re`. */
const char *regex_pattern(const struct regex *re);

void regex_free(struct regex *re);

/*
 * For tests: 0 stops regex_compile from using the JIT compiler, as if it
 * were unavailable; 1 (the default) lets it. Returns the previous value.
 */
int regex__use_jit(int on);

#endif
