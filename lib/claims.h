/*
 * Clock claims: contract.signed, a kind's start dates and the dates its
 * SLAs count from are claims a record makes; once committed, moving one
 * needs a reason (policy.c), and commit-msg must be asked (validate.c).
 * So is a tick of a checklist item only some roles may make.
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
const char *handoff__clock_moved(const struct kind *kind, const struct record *old,
	const struct record *rec, const struct node **at);

/* The task line of `rec` (NULL: none) that ticks `it`, or NULL. */
const struct task *handoff__claims_ticked(const struct record *rec,
	const struct kind_item *it);

/* Whether `rec` ticks an item only some roles may tick (`ticked_by`) that `old` did not. */
int handoff__claims_new_tick(const struct kind *kind, const struct record *old,
	const struct record *rec);

/*
 * Whether `path` holds the handoff rules, which only ops changes:
 * anything under .handoff/, and every .gitattributes, whose
 * `working-tree-encoding` or `filter` decides what a checkout makes of
 * the records. Named without regard to case, and with the dots and
 * spaces Windows drops from a name's end, as checkouts there would read
 * them.
 */
int handoff__claims_rules_path(const char *path);

#endif
