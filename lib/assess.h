/*
 * Assessments: what `score`, `status`, `report` and `export` read. One
 * history walk for every record; for each record whose kind has score
 * or SLA rules, its events (events.c) are measured against the rules
 * (rules.h): each SLA's anchor, due time and the commit that met it, each
 * criterion's points and why. Nothing here depends on the time of day,
 * so a run can be cached (cache.c) and read again as of any moment:
 * assess.c measures a record, assess_run.c runs the repository.
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
	char *owner_role;	/* the rule's owner_role (sales, cs), or NULL */
	char *escalate_to;	/* the manager of the owner's team (config `teams:`),
				   else NULL: the record's sla_to */
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
	char *reasons;	/* the rejection reasons given, "a,b"; or NULL */
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

/*
 * A criterion's deadline: until when the points it lacks can still be
 * earned. CRITERION_FIXED: never (it is earned, not time-bound, or lost
 * for good); CRITERION_NOT_STARTED: its clock has not started (an
 * introduction due after a signature not given yet), so it is pending
 * whatever the time.
 */
#define CRITERION_FIXED 0
#define CRITERION_NOT_STARTED (-1)

enum criterion_state {
	CRITERION_EARNED,	/* every point given */
	CRITERION_MISSED,	/* points lacking, and their time is past */
	CRITERION_PENDING	/* points lacking, their deadline not come */
};

struct criterion_result {
	char *group, *name, *title, *why;
	double points, max;
	long long deadline;	/* seconds, or one of the two above */
};

struct score_band {
	char *name;
	double min;
};

/*
 * A commitment of the record's last version (the kind's summary
 * `commitments`), its dates YYYY-MM-DD as written. `person` is who
 * answers for it: the owner when it is an email, else the record's
 * cs_owner for "cs" and owner for "sales"; NULL for another team.
 */
struct commitment_result {
	char *id, *text, *owner, *person, *status, *reason;
	char *due, *delivered;
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
	char *band;		/* the band of `score`, the points earned */
	struct score_band *bands;	/* the kind's, highest first */
	size_t nbands;
	unsigned int rejections, escalate_rejections;
	struct criterion_result *crit;
	size_t ncrit;
	struct sla_result *sla;
	size_t nsla;
	struct decision *decisions;
	size_t ndecisions;
	struct export_value *exports;
	size_t nexports;
	struct commitment_result *commitments;
	size_t ncommitments;
	int worktree;		/* its last version is the work tree's, not committed */
	int backfilled;		/* imported by ops with its real dates (Handoff-Backfill) */
};

struct handoff_assessments {
	struct assessment *v;
	size_t n, alloc;
	char **notes;		/* warnings: history truncated, backdated dates */
	size_t nnotes, anotes;
	char *clock;		/* committer, author or first-parent */
	char *timezone;		/* the config's, for dates shown */
	size_t times, receipts;	/* versions timed; of them, by the server's receipt */
	int from_cache;
	size_t cached_at, cached_len;	/* a part read from the cache: its bytes there */
	/* not cached: the config is in the key, the branch name is not */
	char *record_url;	/* the config's link template, or NULL */
	char *branch;		/* the branch --rev or HEAD names, or NULL */
	char **names;		/* the config's people: email, name, email, name... */
	size_t nnames;		/* pairs */
	long long as_of;	/* the run's time: pending or missed (default now) */
	long long due_soon;	/* status shows commitments due within it (seconds) */
};

/*
 * Where a record stands as of a moment. Final when it is decided
 * (accepted, rejected, needs-revision) or nothing it lacks is still
 * pending; else provisional, and its band is the best it can still
 * reach: that of the points earned plus those still possible.
 */
struct standing {
	double score;		/* earned, of 100 */
	double possible;	/* still possible, of 100; 0 when final */
	const char *band;
	int provisional;
};

struct assessment *handoff__assessments_add(handoff_assessments *a);
/* Free what `a` holds and zero it. */
void handoff__assessments_release(handoff_assessments *a);
int handoff__assessments_note(handoff_assessments *a, const char *note);

/* Which clock the figures used (receipts.h): "server receipts", ... */
void handoff__assessments_clock(char *buf, size_t size, const handoff_assessments *a);
/* The same as a JSON member: ,"clock_source":{...} */
void handoff__assessments_clock_json(handoff_buf *b, const handoff_assessments *a);

/* The config's name of the person `email`, else `email` itself. */
const char *handoff__assessments_person(const handoff_assessments *a, const char *email);

/* The SLA result called `name`, or NULL. */
const struct sla_result *handoff__assessment_sla(const struct assessment *as,
	const char *name);

const char *handoff__sla_state_name(enum sla_state s);

enum criterion_state handoff__criterion_state(const struct criterion_result *c,
	long long as_of);
const char *handoff__criterion_state_name(enum criterion_state s);
/* 1 for "accepted", "rejected" and "needs-revision". */
int handoff__acceptance_is_decided(const char *status);
void handoff__assessment_standing(struct standing *out, const struct assessment *as,
	long long as_of);

/* 1 for "rejected" and "needs-revision". */
int handoff__acceptance_is_rejection(const char *status);
/* Append an export column's value (copied; NULL for none). */
int handoff__assessment_export(struct assessment *as, const char *name, const char *value,
	enum export_type type);
/* Append a commitment, its strings copied (each may be NULL). */
int handoff__assessment_commit(struct assessment *as, const struct commitment_result *c);
/* Append a decision; the status and reasons (may be NULL) are copied. */
int handoff__assessment_decide(struct assessment *as, long long at, const char *status,
	const char *reasons);

struct source;
struct tz;
struct record_history;
/*
 * Measure the record `rh` (its last version, against its kind's rules)
 * into a new assessment of `out`; nothing for a deleted record or a kind
 * without rules. handoff_assess (assess_run.c) runs it for every record.
 */
int handoff__assess_record(handoff_assessments *out, struct source *src,
	const struct tz *tz, const struct record_history *rh, int author_time);

#endif
