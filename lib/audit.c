/*
 * The audit trail (`audit`): every change to a material path of every
 * record, from one history walk, each with its commit, author, the
 * author's roles as the config stood just before that commit, whether
 * the record was accepted at the time, the commit's Handoff-Reason, and
 * whether the change was authorised: after acceptance only the roles that
 * decide the record's kind (x-handoff `deciders`) or ops may change
 * material paths, and only with a reason.
 *
 * Beside the changes, the signals of tampering: a decision on acceptance
 * by someone without the role, dates the record claims that its history
 * contradicts (backdated), commits dated before their parents, and
 * commits whose dates the server's receipts contradict. Every time is
 * the server's receipt where there is one (receipts.h).
 */
#include <assert.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>

#include "cache.h"
#include "cachefile.h"
#include "acks.h"
#include "changes.h"
#include "clock.h"
#include "commit.h"
#include "events.h"
#include "identity.h"
#include "out.h"
#include "receipts.h"
#include "pool.h"
#include "record.h"
#include "semdiff.h"
#include "source.h"

/*
 * What the changes of one version share, and their own texts: one
 * allocation per version, made once its changes are known. An audit of
 * a long history holds a million changes; each costs its entry and the
 * bytes of its pointer and values, nothing more.
 */
struct audit_version {
	const char *path, *author, *email;	/* author and email may be NULL */
	const char *roles;		/* "cs,ops"; "" for nobody known */
	const char *reason;		/* NULL: no Handoff-Reason */
	const char *may;		/* who may change it: "cs, cs_manager or ops" */
	const char *committer;		/* the committer's email, or NULL */
	/*
	 * The commit's signature: 'N' none, else git's %G? once checked
	 * against the people's signing_keys (the rules audited), with the
	 * signer when good; 'S' signed, not checked yet.
	 */
	char sig;
	char *signer;			/* owned; NULL unless good */
	char *pusher;			/* owned: the server's receipt names them; NULL: unknown */
	char commit[GIT_OID_HEXSZ + 1];
	long long time;
	int offset;
	int after_acceptance, authorised;
	char text[];			/* the strings above, then the changes' */
};

struct audit_entry {
	const struct audit_version *v;
	const char *pointer;		/* then old, then new, each NUL-ended */
	uint32_t seq;			/* its place in its run before the sort by time */
	unsigned char op, has_old, has_new;
};

/*
 * A record's entries, moved whole from its part: the audit is a run per
 * record, each sorted by time on its own, and written in one order by
 * merging them (audit_merge), never copied into one array and sorted.
 */
struct audit_run {
	struct audit_entry *v;
	size_t n;
};

struct audit_signal {
	const char *type;	/* acceptance-role, backdated, clock, backfill, backdated-commit, future-dated */
	char *path, *commit, *email, *message;
	long long time;
	char id[64];		/* "<type>-<12 hex of commit>" (acks.h) */
	char *ack_by, *ack_at, *ack_reason;	/* acknowledged by ops; NULL: not */
	int info;		/* shown, not a finding: a backfill by ops */
};

struct handoff_audit {
	struct audit_entry *v;		/* a part's entries, while it is made */
	size_t n, alloc;		/* n: of the whole audit, every run's */
	struct audit_run *runs;		/* the whole audit's entries, a run per part */
	size_t nruns, aruns;
	struct audit_signal *s;
	size_t ns, as;
	struct audit_version **versions;	/* owned */
	size_t nversions, aversions;
	char **notes;
	size_t nnotes;
	size_t unauthorised, after;	/* changes not authorised; after acceptance */
	size_t times, receipts;		/* versions timed; of them, by a receipt */
	size_t acked;			/* signals acknowledged (.handoff/acks.yaml) */
	size_t cached_at, cached_len;	/* a part read from the cache: its bytes there */
};

/* The configs met, by blob: roles as they stood at each commit. */
struct config_cache {
	git_oid blob[32];
	struct config *cfg[32];
	size_t n;
};

struct audit_ctx {
	handoff_audit *a;		/* where findings go: one record's part */
	struct source *src;
	git_repository *git;
	const handoff_audit_options *o;
	long long since, until;		/* 0: no bound */
	struct config_cache *configs;	/* shared, under src->lock */
};

static char *dup_or_null(const char *s)
{
	return s ? handoff__strdup(s) : NULL;
}

/* `s` and its NUL at *p, which moves past them; NULL stays NULL. */
static const char *put_str(char **p, const char *s)
{
	size_t n = s ? strlen(s) + 1 : 0;
	char *at = *p;

	if (!s)
		return NULL;
	memcpy(at, s, n);
	*p += n;
	return at;
}

static size_t str_size(const char *s)
{
	return s ? strlen(s) + 1 : 0;
}

/*
 * The signal types, named once: a signal keeps one of these names, and
 * the cache reads back each of them (a type missing here would make
 * every cache holding it unusable).
 */
static const char *const signal_types[] = {
	"acceptance-role", "backdated", "backfill",	/* a record's */
	"backdated-commit", "future-dated",		/* the receipts' */
	"clock",					/* the commits' dates */
};

static const char *signal_type(const char *s)
{
	size_t i;

	for (i = 0; s && i < ARRAY_SIZE(signal_types); i++)
		if (!strcmp(s, signal_types[i]))
			return signal_types[i];
	return NULL;
}

static int add_signal(handoff_audit *a, const char *type, const char *path,
	const git_oid *commit, const char *email, long long t, char *message)
{
	struct audit_signal *s;
	char hex[GIT_OID_HEXSZ + 1];

	type = signal_type(type);
	assert(type);	/* every type is in signal_types */
	if (!message)
		return HANDOFF_ERROR;
	if (handoff__array_grow((void **)&a->s, &a->as, a->ns + 1, sizeof(*a->s)) < 0) {
		free(message);
		return HANDOFF_ERROR;
	}
	git_oid_tostr(hex, sizeof(hex), commit);
	s = &a->s[a->ns++];
	memset(s, 0, sizeof(*s));
	handoff__signal_id(s->id, sizeof(s->id), type, commit);
	s->type = type;
	s->path = dup_or_null(path);
	s->commit = handoff__strdup(hex);
	s->email = dup_or_null(email);
	s->message = message;
	s->time = t;
	return 0;
}

/* What `a` holds, freed and zeroed. */
static void audit_release(handoff_audit *a)
{
	size_t i;

	free(a->v);
	for (i = 0; i < a->nruns; i++)
		free(a->runs[i].v);
	free(a->runs);
	for (i = 0; i < a->nversions; i++) {
		free(a->versions[i]->signer);
		free(a->versions[i]->pusher);
		free(a->versions[i]);
	}
	free(a->versions);
	for (i = 0; i < a->ns; i++) {
		free(a->s[i].path); free(a->s[i].commit);
		free(a->s[i].email); free(a->s[i].message);
		free(a->s[i].ack_by); free(a->s[i].ack_at); free(a->s[i].ack_reason);
	}
	free(a->s);
	for (i = 0; i < a->nnotes; i++)
		free(a->notes[i]);
	free(a->notes);
	memset(a, 0, sizeof(*a));
}

void handoff_audit_free(handoff_audit *a)
{
	if (!a)
		return;
	audit_release(a);
	free(a);
}

size_t handoff_audit_findings(const handoff_audit *a)
{
	size_t i, n = a->unauthorised;

	for (i = 0; i < a->ns; i++)
		n += !a->s[i].ack_reason && !a->s[i].info;
	return n;
}

size_t handoff_audit_signals(const handoff_audit *a)
{
	return a->ns;
}

const char *handoff_audit_signal_id(const handoff_audit *a, size_t i)
{
	return i < a->ns ? a->s[i].id : NULL;
}

/* The signals ops acknowledged, marked with who, when and why. */
static int mark_acked(handoff_audit *a, const struct source *src)
{
	struct acks acks;
	const struct ack *k;
	size_t i;
	int err = handoff__acks_read(&acks, src);

	for (i = 0; !err && i < a->ns; i++) {
		struct audit_signal *s = &a->s[i];

		if (!(k = handoff__acks_find(&acks, s->id)))
			continue;
		s->ack_by = dup_or_null(k->by);
		s->ack_at = dup_or_null(k->at);
		if (!(s->ack_reason = handoff__strdup(k->reason)))
			err = HANDOFF_ERROR;
		a->acked++;
	}
	handoff__acks_release(&acks);
	return err;
}

