/*
 * `import`: one record per closed-won deal of a CRM export. What column
 * means what is data, a mapping (schemas/mappings/NAME.yaml built in,
 * .handoff/mappings/NAME.yaml of the repository first): the column and
 * values that say a deal is won, the column the id comes from, and a
 * column for each field the record gets, with how to read it (text, a
 * number, a date in a given form, a person by name from the config).
 *
 * A record is the kind's template, as `new` writes it (a draft), with
 * the mapped values written over their placeholders, line by line, so
 * the template's comments and order stay; a field the template has no
 * line for goes in under its parent. What cannot be read is never
 * guessed: a bad value refuses its row, a value with nowhere to go (an
 * owner the config does not know) leaves the placeholder and says so.
 *
 * The file is refused whole when it cannot be read as a table (see
 * csv.h), is over IMPORT_MAX_SIZE, or lacks a column the mapping needs;
 * then nothing is written, so a bad export never half-imports.
 */
#include <ctype.h>
#include <errno.h>
#include <sys/stat.h>

#include "csv.h"
#include "record.h"
#include "source.h"

/* A CRM export of closed-won deals is a few megabytes at most. */
#define IMPORT_MAX_SIZE (32u * 1024 * 1024)

enum conv { CONV_TEXT, CONV_NUMBER, CONV_DATE, CONV_DATETIME, CONV_PERSON };

static const char *const conv_names[] = { "text", "number", "date", "date-time", "person" };

struct field_map {
	const char *pointer;
	const char *column;
	enum conv conv;
	const char **formats;	/* CONV_DATE, CONV_DATETIME */
	size_t nformats;
	const char *offset;	/* CONV_DATETIME: "+00:00" */
	size_t col;		/* index in the header */
};

struct mapping {
	struct doc *doc;
	char *path;
	const char *kind;
	const char *won_column;
	const char **won_values;
	size_t nwon;
	const char *id_column;
	const char *id_prefix;
	struct field_map *fields;
	size_t nfields;
	size_t won_col, id_col;
};

/* ------------------------------------------------------------------ */
/* The mapping */

static int mapping_problem(const char *path, const struct node *n, const char *msg,
	const char *arg)
{
	handoff__error_set(HANDOFF_ERROR_SCHEMA, "%s:%u:%u: error: %s%s%s%s", path,
		n ? n->line : 1, n ? n->col : 1, msg, arg ? " '" : "", arg ? arg : "",
		arg ? "'" : "");
	return HANDOFF_ESCHEMA;
}

static int is_text(const struct node *n)
{
	return n && handoff__node_is_scalar(n) && n->type != NODE_NULL && n->len > 0;
}

static int pointer_ok(const char *p)
{
	if (*p != '/' || !p[1])
		return 0;
	for (; *p; p++)
		if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) ||
		    *p == '_' || (*p == '/' && p[1] && p[1] != '/')))
			return 0;
	return 1;
}

static int check_keys(const char *path, const struct node *map,
	const char *const *allowed)
{
	size_t i, k;

	for (i = 0; i < map->n; i++) {
		for (k = 0; allowed[k]; k++)
			if (!strcmp(map->pairs[i].key->str, allowed[k]))
				break;
		if (!allowed[k])
			return mapping_problem(path, map->pairs[i].key,
				"unknown key", map->pairs[i].key->str);
	}
	return 0;
}

static int parse_field(struct mapping *m, struct field_map *f, const char *pointer,
	const struct node *v)
{
	static const char *const keys[] = { "column", "type", "format", "offset", NULL };
	const struct node *n;
	size_t i;
	int err;

	f->pointer = pointer;
	f->offset = "+00:00";
	if (is_text(v)) {
		f->column = v->str;
		return 0;
	}
	if (v->type != NODE_MAP)
		return mapping_problem(m->path, v, "a field maps to a column name or "
			"{column, type, format}", NULL);
	if ((err = check_keys(m->path, v, keys)) < 0)
		return err;
	if (!is_text(n = handoff__node_get(v, "column")))
		return mapping_problem(m->path, v, "no column for", pointer);
	f->column = n->str;
	if ((n = handoff__node_get(v, "type"))) {
		for (i = 0; i < ARRAY_SIZE(conv_names); i++)
			if (is_text(n) && !strcmp(n->str, conv_names[i]))
				break;
		if (i == ARRAY_SIZE(conv_names))
			return mapping_problem(m->path, n, "type is text, number, date, "
				"date-time or person, not", n->str ? n->str : "");
		f->conv = (enum conv)i;
	}
	if ((n = handoff__node_get(v, "format"))) {
		if (f->conv != CONV_DATE && f->conv != CONV_DATETIME)
			return mapping_problem(m->path, n, "a format is for a date or a date-time", NULL);
		if (is_text(n)) {
			f->formats = handoff__doc_alloc(m->doc, sizeof(*f->formats));
			if (!f->formats)
				return handoff__error_oom();
			f->formats[0] = n->str;
			f->nformats = 1;
		} else if (n->type == NODE_SEQ && n->n) {
			f->formats = handoff__doc_alloc(m->doc, n->n * sizeof(*f->formats));
			if (!f->formats)
				return handoff__error_oom();
			for (i = 0; i < n->n; i++) {
				if (!is_text(n->items[i]))
					return mapping_problem(m->path, n->items[i],
						"a format is text such as %m/%d/%Y", NULL);
				f->formats[i] = n->items[i]->str;
			}
			f->nformats = n->n;
		} else {
			return mapping_problem(m->path, n, "a format is text such as "
				"%m/%d/%Y, or a list of them", NULL);
		}
	}
	if ((f->conv == CONV_DATE || f->conv == CONV_DATETIME) && !f->nformats)
		return mapping_problem(m->path, v, "a date needs its format, e.g. "
			"format: %m/%d/%Y, for", pointer);
	if ((n = handoff__node_get(v, "offset"))) {
		if (!is_text(n) || strlen(n->str) != 6 || (n->str[0] != '+' && n->str[0] != '-') ||
		    !isdigit((unsigned char)n->str[1]) || !isdigit((unsigned char)n->str[2]) ||
		    n->str[3] != ':' || !isdigit((unsigned char)n->str[4]) ||
		    !isdigit((unsigned char)n->str[5]))
			return mapping_problem(m->path, n, "an offset is written +09:00", NULL);
		f->offset = n->str;
	}
	return 0;
}

