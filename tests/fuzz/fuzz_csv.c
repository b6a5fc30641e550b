/*
 * The CSV reader (csv.c), with small limits so they are reached: it
 * never reads past the input, a refusal always has a line and a field,
 * lines only go forward, and the rows it accepts, written back as CSV
 * (every field quoted, CRLF), read again as the same rows.
 */
#include "fuzz.h"
#include "csv.h"

static void quote(handoff_buf *b, const char *s)
{
	handoff__buf_puts(b, "\"");
	for (; *s; s++) {
		if (*s == '"')
			handoff__buf_put(b, "\"", 1);
		handoff__buf_put(b, s, 1);
	}
	handoff__buf_puts(b, "\"");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct csv_limits limits = { 256, 16 };
	handoff_buf again = HANDOFF_BUF_INIT, first = HANDOFF_BUF_INIT;
	struct csv c, d;
	unsigned int line = 0;
	size_t i;
	int r;

	handoff__csv_init(&c, (const char *)data, size, &limits);
	while ((r = handoff__csv_next(&c)) > 0) {
		if (!c.nfields || c.row_line < line)
			abort();
		line = c.row_line;
		for (i = 0; i < c.nfields; i++) {
			if (i)
				handoff__buf_puts(&again, ",");
			quote(&again, c.fields[i]);
			handoff__buf_put(&first, c.fields[i], strlen(c.fields[i]) + 1);
		}
		handoff__buf_puts(&again, "\r\n");
		handoff__buf_put(&first, "\n", 1);
	}
	if (r < 0 && (r != HANDOFF_EINVALID || !c.err_line || !c.err_col || !*c.err))
		abort();
	handoff__csv_release(&c);
	if (r == 0 && again.size) {
		handoff_buf second = HANDOFF_BUF_INIT;

		handoff__csv_init(&d, again.ptr, again.size, &limits);
		while ((r = handoff__csv_next(&d)) > 0) {
			for (i = 0; i < d.nfields; i++)
				handoff__buf_put(&second, d.fields[i],
					strlen(d.fields[i]) + 1);
			handoff__buf_put(&second, "\n", 1);
		}
		if (r != 0 || second.size != first.size ||
		    memcmp(second.ptr, first.ptr, first.size))
			abort();
		handoff__csv_release(&d);
		handoff_buf_dispose(&second);
	}
	handoff_buf_dispose(&again);
	handoff_buf_dispose(&first);
	return 0;
}