/* ---- roles at the time ----------------------------------------------- */

/*
 * The config as it stood before version `v`'s commit (the walk noted its
 * blob), parsed once per blob. The lookups are this thread's; only the
 * cache is shared.
 */
static const struct config *config_before(struct audit_ctx *x, const struct version *v)
{
	struct config_cache *cc = x->configs;
	const struct config *found = NULL;
	git_blob *blob = NULL;
	size_t i;

	if (git_oid_is_zero(&v->config))
		return NULL;
	if (x->src->lock)
		pthread_mutex_lock(x->src->lock);
	for (i = 0; i < cc->n && !found; i++)
		if (git_oid_equal(&cc->blob[i], &v->config))
			found = cc->cfg[i];
	if (!found && cc->n < ARRAY_SIZE(cc->cfg) &&
	    git_blob_lookup(&blob, handoff__source_git(x->src), &v->config) == 0) {
		struct diag_list d = DIAG_LIST_INIT;

		if (handoff__config_parse(&cc->cfg[cc->n], git_blob_rawcontent(blob),
		    (size_t)git_blob_rawsize(blob), &d) == 0) {
			git_oid_cpy(&cc->blob[cc->n], &v->config);
			found = cc->cfg[cc->n++];
		}
		handoff__diag_list_release(&d);
	}
	if (x->src->lock)
		pthread_mutex_unlock(x->src->lock);
	git_blob_free(blob);
	return found;
}

static const struct person *person_then(struct audit_ctx *x, const struct version *v)
{
	const struct config *cfg = config_before(x, v);

	return cfg && v->author_email ? handoff__config_person(cfg, v->author_email) : NULL;
}

static int roles_text(handoff_buf *b, const struct person *p)
{
	size_t i;
	int err = 0;

	for (i = 0; !err && p && i < p->nroles; i++)
		err = handoff__buf_printf(b, "%s%s", i ? "," : "", p->roles[i]);
	return err;
}


/* ---- one record --------------------------------------------------------- */

/*
 * What the commit says beyond the history: its reason, committer,
 * signature. The walk read them when it read the commit itself; a commit
 * it knew from its cache is read again.
 */
struct commit_facts {
	const char *reason;	/* its Handoff-Reason, or NULL */
	const char *committer;	/* email, or NULL */
	int is_signed;
	char *own[2];		/* what was read again: freed by facts_release */
};

static int commit_facts(struct commit_facts *f, struct audit_ctx *x, const struct version *v)
{
	git_commit *c = NULL;
	int err;

	memset(f, 0, sizeof(*f));
	if (v->facts & FACTS_KNOWN) {
		f->reason = v->reason;
		f->committer = v->committer_email;
		f->is_signed = !!(v->facts & FACTS_SIGNED);
		return 0;
	}
	if (git_commit_lookup(&c, handoff__source_git(x->src), &v->commit) < 0)
		return 0;
	if ((err = handoff__commit_facts(c, &f->own[0], &f->committer, &f->is_signed)) == 0 &&
	    !(f->committer = f->own[1] = handoff__strdup(f->committer)))
		err = HANDOFF_ERROR;
	f->reason = f->own[0];
	git_commit_free(c);
	return err;
}

static void facts_release(struct commit_facts *f)
{
	free(f->own[0]);
	free(f->own[1]);
}

static int in_window(const struct audit_ctx *x, long long t)
{
	return (!x->since || t >= x->since) && (!x->until || t <= x->until);
}

/* --since and --until in the config's zone; a date-only until is inclusive. */
static int window(struct audit_ctx *x, const struct config *cfg)
{
	const char *s[2] = { x->o->since, x->o->until };
	long long *t[2] = { &x->since, &x->until };
	struct tz *tz = NULL;
	size_t i;
	int err = handoff__tz_load(&tz, cfg->timezone);

	for (i = 0; !err && i < 2; i++) {
		if (!s[i])
			continue;
		if (!handoff__clock_parse(tz, s[i], strlen(s[i]), t[i])) {
			handoff__error_set(HANDOFF_ERROR_INVALID, "'%s' is not a date "
				"(YYYY-MM-DD) or a date-time (RFC 3339)", s[i]);
			err = HANDOFF_ERROR;	/* a usage error, not a finding */
		} else if (i == 1 && strlen(s[i]) == 10) {
			*t[i] += 86400 - 1;
		}
	}
	handoff__tz_free(tz);
	return err;
}

/* A decision on acceptance by someone without a role that decides the kind. */
static int check_decision(struct audit_ctx *x, const struct version *v,
	const struct kind *kind, const struct person *who, const struct record *old,
	const struct record *rec)
{
	const char *now = handoff__record_acceptance(rec);
	handoff_buf roles = HANDOFF_BUF_INIT;
	int err;

	if (!handoff__record_decision_changed(old, rec) || handoff__kind_may_decide(kind, who))
		return 0;
	if ((err = handoff__kind_deciders_text(&roles, kind, 0)) == 0)
		err = add_signal(x->a, "acceptance-role", v->path, &v->commit,
			v->author_email, v->commit_time, handoff__asprintf("acceptance "
			"set to '%s' by %s, who had no %s role then", now ? now : "(removed)",
			v->author_email ? v->author_email : "?", roles.ptr));
	handoff_buf_dispose(&roles);
	return err;
}

/* Does the audit keep change `c`: material, and after acceptance if asked? */
static int kept(const struct audit_ctx *x, const struct change *c, int after)
{
	return c->material && (after || !x->o->after_acceptance);
}

/* The changes of `v` kept, and what they share, in one allocation. */
static int add_changes(struct audit_ctx *x, const struct version *v,
	const struct kind *kind, const struct change_list *cl,
	const struct person *who, const struct commit_facts *f, int after)
{
	const char *reason = f->reason;
	handoff_audit *a = x->a;
	handoff_buf roles_buf = HANDOFF_BUF_INIT, may_buf = HANDOFF_BUF_INIT;
	struct audit_version *av;
	const char *roles;
	size_t i, size, n = 0;
	char *p;

	if (roles_text(&roles_buf, who) < 0 || handoff__kind_deciders_text(&may_buf, kind, 1) < 0) {
		handoff_buf_dispose(&roles_buf);
		handoff_buf_dispose(&may_buf);
		return HANDOFF_ERROR;
	}
	roles = roles_buf.ptr ? roles_buf.ptr : "";
	size = str_size(v->path) + str_size(v->author_name) +
		str_size(v->author_email) + str_size(roles) + str_size(reason) +
		str_size(may_buf.ptr) + str_size(f->committer);
	for (i = 0; i < cl->n; i++) {
		const struct change *c = &cl->v[i];

		if (kept(x, c, after)) {
			size += str_size(c->pointer) + str_size(c->old_json) +
				str_size(c->new_json);
			n++;
		}
	}
	if (handoff__array_grow((void **)&a->v, &a->alloc, a->n + n, sizeof(*a->v)) < 0 ||
	    handoff__array_grow((void **)&a->versions, &a->aversions, a->nversions + 1,
	    sizeof(*a->versions)) < 0 || !(av = malloc(sizeof(*av) + size))) {
		handoff_buf_dispose(&roles_buf);
		handoff_buf_dispose(&may_buf);
		return handoff__error_oom();
	}
	p = av->text;
	av->path = put_str(&p, v->path);
	av->author = put_str(&p, v->author_name);
	av->email = put_str(&p, v->author_email);
	av->roles = put_str(&p, roles);
	av->reason = put_str(&p, reason);
	av->may = put_str(&p, may_buf.ptr);
	av->committer = put_str(&p, f->committer);
	av->sig = f->is_signed ? 'S' : 'N';
	av->signer = NULL;
	av->pusher = NULL;
	git_oid_tostr(av->commit, sizeof(av->commit), &v->commit);
	av->time = v->commit_time;
	av->offset = v->commit_offset;
	av->after_acceptance = after;
	av->authorised = !after || (reason && handoff__kind_may_change_accepted(kind, who));
	a->versions[a->nversions++] = av;
	for (i = 0; i < cl->n; i++) {
		const struct change *c = &cl->v[i];
		struct audit_entry *e;

		if (!kept(x, c, after))
			continue;
		e = &a->v[a->n++];
		e->v = av;
		e->pointer = put_str(&p, c->pointer);
		e->has_old = put_str(&p, c->old_json) != NULL;
		e->has_new = put_str(&p, c->new_json) != NULL;
		e->op = (unsigned char)c->op;
		e->seq = 0;
	}
	a->after += after ? n : 0;
	a->unauthorised += av->authorised ? 0 : n;
	handoff_buf_dispose(&roles_buf);
	handoff_buf_dispose(&may_buf);
	return 0;
}