static int parse_mapping(struct mapping *m, const char *text, size_t len)
{
	static const char *const top[] = { "kind", "closed_won", "id", "fields", NULL };
	static const char *const won_keys[] = { "column", "values", NULL };
	static const char *const id_keys[] = { "column", "prefix", NULL };
	struct yaml_limits limits = YAML_LIMITS_INIT;
	struct diag_list diags;
	const struct node *root, *n, *v;
	size_t i;
	int err;

	memset(&diags, 0, sizeof(diags));
	if ((err = handoff__yaml_load(&m->doc, text, len, 1, &limits, &diags)) < 0) {
		if (diags.n)
			handoff__error_set(HANDOFF_ERROR_SCHEMA, "%s:%u:%u: error: %s",
				m->path, diags.v[0].line, diags.v[0].column, diags.v[0].message);
		handoff__diag_list_release(&diags);
		return err == HANDOFF_EINVALID ? HANDOFF_ESCHEMA : err;
	}
	handoff__diag_list_release(&diags);
	root = m->doc->root;
	if (!root || root->type != NODE_MAP)
		return mapping_problem(m->path, root, "a mapping is a YAML mapping "
			"with kind, closed_won, id and fields", NULL);
	if ((err = check_keys(m->path, root, top)) < 0)
		return err;
	if (!is_text(n = handoff__node_get(root, "kind")))
		return mapping_problem(m->path, n ? n : root, "no kind (e.g. kind: deal-handoff)", NULL);
	m->kind = n->str;

	if (!(n = handoff__node_get(root, "closed_won")) || n->type != NODE_MAP)
		return mapping_problem(m->path, n ? n : root, "closed_won is "
			"{column: <stage column>, values: [<won stages>]}", NULL);
	if ((err = check_keys(m->path, n, won_keys)) < 0)
		return err;
	if (!is_text(v = handoff__node_get(n, "column")))
		return mapping_problem(m->path, n, "closed_won has no column", NULL);
	m->won_column = v->str;
	if (!(v = handoff__node_get(n, "values")) || v->type != NODE_SEQ || !v->n)
		return mapping_problem(m->path, v ? v : n, "closed_won needs "
			"values: the stages that mean won", NULL);
	if (!(m->won_values = handoff__doc_alloc(m->doc, v->n * sizeof(*m->won_values))))
		return handoff__error_oom();
	for (i = 0; i < v->n; i++) {
		if (!is_text(v->items[i]))
			return mapping_problem(m->path, v->items[i], "a stage is text", NULL);
		m->won_values[i] = v->items[i]->str;
	}
	m->nwon = v->n;

	if (!(n = handoff__node_get(root, "id")) || n->type != NODE_MAP)
		return mapping_problem(m->path, n ? n : root, "id is "
			"{column: <the deal's id column>, prefix: <text>}", NULL);
	if ((err = check_keys(m->path, n, id_keys)) < 0)
		return err;
	if (!is_text(v = handoff__node_get(n, "column")))
		return mapping_problem(m->path, n, "id has no column", NULL);
	m->id_column = v->str;
	m->id_prefix = "";
	if ((v = handoff__node_get(n, "prefix"))) {
		if (!is_text(v))
			return mapping_problem(m->path, v, "a prefix is text", NULL);
		m->id_prefix = v->str;
	}

	if (!(n = handoff__node_get(root, "fields")) || n->type != NODE_MAP)
		return mapping_problem(m->path, n ? n : root, "fields maps pointers "
			"to columns, e.g. /account/name: Account Name", NULL);
	if (!(m->fields = handoff__doc_alloc(m->doc, (n->n ? n->n : 1) * sizeof(*m->fields))))
		return handoff__error_oom();
	memset(m->fields, 0, (n->n ? n->n : 1) * sizeof(*m->fields));
	for (i = 0; i < n->n; i++) {
		if (!pointer_ok(n->pairs[i].key->str))
			return mapping_problem(m->path, n->pairs[i].key, "a field is a "
				"JSON pointer of lowercase names such as /account/name, not",
				n->pairs[i].key->str);
		if ((err = parse_field(m, &m->fields[i], n->pairs[i].key->str,
		    n->pairs[i].value)) < 0)
			return err;
	}
	m->nfields = n->n;
	return 0;
}

static int name_ok(const char *name)
{
	const char *p;

	if (!*name || strlen(name) > 64)
		return 0;
	for (p = name; *p; p++)
		if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) ||
		    *p == '-' || *p == '_'))
			return 0;
	return 1;
}

/* The repository's .handoff/mappings/NAME.yaml, else the built-in one. */
static int load_mapping(struct mapping *m, const struct source *src, const char *name)
{
	char *data = NULL, *builtin = NULL;
	const char *why = NULL;
	size_t len = 0;
	int err;

	if (!name_ok(name)) {
		handoff__error_set(HANDOFF_ERROR_INVALID, "'%s' is not a mapping name "
			"(salesforce, hubspot, or the name of .handoff/mappings/<name>.yaml)",
			name);
		return HANDOFF_EINVALID;
	}
	if (!(m->path = handoff__asprintf(".handoff/mappings/%s.yaml", name)))
		return HANDOFF_ERROR;
	err = src->repo->workdir ? handoff__source_read(src, m->path, &data, &len, &why) :
		HANDOFF_ENOTFOUND;
	if (err == HANDOFF_ENOTFOUND) {
		if (!(builtin = handoff__asprintf("%s/mappings/%s.yaml",
		    handoff_builtin_dir(), name)))
			return HANDOFF_ERROR;
		free(m->path);
		m->path = builtin;
		if ((err = handoff__source_read_disk(builtin, &data, &len, &why)) == HANDOFF_ENOTFOUND)
			handoff__error_set(HANDOFF_ERROR_INVALID, "no mapping '%s': "
				"salesforce, hubspot, or .handoff/mappings/%s.yaml", name, name);
	}
	if (err == HANDOFF_EINVALID)
		handoff__error_set(HANDOFF_ERROR_INVALID, "%s: %s", m->path, why);
	if (err < 0) {
		free(data);
		return err == HANDOFF_ENOTFOUND ? HANDOFF_EINVALID : err;
	}
	err = parse_mapping(m, data, len);
	free(data);
	return err;
}

