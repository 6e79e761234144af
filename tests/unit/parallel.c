/* parallel.c - unit tests of the worker threads: every worker runs once,
 * on its own thread, and the thread count follows the policy. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "parallel.h"
#include "tap.h"

#define N 6

struct job {
	int runs[N];
	pthread_t who[N];
};

static void count(size_t i, void *payload)
{
	struct job *j = payload;

	__atomic_add_fetch(&j->runs[i], 1, __ATOMIC_SEQ_CST);
	j->who[i] = pthread_self();
}

static void test_parallel__each_once(void)
{
	struct job j;
	struct tz_parallel *p;
	int distinct = 1;

	memset(&j, 0, sizeof(j));
	tz_parallel_run(N, count, &j);
	for (size_t i = 0; i < N; i++)
		is_int(j.runs[i], 1, "worker %zu ran once", i);
	for (size_t i = 0; i < N; i++)
		for (size_t k = i + 1; k < N; k++)
			if (pthread_equal(j.who[i], j.who[k]))
				distinct = 0;
	ok(distinct, "on %d threads of their own", N);

	memset(&j, 0, sizeof(j));
	p = tz_parallel_start(N, count, &j);
	is_int(tz_parallel_started(p), N, "all %d started", N);
	tz_parallel_join(p);
	for (size_t i = 0; i < N; i++)
		is_int(j.runs[i], 1, "worker %zu ran once after start and join", i);
	tz_parallel_join(NULL);
	tz_parallel_run(0, count, &j);
	ok(1 == j.runs[0], "no workers: nothing runs");
}

static void test_parallel__threads(void)
{
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	size_t want = ncpu < 2 ? 1 : ncpu > TZ_PARALLEL_MAX ? TZ_PARALLEL_MAX : (size_t)ncpu;

	is_int(tz_parallel_threads(10, 512), 1, "few jobs: the caller alone");
	is_int(tz_parallel_threads(512, 512), want, "enough jobs: one per processor (%ld), at most %d",
	       ncpu, TZ_PARALLEL_MAX);
}

static void test_parallel__threads_env(void)
{
	setenv("TZ_THREADS", "3", 1);
	is_int(tz_parallel_threads(512, 512), 3, "TZ_THREADS=3: three, whatever the machine");
	is_int(tz_parallel_threads(10, 512), 1, "and still the caller alone for few jobs");
	setenv("TZ_THREADS", "1", 1);
	is_int(tz_parallel_threads(512, 512), 1, "TZ_THREADS=1: the caller alone");
	setenv("TZ_THREADS", "100", 1);
	is_int(tz_parallel_threads(512, 512), TZ_PARALLEL_MAX, "TZ_THREADS=100: at most %d", TZ_PARALLEL_MAX);
	setenv("TZ_THREADS", "", 1);
	test_parallel__threads();	/* empty: the machine's */
	unsetenv("TZ_THREADS");
}

int main(void)
{
	test_parallel__each_once();
	test_parallel__threads();
	test_parallel__threads_env();
	return tap_done();
}
