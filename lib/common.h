/*
 * Private declarations shared by every file of libhandoff: the error
 * setters, the size-capped string buffer helpers and the diagnostic list.
 * Nothing here is installed; cmd/ sees only include/handoff.h.
 */
#ifndef HANDOFF_COMMON_H
#define HANDOFF_COMMON_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "handoff.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/*
 * 64-bit FNV-1a of the n bytes at s, going on from h (HANDOFF_FNV_BASIS to
 * start): for the process's own hash tables, never stored.
 */
#define HANDOFF_FNV_BASIS 14695981039346656037ull

static inline uint64_t handoff__fnv1a(uint64_t h, const void *s, size_t n)
{
	const unsigned char *p = s;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ p[i]) * 1099511628211ull;
	return h;
}

/* A string's hash for the library's own tables (FNV-1a); never stored. */
static inline size_t handoff__str_hash(const char *s)
{
	return (size_t)handoff__fnv1a(HANDOFF_FNV_BASIS, s, strlen(s));
}

/* The value of a hexadecimal digit, -1 for another character. */
static inline int handoff__hex_digit(int c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 :
		c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

#if defined(__GNUC__)
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#else
#define PRINTF_LIKE(f, a)
#endif

/* lib/error.c */
int handoff__error_set(int klass, const char *fmt, ...) PRINTF_LIKE(2, 3);
int handoff__error_from_git(int giterr);
int handoff__error_oom(void);
int handoff__error_os(const char *what, const char *path);

/*
 * `len` bytes of the file `fd` at `at` appended to `f` by the kernel,
 * not through memory: 0, an error (as handoff_file_write()), or 1 when
 * the kernel cannot copy between these two files and nothing was copied.
 */
int handoff__file_copy(handoff_file *f, int fd, off_t at, size_t len);

/*
 * `f` put in place without an fsync: for a cache, whose checksum finds
 * what a crash left of it (cachefile.h), not for what a user wrote.
 */
void handoff__file_no_sync(handoff_file *f);

/* lib/repo.c: the folder holding schemas/ and hooks/ */
const char *handoff__data_dir(void);

/* lib/buf.c */
/* Room for `n` more bytes (and the NUL); `b->ptr` is then a string. */
int handoff__buf_reserve(handoff_buf *b, size_t n);
/* Room for `need` elements of `size` bytes in the array *v of *alloc, doubling. */
int handoff__array_grow(void **v, size_t *alloc, size_t need, size_t size);
/* Whether an append ever failed (out of memory): the text is not whole. */
int handoff__buf_failed(const handoff_buf *b);
/*
 * What `b` holds, handed to `write` and emptied once it holds `piece`
 * bytes or more (0: whatever it holds), so that a long output is never
 * held whole. A failed append before it, or a failed write: HANDOFF_ERROR.
 */
int handoff__buf_hand_on(handoff_buf *b, size_t piece, handoff_write_cb write,
	void *payload);

/*
 * Where a formatter's output goes: `out`, and when there is a `write`,
 * handed to it in pieces of about SINK_PIECE bytes (a long log or report
 * is never held whole), else kept whole for the caller.
 */
#define SINK_PIECE (64u << 10)

struct sink {
	handoff_buf *out;
	handoff_write_cb write;
	void *payload;
};

/* What the sink's buffer holds, handed on if it is a piece or more. */
int handoff__sink_hand_on(const struct sink *s);
/* The rest, handed on now; the buffer disposed of. */
int handoff__sink_finish(const struct sink *s, int err);
int handoff__buf_put(handoff_buf *b, const char *s, size_t n);
int handoff__buf_puts(handoff_buf *b, const char *s);
/* `from`'s text appended; a failed `from` fails `b`. */
int handoff__buf_put_buf(handoff_buf *b, const handoff_buf *from);
int handoff__buf_printf(handoff_buf *b, const char *fmt, ...) PRINTF_LIKE(2, 3);
int handoff__buf_vprintf(handoff_buf *b, const char *fmt, va_list ap);
/*
 * `v` in decimal when it is a whole number of fewer than 16 digits, as
 * %g and %.17g write it, and 1; 0 (nothing written) for any other.
 */
int handoff__buf_put_whole(handoff_buf *b, double v);
/* JSON string literal, quotes included; invalid UTF-8 becomes U+FFFD */
int handoff__buf_json_str(handoff_buf *b, const char *s, size_t n);
/* JSON pointer token escaping (~0, ~1) appended after a '/' */
int handoff__buf_pointer_token(handoff_buf *b, const char *s, size_t n);
char *handoff__strndup(const char *s, size_t n);
char *handoff__strdup(const char *s);
char *handoff__asprintf(const char *fmt, ...) PRINTF_LIKE(1, 2);

/*
 * A growing list of diagnostics. Each entry owns its pointer and message;
 * code is always a static string.
 *
 * A list may be capped (`max`): past the cap a diagnostic is only
 * counted, and its message never written. Errors go before warnings, and
 * of two of one severity the earlier in the file: a new diagnostic takes
 * the place of the last kept one it goes before, which is then counted
 * instead. So a record with a flood of warnings still shows its errors,
 * and every error is counted in the verdict, shown or not.
 */
struct diag_list {
	handoff_diagnostic *v;
	size_t n, alloc;
	size_t max;		/* 0: no cap */
	size_t omitted;		/* counted past the cap, not kept */
	size_t omitted_errors;	/* of which errors */
	size_t last;		/* 1 + the kept entry to give up first; 0: not known */
	/*
	 * While set, an error whose code it answers 1 for is added as a
	 * warning: what a draft may lack (see validate_is_completeness).
	 * Decided as it is added, so that the cap keeps and counts it as
	 * what it is.
	 */
	int (*demote)(const char *code);
};

#define DIAG_LIST_INIT { NULL, 0, 0, 0, 0, 0, 0, NULL }

/* The diagnostics kept for one record; the others are only counted. */
#define DIAG_MAX_PER_RECORD 200

int handoff__diag_add(struct diag_list *l, handoff_severity sev, unsigned int line,
	unsigned int column, const char *code, const char *pointer,
	const char *fmt, ...) PRINTF_LIKE(7, 8);
int handoff__diag_vadd(struct diag_list *l, handoff_severity sev, unsigned int line,
	unsigned int column, const char *code, const char *pointer,
	const char *fmt, va_list ap);
/*
 * Moves every entry of src to the end of dst (within dst's cap, and with
 * what src counted past its own); src is left empty.
 */
int handoff__diag_list_move(struct diag_list *dst, struct diag_list *src);
void handoff__diag_list_sort(struct diag_list *l);
/* Frees the entries and forgets the counts; the cap stays. */
void handoff__diag_list_release(struct diag_list *l);
/*
 * Before adding the next of a run of errors at one place (one id named by
 * many records): whether the list already took as many as its cap. Then
 * none of the rest could be kept (each would go after the ones kept), so
 * the `rest` of them, this one included, are counted here, and the caller
 * stops. `*added` counts the run's errors so far.
 */
int handoff__diag_run_full(struct diag_list *l, size_t *added, size_t rest);
/* The errors of the list, kept or only counted. */
size_t handoff__diag_list_errors(const struct diag_list *l);

#endif
