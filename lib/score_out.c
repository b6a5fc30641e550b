/*
 * Rendering assessments one record at a time: `score` (text, --explain,
 * JSON) and `export` (the CRM handoff record as RFC 4180 CSV, JSON or
 * JSON Lines, every time of a row in one zone). Every CSV cell of the
 * project is written by handoff__out_csv_field().
 */
#include "assess.h"
#include "changes.h"
#include "clock.h"
#include "format.h"
#include "out.h"

int handoff__out_json_str(handoff_buf *b, const char *s)
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

int handoff__out_csv_field(handoff_buf *b, const char *s)
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
			handoff__out_json_str(out, a->notes[i]);
		}
		return handoff__buf_puts(out, "]");
	}
	for (i = 0; i < a->nnotes; i++)
		handoff__buf_printf(out, "warning: %s\n", a->notes[i]);
	return 0;
}

/* Record i when it is scored (a kind with criteria), its standing in `st`; else NULL. */
static const struct assessment *scored(struct standing *st, const handoff_assessments *a,
	size_t i)
{
	const struct assessment *as = &a->v[i];

	if (!as->max)
		return NULL;
	handoff__assessment_standing(st, as, a->as_of);
	return as;
}

static int score_json(handoff_buf *out, const handoff_assessments *a)
{
	size_t i, j, n = 0;

	handoff__buf_puts(out, "{\"version\":1,\"clock\":");
	handoff__out_json_str(out, a->clock);
	handoff__assessments_clock_json(out, a);
	handoff__buf_puts(out, ",\"records\":[");
	for (i = 0; i < a->n; i++) {
		struct standing st;
		const struct assessment *as = scored(&st, a, i);

		if (!as)
			continue;
		handoff__buf_puts(out, n++ ? ",{\"path\":" : "{\"path\":");
		handoff__out_json_str(out, as->path);
		handoff__buf_puts(out, ",\"id\":");
		handoff__out_json_str(out, as->id);
		handoff__buf_printf(out, ",\"score\":%g,\"max\":100,\"band\":", st.score);
		handoff__out_json_str(out, st.band);
		handoff__buf_printf(out,
			",\"provisional\":%s,\"possible\":%g,\"worktree\":%s,"
			"\"backfilled\":%s,\"criteria\":[", st.provisional ? "true" : "false",
			st.possible, as->worktree ? "true" : "false",
			as->backfilled ? "true" : "false");
		for (j = 0; j < as->ncrit; j++) {
			const struct criterion_result *c = &as->crit[j];

			handoff__buf_puts(out, j ? ",{\"group\":" : "{\"group\":");
			handoff__out_json_str(out, c->group);
			handoff__buf_puts(out, ",\"name\":");
			handoff__out_json_str(out, c->name);
			handoff__buf_puts(out, ",\"title\":");
			handoff__out_json_str(out, c->title);
			handoff__buf_printf(out, ",\"points\":%g,\"max\":%g,\"why\":",
				c->points, c->max);
			handoff__out_json_str(out, c->why);
			handoff__buf_printf(out, ",\"state\":\"%s\"}",
				handoff__criterion_state_name(handoff__criterion_state(c, a->as_of)));
		}
		handoff__buf_puts(out, "]}");
	}
	handoff__buf_puts(out, "],");
	notes(out, a, 1);
	return handoff__buf_puts(out, "}\n");
}

/*
 * A pending criterion says until when: "pending until <time>", or
 * "pending, its clock not started" when what it counts from has not
 * happened (an introduction before the signature).
 */
static void pending_why(handoff_buf *out, const struct tz *tz,
	const struct criterion_result *c)
{
	char t[40];

	if (c->deadline == CRITERION_NOT_STARTED) {
		handoff__buf_printf(out, "pending, its clock not started: %s", c->why);
		return;
	}
	handoff__out_time(t, sizeof(t), tz, c->deadline);
	handoff__buf_printf(out, "pending until %s: %s", t, c->why);
}

/*
 * One line a record: "62/100  good" when final; in flight, what is
 * earned, what is still possible and the best band it can reach,
 * "65/100 + 35 possible  provisional: excellent if on time".
 */
