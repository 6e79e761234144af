/* durable.h - replacing a file so that a crash, a power cut or a kill leaves
 * either its old or its new contents, never a mix and never an empty file. */
#ifndef TZ_DURABLE_H
#define TZ_DURABLE_H
#include <stddef.h>

/* tz_durable_write flags */
enum {
	/* path must not exist yet: it is created with link(2), which fails
	 * atomically when another process made it first */
	TZ_DURABLE_NEW = 1 << 0,
};

/*
 * Write data[0..len) to path, in these steps, each checked:
 *   1. create ".NAME.tz-PID-N" in path's folder (O_EXCL; mode 0666 less the
 *      umask, or the mode of the file it replaces), registered with
 *      tempfile.h so a catchable signal removes it;
 *   2. write all of data, fsync, close;
 *   3. rename it over path (TZ_DURABLE_NEW: link it to path, unlink it);
 *   4. fsync path's folder, so the new name survives a crash too.
 * A symlink at path is replaced, never followed. The temporary file starts
 * with '.', so a SIGKILL at the wrong moment leaves a file that tz ignores.
 *
 * Returns 0 when path has the new contents durably; 1 (nothing written) with
 * TZ_DURABLE_NEW when path already exists; -1 with tz_error_last() set on
 * any failure, after which path is unchanged and no temporary file is left
 * (except when step 4 fails: the new contents are in place, but not yet
 * durable). Safe to call from several processes at once.
 */
int tz_durable_write(const char *path, const void *data, size_t len, unsigned flags);

/*
 * rename(from, to), then fsync the folder of `to` (and that of `from`
 * when it differs), for a file whose contents were already written and
 * fsync'd by the caller. Returns 0, or -1 with tz_error_last() set.
 */
int tz_durable_rename(const char *from, const char *to);

/* fsync the folder that holds path ("a/b" -> "a", "b" -> "."). Returns 0, or
 * -1 with tz_error_last() set. */
int tz_durable_sync_dir(const char *path);

/*
 * Copy the file at from (a symbolic link is refused, never followed) to the
 * new file to, with tz_durable_write(TZ_DURABLE_NEW): a file already at to
 * is never replaced. Returns 0, or -1 with tz_error_last() set (from cannot
 * be read, to exists, or the write failed).
 */
int tz_durable_copy(const char *from, const char *to);

/*
 * Make the folder path and every folder above it that is missing, as
 * mkdir -p does (mode 0777 less the umask); folders that exist are fine.
 * Returns 0, or -1 with tz_error_last() set ("cannot make DIR: why").
 */
int tz_durable_mkdirs(const char *path);

/*
 * Write data[0..len) to a file the user named for output (tz report -o).
 * A regular file, or a new one, is replaced as by tz_durable_write; through
 * a symbolic link, the file it names is written (made, when the link
 * dangles) and the link kept. Any
 * other file (/dev/null, /dev/stdout, a FIFO, a terminal) is opened and
 * written as it is, never replaced: tz run as root must not turn /dev/null
 * into a regular file. A folder is refused. Returns 0, or -1 with
 * tz_error_last() set: the reason alone, for a caller's "cannot write
 * PATH: REASON", or tz_durable_write's message.
 */
int tz_output_write(const char *path, const void *data, size_t len);

/* The contents of the file from (a symbolic link is refused) written to to
 * as by tz_output_write. Returns 0, or -1 with tz_error_last() set. */
int tz_output_copy(const char *from, const char *to);

#endif
