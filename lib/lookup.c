/* lookup.c - the index answering the write path's questions: does this ID
 * exist, which records carry this name, does another record hold this
 * unique value, what is the highest ID taken. Every query uses an index of
 * the database (ids, refs, unique fields, tz_files by type and width). */
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include "error.h"
#include "i18n.h"
#include "idtemplate.h"
#include "lookup.h"
#include "sqlname.h"
#include "text.h"

/* Prepare sql on ix's connection, or set the error. */
static sqlite3_stmt *prepare(struct tz_index *ix, const char *sql)
{
	sqlite3 *db = tz_index_db(ix);
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		tz_error_set(_("cannot query the index: %s"), sqlite3_errmsg(db));
		return NULL;
	}
	return st;
}

static int step_failed(struct tz_index *ix)
{
	return tz_error_set(_("cannot query the index: %s"), sqlite3_errmsg(tz_index_db(ix)));
}

int tz_lookup_exists(struct tz_index *ix, const struct tz_type *t, const char *id)
{
	struct tz_buf sql = TZ_BUF_INIT;
	sqlite3_stmt *st;
	int ret = -1, rc;

	tz_buf_puts(&sql, "SELECT 1 FROM ");
	tz_sqlname_table_ident(&sql, t, NULL, NULL);
	tz_buf_puts(&sql, " WHERE id = ?1");
	if (!(st = prepare(ix, sql.ptr)))
		goto out;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	ret = rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : step_failed(ix);
out:
	sqlite3_finalize(st);
	tz_buf_release(&sql);
	return ret;
}

int tz_lookup_find(struct tz_index *ix, const struct tz_type *t, const char *field, const char *value,
		   struct tz_resolve_matches *out)
{
	struct tz_buf sql = TZ_BUF_INIT;
	sqlite3_stmt *st;
	int ret = -1, rc;

	tz_buf_puts(&sql, "SELECT id, ");
	if (t->title && tz_type_field(t, t->title))
		tz_sqlname_ident(&sql, t->title);
	else
		tz_buf_puts(&sql, "NULL");
	tz_buf_puts(&sql, " FROM ");
	tz_sqlname_table_ident(&sql, t, NULL, NULL);
	tz_buf_puts(&sql, " WHERE ");
	tz_sqlname_ident(&sql, field);
	tz_buf_puts(&sql, " = ?1 ORDER BY id");
	if (!(st = prepare(ix, sql.ptr)))
		goto out;
	sqlite3_bind_text(st, 1, value, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *title = (const char *)sqlite3_column_text(st, 1);
		TZ_ALLOC_GROW(out->v, out->n + 1, out->alloc);
		out->v[out->n].id = tz_strdup((const char *)sqlite3_column_text(st, 0));
		out->v[out->n].title = title ? tz_strdup(title) : NULL;
		out->n++;
	}
	ret = rc == SQLITE_DONE ? 0 : step_failed(ix);
out:
	sqlite3_finalize(st);
	tz_buf_release(&sql);
	return ret;
}

int tz_lookup_unique_clash(struct tz_index *ix, const struct tz_type *t, const struct tz_partdef *part,
			   const struct tz_fdef *f, const char *value, const char *self, struct tz_buf *other)
{
	struct tz_buf sql = TZ_BUF_INIT;
	sqlite3_stmt *st;
	int ret = -1, rc;

	/* values are stored typed: compare as the index stored them; a part's
	 * entries point at their record's file (_rec) */
	tz_buf_puts(&sql, "SELECT f.path FROM ");
	tz_sqlname_table_ident(&sql, t, part ? part->name : NULL, NULL);
	tz_buf_printf(&sql, " AS r JOIN tz_files AS f ON f.fid = r.%s WHERE (r.", part ? "_rec" : "_rowid");
	tz_sqlname_ident(&sql, f->name);
	tz_buf_puts(&sql, " = ?1 OR CAST(r.");
	tz_sqlname_ident(&sql, f->name);
	tz_buf_printf(&sql, " AS TEXT) = ?1) AND %s != ?2 ORDER BY f.path LIMIT 1", part ? "f.id" : "r.id");
	if (!(st = prepare(ix, sql.ptr)))
		goto out;
	sqlite3_bind_text(st, 1, value, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, self, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		tz_buf_puts(other, (const char *)sqlite3_column_text(st, 0));
		ret = 1;
	} else {
		ret = rc == SQLITE_DONE ? 0 : step_failed(ix);
	}
out:
	sqlite3_finalize(st);
	tz_buf_release(&sql);
	return ret;
}

/* Append each row's path and type (the statement's two columns) to paths
 * and types, NUL after each, and finalize st: how many, or -1. */
static int list_files(struct tz_index *ix, sqlite3_stmt *st, struct tz_buf *paths, struct tz_buf *types)
{
	int n = 0, rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *type = (const char *)sqlite3_column_text(st, 1);
		tz_buf_puts(paths, (const char *)sqlite3_column_text(st, 0));
		tz_buf_putc(paths, '\0');
		tz_buf_puts(types, type ? type : "");
		tz_buf_putc(types, '\0');
		n++;
	}
	if (rc != SQLITE_DONE)
		n = step_failed(ix);
	sqlite3_finalize(st);
	return n;
}

int tz_lookup_records(struct tz_index *ix, const char *id, struct tz_buf *paths, struct tz_buf *types)
{
	sqlite3_stmt *st = prepare(ix, "SELECT path, type FROM tz_files WHERE id = ?1 AND skip IS NULL ORDER BY path");

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	return list_files(ix, st, paths, types);
}

