/*
 * The assessing run over a repository (handoff_assess, assess.h): the
 * history walked, each record measured on every processor (assess.c
 * measures one), answers the assessment cache holds for the same
 * versions taken from it, and the cache written again.
 */
#include "acks.h"
#include "assess.h"
#include "cache.h"
#include "clock.h"
#include "history.h"
#include "pool.h"
#include "receipts.h"
#include "record.h"
#include "source.h"

/* ---- the whole repository -------------------------------------------- */

/*
 * Every record measured on every processor, each into its own part,
 * the parts then put together in the history's order.
 */
struct measures {
	handoff_assessments *parts;
	unsigned char *known;		/* parts[i] came from the cache */
	struct source *src;
	const struct tz *tz;
	const struct history *h;
	int author_time;
};

static int measure_one(size_t i, void *unused, void *payload)
{
	struct measures *m = payload;

	(void)unused;
	return m->known[i] ? 0 : handoff__assess_record(&m->parts[i], m->src, m->tz,
		&m->h->records[i], m->author_time);
}

static int measure_enter(void **state, void *payload)
{
	return handoff__source_git_enter(state, ((struct measures *)payload)->src);
}

static void measure_leave(void *state, void *payload)
{
	(void)payload;
	handoff__source_git_leave(state);
}

/* Part i's assessments and notes, moved to the end of `out`. */
static int take_part(handoff_assessments *out, handoff_assessments *part)
{
	size_t i;
	int err = 0;

	for (i = 0; !err && i < part->n; i++) {
		struct assessment *as = handoff__assessments_add(out);

		if (!as)
			return HANDOFF_ERROR;
		*as = part->v[i];
		memset(&part->v[i], 0, sizeof(part->v[i]));
	}
	out->times += part->times;
	out->receipts += part->receipts;
	for (i = 0; !err && i < part->nnotes; i++)
		err = handoff__assessments_note(out, part->notes[i]);
	return err;
}

static void *find(void *cache, const char *digest)
{
	return handoff__cache_find(cache, digest);
}

static void release(void *cache)
{
	handoff__cache_release(cache);
}

/*
 * Each record's answer from the cache when its versions are those it
 * was measured on, else measured; then the cache written again (when
 * keyed) with every record's answer, `out` holding the walk's notes.
 */
static int measure_all(handoff_assessments *out, struct source *src,
	const struct tz *tz, struct history *h, int author_time,
	const char *key, const char *tip, int worktree)
{
	static const struct pool_ops ops = { measure_one, measure_enter, measure_leave };
	static const struct pool_ops here = { measure_one, NULL, NULL };
	pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	struct measures m = { NULL, NULL, src, tz, h, author_time };
	char (*digests)[CACHE_DIGEST_SIZE] = NULL;
	struct assess_cache cache;
	struct cache_reader old;
	size_t i;
	int err, miss;

	/* read after the walk: the two caches are never in memory at once */
	memset(&old, 0, sizeof(old));
	miss = key ? handoff__cache_read(&cache, &old, src->repo, key, NULL) : HANDOFF_ENOTFOUND;
	if (miss < 0 && miss != HANDOFF_ENOTFOUND)
		return miss;

	err = handoff__cache_run_start((void **)&m.parts, &m.known, &digests, h->records,
		h->n, sizeof(*m.parts), key != NULL, miss ? NULL : &cache, find, release);
	if (!err) {
		src->lock = &lock;
		/* a work tree's blobs are in memory in the one repository: here alone */
		err = worktree ? handoff__pool_run(h->n, h->n + 1, &here, &m) :
			handoff__pool_run(h->n, 16, &ops, &m);
		src->lock = NULL;
	}
	/* the walk's cache first: one cache file is written at a time */
	if (!err)
		handoff__history_keep(h);
	if (!err && key && handoff__cache_write(src->repo, key, tip, out, m.parts,
	    (const char (*)[CACHE_DIGEST_SIZE])digests, h->n, &old) < 0)
		git_error_clear();	/* a cache that cannot be written is no error */
	handoff__cache_reader_close(&old);
	for (i = 0; m.parts && i < h->n; i++) {
		if (!err)
			err = take_part(out, &m.parts[i]);
		handoff__assessments_release(&m.parts[i]);
	}
	free(m.parts);
	free(m.known);
	free(digests);
	return err;
}

/* The whole answer the cache holds, moved to `out` in its order. */
static int cached_answer(handoff_assessments *out, struct assess_cache *c)
{
	size_t i;
	int err = take_part(out, &c->head);

	for (i = 0; !err && i < c->n; i++)
		err = take_part(out, &c->v[i].part);
	return err;
}

static const char *clock_name(const handoff_assess_options *o)
{
	return o->author_time ? "author" : o->first_parent ? "first-parent" : "committer";
}

/*
 * The short name of the branch `rev` (NULL: HEAD) names, for a link's
 * {branch}; NULL for a tag, a commit or a detached HEAD.
 */
