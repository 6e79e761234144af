/* index.c - the SQLite index: a cache of the record files inside the git
 * directory, refreshed by stat data and blob ids, rebuilt on a schema change.
 * This file opens it (falling back to memory, rebuilding a damaged file),
 * hashes the schema, and runs each refresh in one transaction; the layout,
 * the rows and the freshness walk are index_tables.c's, index_rows.c's and
 * index_fresh.c's (index_int.h). */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "db.h"
#include "error.h"
#include "i18n.h"
#include "index_int.h"
#include "rows.h"
#include "sqlq.h"

/* Part of the schema hash: a new layout here rebuilds every index. */
#define INDEX_FORMAT "taizhang index 4"

/* --- SQLite helpers --- */

int tz_ix_fail(struct tz_index *ix, int rc, const char *what)
{
	ix->rc = rc;
	return tz_error_set(_("index %s: %s"), _(what), ix->db ? sqlite3_errmsg(ix->db) : sqlite3_errstr(rc));
}

int tz_ix_exec(struct tz_index *ix, const char *sql)
{
	int rc = sqlite3_exec(ix->db, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? 0 : tz_ix_fail(ix, rc, N_("statement failed"));
}

/* The statement s, prepared on first use, reset and unbound. NULL on error. */
sqlite3_stmt *tz_ix_use(struct tz_index *ix, struct tz_ix_stmt *s)
{
	if (!s->st) {
		int rc = sqlite3_prepare_v3(ix->db, s->sql, -1, SQLITE_PREPARE_PERSISTENT, &s->st, NULL);
		if (rc != SQLITE_OK) {
			tz_ix_fail(ix, rc, N_("cannot prepare a statement"));
			return NULL;
		}
		return s->st;
	}
	sqlite3_reset(s->st);
	sqlite3_clear_bindings(s->st);
	return s->st;
}

/* Step a statement that returns no rows. */
int tz_ix_run(struct tz_index *ix, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return tz_ix_fail(ix, rc, N_("update failed"));
	sqlite3_reset(st);
	return 0;
}

void tz_ix_stmt_set(struct tz_ix_stmt *s, struct tz_buf *sql)
{
	s->sql = tz_buf_detach(sql);
}

void tz_ix_stmt_release(struct tz_ix_stmt *s)
{
	sqlite3_finalize(s->st);
	free(s->sql);
	s->st = NULL;
	s->sql = NULL;
}

/* Run one statement that takes the file id as its only parameter. */
int tz_ix_run_fid(struct tz_index *ix, struct tz_ix_stmt *s, sqlite3_int64 fid)
{
	sqlite3_stmt *st = tz_ix_use(ix, s);

	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, fid);
	return tz_ix_run(ix, st);
}

/* --- the schema and its hash --- */

struct hash_walk {
	struct tz_source *src;
	struct tz_buf all, data;
};

static int hash_file(const struct tz_entry *e, void *payload)
{
	struct hash_walk *w = payload;
	enum tz_schema_file kind = tz_schema_file_kind(e);
	int rc;

	if (kind != TZ_SCHEMA_TYPE && kind != TZ_SCHEMA_SETTING)
		return 0;	/* a stray file: an error of the schema, not part of it */
	rc = tz_source_read(w->src, e, TZ_RECORD_MAX_SIZE, &w->data);
	if (rc < 0)
		return -1;
	tz_buf_printf(&w->all, "%s%c%zu%c", e->path, 0, w->data.len, 0);
	if (rc == 0 && w->data.len)
		tz_buf_put(&w->all, w->data.ptr, w->data.len);
	return 0;
}

/* Load the schema of ix->src and hash its files (with the index format), so
 * that any change to them rebuilds the index. */
static int load_schema(struct tz_index *ix)
{
	struct tz_diag_list diags = TZ_DIAG_LIST_INIT;
	struct hash_walk w = { &ix->src, TZ_BUF_INIT, TZ_BUF_INIT };
	char hex[GIT_OID_HEXSZ + 1];
	git_oid oid;
	int r = -1;

	if (tz_schema_load(&ix->schema, &ix->src, &diags, NULL) < 0)
		goto out;
	ix->stats.schema_errors = (int)diags.errors;
	tz_buf_puts(&w.all, INDEX_FORMAT);
	tz_buf_putc(&w.all, '\0');
	if (tz_source_walk(&ix->src, "schema", hash_file, &w) < 0)
		goto out;
	if (git_odb_hash(&oid, w.all.ptr, w.all.len, GIT_OBJECT_BLOB) < 0) {
		tz_error_git(_("cannot hash the schema"));
		goto out;
	}
	git_oid_tostr(hex, sizeof(hex), &oid);
	ix->schema_hash = tz_strdup(hex);
	r = 0;
out:
	tz_diag_list_release(&diags);
	tz_buf_release(&w.all);
	tz_buf_release(&w.data);
	return r;
}