static void mapping_release(struct mapping *m)
{
	handoff__doc_free(m->doc);
	free(m->path);
}

/* ------------------------------------------------------------------ */
/* Values */

struct row_ctx {
	const char *file;
	const struct config *cfg;
	const struct csv *csv;
	handoff_buf msg;	/* a refusal */
	char **notes;
	size_t nnotes;
};

static int row_error(struct row_ctx *r, size_t col, const char *fmt, ...)
	PRINTF_LIKE(3, 4);

static int row_error(struct row_ctx *r, size_t col, const char *fmt, ...)
{
	va_list ap;
	unsigned int line = col < r->csv->nfields ? r->csv->lines[col] : r->csv->row_line;

	handoff__buf_printf(&r->msg, "%s:%u:%zu: error: ", r->file, line, col + 1);
	va_start(ap, fmt);
	handoff__buf_vprintf(&r->msg, fmt, ap);
	va_end(ap);
	return HANDOFF_EINVALID;
}

static int row_note(struct row_ctx *r, size_t col, const char *fmt, ...)
	PRINTF_LIKE(3, 4);

static int row_note(struct row_ctx *r, size_t col, const char *fmt, ...)
{
	handoff_buf b = HANDOFF_BUF_INIT;
	va_list ap;
	void *p;

	handoff__buf_printf(&b, "%s:%u:%zu: warning: ", r->file,
		r->csv->lines[col], col + 1);
	va_start(ap, fmt);
	handoff__buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (handoff__buf_failed(&b) || !(p = realloc(r->notes, (r->nnotes + 1) * sizeof(char *)))) {
		handoff_buf_dispose(&b);
		return handoff__error_oom();
	}
	r->notes = p;
	r->notes[r->nnotes++] = b.ptr;
	return 0;
}

/* The text without the spaces around it, as a new string. */
static char *trimmed(const char *s)
{
	size_t n;

	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n'))
		n--;
	return handoff__strndup(s, n);
}

static int days_in(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return days[m - 1];
}

/* Up to `max` digits at *s into *out; 0 when there is none. */
static int digits(const char **s, int min, int max, int *out)
{
	int n = 0, v = 0;

	while (n < max && isdigit((unsigned char)**s)) {
		v = v * 10 + (**s - '0');
		(*s)++;
		n++;
	}
	*out = v;
	return n >= min;
}

/*
 * `s` read by a strptime-like `fmt`: %Y four digits, %m %d %H %M %S one
 * or two, %% a percent sign, a space any run of spaces, anything else
 * itself. The whole of `s` must be used, and the date must exist.
 */
static int parse_date(const char *s, const char *fmt, int t[6])
{
	memset(t, 0, 6 * sizeof(int));
	for (; *fmt; fmt++) {
		if (*fmt == '%' && fmt[1]) {
			int ok;

			switch (*++fmt) {
			case 'Y': ok = digits(&s, 4, 4, &t[0]); break;
			case 'm': ok = digits(&s, 1, 2, &t[1]); break;
			case 'd': ok = digits(&s, 1, 2, &t[2]); break;
			case 'H': ok = digits(&s, 1, 2, &t[3]); break;
			case 'M': ok = digits(&s, 1, 2, &t[4]); break;
			case 'S': ok = digits(&s, 1, 2, &t[5]); break;
			case '%': ok = *s == '%' && s++; break;
			default: return 0;
			}
			if (!ok)
				return 0;
		} else if (*fmt == ' ') {
			if (*s != ' ')
				return 0;
			while (*s == ' ')
				s++;
		} else if (*s++ != *fmt) {
			return 0;
		}
	}
	return !*s && t[0] >= 1900 && t[1] >= 1 && t[1] <= 12 && t[2] >= 1 &&
		t[2] <= days_in(t[0], t[1]) && t[3] < 24 && t[4] < 60 && t[5] < 60;
}

/* %m/%d/%Y as MM/DD/YYYY, for a message. */
static void format_for_people(handoff_buf *out, const char *fmt)
{
	for (; *fmt; fmt++) {
		if (*fmt == '%' && fmt[1]) {
			switch (*++fmt) {
			case 'Y': handoff__buf_puts(out, "YYYY"); break;
			case 'm': handoff__buf_puts(out, "MM"); break;
			case 'd': handoff__buf_puts(out, "DD"); break;
			case 'H': handoff__buf_puts(out, "hh"); break;
			case 'M': handoff__buf_puts(out, "mm"); break;
			case 'S': handoff__buf_puts(out, "ss"); break;
			default: handoff__buf_put(out, fmt, 1); break;
			}
		} else {
			handoff__buf_put(out, fmt, 1);
		}
	}
}

/*
 * An amount as a plain number: 120000, 120,000.50, $120,000, USD 120000
 * (a currency sign or code before it is the currency's, not the value's).
 */
static int parse_number(handoff_buf *out, const char *s)
{
	const char *p = s;
	int seen = 0, dot = 0;

	if (!strncmp(p, "$", 1) || !strncmp(p, "\xe2\x82\xac", 3) ||
	    !strncmp(p, "\xc2\xa3", 2) || !strncmp(p, "\xc2\xa5", 2))
		p += *p == '$' ? 1 : (unsigned char)*p == 0xe2 ? 3 : 2;
	else if (isupper((unsigned char)p[0]) && isupper((unsigned char)p[1]) &&
	    isupper((unsigned char)p[2]) && p[3] == ' ')
		p += 4;
	for (; *p; p++) {
		if (isdigit((unsigned char)*p)) {
			seen = 1;
			handoff__buf_put(out, p, 1);
		} else if (*p == ',' && seen && !dot && isdigit((unsigned char)p[1])) {
			continue;
		} else if (*p == '.' && seen && !dot && isdigit((unsigned char)p[1])) {
			dot = 1;
			handoff__buf_put(out, p, 1);
		} else {
			return 0;
		}
	}
	return seen && out->size <= 30;
}

