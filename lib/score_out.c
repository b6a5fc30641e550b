/*
 * Rendering assessments one record at a time: `score` (text, --explain,
 * JSON) and `export` (the seeds' CRM handoff record, RFC 4180 CSV). Every
 * CSV cell of the project is written by out_csv_field().
 */
#include "assess.h"
#include "changes.h"
#include "out.h"

int out_json_str(handoff_buf *b, const char *s)
{
	return s ? handoff__buf_json_str(b, s, strlen(s)) : handoff__buf_puts(b, "null");
}

/*
 * A cell that a spreadsheet would run as a formula: one that starts with
 * =, +, -, @, a tab or a carriage return (OWASP's "CSV injection"). A
 * plain number (-5, +1.5) is data, and stays a number.
 */
static int formula_like(const char *s)
{
	char *end;

	if (*s == '=' || *s == '@' || *s == '\t' || *s == '\r')
		return 1;
	if (*s != '+' && *s != '-')
		return 0;
	(void)strtod(s, &end);
	return end == s || *end;
}

int out_csv_field(handoff_buf *b, const char *s)
{
	int formula;

	if (!s)
		return 0;
	formula = formula_like(s);
	if (!formula && !s[strcspn(s, ",\"\r\n")])
		return handoff__buf_puts(b, s);
	/* a leading ' makes the spreadsheet read the cell as text */
	handoff__buf_puts(b, formula ? "\"'" : "\"");
	for (; *s; s++)
		handoff__buf_put(b, *s == '"' ? "\"\"" : s, *s == '"' ? 2 : 1);
	return handoff__buf_puts(b, "\"");
}

/* Seconds as ISO 8601 in `tz`; "" for 0. */
void out_time(char *buf, size_t size, const struct tz *tz, long long t)
{
	if (!t)
		*buf = '\0';
	else
		format_iso_time(buf, size, t, (int)(tz_offset(tz, t) / 60));
}

size_t handoff_assessments_notes(const handoff_assessments *a,
	const char *const **out)
{
	*out = a ? (const char *const *)a->notes : NULL;
	return a ? a->nnotes : 0;
}

static int notes(handoff_buf *out, const handoff_assessments *a, int json)
{
	size_t i;

	if (json) {
		handoff__buf_puts(out, "\"warnings\":[");
		for (i = 0; i < a->nnotes; i++) {
			if (i)
				handoff__buf_puts(out, ",");
			out_json_str(out, a->notes[i]);
		}
		return handoff__buf_puts(out, "]");
	}
	for (i = 0; i < a->nnotes; i++)
		handoff__buf_printf(out, "warning: %s\n", a->notes[i]);
	return 0;
}

static int score_json(handoff_buf *out, const handoff_assessments *a)
{
	size_t i, j, n = 0;

	handoff__buf_puts(out, "{\"version\":1,\"clock\":");
	out_json_str(out, a->clock);
	handoff__buf_puts(out, ",\"records\":[");
	for (i = 0; i < a->n; i++) {
		const struct assessment *as = &a->v[i];

		if (!as->max)
			continue;
		handoff__buf_puts(out, n++ ? ",{\"path\":" : "{\"path\":");
		out_json_str(out, as->path);
		handoff__buf_puts(out, ",\"id\":");
		out_json_str(out, as->id);
		handoff__buf_printf(out, ",\"score\":%g,\"max\":100,\"band\":", as->score);
		out_json_str(out, as->band);
		handoff__buf_puts(out, ",\"criteria\":[");
		for (j = 0; j < as->ncrit; j++) {
			const struct criterion_result *c = &as->crit[j];

			handoff__buf_puts(out, j ? ",{\"group\":" : "{\"group\":");
			out_json_str(out, c->group);
			handoff__buf_puts(out, ",\"name\":");
			out_json_str(out, c->name);
			handoff__buf_puts(out, ",\"title\":");
			out_json_str(out, c->title);
			handoff__buf_printf(out, ",\"points\":%g,\"max\":%g,\"why\":",
				c->points, c->max);
			out_json_str(out, c->why);
			handoff__buf_puts(out, "}");
		}
		handoff__buf_puts(out, "]}");
	}
	handoff__buf_puts(out, "],");
	notes(out, a, 1);
	return handoff__buf_puts(out, "}\n");
}

