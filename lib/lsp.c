/*
 * The language server's protocol logic (`git handoff lsp`): what an
 * editor gets while a rep types a record. Bytes from the client come in
 * through handoff_lsp_feed() and are split into JSON-RPC messages by
 * their Content-Length headers; answers go out through the send
 * callback. No I/O of its own, so the unit tests drive it without pipes.
 *
 * - diagnostics: the document's unsaved text judged exactly as
 *   `validate <file>` judges the file (record_parse, validate_record, the
 *   work tree's config and kinds), positions turned into LSP's 0-based
 *   lines and UTF-16 code units, published after didOpen and didChange;
 * - completion: front matter keys and enum values from the kind's
 *   schema, found by the YAML path of the cursor, read from indentation
 *   (the text being typed rarely parses);
 * - hover: a field's description, whether it is material, and on `kind:`
 *   the record's score as last committed (a score reads the history);
 * - code actions: tick a checklist item, insert a missing section with
 *   the kind's hint, fill a front matter list item with the keys its kind
 *   requires.
 *
 * Every input is bounded: a header line, the number of header lines, a
 * body (over the limit it is answered with an error and skipped as it
 * arrives, never allocated), JSON nesting and size (json.c), the queue
 * and the number of open documents. Messages wait in a queue until the
 * command has read what is there, so a $/cancelRequest behind its request
 * finds it unanswered and answers it with -32800, and a burst of
 * didChange publishes diagnostics once, for the last text.
 */
#include "assess.h"
#include "json.h"
#include "record.h"
#include "source.h"
#include "utf8.h"
#include "validate.h"

#define MAX_HEADER_LINE 1024
#define MAX_HEADER_LINES 32
#define MAX_QUEUE 256
#define MAX_QUEUED_BYTES ((size_t)64 << 20)
#define MAX_DOCS 512
#define MAX_STEPS 32
#define MAX_ITEMS 512
#define MAX_ACTION_LINES 1000

/* JSON-RPC and LSP error codes */
#define E_PARSE (-32700)
#define E_INVALID_REQUEST (-32600)
#define E_NO_METHOD (-32601)
#define E_INVALID_PARAMS (-32602)
#define E_INTERNAL (-32603)
#define E_NOT_INITIALIZED (-32002)
#define E_CANCELLED (-32800)

enum frame_state { FRAME_HEADER, FRAME_BODY, FRAME_SKIP };

struct lsp_doc {
	char *uri;
	char *file;		/* the file the URI names, or NULL */
	char *path;		/* repository-relative when inside it, for the reader */
	char *text;
	size_t len;
	long long version;
	struct lsp_doc *next;
};

struct handoff_lsp {
	handoff_repo *repo;
	handoff_write_cb send;
	void *payload;
	size_t max_message;
	struct json_limits limits;

	enum frame_state state;
	char line[MAX_HEADER_LINE];
	size_t line_len;
	int line_long, bad_header, has_length;
	unsigned int header_lines;
	size_t length, skip;
	handoff_buf body;

	int initialized, shutdown, exited;
	int cut_off;		/* a send failed: the client is gone */
	struct json **queue;
	size_t nqueue, queued_bytes;
	struct lsp_doc *docs;
	size_t ndocs;
};

/* ---- sending ---------------------------------------------------------- */

static int send_message(handoff_lsp *lsp, handoff_buf *msg)
{
	handoff_buf framed = HANDOFF_BUF_INIT;
	int err;

	if (handoff__buf_failed(msg) || !msg->ptr)
		return handoff__error_oom();
	err = handoff__buf_printf(&framed, "Content-Length: %zu\r\n\r\n", msg->size);
	if (!err)
		err = handoff__buf_put(&framed, msg->ptr, msg->size);
	if (!err && lsp->send(framed.ptr, framed.size, lsp->payload) < 0) {
		handoff__error_set(HANDOFF_ERROR_OS, "cannot write to the client");
		lsp->cut_off = 1;
		err = HANDOFF_ERROR;
	}
	handoff_buf_dispose(&framed);
	return err;
}

static int put_id(handoff_buf *b, const struct json *id)
{
	if (id && (id->type == JSON_NUMBER || id->type == JSON_STRING))
		return handoff__json_write(b, id);
	return handoff__buf_puts(b, "null");
}

static int reply_error(handoff_lsp *lsp, const struct json *id, int code,
	const char *fmt, ...) PRINTF_LIKE(4, 5);

static int reply_error(handoff_lsp *lsp, const struct json *id, int code,
	const char *fmt, ...)
{
	handoff_buf b = HANDOFF_BUF_INIT, msg = HANDOFF_BUF_INIT;
	va_list ap;
	int err;

	va_start(ap, fmt);
	handoff__buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	handoff__buf_puts(&b, "{\"jsonrpc\":\"2.0\",\"id\":");
	put_id(&b, id);
	handoff__buf_printf(&b, ",\"error\":{\"code\":%d,\"message\":", code);
	handoff__buf_json_str(&b, msg.ptr ? msg.ptr : "", msg.size);
	handoff__buf_puts(&b, "}}");
	err = send_message(lsp, &b);
	handoff_buf_dispose(&b);
	handoff_buf_dispose(&msg);
	return err;
}

/* `result` is JSON text (NULL: null). */
static int reply(handoff_lsp *lsp, const struct json *id, const handoff_buf *result)
{
	handoff_buf b = HANDOFF_BUF_INIT;
	int err;

	if (result && (handoff__buf_failed(result) || !result->ptr))
		return handoff__error_oom();
	handoff__buf_puts(&b, "{\"jsonrpc\":\"2.0\",\"id\":");
	put_id(&b, id);
	handoff__buf_puts(&b, ",\"result\":");
	if (result)
		handoff__buf_put(&b, result->ptr, result->size);
	else
		handoff__buf_puts(&b, "null");
	handoff__buf_puts(&b, "}");
	err = send_message(lsp, &b);
	handoff_buf_dispose(&b);
	return err;
}

/* ---- text positions ----------------------------------------------------- */

/* Where each line starts: LSP's line breaks are \n, \r\n and \r, as libyaml's. */
struct lines {
	const char *s;
	size_t len;
	size_t *start;
	size_t n;
};

static int lines_index(struct lines *l, const char *s, size_t len)
{
	size_t i, n = 1, k = 0;

	l->s = s;
	l->len = len;
	for (i = 0; i < len; i++)
		if (s[i] == '\n' || (s[i] == '\r' && (i + 1 == len || s[i + 1] != '\n')))
			n++;
	if (!(l->start = malloc(n * sizeof(*l->start))))
		return handoff__error_oom();
	l->start[k++] = 0;
	for (i = 0; i < len; i++)
		if (s[i] == '\n' || (s[i] == '\r' && (i + 1 == len || s[i + 1] != '\n')))
			l->start[k++] = i + 1;
	l->n = n;
	return 0;
}

static void lines_release(struct lines *l)
{
	free(l->start);
	l->start = NULL;
}

/* The end of line i (before its break); i must be < l->n. */
static size_t line_end(const struct lines *l, size_t i)
{
	size_t e = l->start[i];

	while (e < l->len && l->s[e] != '\n' && l->s[e] != '\r')
		e++;
	return e;
}

/* One code point (or one bad byte) at s[i]: its length, and its UTF-16 units. */
static size_t char_at(const char *s, size_t i, size_t end, unsigned int *units)
{
	size_t n = (unsigned char)s[i] < 0x80 ? 1 : handoff__utf8_valid_prefix(s + i, end - i);

	*units = n == 4 ? 2 : 1;	/* past the BMP: a surrogate pair */
	return n ? n : 1;
}

/* UTF-16 units of [from, to). */
static unsigned long units_between(const char *s, size_t from, size_t to)
{
	unsigned long units = 0;
	unsigned int u;

	while (from < to) {
		from += char_at(s, from, to, &u);
		units += u;
	}
	return units;
}

/* The byte `chars` characters past `from`, no further than `to`. */
static size_t skip_chars(const char *s, size_t from, size_t to, unsigned long chars)
{
	unsigned int u;

	while (chars-- && from < to)
		from += char_at(s, from, to, &u);
	return from;
}