static const struct person *person_named(const struct config *cfg, const char *s)
{
	size_t i;

	for (i = 0; i < cfg->npeople; i++)
		if ((cfg->people[i].name && !strcasecmp(cfg->people[i].name, s)) ||
		    !strcasecmp(cfg->people[i].email, s))
			return &cfg->people[i];
	return NULL;
}

/*
 * The value of column `f` in the record's YAML, into `out`; 1 when there
 * is one, 0 when the field keeps its placeholder, HANDOFF_EINVALID when
 * the row is refused (r->msg says why).
 */
static int convert(handoff_buf *out, struct row_ctx *r, const struct field_map *f,
	const char *cell)
{
	const struct person *who;
	char *v = trimmed(cell);
	int t[6], err = 1;
	size_t i;

	if (!v)
		return handoff__error_oom();
	if (!*v) {
		err = 0;
		goto done;
	}
	switch (f->conv) {
	case CONV_TEXT:
		handoff__buf_json_str(out, v, strlen(v));
		break;
	case CONV_NUMBER:
		if (!parse_number(out, v))
			err = row_error(r, f->col, "%s: '%s' is not an amount (e.g. "
				"120000 or 120,000.50)", f->column, v);
		break;
	case CONV_DATE:
	case CONV_DATETIME:
		for (i = 0; i < f->nformats; i++)
			if (parse_date(v, f->formats[i], t))
				break;
		if (i == f->nformats) {
			row_error(r, f->col, "%s: '%s' is not a date written ", f->column, v);
			for (i = 0; i < f->nformats; i++) {
				if (i)
					handoff__buf_puts(&r->msg, " or ");
				format_for_people(&r->msg, f->formats[i]);
			}
			err = HANDOFF_EINVALID;
		} else if (f->conv == CONV_DATE) {
			handoff__buf_printf(out, "\"%04d-%02d-%02d\"", t[0], t[1], t[2]);
		} else {
			handoff__buf_printf(out, "\"%04d-%02d-%02dT%02d:%02d:%02d%s\"",
				t[0], t[1], t[2], t[3], t[4], t[5], f->offset);
		}
		break;
	case CONV_PERSON:
		if ((who = person_named(r->cfg, v))) {
			handoff__buf_json_str(out, who->email, strlen(who->email));
		} else {
			err = row_note(r, f->col, "%s: nobody named '%s' in the config's "
				"people: %s keeps its placeholder", f->column, v, f->pointer);
		}
		break;
	}
done:
	free(v);
	if (err > 0 && handoff__buf_failed(out))
		err = handoff__error_oom();
	return err;
}

/* ------------------------------------------------------------------ */
/* Writing the values into the template, line by line */

struct line {
	char *text;		/* without its line break */
	int indent;		/* -1: blank, a comment, a list item or no key */
	char *path;		/* "/a/b" for a key line, else NULL */
	int has_value;		/* something after the colon */
};

struct lines {
	struct line *v;
	size_t n, alloc;
};

static int lines_insert(struct lines *ls, size_t at, char *text, int indent, char *path)
{
	if (ls->n == ls->alloc) {
		size_t alloc = ls->alloc ? ls->alloc * 2 : 64;
		void *p = realloc(ls->v, alloc * sizeof(*ls->v));

		if (!p)
			return handoff__error_oom();
		ls->v = p;
		ls->alloc = alloc;
	}
	memmove(&ls->v[at + 1], &ls->v[at], (ls->n - at) * sizeof(*ls->v));
	ls->v[at].text = text;
	ls->v[at].indent = indent;
	ls->v[at].path = path;
	ls->v[at].has_value = 1;
	ls->n++;
	return 0;
}

static void lines_release(struct lines *ls)
{
	size_t i;

	for (i = 0; i < ls->n; i++) {
		free(ls->v[i].text);
		free(ls->v[i].path);
	}
	free(ls->v);
}

/*
 * The front matter's lines with the path of each `key:` line, from the
 * indentation: the template is block YAML, and a list item ends the
 * paths under it (no field of a list is mapped).
 */
static int split_front(struct lines *ls, const char *front, size_t len)
{
	struct { int indent; const char *key; size_t klen; } stack[32];
	size_t depth = 0, i;
	const char *p = front, *end = front + len;
	int err;

	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p)), *k, *q;
		char *text, *path = NULL;
		int indent = 0, has_value = 0;

		if (!eol)
			eol = end;
		if (!(text = handoff__strndup(p, (size_t)(eol - p))))
			return handoff__error_oom();
		while (text[indent] == ' ')
			indent++;
		k = text + indent;
		q = k;
		while (isalnum((unsigned char)*q) || *q == '_' || *q == '-')
			q++;
		if (q > k && *q == ':' && (!q[1] || q[1] == ' ') && *k != '-') {
			handoff_buf b = HANDOFF_BUF_INIT;

			while (depth && stack[depth - 1].indent >= indent)
				depth--;
			for (i = 0; i < depth; i++) {
				handoff__buf_puts(&b, "/");
				handoff__buf_put(&b, stack[i].key, stack[i].klen);
			}
			handoff__buf_puts(&b, "/");
			handoff__buf_put(&b, k, (size_t)(q - k));
			if (handoff__buf_failed(&b)) {
				free(text);
				handoff_buf_dispose(&b);
				return handoff__error_oom();
			}
			path = b.ptr;
			for (q++; *q == ' '; q++)
				;
			has_value = *q && *q != '#';
			if (depth < ARRAY_SIZE(stack)) {
				/* the key is read from ls later: keep an offset-stable copy */
				stack[depth].indent = indent;
				stack[depth].key = path + strlen(path) - (size_t)(strchr(k, ':') - k);
				stack[depth].klen = (size_t)(strchr(k, ':') - k);
				depth++;
			}
		} else if (*k == '-' || (*k && *k != '#')) {
			/* a list item or other text: nothing under it is a field */
			while (depth && stack[depth - 1].indent >= indent)
				depth--;
			if (*k == '-' && depth < ARRAY_SIZE(stack)) {
				stack[depth].indent = indent;
				stack[depth].key = "-";
				stack[depth].klen = 1;
				depth++;
			}
			indent = -1;
		} else {
			indent = -1;
		}
		if ((err = lines_insert(ls, ls->n, text, indent, path)) < 0) {
			free(text);
			free(path);
			return err;
		}
		ls->v[ls->n - 1].has_value = has_value;
		p = eol < end ? eol + 1 : end;
	}
	return 0;
}

