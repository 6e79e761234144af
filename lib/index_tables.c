/* index_tables.c - the index's layout: one table per record type, part and
 * multiple ref, a full-text table per type with text fields, the index's own
 * tz_files, tz_meta and tz_tables; the statements that fill them; creating,
 * finishing (secondary indexes after a bulk load) and dropping them. */
#include <stdlib.h>
#include <string.h>
#include "error.h"
#include "i18n.h"
#include "index_int.h"
#include "sqlname.h"
#include "strmap.h"

static const char *column_type(const struct tz_fdef *f)
{
	return f->type == TZ_INT ? "INTEGER" : f->type == TZ_DECIMAL ? "NUMERIC" : "TEXT";
}

/* Secondary indexes cost build time, and a full scan of 100 000 rows takes
 * milliseconds: only references (many distinct values, joined on) get one. */
static int wants_sql_index(const struct tz_fdef *f)
{
	/* refs are joined; unique values are looked up one at a time (tz set);
	 * a ledger is counted and listed by its enums (status, level): an
	 * index answers `status = in_progress --count` without reading rows */
	return (!f->multiple && (f->type == TZ_REF || f->type == TZ_ENUM)) || f->unique;
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

static void plan_links(char ***links, struct tz_ix_stmt **ins, struct tz_ix_stmt **del, const struct tz_type *t,
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
		tz_ix_stmt_set(&(*ins)[i], &b);
		tz_buf_puts(&b, "DELETE FROM ");
		tz_sqlname_ident(&b, (*links)[i]);
		if (part) {
			tz_buf_puts(&b, " WHERE _rec IN (SELECT _rowid FROM ");
			tz_sqlname_ident(&b, part_table);
			tz_buf_puts(&b, " WHERE _rec = ?)");
		} else {
			tz_buf_puts(&b, " WHERE _rec = ?");
		}
		tz_ix_stmt_set(&(*del)[i], &b);
	}
}

static void free_links(char **links, struct tz_ix_stmt *ins, struct tz_ix_stmt *del, size_t n)
{
	for (size_t i = 0; links && i < n; i++) {
		free(links[i]);
		tz_ix_stmt_release(&ins[i]);
		tz_ix_stmt_release(&del[i]);
	}
	free(links);
	free(ins);
	free(del);
}

void tz_ix_tables_free(struct tz_index *ix)
{
	if (!ix->plans)
		return;
	for (size_t i = 0; i < ix->schema->ntypes; i++) {
		struct tz_ix_type *p = &ix->plans[i];
		if (!p->t)
			break;	/* planning stopped here */
		free(p->table);
		free(p->fts);
		tz_ix_stmt_release(&p->ins);
		tz_ix_stmt_release(&p->del);
		tz_ix_stmt_release(&p->ren);
		tz_ix_stmt_release(&p->fts_ins);
		tz_ix_stmt_release(&p->fts_del);
		free_links(p->links, p->link_ins, p->link_del, p->t->nfields);
		for (size_t k = 0; p->parts && k < p->t->nparts; k++) {
			struct tz_ix_part *pp = &p->parts[k];
			free(pp->table);
			tz_ix_stmt_release(&pp->ins);
			tz_ix_stmt_release(&pp->del);
			free_links(pp->links, pp->link_ins, pp->link_del, p->t->parts[k].nfields);
		}
		free(p->parts);
	}
	free(ix->plans);
	ix->plans = NULL;
	tz_ix_stmt_release(&ix->file_ins);
	tz_ix_stmt_release(&ix->file_upd);
	tz_ix_stmt_release(&ix->file_stat);
	tz_ix_stmt_release(&ix->file_ren);
	tz_ix_stmt_release(&ix->file_del);
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
static void row_statements(struct tz_ix_stmt *ins, struct tz_ix_stmt *del, const char *table, const char *head,
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
	tz_ix_stmt_set(ins, &b);
	tz_buf_puts(&b, "DELETE FROM ");
	tz_sqlname_ident(&b, table);
	tz_buf_printf(&b, " WHERE %s = ?", key);
	tz_ix_stmt_set(del, &b);
}

/* "INSERT INTO fts(into) SELECT select FROM table WHERE _rowid = ?", with
 * the type's text fields after both. */
static void fts_statement(struct tz_ix_stmt *s, const struct tz_ix_type *p, const char *into, const char *select)
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
	tz_ix_stmt_set(s, &b);
}

static int plan_type(struct tz_ix_type *p, const struct tz_type *t, struct tz_strmap *names)
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
	tz_ix_stmt_set(&p->ren, &b);
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
		struct tz_ix_part *pp = &p->parts[k];

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

static void set_sql(struct tz_ix_stmt *s, const char *sql)
{
	s->sql = tz_strdup(sql);
}

