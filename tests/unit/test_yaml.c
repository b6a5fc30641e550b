/*
 * Unit tests for the YAML loader (lib/yaml.c) and the node tree readers
 * (lib/node.c).
 *
 * What they pin down: scalar typing by the YAML 1.2 core schema (`no` and
 * `2024-1-1` stay strings, `017` is 17), node positions as 1-based file
 * lines and columns (with a first_line offset, CRLF and bare CR), and the
 * hostile inputs of RELIABILITY.md section 1: duplicate keys, aliases and
 * alias bombs, merge and complex keys, nesting past the depth limit, the
 * node and scalar budgets, tabs, invalid UTF-8 (reader errors carry only a
 * byte offset), tags, %YAML directives and extra documents. Then
 * node_equal, node_at and node_to_json.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>

#include "kind.h"
#include "kind_int.h"
#include "node.h"
#include "diag_check.h"

#define LIT(s) (s), (sizeof(s) - 1)

/*
 * Load text that must load: no error, no diagnostic at all. Checks are
 * made after cleaning up, so that a failing case leaks nothing.
 */
static struct doc *load_at(const char *text, size_t len, unsigned int first_line)
{
	struct diag_list diags = DIAG_LIST_INIT;
	struct doc *doc = NULL;
	int clean;

	clean = diags_clean(handoff__yaml_load(&doc, text, len, first_line, NULL, &diags),
		&diags);
	if (!clean)
		handoff__doc_free(doc);
	assert_true(clean);
	assert_non_null(doc);
	return doc;
}

static struct doc *load(const char *text)
{
	return load_at(text, strlen(text), 1);
}

/*
 * Load text that must fail with exactly one error: `code` at line:col,
 * whose message contains `part` (when not NULL).
 */
static void fails_with(const char *text, size_t len, unsigned int first_line,
	const struct yaml_limits *limits, const char *code, unsigned int line,
	unsigned int col, const char *part)
{
	struct diag_list diags = DIAG_LIST_INIT;
	struct doc *doc = (struct doc *)&diags;	/* must be reset to NULL */
	const struct want want = { line, col, "", part };
	int rc, ok;

	rc = handoff__yaml_load(&doc, text, len, first_line, limits, &diags);
	ok = diags_are(rc, HANDOFF_EINVALID, doc == NULL, &diags, code, &want, 1);
	if (doc != (struct doc *)&diags)
		handoff__doc_free(doc);
	handoff__diag_list_release(&diags);
	assert_true(ok);
}

static void fails(const char *text, const char *code, unsigned int line,
	unsigned int col, const char *part)
{
	fails_with(text, strlen(text), 1, NULL, code, line, col, part);
}

/* The root of a one-scalar document, checked for type and text. */
static void scalar_is(const char *text, enum node_type type, const char *str)
{
	struct doc *doc = load(text);

	assert_non_null(doc->root);
	if (doc->root->type != type)
		print_error("'%s' is a %s\n", text,
			handoff__node_type_name(doc->root->type));
	assert_int_equal(doc->root->type, type);
	assert_string_equal(doc->root->str, str);
	assert_int_equal(doc->root->len, strlen(str));
	handoff__doc_free(doc);
}

static void number_is(const char *text, enum node_type type, double num)
{
	struct doc *doc = load(text);

	assert_non_null(doc->root);
	assert_int_equal(doc->root->type, type);
	assert_float_equal(doc->root->num, num, 0);
	handoff__doc_free(doc);
}

static void json_is(const char *text, const char *want)
{
	handoff_buf b = HANDOFF_BUF_INIT;
	struct doc *doc = load(text);
	int rc, same;

	rc = handoff__node_to_json(&b, doc->root);
	same = b.ptr && !strcmp(b.ptr, want);
	if (!same)
		print_error("want %s\n got %s\n", want, b.ptr ? b.ptr : "(null)");
	handoff_buf_dispose(&b);
	handoff__doc_free(doc);
	assert_int_equal(rc, 0);
	assert_true(same);
}

/* A malloc'd string of `n` copies of `unit` between `head` and `tail`. */
static char *repeat(const char *head, const char *unit, size_t n,
	const char *tail)
{
	size_t h = strlen(head), u = strlen(unit), t = strlen(tail), i;
	char *s = malloc(h + u * n + t + 1), *p;

	assert_non_null(s);
	memcpy(s, head, h);
	for (p = s + h, i = 0; i < n; i++, p += u)
		memcpy(p, unit, u);
	memcpy(p, tail, t + 1);
	return s;
}

/* ---- typing ------------------------------------------------------------ */

static void test_yaml__typing_null(void **state)
{
	struct doc *doc;

	(void)state;
	scalar_is("~", NODE_NULL, "~");
	scalar_is("null", NODE_NULL, "null");
	scalar_is("Null", NODE_NULL, "Null");
	scalar_is("NULL", NODE_NULL, "NULL");
	scalar_is("nULL", NODE_STRING, "nULL");
	doc = load("a:\nb: ''\n");
	assert_int_equal(handoff__node_get(doc->root, "a")->type, NODE_NULL);
	/* an empty quoted scalar is a string, not null */
	assert_int_equal(handoff__node_get(doc->root, "b")->type, NODE_STRING);
	handoff__doc_free(doc);
}

static void test_yaml__typing_bool_only_true_false(void **state)
{
	struct doc *doc;

	(void)state;
	doc = load("true");
	assert_int_equal(doc->root->type, NODE_BOOL);
	assert_int_equal(doc->root->boolean, 1);
	handoff__doc_free(doc);
	doc = load("FALSE");
	assert_int_equal(doc->root->type, NODE_BOOL);
	assert_int_equal(doc->root->boolean, 0);
	handoff__doc_free(doc);
	scalar_is("True", NODE_BOOL, "True");
	/* YAML 1.1 booleans are strings in 1.2 (the Norway problem) */
	scalar_is("no", NODE_STRING, "no");
	scalar_is("NO", NODE_STRING, "NO");
	scalar_is("off", NODE_STRING, "off");
	scalar_is("on", NODE_STRING, "on");
	scalar_is("y", NODE_STRING, "y");
	scalar_is("n", NODE_STRING, "n");
	scalar_is("yes", NODE_STRING, "yes");
	scalar_is("tRUE", NODE_STRING, "tRUE");
}

