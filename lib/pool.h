/*
 * Independent jobs 0..count-1 on as many threads as there are
 * processors: validating many files, measuring or auditing every record
 * of a history. Each job writes only its own result; the caller puts
 * the results together in order afterwards, so the outcome is the same
 * for any number of threads.
 */
#ifndef HANDOFF_POOL_H
#define HANDOFF_POOL_H

#include <stddef.h>

struct pool_ops {
	/* job i, on whichever thread; < 0 stops the pool (with its error) */
	int (*job)(size_t i, void *thread_state, void *payload);
	/* optional: each thread's own state (a repository of its own), made
	   and freed on that thread; NULL means none is needed */
	int (*enter)(void **thread_state, void *payload);
	void (*leave)(void *thread_state, void *payload);
};

/*
 * Run the jobs, at least `min_each` per thread, on at most 8 threads
 * (GIT_HANDOFF_THREADS=N sets the number; 1 runs them all here). Returns
 * 0, or the error of the first job that failed, with its message.
 */
int handoff__pool_run(size_t count, size_t min_each, const struct pool_ops *ops,
	void *payload);
/* How many threads a pool may have: GIT_HANDOFF_THREADS, else the processors. */
size_t handoff__pool_processors(void);

#endif
