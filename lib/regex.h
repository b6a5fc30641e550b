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
 * Patterns searched together for whether any of them matches a short
 * subject (a value of a record, say): the subject is read once, for all
 * of them, and a pattern runs only if the subject is long enough for a
 * match of it and holds a byte such a match may start with (what pcre2
 * found in the pattern). The patterns are borrowed: they outlive the set.
 */
struct regex_set;

int regex_set_new(struct regex_set **out, struct regex *const *res, size_t n);
/* 1 when one of the patterns matches `subject`, else as regex_search. */
int regex_set_search(const struct regex_set *set, const char *subject, size_t len);
void regex_set_free(struct regex_set *set);

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