/* The byte at UTF-16 unit `units` of [from, to) (inside a pair: after it). */
static size_t byte_at_units(const char *s, size_t from, size_t to, unsigned long units)
{
	unsigned int u;

	while (units && from < to) {
		from += char_at(s, from, to, &u);
		units = units > u ? units - u : 0;
	}
	return from;
}

static int put_position(handoff_buf *b, size_t line, unsigned long character)
{
	return handoff__buf_printf(b, "{\"line\":%zu,\"character\":%lu}", line, character);
}

static int put_range(handoff_buf *b, size_t l1, unsigned long c1, size_t l2,
	unsigned long c2)
{
	handoff__buf_puts(b, "{\"start\":");
	put_position(b, l1, c1);
	handoff__buf_puts(b, ",\"end\":");
	put_position(b, l2, c2);
	return handoff__buf_puts(b, "}");
}

/* A position of the request (line, UTF-16 character) as a byte offset and line. */
static int position_of(const struct lines *l, const struct json *pos, size_t *line,
	size_t *at)
{
	unsigned long ln, ch;

	if (handoff__json_get_uint(pos, "line", &ln) < 0 || handoff__json_get_uint(pos, "character", &ch) < 0)
		return -1;
	if (ln >= l->n) {	/* past the end: the end */
		*line = l->n - 1;
		*at = l->len;
		return 0;
	}
	*line = ln;
	*at = byte_at_units(l->s, l->start[ln], line_end(l, ln), ch);
	return 0;
}

/* ---- documents -------------------------------------------------------- */

static void ldoc_free(struct lsp_doc *d)
{
	if (!d)
		return;
	free(d->uri);
	free(d->file);
	free(d->path);
	free(d->text);
	free(d);
}

static struct lsp_doc *ldoc_find(handoff_lsp *lsp, const char *uri)
{
	struct lsp_doc *d;

	for (d = lsp->docs; d; d = d->next)
		if (!strcmp(d->uri, uri))
			return d;
	return NULL;
}

/* file:///a/b%20c.md -> /a/b c.md; NULL for another scheme or a bad escape. */
static char *uri_to_file(const char *uri)
{
	const char *p;
	char *out, *o;

	if (strncmp(uri, "file://", 7))
		return NULL;
	p = uri + 7;
	if (*p != '/') {	/* file://localhost/... */
		if (strncmp(p, "localhost/", 10))
			return NULL;
		p += 9;
	}
	if (!(out = malloc(strlen(p) + 1)))
		return NULL;
	for (o = out; *p; p++) {
		if (*p == '%' && handoff__hex_digit(p[1]) >= 0 && handoff__hex_digit(p[2]) >= 0) {
			*o = (char)(handoff__hex_digit(p[1]) * 16 + handoff__hex_digit(p[2]));
			if (!*o) {
				free(out);
				return NULL;
			}
			o++;
			p += 2;
		} else if (*p == '?' || *p == '#') {
			break;
		} else {
			*o++ = *p;
		}
	}
	*o = '\0';
	return out;
}

/* Open (or replace) the document `uri` with `text`. */
static int ldoc_open(handoff_lsp *lsp, const char *uri, const char *text, size_t len,
	long long version)
{
	struct lsp_doc *d = ldoc_find(lsp, uri);
	char *copy;

	if (!(copy = handoff__strndup(text, len)))
		return HANDOFF_ERROR;
	if (d) {
		free(d->text);
		d->text = copy;
		d->len = len;
		d->version = version;
		return 0;
	}
	if (lsp->ndocs >= MAX_DOCS) {
		free(copy);
		return 1;	/* not kept: too many open */
	}
	if (!(d = calloc(1, sizeof(*d))) || !(d->uri = handoff__strdup(uri))) {
		free(copy);
		ldoc_free(d);
		return handoff__error_oom();
	}
	d->text = copy;
	d->len = len;
	d->version = version;
	d->file = uri_to_file(uri);
	if (d->file && lsp->repo)
		d->path = handoff__repo_relative_path(lsp->repo, d->file);
	if (!d->path) {
		/* outside the repository, or not a file: named by its last segment */
		const char *base = strrchr(d->file ? d->file : uri, '/');

		d->path = handoff__strdup(base ? base + 1 : uri);
	}
	if (!d->path) {
		ldoc_free(d);
		return handoff__error_oom();
	}
	d->next = lsp->docs;
	lsp->docs = d;
	lsp->ndocs++;
	return 0;
}

static void ldoc_close(handoff_lsp *lsp, const char *uri)
{
	struct lsp_doc **p;

	for (p = &lsp->docs; *p; p = &(*p)->next)
		if (!strcmp((*p)->uri, uri)) {
			struct lsp_doc *d = *p;

			*p = d->next;
			ldoc_free(d);
			lsp->ndocs--;
			return;
		}
}

/* ---- judging a document ------------------------------------------------ */

struct analysis {
	struct source src;
	struct record *rec;
	struct kind *kind;		/* borrowed from src; NULL when unknown */
	const char *kind_name;		/* into rec, or NULL */
	struct diag_list diags;
	int judged;
};

/* The first problem of a broken config or kind, for a one-line message. */
static const char *first_schema_problem(const struct source *src, char *buf, size_t size)
{
	const handoff_diagnostic *d = src->schema_diags.n ? &src->schema_diags.v[0] : NULL;

	if (!d)
		return "see git handoff schema check";
	snprintf(buf, size, "%s:%u:%u: %s", src->schema_path ? src->schema_path : "schema",
		d->line, d->column, d->message);
	return buf;
}

/*
 * Read the document as `validate <file>` reads a file; with `judge`, judge
 * it too (a record: under the config's record folders, or naming a kind).
 */
static int analyse(struct analysis *a, handoff_lsp *lsp, const struct lsp_doc *d,
	int judge)
{
	const struct node *kn;
	char buf[512];
	int err;

	memset(a, 0, sizeof(*a));
	err = handoff__source_open(&a->src, lsp->repo, HANDOFF_SOURCE_WORKTREE, NULL);
	if (err == HANDOFF_ESCHEMA)
		return judge ? handoff__diag_add(&a->diags,
			HANDOFF_SEVERITY_ERROR, 1, 1, "config",
			"", "the config is broken, so nothing is judged: %s",
			first_schema_problem(&a->src, buf, sizeof(buf))) : 0;
	if (err < 0 || (err = handoff__record_parse(&a->rec, d->path, d->text, d->len, NULL)) < 0)
		return err;
	kn = handoff__node_get(handoff__record_front(a->rec), "kind");
	if (kn && kn->type == NODE_STRING) {
		a->kind_name = kn->str;
		if ((err = handoff__source_kind(&a->kind, &a->src, kn->str)) == HANDOFF_ESCHEMA)
			a->kind = NULL;
		else if (err < 0)
			return err;
	}
	a->judged = a->kind_name || (a->src.config && handoff__record_path_is_record(d->path) &&
		handoff__config_is_record_path(a->src.config, d->path));
	if (!judge || !a->judged)
		return 0;
	err = handoff__validate_record(&a->diags, &a->src, a->rec);
	if (err == HANDOFF_ESCHEMA)
		err = handoff__diag_add(&a->diags, HANDOFF_SEVERITY_ERROR,
			kn ? kn->line : 1,
			kn ? kn->col : 1, "schema", "/kind",
			"kind '%s' is broken, so this record is not judged: %s",
			a->kind_name ? a->kind_name : "?",
			first_schema_problem(&a->src, buf, sizeof(buf)));
	if (!err)
		err = handoff__diag_list_move(&a->diags, &a->rec->diags);
	handoff__diag_list_sort(&a->diags);
	return err;
}

static void analysis_release(struct analysis *a)
{
	handoff__diag_list_release(&a->diags);
	handoff__record_free(a->rec);
	handoff__source_release(&a->src);
}

