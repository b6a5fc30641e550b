/*
 * The thread pool of pool.h. Jobs are handed out in order from one
 * counter; after a failure no new job starts, and the failure with the
 * lowest index is the one reported (a job's error message is its
 * thread's, so it is copied out before the thread ends).
 */
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "common.h"
#include "environment.h"
#include "node.h"
#include "pool.h"
#include "regex.h"

#define POOL_MAX 8

struct pool {
	const struct pool_ops *ops;
	void *payload;
	size_t count, next, failed_at;
	int err, klass;
	char *message;
	pthread_mutex_t lock;
};

static void fail(struct pool *p, size_t i, int err)
{
	pthread_mutex_lock(&p->lock);
	if (!p->err || i < p->failed_at) {
		free(p->message);
		p->message = handoff__strdup(handoff_error_last()->message);
		p->klass = handoff_error_last()->klass;
		p->err = err;
		p->failed_at = i;
	}
	pthread_mutex_unlock(&p->lock);
}

static void work(struct pool *p)
{
	void *state = NULL;
	int err;

	if (p->ops->enter && (err = p->ops->enter(&state, p->payload)) < 0) {
		fail(p, 0, err);
		return;
	}
	for (;;) {
		size_t i;

		pthread_mutex_lock(&p->lock);
		i = p->err ? p->count : p->next++;
		pthread_mutex_unlock(&p->lock);
		if (i >= p->count)
			break;
		if ((err = p->ops->job(i, state, p->payload)) < 0)
			fail(p, i, err);
	}
	if (p->ops->leave)
		p->ops->leave(state, p->payload);
}

static void *work_thread(void *payload)
{
	work(payload);
	handoff__regex_thread_release();
	handoff__doc_thread_release();
	return NULL;
}

size_t handoff__pool_processors(void)
{
	unsigned int threads = handoff__env()->threads;
	long n = threads ? (long)threads : sysconf(_SC_NPROCESSORS_ONLN);

	return n > POOL_MAX ? POOL_MAX : n > 1 ? (size_t)n : 1;
}

static size_t threads_for(size_t count, size_t min_each)
{
	long n = (long)handoff__pool_processors();

	if (min_each && n > (long)(count / min_each))
		n = (long)(count / min_each);
	return n > 1 ? (size_t)n : 1;
}

int handoff__pool_run(size_t count, size_t min_each, const struct pool_ops *ops,
	void *payload)
{
	pthread_t tid[POOL_MAX];
	struct pool p;
	size_t i, started = 0, threads = threads_for(count, min_each);

	memset(&p, 0, sizeof(p));
	p.ops = ops;
	p.payload = payload;
	p.count = count;
	pthread_mutex_init(&p.lock, NULL);
	for (i = 1; i < threads; i++)
		if (pthread_create(&tid[started], NULL, work_thread, &p) == 0)
			started++;
	work(&p);		/* this thread too */
	for (i = 0; i < started; i++)
		pthread_join(tid[i], NULL);
	pthread_mutex_destroy(&p.lock);
	if (p.err)
		handoff__error_set(p.klass, "%s", p.message ? p.message : "");
	free(p.message);
	return p.err;
}
