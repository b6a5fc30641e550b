/*
 * Reports and their formats. JSON is the machine contract of DESIGN
 * section 8 and must stay stable. SARIF follows 2.1.0 as GitHub code
 * scanning reads it: lines start at 1, a result without a position has
 * no region at all rather than an empty or zero one, and no object is
 * left empty.
 */
#include "report.h"
#include "utf8.h"

int handoff__report_new(handoff_report **out)
{
	if (!(*out = calloc(1, sizeof(**out))))
		return handoff__error_oom();
	return 0;
}

int handoff__report_add(handoff_report *r, const char *path, const char *kind,
	const char *id, struct diag_list *diags)
{
	handoff_file_result *f;

	if (r->n == r->alloc) {
		size_t n = r->alloc ? r->alloc * 2 : 16;
		handoff_file_result *v = realloc(r->files, n * sizeof(*v));

		if (!v)
			return handoff__error_oom();
		r->files = v;
		r->alloc = n;
	}
	f = &r->files[r->n];
	memset(f, 0, sizeof(*f));
	f->path = handoff__strdup(path);
	f->kind = kind ? handoff__strdup(kind) : NULL;
	f->id = id ? handoff__strdup(id) : NULL;
	if (!f->path || (kind && !f->kind) || (id && !f->id)) {
		free(f->path);
		free(f->kind);
		free(f->id);
		return HANDOFF_ERROR;
	}
	handoff__diag_list_sort(diags);
	f->diagnostics = diags->v;
	f->count = diags->n;
	f->omitted = diags->omitted;
	f->omitted_errors = diags->omitted_errors;
	diags->v = NULL;
	diags->n = diags->alloc = 0;
	diags->omitted = diags->omitted_errors = 0;
	r->n++;
	return 0;
}

int handoff__report_note(handoff_report *r, const char *fmt, ...)
{
	handoff_buf b = HANDOFF_BUF_INIT;
	char **v;
	va_list ap;
	int err;

	va_start(ap, fmt);
	err = handoff__buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (err || !(v = realloc(r->notes, (r->nnotes + 1) * sizeof(*v)))) {
		handoff_buf_dispose(&b);
		return err ? err : handoff__error_oom();
	}
	r->notes = v;
	r->notes[r->nnotes++] = b.ptr;
	return 0;
}

size_t handoff_report_count(const handoff_report *r)
{
	return r ? r->n : 0;
}

const handoff_file_result *handoff_report_file(const handoff_report *r, size_t i)
{
	return r && i < r->n ? &r->files[i] : NULL;
}

/* Every error of the file, shown or past the cap. */
static size_t file_errors(const handoff_file_result *f)
{
	size_t i, n = f->omitted_errors;

	for (i = 0; i < f->count; i++)
		n += f->diagnostics[i].severity == HANDOFF_SEVERITY_ERROR;
	return n;
}

size_t handoff_report_errors(const handoff_report *r)
{
	size_t i, n = 0;

	for (i = 0; r && i < r->n; i++)
		n += file_errors(&r->files[i]);
	return n;
}

int handoff_report_ok(const handoff_report *r)
{
	return handoff_report_errors(r) == 0;
}

size_t handoff_report_notes(const handoff_report *r, const char *const **out)
{
	*out = r ? (const char *const *)r->notes : NULL;
	return r ? r->nnotes : 0;
}

void handoff_report_free(handoff_report *r)
{
	size_t i, j;

	if (!r)
		return;
	for (i = 0; i < r->n; i++) {
		handoff_file_result *f = &r->files[i];

		for (j = 0; j < f->count; j++) {
			free(f->diagnostics[j].pointer);
			free(f->diagnostics[j].message);
		}
		free(f->diagnostics);
		free(f->path);
		free(f->kind);
		free(f->id);
	}
	free(r->files);
	for (i = 0; i < r->nnotes; i++)
		free(r->notes[i]);
	free(r->notes);
	free(r);
}

static const char *severity_name(handoff_severity s)
{
	return s == HANDOFF_SEVERITY_ERROR ? "error" : "warning";
}