int tz_lookup_title(struct tz_index *ix, const struct tz_type *t, const char *id, char **title)
{
	struct tz_resolve_matches m = TZ_RESOLVE_MATCHES_INIT;
	int ret;

	*title = NULL;
	ret = tz_lookup_find(ix, t, "id", id, &m);
	if (ret == 0 && m.n) {
		*title = m.v[0].title;
		m.v[0].title = NULL;
		ret = 1;
	}
	tz_resolve_matches_release(&m);
	return ret;
}

int tz_lookup_skipped(struct tz_index *ix, const char *id, struct tz_buf *out)
{
	sqlite3_stmt *st = prepare(ix, "SELECT path || ': ' || skip FROM tz_files WHERE skip IS NOT NULL"
				       " AND substr(path, -length(?1) - 5) = '/' || ?1 || '.ini' ORDER BY path LIMIT 1");
	int rc, ret;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		tz_buf_puts(out, (const char *)sqlite3_column_text(st, 0));
		ret = 1;
	} else {
		ret = rc == SQLITE_DONE ? 0 : step_failed(ix);
	}
	sqlite3_finalize(st);
	return ret;
}

int tz_lookup_suggest_id(struct tz_index *ix, const char *id, struct tz_buf *out)
{
	sqlite3_stmt *st = prepare(ix, "SELECT id FROM tz_files WHERE id IS NOT NULL");
	const char **ids = NULL, *sug;
	size_t n = 0, alloc = 0;

	if (!st)
		return -1;
	while (sqlite3_step(st) == SQLITE_ROW) {
		TZ_ALLOC_GROW(ids, n + 1, alloc);
		ids[n++] = tz_strdup((const char *)sqlite3_column_text(st, 0));
	}
	sqlite3_finalize(st);
	sug = tz_suggest(id, ids, n);
	if (sug)
		tz_buf_puts(out, sug);
	for (size_t i = 0; i < n; i++)
		free((char *)ids[i]);
	free(ids);
	return sug != NULL;
}

int tz_lookup_files(struct tz_index *ix, const char *id, struct tz_buf *paths, struct tz_buf *types)
{
	sqlite3_stmt *st = prepare(ix, "SELECT path, type FROM tz_files WHERE id = ?1 ORDER BY path");
	int n;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	n = list_files(ix, st, paths, types);
	if (n != 0)
		return n;
	/* a file the index skipped (a symbolic link, a broken record) has no
	 * ID there: look among the few skipped ones by name */
	st = prepare(ix, "SELECT path, type FROM tz_files WHERE skip IS NOT NULL"
			 " AND substr(path, -length(?1) - 5) = '/' || ?1 || '.ini' ORDER BY path");
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	n = list_files(ix, st, paths, types);
	return n;
}

int tz_lookup_max_seq(struct tz_index *ix, const struct tz_type *t, const char *prefix,
		      const char *suffix, int width, unsigned long *max)
{
	sqlite3_stmt *st = prepare(ix, "SELECT id FROM tz_files WHERE type = ?1 AND length(id) = ?2"
				       " AND id >= ?3 AND id < ?4 ORDER BY id DESC LIMIT 16");
	size_t lp = strlen(prefix), ls = strlen(suffix);
	struct tz_buf hi = TZ_BUF_INIT;
	int ret = 0;

	if (!st)
		return -1;
	/* every ID with the prefix sorts in [prefix, prefix + 1) */
	tz_buf_puts(&hi, prefix);
	if (hi.len)
		hi.ptr[hi.len - 1]++;
	else
		tz_buf_puts(&hi, "\xff");
	/* widest first: among IDs of one length, the greatest sorts last;
	 * a few are read in case the suffix does not match */
	for (int digits = 9; digits >= width && ret == 0; digits--) {
		int rc;

		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, t->name, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(st, 2, (int)(lp + ls) + digits);
		sqlite3_bind_text(st, 3, prefix, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 4, hi.ptr, -1, SQLITE_TRANSIENT);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			unsigned long n = tz_id_number((const char *)sqlite3_column_text(st, 0), prefix, suffix);
			if (n > *max)
				*max = n;
		}
		if (rc != SQLITE_DONE)
			ret = step_failed(ix);
	}
	sqlite3_finalize(st);
	tz_buf_release(&hi);
	return ret;
}

static int check_exists(void *payload, const struct tz_type *t, const char *id)
{
	return tz_lookup_exists(payload, t, id);
}

static int check_unique(void *payload, const struct tz_type *t, const struct tz_partdef *part,
			const struct tz_fdef *f,
			const char *value, const char *self, struct tz_buf *other)
{
	return tz_lookup_unique_clash(payload, t, part, f, value, self, other);
}

void tz_lookup_check_source(struct tz_check_lookup *out, struct tz_index *ix)
{
	out->exists = check_exists;
	out->unique_clash = check_unique;
	out->payload = ix;
}

static int index_exists(void *payload, const struct tz_type *t, const char *id)
{
	return tz_lookup_exists(payload, t, id);
}

static int index_find(void *payload, const struct tz_type *t, const char *field, const char *value,
		      struct tz_resolve_matches *out)
{
	return tz_lookup_find(payload, t, field, value, out);
}

void tz_lookup_resolve_source(struct tz_resolve_source *out, struct tz_index *ix)
{
	out->exists = index_exists;
	out->find = index_find;
	out->payload = ix;
}
