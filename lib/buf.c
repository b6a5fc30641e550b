/*
 * handoff_buf: a growing NUL-terminated string, and the small string
 * helpers the rest of the library shares (JSON quoting, pointer tokens).
 */
#include <math.h>
#include <stdint.h>

#include "common.h"
#include "utf8.h"

void handoff_buf_dispose(handoff_buf *b)
{
	if (!b)
		return;
	free(b->ptr);
	b->ptr = NULL;
	b->size = b->asize = 0;
}

/*
 * A buffer that once failed to grow stays failed (asize SIZE_MAX, which no
 * allocation has): every later append fails too, and a formatter that
 * did not look at each result still cannot return a text with a piece
 * missing as if it were whole (handoff__buf_failed).
 */
int handoff__buf_failed(const handoff_buf *b)
{
	return b->asize == SIZE_MAX;
}

int handoff__buf_hand_on(handoff_buf *b, size_t piece, handoff_write_cb write,
	void *payload)
{
	int err = 0;

	if (handoff__buf_failed(b))
		return HANDOFF_ERROR;	/* the failed append said why */
	if (b->size < piece || !b->size)
		return 0;
	if (write(b->ptr, b->size, payload) < 0)
		err = HANDOFF_ERROR;
	b->size = 0;
	b->ptr[0] = '\0';
	return err;
}

int handoff__sink_hand_on(const struct sink *s)
{
	return s->write ? handoff__buf_hand_on(s->out, SINK_PIECE, s->write,
		s->payload) : 0;
}

int handoff__sink_finish(const struct sink *s, int err)
{
	if (err == 0)
		err = handoff__buf_hand_on(s->out, 0, s->write, s->payload);
	handoff_buf_dispose(s->out);
	return err;
}

static int grow(handoff_buf *b, size_t extra)
{
	size_t want, n;
	char *p;

	if (handoff__buf_failed(b))
		return HANDOFF_ERROR;
	if (extra > SIZE_MAX / 2 - b->size) {
		b->asize = SIZE_MAX;
		return handoff__error_oom();
	}
	want = b->size + extra + 1;
	if (want <= b->asize)
		return 0;
	n = b->asize ? b->asize : 64;
	while (n < want)
		n *= 2;
	if (!(p = realloc(b->ptr, n))) {
		b->asize = SIZE_MAX;
		return handoff__error_oom();
	}
	b->ptr = p;
	b->asize = n;
	return 0;
}

int handoff__buf_reserve(handoff_buf *b, size_t n)
{
	if (grow(b, n) < 0)
		return HANDOFF_ERROR;
	b->ptr[b->size] = '\0';
	return 0;
}

int handoff__array_grow(void **v, size_t *alloc, size_t need, size_t size)
{
	size_t n = *alloc ? *alloc : 32;
	void *p;

	if (need <= *alloc)
		return 0;
	while (n < need)
		n *= 2;
	if (!(p = realloc(*v, n * size)))
		return handoff__error_oom();
	*v = p;
	*alloc = n;
	return 0;
}

int handoff__buf_put(handoff_buf *b, const char *s, size_t n)
{
	if (grow(b, n) < 0)
		return HANDOFF_ERROR;
	if (n)
		memcpy(b->ptr + b->size, s, n);
	b->size += n;
	b->ptr[b->size] = '\0';
	return 0;
}

int handoff__buf_put_buf(handoff_buf *b, const handoff_buf *from)
{
	if (handoff__buf_failed(from)) {
		b->asize = SIZE_MAX;	/* a text with a piece missing is no text */
		return HANDOFF_ERROR;
	}
	return handoff__buf_put(b, from->ptr, from->size);
}

int handoff__buf_puts(handoff_buf *b, const char *s)
{
	return handoff__buf_put(b, s, strlen(s));
}