/* Version i against the record in its commit's first parent. */
static int audit_version(const struct events_version *ev, void *payload)
{
	struct audit_ctx *x = payload;
	const struct version *v = ev->version;
	const struct record *old = ev->base, *rec = ev->cur;
	const struct person *who;
	struct commit_facts f = { NULL, NULL, 0, { NULL, NULL } };
	int after = handoff__record_acceptance(old) && !strcmp(handoff__record_acceptance(old), "accepted");
	size_t i, n = 0;
	int err = 0;

	if (!in_window(x, v->commit_time))
		return 0;
	for (i = 0; old && i < ev->changes->n; i++)	/* a new record is no change */
		n += kept(x, &ev->changes->v[i], after);
	who = person_then(x, v);
	if (n && (err = commit_facts(&f, x, v)) == 0)
		err = add_changes(x, v, ev->kind, ev->changes, who, &f, after);
	if (!err)
		err = check_decision(x, v, ev->kind, who, old, rec);
	facts_release(&f);
	return err;
}

static int backdated(struct audit_ctx *x, const struct record_history *rh,
	const struct event_list *ev)
{
	size_t i;
	int err = 0;

	for (i = 0; !err && i < ev->n; i++) {
		const struct event *e = &ev->v[i];
		const struct version *v = &rh->v[e->version];
		char claimed[40];

		if (!e->backdated || !in_window(x, v->commit_time))
			continue;
		handoff__format_iso_time(claimed, sizeof(claimed), e->claimed, 0);
		err = add_signal(x->a, "backdated", v->path, &v->commit, v->author_email,
			v->commit_time, handoff__asprintf("%s claims %s, %.0f h before "
			"the commit that first wrote it", e->pointer, claimed,
			(double)(v->commit_time - e->claimed) / 3600));
	}
	return err;
}

/*
 * A record imported with its real dates (events.h, backfill): shown, and
 * a finding unless its author had the ops role then.
 */
static int backfilled(struct audit_ctx *x, const struct record_history *rh,
	const struct event_list *ev)
{
	const struct version *v = &rh->v[0];
	const struct config *cfg = config_before(x, v);
	int ops = cfg && v->author_email &&
		handoff__person_has_role(handoff__config_person(cfg, v->author_email), "ops");
	int err;

	if (!ev->backfill || !in_window(x, v->commit_time))
		return 0;
	err = add_signal(x->a, "backfill", v->path, &v->commit, v->author_email,
		v->commit_time, handoff__asprintf("imported with its real dates%s: %s",
		ops ? "" : ", NOT by ops", ev->backfill));
	if (!err)
		x->a->s[x->a->ns - 1].info = ops;
	return err;
}

/* Every version read once: its changes, and the events for the backdated claims. */
static int audit_record(struct audit_ctx *x, const struct record_history *rh)
{
	struct event_list ev = EVENT_LIST_INIT;
	int err = handoff__events_walk(&ev, x->src, rh, x->src->config->backdate_tolerance,
		audit_version, x);

	if (!err)
		err = backfilled(x, rh, &ev);
	if (!err)
		err = backdated(x, rh, &ev);
	handoff__event_list_release(&ev);
	return err;
}

/*
 * Every record audited on every processor, each into a part of its own
 * (its entries and signals), the parts then put together in order.
 */
struct audits {
	struct audit_ctx *x;
	const struct history *h;
	handoff_audit *parts;
	unsigned char *known;		/* parts[i] came from the cache */
};

/* An array grown by doubling cut to the `n` it holds (freed when none). */
static void cut(void **v, size_t *alloc, size_t n, size_t size)
{
	void *p;

	if (!n) {
		free(*v);
		*v = NULL;
		*alloc = 0;
	} else if (n < *alloc && (p = realloc(*v, n * size)) != NULL) {
		*v = p;
		*alloc = n;
	}
}

/*
 * A part once whole holds no more room than it uses: ten thousand
 * records' parts are held at once, most with a few entries and signals.
 */
static void part_done(handoff_audit *p)
{
	cut((void **)&p->v, &p->alloc, p->n, sizeof(*p->v));
	cut((void **)&p->versions, &p->aversions, p->nversions, sizeof(*p->versions));
	cut((void **)&p->s, &p->as, p->ns, sizeof(*p->s));
}

static int audit_one_record(size_t i, void *unused, void *payload)
{
	struct audits *au = payload;
	struct audit_ctx x = *au->x;
	int err;

	(void)unused;
	if (au->known[i])
		return 0;
	x.a = &au->parts[i];
	err = audit_record(&x, &au->h->records[i]);
	part_done(x.a);
	return err;
}

static int audit_enter(void **state, void *payload)
{
	return handoff__source_git_enter(state, ((struct audits *)payload)->x->src);
}

static void audit_leave(void *state, void *payload)
{
	(void)payload;
	handoff__source_git_leave(state);
}

/*
 * Move a part's entries (as a run of their own), versions, signals and
 * notes to the end of `a`, which holds no entries of its own.
 */
static int take_part(handoff_audit *a, handoff_audit *part)
{
	char **notes;

	if (part->nnotes) {
		if (!(notes = realloc(a->notes, (a->nnotes + part->nnotes) * sizeof(*notes))))
			return handoff__error_oom();
		a->notes = notes;
		memcpy(a->notes + a->nnotes, part->notes, part->nnotes * sizeof(*notes));
		a->nnotes += part->nnotes;
		part->nnotes = 0;
	}
	assert(!a->v);
	if ((part->n && handoff__array_grow((void **)&a->runs, &a->aruns, a->nruns + 1,
	    sizeof(*a->runs)) < 0) ||
	    handoff__array_grow((void **)&a->versions, &a->aversions, a->nversions +
	    part->nversions, sizeof(*a->versions)) < 0 ||
	    handoff__array_grow((void **)&a->s, &a->as, a->ns + part->ns,
		sizeof(*a->s)) < 0)
		return HANDOFF_ERROR;
	if (part->n) {
		part_done(part);
		a->runs[a->nruns].v = part->v;
		a->runs[a->nruns++].n = part->n;
		part->v = NULL;
	}
	a->n += part->n;
	if (part->nversions)
		memcpy(a->versions + a->nversions, part->versions,
			part->nversions * sizeof(*a->versions));
	if (part->ns)
		memcpy(a->s + a->ns, part->s, part->ns * sizeof(*a->s));
	a->nversions += part->nversions;
	a->ns += part->ns;
	a->unauthorised += part->unauthorised;
	a->after += part->after;
	a->times += part->times;
	a->receipts += part->receipts;
	free(part->v);
	free(part->versions);
	free(part->s);
	free(part->notes);
	memset(part, 0, sizeof(*part));
	return 0;
}

/* ---- the audit cache ----------------------------------------------- */

/*
 * The answer kept in .git/handoff/audit: each record's part under the
 * digest of its versions (cache.h), so that a run after new commits
 * audits again only the records they changed; and the tip the whole
 * answer was for (with what history was visible and the receipts'
 * notes), so that a run with nothing new reads it back without a walk.
 * The key is the config, every kind, the window and --after-acceptance.
 *
 * A sealed file (cachefile.h), read a line at a time: "T" the tip; what
 * the walk and the receipts found before the records ("N" the versions
 * timed and how many by a receipt, "n" a note, "S" a signal); per record
 * "r <digest>", then per version of its changes "V" and its fields and
 * "E" per change, then "S" per signal; then "z" and the signals found
 * after the records (the clock's). Anything unexpected is a miss.
 */