/* The kind's name as the text says it, when the front matter does not parse. */
static int scan_kind(struct analysis *a, handoff_lsp *lsp, const struct lines *l)
{
	size_t i;
	char name[80];

	if (a->kind || !a->src.config)
		return 0;
	for (i = 1; i < l->n; i++) {
		size_t b = l->start[i], e = line_end(l, i), n;

		if (e - b >= 3 && (!memcmp(l->s + b, "---", 3) || !memcmp(l->s + b, "...", 3)))
			break;
		if (e - b < 5 || memcmp(l->s + b, "kind:", 5))
			continue;
		for (b += 5; b < e && (l->s[b] == ' ' || l->s[b] == '"' || l->s[b] == '\''); b++)
			;
		for (n = 0; b + n < e && n < sizeof(name) - 1 &&
		    ((l->s[b + n] >= 'a' && l->s[b + n] <= 'z') ||
		    (l->s[b + n] >= '0' && l->s[b + n] <= '9') || l->s[b + n] == '-'); n++)
			name[n] = l->s[b + n];
		name[n] = '\0';
		(void)lsp;
		if (n && handoff__kind_name_valid(name) &&
		    handoff__source_kind(&a->kind, &a->src, name) == HANDOFF_ESCHEMA)
			a->kind = NULL;
		return 0;
	}
	return 0;
}

/* ---- diagnostics ------------------------------------------------------- */

static int publish(handoff_lsp *lsp, const struct lsp_doc *d, int closing)
{
	handoff_buf b = HANDOFF_BUF_INIT;
	struct analysis a;
	struct lines l = { NULL, 0, NULL, 0 };
	size_t i;
	int err = 0;

	memset(&a, 0, sizeof(a));
	if (!closing && ((err = analyse(&a, lsp, d, 1)) < 0 ||
	    (err = lines_index(&l, d->text, d->len)) < 0))
		goto done;
	handoff__buf_puts(&b,
		"{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/publishDiagnostics\","
		"\"params\":{\"uri\":");
	handoff__buf_json_str(&b, d->uri, strlen(d->uri));
	if (!closing)
		handoff__buf_printf(&b, ",\"version\":%lld", d->version);
	handoff__buf_puts(&b, ",\"diagnostics\":[");
	for (i = 0; i < a.diags.n; i++) {
		const handoff_diagnostic *g = &a.diags.v[i];
		size_t ln = g->line ? g->line - 1 : 0, s, e, at;

		if (ln >= l.n)
			ln = l.n - 1;
		s = l.start[ln];
		e = line_end(&l, ln);
		at = g->column ? skip_chars(d->text, s, e, g->column - 1) : s;
		/* the range runs to the end of the line: the value and what follows it */
		while (e > at && (d->text[e - 1] == ' ' || d->text[e - 1] == '\t'))
			e--;
		if (i)
			handoff__buf_puts(&b, ",");
		handoff__buf_puts(&b, "{\"range\":");
		put_range(&b, ln, units_between(d->text, s, at), ln, units_between(d->text, s, e));
		handoff__buf_printf(&b, ",\"severity\":%d,\"code\":",
			g->severity == HANDOFF_SEVERITY_ERROR ? 1 : 2);
		handoff__buf_json_str(&b, g->code, strlen(g->code));
		handoff__buf_puts(&b, ",\"source\":\"git-handoff\",\"message\":");
		if (*g->pointer) {
			char *m = handoff__asprintf("%s: %s", g->pointer, g->message);

			handoff__buf_json_str(&b, m ? m : g->message,
				strlen(m ? m : g->message));
			free(m);
		} else {
			handoff__buf_json_str(&b, g->message, strlen(g->message));
		}
		handoff__buf_puts(&b, "}");
	}
	handoff__buf_puts(&b, "]}}");
	err = send_message(lsp, &b);
done:
	handoff_buf_dispose(&b);
	lines_release(&l);
	if (!closing)
		analysis_release(&a);
	return err;
}

/* ---- the YAML path of the cursor ---------------------------------------- */

struct step {
	const char *key;	/* NULL: an item of a list */
	size_t len;
	size_t index;
};

/* Lines [1, *end) hold the front matter; 0 when the text has none. */
static int front_matter(const struct lines *l, size_t *end)
{
	const char *s = l->s;
	size_t b = 0, e = line_end(l, 0), i;

	if (e - b >= 3 && !memcmp(s, "\xef\xbb\xbf", 3))
		b += 3;
	while (e > b && s[e - 1] == ' ')
		e--;
	if (e - b != 3 || memcmp(s + b, "---", 3))
		return 0;
	for (i = 1; i < l->n; i++) {
		b = l->start[i];
		e = line_end(l, i);
		while (e > b && s[e - 1] == ' ')
			e--;
		if (e - b == 3 && (!memcmp(s + b, "---", 3) || !memcmp(s + b, "...", 3)))
			break;
	}
	*end = i;
	return 1;
}

/* The shape of one front matter line. */
struct yline {
	size_t indent;		/* spaces before the content */
	int dash;		/* a list item: "- " */
	size_t content;		/* column of what follows the dash, or indent */
	size_t key, key_len;	/* the key's bytes (offsets in the text), if any */
	size_t value;		/* offset just past "key:" */
	int blank;		/* blank or only a comment */
};

static void read_line(struct yline *y, const char *s, size_t b, size_t e)
{
	size_t i = b, k;

	memset(y, 0, sizeof(*y));
	while (i < e && s[i] == ' ')
		i++;
	y->indent = i - b;
	y->content = y->indent;
	if (i == e || s[i] == '#') {
		y->blank = 1;
		return;
	}
	if (s[i] == '-' && (i + 1 == e || s[i + 1] == ' ')) {
		y->dash = 1;
		for (i++; i < e && s[i] == ' '; i++)
			;
	}
	y->content = i - b;
	if (i < e && (s[i] == '"' || s[i] == '\'')) {	/* a quoted key */
		char q = s[i];

		for (k = i + 1; k < e && s[k] != q; k++)
			;
		if (k + 1 < e && s[k + 1] == ':' && (k + 2 == e || s[k + 2] == ' ')) {
			y->key = i + 1;
			y->key_len = k - i - 1;
			y->value = k + 2;
		}
		return;
	}
	for (k = i; k < e && s[k] != '#' && s[k] != '{' && s[k] != '['; k++)
		if (s[k] == ':' && (k + 1 == e || s[k + 1] == ' ') && k > i) {
			y->key = i;
			y->key_len = k - i;
			while (y->key_len && s[i + y->key_len - 1] == ' ')
				y->key_len--;
			y->value = k + 1;
			return;
		}
}

/*
 * The path of the mapping that holds a key at column `target` of line
 * `line` (`dash`: the key's line starts a list item), read upwards by
 * indentation. Steps outermost first; returns how many.
 */
static size_t path_above(struct step *steps, const struct lines *l, size_t line,
	size_t target, int dash)
{
	struct step rev[MAX_STEPS];
	size_t n = 0, i, k;
	int owner = 0;		/* looking for the key that owns a list */

	if (dash) {
		rev[n].key = NULL;
		rev[n++].index = 0;
		owner = 1;
	}
	for (i = line; i-- > 1 && n < MAX_STEPS - 1 && (target || owner);) {
		struct yline y;

		read_line(&y, l->s, l->start[i], line_end(l, i));
		if (y.blank)
			continue;
		if (owner) {
			if (y.dash && y.indent == target) {
				rev[n - 1].index++;	/* an item before ours */
				continue;
			}
			if (y.indent > target || (y.indent == target && y.dash))
				continue;
			if (y.key_len) {
				rev[n].key = l->s + y.key;
				rev[n].len = y.key_len;
				rev[n++].index = 0;
			}
			owner = 0;
			if (y.dash) {	/* "- key:" whose value is our list */
				rev[n].key = NULL;
				rev[n++].index = 0;
				owner = 1;
			}
			target = y.indent;
			continue;
		}
		if (y.indent >= target)
			continue;
		if (y.dash) {
			if (y.content < target && y.key_len) {
				rev[n].key = l->s + y.key;
				rev[n].len = y.key_len;
				rev[n++].index = 0;
			}
			rev[n].key = NULL;
			rev[n++].index = 0;
			owner = 1;
		} else if (y.key_len) {
			rev[n].key = l->s + y.key;
			rev[n].len = y.key_len;
			rev[n++].index = 0;
		}
		target = y.indent;
	}
	for (k = 0; k < n; k++)
		steps[k] = rev[n - 1 - k];
	return n;
}

/* ---- the kind's schema ------------------------------------------------- */

static const struct node *resolve(const struct node *root, const struct node *s)
{
	int hops;

	for (hops = 0; s && s->type == NODE_MAP && hops < 16; hops++) {
		const char *ref = handoff__node_get_str(s, "$ref");

		if (!ref || ref[0] != '#')
			break;
		s = handoff__node_at(root, ref + 1);
	}
	return s && s->type == NODE_MAP ? s : NULL;
}

