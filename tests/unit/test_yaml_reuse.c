/*
 * Unit tests for parsing only the top-level blocks that changed
 * (lib/yaml_reuse.c): on every example record, every fixture and every
 * input of the fuzz corpora, and on chains of versions made by random
 * line edits, the tree (types, values, styles, lines, columns, key order)
 * and the diagnostics are those of the whole parse; blocks are reused
 * when versions share them; and what the split cannot vouch for is
 * parsed whole.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "node.h"
#include "yaml_reuse.h"

/* Equal trees; `lines`: at the same lines too. */
static int same_node(const struct node *a, const struct node *b, int lines)
{
	size_t i;

	if (!a || !b)
		return a == b;
	if (a->type != b->type || a->flags != b->flags || (lines && a->line != b->line) ||
	    a->col != b->col || a->len != b->len || a->n != b->n ||
	    a->boolean != b->boolean || (!a->str) != (!b->str) ||
	    (a->str && memcmp(a->str, b->str, a->len + 1)) ||
	    (a->num != b->num && !(a->num != a->num && b->num != b->num)))
		return 0;
	for (i = 0; a->type == NODE_MAP && i < a->n; i++)
		if (!same_node(a->pairs[i].key, b->pairs[i].key, lines) ||
		    !same_node(a->pairs[i].value, b->pairs[i].value, lines))
			return 0;
	for (i = 0; a->type == NODE_SEQ && i < a->n; i++)
		if (!same_node(a->items[i], b->items[i], lines))
			return 0;
	return 1;
}

static int same_diags(const struct diag_list *a, const struct diag_list *b)
{
	size_t i;

	if (a->n != b->n)
		return 0;
	for (i = 0; i < a->n; i++)
		if (a->v[i].severity != b->v[i].severity || a->v[i].line != b->v[i].line ||
		    a->v[i].column != b->v[i].column || strcmp(a->v[i].code, b->v[i].code) ||
		    strcmp(a->v[i].message, b->v[i].message))
			return 0;
	return 1;
}

/* `x` and the nodes under it that have an origin, appended to *v. */
static void with_origin(const struct node ***v, size_t *n, size_t *alloc,
	const struct node *x)
{
	size_t i;

	if (x->origin) {
		if (*n == *alloc) {
			*alloc = *alloc ? *alloc * 2 : 64;
			*v = realloc(*v, *alloc * sizeof(**v));
			assert_non_null(*v);
		}
		(*v)[(*n)++] = x;
	}
	for (i = 0; i < x->n; i++)
		with_origin(v, n, alloc, x->type == NODE_MAP ? x->pairs[i].value : x->items[i]);
}

static int by_origin(const void *x, const void *y)
{
	const struct node *a = *(const struct node *const *)x;
	const struct node *b = *(const struct node *const *)y;

	return a->origin < b->origin ? -1 : a->origin > b->origin;
}

/*
 * A node of `b` with the origin of one in `last` (the document loaded
 * before through the same reuse) is the same tree as that one, at any
 * depth: what lets a comparison of versions skip it.
 */
static int origins_hold(const struct doc *last, const struct doc *b)
{
	const struct node **was = NULL, **now = NULL;
	size_t nwas = 0, awas = 0, nnow = 0, anow = 0, i;
	int ok = 1;

	if (!last || !last->root || !b || !b->root)
		return 1;
	with_origin(&was, &nwas, &awas, last->root);
	with_origin(&now, &nnow, &anow, b->root);
	if (nwas)
		qsort(was, nwas, sizeof(*was), by_origin);
	for (i = 0; ok && nwas && i < nnow; i++) {
		const struct node **m = bsearch(&now[i], was, nwas, sizeof(*was), by_origin);

		ok = !m || same_node(*m, now[i], 0);
	}
	free(was);
	free(now);
	return ok;
}

/* The last document `compare` loaded through a reuse (origins_hold). */
static struct doc *last_reused;

