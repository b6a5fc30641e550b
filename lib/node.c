/*
 * Reading node trees: lookups by key and by JSON pointer, JSON equality
 * (what const, enum and uniqueItems compare by) and JSON output.
 */
#include <math.h>

#include "node.h"

struct node_pair *node_get_pair(const struct node *map, const char *key)
{
	size_t i, len;

	if (!map || map->type != NODE_MAP)
		return NULL;
	len = strlen(key);
	for (i = 0; i < map->n; i++) {
		const struct node *k = map->pairs[i].key;

		if (k->len == len && !memcmp(k->str, key, len))
			return &map->pairs[i];
	}
	return NULL;
}

struct node *node_get(const struct node *map, const char *key)
{
	struct node_pair *p = node_get_pair(map, key);

	return p ? p->value : NULL;
}

const char *node_get_str(const struct node *map, const char *key)
{
	const struct node *n = node_get(map, key);

	return n && n->type == NODE_STRING ? n->str : NULL;
}

/* One pointer token, unescaped (~1 is '/', ~0 is '~'), into buf. */
static size_t pointer_token(const char **p, char *buf, size_t size)
{
	const char *s = *p;
	size_t n = 0;

	while (*s && *s != '/') {
		char c = *s++;

		if (c == '~' && (*s == '0' || *s == '1'))
			c = *s++ == '0' ? '~' : '/';
		if (n + 1 < size)
			buf[n++] = c;
	}
	buf[n] = '\0';
	*p = s;
	return n;
}

struct node *node_at(const struct node *root, const char *pointer)
{
	const struct node *cur = root;
	char tok[1024];

	while (cur && *pointer == '/') {
		pointer++;
		pointer_token(&pointer, tok, sizeof(tok));
		if (cur->type == NODE_MAP) {
			cur = node_get(cur, tok);
		} else if (cur->type == NODE_SEQ) {
			char *end;
			unsigned long i = strtoul(tok, &end, 10);

			cur = (*tok && !*end && i < cur->n) ? cur->items[i] : NULL;
		} else {
			cur = NULL;
		}
	}
	return *pointer ? NULL : (struct node *)cur;
}

int node_is_scalar(const struct node *n)
{
	return n->type != NODE_MAP && n->type != NODE_SEQ;
}

int node_is_number(const struct node *n)
{
	return n->type == NODE_INT || n->type == NODE_FLOAT;
}

int node_equal(const struct node *a, const struct node *b)
{
	size_t i;

	if (node_is_number(a) && node_is_number(b))
		return a->num == b->num;
	if (a->type != b->type)
		return 0;
	switch (a->type) {
	case NODE_NULL:
		return 1;
	case NODE_BOOL:
		return a->boolean == b->boolean;
	case NODE_STRING:
		return a->len == b->len && !memcmp(a->str, b->str, a->len);
	case NODE_SEQ:
		if (a->n != b->n)
			return 0;
		for (i = 0; i < a->n; i++)
			if (!node_equal(a->items[i], b->items[i]))
				return 0;
		return 1;
	case NODE_MAP:
		if (a->n != b->n)
			return 0;
		for (i = 0; i < a->n; i++) {
			const struct node *k = a->pairs[i].key, *v = NULL;
			size_t j;

			/* keys are unique, so a linear search finds the one */
			for (j = 0; j < b->n && !v; j++)
				if (b->pairs[j].key->len == k->len &&
				    !memcmp(b->pairs[j].key->str, k->str, k->len))
					v = b->pairs[j].value;
			if (!v || !node_equal(a->pairs[i].value, v))
				return 0;
		}
		return 1;
	default:
		return 0;
	}
}

const char *node_type_name(enum node_type t)
{
	switch (t) {
	case NODE_NULL: return "null";
	case NODE_BOOL: return "boolean";
	case NODE_INT: return "integer";
	case NODE_FLOAT: return "number";
	case NODE_STRING: return "string";
	case NODE_MAP: return "object";
	case NODE_SEQ: return "array";
	}
	return "unknown";
}

int node_to_json(handoff_buf *out, const struct node *n)
{
	size_t i;
	int err = 0;

	if (!n)
		return handoff__buf_puts(out, "null");
	switch (n->type) {
	case NODE_NULL:
		return handoff__buf_puts(out, "null");
	case NODE_BOOL:
		return handoff__buf_puts(out, n->boolean ? "true" : "false");
	case NODE_INT:
	case NODE_FLOAT:
		if (!isfinite(n->num))	/* JSON has no inf or nan */
			return handoff__buf_json_str(out, n->str, n->len);
		if (n->num == floor(n->num) && fabs(n->num) < 1e15)
			return handoff__buf_printf(out, "%.0f", n->num);
		return handoff__buf_printf(out, "%.17g", n->num);
	case NODE_STRING:
		return handoff__buf_json_str(out, n->str, n->len);
	case NODE_SEQ:
		err = handoff__buf_puts(out, "[");
		for (i = 0; !err && i < n->n; i++) {
			if (i)
				err = handoff__buf_puts(out, ",");
			if (!err)
				err = node_to_json(out, n->items[i]);
		}
		return err ? err : handoff__buf_puts(out, "]");
	case NODE_MAP:
		err = handoff__buf_puts(out, "{");
		for (i = 0; !err && i < n->n; i++) {
			const struct node *k = n->pairs[i].key;

			if (i)
				err = handoff__buf_puts(out, ",");
			if (!err)
				err = handoff__buf_json_str(out, k->str, k->len);
			if (!err)
				err = handoff__buf_puts(out, ":");
			if (!err)
				err = node_to_json(out, n->pairs[i].value);
		}
		return err ? err : handoff__buf_puts(out, "}");
	}
	return 0;
}