/*
 * The people's names, kept beside the assessments but not cached with
 * them: the report shows a person by name, and a name is not a figure.
 */
static int copy_names(handoff_assessments *a, const struct config *cfg)
{
	size_t i, j, n = 0;

	if (!cfg->npeople)
		return 0;
	for (i = 0; i < cfg->npeople; i++)
		n += 1 + cfg->people[i].nemails;
	if (!(a->names = calloc(2 * n, sizeof(*a->names))))
		return handoff__error_oom();
	for (i = 0; i < cfg->npeople; i++) {
		const struct person *p = &cfg->people[i];

		for (j = 0; p->name && j <= p->nemails; j++) {
			if (!(a->names[2 * a->nnames] = handoff__strdup(j ? p->emails[j - 1] : p->email)) ||
			    !(a->names[2 * a->nnames + 1] = handoff__strdup(p->name))) {
				free(a->names[2 * a->nnames]);
				return HANDOFF_ERROR;
			}
			a->nnames++;
		}
	}
	return 0;
}

static char *branch_of(git_repository *git, const char *rev)
{
	git_reference *ref = NULL, *target = NULL;
	char *name = NULL;

	if (!rev || !strcmp(rev, "HEAD")) {
		if (git_repository_head(&ref, git) < 0)
			ref = NULL;
	} else if (git_reference_dwim(&ref, git, rev) < 0) {
		ref = NULL;
	}
	if (ref && git_reference_type(ref) == GIT_REFERENCE_SYMBOLIC &&
	    git_reference_resolve(&target, ref) == 0) {
		git_reference_free(ref);
		ref = target;
	}
	if (ref && git_reference_is_branch(ref))
		name = handoff__strdup(git_reference_shorthand(ref));
	git_reference_free(ref);
	git_error_clear();
	return name;
}

/*
 * The server's receipts over the history's times (receipts.h), loaded
 * for this run only: what the history walk keeps is the commits' own.
 */
static int time_by_receipts(handoff_assessments *out, struct source *src,
	struct history *h, int first_parent)
{
	struct receipts *r = NULL;
	struct receipts_use use;
	size_t i;
	int err;

	if ((err = handoff__receipts_load(&r, src->repo->git)) < 0)
		return err;
	err = handoff__receipts_apply(&use, h, r, src->repo->git,
		src->config->backdate_tolerance, first_parent);
	out->times = use.times;
	out->receipts = use.receipts;
	for (i = 0; !err && i < use.nsignals; i++) {
		char *m = handoff__receipts_signal_message(&use.signals[i]);
		char *note = m ? handoff__asprintf("%s: %s%s", use.signals[i].path, m,
			use.signals[i].future ? " (future-dated)" : " (backdated commit)") : NULL;

		err = note ? handoff__assessments_note(out, note) : HANDOFF_ERROR;
		free(note);
		free(m);
	}
	handoff__receipts_use_release(&use);
	handoff__receipts_free(r);
	return err;
}

/*
 * A warning of a signal ops acknowledged (`git handoff ack`) is not
 * repeated: the notes ending in "[signal <id>]" of an acknowledged id go.
 */
static int drop_acked(handoff_assessments *a, const struct source *src)
{
	struct acks acks;
	size_t i, n = 0;
	int err = handoff__acks_read(&acks, src);

	for (i = 0; !err && i < a->nnotes; i++) {
		const char *tag = strstr(a->notes[i], " [signal ");
		char id[64];
		size_t len = tag ? strcspn(tag + 9, "]") : 0;

		if (tag && len < sizeof(id)) {
			memcpy(id, tag + 9, len);
			id[len] = '\0';
			if (handoff__acks_find(&acks, id)) {
				free(a->notes[i]);
				continue;
			}
		}
		a->notes[n++] = a->notes[i];
	}
	if (!err)
		a->nnotes = n;
	handoff__acks_release(&acks);
	return err;
}

/* The named records, else every one, as they stand in the work tree. */
static int add_worktree(struct history *h, const handoff_repo *repo, char **rel,
	size_t nrel)
{
	const char **all;
	size_t i, n;
	int err;

	if (nrel)
		return handoff__history_add_worktree(h, repo, (const char *const *)rel, nrel);
	if (!h->n)
		return 0;
	if (!(all = calloc(h->n, sizeof(*all))))
		return handoff__error_oom();
	for (i = n = 0; i < h->n; i++)
		if (!(h->records[i].v[h->records[i].n - 1].flags & VERSION_DELETED))
			all[n++] = h->records[i].path;
	err = handoff__history_add_worktree(h, repo, all, n);
	free(all);
	return err;
}

