/* index.c - the SQLite index: a cache of the record files inside the git
 * directory, refreshed by stat data and blob ids, rebuilt on a schema change. */
#include <errno.h>
#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "db.h"
#include "error.h"
#include "i18n.h"
#include "index.h"
#include "json.h"
#include "load.h"
#include "parallel.h"
#include "place.h"
#include "record.h"
#include "sqlname.h"
#include "sqlq.h"
#include "strmap.h"
#include "text.h"

/* Part of the schema hash: a new layout here rebuilds every index. */
#define INDEX_FORMAT "taizhang index 3"
#define SKIP_EXAMPLES 3

/* A prepared statement made on first use and kept for the refresh. */
struct stmt {
	char *sql;
	sqlite3_stmt *st;
};

struct part_plan {
	char *table;
	struct stmt ins, del;
	char **links;		/* per field: items table of a multiple ref, or NULL */
	struct stmt *link_ins, *link_del;
};

/* The tables of one record type and the statements that fill them. */
struct type_plan {
	const struct tz_type *t;
	char *table, *fts;	/* fts NULL when the type has no text field */
	struct stmt ins, del, ren, fts_ins, fts_del;
	char **links;		/* per field: items table of a multiple ref, or NULL */
	struct stmt *link_ins, *link_del;
	struct part_plan *parts;
};

struct old_file {		/* a row of tz_files as the last refresh left it */
	sqlite3_int64 fid;
	long type;		/* index into the schema's types, -1 when skipped */
	git_oid oid;
	int has_oid, skipped, seen;
	sqlite3_int64 mtime, ctime, size, ino;
};

struct new_file {		/* a file below records/ now */
	const char *path;	/* in refresh.paths, set once the walk is done */
	size_t at;		/* offset of the path in refresh.paths */
	enum tz_entry_kind kind;
	int has_stat;
	sqlite3_int64 mtime, ctime, size, ino;
	git_oid oid;		/* revisions: the blob id from the tree */
	int has_oid;
	long old;		/* index into the old files, or -1 */
};

struct tz_index {
	struct tz_repo *repo;
	sqlite3 *db;
	char *path;
	struct tz_schema *schema;
	char *schema_hash;
	struct tz_index_stats stats;
	struct tz_buf notice, skipped, raw;
	tz_index_progress_fn progress;
	void *payload;

	/* during a refresh */
	struct tz_source src;
	struct type_plan *plans;
	struct stmt file_ins, file_upd, file_stat, file_ren, file_del;
	int rc;			/* the last SQLite error code */
	int rebuilding;
	sqlite3_int64 racy_after;	/* mtimes at or after this are not trusted */
};

/* --- SQLite helpers --- */

static int sql_fail(struct tz_index *ix, int rc, const char *what)
{
	ix->rc = rc;
	return tz_error_set(_("index %s: %s"), what, ix->db ? sqlite3_errmsg(ix->db) : sqlite3_errstr(rc));
}

