/* index_rows.c - a record as rows of the index's tables: values typed when
 * their field's type can compare them, the numbers SQLite would rewrite kept
 * in _raw, the items of multiple refs, parts and their items. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "index_int.h"
#include "json.h"
#include "text.h"

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
static int insert_items(struct tz_index *ix, struct tz_ix_stmt *ins, sqlite3_int64 rec, const char *v)
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
			if (!(st = tz_ix_use(ix, ins)))
				return -1;
			sqlite3_bind_int64(st, 1, rec);
			sqlite3_bind_int(st, 2, ord++);
			sqlite3_bind_text(st, 3, v, (int)(end - v), SQLITE_STATIC);
			if (tz_ix_run(ix, st) < 0)
				return -1;
		}
		v = comma ? comma + 1 : NULL;
	}
	return 0;
}

int tz_ix_rows_insert(struct tz_index *ix, struct tz_ix_type *p, sqlite3_int64 fid, const char *id,
			 const struct tz_record *rec)
{
	const struct tz_type *t = p->t;
	const struct tz_section *main = &rec->sections[0];
	sqlite3_stmt *st;

	if (!(st = tz_ix_use(ix, &p->ins)))
		return -1;
	sqlite3_bind_int64(st, 1, fid);
	sqlite3_bind_text(st, 2, id, -1, SQLITE_STATIC);
	for (size_t i = 0; i < t->nfields; i++)
		bind_value(st, (int)i + 3, &t->fields[i], tz_section_get(main, t->fields[i].name));
	bind_raw(st, (int)t->nfields + 3, &ix->raw, main, t->fields, t->nfields);
	if (tz_ix_run(ix, st) < 0)
		return -1;
	for (size_t i = 0; i < t->nfields; i++)
		if (p->links[i] && insert_items(ix, &p->link_ins[i], fid, tz_section_get(main, t->fields[i].name)) < 0)
			return -1;
	for (size_t s = 1; s < rec->nsections; s++) {
		const struct tz_section *sec = &rec->sections[s];
		for (size_t k = 0; k < t->nparts; k++) {
			const struct tz_partdef *pd = &t->parts[k];
			struct tz_ix_part *pp = &p->parts[k];
			size_t n = strlen(pd->name);
			sqlite3_int64 row;

			if (strncmp(sec->name, pd->name, n) || sec->name[n] != '.')
				continue;
			if (!(st = tz_ix_use(ix, &pp->ins)))
				return -1;
			sqlite3_bind_int64(st, 1, fid);
			sqlite3_bind_text(st, 2, sec->name + n + 1, -1, SQLITE_STATIC);
			for (size_t i = 0; i < pd->nfields; i++)
				bind_value(st, (int)i + 3, &pd->fields[i], tz_section_get(sec, pd->fields[i].name));
			bind_raw(st, (int)pd->nfields + 3, &ix->raw, sec, pd->fields, pd->nfields);
			if (tz_ix_run(ix, st) < 0)
				return -1;
			row = sqlite3_last_insert_rowid(ix->db);
			for (size_t i = 0; i < pd->nfields; i++)
				if (pp->links[i] && insert_items(ix, &pp->link_ins[i], row, tz_section_get(sec, pd->fields[i].name)) < 0)
					return -1;
		}
	}
	if (p->fts && !ix->rebuilding) {	/* a rebuild fills it at the end */
		if (!(st = tz_ix_use(ix, &p->fts_ins)))
			return -1;
		sqlite3_bind_int64(st, 1, fid);
		if (tz_ix_run(ix, st) < 0)
			return -1;
	}
	return 0;
}

int tz_ix_rows_delete(struct tz_index *ix, long type, sqlite3_int64 fid)
{
	struct tz_ix_type *p;

	if (type < 0)
		return 0;
	p = &ix->plans[type];
	if (p->fts && tz_ix_run_fid(ix, &p->fts_del, fid) < 0)
		return -1;
	for (size_t k = 0; k < p->t->nparts; k++) {
		for (size_t i = 0; i < p->t->parts[k].nfields; i++)
			if (p->parts[k].links[i] && tz_ix_run_fid(ix, &p->parts[k].link_del[i], fid) < 0)
				return -1;
		if (tz_ix_run_fid(ix, &p->parts[k].del, fid) < 0)
			return -1;
	}
	for (size_t i = 0; i < p->t->nfields; i++)
		if (p->links[i] && tz_ix_run_fid(ix, &p->link_del[i], fid) < 0)
			return -1;
	return tz_ix_run_fid(ix, &p->del, fid);
}

int tz_ix_rows_rename(struct tz_index *ix, long type, sqlite3_int64 fid, const char *id)
{
	sqlite3_stmt *st = tz_ix_use(ix, &ix->plans[type].ren);

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, fid);
	return tz_ix_run(ix, st);
}