static void test_yaml__typing_int(void **state)
{
	(void)state;
	/* 1.2 has no implicit octal: a leading 0 is decimal */
	number_is("017", NODE_INT, 17);
	scalar_is("017", NODE_INT, "017");
	number_is("-017", NODE_INT, -17);
	number_is("+5", NODE_INT, 5);
	number_is("0", NODE_INT, 0);
	number_is("0x1F", NODE_INT, 31);
	number_is("0o17", NODE_INT, 15);
	number_is("150000", NODE_INT, 150000);
	/* not core ints */
	scalar_is("0X1F", NODE_STRING, "0X1F");
	scalar_is("0b101", NODE_STRING, "0b101");
	scalar_is("0o19", NODE_STRING, "0o19");
	scalar_is("0x", NODE_STRING, "0x");
	scalar_is("1_000", NODE_STRING, "1_000");
	scalar_is("-0x1F", NODE_STRING, "-0x1F");
}

static void test_yaml__typing_float(void **state)
{
	struct doc *doc;

	(void)state;
	number_is("3e4", NODE_FLOAT, 30000);
	number_is("2.5", NODE_FLOAT, 2.5);
	number_is(".5", NODE_FLOAT, 0.5);
	number_is("-1.5E-2", NODE_FLOAT, -0.015);
	/* the text is kept as written */
	scalar_is("1.10", NODE_FLOAT, "1.10");
	number_is("1.10", NODE_FLOAT, 1.1);
	scalar_is("1.", NODE_FLOAT, "1.");

	doc = load("[.inf, -.inf, +.INF, .NaN]");
	assert_int_equal(doc->root->items[0]->type, NODE_FLOAT);
	assert_true(isinf(doc->root->items[0]->num) && doc->root->items[0]->num > 0);
	assert_true(isinf(doc->root->items[1]->num) && doc->root->items[1]->num < 0);
	assert_true(isinf(doc->root->items[2]->num));
	assert_int_equal(doc->root->items[3]->type, NODE_FLOAT);
	assert_true(isnan(doc->root->items[3]->num));
	handoff__doc_free(doc);

	scalar_is("1e", NODE_STRING, "1e");
	scalar_is(".", NODE_STRING, ".");
	scalar_is(".infinity", NODE_STRING, ".infinity");
	scalar_is("-.nan", NODE_STRING, "-.nan");
}

static void test_yaml__typing_strings(void **state)
{
	struct doc *doc;

	(void)state;
	/* sexagesimal and loose dates are 1.1 ideas */
	scalar_is("1:20", NODE_STRING, "1:20");
	scalar_is("2024-1-1", NODE_STRING, "2024-1-1");
	scalar_is("2026-11-02", NODE_STRING, "2026-11-02");
	scalar_is("2026-11-02T15:00:00+09:00", NODE_STRING,
		"2026-11-02T15:00:00+09:00");
	scalar_is("jane@vendor.example", NODE_STRING, "jane@vendor.example");

	doc = load("a: \"1\"\nb: '017'\nc: \"true\"\nd: |\n  12\ne: plain\n");
	assert_int_equal(handoff__node_get(doc->root, "a")->type, NODE_STRING);
	assert_true(handoff__node_get(doc->root, "a")->flags & NODE_QUOTED);
	assert_string_equal(handoff__node_get_str(doc->root, "a"), "1");
	assert_string_equal(handoff__node_get_str(doc->root, "b"), "017");
	assert_string_equal(handoff__node_get_str(doc->root, "c"), "true");
	/* a block scalar is a string, with its line break */
	assert_string_equal(handoff__node_get_str(doc->root, "d"), "12\n");
	assert_true(handoff__node_get(doc->root, "d")->flags & NODE_QUOTED);
	assert_false(handoff__node_get(doc->root, "e")->flags & NODE_QUOTED);
	handoff__doc_free(doc);
}

static void test_yaml__typing_keys_keep_text(void **state)
{
	struct doc *doc;

	(void)state;
	doc = load("1: one\nno: nay\n~: nothing\n");
	assert_int_equal(doc->root->n, 3);
	assert_int_equal(doc->root->pairs[0].key->type, NODE_INT);
	assert_string_equal(handoff__node_get_str(doc->root, "1"), "one");
	assert_string_equal(handoff__node_get_str(doc->root, "no"), "nay");
	assert_string_equal(handoff__node_get_str(doc->root, "~"), "nothing");
	assert_null(handoff__node_get(doc->root, "null"));
	handoff__doc_free(doc);
}

/* ---- tags -------------------------------------------------------------- */

static void test_yaml__tag_str_keeps_text(void **state)
{
	struct doc *doc;

	(void)state;
	doc = load("a: !!str 2024-01-01\nb: !!str 017\nc: !!str true\nd: ! 12\n");
	assert_int_equal(handoff__node_get(doc->root, "a")->type, NODE_STRING);
	assert_string_equal(handoff__node_get_str(doc->root, "a"), "2024-01-01");
	assert_string_equal(handoff__node_get_str(doc->root, "b"), "017");
	assert_string_equal(handoff__node_get_str(doc->root, "c"), "true");
	/* the non-specific tag '!' makes a string too */
	assert_string_equal(handoff__node_get_str(doc->root, "d"), "12");
	handoff__doc_free(doc);
}

static void test_yaml__tag_core_types_must_fit(void **state)
{
	struct doc *doc;

	(void)state;
	doc = load("a: !!int \"12\"\nb: !!float 1\nc: !!bool true\nd: !!null ~\n");
	assert_int_equal(handoff__node_get(doc->root, "a")->type, NODE_INT);
	assert_float_equal(handoff__node_get(doc->root, "a")->num, 12, 0);
	assert_int_equal(handoff__node_get(doc->root, "b")->type, NODE_FLOAT);
	assert_int_equal(handoff__node_get(doc->root, "c")->type, NODE_BOOL);
	assert_int_equal(handoff__node_get(doc->root, "d")->type, NODE_NULL);
	handoff__doc_free(doc);

	fails("a: !!int abc\n", "yaml-tag", 1, 4, "not a valid int");
	fails("a: !!bool no\n", "yaml-tag", 1, 4, "not a valid bool");
}

static void test_yaml__tag_binary_rejected(void **state)
{
	(void)state;
	fails("a: !!binary aGVsbG8=\n", "yaml-tag", 1, 4, "binary");
	fails("x: 1\ny: !!timestamp 2024-01-01\n", "yaml-tag", 2, 4, "timestamp");
	fails("a: !custom value\n", "yaml-tag", 1, 4, "!custom");
}

/*
 * node.h: "unknown tags ... are problems". Core collection tags are fine,
 * anything else on a mapping or a sequence must be refused as well.
 */