static int exec(struct tz_index *ix, const char *sql)
{
	int rc = sqlite3_exec(ix->db, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? 0 : sql_fail(ix, rc, "statement failed");
}

/* The statement s, prepared on first use, reset and unbound. NULL on error. */
static sqlite3_stmt *use(struct tz_index *ix, struct stmt *s)
{
	if (!s->st) {
		int rc = sqlite3_prepare_v3(ix->db, s->sql, -1, SQLITE_PREPARE_PERSISTENT, &s->st, NULL);
		if (rc != SQLITE_OK) {
			sql_fail(ix, rc, "cannot prepare a statement");
			return NULL;
		}
		return s->st;
	}
	sqlite3_reset(s->st);
	sqlite3_clear_bindings(s->st);
	return s->st;
}

/* Step a statement that returns no rows. */
static int run(struct tz_index *ix, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return sql_fail(ix, rc, "update failed");
	sqlite3_reset(st);
	return 0;
}

static void stmt_set(struct stmt *s, struct tz_buf *sql)
{
	s->sql = tz_buf_detach(sql);
}

static void stmt_release(struct stmt *s)
{
	sqlite3_finalize(s->st);
	free(s->sql);
	s->st = NULL;
	s->sql = NULL;
}

/* --- the layout --- */

static const char *column_type(const struct tz_fdef *f)
{
	return f->type == TZ_INT ? "INTEGER" : f->type == TZ_DECIMAL ? "NUMERIC" : "TEXT";
}

/* Secondary indexes cost build time, and a full scan of 100 000 rows takes
 * milliseconds: only references (many distinct values, joined on) get one. */
static int wants_sql_index(const struct tz_fdef *f)
{
	/* refs are joined; unique values are looked up one at a time (tz set) */
	return (!f->multiple && f->type == TZ_REF) || f->unique;
}

static int is_fts_field(const struct tz_fdef *f)
{
	return f->type == TZ_TEXT;
}

/* Remember a table name; fail when two things of the schema would share
 * one (SQLite's names ignore ASCII case) or it is a reserved name. */
static int claim(struct tz_strmap *names, const char *name)
{
	struct tz_buf low = TZ_BUF_INIT;
	int r = 0;

	for (const char *p = name; *p; p++)
		tz_buf_putc(&low, (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p));
	if (!strncmp(low.ptr, "tz_", 3) || !strncmp(low.ptr, "sqlite_", 7) || !strncmp(low.ptr, "history_", 8))
		r = tz_error_set(_("cannot index: table name \"%s\" starts with a prefix the index reserves (tz_, sqlite_, history_)"), name);
	else if (!tz_strmap_put(names, low.ptr, 0, NULL))
		r = tz_error_set(_("cannot index: two tables would be called \"%s\" (a type, part or multiple ref named alike)"), name);
	tz_buf_release(&low);
	return r;
}

/* Columns of a table must differ from each other and from the index's own. */
static int check_columns(const char *table, const struct tz_fdef *f, size_t n, const char *const *own)
{
	struct tz_strmap cols = TZ_STRMAP_INIT;
	struct tz_buf low = TZ_BUF_INIT;
	int r = 0;

	for (size_t i = 0; own[i]; i++)
		tz_strmap_put(&cols, own[i], 0, NULL);
	for (size_t i = 0; i < n && !r; i++) {
		tz_buf_clear(&low);
		for (const char *p = f[i].name; *p; p++)
			tz_buf_putc(&low, (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p));
		if (!tz_strmap_put(&cols, low.ptr, 0, NULL))
			r = tz_error_set(_("cannot index field \"%s\" of table %s: the column name is taken"), f[i].name, table);
	}
	tz_strmap_release(&cols);
	tz_buf_release(&low);
	return r;
}

static void plan_links(char ***links, struct stmt **ins, struct stmt **del, const struct tz_type *t,
		       const char *part, const char *part_table, const struct tz_fdef *f, size_t n)
{
	*links = tz_calloc(n + 1, sizeof(**links));
	*ins = tz_calloc(n + 1, sizeof(**ins));
	*del = tz_calloc(n + 1, sizeof(**del));
	for (size_t i = 0; i < n; i++) {
		struct tz_buf b = TZ_BUF_INIT;
		if (!f[i].multiple)
			continue;
		(*links)[i] = part ? tz_sqlname_table_dup(t, part, f[i].name) : tz_sqlname_table_dup(t, f[i].name, NULL);
		tz_buf_puts(&b, "INSERT INTO ");
		tz_sqlname_ident(&b, (*links)[i]);
		tz_buf_puts(&b, "(_rec, _ord, value) VALUES (?, ?, ?)");
		stmt_set(&(*ins)[i], &b);
		tz_buf_puts(&b, "DELETE FROM ");
		tz_sqlname_ident(&b, (*links)[i]);
		if (part) {
			tz_buf_puts(&b, " WHERE _rec IN (SELECT _rowid FROM ");
			tz_sqlname_ident(&b, part_table);
			tz_buf_puts(&b, " WHERE _rec = ?)");
		} else {
			tz_buf_puts(&b, " WHERE _rec = ?");
		}
		stmt_set(&(*del)[i], &b);
	}
}

static void free_links(char **links, struct stmt *ins, struct stmt *del, size_t n)
{
	for (size_t i = 0; links && i < n; i++) {
		free(links[i]);
		stmt_release(&ins[i]);
		stmt_release(&del[i]);
	}
	free(links);
	free(ins);
	free(del);
}

static void plans_free(struct tz_index *ix)
{
	if (!ix->plans)
		return;
	for (size_t i = 0; i < ix->schema->ntypes; i++) {
		struct type_plan *p = &ix->plans[i];
		if (!p->t)
			break;	/* planning stopped here */
		free(p->table);
		free(p->fts);
		stmt_release(&p->ins);
		stmt_release(&p->del);
		stmt_release(&p->ren);
		stmt_release(&p->fts_ins);
		stmt_release(&p->fts_del);
		free_links(p->links, p->link_ins, p->link_del, p->t->nfields);
		for (size_t k = 0; p->parts && k < p->t->nparts; k++) {
			struct part_plan *pp = &p->parts[k];
			free(pp->table);
			stmt_release(&pp->ins);
			stmt_release(&pp->del);
			free_links(pp->links, pp->link_ins, pp->link_del, p->t->parts[k].nfields);
		}
		free(p->parts);
	}
	free(ix->plans);
	ix->plans = NULL;
	stmt_release(&ix->file_ins);
	stmt_release(&ix->file_upd);
	stmt_release(&ix->file_stat);
	stmt_release(&ix->file_ren);
	stmt_release(&ix->file_del);
}

/* "a", "b", "c" as quoted identifiers, each with prefix. */
static void column_list(struct tz_buf *b, const char *prefix, const struct tz_fdef *f, size_t n, int fts_only)
{
	for (size_t i = 0; i < n; i++) {
		if (fts_only && !is_fts_field(&f[i]))
			continue;
		tz_buf_puts(b, prefix);
		tz_sqlname_ident(b, f[i].name);
	}
}

static void placeholders(struct tz_buf *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		tz_buf_puts(b, ", ?");
}

/* INSERT of a row of table (columns `head`, two of them, then the fields and
 * _raw), and DELETE of the rows whose column `key` is the one parameter. */
static void row_statements(struct stmt *ins, struct stmt *del, const char *table, const char *head,
			   const char *key, const struct tz_fdef *f, size_t n)
{
	struct tz_buf b = TZ_BUF_INIT;

	tz_buf_puts(&b, "INSERT INTO ");
	tz_sqlname_ident(&b, table);
	tz_buf_printf(&b, "(%s", head);
	column_list(&b, ", ", f, n, 0);
	tz_buf_puts(&b, ", _raw) VALUES (?, ?");
	placeholders(&b, n + 1);
	tz_buf_puts(&b, ")");
	stmt_set(ins, &b);
	tz_buf_puts(&b, "DELETE FROM ");
	tz_sqlname_ident(&b, table);
	tz_buf_printf(&b, " WHERE %s = ?", key);
	stmt_set(del, &b);
}

/* "INSERT INTO fts(into) SELECT select FROM table WHERE _rowid = ?", with
 * the type's text fields after both. */
static void fts_statement(struct stmt *s, const struct type_plan *p, const char *into, const char *select)
{
	struct tz_buf b = TZ_BUF_INIT;

	tz_buf_puts(&b, "INSERT INTO ");
	tz_sqlname_ident(&b, p->fts);
	tz_buf_printf(&b, "(%s", into);
	column_list(&b, ", ", p->t->fields, p->t->nfields, 1);
	tz_buf_printf(&b, ") SELECT %s", select);
	column_list(&b, ", ", p->t->fields, p->t->nfields, 1);
	tz_buf_puts(&b, " FROM ");
	tz_sqlname_ident(&b, p->table);
	tz_buf_puts(&b, " WHERE _rowid = ?");
	stmt_set(s, &b);
}

static int plan_type(struct type_plan *p, const struct tz_type *t, struct tz_strmap *names)
{
	static const char *const own[] = { "_rowid", "id", "_raw", NULL };
	static const char *const part_own[] = { "_rowid", "_rec", "_key", "_raw", NULL };
	struct tz_buf b = TZ_BUF_INIT;
	size_t ntext = 0;

	p->t = t;
	p->table = tz_sqlname_table_dup(t, NULL, NULL);
	if (claim(names, p->table) < 0 || check_columns(p->table, t->fields, t->nfields, own) < 0)
		return -1;
	for (size_t i = 0; i < t->nfields; i++)
		ntext += is_fts_field(&t->fields[i]);
	if (ntext) {
		p->fts = tz_sqlname_table_dup(t, "fts", NULL);
		if (claim(names, p->fts) < 0)
			return -1;
	}

	row_statements(&p->ins, &p->del, p->table, "_rowid, id", "_rowid", t->fields, t->nfields);
	tz_buf_puts(&b, "UPDATE ");
	tz_sqlname_ident(&b, p->table);
	tz_buf_puts(&b, " SET id = ? WHERE _rowid = ?");
	stmt_set(&p->ren, &b);
	if (p->fts) {
		struct tz_buf into = TZ_BUF_INIT;
		fts_statement(&p->fts_ins, p, "rowid", "_rowid");
		tz_sqlname_ident(&into, p->fts);	/* the FTS5 command column */
		tz_buf_puts(&into, ", rowid");
		fts_statement(&p->fts_del, p, into.ptr, "'delete', _rowid");
		tz_buf_release(&into);
	}
	plan_links(&p->links, &p->link_ins, &p->link_del, t, NULL, NULL, t->fields, t->nfields);
	for (size_t i = 0; i < t->nfields; i++)
		if (p->links[i] && claim(names, p->links[i]) < 0)
			return -1;

	p->parts = tz_calloc(t->nparts + 1, sizeof(*p->parts));
	for (size_t k = 0; k < t->nparts; k++) {
		const struct tz_partdef *pd = &t->parts[k];
		struct part_plan *pp = &p->parts[k];

		pp->table = tz_sqlname_table_dup(t, pd->name, NULL);
		plan_links(&pp->links, &pp->link_ins, &pp->link_del, t, pd->name, pp->table, pd->fields, pd->nfields);
		if (claim(names, pp->table) < 0 || check_columns(pp->table, pd->fields, pd->nfields, part_own) < 0)
			return -1;
		for (size_t i = 0; i < pd->nfields; i++)
			if (pp->links[i] && claim(names, pp->links[i]) < 0)
				return -1;
		row_statements(&pp->ins, &pp->del, pp->table, "_rec, _key", "_rec", pd->fields, pd->nfields);
	}
	tz_buf_release(&b);
	return 0;
}

static void set_sql(struct stmt *s, const char *sql)
{
	s->sql = tz_strdup(sql);
}

static int plan(struct tz_index *ix)
{
	struct tz_strmap names = TZ_STRMAP_INIT;
	int r = 0;

	ix->plans = tz_calloc(ix->schema->ntypes + 1, sizeof(*ix->plans));
	for (size_t i = 0; i < ix->schema->ntypes && !r; i++)
		r = plan_type(&ix->plans[i], &ix->schema->types[i], &names);
	tz_strmap_release(&names);
	set_sql(&ix->file_ins, "INSERT INTO tz_files(path, type, id, oid, mtime, ctime, size, ino, skip) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
	set_sql(&ix->file_upd, "UPDATE tz_files SET path = ?, type = ?, id = ?, oid = ?, mtime = ?, ctime = ?, "
		"size = ?, ino = ?, skip = ? WHERE fid = ?");
	set_sql(&ix->file_stat, "UPDATE tz_files SET mtime = ?, ctime = ?, size = ?, ino = ? WHERE fid = ?");
	set_sql(&ix->file_ren, "UPDATE tz_files SET path = ?, id = ?, mtime = ?, ctime = ?, size = ?, ino = ? WHERE fid = ?");
	set_sql(&ix->file_del, "DELETE FROM tz_files WHERE fid = ?");
	return r;
}

static void create_columns(struct tz_buf *b, const struct tz_fdef *f, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		tz_buf_puts(b, ", ");
		tz_sqlname_ident(b, f[i].name);
		tz_buf_printf(b, " %s", column_type(&f[i]));
	}
}

static void create_indexes(struct tz_buf *b, const char *table, const struct tz_fdef *f, size_t n, int *nix)
{
	for (size_t i = 0; i < n; i++) {
		if (!wants_sql_index(&f[i]))
			continue;
		tz_buf_printf(b, "CREATE INDEX tz_ix_%d ON ", (*nix)++);
		tz_sqlname_ident(b, table);
		tz_buf_puts(b, "(");
		tz_sqlname_ident(b, f[i].name);
		tz_buf_puts(b, ");\n");
	}
}


static void sql_string(struct tz_buf *b, const char *s)
{
	tz_buf_putc(b, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			tz_buf_putc(b, '\'');
		tz_buf_putc(b, *s);
	}
	tz_buf_putc(b, '\'');
}

static void remember_table(struct tz_buf *b, const char *name)
{
	tz_buf_puts(b, "INSERT INTO tz_tables VALUES (");
	sql_string(b, name);
	tz_buf_puts(b, ");\n");
}

static void create_links(struct tz_buf *b, char *const *links, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (!links[i])
			continue;
		tz_buf_puts(b, "CREATE TABLE ");
		tz_sqlname_ident(b, links[i]);
		tz_buf_puts(b, "(_rec INTEGER NOT NULL, _ord INTEGER NOT NULL, value TEXT NOT NULL);\n");
		remember_table(b, links[i]);
	}
}