static int is_control(unsigned char c)
{
	return c < 0x20 || c == 0x7f;
}

/*
 * Text output stays one line per problem and never drives the terminal:
 * control bytes are written as C escapes (git's quoting of odd paths).
 */
static int put_escaped_text(handoff_buf *out, const char *p)
{
	int err = 0;

	for (; !err && *p; p++) {
		unsigned char c = (unsigned char)*p;

		if (c == '\n')
			err = handoff__buf_puts(out, "\\n");
		else if (c == '\r')
			err = handoff__buf_puts(out, "\\r");
		else if (c == '\t')
			err = handoff__buf_puts(out, "\\t");
		else if (is_control(c))
			err = handoff__buf_printf(out, "\\%03o", c);
		else
			err = handoff__buf_put(out, p, 1);
	}
	return err;
}

/*
 * A path as git quotes it: as it is when plain, else in double quotes
 * with C escapes for control bytes, quotes, backslashes and the bytes of
 * anything that is not UTF-8 (so "bad\377name.md", never a raw byte).
 */
static int put_path(handoff_buf *out, const char *p)
{
	const char *c;
	size_t n = strlen(p), k;
	int err;

	for (c = p; *c && !is_control((unsigned char)*c) && *c != '"' &&
	    *c != '\\' && (k = handoff__utf8_valid_prefix(c, n - (size_t)(c - p))); c += k)
		;
	if (!*c)
		return handoff__buf_puts(out, p);
	err = handoff__buf_puts(out, "\"");
	for (c = p; !err && *c; c += k) {
		k = handoff__utf8_valid_prefix(c, n - (size_t)(c - p));
		if (*c == '"' || *c == '\\')
			err = handoff__buf_printf(out, "\\%c", *c);
		else if (!k)
			err = handoff__buf_printf(out, "\\%03o", (unsigned char)*c);
		else if (k == 1)
			err = put_escaped_text(out, (char[]){ *c, '\0' });
		else
			err = handoff__buf_put(out, c, k);
		k = k ? k : 1;
	}
	return err ? err : handoff__buf_puts(out, "\"");
}

/* What a file's capped list left out: "and 349800 more diagnostics not shown". */
static int put_omitted(handoff_buf *out, const handoff_file_result *f)
{
	int err = handoff__buf_printf(out, "and %zu more diagnostic%s not shown",
		f->omitted, f->omitted == 1 ? "" : "s");

	if (!err && f->omitted_errors)
		err = handoff__buf_printf(out, " (%zu of them error%s)",
			f->omitted_errors, f->omitted_errors == 1 ? "" : "s");
	return err;
}

static int format_text(const struct sink *s, const handoff_report *r, int color)
{
	handoff_buf *out = s->out;
	const char *bold = color ? "\033[1m" : "", *reset = color ? "\033[m" : "";
	size_t i, j;
	int err = 0;

	for (i = 0; !err && i < r->n; i++) {
		const handoff_file_result *f = &r->files[i];

		if ((err = handoff__sink_hand_on(s)) < 0)
			break;
		for (j = 0; !err && j < f->count; j++) {
			const handoff_diagnostic *d = &f->diagnostics[j];
			const char *sc = !color ? "" :
				d->severity == HANDOFF_SEVERITY_ERROR ? "\033[1;31m" : "\033[1;33m";

			err = handoff__buf_puts(out, bold);
			if (!err)
				err = put_path(out, f->path);
			if (!err && d->line)
				err = handoff__buf_printf(out, ":%u:%u",
					d->line, d->column);
			if (!err)
				err = handoff__buf_printf(out, ":%s %s%s%s: ", reset, sc,
					severity_name(d->severity), reset);
			if (!err && d->pointer[0]) {
				err = put_escaped_text(out, d->pointer);
				if (!err)
					err = handoff__buf_puts(out, ": ");
			}
			if (!err)
				err = put_escaped_text(out, d->message);
			if (!err)
				err = handoff__buf_puts(out, "\n");
		}
		/* one line for the rest, after the file's last shown */
		if (!err && f->omitted) {
			err = handoff__buf_puts(out, bold);
			if (!err)
				err = put_path(out, f->path);
			if (!err)
				err = handoff__buf_printf(out, ":%s %snote%s: ", reset,
					color ? "\033[1;36m" : "", reset);
			if (!err)
				err = put_omitted(out, f);
			if (!err)
				err = handoff__buf_puts(out, "\n");
		}
	}
	return err;
}