static const char *const parts[] = { "allOf", "anyOf", "oneOf", "then", "else" };

/* Each part of `s` (itself, its allOf, anyOf, ... resolved), to `cb` until it returns non-NULL. */
static const struct node *each_part(const struct node *root, const struct node *s,
	const struct node *(*cb)(const struct node *root, const struct node *s, const void *arg),
	const void *arg, int depth)
{
	const struct node *found, *p;
	size_t i, j;

	if (!(s = resolve(root, s)) || depth > 4)
		return NULL;
	if ((found = cb(root, s, arg)))
		return found;
	for (i = 0; i < ARRAY_SIZE(parts); i++) {
		if (!(p = handoff__node_get(s, parts[i])))
			continue;
		if (p->type == NODE_MAP && (found = each_part(root, p, cb, arg, depth + 1)))
			return found;
		for (j = 0; p->type == NODE_SEQ && j < p->n; j++)
			if ((found = each_part(root, p->items[j], cb, arg, depth + 1)))
				return found;
	}
	return NULL;
}

static const struct node *property_in(const struct node *root, const struct node *s,
	const void *arg)
{
	(void)root;
	return handoff__node_get(handoff__node_get(s, "properties"), arg);
}

static const struct node *items_in(const struct node *root, const struct node *s,
	const void *arg)
{
	const struct node *it = handoff__node_get(s, "items");

	(void)root;
	(void)arg;
	return it && it->type == NODE_MAP ? it : NULL;
}

/* The schema of the value at `steps`, or NULL when the kind says nothing of it. */
static const struct node *schema_at(const struct node *root, const struct step *steps,
	size_t n)
{
	const struct node *s = root;
	char key[256];
	size_t i;

	for (i = 0; s && i < n; i++) {
		if (!steps[i].key) {
			s = each_part(root, s, items_in, NULL, 0);
			continue;
		}
		if (steps[i].len >= sizeof(key))
			return NULL;
		memcpy(key, steps[i].key, steps[i].len);
		key[steps[i].len] = '\0';
		s = each_part(root, s, property_in, key, 0);
	}
	return s;
}

static const char *description_of(const struct node *root, const struct node *s)
{
	const char *d = handoff__node_get_str(s, "description");

	return d ? d : handoff__node_get_str(resolve(root, s), "description");
}

static int pointer_of(handoff_buf *b, const struct step *steps, size_t n)
{
	size_t i;
	int err = handoff__buf_puts(b, "");

	for (i = 0; !err && i < n; i++)
		err = steps[i].key ?
			handoff__buf_pointer_token(b, steps[i].key, steps[i].len) :
			handoff__buf_printf(b, "/%zu", steps[i].index);
	return err;
}

/* ---- completion -------------------------------------------------------- */

struct items {
	handoff_buf *b;
	size_t n;
	const char **seen;
	size_t *seen_len;
	const struct lines *l;
	size_t line;
	unsigned long from, to;	/* the text the item replaces */
};

static int item_seen(struct items *it, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < it->n; i++)
		if (it->seen_len[i] == len && !memcmp(it->seen[i], s, len))
			return 1;
	return it->n >= MAX_ITEMS;
}

static int add_item(struct items *it, const char *label, size_t len, int kind,
	const char *insert, const char *detail, const char *doc)
{
	handoff_buf *b = it->b;

	if (item_seen(it, label, len))
		return 0;
	it->seen[it->n] = label;
	it->seen_len[it->n] = len;
	if (it->n++)
		handoff__buf_puts(b, ",");
	handoff__buf_puts(b, "{\"label\":");
	handoff__buf_json_str(b, label, len);
	handoff__buf_printf(b, ",\"kind\":%d", kind);
	if (detail) {
		handoff__buf_puts(b, ",\"detail\":");
		handoff__buf_json_str(b, detail, strlen(detail));
	}
	if (doc) {
		handoff__buf_puts(b,
			",\"documentation\":{\"kind\":\"markdown\",\"value\":");
		handoff__buf_json_str(b, doc, strlen(doc));
		handoff__buf_puts(b, "}");
	}
	handoff__buf_puts(b, ",\"textEdit\":{\"range\":");
	put_range(b, it->line, it->from, it->line, it->to);
	handoff__buf_puts(b, ",\"newText\":");
	if (insert) {
		handoff__buf_json_str(b, insert, strlen(insert));
	} else {
		handoff__buf_json_str(b, label, len);
	}
	return handoff__buf_puts(b, "}}");
}

struct value_walk {
	struct items *it;
	const char *doc;
};

/* Every enum value, const and boolean of each part: the walk never stops early. */
static const struct node *values_in(const struct node *root, const struct node *s,
	const void *arg)
{
	const struct value_walk *w = arg;
	const struct node *e = handoff__node_get(s, "enum"),
		*c = handoff__node_get(s, "const");
	const char *type = handoff__node_get_str(s, "type");
	size_t i;

	(void)root;
	for (i = 0; e && e->type == NODE_SEQ && i < e->n; i++)
		if (handoff__node_is_scalar(e->items[i]) && e->items[i]->str)
			add_item(w->it, e->items[i]->str, e->items[i]->len, 20, NULL, NULL, w->doc);
	if (c && handoff__node_is_scalar(c) && c->str)
		add_item(w->it, c->str, c->len, 20, NULL, NULL, w->doc);
	if (type && !strcmp(type, "boolean")) {
		add_item(w->it, "true", 4, 12, NULL, NULL, w->doc);
		add_item(w->it, "false", 5, 12, NULL, NULL, w->doc);
	}
	return NULL;
}

struct key_walk {
	struct items *it;
	const struct node *root;
};

static int required_in(const struct node *s, const char *key)
{
	const struct node *r = handoff__node_get(s, "required");
	size_t i;

	for (i = 0; r && r->type == NODE_SEQ && i < r->n; i++)
		if (r->items[i]->str && !strcmp(r->items[i]->str, key))
			return 1;
	return 0;
}

static const struct node *keys_in(const struct node *root, const struct node *s,
	const void *arg)
{
	const struct key_walk *w = arg;
	const struct node *props = handoff__node_get(s, "properties");
	size_t i;

	for (i = 0; props && props->type == NODE_MAP && i < props->n; i++) {
		const struct node *k = props->pairs[i].key;
		char *insert = handoff__asprintf("%s: ", k->str);

		add_item(w->it, k->str, k->len, 10, insert,
			required_in(s, k->str) ? "required" : NULL,
			description_of(root, props->pairs[i].value));
		free(insert);
	}
	return NULL;
}

static int on_completion(handoff_lsp *lsp, const struct json *id,
	const struct json *params)
{
	const char *uri = handoff__json_get_str(handoff__json_get(params, "textDocument"), "uri");
	const struct lsp_doc *d = uri ? ldoc_find(lsp, uri) : NULL;
	handoff_buf b = HANDOFF_BUF_INIT;
	struct lines l = { NULL, 0, NULL, 0 };
	struct analysis a;
	struct step steps[MAX_STEPS + 1];
	const char *seen[MAX_ITEMS];
	size_t seen_len[MAX_ITEMS];
	struct items it = { &b, 0, seen, seen_len, &l, 0, 0, 0 };
	size_t line, at, end, nsteps;
	struct yline y;
	int err;

	memset(&a, 0, sizeof(a));
	handoff__buf_puts(&b, "{\"isIncomplete\":false,\"items\":[");
	if (!d || (err = lines_index(&l, d->text, d->len)) < 0 ||
	    position_of(&l, handoff__json_get(params, "position"), &line, &at) < 0 ||
	    !front_matter(&l, &end) || line == 0 || line >= end)
		goto answer;
	if ((err = analyse(&a, lsp, d, 0)) < 0 || (err = scan_kind(&a, lsp, &l)) < 0)
		goto fail;
	if (!a.kind)
		goto answer;
	read_line(&y, d->text, l.start[line], at);
	it.line = line;
	nsteps = path_above(steps, &l, line, y.dash ? y.indent : y.content, y.dash);
	if (y.key_len) {	/* "key: " typed: its values */
		struct value_walk w;
		const struct node *s;
		size_t v = y.value;

		while (v < at && d->text[v] == ' ')
			v++;
		steps[nsteps].key = d->text + y.key;
		steps[nsteps++].len = y.key_len;
		s = schema_at(a.kind->doc->root, steps, nsteps);
		it.from = units_between(d->text, l.start[line], v);
		it.to = units_between(d->text, l.start[line], at);
		w.it = &it;
		w.doc = s ? description_of(a.kind->doc->root, s) : NULL;
		if (s)
			each_part(a.kind->doc->root, s, values_in, &w, 0);
	} else if (!y.blank || at == l.start[line] + y.indent) {	/* a key being typed */
		struct key_walk w = { &it, a.kind->doc->root };
		const struct node *s;
		size_t k;

		for (k = l.start[line] + y.content; k < at; k++)
			if (!((d->text[k] >= 'a' && d->text[k] <= 'z') ||
			    (d->text[k] >= 'A' && d->text[k] <= 'Z') ||
			    (d->text[k] >= '0' && d->text[k] <= '9') ||
			    d->text[k] == '_' || d->text[k] == '-'))
				goto answer;
		s = schema_at(a.kind->doc->root, steps, nsteps);
		it.from = units_between(d->text, l.start[line], l.start[line] + y.content);
		it.to = units_between(d->text, l.start[line], at);
		if (s)
			each_part(a.kind->doc->root, s, keys_in, &w, 0);
	}
answer:
	handoff__buf_puts(&b, "]}");
	err = reply(lsp, id, &b);
fail:
	handoff_buf_dispose(&b);
	lines_release(&l);
	analysis_release(&a);
	return err;
}

