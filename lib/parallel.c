/* parallel.c - starting and joining worker threads, and choosing how many:
 * the policy every parallel phase of the library shares. */
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>
#include "buf.h"
#include "parallel.h"

struct thread {
	struct tz_parallel *group;
	pthread_t id;
	size_t i;
	int started;
};

struct tz_parallel {
	void (*fn)(size_t i, void *payload);
	void *payload;
	size_t n;
	struct thread *threads;
};

size_t tz_parallel_threads(size_t njobs, size_t min_jobs)
{
	const char *env = getenv("TZ_THREADS");
	long ncpu = env && *env ? strtol(env, NULL, 10) : sysconf(_SC_NPROCESSORS_ONLN);

	if (njobs < min_jobs || ncpu < 2)
		return 1;
	return ncpu > TZ_PARALLEL_MAX ? TZ_PARALLEL_MAX : (size_t)ncpu;
}

static void *run(void *arg)
{
	struct thread *t = arg;

	t->group->fn(t->i, t->group->payload);
	return NULL;
}

struct tz_parallel *tz_parallel_start(size_t n, void (*fn)(size_t i, void *payload), void *payload)
{
	/* the signals that end a program (tempfile.c removes its lock and
	 * temporary files on them) go to the thread that started the work, as
	 * in a program of one thread: a handler running in a worker would race
	 * with the main thread still writing those files */
	static const int ends[] = { SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGPIPE };
	struct tz_parallel *p = tz_calloc(1, sizeof(*p));
	sigset_t block, old;

	sigemptyset(&block);
	for (size_t i = 0; i < sizeof(ends) / sizeof(*ends); i++)
		sigaddset(&block, ends[i]);
	pthread_sigmask(SIG_BLOCK, &block, &old);	/* inherited by the threads */
	p->fn = fn;
	p->payload = payload;
	p->n = n;
	p->threads = tz_calloc(n ? n : 1, sizeof(*p->threads));
	for (size_t i = 0; i < n; i++) {
		p->threads[i].group = p;
		p->threads[i].i = i;
		p->threads[i].started = pthread_create(&p->threads[i].id, NULL, run, &p->threads[i]) == 0;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return p;
}

size_t tz_parallel_started(const struct tz_parallel *p)
{
	size_t n = 0;

	for (size_t i = 0; i < p->n; i++)
		n += p->threads[i].started;
	return n;
}

void tz_parallel_join(struct tz_parallel *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n; i++) {
		if (p->threads[i].started)
			pthread_join(p->threads[i].id, NULL);
		else
			p->fn(i, p->payload);
	}
	free(p->threads);
	free(p);
}

void tz_parallel_run(size_t n, void (*fn)(size_t i, void *payload), void *payload)
{
	tz_parallel_join(tz_parallel_start(n, fn, payload));
}
