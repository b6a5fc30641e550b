/*
 * The history walk (see history.h).
 *
 * Three steps. A depth-first walk from the start commit over parent ids
 * lists every reachable commit once, parents before children (post-order,
 * so the order is topological whatever the dates say); it stops at the
 * shallow boundary, which libgit2 1.5.1's revwalk cannot do, and at
 * missing parents. Then each commit's tree is compared with its first
 * parent's by a merge-join of sorted tree entries that skips equal
 * subtrees by id, runs of equal entries by their bytes, and descends
 * only into the records folders; equal root trees cost nothing. These
 * comparisons are independent: a window of commits is compared on every
 * processor, in runs of consecutive commits (a commit's parent tree is
 * the tree read last), each thread with a repository of its own. Last,
 * in order on the walk's thread, each changed record path becomes a
 * version of the record it belongs to, deletions paired with additions
 * as renames.
 *
 * Memory: one small struct per commit (ids, times, its author's interned
 * name), one version per change of a record, and the changes of one
 * window; no tree or blob is kept past its commit.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

#include "commit.h"
#include "common.h"
#include "config.h"
#include "history.h"
#include "history_cache.h"
#include "pool.h"
#include "record.h"
#include "repo.h"
#include "tree_cursor.h"
#include "utf8.h"

#define RENAME_THRESHOLD 50	/* percent of text in common */
#define RENAME_MAX_PAIRS 10000	/* candidate pairs compared in one commit */
#define TREE_CACHE 16		/* trees kept from one commit to the next */
#define LOG_CHUNK 4096		/* versions in one block of the walk's log */

struct who {
	const char *name, *email;	/* borrowed: the walk's or the cache's */
	git_time_t author_time, commit_time;
	int author_offset, commit_offset;
	const char *committer, *reason;	/* the walk's, with FACTS_KNOWN */
	unsigned int facts;
};

struct commit_info {
	git_oid id;
	git_oid tree;
	git_time_t time;		/* committer time, for the skew check */
	size_t parents;			/* first parent id in walk.parent_ids */
	unsigned int nparents;
	unsigned int missing;		/* bit i: parent i is not in the repository */
	int merge;			/* more than one parent, followed or not */
	int done;
	git_oid config;			/* its CONFIG_PATH blob; zero if none */
	const struct known_commit *known;	/* what the cache knows of it */
	struct who who;			/* unless known; name and email the history's */
};

/* A record path changed by one commit. */
struct fchange {
	char *path;		/* the diffed's own, unless borrowed */
	git_oid old, new;	/* zero when absent */
	const char *from;	/* a rename's old path: another change's */
	int skip;		/* paired away, or came in through another parent */
};

/*
 * What one commit changed: found on any thread (compare_commit), made
 * into versions on the walk's own, in order (apply_commit).
 */
struct diffed {
	struct fchange *v;
	size_t n, alloc;
	git_oid config;		/* the commit's CONFIG_PATH blob; zero if none */
	int same_tree;		/* its tree is its first parent's */
	int borrowed;		/* the paths are the history's strings (a known commit's) */
};

/*
 * One thread's means to compare trees: a repository of its own (the
 * walk's, on the walk's thread) and the trees it read last.
 */
struct differ {
	const struct walk *w;
	git_repository *repo;
	git_odb *odb;
	struct tree *trees[TREE_CACHE];
	unsigned int next_tree;
	handoff_buf path;		/* the folder being compared */
	struct diffed *out;		/* the commit being compared */
};

struct walk {
	git_repository *repo;
	const struct history_options *opts;
	struct history *h;

	struct commit_info *commits;
	size_t ncommits, calloc_;
	git_oid *parent_ids;
	size_t nparent_ids, palloc;
	size_t *order;			/* commit indices, parents first */
	size_t norder, order_alloc;

	size_t *oid_slots;		/* open addressing: commit index + 1 */
	size_t oid_cap;

	git_oid *shallow;
	size_t nshallow, shallow_alloc;

	struct path_slot { const char *path; size_t rec; } *path_slots;	/* paths the history's */
	size_t path_cap, npaths;

	struct record_history *recs;	/* n counts a record's versions in the log */
	size_t nrecs, recs_alloc;
	/*
	 * Every version, in walk order, in blocks: finish() gives each
	 * record its own at the end, at once, not grown one by one.
	 */
	struct logged { struct version v; size_t rec; } **log;
	size_t nlog, log_alloc;

	git_odb *odb;
	struct differ *own;		/* the walk's own thread's comparer */
	pthread_t thread;		/* the walk's own thread */
	struct diffed *window;		/* what the window's commits changed (walk_all) */
	size_t window_start;		/* in order */

	struct history_cache *known;	/* what earlier walks learned */
	struct cache_writer learned;	/* the cache written again: every commit, */
	int learning;			/* when some commit is new to it, */
	int extending;			/* or the known file and the new commits */
};

/* ---- commits by id ---- */

static size_t oid_hash(const git_oid *id)
{
	size_t h;

	memcpy(&h, id->id, sizeof(h));
	return h;
}

static size_t *oid_slot(const struct walk *w, const git_oid *id)
{
	size_t i = oid_hash(id) & (w->oid_cap - 1);

	while (w->oid_slots[i] && !git_oid_equal(&w->commits[w->oid_slots[i] - 1].id, id))
		i = (i + 1) & (w->oid_cap - 1);
	return &w->oid_slots[i];
}

static int oid_map_grow(struct walk *w)
{
	size_t i, cap = w->oid_cap ? w->oid_cap * 2 : 1024;
	size_t *old = w->oid_slots, old_cap = w->oid_cap;

	if (!(w->oid_slots = calloc(cap, sizeof(size_t)))) {
		w->oid_slots = old;
		return handoff__error_oom();
	}
	w->oid_cap = cap;
	for (i = 0; i < old_cap; i++)
		if (old[i])
			*oid_slot(w, &w->commits[old[i] - 1].id) = old[i];
	free(old);
	return 0;
}

static int is_shallow(const struct walk *w, const git_oid *id)
{
	size_t i;

	for (i = 0; i < w->nshallow; i++)
		if (git_oid_equal(&w->shallow[i], id))
			return 1;
	return 0;
}

static int note(struct walk *w, const char *fmt, const git_oid *id)
{
	char hex[GIT_OID_HEXSZ + 1], **v;

	git_oid_tostr(hex, 8, id);
	if (!(v = realloc(w->h->notes, (w->h->nnotes + 1) * sizeof(*v))))
		return handoff__error_oom();
	w->h->notes = v;
	if (!(v[w->h->nnotes] = handoff__asprintf(fmt, hex)))
		return HANDOFF_ERROR;
	w->h->nnotes++;
	return 0;
}

/*
 * Commit `id` read without libgit2, where libgit2 refused it and git
 * would show it (commit.h). One that cannot be read even so is named in
 * a note and skipped: HANDOFF_EINVALID, the walk goes on without it.
 */
