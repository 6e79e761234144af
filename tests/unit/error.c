/* error.c - unit tests of the last error: each thread keeps its own. */
#include <pthread.h>
#include <string.h>
#include "error.h"
#include "tap.h"

static pthread_barrier_t both_set;
static char seen[2][64];

static void *thread(void *arg)
{
	long i = (long)arg;

	tz_error_set("thread %ld failed", i);
	pthread_barrier_wait(&both_set);	/* the other thread has set its own by now */
	snprintf(seen[i], sizeof(seen[i]), "%s", tz_error_last());
	return NULL;
}

static void test_error__per_thread(void)
{
	pthread_t t[2];

	is_str(tz_error_last(), "unknown error", "nothing recorded yet");
	is_int(tz_error_set("main %s", "failed"), -1, "tz_error_set returns -1");
	pthread_barrier_init(&both_set, NULL, 2);
	for (long i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, thread, (void *)i);
	for (long i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	pthread_barrier_destroy(&both_set);
	is_str(seen[0], "thread 0 failed", "a thread reads its own error");
	is_str(seen[1], "thread 1 failed", "and so does the other, set at the same time");
	is_str(tz_error_last(), "main failed", "the main thread's error is untouched by the workers");
}

int main(void)
{
	test_error__per_thread();
	return tap_done();
}