static int format_score_whole(handoff_buf *out, const handoff_assessments *a,
	handoff_format format, int explain, int color)
{
	const char *bold = color ? "\033[1m" : "", *reset = color ? "\033[m" : "";
	size_t i, j;

	if (format == HANDOFF_FORMAT_JSON)
		return score_json(out, a);
	if (format != HANDOFF_FORMAT_TEXT)
		return handoff__error_set(HANDOFF_ERROR_INVALID,
			"score is written as text or json"), HANDOFF_EINVALID;
	for (i = 0; i < a->n; i++) {
		const struct assessment *as = &a->v[i];

		if (!as->max)
			continue;
		handoff__buf_printf(out, "%s%s%s  %s  %g/100  %s\n", bold, as->path,
			reset, as->id ? as->id : "-", as->score, as->band);
		for (j = 0; explain && j < as->ncrit; j++) {
			const struct criterion_result *c = &as->crit[j];

			handoff__buf_printf(out, "  %-13s %-38s %5g / %-3g  %s\n",
				c->group, c->title, c->points, c->max, c->why);
		}
	}
	if (explain)
		handoff__buf_printf(out, "clock: %s time of commits\n", a->clock);
	return notes(out, a, 0);
}

/* An append that failed midway is an error, never a text with a piece missing. */
int handoff_score_format(handoff_buf *out, const handoff_assessments *a,
	handoff_format format, int explain, int color)
{
	int err = format_score_whole(out, a, format, explain, color);

	return err == 0 && handoff__buf_failed(out) ? HANDOFF_ERROR : err;
}

/* The kinds' export columns, each once, in the order first met. */
static size_t export_columns(const handoff_assessments *a, const char ***out)
{
	const char **v = NULL;
	size_t i, j, k, n = 0;

	for (i = 0; i < a->n; i++)
		for (j = 0; j < a->v[i].nexports; j++) {
			const char *name = a->v[i].exports[j].name, **w;

			for (k = 0; k < n && strcmp(v[k], name); k++)
				;
			if (k < n)
				continue;
			if (!(w = realloc(v, (n + 1) * sizeof(*v))))
				break;
			v = w;
			v[n++] = name;
		}
	*out = v;
	return n;
}

static const char *export_value(const struct assessment *as, const char *name)
{
	size_t i;

	for (i = 0; i < as->nexports; i++)
		if (!strcmp(as->exports[i].name, name))
			return as->exports[i].value;
	return NULL;
}

static int format_export_whole(handoff_buf *out, const handoff_assessments *a)
{
	const char **cols = NULL;
	size_t i, k, ncols = export_columns(a, &cols);

	handoff__buf_puts(out, "id,path,account,handoff_date_time,participants,"
		"meeting_recording,record_link,score,band,cs_acceptance");
	for (k = 0; k < ncols; k++) {
		handoff__buf_puts(out, ",");
		out_csv_field(out, cols[k]);
	}
	handoff__buf_puts(out, "\r\n");
	for (i = 0; i < a->n; i++) {
		const struct assessment *as = &a->v[i];
		char score[32], *link = handoff__asprintf("%s@%.12s", as->path, as->commit);
		const char *const fields[] = { as->id, as->path, as->account,
			as->meeting, as->participants, as->recording, link,
			as->max ? score : NULL, as->band, as->acceptance };

		snprintf(score, sizeof(score), "%g", as->score);
		for (k = 0; k < ARRAY_SIZE(fields); k++) {
			handoff__buf_puts(out, k ? "," : "");
			out_csv_field(out, fields[k]);
		}
		for (k = 0; k < ncols; k++) {
			handoff__buf_puts(out, ",");
			out_csv_field(out, export_value(as, cols[k]));
		}
		handoff__buf_puts(out, "\r\n");
		free(link);
	}
	free(cols);
	return out->ptr ? 0 : handoff__error_oom();
}

/* An append that failed midway is an error, never a text with a piece missing. */
int handoff_export_format(handoff_buf *out, const handoff_assessments *a)
{
	int err = format_export_whole(out, a);

	return err == 0 && handoff__buf_failed(out) ? HANDOFF_ERROR : err;
}