static void index_links(struct tz_buf *b, char *const *links, size_t n, int *nix)
{
	for (size_t i = 0; i < n; i++) {
		if (!links[i])
			continue;
		tz_buf_printf(b, "CREATE INDEX tz_ix_%d ON ", (*nix)++);
		tz_sqlname_ident(b, links[i]);
		tz_buf_puts(b, "(_rec);\n");
		tz_buf_printf(b, "CREATE INDEX tz_ix_%d ON ", (*nix)++);
		tz_sqlname_ident(b, links[i]);
		tz_buf_puts(b, "(value);\n");
	}
}

/* The index's own tables and the empty record tables. */
static int create_tables(struct tz_index *ix)
{
	struct tz_buf b = TZ_BUF_INIT;
	int r;

	tz_buf_puts(&b,
		"CREATE TABLE tz_meta(key TEXT PRIMARY KEY, value TEXT);\n"
		"CREATE TABLE tz_tables(name TEXT PRIMARY KEY);\n"
		"CREATE TABLE tz_files(fid INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE, type TEXT, id TEXT,"
		" oid BLOB, mtime INTEGER, ctime INTEGER, size INTEGER, ino INTEGER, skip TEXT);\n"
		"CREATE INDEX tz_files_skipped ON tz_files(path) WHERE skip IS NOT NULL;\n"
		"CREATE INDEX tz_files_id ON tz_files(id);\n"
		/* the highest ID of a width (tz new), without a scan */
		"CREATE INDEX tz_files_type_len ON tz_files(type, length(id), id);\n");
	for (size_t i = 0; i < ix->schema->ntypes; i++) {
		struct type_plan *p = &ix->plans[i];
		const struct tz_type *t = p->t;

		tz_buf_puts(&b, "CREATE TABLE ");
		tz_sqlname_ident(&b, p->table);
		tz_buf_puts(&b, "(_rowid INTEGER PRIMARY KEY, id TEXT NOT NULL");
		create_columns(&b, t->fields, t->nfields);
		tz_buf_puts(&b, ", _raw TEXT);\n");
		remember_table(&b, p->table);
		if (p->fts) {
			int first = 1;
			tz_buf_puts(&b, "CREATE VIRTUAL TABLE ");
			tz_sqlname_ident(&b, p->fts);
			tz_buf_puts(&b, " USING fts5(");
			for (size_t k = 0; k < t->nfields; k++) {
				if (!is_fts_field(&t->fields[k]))
					continue;
				if (!first)
					tz_buf_puts(&b, ", ");
				first = 0;
				tz_sqlname_ident(&b, t->fields[k].name);
			}
			tz_buf_puts(&b, ", content=");
			sql_string(&b, p->table);
			tz_buf_puts(&b, ", content_rowid='_rowid', tokenize='trigram case_sensitive 1');\n");
			remember_table(&b, p->fts);
		}
		create_links(&b, p->links, t->nfields);
		for (size_t k = 0; k < t->nparts; k++) {
			const struct tz_partdef *pd = &t->parts[k];
			tz_buf_puts(&b, "CREATE TABLE ");
			tz_sqlname_ident(&b, p->parts[k].table);
			tz_buf_puts(&b, "(_rowid INTEGER PRIMARY KEY, _rec INTEGER NOT NULL, _key TEXT NOT NULL");
			create_columns(&b, pd->fields, pd->nfields);
			tz_buf_puts(&b, ", _raw TEXT);\n");
			remember_table(&b, p->parts[k].table);
			create_links(&b, p->parts[k].links, pd->nfields);
		}
	}
	r = exec(ix, b.ptr);
	tz_buf_release(&b);
	return r;
}

/* After the bulk load of a rebuild: secondary indexes and full-text tables. */
static int finish_tables(struct tz_index *ix)
{
	struct tz_buf b = TZ_BUF_INIT;
	int nix = 0, r;

	for (size_t i = 0; i < ix->schema->ntypes; i++) {
		struct type_plan *p = &ix->plans[i];
		const struct tz_type *t = p->t;

		tz_buf_printf(&b, "CREATE INDEX tz_ix_%d ON ", nix++);
		tz_sqlname_ident(&b, p->table);
		tz_buf_puts(&b, "(id);\n");
		create_indexes(&b, p->table, t->fields, t->nfields, &nix);
		index_links(&b, p->links, t->nfields, &nix);
		if (p->fts) {
			/* at once: far cheaper than a row at a time */
			tz_buf_puts(&b, "INSERT INTO ");
			tz_sqlname_ident(&b, p->fts);
			tz_buf_puts(&b, "(");
			tz_sqlname_ident(&b, p->fts);
			tz_buf_puts(&b, ") VALUES ('rebuild');\n");
		}
		for (size_t k = 0; k < t->nparts; k++) {
			tz_buf_printf(&b, "CREATE INDEX tz_ix_%d ON ", nix++);
			tz_sqlname_ident(&b, p->parts[k].table);
			tz_buf_puts(&b, "(_rec);\n");
			create_indexes(&b, p->parts[k].table, t->parts[k].fields, t->parts[k].nfields, &nix);
			index_links(&b, p->parts[k].links, t->parts[k].nfields, &nix);
		}
	}
	tz_buf_puts(&b, "INSERT INTO tz_meta VALUES ('format', ");
	sql_string(&b, INDEX_FORMAT);
	tz_buf_puts(&b, "), ('schema', ");
	sql_string(&b, ix->schema_hash);
	tz_buf_puts(&b, ");\n");
	r = exec(ix, b.ptr);
	tz_buf_release(&b);
	return r;
}

static int table_exists(struct tz_index *ix, const char *name, int *out)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(ix->db, "SELECT 1 FROM sqlite_master WHERE name = ?", -1, &st, NULL);

	if (rc != SQLITE_OK)
		return sql_fail(ix, rc, "cannot be read");
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sql_fail(ix, rc, "cannot be read");
	*out = rc == SQLITE_ROW;
	return 0;
}