/* Replace the value of `l` (a `key: value  # comment` line) with `value`. */
static int set_value(struct line *l, const char *value)
{
	char *colon = strchr(l->text, ':'), *v, *rest, *text;
	size_t width;

	v = colon + 1;
	while (*v == ' ')
		v++;
	rest = v;
	if (*rest == '"') {
		for (rest++; *rest && *rest != '"'; rest++)
			if (*rest == '\\' && rest[1])
				rest++;
		if (*rest)
			rest++;
	} else {
		while (*rest && !(rest[0] == ' ' && rest[1] == '#'))
			rest++;
	}
	width = (size_t)(rest - v);
	while (*rest == ' ')
		rest++;
	text = handoff__asprintf("%.*s: %s%*s%s", (int)(colon - l->text), l->text, value,
		*rest ? (int)(strlen(value) < width ? width - strlen(value) + 1 : 1) : 0,
		"", rest);
	if (!text)
		return handoff__error_oom();
	free(l->text);
	l->text = text;
	l->has_value = 1;
	return 0;
}

/*
 * Put `pointer: value` where the template has no line for it: under the
 * deepest parent it has, after that parent's last line, with the
 * parents it lacks.
 */
static int insert_value(struct lines *ls, const char *pointer, const char *value)
{
	size_t best = ls->n, best_len = 0, i, at;
	int indent = 0, err;
	const char *rest = pointer;

	for (i = 0; i < ls->n; i++) {
		size_t n;

		if (!ls->v[i].path || ls->v[i].has_value)
			continue;
		n = strlen(ls->v[i].path);
		if (n > best_len && !strncmp(pointer, ls->v[i].path, n) && pointer[n] == '/') {
			best = i;
			best_len = n;
		}
	}
	at = ls->n;
	if (best < ls->n) {
		indent = ls->v[best].indent + 2;
		for (at = best + 1; at < ls->n; at++)
			if (ls->v[at].indent >= 0 && ls->v[at].indent <= ls->v[best].indent)
				break;
		/* the comment lines that follow a block belong to what comes next */
		while (at > best + 1 && ls->v[at - 1].indent < 0 &&
		    ls->v[at - 1].text[strspn(ls->v[at - 1].text, " ")] == '#')
			at--;
		rest = pointer + best_len;
	}
	while (*rest) {
		const char *next = strchr(rest + 1, '/');
		size_t klen = next ? (size_t)(next - rest - 1) : strlen(rest + 1);
		char *text = next ? handoff__asprintf("%*s%.*s:", indent, "",
			(int)klen, rest + 1) :
			handoff__asprintf("%*s%.*s: %s", indent, "", (int)klen,
				rest + 1, value);
		char *path = handoff__strndup(pointer, (size_t)(rest + 1 + klen - pointer));

		if (!text || !path || (err = lines_insert(ls, at, text, indent, path)) < 0) {
			free(text);
			free(path);
			return handoff__error_oom();
		}
		ls->v[at].has_value = !next;
		at++;
		indent += 2;
		rest = next ? next : rest + 1 + klen;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* The records already there */

/* Ids and where each is, hashed: an export and a repository of many thousands stay quick. */
struct idset {
	char **ids;
	char **paths;
	size_t n, alloc;
	size_t *slots;		/* 1 + index into ids, 0 empty; a power of two of them */
	size_t nslots;
};

static int idset_rehash(struct idset *s)
{
	size_t nslots = s->nslots ? s->nslots * 2 : 256, i, k;
	size_t *slots = calloc(nslots, sizeof(*slots));

	if (!slots)
		return handoff__error_oom();
	for (i = 0; i < s->n; i++) {
		for (k = handoff__str_hash(s->ids[i]) & (nslots - 1); slots[k]; k = (k + 1) & (nslots - 1))
			;
		slots[k] = i + 1;
	}
	free(s->slots);
	s->slots = slots;
	s->nslots = nslots;
	return 0;
}

static int idset_add(struct idset *s, const char *id, const char *path)
{
	size_t k;
	int err;

	if (s->n == s->alloc) {
		size_t alloc = s->alloc ? s->alloc * 2 : 64;
		void *a = realloc(s->ids, alloc * sizeof(char *)), *b;

		if (!a)
			return handoff__error_oom();
		s->ids = a;
		if (!(b = realloc(s->paths, alloc * sizeof(char *))))
			return handoff__error_oom();
		s->paths = b;
		s->alloc = alloc;
	}
	/* at most half full, so a probe ends soon */
	if ((s->n + 1) * 2 > s->nslots && (err = idset_rehash(s)) < 0)
		return err;
	s->ids[s->n] = handoff__strdup(id);
	s->paths[s->n] = handoff__strdup(path);
	if (!s->ids[s->n] || !s->paths[s->n]) {
		free(s->ids[s->n]);
		free(s->paths[s->n]);
		return handoff__error_oom();
	}
	for (k = handoff__str_hash(id) & (s->nslots - 1); s->slots[k]; k = (k + 1) & (s->nslots - 1))
		;
	s->slots[k] = ++s->n;
	return 0;
}

/* The path of the first record with `id` (in path order), or NULL. */
static const char *idset_find(const struct idset *s, const char *id)
{
	size_t k, best = (size_t)-1;

	if (!s->nslots)
		return NULL;
	for (k = handoff__str_hash(id) & (s->nslots - 1); s->slots[k]; k = (k + 1) & (s->nslots - 1))
		if (s->slots[k] - 1 < best && !strcmp(s->ids[s->slots[k] - 1], id))
			best = s->slots[k] - 1;
	return best == (size_t)-1 ? NULL : s->paths[best];
}

static void idset_release(struct idset *s)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		free(s->ids[i]);
		free(s->paths[i]);
	}
	free(s->ids);
	free(s->paths);
	free(s->slots);
}