/* Whether the index was built by this format for this schema (tz_meta). */
static int is_current(struct tz_index *ix, int *out)
{
	struct tz_buf v = TZ_BUF_INIT;
	int rc;

	*out = 0;
	rc = tz_db_meta_get(ix->db, "tz_meta", "format", &v);
	if (rc == 0 && !strcmp(tz_buf_cstr(&v), INDEX_FORMAT)) {
		rc = tz_db_meta_get(ix->db, "tz_meta", "schema", &v);
		*out = rc == 0 && !strcmp(tz_buf_cstr(&v), ix->schema_hash);
	}
	tz_buf_release(&v);
	if (rc < 0)
		ix->rc = sqlite3_errcode(ix->db);
	return rc < 0 ? -1 : 0;
}

/* Say in tz_meta which format and schema a rebuild built the index for. */
static int stamp(struct tz_index *ix)
{
	if (tz_db_meta_set(ix->db, "tz_meta", "format", INDEX_FORMAT) < 0 ||
	    tz_db_meta_set(ix->db, "tz_meta", "schema", ix->schema_hash) < 0) {
		ix->rc = sqlite3_errcode(ix->db);
		return -1;
	}
	return 0;
}

/* One refresh of the open database, in one transaction. */
static int refresh(struct tz_index *ix, unsigned flags)
{
	int current = 0;

	ix->rebuilding = 0;
	memset(&ix->stats.files, 0, offsetof(struct tz_index_stats, rebuilt));
	if (tz_ix_exec(ix, "BEGIN IMMEDIATE") < 0)
		return -1;
	if (!(flags & TZ_INDEX_REBUILD) && is_current(ix, &current) < 0)
		goto fail;
	if (!current) {
		ix->rebuilding = 1;
		ix->stats.rebuilt = 1;
		if (tz_ix_tables_drop(ix) < 0 || tz_ix_tables_create(ix) < 0)
			goto fail;
	}
	if (tz_ix_fresh_files(ix) < 0)
		goto fail;
	if (ix->rebuilding && (tz_ix_tables_finish(ix) < 0 || stamp(ix) < 0))
		goto fail;
	if (tz_ix_exec(ix, "COMMIT") < 0)
		goto fail;
	ix->rebuilding = 0;
	return tz_ix_fresh_describe_skipped(ix);
fail:
	{
		int rc = ix->rc;
		char msg[1024];
		snprintf(msg, sizeof(msg), "%s", tz_error_last());
		sqlite3_exec(ix->db, "ROLLBACK", NULL, NULL, NULL);
		ix->rc = rc;
		tz_error_set("%s", msg);
	}
	ix->rebuilding = 0;
	return -1;
}

static int open_db(struct tz_index *ix, const char *path, int readonly)
{
	int rc = tz_db_open(&ix->db, path, readonly ? TZ_DB_READONLY : 0);

	if (rc != SQLITE_OK) {
		ix->rc = rc;
		return -1;
	}
	if (tz_sqlq_register(ix->db) < 0)
		return tz_ix_fail(ix, SQLITE_ERROR, N_("cannot be set up"));
	return 0;
}

static void close_db(struct tz_index *ix)
{
	tz_ix_tables_free(ix);
	sqlite3_close(ix->db);
	ix->db = NULL;
}

/* Open the database at path (":memory:" too) and refresh it. */
static int open_and_refresh(struct tz_index *ix, const char *path, unsigned flags)
{
	ix->rc = 0;
	if (open_db(ix, path, 0) < 0 || tz_ix_tables_plan(ix) < 0 || refresh(ix, flags) < 0)
		return -1;
	if (!(flags & TZ_INDEX_READONLY))
		return 0;
	if (!strcmp(path, ":memory:"))
		return tz_ix_exec(ix, "PRAGMA query_only = 1");
	close_db(ix);
	return open_db(ix, path, 1);
}

/* The index file of the working tree; when it is damaged it is removed and
 * built again, and when it cannot be written at all the caller falls back
 * to memory. */
