/*
 * Clock claims: contract.signed, a kind's start dates and the dates its
 * SLAs count from are claims a record makes; once committed, moving one
 * needs a reason (policy.c), and commit-msg must be asked (validate.c).
 */
#ifndef HANDOFF_CLAIMS_H
#define HANDOFF_CLAIMS_H

#include "kind.h"
#include "node.h"
#include "record.h"

/*
 * The pointer of the first date that starts a clock which `rec` moves
 * from `old` (a changed or removed date, not a placeholder); NULL: none.
 * *at: the new value's node there, or NULL.
 */
const char *clock_moved(const struct kind *kind, const struct record *old,
	const struct record *rec, const struct node **at);

#endif