static int format_score_whole(handoff_buf *out, const handoff_assessments *a,
	handoff_format format, int explain, int color)
{
	const char *bold = color ? "\033[1m" : "", *reset = color ? "\033[m" : "";
	struct tz *tz = NULL;
	char clock[128];
	size_t i, j;
	int err;

	if (format == HANDOFF_FORMAT_JSON)
		return score_json(out, a);
	if (format != HANDOFF_FORMAT_TEXT)
		return handoff__error_set(HANDOFF_ERROR_INVALID,
			"score is written as text or json"), HANDOFF_EINVALID;
	if ((err = handoff__tz_load(&tz, a->timezone ? a->timezone : "UTC")) < 0)
		return err;
	for (i = 0; i < a->n; i++) {
		struct standing st;
		const struct assessment *as = scored(&st, a, i);

		if (!as)
			continue;
		handoff__buf_printf(out, "%s%s%s  %s  %g/100", bold, as->path,
			reset, as->id ? as->id : "-", st.score);
		if (st.provisional)
			handoff__buf_printf(out,
				" + %g possible  provisional: %s if on time",
				st.possible, st.band);
		else
			handoff__buf_printf(out, "  %s", st.band);
		handoff__buf_printf(out, "%s%s\n", as->backfilled ? "  (backfilled)" : "",
			as->worktree ? "  (work tree, not committed)" : "");
		for (j = 0; explain && j < as->ncrit; j++) {
			const struct criterion_result *c = &as->crit[j];

			handoff__buf_printf(out, "  %-13s %-38s %5g / %-3g  ",
				c->group, c->title, c->points, c->max);
			if (handoff__criterion_state(c, a->as_of) == CRITERION_PENDING)
				pending_why(out, tz, c);
			else
				handoff__buf_puts(out, c->why);
			handoff__buf_puts(out, "\n");
		}
	}
	handoff__tz_free(tz);
	handoff__assessments_clock(clock, sizeof(clock), a);
	handoff__buf_printf(out, "clock: %s\n", clock);
	return notes(out, a, 0);
}

/* An append that failed midway is an error, never a text with a piece missing. */
int handoff_score_format(handoff_buf *out, const handoff_assessments *a,
	handoff_format format, int explain, int color)
{
	int err = format_score_whole(out, a, format, explain, color);

	return err == 0 && handoff__buf_failed(out) ? HANDOFF_ERROR : err;
}

/*
 * The kinds' export columns, each once, in the order first met: first
 * the SLA columns, then the fields and people. The built-in kinds had
 * only SLA columns before they named fields and people, so a repository
 * with records of several kinds keeps each of those where it was.
 */
static size_t export_columns(const handoff_assessments *a, const char ***out)
{
	const char **v = NULL, **w;
	size_t i, j, k, n = 0;
	int pass;

	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < a->n; i++)
			for (j = 0; j < a->v[i].nexports; j++) {
				const struct export_value *x = &a->v[i].exports[j];

				if ((x->type == EXPORT_SLA) != (pass == 0))
					continue;
				for (k = 0; k < n && strcmp(v[k], x->name); k++)
					;
				if (k < n)
					continue;
				if (!(w = realloc(v, (n + 1) * sizeof(*v))))
					break;
				v = w;
				v[n++] = x->name;
			}
	*out = v;
	return n;
}

/* The kind's column `name` of the record, or NULL when its kind has none. */
static const struct export_value *export_value(const struct assessment *as,
	const char *name)
{
	size_t i;

	for (i = 0; i < as->nexports; i++)
		if (!strcmp(as->exports[i].name, name))
			return &as->exports[i];
	return NULL;
}

/* One cell of a row: text, a number, or a time to write in the export's zone. */
struct cell {
	const char *value;	/* NULL: empty (CSV), null (JSON) */
	enum export_type type;
};

/* The common columns, always first and in this order (scripts rely on it). */
static const char *const common_columns[] = { "id", "path", "account",
	"handoff_date_time", "participants", "meeting_recording", "record_link",
	"score", "band", "cs_acceptance" };

