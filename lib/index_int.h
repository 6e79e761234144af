/* index_int.h - what the index's own modules share, and nobody else uses:
 * the open index (struct tz_index), the plan of its tables and statements,
 * and the calls between index.c (opening, the refresh's transaction, the
 * format and schema in tz_meta), index_tables.c (the layout: planning,
 * creating, finishing and dropping the tables), index_rows.c (a record as
 * rows of its tables) and index_fresh.c (which files changed: the walk,
 * tz_files, the workers that read and parse). */
#ifndef TZ_INDEX_INT_H
#define TZ_INDEX_INT_H
#include <sqlite3.h>
#include "buf.h"
#include "index.h"
#include "load.h"
#include "record.h"

/* A prepared statement made on first use and kept for the refresh. */
struct tz_ix_stmt {
	char *sql;
	sqlite3_stmt *st;
};

struct tz_ix_part {
	char *table;
	struct tz_ix_stmt ins, del;
	char **links;		/* per field: items table of a multiple ref, or NULL */
	struct tz_ix_stmt *link_ins, *link_del;
};

/* The tables of one record type and the statements that fill them. */
struct tz_ix_type {
	const struct tz_type *t;
	char *table, *fts;	/* fts NULL when the type has no text field */
	struct tz_ix_stmt ins, del, ren, fts_ins, fts_del;
	char **links;		/* per field: items table of a multiple ref, or NULL */
	struct tz_ix_stmt *link_ins, *link_del;
	struct tz_ix_part *parts;
};

struct tz_index {
	struct tz_repo *repo;
	sqlite3 *db;
	char *path;
	struct tz_schema *schema;
	char *schema_hash;
	struct tz_index_stats stats;
	struct tz_buf notice, skipped, raw;
	struct tz_progress *progress;	/* NULL: quiet */

	/* during a refresh */
	struct tz_source src;
	struct tz_ix_type *plans;
	struct tz_ix_stmt file_ins, file_upd, file_stat, file_ren, file_del;
	int rc;			/* the last SQLite error code */
	int rebuilding;
	sqlite3_int64 racy_after;	/* mtimes at or after this are not trusted */
};

/*
 * Statements (index.c). tz_ix_fail records SQLite's code rc in ix->rc,
 * sets tz_error_last() to "index WHAT: message" (WHAT an N_() message,
 * translated there) and returns -1. tz_ix_exec
 * runs sql (one or more statements). tz_ix_use prepares s on first use
 * (kept until tz_ix_stmt_release), else resets it and clears its bindings:
 * the statement, or NULL after tz_ix_fail. tz_ix_run steps a statement
 * that returns no rows, tz_ix_run_fid runs s with the file id as its only
 * parameter: 0 or -1. tz_ix_stmt_set takes sql's text as s's.
 */
int tz_ix_fail(struct tz_index *ix, int rc, const char *what);
int tz_ix_exec(struct tz_index *ix, const char *sql);
sqlite3_stmt *tz_ix_use(struct tz_index *ix, struct tz_ix_stmt *s);
int tz_ix_run(struct tz_index *ix, sqlite3_stmt *st);
int tz_ix_run_fid(struct tz_index *ix, struct tz_ix_stmt *s, sqlite3_int64 fid);
void tz_ix_stmt_set(struct tz_ix_stmt *s, struct tz_buf *sql);
void tz_ix_stmt_release(struct tz_ix_stmt *s);

/*
 * The layout (index_tables.c). tz_ix_tables_plan names every table of
 * ix->schema into ix->plans and writes the statements that fill them (not
 * prepared yet); -1 when two tables would share a name, a name is reserved
 * or a column is taken. tz_ix_tables_free releases the plans and their
 * statements (and may be called again). tz_ix_tables_drop drops the tables
 * the index made (tz_tables) and those planned now, nothing else;
 * tz_ix_tables_create makes them empty; tz_ix_tables_finish adds, after a
 * rebuild's bulk load, the secondary indexes and the full-text tables'
 * contents. Each returns 0, or -1 with tz_error_last() set.
 */
int tz_ix_tables_plan(struct tz_index *ix);
void tz_ix_tables_free(struct tz_index *ix);
int tz_ix_tables_drop(struct tz_index *ix);
int tz_ix_tables_create(struct tz_index *ix);
int tz_ix_tables_finish(struct tz_index *ix);

/*
 * Records as rows (index_rows.c). tz_ix_rows_insert writes record rec,
 * file id fid, into the tables of plan p: the type's row (typed values,
 * _raw), the items of its multiple refs, its parts and their items, and
 * (outside a rebuild) its full-text row. tz_ix_rows_delete removes every
 * row of file fid from the tables of type number type (none when type is
 * negative); tz_ix_rows_rename sets the ID of its row. 0 or -1.
 */
int tz_ix_rows_insert(struct tz_index *ix, struct tz_ix_type *p, sqlite3_int64 fid, const char *id,
		      const struct tz_record *rec);
int tz_ix_rows_delete(struct tz_index *ix, long type, sqlite3_int64 fid);
int tz_ix_rows_rename(struct tz_index *ix, long type, sqlite3_int64 fid, const char *id);

/*
 * Freshness (index_fresh.c). tz_ix_fresh_files brings tz_files and the
 * record tables up to date with the files below records/ of ix->src, inside
 * the caller's transaction, filling ix->stats; only files whose stat data
 * changed are read, on every processor, and only those whose blob id
 * changed are parsed. tz_ix_fresh_describe_skipped writes the one line
 * about files not indexed into ix->skipped. 0 or -1.
 */
int tz_ix_fresh_files(struct tz_index *ix);
int tz_ix_fresh_describe_skipped(struct tz_index *ix);

#endif
