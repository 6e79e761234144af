/* error.c - the last machinery error of each thread, kept as text because
 * libgit2's and SQLite's own error state is overwritten by the next call. */
#include <stdarg.h>
#include <stdio.h>
#include "error.h"

/* One per thread, as libgit2's git_error_last(): a worker's failure never
 * overwrites the message another thread is about to print. */
static _Thread_local char last[1024];

int tz_error_set(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(last, sizeof(last), fmt, ap);
	va_end(ap);
	return -1;
}

const char *tz_error_last(void)
{
	return last[0] ? last : "unknown error";
}
