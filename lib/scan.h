/* scan.h - listing a working tree folder with its files' lstat data, the
 * stat calls spread over the processors as git's preload-index does, and
 * the files handed over in order while the rest are still being statted. */
#ifndef TZ_SCAN_H
#define TZ_SCAN_H
#include <sys/stat.h>

enum {
	TZ_SCAN_HIDDEN = 1 << 0,	/* names starting with '.' too (never
					   ".git"); without it they are skipped */
	TZ_SCAN_SKIP_NESTED = 1 << 1,	/* skip folders that hold a .git */
	TZ_SCAN_MISSING_OK = 1 << 2,	/* a file gone before its stat is
					   skipped, not an error */
};

/* Called for each file (anything but a folder) with its repository path,
 * its name within its folder and its lstat data (all borrowed for the
 * call). A non-zero return stops the scan and is returned by it. */
typedef int (*tz_scan_fn)(const char *path, const char *name, const struct stat *st, void *payload);

/*
 * Scan the folder open as dirfd (taken over: closed by the scan), whose
 * repository path is dir ("records"), recursively, never following
 * symbolic links. Each folder's names are visited in strcmp order, a
 * subfolder where its name sorts. fn runs in the calling thread, in that
 * order, while other threads stat the files that follow. Returns 0, fn's
 * non-zero return, or -1 with tz_error_last() set when a folder cannot be
 * read or a file cannot be statted.
 */
int tz_scan(int dirfd, const char *dir, unsigned flags, tz_scan_fn fn, void *payload);

#endif