static void forget_last(void)
{
	handoff__doc_free(last_reused);
	last_reused = NULL;
}

/* Load `text` whole and through `r`: the same result, or the test fails. */
static void compare(const char *text, size_t len, unsigned int first_line,
	struct yaml_reuse *r, const char *what)
{
	struct diag_list da = DIAG_LIST_INIT, db = DIAG_LIST_INIT;
	struct doc *a = NULL, *b = NULL;
	int ea = handoff__yaml_load(&a, text, len, first_line, NULL, &da);
	int eb = handoff__yaml_load_reusing(&b, text, len, first_line, NULL, &db, r);
	int same = ea == eb && (!a) == (!b) && same_diags(&da, &db) &&
		(!a || same_node(a->root, b->root, 1)) && origins_hold(last_reused, b);

	if (!same)
		fprintf(stderr, "differs from the whole parse: %s\n---\n%.*s\n---\n",
			what, (int)len, text);
	handoff__doc_free(a);
	forget_last();
	last_reused = b;
	handoff__diag_list_release(&da);
	handoff__diag_list_release(&db);
	assert_true(same);
}

/* The front matter of a record (between its '---' lines), or the whole text. */
static void front_of(const char *text, size_t len, size_t *start, size_t *n)
{
	const char *end;

	*start = 0;
	*n = len;
	if (len < 4 || memcmp(text, "---\n", 4))
		return;
	if (!(end = strstr(text + 3, "\n---")))
		return;
	*start = 4;
	*n = (size_t)(end + 1 - text) - 4;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *s = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
	    (s = malloc((size_t)n + 1)) && fread(s, 1, (size_t)n, f) == (size_t)n) {
		s[n] = '\0';
		*len = (size_t)n;
	} else {
		free(s);
		s = NULL;
	}
	fclose(f);
	return s;
}

/* Compare every file under `dir`, versions of one folder through one reuse. */
static size_t compare_tree(const char *dir)
{
	struct yaml_reuse *r = handoff__yaml_reuse_new();
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t files = 0;

	assert_non_null(r);
	if (!d) {
		forget_last();
		handoff__yaml_reuse_free(r);
		return 0;
	}
	while ((e = readdir(d))) {
		char path[4096];
		struct stat st;
		size_t len, start, n;
		char *text;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (stat(path, &st) < 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			files += compare_tree(path);
			continue;
		}
		if (!(text = slurp(path, &len)))
			continue;
		front_of(text, len, &start, &n);
		compare(text + start, n, start ? 2 : 1, r, path);
		compare(text + start, n, start ? 2 : 1, r, path);	/* all reused */
		compare(text, len, 1, r, path);
		free(text);
		files++;
	}
	closedir(d);
	forget_last();
	handoff__yaml_reuse_free(r);
	return files;
}

static void test_yaml_reuse__examples_fixtures_and_corpora(void **state)
{
	(void)state;
	assert_true(compare_tree("examples") >= 7);
	compare_tree("tests/fixtures");
	assert_true(compare_tree("tests/fuzz/corpus") >= 50);
}

/* Lines of a text, to edit at random. */
struct lines {
	char **v;
	size_t n;
};

static unsigned long rng = 42;

static unsigned long next_rand(void)
{
	rng = rng * 6364136223846793005ul + 1442695040888963407ul;
	return (rng >> 33) & 0x7fffffff;
}

static void lines_of(struct lines *l, const char *s, size_t len)
{
	const char *p = s, *end = s + len;

	l->v = NULL;
	l->n = 0;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		size_t n = (size_t)((eol ? eol : end) - p);

		l->v = realloc(l->v, (l->n + 1) * sizeof(*l->v));
		assert_non_null(l->v);
		l->v[l->n] = malloc(n + 1);
		assert_non_null(l->v[l->n]);
		memcpy(l->v[l->n], p, n);
		l->v[l->n++][n] = '\0';
		p = eol ? eol + 1 : end;
	}
}