#define AUDIT_MAGIC "git-handoff audit 3"

static const char *old_json(const struct audit_entry *e);
static const char *new_json(const struct audit_entry *e);

static void put_signal(handoff_buf *b, const struct audit_signal *sg)
{
	const char *s[] = { sg->type, sg->path, sg->commit, sg->email, sg->message };

	handoff__cache_put_all(b, "S", s, ARRAY_SIZE(s));
	handoff__buf_printf(b, "\t%lld\t%d\n", sg->time, sg->info);
}

static void put_part(handoff_buf *b, const char *digest, const handoff_audit *p)
{
	size_t i, j = 0, k;

	handoff__buf_printf(b, "r\t%s\n", digest);
	for (i = 0; i < p->nversions; i++) {
		const struct audit_version *av = p->versions[i];
		const char *s[] = { av->path, av->author, av->email, av->roles, av->reason,
			av->may, av->committer };

		for (k = j; k < p->n && p->v[k].v == av; k++)
			;
		handoff__cache_put_all(b, "V", s, ARRAY_SIZE(s));
		/* signed or not: the check against the keys is each run's */
		handoff__buf_printf(b, "\t%c\t%s\t%lld\t%d\t%d\t%d\t%zu\n",
			av->sig == 'N' ? 'N' : 'S', av->commit, av->time, av->offset,
			av->after_acceptance, av->authorised, k - j);
		for (; j < k; j++) {
			const char *e[] = { p->v[j].pointer, old_json(&p->v[j]),
				new_json(&p->v[j]) };

			handoff__buf_printf(b, "E\t%u", p->v[j].op);
			handoff__cache_put_all(b, "", e, ARRAY_SIZE(e));
			handoff__buf_puts(b, "\n");
		}
	}
	for (i = 0; i < p->ns; i++)
		put_signal(b, &p->s[i]);
}

/*
 * The whole answer for `tip`: `head` (the walk's notes and times, the
 * signals before the records), each record's part under its digest,
 * then `tail`. A part read from the old file `old` is copied from it as
 * it was written. A cache that cannot be written is no error.
 */
static void write_cache(git_repository *git, const char *key, const char *tip,
	const handoff_audit *head, const handoff_audit *parts,
	const char (*digests)[CACHE_DIGEST_SIZE], size_t n, const handoff_audit *tail,
	const struct cache_reader *old)
{
	struct cache_writer w;
	size_t i;
	int err = handoff__cache_writer_open(&w, git, "audit", AUDIT_MAGIC, key);

	if (!err) {
		handoff__buf_puts(&w.body, "T");
		handoff__cache_put(&w.body, tip);
		handoff__buf_printf(&w.body, "\nN\t%zu\t%zu\n", head->times,
			head->receipts);
		for (i = 0; i < head->nnotes; i++) {
			handoff__buf_puts(&w.body, "n");
			handoff__cache_put(&w.body, head->notes[i]);
			handoff__buf_puts(&w.body, "\n");
		}
		for (i = 0; i < head->ns; i++)
			put_signal(&w.body, &head->s[i]);
		err = handoff__cache_writer_step(&w);
	}
	for (i = 0; !err && i < n; i++) {
		if (parts[i].cached_len) {
			err = handoff__cache_writer_keep(&w, old, parts[i].cached_at,
				parts[i].cached_len);
		} else {
			put_part(&w.body, digests[i], &parts[i]);
			err = handoff__cache_writer_step(&w);
		}
	}
	if (!err) {
		handoff__buf_puts(&w.body, "z\n");
		for (i = 0; i < tail->ns; i++)
			put_signal(&w.body, &tail->s[i]);
		handoff__cache_writer_commit(&w);
	}
	git_error_clear();
}

/* The next field kept at the end of `b` with its NUL: where, plus one; 0 for none. */
static size_t keep(handoff_buf *b, struct cache_line *l)
{
	size_t at = b->size + 1, len;
	const char *s = handoff__cache_take_len(l, &len);

	if (!s)
		return 0;
	handoff__buf_put(b, s, len + 1);
	return at;
}

static const char *kept_str(const handoff_buf *b, size_t at)
{
	return at ? b->ptr + at - 1 : NULL;
}

/* What reading a version needs for a while: one for the whole file. */
struct version_scratch {
	struct raw { long long op; size_t ptr, old, new; } *e;
	size_t alloc;
	handoff_buf t;
};

/*
 * A version and its entries, from its V line's fields and the E lines
 * that follow it; each line is gone once the next is read, so their
 * texts are kept in `sc` until the version's one allocation is made.
 */
static int read_version(handoff_audit *a, struct cache_line *l, struct cache_reader *r,
	struct version_scratch *sc)
{
	handoff_buf *t = &sc->t;
	struct audit_version *av;
	size_t f[7], i, n, ne = 0;
	char commit[GIT_OID_HEXSZ + 1], sig, *s, *p;
	long long time, count;
	int offset, after, authorised;

	t->size = 0;
	for (i = 0; i < 7; i++)
		f[i] = keep(t, l);
	s = handoff__cache_take(l);
	sig = s && (!strcmp(s, "N") || !strcmp(s, "S")) ? *s : 0;
	s = handoff__cache_take(l);
	if (s && strlen(s) == GIT_OID_HEXSZ)
		memcpy(commit, s, sizeof(commit));
	else
		l->bad = 1;
	time = handoff__cache_take_num(l);
	offset = (int)handoff__cache_take_num(l);
	after = (int)handoff__cache_take_num(l);
	authorised = (int)handoff__cache_take_num(l);
	count = handoff__cache_take_num(l);
	if (l->bad || l->p != l->end || !f[0] || !f[3] || !sig || count < 0)
		return HANDOFF_EINVALID;
	for (n = (size_t)count; ne < n; ne++) {
		struct cache_line el;
		struct raw *e;

		if (handoff__cache_reader_next(&el, r) != 1 || *el.p++ != 'E')
			return HANDOFF_EINVALID;
		if (handoff__array_grow((void **)&sc->e, &sc->alloc, ne + 1, sizeof(*e)) < 0)
			return HANDOFF_ERROR;
		e = &sc->e[ne];
		e->op = handoff__cache_take_num(&el);
		e->ptr = keep(t, &el);
		e->old = keep(t, &el);
		e->new = keep(t, &el);
		if (el.bad || el.p != el.end || !e->ptr || e->op < 0 || e->op > 2)
			return HANDOFF_EINVALID;
	}
	if (handoff__buf_failed(t) ||
	    handoff__array_grow((void **)&a->v, &a->alloc, a->n + n, sizeof(*a->v)) < 0 ||
	    handoff__array_grow((void **)&a->versions, &a->aversions, a->nversions + 1,
	    sizeof(*a->versions)) < 0 || !(av = malloc(sizeof(*av) + t->size)))
		return handoff__error_oom();
	p = av->text;
	av->path = put_str(&p, kept_str(t, f[0]));
	av->author = put_str(&p, kept_str(t, f[1]));
	av->email = put_str(&p, kept_str(t, f[2]));
	av->roles = put_str(&p, kept_str(t, f[3]));
	av->reason = put_str(&p, kept_str(t, f[4]));
	av->may = put_str(&p, kept_str(t, f[5]));
	av->committer = put_str(&p, kept_str(t, f[6]));
	av->sig = sig;
	av->signer = NULL;
	av->pusher = NULL;
	memcpy(av->commit, commit, sizeof(av->commit));
	av->time = time;
	av->offset = offset;
	av->after_acceptance = after;
	av->authorised = authorised;
	a->versions[a->nversions++] = av;
	for (i = 0; i < n; i++) {
		struct audit_entry *en = &a->v[a->n++];

		en->v = av;
		en->pointer = put_str(&p, kept_str(t, sc->e[i].ptr));
		en->has_old = put_str(&p, kept_str(t, sc->e[i].old)) != NULL;
		en->has_new = put_str(&p, kept_str(t, sc->e[i].new)) != NULL;
		en->op = (unsigned char)sc->e[i].op;
		en->seq = 0;
	}
	a->after += after ? n : 0;
	a->unauthorised += authorised ? 0 : n;
	return 0;
}