/* ---- hover ------------------------------------------------------------- */

static int put_material(handoff_buf *b, const struct kind *kind, const char *pointer)
{
	size_t i, n = strlen(pointer), below = 0;

	for (i = 0; i < kind->nmaterial; i++) {
		const char *m = kind->material[i];
		size_t k = strlen(m);

		if (!strcmp(m, pointer) || (k < n && !strncmp(m, pointer, k) && pointer[k] == '/'))
			return handoff__buf_printf(b,
				"\n\n**Material** (`%s`): once the handoff is "
				"accepted, a change needs a `Handoff-Reason:` and shows in the audit.", m);
	}
	for (i = 0; i < kind->nmaterial; i++) {
		const char *m = kind->material[i];

		if (strlen(m) > n && !strncmp(m, pointer, n) && m[n] == '/')
			handoff__buf_printf(b, "%s`%s`",
				below++ ? ", " : "\n\nMaterial below it: ", m);
	}
	return below ? 0 : handoff__buf_puts(b, "\n\nNot material.");
}

/* On `kind:`: the kind, and the record's score as the history has it. */
static int put_kind(handoff_buf *b, handoff_lsp *lsp, const struct lsp_doc *d,
	const struct kind *kind)
{
	const struct node *root = kind->doc->root;
	const char *title = handoff__node_get_str(root, "title"),
		*desc = handoff__node_get_str(root, "description");
	handoff_assess_options ao = HANDOFF_ASSESS_OPTIONS_INIT;
	handoff_assessments *as = NULL;
	const char *path = d->file;

	handoff__buf_printf(b, "**%s**%s%s", kind->name, title ? ": " : "",
		title ? title : "");
	if (desc)
		handoff__buf_printf(b, "\n\n%s", desc);
	ao.paths = &path;
	ao.npaths = 1;
	ao.no_cache = 1;	/* never writes: not even the cache */
	if (path && lsp->repo && lsp->repo->git && handoff_assess(&as, lsp->repo, &ao) == 0 &&
	    as->n && as->v[0].max) {
		struct standing st;

		handoff__assessment_standing(&st, &as->v[0], as->as_of);
		if (st.provisional)
			handoff__buf_printf(b,
				"\n\n**Score** as last committed: %g/100 so far, "
				"%g still possible: provisional, %s if on time.", st.score,
				st.possible, st.band);
		else
			handoff__buf_printf(b,
				"\n\n**Score** as last committed: %g/100, %s.",
				st.score, st.band ? st.band : "no band");
		handoff__buf_puts(b, " The score reads the record's history (when things "
			"happened), so unsaved and uncommitted edits are not in it: "
			"`git handoff score --explain`.");
	} else
		handoff__buf_puts(b,
			"\n\n**Score**: not available for this text. The score "
			"reads the record's history (when things happened); commit the record, "
			"then `git handoff score --explain`.");
	handoff_assessments_free(as);
	return handoff__buf_failed(b) ? HANDOFF_ERROR : 0;
}

static int on_hover(handoff_lsp *lsp, const struct json *id, const struct json *params)
{
	const char *uri = handoff__json_get_str(handoff__json_get(params, "textDocument"), "uri");
	const struct lsp_doc *d = uri ? ldoc_find(lsp, uri) : NULL;
	handoff_buf b = HANDOFF_BUF_INIT, pointer = HANDOFF_BUF_INIT;
	struct lines l = { NULL, 0, NULL, 0 };
	struct analysis a;
	struct step steps[MAX_STEPS + 1];
	size_t line, at, end, nsteps;
	const struct node *s;
	struct yline y;
	int err = 0, answered = 0;

	memset(&a, 0, sizeof(a));
	if (!d || (err = lines_index(&l, d->text, d->len)) < 0 ||
	    position_of(&l, handoff__json_get(params, "position"), &line, &at) < 0 ||
	    !front_matter(&l, &end) || line == 0 || line >= end)
		goto answer;
	read_line(&y, d->text, l.start[line], line_end(&l, line));
	if (!y.key_len)
		goto answer;
	if ((err = analyse(&a, lsp, d, 0)) < 0 || (err = scan_kind(&a, lsp, &l)) < 0)
		goto fail;
	if (!a.kind)
		goto answer;
	nsteps = path_above(steps, &l, line, y.dash ? y.indent : y.content, y.dash);
	steps[nsteps].key = d->text + y.key;
	steps[nsteps++].len = y.key_len;
	pointer_of(&pointer, steps, nsteps);
	handoff__buf_puts(&b, "{\"contents\":{\"kind\":\"markdown\",\"value\":");
	{
		handoff_buf text = HANDOFF_BUF_INIT;

		if (nsteps == 1 && y.key_len == 4 && !memcmp(d->text + y.key, "kind", 4)) {
			err = put_kind(&text, lsp, d, a.kind);
		} else if ((s = schema_at(a.kind->doc->root, steps, nsteps))) {
			const char *desc = description_of(a.kind->doc->root, s);

			handoff__buf_printf(&text, "**%.*s** `%s`",
				(int)y.key_len, d->text + y.key,
				pointer.ptr ? pointer.ptr : "");
			if (desc)
				handoff__buf_printf(&text, "\n\n%s", desc);
			err = put_material(&text, a.kind, pointer.ptr ? pointer.ptr : "");
		} else {
			handoff__buf_printf(&text,
				"**%.*s** `%s`: kind %s says nothing of this field.",
				(int)y.key_len, d->text + y.key, pointer.ptr ? pointer.ptr : "",
				a.kind->name);
		}
		if (!err)
			handoff__buf_json_str(&b, text.ptr ? text.ptr : "", text.size);
		handoff_buf_dispose(&text);
	}
	handoff__buf_puts(&b, "},\"range\":");
	put_range(&b, line, units_between(d->text, l.start[line], y.key), line,
		units_between(d->text, l.start[line], y.key + y.key_len));
	handoff__buf_puts(&b, "}");
	answered = 1;
answer:
	if (!err)
		err = reply(lsp, id, answered ? &b : NULL);
fail:
	handoff_buf_dispose(&b);
	handoff_buf_dispose(&pointer);
	lines_release(&l);
	analysis_release(&a);
	return err;
}

/* ---- code actions ------------------------------------------------------ */

static int action_head(handoff_buf *b, size_t *n, const char *title, const char *uri,
	int preferred)
{
	if ((*n)++)
		handoff__buf_puts(b, ",");
	handoff__buf_puts(b, "{\"title\":");
	handoff__buf_json_str(b, title, strlen(title));
	handoff__buf_printf(b, ",\"kind\":\"quickfix\"%s,\"edit\":{\"changes\":{",
		preferred ? ",\"isPreferred\":true" : "");
	handoff__buf_json_str(b, uri, strlen(uri));
	return handoff__buf_puts(b, ":[{\"range\":");
}

