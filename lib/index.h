/* index.h - the SQLite index of a records repository: a cache of the record
 * files, kept fresh incrementally, that queries and SQL users read. */
#ifndef TZ_INDEX_H
#define TZ_INDEX_H
#include <stddef.h>
#include <sqlite3.h>
#include "buf.h"
#include "progress.h"
#include "repo.h"
#include "schema.h"

/*
 * The database (DESIGN.md "The index"), at $GIT_DIR/taizhang/index.sqlite:
 *
 *   TYPE(_rowid, id, FIELD..., _raw)      one row per record, one typed column
 *                                     per field: INTEGER (int), NUMERIC
 *                                     (decimal), TEXT (the rest; dates as
 *                                     YYYY-MM-DD). A value the field's type
 *                                     cannot compare (an int "abc", a date
 *                                     "2026-13-01") is kept as a BLOB of its
 *                                     text. _raw holds, as a JSON object, the
 *                                     numbers SQLite would write otherwise
 *                                     ("12.50", "007") as the file has them.
 *                                     A multiple ref keeps its list as
 *                                     written, and its items in
 *   TYPE_FIELD(_rec, _ord, value)     one row per item (_rec = TYPE._rowid)
 *   TYPE_PART(_rowid, _rec, _key, FIELD..., _raw)  one row per part entry
 *   TYPE_PART_FIELD(_rec, _ord, value)       items of a multiple ref in a part
 *   TYPE_fts                          FTS5 trigram index of TYPE's text fields
 *                                     (external content, rowid = _rowid)
 *   tz_files(fid, path, type, id, oid, mtime, ctime, size, ino, skip)
 *                                     every file below records/; fid is the
 *                                     record's _rowid; skip says why a file
 *                                     is not indexed (NULL when it is)
 *   tz_meta(key, value), tz_tables(name)   format, schema hash, and the
 *                                     tables this module made (a rebuild
 *                                     drops only those: other modules keep
 *                                     their own tables, history_*, here)
 */

struct tz_index;

enum {
	TZ_INDEX_REBUILD = 1 << 0,	/* drop everything and read every file */
	TZ_INDEX_READONLY = 1 << 1,	/* hand out a connection that cannot write */
};

struct tz_index_stats {
	size_t files;		/* files below records/ */
	size_t records;		/* records in the index */
	size_t skipped;		/* files that are not indexed (see tz_index_skipped) */
	size_t hashed;		/* files read because their stat data changed */
	size_t parsed;		/* records (re)parsed */
	size_t removed;		/* records that left the index */
	size_t renamed;		/* records moved to a new path, not re-parsed */
	int rebuilt;		/* 1 when the index was built from nothing */
	int in_memory;		/* 1 when it lives in memory only (no writable
				   index file, or a revision) */
	int schema_errors;	/* findings of severity error in the schema */
};

/* What tz_index_open may be told; start from TZ_INDEX_OPTS_INIT. */
struct tz_index_opts {
	unsigned int version;		/* TZ_INDEX_OPTS_VERSION */
	unsigned int flags;		/* TZ_INDEX_* */
	struct tz_progress *progress;	/* files read so far (progress.h,
					   TZ_PROGRESS_INDEX); NULL: quiet */
};

#define TZ_INDEX_OPTS_VERSION 1
#define TZ_INDEX_OPTS_INIT { TZ_INDEX_OPTS_VERSION, 0, NULL }

/*
 * Open the index of repo and bring it up to date with the working tree (rev
 * NULL) or build one in memory from revision rev. A missing, damaged or
 * outdated (other schema) index file is rebuilt; when the file cannot be
 * written the index is built in memory instead. Refreshing runs in one
 * BEGIN IMMEDIATE transaction, so concurrent processes see either state.
 * Only files whose stat data changed are read (on every processor, by
 * worker threads that end before this returns), and only those whose blob
 * id changed are parsed. opts may be NULL (TZ_INDEX_OPTS_INIT). Returns 0
 * and sets *out (free with tz_index_free), or -1 with tz_error_last() set
 * (no repository, no schema, I/O, SQLite, opts of an unknown version).
 */
int tz_index_open(struct tz_index **out, struct tz_repo *repo, const char *rev,
		  const struct tz_index_opts *opts);

void tz_index_free(struct tz_index *ix);

/* The connection, valid until tz_index_free. It has the functions the
 * compiled queries use (sqlq.h) and a busy timeout. */
sqlite3 *tz_index_db(const struct tz_index *ix);

/* The schema the index was built for, borrowed until tz_index_free. */
const struct tz_schema *tz_index_schema(const struct tz_index *ix);

const struct tz_index_stats *tz_index_stats(const struct tz_index *ix);

/* "index.sqlite was damaged (file is not a database); rebuilt it" and the
 * like: one line for the user about what happened to the cache, or NULL. */
const char *tz_index_notice(const struct tz_index *ix);

/* One line saying how many files below records/ are not in the index and
 * why, e.g. `2 files not indexed: records/issues/x.ini: no [issue] section;
 * records/units/a b.ini: ID "a b" may only have ...`, or NULL when none is. */
const char *tz_index_skipped(const struct tz_index *ix);

/* The path of the index file, or ":memory:". Borrowed. */
const char *tz_index_path(const struct tz_index *ix);

struct tz_rows;
struct tz_sqlq;
struct tz_calendar;

/*
 * Statements on the index, whose rows the caller walks (rows.h) and frees
 * with tz_rows_free. Each returns 0 and sets *out, or -1 (TZ_ROWS_DAMAGED
 * when the file is damaged) with tz_error_last() set and *out NULL.
 *
 * tz_index_sql runs one statement from outside (tz sql) in the read-only
 * sandbox (db.h, tz_db_sandbox); the connection stays sandboxed.
 * tz_index_query runs a compiled query (sqlq.h) with its parameters bound;
 * its errors read "query failed: ...".
 */
int tz_index_sql(struct tz_rows **out, struct tz_index *ix, const char *sql);
int tz_index_query(struct tz_rows **out, struct tz_index *ix, const struct tz_sqlq *q);

/* Count workdays() in queries with calendar c (borrowed: it must outlive
 * ix's queries; NULL counts weekends only). 0, or -1 with tz_error_last(). */
int tz_index_use_calendar(struct tz_index *ix, struct tz_calendar *c);

/*
 * Call fn(table, rows, payload) for each table the index keeps for the
 * schema's records (a type's, its multiple refs', its parts' and their
 * multiple refs'), in schema order, with its number of rows. Stops when
 * fn returns non-zero and returns that; 0 when done, -1 with
 * tz_error_last() set ("cannot count TABLE: ...").
 */
typedef int (*tz_index_table_fn)(const char *table, long long rows, void *payload);
int tz_index_count_rows(struct tz_index *ix, tz_index_table_fn fn, void *payload);

#endif
