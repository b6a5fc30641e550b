/*
 * Measuring each record against its kind's score and SLA rules (see
 * assess.h and rules.h). The clock is the history: every time here is a
 * commit's (committer time, or author time when asked), never a date a
 * rep typed; a typed date the history contradicts forfeits the credit it
 * claims.
 */

#include "acks.h"
#include "assess.h"
#include "changes.h"
#include "clock.h"
#include "events.h"
#include "format.h"
#include "history.h"
#include "receipts.h"
#include "record.h"
#include "record_cache.h"
#include "source.h"
#include "validate.h"

/* What measuring one record needs. */
struct measure {
	struct source *src;
	const struct tz *tz;
	const struct record_history *rh;
	const struct record *rec;
	const struct node *front;
	const struct kind *kind;
	struct event_list ev;
	int author_time;
	struct assessment *as;
};

struct assessment *handoff__assessments_add(handoff_assessments *a)
{
	if (a->n == a->alloc) {
		size_t n = a->alloc ? a->alloc * 2 : 4;
		struct assessment *v = realloc(a->v, n * sizeof(*v));

		if (!v) {
			handoff__error_oom();
			return NULL;
		}
		a->v = v;
		a->alloc = n;
	}
	memset(&a->v[a->n], 0, sizeof(a->v[0]));
	return &a->v[a->n++];
}

int handoff__assessments_note(handoff_assessments *a, const char *note)
{
	char **v;

	if (a->nnotes == a->anotes) {
		size_t n = a->anotes ? a->anotes * 2 : 8;

		if (!(v = realloc(a->notes, n * sizeof(*v))))
			return handoff__error_oom();
		a->notes = v;
		a->anotes = n;
	}
	if (!(a->notes[a->nnotes] = handoff__strdup(note)))
		return HANDOFF_ERROR;
	a->nnotes++;
	return 0;
}

static void commitment_release(struct commitment_result *c)
{
	free(c->id); free(c->text); free(c->owner); free(c->person);
	free(c->status); free(c->reason); free(c->due); free(c->delivered);
}

static void assessment_release(struct assessment *as)
{
	size_t i;

	free(as->path); free(as->id); free(as->kind); free(as->commit);
	free(as->account); free(as->segment); free(as->type); free(as->owner);
	free(as->cs_owner); free(as->team); free(as->acceptance); free(as->meeting);
	free(as->recording); free(as->participants); free(as->band);
	free(as->sla_to); free(as->rejections_to);
	for (i = 0; i < as->ncrit; i++) {
		free(as->crit[i].group); free(as->crit[i].name);
		free(as->crit[i].title); free(as->crit[i].why);
	}
	free(as->crit);
	for (i = 0; i < as->nbands; i++)
		free(as->bands[i].name);
	free(as->bands);
	for (i = 0; i < as->nsla; i++) {
		free(as->sla[i].name); free(as->sla[i].title); free(as->sla[i].owner);
		free(as->sla[i].owner_role); free(as->sla[i].escalate_to);
	}
	free(as->sla);
	for (i = 0; i < as->ndecisions; i++) {
		free(as->decisions[i].status);
		free(as->decisions[i].reasons);
	}
	free(as->decisions);
	for (i = 0; i < as->nexports; i++) {
		free(as->exports[i].name);
		free(as->exports[i].value);
	}
	free(as->exports);
	for (i = 0; i < as->ncommitments; i++)
		commitment_release(&as->commitments[i]);
	free(as->commitments);
}

void handoff__assessments_release(handoff_assessments *a)
{
	size_t i;

	for (i = 0; i < a->n; i++)
		assessment_release(&a->v[i]);
	free(a->v);
	for (i = 0; i < a->nnotes; i++)
		free(a->notes[i]);
	free(a->notes);
	free(a->clock);
	free(a->timezone);
	free(a->record_url);
	for (i = 0; i < 2 * a->nnames; i++)
		free(a->names[i]);
	free(a->names);
	free(a->branch);
	memset(a, 0, sizeof(*a));
}

void handoff_assessments_free(handoff_assessments *a)
{
	if (!a)
		return;
	handoff__assessments_release(a);
	free(a);
}

int handoff_assessments_cached(const handoff_assessments *a)
{
	return a->from_cache;
}

void handoff_assessments_set_due_soon(handoff_assessments *a, long long secs)
{
	a->due_soon = secs;
}

void handoff_assessments_set_time(handoff_assessments *a, long long as_of)
{
	a->as_of = as_of;
}

int handoff_time_parse(long long *out, const handoff_assessments *a,
	const char *s)
{
	struct tz *tz = NULL;
	int err = handoff__tz_load(&tz, a->timezone ? a->timezone : "UTC"), ok;

	if (err < 0)
		return err;
	ok = handoff__clock_parse(tz, s, strlen(s), out);
	handoff__tz_free(tz);
	if (!ok)
		return handoff__error_set(HANDOFF_ERROR_INVALID,
			"'%s' is not a date (YYYY-MM-DD) or a date-time", s), HANDOFF_EINVALID;
	return 0;
}

const struct sla_result *handoff__assessment_sla(const struct assessment *as,
	const char *name)
{
	size_t i;

	for (i = 0; i < as->nsla; i++)
		if (!strcmp(as->sla[i].name, name))
			return &as->sla[i];
	return NULL;
}

int handoff__acceptance_is_rejection(const char *status)
{
	return status && (!strcmp(status, "rejected") || !strcmp(status, "needs-revision"));
}

int handoff__assessment_export(struct assessment *as, const char *name, const char *value,
	enum export_type type)
{
	struct export_value *v = realloc(as->exports, (as->nexports + 1) * sizeof(*v));

	if (!v)
		return handoff__error_oom();
	as->exports = v;
	v[as->nexports].name = handoff__strdup(name);
	v[as->nexports].value = value ? handoff__strdup(value) : NULL;
	v[as->nexports].type = type;
	if (!v[as->nexports].name || (value && !v[as->nexports].value)) {
		free(v[as->nexports].name);
		free(v[as->nexports].value);
		return HANDOFF_ERROR;
	}
	as->nexports++;
	return 0;
}

