/*
 * Events from a record's versions (see events.h).
 */
#include "events.h"
#include "format.h"
#include "message.h"
#include "record.h"
#include "semdiff.h"
#include "source.h"
#include "validate.h"

const char *handoff__event_type_name(enum event_type t)
{
	static const char *const names[] = { "appeared", "valid", "set",
		"changed", "ticked", "unticked", "acceptance", "deleted" };

	return (size_t)t < ARRAY_SIZE(names) ? names[t] : "unknown";
}

static struct event *add(struct event_list *l, enum event_type type,
	const char *pointer, const char *old_json, const char *new_json,
	size_t version)
{
	struct event *e;

	if (l->n == l->alloc) {
		size_t n = l->alloc ? l->alloc * 2 : 16;
		struct event *v = realloc(l->v, n * sizeof(*v));

		if (!v) {
			handoff__error_oom();
			return NULL;
		}
		l->v = v;
		l->alloc = n;
	}
	e = &l->v[l->n];
	memset(e, 0, sizeof(*e));
	e->type = type;
	e->version = version;
	e->pointer = handoff__strdup(pointer);
	e->old_json = old_json ? handoff__strdup(old_json) : NULL;
	e->new_json = new_json ? handoff__strdup(new_json) : NULL;
	l->n++;
	if (!e->pointer || (old_json && !e->old_json) || (new_json && !e->new_json))
		return NULL;
	return e;
}

void handoff__event_list_release(struct event_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].pointer);
		free(l->v[i].old_json);
		free(l->v[i].new_json);
		free(l->v[i].reasons);
	}
	free(l->v);
	free(l->backfill);
	l->backfill = NULL;
	l->v = NULL;
	l->n = l->alloc = 0;
}

static int is_empty_json(const char *json)
{
	return !json || !strcmp(json, "null") || !strcmp(json, "\"\"") ||
		!strcmp(json, "[]") || !strcmp(json, "{}");
}

/*
 * The moment a date claims, at its latest: a date alone is the end of
 * its day in UTC. `s` is a JSON string or a checklist item's "(date)".
 */
static int claimed_time(const char *s, size_t len, long long *out)
{
	int date_only;

	if (!handoff__format_parse_time(s, len, out, &date_only))
		return 0;
	if (date_only)
		*out += 86399;
	return 1;
}

static void check_claim(struct event *e, const char *s, size_t len,
	const struct version *v, double tolerance)
{
	long long claimed;

	if (claimed_time(s, len, &claimed) &&
	    (double)claimed + tolerance < (double)v->commit_time) {
		e->backdated = 1;
		e->claimed = claimed;
	}
}

/* The date typed after a checklist item: "Sent (2026-11-03)". */
static void check_item_claim(struct event *e, const struct record *rec,
	const struct kind *kind, const struct version *v, double tolerance)
{
	size_t i;

	for (i = 0; i < rec->ntasks; i++) {
		const struct task *t = &rec->tasks[i];
		handoff_buf ptr = HANDOFF_BUF_INIT;
		size_t n;
		int same;

		if (!t->checked)	/* cheaper than its name, and as final */
			continue;
		n = handoff__kind_item_text_length(t->text, t->len);
		same = handoff__semdiff_item_pointer(&ptr, kind, rec, i) == 0 &&
			!strcmp(ptr.ptr, e->pointer);
		handoff_buf_dispose(&ptr);
		if (!same)
			continue;
		while (n < t->len && t->text[n] != '(')
			n++;
		if (t->len >= n + 12)
			check_claim(e, t->text + n + 1, 10, v, tolerance);
		return;
	}
}

static int is_claim(const struct kind *kind, const char *pointer)
{
	size_t i;

	for (i = 0; kind && i < kind->nclaims; i++)
		if (!strcmp(kind->claims[i], pointer))
			return 1;
	return 0;
}

