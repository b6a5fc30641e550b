/*
 * Unit tests for lib/lsp.c, the language server driven without pipes:
 * bytes fed in any pieces, answers captured from the send callback. A
 * sandbox repository with its own kind: diagnostics at UTF-16 positions,
 * completion by the YAML path of the cursor (a nested mapping, an item
 * of a list, enum values), hover with material paths, the tick and
 * insert-section code actions, cancellation of a queued request,
 * framing errors and limits, incremental changes, the exit status.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "handoff.h"
#include "json.h"
#include "sandbox.h"

static const char kind_text[] =
	"type: object\n"
	"required: [kind, id, level]\n"
	"properties:\n"
	"  kind: {const: test-kind}\n"
	"  id: {type: string}\n"
	"  level: {enum: [low, high], description: How bad it is.}\n"
	"  contact:\n"
	"    type: object\n"
	"    description: Who to call.\n"
	"    properties:\n"
	"      email: {type: string, format: email, description: Where to write.}\n"
	"      phone: {$ref: '#/$defs/text'}\n"
	"  items:\n"
	"    type: array\n"
	"    items:\n"
	"      type: object\n"
	"      required: [name, state]\n"
	"      properties:\n"
	"        name: {type: string, description: The item.}\n"
	"        state: {enum: [open, closed]}\n"
	"  tags: {type: array, items: {type: string}}\n"
	"$defs:\n"
	"  text: {type: string, minLength: 1, description: Some text.}\n"
	"x-handoff:\n"
	"  sections:\n"
	"    - {heading: Overview, min_words: 1, hint: '[What it is]'}\n"
	"    - {heading: Risks, min_words: 1}\n"
	"  checklist_heading: Checklist\n"
	"  checklist:\n"
	"    - {item: Summary done, must_tick: true}\n"
	"  material: [/contact]\n";

static const char config_text[] = "records: [tests/]\n";

/* tags/1 is a number (after CJK and an emoji), Risks is missing, the item unticked */
static const char record[] =
	"---\n"
	"kind: test-kind\n"
	"id: T-1\n"
	"level: high\n"
	"contact:\n"
	"  email: sam@vendor.example\n"
	"tags: [\xe9\x85\x8d\xe9\x80\x81\xf0\x9f\x9a\x9a, 5]\n"
	"items:\n"
	"  - name: x\n"
	"    state: open\n"
	"---\n"
	"## Overview\n"
	"Words here.\n"
	"## Checklist\n"
	"- [ ] Summary done\n";

struct client {
	struct sandbox *sb;
	handoff_repo *repo;
	handoff_lsp *lsp;
	handoff_buf out;
	size_t at;
	char uri[PATH_MAX + 64];
};

static int capture(const char *data, size_t len, void *payload)
{
	return handoff__buf_put(&((struct client *)payload)->out, data, len);
}

static int start(struct client *c, const handoff_lsp_options *o)
{
	handoff_lsp_free(c->lsp);
	handoff_repo_free(c->repo);
	c->lsp = NULL;
	c->repo = NULL;
	if (handoff_repo_open(&c->repo, NULL, 0) < 0 ||
	    handoff_lsp_new(&c->lsp, c->repo, o, capture, c) < 0)
		return -1;
	snprintf(c->uri, sizeof(c->uri), "file://%s/tests/a.md", c->sb->dir);
	return 0;
}

static int setup(void **state)
{
	struct client *c = calloc(1, sizeof(*c));

	if (!c || sandbox_init(&c->sb) < 0 ||
	    sandbox_write(c->sb, ".handoff/schemas/test-kind.yaml", kind_text) < 0 ||
	    sandbox_write(c->sb, ".handoff/config.yaml", config_text) < 0 ||
	    start(c, NULL) < 0)
		return -1;
	*state = c;
	return 0;
}

static int teardown(void **state)
{
	struct client *c = *state;

	handoff_lsp_free(c->lsp);
	handoff_repo_free(c->repo);
	handoff_buf_dispose(&c->out);
	sandbox_free(c->sb);
	free(c);
	return 0;
}