int handoff__assessment_commit(struct assessment *as, const struct commitment_result *c)
{
	struct commitment_result *v = realloc(as->commitments,
		(as->ncommitments + 1) * sizeof(*v));
	struct commitment_result *d;

	if (!v)
		return handoff__error_oom();
	as->commitments = v;
	d = &v[as->ncommitments];
	memset(d, 0, sizeof(*d));
	if ((c->id && !(d->id = handoff__strdup(c->id))) ||
	    (c->text && !(d->text = handoff__strdup(c->text))) ||
	    (c->owner && !(d->owner = handoff__strdup(c->owner))) ||
	    (c->person && !(d->person = handoff__strdup(c->person))) ||
	    (c->status && !(d->status = handoff__strdup(c->status))) ||
	    (c->reason && !(d->reason = handoff__strdup(c->reason))) ||
	    (c->due && !(d->due = handoff__strdup(c->due))) ||
	    (c->delivered && !(d->delivered = handoff__strdup(c->delivered)))) {
		commitment_release(d);
		return HANDOFF_ERROR;
	}
	as->ncommitments++;
	return 0;
}

int handoff__assessment_decide(struct assessment *as, long long at, const char *status,
	const char *reasons)
{
	struct decision *v = realloc(as->decisions, (as->ndecisions + 1) * sizeof(*v));

	if (!v)
		return handoff__error_oom();
	as->decisions = v;
	v[as->ndecisions].at = at;
	v[as->ndecisions].reasons = NULL;
	if (!(v[as->ndecisions].status = handoff__strdup(status)) ||
	    (reasons && !(v[as->ndecisions].reasons = handoff__strdup(reasons)))) {
		free(v[as->ndecisions].status);
		return HANDOFF_ERROR;
	}
	as->ndecisions++;
	return 0;
}

const char *handoff__sla_state_name(enum sla_state s)
{
	static const char *const names[] = { "not started", "open", "met", "late" };

	return names[s];
}

/* ---- where a record stands, as of a moment ---------------------------- */

enum criterion_state handoff__criterion_state(const struct criterion_result *c,
	long long as_of)
{
	if (c->points >= c->max)
		return CRITERION_EARNED;
	if (c->deadline == CRITERION_NOT_STARTED || c->deadline > as_of)
		return CRITERION_PENDING;
	return CRITERION_MISSED;
}

const char *handoff__criterion_state_name(enum criterion_state s)
{
	static const char *const names[] = { "earned", "missed", "pending" };

	return names[s];
}

int handoff__acceptance_is_decided(const char *status)
{
	return status && (!strcmp(status, "accepted") || handoff__acceptance_is_rejection(status));
}

static const char *band_of(const struct assessment *as, double pct)
{
	size_t i;

	for (i = 0; i < as->nbands; i++)
		if (pct >= as->bands[i].min)
			return as->bands[i].name;
	return as->nbands ? as->bands[as->nbands - 1].name : as->band;
}

void handoff__assessment_standing(struct standing *out, const struct assessment *as,
	long long as_of)
{
	double possible = 0;
	size_t i;
	int pending = 0;

	for (i = 0; i < as->ncrit; i++)
		if (handoff__criterion_state(&as->crit[i], as_of) == CRITERION_PENDING) {
			possible += as->crit[i].max - as->crit[i].points;
			pending = 1;
		}
	out->score = as->score;
	out->provisional = pending && as->max > 0 && !handoff__acceptance_is_decided(as->acceptance);
	out->possible = 0;
	out->band = as->band;
	if (out->provisional) {
		/* the band from the unrounded sum: 2/3 + 1/3 is 100, never 99.9 */
		out->possible = (double)(long long)(possible / as->max * 1000 + 0.5) / 10;
		out->band = band_of(as, (as->earned + possible) / as->max * 100 + 1e-9);
	}
}

static long long version_time(const struct measure *m, size_t i)
{
	return m->author_time ? m->rh->v[i].author_time : m->rh->v[i].commit_time;
}

/* ---- values ---------------------------------------------------------- */

static char *dup_or_null(const char *s)
{
	return s ? handoff__strdup(s) : NULL;
}

/* A value filled in: not null, empty or a placeholder. */
static int filled(const struct measure *m, const struct node *n)
{
	if (!n || n->type == NODE_NULL)
		return 0;
	if (n->type == NODE_STRING)
		return n->len > 0 && handoff__kind_is_placeholder(m->kind, n) == 0;
	if (n->type == NODE_SEQ || n->type == NODE_MAP)
		return n->n > 0;
	return 1;
}

static const char *str_at(const struct node *front, const char *pointer)
{
	const struct node *n = handoff__node_at(front, pointer);

	return n && handoff__node_is_scalar(n) && n->type != NODE_NULL ? n->str : NULL;
}

/*
 * 1 when the author of version `v` had the ops or cs_manager role in the
 * config as it stood before that commit: roles given later do not reach
 * back. Rare (a clock date changed), so read each time, under the lock
 * the measuring threads share.
 */
static int may_move_clock(const struct measure *m, const struct version *v)
{
	static const char *const may[] = { "ops", "cs_manager", NULL };
	struct diag_list d = DIAG_LIST_INIT;
	struct config *cfg = NULL;
	git_blob *blob = NULL;
	int yes = 0;

	if (git_oid_is_zero(&v->config) || !v->author_email)
		return 0;
	if (m->src->lock)
		pthread_mutex_lock(m->src->lock);
	if (git_blob_lookup(&blob, handoff__source_git(m->src), &v->config) == 0 &&
	    handoff__config_parse(&cfg, git_blob_rawcontent(blob),
	    (size_t)git_blob_rawsize(blob), &d) == 0)
		yes = handoff__person_has_any_role(handoff__config_person(cfg, v->author_email), may);
	git_blob_free(blob);
	if (m->src->lock)
		pthread_mutex_unlock(m->src->lock);
	handoff__config_free(cfg);
	handoff__diag_list_release(&d);
	return yes;
}

