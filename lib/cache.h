/*
 * The assessments of the last run, kept in .git/handoff/assessments,
 * record by record: a record's assessment depends only on its versions
 * (their commits, blobs and paths), the config, every kind's schema and
 * the clock options, so a run after new commits measures again only the
 * records they changed. The file's key is a hash of what every record's
 * answer depends on (config, kinds, clock options, the tool's version);
 * each record's entry is named by a digest of its versions. Beside them,
 * the tip the whole answer was for and what history was visible then
 * (a shallow clone's boundary), so that a run with nothing new reads
 * the answer back without a walk.
 */
#ifndef HANDOFF_CACHE_H
#define HANDOFF_CACHE_H

#include "assess.h"
#include "cachefile.h"
#include "history.h"
#include "source.h"

struct source;

#define CACHE_DIGEST_SIZE (GIT_OID_HEXSZ + 1)

struct cached_record {
	char digest[CACHE_DIGEST_SIZE];
	handoff_assessments part;	/* its assessment (none or one) and notes */
};

struct assess_cache {
	char *tip;			/* the answer's tip and visible history */
	handoff_assessments head;	/* the notes of the history walk */
	struct cached_record *v;	/* in the order they were written */
	size_t n, alloc;
	struct cached_record **by_digest;	/* v sorted by digest */
};

/*
 * The key for this run in `key` and the tip it reads in `tip` (hex
 * each); `key` is "" when there is nothing to key on.
 */
int handoff__cache_key(char *key, char **tip, struct source *src,
	const handoff_assess_options *opts);
/* The same for another answer: `what` names it and its options. */
int handoff__cache_key_for(char *key, char **tip, struct source *src, const char *rev,
	const char *what);

/*
 * New receipts change the whole answer, not a record's: the commit of
 * the receipts' notes ref goes beside the tip in `*tip` (a record's
 * part is named by its versions' times, which the receipts set).
 */
int handoff__cache_tip_receipts(char **tip, git_repository *git);

/* The digest naming the answer for record `rh`. */
int handoff__cache_record_digest(char *out, const struct record_history *rh);

/*
 * The start of a run over `n` records whose parts a cache may hold:
 * `*parts` (n parts of `size` bytes, zeroed) and `*known`; when `keyed`,
 * each record's digest in `*digests`, and when `cache` is not NULL the
 * part `find` returns for that digest moved into (*parts)[i] (its place
 * in the cache zeroed: a digest names one record) with (*known)[i] set;
 * then the cache, spent, is released by `release`. On error the caller
 * frees what was allocated, as after success.
 */
int handoff__cache_run_start(void **parts, unsigned char **known,
	char (**digests)[CACHE_DIGEST_SIZE], const struct record_history *records,
	size_t n, size_t size, int keyed, void *cache,
	void *(*find)(void *cache, const char *digest), void (*release)(void *cache));

/*
 * 0 when the cache held `key` (and was for `tip`, unless that is NULL)
 * and `c` now holds it, each part with its place in the file, which `r`
 * is left open on (the caller closes it); else HANDOFF_ENOTFOUND. c and
 * r are zeroed first.
 */
int handoff__cache_read(struct assess_cache *c, struct cache_reader *r,
	handoff_repo *repo, const char *key, const char *tip);
/* The cached answer for a record of this digest, or NULL. */
handoff_assessments *handoff__cache_find(struct assess_cache *c, const char *digest);
void handoff__cache_release(struct assess_cache *c);

/*
 * `head`'s notes, then each record's part under its digest; a part read
 * from the file `old` holds is copied from it as it was written.
 */
int handoff__cache_write(handoff_repo *repo, const char *key, const char *tip,
	const handoff_assessments *head, const handoff_assessments *parts,
	const char (*digests)[CACHE_DIGEST_SIZE], size_t n, const struct cache_reader *old);

#endif