static void feed_raw(struct client *c, const char *data, size_t len)
{
	assert_int_equal(handoff_lsp_feed(c->lsp, data, len), 0);
}

static void send_json(struct client *c, const char *fmt, ...) PRINTF_LIKE(2, 3);

static void send_json(struct client *c, const char *fmt, ...)
{
	handoff_buf body = HANDOFF_BUF_INIT, msg = HANDOFF_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	assert_int_equal(handoff__buf_vprintf(&body, fmt, ap), 0);
	va_end(ap);
	handoff__buf_printf(&msg, "Content-Length: %zu\r\n\r\n%s", body.size, body.ptr);
	feed_raw(c, msg.ptr, msg.size);
	handoff_buf_dispose(&body);
	handoff_buf_dispose(&msg);
}

static void drain(struct client *c)
{
	while (handoff_lsp_pending(c->lsp))
		assert_int_equal(handoff_lsp_work(c->lsp), 0);
}

/* The next message the server sent, or NULL. */
static struct json *next_message(struct client *c)
{
	const char *p, *body;
	char *end;
	struct json *j = NULL;
	size_t n;

	if (c->at >= c->out.size)
		return NULL;
	p = c->out.ptr + c->at;
	assert_int_equal(strncmp(p, "Content-Length: ", 16), 0);
	n = strtoul(p + 16, &end, 10);
	assert_memory_equal(end, "\r\n\r\n", 4);
	body = end + 4;
	assert_true((size_t)(body - c->out.ptr) + n <= c->out.size);
	assert_int_equal(handoff__json_parse(&j, body, n, NULL, NULL), 0);
	c->at = (size_t)(body - c->out.ptr) + n;
	return j;
}

/* The answer to request `id` (other messages skipped and freed). */
static struct json *answer(struct client *c, int id)
{
	struct json *j;

	while ((j = next_message(c))) {
		const struct json *i = handoff__json_get(j, "id");

		if (i && i->type == JSON_NUMBER && i->num == id && !handoff__json_get(j, "method"))
			return j;
		handoff__json_free(j);
	}
	fail_msg("no answer to request %d", id);
	return NULL;
}

static int error_code(const struct json *j)
{
	const struct json *code = handoff__json_get(handoff__json_get(j, "error"), "code");

	assert_non_null(code);
	return (int)code->num;
}

/* The next message is an error with that code. */
static void next_error_is(struct client *c, int code)
{
	struct json *j = next_message(c);

	assert_int_equal(error_code(j), code);
	handoff__json_free(j);
}

/* The answer to request `id` is an error with that code. */
static void answer_error_is(struct client *c, int id, int code)
{
	struct json *j = answer(c, id);

	assert_int_equal(error_code(j), code);
	handoff__json_free(j);
}

static void initialize(struct client *c)
{
	struct json *j;

	send_json(c, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{}}");
	send_json(c, "{\"jsonrpc\":\"2.0\",\"method\":\"initialized\",\"params\":{}}");
	drain(c);
	j = answer(c, 1);
	assert_non_null(handoff__json_get(handoff__json_get(j, "result"), "capabilities"));
	handoff__json_free(j);
}

static void open_doc(struct client *c, const char *text)
{
	handoff_buf t = HANDOFF_BUF_INIT;

	handoff__buf_json_str(&t, text, strlen(text));
	send_json(c, "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":"
		"{\"textDocument\":{\"uri\":\"%s\",\"languageId\":\"markdown\",\"version\":1,"
		"\"text\":%s}}}", c->uri, t.ptr);
	handoff_buf_dispose(&t);
}

/* The diagnostics of the next publishDiagnostics (caller frees the message). */
static struct json *diagnostics(struct client *c, const struct json **list)
{
	struct json *j;

	drain(c);
	while ((j = next_message(c))) {
		const char *m = handoff__json_get_str(j, "method");

		if (m && !strcmp(m, "textDocument/publishDiagnostics")) {
			*list = handoff__json_get(handoff__json_get(j, "params"), "diagnostics");
			return j;
		}
		handoff__json_free(j);
	}
	fail_msg("no diagnostics");
	return NULL;
}