/* The codes of the record's /acceptance/reasons, "a,b", into the decision. */
static int reasons_of(struct event *e, const struct record *rec)
{
	const struct node *r = handoff__node_at(handoff__record_front(rec),
		"/acceptance/reasons");
	handoff_buf b = HANDOFF_BUF_INIT;
	size_t i;

	for (i = 0; r && r->type == NODE_SEQ && i < r->n; i++)
		if (r->items[i]->type == NODE_STRING && r->items[i]->len &&
		    handoff__buf_printf(&b, "%s%s", b.size ? "," : "",
			r->items[i]->str) < 0)
			return HANDOFF_ERROR;
	e->reasons = b.ptr;
	return 0;
}

static int from_change(struct event_list *out, const struct change *c,
	size_t version, const struct version *v, const struct record *rec,
	const struct kind *kind, double tolerance)
{
	struct event *e;
	int ticked = c->new_json && !strcmp(c->new_json, "true");

	if (!strncmp(c->pointer, "/checklist/", 11)) {
		if (c->op == HANDOFF_CHANGE_REMOVE || (!ticked && c->op == HANDOFF_CHANGE_ADD))
			return 0;
		if (!(e = add(out, ticked ? EVENT_TICKED : EVENT_UNTICKED, c->pointer,
		    c->old_json, c->new_json, version)))
			return HANDOFF_ERROR;
		if (ticked)
			check_item_claim(e, rec, kind, v, tolerance);
		return 0;
	}
	if (!strncmp(c->pointer, "/body/", 6) || (c->op == HANDOFF_CHANGE_ADD &&
	    is_empty_json(c->new_json)))
		return 0;
	if (!(e = add(out, c->op != HANDOFF_CHANGE_REMOVE && is_empty_json(c->old_json) ?
	    EVENT_SET : EVENT_CHANGED, c->pointer, c->old_json, c->new_json,
	    version)))
		return HANDOFF_ERROR;
	if (c->new_json && c->new_json[0] == '"' && is_claim(kind, c->pointer))
		check_claim(e, c->new_json + 1, strlen(c->new_json) - 2, v, tolerance);
	if (!strcmp(c->pointer, "/acceptance/status") &&
	    (!(e = add(out, EVENT_ACCEPTANCE, c->pointer, c->old_json, c->new_json,
	    version)) || reasons_of(e, rec) < 0))
		return HANDOFF_ERROR;
	return 0;
}

/* The Handoff-Backfill trailer of version `v`'s commit, or NULL. */
static char *backfill_of(git_repository *git, const struct version *v)
{
	git_commit *c = NULL;
	const char *msg;
	char *why = NULL;

	if (v->flags & VERSION_WORKTREE || git_commit_lookup(&c, git, &v->commit) < 0)
		return NULL;
	if ((msg = git_commit_message_raw(c)))
		why = handoff__message_trailer(msg, strlen(msg), TRAILER_BACKFILL, 0);
	git_commit_free(c);
	return why;
}

/* A backfill's claims are the real dates: trusted, not backdated. */
static void trust_claims(struct event_list *out, size_t from)
{
	size_t i;

	for (i = from; i < out->n; i++)
		if (out->v[i].backdated) {
			out->v[i].backdated = 0;
			out->v[i].trusted = 1;
		}
}

struct walk {
	struct source *src;
	const struct record_history *rh;
	struct record_cache *cache;
	events_version_cb cb;
	void *payload;
};

/*
 * Version i handed to the caller, with `leaves`, the changes from `prev`
 * (the last version that existed) that make its events: one diff for
 * both when prev is the record in the commit's first parent.
 */