int tz_ix_tables_plan(struct tz_index *ix)
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

static void remember_table(struct tz_buf *b, const char *name)
{
	tz_buf_puts(b, "INSERT INTO tz_tables VALUES (");
	tz_sqlname_literal(b, name);
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
int tz_ix_tables_create(struct tz_index *ix)
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
		struct tz_ix_type *p = &ix->plans[i];
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
			tz_sqlname_literal(&b, p->table);
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
	r = tz_ix_exec(ix, b.ptr);
	tz_buf_release(&b);
	return r;
}

/* After the bulk load of a rebuild: secondary indexes and full-text tables. */
int tz_ix_tables_finish(struct tz_index *ix)
{
	struct tz_buf b = TZ_BUF_INIT;
	int nix = 0, r;

	for (size_t i = 0; i < ix->schema->ntypes; i++) {
		struct tz_ix_type *p = &ix->plans[i];
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
	r = tz_ix_exec(ix, b.ptr);
	tz_buf_release(&b);
	return r;
}

static int table_exists(struct tz_index *ix, const char *name, int *out)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(ix->db, "SELECT 1 FROM sqlite_master WHERE name = ?", -1, &st, NULL);

	if (rc != SQLITE_OK)
		return tz_ix_fail(ix, rc, N_("cannot be read"));
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return tz_ix_fail(ix, rc, N_("cannot be read"));
	*out = rc == SQLITE_ROW;
	return 0;
}

/* Drop the tables this module made (listed in tz_tables, or planned now),
 * and nothing else: other modules keep their tables in the same file. */
int tz_ix_tables_drop(struct tz_index *ix)
{
	struct tz_buf b = TZ_BUF_INIT;
	int listed = 0, r = -1;

	if (table_exists(ix, "tz_tables", &listed) < 0)
		goto out;
	if (listed) {
		sqlite3_stmt *st;
		int rc = sqlite3_prepare_v2(ix->db, "SELECT name FROM tz_tables", -1, &st, NULL);
		if (rc != SQLITE_OK) {
			tz_ix_fail(ix, rc, N_("cannot be read"));
			goto out;
		}
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			tz_buf_puts(&b, "DROP TABLE IF EXISTS ");
			tz_sqlname_ident(&b, (const char *)sqlite3_column_text(st, 0));
			tz_buf_puts(&b, ";\n");
		}
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE) {
			tz_ix_fail(ix, rc, N_("cannot be read"));
			goto out;
		}
	}
	for (size_t i = 0; i < ix->schema->ntypes; i++) {
		struct tz_ix_type *p = &ix->plans[i];
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
	r = tz_ix_exec(ix, b.ptr);
out:
	tz_buf_release(&b);
	return r;
}

/* fn for table (t, sub, sub2) with its number of rows. */
static int count_table(struct tz_index *ix, const struct tz_type *t, const char *sub, const char *sub2,
		       tz_index_table_fn fn, void *payload)
{
	struct tz_buf name = TZ_BUF_INIT, sql = TZ_BUF_INIT;
	sqlite3_stmt *st = NULL;
	int rc, r;

	tz_sqlname_table(&name, t, sub, sub2);
	tz_buf_puts(&sql, "SELECT count(*) FROM ");
	tz_sqlname_ident(&sql, name.ptr);
	rc = sqlite3_prepare_v2(ix->db, sql.ptr, -1, &st, NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW)
		r = fn(name.ptr, sqlite3_column_int64(st, 0), payload);
	else
		r = tz_error_set(_("cannot count %s: %s"), name.ptr, sqlite3_errmsg(ix->db));
	sqlite3_finalize(st);
	tz_buf_release(&name);
	tz_buf_release(&sql);
	return r;
}

int tz_index_count_rows(struct tz_index *ix, tz_index_table_fn fn, void *payload)
{
	const struct tz_schema *schema = ix->schema;
	int r = 0;

	for (size_t i = 0; i < schema->ntypes && !r; i++) {
		const struct tz_type *t = &schema->types[i];
		r = count_table(ix, t, NULL, NULL, fn, payload);
		for (size_t k = 0; k < t->nfields && !r; k++)
			if (t->fields[k].multiple)
				r = count_table(ix, t, t->fields[k].name, NULL, fn, payload);
		for (size_t p = 0; p < t->nparts && !r; p++) {
			r = count_table(ix, t, t->parts[p].name, NULL, fn, payload);
			for (size_t k = 0; k < t->parts[p].nfields && !r; k++)
				if (t->parts[p].fields[k].multiple)
					r = count_table(ix, t, t->parts[p].name, t->parts[p].fields[k].name, fn, payload);
		}
	}
	return r;
}
