/*
 * A CSV reader for what a CRM exports (RFC 4180, as Salesforce and
 * HubSpot write it): a byte order mark, CRLF or LF (a bare CR too),
 * quoted fields holding commas, doubled quotes and line breaks. Anything
 * else is refused with the line and the field it is at, never guessed
 * at: a quote inside an unquoted field, text after a closing quote, a
 * quote left open, bytes that are not UTF-8, a NUL, a field or a row
 * over the limits. The text is read from memory; the caller caps its
 * size before loading it (import.c).
 */
#ifndef HANDOFF_CSV_H
#define HANDOFF_CSV_H

#include <stddef.h>

#include "common.h"

struct csv_limits {
	size_t max_field;	/* bytes of one field: 64 KiB */
	size_t max_fields;	/* fields of one row: 1024 */
};

#define CSV_LIMITS_INIT { 64 * 1024, 1024 }

struct csv {
	const char *p, *end;
	unsigned int line;		/* of the next byte */
	struct csv_limits limits;
	/* the row just read */
	char **fields;			/* NUL-terminated, into `text` */
	unsigned int *lines;		/* the line each field starts on */
	size_t nfields, cap;
	unsigned int row_line;		/* the line the row starts on */
	handoff_buf text;
	size_t *offsets;		/* of each field in text, while reading */
	/* after an error: where, and what */
	unsigned int err_line, err_col;	/* col: the field's number, 1-based */
	char err[160];
};

/* Start reading `len` bytes of `data` (borrowed until csv_release). */
void handoff__csv_init(struct csv *c, const char *data, size_t len,
	const struct csv_limits *limits);
/*
 * The next row into c->fields: 1, 0 at the end, HANDOFF_EINVALID with
 * err_line, err_col and err set, or HANDOFF_ERROR (out of memory).
 * Empty lines are skipped.
 */
int handoff__csv_next(struct csv *c);
void handoff__csv_release(struct csv *c);

#endif