static int read_raw(struct walk *w, struct raw_commit *rc, const git_oid *id)
{
	const handoff_error *e;
	char hex[GIT_OID_HEXSZ + 1], *cause, **v;
	int err = handoff__raw_commit_read(rc, w->odb, id);

	if (err != HANDOFF_EINVALID)
		return err;
	e = handoff_error_last();
	git_oid_tostr(hex, sizeof(hex), id);
	if (!(cause = handoff__strdup(e && e->message ? e->message : "unknown cause")))
		return HANDOFF_ERROR;
	/* the error, for the start commit: there is nothing to go on with */
	handoff__error_set(HANDOFF_ERROR_GIT, "cannot read commit %s: %s", hex, cause);
	if (!(v = realloc(w->h->notes, (w->h->nnotes + 1) * sizeof(*v)))) {
		free(cause);
		return handoff__error_oom();
	}
	w->h->notes = v;
	v[w->h->nnotes] = handoff__asprintf("cannot read commit %s: %s; skipped",
		hex, cause);
	free(cause);
	return v[w->h->nnotes] ? (w->h->nnotes++, HANDOFF_EINVALID) : HANDOFF_ERROR;
}

/*
 * What the audit asks of a commit besides its author, read while it is
 * at hand: its committer's email, its Handoff-Reason and its signature.
 */
static void facts_of(struct walk *w, struct who *who, const git_commit *commit, int *oom)
{
	const char *committer;
	char *reason = NULL;
	int is_signed;

	if (handoff__commit_facts(commit, &reason, &committer, &is_signed) < 0) {
		git_error_clear();
		return;		/* none known: the audit reads the commit again */
	}
	who->committer = handoff__str_keep(&w->h->strings, committer, oom);
	who->reason = handoff__str_keep(&w->h->strings, reason, oom);
	who->facts = FACTS_KNOWN | (is_signed ? FACTS_SIGNED : 0);
	free(reason);
}

/* Who made commit `c`, from libgit2's parse or, where it refused, ours. */
static int who_made(struct walk *w, struct commit_info *c, const git_commit *commit,
	const struct raw_commit *rc)
{
	const git_signature *a = commit ? git_commit_author(commit) : NULL;
	const git_signature *m = commit ? git_commit_committer(commit) : NULL;

	char *name = handoff__utf8_from_commit(commit ? (a->name ? a->name : "") :
		rc->author.name, commit ? git_commit_message_encoding(commit) : rc->encoding);
	int oom = !name;

	/* commits share a few authors: each name and email kept once */
	c->who.name = handoff__str_keep(&w->h->strings, name, &oom);
	c->who.email = handoff__str_keep(&w->h->strings, commit ? (a->email ? a->email : "") :
		rc->author.email, &oom);
	free(name);
	c->who.author_time = commit ? a->when.time : rc->author.time;
	c->who.author_offset = commit ? a->when.offset : rc->author.offset;
	c->who.commit_time = commit ? m->when.time : rc->committer.time;
	c->who.commit_offset = commit ? m->when.offset : rc->committer.offset;
	if (commit)
		facts_of(w, &c->who, commit, &oom);
	return oom ? handoff__error_oom() : 0;
}

/*
 * Read commit `id` into the table; *index is its place. GIT_ENOTFOUND
 * (returned as is) when the object is not in the repository.
 */
static int add_commit(struct walk *w, const git_oid *id, size_t *index)
{
	const struct known_commit *k = is_shallow(w, id) ? NULL :
		handoff__history_cache_find(w->known, id);
	struct commit_info *c;
	struct raw_commit rc;
	git_commit *commit = NULL;
	unsigned int i, n, all;
	int err;

	memset(&rc, 0, sizeof(rc));
	if (!k && (err = git_commit_lookup(&commit, w->repo, id)) < 0) {
		if (err == GIT_ENOTFOUND)
			return GIT_ENOTFOUND;
		commit = NULL;
		if ((err = read_raw(w, &rc, id)) < 0)
			return err;
	}
	if ((w->ncommits + 1) * 2 > w->oid_cap && oid_map_grow(w) < 0)
		goto oom;
	if (handoff__array_grow((void **)&w->commits, &w->calloc_, w->ncommits + 1, sizeof(*c)) < 0)
		goto oom;
	n = all = k ? k->nparents : commit ? git_commit_parentcount(commit) :
		(unsigned int)rc.nparents;
	if (!k && is_shallow(w, id)) {
		if (n && note(w, "history truncated at %s (shallow clone): "
		    "versions before it are not known", id) < 0)
			goto oom;
		n = 0;
	}
	if (n > 1 && w->opts->first_parent)
		n = 1;
	c = &w->commits[w->ncommits];
	memset(c, 0, sizeof(*c));
	git_oid_cpy(&c->id, id);
	git_oid_cpy(&c->tree, k ? &k->tree : commit ? git_commit_tree_id(commit) : &rc.tree);
	c->time = k ? k->time : commit ? git_commit_time(commit) : rc.committer.time;
	c->parents = w->nparent_ids;
	c->merge = k ? k->merge : n > 0 && all > 1;
	c->known = k;
	c->nparents = n > 32 ? 32 : n;	/* an octopus beyond 32 is cut */
	if (!k && who_made(w, c, commit, &rc) < 0)
		goto oom;
	for (i = 0; i < c->nparents; i++) {
		if (handoff__array_grow((void **)&w->parent_ids, &w->palloc, w->nparent_ids + 1,
		    sizeof(git_oid)) < 0)
			goto oom;
		git_oid_cpy(&w->parent_ids[w->nparent_ids++], k ? &k->parents[i] :
			commit ? git_commit_parent_id(commit, i) : &rc.parents[i]);
	}
	git_commit_free(commit);
	handoff__raw_commit_release(&rc);
	*oid_slot(w, id) = ++w->ncommits;
	*index = w->ncommits - 1;
	return 0;
oom:
	git_commit_free(commit);
	handoff__raw_commit_release(&rc);
	return HANDOFF_ERROR;
}

/* Every commit reachable from `start`, parents before children. */
static int walk_commits(struct walk *w, const git_oid *start)
{
	struct frame { size_t c; unsigned int next; } *stack = NULL;
	size_t depth = 0, stack_alloc = 0, first;
	int err;

	if ((err = oid_map_grow(w)) < 0 || (err = add_commit(w, start, &first)) < 0)
		return err == GIT_ENOTFOUND ? handoff__error_set(HANDOFF_ERROR_GIT,
			"the start commit is missing"), HANDOFF_ENOTFOUND : err;
	if ((err = handoff__array_grow((void **)&stack, &stack_alloc, 1, sizeof(*stack))) < 0)
		return err;
	stack[depth].c = first;
	stack[depth++].next = 0;
	while (depth) {
		struct frame *f = &stack[depth - 1];
		struct commit_info *c = &w->commits[f->c];
		git_oid pid;
		size_t *slot, p;

		if (f->next == c->nparents) {
			c->done = 1;
			if ((err = handoff__array_grow((void **)&w->order, &w->order_alloc,
			    w->norder + 1, sizeof(size_t))) < 0)
				break;
			w->order[w->norder++] = f->c;
			depth--;
			continue;
		}
		/* a copy: reading the parent grows the table the id is in */
		git_oid_cpy(&pid, &w->parent_ids[c->parents + f->next++]);
		slot = oid_slot(w, &pid);
		if (*slot)
			continue;	/* seen: done already (git history has no cycles) */
		err = add_commit(w, &pid, &p);
		c = &w->commits[stack[depth - 1].c];	/* the table may have moved */
		if (err == GIT_ENOTFOUND || err == HANDOFF_EINVALID) {
			/* an unreadable parent is named (read_raw) and left out like a missing one */
			c->missing |= 1u << (stack[depth - 1].next - 1);
			if (err == GIT_ENOTFOUND && (err = note(w, "history truncated: "
			    "a parent of %s is missing from the repository", &c->id)) < 0)
				break;
			err = 0;
			continue;
		}
		if (err < 0)
			break;
		if ((err = handoff__array_grow((void **)&stack, &stack_alloc, depth + 1,
		    sizeof(*stack))) < 0)
			break;
		stack[depth].c = p;
		stack[depth++].next = 0;
	}
	free(stack);
	return err;
}