static const struct json *find_diag(const struct json *list, const char *prefix)
{
	const struct json *d;

	for (d = list->child; d; d = d->next)
		if (!strncmp(handoff__json_get_str(d, "message"), prefix, strlen(prefix)))
			return d;
	return NULL;
}

static unsigned long position(const struct json *d, const char *which, const char *what)
{
	unsigned long v = 0;

	assert_int_equal(handoff__json_get_uint(handoff__json_get(handoff__json_get(d, "range"), which), what, &v), 0);
	return v;
}

static void test_lsp__framing_in_any_pieces(void **state)
{
	struct client *c = *state;
	static const char two[] =
		"Content-Length: 46\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\"}"
		"\r\ncontent-length:   44\r\nContent-Type: x\r\n\r\n"
		"{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"shutdown\"}";
	struct json *j;
	size_t i;

	/* one byte at a time, a stray line break between the two */
	for (i = 0; i < sizeof(two) - 1; i++)
		feed_raw(c, two + i, 1);
	assert_int_equal(handoff_lsp_pending(c->lsp), 2);
	drain(c);
	j = answer(c, 1);
	assert_non_null(handoff__json_get(handoff__json_get(handoff__json_get(j, "result"), "capabilities"),
		"textDocumentSync"));
	handoff__json_free(j);
	j = answer(c, 2);
	assert_int_equal(handoff__json_get(j, "result")->type, JSON_NULL);
	handoff__json_free(j);
	assert_null(next_message(c));
	assert_int_equal(handoff_lsp_exit_status(c->lsp, 0), -1);
	send_json(c, "{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}");
	assert_int_equal(handoff_lsp_exit_status(c->lsp, 0), 0);
	assert_int_equal(handoff_lsp_pending(c->lsp), 0);
}

static void test_lsp__exit_without_shutdown_is_1(void **state)
{
	struct client *c = *state;

	initialize(c);
	assert_int_equal(handoff_lsp_exit_status(c->lsp, 1), 1);	/* closed now */
	send_json(c, "{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}");
	assert_int_equal(handoff_lsp_exit_status(c->lsp, 0), 1);
}

static void test_lsp__diagnostics_in_utf16(void **state)
{
	struct client *c = *state;
	const struct json *list, *d;
	struct json *msg;

	initialize(c);
	open_doc(c, record);
	msg = diagnostics(c, &list);
	assert_int_equal(list->n, 3);
	/* "tags: [" 7, two CJK 2, an emoji 2 (a surrogate pair), ", " 2: 13, not 12 */
	assert_non_null(d = find_diag(list, "/tags/1: "));
	assert_int_equal(position(d, "start", "line"), 6);
	assert_int_equal(position(d, "start", "character"), 13);
	assert_string_equal(handoff__json_get_str(d, "code"), "type");
	assert_int_equal(handoff__json_get(d, "severity")->num, 1);
	assert_non_null(d = find_diag(list, "/body/Risks: missing section"));
	assert_non_null(d = find_diag(list, "/checklist/Summary done: "));
	assert_int_equal(position(d, "start", "line"), 14);
	assert_int_equal(position(d, "start", "character"), 6);
	handoff__json_free(msg);
}

static void test_lsp__incremental_change_spliced(void **state)
{
	struct client *c = *state;
	const struct json *list;
	struct json *msg;

	initialize(c);
	open_doc(c, record);
	handoff__json_free(diagnostics(c, &list));
	/* "5" on line 6 at UTF-16 character 13 becomes "\"x\"" */
	send_json(c, "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didChange\",\"params\":"
		"{\"textDocument\":{\"uri\":\"%s\",\"version\":2},\"contentChanges\":[{\"range\":"
		"{\"start\":{\"line\":6,\"character\":13},\"end\":{\"line\":6,\"character\":14}},"
		"\"text\":\"\\\"x\\\"\"}]}}", c->uri);
	msg = diagnostics(c, &list);
	assert_int_equal(list->n, 2);
	assert_null(find_diag(list, "/tags/1"));
	assert_int_equal(handoff__json_get(handoff__json_get(msg, "params"), "version")->num, 2);
	handoff__json_free(msg);
}