static void test_yaml__tag_on_collection_rejected(void **state)
{
	struct doc *doc;

	(void)state;
	doc = load("a: !!map {k: 1}\nb: !!seq [1]\n");
	assert_int_equal(handoff__node_get(doc->root, "a")->type, NODE_MAP);
	assert_int_equal(handoff__node_get(doc->root, "b")->type, NODE_SEQ);
	handoff__doc_free(doc);

	fails("a: !!python/object:os.system {k: 1}\n", "yaml-tag", 1, 4, NULL);
	fails("a: !!set {x: ~}\n", "yaml-tag", 1, 4, NULL);
	fails("a: !foo [1, 2]\n", "yaml-tag", 1, 4, NULL);
}

/* ---- positions --------------------------------------------------------- */

static void test_yaml__positions_are_one_based(void **state)
{
	struct doc *doc;
	const struct node *owners, *list, *m;

	(void)state;
	doc = load("kind: deal-handoff\nowners:\n  ae: jane@x.example\n"
		"  list: [1, {c: 2}]\n");
	assert_int_equal(doc->root->line, 1);
	assert_int_equal(doc->root->col, 1);
	assert_int_equal(doc->root->pairs[0].key->line, 1);
	assert_int_equal(doc->root->pairs[0].key->col, 1);
	assert_int_equal(handoff__node_get(doc->root, "kind")->col, 7);
	owners = handoff__node_get(doc->root, "owners");
	assert_int_equal(owners->line, 3);
	assert_int_equal(owners->col, 3);
	assert_int_equal(handoff__node_get(owners, "ae")->line, 3);
	assert_int_equal(handoff__node_get(owners, "ae")->col, 7);
	list = handoff__node_get(owners, "list");
	assert_int_equal(list->line, 4);
	assert_int_equal(list->col, 9);
	assert_int_equal(list->items[0]->col, 10);
	m = list->items[1];
	assert_int_equal(m->col, 13);
	assert_int_equal(m->pairs[0].key->col, 14);
	assert_int_equal(handoff__node_get(m, "c")->line, 4);
	assert_int_equal(handoff__node_get(m, "c")->col, 17);
	handoff__doc_free(doc);
}

static void test_yaml__positions_honour_first_line(void **state)
{
	static const char text[] = "kind: x\nlist:\n  - a\n  - b\n";
	struct doc *doc;
	const struct node *list;

	(void)state;
	doc = load_at(LIT(text), 5);
	assert_int_equal(doc->root->line, 5);
	list = handoff__node_get(doc->root, "list");
	assert_int_equal(list->line, 7);
	assert_int_equal(list->col, 3);
	assert_int_equal(list->items[1]->line, 8);
	assert_int_equal(list->items[1]->col, 5);
	handoff__doc_free(doc);

	/* 0 means 1 */
	doc = load_at(LIT(text), 0);
	assert_int_equal(handoff__node_get(doc->root, "list")->items[1]->line, 4);
	handoff__doc_free(doc);
}

static void test_yaml__positions_multibyte_columns(void **state)
{
	struct doc *doc;

	(void)state;
	/* columns count characters: 日本 is two columns, not six */
	doc = load("\xe6\x97\xa5\xe6\x9c\xac: [x, y]\n");
	assert_int_equal(doc->root->pairs[0].value->col, 5);
	assert_int_equal(doc->root->pairs[0].value->items[1]->col, 9);
	handoff__doc_free(doc);
}

static void test_yaml__positions_crlf(void **state)
{
	struct doc *doc;
	const struct node *b;

	(void)state;
	doc = load("a: 1\r\nb:\r\n  - x\r\n  - y\r\nc: z\r\n");
	b = handoff__node_get(doc->root, "b");
	assert_int_equal(b->items[0]->line, 3);
	assert_int_equal(b->items[0]->col, 5);
	assert_int_equal(b->items[1]->line, 4);
	assert_int_equal(handoff__node_get(doc->root, "c")->line, 5);
	assert_string_equal(handoff__node_get_str(doc->root, "c"), "z");
	handoff__doc_free(doc);

	fails("a: 1\r\nb: 2\r\na: 3\r\n", "duplicate-key", 3, 1, "first at line 1");
}

static void test_yaml__positions_bare_cr(void **state)
{
	struct doc *doc;
	const struct node *b;

	(void)state;
	doc = load("a: 1\rb:\r  - x\r  - y\rc: z\r");
	b = handoff__node_get(doc->root, "b");
	assert_int_equal(b->items[0]->line, 3);
	assert_int_equal(b->items[1]->line, 4);
	assert_int_equal(b->items[1]->col, 5);
	assert_int_equal(handoff__node_get(doc->root, "c")->line, 5);
	handoff__doc_free(doc);

	/* mixed: CRLF, CR, LF */
	doc = load("a: 1\r\nb: 2\rc: 3\nd: 4\n");
	assert_int_equal(handoff__node_get(doc->root, "d")->line, 4);
	handoff__doc_free(doc);
	fails("a: 1\rb: [\r", "yaml", 3, 1, NULL);
}

/*
 * A UTF-8 byte order mark before the first key (a config or schema saved
 * by Notepad) is not content: libyaml skips it but counts it as column 1,
 * so the first key sits at column 2 and the next line's key, at column
 * 1, no longer belongs to the same mapping. The file must load, with the
 * columns of line 1 as the editor shows them.
 */
static void test_yaml__leading_bom_is_ignored(void **state)
{
	struct doc *doc;

	(void)state;
	doc = load("\xef\xbb\xbf" "a: 1\nb: 2\n");
	assert_int_equal(doc->root->n, 2);
	assert_int_equal(doc->root->pairs[0].key->line, 1);
	assert_int_equal(doc->root->pairs[0].key->col, 1);
	assert_int_equal(handoff__node_get(doc->root, "a")->col, 4);
	assert_int_equal(handoff__node_get(doc->root, "b")->col, 4);
	handoff__doc_free(doc);
}

/* ---- duplicate keys ---------------------------------------------------- */

static void test_yaml__duplicate_key(void **state)
{
	(void)state;
	fails("owner: a\nid: 1\nowner: b\n", "duplicate-key", 3, 1,
		"duplicate key 'owner' (first at line 1)");
	/* three of them: the second is the one reported */
	fails("k: 1\nk: 2\nk: 3\n", "duplicate-key", 2, 1, "first at line 1");
	fails("{a: 1, b: 2, a: 3}", "duplicate-key", 1, 14, "'a'");
}

/*
 * Two keys repeated: the repeat that comes first in the file is the one
 * reported, in a small mapping and in one too large to compare key by
 * key (sorted), whichever key sorts first.
 */