static int hand_on(struct walk *w, struct change_list *leaves, size_t i,
	const struct record *before, const struct record *prev,
	const struct record *cur, const struct kind *kind)
{
	const struct version *v = &w->rh->v[i];
	struct events_version ev = { i, v, before, cur, kind, NULL };
	struct change_list whole = CHANGE_LIST_INIT;
	struct record *loaded = NULL;
	int err = 0;

	if (!before || !i || !git_oid_equal(&w->rh->v[i - 1].blob, &v->parent_blob)) {
		err = handoff__record_cache_load(&loaded, w->cache,
			handoff__source_git(w->src), &v->parent_blob, v->path);
		ev.base = loaded;
	}
	if (!err && !cur)
		err = handoff__source_kind_of(&ev.kind, w->src, ev.base);
	if (!err && cur && ev.base == prev) {
		err = handoff__semdiff_both(leaves, &whole, kind, prev, cur);
	} else if (!err) {
		err = handoff__semdiff(&whole, ev.kind, ev.base, cur, 0);
		if (!err && cur)
			err = handoff__semdiff(leaves, kind, prev, cur, SEMDIFF_LEAVES);
	}
	ev.changes = &whole;
	if (!err)
		err = w->cb(&ev, w->payload);
	handoff__change_list_release(&whole);
	handoff__record_cache_unpin(w->cache, loaded);
	return err;
}

int handoff__events_walk_with(struct event_list *out, struct source *src,
	const struct record_history *rh, double tolerance,
	struct record_cache *cache, events_version_cb cb, void *payload)
{
	struct record_cache own = RECORD_CACHE_INIT;
	struct walk w = { src, rh, cache ? cache : &own, cb, payload };
	struct record *prev = NULL, *cur = NULL;
	size_t i, j, first;
	int err = 0, seen_valid = 0, exists = 0, valid;

	for (i = 0; !err && i < rh->n; i++) {
		struct change_list leaves = CHANGE_LIST_INIT;
		const struct kind *kind = NULL;

		if ((err = handoff__record_cache_load(&cur, w.cache, handoff__source_git(src),
		    &rh->v[i].blob, rh->v[i].path)) < 0)
			break;
		if (cur && (err = handoff__source_kind_of(&kind, src, cur)) < 0)
			break;
		if (cb)
			err = hand_on(&w, &leaves, i, exists ? prev : NULL, prev, cur, kind);
		else if (cur)
			err = handoff__semdiff(&leaves, kind, prev, cur, SEMDIFF_LEAVES);
		if (err < 0 || !cur) {
			handoff__change_list_release(&leaves);
			if (!err && exists && !add(out, EVENT_DELETED, "", NULL, NULL, i))
				err = HANDOFF_ERROR;
			exists = 0;
			continue;
		}
		if (!exists && !add(out, EVENT_APPEARED, "", NULL, NULL, i)) {
			handoff__change_list_release(&leaves);
			err = HANDOFF_ERROR;
			break;
		}
		first = out->n;
		if (i == 0)
			out->backfill = backfill_of(handoff__source_git(src), &rh->v[0]);
		exists = 1;
		/* against the last version that existed: a record deleted and
		   re-created continues its history, only what changed is an event */
		for (j = 0; !err && j < leaves.n; j++)
			err = from_change(out, &leaves.v[j], i, &rh->v[i], cur, kind, tolerance);
		handoff__change_list_release(&leaves);
		if (!err && i == 0 && out->backfill)
			trust_claims(out, first);
		/* validation alters what it reads: the walk's own copy */
		if (!err && !seen_valid && (err = handoff__record_cache_own(&cur, w.cache,
		    handoff__source_git(src), &rh->v[i].blob)) == 0 &&
		    (err = handoff__validate_record_ok(src, cur, &valid)) == 0 && valid) {
			seen_valid = 1;
			if (!add(out, EVENT_VALID, "", NULL, NULL, i))
				err = HANDOFF_ERROR;
		}
		handoff__record_cache_unpin(w.cache, prev);
		prev = cur;
		cur = NULL;
	}
	handoff__record_cache_unpin(w.cache, prev);
	handoff__record_cache_unpin(w.cache, cur);
	handoff__record_cache_release(&own);
	return err;
}

int handoff__events_walk(struct event_list *out, struct source *src,
	const struct record_history *rh, double tolerance, events_version_cb cb,
	void *payload)
{
	return handoff__events_walk_with(out, src, rh, tolerance, NULL, cb, payload);
}

int handoff__events_of(struct event_list *out, struct source *src,
	const struct record_history *rh, double tolerance)
{
	return handoff__events_walk(out, src, rh, tolerance, NULL, NULL);
}
