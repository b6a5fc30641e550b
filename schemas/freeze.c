/*
 * freeze: the built-in schemas as C, loaded at build time.
 *
 *   freeze schemas/deal-handoff.yaml ... >frozen.c
 *
 * Every command compiles the kinds it needs, and loading a schema's
 * YAML was two thirds of compiling it: in the pre-commit hook, 5 ms of
 * CPU in every commit. This program loads each file with the same
 * loader (lib/yaml.c) and writes the tree out as static arrays, with the
 * file's text beside it; handoff__kind_compile() takes the tree instead of
 * loading when the text it is given is exactly that text. A schema
 * edited after the build is loaded as always.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "node.h"

struct out {
	FILE *f;
	int doc;		/* which file: the arrays' suffix */
	size_t nodes, items, pairs, chars;
};

static void put_string(FILE *f, const char *s, size_t n)
{
	size_t i, col = 0;

	fputs("\t\"", f);
	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch >= ' ' && ch < 0x7f && ch != '"' && ch != '\\' && ch != '?') {
			fputc(ch, f);
			col++;
		} else {	/* octal, always three digits: no digit after it is taken in */
			fprintf(f, "\\%03o", ch);
			col += 4;
		}
		if (ch == '\n' || col >= 72) {
			fputs("\"\n\t\"", f);
			col = 0;
		}
	}
	fputs("\"", f);
}

static void put_number(FILE *f, double d)
{
	if (isnan(d))
		fputs("NAN", f);
	else if (isinf(d))
		fputs(d < 0 ? "-INFINITY" : "INFINITY", f);
	else
		fprintf(f, "%a", d);	/* exact */
}

/* Number the nodes of the tree, items and pairs as counted so far. */
static void count(struct out *o, const struct node *n)
{
	size_t i;

	o->nodes++;
	if (n->str)
		o->chars += n->len + 1;
	if (n->type == NODE_SEQ) {
		o->items += n->n;
		for (i = 0; i < n->n; i++)
			count(o, n->items[i]);
	} else if (n->type == NODE_MAP) {
		o->pairs += n->n;
		for (i = 0; i < n->n; i++) {
			count(o, n->pairs[i].key);
			count(o, n->pairs[i].value);
		}
	}
}

/*
 * The passes below visit the tree in the same order as count(): a node's
 * number is its place in that order, its kids' items and pairs follow
 * those of the nodes before it.
 */
struct cursor {
	size_t item, pair, chars;
};

static void put_chars(struct out *o, const struct node *n)
{
	size_t i;

	if (n->str)
		put_string(o->f, n->str, n->len + 1);
	if (n->type == NODE_SEQ)
		for (i = 0; i < n->n; i++)
			put_chars(o, n->items[i]);
	else if (n->type == NODE_MAP)
		for (i = 0; i < n->n; i++) {
			put_chars(o, n->pairs[i].key);
			put_chars(o, n->pairs[i].value);
		}
}

/* The node, then its kids, each from the next free item, pair and char. */
static void put_nodes(struct out *o, struct cursor *c, const struct node *n)
{
	size_t i;
	static const char *const type[] = { "NODE_NULL", "NODE_BOOL", "NODE_INT",
		"NODE_FLOAT", "NODE_STRING", "NODE_MAP", "NODE_SEQ" };

	fprintf(o->f, "\t{ %s, %u, %u, %u, ", type[n->type], n->flags, n->line, n->col);
	if (n->str) {
		fprintf(o->f, "chars_%d + %zu, %zu, ", o->doc, c->chars, n->len);
		c->chars += n->len + 1;
	} else {
		fputs("NULL, 0, ", o->f);
	}
	put_number(o->f, n->num);
	fprintf(o->f, ", %d, %zu, ", n->boolean, n->n);
	if (n->type == NODE_SEQ && n->n) {
		fprintf(o->f, "items_%d + %zu, NULL, 0 },\n", o->doc, c->item);
		c->item += n->n;
	} else if (n->type == NODE_MAP && n->n) {
		fprintf(o->f, "NULL, pairs_%d + %zu, 0 },\n", o->doc, c->pair);
		c->pair += n->n;
	} else {
		fputs("NULL, NULL, 0 },\n", o->f);
	}
	if (n->type == NODE_SEQ)
		for (i = 0; i < n->n; i++)
			put_nodes(o, c, n->items[i]);
	else if (n->type == NODE_MAP)
		for (i = 0; i < n->n; i++) {
			put_nodes(o, c, n->pairs[i].key);
			put_nodes(o, c, n->pairs[i].value);
		}
}

/* The size of the subtree at n, in nodes. */
static size_t size(const struct node *n)
{
	struct out o = { NULL, 0, 0, 0, 0, 0 };

	count(&o, n);
	return o.nodes;
}