static int walk(handoff_assessments *out, struct source *src,
	const handoff_assess_options *opts, char **rel, size_t nrel,
	const char *key, const char *tip)
{
	struct history_options ho = HISTORY_OPTIONS_INIT;
	struct history *h = NULL;
	struct tz *tz = NULL;
	size_t i;
	int err;

	ho.rev = opts->rev;
	ho.first_parent = opts->first_parent;
	ho.config = src->config;
	ho.paths = (const char *const *)rel;
	ho.npaths = nrel;
	ho.no_cache = opts->no_cache;
	if ((err = handoff__tz_load(&tz, src->config->timezone)) < 0 ||
	    (err = handoff__history_walk(&h, src->repo->git, &ho)) < 0 ||
	    (err = time_by_receipts(out, src, h, opts->first_parent)) < 0 ||
	    (opts->worktree && (err = add_worktree(h, src->repo, rel, nrel)) < 0))
		goto done;
	for (i = 0; !err && i < h->nnotes; i++)
		err = handoff__assessments_note(out, h->notes[i]);
	for (i = 0; !err && i < h->nskewed; i++) {
		char id[64], *note;

		handoff__signal_id(id, sizeof(id), "clock", &h->skewed[i]);
		note = handoff__asprintf("a commit's committer date is older than its "
			"parent's: the history's dates may have been set by hand [signal %s]", id);
		err = note ? handoff__assessments_note(out, note) : HANDOFF_ERROR;
		free(note);
	}
	if (!err)
		err = measure_all(out, src, tz, h, opts->author_time, key, tip,
			opts->worktree);
	for (i = 0; !err && i < nrel; i++)
		if (!handoff__history_find(h, rel[i])) {
			handoff__error_set(HANDOFF_ERROR_GIT,
				"no commit holds a record at '%s'",
				rel[i]);
			err = HANDOFF_ENOTFOUND;
		}
done:
	if (!err)
		handoff__history_keep(h);
	handoff__history_free(h);
	handoff__tz_free(tz);
	return err;
}

int handoff_assess(handoff_assessments **out, handoff_repo *repo,
	const handoff_assess_options *opts)
{
	static const handoff_assess_options defaults = HANDOFF_ASSESS_OPTIONS_INIT;
	handoff_assessments *a;
	struct assess_cache cache;
	struct cache_reader file;
	struct source src;
	char **rel = NULL, key[GIT_OID_HEXSZ + 1] = "", *tip = NULL;
	size_t i;
	int err;

	*out = NULL;
	opts = opts ? opts : &defaults;
	if (!repo->git)
		return handoff__error_set(HANDOFF_ERROR_GIT, "not a git repository"),
			HANDOFF_ENOTFOUND;
	if (!(a = calloc(1, sizeof(*a))))
		return handoff__error_oom();
	err = opts->rev ? handoff__source_open(&src, repo, HANDOFF_SOURCE_REV, opts->rev) :
		handoff__source_open(&src, repo, HANDOFF_SOURCE_WORKTREE, NULL);
	if (err < 0) {
		handoff__source_release(&src);	/* a broken config's problems */
		free(a);
		return err;
	}
	if (opts->npaths && !(rel = calloc(opts->npaths, sizeof(*rel))))
		err = handoff__error_oom();
	for (i = 0; !err && i < opts->npaths; i++)
		if (!(rel[i] = handoff__repo_relative_path(repo, opts->paths[i]))) {
			handoff__error_set(HANDOFF_ERROR_GIT,
				"'%s' is outside the repository", opts->paths[i]);
			err = HANDOFF_ENOTFOUND;
		}
	if (!err && (!(a->clock = handoff__strdup(clock_name(opts))) ||
	    !(a->timezone = handoff__strdup(src.config->timezone))))
		err = HANDOFF_ERROR;
	if (!err && !opts->npaths && !opts->no_cache && !opts->worktree)
		err = handoff__cache_key(key, &tip, &src, opts);
	if (!err && *key)
		err = handoff__cache_tip_receipts(&tip, repo->git);
	if (!err && *key && (err = handoff__cache_read(&cache, &file, repo, key, tip)) == 0) {
		handoff__cache_reader_close(&file);
		err = cached_answer(a, &cache);	/* nothing new */
		a->from_cache = 1;
		handoff__cache_release(&cache);
	} else if (!err || err == HANDOFF_ENOTFOUND) {
		err = walk(a, &src, opts, rel, opts->npaths, *key ? key : NULL, tip);
	}
	free(tip);
	if (!err)
		err = drop_acked(a, &src);
	if (!err && src.config->record_url &&
	    !(a->record_url = handoff__strdup(src.config->record_url)))
		err = HANDOFF_ERROR;
	if (!err)
		err = copy_names(a, src.config);
	if (!err)
		a->branch = branch_of(repo->git, opts->rev);
	a->as_of = (long long)time(NULL);
	a->due_soon = (long long)src.config->due_soon;
	handoff__source_release(&src);
	if (rel)
		handoff__free_strings(rel, opts->npaths);
	if (err) {
		handoff_assessments_free(a);
		return err;
	}
	*out = a;
	return 0;
}
