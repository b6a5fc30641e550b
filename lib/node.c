/*
 * Reading node trees: lookups by key and by JSON pointer, JSON equality
 * (what const, enum and uniqueItems compare by) and JSON output.
 */
#include <math.h>

#include "node.h"

struct node_pair *handoff__node_get_pair(const struct node *map, const char *key)
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

struct node *handoff__node_get(const struct node *map, const char *key)
{
	struct node_pair *p = handoff__node_get_pair(map, key);

	return p ? p->value : NULL;
}

const char *handoff__node_get_str(const struct node *map, const char *key)
{
	const struct node *n = handoff__node_get(map, key);

	return n && n->type == NODE_STRING ? n->str : NULL;
}

/* Does the escaped pointer token [t, end) name `key` (~1 is '/', ~0 '~')? */
static int token_is(const char *t, const char *end, const struct node *key)
{
	size_t i = 0;

	while (t < end) {
		char c = *t++;

		if (c == '~' && t < end && (*t == '0' || *t == '1'))
			c = *t++ == '0' ? '~' : '/';
		if (i >= key->len || key->str[i++] != c)
			return 0;
	}
	return i == key->len;
}

/* An array index: "0", or digits without a leading zero (RFC 6901). */
static int token_index(const char *t, const char *end, size_t *out)
{
	size_t i = 0;

	if (t == end || (*t == '0' && end - t > 1))
		return 0;
	for (; t < end; t++) {
		if (*t < '0' || *t > '9' || i > ((size_t)-1) / 10 - 10)
			return 0;
		i = i * 10 + (size_t)(*t - '0');
	}
	*out = i;
	return 1;
}

struct node *handoff__node_at(const struct node *root, const char *pointer)
{
	const struct node *cur = root;

	while (cur && *pointer == '/') {
		const char *tok = pointer + 1, *end = tok + strcspn(tok, "/");
		const struct node *next = NULL;
		size_t i;

		if (cur->type == NODE_MAP) {
			for (i = 0; i < cur->n && !next; i++)
				if (token_is(tok, end, cur->pairs[i].key))
					next = cur->pairs[i].value;
		} else if (cur->type == NODE_SEQ && token_index(tok, end, &i) &&
		    i < cur->n) {
			next = cur->items[i];
		}
		cur = next;
		pointer = end;
	}
	return *pointer ? NULL : (struct node *)cur;
}

int handoff__node_is_scalar(const struct node *n)
{
	return n->type != NODE_MAP && n->type != NODE_SEQ;
}

int handoff__node_is_number(const struct node *n)
{
	return n->type == NODE_INT || n->type == NODE_FLOAT;
}

int handoff__node_equal(const struct node *a, const struct node *b)
{
	size_t i;

	if (a->origin && a->origin == b->origin)
		return 1;
	if (handoff__node_is_number(a) && handoff__node_is_number(b))
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
			if (!handoff__node_equal(a->items[i], b->items[i]))
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
			if (!v || !handoff__node_equal(a->pairs[i].value, v))
				return 0;
		}
		return 1;
	default:
		return 0;
	}
}

const char *handoff__node_type_name(enum node_type t)
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

/* The shortest %g text that reads back as the same double: 0.1, not 0.1000...1. */
static int put_shortest(handoff_buf *out, double v)
{
	char text[32];
	int prec;

	if (handoff__buf_put_whole(out, v))
		return handoff__buf_failed(out) ? HANDOFF_ERROR : 0;
	for (prec = 15; prec < 17; prec++) {
		snprintf(text, sizeof(text), "%.*g", prec, v);
		if (strtod(text, NULL) == v)
			return handoff__buf_puts(out, text);
	}
	return handoff__buf_printf(out, "%.17g", v);
}

int handoff__node_to_json(handoff_buf *out, const struct node *n)
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
		return put_shortest(out, n->num);
	case NODE_STRING:
		return handoff__buf_json_str(out, n->str, n->len);
	case NODE_SEQ:
		err = handoff__buf_puts(out, "[");
		for (i = 0; !err && i < n->n; i++) {
			if (i)
				err = handoff__buf_puts(out, ",");
			if (!err)
				err = handoff__node_to_json(out, n->items[i]);
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
				err = handoff__node_to_json(out, n->pairs[i].value);
		}
		return err ? err : handoff__buf_puts(out, "}");
	}
	return 0;
}
