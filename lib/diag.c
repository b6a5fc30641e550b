/*
 * The diagnostic list: what every checker appends to, in the order the
 * problems were found, then sorted by line for the reader. A capped list
 * keeps the errors and the earliest problems and counts the rest without
 * writing their messages, so a record of a million placeholders costs
 * the same to report as one of two hundred.
 */
#include "common.h"

/* Is the problem at (sev, line, column, pointer) shown before d? */
static int goes_before(handoff_severity sev, unsigned int line,
	unsigned int column, const char *pointer, const handoff_diagnostic *d)
{
	if (sev != d->severity)
		return sev == HANDOFF_SEVERITY_ERROR;
	if (line != d->line)
		return line < d->line;
	if (column != d->column)
		return column < d->column;
	return strcmp(pointer ? pointer : "", d->pointer) < 0;
}

/* The kept entry a new one would replace: the one every other goes before. */
static handoff_diagnostic *last_kept(struct diag_list *l)
{
	size_t i, last = 0;

	if (!l->last) {
		for (i = 1; i < l->n; i++)
			if (goes_before(l->v[last].severity, l->v[last].line,
			    l->v[last].column, l->v[last].pointer, &l->v[i]))
				last = i;
		l->last = last + 1;
	}
	return &l->v[l->last - 1];
}

static void count_omitted(struct diag_list *l, handoff_severity sev)
{
	l->omitted++;
	l->omitted_errors += sev == HANDOFF_SEVERITY_ERROR;
}

/*
 * Where a new entry goes: a free slot, or the place of the last kept one
 * (counted, and freed, here); NULL when the list is full of entries that
 * go before it, and it is to be counted only.
 */
static handoff_diagnostic *slot(struct diag_list *l, handoff_severity sev,
	unsigned int line, unsigned int column, const char *pointer)
{
	handoff_diagnostic *d;

	if (!l->max || l->n < l->max)
		return &l->v[l->n];
	d = last_kept(l);
	if (!goes_before(sev, line, column, pointer, d))
		return NULL;
	count_omitted(l, d->severity);
	free(d->pointer);
	free(d->message);
	l->last = 0;
	return d;
}

static int grow(struct diag_list *l)
{
	size_t n;
	handoff_diagnostic *v;

	if (l->n < l->alloc || (l->max && l->n >= l->max))
		return 0;
	n = l->alloc ? l->alloc * 2 : 8;
	if (l->max && n > l->max)
		n = l->max;
	if (!(v = realloc(l->v, n * sizeof(*v))))
		return handoff__error_oom();
	l->v = v;
	l->alloc = n;
	return 0;
}

int handoff__diag_vadd(struct diag_list *l, handoff_severity sev, unsigned int line,
	unsigned int column, const char *code, const char *pointer,
	const char *fmt, va_list ap)
{
	handoff_buf msg = HANDOFF_BUF_INIT;
	char *ptr;
	handoff_diagnostic *d;

	if (sev == HANDOFF_SEVERITY_ERROR && l->demote && l->demote(code))
		sev = HANDOFF_SEVERITY_WARNING;
	if (grow(l) < 0)
		return HANDOFF_ERROR;
	if (l->max && l->n >= l->max &&
	    !goes_before(sev, line, column, pointer, last_kept(l))) {
		count_omitted(l, sev);	/* no message written */
		return 0;
	}
	if (handoff__buf_vprintf(&msg, fmt, ap) < 0)
		return HANDOFF_ERROR;
	if (!msg.ptr && !(msg.ptr = handoff__strdup("")))
		return HANDOFF_ERROR;
	if (!(ptr = handoff__strdup(pointer ? pointer : ""))) {
		handoff_buf_dispose(&msg);
		return HANDOFF_ERROR;
	}
	d = slot(l, sev, line, column, pointer);
	d->severity = sev;
	d->line = line;
	d->column = column;
	d->code = code;
	d->message = msg.ptr;
	d->pointer = ptr;
	if (d == &l->v[l->n])
		l->n++;
	return 0;
}

int handoff__diag_add(struct diag_list *l, handoff_severity sev, unsigned int line,
	unsigned int column, const char *code, const char *pointer,
	const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = handoff__diag_vadd(l, sev, line, column, code, pointer, fmt, ap);
	va_end(ap);
	return r;
}

int handoff__diag_list_move(struct diag_list *dst, struct diag_list *src)
{
	size_t i;

	if (!dst->max && dst->n + src->n > dst->alloc) {
		size_t n = dst->n + src->n;
		handoff_diagnostic *v = realloc(dst->v, n * sizeof(*v));

		if (!v)
			return handoff__error_oom();
		dst->v = v;
		dst->alloc = n;
	}
	for (i = 0; i < src->n; i++) {
		handoff_diagnostic *s = &src->v[i], *d;

		if (grow(dst) < 0) {
			/* what is not moved yet stays src's, to be released */
			memmove(src->v, s, (src->n - i) * sizeof(*s));
			src->n -= i;
			return HANDOFF_ERROR;
		}
		if (!(d = slot(dst, s->severity, s->line, s->column, s->pointer))) {
			count_omitted(dst, s->severity);
			free(s->pointer);
			free(s->message);
			continue;
		}
		*d = *s;
		if (d == &dst->v[dst->n])
			dst->n++;
	}
	dst->omitted += src->omitted;
	dst->omitted_errors += src->omitted_errors;
	free(src->v);
	src->v = NULL;
	src->n = src->alloc = 0;
	src->omitted = src->omitted_errors = src->last = 0;
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

void handoff__diag_list_sort(struct diag_list *l)
{
	/* qsort is not stable; the pointer breaks ties deterministically */
	if (l->n > 1)
		qsort(l->v, l->n, sizeof(*l->v), by_position);
	l->last = 0;
}

int handoff__diag_run_full(struct diag_list *l, size_t *added, size_t rest)
{
	if (!l->max || (*added)++ < l->max)
		return 0;
	l->omitted += rest;
	l->omitted_errors += rest;
	return 1;
}

void handoff__diag_list_release(struct diag_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].pointer);
		free(l->v[i].message);
	}
	free(l->v);
	l->v = NULL;
	l->n = l->alloc = 0;
	l->omitted = l->omitted_errors = l->last = 0;
}

size_t handoff__diag_list_errors(const struct diag_list *l)
{
	size_t i, n = l->omitted_errors;

	for (i = 0; i < l->n; i++)
		n += l->v[i].severity == HANDOFF_SEVERITY_ERROR;
	return n;
}