static char *joined(const struct lines *l, size_t *len)
{
	size_t i, n = 0;
	char *s;

	for (i = 0; i < l->n; i++)
		n += strlen(l->v[i]) + 1;
	s = malloc(n + 1);
	assert_non_null(s);
	for (i = 0, n = 0; i < l->n; i++) {
		size_t k = strlen(l->v[i]);

		memcpy(s + n, l->v[i], k);
		s[n + k] = '\n';
		n += k + 1;
	}
	s[n] = '\0';
	*len = n;
	return s;
}

/* One random line edit: what a commit does to a record, and what breaks YAML. */
static void edit(struct lines *l)
{
	static const char *const bits[] = {
		" ", "  ", ":", ": ", "-", "- ", "#", "\"", "'", "[", "]", "{", "}",
		"&a ", "*a", "!!str ", "!x ", "|", ">", "\t", "\r", "...", "---",
		"%YAML 1.2", "? ", "<<: ", "x", "7", "key: value", "  - item",
		"2026-11-02", "true", "~", ",", "\xc2\x85", "\xe2\x80\xa8",
	};
	size_t i = l->n ? next_rand() % l->n : 0, k, n;
	const char *bit = bits[next_rand() % (sizeof(bits) / sizeof(*bits))];
	const char *rest;
	char *s;

	switch (next_rand() % 6) {
	case 0:	/* a line gone */
		if (!l->n)
			return;
		free(l->v[i]);
		memmove(l->v + i, l->v + i + 1, (l->n - i - 1) * sizeof(*l->v));
		l->n--;
		return;
	case 1:	/* a line twice */
		if (!l->n)
			return;
		l->v = realloc(l->v, (l->n + 1) * sizeof(*l->v));
		assert_non_null(l->v);
		memmove(l->v + i + 1, l->v + i, (l->n - i) * sizeof(*l->v));
		l->v[i + 1] = strdup(l->v[i]);
		l->n++;
		return;
	case 2:	/* two lines swapped */
		if (l->n < 2)
			return;
		k = next_rand() % l->n;
		s = l->v[i];
		l->v[i] = l->v[k];
		l->v[k] = s;
		return;
	default:	/* a bit of text put into a line, or a value changed */
		if (!l->n)
			return;
		n = strlen(l->v[i]);
		k = next_rand() % (n + 1);
		rest = l->v[i] + k;
		if (next_rand() % 3 == 0 && (s = strstr(l->v[i], ": "))) {
			k = (size_t)(s - l->v[i]) + 2;	/* the value replaced */
			rest = l->v[i] + n;
		}
		s = malloc(k + strlen(bit) + strlen(rest) + 1);
		assert_non_null(s);
		memcpy(s, l->v[i], k);
		strcpy(s + k, bit);
		strcat(s, rest);
		free(l->v[i]);
		l->v[i] = s;
		return;
	}
}