static int read_signal(handoff_audit *a, struct cache_line *l)
{
	const char *type = signal_type(handoff__cache_take(l));
	char *path = handoff__cache_take(l), *commit = handoff__cache_take(l),
		*email = handoff__cache_take(l),
		*message = handoff__cache_take(l);
	long long t = handoff__cache_take_num(l), info = handoff__cache_take_num(l);
	git_oid id;
	int err;

	if (l->bad || l->p != l->end || !type || !commit || !message ||
	    (info != 0 && info != 1) || strlen(commit) != GIT_OID_HEXSZ ||
	    git_oid_fromstr(&id, commit) < 0) {
		git_error_clear();
		return HANDOFF_EINVALID;
	}
	if ((err = add_signal(a, type, path, &id, email, t, handoff__strdup(message))) == 0)
		a->s[a->ns - 1].info = (int)info;
	return err;
}

struct audit_cached {
	char digest[CACHE_DIGEST_SIZE];
	handoff_audit part;
};

struct audit_cache {
	handoff_audit head, tail;	/* before the records' parts, after them */
	struct audit_cached *v;		/* in the order written */
	size_t n, alloc;
	struct audit_cached **by_digest;
};

static int cached_cmp(const void *x, const void *y)
{
	return strcmp((*(struct audit_cached *const *)x)->digest,
		(*(struct audit_cached *const *)y)->digest);
}

static void audit_cache_release(void *cache)
{
	struct audit_cache *c = cache;
	size_t i;

	for (i = 0; i < c->n; i++)
		audit_release(&c->v[i].part);
	free(c->v);
	free(c->by_digest);
	audit_release(&c->head);
	audit_release(&c->tail);
	memset(c, 0, sizeof(*c));
}

static int note(handoff_audit *a, const char *s);

/*
 * The answer in .git/handoff/audit made for `key` (and for `tip`, unless
 * that is NULL): 0 and `c` holds it, with each part's place in the file,
 * which `r` is left open on (the caller closes it); HANDOFF_ENOTFOUND
 * when there is none, it is another tip's or it is unusable. c and r are
 * zeroed first.
 */
static int audit_cache_read(struct audit_cache *c, struct cache_reader *r,
	git_repository *git, const char *key, const char *tip)
{
	struct version_scratch sc = { NULL, 0, HANDOFF_BUF_INIT };
	struct cache_line l;
	handoff_audit *a = &c->head;
	char *s;
	size_t i, at;
	int err, got = 1, tail = 0;

	memset(c, 0, sizeof(*c));
	if (handoff__cache_reader_open(r, git, "audit", AUDIT_MAGIC, key) < 0)
		return HANDOFF_ENOTFOUND;
	/* the tip first: another tip's answer is read no further */
	err = handoff__cache_reader_next(&l,
		r) == 1 && *l.p++ == 'T' && (s = handoff__cache_take(&l)) &&
		l.p == l.end && (!tip || !strcmp(s, tip)) ? 0 : HANDOFF_EINVALID;
	while (!err && (at = r->size, got = handoff__cache_reader_next(&l, r)) == 1) {
		char tag = *l.p++;

		if ((tag == 'r' || tag == 'z') && a != &c->head) {
			part_done(a);
			a->cached_len = at - a->cached_at;
		}
		if (tag == 'r' && !tail && l.end - l.p == CACHE_DIGEST_SIZE && *l.p == '\t') {
			if ((err = handoff__array_grow((void **)&c->v, &c->alloc, c->n + 1,
			    sizeof(*c->v))) < 0)
				break;
			memset(&c->v[c->n], 0, sizeof(c->v[c->n]));
			memcpy(c->v[c->n].digest, l.p + 1, CACHE_DIGEST_SIZE - 1);
			a = &c->v[c->n++].part;
			a->cached_at = at;
		} else if (tag == 'z' && !tail && l.p == l.end) {
			a = &c->tail;
			tail = 1;
		} else if (tag == 'V' && a != &c->head && !tail) {
			err = read_version(a, &l, r, &sc);
		} else if (tag == 'S') {
			err = read_signal(a, &l);
		} else if (tag == 'N' && a == &c->head) {
			a->times = (size_t)handoff__cache_take_num(&l);
			a->receipts = (size_t)handoff__cache_take_num(&l);
			err = l.bad || l.p != l.end ? HANDOFF_EINVALID : 0;
		} else if (tag == 'n' && a == &c->head) {
			err = (s = handoff__cache_take(&l)) && l.p == l.end ? note(a, s) : HANDOFF_EINVALID;
		} else {
			err = HANDOFF_EINVALID;
		}
	}
	free(sc.e);
	handoff_buf_dispose(&sc.t);
	if (!err && (got != 0 || !tail))
		err = HANDOFF_EINVALID;		/* not a whole answer */
	if (!err && !(c->by_digest = malloc((c->n + 1) * sizeof(*c->by_digest))))
		err = handoff__error_oom();
	if (err) {
		handoff__cache_reader_close(r);
		audit_cache_release(c);
		return err == HANDOFF_EINVALID ? HANDOFF_ENOTFOUND : err;
	}
	for (i = 0; i < c->n; i++)
		c->by_digest[i] = &c->v[i];
	qsort(c->by_digest, c->n, sizeof(*c->by_digest), cached_cmp);
	return 0;
}

/* The part cached for a record of this digest, or NULL. */
static void *audit_cache_find(void *cache, const char *digest)
{
	struct audit_cache *c = cache;
	struct audit_cached want, *w = &want, **hit;

	memcpy(want.digest, digest, CACHE_DIGEST_SIZE);
	hit = c->n ? bsearch(&w, c->by_digest, c->n, sizeof(*c->by_digest), cached_cmp) : NULL;
	return hit ? &(*hit)->part : NULL;
}

/* A whole answer from the cache, moved into `a`: nothing new since. */
static int cached_answer(handoff_audit *a, struct audit_cache *c)
{
	size_t i;
	int err = take_part(a, &c->head);

	for (i = 0; !err && i < c->n; i++)
		err = take_part(a, &c->v[i].part);
	return err ? err : take_part(a, &c->tail);
}

static int skewed(handoff_audit *a, git_repository *git, const struct history *h);

/*
 * Every record's part from the cache when its versions are those it was
 * audited on, else audited; then the clock's signals; then (when keyed)
 * the cache written again with the whole answer, once the walk's own
 * cache is in place; then every part moved into x->a.
 */
static int audit_all(struct audit_ctx *x, struct history *h, const char *key,
	const char *tip)
{
	static const struct pool_ops ops = { audit_one_record, audit_enter, audit_leave };
	pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	struct audits au = { x, h, NULL, NULL };
	char (*digests)[CACHE_DIGEST_SIZE] = NULL;
	struct audit_cache cache;
	struct cache_reader old;
	handoff_audit tail;
	size_t i;
	int err, miss;

	memset(&tail, 0, sizeof(tail));
	memset(&old, 0, sizeof(old));
	/* read after the walk: the two caches are never in memory at once */
	miss = key ? audit_cache_read(&cache, &old, x->git, key, NULL) : HANDOFF_ENOTFOUND;
	if (miss < 0 && miss != HANDOFF_ENOTFOUND)
		return miss;
	err = handoff__cache_run_start((void **)&au.parts, &au.known, &digests, h->records,
		h->n, sizeof(*au.parts), key != NULL, miss ? NULL : &cache, audit_cache_find,
		audit_cache_release);
	if (!err) {
		x->src->lock = &lock;
		err = handoff__pool_run(h->n, 16, &ops, &au);
		x->src->lock = NULL;
	}
	if (!err)
		err = skewed(&tail, x->git, h);
	if (!err)
		handoff__history_keep(h);
	if (!err && key)
		write_cache(x->git, key, tip, x->a, au.parts,
			(const char (*)[CACHE_DIGEST_SIZE])digests, h->n, &tail, &old);
	handoff__cache_reader_close(&old);
	for (i = 0; au.parts && i < h->n; i++) {
		if (!err)
			err = take_part(x->a, &au.parts[i]);
		audit_release(&au.parts[i]);	/* what was not taken */
	}
	if (!err)
		err = take_part(x->a, &tail);
	audit_release(&tail);
	free(au.parts);
	free(au.known);
	free(digests);
	return err;
}

