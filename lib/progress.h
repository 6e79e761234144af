/* progress.h - how far a long job is, for a tool to show: the library
 * counts, the tool draws. As git's progress.h, a job is given a
 * `struct tz_progress *` that is NULL when nobody is watching (quiet, or
 * stderr is not a terminal); start, update and stop do nothing then. The
 * library never prints: the drawer is the tool's (ops). */
#ifndef TZ_PROGRESS_H
#define TZ_PROGRESS_H
#include <stddef.h>

/* Which job is counting, so that the drawer says it in its words. */
enum tz_progress_job {
	TZ_PROGRESS_INDEX,	/* the index reads the files that changed */
	TZ_PROGRESS_HISTORY,	/* the history indexes commits (no total) */
	TZ_PROGRESS_CHECK,	/* validation checks records */
};

struct tz_progress;

/* The tool's drawer: draw shows p's state (called by start and update),
 * stop takes the line away or finishes it (called once per job). */
struct tz_progress_ops {
	void (*draw)(struct tz_progress *p);
	void (*stop)(struct tz_progress *p);
};

struct tz_progress {
	const struct tz_progress_ops *ops;
	void *payload;			/* the drawer's */
	/* set by the calls below, read by the drawer */
	enum tz_progress_job job;
	size_t done, total;		/* total 0: not known */
	int running;			/* between start and stop */
	int shown;			/* the drawer's: something is on screen */
};

/* Start job on p with total steps (0: not known) at 0 done. */
void tz_progress_start(struct tz_progress *p, enum tz_progress_job job, size_t total);

/* done steps of the job are done (capped at the total). The caller calls it
 * now and then, from one thread. */
void tz_progress_update(struct tz_progress *p, size_t done);

/* The job ended (or failed): the drawer clears or finishes its line. A
 * second stop, or one without a start, does nothing. */
void tz_progress_stop(struct tz_progress *p);

#endif
