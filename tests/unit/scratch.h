/* scratch.h - a scratch repository for unit tests that need files and git:
 * write a file (its folders made), run a shell command in it, remove it. */
#ifndef TZ_TEST_SCRATCH_H
#define TZ_TEST_SCRATCH_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "buf.h"
#include "tap.h"

/* Write text to dir/rel, making the folders on the way. */
static inline void scratch_write(const char *dir, const char *rel, const char *text)
{
	struct tz_buf p = TZ_BUF_INIT;
	FILE *f;

	tz_buf_printf(&p, "%s/%s", dir, rel);
	for (char *s = p.ptr + strlen(dir) + 1; *s; s++)
		if (*s == '/') {
			*s = '\0';
			mkdir(p.ptr, 0777);
			*s = '/';
		}
	f = fopen(p.ptr, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
	tz_buf_release(&p);
}

/* Run the shell command cmd in dir, quietly; returns system()'s status. */
static inline int scratch_run(const char *dir, const char *cmd)
{
	struct tz_buf c = TZ_BUF_INIT;
	int rc;

	tz_buf_printf(&c, "cd '%s' && %s >/dev/null 2>&1", dir, cmd);
	rc = system(c.ptr);
	tz_buf_release(&c);
	return rc;
}

/* Remove dir, unless $TZ_KEEP is set (to look at it after a failure). */
static inline void scratch_remove(const char *dir)
{
	struct tz_buf c = TZ_BUF_INIT;

	tz_buf_printf(&c, "rm -rf '%s'", dir);
	if (!getenv("TZ_KEEP") && system(c.ptr) != 0)
		ok(0, "remove %s", dir);
	tz_buf_release(&c);
}

#endif
