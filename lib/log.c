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
#include "repo.h"
#include "semdiff.h"

static void fill_change(handoff_change *hc, const struct version *v, char *hex,
	int author_time)
{
	memset(hc, 0, sizeof(*hc));
	git_oid_tostr(hex, GIT_OID_HEXSZ + 1, &v->commit);
	hc->path = v->path;
	hc->commit = hex;
	hc->author = v->author_name;
	hc->email = v->author_email;
	hc->time = author_time ? v->author_time : v->commit_time;
	hc->offset = author_time ? v->author_offset : v->commit_offset;
}

static int add_changes(handoff_changes *out, const struct change_list *cl,
	const struct version *v, int author_time)
{
	char hex[GIT_OID_HEXSZ + 1];
	size_t i;
	int err = 0;

	for (i = 0; !err && i < cl->n; i++) {
		const struct change *c = &cl->v[i];
		handoff_change hc;

		fill_change(&hc, v, hex, author_time);
		hc.pointer = c->pointer;
		hc.op = c->op;
		hc.old_json = c->old_json;
		hc.new_json = c->new_json;
		hc.material = c->material;
		err = changes_add(out, &hc);
	}
	return err;
}

/* A warning for each date the record claims that its history contradicts. */
static int note_backdated(handoff_changes *out, struct source *src,
	const struct record_history *rh)
{
	struct event_list ev = EVENT_LIST_INIT;
	size_t i;
	int err = events_of(&ev, src, rh, src->config->backdate_tolerance);

	for (i = 0; !err && i < ev.n; i++) {
		const struct event *e = &ev.v[i];
		const struct version *v = &rh->v[e->version];
		char claimed[40], when[40], hex[GIT_OID_HEXSZ + 1];
		char *note;

		if (!e->backdated)
			continue;
		format_iso_time(claimed, sizeof(claimed), e->claimed, 0);
		format_iso_time(when, sizeof(when), v->commit_time, v->commit_offset);
		git_oid_tostr(hex, 8, &v->commit);
		note = handoff__asprintf("%s: %s is backdated: it claims %s, "
			"%.0f h before commit %s (%s, %s) first recorded it",
			v->path, e->pointer, claimed,
			(double)(v->commit_time - e->claimed) / 3600, hex,
			v->author_name, when);
		err = note ? changes_note(out, note) : HANDOFF_ERROR;
		free(note);
	}
	event_list_release(&ev);
	return err;
}

/*
 * Every change of the record at `path`, oldest first, and its newest
 * version (for blame) in *last if asked for.
 */
static int record_changes(handoff_changes *out, struct source *src,
	const char *path, const handoff_history_options *opts,
	struct record **last)
{
	struct history_options ho = HISTORY_OPTIONS_INIT;
	struct history *h = NULL;
	const struct record_history *rh = NULL;
	struct record *prev = NULL, *cur = NULL;
	const struct kind *kind;
	char *rel;
	size_t i;
	int err;