static int format_json(const struct sink *s, const handoff_report *r)
{
	handoff_buf *out = s->out;
	size_t i, j;
	int err;

	err = handoff__buf_printf(out, "{\"version\":1,\"ok\":%s,\"files\":[",
		handoff_report_ok(r) ? "true" : "false");
	for (i = 0; !err && i < r->n; i++) {
		const handoff_file_result *f = &r->files[i];

		if ((err = handoff__sink_hand_on(s)) < 0)
			break;
		err = handoff__buf_puts(out, i ? ",{\"path\":" : "{\"path\":");
		if (!err)
			err = handoff__buf_json_str(out, f->path, strlen(f->path));
		if (!err)
			err = handoff__buf_puts(out, ",\"kind\":");
		if (!err)
			err = f->kind ? handoff__buf_json_str(out, f->kind,
				strlen(f->kind)) :
				handoff__buf_puts(out, "null");
		if (!err)
			err = handoff__buf_puts(out, ",\"id\":");
		if (!err)
			err = f->id ? handoff__buf_json_str(out, f->id, strlen(f->id)) :
				handoff__buf_puts(out, "null");
		if (!err)
			err = handoff__buf_printf(out, ",\"ok\":%s,\"diagnostics\":[",
				file_errors(f) ? "false" : "true");
		for (j = 0; !err && j < f->count; j++) {
			const handoff_diagnostic *d = &f->diagnostics[j];

			err = handoff__buf_printf(out,
				"%s{\"line\":%u,\"column\":%u,\"severity\":\"%s\",\"code\":",
				j ? "," : "", d->line, d->column, severity_name(d->severity));
			if (!err)
				err = handoff__buf_json_str(out, d->code, strlen(d->code));
			if (!err)
				err = handoff__buf_puts(out, ",\"pointer\":");
			if (!err)
				err = handoff__buf_json_str(out, d->pointer,
					strlen(d->pointer));
			if (!err)
				err = handoff__buf_puts(out, ",\"message\":");
			if (!err)
				err = handoff__buf_json_str(out, d->message,
					strlen(d->message));
			if (!err)
				err = handoff__buf_puts(out, "}");
		}
		if (!err)
			err = handoff__buf_puts(out, "]");
		/* only when the cap was reached: the other files read as before */
		if (!err && f->omitted)
			err = handoff__buf_printf(out,
				",\"omitted\":%zu,\"omitted_errors\":%zu",
				f->omitted, f->omitted_errors);
		if (!err)
			err = handoff__buf_puts(out, "}");
	}
	return err ? err : handoff__buf_puts(out, "]}\n");
}

/* A relative URI reference for a path: unreserved bytes and '/' stay. */
static int put_uri(handoff_buf *out, const char *p)
{
	handoff_buf u = HANDOFF_BUF_INIT;
	int err = 0;

	for (; !err && *p; p++) {
		unsigned char c = (unsigned char)*p;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr("-._~/", c))
			err = handoff__buf_put(&u, p, 1);
		else
			err = handoff__buf_printf(&u, "%%%02X", c);
	}
	if (!err)
		err = handoff__buf_json_str(out, u.ptr ? u.ptr : "", u.size);
	handoff_buf_dispose(&u);
	return err;
}

/*
 * The rest of a SARIF result or notification: its message and where, the
 * file, and the line and column when there is one; the object is closed.
 */
