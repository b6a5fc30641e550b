/*
 * log and blame: a record's history as semantic changes. One walk over
 * the history gives the record's versions (following renames); each
 * version is compared with the one before it by the semantic diff, and
 * each change carries the commit, author and time of its version. Dates
 * the record claims that the history contradicts become warnings.
 * blame then names, for every field, list item, section and checklist
 * item of the newest version, the last change that set it.
 */
#include "changes.h"
#include "events.h"
#include "history.h"
#include "record.h"
#include "record_cache.h"
#include "semdiff.h"
#include "source.h"

static void fill_change(handoff_change *hc, const struct version *v, char *hex,
	int author_time)
{
	memset(hc, 0, sizeof(*hc));
	git_oid_tostr(hex, GIT_OID_HEXSZ + 1, &v->commit);
	/* borrowed: publishing copies them */
	hc->path = (char *)v->path;
	hc->commit = hex;
	hc->author = (char *)v->author_name;
	hc->email = (char *)v->author_email;
	hc->time = author_time ? v->author_time : v->commit_time;
	hc->offset = author_time ? v->author_offset : v->commit_offset;
}

static int add_changes(handoff_changes *out, const struct change_list *cl,
	const struct version *v, int author_time)
{
	char hex[GIT_OID_HEXSZ + 1];
	handoff_change hc;

	fill_change(&hc, v, hex, author_time);
	return handoff__change_list_publish(out, cl, &hc);
}

/* A warning for each date the record claims that its history contradicts. */
static int note_backdated(handoff_changes *out, const struct record_history *rh,
	const struct event_list *ev)
{
	size_t i;
	int err = 0;

	for (i = 0; !err && i < ev->n; i++) {
		const struct event *e = &ev->v[i];
		const struct version *v = &rh->v[e->version];
		char claimed[40], when[40], hex[GIT_OID_HEXSZ + 1];
		char *note;

		if (!e->backdated)
			continue;
		handoff__format_iso_time(claimed, sizeof(claimed), e->claimed, 0);
		handoff__format_iso_time(when, sizeof(when), v->commit_time,
			v->commit_offset);
		git_oid_tostr(hex, 8, &v->commit);
		note = handoff__asprintf("%s: %s is backdated: it claims %s, "
			"%.0f h before commit %s (%s, %s) first recorded it",
			v->path, e->pointer, claimed,
			(double)(v->commit_time - e->claimed) / 3600, hex,
			v->author_name, when);
		err = note ? handoff__changes_note(out, note) : HANDOFF_ERROR;
		free(note);
	}
	return err;
}

/*
 * What blame keeps while the versions go by: the leaves of the newest
 * version and, for each, the version of the last change that set it, so
 * that its memory is the record's, whatever the number of versions.
 */
struct blame {
	const char *path;		/* as asked for, for a message */
	struct change_list leaves;
	size_t *by;			/* version + 1 of leaf i's last change; 0: none */
	handoff_change_op *op;
};

/* The leaves of the record's newest version. */
static int blame_start(struct blame *b, struct source *src,
	const struct record_history *rh, const handoff_history_options *opts,
	struct record_cache *versions)
{
	const struct version *v = &rh->v[rh->n - 1];
	struct record *last = NULL;
	const struct kind *kind;
	int err = handoff__record_cache_load(&last, versions, src->repo->git,
		&v->blob, v->path);

	if (!err && !last) {
		handoff__error_set(HANDOFF_ERROR_GIT, "'%s' is deleted at %s", b->path,
			opts->rev ? opts->rev : "HEAD");
		err = HANDOFF_ENOTFOUND;
	}
	if (!err && (err = handoff__source_kind_of(&kind, src, last)) == 0)
		err = handoff__semdiff(&b->leaves, kind, NULL, last, SEMDIFF_LEAVES);
	handoff__record_cache_unpin(versions, last);
	if (!err && (!(b->by = calloc(b->leaves.n + 1, sizeof(*b->by))) ||
	    !(b->op = calloc(b->leaves.n + 1, sizeof(*b->op)))))
		err = handoff__error_oom();
	return err;
}

/*
 * The changes of version `i` against the leaves: the last change that
 * set a leaf is at it or above it (a whole item added), or below it (an
 * item of a now empty list removed).
 */
static void blame_changes(struct blame *b, const struct change_list *cl, size_t i)
{
	size_t j, k;

	for (j = 0; j < cl->n; j++) {
		const struct change *c = &cl->v[j];

		for (k = 0; k < b->leaves.n; k++)
			if ((c->op != HANDOFF_CHANGE_REMOVE &&
			     handoff__pointer_covers(c->pointer, b->leaves.v[k].pointer)) ||
			    handoff__pointer_covers(b->leaves.v[k].pointer, c->pointer)) {
				b->by[k] = i + 1;
				b->op[k] = (handoff_change_op)c->op;
			}
	}
}

/* Each leaf with the change that set it, into `out`. */
static int blame_finish(handoff_changes *out, const struct blame *b,
	const struct record_history *rh, int author_time)
{
	char hex[GIT_OID_HEXSZ + 1];
	size_t k;
	int err = 0;

	for (k = 0; !err && k < b->leaves.n; k++) {
		const struct change *leaf = &b->leaves.v[k];
		handoff_change hc;

		if (!b->by[k])
			continue;
		fill_change(&hc, &rh->v[b->by[k] - 1], hex, author_time);
		hc.op = b->op[k] == HANDOFF_CHANGE_REMOVE ? HANDOFF_CHANGE_CHANGE : b->op[k];
		hc.pointer = leaf->pointer;
		hc.new_json = leaf->new_json;
		hc.material = leaf->material;
		err = handoff__changes_add(out, &hc);
	}
	return err;
}