/*
 * The ids of the work tree's records. A record that cannot be read is
 * passed over: its id is not known, and `validate` is where it is
 * reported.
 */
static int read_ids(struct idset *s, struct source *src)
{
	struct record_limits limits = RECORD_LIMITS_INIT;
	char **paths = NULL;
	size_t n = 0, i;
	int err;

	if (!src->repo->workdir)
		return 0;
	if ((err = handoff__source_list(src, &paths, &n)) < 0)
		return err;
	for (i = 0; !err && i < n; i++) {
		struct record *rec = NULL;
		const char *why = NULL, *id;
		char *data = NULL;
		size_t len = 0;

		if (handoff__source_read(src, paths[i], &data, &len, &why) < 0)
			continue;
		if ((err = handoff__record_parse(&rec, paths[i], data, len, &limits)) == 0 &&
		    (id = handoff__node_get_str(handoff__record_front(rec), "id")))
			err = idset_add(s, id, paths[i]);
		handoff__record_free(rec);
		free(data);
	}
	handoff__free_strings(paths, n);
	return err;
}

/* ------------------------------------------------------------------ */
/* The file */

static int read_capped(char **out, size_t *len, const char *path)
{
	struct stat st;
	FILE *f = fopen(path, "rb");
	char *buf = NULL, *p;
	size_t n = 0, alloc = 64 * 1024, got;

	*out = NULL;
	if (!f)
		return handoff__error_os("read", path);
	/* refused before it is read: a file too big costs nothing */
	if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) &&
	    (unsigned long long)st.st_size > IMPORT_MAX_SIZE) {
		fclose(f);
		handoff__error_set(HANDOFF_ERROR_INVALID, "%s:1:1: error: the file is "
			"%llu bytes, over the limit of %u MiB: export only the closed-won "
			"deals, or split the file", path, (unsigned long long)st.st_size,
			IMPORT_MAX_SIZE >> 20);
		return HANDOFF_EINVALID;
	}
	/* a pipe says nothing of its size: read up to one byte past the limit */
	for (;;) {
		if (n == alloc - 1 || !buf) {
			if (buf)
				alloc = alloc * 2 > IMPORT_MAX_SIZE + 2 ? IMPORT_MAX_SIZE + 2 : alloc * 2;
			if (!(p = realloc(buf, alloc))) {
				fclose(f);
				free(buf);
				return handoff__error_oom();
			}
			buf = p;
		}
		got = fread(buf + n, 1, alloc - 1 - n, f);
		n += got;
		if (got == 0 || n > IMPORT_MAX_SIZE)
			break;
	}
	if (ferror(f)) {
		int e = errno;

		fclose(f);
		free(buf);
		errno = e;
		return handoff__error_os("read", path);
	}
	fclose(f);
	if (n > IMPORT_MAX_SIZE) {
		free(buf);
		handoff__error_set(HANDOFF_ERROR_INVALID, "%s:1:1: error: over the "
			"limit of %u MiB: export only the closed-won deals, or split the "
			"file", path, IMPORT_MAX_SIZE >> 20);
		return HANDOFF_EINVALID;
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return 0;
}

static int csv_failed(const char *path, const struct csv *c, int err)
{
	if (err == HANDOFF_EINVALID)
		handoff__error_set(HANDOFF_ERROR_INVALID, "%s:%u:%u: error: %s",
			path, c->err_line, c->err_col, c->err);
	return err;
}

static int find_column(const struct csv *c, const char *name, size_t *out)
{
	size_t i;
	int found = 0;

	for (i = 0; i < c->nfields; i++) {
		char *h = trimmed(c->fields[i]);

		if (!h)
			return handoff__error_oom();
		if (!strcasecmp(h, name) && !found++)
			*out = i;
		free(h);
	}
	return found;
}

/* Every column the mapping reads, found in the header; else say which are not. */
static int match_header(struct mapping *m, const char *path, const struct csv *c)
{
	handoff_buf missing = HANDOFF_BUF_INIT;
	size_t i, nmissing = 0;
	int found;

	for (i = 0; i < m->nfields + 2; i++) {
		const char *name = i == 0 ? m->won_column : i == 1 ? m->id_column :
			m->fields[i - 2].column;
		size_t *at = i == 0 ? &m->won_col : i == 1 ? &m->id_col : &m->fields[i - 2].col;

		if ((found = find_column(c, name, at)) < 0)
			return found;
		if (found > 1) {
			handoff_buf_dispose(&missing);
			handoff__error_set(HANDOFF_ERROR_INVALID, "%s:%u:%zu: error: two "
				"columns are called '%s'", path, c->row_line, *at + 1, name);
			return HANDOFF_EINVALID;
		}
		if (!found) {
			char *quoted = handoff__asprintf("'%s'", name);

			if (!quoted) {
				handoff_buf_dispose(&missing);
				return handoff__error_oom();
			}
			/* a column two fields read is named once */
			if (!strstr(missing.ptr ? missing.ptr : "", quoted)) {
				handoff__buf_printf(&missing, "%s%s",
					nmissing ? ", " : "", quoted);
				nmissing++;
			}
			free(quoted);
		}
	}
	if (nmissing) {
		handoff__error_set(HANDOFF_ERROR_INVALID, "%s:%u:1: error: no column%s "
			"%s, which the mapping %s reads: is this the right export (--from)?",
			path, c->row_line, nmissing > 1 ? "s" : "", missing.ptr, m->path);
		handoff_buf_dispose(&missing);
		return HANDOFF_EINVALID;
	}
	return 0;
}

