/* progress.c - unit tests of the counting half of progress: what the
 * drawer is shown, and nothing at all for a NULL progress. */
#include <stdio.h>
#include <string.h>
#include "progress.h"
#include "tap.h"

static char seen[256];

static void draw(struct tz_progress *p)
{
	size_t n = strlen(seen);
	snprintf(seen + n, sizeof(seen) - n, "d%zu/%zu ", p->done, p->total);
}

static void stop(struct tz_progress *p)
{
	size_t n = strlen(seen);
	snprintf(seen + n, sizeof(seen) - n, "stop ");
}

static const struct tz_progress_ops ops = { draw, stop };

static void test_progress__calls(void)
{
	struct tz_progress p = { &ops, NULL, TZ_PROGRESS_INDEX, 0, 0, 0, 0 };

	seen[0] = '\0';
	tz_progress_update(&p, 3);
	is_str(seen, "", "no update before a start");
	tz_progress_start(&p, TZ_PROGRESS_CHECK, 10);
	tz_progress_update(&p, 4);
	tz_progress_update(&p, 12);
	tz_progress_stop(&p);
	tz_progress_stop(&p);
	tz_progress_update(&p, 5);
	is_str(seen, "d0/10 d4/10 d10/10 stop ", "start draws 0, updates cap at the total, one stop");
	is_int(p.job, TZ_PROGRESS_CHECK, "the drawer knows the job");
	seen[0] = '\0';
	tz_progress_start(&p, TZ_PROGRESS_HISTORY, 0);
	tz_progress_update(&p, 4096);
	is_str(seen, "d0/0 d4096/0 ", "no total: no cap");
}

static void test_progress__null(void)
{
	tz_progress_start(NULL, TZ_PROGRESS_INDEX, 5);
	tz_progress_update(NULL, 1);
	tz_progress_stop(NULL);
	ok(1, "a NULL progress is quiet");
}

int main(void)
{
	test_progress__calls();
	test_progress__null();
	return tap_done();
}