static int sarif_located(handoff_buf *out, const handoff_buf *msg,
	const char *path, unsigned int line, unsigned int column)
{
	int err = handoff__buf_puts(out, "\"message\":{\"text\":");

	if (!err)
		err = handoff__buf_json_str(out, msg->ptr, msg->size);
	if (!err)
		err = handoff__buf_puts(out,
			"},\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":");
	if (!err)
		err = put_uri(out, path);
	if (!err)
		err = handoff__buf_puts(out, "}");
	if (!err && line)
		err = handoff__buf_printf(out,
			",\"region\":{\"startLine\":%u,\"startColumn\":%u}",
			line, column ? column : 1);
	return err ? err : handoff__buf_puts(out, "}}]}");
}

static int sarif_rules(handoff_buf *out, const handoff_report *r)
{
	const char **seen = NULL;
	size_t nseen = 0, i, j, k;
	int err = 0;

	for (i = 0; !err && i < r->n; i++) {
		for (j = 0; !err && j < r->files[i].count; j++) {
			const char *code = r->files[i].diagnostics[j].code;
			const char **v;

			for (k = 0; k < nseen && strcmp(seen[k], code); k++)
				;
			if (k < nseen)
				continue;
			if (!(v = realloc(seen, (nseen + 1) * sizeof(*v)))) {
				err = handoff__error_oom();
				break;
			}
			seen = v;
			seen[nseen++] = code;
			err = handoff__buf_printf(out, "%s{\"id\":", nseen > 1 ? "," : "");
			if (!err)
				err = handoff__buf_json_str(out, code, strlen(code));
			if (!err)
				err = handoff__buf_printf(out,
					",\"shortDescription\":{\"text\":\"git-handoff check '%s'\"}}",
					code);
		}
	}
	free(seen);
	return err;
}

/*
 * Files whose diagnostics were capped: a note of the invocation each
 * (toolExecutionNotifications), not a result, so code scanning shows no
 * alert for it. Nothing when no file was capped.
 */
static int sarif_omitted(handoff_buf *out, const handoff_report *r)
{
	size_t i, nnotes = 0;
	int err = 0;

	for (i = 0; !err && i < r->n; i++) {
		const handoff_file_result *f = &r->files[i];
		handoff_buf msg = HANDOFF_BUF_INIT;

		if (!f->omitted)
			continue;
		err = handoff__buf_puts(out, nnotes++ ? "," :
			",\"invocations\":[{\"executionSuccessful\":true,"
			"\"toolExecutionNotifications\":[");
		if (!err)
			err = put_omitted(&msg, f);
		if (!err)
			err = handoff__buf_puts(out, "{\"level\":\"note\",");
		if (!err)
			err = sarif_located(out, &msg, f->path, 0, 0);
		handoff_buf_dispose(&msg);
	}
	return err || !nnotes ? err : handoff__buf_puts(out, "]}]");
}

static int format_sarif(const struct sink *s, const handoff_report *r)
{
	handoff_buf *out = s->out;
	size_t i, j, nres = 0;
	int err;

	err = handoff__buf_puts(out,
		"{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\","
		"\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{"
		"\"name\":\"git-handoff\",\"version\":\"" HANDOFF_VERSION "\","
		
		"\"rules\":[");
	if (!err)
		err = sarif_rules(out, r);
	if (!err)
		err = handoff__buf_puts(out, "]}},\"results\":[");
	for (i = 0; !err && i < r->n; i++) {
		const handoff_file_result *f = &r->files[i];

		if ((err = handoff__sink_hand_on(s)) < 0)
			break;
		for (j = 0; !err && j < f->count; j++) {
			const handoff_diagnostic *d = &f->diagnostics[j];
			handoff_buf msg = HANDOFF_BUF_INIT;

			err = handoff__buf_printf(&msg, "%s%s%s", d->pointer,
				d->pointer[0] ? ": " : "", d->message);
			if (!err)
				err = handoff__buf_printf(out, "%s{\"ruleId\":",
					nres++ ? "," : "");
			if (!err)
				err = handoff__buf_json_str(out, d->code, strlen(d->code));
			if (!err)
				err = handoff__buf_printf(out, ",\"level\":\"%s\",",
					severity_name(d->severity));
			if (!err)
				err = sarif_located(out, &msg, f->path, d->line, d->column);
			handoff_buf_dispose(&msg);
		}
	}
	if (!err)
		err = handoff__buf_puts(out, "]");
	if (!err)
		err = sarif_omitted(out, r);
	return err ? err : handoff__buf_puts(out, "}]}\n");
}

/* Workflow command escaping: data escapes %, CR, LF; properties also : and ,. */
static int put_escaped(handoff_buf *out, const char *s, int property)
{
	int err = 0;

	for (; !err && *s; s++) {
		if (*s == '%')
			err = handoff__buf_puts(out, "%25");
		else if (*s == '\r')
			err = handoff__buf_puts(out, "%0D");
		else if (*s == '\n')
			err = handoff__buf_puts(out, "%0A");
		else if (property && *s == ':')
			err = handoff__buf_puts(out, "%3A");
		else if (property && *s == ',')
			err = handoff__buf_puts(out, "%2C");
		else
			err = handoff__buf_put(out, s, 1);
	}
	return err;
}

static int format_github(const struct sink *s, const handoff_report *r)
{
	handoff_buf *out = s->out;
	size_t i, j;
	int err = 0;

	for (i = 0; !err && i < r->n; i++) {
		const handoff_file_result *f = &r->files[i];

		if ((err = handoff__sink_hand_on(s)) < 0)
			break;
		for (j = 0; !err && j < f->count; j++) {
			const handoff_diagnostic *d = &f->diagnostics[j];

			err = handoff__buf_printf(out, "::%s file=",
				severity_name(d->severity));
			if (!err)
				err = put_escaped(out, f->path, 1);
			if (!err && d->line)
				err = handoff__buf_printf(out, ",line=%u,col=%u",
					d->line, d->column);
			if (!err)
				err = handoff__buf_puts(out, ",title=");
			if (!err)
				err = put_escaped(out, d->code, 1);
			if (!err)
				err = handoff__buf_puts(out, "::");
			if (!err && d->pointer[0]) {
				err = put_escaped(out, d->pointer, 0);
				if (!err)
					err = handoff__buf_puts(out, ": ");
			}
			if (!err)
				err = put_escaped(out, d->message, 0);
			if (!err)
				err = handoff__buf_puts(out, "\n");
		}
		if (!err && f->omitted) {
			handoff_buf msg = HANDOFF_BUF_INIT;

			err = handoff__buf_puts(out, "::notice file=");
			if (!err)
				err = put_escaped(out, f->path, 1);
			if (!err)
				err = handoff__buf_puts(out, ",title=omitted::");
			if (!err)
				err = put_omitted(&msg, f);
			if (!err)
				err = put_escaped(out, msg.ptr, 0);
			if (!err)
				err = handoff__buf_puts(out, "\n");
			handoff_buf_dispose(&msg);
		}
	}
	return err;
}

static int format_report(const struct sink *s, const handoff_report *r,
	handoff_format format, int color)
{
	switch (format) {
	case HANDOFF_FORMAT_TEXT:
		return format_text(s, r, color);
	case HANDOFF_FORMAT_JSON:
		return format_json(s, r);
	case HANDOFF_FORMAT_SARIF:
		return format_sarif(s, r);
	case HANDOFF_FORMAT_GITHUB:
		return format_github(s, r);
	default:
		break;
	}
	return handoff__error_set(HANDOFF_ERROR_INVALID, "unknown format");
}

/* An append that failed midway is an error, never a text with a piece missing. */
int handoff_report_format(handoff_buf *out, const handoff_report *r,
	handoff_format format, int color)
{
	struct sink s = { out, NULL, NULL };
	int err = format_report(&s, r, format, color);

	return err == 0 && handoff__buf_failed(out) ? HANDOFF_ERROR : err;
}

int handoff_report_write(const handoff_report *r, handoff_format format, int color,
	handoff_write_cb write, void *payload)
{
	handoff_buf out = HANDOFF_BUF_INIT;
	struct sink s = { &out, write, payload };

	return handoff__sink_finish(&s, format_report(&s, r, format, color));
}
