/*
 * The YAML node tree: what a record's front matter, a schema or the
 * config becomes. Scalars are typed by the YAML 1.2 core schema (so `no`
 * is a string and 2026-11-02 is a string), keep their text as written,
 * and every node knows its line and column in the file it came from.
 *
 * A tree lives in one arena owned by its struct doc: nodes are never
 * freed one by one.
 */
#ifndef HANDOFF_NODE_H
#define HANDOFF_NODE_H

#include <stddef.h>
#include <stdint.h>

#include "common.h"

enum node_type {
	NODE_NULL,
	NODE_BOOL,
	NODE_INT,
	NODE_FLOAT,
	NODE_STRING,
	NODE_MAP,
	NODE_SEQ
};

/* node flags */
#define NODE_QUOTED	(1u << 0)	/* quoted or block scalar: always a string */

struct node_pair;

struct node {
	enum node_type type;
	unsigned int flags;
	unsigned int line, col;		/* 1-based, in the file */
	const char *str;		/* scalars: the text, NUL-terminated */
	size_t len;
	double num;			/* NODE_INT, NODE_FLOAT */
	int boolean;			/* NODE_BOOL */
	size_t n;			/* NODE_SEQ items, NODE_MAP pairs */
	struct node **items;
	struct node_pair *pairs;
	/*
	 * Nonzero on a node of a front matter block read by yaml_reuse.h:
	 * two nodes of the same origin are equal trees, whatever their lines.
	 */
	uint64_t origin;
};

struct node_pair {
	struct node *key;		/* always a scalar; key->str is the name */
	struct node *value;
};

struct arena_block;

struct doc {
	struct node *root;		/* NULL for an empty document */
	struct arena_block *blocks;
	/*
	 * Documents whose trees this one's shares (yaml_reuse.h), each held
	 * by a reference until this one is freed; trees are never changed
	 * once parsed, so any number of documents may share one.
	 */
	struct doc **borrowed;
	size_t nborrowed;
	size_t refs;			/* references beyond the first */
};

/* Limits on what one document may cost (RELIABILITY.md 1). */
struct yaml_limits {
	unsigned int max_depth;		/* 64 */
	size_t max_nodes;		/* 100000 */
	size_t max_scalar;		/* 64 KiB */
};

#define YAML_LIMITS_INIT { 64, 100000, 65536 }

/*
 * Parse `len` bytes of YAML into a tree. `first_line` is the file line
 * the text starts on (1 for a whole file) so that positions are file
 * positions. On a problem, one diagnostic goes to `diags` (with the file
 * line and column) and HANDOFF_EINVALID is returned; *out is NULL.
 * Aliases, merge keys, complex keys, unknown tags, duplicate keys and
 * more than one document are problems.
 */
int handoff__yaml_load(struct doc **out, const char *text, size_t len,
	unsigned int first_line, const struct yaml_limits *limits,
	struct diag_list *diags);
/*
 * Type a plain scalar's text (nd->str, nd->len) by the core schema, as
 * handoff__yaml_load does: type, and num or boolean where they apply.
 */
void handoff__yaml_resolve_plain(struct node *nd);

/* Drop a reference to `doc`: the last one frees it. */
void handoff__doc_free(struct doc *doc);
/* Another reference to `doc`, dropped by handoff__doc_free. */
struct doc *handoff__doc_ref(struct doc *doc);

/* Allocation from a document's arena (for trees built by hand). */
void *handoff__doc_alloc(struct doc *doc, size_t size);
struct doc *handoff__doc_new(void);
/*
 * The blocks this thread kept from freed documents and from libyaml's
 * parses, given back: before it ends.
 */
void handoff__doc_thread_release(void);

/* Lookups; NULL when absent or `map` is not a mapping. */
struct node *handoff__node_get(const struct node *map, const char *key);
struct node_pair *handoff__node_get_pair(const struct node *map, const char *key);
/* The string of a NODE_STRING child, or NULL. */
const char *handoff__node_get_str(const struct node *map, const char *key);
/* Follow a JSON pointer ("" is the node itself). */
struct node *handoff__node_at(const struct node *root, const char *pointer);

int handoff__node_is_scalar(const struct node *n);
int handoff__node_is_number(const struct node *n);
/* JSON equality: 1 == 1.0, maps compared regardless of order. */
int handoff__node_equal(const struct node *a, const struct node *b);
const char *handoff__node_type_name(enum node_type t);
/* The node as compact JSON, appended to `out`. */
int handoff__node_to_json(handoff_buf *out, const struct node *n);

#endif
