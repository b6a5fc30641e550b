/*
 * The pre-commit hook's verdict for the commit-msg hook of the same
 * commit; see verdict.c for its key and why a stale one is harmless.
 */
#ifndef HANDOFF_VERDICT_H
#define HANDOFF_VERDICT_H

#include "common.h"

struct verdict {
	handoff_buf key;	/* empty: no verdict can be left */
};

/*
 * The key of this commit (its git process, `git`: 0 for our parent, else
 * our parent or its parent); < 0: none, no verdict can be left.
 */
int handoff__verdict_begin(struct verdict *v, long git);
/* Leave "clear" under the key taken, or take away any verdict; releases v. */
void handoff__verdict_end(struct verdict *v, int clear);

#endif
