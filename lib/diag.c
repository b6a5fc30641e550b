/*
 * The diagnostic list: what every checker appends to, in the order the
 * problems were found, then sorted by line for the reader.
 */
#include "common.h"

int diag_vadd(struct diag_list *l, handoff_severity sev, unsigned int line,
	unsigned int column, const char *code, const char *pointer,
	const char *fmt, va_list ap)
{
	handoff_buf msg = HANDOFF_BUF_INIT;
	handoff_diagnostic *d;

	if (l->n == l->alloc) {
		size_t n = l->alloc ? l->alloc * 2 : 8;
		handoff_diagnostic *v = realloc(l->v, n * sizeof(*v));

		if (!v)
			return handoff__error_oom();
		l->v = v;
		l->alloc = n;
	}
	if (handoff__buf_vprintf(&msg, fmt, ap) < 0)
		return HANDOFF_ERROR;
	d = &l->v[l->n];
	d->severity = sev;
	d->line = line;
	d->column = column;
	d->code = code;
	d->message = msg.ptr ? msg.ptr : handoff__strdup("");
	d->pointer = handoff__strdup(pointer ? pointer : "");
	if (!d->message || !d->pointer) {
		free(d->message);
		free(d->pointer);
		return handoff__error_oom();
	}
	l->n++;
	return 0;
}

int diag_add(struct diag_list *l, handoff_severity sev, unsigned int line,
	unsigned int column, const char *code, const char *pointer,
	const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = diag_vadd(l, sev, line, column, code, pointer, fmt, ap);
	va_end(ap);
	return r;
}

int diag_list_move(struct diag_list *dst, struct diag_list *src)
{
	size_t i;

	if (dst->n + src->n > dst->alloc) {
		size_t n = dst->n + src->n;
		handoff_diagnostic *v = realloc(dst->v, n * sizeof(*v));

		if (!v)
			return handoff__error_oom();
		dst->v = v;
		dst->alloc = n;
	}
	for (i = 0; i < src->n; i++)
		dst->v[dst->n++] = src->v[i];
	free(src->v);
	src->v = NULL;
	src->n = src->alloc = 0;
	return 0;
}

static int by_position(const void *a, const void *b)
{
	const handoff_diagnostic *x = a, *y = b;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->column != y->column)
		return x->column < y->column ? -1 : 1;
	return strcmp(x->pointer, y->pointer);
}

void diag_list_sort(struct diag_list *l)
{
	/* qsort is not stable; the pointer breaks ties deterministically */
	if (l->n > 1)
		qsort(l->v, l->n, sizeof(*l->v), by_position);
}

void diag_list_release(struct diag_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].pointer);
		free(l->v[i].message);
	}
	free(l->v);
	l->v = NULL;
	l->n = l->alloc = 0;
}

size_t diag_list_errors(const struct diag_list *l)
{
	size_t i, n = 0;

	for (i = 0; i < l->n; i++)
		n += l->v[i].severity == HANDOFF_SEVERITY_ERROR;
	return n;
}