/*
 * A date that starts a clock (an SLA's anchor, the signature, the start)
 * as the history has it: its first committed value that reads as a time.
 * A later change counts only when its author had the ops or cs_manager
 * role: a rep who moves contract.signed forward does not move the
 * deadlines it started. Into `buf`; NULL when there is no value.
 */
static const char *clock_claim(const struct measure *m, const char *pointer,
	char *buf, size_t size)
{
	const char *val = NULL;
	long long t;
	size_t i, n;
	int first = 0;

	for (i = 0; i < m->ev.n; i++) {
		const struct event *e = &m->ev.v[i];
		const char *v = e->new_json;

		if ((e->type != EVENT_SET && e->type != EVENT_CHANGED) ||
		    strcmp(e->pointer, pointer))
			continue;
		if (first && !may_move_clock(m, &m->rh->v[e->version]))
			continue;
		n = v && *v == '"' ? strlen(v) - 2 : 0;
		val = v && *v == '"' && n < size && !memchr(v + 1, '\\', n) ? v : NULL;
		if (val) {
			memcpy(buf, val + 1, n);
			buf[n] = '\0';
		}
		first = first || (val && handoff__clock_parse(m->tz, buf, n, &t));
	}
	if (!first && !val)
		return str_at(m->front, pointer);	/* no history of it: as it is */
	return val ? buf : NULL;
}

/* ---- events ---------------------------------------------------------- */

/* When an event happened: its commit's time, or a backfill's claimed date. */
static long long event_time(const struct measure *m, const struct event *e)
{
	return e->trusted ? e->claimed : version_time(m, e->version);
}

/*
 * When a decision was taken: its commit's time, or in a backfill the
 * record's /acceptance/at (the events.c claims) written with it.
 */
static long long decision_time(const struct measure *m, const struct event *e)
{
	size_t i;

	for (i = 0; m->ev.backfill && i < m->ev.n; i++)
		if (m->ev.v[i].version == e->version && m->ev.v[i].trusted &&
		    !strcmp(m->ev.v[i].pointer, "/acceptance/at"))
			return m->ev.v[i].claimed;
	return version_time(m, e->version);
}

/*
 * When `spec` happened: its version (index into the history) and
 * whether the record claims it earlier than that. SPEC_REVISED needs the
 * anchor's version. 0 when it has not happened.
 */
static int spec_version(const struct measure *m, const struct event_spec *s,
	size_t after, size_t *version, int *backdated, long long *at)
{
	size_t i;
	const struct event *last = NULL;

	*backdated = 0;
	if (s->type == SPEC_REVISED) {
		for (i = after + 1; i < m->rh->n; i++)
			if (!(m->rh->v[i].flags & VERSION_DELETED)) {
				*version = i;
				*at = version_time(m, i);
				return 1;
			}
		return 0;
	}
	for (i = 0; i < m->ev.n; i++) {
		const struct event *e = &m->ev.v[i];
		int hit = 0;

		switch (s->type) {
		case SPEC_APPEARED:
			hit = e->type == EVENT_APPEARED;
			break;
		case SPEC_COMPLETE:
			hit = e->type == EVENT_VALID;
			break;
		case SPEC_ACCEPTED:
			hit = e->type == EVENT_ACCEPTANCE && e->new_json &&
				!strcmp(e->new_json, "\"accepted\"");
			break;
		case SPEC_REJECTED:
			if (e->type == EVENT_ACCEPTANCE && e->new_json &&
			    (!strcmp(e->new_json, "\"rejected\"") ||
			    !strcmp(e->new_json, "\"needs-revision\"")))
				last = e;
			continue;
		case SPEC_TICKED:
			hit = e->type == EVENT_TICKED &&
				!strcmp(e->pointer + 11, s->item->titles[0]);
			break;
		case SPEC_SET:
			hit = e->type == EVENT_SET && !strcmp(e->pointer, s->arg);
			break;
		default:
			return 0;
		}
		if (hit) {
			*version = e->version;
			*backdated = e->backdated;
			*at = event_time(m, e);
			return 1;
		}
	}
	if (last) {
		*version = last->version;
		*at = version_time(m, last->version);
	}
	return last != NULL;
}

/* Every value `acceptance.status` took, with its time; the rejections. */
static int record_decisions(const struct measure *m, struct assessment *as)
{
	size_t i;
	int err = 0;

	for (i = 0; !err && i < m->ev.n; i++) {
		const struct event *e = &m->ev.v[i];
		char *status;

		if (e->type != EVENT_ACCEPTANCE)
			continue;
		/* new_json is a JSON string, or null when the status was removed */
		status = e->new_json && *e->new_json == '"' ?
			handoff__strndup(e->new_json + 1, strlen(e->new_json) - 2) : NULL;
		err = handoff__assessment_decide(as, decision_time(m, e),
			status ? status : "pending", e->reasons);
		as->rejections += handoff__acceptance_is_rejection(status);
		free(status);
	}
	as->escalate_rejections = m->kind->rules.escalate_rejections;
	return err;
}

/* ---- SLAs ------------------------------------------------------------ */

static int sla_chosen_before(const struct rules *r, size_t i)
{
	size_t j;

	for (j = 0; j < i; j++)
		if (!strcmp(r->sla[j].name, r->sla[i].name))
			return 1;
	return 0;
}

static const struct sla_rule *sla_rule_for(const struct measure *m,
	const char *name)
{
	const struct rules *r = &m->kind->rules;
	size_t i;

	for (i = 0; i < r->nsla; i++)
		if (!strcmp(r->sla[i].name, name) &&
		    handoff__rules_when(r->sla[i].when, r->sla[i].nwhen, m->front) &&
		    handoff__rules_sampled(r->sla[i].sample,
			handoff__node_get_str(m->front, "id")))
			return &r->sla[i];
	return NULL;
}

