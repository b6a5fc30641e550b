/*
 * The history walk: one pass over the commits reachable from a revision,
 * for all records at once, giving each record its versions: the commits
 * that changed it, who made them and when, and its blob there.
 *
 * Records are followed through renames (the same blob, or at least half
 * of the text the same, deleted at one path and added at another in one
 * commit) and through deletion and re-creation at the same path. A change
 * is counted once, where it entered: a merge commit makes a version only
 * when it leaves the record different from every parent (a conflict
 * resolved by hand), unless only first parents are followed, when the
 * merge is where the main line got it.
 *
 * Commits are ordered by topology, never by date: dates can be forged. A
 * shallow clone or a missing parent ends the walk there with a note.
 */
#ifndef HANDOFF_HISTORY_H
#define HANDOFF_HISTORY_H

#include <git2.h>

#include "strset.h"

struct cache_writer;
struct config;

#define VERSION_RENAMED	(1u << 0)	/* the commit moved the record here */
#define VERSION_DELETED	(1u << 1)	/* the commit deleted it; blob is zero */
#define VERSION_MERGE	(1u << 2)	/* made by a merge commit itself */
#define VERSION_WORKTREE (1u << 3)	/* the work tree's, not committed (worktree.c) */

/* A version's `facts`: what the walk read of its commit, not its history */
#define FACTS_KNOWN	(1u << 0)	/* committer_email, reason and FACTS_SIGNED are
					   set: the walk read the commit, not its cache */
#define FACTS_SIGNED	(1u << 1)	/* the commit has a signature (gpgsig) */

/* A version's strings are the history's (struct history's `strings`). */
struct version {
	git_oid commit;
	const char *author_name, *author_email;
	git_time_t author_time;
	int author_offset;		/* minutes east of UTC */
	git_time_t commit_time;
	int commit_offset;
	git_oid blob;
	git_oid parent_blob;		/* the record in the first parent; zero if none */
	git_oid config;			/* CONFIG_PATH's blob before the commit (in its
					   first parent, else in it); zero if none */
	const char *path;		/* the record's path in this version */
	unsigned int flags;
	unsigned int facts;
	const char *committer_email;	/* with FACTS_KNOWN */
	const char *reason;		/* with FACTS_KNOWN: Handoff-Reason, or NULL */
};

struct record_history {
	const char *path;		/* its newest path; the history's string */
	struct version *v;		/* oldest first, in topological order */
	size_t n, alloc;
};

struct history {
	struct record_history *records;	/* sorted by path */
	size_t n;
	char **notes;			/* warnings: a truncated history */
	size_t nnotes;
	int clock_skew;			/* a commit older than one of its parents */
	git_oid *skewed;		/* those commits */
	size_t nskewed;
	struct cache_writer *learned;	/* the walk's cache, not in place yet */
	struct str_set strings;		/* every name, email and path of a version */
};

struct history_options {
	unsigned int version;
	const char *rev;		/* NULL: HEAD */
	int first_parent;
	const struct config *config;	/* its records folders; NULL: every record path */
	const char *const *paths;	/* NULL: every record; else the records that */
	size_t npaths;			/* were ever at one of these paths */
	int no_cache;			/* neither read nor write .git/handoff/history */
};

#define HISTORY_OPTIONS_VERSION 1
#define HISTORY_OPTIONS_INIT { HISTORY_OPTIONS_VERSION, NULL, 0, NULL, NULL, 0, 0 }

/*
 * Walk the history. An unborn HEAD is an empty history, not an error; an
 * unknown revision is HANDOFF_ENOTFOUND.
 */
int handoff__history_walk(struct history **out, git_repository *repo,
	const struct history_options *opts);

/* The record whose newest path, or any earlier one, is `path`; or NULL. */
const struct record_history *handoff__history_find(const struct history *h,
	const char *path);

/*
 * Put what the walk learned of new commits in .git/handoff/ for the next
 * walk: called once the caller's pass has succeeded, so that a command
 * that fails leaves the repository as it was. handoff__history_free() without it
 * drops it.
 */
void handoff__history_keep(struct history *h);

void handoff__history_free(struct history *h);

/*
 * `s` kept with the history's strings, for a version made after the
 * walk (worktree.c, receipts.c); NULL when out of memory.
 */
const char *handoff__history_str(struct history *h, const char *s);

/*
 * worktree.c: each of `paths` (repository-relative) gets a last version
 * from the work tree, as if committed now, unless it is as committed;
 * its blob lives in memory only. A path with no history yet becomes a
 * record of one version.
 */
struct handoff_repo;
int handoff__history_add_worktree(struct history *h, const struct handoff_repo *repo,
	const char *const *paths, size_t npaths);

#endif