/* ---- which paths are records ---- */

static int starts_with(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

/* Might the folder `dir` (ending in '/') hold records? */
static int want_dir(const struct walk *w, const char *dir)
{
	const struct config *cfg = w->opts->config;
	size_t i;

	for (i = 0; cfg && i < cfg->nrecords; i++)
		if (starts_with(cfg->records[i], dir) || starts_with(dir, cfg->records[i]))
			return 1;
	return !cfg;
}

static int want_file(const struct walk *w, const char *path)
{
	const struct config *cfg = w->opts->config;

	return handoff__record_path_is_record(path) && (!cfg || handoff__config_is_record_path(cfg, path));
}

/* ---- tree comparison ---- */

/*
 * Trees are read raw and compared in their stored form, entries of
 * "<octal mode> <name>\0<20-byte id>" in git's order: no parse into
 * entry arrays, and an entry that is the same bytes on both sides (the
 * bulk of a big folder) costs one memcmp.
 */
struct entry {
	const char *name;
	size_t len;		/* of the name */
	unsigned int mode;
	const unsigned char *id;
	size_t size;		/* of the whole entry */
};

#define MODE_TREE	040000
#define MODE_BLOB	0100644
#define MODE_EXEC	0100755

/* The entry at s[pos, end); 0 at the end or on a corrupt tree. */
static int read_entry(struct entry *e, const char *s, size_t pos, size_t end)
{
	size_t i = pos;
	const char *nul;

	e->mode = 0;
	while (i < end && s[i] >= '0' && s[i] <= '7' && i - pos < 7)
		e->mode = e->mode * 8 + (unsigned int)(s[i++] - '0');
	if (i == pos || i >= end || s[i] != ' ')
		return 0;
	e->name = s + ++i;
	if (!(nul = memchr(e->name, '\0', end - i)) || (size_t)(end - (size_t)(nul - s)) < 1 + GIT_OID_RAWSZ)
		return 0;
	e->len = (size_t)(nul - e->name);
	e->id = (const unsigned char *)nul + 1;
	e->size = (size_t)(nul - s) + 1 + GIT_OID_RAWSZ - pos;
	return 1;
}

/* git's order: a folder sorts as if its name ended in '/'. */
static int entry_cmp(const struct entry *a, const struct entry *b)
{
	size_t n = a->len < b->len ? a->len : b->len;
	int c = memcmp(a->name, b->name, n), ca, cb;

	if (c)
		return c;
	ca = a->len > n ? (unsigned char)a->name[n] : a->mode == MODE_TREE ? '/' : 0;
	cb = b->len > n ? (unsigned char)b->name[n] : b->mode == MODE_TREE ? '/' : 0;
	return ca - cb;
}

/* A symlink or a submodule named .md is never a record. */
static int entry_is_file(const struct entry *e)
{
	return e && (e->mode == MODE_BLOB || e->mode == MODE_EXEC);
}

/* A new change of the commit at `path`, else NULL (out of memory). */
static struct fchange *new_fchange(struct diffed *d, const char *path)
{
	struct fchange *f;

	if (handoff__array_grow((void **)&d->v, &d->alloc, d->n + 1, sizeof(*f)) < 0)
		return NULL;
	f = &d->v[d->n];
	memset(f, 0, sizeof(*f));
	if (!(f->path = handoff__strdup(path)))
		return NULL;
	d->n++;
	return f;
}

static void diffed_clear(struct diffed *d)
{
	size_t i;

	for (i = 0; !d->borrowed && i < d->n; i++)
		free(d->v[i].path);
	free(d->v);
	memset(d, 0, sizeof(*d));
}

static int add_fchange(struct differ *d, const struct entry *old,
	const struct entry *new)
{
	struct fchange *f = new_fchange(d->out, d->path.ptr);

	if (!f)
		return HANDOFF_ERROR;
	if (old)
		git_oid_fromraw(&f->old, old->id);
	if (new)
		git_oid_fromraw(&f->new, new->id);
	return 0;
}

static int diff_trees(struct differ *d, const git_oid *a, const git_oid *b);

/* One name on either side (or both) of the comparison. */
static int diff_entry(struct differ *d, const struct entry *ea,
	const struct entry *eb)
{
	const struct entry *e = ea ? ea : eb;
	size_t mark = d->path.size;
	int err = handoff__buf_put(&d->path, e->name, e->len);

	if (err)
		return err;
	if (e->mode == MODE_TREE) {
		git_oid ia, ib;

		if (ea)
			git_oid_fromraw(&ia, ea->id);
		if (eb)
			git_oid_fromraw(&ib, eb->id);
		if ((err = handoff__buf_put(&d->path, "/", 1)) == 0 &&
		    want_dir(d->w, d->path.ptr))
			err = diff_trees(d, ea ? &ia : NULL, eb ? &ib : NULL);
	} else if (entry_is_file(e) && want_file(d->w, d->path.ptr)) {
		err = add_fchange(d, ea, eb);
	}
	d->path.size = mark;
	d->path.ptr[mark] = '\0';
	return err;
}

/*
 * A raw tree, from the few read last: a commit's trees are its child's
 * parent trees. A flat folder of 10,000 records is a tree of 420 KiB
 * rebuilt from a chain of deltas on every read, and libgit2 caches no
 * tree over 4 KiB; keeping every tree instead would cost memory growing
 * with the commits. Each kept tree knows where its entries start, once
 * it has been compared (see join).
 */
struct tree {
	git_odb_object *obj;
	const char *data;
	size_t size;
	size_t *start;		/* entry i begins at start[i]; start[n]: where they end */
	size_t n;		/* entries, when start is known */
	unsigned int refs;
};

static void tree_release(struct tree *t)
{
	if (t && !--t->refs) {
		git_odb_object_free(t->obj);
		free(t->start);
		free(t);
	}
}

/* Tree `id` (NULL: none), a reference of the caller's own. */
static int hold_tree(struct tree **out, struct differ *d, const git_oid *id)
{
	struct tree *t;
	unsigned int i;
	int err;

	*out = NULL;
	if (!id)
		return 0;
	for (i = 0; i < TREE_CACHE; i++)
		if (d->trees[i] && git_oid_equal(git_odb_object_id(d->trees[i]->obj), id)) {
			*out = d->trees[i];
			(*out)->refs++;
			return 0;
		}
	if (!(t = calloc(1, sizeof(*t))))
		return handoff__error_oom();
	if ((err = git_odb_read(&t->obj, d->odb, id)) < 0) {
		free(t);
		return handoff__error_from_git(err);
	}
	if (git_odb_object_type(t->obj) != GIT_OBJECT_TREE) {
		git_odb_object_free(t->obj);
		free(t);
		return handoff__error_set(HANDOFF_ERROR_GIT, "object %.8s is not a tree",
			git_oid_tostr_s(id)), HANDOFF_ERROR;
	}
	t->data = git_odb_object_data(t->obj);
	t->size = git_odb_object_size(t->obj);
	t->refs = 2;		/* the cache's and the caller's */
	i = d->next_tree++ % TREE_CACHE;
	tree_release(d->trees[i]);
	d->trees[i] = t;
	*out = t;
	return 0;
}

/* Where the entries of `t` start, read once. */
static int tree_index(struct tree *t)
{
	size_t pos = 0, alloc = 0, n = 0, *start = NULL;
	struct entry e;

	if (t->start)
		return 0;
	for (;;) {
		if (handoff__array_grow((void **)&start, &alloc, n + 1, sizeof(*start)) < 0) {
			free(start);
			return HANDOFF_ERROR;
		}
		start[n] = pos;
		if (!read_entry(&e, t->data, pos, t->size))
			break;
		pos += e.size;
		n++;
	}
	t->start = start;
	t->n = n;
	return 0;
}

/* How many bytes a and b share at the start. */
static size_t same_bytes(const char *a, const char *b, size_t n)
{
	size_t i = 0;

	while (i + 256 <= n && !memcmp(a + i, b + i, 256))
		i += 256;
	while (i < n && a[i] == b[i])
		i++;
	return i;
}

/* The last entry of `t` from `from` on that starts at or before `pos`. */
static size_t entry_before(const struct tree *t, size_t from, size_t pos)
{
	size_t lo = from, hi = t->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo + 1) / 2;

		if (t->start[mid] <= pos)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}