static int measure_sla(struct measure *m, const struct sla_rule *rule,
	struct sla_result *out)
{
	const struct config *cfg = m->src->config;
	const struct sla_override *o = handoff__config_sla(cfg, rule->name);
	double within = o ? o->within : rule->within;
	int business = o ? o->business : rule->business, bd;
	size_t anchor_v = 0, done_v;
	long long anchor;
	const char *owner = rule->owner ? str_at(m->front, rule->owner) : NULL;

	out->state = SLA_NOT_STARTED;
	if (!(out->name = handoff__strdup(rule->name)) ||
	    !(out->title = handoff__strdup(rule->title)) ||
	    (owner && !(out->owner = handoff__strdup(owner))) ||
	    (rule->owner_role && !(out->owner_role = handoff__strdup(rule->owner_role))))
		return HANDOFF_ERROR;
	if (rule->anchor.type == SPEC_DATE) {
		char buf[64];
		const char *s = clock_claim(m, rule->anchor.arg, buf, sizeof(buf));

		if (!s || !handoff__clock_parse(m->tz, s, strlen(s), &anchor))
			return 0;
		/* REVISED counts from the first version that had the date */
		anchor_v = 0;
		out->started = version_time(m, 0);
	} else {
		if (!spec_version(m, &rule->anchor, 0, &anchor_v, &bd, &anchor))
			return 0;
		out->started = anchor;
	}
	out->due = handoff__clock_deadline(m->tz, cfg->business_days, anchor,
		rule->before ? -within : within, business);
	out->state = SLA_OPEN;
	if (spec_version(m, &rule->event, anchor_v, &done_v, &out->backdated, &out->done))
		out->state = out->done <= out->due ? SLA_MET : SLA_LATE;
	return 0;
}

static int measure_slas(struct measure *m)
{
	const struct rules *r = &m->kind->rules;
	size_t i;
	int err = 0;

	if (r->nsla && !(m->as->sla = calloc(r->nsla, sizeof(*m->as->sla))))
		return handoff__error_oom();
	for (i = 0; !err && i < r->nsla; i++) {
		const struct sla_rule *rule;

		if (sla_chosen_before(r, i) || !(rule = sla_rule_for(m, r->sla[i].name)))
			continue;
		err = measure_sla(m, rule, &m->as->sla[m->as->nsla++]);
	}
	return err;
}

/* ---- criteria -------------------------------------------------------- */

struct verdict {
	double done, total;
	handoff_buf why;
};

static void why(struct verdict *v, const char *fmt, ...) PRINTF_LIKE(2, 3);

static void why(struct verdict *v, const char *fmt, ...)
{
	va_list ap;

	if (v->why.size)
		handoff__buf_puts(&v->why, "; ");
	va_start(ap, fmt);
	handoff__buf_vprintf(&v->why, fmt, ap);
	va_end(ap);
}

static void test_complete(struct measure *m, struct verdict *v)
{
	struct diag_list diags = DIAG_LIST_INIT;
	size_t i, shown = 0, errors;

	v->total = 1;
	handoff__validate_record_complete(&diags, m->src, (struct record *)m->rec);
	handoff__diag_list_move(&diags, (struct diag_list *)&m->rec->diags);
	handoff__diag_list_sort(&diags);
	errors = handoff__diag_list_errors(&diags);
	if (!errors)
		v->done = 1;
	for (i = 0; i < diags.n && shown < 3; i++)
		if (diags.v[i].severity == HANDOFF_SEVERITY_ERROR) {
			why(v, "%s%s%s", diags.v[i].pointer,
				*diags.v[i].pointer ? ": " : "", diags.v[i].message);
			shown++;
		}
	if (errors > shown)
		why(v, "and %zu more", errors - shown);
	handoff__diag_list_release(&diags);
}

static void test_pointers(struct measure *m, const struct rule_test *t,
	struct verdict *v)
{
	size_t i;

	v->total = (double)t->npointers;
	for (i = 0; i < t->npointers; i++) {
		const struct node *n = handoff__node_at(m->front, t->pointers[i]);
		int is = filled(m, n);

		if (is == (t->type == TEST_PRESENT))
			v->done++;
		else if (t->type == TEST_PRESENT)
			why(v, "%s is missing", t->pointers[i]);
		else
			why(v, "%s is not empty (%zu item%s)", t->pointers[i],
				n->n, n->n == 1 ? "" : "s");
	}
}

/* The fields of `item` not filled in, listed into `missing`. */
static int item_missing(const struct measure *m, const char *const *fields,
	size_t nfields, const struct node *item, handoff_buf *missing)
{
	size_t i;
	int n = 0;

	for (i = 0; i < nfields; i++)
		if (!filled(m, handoff__node_get(item, fields[i]))) {
			handoff__buf_printf(missing, "%s%s", n++ ? ", " : "", fields[i]);
		}
	return n;
}

static void test_items(struct measure *m, const struct rule_test *t,
	struct verdict *v)
{
	const struct node *list = handoff__node_at(m->front, t->list);
	size_t i, j, n = list && list->type == NODE_SEQ ? list->n : 0, good = 0;
	handoff_buf miss = HANDOFF_BUF_INIT;