static void test_yaml__duplicate_key_first_in_file(void **state)
{
	char big[1024];
	int i, n = 0;

	(void)state;
	fails("z: 1\nb: 2\nz: 3\nb: 4\n", "duplicate-key", 3, 1,
		"duplicate key 'z' (first at line 1)");
	for (i = 0; i < 40; i++)
		n += snprintf(big + n, sizeof(big) - (size_t)n, "k%02d: 1\n", i);
	snprintf(big + n, sizeof(big) - (size_t)n, "z: 1\nk30: 2\nz: 3\nk05: 4\nk05: 5\n");
	fails(big, "duplicate-key", 42, 1, "duplicate key 'k30' (first at line 31)");
}

static void test_yaml__duplicate_key_quoted_and_plain(void **state)
{
	(void)state;
	fails("\"a\": 1\na: 2\n", "duplicate-key", 2, 1, "first at line 1");
	fails("a: 1\n'a': 2\n", "duplicate-key", 2, 1, "first at line 1");
	fails("x: 0\n\"owner\": 1\nowner: 2\n", "duplicate-key", 3, 1,
		"first at line 2");
}

static void test_yaml__duplicate_key_nested(void **state)
{
	struct doc *doc;

	(void)state;
	fails("top:\n  x: 1\n  y: 2\n  x: 3\n", "duplicate-key", 4, 3,
		"duplicate key 'x' (first at line 2)");
	fails("list:\n  - {a: 1}\n  - {b: 1, b: 2}\n", "duplicate-key", 3, 12,
		"first at line 3");
	/* the same name at different levels or in sibling maps is fine */
	doc = load("a:\n  a: 1\nb:\n  - {k: 1}\n  - {k: 2}\n");
	assert_int_equal(doc->root->n, 2);
	handoff__doc_free(doc);
}

/* ---- aliases, merge keys, complex keys ---------------------------------- */

static void test_yaml__billion_laughs_rejected(void **state)
{
	static const char bomb[] =
		"a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
		"b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
		"c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
		"d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
		"e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
		"f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
		"g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
		"h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
		"i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n";

	(void)state;
	assert_true(sizeof(bomb) < 400);
	/* the first alias, not the expansion, is the problem */
	fails_with(LIT(bomb), 1, NULL, "alias", 2, 8, "'*a'");
}

static void test_yaml__cyclic_alias_rejected(void **state)
{
	(void)state;
	fails("a: &x [*x]\n", "alias", 1, 8, "*x");
	fails("&m {k: *m}\n", "alias", 1, 8, "*m");
}

static void test_yaml__undefined_alias_rejected(void **state)
{
	struct doc *doc;

	(void)state;
	fails("a: 1\nb: *nope\n", "alias", 2, 4, "*nope");
	/* an anchor nobody refers to is harmless */
	doc = load("a: &x 1\nb: 2\n");
	assert_int_equal(handoff__node_get(doc->root, "a")->type, NODE_INT);
	handoff__doc_free(doc);
}

static void test_yaml__merge_key_rejected(void **state)
{
	struct doc *doc;

	(void)state;
	fails("base: &b {x: 1}\nderived:\n  <<: *b\n  y: 2\n", "yaml-merge", 3, 3,
		"<<");
	fails("a: {<<: {x: 1}}\n", "yaml-merge", 1, 5, NULL);
	/* a quoted "<<" is an ordinary key, and "<<" as a value is a string */
	doc = load("\"<<\": 1\nk: <<\n");
	assert_float_equal(handoff__node_get(doc->root, "<<")->num, 1, 0);
	assert_string_equal(handoff__node_get_str(doc->root, "k"), "<<");
	handoff__doc_free(doc);
}

static void test_yaml__complex_key_rejected(void **state)
{
	struct doc *doc;

	(void)state;
	fails("? [a]\n: b\n", "yaml-complex-key", 1, 3, "sequence");
	fails("? {k: v}\n: b\n", "yaml-complex-key", 1, 3, "mapping");
	fails("{[a]: b}", "yaml-complex-key", 1, 2, NULL);
	/* an explicit key that is a scalar is just a key */
	doc = load("? a\n: b\n");
	assert_string_equal(handoff__node_get_str(doc->root, "a"), "b");
	handoff__doc_free(doc);
}

/* ---- limits ------------------------------------------------------------ */

static void test_yaml__depth_64_is_fine(void **state)
{
	char *open = repeat("", "[", 64, ""), *text;
	struct doc *doc;
	const struct node *n;
	int depth = 0;

	(void)state;
	text = repeat(open, "]", 64, "");
	doc = load(text);
	for (n = doc->root; n && n->type == NODE_SEQ; n = n->n ? n->items[0] : NULL)
		depth++;
	assert_int_equal(depth, 64);
	handoff__doc_free(doc);
	free(text);
	free(open);
}

static void test_yaml__depth_65_fails_at_its_column(void **state)
{
	char *open = repeat("", "[", 65, ""), *text = repeat(open, "]", 65, "");

	(void)state;
	fails(text, "depth", 1, 65, "64");
	free(text);
	free(open);
}

static void test_yaml__depth_block_mappings(void **state)
{
	char *text = malloc(65 * 70 + 8), *p = text;
	int i;

	(void)state;
	assert_non_null(text);
	/* line i holds "k:" indented by i - 1 spaces: map i starts at i:i */
	for (i = 0; i < 65; i++) {
		memset(p, ' ', (size_t)i);
		p += i;
		memcpy(p, "k:\n", 3);
		p += 3;
	}
	memset(p, ' ', 65);
	strcpy(p + 65, "k: x\n");
	fails(text, "depth", 65, 65, NULL);
	free(text);
}

static void test_yaml__depth_custom_limit(void **state)
{
	struct yaml_limits lim = YAML_LIMITS_INIT;
	struct diag_list diags = DIAG_LIST_INIT;
	struct doc *doc = NULL;

	(void)state;
	lim.max_depth = 2;
	assert_int_equal(handoff__yaml_load(&doc, LIT("a: [1, 2]"), 1, &lim, &diags), 0);
	handoff__doc_free(doc);
	fails_with(LIT("a: [1, [2]]"), 1, &lim, "depth", 1, 8, "2 levels");
	handoff__diag_list_release(&diags);
}

static void test_yaml__hundred_thousand_brackets(void **state)
{
	char *text = repeat("", "[", 100000, "");

	(void)state;
	/* no recursion, no quadratic blow-up: the 65th '[' stops it */
	fails(text, "depth", 1, 65, NULL);
	free(text);
}

static void test_yaml__ten_thousand_block_sequences(void **state)
{
	char *text = repeat("", "- ", 10000, "x\n");

	(void)state;
	fails(text, "depth", 1, 129, NULL);
	free(text);
}

