/*
 * What the history walk learned of each commit, kept in .git/handoff/
 * so that the next walk reads only the commits it has not seen: after
 * new commits, a fetch, a rebase or a merge alike, as it is keyed by
 * commit id, not by tip. Each commit's facts (tree, parents, committer
 * time, config blob) and, when it changed records, its author and the
 * record paths it changed, renames paired and a merge's own changes
 * only. Those depend on nothing but the commit, its parents and the
 * walk's kind (the records folders, first parents only), which make the
 * file's key. A commit at a shallow boundary or with a missing parent
 * is never kept: what it changed is not known yet. New commits follow
 * those the file holds, whose lines are copied, not made again, until a
 * quarter of it is commits the walk no longer reaches (history.c).
 */
#ifndef HANDOFF_HISTORY_CACHE_H
#define HANDOFF_HISTORY_CACHE_H

#include "cachefile.h"
#include "strset.h"

#define HISTORY_CACHE_MAGIC "git-handoff history 1"

struct known_change {
	git_oid old, new;	/* zero when absent */
	const char *path, *from;	/* from: a rename's old path, or NULL */
};

struct known_commit {
	git_oid id, tree, config;	/* config: CONFIG_PATH's blob, zero if none */
	git_time_t time;		/* committer time */
	int merge;
	unsigned int nparents;
	const git_oid *parents;
	/* the author and times, when it changed records (name is NULL if not) */
	const char *name, *email;
	git_time_t author_time, commit_time;
	int author_offset, commit_offset;
	const struct known_change *changes;
	size_t nchanges;
};

struct history_cache;

/*
 * The cache `name` made for `key`; *out is NULL (and 0 returned) when
 * there is none usable. Its names and paths are kept in `strs`, which
 * outlives it.
 */
int handoff__history_cache_read(struct history_cache **out, git_repository *git,
	const char *name, const char *key, struct str_set *strs);
const struct known_commit *handoff__history_cache_find(const struct history_cache *c,
	const git_oid *id);
size_t handoff__history_cache_count(const struct history_cache *c);
void handoff__history_cache_free(struct history_cache *c);

/*
 * A writer of the file `c` was read from, begun with every commit `c`
 * holds: only new ones are added to it.
 */
int handoff__history_cache_extend(struct cache_writer *w, const struct history_cache *c,
	git_repository *git, const char *name, const char *key);

/* `k` appended to the body of a cache file. */
void handoff__history_cache_add(handoff_buf *body, const struct known_commit *k);

#endif