/* Drop the tables this module made (listed in tz_tables, or planned now),
 * and nothing else: other modules keep their tables in the same file. */
static int drop_tables(struct tz_index *ix)
{
	struct tz_buf b = TZ_BUF_INIT;
	int listed, r = -1;

	if (table_exists(ix, "tz_tables", &listed) < 0)
		goto out;
	if (listed) {
		sqlite3_stmt *st;
		int rc = sqlite3_prepare_v2(ix->db, "SELECT name FROM tz_tables", -1, &st, NULL);
		if (rc != SQLITE_OK) {
			sql_fail(ix, rc, "cannot be read");
			goto out;
		}
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			tz_buf_puts(&b, "DROP TABLE IF EXISTS ");
			tz_sqlname_ident(&b, (const char *)sqlite3_column_text(st, 0));
			tz_buf_puts(&b, ";\n");
		}
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE) {
			sql_fail(ix, rc, "cannot be read");
			goto out;
		}
	}
	for (size_t i = 0; i < ix->schema->ntypes; i++) {
		struct type_plan *p = &ix->plans[i];
		char *const *names[] = { &p->table, &p->fts };
		for (size_t k = 0; k < 2; k++)
			if (*names[k]) {
				tz_buf_puts(&b, "DROP TABLE IF EXISTS ");
				tz_sqlname_ident(&b, *names[k]);
				tz_buf_puts(&b, ";\n");
			}
		for (size_t k = 0; k < p->t->nparts; k++) {
			tz_buf_puts(&b, "DROP TABLE IF EXISTS ");
			tz_sqlname_ident(&b, p->parts[k].table);
			tz_buf_puts(&b, ";\n");
		}
	}
	tz_buf_puts(&b, "DROP TABLE IF EXISTS tz_files; DROP TABLE IF EXISTS tz_tables; DROP TABLE IF EXISTS tz_meta;\n");
	r = exec(ix, b.ptr);
out:
	tz_buf_release(&b);
	return r;
}