/* The labels of a completion at line:character of `text`, comma-joined. */
static void complete(struct client *c, int id, const char *text, int line, int ch, char *out,
	size_t size)
{
	const struct json *it;
	struct json *j;
	size_t n = 0;

	open_doc(c, text);
	send_json(c, "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"textDocument/completion\","
		"\"params\":{\"textDocument\":{\"uri\":\"%s\"},\"position\":{\"line\":%d,"
		"\"character\":%d}}}", id, c->uri, line, ch);
	drain(c);
	j = answer(c, id);
	out[0] = '\0';
	for (it = handoff__json_get(handoff__json_get(j, "result"), "items")->child; it; it = it->next)
		n += (size_t)snprintf(out + n, n < size ? size - n : 0, "%s%s", n ? "," : "",
			handoff__json_get_str(it, "label"));
	handoff__json_free(j);
}

static void test_lsp__completion_by_yaml_path(void **state)
{
	/* the labels offered (comma-separated) at line:col of the text */
	static const struct {
		const char *want;
		int line, col;
		const char *text;
	} cases[] = {
		{ "low,high", 2, 7, "---\nkind: test-kind\nlevel: \n---\n" },
		{ "kind,id,level,contact,items,tags", 2, 0, "---\nkind: test-kind\n\n---\n" },
		/* a nested mapping, indented; a key half typed */
		{ "email,phone", 4, 4, "---\nkind: test-kind\ncontact:\n  email: a@b.c\n  ph\n---\n" },
		/* an item of a list: a new key under "- name: x", a new item, a value */
		{ "name,state", 4, 4, "---\nkind: test-kind\nitems:\n  - name: x\n    \n---\n" },
		{ "name,state", 4, 4, "---\nkind: test-kind\nitems:\n  - name: x\n  - \n---\n" },
		{ "open,closed", 4, 10, "---\nkind: test-kind\nitems:\n- name: x\n  state: o\n---\n" },
		/* the kind named by a line of text that does not parse */
		{ "low,high", 3, 7, "---\nkind: test-kind\nx: [\nlevel: \n---\n" },
		/* the body, a comment, a line after a value: nothing */
		{ "", 3, 7, "---\nkind: test-kind\n---\nlevel: \n" },
		{ "", 2, 5, "---\nkind: test-kind\n# x: \n---\n" },
	};
	struct client *c = *state;
	char labels[512];
	size_t i;

	initialize(c);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		complete(c, 10 + (int)i, cases[i].text, cases[i].line, cases[i].col,
			labels, sizeof(labels));
		if (strcmp(labels, cases[i].want))
			print_error("case %zu: %s\n", i, cases[i].text);
		assert_string_equal(labels, cases[i].want);
	}
}

static void test_lsp__hover_description_and_material(void **state)
{
	struct client *c = *state;
	struct json *j;
	const char *v;

	initialize(c);
	open_doc(c, record);
	send_json(c, "{\"jsonrpc\":\"2.0\",\"id\":20,\"method\":\"textDocument/hover\",\"params\":"
		"{\"textDocument\":{\"uri\":\"%s\"},\"position\":{\"line\":5,\"character\":4}}}", c->uri);
	send_json(c, "{\"jsonrpc\":\"2.0\",\"id\":21,\"method\":\"textDocument/hover\",\"params\":"
		"{\"textDocument\":{\"uri\":\"%s\"},\"position\":{\"line\":3,\"character\":0}}}", c->uri);
	send_json(c, "{\"jsonrpc\":\"2.0\",\"id\":22,\"method\":\"textDocument/hover\",\"params\":"
		"{\"textDocument\":{\"uri\":\"%s\"},\"position\":{\"line\":9,\"character\":5}}}", c->uri);
	drain(c);
	j = answer(c, 20);
	v = handoff__json_get_str(handoff__json_get(handoff__json_get(j, "result"), "contents"), "value");
	assert_non_null(strstr(v, "`/contact/email`"));
	assert_non_null(strstr(v, "Where to write."));
	assert_non_null(strstr(v, "**Material** (`/contact`)"));
	handoff__json_free(j);
	j = answer(c, 21);
	v = handoff__json_get_str(handoff__json_get(handoff__json_get(j, "result"), "contents"), "value");
	assert_non_null(strstr(v, "How bad it is."));
	assert_non_null(strstr(v, "Not material."));
	handoff__json_free(j);
	j = answer(c, 22);	/* an item's field: the index in the pointer */
	v = handoff__json_get_str(handoff__json_get(handoff__json_get(j, "result"), "contents"), "value");
	assert_non_null(strstr(v, "`/items/0/state`"));
	handoff__json_free(j);
}