/*
 * Every change of the record at `path`, oldest first, into `out`; or,
 * for blame (`b`), each leaf of its newest version with the change that
 * set it. One version parsed at a time, besides the one before it.
 */
struct pass {
	handoff_changes *out;
	struct source *src;
	const struct record_history *rh;
	const handoff_history_options *opts;
	struct blame *b;
	struct event_list ev;	/* the events of the versions before */
	struct record_cache versions;	/* the walk's parses, by blob */
};

/* Version i's changes, as the events' pass reads it (events_walk). */
static int version_changes(const struct events_version *ev, void *payload)
{
	struct pass *p = payload;
	/* the versions before have all their events: only the backdated matter */
	int err = note_backdated(p->out, p->rh, &p->ev);

	handoff__event_list_release(&p->ev);
	if (!err && p->b)
		blame_changes(p->b, ev->changes, ev->i);
	else if (!err)
		err = add_changes(p->out, ev->changes, ev->version, p->opts->author_time);
	return err;
}

static int record_changes(handoff_changes *out, struct source *src,
	const char *path, const handoff_history_options *opts, struct blame *b)
{
	struct history_options ho = HISTORY_OPTIONS_INIT;
	struct history *h = NULL;
	struct pass p = { out, src, NULL, opts, b, EVENT_LIST_INIT, RECORD_CACHE_INIT };
	char *rel;
	size_t i;
	int err;

	if (!(rel = handoff__repo_relative_path(src->repo, path)))
		return handoff__error_set(HANDOFF_ERROR_GIT,
			"'%s' is outside the repository", path), HANDOFF_ENOTFOUND;
	ho.rev = opts->rev;
	ho.first_parent = opts->first_parent;
	ho.config = src->config;
	ho.paths = (const char *const *)&rel;
	ho.npaths = 1;
	if ((err = handoff__history_walk(&h, src->repo->git, &ho)) < 0)
		goto done;
	for (i = 0; !err && i < h->nnotes; i++)
		err = handoff__changes_note(out, h->notes[i]);
	if (!err && h->clock_skew)
		err = handoff__changes_note(out,
			"a commit's committer date is older than its "
			"parent's: the history's dates may have been set by hand");
	if (!err && !(p.rh = handoff__history_find(h, rel))) {
		handoff__error_set(HANDOFF_ERROR_GIT,
			"no commit holds a record at '%s'", rel);
		err = HANDOFF_ENOTFOUND;
		goto done;
	}
	if (!err && b)
		err = blame_start(b, src, p.rh, opts, &p.versions);
	/* one read of each version for its changes and its events alike */
	if (!err)
		err = handoff__events_walk_with(&p.ev, src, p.rh,
			src->config->backdate_tolerance,
			&p.versions, version_changes, &p);
	handoff__record_cache_release(&p.versions);
	if (!err)
		err = note_backdated(out, p.rh, &p.ev);
	handoff__event_list_release(&p.ev);
	if (!err && b)
		err = blame_finish(out, b, p.rh, opts->author_time);
done:
	if (!err)
		handoff__history_keep(h);
	handoff__history_free(h);
	free(rel);
	return err;
}

int handoff_log(handoff_changes **out, handoff_repo *repo, const char *path,
	const handoff_history_options *opts)
{
	static const handoff_history_options defaults = HANDOFF_HISTORY_OPTIONS_INIT;
	handoff_changes *list = NULL;
	struct source src;
	int err;

	*out = NULL;
	if ((err = handoff__source_open(&src, repo, HANDOFF_SOURCE_WORKTREE, NULL)) < 0) {
		handoff__source_release(&src);
		return err;
	}
	if ((err = handoff__changes_new(&list)) == 0 &&
	    (err = record_changes(list, &src, path, opts ? opts : &defaults, NULL)) == 0)
		handoff__changes_sort_newest_first(list);
	handoff__source_release(&src);
	if (err < 0) {
		handoff_changes_free(list);
		return err;
	}
	*out = list;
	return 0;
}

int handoff_blame(handoff_changes **out, handoff_repo *repo, const char *path,
	const handoff_history_options *opts)
{
	static const handoff_history_options defaults = HANDOFF_HISTORY_OPTIONS_INIT;
	handoff_changes *list = NULL;
	struct blame b;
	struct source src;
	int err;

	*out = NULL;
	memset(&b, 0, sizeof(b));
	b.path = path;
	if ((err = handoff__source_open(&src, repo, HANDOFF_SOURCE_WORKTREE, NULL)) < 0) {
		handoff__source_release(&src);
		return err;
	}
	if ((err = handoff__changes_new(&list)) == 0)
		err = record_changes(list, &src, path, opts ? opts : &defaults, &b);
	handoff__change_list_release(&b.leaves);
	free(b.by);
	free(b.op);
	handoff__source_release(&src);
	if (err < 0) {
		handoff_changes_free(list);
		return err;
	}
	*out = list;
	return 0;
}
