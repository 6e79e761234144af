/* tempfile.h - files that must not outlive the process: temporaries and lock
 * files are removed when it dies of a signal that can be caught. */
#ifndef TZ_TEMPFILE_H
#define TZ_TEMPFILE_H

/*
 * Register path (copied) to be unlinked if the process is ended by SIGHUP,
 * SIGINT, SIGQUIT, SIGTERM or SIGPIPE before tz_tempfile_forget; the signal
 * is then raised again with its default action, so the exit status is the
 * usual one. The first call installs the handlers. Returns a slot number for
 * tz_tempfile_forget, or -1 (nothing registered) when the path is too long or
 * all slots are taken. Register from one thread only.
 */
int tz_tempfile_register(const char *path);

/* Stop watching a slot from tz_tempfile_register (does not unlink it);
 * a negative slot is ignored. */
void tz_tempfile_forget(int slot);

#endif