	if (t->nrequire) {
		v->total = (double)t->nrequire;
		for (j = 0; j < t->nrequire; j++) {
			const struct node *item = NULL;

			for (i = 0; i < n && !item; i++)
				if (list->items[i]->type == NODE_MAP &&
				    handoff__node_get_str(list->items[i], t->key) &&
				    !strcmp(handoff__node_get_str(list->items[i], t->key), t->require[j]))
					item = list->items[i];
			miss.size = 0;
			if (!item)
				why(v, "no %s", t->require[j]);
			else if (t->require_fields[j].v ? item_missing(m,
			    t->require_fields[j].v, t->require_fields[j].n, item, &miss) :
			    item_missing(m, t->fields, t->nfields, item, &miss))
				why(v, "%s without %s", t->require[j], miss.ptr);
			else
				v->done++;
		}
		handoff_buf_dispose(&miss);
		return;
	}
	for (i = 0; i < n; i++) {
		miss.size = 0;
		if (!item_missing(m, t->fields, t->nfields, list->items[i], &miss))
			good++;
		else if (t->each) {
			const char *key = handoff__node_get_str(list->items[i], "id");

			if (key)
				why(v, "%s/%s without %s", t->list, key, miss.ptr);
			else
				why(v, "%s/%zu without %s", t->list, i, miss.ptr);
		}
	}
	handoff_buf_dispose(&miss);
	if (t->each) {
		v->total = n ? (double)n : 1;
		v->done = (double)good;
		if (!n)
			why(v, "%s is empty", t->list);
		return;
	}
	v->total = t->min;
	v->done = good < t->min ? (double)good : t->min;
	if (good < t->min)
		why(v, "%zu of the %u needed in %s with %s", good, t->min,
			t->list, "every field");
}

static void test_contains(struct measure *m, const struct rule_test *t,
	struct verdict *v)
{
	const struct node *list = handoff__node_at(m->front, t->list);
	size_t i, j;

	v->total = (double)t->npointers;
	for (i = 0; i < t->npointers; i++) {
		const char *want = str_at(m->front, t->pointers[i]);
		int found = 0;

		for (j = 0; want && list && list->type == NODE_SEQ && j < list->n; j++)
			if (list->items[j]->type == NODE_STRING &&
			    !strcasecmp(list->items[j]->str, want))
				found = 1;
		if (found)
			v->done++;
		else if (want)
			why(v, "%s (%s) not in %s", want, t->pointers[i], t->list);
		else
			why(v, "%s is not set", t->pointers[i]);
	}
}

static void test_ticked(struct measure *m, const struct rule_test *t,
	struct verdict *v)
{
	size_t i, j;

	v->total = (double)t->nitems;
	for (i = 0; i < t->nitems; i++) {
		int ticked = 0;

		for (j = 0; j < m->rec->ntasks; j++) {
			const struct task *k = &m->rec->tasks[j];

			if (k->checked && handoff__kind_match_title(t->items[i]->titles, k->text,
			    handoff__kind_item_text_length(k->text, k->len)))
				ticked = 1;
		}
		if (ticked)
			v->done++;
		else
			why(v, "'%s' not ticked", t->items[i]->titles[0]);
	}
}

/* Each section named holds its min_words once placeholders are out. */
static void test_sections(struct measure *m, const struct rule_test *t,
	struct verdict *v)
{
	size_t i, j, words;

	v->total = (double)t->nsections;
	for (i = 0; i < t->nsections; i++) {
		const struct kind_section *ks = t->sections[i];
		const struct section *sec = NULL;
		unsigned int need = ks->min_words ? ks->min_words : 1;

		for (j = 0; j < m->rec->nsections && !sec; j++)
			if (handoff__kind_match_title(ks->titles, m->rec->sections[j].heading,
			    m->rec->sections[j].heading_len))
				sec = &m->rec->sections[j];
		words = 0;
		if (sec && handoff__kind_content_words(m->kind, handoff__record_content(m->rec) +
		    sec->start, sec->end - sec->start, need, &words, NULL, NULL) < 0)
			words = 0;
		if (!sec)
			why(v, "no section '%s'", ks->titles[0]);
		else if (words < need)
			why(v, "section '%s' has %zu of its %u words", ks->titles[0],
				words, need);
		else
			v->done++;
	}
}

static void test_sla(struct measure *m, const struct rule_test *t,
	struct verdict *v)
{
	const struct sla_result *s = handoff__assessment_sla(m->as, t->sla);
	char a[40], b[40], span[32];

	v->total = 1;
	if (!s) {
		why(v, "SLA %s does not apply", t->sla);
		return;
	}
	handoff__format_iso_time(b, sizeof(b), s->due,
		(int)(handoff__tz_offset(m->tz, s->due) / 60));
	switch (s->state) {
	case SLA_NOT_STARTED:
		why(v, "%s: not started", s->title);
		break;
	case SLA_OPEN:
		why(v, "%s: not done yet (due %s)", s->title, b);
		break;
	case SLA_LATE:
		handoff__clock_span(span, sizeof(span), s->done - s->due);
		handoff__format_iso_time(a, sizeof(a), s->done,
			(int)(handoff__tz_offset(m->tz, s->done) / 60));
		why(v, "%s: late by %s (done %s, due %s)", s->title, span, a, b);
		break;
	case SLA_MET:
		if (s->backdated)
			why(v, "%s: the record's typed date is backdated, so it earns nothing",
				s->title);
		else
			v->done = 1;
		break;
	}
}

/*
 * Until when an SLA leaves points to earn: its due time while it is
 * open, no end while its clock has not started, none once it is met
 * late, met with a backdated date, or does not apply (`lost`).
 */
static long long sla_deadline(const struct sla_result *s, int *lost)
{
	if (!s) {
		*lost = 1;
		return CRITERION_FIXED;
	}
	switch (s->state) {
	case SLA_NOT_STARTED:
		return CRITERION_NOT_STARTED;
	case SLA_OPEN:
		return s->due;
	case SLA_LATE:
		*lost = 1;
		return CRITERION_FIXED;
	case SLA_MET:
		*lost = s->backdated;
		return CRITERION_FIXED;
	}
	return CRITERION_FIXED;
}

/*
 * A criterion short of its points: the latest deadline of its `by` SLA
 * and its SLA tests (the criterion is earned as a whole), none when one
 * of its SLAs is lost or nothing in it is time-bound. `by` counts the
 * SLA's due time even once the event happened: the agenda may still be
 * ticked after the meeting, until the meeting was due.
 */