/* The items and pairs arrays: each names its kids by number. */
static void put_kids(struct out *o, size_t self, const struct node *n, int pairs)
{
	size_t i, next = self + 1;

	if (n->type == NODE_SEQ) {
		for (i = 0; i < n->n; next += size(n->items[i]), i++)
			if (!pairs)
				fprintf(o->f, "\tnodes_%d + %zu,\n", o->doc, next);
		for (i = 0, next = self + 1; i < n->n; next += size(n->items[i]), i++)
			put_kids(o, next, n->items[i], pairs);
	} else if (n->type == NODE_MAP) {
		for (i = 0; i < n->n; i++) {
			size_t key = next, value = key + size(n->pairs[i].key);

			if (pairs)
				fprintf(o->f, "\t{ nodes_%d + %zu, nodes_%d + %zu },\n",
					o->doc, key, o->doc, value);
			next = value + size(n->pairs[i].value);
		}
		for (i = 0, next = self + 1; i < n->n; i++) {
			size_t key = next, value = key + size(n->pairs[i].key);

			put_kids(o, key, n->pairs[i].key, pairs);
			put_kids(o, value, n->pairs[i].value, pairs);
			next = value + size(n->pairs[i].value);
		}
	}
}

static int freeze(struct out *o, const char *path)
{
	struct diag_list diags = DIAG_LIST_INIT;
	struct doc *doc = NULL;
	struct cursor c = { 0, 0, 0 };
	char *text = NULL;
	size_t len = 0, cap = 0, got;
	FILE *in = fopen(path, "rb");
	int err = -1;

	if (!in) {
		fprintf(stderr, "freeze: %s: %s\n", path, strerror(errno));
		return -1;
	}
	do {
		if (len == cap) {
			char *more = realloc(text, (cap = cap ? 2 * cap : 65536) + 1);

			if (!more) {
				fprintf(stderr, "freeze: %s: out of memory\n", path);
				goto done;
			}
			text = more;
		}
		got = fread(text + len, 1, cap - len, in);
		len += got;
	} while (got);
	if (ferror(in) || handoff__yaml_load(&doc, text, len, 1, NULL, &diags) < 0 || !doc->root) {
		fprintf(stderr, "freeze: %s:%u:%u: %s\n", path, diags.n ? diags.v[0].line : 0,
			diags.n ? diags.v[0].column : 0,
			diags.n ? diags.v[0].message : "empty, or a read error");
		goto done;
	}
	o->nodes = o->items = o->pairs = o->chars = 0;
	count(o, doc->root);
	fprintf(o->f, "\n/* %s */\nstatic const char text_%d[] =\n", path, o->doc);
	put_string(o->f, text, len);
	fprintf(o->f, ";\nstatic const char chars_%d[] =\n", o->doc);
	put_chars(o, doc->root);
	fprintf(o->f, ";\nstatic struct node nodes_%d[%zu];\n", o->doc, o->nodes);
	if (o->items) {
		fprintf(o->f, "static struct node *items_%d[] = {\n", o->doc);
		put_kids(o, 0, doc->root, 0);
		fputs("};\n", o->f);
	}
	if (o->pairs) {
		fprintf(o->f, "static struct node_pair pairs_%d[] = {\n", o->doc);
		put_kids(o, 0, doc->root, 1);
		fputs("};\n", o->f);
	}
	fprintf(o->f, "static struct node nodes_%d[%zu] = {\n", o->doc, o->nodes);
	put_nodes(o, &c, doc->root);
	fputs("};\n", o->f);
	err = 0;
done:
	fclose(in);
	free(text);
	handoff__doc_free(doc);
	handoff__diag_list_release(&diags);
	return err;
}

int main(int argc, char **argv)
{
	struct out o = { stdout, 0, 0, 0, 0, 0 };
	int i;

	fputs("/* Made by schemas/freeze.c from the built-in schemas: do not edit. */\n"
		"#include <math.h>\n#include <stddef.h>\n\n#include \"kind_int.h\"\n", o.f);
	for (i = 1; i < argc; i++) {
		o.doc = i;
		if (freeze(&o, argv[i]) < 0)
			return 1;
	}
	fputs("\nconst struct frozen_doc handoff__kind_frozen[] = {\n", o.f);
	for (i = 1; i < argc; i++)
		fprintf(o.f, "\t{ text_%d, sizeof(text_%d) - 1, nodes_%d },\n", i, i, i);
	fprintf(o.f, "\t{ NULL, 0, NULL }\n};\n");
	return fflush(o.f) || ferror(o.f) ? 1 : 0;
}