static void test_yaml_reuse__random_line_edits(void **state)
{
	static const char *const records[] = {
		"examples/D-2026-0142-acme-logistics.md",
		"examples/D-2026-0171-kumo-analytics.md",
		"examples/S-2026-0031-kumo-support.md",
		"examples/T-2026-0009-acme-unplanned.md",
	};
	size_t parsed = 0, reused = 0, in_place = 0, i, v;

	(void)state;
	for (i = 0; i < sizeof(records) / sizeof(*records); i++) {
		struct yaml_reuse *r = handoff__yaml_reuse_new();
		size_t len, start, n, p, u, ed;
		char *text = slurp(records[i], &len), *edited;
		struct lines l;

		assert_non_null(text);
		assert_non_null(r);
		front_of(text, len, &start, &n);
		lines_of(&l, text + start, n);
		/* a chain of versions, each one edit from the last, often undone */
		for (v = 0; v < 3000; v++) {
			struct lines keep;
			size_t j;

			if (v % 20 == 0) {	/* a fresh start from the record */
				for (j = 0; j < l.n; j++)
					free(l.v[j]);
				free(l.v);
				lines_of(&l, text + start, n);
			}
			keep.n = l.n;
			keep.v = malloc((l.n + 1) * sizeof(*keep.v));
			assert_non_null(keep.v);
			for (j = 0; j < l.n; j++)
				keep.v[j] = strdup(l.v[j]);
			edit(&l);
			if (next_rand() % 4 == 0)
				edit(&l);
			edited = joined(&l, &len);
			compare(edited, len, 2, r, records[i]);
			free(edited);
			if (next_rand() % 3 == 0) {	/* back to the last version */
				for (j = 0; j < l.n; j++)
					free(l.v[j]);
				free(l.v);
				l = keep;
			} else {
				for (j = 0; j < keep.n; j++)
					free(keep.v[j]);
				free(keep.v);
			}
		}
		free(text);
		handoff__yaml_reuse_counts(r, &p, &u, &ed);
		parsed += p;
		reused += u;
		in_place += ed;
		for (v = 0; v < l.n; v++)
			free(l.v[v]);
		free(l.v);
		forget_last();
		handoff__yaml_reuse_free(r);
	}
	/* most edits break the split (the whole parse then); blocks are still reused */
	fprintf(stderr, "random edits: %zu blocks parsed, %zu reused, %zu edited\n",
		parsed, reused, in_place);
	assert_true(reused >= 1000);
}

/* A value put where a line's value was: after ": ", after "- ", or the whole line's text. */
static void edit_value(struct lines *l)
{
	static const char *const values[] = {
		"2027-01-05", "2026-11-02T15:00:00+09:00", "102500", "-3", "+4", ".5",
		"-.5", "1e3", "0x1F", "0o17", "true", "False", "null", "~", "yes", "no",
		".inf", "+.inf", ".nan", "Jane Doe", "net-30, invoiced annually",
		"O'Brien", "50%", "(est.)", "12:30", "http://x.example/a?b=c", "a, b",
		"gamma, delta]", "x, y", "a: b", "a:b", "a:", "a #c", "a#b", "x ", " x", "[a]",
		"{a: 1}", "'q'", "\"q\"", "*a", "&a x", "!!str 5", "|", ">", "-", "- x",
		"?", "? x", ":", "%x", "@x", "`x", "\xc3\xa9t\xc3\xa9", "a\tb", "", "...",
		"---", "<<", "x]", "x}", "x,",
	};
	const char *v = values[next_rand() % (sizeof(values) / sizeof(*values))];
	size_t i, k, n;
	char *s, *at;

	if (!l->n)
		return;
	i = next_rand() % l->n;
	n = strlen(l->v[i]);
	if ((at = strstr(l->v[i], ": ")) && next_rand() % 3)
		k = (size_t)(at - l->v[i]) + 2;
	else if ((at = strstr(l->v[i], "- ")) && next_rand() % 2)
		k = (size_t)(at - l->v[i]) + 2;
	else
		k = strspn(l->v[i], " ");
	(void)n;
	s = malloc(k + strlen(v) + 1);
	assert_non_null(s);
	memcpy(s, l->v[i], k);
	strcpy(s + k, v);
	free(l->v[i]);
	l->v[i] = s;
}

/*
 * Chains of versions that change values in place, on the example records
 * and on a text of every context a one-line value can be in, with values
 * good and bad: many are edits (the remembered tree, values spelled anew),
 * and every version is what the whole parse makes of it.
 */