static void test_yaml__node_budget(void **state)
{
	struct yaml_limits lim = YAML_LIMITS_INIT;
	struct diag_list diags = DIAG_LIST_INIT;
	struct doc *doc = NULL;

	(void)state;
	lim.max_nodes = 5;
	/* the sequence and four items: exactly five */
	assert_int_equal(handoff__yaml_load(&doc, LIT("[1, 2, 3, 4]"), 1, &lim, &diags), 0);
	assert_int_equal(doc->root->n, 4);
	handoff__doc_free(doc);
	assert_int_equal(diags.n, 0);
	fails_with(LIT("[1, 2, 3, 4, 5]"), 1, &lim, "too-many-nodes", 1, 14,
		"more than 5");
}

static void test_yaml__node_budget_default(void **state)
{
	/* a sequence of 100000 items is 100001 nodes */
	char *text = repeat("[", "1,", 99999, "1]");

	(void)state;
	fails(text, "too-many-nodes", 1, 200000, "100000");
	free(text);
}

static void test_yaml__scalar_over_64k(void **state)
{
	char *ok = repeat("a: ", "x", 65536, "\n");
	char *big = repeat("a: ", "x", 65537, "\n");
	char *block = repeat("k: 1\nb: |\n", "  xxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n",
		3000, "");
	struct doc *doc;

	(void)state;
	doc = load(ok);
	assert_int_equal(handoff__node_get(doc->root, "a")->len, 65536);
	handoff__doc_free(doc);
	fails(big, "too-large", 1, 4, "65536");
	fails(block, "too-large", 2, 4, NULL);
	free(ok);
	free(big);
	free(block);
}

/* ---- syntax errors with positions --------------------------------------- */

static void test_yaml__tab_indentation(void **state)
{
	static const char text[] = "a:\n\tb: 2\n";

	(void)state;
	fails(text, "yaml", 2, 1, "cannot start any token");
	fails("a: 1\n\tb: 2\n", "yaml", 2, 1, "tab");
	/* first_line moves it */
	fails_with(LIT(text), 4, NULL, "yaml", 5, 1, NULL);
}

static void test_yaml__syntax_error_position(void **state)
{
	(void)state;
	fails("a: 1\nb: c: d\n", "yaml", 2, 5, "mapping values are not allowed");
	fails("a: [1, 2\nb: 3\n", "yaml", 2, 2, NULL);
}

static void test_yaml__long_simple_key(void **state)
{
	char *text = repeat("x: 1\n", "k", 1100, ": v\n");

	(void)state;
	fails(text, "yaml", 2, 1101, "could not find expected ':'");
	free(text);
}

static void test_yaml__invalid_utf8_has_line_and_column(void **state)
{
	static const char text[] = "a: b\nc: \xff\n";

	(void)state;
	/* libyaml gives only a byte offset; the loader makes it line:col */
	fails_with(LIT(text), 1, NULL, "yaml", 2, 4, "0xff");
	fails_with(LIT(text), 10, NULL, "yaml", 11, 4, "invalid leading UTF-8 octet");
	fails_with(LIT("a: 1\r\nb: \xff"), 1, NULL, "yaml", 2, 4, NULL);
	/* columns after multibyte characters count characters */
	fails_with(LIT("a: \xc3\xa9\nb: \xe6\x97\xa5\xe6\x9c\xac\xff\n"), 1, NULL,
		"yaml", 2, 6, NULL);
}

static void test_yaml__invalid_utf8_kinds(void **state)
{
	(void)state;
	fails_with(LIT("a: \xc0\xaf\n"), 1, NULL, "yaml", 1, 4, NULL);
	fails_with(LIT("a: \xed\xa0\x80\n"), 1, NULL, "yaml", 1, 4, NULL);
	fails_with(LIT("a: \xf4\x90\x80\x80\n"), 1, NULL, "yaml", 1, 4, NULL);
	/* cut off at the end of the input */
	fails_with(LIT("a: \xe6\x97"), 1, NULL, "yaml", 1, 4, "incomplete");
	/* C0 controls other than tab and line breaks */
	fails_with(LIT("a: b\x01\n"), 1, NULL, "yaml", 1, 5, "control characters");
}

/* ---- directives and documents ------------------------------------------ */

static void test_yaml__version_directive(void **state)
{
	struct diag_list diags = DIAG_LIST_INIT;
	struct doc *doc;

	(void)state;
	doc = load("%YAML 1.2\n---\na: no\n");
	assert_string_equal(handoff__node_get_str(doc->root, "a"), "no");
	assert_int_equal(handoff__node_get(doc->root, "a")->line, 3);
	handoff__doc_free(doc);

	/* 1.1 loads, with a warning that 1.2 typing still applies */
	assert_int_equal(handoff__yaml_load(&doc, LIT("%YAML 1.1\n---\na: no\n"), 1, NULL,
		&diags), 0);
	assert_int_equal(diags.n, 1);
	assert_int_equal(diags.v[0].severity, HANDOFF_SEVERITY_WARNING);
	assert_string_equal(diags.v[0].code, "yaml-version");
	assert_int_equal(handoff__node_get(doc->root, "a")->type, NODE_STRING);
	handoff__doc_free(doc);
	handoff__diag_list_release(&diags);

	fails("%YAML 2.0\n---\na: 1\n", "yaml", 1, 1, "incompatible");
}

static void test_yaml__one_document_only(void **state)
{
	struct doc *doc;

	(void)state;
	fails("a: 1\n---\nb: 2\n", "yaml-documents", 2, 1, "expected 1 YAML document");
	fails("a: 1\n...\n---\n", "yaml-documents", 3, 1, NULL);
	fails("a: 1\n...\ngarbage\n", "yaml", 3, 1, NULL);
	/* one explicit document with its end marker is fine */
	doc = load("---\na: 1\n...\n");
	assert_int_equal(doc->root->type, NODE_MAP);
	handoff__doc_free(doc);
}

static void test_yaml__empty_input(void **state)
{
	struct doc *doc;

	(void)state;
	doc = load_at("", 0, 1);
	assert_null(doc->root);
	handoff__doc_free(doc);
	doc = load("# only\n# comments\n");
	assert_null(doc->root);
	handoff__doc_free(doc);
	doc = load("   \n\n  \n");
	assert_null(doc->root);
	handoff__doc_free(doc);
	/* an explicit document with nothing in it is a null, not nothing */
	doc = load("---\n");
	assert_non_null(doc->root);
	assert_int_equal(doc->root->type, NODE_NULL);
	handoff__doc_free(doc);
}

/* ---- anchors, controls, tags, regressions (RELIABILITY.md 1.3-1.14) ------ */

/*
 * libyaml's loader says "found duplicate anchor"; we read events, where a
 * reused anchor is no error, and refuse every alias instead. So a reused
 * anchor is harmless: it names nothing that can be used. Pinned here.
 */