static int note(handoff_audit *a, const char *s)
{
	char **v = realloc(a->notes, (a->nnotes + 1) * sizeof(*v));

	if (!v)
		return handoff__error_oom();
	a->notes = v;
	return (v[a->nnotes] = handoff__strdup(s)) ? (a->nnotes++, 0) : HANDOFF_ERROR;
}

/* The commits dated before their parents, as signals in `a`. */
static int skewed(handoff_audit *a, git_repository *git, const struct history *h)
{
	size_t i;
	int err = 0;

	for (i = 0; !err && i < h->nskewed; i++) {
		git_commit *c = NULL;
		char hex[8];

		git_oid_tostr(hex, sizeof(hex), &h->skewed[i]);
		if (git_commit_lookup(&c, git, &h->skewed[i]) < 0)
			continue;
		err = add_signal(a, "clock", NULL, &h->skewed[i],
			git_commit_committer(c)->email, git_commit_time(c),
			handoff__asprintf("commit %s is dated before its parent: the "
			"committer date goes backwards", hex));
		git_commit_free(c);
	}
	return err;
}

/*
 * The server's receipts over the commits' times, and the dates they
 * contradict; the receipts in `*r` for the pushers.
 */
static int by_receipts(struct audit_ctx *x, struct history *h, struct receipts **r)
{
	struct receipts_use use;
	size_t i;
	int err;

	if ((err = handoff__receipts_load(r, x->git)) < 0)
		return err;
	err = handoff__receipts_apply(&use, h, *r, x->git,
		x->src->config->backdate_tolerance, 0);
	x->a->times = use.times;
	x->a->receipts = use.receipts;
	for (i = 0; !err && i < use.nsignals; i++) {
		const struct receipt_signal *s = &use.signals[i];

		if (in_window(x, s->received))
			err = add_signal(x->a, s->future ? "future-dated" : "backdated-commit",
				s->path, &s->commit, s->email, s->received,
				handoff__receipts_signal_message(s));
	}
	handoff__receipts_use_release(&use);
	return err;
}

/* By time; at the same time, in history order (a run is one record's). */
static int by_time(const void *a, const void *b)
{
	const struct audit_entry *x = a, *y = b;

	if (x->v->time != y->v->time)
		return x->v->time > y->v->time ? 1 : -1;
	return (x->seq > y->seq) - (x->seq < y->seq);
}

/*
 * Each run by time, unless it is already (as a record's versions mostly
 * are); the runs stay apart, merged as they are written.
 */
static void sort_runs(handoff_audit *a)
{
	size_t i, j;

	for (i = 0; i < a->nruns; i++) {
		struct audit_run *r = &a->runs[i];

		for (j = 1; j < r->n && r->v[j - 1].v->time <= r->v[j].v->time; j++)
			;
		if (j >= r->n)
			continue;
		for (j = 0; j < r->n; j++)
			r->v[j].seq = (uint32_t)j;
		qsort(r->v, r->n, sizeof(*r->v), by_time);
	}
}

/*
 * The signed commits' signatures, checked by git once each against the
 * signing_keys of the rules audited (today's: a key since removed no
 * longer vouches). Few commits are signed: decisions.
 */
static int check_signatures(handoff_audit *a, git_repository *git,
	const struct config *cfg)
{
	struct identity id;
	size_t i;
	int err = 0;

	handoff__identity_init(&id, cfg, NULL);
	for (i = 0; !err && i < a->nversions; i++) {
		struct audit_version *av = a->versions[i];
		const struct signature *sig;

		if (av->sig != 'S')
			continue;
		if ((err = handoff__identity_verify(&sig, &id, git, av->commit)) < 0)
			break;
		av->sig = sig->status;
		if (sig->status == 'G' && !(av->signer = handoff__strdup(sig->signer)))
			err = HANDOFF_ERROR;
	}
	handoff__identity_release(&id);
	return err;
}

/* Each change's pusher, as the server's receipt of its commit names them. */
static int name_pushers(handoff_audit *a, const struct receipts *r)
{
	size_t i;

	if (!handoff__receipts_any(r))
		return 0;	/* no receipt names anyone */
	for (i = 0; i < a->nversions; i++) {
		struct audit_version *av = a->versions[i];
		const char *who;
		git_oid id;

		if (git_oid_fromstr(&id, av->commit) < 0) {
			git_error_clear();
			continue;
		}
		if ((who = handoff__receipts_pusher(r, &id)) && !(av->pusher = handoff__strdup(who)))
			return HANDOFF_ERROR;
	}
	return 0;
}

/* "none", "good", "bad", "unknown key" or "not checked" */
static const char *sig_name(const struct audit_version *v)
{
	return v->sig == 'N' ? "none" : v->sig == 'G' ? "good" : v->sig == 'B' ?
		"bad" : v->sig == 'U' || v->sig == 'E' ? "unknown key" : "not checked";
}

/*
 * The walk and the audit of what it found: the receipts' signals and the
 * walk's notes in x->a, then every record's part (audit_all); the
 * receipts in `*r` for the pushers.
 */
static int audit_walk(struct audit_ctx *x, const struct history_options *ho,
	const char *key, const char *tip, struct receipts **r)
{
	struct history *h = NULL;
	size_t i;
	int err;

	if ((err = handoff__history_walk(&h, x->git, ho)) == 0 &&
	    (err = by_receipts(x, h, r)) == 0) {
		for (i = 0; !err && i < h->nnotes; i++)
			err = note(x->a, h->notes[i]);
		if (!err)
			err = audit_all(x, h, key, tip);
	}
	if (!err)
		handoff__history_keep(h);
	handoff__history_free(h);
	return err;
}

int handoff_audit_run(handoff_audit **out, handoff_repo *repo,
	const handoff_audit_options *opts)
{
	static const handoff_audit_options defaults = HANDOFF_AUDIT_OPTIONS_INIT;
	struct history_options ho = HISTORY_OPTIONS_INIT;
	struct source src;
	struct audit_ctx x;
	struct audit_cache cache;
	struct cache_reader file;
	struct config_cache configs;
	struct receipts *receipts = NULL;
	char key[GIT_OID_HEXSZ + 1] = "", *tip = NULL, what[128];
	size_t i;
	int err;

	*out = NULL;
	opts = opts ? opts : &defaults;
	if (!repo->git)
		return handoff__error_set(HANDOFF_ERROR_GIT, "not a git repository"),
			HANDOFF_ENOTFOUND;
	memset(&x, 0, sizeof(x));
	memset(&configs, 0, sizeof(configs));
	x.configs = &configs;
	if (!(x.a = calloc(1, sizeof(*x.a))))
		return handoff__error_oom();
	err = opts->rev ? handoff__source_open(&src, repo, HANDOFF_SOURCE_REV, opts->rev) :
		handoff__source_open(&src, repo, HANDOFF_SOURCE_WORKTREE, NULL);
	if (err < 0) {
		handoff__source_release(&src);
		handoff_audit_free(x.a);
		return err;
	}
	x.src = &src;
	x.git = repo->git;
	x.o = opts;
	ho.rev = opts->rev;
	ho.config = src.config;
	if ((err = window(&x, src.config)) == 0) {
		snprintf(what, sizeof(what), "%s\n%lld %lld %d", AUDIT_MAGIC, x.since,
			x.until, opts->after_acceptance);
		err = handoff__cache_key_for(key, &tip, &src, opts->rev, what);
	}
	if (!err && *key)
		err = handoff__cache_tip_receipts(&tip, repo->git);
	if (!err && *key && (err = audit_cache_read(&cache, &file, repo->git, key, tip)) == 0) {
		handoff__cache_reader_close(&file);
		err = cached_answer(x.a, &cache);	/* nothing new */
		audit_cache_release(&cache);
		if (!err)
			err = handoff__receipts_load(&receipts, repo->git);
	} else if (!err || err == HANDOFF_ENOTFOUND) {
		err = audit_walk(&x, &ho, *key ? key : NULL, tip, &receipts);
	}
	free(tip);
	if (!err)
		err = check_signatures(x.a, repo->git, src.config);
	if (!err)
		err = name_pushers(x.a, receipts);
	if (!err)
		err = mark_acked(x.a, &src);
	handoff__receipts_free(receipts);
	if (!err)
		sort_runs(x.a);
	for (i = 0; i < configs.n; i++)
		handoff__config_free(configs.cfg[i]);
	handoff__source_release(&src);
	if (err < 0) {
		handoff_audit_free(x.a);
		return err;
	}
	*out = x.a;
	return 0;
}