/* Whether the index was built by this format for this schema. */
static int is_current(struct tz_index *ix, int *out)
{
	sqlite3_stmt *st;
	int has, rc, n = 0;

	*out = 0;
	if (table_exists(ix, "tz_meta", &has) < 0)
		return -1;
	if (!has)
		return 0;
	rc = sqlite3_prepare_v2(ix->db, "SELECT key, value FROM tz_meta", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return sql_fail(ix, rc, "cannot be read");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *k = (const char *)sqlite3_column_text(st, 0);
		const char *v = (const char *)sqlite3_column_text(st, 1);
		if (k && v && ((!strcmp(k, "format") && !strcmp(v, INDEX_FORMAT)) ||
			       (!strcmp(k, "schema") && !strcmp(v, ix->schema_hash))))
			n++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return sql_fail(ix, rc, "cannot be read");
	*out = n == 2;
	return 0;
}

/* --- the schema and its hash --- */

struct hash_walk {
	struct tz_source *src;
	struct tz_buf all, data;
};

static int hash_file(const struct tz_entry *e, void *payload)
{
	struct hash_walk *w = payload;
	size_t n = strlen(e->path);
	int rc;

	if (n < 4 || strcmp(e->path + n - 4, ".ini") || strchr(e->path + 7, '/') || e->kind != TZ_ENTRY_FILE)
		return 0;
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

/* --- refreshing --- */

struct refresh {
	struct old_file *old;
	size_t nold, old_alloc;
	struct tz_strmap moved;		/* type:oid of unseen old files -> old */
	int have_moved;
	struct new_file *new;
	size_t nnew, new_alloc;
	struct tz_buf paths;		/* the paths of new, NUL after each */
	size_t *order;			/* new by path, as SQLite orders them */
	sqlite3_int64 racy_after;	/* see bind_stat */
	uint64_t walk_hash;		/* of every path and its stat data */
	int walk_trusted;		/* no file changed in the last second */
};

static sqlite3_int64 ns(const struct timespec *t)
{
	return (sqlite3_int64)t->tv_sec * 1000000000 + t->tv_nsec;
}

static uint64_t fnv(uint64_t h, const void *data, size_t n)
{
	const unsigned char *p = data;

	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= 1099511628211ULL;
	}
	return h;
}

static int collect(const struct tz_entry *e, const struct stat *st, void *payload)
{
	struct refresh *r = payload;
	struct new_file *nf;

	TZ_ALLOC_GROW(r->new, r->nnew + 1, r->new_alloc);
	nf = &r->new[r->nnew++];
	memset(nf, 0, sizeof(*nf));
	nf->at = r->paths.len;
	tz_buf_put(&r->paths, e->path, strlen(e->path) + 1);
	nf->kind = e->kind;
	nf->old = -1;
	if (st) {
		nf->has_stat = 1;
		nf->mtime = ns(&st->st_mtim);
		nf->ctime = ns(&st->st_ctim);
		nf->size = (sqlite3_int64)st->st_size;
		nf->ino = (sqlite3_int64)st->st_ino;
		r->walk_hash = fnv(r->walk_hash, e->path, strlen(e->path) + 1);
		r->walk_hash = fnv(r->walk_hash, &nf->mtime, 4 * sizeof(nf->mtime));
		if (nf->mtime >= r->racy_after || nf->ctime >= r->racy_after)
			r->walk_trusted = 0;
	} else {
		r->walk_trusted = 0;
	}
	if (e->has_oid) {
		git_oid_cpy(&nf->oid, &e->oid);
		nf->has_oid = 1;
	}
	return 0;
}

static long type_number(const struct tz_index *ix, const char *name)
{
	const struct tz_type *t = name ? tz_schema_type(ix->schema, name) : NULL;
	return t ? (long)(t - ix->schema->types) : -1;
}

static int cmp_path(const void *a, const void *b, void *payload)
{
	const struct new_file *v = payload;
	return strcmp(v[*(const size_t *)a].path, v[*(const size_t *)b].path);
}

/* The new files in the order of their paths as strings: the walk's order
 * (names sorted folder by folder) is that order unless a name sorts below
 * "/" ("a-b" comes before "a/x"). */
static void sort_new(struct refresh *r)
{
	int sorted = 1;

	r->order = tz_calloc(r->nnew + 1, sizeof(*r->order));
	for (size_t i = 0; i < r->nnew; i++) {
		r->new[i].path = r->paths.ptr + r->new[i].at;
		r->order[i] = i;
		if (i && sorted && strcmp(r->new[i - 1].path, r->new[i].path) > 0)
			sorted = 0;
	}
	if (!sorted)
		qsort_r(r->order, r->nnew, sizeof(*r->order), cmp_path, r->new);
}

/* Read tz_files in path order beside the new files in the same order, so
 * that each file meets its old row without a lookup table. */
static int load_old(struct tz_index *ix, struct refresh *r)
{
	sqlite3_stmt *st;
	size_t k = 0;
	int rc = sqlite3_prepare_v2(ix->db, "SELECT fid, path, type, oid, mtime, ctime, size, ino, skip IS NOT NULL"
				    " FROM tz_files ORDER BY path", -1, &st, NULL);

	if (rc != SQLITE_OK)
		return sql_fail(ix, rc, "cannot be read");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *path = (const char *)sqlite3_column_text(st, 1);
		const void *oid = sqlite3_column_blob(st, 3);
		struct old_file *o;
		int c = 1;

		while (k < r->nnew && (c = strcmp(r->new[r->order[k]].path, path)) < 0)
			k++;
		TZ_ALLOC_GROW(r->old, r->nold + 1, r->old_alloc);
		o = &r->old[r->nold];
		memset(o, 0, sizeof(*o));
		o->fid = sqlite3_column_int64(st, 0);
		o->type = type_number(ix, (const char *)sqlite3_column_text(st, 2));
		if (oid && sqlite3_column_bytes(st, 3) == GIT_OID_RAWSZ) {
			git_oid_fromraw(&o->oid, oid);
			o->has_oid = 1;
		}
		o->mtime = sqlite3_column_int64(st, 4);
		o->ctime = sqlite3_column_int64(st, 5);
		o->size = sqlite3_column_int64(st, 6);
		o->ino = sqlite3_column_int64(st, 7);
		o->skipped = sqlite3_column_int(st, 8);
		if (o->skipped)
			o->type = -1;
		if (k < r->nnew && c == 0) {
			r->new[r->order[k++]].old = (long)r->nold;
			o->seen = 1;
		}
		r->nold++;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : sql_fail(ix, rc, "cannot be read");
}

static void bind_nullable_text(sqlite3_stmt *st, int col, const char *s)
{
	if (s)
		sqlite3_bind_text(st, col, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, col);
}

/* A number as eval.c compares it (strtod), kept as an integer when it is
 * one that fits. */
static void bind_number(sqlite3_stmt *st, int col, const char *v)
{
	if (!strchr(v, '.')) {
		char *end;
		long long x;
		errno = 0;
		x = strtoll(v, &end, 10);
		if (!errno && !*end) {
			sqlite3_bind_int64(st, col, x);
			return;
		}
	}
	sqlite3_bind_double(st, col, strtod(v, NULL));
}

/* Bind value v of field f: typed when the type can compare it, else a BLOB
 * of its text so that comparisons can tell it apart (see index.h). */
static void bind_value(sqlite3_stmt *st, int col, const struct tz_fdef *f, const char *v)
{
	if (!v) {
		sqlite3_bind_null(st, col);
		return;
	}
	switch (f->type) {
	case TZ_INT:
	case TZ_DECIMAL:
		if (tz_is_number(v)) {
			bind_number(st, col, v);
			return;
		}
		break;
	case TZ_DATE:
		if (tz_is_date(v)) {
			sqlite3_bind_text(st, col, v, -1, SQLITE_STATIC);
			return;
		}
		break;
	default:
		sqlite3_bind_text(st, col, v, -1, SQLITE_STATIC);
		return;
	}
	sqlite3_bind_blob(st, col, v, (int)strlen(v), SQLITE_STATIC);
}

/* Whether SQLite writes number v back as it is written: an integer with no
 * sign, no leading zero and at most 18 digits. */
static int canonical_int(const char *v)
{
	const char *d = *v == '-' ? v + 1 : v;
	size_t n = strspn(d, "0123456789");

	return n && !d[n] && n <= 18 && (d[0] != '0' || n == 1) && strcmp(v, "-0");
}

/* Bind the _raw column: a JSON object of the numbers of s that SQLite
 * would write back otherwise ("12.50", "007"), as the file has them; NULL
 * when there is none. raw must live until the statement has run. */
static void bind_raw(sqlite3_stmt *st, int col, struct tz_buf *raw, const struct tz_section *s,
		     const struct tz_fdef *f, size_t n)
{
	tz_buf_clear(raw);
	for (size_t i = 0; i < n; i++) {
		const char *v;
		if (f[i].type != TZ_INT && f[i].type != TZ_DECIMAL)
			continue;
		v = tz_section_get(s, f[i].name);
		if (!v || !tz_is_number(v) || canonical_int(v))
			continue;
		tz_buf_puts(raw, raw->len ? ", " : "{");
		tz_json_string(raw, f[i].name);
		tz_buf_puts(raw, ": ");
		tz_json_string(raw, v);
	}
	if (!raw->len) {
		sqlite3_bind_null(st, col);
		return;
	}
	tz_buf_putc(raw, '}');
	sqlite3_bind_text(st, col, raw->ptr, (int)raw->len, SQLITE_STATIC);
}

/* Insert the items of multiple ref value v as eval.c reads them: split at
 * commas, blanks (space, tab, newline) trimmed, empty items left out. */
static int insert_items(struct tz_index *ix, struct stmt *ins, sqlite3_int64 rec, const char *v)
{
	int ord = 0;

	while (v) {
		const char *comma = strchr(v, ','), *end = comma ? comma : v + strlen(v);
		sqlite3_stmt *st;

		while (v < end && (*v == ' ' || *v == '\t' || *v == '\n'))
			v++;
		while (end > v && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n'))
			end--;
		if (end > v) {
			if (!(st = use(ix, ins)))
				return -1;
			sqlite3_bind_int64(st, 1, rec);
			sqlite3_bind_int(st, 2, ord++);
			sqlite3_bind_text(st, 3, v, (int)(end - v), SQLITE_STATIC);
			if (run(ix, st) < 0)
				return -1;
		}
		v = comma ? comma + 1 : NULL;
	}
	return 0;
}

static int insert_record(struct tz_index *ix, struct type_plan *p, sqlite3_int64 fid, const char *id,
			 const struct tz_record *rec)
{
	const struct tz_type *t = p->t;
	const struct tz_section *main = &rec->sections[0];
	sqlite3_stmt *st;

	if (!(st = use(ix, &p->ins)))
		return -1;
	sqlite3_bind_int64(st, 1, fid);
	sqlite3_bind_text(st, 2, id, -1, SQLITE_STATIC);
	for (size_t i = 0; i < t->nfields; i++)
		bind_value(st, (int)i + 3, &t->fields[i], tz_section_get(main, t->fields[i].name));
	bind_raw(st, (int)t->nfields + 3, &ix->raw, main, t->fields, t->nfields);
	if (run(ix, st) < 0)
		return -1;
	for (size_t i = 0; i < t->nfields; i++)
		if (p->links[i] && insert_items(ix, &p->link_ins[i], fid, tz_section_get(main, t->fields[i].name)) < 0)
			return -1;
	for (size_t s = 1; s < rec->nsections; s++) {
		const struct tz_section *sec = &rec->sections[s];
		for (size_t k = 0; k < t->nparts; k++) {
			const struct tz_partdef *pd = &t->parts[k];
			struct part_plan *pp = &p->parts[k];
			size_t n = strlen(pd->name);
			sqlite3_int64 row;

			if (strncmp(sec->name, pd->name, n) || sec->name[n] != '.')
				continue;
			if (!(st = use(ix, &pp->ins)))
				return -1;
			sqlite3_bind_int64(st, 1, fid);
			sqlite3_bind_text(st, 2, sec->name + n + 1, -1, SQLITE_STATIC);
			for (size_t i = 0; i < pd->nfields; i++)
				bind_value(st, (int)i + 3, &pd->fields[i], tz_section_get(sec, pd->fields[i].name));
			bind_raw(st, (int)pd->nfields + 3, &ix->raw, sec, pd->fields, pd->nfields);
			if (run(ix, st) < 0)
				return -1;
			row = sqlite3_last_insert_rowid(ix->db);
			for (size_t i = 0; i < pd->nfields; i++)
				if (pp->links[i] && insert_items(ix, &pp->link_ins[i], row, tz_section_get(sec, pd->fields[i].name)) < 0)
					return -1;
		}
	}
	if (p->fts && !ix->rebuilding) {	/* a rebuild fills it at the end */
		if (!(st = use(ix, &p->fts_ins)))
			return -1;
		sqlite3_bind_int64(st, 1, fid);
		if (run(ix, st) < 0)
			return -1;
	}
	return 0;
}

/* Run one statement that takes the file id as its only parameter. */
static int run_fid(struct tz_index *ix, struct stmt *s, sqlite3_int64 fid)
{
	sqlite3_stmt *st = use(ix, s);

	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, fid);
	return run(ix, st);
}

static int delete_record(struct tz_index *ix, long type, sqlite3_int64 fid)
{
	struct type_plan *p;

	if (type < 0)
		return 0;
	p = &ix->plans[type];
	if (p->fts && run_fid(ix, &p->fts_del, fid) < 0)
		return -1;
	for (size_t k = 0; k < p->t->nparts; k++) {
		for (size_t i = 0; i < p->t->parts[k].nfields; i++)
			if (p->parts[k].links[i] && run_fid(ix, &p->parts[k].link_del[i], fid) < 0)
				return -1;
		if (run_fid(ix, &p->parts[k].del, fid) < 0)
			return -1;
	}
	for (size_t i = 0; i < p->t->nfields; i++)
		if (p->links[i] && run_fid(ix, &p->link_del[i], fid) < 0)
			return -1;
	return run_fid(ix, &p->del, fid);
}

/* Bind mtime, ctime, size, ino from column col on. A file changed in the
 * last second may change again within the clock's granularity without its
 * stat data changing ("racy git"): its size is stored as -1 so that the next
 * refresh reads it again. */
static void bind_stat(struct tz_index *ix, sqlite3_stmt *st, int col, const struct new_file *nf)
{
	if (!nf->has_stat) {
		for (int i = 0; i < 4; i++)
			sqlite3_bind_null(st, col + i);
		return;
	}
	sqlite3_bind_int64(st, col, nf->mtime);
	sqlite3_bind_int64(st, col + 1, nf->ctime);
	sqlite3_bind_int64(st, col + 2, nf->mtime >= ix->racy_after || nf->ctime >= ix->racy_after ? -1 : nf->size);
	sqlite3_bind_int64(st, col + 3, nf->ino);
}

/* Write the tz_files row of nf (a new row, or the old one's), setting *fid. */
static int write_file(struct tz_index *ix, const struct new_file *nf, const struct old_file *old,
		      const struct tz_type *t, const char *id, const git_oid *oid, const char *skip,
		      sqlite3_int64 *fid)
{
	sqlite3_stmt *st = use(ix, old ? &ix->file_upd : &ix->file_ins);

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, nf->path, -1, SQLITE_STATIC);
	bind_nullable_text(st, 2, t ? t->name : NULL);
	bind_nullable_text(st, 3, id);
	if (oid)
		sqlite3_bind_blob(st, 4, oid->id, GIT_OID_RAWSZ, SQLITE_STATIC);
	bind_stat(ix, st, 5, nf);
	bind_nullable_text(st, 9, skip);
	if (old)
		sqlite3_bind_int64(st, 10, old->fid);
	if (run(ix, st) < 0)
		return -1;
	*fid = old ? old->fid : sqlite3_last_insert_rowid(ix->db);
	return 0;
}