struct starts {
	size_t *v;
	size_t n, alloc;
};

static int push_start(struct starts *s, size_t pos)
{
	if (handoff__array_grow((void **)&s->v, &s->alloc, s->n + 1, sizeof(*s->v)) < 0)
		return HANDOFF_ERROR;
	s->v[s->n++] = pos;
	return 0;
}

/*
 * Compare two trees entry by entry, like a merge of sorted lists. A
 * commit changes a few entries of a big folder, so where both sides
 * stand at the same entry, the run of bytes they share from there is
 * skipped without reading an entry: the entries of `a` that lie wholly
 * in it are the same in `b`. Where the entries of `b` start comes out
 * of the comparison, for when `b` is compared with its child.
 */
static int join(struct differ *d, struct tree *a, struct tree *b)
{
	struct starts sb = { NULL, 0, 0 };
	size_t pa = 0, pb = 0, ja = 0;
	struct entry ea, eb;
	int err, ha, hb;

	if ((err = tree_index(a)) < 0)
		return err;
	ha = read_entry(&ea, a->data, pa, a->size);
	hb = read_entry(&eb, b->data, pb, b->size);
	while (!err && (ha || hb)) {
		int c;

		if (ha && hb && ea.size == eb.size && !memcmp(a->data + pa, b->data + pb, ea.size)) {
			/* the same entry, the same id: and the run after it */
			size_t n = a->size - pa < b->size - pb ? a->size - pa : b->size - pb;
			size_t k = entry_before(a, ja, pa + same_bytes(a->data + pa,
				b->data + pb, n));

			for (; !err && !b->start && ja < k; ja++)
				err = push_start(&sb, a->start[ja] - pa + pb);
			pb += a->start[k] - pa;
			pa = a->start[k];
			ja = k;
			ha = read_entry(&ea, a->data, pa, a->size);
			hb = read_entry(&eb, b->data, pb, b->size);
			continue;
		}
		c = !ha ? 1 : !hb ? -1 : entry_cmp(&ea, &eb);
		if (c < 0) {
			err = diff_entry(d, &ea, NULL);
		} else if (c > 0) {
			err = diff_entry(d, NULL, &eb);
		} else if (entry_is_file(&ea) != entry_is_file(&eb)) {
			/* a file became a symlink, say: gone, and maybe back */
			err = diff_entry(d, &ea, NULL);
			if (!err)
				err = diff_entry(d, NULL, &eb);
		} else {
			err = diff_entry(d, &ea, &eb);
		}
		if (!err && c <= 0) {
			pa += ea.size;
			ja++;
			ha = read_entry(&ea, a->data, pa, a->size);
		}
		if (!err && c >= 0) {
			if (!b->start)
				err = push_start(&sb, pb);
			pb += eb.size;
			hb = read_entry(&eb, b->data, pb, b->size);
		}
	}
	if (!err && !b->start && (err = push_start(&sb, pb)) == 0) {
		b->start = sb.v;
		b->n = sb.n - 1;
		sb.v = NULL;
	}
	free(sb.v);
	return err;
}

/* Compare two trees (NULL: empty). */
static int diff_trees(struct differ *d, const git_oid *a, const git_oid *b)
{
	static size_t none_start;
	struct tree none = { NULL, "", 0, &none_start, 0, 0 }, *ta = NULL, *tb = NULL;
	int err;

	if (a && b && git_oid_equal(a, b))
		return 0;
	if ((err = hold_tree(&ta, d, a)) == 0 && (err = hold_tree(&tb, d, b)) == 0)
		err = join(d, ta ? ta : &none, tb ? tb : &none);
	tree_release(ta);
	tree_release(tb);
	return err;
}

/* ---- renames ---- */

struct line_hash {
	uint64_t hash;
	size_t len;
};

static int line_hash_cmp(const void *x, const void *y)
{
	const struct line_hash *a = x, *b = y;

	return a->hash < b->hash ? -1 : a->hash > b->hash;
}

/* The lines of a blob as sorted hashes; NULL for a blob too large to compare. */
static struct line_hash *blob_lines(git_repository *repo, const git_oid *id,
	size_t *n, size_t *size)
{
	git_blob *blob;
	struct line_hash *v = NULL;
	const char *s;
	size_t i, start = 0;

	*n = 0;
	if (git_blob_lookup(&blob, repo, id) < 0)
		return NULL;
	s = git_blob_rawcontent(blob);
	*size = (size_t)git_blob_rawsize(blob);
	if (*size <= 1024 * 1024 && (v = malloc((*size + 1) * sizeof(*v)))) {
		for (i = 0; i <= *size; i++) {
			if (i < *size && s[i] != '\n')
				continue;
			if (i > start || i < *size) {
				v[*n].hash = handoff__fnv1a(HANDOFF_FNV_BASIS, s + start,
					i - start);
				v[(*n)++].len = i - start + (i < *size);
			}
			start = i + 1;
		}
		qsort(v, *n, sizeof(*v), line_hash_cmp);
	}
	git_blob_free(blob);
	return v;
}

/* How much of two texts is the same lines, in percent of their sizes. */
static int similarity(git_repository *repo, const git_oid *a, const git_oid *b)
{
	size_t na, nb, sa = 0, sb = 0, i = 0, j = 0, common = 0;
	struct line_hash *la = blob_lines(repo, a, &na, &sa);
	struct line_hash *lb = blob_lines(repo, b, &nb, &sb);
	int score = 0;

	if (la && lb) {
		while (i < na && j < nb) {
			if (la[i].hash == lb[j].hash)
				common += la[i++].len, j++;
			else if (la[i].hash < lb[j].hash)
				i++;
			else
				j++;
		}
		score = sa + sb ? (int)(200.0 * (double)common / (double)(sa + sb)) : 100;
	}
	free(la);
	free(lb);
	return score;
}

/*
 * Pair the records a commit deleted with those it added: the same blob
 * first, then the most similar text at or above the threshold.
 */