static void test_yaml__reused_anchor_names_nothing(void **state)
{
	struct doc *doc;

	(void)state;
	doc = load("a: &x 1\nb: &x 2\n");
	assert_float_equal(handoff__node_get(doc->root, "b")->num, 2, 0);
	handoff__doc_free(doc);
	fails("a: &x 1\nb: &x 2\nc: *x\n", "alias", 3, 4, "'*x'");
}

static void test_yaml__hundred_thousand_braces(void **state)
{
	char *text = repeat("", "{a: ", 100000, "");

	(void)state;
	fails(text, "depth", 1, 257, NULL);
	free(text);
}

static void test_yaml__c1_controls_have_line_and_column(void **state)
{
	(void)state;
	/* U+0081 and U+009F are not printable for libyaml; NEL is a break */
	fails_with(LIT("a: 1\nb: x\xc2\x81y\n"), 1, NULL, "yaml", 2, 5, "control characters");
	fails_with(LIT("a: \xc2\x9f\n"), 1, NULL, "yaml", 1, 4, "control characters");
	fails_with(LIT("a: x\x7f\n"), 1, NULL, "yaml", 1, 5, "control characters");
}

static void test_yaml__verbatim_tags(void **state)
{
	struct doc *doc;
	char *many;

	(void)state;
	doc = load("a: !<tag:yaml.org,2002:str> 017\n");
	assert_int_equal(handoff__node_get(doc->root, "a")->type, NODE_STRING);
	assert_string_equal(handoff__node_get_str(doc->root, "a"), "017");
	handoff__doc_free(doc);
	/* escapes that are not UTF-8, in a verbatim and in a shorthand tag */
	fails("a: !<%FF%FF> x\n", "yaml", 1, 6, "UTF-8");
	fails("a: !e!%ff%ff x\n", "yaml", 1, 7, "UTF-8");
	/* 2000 escapes in one tag (CVE-2014-2525 grew a buffer wrongly here) */
	many = repeat("a: !<", "%41", 2000, "> x\n");
	fails(many, "yaml-tag", 1, 4, "not supported");
	free(many);
}

/*
 * Inputs in the manner of CVE-2013-6393 (long tags and URIs),
 * CVE-2014-2525 (URI escapes), CVE-2014-9130 (simple keys and line
 * wrapping) and the oss-fuzz reproducers of libyaml's scanner and parser,
 * written for this project (the original files are not at hand): each is
 * a clean error with a position, or loads; under AddressSanitizer in
 * `make check`, never a crash or a leak. The positions are pinned.
 */