static int action_tail(handoff_buf *b, const char *text, size_t len)
{
	handoff__buf_puts(b, ",\"newText\":");
	handoff__buf_json_str(b, text, len);
	return handoff__buf_puts(b, "}]}}}");
}

/* `- [ ] text` (or *, +, 1.): the offset of its '[' in [b, e), or 0. */
static size_t unticked_box(const char *s, size_t b, size_t e)
{
	size_t i = b;

	while (i < e && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i < e && (s[i] == '-' || s[i] == '*' || s[i] == '+')) {
		i++;
	} else {
		size_t d = i;

		while (i < e && s[i] >= '0' && s[i] <= '9' && i - d < 9)
			i++;
		if (i == d || i >= e || (s[i] != '.' && s[i] != ')'))
			return 0;
		i++;
	}
	if (i >= e || (s[i] != ' ' && s[i] != '\t'))
		return 0;
	while (i < e && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (e - i < 4 || memcmp(s + i, "[ ]", 3) || (s[i + 3] != ' ' && s[i + 3] != '\t'))
		return 0;
	return i;
}

/* Where a missing section goes: before the next one the kind lists, else the checklist, else the end. */
static size_t section_spot(const struct analysis *a, size_t k, const struct lines *l,
	size_t *line)
{
	const struct kind *kind = a->kind;
	size_t i, j;

	for (i = k + 1; i <= kind->nsections; i++) {
		const char *const *titles = i < kind->nsections ? kind->sections[i].titles :
			kind->checklist_titles;

		for (j = 0; titles[0] && j < a->rec->nsections; j++)
			if (handoff__kind_match_title(titles, a->rec->sections[j].heading,
			    a->rec->sections[j].heading_len) && a->rec->sections[j].line > 0 &&
			    a->rec->sections[j].line - 1 < l->n) {
				*line = a->rec->sections[j].line - 1;
				return l->start[*line];
			}
	}
	*line = l->n - 1;
	return l->len;
}

/* The required keys of each part, gathered (at most `max`, no repeats). */
struct required_walk {
	const char **keys;
	size_t n, max;
};

/*
 * Only what every item needs: `s` and its allOf; a `then` (a dropped
 * commitment's reason) depends on the item's values.
 */
static void required_of(const struct node *root, const struct node *s,
	struct required_walk *w, int depth)
{
	const struct node *r, *all;
	size_t i, j;

	if (!(s = resolve(root, s)) || depth > 4)
		return;
	r = handoff__node_get(s, "required");
	for (i = 0; r && r->type == NODE_SEQ && i < r->n && w->n < w->max; i++) {
		if (!r->items[i]->str)
			continue;
		for (j = 0; j < w->n && strcmp(w->keys[j], r->items[i]->str); j++)
			;
		if (j == w->n)
			w->keys[w->n++] = r->items[i]->str;
	}
	all = handoff__node_get(s, "allOf");
	for (i = 0; all && all->type == NODE_SEQ && i < all->n; i++)
		required_of(root, all->items[i], w, depth + 1);
}

/*
 * A list item of the front matter on line `i` (a "- " line): the keys its
 * kind requires that it lacks, added after its last line, each with the
 * template's "<fill in>".
 */
static int fill_item(handoff_buf *b, size_t *n, const struct lsp_doc *d,
	const struct lines *l, size_t i, size_t fm_end, const struct kind *kind)
{
	const char *keys[64];
	struct required_walk w = { keys, 0, 64 };
	struct step steps[MAX_STEPS + 1];
	handoff_buf text = HANDOFF_BUF_INIT;
	const struct node *s;
	struct yline y, z;
	size_t j, k, nsteps, last = i, e, missing = 0;
	char *title;
	int present;

	read_line(&y, d->text, l->start[i], line_end(l, i));
	if (!y.dash)
		return 0;
	nsteps = path_above(steps, l, i, y.indent, 1);
	if (nsteps < 2 || !(s = schema_at(kind->doc->root, steps, nsteps)))
		return 0;
	required_of(kind->doc->root, s, &w, 0);
	/* the item runs to the line before the next one as far left as its dash */
	for (j = i + 1; j < fm_end; j++) {
		read_line(&z, d->text, l->start[j], line_end(l, j));
		if (z.blank)
			continue;
		if (z.indent <= y.indent)
			break;
		last = j;
	}
	for (k = 0; k < w.n; k++) {
		present = y.key_len == strlen(keys[k]) && !memcmp(d->text + y.key, keys[k], y.key_len);
		for (j = i + 1; !present && j <= last; j++) {
			read_line(&z, d->text, l->start[j], line_end(l, j));
			present = !z.blank && !z.dash && z.indent == y.content &&
				z.key_len == strlen(keys[k]) && !memcmp(d->text + z.key, keys[k], z.key_len);
		}
		if (!present && ++missing)
			handoff__buf_printf(&text, "\n%*s%s: \"<fill in>\"",
				(int)(y.content < y.indent + 2 ? y.indent + 2 : y.content), "", keys[k]);
	}
	if (!missing)
		return 0;
	title = handoff__asprintf("Fill the item with its %zu missing key%s", missing,
		missing == 1 ? "" : "s");
	action_head(b, n, title ? title : "Fill the item", d->uri, 0);
	e = line_end(l, last);
	put_range(b, last, units_between(d->text, l->start[last], e), last,
		units_between(d->text, l->start[last], e));
	action_tail(b, text.ptr, text.size);
	free(title);
	handoff_buf_dispose(&text);
	return handoff__buf_failed(b) ? HANDOFF_ERROR : 0;
}

static int on_code_action(handoff_lsp *lsp, const struct json *id, const struct json *params)
{
	const char *uri = handoff__json_get_str(handoff__json_get(params, "textDocument"), "uri");
	const struct lsp_doc *d = uri ? ldoc_find(lsp, uri) : NULL;
	const struct json *range = handoff__json_get(params, "range");
	handoff_buf b = HANDOFF_BUF_INIT;
	struct lines l = { NULL, 0, NULL, 0 };
	struct analysis a;
	size_t first, last, at, fm_end = 0, i, n = 0;
	int err = 0;

	memset(&a, 0, sizeof(a));
	handoff__buf_puts(&b, "[");
	if (!d || (err = lines_index(&l, d->text, d->len)) < 0 ||
	    position_of(&l, handoff__json_get(range, "start"), &first, &at) < 0 ||
	    position_of(&l, handoff__json_get(range, "end"), &last,
		&at) < 0 || last < first)
		goto answer;
	if (last - first > MAX_ACTION_LINES)
		last = first + MAX_ACTION_LINES;
	if (front_matter(&l, &fm_end))
		fm_end++;
	/* tick each unticked item of the range */
	for (i = first < fm_end ? fm_end : first; i <= last && i < l.n; i++) {
		size_t e = line_end(&l, i), box = unticked_box(d->text, l.start[i], e);
		char *title;
		unsigned long c;

		if (!box)
			continue;
		title = handoff__asprintf("Tick '%.*s'",
			(int)(e - box - 4 > 80 ? 80 : e - box - 4),
			d->text + box + 4);
		c = units_between(d->text, l.start[i], box);
		action_head(&b, &n, title ? title : "Tick", d->uri, 1);
		put_range(&b, i, c, i, c + 3);
		action_tail(&b, "[x]", 3);
		free(title);
	}
	/* insert each missing section whose diagnostic is in the range */
	if ((err = analyse(&a, lsp, d, 1)) < 0 || (err = scan_kind(&a, lsp, &l)) < 0)
		goto fail;
	/* fill each list item of the front matter in the range */
	for (i = first ? first : 1; a.kind && i <= last && i + 1 < fm_end; i++)
		if ((err = fill_item(&b, &n, d, &l, i, fm_end - 1, a.kind)) < 0)
			goto fail;
	for (i = 0; a.kind && a.rec && i < a.diags.n; i++) {
		const handoff_diagnostic *g = &a.diags.v[i];
		size_t k, spot, line;
		handoff_buf text = HANDOFF_BUF_INIT;
		char *title;

		if (strcmp(g->code, "section") || strncmp(g->pointer, "/body/", 6) ||
		    strncmp(g->message, "missing section", 15) || !g->line ||
		    g->line - 1 < first || g->line - 1 > last)
			continue;
		for (k = 0; k < a.kind->nsections &&
		    strcmp(a.kind->sections[k].titles[0], g->pointer + 6); k++)
			;
		if (k == a.kind->nsections)
			continue;
		spot = section_spot(&a, k, &l, &line);
		if (spot == l.len && l.len && d->text[l.len - 1] != '\n')
			handoff__buf_puts(&text, "\n");
		handoff__buf_printf(&text, "## %s\n\n", a.kind->sections[k].titles[0]);
		if (a.kind->sections[k].hint)
			handoff__buf_printf(&text, "%s\n\n", a.kind->sections[k].hint);
		title = handoff__asprintf("Insert section '## %s'",
			a.kind->sections[k].titles[0]);
		action_head(&b, &n, title ? title : "Insert section", d->uri, 1);
		{
			unsigned long c = units_between(d->text, l.start[line], spot);

			put_range(&b, line, c, line, c);
		}
		action_tail(&b, text.ptr ? text.ptr : "", text.size);
		handoff_buf_dispose(&text);
		free(title);
	}
answer:
	handoff__buf_puts(&b, "]");
	err = reply(lsp, id, &b);
fail:
	handoff_buf_dispose(&b);
	lines_release(&l);
	analysis_release(&a);
	return err;
}

/* ---- the protocol ------------------------------------------------------ */

static int on_initialize(handoff_lsp *lsp, const struct json *id)
{
	handoff_buf b = HANDOFF_BUF_INIT;
	int err;

	if (lsp->initialized)
		return reply_error(lsp, id, E_INVALID_REQUEST, "initialize was already sent");
	lsp->initialized = 1;
	handoff__buf_puts(&b, "{\"capabilities\":{"
		"\"positionEncoding\":\"utf-16\","
		"\"textDocumentSync\":{\"openClose\":true,\"change\":1},"
		"\"completionProvider\":{\"triggerCharacters\":[\":\",\" \"]},"
		"\"hoverProvider\":true,"
		"\"codeActionProvider\":{\"codeActionKinds\":[\"quickfix\"]}},"
		"\"serverInfo\":{\"name\":\"git-handoff\",\"version\":\"" HANDOFF_VERSION "\"}}");
	err = reply(lsp, id, &b);
	handoff_buf_dispose(&b);
	return err;
}

/* Whether a later message in the queue replaces this document's text. */
static int superseded(const handoff_lsp *lsp, const char *uri)
{
	size_t i;

	for (i = 0; i < lsp->nqueue; i++) {
		const char *m = handoff__json_get_str(lsp->queue[i], "method");
		const char *u = handoff__json_get_str(handoff__json_get(handoff__json_get(lsp->queue[i], "params"),
			"textDocument"), "uri");

		if (m && u && !strcmp(u, uri) && (!strcmp(m, "textDocument/didChange") ||
		    !strcmp(m, "textDocument/didOpen") || !strcmp(m, "textDocument/didClose")))
			return 1;
	}
	return 0;
}

static long long version_of(const struct json *td)
{
	const struct json *v = handoff__json_get(td, "version");

	return v && v->type == JSON_NUMBER ? (long long)v->num : 0;
}

/* A change with a range (incremental sync) spliced in; full sync replaces all. */
static int apply_change(handoff_lsp *lsp, struct lsp_doc *d, const struct json *change)
{
	const struct json *text = handoff__json_get(change, "text"),
		*range = handoff__json_get(change, "range");
	struct lines l = { NULL, 0, NULL, 0 };
	size_t line, from, to;
	handoff_buf b = HANDOFF_BUF_INIT;
	int err;

	if (!text || text->type != JSON_STRING)
		return 0;
	if (!range)
		return ldoc_open(lsp, d->uri, text->str, text->len, d->version);
	if ((err = lines_index(&l, d->text, d->len)) < 0)
		return err;
	if (position_of(&l, handoff__json_get(range, "start"), &line, &from) < 0 ||
	    position_of(&l, handoff__json_get(range, "end"), &line, &to) < 0 || to < from) {
		lines_release(&l);
		return 0;
	}
	lines_release(&l);
	if (d->len - (to - from) + text->len > lsp->max_message)
		return 0;
	handoff__buf_put(&b, d->text, from);
	handoff__buf_put(&b, text->str, text->len);
	handoff__buf_put(&b, d->text + to, d->len - to);
	if (handoff__buf_failed(&b) || !b.ptr) {
		handoff_buf_dispose(&b);
		return handoff__error_oom();
	}
	free(d->text);
	d->text = b.ptr;
	d->len = b.size;
	return 0;
}

static int on_notification(handoff_lsp *lsp, const char *method, const struct json *params)
{
	const struct json *td = handoff__json_get(params, "textDocument");
	const char *uri = handoff__json_get_str(td, "uri");
	struct lsp_doc *d;
	const struct json *c;
	int err = 0;

	if (!uri)
		return 0;
	if (!strcmp(method, "textDocument/didOpen")) {
		const struct json *text = handoff__json_get(td, "text");

		if (!text || text->type != JSON_STRING)
			return 0;
		if ((err = ldoc_open(lsp, uri, text->str, text->len, version_of(td))) != 0)
			return err > 0 ? 0 : err;
	} else if (!strcmp(method, "textDocument/didChange")) {
		if (!(d = ldoc_find(lsp, uri)))
			return 0;
		c = handoff__json_get(params, "contentChanges");
		for (c = c && c->type == JSON_ARRAY ? c->child : NULL; !err && c; c = c->next)
			err = apply_change(lsp, d, c);
		d->version = version_of(td);
		if (err < 0)
			return err;
	} else if (!strcmp(method, "textDocument/didClose")) {
		if (!(d = ldoc_find(lsp, uri)))
			return 0;
		err = publish(lsp, d, 1);
		ldoc_close(lsp, uri);
		return err;
	} else {
		return 0;
	}
	if (superseded(lsp, uri) || !(d = ldoc_find(lsp, uri)))
		return 0;
	return publish(lsp, d, 0);
}

static int handle(handoff_lsp *lsp, const struct json *msg)
{
	const char *method = handoff__json_get_str(msg, "method");
	const struct json *id = handoff__json_get(msg, "id"),
		*params = handoff__json_get(msg, "params");

	if (!lsp->initialized && strcmp(method, "initialize"))
		return id ? reply_error(lsp, id, E_NOT_INITIALIZED,
			"the server is not initialized") : 0;
	if (lsp->shutdown)
		return id ? reply_error(lsp, id, E_INVALID_REQUEST,
			"the server is shutting down") : 0;
	if (!id)
		return on_notification(lsp, method, params);
	if (!strcmp(method, "initialize"))
		return on_initialize(lsp, id);
	if (!strcmp(method, "shutdown")) {
		lsp->shutdown = 1;
		return reply(lsp, id, NULL);
	}
	if (params && params->type != JSON_OBJECT)
		return reply_error(lsp, id, E_INVALID_PARAMS, "params must be an object");
	if (!strcmp(method, "textDocument/completion"))
		return on_completion(lsp, id, params);
	if (!strcmp(method, "textDocument/hover"))
		return on_hover(lsp, id, params);
	if (!strcmp(method, "textDocument/codeAction"))
		return on_code_action(lsp, id, params);
	return reply_error(lsp, id, E_NO_METHOD, "unknown method '%s'", method);
}

/* ---- the queue --------------------------------------------------------- */

static void drop(handoff_lsp *lsp, size_t i)
{
	handoff__json_free(lsp->queue[i]);
	memmove(&lsp->queue[i], &lsp->queue[i + 1], (lsp->nqueue - i - 1) * sizeof(*lsp->queue));
	lsp->nqueue--;
}

size_t handoff_lsp_pending(const handoff_lsp *lsp)
{
	return lsp->exited ? 0 : lsp->nqueue;
}

int handoff_lsp_work(handoff_lsp *lsp)
{
	struct json *msg;
	int err;

	if (!lsp->nqueue || lsp->exited)
		return 0;
	msg = lsp->queue[0];
	lsp->queue[0] = NULL;
	drop(lsp, 0);
	if (!lsp->nqueue)
		lsp->queued_bytes = 0;
	err = handle(lsp, msg);
	if (err < 0 && !lsp->cut_off) {
		/* a request the library could not answer: say so, go on */
		const struct json *id = handoff__json_get(msg, "id");

		err = id ? reply_error(lsp, id, E_INTERNAL, "%s", handoff_error_last()->message) : 0;
	}
	handoff__json_free(msg);
	return err;
}

static int cancel(handoff_lsp *lsp, const struct json *params)
{
	const struct json *id = handoff__json_get(params, "id");
	size_t i;
	int err;

	for (i = 0; id && i < lsp->nqueue; i++)
		if (handoff__json_same_id(handoff__json_get(lsp->queue[i], "id"), id) &&
		    handoff__json_get(lsp->queue[i], "method")) {
			err = reply_error(lsp, id, E_CANCELLED, "the request was cancelled");
			drop(lsp, i);
			return err;
		}
	return 0;	/* answered already, or never seen */
}

/* One whole message body. */
static int message(handoff_lsp *lsp, const char *text, size_t len)
{
	struct json_error je;
	struct json *j = NULL;
	const struct json *id, *method;
	int err;

	memset(&je, 0, sizeof(je));
	err = handoff__json_parse(&j, text, len, &lsp->limits, &je);
	if (err == HANDOFF_EINVALID)
		return je.problem == JSON_SYNTAX ?
			reply_error(lsp, NULL, E_PARSE, "parse error at byte %zu: %s",
				je.offset, je.message) :
			reply_error(lsp, NULL, E_INVALID_REQUEST,
				"invalid request: %s (at byte %zu)", je.message, je.offset);
	if (err < 0)
		return err;
	id = handoff__json_get(j, "id");
	method = handoff__json_get(j, "method");
	if (id && id->type != JSON_NUMBER && id->type != JSON_STRING && id->type != JSON_NULL)
		id = NULL;
	if (j->type != JSON_OBJECT || !method || method->type != JSON_STRING) {
		/* a response to us (we ask nothing) is let go; anything else is refused */
		if (j->type == JSON_OBJECT && !method && (handoff__json_get(j, "result") || handoff__json_get(j, "error")))
			err = 0;
		else
			err = reply_error(lsp, id, E_INVALID_REQUEST,
				"invalid request: not a JSON-RPC request or notification");
		handoff__json_free(j);
		return err;
	}
	if (!strcmp(method->str, "exit")) {
		lsp->exited = 1;
		handoff__json_free(j);
		return 0;
	}
	if (!strcmp(method->str, "$/cancelRequest")) {
		err = cancel(lsp, handoff__json_get(j, "params"));
		handoff__json_free(j);
		return err;
	}
	/* the queue is bounded: past it, the oldest is handled first */
	while (lsp->nqueue && (lsp->nqueue >= MAX_QUEUE ||
	    lsp->queued_bytes + len > MAX_QUEUED_BYTES))
		if ((err = handoff_lsp_work(lsp)) < 0 || lsp->exited) {
			handoff__json_free(j);
			return err;
		}
	lsp->queue[lsp->nqueue++] = j;
	lsp->queued_bytes += len;
	return 0;
}

/* ---- framing ----------------------------------------------------------- */

static int header_line(handoff_lsp *lsp)
{
	static const char name[] = "content-length:";
	size_t n = lsp->line_len, i;
	char *s = lsp->line;
	int err = 0;

	if (n && s[n - 1] == '\r')
		n--;
	lsp->line_len = 0;
	if (!n && !lsp->line_long) {	/* the blank line: the end of the header */
		if (!lsp->header_lines && !lsp->bad_header)
			return 0;	/* a stray line break between messages */
		if (lsp->bad_header || !lsp->has_length)
			err = reply_error(lsp, NULL, E_PARSE, "parse error: %s",
				lsp->bad_header ? "a header line is malformed or too long" :
				"no Content-Length header");
		else if (lsp->length > lsp->max_message) {
			err = reply_error(lsp, NULL, E_INVALID_REQUEST,
				"invalid request: a message of %zu bytes is over the limit of "
				"%zu; skipped", lsp->length, lsp->max_message);
			lsp->state = FRAME_SKIP;
			lsp->skip = lsp->length;
		} else if (!lsp->length) {
			err = reply_error(lsp, NULL, E_PARSE, "parse error: an empty message");
		} else {
			lsp->state = FRAME_BODY;
			lsp->body.size = 0;
		}
		lsp->header_lines = 0;
		lsp->bad_header = lsp->has_length = 0;
		if (lsp->state == FRAME_HEADER)
			lsp->length = 0;
		return err;
	}
	lsp->header_lines++;
	if (lsp->line_long || lsp->header_lines > MAX_HEADER_LINES) {
		lsp->bad_header = 1;
		lsp->line_long = 0;
		return 0;
	}
	for (i = 0; i < sizeof(name) - 1 && i < n; i++)
		if ((s[i] | 0x20) != name[i])
			break;
	if (i < sizeof(name) - 1)
		return 0;	/* Content-Type, or another header: not needed */
	for (; i < n && s[i] == ' '; i++)
		;
	if (i == n || lsp->has_length) {
		lsp->bad_header = 1;
		return 0;
	}
	lsp->length = 0;
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
		if (lsp->length > ((size_t)1 << 50)) {	/* far past any limit: the same answer */
			lsp->bad_header = 1;
			return 0;
		}
		lsp->length = lsp->length * 10 + (size_t)(s[i] - '0');
	}
	for (; i < n && s[i] == ' '; i++)
		;
	if (i < n)
		lsp->bad_header = 1;
	lsp->has_length = 1;
	return 0;
}