/*
 * `s` percent-encoded as RFC 3986 wants a path segment: everything but
 * the unreserved characters, and '/' too unless `keep_slash`.
 */
static void url_encode(handoff_buf *b, const char *s, int keep_slash)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') ||
		    ('0' <= c && c <= '9') || strchr("-._~", c) ||
		    (keep_slash && c == '/'))
			handoff__buf_put(b, s, 1);
		else
			handoff__buf_printf(b, "%%%02X", c);
	}
}

/*
 * The record's link: the config's record_url with its placeholders
 * filled in (config.c let through only known ones), else path@commit.
 * {branch} without a branch (a tag, a detached HEAD) is the commit, which
 * a forge's blob URL takes as well.
 */
static char *record_link(const handoff_assessments *a, const struct assessment *as)
{
	handoff_buf b = HANDOFF_BUF_INIT;
	const char *s, *close;

	if (!a->record_url)
		return handoff__asprintf("%s@%.12s", as->path, as->commit);
	for (s = a->record_url; *s; s = close + 1) {
		if (*s != '{' || !(close = strchr(s, '}'))) {
			close = s;
			handoff__buf_put(&b, s, 1);
		} else if (!strncmp(s, "{commit}", 8)) {
			url_encode(&b, as->commit, 0);
		} else if (!strncmp(s, "{path}", 6)) {
			url_encode(&b, as->path, 1);
		} else if (!strncmp(s, "{id}", 4)) {
			url_encode(&b, as->id, 0);
		} else if (!strncmp(s, "{branch}", 8)) {
			url_encode(&b, a->branch ? a->branch : as->commit, 1);
		} else {
			handoff__buf_put(&b, s, (size_t)(close - s + 1));
		}
	}
	return handoff__buf_failed(&b) ? (handoff_buf_dispose(&b), NULL) : b.ptr;
}

/* 1 when `s` is a number as JSON writes one (no +, no leading zeros, no hex). */
static int json_number(const char *s)
{
	if (*s == '-')
		s++;
	if (*s == '0')
		s++;
	else if ('1' <= *s && *s <= '9')
		while ('0' <= *s && *s <= '9')
			s++;
	else
		return 0;
	if (*s == '.') {
		if (!('0' <= *++s && *s <= '9'))
			return 0;
		while ('0' <= *s && *s <= '9')
			s++;
	}
	if (*s == 'e' || *s == 'E') {
		s += s[1] == '+' || s[1] == '-';
		if (!('0' <= *++s && *s <= '9'))
			return 0;
		while ('0' <= *s && *s <= '9')
			s++;
	}
	return !*s;
}

/*
 * A time as the export writes it: a date-time moved to `tz`, so that
 * every time of a row reads in one zone; anything else as it is.
 */
static const char *in_zone(char *buf, size_t size, const struct tz *tz,
	const struct cell *c)
{
	long long t;
	int date_only;

	if ((c->type != EXPORT_TIME && c->type != EXPORT_SLA) || !c->value ||
	    !handoff__format_parse_time(c->value, strlen(c->value), &t,
		&date_only) || date_only)
		return c->value;
	handoff__format_iso_time(buf, size, t, (int)(handoff__tz_offset(tz, t) / 60));
	return buf;
}

static void put_row(handoff_buf *out, const char *const *names,
	const struct cell *cells, size_t n, const struct tz *tz, handoff_format format)
{
	char t[40];
	size_t k;

	for (k = 0; k < n; k++) {
		const char *v = in_zone(t, sizeof(t), tz, &cells[k]);

		if (format == HANDOFF_FORMAT_CSV) {
			handoff__buf_puts(out, k ? "," : "");
			handoff__out_csv_field(out, v);
			continue;
		}
		handoff__buf_puts(out, k ? "," : "{");
		handoff__out_json_str(out, names[k]);
		handoff__buf_puts(out, ":");
		if (v && cells[k].type == EXPORT_NUMBER && json_number(v))
			handoff__buf_puts(out, v);
		else
			handoff__out_json_str(out, v);
	}
	handoff__buf_puts(out, format == HANDOFF_FORMAT_CSV ? "\r\n" : "}");
}

