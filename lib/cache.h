/*
 * The assessments of the last run, kept in .git/handoff/assessments so
 * that a second `status` or `report` with nothing new in the history
 * reads one file instead of walking every commit. The key is a hash of
 * everything the answer depends on: the tip commit's id (a new commit or
 * a rewritten history changes it), the config and every kind's schema as
 * this run reads them, the clock options and the tool's version.
 */
#ifndef HANDOFF_CACHE_H
#define HANDOFF_CACHE_H

#include "assess.h"

struct source;

/* The key for this run in `key` (hex), or "" when there is nothing to key on. */
int cache_key(char *key, struct source *src, const handoff_assess_options *opts);

/* 0 when the cache held `key` and `a` now holds its assessments. */
int cache_read(handoff_assessments *a, handoff_repo *repo, const char *key);
int cache_write(const handoff_assessments *a, handoff_repo *repo, const char *key);

#endif
