/* db.h - the SQLite file of a records repository: where it is, how every
 * connection to it is opened, what damage is, its key-value tables, and the
 * read-only sandbox in which statements from outside run. */
#ifndef TZ_DB_H
#define TZ_DB_H
#include <sqlite3.h>
#include "buf.h"
#include "repo.h"

/*
 * One file, $GIT_DIR/taizhang/index.sqlite, holds the record index
 * (index.h) and the history tables (history.h). Every connection to it
 * comes from tz_db_open, so all of them wait for each other the same way:
 * a busy timeout of TZ_DB_BUSY_TIMEOUT_MS, and the same wait for the one
 * statement SQLite does not wait for by itself (switching a new file to
 * WAL). A writer holds its lock for a whole refresh, which can take a
 * while on a large ledger: the timeout is generous.
 */
#define TZ_DB_BUSY_TIMEOUT_MS 120000

enum {
	TZ_DB_READONLY = 1 << 0,	/* open read-only, with PRAGMA query_only */
};

/* Append the index file's path for repo to out, making $GIT_DIR/taizhang
 * when it is missing. Returns 0, or -1 with tz_error_last() set when the
 * folder cannot be made (the caller may fall back to memory). */
int tz_db_path(struct tz_buf *out, const struct tz_repo *repo);

/*
 * Open the SQLite file at path (":memory:" for a database in memory) with
 * flags (TZ_DB_*): never through a symbolic link, with the busy timeout;
 * a file opened for writing is put in WAL mode with synchronous = NORMAL,
 * waiting as long as the busy timeout when other connections hold it (a
 * new file's switch to WAL fails at once in SQLite otherwise). Returns
 * SQLITE_OK and sets *out (close with sqlite3_close), or an SQLite error
 * code with tz_error_last() set ("index cannot be opened: ..." or "index
 * statement failed: ...") and *out NULL.
 */
int tz_db_open(sqlite3 **out, const char *path, unsigned flags);

/* Whether an SQLite error code says the file is damaged (not a database,
 * corrupt): the caller removes it (tz_db_remove) and builds it again. */
int tz_db_is_damage(int sqlite_rc);

/* Whether an SQLite error code says the file cannot be written here (read
 * only, no permission, disk full, I/O), not that it is broken: the caller
 * may keep its data in memory instead. */
int tz_db_is_unwritable(int sqlite_rc);

/* Remove the file at path and its -wal, -shm and -journal companions. */
void tz_db_remove(const char *path);

/*
 * A key-value table of db: table(key TEXT PRIMARY KEY, value TEXT), such as
 * tz_meta or history_state. tz_db_meta_get writes the value of key into out
 * and returns 0, or returns 1 when the key or the table is absent (out is
 * empty), or -1 with tz_error_last() set. tz_db_meta_set writes it (NULL
 * deletes the key) and returns 0 or -1. table is a trusted name.
 */
int tz_db_meta_get(sqlite3 *db, const char *table, const char *key, struct tz_buf *out);
int tz_db_meta_set(sqlite3 *db, const char *table, const char *key, const char *value);

/*
 * The sandbox for statements from outside (tz sql): make db read only for
 * every statement prepared from now on. The FTS3 tokenizer function (which
 * hands out and takes raw pointers) is turned off, SQLite's defensive mode
 * on, every virtual table connected while that is still allowed, and an
 * authorizer set that allows reading tables, the read-only pragmas and an
 * explicit list of functions, and denies everything else. Returns 0, or -1
 * with tz_error_last() set. The connection should also be read only
 * (TZ_DB_READONLY): the sandbox is a second wall, not the only one.
 */
int tz_db_sandbox(sqlite3 *db);

/* The sandbox's authorizer (sqlite3_set_authorizer's callback), for tests:
 * SQLITE_OK or SQLITE_DENY. */
int tz_db_authorize(void *payload, int action, const char *a, const char *b,
		    const char *db, const char *trigger);

/*
 * Prepare the one statement in sql on a sandboxed db into *out. Returns 0,
 * or -1 with tz_error_last() set and *out NULL: "only statements that read
 * are allowed (...)", "one statement at a time", "no statement to run", or
 * SQLite's message for a statement that is not valid.
 */
int tz_db_prepare_sandboxed(sqlite3_stmt **out, sqlite3 *db, const char *sql);

#endif