int handoff__buf_vprintf(handoff_buf *b, const char *fmt, va_list ap)
{
	size_t room = b->asize > b->size ? b->asize - b->size : 0;
	va_list cp;
	int n;

	/* one pass when the text fits in the room left, two when it grows */
	va_copy(cp, ap);
	n = handoff__buf_failed(b) ? -1 :
		vsnprintf(room ? b->ptr + b->size : NULL, room, fmt, cp);
	va_end(cp);
	if (n < 0)
		return HANDOFF_ERROR;
	if ((size_t)n >= room) {
		if (grow(b, (size_t)n) < 0)
			return HANDOFF_ERROR;
		vsnprintf(b->ptr + b->size, (size_t)n + 1, fmt, ap);
	}
	b->size += (size_t)n;
	return 0;
}

int handoff__buf_put_whole(handoff_buf *b, double v)
{
	char digits[24], *p = digits + sizeof(digits);
	unsigned long long u;

	if (!(v > -1e15 && v < 1e15) || v != (double)(long long)v ||
	    (v == 0 && signbit(v)))
		return 0;	/* NaN, infinite, a fraction, too long, -0 */
	u = (unsigned long long)(v < 0 ? -v : v);
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*--p = '-';
	handoff__buf_put(b, p, (size_t)(digits + sizeof(digits) - p));
	return 1;
}

int handoff__buf_printf(handoff_buf *b, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = handoff__buf_vprintf(b, fmt, ap);
	va_end(ap);
	return r;
}

int handoff__buf_json_str(handoff_buf *b, const char *s, size_t n)
{
	size_t i = 0;
	int err = handoff__buf_put(b, "\"", 1);

	while (!err && i < n) {
		unsigned char c = (unsigned char)s[i];
		size_t len;

		if (c >= 0x80) {
			len = handoff__utf8_valid_prefix(s + i, n - i);
			if (len == 0) {
				err = handoff__buf_puts(b, "\\ufffd");
				i++;
			} else {
				err = handoff__buf_put(b, s + i, len);
				i += len;
			}
			continue;
		}
		if (c >= 0x20 && c != 0x7f && c != '"' && c != '\\') {
			size_t run = i + 1;	/* copy plain ASCII in one go */

			while (run < n && (unsigned char)s[run] >= 0x20 &&
			    (unsigned char)s[run] < 0x7f && s[run] != '"' && s[run] != '\\')
				run++;
			err = handoff__buf_put(b, s + i, run - i);
			i = run;
			continue;
		}
		switch (c) {
		case '"': err = handoff__buf_puts(b, "\\\""); break;
		case '\\': err = handoff__buf_puts(b, "\\\\"); break;
		case '\n': err = handoff__buf_puts(b, "\\n"); break;
		case '\r': err = handoff__buf_puts(b, "\\r"); break;
		case '\t': err = handoff__buf_puts(b, "\\t"); break;
		default:
			err = handoff__buf_printf(b, "\\u%04x", c);
		}
		i++;
	}
	return err ? err : handoff__buf_put(b, "\"", 1);
}

int handoff__buf_pointer_token(handoff_buf *b, const char *s, size_t n)
{
	size_t i = 0;
	int err = handoff__buf_put(b, "/", 1);

	while (!err && i < n) {
		size_t run = i;	/* what needs no escape, in one go */

		while (run < n && s[run] != '~' && s[run] != '/')
			run++;
		if (run > i)
			err = handoff__buf_put(b, s + i, run - i);
		if (!err && run < n)
			err = handoff__buf_put(b, s[run] == '~' ? "~0" : "~1", 2);
		i = run + 1;
	}
	return err;
}

char *handoff__strndup(const char *s, size_t n)
{
	char *p = malloc(n + 1);

	if (!p) {
		handoff__error_oom();
		return NULL;
	}
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *handoff__strdup(const char *s)
{
	return handoff__strndup(s, strlen(s));
}

char *handoff__asprintf(const char *fmt, ...)
{
	handoff_buf b = HANDOFF_BUF_INIT;
	va_list ap;
	int err;

	va_start(ap, fmt);
	err = handoff__buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (err) {
		handoff_buf_dispose(&b);
		return NULL;
	}
	return b.ptr ? b.ptr : handoff__strdup("");
}