	if (!(rel = repo_relative_path(src->repo, path)))
		return handoff__error_set(HANDOFF_ERROR_GIT,
			"'%s' is outside the repository", path), HANDOFF_ENOTFOUND;
	ho.rev = opts->rev;
	ho.first_parent = opts->first_parent;
	ho.config = src->config;
	ho.paths = (const char *const *)&rel;
	ho.npaths = 1;
	if ((err = history_walk(&h, src->repo->git, &ho)) < 0)
		goto done;
	for (i = 0; !err && i < h->nnotes; i++)
		err = changes_note(out, h->notes[i]);
	if (!err && h->clock_skew)
		err = changes_note(out, "a commit's committer date is older than its "
			"parent's: the history's dates may have been set by hand");
	if (!err && !(rh = history_find(h, rel))) {
		handoff__error_set(HANDOFF_ERROR_GIT, "no commit holds a record at '%s'", rel);
		err = HANDOFF_ENOTFOUND;
		goto done;
	}
	for (i = 0; !err && i < rh->n; i++) {
		const struct version *v = &rh->v[i];
		struct change_list cl = CHANGE_LIST_INIT;
		struct record *base = NULL, *loaded = NULL;

		/* against the record in the commit's first parent, which is
		   usually the version before, unless branches interleave */
		if (prev && i && git_oid_equal(&rh->v[i - 1].blob, &v->parent_blob))
			base = prev;
		else if ((err = history_load(&loaded, src->repo->git,
		    &v->parent_blob, v->path)) < 0)
			break;
		else
			base = loaded;
		if ((err = history_load(&cur, src->repo->git, &v->blob, v->path)) == 0 &&
		    (err = source_kind_of(&kind, src, cur ? cur : base)) == 0)
			err = semdiff(&cl, kind, base, cur, 0);
		if (!err)
			err = add_changes(out, &cl, v, opts->author_time);
		change_list_release(&cl);
		record_free(loaded);
		record_free(prev);
		prev = cur;
		cur = NULL;
	}
	if (!err)
		err = note_backdated(out, src, rh);
	if (!err && last) {
		*last = prev;
		prev = NULL;
	}
done:
	record_free(prev);
	history_free(h);
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
	if ((err = source_open(&src, repo, HANDOFF_SOURCE_WORKTREE, NULL)) < 0) {
		source_release(&src);
		return err;
	}
	if ((err = changes_new(&list)) == 0 &&
	    (err = record_changes(list, &src, path, opts ? opts : &defaults, NULL)) == 0)
		changes_sort_newest_first(list);
	source_release(&src);
	if (err < 0) {
		handoff_changes_free(list);
		return err;
	}
	*out = list;
	return 0;
}

/*
 * The last change that set `pointer`: at it or above it (a whole item
 * added), or below it (an item of a now empty list removed).
 */
static int blame_one(handoff_changes *out, const handoff_changes *history,
	const struct change *leaf)
{
	const handoff_change *last = NULL;
	handoff_change hc;
	size_t i;

	for (i = 0; i < history->n; i++) {
		const handoff_change *c = &history->v[i];

		if ((c->op != HANDOFF_CHANGE_REMOVE &&
		     pointer_covers(c->pointer, leaf->pointer)) ||
		    pointer_covers(leaf->pointer, c->pointer))
			last = c;
	}
	if (!last)
		return 0;
	hc = *last;
	hc.op = last->op == HANDOFF_CHANGE_REMOVE ? HANDOFF_CHANGE_CHANGE : last->op;
	hc.pointer = leaf->pointer;
	hc.old_json = NULL;
	hc.new_json = leaf->new_json;
	hc.material = leaf->material;
	return changes_add(out, &hc);
}

int handoff_blame(handoff_changes **out, handoff_repo *repo, const char *path,
	const handoff_history_options *opts)
{
	static const handoff_history_options defaults = HANDOFF_HISTORY_OPTIONS_INIT;
	handoff_changes *history = NULL, *list = NULL;
	struct change_list leaves = CHANGE_LIST_INIT;
	struct record *last = NULL;
	const struct kind *kind;
	struct source src;
	size_t i;
	int err;

	*out = NULL;
	if ((err = source_open(&src, repo, HANDOFF_SOURCE_WORKTREE, NULL)) < 0) {
		source_release(&src);
		return err;
	}
	if ((err = changes_new(&history)) < 0 || (err = changes_new(&list)) < 0 ||
	    (err = record_changes(history, &src, path, opts ? opts : &defaults,
	    &last)) < 0)
		goto done;
	for (i = 0; !err && i < history->nnotes; i++)
		err = changes_note(list, history->notes[i]);
	if (!last) {
		handoff__error_set(HANDOFF_ERROR_GIT, "'%s' is deleted at %s", path,
			opts && opts->rev ? opts->rev : "HEAD");
		err = HANDOFF_ENOTFOUND;
		goto done;
	}
	/* every leaf of the newest version, with its value */
	if (!err && (err = source_kind_of(&kind, &src, last)) == 0)
		err = semdiff(&leaves, kind, NULL, last, SEMDIFF_LEAVES);
	for (i = 0; !err && i < leaves.n; i++)
		err = blame_one(list, history, &leaves.v[i]);
done:
	change_list_release(&leaves);
	record_free(last);
	handoff_changes_free(history);
	source_release(&src);
	if (err < 0) {
		handoff_changes_free(list);
		return err;
	}
	*out = list;
	return 0;
}
