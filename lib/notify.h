/*
 * Notifications (`status --notify`): the board's escalations as items,
 * each under a key that names it across runs, so what was sent is sent
 * once (the keys sent are kept in git notes, notify.c).
 */
#ifndef HANDOFF_NOTIFY_H
#define HANDOFF_NOTIFY_H

#include "assess.h"

/*
 * An escalation as of a moment: an SLA overdue or met late (`sla`), or
 * a handoff rejected too often (`sla` NULL; `due` is when the decision
 * that reached the limit was taken).
 */
struct board_item {
	const struct assessment *as;
	const struct sla_result *sla;
	const char *stage;
	long long due;
	double late_hours;	/* -1 for rejections */
	unsigned int rejections;
	int overdue;		/* still not done */
};

/* status.c: each escalation of the board as of `as_of`, to `fn`; stops at its first < 0 */
int handoff__status_escalations(const handoff_assessments *a, long long as_of,
	int (*fn)(const struct board_item *item, void *payload), void *payload);

#endif
