/* progress.c - the counting half of progress; the drawing half is the
 * tool's (progress.h). */
#include "progress.h"

void tz_progress_start(struct tz_progress *p, enum tz_progress_job job, size_t total)
{
	if (!p)
		return;
	p->job = job;
	p->total = total;
	p->done = 0;
	p->running = 1;
	p->ops->draw(p);
}

void tz_progress_update(struct tz_progress *p, size_t done)
{
	if (!p || !p->running)
		return;
	p->done = p->total && done > p->total ? p->total : done;
	p->ops->draw(p);
}

void tz_progress_stop(struct tz_progress *p)
{
	if (!p || !p->running)
		return;
	p->running = 0;
	p->ops->stop(p);
}