static void find_renames(struct differ *df)
{
	struct fchange *v = df->out->v;
	size_t i, j, pairs = 0, n = df->out->n;

	for (i = 0; i < n; i++) {
		struct fchange *d = &v[i];

		if (!git_oid_is_zero(&d->new) || d->skip)
			continue;
		for (j = 0; j < n; j++) {
			struct fchange *a = &v[j];

			if (git_oid_is_zero(&a->old) && !a->from && !a->skip &&
			    git_oid_equal(&a->new, &d->old)) {
				a->from = d->path;
				d->skip = 1;
				break;
			}
		}
	}
	for (i = 0; i < n; i++) {
		struct fchange *d = &v[i], *best = NULL;
		int best_score = RENAME_THRESHOLD - 1;

		if (!git_oid_is_zero(&d->new) || d->skip)
			continue;
		for (j = 0; j < n && pairs < RENAME_MAX_PAIRS; j++) {
			struct fchange *a = &v[j];
			int score;

			if (!git_oid_is_zero(&a->old) || a->from || a->skip)
				continue;
			pairs++;
			if ((score = similarity(df->repo, &d->old, &a->new)) > best_score) {
				best = a;
				best_score = score;
			}
		}
		if (best) {
			best->from = d->path;
			git_oid_cpy(&best->old, &d->old);
			d->skip = 1;
		}
	}
	/* an exact rename's old blob too, for the version's parent_blob */
	for (i = 0; i < n; i++) {
		struct fchange *a = &v[i];

		if (a->from && git_oid_is_zero(&a->old))
			git_oid_cpy(&a->old, &a->new);
	}
}

/* ---- merges ---- */

/*
 * Mark skipped each change the merge's parent with `tree` has as well:
 * it came in through that parent. The changes are in path order, so the
 * cursor reads each folder of the parent once.
 */
static void from_parent(struct differ *d, const git_oid *tree)
{
	struct tree_cursor at = TREE_CURSOR_INIT(NULL);
	struct diffed *out = d->out;
	git_tree *t = NULL;
	size_t k;

	if (git_tree_lookup(&t, d->repo, tree) < 0)
		return;
	at.root = t;
	for (k = 0; k < out->n; k++) {
		struct fchange *f = &out->v[k];

		if (!f->skip && handoff__tree_cursor_holds(&at, f->path, &f->new) > 0)
			f->skip = 1;
	}
	handoff__tree_cursor_release(&at);
	git_tree_free(t);
}

/* ---- records by path ---- */

static struct path_slot *path_slot(struct walk *w, const char *path)
{
	size_t i = handoff__str_hash(path) & (w->path_cap - 1);

	while (w->path_slots[i].path && strcmp(w->path_slots[i].path, path))
		i = (i + 1) & (w->path_cap - 1);
	return &w->path_slots[i];
}

static int path_map_grow(struct walk *w)
{
	size_t i, old_cap = w->path_cap, cap = old_cap ? old_cap * 2 : 256;
	struct path_slot *old = w->path_slots;

	if (!(w->path_slots = calloc(cap, sizeof(*old)))) {
		w->path_slots = old;
		return handoff__error_oom();
	}
	w->path_cap = cap;
	for (i = 0; i < old_cap; i++)
		if (old[i].path)
			*path_slot(w, old[i].path) = old[i];
	free(old);
	return 0;
}

/* The record now at `path`, or a new one; (size_t)-1 when out of memory. */
static size_t record_at(struct walk *w, const char *path, int create)
{
	struct path_slot *s;

	if ((w->npaths + 1) * 2 > w->path_cap && path_map_grow(w) < 0)
		return (size_t)-1;
	s = path_slot(w, path);
	if (s->path)
		return s->rec;
	if (!create)
		return (size_t)-2;
	if (handoff__array_grow((void **)&w->recs, &w->recs_alloc, w->nrecs + 1,
	    sizeof(*w->recs)) < 0 ||
	    !(s->path = handoff__history_str(w->h, path)))
		return (size_t)-1;
	memset(&w->recs[w->nrecs], 0, sizeof(*w->recs));
	s->rec = w->nrecs++;
	w->npaths++;
	return s->rec;
}

/* `path` no longer names its record (it moved away). */
static void path_forget(struct walk *w, const char *path)
{
	struct path_slot *s = path_slot(w, path);
	size_t i, j;

	if (!s->path)
		return;
	s->path = NULL;
	w->npaths--;
	/* re-insert the rest of the cluster (linear probing deletion) */
	for (i = ((size_t)(s - w->path_slots) + 1) & (w->path_cap - 1);
	     w->path_slots[i].path; i = (i + 1) & (w->path_cap - 1)) {
		struct path_slot moved = w->path_slots[i];

		w->path_slots[i].path = NULL;
		j = (size_t)(path_slot(w, moved.path) - w->path_slots);
		w->path_slots[j] = moved;
	}
}

/* `path` and who's strings are the history's. */
static int add_version(struct walk *w, size_t rec, const struct commit_info *c,
	const struct who *who, const char *path, const struct fchange *f,
	unsigned int flags)
{
	size_t chunk = w->nlog / LOG_CHUNK;
	struct logged *e;
	struct version *v;

	if (w->nlog % LOG_CHUNK == 0 &&
	    (handoff__array_grow((void **)&w->log, &w->log_alloc, chunk + 1, sizeof(*w->log)) < 0 ||
	     !(w->log[chunk] = malloc(LOG_CHUNK * sizeof(**w->log)))))
		return handoff__error_oom();
	e = &w->log[chunk][w->nlog++ % LOG_CHUNK];
	e->rec = rec;
	w->recs[rec].n++;
	v = &e->v;
	memset(v, 0, sizeof(*v));
	git_oid_cpy(&v->commit, &c->id);
	v->author_time = who->author_time;
	v->author_offset = who->author_offset;
	v->commit_time = who->commit_time;
	v->commit_offset = who->commit_offset;
	git_oid_cpy(&v->blob, &f->new);
	git_oid_cpy(&v->parent_blob, &f->old);
	git_oid_cpy(&v->config, c->nparents && !(c->missing & 1) ?
		&w->commits[*oid_slot(w, &w->parent_ids[c->parents]) - 1].config : &c->config);
	v->flags = flags | (git_oid_is_zero(&f->new) ? VERSION_DELETED : 0) |
		(f->from ? VERSION_RENAMED : 0);
	v->facts = who->facts;
	v->author_name = who->name;
	v->author_email = who->email;
	v->committer_email = who->committer;
	v->reason = who->reason;
	v->path = path;
	return 0;
}

/* What the cache knew of the commit's author. */
static void known_who(struct who *who, const struct known_commit *k)
{
	memset(who, 0, sizeof(*who));
	who->name = k->name;
	who->email = k->email;
	who->author_time = k->author_time;
	who->author_offset = k->author_offset;
	who->commit_time = k->commit_time;
	who->commit_offset = k->commit_offset;
}

/* A cache that cannot be written is no error: the walk goes on without. */
static int learned(struct walk *w)
{
	if (handoff__cache_writer_step(&w->learned) < 0) {
		git_error_clear();
		w->learning = 0;
	}
	return 0;
}

static int cacheable(const struct walk *w, const struct commit_info *c)
{
	return !c->missing && !is_shallow(w, &c->id);
}

/*
 * Commit `c` and the record paths it changed (d's, those not skipped),
 * added to the cache being written; `who` NULL when none.
 */
