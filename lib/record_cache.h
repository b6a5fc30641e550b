/*
 * The parses of one record's versions within a pass, by blob and path:
 * a version seen before (a revert, the same text again, the last version
 * that both the assessment and the events read) is neither read nor
 * parsed again.
 *
 * A parse handed out is pinned until it is given back; the cache keeps
 * at most RECORD_CACHE_KEEP parses that are not pinned, dropping the
 * least recently used, so its memory is that of a few versions of one
 * record however long the history. A pass keeps one cache per record
 * and releases it when it is done with that record.
 */
#ifndef HANDOFF_RECORD_CACHE_H
#define HANDOFF_RECORD_CACHE_H

#include <git2.h>

#include "record.h"

#define RECORD_CACHE_KEEP 4

/* The record in blob `id` (named `path`); NULL for a zero id (no record). */
int handoff__history_load(struct record **out, git_repository *git, const git_oid *id,
	const char *path);

struct record_cache_entry {
	git_oid id;
	struct record *rec;	/* its path is the key's path */
	unsigned int pins;
	unsigned long used;	/* when last handed out */
	int altered;		/* the holder's own: never handed out again */
};

struct record_cache {
	struct record_cache_entry *v;
	size_t n, alloc;
	unsigned long clock;
	size_t reads;		/* blobs read and parsed (the misses) */
	struct yaml_reuse *fronts;	/* the last front matter's blocks */
};

#define RECORD_CACHE_INIT { NULL, 0, 0, 0, 0, NULL }

/*
 * The record in blob `id` named `path`, pinned: read and parsed unless
 * the cache has it. *out is NULL for a zero id (no record), and nothing
 * is pinned then. Errors are history_load's.
 */
int handoff__record_cache_load(struct record **out, struct record_cache *c,
	git_repository *git, const git_oid *id, const char *path);

/*
 * Make *rec (pinned, from record_cache_load) the caller's to alter:
 * validation turns placeholders into nulls in place. It leaves the
 * cache's lookups, so that no later load hands out what was altered, and
 * when another holds it too, *rec becomes a fresh parse of the same blob
 * (the other keeps its own). Still given back with record_cache_unpin.
 */
int handoff__record_cache_own(struct record **rec, struct record_cache *c,
	git_repository *git, const git_oid *id);

/* Give back a parse record_cache_load handed out; NULL is a no-op. */
void handoff__record_cache_unpin(struct record_cache *c, const struct record *rec);

/* Free every parse; a pinned one must not be used after it. */
void handoff__record_cache_release(struct record_cache *c);

#endif