static long long criterion_deadline(const struct measure *m,
	const struct criterion *c)
{
	long long d = CRITERION_FIXED, t;
	size_t i;
	int lost = 0, open = 0;

	for (i = 0; i <= c->ntests; i++) {
		const char *sla = i < c->ntests ? c->tests[i].type == TEST_SLA ?
			c->tests[i].sla : NULL : c->by;
		const struct sla_result *s;

		if (!sla)
			continue;
		s = handoff__assessment_sla(m->as, sla);
		if (i == c->ntests && s && s->state != SLA_NOT_STARTED)
			t = s->due;	/* `by`: its due time, whatever the SLA's state */
		else if (i == c->ntests && !s)
			continue;	/* `by` an SLA that does not apply: not time-bound */
		else
			t = sla_deadline(s, &lost);
		if (t == CRITERION_NOT_STARTED)
			open = 1;
		else if (t > d)
			d = t;
	}
	if (lost)
		return CRITERION_FIXED;
	return open ? CRITERION_NOT_STARTED : d;
}

static int measure_criterion(struct measure *m, const struct criterion *c,
	struct criterion_result *out)
{
	double fraction = 1;
	size_t i;
	int err = 0;
	handoff_buf all = HANDOFF_BUF_INIT;

	for (i = 0; i < c->ntests; i++) {
		const struct rule_test *t = &c->tests[i];
		struct verdict v = { 0, 0, HANDOFF_BUF_INIT };
		double f;

		switch (t->type) {
		case TEST_COMPLETE: test_complete(m, &v); break;
		case TEST_PRESENT:
		case TEST_EMPTY: test_pointers(m, t, &v); break;
		case TEST_ITEMS: test_items(m, t, &v); break;
		case TEST_CONTAINS: test_contains(m, t, &v); break;
		case TEST_TICKED: test_ticked(m, t, &v); break;
		case TEST_SLA: test_sla(m, t, &v); break;
		case TEST_SECTIONS: test_sections(m, t, &v); break;
		}
		f = v.total > 0 ? v.done / v.total : 1;
		if (!c->partial && f < 1)
			f = 0;
		if (f < fraction)
			fraction = f;
		if (v.why.size)
			handoff__buf_printf(&all, "%s%s", all.size ? "; " : "", v.why.ptr);
		handoff_buf_dispose(&v.why);
	}
	out->max = c->points;
	out->points = (double)(long long)(c->points * fraction * 100 + 0.5) / 100;
	out->deadline = out->points < out->max ? criterion_deadline(m, c) : CRITERION_FIXED;
	if (!(out->group = handoff__strdup(c->group ? c->group : "")) ||
	    !(out->name = handoff__strdup(c->name)) ||
	    !(out->title = handoff__strdup(c->title)) ||
	    !(out->why = handoff__strdup(all.size ? all.ptr : "ok")))
		err = HANDOFF_ERROR;
	handoff_buf_dispose(&all);
	return err;
}

static int measure_criteria(struct measure *m)
{
	const struct rules *r = &m->kind->rules;
	size_t i, j;
	int err = 0;

	if (r->ncriteria &&
	    !(m->as->crit = calloc(r->ncriteria, sizeof(*m->as->crit))))
		return handoff__error_oom();
	for (i = 0; !err && i < r->ncriteria; i++) {
		const struct criterion *c = &r->criteria[i];

		for (j = 0; j < m->as->ncrit; j++)
			if (!strcmp(m->as->crit[j].name, c->name))
				break;
		if (j < m->as->ncrit || !handoff__rules_when(c->when, c->nwhen, m->front))
			continue;
		err = measure_criterion(m, c, &m->as->crit[m->as->ncrit++]);
		m->as->earned += m->as->crit[m->as->ncrit - 1].points;
		m->as->max += c->points;
	}
	if (!err && m->as->max > 0) {
		m->as->score = (double)(long long)(m->as->earned / m->as->max * 1000 + 0.5) / 10;
		err = (m->as->band = handoff__strdup(handoff__rules_band(r, m->as->score))) ? 0 : HANDOFF_ERROR;
	}
	/* the bands, for the best a record in flight can still reach */
	if (!err && m->as->max > 0 && r->nbands &&
	    !(m->as->bands = calloc(r->nbands, sizeof(*m->as->bands))))
		err = handoff__error_oom();
	for (i = 0; !err && m->as->bands && i < r->nbands; i++) {
		m->as->bands[i].min = r->bands[i].min;
		if (!(m->as->bands[i].name = handoff__strdup(r->bands[i].name)))
			err = HANDOFF_ERROR;
		m->as->nbands++;
	}
	return err;
}

/* ---- one record ------------------------------------------------------ */

/* The emails of the people with `role`, in `team` when one is given and has any. */
static char *people_with(const struct config *cfg, const char *role,
	const char *team)
{
	handoff_buf b = HANDOFF_BUF_INIT;
	size_t i;
	int pass;

	for (pass = team ? 0 : 1; pass < 2 && !b.size; pass++)
		for (i = 0; i < cfg->npeople; i++) {
			const struct person *p = &cfg->people[i];

			if (handoff__person_has_role(p, role) &&
			    (pass || (p->team && !strcmp(p->team, team))))
				handoff__buf_printf(&b, "%s%s",
					b.size ? ", " : "", p->email);
		}
	if (!b.size)
		handoff_buf_dispose(&b);	/* nobody, or out of memory */
	return b.size ? b.ptr : NULL;
}

/* The record's value of the kind's summary field `f`, or NULL. */
static const char *field(const struct measure *m, enum kind_field f)
{
	return m->kind->views.fields[f] ? str_at(m->front, m->kind->views.fields[f]) : NULL;
}

/* "Jane Doe; Sam Lee": the participants by name where the config knows them. */
static char *participants(const struct measure *m)
{
	const char *ptr = m->kind->views.fields[FIELD_PARTICIPANTS];
	const struct node *att = ptr ? handoff__node_at(m->front, ptr) : NULL;
	handoff_buf b = HANDOFF_BUF_INIT;
	size_t i;

	for (i = 0; att && att->type == NODE_SEQ && i < att->n; i++)
		if (att->items[i]->type == NODE_STRING) {
			const struct person *p = handoff__config_person(m->src->config, att->items[i]->str);

			handoff__buf_printf(&b, "%s%s", b.size ? "; " : "",
				p && p->name ? p->name : att->items[i]->str);
		}
	if (!b.size)
		handoff_buf_dispose(&b);
	return b.ptr;
}