/* ---- output ----------------------------------------------------------- */

static const char *op_name(unsigned char op)
{
	return op == HANDOFF_CHANGE_ADD ? "add" :
		op == HANDOFF_CHANGE_REMOVE ? "remove" : "change";
}

/*
 * An entry's texts after its pointer, each NUL-ended, with the lengths
 * taken on the way: the old value as JSON (NULL for an add), then the
 * new (NULL for a remove).
 */
struct entry_texts {
	size_t pointer_len, old_len;
	const char *old, *new;		/* JSON; NULL: none */
};

static void entry_texts(const struct audit_entry *e, struct entry_texts *t)
{
	const char *next;

	t->pointer_len = strlen(e->pointer);
	next = e->pointer + t->pointer_len + 1;
	t->old = e->has_old ? next : NULL;
	t->old_len = t->old ? strlen(t->old) : 0;
	if (t->old)
		next += t->old_len + 1;
	t->new = e->has_new ? next : NULL;
}

static const char *old_json(const struct audit_entry *e)
{
	struct entry_texts t;

	entry_texts(e, &t);
	return t.old;
}

static const char *new_json(const struct audit_entry *e)
{
	struct entry_texts t;

	entry_texts(e, &t);
	return t.new;
}

/* The texts up to the NULL, one after the other: no format to read. */
#define PUT_LITERAL(b, s) handoff__buf_put((b), (s), sizeof(s) - 1)

static void put_texts(handoff_buf *b, ...)
{
	const char *s;
	va_list ap;

	va_start(ap, b);
	while ((s = va_arg(ap, const char *)) != NULL)
		handoff__buf_puts(b, s);
	va_end(ap);
}

/*
 * An entry's fields but its pointer, op and values are its version's:
 * made once per version, before and after those, for each of its
 * entries (which come one after another).
 */
struct version_json {
	const struct audit_version *v;
	handoff_buf head, tail;
};

static void version_json(struct version_json *j, const struct audit_version *v)
{
	handoff_buf *b = &j->head;
	char t[40];

	if (j->v == v)
		return;
	j->v = v;
	j->head.size = j->tail.size = 0;
	handoff__format_iso_time(t, sizeof(t), v->time, v->offset);
	handoff__buf_puts(b, "{\"path\":");
	handoff__out_json_str(b, v->path);
	put_texts(b, ",\"commit\":\"", v->commit, "\",\"author\":", NULL);
	handoff__out_json_str(b, v->author);
	handoff__buf_puts(b, ",\"email\":");
	handoff__out_json_str(b, v->email);
	handoff__buf_puts(b, ",\"role\":");
	handoff__out_json_str(b, *v->roles ? v->roles : NULL);
	put_texts(b, ",\"time\":\"", t, "\",\"pointer\":", NULL);
	b = &j->tail;
	put_texts(b, ",\"material\":true,\"after_acceptance\":",
		v->after_acceptance ? "true" : "false", ",\"authorised\":",
		v->authorised ? "true" : "false", ",\"reason\":", NULL);
	handoff__out_json_str(b, v->reason);
	/* who pushed is the server's to say (its receipts); null: no receipt */
	handoff__buf_puts(b, ",\"committer\":");
	handoff__out_json_str(b, v->committer);
	handoff__buf_puts(b, ",\"pusher\":");
	handoff__out_json_str(b, v->pusher);
	put_texts(b, ",\"signature\":\"", sig_name(v), "\",\"signer\":", NULL);
	handoff__out_json_str(b, v->signer);
	handoff__buf_puts(b, "}");
}

static void entry_json(handoff_buf *b, struct version_json *j, const struct audit_entry *e)
{
	/* a few hundred million bytes at 10k records: each length taken once */
	struct entry_texts t;

	entry_texts(e, &t);
	version_json(j, e->v);
	handoff__buf_put_buf(b, &j->head);
	handoff__buf_json_str(b, e->pointer, t.pointer_len);
	PUT_LITERAL(b, ",\"op\":\"");
	handoff__buf_puts(b, op_name(e->op));
	PUT_LITERAL(b, "\",\"old\":");
	if (t.old)
		handoff__buf_put(b, t.old, t.old_len);
	else
		PUT_LITERAL(b, "null");
	PUT_LITERAL(b, ",\"new\":");
	handoff__buf_puts(b, t.new ? t.new : "null");
	handoff__buf_put_buf(b, &j->tail);
}

static void signal_json(handoff_buf *b, const struct audit_signal *s)
{
	char t[40];

	handoff__format_iso_time(t, sizeof(t), s->time, 0);
	handoff__buf_printf(b, "{\"type\":\"%s\",\"path\":", s->type);
	handoff__out_json_str(b, s->path);
	handoff__buf_printf(b, ",\"commit\":\"%s\",\"email\":", s->commit);
	handoff__out_json_str(b, s->email);
	handoff__buf_printf(b, ",\"time\":\"%s\",\"message\":", t);
	handoff__out_json_str(b, s->message);
	handoff__buf_printf(b, ",\"id\":\"%s\",\"finding\":%s,\"ack\":", s->id,
		s->ack_reason || s->info ? "false" : "true");
	if (!s->ack_reason) {
		handoff__buf_puts(b, "null}");
		return;
	}
	handoff__buf_puts(b, "{\"by\":");
	handoff__out_json_str(b, s->ack_by);
	handoff__buf_puts(b, ",\"at\":");
	handoff__out_json_str(b, s->ack_at);
	handoff__buf_puts(b, ",\"reason\":");
	handoff__out_json_str(b, s->ack_reason);
	handoff__buf_puts(b, "}}");
}

static void entry_csv(handoff_buf *b, const struct audit_entry *e)
{
	const struct audit_version *v = e->v;
	const char *f[17];
	char t[40];
	size_t k;

	handoff__format_iso_time(t, sizeof(t), v->time, v->offset);
	f[13] = v->committer; f[14] = v->pusher ? v->pusher : "unknown"; f[15] = sig_name(v); f[16] = v->signer;
	f[0] = t; f[1] = v->path; f[2] = v->commit; f[3] = v->author;
	f[4] = v->email; f[5] = v->roles; f[6] = e->pointer;
	f[7] = op_name(e->op); f[8] = old_json(e); f[9] = new_json(e);
	f[10] = v->after_acceptance ? "yes" : "no";
	f[11] = v->authorised ? "yes" : "no"; f[12] = v->reason;
	for (k = 0; k < ARRAY_SIZE(f); k++) {
		handoff__buf_puts(b, k ? "," : "");
		handoff__out_csv_field(b, f[k]);
	}
	handoff__buf_puts(b, "\r\n");
}

static void entry_text(handoff_buf *b, const struct audit_entry *e, int color)
{
	const char *red = color ? "\033[31m" : "", *reset = color ? "\033[m" : "";
	const struct audit_version *v = e->v;
	const char *o = old_json(e), *n = new_json(e);
	char t[40];

	handoff__format_iso_time(t, sizeof(t), v->time, v->offset);
	handoff__buf_printf(b, "%s %.7s %s <%s> (%s) %s %s %s: ", t,
		v->commit, v->author ? v->author : "?",
		v->email ? v->email : "?", *v->roles ? v->roles : "no role",
		v->path, op_name(e->op), *e->pointer ? e->pointer : "(the record)");
	handoff__changes_put_short(b, o ? o : "-");
	handoff__buf_puts(b, " -> ");
	handoff__changes_put_short(b, n ? n : "-");
	if (v->after_acceptance && v->authorised)
		handoff__buf_printf(b,
			"\n    after acceptance, authorised: %s\n", v->reason);
	else if (v->after_acceptance)
		handoff__buf_printf(b,
			"\n    %safter acceptance, NOT authorised%s: %s%s%s\n",
			red, reset, !v->reason ? "no Handoff-Reason trailer" :
			"the author has no ", v->reason ? v->may : "",
			v->reason ? " role" : "");
	else
		handoff__buf_puts(b, "\n");
	handoff__buf_printf(b, "    committer %s, pusher %s, signature %s%s%s\n",
		v->committer ? v->committer : "?", v->pusher ? v->pusher : "unknown", sig_name(v), v->signer ? " by " : "",
		v->signer ? v->signer : "");
}

