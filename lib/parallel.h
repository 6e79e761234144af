/* parallel.h - worker threads: how many to use, and starting and joining
 * them. The one thread pool of the library (index refresh, validation). */
#ifndef TZ_PARALLEL_H
#define TZ_PARALLEL_H
#include <stddef.h>

/* At most this many workers, whatever the number of processors. */
#define TZ_PARALLEL_MAX 8

/* How many threads to use for njobs jobs: 1 (the caller alone) when there
 * are fewer than min_jobs or one processor, else one per processor, at
 * most TZ_PARALLEL_MAX. The environment variable TZ_THREADS, when set and
 * not empty, is taken as the number of processors (tests run the one- and
 * the many-thread paths on any machine with it, TZ_THREADS=1 turns the
 * workers off). */
size_t tz_parallel_threads(size_t njobs, size_t min_jobs);

/* Workers started by tz_parallel_start; freed by tz_parallel_join. */
struct tz_parallel;

/*
 * Start n threads, each calling fn(i, payload) with its number i in
 * [0, n). Returns the running group (never NULL). A thread that cannot be
 * created is not an error: its fn(i, payload) runs in the caller at
 * tz_parallel_join instead, so every i runs exactly once either way. fn
 * must not print or exit; it reports a failure through payload (and copies
 * tz_error_last(), which is per thread).
 */
struct tz_parallel *tz_parallel_start(size_t n, void (*fn)(size_t i, void *payload), void *payload);

/* How many of p's threads did start (the others run at tz_parallel_join):
 * a caller that feeds its workers and waits for them needs at least one. */
size_t tz_parallel_started(const struct tz_parallel *p);

/* Wait for every thread of p, run the calls that got no thread, and free p.
 * NULL is a no-op. */
void tz_parallel_join(struct tz_parallel *p);

/* tz_parallel_start then tz_parallel_join: fn(i, payload) for every i in
 * [0, n), in parallel, returning when all are done. */
void tz_parallel_run(size_t n, void (*fn)(size_t i, void *payload), void *payload);

#endif
