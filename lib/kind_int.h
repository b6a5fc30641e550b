/*
 * The built-in schemas, compiled into the program (schemas/freeze.c
 * writes them; kind.c finds a schema's text among them).
 */
#ifndef HANDOFF_KIND_INT_H
#define HANDOFF_KIND_INT_H

#include "node.h"

/*
 * The built-in schemas as handoff__yaml_load() makes them, at build time
 * (schemas/freeze.c): the text and its tree, to the entry whose text
 * is NULL.
 */
struct frozen_doc {
	const char *text;
	size_t len;
	struct node *root;
};

extern const struct frozen_doc handoff__kind_frozen[];

#endif