/* When the handoff started: the first `start` date present, else its first commit. */
static long long start_of(const struct measure *m)
{
	long long t;
	size_t i;

	for (i = 0; i < m->kind->views.nstart; i++) {
		char buf[64];
		const char *s = clock_claim(m, m->kind->views.start[i], buf, sizeof(buf));

		if (s && handoff__clock_parse(m->tz, s, strlen(s), &t))
			return t;
	}
	return version_time(m, 0);
}

static int describe(struct measure *m)
{
	struct assessment *as = m->as;
	const struct person *p;
	const char *s;
	char hex[GIT_OID_HEXSZ + 1];
	size_t v;
	int bd;
	struct event_spec spec = { SPEC_COMPLETE, NULL, NULL };
	char buf[64];

	git_oid_tostr(hex, sizeof(hex), &m->rh->v[m->rh->n - 1].commit);
	as->owner = dup_or_null(field(m, FIELD_OWNER));
	p = as->owner ? handoff__config_person(m->src->config, as->owner) : NULL;
	if (!(as->path = handoff__strdup(m->rh->path)) ||
	    !(as->kind = handoff__strdup(m->kind->name)) ||
	    !(as->commit = handoff__strdup(hex)))
		return handoff__error_oom();
	as->worktree = (m->rh->v[m->rh->n - 1].flags & VERSION_WORKTREE) != 0;
	as->id = dup_or_null(str_at(m->front, "/id"));
	as->account = dup_or_null(field(m, FIELD_ACCOUNT));
	as->segment = dup_or_null(field(m, FIELD_SEGMENT));
	as->type = dup_or_null(field(m, FIELD_TYPE));
	as->cs_owner = dup_or_null(field(m, FIELD_CS_OWNER));
	as->team = dup_or_null(p ? p->team : NULL);
	as->acceptance = dup_or_null(str_at(m->front, "/acceptance/status"));
	as->meeting = dup_or_null(field(m, FIELD_MEETING));
	as->recording = dup_or_null(field(m, FIELD_RECORDING));
	as->participants = participants(m);
	if (m->kind->views.fields[FIELD_SIGNED] &&
	    (s = clock_claim(m, m->kind->views.fields[FIELD_SIGNED], buf, sizeof(buf))))
		handoff__clock_parse(m->tz, s, strlen(s), &as->signed_at);
	as->start = start_of(m);
	if (!spec_version(m, &spec, 0, &v, &bd, &as->completed))
		as->completed = 0;
	as->backfilled = m->ev.backfill != NULL;
	as->created = version_time(m, 0);
	if (record_decisions(m, as) < 0)
		return handoff__error_oom();
	/* the record's own escalation contact first, else everyone with the role */
	as->sla_to = (s = field(m, FIELD_ESCALATE_TO)) ? handoff__strdup(s) :
		people_with(m->src->config, "cs_manager", NULL);
	as->rejections_to = people_with(m->src->config, "sales_manager", as->team);
	return 0;
}

/* A field's value for export: a number stays one, a date-time is a time. */
static int export_field(struct measure *m, const char *name, const char *pointer)
{
	const struct node *n = handoff__node_at(m->front, pointer);
	const char *s = n && handoff__node_is_scalar(n) && n->type != NODE_NULL ? n->str : NULL;
	enum export_type type = EXPORT_TEXT;
	long long t;
	int date_only;

	if (s && (n->type == NODE_INT || n->type == NODE_FLOAT))
		type = EXPORT_NUMBER;
	else if (s && handoff__format_parse_time(s, strlen(s), &t, &date_only) && !date_only)
		type = EXPORT_TIME;
	return handoff__assessment_export(m->as, name, s, type);
}

/*
 * The kind's export columns: when an SLA was met, a field's value, or
 * the person at a pointer by their name in the config (else the email).
 */
static int describe_exports(struct measure *m)
{
	size_t i;
	int err = 0;

	for (i = 0; !err && i < m->kind->views.nexport; i++) {
		const struct kind_export_column *e = &m->kind->views.export[i];
		const struct sla_result *r = e->sla ? handoff__assessment_sla(m->as, e->sla) : NULL;
		const struct person *p;
		const char *s;
		char t[40] = "";

		if (e->sla) {
			if (r && (r->state == SLA_MET || r->state == SLA_LATE))
				handoff__out_time(t, sizeof(t), m->tz, r->done);
			err = handoff__assessment_export(m->as, e->name,
				*t ? t : NULL, EXPORT_SLA);
		} else if (e->person) {
			s = str_at(m->front, e->person);
			p = s ? handoff__config_person(m->src->config, s) : NULL;
			err = handoff__assessment_export(m->as, e->name,
				p && p->name ? p->name : s,
				EXPORT_TEXT);
		} else {
			err = export_field(m, e->name, e->pointer);
		}
	}
	return err;
}

/*
 * A missed SLA goes to the manager of its owner's team when the config's
 * `teams:` names one: a rep's miss to the sales manager, a CSM's to the
 * CS manager; else to the record's sla_to.
 */
static int route_escalations(struct measure *m)
{
	const struct config *cfg = m->src->config;
	size_t i;

	for (i = 0; i < m->as->nsla; i++) {
		struct sla_result *r = &m->as->sla[i];
		const struct person *p = r->owner ? handoff__config_person(cfg,
			r->owner) : NULL;
		const char *mgr = p ? handoff__config_team_manager(cfg, p->team) : NULL;

		if (mgr && !(r->escalate_to = handoff__strdup(mgr)))
			return HANDOFF_ERROR;
	}
	return 0;
}