static int same_stat(const struct new_file *nf, const struct old_file *o)
{
	return nf->has_stat && nf->mtime == o->mtime && nf->ctime == o->ctime &&
	       nf->size == o->size && nf->ino == o->ino;
}

static void moved_key(struct tz_buf *b, long type, const git_oid *oid)
{
	char hex[GIT_OID_HEXSZ + 1];

	git_oid_tostr(hex, sizeof(hex), oid);
	tz_buf_clear(b);
	tz_buf_printf(b, "%ld:%s", type, hex);
}

/* Old records no file holds any more, by type and blob id: a new path with
 * the same content is the same record moved, and is not parsed again. */
static void find_moved(struct refresh *r)
{
	struct tz_buf key = TZ_BUF_INIT;

	r->have_moved = 1;
	for (size_t i = 0; i < r->nold; i++) {
		const struct old_file *o = &r->old[i];
		if (o->seen || o->type < 0 || !o->has_oid)
			continue;
		moved_key(&key, o->type, &o->oid);
		tz_strmap_put(&r->moved, key.ptr, i, NULL);
	}
	tz_buf_release(&key);
}

static int take_moved(struct tz_index *ix, struct refresh *r, struct new_file *nf, long type,
		      const git_oid *oid, const char *id)
{
	struct tz_buf key = TZ_BUF_INIT;
	struct old_file *o;
	sqlite3_stmt *st;
	size_t i;
	int found;

	if (!r->have_moved)
		find_moved(r);
	moved_key(&key, type, oid);
	found = tz_strmap_get(&r->moved, key.ptr, &i);
	tz_buf_release(&key);
	if (!found || r->old[i].seen)
		return 0;
	o = &r->old[i];
	o->seen = 1;
	if (!(st = use(ix, &ix->file_ren)))
		return -1;
	sqlite3_bind_text(st, 1, nf->path, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, id, -1, SQLITE_STATIC);
	bind_stat(ix, st, 3, nf);
	sqlite3_bind_int64(st, 7, o->fid);
	if (run(ix, st) < 0)
		return -1;
	if (!(st = use(ix, &ix->plans[type].ren)))
		return -1;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, o->fid);
	if (run(ix, st) < 0)
		return -1;
	ix->stats.renamed++;
	return 1;
}

/* The source the files are read from. */
struct source_view {
	struct tz_source *src;
};

/* What reading one file found, made by prepare() (in a worker thread when
 * there are many files) and written to the index by apply(), in order. */
struct prepared {
	int ready, failed, hashed, unchanged;
	long type;
	char *id, *skip, *error;
	git_oid oid;
	struct tz_record *rec;
};

static void prepared_release(struct prepared *p)
{
	free(p->id);
	free(p->skip);
	free(p->error);
	tz_record_free(p->rec);
	memset(p, 0, sizeof(*p));
}

/* Buffers of one thread that prepares files. */
struct preparer {
	struct tz_buf data, id, why, msg;
	struct tz_diag_list diags;
};

static void preparer_release(struct preparer *w)
{
	tz_buf_release(&w->data);
	tz_buf_release(&w->id);
	tz_buf_release(&w->why);
	tz_buf_release(&w->msg);
	tz_diag_list_release(&w->diags);
}

/* Read, hash and parse one file whose stat data changed; touches nothing
 * shared but what it reads (the schema, the file lists), so that threads
 * can do it side by side. */
static void prepare(const struct tz_index *ix, struct source_view *src, struct preparer *w,
		    const struct new_file *nf, const struct old_file *old, struct prepared *p)
{
	struct tz_type *t = NULL;
	struct tz_entry e = { 0 };
	int rc;

	p->type = -1;
	if (nf->kind == TZ_ENTRY_SYMLINK) {
		p->skip = tz_strdup("symbolic link (never followed)");
		return;
	}
	if (nf->kind != TZ_ENTRY_FILE) {
		p->skip = tz_strdup("not a regular file");
		return;
	}
	tz_buf_clear(&w->why);
	if (tz_place_record(ix->schema, nf->path, &t, &w->id, &w->why) < 0) {
		p->skip = tz_strdup(w->why.ptr);
		return;
	}
	p->type = (long)(t - ix->schema->types);
	p->id = tz_strdup(w->id.ptr);
	e.path = nf->path;
	e.kind = TZ_ENTRY_FILE;
	e.has_oid = nf->has_oid;
	git_oid_cpy(&e.oid, &nf->oid);
	rc = tz_source_read(src->src, &e, TZ_RECORD_MAX_SIZE, &w->data);
	if (rc < 0) {
		p->failed = 1;
		p->error = tz_strdup(tz_error_last());
		return;
	}
	p->hashed = 1;
	if (rc > 0) {
		p->skip = tz_strdup("file is larger than 1 MiB");
		return;
	}
	if (nf->has_oid) {
		git_oid_cpy(&p->oid, &nf->oid);
	} else if (git_odb_hash(&p->oid, w->data.ptr ? w->data.ptr : "", w->data.len, GIT_OBJECT_BLOB) < 0) {
		p->failed = 1;
		p->error = tz_strdup("cannot hash a record");
		return;
	}
	if (old && old->has_oid && git_oid_equal(&p->oid, &old->oid) && old->type == p->type) {
		p->unchanged = 1;	/* touched, not changed */
		return;
	}
	tz_diag_list_release(&w->diags);
	p->rec = tz_record_parse(nf->path, w->data.ptr ? w->data.ptr : "", w->data.len, &w->diags);
	tz_buf_clear(&w->msg);
	if (!p->rec) {
		p->skip = tz_strdup(w->diags.n ? w->diags.v[0].msg : "cannot be read");
	} else if (!p->rec->nsections) {
		tz_buf_printf(&w->msg, "no [%s] section", t->name);
		p->skip = tz_buf_detach(&w->msg);
	} else if (strcmp(p->rec->sections[0].name, t->name)) {
		tz_buf_puts(&w->msg, "first section is \"[");
		tz_text_quote(&w->msg, p->rec->sections[0].name);
		tz_buf_printf(&w->msg, "]\", expected \"[%s]\"", t->name);
		p->skip = tz_buf_detach(&w->msg);
	}
	if (p->skip) {
		tz_record_free(p->rec);
		p->rec = NULL;
	}
}

