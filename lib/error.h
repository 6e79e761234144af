/* error.h - the last machinery error (I/O, libgit2, SQLite), captured at once.
 * Data problems are findings (diag.h); this is for the failures of tools. */
#ifndef TZ_ERROR_H
#define TZ_ERROR_H

/* Record a formatted error message; always returns -1 so callers can write
 * `return tz_error_set(...)`. The message replaces the previous one. */
int tz_error_set(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Record the libgit2 error that just happened, prefixed by `what`; returns -1. */
int tz_error_git(const char *what);

/* The last message recorded by this thread, or "unknown error". Borrowed:
 * valid until this thread's next tz_error_set call. Each thread has its
 * own: a worker that fails hands its message to the thread that reports
 * it (tz_error_set("%s", copy)). */
const char *tz_error_last(void);

#endif
