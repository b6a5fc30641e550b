/*
 * The context the parts of a kind's compiler read the x-handoff block
 * with (see xh.h).
 */
#include "xh.h"

void handoff__xh_problem(struct xh_ctx *c, const struct node *at,
	const char *pointer, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	/* out of memory (-1) stays what it is: not a schema problem */
	if (handoff__diag_vadd(c->diags, HANDOFF_SEVERITY_ERROR, at ? at->line : 0,
	    at ? at->col : 0, "schema", pointer, fmt, ap) < 0 || c->bad < 0)
		c->bad = -1;
	else
		c->bad = 1;
	va_end(ap);
}

const char *handoff__xh_want_str(struct xh_ctx *c, const struct node *map,
	const char *key, const char *where, int required)
{
	const struct node *v = handoff__node_get(map, key);
	char ptr[256];

	snprintf(ptr, sizeof(ptr), "%s/%s", where, key);
	if (!v) {
		if (required)
			handoff__xh_problem(c, map, ptr, "'%s' is required", key);
		return NULL;
	}
	if (v->type != NODE_STRING || v->len == 0) {
		handoff__xh_problem(c, v, ptr, "'%s' must be a non-empty string", key);
		return NULL;
	}
	return v->str;
}

void handoff__xh_check_keys(struct xh_ctx *c, const struct node *map,
	const char *where, const char *const *allowed)
{
	size_t i;

	for (i = 0; i < map->n; i++) {
		const struct node *k = map->pairs[i].key;
		const char *const *a;

		for (a = allowed; *a && strcmp(*a, k->str); a++)
			;
		if (!*a)
			handoff__xh_problem(c, k, where, "unknown key '%s' in %s",
				k->str, where);
	}
}

const struct node *handoff__xh_want_seq(struct xh_ctx *c, const struct node *xh,
	const char *key)
{
	const struct node *v = handoff__node_get(xh, key);

	if (v && v->type != NODE_SEQ) {
		handoff__xh_problem(c, v, key, "x-handoff '%s' must be a list", key);
		return NULL;
	}
	return v;
}

void *handoff__xh_alloc(struct xh_ctx *c, size_t n, size_t size)
{
	void *p = n ? handoff__doc_alloc(c->doc, n * size) : NULL;

	if (n && !p)
		c->bad = -1;
	return p;
}

int handoff__xh_is_pointer(const struct node *n)
{
	return n && n->type == NODE_STRING && n->str[0] == '/';
}