static void test_yaml_reuse__values_changed_in_place(void **state)
{
	static const char contexts[] =
		"kind: x\n"
		"flow: [alpha,\n  beta]\n"
		"map: {a: 1,\n  b: two}\n"
		"flow2: [\n  alpha\n  , beta\n  ]\n"
		"map2: {\n  a: 1\n  }\n"
		"lit: |\n  acv: 5\n  more\n"
		"folded: >\n  x: y\n"
		"plain: first\n  second line\n"
		"seq:\n  - one\n  - two: 2\n    three: 3\n  -   spaced\n  - [in, flow]\n"
		"nested:\n  deep:\n    deeper: value # comment\n    list: [1, 2]\n"
		"    key with spaces: v\n"
		"empty:\n"
		"quoted: 'it''s'\n"
		"last: 10\n";
	static const char *const records[] = {
		"examples/D-2026-0142-acme-logistics.md",
		"examples/T-2026-0009-acme-unplanned.md",
		NULL,
	};
	size_t parsed = 0, reused = 0, edited = 0, i, v, j;

	(void)state;
	for (i = 0; i < sizeof(records) / sizeof(*records); i++) {
		struct yaml_reuse *r = handoff__yaml_reuse_new();
		size_t len = sizeof(contexts) - 1, start = 0, n = len, p, u, ed;
		char *text = records[i] ? slurp(records[i], &len) : strdup(contexts), *edited_text;
		struct lines l;

		assert_non_null(text);
		assert_non_null(r);
		if (records[i])
			front_of(text, len, &start, &n);
		for (v = 0; v < 4000; v++) {
			lines_of(&l, text + start, n);	/* the text, one or two values changed */
			edit_value(&l);
			if (next_rand() % 3 == 0)
				edit_value(&l);
			edited_text = joined(&l, &len);
			compare(edited_text, len, 2, r, records[i] ? records[i] : "contexts");
			free(edited_text);
			for (j = 0; j < l.n; j++)
				free(l.v[j]);
			free(l.v);
		}
		handoff__yaml_reuse_counts(r, &p, &u, &ed);
		parsed += p;
		reused += u;
		edited += ed;
		free(text);
		forget_last();
		handoff__yaml_reuse_free(r);
	}
	fprintf(stderr, "values changed: %zu blocks parsed, %zu reused, %zu edited\n",
		parsed, reused, edited);
	assert_true(edited >= 1000);
}

static void test_yaml_reuse__reuses_unchanged_blocks(void **state)
{
	static const char v1[] = "kind: deal\nid: D-1\nowners:\n  ae: jane\n  csm: sam\n"
		"dates:\n  signed: 2026-11-02\nvalue: 10\n";
	static const char v2[] = "kind: deal\nid: D-1\nnote: new\nowners:\n  ae: jane\n"
		"  csm: sam\ndates:\n  signed: 2026-11-03\nvalue: 10\n";
	struct yaml_reuse *r = handoff__yaml_reuse_new();
	struct diag_list d = DIAG_LIST_INIT;
	struct doc *doc = NULL;
	size_t parsed, reused, edited;

	(void)state;
	compare(v1, sizeof(v1) - 1, 5, r, "v1");
	handoff__yaml_reuse_counts(r, &parsed, &reused, &edited);
	assert_int_equal(parsed, 5);
	assert_int_equal(reused, 0);
	compare(v2, sizeof(v2) - 1, 5, r, "v2");
	handoff__yaml_reuse_counts(r, &parsed, &reused, &edited);
	assert_int_equal(parsed, 5 + 1);	/* note */
	assert_int_equal(reused, 4);		/* kind, id, owners (a line lower), value */
	assert_int_equal(edited, 1);		/* dates: a date moved */
	/* the same origin for what did not change, a new one for what did */
	assert_int_equal(handoff__yaml_load_reusing(&doc, v2, sizeof(v2) - 1, 5, NULL, &d, r), 0);
	assert_int_equal(handoff__node_at(doc->root, "/owners/csm")->line, 10);
	assert_true(handoff__node_at(doc->root, "/owners")->origin != 0);
	assert_true(handoff__node_at(doc->root, "/owners")->origin ==
		handoff__node_at(last_reused->root, "/owners")->origin);
	assert_true(handoff__node_at(doc->root, "/dates")->origin ==
		handoff__node_at(last_reused->root, "/dates")->origin);
	assert_true(handoff__node_equal(handoff__node_at(doc->root, "/owners"),
		handoff__node_at(last_reused->root, "/owners")));
	handoff__doc_free(doc);
	compare(v1, sizeof(v1) - 1, 5, r, "v1 again");
	assert_true(handoff__yaml_load_reusing(&doc, v2, sizeof(v2) - 1, 5, NULL, &d, r) == 0);
	assert_true(handoff__node_at(doc->root, "/dates")->origin !=
		handoff__node_at(last_reused->root, "/dates")->origin);
	handoff__doc_free(doc);
	/* a whole parse has none */
	assert_int_equal(handoff__yaml_load(&doc, v2, sizeof(v2) - 1, 5, NULL, &d), 0);
	assert_int_equal(handoff__node_at(doc->root, "/owners")->origin, 0);
	handoff__doc_free(doc);
	handoff__diag_list_release(&d);
	forget_last();
	handoff__yaml_reuse_free(r);
}

