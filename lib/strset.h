/*
 * A set of strings, each distinct one kept once, in blocks freed all
 * together: the authors and paths of a history, however many commits
 * and versions name them.
 */
#ifndef HANDOFF_STRSET_H
#define HANDOFF_STRSET_H

#include "common.h"

struct str_block;

/* Zero-initialise; release frees every string. */
struct str_set {
	struct str_block *blocks;
	char *cur;		/* the room left in the newest block */
	size_t left;
	const char **slots;	/* open addressing; NULL: free */
	size_t n, cap;
};

/* The set's copy of `s` (NULL stays NULL); NULL and *oom set when out of memory. */
const char *handoff__str_keep(struct str_set *t, const char *s, int *oom);
void handoff__str_set_release(struct str_set *t);

#endif