/*
 * The answer to a codeAction request `id` over lines from..to (`more`:
 * more members of its params, each after a comma).
 */
static struct json *code_actions(struct client *c, int id, int from, int to,
	const char *more)
{
	send_json(c, "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"textDocument/codeAction\",\"params\":"
		"{\"textDocument\":{\"uri\":\"%s\"},\"range\":{\"start\":{\"line\":%d,\"character\":0},"
		"\"end\":{\"line\":%d,\"character\":0}}%s}}", id, c->uri, from, to, more);
	drain(c);
	return answer(c, id);
}

/* The first edit to `uri` of action i. */
static const struct json *first_edit(const struct json *actions, size_t i, const char *uri)
{
	const struct json *edit = handoff__json_get(handoff__json_item(actions, i), "edit");

	return handoff__json_item(handoff__json_get(handoff__json_get(edit, "changes"), uri), 0);
}

static void test_lsp__code_actions(void **state)
{
	struct client *c = *state;
	const struct json *a, *e;
	struct json *j;
	unsigned long v;

	initialize(c);
	open_doc(c, record);
	j = code_actions(c, 30, 10, 14, ",\"context\":{\"diagnostics\":[]}");
	a = handoff__json_get(j, "result");
	assert_int_equal(a->n, 2);
	assert_string_equal(handoff__json_get_str(handoff__json_item(a, 0), "title"), "Tick 'Summary done'");
	e = first_edit(a, 0, c->uri);
	assert_string_equal(handoff__json_get_str(e, "newText"), "[x]");
	assert_int_equal(position(e, "start", "line"), 14);
	assert_int_equal(position(e, "start", "character"), 2);
	assert_int_equal(position(e, "end", "character"), 5);
	/* Risks goes before the checklist, with a heading and its hint (none) */
	assert_string_equal(handoff__json_get_str(handoff__json_item(a, 1), "title"), "Insert section '## Risks'");
	e = first_edit(a, 1, c->uri);
	assert_string_equal(handoff__json_get_str(e, "newText"), "## Risks\n\n");
	assert_int_equal(handoff__json_get_uint(handoff__json_get(handoff__json_get(e, "range"), "start"), "line", &v), 0);
	assert_int_equal(v, 13);
	handoff__json_free(j);
}

static void test_lsp__fill_a_list_item(void **state)
{
	struct client *c = *state;
	const struct json *a, *e;
	struct json *j;

	initialize(c);
	open_doc(c, "---\nkind: test-kind\nitems:\n  - name: x\n    # a note\n\n  - state: open\n"
		"    name: y\n  -\n---\n");
	j = code_actions(c, 31, 0, 9, "");
	a = handoff__json_get(j, "result");
	/* the first lacks state (added after its last key), the second nothing, the third both */
	assert_int_equal(a->n, 2);
	assert_string_equal(handoff__json_get_str(handoff__json_item(a, 0), "title"), "Fill the item with its 1 missing key");
	e = first_edit(a, 0, c->uri);
	assert_string_equal(handoff__json_get_str(e, "newText"),
		"\n    state: \"<fill in>\"");
	assert_int_equal(position(e, "start", "line"), 3);
	assert_int_equal(position(e, "start", "character"), 11);
	e = first_edit(a, 1, c->uri);
	assert_string_equal(handoff__json_get_str(e, "newText"),
		"\n    name: \"<fill in>\"\n    state: \"<fill in>\"");
	assert_int_equal(position(e, "start", "line"), 8);
	handoff__json_free(j);
}

