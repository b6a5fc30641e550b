/*
 * Assessments: what `score`, `status`, `report` and `export` read. One
 * history walk for every record; for each record whose kind has score
 * or SLA rules, its events (events.c) are measured against the rules
 * (rules.h): each SLA's anchor, due time and the commit that met it, each
 * criterion's points and why. Nothing here depends on the time of day,
 * so a run can be cached (cache.c) and read again as of any moment.
 */
#ifndef HANDOFF_ASSESS_H
#define HANDOFF_ASSESS_H

#include "common.h"

enum sla_state {
	SLA_NOT_STARTED,	/* the anchor has not happened */
	SLA_OPEN,		/* due, not done (overdue once `due` has passed) */
	SLA_MET,
	SLA_LATE		/* done after it was due */
};

struct sla_result {
	char *name, *title;
	char *owner;		/* an email, or NULL */
	enum sla_state state;
	long long started;	/* when the clock started: the anchor, or the
				   record's first version for a date anchor */
	long long due, done;	/* seconds; done for MET and LATE */
	int backdated;		/* the record claims it earlier than it happened */
};

/* `acceptance.status` set to `status` at `at`, oldest first */
struct decision {
	long long at;
	char *status;
};

/*
 * An export column of the kind and its value (NULL: empty): text, a
 * YAML number (a number in JSON), an RFC 3339 date-time (written in the
 * export's time zone), or when an SLA was met (a date-time too; such
 * columns come first, see score_out.c).
 */
enum export_type {
	EXPORT_TEXT,
	EXPORT_NUMBER,
	EXPORT_TIME,
	EXPORT_SLA
};

struct export_value {
	char *name, *value;
	enum export_type type;
};

struct criterion_result {
	char *group, *name, *title, *why;
	double points, max;
};

struct assessment {
	char *path, *id, *kind, *commit;
	/* the kind's summary fields (x-handoff summary): owner is the rep */
	char *account, *segment, *type, *owner, *cs_owner, *team, *acceptance;
	char *meeting, *recording, *participants;	/* for export */
	char *sla_to;		/* who hears of a missed SLA: emails, ", " between */
	char *rejections_to;	/* who hears of repeated rejections */
	long long start;	/* the kind's first start date, else the first commit */
	long long completed;	/* first valid; 0 when never */
	long long signed_at;	/* 0 when not signed */
	long long created;	/* the first version's time */
	double score, earned, max;
	char *band;
	unsigned int rejections, escalate_rejections;
	struct criterion_result *crit;
	size_t ncrit;
	struct sla_result *sla;
	size_t nsla;
	struct decision *decisions;
	size_t ndecisions;
	struct export_value *exports;
	size_t nexports;
};

struct handoff_assessments {
	struct assessment *v;
	size_t n, alloc;
	char **notes;		/* warnings: history truncated, backdated dates */
	size_t nnotes, anotes;
	char *clock;		/* committer, author or first-parent */
	char *timezone;		/* the config's, for dates shown */
	int from_cache;
	/* not cached: the config is in the key, the branch name is not */
	char *record_url;	/* the config's link template, or NULL */
	char *branch;		/* the branch --rev or HEAD names, or NULL */
};

struct assessment *assessments_add(handoff_assessments *a);
/* Free what `a` holds and zero it. */
void assessments_release(handoff_assessments *a);
int assessments_note(handoff_assessments *a, const char *note);

/* The SLA result called `name`, or NULL. */
const struct sla_result *assessment_sla(const struct assessment *as,
	const char *name);

const char *sla_state_name(enum sla_state s);

/* 1 for "rejected" and "needs-revision". */
int acceptance_is_rejection(const char *status);
/* Append an export column's value (copied; NULL for none). */
int assessment_export(struct assessment *as, const char *name, const char *value,
	enum export_type type);
/* Append a decision; the status is copied. */
int assessment_decide(struct assessment *as, long long at, const char *status);

#endif