static int remember(struct walk *w, const struct commit_info *c,
	const struct who *who, const struct diffed *d)
{
	struct known_commit k;
	struct known_change *v = NULL;
	size_t i;

	if (!w->learning || !cacheable(w, c) || (c->known && w->extending))
		return 0;
	if (c->known) {
		handoff__history_cache_add(&w->learned.body, c->known);
		return learned(w);
	}
	memset(&k, 0, sizeof(k));
	git_oid_cpy(&k.id, &c->id);
	git_oid_cpy(&k.tree, &c->tree);
	git_oid_cpy(&k.config, &c->config);
	k.time = c->time;
	k.merge = c->merge;
	k.nparents = c->nparents;
	k.parents = &w->parent_ids[c->parents];
	if (who) {
		k.name = who->name;
		k.email = who->email;
		k.author_time = who->author_time;
		k.author_offset = who->author_offset;
		k.commit_time = who->commit_time;
		k.commit_offset = who->commit_offset;
		if (d->n && !(v = calloc(d->n, sizeof(*v))))
			return handoff__error_oom();
		for (i = 0; i < d->n; i++) {
			const struct fchange *f = &d->v[i];

			if (f->skip)
				continue;
			git_oid_cpy(&v[k.nchanges].old, &f->old);
			git_oid_cpy(&v[k.nchanges].new, &f->new);
			v[k.nchanges].path = f->path;
			v[k.nchanges++].from = f->from;
		}
		k.changes = v;
	}
	handoff__history_cache_add(&w->learned.body, &k);
	free(v);
	return learned(w);
}

/*
 * Turn one commit's changed paths into versions of records; `who` (NULL
 * when no change is kept) is its author.
 */
static int apply_changes(struct walk *w, const struct commit_info *c,
	const struct diffed *d, const struct who *who, unsigned int flags)
{
	size_t i, rec;
	int err;

	if (!who)
		return remember(w, c, NULL, d);
	if ((err = remember(w, c, who, d)) < 0)
		return err;
	for (i = 0; !err && i < d->n; i++) {
		struct fchange *f = &d->v[i];
		struct path_slot *s;
		const char *path;

		if (f->skip)
			continue;
		if (!(path = d->borrowed ? f->path : handoff__history_str(w->h, f->path)))
			return HANDOFF_ERROR;
		rec = record_at(w, f->from ? f->from : path, 1);
		if (rec == (size_t)-1)
			return HANDOFF_ERROR;
		if (f->from) {
			path_forget(w, f->from);
			/* the new path now names this record, whatever it named before */
			if ((w->npaths + 1) * 2 > w->path_cap && path_map_grow(w) < 0)
				return HANDOFF_ERROR;
			path_forget(w, path);
			s = path_slot(w, path);
			s->path = path;
			s->rec = rec;
			w->npaths++;
		}
		err = add_version(w, rec, c, who, path, f, flags);
	}
	return err;
}

static int any_kept(const struct diffed *d)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (!d->v[i].skip)
			return 1;
	return 0;
}

/* A commit dated before one of its parents: once each. */
static int add_skewed(struct history *h, const git_oid *id)
{
	git_oid *v;

	if (h->nskewed && git_oid_equal(&h->skewed[h->nskewed - 1], id))
		return 0;
	if (!(v = realloc(h->skewed, (h->nskewed + 1) * sizeof(*v))))
		return handoff__error_oom();
	h->skewed = v;
	git_oid_cpy(&v[h->nskewed++], id);
	h->clock_skew = 1;
	return 0;
}

/* The blob at `path` in tree `id`, read through the tree cache; zero if none. */
static int blob_at(git_oid *out, struct differ *d, const git_oid *id, const char *path)
{
	git_oid at = *id;
	int err = 0;

	memset(out, 0, sizeof(*out));
	while (!err && *path) {
		const char *slash = strchr(path, '/');
		size_t n = slash ? (size_t)(slash - path) : strlen(path), pos = 0;
		struct tree *t = NULL;
		struct entry e;
		int found = 0;

		if ((err = hold_tree(&t, d, &at)) < 0)
			break;
		while (!found && read_entry(&e, t->data, pos, t->size)) {
			found = e.len == n && !memcmp(e.name, path, n) &&
				(slash ? e.mode == MODE_TREE : entry_is_file(&e));
			pos += e.size;
		}
		if (found)
			git_oid_fromraw(slash ? &at : out, e.id);
		tree_release(t);
		if (!found)
			break;
		path = slash ? slash + 1 : path + n;
	}
	return err;
}

/* A commit the cache knows: its changes as they were found before. */
static int known_changes(struct walk *w, const struct commit_info *c)
{
	const struct known_commit *k = c->known;
	struct diffed d;
	struct who who;
	size_t i;
	int err = 0;

	memset(&d, 0, sizeof(d));
	d.borrowed = 1;		/* the cache's strings are the history's */
	if (k->nchanges && !(d.v = calloc(k->nchanges, sizeof(*d.v))))
		err = handoff__error_oom();
	for (i = 0; !err && i < k->nchanges; i++) {
		struct fchange *f = &d.v[d.n++];

		f->path = (char *)k->changes[i].path;
		git_oid_cpy(&f->old, &k->changes[i].old);
		git_oid_cpy(&f->new, &k->changes[i].new);
		f->from = k->changes[i].from;
	}
	known_who(&who, k);
	if (!err)
		err = apply_changes(w, c, &d, any_kept(&d) ? &who : NULL,
			c->merge ? VERSION_MERGE : 0);
	diffed_clear(&d);
	return err;
}

/* The tree of the commit at `id` (a parent of some commit). */
static const git_oid *tree_of(const struct walk *w, const git_oid *id)
{
	return &w->commits[*oid_slot(w, id) - 1].tree;
}

/*
 * Whether the cache's answer for commit `c` stands (no compare): not
 * when a parent there before is missing now, its changes are not those.
 */
static int use_known(const struct commit_info *c)
{
	return c->known && !c->missing;
}

/*
 * What commit `index` changed, into d->out: its config blob, then its
 * tree against its first parent's, a merge's changes that came through
 * another parent marked, deletions paired with additions. Reads the
 * walk and writes only d and d->out: any thread.
 */
static int compare_commit(struct differ *d, size_t index)
{
	const struct walk *w = d->w;
	const struct commit_info *c = &w->commits[index];
	const git_oid *base = c->nparents && !(c->missing & 1) ?
		tree_of(w, &w->parent_ids[c->parents]) : NULL;
	struct diffed *out = d->out;
	unsigned int i;
	int err;

	if ((err = blob_at(&out->config, d, &c->tree, CONFIG_PATH)) < 0)
		return err;
	if (base && git_oid_equal(base, &c->tree)) {
		out->same_tree = 1;
		return 0;
	}
	d->path.size = 0;
	if ((err = handoff__buf_puts(&d->path, "")) < 0 ||
	    (err = diff_trees(d, base, &c->tree)) < 0)
		return err;
	/* a merge: only what no parent had is the merge's own change */
	for (i = 1; c->merge && i < c->nparents; i++)
		if (!(c->missing & (1u << i)))
			from_parent(d, tree_of(w, &w->parent_ids[c->parents + i]));
	find_renames(d);
	return 0;
}