/*
 * A block where its parse had it is that parse's tree, shared: it outlives
 * the reuse and every other document that had it, and a document that
 * changes its nodes copies them first.
 */
static void test_yaml_reuse__shares_blocks_that_stay(void **state)
{
	static const char v1[] = "kind: deal\nowners:\n  ae: jane\n  csm: sam\nvalue: 10\n";
	static const char v2[] = "kind: deal\nowners:\n  ae: jane\n  csm: sam\nvalue: 11\n";
	static const char v3[] = "kind: deal\nnote: x\nowners:\n  ae: jane\n  csm: sam\nvalue: 11\n";
	struct yaml_reuse *r = handoff__yaml_reuse_new();
	struct diag_list d = DIAG_LIST_INIT;
	struct doc *a = NULL, *b = NULL, *c = NULL, *e = NULL;

	(void)state;
	assert_int_equal(handoff__yaml_load_reusing(&a, v1, sizeof(v1) - 1, 2, NULL, &d, r), 0);
	assert_int_equal(handoff__yaml_load_reusing(&b, v2, sizeof(v2) - 1, 2, NULL, &d, r), 0);
	assert_ptr_equal(handoff__node_at(a->root, "/owners"), handoff__node_at(b->root, "/owners"));
	assert_ptr_not_equal(handoff__node_at(a->root, "/value"), handoff__node_at(b->root, "/value"));
	assert_int_equal(handoff__yaml_load_reusing(&c, v3, sizeof(v3) - 1, 2, NULL, &d, r), 0);
	assert_ptr_not_equal(handoff__node_at(b->root, "/owners"), handoff__node_at(c->root, "/owners"));
	assert_int_equal(handoff__node_at(c->root, "/owners/csm")->line, 6);
	/* a document about to change its nodes copies what it shares */
	assert_int_equal(handoff__doc_own(c), 0);
	assert_ptr_not_equal(handoff__node_at(b->root, "/kind"), handoff__node_at(c->root, "/kind"));
	/* and its nodes, changed, are no longer what their origins say */
	assert_true(handoff__node_at(b->root, "/owners/csm")->origin != 0);
	assert_true(handoff__node_at(c->root, "/owners/csm")->origin == 0);
	assert_true(handoff__node_at(c->root, "/owners")->origin == 0);
	handoff__node_at(c->root, "/kind")->type = NODE_NULL;
	assert_int_equal(handoff__node_at(b->root, "/kind")->type, NODE_STRING);
	/* every block a line lower: all copied, none shared, origins kept until owned */
	assert_int_equal(handoff__yaml_load_reusing(&e, v3, sizeof(v3) - 1, 3, NULL, &d, r), 0);
	assert_int_equal(e->nborrowed, 0);
	assert_true(handoff__node_at(e->root, "/owners/csm")->origin ==
		handoff__node_at(b->root, "/owners/csm")->origin);
	assert_int_equal(handoff__doc_own(e), 0);
	assert_true(handoff__node_at(e->root, "/owners/csm")->origin == 0);
	handoff__doc_free(e);
	handoff__yaml_reuse_free(r);
	handoff__doc_free(a);
	handoff__doc_free(c);
	assert_string_equal(handoff__node_get_str(handoff__node_at(b->root, "/owners"), "csm"), "sam");
	assert_int_equal(handoff__node_at(b->root, "/owners/csm")->line, 5);
	assert_int_equal(handoff__node_at(b->root, "/value")->num, 11);
	handoff__doc_free(b);
	handoff__diag_list_release(&d);
}