/* Write what prepare() found about nf to the index. */
static int apply(struct tz_index *ix, struct refresh *r, struct new_file *nf, struct prepared *p)
{
	struct old_file *old = nf->old >= 0 ? &r->old[nf->old] : NULL;
	sqlite3_int64 fid;
	int rc;

	if (p->failed)
		return tz_error_set("%s", p->error);
	ix->stats.hashed += p->hashed;
	if (p->unchanged) {
		sqlite3_stmt *st = use(ix, &ix->file_stat);
		if (!st)
			return -1;
		bind_stat(ix, st, 1, nf);
		sqlite3_bind_int64(st, 5, old->fid);
		return run(ix, st);
	}
	if (!old && !p->skip) {
		rc = take_moved(ix, r, nf, p->type, &p->oid, p->id);
		if (rc != 0)
			return rc < 0 ? -1 : 0;
	}
	ix->stats.parsed += p->hashed;
	ix->stats.skipped += p->skip != NULL;
	if (old && delete_record(ix, old->type, old->fid) < 0)
		return -1;
	if (write_file(ix, nf, old, p->skip ? NULL : &ix->schema->types[p->type], p->skip ? NULL : p->id,
		       p->skip || !p->hashed ? NULL : &p->oid, p->skip, &fid) < 0)
		return -1;
	return p->skip ? 0 : insert_record(ix, &ix->plans[p->type], fid, p->id, p->rec);
}

/* Files are prepared by worker threads, at most WINDOW ahead of the one
 * the main thread (the only one that talks to SQLite) writes. */
#define WINDOW 256
#define MIN_PARALLEL 128

struct pool {
	struct tz_index *ix;
	struct refresh *r;
	struct source_view src;
	size_t *jobs, njobs;		/* indices into r->new */
	struct prepared *slots;		/* WINDOW of them, job % WINDOW */
	size_t next, done;		/* next job to take; jobs written so far */
	int stop;
	pthread_mutex_t lock;
	pthread_cond_t cond;
};

static void worker(size_t i, void *payload)
{
	struct pool *pl = payload;
	struct preparer w;

	memset(&w, 0, sizeof(w));
	pthread_mutex_lock(&pl->lock);
	for (;;) {
		size_t j;
		struct prepared *p;
		const struct new_file *nf;

		while (!pl->stop && pl->next < pl->njobs && pl->next >= pl->done + WINDOW)
			pthread_cond_wait(&pl->cond, &pl->lock);
		if (pl->stop || pl->next >= pl->njobs)
			break;
		j = pl->next++;
		pthread_mutex_unlock(&pl->lock);
		nf = &pl->r->new[pl->jobs[j]];
		p = &pl->slots[j % WINDOW];
		/* the job that had this slot is written: free it here, in the
		 * thread that allocated it, not in the busier main thread */
		prepared_release(p);
		prepare(pl->ix, &pl->src, &w, nf, nf->old >= 0 ? &pl->r->old[nf->old] : NULL, p);
		pthread_mutex_lock(&pl->lock);
		p->ready = 1;
		pthread_cond_broadcast(&pl->cond);
	}
	pthread_mutex_unlock(&pl->lock);
	preparer_release(&w);
}

/* Bring the index up to date with every file whose stat data changed. */
static int refresh_changed(struct tz_index *ix, struct refresh *r)
{
	struct pool pl;
	struct tz_parallel *workers = NULL;
	size_t nthreads = 0;
	int ret = 0;

	memset(&pl, 0, sizeof(pl));
	pl.ix = ix;
	pl.r = r;
	pl.src.src = &ix->src;
	pl.jobs = tz_calloc(r->nnew + 1, sizeof(*pl.jobs));
	for (size_t i = 0; i < r->nnew; i++) {
		const struct new_file *nf = &r->new[i];
		const struct old_file *old = nf->old >= 0 ? &r->old[nf->old] : NULL;
		if (old && same_stat(nf, old))
			ix->stats.skipped += old->skipped;
		else
			pl.jobs[pl.njobs++] = i;
	}
	pl.slots = tz_calloc(WINDOW, sizeof(*pl.slots));
	pthread_mutex_init(&pl.lock, NULL);
	pthread_cond_init(&pl.cond, NULL);
	/* a revision's blobs come through one libgit2 repository: no threads */
	if (!ix->src.tree && tz_parallel_threads(pl.njobs, MIN_PARALLEL) > 1) {
		workers = tz_parallel_start(tz_parallel_threads(pl.njobs, MIN_PARALLEL), worker, &pl);
		nthreads = tz_parallel_started(workers);
	}
	{
		struct preparer w;
		memset(&w, 0, sizeof(w));
		for (size_t j = 0; j < pl.njobs && !ret; j++) {
			struct new_file *nf = &r->new[pl.jobs[j]];
			struct prepared *p = &pl.slots[j % WINDOW];

			if (ix->progress && (j & 1023) == 0)
				ix->progress(j, pl.njobs, ix->payload);
			if (!nthreads) {
				prepare(ix, &pl.src, &w, nf, nf->old >= 0 ? &r->old[nf->old] : NULL, p);
			} else {
				pthread_mutex_lock(&pl.lock);
				while (!p->ready)
					pthread_cond_wait(&pl.cond, &pl.lock);
				pthread_mutex_unlock(&pl.lock);
			}
			ret = apply(ix, r, nf, p);
			if (!nthreads)
				prepared_release(p);
			pthread_mutex_lock(&pl.lock);
			p->ready = 0;
			pl.done = j + 1;
			pthread_cond_broadcast(&pl.cond);
			pthread_mutex_unlock(&pl.lock);
		}
		preparer_release(&w);
	}
	pthread_mutex_lock(&pl.lock);
	pl.stop = 1;
	pthread_cond_broadcast(&pl.cond);
	pthread_mutex_unlock(&pl.lock);
	tz_parallel_join(workers);
	for (size_t i = 0; i < WINDOW; i++)
		prepared_release(&pl.slots[i]);
	if (ix->progress)
		ix->progress(pl.njobs, pl.njobs, ix->payload);
	pthread_mutex_destroy(&pl.lock);
	pthread_cond_destroy(&pl.cond);
	free(pl.slots);
	free(pl.jobs);
	return ret;
}

static void refresh_release(struct refresh *r)
{
	free(r->new);
	free(r->old);
	free(r->order);
	tz_buf_release(&r->paths);
	tz_strmap_release(&r->moved);
}

/*
 * The walk's fingerprint, "HASH SKIPPED", kept in tz_meta as "walk": when a
 * walk finds every path with the stat data of the last refresh, none of
 * them changed since the index was brought up to date, and tz_files need not
 * even be read. Only stored when no file changed in the second before that
 * refresh (see bind_stat), so a change the stat data cannot show is never
 * hidden by it.
 */
