/*
 * Report figures by group (summary.c), shared with the HTML page (html.c).
 */
#ifndef HANDOFF_SUMMARY_H
#define HANDOFF_SUMMARY_H

#include "assess.h"
#include "kind.h"

struct tz;

struct sla_count {
	const char *name;	/* borrowed from the assessments */
	size_t met, all;
};

struct group {
	char *key;
	const char *name;	/* shown: a person's config name, else the key */
	const char *kind;	/* the kind of every handoff in it (borrowed) */
	size_t count;		/* every handoff of the group */
	size_t provisional;	/* of them, scores in flight: not in scores or bands */
	double *scores;		/* sorted */
	size_t nscores;
	double *tth;		/* hours from signature to first complete, sorted */
	size_t ntth;
	struct { const char *name; size_t count; } bands[8];
	size_t nbands;
	size_t sla_met, sla_all;	/* SLAs decided: met, or late / overdue now */
	struct sla_count *sla;
	size_t nsla;
	unsigned int rejections;
	const struct assessment *last;	/* by reason: the handoff counted last */
	size_t states[KIND_STATE_OTHER + 1];	/* by enum kind_state, now */
	double mean, median, within_pct;	/* within_pct < 0: no SLA decided */
	double tth_median, tth_p90;
};

struct summary {
	struct group *v;	/* sorted by key */
	size_t n;
};

/* 1 when the handoff started between `since` and `until` (dates, inclusive; NULL: open). */
int handoff__summary_in_range(const struct assessment *as, const char *since,
	const char *until, const struct tz *tz);

/*
 * Group the handoffs dated between `since` and `until` (dates,
 * inclusive: the kind's start, the signature of a deal). Scores, means
 * and bands are of final records only; a provisional one (assess.h) is
 * counted apart. Deadlines are judged at the assessments' as_of.
 *
 * Scores of different kinds (other scales and bands) never share a
 * group: only handoffs of `kind` when given, else deal handoffs for a
 * person (rep, csm, team), else one group per kind and key. A person's
 * group counts only the SLA rules their role owns (handoff__summary_role()).
 */
int handoff__summarize_kind(struct summary *s, const handoff_assessments *a,
	handoff_group_by by, const char *kind, const char *since,
	const char *until, const struct tz *tz);
/* handoff__summarize_kind() with no --kind. */
int handoff__summarize(struct summary *s, const handoff_assessments *a,
	handoff_group_by by, const char *since, const char *until,
	const struct tz *tz);
/* The owner_role of the SLA rules a group by `by` counts; NULL: every rule. */
const char *handoff__summary_role(handoff_group_by by);
/*
 * The person a handoff counts for by rep or by csm: the owner of its SLA
 * rules of that role, else the kind's owner (rep) or cs_owner (csm); NULL
 * when there is none.
 */
const char *handoff__summary_person(const struct assessment *as, handoff_group_by by);
void handoff__summary_release(struct summary *s);

/* 0, or HANDOFF_EINVALID when --since or --until is not a date. */
int handoff__summary_check_dates(const handoff_summary_options *opts);
/*
 * The report as text, CSV or JSON (handoff_summary_format, in html.c,
 * writes HTML itself and hands the others here).
 */
int handoff__summary_format(handoff_buf *out, const handoff_assessments *a,
	const handoff_summary_options *opts, handoff_format format);

#endif