int handoff_lsp_feed(handoff_lsp *lsp, const char *data, size_t len)
{
	size_t i = 0, n;
	int err = 0;

	while (!err && i < len && !lsp->exited) {
		switch (lsp->state) {
		case FRAME_HEADER:
			if (data[i] == '\n') {
				err = header_line(lsp);
			} else if (lsp->line_len < sizeof(lsp->line)) {
				lsp->line[lsp->line_len++] = data[i];
			} else {
				lsp->line_long = 1;
			}
			i++;
			break;
		case FRAME_BODY:
			n = lsp->length - lsp->body.size;
			if (n > len - i)
				n = len - i;
			if ((err = handoff__buf_put(&lsp->body, data + i, n)) < 0)
				break;
			i += n;
			if (lsp->body.size == lsp->length) {
				lsp->state = FRAME_HEADER;
				err = message(lsp, lsp->body.ptr, lsp->body.size);
				if (lsp->body.asize > ((size_t)1 << 20))
					handoff_buf_dispose(&lsp->body);	/* keep no big buffer idle */
				lsp->body.size = 0;
				lsp->length = 0;
			}
			break;
		case FRAME_SKIP:
			n = lsp->skip < len - i ? lsp->skip : len - i;
			i += n;
			if (!(lsp->skip -= n))
				lsp->state = FRAME_HEADER;
			break;
		}
	}
	return err;
}