static int format_export_whole(handoff_buf *out, const handoff_assessments *a,
	const struct tz *tz, handoff_format format)
{
	const size_t ncommon = ARRAY_SIZE(common_columns);
	const char **cols = NULL, **names = NULL;
	struct cell *cells = NULL;
	size_t i, k, ncols = export_columns(a, &cols);

	if (!(names = calloc(ncommon + ncols, sizeof(*names))) ||
	    !(cells = calloc(ncommon + ncols, sizeof(*cells)))) {
		free(cols);
		free(names);
		return handoff__error_oom();
	}
	for (k = 0; k < ncommon; k++)
		names[k] = common_columns[k];
	for (k = 0; k < ncols; k++)
		names[ncommon + k] = cols[k];
	if (format == HANDOFF_FORMAT_CSV) {
		for (k = 0; k < ncommon + ncols; k++) {
			handoff__buf_puts(out, k ? "," : "");
			handoff__out_csv_field(out, names[k]);
		}
		handoff__buf_puts(out, "\r\n");
	} else if (format == HANDOFF_FORMAT_JSON) {
		handoff__buf_puts(out, "{\"version\":1,\"records\":[");
	}
	for (i = 0; i < a->n; i++) {
		const struct assessment *as = &a->v[i];
		char score[32], *link = record_link(a, as);
		const char *const common[] = { as->id, as->path, as->account,
			as->meeting, as->participants, as->recording, link,
			as->max ? score : NULL, as->band, as->acceptance };

		if (!link) {
			free(cols);
			free(names);
			free(cells);
			return handoff__error_oom();
		}
		snprintf(score, sizeof(score), "%g", as->score);
		for (k = 0; k < ncommon; k++) {
			cells[k].value = common[k];
			cells[k].type = k == 3 ? EXPORT_TIME : k == 7 ? EXPORT_NUMBER : EXPORT_TEXT;
		}
		for (k = 0; k < ncols; k++) {
			const struct export_value *x = export_value(as, cols[k]);

			cells[ncommon + k].value = x ? x->value : NULL;
			cells[ncommon + k].type = x ? x->type : EXPORT_TEXT;
		}
		if (format == HANDOFF_FORMAT_JSON && i)
			handoff__buf_puts(out, ",");
		put_row(out, names, cells, ncommon + ncols, tz, format);
		if (format == HANDOFF_FORMAT_JSONL)
			handoff__buf_puts(out, "\n");
		free(link);
	}
	if (format == HANDOFF_FORMAT_JSON)
		handoff__buf_puts(out, "]}\n");
	free(cols);
	free(names);
	free(cells);
	return out->ptr || format == HANDOFF_FORMAT_JSONL ? 0 : handoff__error_oom();
}

/* An append that failed midway is an error, never a text with a piece missing. */
int handoff_export_write(handoff_buf *out, const handoff_assessments *a,
	const handoff_export_options *opts)
{
	static const handoff_export_options defaults = HANDOFF_EXPORT_OPTIONS_INIT;
	struct tz *tz = NULL;
	int err;

	opts = opts ? opts : &defaults;
	if (opts->format != HANDOFF_FORMAT_CSV && opts->format != HANDOFF_FORMAT_JSON &&
	    opts->format != HANDOFF_FORMAT_JSONL)
		return handoff__error_set(HANDOFF_ERROR_INVALID,
			"export is written as csv, json or jsonl"), HANDOFF_EINVALID;
	if ((err = handoff__tz_load(&tz, opts->timezone ? opts->timezone :
	    a->timezone ? a->timezone : "UTC")) < 0)
		return err;
	err = format_export_whole(out, a, tz, opts->format);
	handoff__tz_free(tz);
	return err == 0 && handoff__buf_failed(out) ? HANDOFF_ERROR : err;
}

int handoff_export_format(handoff_buf *out, const handoff_assessments *a)
{
	return handoff_export_write(out, a, NULL);
}