static int walk_unchanged(struct tz_index *ix, const struct refresh *r, size_t *skipped)
{
	sqlite3_stmt *st;
	char want[64];
	int same = 0;
	unsigned long long h;

	if (ix->rebuilding || !r->walk_trusted ||
	    sqlite3_prepare_v2(ix->db, "SELECT value FROM tz_meta WHERE key = 'walk'", -1, &st, NULL) != SQLITE_OK)
		return 0;
	if (sqlite3_step(st) == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(st, 0);
		snprintf(want, sizeof(want), "%016llx ", (unsigned long long)r->walk_hash);
		same = v && !strncmp(v, want, strlen(want)) && sscanf(v, "%llx %zu", &h, skipped) == 2;
	}
	sqlite3_finalize(st);
	return same;
}

static int remember_walk(struct tz_index *ix, const struct refresh *r)
{
	sqlite3_stmt *st;
	char v[64];
	int rc;

	if (!r->walk_trusted)
		return exec(ix, "DELETE FROM tz_meta WHERE key = 'walk'");
	snprintf(v, sizeof(v), "%016llx %zu", (unsigned long long)r->walk_hash, ix->stats.skipped);
	rc = sqlite3_prepare_v2(ix->db, "INSERT OR REPLACE INTO tz_meta VALUES ('walk', ?1)", -1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(st, 1, v, -1, SQLITE_STATIC);
		rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(ix->db);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_OK ? 0 : sql_fail(ix, rc, "update failed");
}

static int refresh_files(struct tz_index *ix)
{
	struct refresh r;
	struct timespec now;
	int ret = -1;

	memset(&r, 0, sizeof(r));
	clock_gettime(CLOCK_REALTIME, &now);
	ix->racy_after = r.racy_after = ns(&now) - 1000000000;
	r.walk_trusted = 1;
	if (tz_source_walk_stat(&ix->src, "records", collect, &r) < 0)
		goto out;
	ix->stats.files = r.nnew;
	if (walk_unchanged(ix, &r, &ix->stats.skipped)) {
		ix->stats.records = ix->stats.files - ix->stats.skipped;
		ret = 0;
		goto out;
	}
	sort_new(&r);
	if (!ix->rebuilding && load_old(ix, &r) < 0)
		goto out;
	if (refresh_changed(ix, &r) < 0)
		goto out;
	for (size_t i = 0; i < r.nold; i++) {
		if (r.old[i].seen)
			continue;
		if (delete_record(ix, r.old[i].type, r.old[i].fid) < 0 || run_fid(ix, &ix->file_del, r.old[i].fid) < 0)
			goto out;
		ix->stats.removed += r.old[i].type >= 0;
	}
	ix->stats.records = ix->stats.files - ix->stats.skipped;
	ret = remember_walk(ix, &r);
out:
	refresh_release(&r);
	return ret;
}

/* The one line about files not in the index, from tz_files. */
static int describe_skipped(struct tz_index *ix)
{
	sqlite3_stmt *st;
	size_t n = 0;
	int rc;

	tz_buf_clear(&ix->skipped);
	if (!ix->stats.skipped)
		return 0;
	rc = sqlite3_prepare_v2(ix->db, "SELECT path, skip FROM tz_files WHERE skip IS NOT NULL ORDER BY path LIMIT ?",
				-1, &st, NULL);
	if (rc != SQLITE_OK)
		return sql_fail(ix, rc, "cannot be read");
	sqlite3_bind_int(st, 1, SKIP_EXAMPLES);
	tz_buf_printf(&ix->skipped, "%zu file%s below records/ %s not indexed (see tz validate): ",
		      ix->stats.skipped, ix->stats.skipped == 1 ? "" : "s", ix->stats.skipped == 1 ? "is" : "are");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n++)
			tz_buf_puts(&ix->skipped, "; ");
		tz_quote(&ix->skipped, (const char *)sqlite3_column_text(st, 0));
		tz_buf_puts(&ix->skipped, ": ");
		tz_quote_unsafe(&ix->skipped, (const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return sql_fail(ix, rc, "cannot be read");
	if (ix->stats.skipped > n)
		tz_buf_puts(&ix->skipped, "; …");
	return 0;
}

/* One refresh of the open database, in one transaction. */
static int refresh(struct tz_index *ix, unsigned flags)
{
	int current = 0;

	ix->rebuilding = 0;
	memset(&ix->stats.files, 0, offsetof(struct tz_index_stats, rebuilt));
	if (exec(ix, "BEGIN IMMEDIATE") < 0)
		return -1;
	if (!(flags & TZ_INDEX_REBUILD) && is_current(ix, &current) < 0)
		goto fail;
	if (!current) {
		ix->rebuilding = 1;
		ix->stats.rebuilt = 1;
		if (drop_tables(ix) < 0 || create_tables(ix) < 0)
			goto fail;
	}
	if (refresh_files(ix) < 0)
		goto fail;
	if (ix->rebuilding && finish_tables(ix) < 0)
		goto fail;
	if (exec(ix, "COMMIT") < 0)
		goto fail;
	ix->rebuilding = 0;
	return describe_skipped(ix);
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

/* --- opening --- */

static int open_db(struct tz_index *ix, const char *path, int readonly)
{
	int rc = tz_db_open(&ix->db, path, readonly ? TZ_DB_READONLY : 0);

	if (rc != SQLITE_OK) {
		ix->rc = rc;
		return -1;
	}
	if (tz_sqlq_register(ix->db) < 0)
		return sql_fail(ix, SQLITE_ERROR, "cannot be set up");
	return 0;
}

static void close_db(struct tz_index *ix)
{
	plans_free(ix);
	sqlite3_close(ix->db);
	ix->db = NULL;
}

/* Open the database at path (":memory:" too) and refresh it. */
static int open_and_refresh(struct tz_index *ix, const char *path, unsigned flags)
{
	ix->rc = 0;
	if (open_db(ix, path, 0) < 0 || plan(ix) < 0 || refresh(ix, flags) < 0)
		return -1;
	if (!(flags & TZ_INDEX_READONLY))
		return 0;
	if (!strcmp(path, ":memory:"))
		return exec(ix, "PRAGMA query_only = 1");
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
		tz_buf_printf(&ix->notice, "the index was damaged (%s); rebuilt it", why);
		r = open_and_refresh(ix, ix->path, flags | TZ_INDEX_REBUILD);
	}
	return r;
}

int tz_index_open_ext(struct tz_index **out, struct tz_repo *repo, const char *rev, unsigned flags,
		      tz_index_progress_fn progress, void *payload)
{
	struct tz_index *ix = tz_calloc(1, sizeof(*ix));
	int r = -1;

	*out = NULL;
	ix->repo = repo;
	ix->progress = progress;
	ix->payload = payload;
	if (tz_source_open(&ix->src, repo, rev) < 0 || load_schema(ix) < 0)
		goto out;
	if (!rev) {
		r = open_file(ix, flags);
		if (r == 0 || !tz_db_is_unwritable(ix->rc))
			goto out;
		tz_buf_clear(&ix->notice);
		tz_buf_printf(&ix->notice, "cannot write the index (%s); using one in memory", tz_error_last());
		close_db(ix);
	}
	free(ix->path);
	ix->path = tz_strdup(":memory:");
	ix->stats.in_memory = 1;
	r = open_and_refresh(ix, ix->path, flags);
out:
	plans_free(ix);
	tz_source_release(&ix->src);
	if (r < 0) {
		tz_index_free(ix);
		return -1;
	}
	*out = ix;
	return 0;
}

int tz_index_open(struct tz_index **out, struct tz_repo *repo, const char *rev, unsigned flags)
{
	return tz_index_open_ext(out, repo, rev, flags, NULL, NULL);
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