/* The record id a CRM id makes: the prefix, then letters, digits, '-', '_' and '.'. */
static char *make_id(const char *prefix, const char *cell)
{
	handoff_buf b = HANDOFF_BUF_INIT;
	char *v = trimmed(cell);
	const char *p;
	int dash = 0;

	if (!v)
		return NULL;
	handoff__buf_puts(&b, prefix);
	for (p = v; *p; p++) {
		if (isalnum((unsigned char)*p) || *p == '_' || (*p == '.' && b.size)) {
			handoff__buf_put(&b, p, 1);
			dash = 0;
		} else if (!dash && b.size && b.ptr[b.size - 1] != '-') {
			handoff__buf_put(&b, "-", 1);
			dash = 1;
		}
	}
	while (b.size && b.ptr[b.size - 1] == '-')
		b.ptr[--b.size] = '\0';
	free(v);
	if (handoff__buf_failed(&b) || b.size > 100 || b.size == strlen(prefix)) {
		handoff_buf_dispose(&b);
		return handoff__strdup("");
	}
	return b.ptr;
}

static int is_won(const struct mapping *m, const char *cell)
{
	char *v = trimmed(cell);
	size_t i;
	int won = 0;

	for (i = 0; v && i < m->nwon; i++)
		if (!strcasecmp(v, m->won_values[i]))
			won = 1;
	free(v);
	return won;
}

struct importer {
	handoff_repo *repo;
	const char *file;
	struct source src;
	struct mapping map;
	const struct kind *kind;
	const char *folder;
	struct idset existing;
	struct idset seen;	/* ids of this file's rows, with their lines */
	const handoff_import_options *opts;
	handoff_import_cb cb;
	void *payload;
};

/* The record of one won row; r->msg set and HANDOFF_EINVALID when refused. */
static int render(struct importer *im, struct row_ctx *r, const char *id,
	handoff_buf *text, char ***filled, size_t *nfilled)
{
	handoff_new_options no = HANDOFF_NEW_OPTIONS_INIT;
	handoff_buf tpl = HANDOFF_BUF_INIT, value = HANDOFF_BUF_INIT;
	struct lines ls = { NULL, 0, 0 };
	const char *front, *close;
	size_t i, k;
	int err, refused = 0;

	no.today = im->opts->today;
	if ((err = handoff_record_template(&tpl, im->repo, im->map.kind, id, &no)) < 0)
		goto done;
	front = tpl.ptr + 4;
	if (strncmp(tpl.ptr, "---\n", 4) || !(close = strstr(front, "\n---\n"))) {
		handoff__error_set(HANDOFF_ERROR_SCHEMA, "the template of kind '%s' "
			"is not front matter", im->map.kind);
		err = HANDOFF_ESCHEMA;
		goto done;
	}
	if ((err = split_front(&ls, front, (size_t)(close - front))) < 0)
		goto done;
	for (i = 0; i < im->map.nfields; i++) {
		const struct field_map *f = &im->map.fields[i];
		const char *cell = f->col < r->csv->nfields ? r->csv->fields[f->col] : "";

		value.size = 0;
		if ((err = convert(&value, r, f, cell)) < 0) {
			if (err != HANDOFF_EINVALID)
				goto done;
			refused = 1;
			err = 0;
			break;
		}
		if (err == 0)
			continue;
		for (k = 0; k < ls.n; k++)
			if (ls.v[k].path && !strcmp(ls.v[k].path, f->pointer))
				break;
		err = k < ls.n ? set_value(&ls.v[k], value.ptr) :
			insert_value(&ls, f->pointer, value.ptr);
		if (err < 0)
			goto done;
		{
			char *entry = handoff__asprintf("%s: %s", f->pointer, value.ptr);
			void *p = entry ? realloc(*filled, (*nfilled + 1) * sizeof(char *)) : NULL;

			if (!p) {
				free(entry);
				err = handoff__error_oom();
				goto done;
			}
			*filled = p;
			(*filled)[(*nfilled)++] = entry;
		}
	}
	if (refused) {
		err = HANDOFF_EINVALID;
		goto done;
	}
	handoff__buf_puts(text, "---\n");
	for (k = 0; k < ls.n; k++) {
		handoff__buf_puts(text, ls.v[k].text);
		handoff__buf_puts(text, "\n");
	}
	handoff__buf_puts(text, close + 1);
	if (handoff__buf_failed(text))
		err = handoff__error_oom();
done:
	lines_release(&ls);
	handoff_buf_dispose(&tpl);
	handoff_buf_dispose(&value);
	return err;
}

/* The record must read back as one: a check on the line surgery above. */
static int reads_back(const char *path, const handoff_buf *text)
{
	struct record_limits limits = RECORD_LIMITS_INIT;
	struct record *rec = NULL;
	const char *id;
	int ok;

	if (handoff__record_parse(&rec, path, text->ptr, text->size, &limits) < 0)
		return handoff__error_oom();
	ok = rec->diags.n == 0 && (id = handoff__node_get_str(handoff__record_front(rec), "id")) != NULL;
	handoff__record_free(rec);
	return ok;
}

