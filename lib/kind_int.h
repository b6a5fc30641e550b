/*
 * What the parts of a kind's compiler share: the context that collects
 * every problem of one schema file, and the helpers that read the
 * x-handoff block (kind.c, rules.c).
 */
#ifndef HANDOFF_KIND_INT_H
#define HANDOFF_KIND_INT_H

#include "kind.h"

struct kind_ctx {
	struct kind *kind;
	struct diag_list *diags;
	int bad;		/* 1: a problem was reported; -1: out of memory */
};

void kind__problem(struct kind_ctx *c, const struct node *at,
	const char *pointer, const char *fmt, ...) PRINTF_LIKE(4, 5);
/* A non-empty string at map[key], or NULL (a problem unless absent and optional). */
const char *kind__want_str(struct kind_ctx *c, const struct node *map,
	const char *key, const char *where, int required);
/* A problem for each key of `map` not in the NULL-terminated `allowed`. */
void kind__check_keys(struct kind_ctx *c, const struct node *map,
	const char *where, const char *const *allowed);
/* xh[key] when it is a list; NULL when absent or (a problem) not a list. */
const struct node *kind__want_seq(struct kind_ctx *c, const struct node *xh,
	const char *key);
/* n zeroed elements from the kind's arena. */
void *kind__alloc(struct kind_ctx *c, size_t n, size_t size);

/*
 * The built-in schemas as yaml_load() makes them, at build time
 * (schemas/freeze.c): the text and its tree, to the entry whose text
 * is NULL.
 */
struct frozen_doc {
	const char *text;
	size_t len;
	struct node *root;
};

extern const struct frozen_doc kind__frozen[];

/* rules.c: x-handoff score and sla */
void rules_compile(struct kind_ctx *c, const struct node *xh);
/* kind_view.c: x-handoff summary, review and export */
void kind_views_compile(struct kind_ctx *c, const struct node *xh);

#endif
