/*
 * The CSV reader (csv.h). One pass over the bytes, a field at a time:
 * a quoted field runs to its closing quote, whatever line breaks it
 * holds, so lines are counted as they go by and every field knows the
 * line it starts on. The fields of a row live in one buffer, reused
 * from row to row.
 */
#include "csv.h"
#include "utf8.h"

void handoff__csv_init(struct csv *c, const char *data, size_t len,
	const struct csv_limits *limits)
{
	static const struct csv_limits defaults = CSV_LIMITS_INIT;
	static const handoff_buf empty = HANDOFF_BUF_INIT;

	memset(c, 0, sizeof(*c));
	c->p = data;
	c->end = data + len;
	c->line = 1;
	c->limits = limits ? *limits : defaults;
	c->text = empty;
	/* a byte order mark says UTF-8 and nothing else: not the first column's name */
	if (len >= 3 && !memcmp(data, "\xef\xbb\xbf", 3))
		c->p += 3;
}

void handoff__csv_release(struct csv *c)
{
	free(c->fields);
	free(c->lines);
	free(c->offsets);
	handoff_buf_dispose(&c->text);
	c->fields = NULL;
	c->lines = NULL;
	c->offsets = NULL;
}

static int fail(struct csv *c, unsigned int line, const char *fmt, ...)
	PRINTF_LIKE(3, 4);

static int fail(struct csv *c, unsigned int line, const char *fmt, ...)
{
	va_list ap;

	c->err_line = line;
	c->err_col = (unsigned int)c->nfields + 1;
	va_start(ap, fmt);
	vsnprintf(c->err, sizeof(c->err), fmt, ap);
	va_end(ap);
	return HANDOFF_EINVALID;
}

/* Room for one more field's bookkeeping. */
static int grow(struct csv *c)
{
	size_t cap = c->cap ? c->cap * 2 : 16;
	void *p;

	if (c->nfields < c->cap)
		return 0;
	if (!(p = realloc(c->fields, cap * sizeof(*c->fields))))
		return handoff__error_oom();
	c->fields = p;
	if (!(p = realloc(c->lines, cap * sizeof(*c->lines))))
		return handoff__error_oom();
	c->lines = p;
	if (!(p = realloc(c->offsets, cap * sizeof(*c->offsets))))
		return handoff__error_oom();
	c->offsets = p;
	c->cap = cap;
	return 0;
}

/* A line break at p: its length (CRLF 2, LF or CR 1), else 0. */
static size_t line_break(const char *p, const char *end)
{
	if (p < end && *p == '\n')
		return 1;
	if (p < end && *p == '\r')
		return p + 1 < end && p[1] == '\n' ? 2 : 1;
	return 0;
}

/* One field, up to (not past) the comma or line break that ends it. */
static int read_field(struct csv *c)
{
	unsigned int start_line = c->line;
	size_t start = c->text.size, n, bad;
	const char *run;
	int err;

	if ((err = grow(c)) < 0)
		return err;
	if (c->nfields >= c->limits.max_fields)
		return fail(c, c->line, "more than %zu fields in a row", c->limits.max_fields);
	c->offsets[c->nfields] = start;
	c->lines[c->nfields] = start_line;
	if (c->p < c->end && *c->p == '"') {
		c->p++;
		for (;;) {
			if (c->p >= c->end)
				return fail(c, start_line, "a quote opened here is never closed");
			run = c->p;
			while (c->p < c->end && *c->p != '"' && *c->p != '\r' && *c->p != '\n')
				c->p++;
			if ((err = handoff__buf_put(&c->text, run, (size_t)(c->p - run))) < 0)
				return err;
			if (c->p >= c->end)
				continue;
			if ((n = line_break(c->p, c->end))) {
				/* a line break inside quotes is the field's, as LF */
				c->line++;
				c->p += n;
				err = handoff__buf_put(&c->text, "\n", 1);
			} else if (c->p + 1 < c->end && c->p[1] == '"') {
				c->p += 2;
				err = handoff__buf_put(&c->text, "\"", 1);
			} else {
				c->p++;
				break;
			}
			if (err < 0)
				return err;
			if (c->text.size - start > c->limits.max_field)
				return fail(c, start_line, "a field over %zu bytes", c->limits.max_field);
		}
		if (c->p < c->end && *c->p != ',' && !line_break(c->p, c->end))
			return fail(c, c->line, "text after a closing quote (a quote "
				"inside a field is written twice: \"\")");
	} else {
		run = c->p;
		while (c->p < c->end && *c->p != ',' && *c->p != '"' &&
		    !line_break(c->p, c->end))
			c->p++;
		if (c->p < c->end && *c->p == '"')
			return fail(c, c->line, "a quote inside an unquoted field (quote "
				"the whole field and write the quote twice: \"\")");
		if ((err = handoff__buf_put(&c->text, run, (size_t)(c->p - run))) < 0)
			return err;
	}
	if (c->text.size - start > c->limits.max_field)
		return fail(c, start_line, "a field over %zu bytes", c->limits.max_field);
	if (memchr(c->text.ptr ? c->text.ptr + start : "", '\0', c->text.size - start))
		return fail(c, start_line, "a NUL byte");
	if (c->text.size > start && !handoff__utf8_check(c->text.ptr + start, c->text.size - start, &bad))
		return fail(c, start_line, "bytes that are not UTF-8 (save the "
			"export as UTF-8)");
	if ((err = handoff__buf_put(&c->text, "", 1)) < 0)
		return err;
	c->nfields++;
	return 0;
}

int handoff__csv_next(struct csv *c)
{
	size_t i, n;
	int err;

	c->nfields = 0;
	c->text.size = 0;
	/* empty lines are no rows */
	while ((n = line_break(c->p, c->end))) {
		c->p += n;
		c->line++;
	}
	if (c->p >= c->end)
		return 0;
	c->row_line = c->line;
	for (;;) {
		if ((err = read_field(c)) < 0)
			return err;
		if (c->p < c->end && *c->p == ',') {
			c->p++;
			continue;
		}
		if ((n = line_break(c->p, c->end))) {
			c->p += n;
			c->line++;
		}
		break;
	}
	for (i = 0; i < c->nfields; i++)
		c->fields[i] = c->text.ptr + c->offsets[i];
	return 1;
}