/* Commit `index`, compared already into `d` unless the cache knew it. */
static int apply_commit(struct walk *w, size_t index, struct diffed *d)
{
	struct commit_info *c = &w->commits[index];
	unsigned int i;
	int err;

	for (i = 0; i < c->nparents; i++) {
		size_t *slot = oid_slot(w, &w->parent_ids[c->parents + i]);

		if (*slot && w->commits[*slot - 1].time > c->time &&
		    (err = add_skewed(w->h, &c->id)) < 0)
			return err;
	}
	if (use_known(c)) {
		git_oid_cpy(&c->config, &c->known->config);
		return known_changes(w, c);
	}
	git_oid_cpy(&c->config, &d->config);
	if (d->same_tree)
		return remember(w, c, NULL, d);
	return apply_changes(w, c, d, any_kept(d) ? &c->who : NULL,
		c->merge ? VERSION_MERGE : 0);
}

/* ---- comparing commits on every processor ---- */

#define COMPARE_WINDOW 4096	/* commits compared before they are applied */
#define COMPARE_CHUNK 256	/* commits in a row to one job: a commit's
				   parent tree is most often the one read last */

static void differ_init(struct differ *d, const struct walk *w,
	git_repository *repo, git_odb *odb)
{
	memset(d, 0, sizeof(*d));
	d->w = w;
	d->repo = repo;
	d->odb = odb;
}

static void differ_release(struct differ *d)
{
	unsigned int i;

	for (i = 0; i < TREE_CACHE; i++)
		tree_release(d->trees[i]);
	handoff_buf_dispose(&d->path);
}

/* The walk's thread uses the walk's own; another opens the repository. */
static int differ_enter(void **state, void *payload)
{
	const struct walk *w = payload;
	struct differ *d;
	git_repository *repo = NULL;
	git_odb *odb = NULL;
	int err;

	if (pthread_equal(pthread_self(), w->thread)) {
		*state = w->own;
		return 0;
	}
	*state = NULL;
	if ((err = git_repository_open(&repo, git_repository_path(w->repo))) < 0 ||
	    (err = git_repository_odb(&odb, repo)) < 0) {
		git_repository_free(repo);
		return handoff__error_from_git(err);
	}
	if (!(d = malloc(sizeof(*d)))) {
		git_odb_free(odb);
		git_repository_free(repo);
		return handoff__error_oom();
	}
	differ_init(d, w, repo, odb);
	*state = d;
	return 0;
}

static void differ_leave(void *state, void *payload)
{
	struct differ *d = state;

	if (!d || d == ((const struct walk *)payload)->own)
		return;
	differ_release(d);
	git_odb_free(d->odb);
	git_repository_free(d->repo);
	free(d);
}

/* Job k: the k-th chunk of the window. */
static int compare_chunk(size_t k, void *state, void *payload)
{
	const struct walk *w = payload;
	struct differ *d = state;
	size_t i = k * COMPARE_CHUNK, end = i + COMPARE_CHUNK;
	int err = 0;

	for (; !err && i < end && w->window_start + i < w->norder; i++) {
		size_t index = w->order[w->window_start + i];

		if (use_known(&w->commits[index]))
			continue;
		d->out = &w->window[i];
		err = compare_commit(d, index);
	}
	return err;
}

/*
 * Every commit in order: a window of them compared on every processor,
 * then applied here in order, then the next window.
 */
static int walk_all(struct walk *w)
{
	static const struct pool_ops ops = { compare_chunk, differ_enter, differ_leave };
	size_t i, n;
	int err = 0;

	if (!(w->window = calloc(COMPARE_WINDOW, sizeof(*w->window))))
		return handoff__error_oom();
	w->thread = pthread_self();
	for (w->window_start = 0; !err && w->window_start < w->norder;
	     w->window_start += n) {
		n = w->norder - w->window_start;
		n = n < COMPARE_WINDOW ? n : COMPARE_WINDOW;
		err = handoff__pool_run((n + COMPARE_CHUNK - 1) / COMPARE_CHUNK, 2, &ops, w);
		for (i = 0; !err && i < n; i++)
			err = apply_commit(w, w->order[w->window_start + i], &w->window[i]);
		for (i = 0; i < n; i++)
			diffed_clear(&w->window[i]);
	}
	free(w->window);
	w->window = NULL;
	return err;
}

/* ---- the result ---- */

static int record_cmp(const void *x, const void *y)
{
	const struct record_history *a = x, *b = y;

	return strcmp(a->path, b->path);
}

static void record_release(struct record_history *r)
{
	free(r->v);
	memset(r, 0, sizeof(*r));	/* released twice is released once */
}

static int was_at(const struct record_history *r, const char *path)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (!strcmp(r->v[i].path, path))
			return 1;
	return 0;
}

/* Is a version at `path` one the caller asked for? */
static int wanted(const struct walk *w, const char *path)
{
	size_t i;

	if (!w->opts->paths)
		return 1;
	for (i = 0; i < w->opts->npaths; i++)
		if (!strcmp(path, w->opts->paths[i]))
			return 1;
	return 0;
}

static void log_free(struct walk *w)
{
	size_t i;

	for (i = 0; i < (w->nlog + LOG_CHUNK - 1) / LOG_CHUNK; i++)
		free(w->log[i]);
	free(w->log);
	w->log = NULL;
	w->nlog = 0;
}

/*
 * Each wanted record its versions from the log, in walk order, in an
 * array of its own; each block of the log freed once read.
 */
static int finish(struct walk *w)
{
	unsigned char *keep = calloc(w->nrecs + 1, 1);
	struct logged *e;
	size_t i;

	if (!keep)
		return handoff__error_oom();
	for (i = 0; i < w->nlog; i++) {
		e = &w->log[i / LOG_CHUNK][i % LOG_CHUNK];
		keep[e->rec] = keep[e->rec] || wanted(w, e->v.path);
	}
	for (i = 0; i < w->nrecs; i++) {
		struct record_history *r = &w->recs[i];

		if (keep[i] && !(r->v = malloc(r->n * sizeof(*r->v)))) {
			free(keep);
			return handoff__error_oom();
		}
		r->alloc = keep[i] ? r->n : 0;
		r->n = 0;
	}
	free(keep);
	for (i = 0; i < w->nlog; i++) {
		struct record_history *r;

		e = &w->log[i / LOG_CHUNK][i % LOG_CHUNK];
		r = &w->recs[e->rec];
		if (r->v)
			r->v[r->n++] = e->v;
		if (i % LOG_CHUNK == LOG_CHUNK - 1) {
			free(w->log[i / LOG_CHUNK]);
			w->log[i / LOG_CHUNK] = NULL;
		}
	}
	log_free(w);
	for (i = 0; i < w->nrecs; i++) {
		struct record_history *r = &w->recs[i];

		if (!r->n) {
			record_release(r);
			continue;
		}
		r->path = r->v[r->n - 1].path;
		w->h->records[w->h->n++] = *r;
		memset(r, 0, sizeof(*r));	/* the history owns it now */
	}
	w->nrecs = 0;
	qsort(w->h->records, w->h->n, sizeof(*w->h->records), record_cmp);
	return 0;
}

/*
 * The cache is written again when this walk meets commits it does not
 * know: the new ones added to the file read, unless a quarter of that
 * file is commits the walk no longer reaches (after a rebase), when
 * the file is made anew of the walk's commits alone.
 */