int handoff_lsp_exit_status(const handoff_lsp *lsp, int closed)
{
	if (!lsp->exited && !closed)
		return -1;
	return lsp->shutdown ? 0 : 1;
}

int handoff_lsp_new(handoff_lsp **out, handoff_repo *repo,
	const handoff_lsp_options *opts, handoff_write_cb send, void *payload)
{
	static const handoff_lsp_options defaults = HANDOFF_LSP_OPTIONS_INIT;
	static const struct json_limits jl = JSON_LIMITS_INIT;
	handoff_lsp *lsp;

	*out = NULL;
	opts = opts ? opts : &defaults;
	if (!(lsp = calloc(1, sizeof(*lsp))) ||
	    !(lsp->queue = calloc(MAX_QUEUE, sizeof(*lsp->queue)))) {
		free(lsp);
		return handoff__error_oom();
	}
	lsp->repo = repo;
	lsp->send = send;
	lsp->payload = payload;
	lsp->max_message = opts->max_message ? opts->max_message : (size_t)16 << 20;
	lsp->limits = jl;
	if (opts->max_depth)
		lsp->limits.max_depth = opts->max_depth;
	*out = lsp;
	return 0;
}

void handoff_lsp_free(handoff_lsp *lsp)
{
	if (!lsp)
		return;
	while (lsp->nqueue)
		drop(lsp, lsp->nqueue - 1);
	free(lsp->queue);
	while (lsp->docs) {
		struct lsp_doc *d = lsp->docs;

		lsp->docs = d->next;
		ldoc_free(d);
	}
	handoff_buf_dispose(&lsp->body);
	free(lsp);
}