static int open_file(struct tz_index *ix, unsigned flags)
{
	struct tz_buf path = TZ_BUF_INIT;
	char why[1024];
	int r;

	r = tz_db_path(&path, ix->repo);
	ix->path = tz_buf_detach(&path);
	if (r < 0) {
		ix->rc = SQLITE_CANTOPEN;
		return -1;
	}
	r = open_and_refresh(ix, ix->path, flags);
	if (r < 0 && tz_db_is_damage(ix->rc)) {
		snprintf(why, sizeof(why), "%s", tz_error_last());
		close_db(ix);
		tz_db_remove(ix->path);
		tz_buf_printf(&ix->notice, _("the index was damaged (%s); rebuilt it"), why);
		r = open_and_refresh(ix, ix->path, flags | TZ_INDEX_REBUILD);
	}
	return r;
}

int tz_index_open(struct tz_index **out, struct tz_repo *repo, const char *rev,
		  const struct tz_index_opts *opts)
{
	struct tz_index *ix;
	unsigned flags = opts ? opts->flags : 0;
	int r = -1;

	*out = NULL;
	if (opts && opts->version != TZ_INDEX_OPTS_VERSION)
		return tz_error_set(_("tz_index_open: options of version %u, not %u"), opts->version,
				    TZ_INDEX_OPTS_VERSION);
	ix = tz_calloc(1, sizeof(*ix));
	ix->repo = repo;
	ix->progress = opts ? opts->progress : NULL;
	if (tz_source_open(&ix->src, repo, rev) < 0 || load_schema(ix) < 0)
		goto out;
	if (!rev) {
		r = open_file(ix, flags);
		if (r == 0 || !tz_db_is_unwritable(ix->rc))
			goto out;
		tz_buf_clear(&ix->notice);
		tz_buf_printf(&ix->notice, _("cannot write the index (%s); using one in memory"), tz_error_last());
		close_db(ix);
	}
	free(ix->path);
	ix->path = tz_strdup(":memory:");
	ix->stats.in_memory = 1;
	r = open_and_refresh(ix, ix->path, flags);
out:
	tz_ix_tables_free(ix);
	tz_source_release(&ix->src);
	if (r < 0) {
		tz_index_free(ix);
		return -1;
	}
	*out = ix;
	return 0;
}

void tz_index_free(struct tz_index *ix)
{
	if (!ix)
		return;
	close_db(ix);
	tz_source_release(&ix->src);
	tz_schema_free(ix->schema);
	free(ix->schema_hash);
	free(ix->path);
	tz_buf_release(&ix->notice);
	tz_buf_release(&ix->skipped);
	tz_buf_release(&ix->raw);
	free(ix);
}

sqlite3 *tz_index_db(const struct tz_index *ix)
{
	return ix->db;
}

const struct tz_schema *tz_index_schema(const struct tz_index *ix)
{
	return ix->schema;
}

const struct tz_index_stats *tz_index_stats(const struct tz_index *ix)
{
	return &ix->stats;
}

const char *tz_index_notice(const struct tz_index *ix)
{
	return ix->notice.len ? ix->notice.ptr : NULL;
}

const char *tz_index_skipped(const struct tz_index *ix)
{
	return ix->skipped.len ? ix->skipped.ptr : NULL;
}

const char *tz_index_path(const struct tz_index *ix)
{
	return ix->path;
}

int tz_index_sql(struct tz_rows **out, struct tz_index *ix, const char *sql)
{
	sqlite3_stmt *st = NULL;

	*out = NULL;
	if (tz_db_sandbox(ix->db) < 0 || tz_db_prepare_sandboxed(&st, ix->db, sql) < 0)
		return -1;
	*out = tz_rows_new(ix->db, st, "%s");
	return 0;
}

int tz_index_query(struct tz_rows **out, struct tz_index *ix, const struct tz_sqlq *q)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(ix->db, q->sql.ptr, -1, &st, NULL);

	*out = NULL;
	if (rc == SQLITE_OK)
		rc = tz_sqlq_bind(q, st);
	if (rc != SQLITE_OK) {
		tz_error_set(_("query failed: %s"), sqlite3_errmsg(ix->db));
		sqlite3_finalize(st);
		return tz_db_is_damage(rc) ? TZ_ROWS_DAMAGED : -1;
	}
	*out = tz_rows_new(ix->db, st, _("query failed: %s"));
	return 0;
}

int tz_index_use_calendar(struct tz_index *ix, struct tz_calendar *c)
{
	if (tz_sqlq_register_calendar(ix->db, c) < 0)
		return tz_error_set(_("cannot register workdays(): %s"), sqlite3_errmsg(ix->db));
	return 0;
}
