/*
 * Reading one schema's x-handoff block: the context that collects every
 * problem with the schema's line and column (all of them in one pass,
 * not the first alone), and allocation from the schema's tree, so that
 * what is read lives as long as the tree it points into. The kind, its
 * rules and its views each read their part of the block with it.
 */
#ifndef HANDOFF_XH_H
#define HANDOFF_XH_H

#include "node.h"

struct xh_ctx {
	struct doc *doc;	/* allocations come from its arena */
	struct diag_list *diags;
	int bad;		/* 1: a problem was reported; -1: out of memory */
};

void handoff__xh_problem(struct xh_ctx *c, const struct node *at,
	const char *pointer, const char *fmt, ...) PRINTF_LIKE(4, 5);
/* A non-empty string at map[key], or NULL (a problem unless absent and optional). */
const char *handoff__xh_want_str(struct xh_ctx *c, const struct node *map,
	const char *key, const char *where, int required);
/* A problem for each key of `map` not in the NULL-terminated `allowed`. */
void handoff__xh_check_keys(struct xh_ctx *c, const struct node *map,
	const char *where, const char *const *allowed);
/* xh[key] when it is a list; NULL when absent or (a problem) not a list. */
const struct node *handoff__xh_want_seq(struct xh_ctx *c, const struct node *xh,
	const char *key);
/* n zeroed elements from the document's arena. */
void *handoff__xh_alloc(struct xh_ctx *c, size_t n, size_t size);
/* 1 when `n` is a string that starts like a JSON pointer. */
int handoff__xh_is_pointer(const struct node *n);

#endif