static void test_yaml_reuse__whole_parse_when_unsure(void **state)
{
	static const char *const texts[] = {
		"a: 1\nb: 2\na: 3\n",			/* a key repeated across blocks */
		"a: &x 1\nb: *x\n",			/* an alias into another block */
		"a: \"one\nb: two\"\n",			/* a quoted scalar onto column 0 */
		"a: [1,\nb]\n",				/* a flow sequence onto column 0 */
		"%YAML 1.1\n---\na: 1\n",		/* a directive */
		"a: 1\n...\nb: 2\n",			/* a document end */
		"- a\n- b\n",				/* not a mapping */
		"a: 1\r\nb: 2\r\n",			/* CR line breaks */
		"a: 1\n\tb: 2\n",			/* a tab at column 0 */
		"a: !!int 1\nb: !x 2\n",		/* a tag not supported */
		"a:\n- 1\n- 2\nb: 3\n",			/* a sequence at column 0 */
		"# head\na: 1\n",			/* a comment first */
	};
	struct yaml_reuse *r = handoff__yaml_reuse_new();
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(texts) / sizeof(*texts); i++) {
		compare(texts[i], strlen(texts[i]), 1, r, texts[i]);
		compare(texts[i], strlen(texts[i]), 3, r, texts[i]);
	}
	forget_last();
	handoff__yaml_reuse_free(r);
}

static void test_yaml_reuse__node_limit_counts_every_block(void **state)
{
	static const char text[] = "a: [1, 2, 3]\nb: [4, 5, 6]\nc: 7\n";
	struct yaml_limits lim = YAML_LIMITS_INIT;
	struct yaml_reuse *r = handoff__yaml_reuse_new();
	struct diag_list da = DIAG_LIST_INIT, db = DIAG_LIST_INIT;
	struct doc *a = NULL, *b = NULL;
	int ea, eb;

	(void)state;
	lim.max_nodes = 12;	/* each block fits alone, not all of them */
	ea = handoff__yaml_load(&a, text, sizeof(text) - 1, 1, &lim, &da);
	eb = handoff__yaml_load_reusing(&b, text, sizeof(text) - 1, 1, &lim, &db, r);
	assert_int_equal(ea, HANDOFF_EINVALID);
	assert_int_equal(eb, ea);
	assert_true(same_diags(&da, &db));
	handoff__diag_list_release(&da);
	handoff__diag_list_release(&db);
	forget_last();
	handoff__yaml_reuse_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_yaml_reuse__examples_fixtures_and_corpora),
		cmocka_unit_test(test_yaml_reuse__random_line_edits),
		cmocka_unit_test(test_yaml_reuse__values_changed_in_place),
		cmocka_unit_test(test_yaml_reuse__reuses_unchanged_blocks),
		cmocka_unit_test(test_yaml_reuse__shares_blocks_that_stay),
		cmocka_unit_test(test_yaml_reuse__whole_parse_when_unsure),
		cmocka_unit_test(test_yaml_reuse__node_limit_counts_every_block),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
