/*
 * Events: what the clock of scoring and SLAs reads. From the versions of
 * one record (the history walk) and the semantic diff between them: the
 * record appeared, first validated, each front-matter field got its first
 * value or changed, each checklist item was ticked or unticked, the
 * acceptance status changed, the record was deleted. Each event belongs
 * to a version, so to a commit, an author and two times.
 *
 * A date the record claims for something (a kind's x-handoff claims such
 * as /meeting/held, or a date typed after a ticked checklist item:
 * "- [x] Customer introduction sent (2026-11-03)") that is earlier than
 * the commit that first wrote it by more than the tolerance is flagged
 * backdated: the history wins. A date without a time is read as the end
 * of that day in UTC, so an honest date is never called backdated
 * because of a time zone.
 *
 * Backfill: the commit that first writes a record may carry a
 * `Handoff-Backfill: <why>` trailer (ops importing a past handoff; the
 * server takes it from ops only). Its claimed dates are the handoff's
 * real ones: not backdated, and the times of their events.
 */
#ifndef HANDOFF_EVENTS_H
#define HANDOFF_EVENTS_H

#include "history.h"
#include "record_cache.h"
#include "source.h"

struct change_list;

enum event_type {
	EVENT_APPEARED,
	EVENT_VALID,
	EVENT_SET,		/* a field's first non-empty value */
	EVENT_CHANGED,		/* a later change, emptied or removed included */
	EVENT_TICKED,
	EVENT_UNTICKED,
	EVENT_ACCEPTANCE,	/* /acceptance/status changed; new_json says to what */
	EVENT_DELETED
};

struct event {
	enum event_type type;
	char *pointer;		/* "" for the record itself */
	char *old_json, *new_json;
	size_t version;		/* index in the record_history's versions */
	int backdated;
	int trusted;		/* a backfilled claim: `claimed` is its time */
	long long claimed;	/* the date claimed (seconds, UTC), when backdated or trusted */
	char *reasons;		/* ACCEPTANCE: /acceptance/reasons there, "a,b"; or NULL */
};

struct event_list {
	struct event *v;
	size_t n, alloc;
	char *backfill;		/* the first version's Handoff-Backfill, or NULL */
};

#define EVENT_LIST_INIT { NULL, 0, 0, NULL }

/*
 * The events of one record's history, oldest first, judged by the kinds
 * and config of `src`. `tolerance` is in seconds.
 */
int handoff__events_of(struct event_list *out, struct source *src,
	const struct record_history *rh, double tolerance);

/*
 * What events_walk hands its caller for version i: its record (`cur`,
 * NULL: deleted), the record in its commit's first parent (`base`: the
 * version before unless branches interleave; NULL when none), the kind
 * of cur (else of base), and the changes from base to cur as semdiff
 * finds them without SEMDIFF_LEAVES. All are borrowed for the call.
 */
struct events_version {
	size_t i;
	const struct version *version;	/* the history's rh->v[i] */
	const struct record *base, *cur;
	const struct kind *kind;
	const struct change_list *changes;
};

/*
 * events_of, calling `cb` with each version as it is read, so that a
 * caller that needs every version and its changes too reads and diffs
 * each once. When `cb` is called for version i, `out` holds every event
 * of the versions before it and none of its own: a caller that reads
 * them then may empty it (event_list_release), keeping the list to one
 * version's.
 */
typedef int (*events_version_cb)(const struct events_version *v, void *payload);
int handoff__events_walk(struct event_list *out, struct source *src,
	const struct record_history *rh, double tolerance, events_version_cb cb,
	void *payload);
/*
 * events_walk reading the versions through `cache` (NULL: one of its
 * own), so that a caller that read a version already (the last one, to
 * know its kind) does not make it read twice.
 */
int handoff__events_walk_with(struct event_list *out, struct source *src,
	const struct record_history *rh, double tolerance,
	struct record_cache *cache, events_version_cb cb, void *payload);
void handoff__event_list_release(struct event_list *l);
const char *handoff__event_type_name(enum event_type t);

#endif