static void test_lsp__cancel_a_queued_request(void **state)
{
	struct client *c = *state;
	struct json *j;

	initialize(c);
	open_doc(c, record);
	send_json(c, "{\"jsonrpc\":\"2.0\",\"id\":40,\"method\":\"textDocument/hover\",\"params\":"
		"{\"textDocument\":{\"uri\":\"%s\"},\"position\":{\"line\":3,\"character\":0}}}", c->uri);
	send_json(c, "{\"jsonrpc\":\"2.0\",\"method\":\"$/cancelRequest\",\"params\":{\"id\":40}}");
	/* answered at once, and gone from the queue */
	j = answer(c, 40);
	assert_int_equal(error_code(j), -32800);
	assert_null(handoff__json_get(j, "result"));
	handoff__json_free(j);
	drain(c);
	while ((j = next_message(c))) {	/* only the diagnostics follow */
		assert_non_null(handoff__json_get_str(j, "method"));
		handoff__json_free(j);
	}
}

static void test_lsp__bad_frames_and_limits(void **state)
{
	struct client *c = *state;
	handoff_lsp_options o = HANDOFF_LSP_OPTIONS_INIT;
	char deep[3000];
	struct json *j;
	size_t i;

	o.max_message = 100;
	assert_int_equal(start(c, &o), 0);
	initialize(c);
	/* over the limit: answered, then its bytes skipped as they come */
	feed_raw(c, "Content-Length: 1000\r\n\r\n", 24);
	memset(deep, '{', 100);
	for (i = 0; i < 1000; i += 100)
		feed_raw(c, deep, 100);
	send_json(c, "{\"jsonrpc\":\"2.0\",\"id\":50,\"method\":\"shutdown\"}");
	drain(c);
	j = next_message(c);
	assert_int_equal(error_code(j), -32600);
	assert_non_null(strstr(handoff__json_get_str(handoff__json_get(j, "error"), "message"), "1000 bytes"));
	handoff__json_free(j);
	j = answer(c, 50);
	handoff__json_free(j);
	assert_int_equal(start(c, NULL), 0);
	c->at = c->out.size;
	/* no Content-Length; a bad one; a line too long; an empty body */
	feed_raw(c, "Content-Type: x\r\n\r\n", 19);
	feed_raw(c, "Content-Length: -1\r\n\r\n", 22);
	for (i = 0; i < 2000; i++)
		feed_raw(c, "a", 1);
	feed_raw(c, "\r\n\r\n", 4);
	feed_raw(c, "Content-Length: 0\r\n\r\n", 21);
	for (i = 0; i < 4; i++) {
		j = next_message(c);
		assert_int_equal(error_code(j), -32700);
		assert_int_equal(handoff__json_get(j, "id")->type, JSON_NULL);
		handoff__json_free(j);
	}
	/* too deep, bad JSON, not a request: refused, and the server goes on */
	memset(deep, '[', sizeof(deep));
	send_json(c, "%.*s", (int)sizeof(deep), deep);
	send_json(c, "{\"id\":3,");
	send_json(c, "{\"id\":4}");
	next_error_is(c, -32600);
	next_error_is(c, -32700);
	j = next_message(c);
	assert_int_equal(error_code(j), -32600);
	assert_int_equal(handoff__json_get(j, "id")->num, 4);
	handoff__json_free(j);
	/* before initialize: -32002; an unknown method: -32601 */
	send_json(c, "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"textDocument/hover\",\"params\":{}}");
	drain(c);
	answer_error_is(c, 5, -32002);
	initialize(c);
	send_json(c, "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"x/y\"}");
	drain(c);
	answer_error_is(c, 6, -32601);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_lsp__framing_in_any_pieces, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lsp__exit_without_shutdown_is_1, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lsp__diagnostics_in_utf16, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lsp__incremental_change_spliced, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lsp__completion_by_yaml_path, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lsp__hover_description_and_material, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lsp__code_actions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lsp__fill_a_list_item, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lsp__cancel_a_queued_request, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lsp__bad_frames_and_limits, setup, teardown),
	};

	return cmocka_run_group_tests_name("lsp", tests, NULL, NULL);
}