static int one_row(struct importer *im, struct csv *c, size_t ncols)
{
	handoff_import_row row;
	struct row_ctx r;
	handoff_buf text = HANDOFF_BUF_INIT;
	char *id = NULL, *path = NULL, **filled = NULL, line[16];
	const char *other;
	size_t nfilled = 0, i;
	int err = 0;

	memset(&row, 0, sizeof(row));
	memset(&r, 0, sizeof(r));
	row.version = 1;
	row.line = c->row_line;
	r.file = im->file;
	r.cfg = im->src.config;
	r.csv = c;
	if (c->nfields == 1 && ncols > 1) {
		/* a report's footer (its title, "Confidential", a copyright): no deal */
		row.outcome = HANDOFF_IMPORT_NOTE;
		goto report;
	}
	if (c->nfields != ncols) {
		row_error(&r, c->nfields - 1, "%zu fields where the header has %zu",
			c->nfields, ncols);
		row.outcome = HANDOFF_IMPORT_REFUSED;
		goto report;
	}
	if (!is_won(&im->map, c->fields[im->map.won_col])) {
		row.outcome = HANDOFF_IMPORT_NOT_WON;
		goto report;
	}
	if (!(id = make_id(im->map.id_prefix, c->fields[im->map.id_col]))) {
		err = handoff__error_oom();
		goto done;
	}
	row.id = id;
	if (!*id) {
		row_error(&r, im->map.id_col, "%s: no id (letters and digits, at "
			"most 100)", im->map.id_column);
		row.outcome = HANDOFF_IMPORT_REFUSED;
		goto report;
	}
	if ((other = idset_find(&im->seen, id))) {
		row_error(&r, im->map.id_col, "%s: the id %s again (first on line %s)",
			im->map.id_column, id, other);
		row.outcome = HANDOFF_IMPORT_REFUSED;
		goto report;
	}
	snprintf(line, sizeof(line), "%u", c->row_line);
	if ((err = idset_add(&im->seen, id, line)) < 0)
		goto done;
	if (!(path = handoff__asprintf("%s%s%s.md", im->folder,
	    im->folder[strlen(im->folder) - 1] == '/' ? "" : "/", id))) {
		err = HANDOFF_ERROR;
		goto done;
	}
	if ((other = idset_find(&im->existing, id))) {
		row.outcome = HANDOFF_IMPORT_EXISTS;
		row.path = other;
		goto exists;
	}
	if (im->repo->workdir) {
		char *full = handoff__asprintf("%s%s", im->repo->workdir, path);
		struct stat st;
		int there = full && lstat(full, &st) == 0;

		free(full);
		if (there) {
			row.outcome = HANDOFF_IMPORT_EXISTS;
			row.path = path;
			goto exists;
		}
	}
	row.path = path;
	err = render(im, &r, id, &text, &filled, &nfilled);
	if (err == HANDOFF_EINVALID) {
		row.outcome = HANDOFF_IMPORT_REFUSED;
		err = 0;
		goto report;
	}
	if (err < 0)
		goto done;
	if ((err = reads_back(path, &text)) <= 0) {
		if (err == 0) {
			row_error(&r, im->map.id_col, "the record made from this row does "
				"not read back as YAML (a template this import cannot fill)");
			row.outcome = HANDOFF_IMPORT_REFUSED;
			goto report;
		}
		goto done;
	}
	err = 0;
	row.outcome = HANDOFF_IMPORT_NEW;
	row.text = text.ptr;
	row.len = text.size;
	row.filled = (const char *const *)filled;
	row.nfilled = nfilled;
	goto report;
exists:
	/* never overwritten: what is there may have moved on from the CRM's view */
	handoff__buf_printf(&r.msg, "%s:%u:%zu: warning: %s is already %s: "
		"left as it is", im->file, c->lines[im->map.id_col],
		im->map.id_col + 1, id, row.path);
report:
	if (handoff__buf_failed(&r.msg)) {
		err = handoff__error_oom();
		goto done;
	}
	row.message = r.msg.ptr;
	row.notes = (const char *const *)r.notes;
	row.nnotes = r.nnotes;
	err = im->cb(&row, im->payload);
done:
	for (i = 0; i < nfilled; i++)
		free(filled[i]);
	free(filled);
	for (i = 0; i < r.nnotes; i++)
		free(r.notes[i]);
	free(r.notes);
	handoff_buf_dispose(&r.msg);
	handoff_buf_dispose(&text);
	free(id);
	free(path);
	return err;
}

int handoff_import(handoff_repo *repo, const char *file, const char *from,
	const handoff_import_options *opts, handoff_import_cb cb, void *payload)
{
	static const handoff_import_options defaults = HANDOFF_IMPORT_OPTIONS_INIT;
	struct importer im;
	struct csv c;
	char *data = NULL;
	size_t len = 0, ncols;
	int err, more;

	memset(&im, 0, sizeof(im));
	memset(&c, 0, sizeof(c));
	im.repo = repo;
	im.file = file;
	im.opts = opts ? opts : &defaults;
	im.cb = cb;
	im.payload = payload;
	if ((err = handoff__source_open(&im.src, repo, HANDOFF_SOURCE_WORKTREE, NULL)) < 0)
		return err;
	if ((err = load_mapping(&im.map, &im.src, from)) < 0)
		goto done;
	if ((err = handoff__source_kind((struct kind **)&im.kind, &im.src, im.map.kind)) < 0)
		goto done;
	if (!im.kind) {
		err = mapping_problem(im.map.path,
			handoff__node_get(im.map.doc->root, "kind"),
			"unknown kind", im.map.kind);
		goto done;
	}
	im.folder = im.kind->folder ? im.kind->folder : im.src.config->records[0];
	if ((err = read_capped(&data, &len, file)) < 0)
		goto done;
	handoff__csv_init(&c, data, len, NULL);
	if ((more = handoff__csv_next(&c)) <= 0) {
		if (more == 0)
			handoff__error_set(HANDOFF_ERROR_INVALID, "%s:1:1: error: an empty "
				"file: no header row", file);
		err = more == 0 ? HANDOFF_EINVALID : csv_failed(file, &c, more);
		goto done;
	}
	if ((err = match_header(&im.map, file, &c)) < 0)
		goto done;
	ncols = c.nfields;
	/*
	 * The whole file is read as a table before any row is reported, so
	 * that a file cut short or broken half way writes nothing.
	 */
	{
		struct csv probe;

		handoff__csv_init(&probe, data, len, NULL);
		while ((more = handoff__csv_next(&probe)) > 0)
			;
		if (more < 0) {
			err = csv_failed(file, &probe, more);
			handoff__csv_release(&probe);
			goto done;
		}
		handoff__csv_release(&probe);
	}
	if ((err = read_ids(&im.existing, &im.src)) < 0)
		goto done;
	while ((more = handoff__csv_next(&c)) > 0)
		if ((err = one_row(&im, &c, ncols)) != 0)
			goto done;
	if (more < 0)
		err = csv_failed(file, &c, more);
done:
	handoff__csv_release(&c);
	free(data);
	idset_release(&im.existing);
	idset_release(&im.seen);
	mapping_release(&im.map);
	handoff__source_release(&im.src);
	return err;
}