static void test_yaml__regression_inputs(void **state)
{
	static const struct { const char *text, *code; unsigned int line, col; } cases[] = {
		{ "{a: 1\n:\n", "yaml", 2, 1 },
		{ "[\n:\n", "yaml", 2, 1 },
		{ "? \n- \"\n\n", "yaml-complex-key", 2, 1 },
		{ "\"\n\t\\\n", "yaml", 3, 1 },
		{ "a: |\n  b\n c\n", "yaml", 3, 2 },
		{ "- - - - [\n", "yaml", 2, 1 },
		{ "a: b: c: d", "yaml", 1, 5 },
		{ "&a &b x", "yaml", 1, 4 },
		{ "!a !b x", "yaml-tag", 1, 1 },
		{ "a:\n  - b\n  c: d\n", "yaml", 3, 3 },
		{ "'\n", "yaml", 2, 1 },
		{ "--- |\n\xff", "yaml", 2, 1 },
		{ "%TAG ! !e!\n%TAG ! !e!\n---\n", "yaml", 2, 1 },
		{ "%YAML 1.1\n%YAML 1.1\n---\n", "yaml", 2, 1 },
		{ "[a, {b: [c, {d: }]}\n", "yaml", 2, 1 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++)
		fails(cases[i].text, cases[i].code, cases[i].line, cases[i].col, NULL);
}

/* ---- node_equal -------------------------------------------------------- */

static void test_yaml__node_equal(void **state)
{
	struct doc *doc;
	struct node **v;

	(void)state;
	doc = load("[1, 1.0, \"1\", {a: 1, b: [x, y]}, {b: [x, y], a: 1.0},"
		" {b: [y, x], a: 1}, ~, null, true, True, false, [], {}, '1',"
		" {a: 1, c: [x, y]}, {a: 1, b: [x, y], c: 1}, 0x1, 2]");
	v = doc->root->items;
	assert_true(handoff__node_equal(v[0], v[1]));	/* 1 == 1.0 */
	assert_true(handoff__node_equal(v[0], v[16]));	/* 1 == 0x1 */
	assert_false(handoff__node_equal(v[0], v[17]));
	assert_false(handoff__node_equal(v[0], v[2]));	/* 1 != "1" */
	assert_true(handoff__node_equal(v[2], v[13]));	/* "1" == '1' */
	assert_true(handoff__node_equal(v[3], v[4]));	/* order of keys does not matter */
	assert_true(handoff__node_equal(v[4], v[3]));
	assert_false(handoff__node_equal(v[3], v[5]));	/* order of items does */
	assert_false(handoff__node_equal(v[3], v[14]));	/* same size, other key */
	assert_false(handoff__node_equal(v[3], v[15]));	/* a key more */
	assert_false(handoff__node_equal(v[15], v[3]));
	assert_true(handoff__node_equal(v[6], v[7]));	/* ~ == null */
	assert_true(handoff__node_equal(v[8], v[9]));
	assert_false(handoff__node_equal(v[8], v[10]));
	assert_false(handoff__node_equal(v[11], v[12]));	/* [] != {} */
	assert_false(handoff__node_equal(v[6], v[10]));	/* null != false */
	assert_true(handoff__node_equal(doc->root, doc->root));
	handoff__doc_free(doc);
}

/* ---- node_at ----------------------------------------------------------- */

static void test_yaml__node_at(void **state)
{
	struct doc *doc;
	const struct node *r;

	(void)state;
	doc = load("a/b: 1\nc~d: 2\nlist: [x, {k: v}, z]\n\"\": empty\n~1: tilde-one\n");
	r = doc->root;
	assert_ptr_equal(handoff__node_at(r, ""), r);
	assert_float_equal(handoff__node_at(r, "/a~1b")->num, 1, 0);
	assert_float_equal(handoff__node_at(r, "/c~0d")->num, 2, 0);
	assert_string_equal(handoff__node_at(r, "/list/0")->str, "x");
	assert_string_equal(handoff__node_at(r, "/list/1/k")->str, "v");
	assert_string_equal(handoff__node_at(r, "/list/2")->str, "z");
	assert_string_equal(handoff__node_at(r, "/")->str, "empty");
	/* ~01 is "~1", not "/" */
	assert_string_equal(handoff__node_at(r, "/~01")->str, "tilde-one");
	assert_null(handoff__node_at(r, "/~1"));
	assert_null(handoff__node_at(r, "/list/3"));
	assert_null(handoff__node_at(r, "/list/-1"));
	assert_null(handoff__node_at(r, "/list/x"));
	assert_null(handoff__node_at(r, "/list/"));
	assert_null(handoff__node_at(r, "/missing"));
	assert_null(handoff__node_at(r, "/a~1b/deeper"));
	assert_null(handoff__node_at(r, "/list/1/k/more"));
	assert_null(handoff__node_at(r, "a~1b"));
	assert_null(handoff__node_at(NULL, "/a"));
	handoff__doc_free(doc);
}

/*
 * A key longer than node_at's token buffer (1023 bytes) must neither be
 * lost nor match a different key that shares its first 1023 bytes.
 */
static void test_yaml__node_at_long_keys(void **state)
{
	char *k1023 = repeat("", "a", 1023, ""), *k1500 = repeat("", "a", 1500, "");
	char *p1500 = repeat("/", "a", 1500, "");
	char *text = malloc(3000);
	struct doc *doc;
	const struct node *n;
	const char *found;
	int ok;

	(void)state;
	assert_non_null(text);
	snprintf(text, 3000, "? %s\n: short\n? %s\n: long\n", k1023, k1500);
	doc = load(text);
	free(text);
	found = handoff__node_get_str(doc->root, k1500);
	n = handoff__node_at(doc->root, p1500);
	ok = found && !strcmp(found, "long") && n && n->str &&
		!strcmp(n->str, "long");
	if (!ok)
		print_error("node_at gave %s\n", n && n->str ? n->str : "NULL");
	handoff__doc_free(doc);
	free(p1500);
	free(k1500);
	free(k1023);
	assert_true(ok);
}

/* ---- lookups ----------------------------------------------------------- */

static void test_yaml__lookups(void **state)
{
	struct doc *doc;

	(void)state;
	doc = load("name: Acme\nsize: 1200\nnested: {x: 1}\n");
	assert_string_equal(handoff__node_get_str(doc->root, "name"), "Acme");
	assert_null(handoff__node_get_str(doc->root, "size"));	/* not a string */
	assert_null(handoff__node_get(doc->root, "nam"));
	assert_null(handoff__node_get(doc->root, "names"));
	assert_ptr_equal(handoff__node_get_pair(doc->root, "size")->value,
		handoff__node_get(doc->root, "size"));
	assert_null(handoff__node_get(handoff__node_get(doc->root, "name"), "x"));
	assert_null(handoff__node_get(NULL, "x"));
	assert_true(handoff__node_is_scalar(handoff__node_get(doc->root, "size")));
	assert_true(handoff__node_is_number(handoff__node_get(doc->root, "size")));
	assert_false(handoff__node_is_scalar(handoff__node_get(doc->root, "nested")));
	assert_string_equal(handoff__node_type_name(NODE_INT), "integer");
	assert_string_equal(handoff__node_type_name(NODE_FLOAT), "number");
	assert_string_equal(handoff__node_type_name(NODE_MAP), "object");
	assert_string_equal(handoff__node_type_name(NODE_SEQ), "array");
	handoff__doc_free(doc);
}

/* ---- node_to_json ------------------------------------------------------ */

static void test_yaml__json_output(void **state)
{
	(void)state;
	json_is("{k: v, n: 017, h: 0x1F, f: 2.5, i: .inf, m: -.inf, z: ~, t: true,"
		" l: [1, 'two', {}, []], big: 12345678901234, neg: -3}",
		"{\"k\":\"v\",\"n\":17,\"h\":31,\"f\":2.5,\"i\":\".inf\","
		"\"m\":\"-.inf\",\"z\":null,\"t\":true,\"l\":[1,\"two\",{},[]],"
		"\"big\":12345678901234,\"neg\":-3}");
	json_is("no", "\"no\"");
}

static void test_yaml__json_escapes_control_characters(void **state)
{
	(void)state;
	/* YAML escapes make the control characters; JSON must escape them */
	json_is("{\"k\\x01\": \"a\\\"b\\\\c\\nd\\te\\x01f\\x1bg\\x7fh\\0i\"}",
		"{\"k\\u0001\":\"a\\\"b\\\\c\\nd\\te\\u0001f\\u001bg\\u007fh\\u0000i\"}");
}

static void test_yaml__json_invalid_utf8_replaced(void **state)
{
	handoff_buf b = HANDOFF_BUF_INIT;
	struct doc *doc = handoff__doc_new();
	struct node *map, *key, *val;

	(void)state;
	/* the loader never makes such nodes; trees built by hand can */
	assert_non_null(doc);
	map = handoff__doc_alloc(doc, sizeof(*map));
	key = handoff__doc_alloc(doc, sizeof(*key));
	val = handoff__doc_alloc(doc, sizeof(*val));
	map->pairs = handoff__doc_alloc(doc, sizeof(*map->pairs));
	assert_true(map && key && val && map->pairs);
	key->type = NODE_STRING;
	key->str = "k\xc0\xaf";
	key->len = 3;
	val->type = NODE_STRING;
	val->str = "a\xff" "b\xed\xa0\x80" "c\xe6\x97\xa5";
	val->len = 10;
	map->type = NODE_MAP;
	map->n = 1;
	map->pairs[0].key = key;
	map->pairs[0].value = val;
	assert_int_equal(handoff__node_to_json(&b, map), 0);
	assert_string_equal(b.ptr, "{\"k\\ufffd\\ufffd\":"
		"\"a\\ufffdb\\ufffd\\ufffd\\ufffdc\xe6\x97\xa5\"}");
	handoff_buf_dispose(&b);

	assert_int_equal(handoff__node_to_json(&b, NULL), 0);
	assert_string_equal(b.ptr, "null");
	handoff_buf_dispose(&b);
	handoff__doc_free(doc);
}

/*
 * Numbers in JSON output (reports, messages) should read as written:
 * 0.1, not 0.10000000000000001. The shortest text that reads back as the
 * same double does that and still round-trips.
 */
static void test_yaml__json_floats_are_shortest(void **state)
{
	(void)state;
	json_is("[1.10, 0.1, 2.5, -0.3, 1e20, 3e4]", "[1.1,0.1,2.5,-0.3,1e+20,30000]");
}

/* Two trees the same to the byte: what yaml_load made and what was built in. */
static void assert_same_tree(const struct node *a, const struct node *b)
{
	size_t i;

	assert_int_equal(a->type, b->type);
	assert_int_equal(a->flags, b->flags);
	assert_int_equal(a->line, b->line);
	assert_int_equal(a->col, b->col);
	assert_int_equal(a->len, b->len);
	assert_int_equal(!a->str, !b->str);
	if (a->str)
		assert_memory_equal(a->str, b->str, a->len + 1);
	assert_true(a->num == b->num || (isnan(a->num) && isnan(b->num)));
	assert_int_equal(a->boolean, b->boolean);
	assert_int_equal(a->n, b->n);
	for (i = 0; a->type == NODE_SEQ && i < a->n; i++)
		assert_same_tree(a->items[i], b->items[i]);
	for (i = 0; a->type == NODE_MAP && i < a->n; i++) {
		assert_same_tree(a->pairs[i].key, b->pairs[i].key);
		assert_same_tree(a->pairs[i].value, b->pairs[i].value);
	}
}

static void test_yaml__built_in_schemas_are_the_loaders_trees(void **state)
{
	const struct frozen_doc *f;
	size_t n = 0;

	(void)state;
	for (f = handoff__kind_frozen; f->text; f++, n++) {
		struct doc *doc = load_at(f->text, f->len, 1);

		assert_non_null(doc);
		assert_same_tree(doc->root, f->root);
		handoff__doc_free(doc);
	}
	assert_int_equal(n, 3);		/* the files of schemas/ */
}

/* A built-in schema edited after the build is loaded from what it says now. */
static void test_yaml__an_edited_schema_is_loaded(void **state)
{
	const struct frozen_doc *f = handoff__kind_frozen;
	struct diag_list diags = DIAG_LIST_INIT;
	struct kind *built = NULL, *edited = NULL;
	char *text = malloc(f->len + 1), *at;

	(void)state;
	assert_non_null(text);
	memcpy(text, f->text, f->len + 1);
	assert_int_equal(handoff__kind_compile(&built, "k", "k.yaml", text, f->len, &diags), 0);
	assert_ptr_equal(built->doc->root, f->root);
	assert_non_null(at = strstr(text, "template: |\n"));
	assert_non_null(at = strchr(at + 12, 'a'));
	*at = 'b';			/* one letter of the template */
	assert_int_equal(handoff__kind_compile(&edited, "k", "k.yaml", text, f->len, &diags), 0);
	assert_ptr_not_equal(edited->doc->root, f->root);
	assert_string_not_equal(edited->template, built->template);
	assert_int_equal(diags.n, 0);
	handoff__kind_free(built);
	handoff__kind_free(edited);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_yaml__typing_null),
		cmocka_unit_test(test_yaml__typing_bool_only_true_false),
		cmocka_unit_test(test_yaml__typing_int),
		cmocka_unit_test(test_yaml__typing_float),
		cmocka_unit_test(test_yaml__typing_strings),
		cmocka_unit_test(test_yaml__typing_keys_keep_text),
		cmocka_unit_test(test_yaml__tag_str_keeps_text),
		cmocka_unit_test(test_yaml__tag_core_types_must_fit),
		cmocka_unit_test(test_yaml__tag_binary_rejected),
		cmocka_unit_test(test_yaml__tag_on_collection_rejected),
		cmocka_unit_test(test_yaml__positions_are_one_based),
		cmocka_unit_test(test_yaml__positions_honour_first_line),
		cmocka_unit_test(test_yaml__positions_multibyte_columns),
		cmocka_unit_test(test_yaml__positions_crlf),
		cmocka_unit_test(test_yaml__positions_bare_cr),
		cmocka_unit_test(test_yaml__leading_bom_is_ignored),
		cmocka_unit_test(test_yaml__duplicate_key),
		cmocka_unit_test(test_yaml__duplicate_key_first_in_file),
		cmocka_unit_test(test_yaml__duplicate_key_quoted_and_plain),
		cmocka_unit_test(test_yaml__duplicate_key_nested),
		cmocka_unit_test(test_yaml__billion_laughs_rejected),
		cmocka_unit_test(test_yaml__cyclic_alias_rejected),
		cmocka_unit_test(test_yaml__undefined_alias_rejected),
		cmocka_unit_test(test_yaml__merge_key_rejected),
		cmocka_unit_test(test_yaml__complex_key_rejected),
		cmocka_unit_test(test_yaml__depth_64_is_fine),
		cmocka_unit_test(test_yaml__depth_65_fails_at_its_column),
		cmocka_unit_test(test_yaml__depth_block_mappings),
		cmocka_unit_test(test_yaml__depth_custom_limit),
		cmocka_unit_test(test_yaml__hundred_thousand_brackets),
		cmocka_unit_test(test_yaml__ten_thousand_block_sequences),
		cmocka_unit_test(test_yaml__node_budget),
		cmocka_unit_test(test_yaml__node_budget_default),
		cmocka_unit_test(test_yaml__scalar_over_64k),
		cmocka_unit_test(test_yaml__tab_indentation),
		cmocka_unit_test(test_yaml__syntax_error_position),
		cmocka_unit_test(test_yaml__long_simple_key),
		cmocka_unit_test(test_yaml__invalid_utf8_has_line_and_column),
		cmocka_unit_test(test_yaml__invalid_utf8_kinds),
		cmocka_unit_test(test_yaml__version_directive),
		cmocka_unit_test(test_yaml__one_document_only),
		cmocka_unit_test(test_yaml__empty_input),
		cmocka_unit_test(test_yaml__reused_anchor_names_nothing),
		cmocka_unit_test(test_yaml__hundred_thousand_braces),
		cmocka_unit_test(test_yaml__c1_controls_have_line_and_column),
		cmocka_unit_test(test_yaml__verbatim_tags),
		cmocka_unit_test(test_yaml__regression_inputs),
		cmocka_unit_test(test_yaml__node_equal),
		cmocka_unit_test(test_yaml__node_at),
		cmocka_unit_test(test_yaml__node_at_long_keys),
		cmocka_unit_test(test_yaml__lookups),
		cmocka_unit_test(test_yaml__json_output),
		cmocka_unit_test(test_yaml__json_escapes_control_characters),
		cmocka_unit_test(test_yaml__json_invalid_utf8_replaced),
		cmocka_unit_test(test_yaml__json_floats_are_shortest),
		cmocka_unit_test(test_yaml__built_in_schemas_are_the_loaders_trees),
		cmocka_unit_test(test_yaml__an_edited_schema_is_loaded),
	};

	return cmocka_run_group_tests_name("yaml", tests, NULL, NULL);
}
