/*
 * Commitments to done (commitments.c): where each promise of an accepted
 * handoff stands on a day, for the board (status.c) and the delivery
 * report (report --commitments).
 */
#ifndef HANDOFF_COMMITMENTS_H
#define HANDOFF_COMMITMENTS_H

#include "assess.h"

struct tz;

enum commitment_state {
	COMMITMENT_OPEN,	/* due later than the window */
	COMMITMENT_DUE_SOON,	/* due today or within the window */
	COMMITMENT_OVERDUE,	/* its due day is over, not delivered */
	COMMITMENT_ON_TIME,	/* delivered on or before its due day */
	COMMITMENT_LATE,	/* delivered after it */
	COMMITMENT_DROPPED
};

/*
 * Where `c` stands on `today` (YYYY-MM-DD) with a window of `window`
 * days; *days receives how many days it is due in (negative: overdue
 * by), or late by once delivered; 0 when a date is missing.
 */
enum commitment_state handoff__commitment_state(const struct commitment_result *c,
	const char *today, long window, long *days);
const char *handoff__commitment_state_name(enum commitment_state s);

/* Today in the zone `tz` at `t`, YYYY-MM-DD into `day` (11 bytes at least). */
void handoff__commitment_today(char *day, size_t size, const struct tz *tz, long long t);

#endif