/* The kind's commitments of the last version: who answers for each, and its dates. */
static int describe_commitments(struct measure *m)
{
	const char *ptr = m->kind->views.fields[FIELD_COMMITMENTS];
	const struct node *list = ptr ? handoff__node_at(m->front, ptr) : NULL;
	size_t i;
	int err = 0;

	for (i = 0; !err && list && list->type == NODE_SEQ && i < list->n; i++) {
		const struct node *it = list->items[i];
		struct commitment_result c;

		if (it->type != NODE_MAP)
			continue;
		c.id = (char *)handoff__node_get_str(it, "id");
		c.text = (char *)handoff__node_get_str(it, "text");
		c.owner = (char *)handoff__node_get_str(it, "owner");
		c.status = (char *)handoff__node_get_str(it, "status");
		c.reason = (char *)handoff__node_get_str(it, "reason");
		c.due = (char *)handoff__node_get_str(it, "due");
		c.delivered = (char *)handoff__node_get_str(it, "delivered");
		c.person = !c.owner ? NULL : strchr(c.owner, '@') ? c.owner :
			!strcmp(c.owner, "cs") ? m->as->cs_owner :
			!strcmp(c.owner, "sales") ? m->as->owner : NULL;
		err = handoff__assessment_commit(m->as, &c);
	}
	return err;
}

static int note_backdated(handoff_assessments *out, const struct measure *m)
{
	size_t i;
	int err = 0;

	for (i = 0; !err && i < m->ev.n; i++) {
		const struct event *e = &m->ev.v[i];
		char claimed[40], span[32], id[64], *note;

		if (!e->backdated)
			continue;
		handoff__format_iso_time(claimed, sizeof(claimed), e->claimed, 0);
		handoff__clock_span(span, sizeof(span),
			version_time(m, e->version) - e->claimed);
		handoff__signal_id(id, sizeof(id), "backdated",
			&m->rh->v[e->version].commit);
		note = handoff__asprintf("%s: %s is backdated: it claims %s, %s before the commit that recorded it%s%s%s",
			m->rh->path, e->pointer, claimed, span,
			m->rh->v[e->version].flags & VERSION_WORKTREE ? "" : " [signal ",
			m->rh->v[e->version].flags & VERSION_WORKTREE ? "" : id,
			m->rh->v[e->version].flags & VERSION_WORKTREE ? "" : "]");
		err = note ? handoff__assessments_note(out, note) : HANDOFF_ERROR;
		free(note);
	}
	return err;
}

/*
 * A record of no kind or an unknown one is not scored: said, or a typo in
 * `kind:` committed past the hooks would drop a handoff from every report
 * without a word (validate says what is wrong with it).
 */
static int unscored(handoff_assessments *out, const char *path, const char *kind)
{
	char *note = kind ? handoff__asprintf("%s: kind '%s' is unknown: not scored "
		"(git handoff validate %s)", path, kind, path) :
		handoff__asprintf("%s: no kind: not scored (git handoff validate %s)",
		path, path);
	int err = note ? handoff__assessments_note(out, note) : HANDOFF_ERROR;

	free(note);
	return err;
}

int handoff__assess_record(handoff_assessments *out, struct source *src,
	const struct tz *tz, const struct record_history *rh, int author_time)
{
	struct measure m;
	struct record_cache versions = RECORD_CACHE_INIT;
	struct record *rec = NULL;
	struct kind *kind = NULL;
	const char *name;
	int err;

	if (!rh->n || (rh->v[rh->n - 1].flags & VERSION_DELETED))
		return 0;
	memset(&m, 0, sizeof(m));
	/* the last version, read once: the events' walk finds it here */
	if ((err = handoff__record_cache_load(&rec, &versions, handoff__source_git(src),
	    &rh->v[rh->n - 1].blob, rh->v[rh->n - 1].path)) < 0 || !rec) {
		handoff__record_cache_release(&versions);
		return err;
	}
	name = handoff__node_get_str(handoff__record_front(rec), "kind");
	if (name && (err = handoff__source_kind(&kind, src, name)) == HANDOFF_ESCHEMA) {
		handoff__record_cache_release(&versions);
		return handoff__source_schema_error(src);
	}
	if (err < 0 && err != HANDOFF_EINVALID && err != HANDOFF_ENOTFOUND) {
		handoff__record_cache_release(&versions);
		return err;	/* out of memory: never "unknown" */
	}
	if (!kind || (!kind->rules.ncriteria && !kind->rules.nsla)) {
		handoff__record_cache_release(&versions);
		return kind ? 0 : unscored(out, rh->path, name);
	}
	m.src = src;
	m.tz = tz;
	m.rh = rh;
	m.rec = rec;
	m.front = handoff__record_front(rec);
	m.kind = kind;
	m.author_time = author_time;
	if ((err = handoff__events_walk_with(&m.ev, src, rh, src->config->backdate_tolerance,
	    &versions, NULL, NULL)) == 0 &&
	    (m.as = handoff__assessments_add(out)) != NULL &&
	    (err = describe(&m)) == 0 && (err = measure_slas(&m)) == 0 &&
	    (err = route_escalations(&m)) == 0 &&
	    (err = describe_exports(&m)) == 0 && (err = describe_commitments(&m)) == 0 &&
	    (err = measure_criteria(&m)) == 0)
		err = note_backdated(out, &m);
	if (!err && !m.as)
		err = HANDOFF_ERROR;
	handoff__event_list_release(&m.ev);
	handoff__record_cache_release(&versions);
	return err;
}

void handoff__assessments_clock(char *buf, size_t size, const handoff_assessments *a)
{
	handoff__receipts_clock_label(buf, size, a->receipts, a->times,
		a->clock ? a->clock : "committer");
}

void handoff__assessments_clock_json(handoff_buf *b, const handoff_assessments *a)
{
	handoff__receipts_clock_json(b, a->receipts, a->times,
		a->clock ? a->clock : "committer");
}

const char *handoff__assessments_person(const handoff_assessments *a, const char *email)
{
	size_t i;

	for (i = 0; email && i < a->nnames; i++)
		if (!strcmp(a->names[2 * i], email))
			return a->names[2 * i + 1];
	return email;
}