static void open_learned(struct walk *w, const char *name, const char *key)
{
	size_t i, known = 0;
	int err;

	for (i = 0; i < w->ncommits; i++) {
		if (!cacheable(w, &w->commits[i]))
			continue;
		if (w->commits[i].known)
			known++;
		else
			w->learning = 1;
	}
	if (!w->learning)
		return;
	w->extending = known && 4 * known >= 3 * handoff__history_cache_count(w->known);
	err = w->extending ?
		handoff__history_cache_extend(&w->learned, w->known, w->repo, name, key) :
		handoff__cache_writer_open(&w->learned, w->repo, name, HISTORY_CACHE_MAGIC, key);
	if (err < 0) {
		git_error_clear();	/* a cache that cannot be written is no error */
		w->learning = w->extending = 0;
	}
}

static int read_shallow(struct walk *w)
{
	char *path = handoff__asprintf("%sshallow", git_repository_commondir(w->repo));
	char line[128];
	FILE *f;
	int err = 0;

	if (!path)
		return HANDOFF_ERROR;
	f = fopen(path, "r");
	free(path);
	while (f && !err && fgets(line, sizeof(line), f)) {
		git_oid id;

		if (git_oid_fromstrn(&id, line, GIT_OID_HEXSZ) < 0)
			continue;
		if ((err = handoff__array_grow((void **)&w->shallow, &w->shallow_alloc,
		    w->nshallow + 1, sizeof(id))) < 0)
			break;
		git_oid_cpy(&w->shallow[w->nshallow++], &id);
	}
	if (f)
		fclose(f);
	return err;
}

static int start_commit(git_oid *out, git_repository *repo, const char *rev)
{
	git_object *obj = NULL, *commit = NULL;
	int err;

	/* first as git reads it: a commit libgit2 cannot parse is no end (commit.h) */
	if ((err = handoff__raw_commit_resolve(out, repo, rev ? rev : "HEAD")) != -1)
		return err == HANDOFF_EINVALID ? HANDOFF_ENOTFOUND : err;
	if ((err = git_revparse_single(&obj, repo, rev ? rev : "HEAD")) == 0)
		err = git_object_peel(&commit, obj, GIT_OBJECT_COMMIT);
	if (err == 0)
		git_oid_cpy(out, git_object_id(commit));
	git_object_free(obj);
	git_object_free(commit);
	if (err < 0 && !rev && (err == GIT_ENOTFOUND || err == GIT_EUNBORNBRANCH ||
	    git_repository_head_unborn(repo) == 1))
		return 1;	/* no commit yet: an empty history */
	if (err < 0)
		return handoff__error_set(HANDOFF_ERROR_GIT, "unknown revision '%s'",
			rev ? rev : "HEAD"), HANDOFF_ENOTFOUND;
	return 0;
}

/*
 * The cache file for this kind of walk and its key: what the commits'
 * changes depend on beside the commits themselves.
 */
static int cache_name_key(char **name, char *key, const struct walk *w)
{
	const struct config *cfg = w->opts->config;
	handoff_buf b = HANDOFF_BUF_INIT;
	size_t i;
	int err;

	handoff__buf_printf(&b, "%s\n%d\n", HANDOFF_VERSION, w->opts->first_parent);
	for (i = 0; cfg && i < cfg->nrecords; i++)
		handoff__buf_printf(&b, "%s\n", cfg->records[i]);
	err = handoff__buf_failed(&b) ? HANDOFF_ERROR : handoff__cache_hash(key,
		b.ptr, b.size);
	handoff_buf_dispose(&b);
	*name = err ? NULL : handoff__asprintf("history%s%s", cfg ? "" : "-any",
		w->opts->first_parent ? "-first-parent" : "");
	return err ? err : *name ? 0 : HANDOFF_ERROR;
}

int handoff__history_walk(struct history **out, git_repository *repo,
	const struct history_options *opts)
{
	char *cache_name = NULL, key[GIT_OID_HEXSZ + 1];
	static const struct history_options defaults = HISTORY_OPTIONS_INIT;
	struct differ own;
	struct walk w;
	git_oid start;
	size_t i;
	int err;

	*out = NULL;
	memset(&w, 0, sizeof(w));
	differ_init(&own, &w, repo, NULL);
	w.own = &own;
	w.repo = repo;
	w.opts = opts ? opts : &defaults;
	if (!(w.h = calloc(1, sizeof(*w.h))))
		return handoff__error_oom();
	handoff__repo_git_options();	/* for a caller that opened `repo` itself */
	if ((err = git_repository_odb(&w.odb, repo)) < 0) {
		err = handoff__error_from_git(err);
		goto done;
	}
	own.odb = w.odb;
	if ((err = read_shallow(&w)) < 0 || (err = start_commit(&start, repo,
	    w.opts->rev)) != 0)
		goto done;
	if (!w.opts->no_cache && ((err = cache_name_key(&cache_name, key, &w)) < 0 ||
	    (err = handoff__history_cache_read(&w.known, repo, cache_name, key,
	    &w.h->strings)) < 0))
		goto done;
	if ((err = walk_commits(&w, &start)) < 0)
		goto done;
	if (cache_name)
		open_learned(&w, cache_name, key);
	if (!err)
		err = walk_all(&w);
	/* put in place by handoff__history_keep(), once the caller's pass succeeds */
	if (!err && w.learning && (w.h->learned = malloc(sizeof(w.learned))) != NULL) {
		*w.h->learned = w.learned;
		w.learning = 0;
	}
	if (!err && !(w.h->records = calloc(w.nrecs + 1, sizeof(*w.h->records))))
		err = handoff__error_oom();
	if (!err)
		err = finish(&w);
done:
	if (err > 0)
		err = 0;	/* the empty history */
	differ_release(&own);
	for (i = 0; i < w.nrecs; i++)
		record_release(&w.recs[i]);
	free(w.recs);
	log_free(&w);
	free(w.path_slots);
	free(w.commits);
	free(w.parent_ids);
	free(w.order);
	free(w.oid_slots);
	free(w.shallow);
	git_odb_free(w.odb);
	handoff__history_cache_free(w.known);
	if (w.learning)
		handoff__cache_writer_abort(&w.learned);
	free(cache_name);
	if (err < 0) {
		handoff__history_free(w.h);
		return err;
	}
	*out = w.h;
	return 0;
}

const struct record_history *handoff__history_find(const struct history *h,
	const char *path)
{
	size_t i;

	for (i = 0; h && i < h->n; i++)
		if (!strcmp(h->records[i].path, path))
			return &h->records[i];
	for (i = 0; h && i < h->n; i++)
		if (was_at(&h->records[i], path))
			return &h->records[i];
	return NULL;
}

void handoff__history_keep(struct history *h)
{
	if (h && h->learned && handoff__cache_writer_commit(h->learned) < 0)
		git_error_clear();	/* a cache that cannot be written is no error */
	if (h) {
		free(h->learned);
		h->learned = NULL;
	}
}

void handoff__history_free(struct history *h)
{
	size_t i;

	if (!h)
		return;
	if (h->learned)
		handoff__cache_writer_abort(h->learned);
	free(h->learned);
	for (i = 0; i < h->n; i++)
		record_release(&h->records[i]);
	free(h->records);
	for (i = 0; i < h->nnotes; i++)
		free(h->notes[i]);
	free(h->notes);
	free(h->skewed);
	handoff__str_set_release(&h->strings);
	free(h);
}

const char *handoff__history_str(struct history *h, const char *s)
{
	int oom = 0;
	const char *kept = handoff__str_keep(&h->strings, s, &oom);

	if (oom)
		handoff__error_oom();
	return kept;
}