/*
 * Every entry by time, at the same time records in path order, each in
 * history order: the runs (each sorted) merged through a heap of their
 * next entries, least first, at the same time the first run first.
 */
struct merge_key {
	long long time;		/* of the run's next entry */
	size_t run;
};

struct audit_merge {
	const handoff_audit *a;
	struct merge_key *heap;	/* runs not done, by their next entry */
	size_t *at;		/* each run's next entry */
	size_t n;
};

static int merge_before(const struct merge_key *x, const struct merge_key *y)
{
	return x->time != y->time ? x->time < y->time : x->run < y->run;
}

static void merge_down(struct audit_merge *m, size_t i)
{
	struct merge_key top = m->heap[i];
	size_t c;

	for (; (c = 2 * i + 1) < m->n; i = c) {
		if (c + 1 < m->n && merge_before(&m->heap[c + 1], &m->heap[c]))
			c++;
		if (!merge_before(&m->heap[c], &top))
			break;
		m->heap[i] = m->heap[c];
	}
	m->heap[i] = top;
}

static struct merge_key merge_key(const struct audit_merge *m, size_t run)
{
	struct merge_key k = { m->a->runs[run].v[m->at[run]].v->time, run };

	return k;
}

static int merge_open(struct audit_merge *m, const handoff_audit *a)
{
	size_t i;

	m->a = a;
	m->n = 0;
	m->heap = malloc((a->nruns + 1) * sizeof(*m->heap));
	m->at = calloc(a->nruns + 1, sizeof(*m->at));
	if (!m->heap || !m->at) {
		free(m->heap);
		free(m->at);
		m->heap = NULL;
		m->at = NULL;
		return handoff__error_oom();
	}
	for (i = 0; i < a->nruns; i++)
		if (a->runs[i].n)
			m->heap[m->n++] = merge_key(m, i);
	for (i = m->n / 2; i-- > 0; )
		merge_down(m, i);
	return 0;
}

/* The next entry, or NULL after the last. */
static const struct audit_entry *merge_next(struct audit_merge *m)
{
	const struct audit_entry *e;
	size_t r;

	if (!m->n)
		return NULL;
	r = m->heap[0].run;
	e = &m->a->runs[r].v[m->at[r]++];
	if (m->at[r] == m->a->runs[r].n)
		m->heap[0] = m->heap[--m->n];
	else if (m->a->runs[r].v[m->at[r]].v == e->v)
		return e;	/* the same version's next change: first still */
	else
		m->heap[0] = merge_key(m, r);
	if (m->n)
		merge_down(m, 0);
	return e;
}

static void merge_close(struct audit_merge *m)
{
	free(m->heap);
	free(m->at);
}

/*
 * The output is handed on in pieces of about OUT_PIECE bytes: an audit of
 * a long history is hundreds of megabytes, never held whole.
 */
#define OUT_PIECE (64u << 10)

struct out_stream {
	handoff_buf b;
	handoff_write_cb write;
	void *payload;
	int err;
};

/* What the buffer holds, handed on once it is full, or now (`all`). */
static int out_flush(struct out_stream *o, int all)
{
	if (!o->err)
		o->err = handoff__buf_hand_on(&o->b, all ? 0 : OUT_PIECE, o->write,
			o->payload);
	return o->err;
}

static void audit_json(struct out_stream *o, struct audit_merge *m, const handoff_audit *a)
{
	struct version_json j = { NULL, HANDOFF_BUF_INIT, HANDOFF_BUF_INIT };
	const struct audit_entry *e;
	size_t i;

	handoff__buf_puts(&o->b, "{\"version\":1");
	handoff__receipts_clock_json(&o->b, a->receipts, a->times, "committer");
	handoff__buf_puts(&o->b, ",\"changes\":[");
	for (i = 0; !out_flush(o, 0) && (e = merge_next(m)); i++) {
		handoff__buf_puts(&o->b, i ? "," : "");
		entry_json(&o->b, &j, e);
	}
	handoff_buf_dispose(&j.head);
	handoff_buf_dispose(&j.tail);
	handoff__buf_puts(&o->b, "],\"signals\":[");
	for (i = 0; i < a->ns && !out_flush(o, 0); i++) {
		handoff__buf_puts(&o->b, i ? "," : "");
		signal_json(&o->b, &a->s[i]);
	}
	handoff__buf_puts(&o->b, "],\"warnings\":[");
	for (i = 0; i < a->nnotes; i++) {
		handoff__buf_puts(&o->b, i ? "," : "");
		handoff__out_json_str(&o->b, a->notes[i]);
	}
	handoff__buf_puts(&o->b, "]}\n");
}

static void audit_csv(struct out_stream *o, struct audit_merge *m)
{
	const struct audit_entry *e;

	handoff__buf_puts(&o->b, "time,path,commit,author,email,role,pointer,op,old,new,"
		"after_acceptance,authorised,reason,committer,pusher,signature,signer\r\n");
	while (!out_flush(o, 0) && (e = merge_next(m)))
		entry_csv(&o->b, e);
}

static void audit_text(struct out_stream *o, struct audit_merge *m, const handoff_audit *a,
	int color)
{
	const char *red = color ? "\033[31m" : "", *reset = color ? "\033[m" : "";
	const struct audit_entry *e;
	handoff_buf *b = &o->b;
	char clock[128];
	size_t i;

	while (!out_flush(o, 0) && (e = merge_next(m)))
		entry_text(b, e, color);
	for (i = 0; i < a->ns; i++) {
		const struct audit_signal *s = &a->s[i];

		handoff__buf_printf(b, "%ssignal%s %s: %s%s%s [%s]\n",
			s->ack_reason || s->info ? "" : red, s->ack_reason || s->info ? "" : reset,
			s->type,
			s->path ? s->path : "", s->path ? ": " : "", s->message, s->id);
		if (s->ack_reason)
			handoff__buf_printf(b, "    acknowledged by %s at %s: %s\n",
				s->ack_by ? s->ack_by : "?", s->ack_at ? s->ack_at : "?",
				s->ack_reason);
	}
	for (i = 0; i < a->nnotes; i++)
		handoff__buf_printf(b, "warning: %s\n", a->notes[i]);
	handoff__receipts_clock_label(clock, sizeof(clock), a->receipts,
		a->times, "committer");
	handoff__buf_printf(b, "clock: %s\n", clock);
	handoff__buf_printf(b, "%zu material change%s, %zu after acceptance, %zu not "
		"authorised; %zu tamper signal%s", a->n, a->n == 1 ? "" : "s", a->after,
		a->unauthorised, a->ns, a->ns == 1 ? "" : "s");
	if (a->acked)
		handoff__buf_printf(b, ", %zu acknowledged", a->acked);
	handoff__buf_puts(b, "\n");
}

/* An append that failed midway is an error, never a text with a piece missing. */
int handoff_audit_write(const handoff_audit *a, handoff_format format, int color,
	handoff_write_cb write, void *payload)
{
	struct out_stream o = { HANDOFF_BUF_INIT, write, payload, 0 };
	struct audit_merge m;

	if (format != HANDOFF_FORMAT_JSON && format != HANDOFF_FORMAT_CSV &&
	    format != HANDOFF_FORMAT_TEXT)
		return handoff__error_set(HANDOFF_ERROR_INVALID,
			"audit is written as text, json or csv"), HANDOFF_EINVALID;
	if (merge_open(&m, a) < 0)
		return HANDOFF_ERROR;
	if (format == HANDOFF_FORMAT_JSON)
		audit_json(&o, &m, a);
	else if (format == HANDOFF_FORMAT_CSV)
		audit_csv(&o, &m);
	else
		audit_text(&o, &m, a, color);
	merge_close(&m);
	out_flush(&o, 1);
	handoff_buf_dispose(&o.b);
	return o.err;
}
