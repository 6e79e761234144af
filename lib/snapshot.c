/* snapshot.c - a report's records in memory: the wanted fields of each
 * type, values interned, read from the index and rolled back through the
 * history index to an earlier commit. */
#include <stdlib.h>
#include <string.h>
#include "buf.h"
#include "error.h"
#include "snapshot.h"
#include "sqlname.h"
#include "strmap.h"

#define ARENA_BLOCK (1 << 20)

struct tz_snapshot {
	struct tz_snap_type *types;
	size_t ntypes, alloc;
	/* strings: short ones interned, all of them in arena blocks */
	struct tz_strmap interned;
	const char **istr;
	size_t nistr, istralloc;
	char **blocks;
	size_t nblocks, balloc, used;
};

struct tz_snapshot *tz_snapshot_new(void)
{
	return tz_calloc(1, sizeof(struct tz_snapshot));
}

static void free_list(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void tz_snapshot_free(struct tz_snapshot *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->ntypes; i++) {
		struct tz_snap_type *st = &s->types[i];
		for (size_t k = 0; k < st->n; k++) {
			free(st->recs[k].v);
			for (size_t j = 0; j < st->recs[k].ne; j++)
				free(st->recs[k].e[j].v);
			free(st->recs[k].e);
		}
		free(st->recs);
		free_list(st->fields, st->nfields);
		free_list(st->pfields, st->npfields);
		free(st->part);
	}
	free(s->types);
	tz_strmap_release(&s->interned);
	free(s->istr);
	for (size_t i = 0; i < s->nblocks; i++)
		free(s->blocks[i]);
	free(s->blocks);
	free(s);
}

static const char *arena_dup(struct tz_snapshot *s, const char *v, size_t len)
{
	char *p;

	if (len + 1 > ARENA_BLOCK / 4) {
		/* a long value gets a block of its own */
		TZ_ALLOC_GROW(s->blocks, s->nblocks + 1, s->balloc);
		p = tz_calloc(1, len + 1);
		memcpy(p, v, len);
		/* keep the current block the last one */
		if (s->nblocks) {
			s->blocks[s->nblocks] = s->blocks[s->nblocks - 1];
			s->blocks[s->nblocks - 1] = p;
		} else {
			s->blocks[0] = p;
			s->used = ARENA_BLOCK;
		}
		s->nblocks++;
		return p;
	}
	if (!s->nblocks || s->used + len + 1 > ARENA_BLOCK) {
		TZ_ALLOC_GROW(s->blocks, s->nblocks + 1, s->balloc);
		s->blocks[s->nblocks++] = tz_calloc(1, ARENA_BLOCK);
		s->used = 0;
	}
	p = s->blocks[s->nblocks - 1] + s->used;
	memcpy(p, v, len);
	p[len] = '\0';
	s->used += len + 1;
	return p;
}

/* v kept for the snapshot's lifetime; short values shared. NULL stays NULL. */
static const char *keep(struct tz_snapshot *s, const char *v)
{
	size_t len, at;
	const char *p;

	if (!v || !*v)
		return NULL;
	len = strlen(v);
	if (len > 24)
		return arena_dup(s, v, len);
	if (tz_strmap_get(&s->interned, v, &at))
		return s->istr[at];
	p = arena_dup(s, v, len);
	TZ_ALLOC_GROW(s->istr, s->nistr + 1, s->istralloc);
	s->istr[s->nistr] = p;
	tz_strmap_put(&s->interned, p, s->nistr++, NULL);
	return p;
}

static char **copy_list(const char *const *v, size_t n)
{
	char **out = tz_calloc(n + 1, sizeof(*out));
	for (size_t i = 0; i < n; i++)
		out[i] = tz_strdup(v[i]);
	return out;
}

struct tz_snap_type *tz_snapshot_want(struct tz_snapshot *s, const struct tz_type *t,
				      const char *const *fields, size_t nfields,
				      const char *part, const char *const *pfields, size_t npfields)
{
	struct tz_snap_type *st;

	TZ_ALLOC_GROW(s->types, s->ntypes + 1, s->alloc);
	st = &s->types[s->ntypes++];
	memset(st, 0, sizeof(*st));
	st->type = t;
	st->fields = copy_list(fields, nfields);
	st->nfields = nfields;
	if (part && tz_type_part(t, part)) {
		st->part = tz_strdup(part);
		st->pfields = copy_list(pfields, npfields);
		st->npfields = npfields;
	}
	return st;
}

const struct tz_snap_type *tz_snapshot_type(const struct tz_snapshot *s, const char *name)
{
	for (size_t i = 0; i < s->ntypes; i++)
		if (!strcmp(s->types[i].type->name, name))
			return &s->types[i];
	return NULL;
}

int tz_snap_field(const struct tz_snap_type *st, const char *name)
{
	for (size_t i = 0; i < st->nfields; i++)
		if (!strcmp(st->fields[i], name))
			return (int)i;
	return -1;
}

static int pfield(const struct tz_snap_type *st, const char *name)
{
	for (size_t i = 0; i < st->npfields; i++)
		if (!strcmp(st->pfields[i], name))
			return (int)i;
	return -1;
}

static struct tz_snap_rec *add_rec(struct tz_snapshot *s, struct tz_snap_type *st, const char *id)
{
	struct tz_snap_rec *r;

	TZ_ALLOC_GROW(st->recs, st->n + 1, st->alloc);
	r = &st->recs[st->n++];
	memset(r, 0, sizeof(*r));
	r->id = keep(s, id);
	r->v = tz_calloc(st->nfields + 1, sizeof(*r->v));
	return r;
}

static struct tz_snap_entry *entry(struct tz_snapshot *s, const struct tz_snap_type *st,
				   struct tz_snap_rec *r, const char *key, int create)
{
	struct tz_snap_entry *e;

	for (size_t i = r->ne; i > 0; i--)
		if (!strcmp(r->e[i - 1].key, key))
			return &r->e[i - 1];
	if (!create)
		return NULL;
	TZ_ALLOC_GROW(r->e, r->ne + 1, r->ealloc);
	e = &r->e[r->ne++];
	e->key = keep(s, key);
	e->v = tz_calloc(st->npfields + 1, sizeof(*e->v));
	return e;
}

static int sql_fail(sqlite3 *db, const char *what)
{
	return tz_error_set("%s: %s", what, sqlite3_errmsg(db));
}

/* "SELECT <cols> FROM <table>": each wanted field the type has, else NULL. */
static void select_cols(struct tz_buf *q, const char *first, char **names, size_t n,
			const struct tz_fdef *(*has)(const void *, const char *), const void *owner)
{
	tz_buf_puts(q, first);
	for (size_t i = 0; i < n; i++) {
		tz_buf_puts(q, ", ");
		if (has(owner, names[i]))
			tz_sqlname_ident(q, names[i]);
		else
			tz_buf_puts(q, "NULL");
	}
}

static const struct tz_fdef *type_has(const void *t, const char *name)
{
	return tz_type_field(t, name);
}

static const struct tz_fdef *part_has(const void *p, const char *name)
{
	return tz_part_field(p, name);
}

static int load_type(struct tz_snapshot *s, struct tz_snap_type *st, sqlite3 *db)
{
	struct tz_buf q = TZ_BUF_INIT;
	sqlite3_stmt *stmt = NULL;
	long long *rowids = NULL;
	size_t nrow = 0, ralloc = 0;
	int rc, ret = -1;

	select_cols(&q, "SELECT _rowid, id", st->fields, st->nfields, type_has, st->type);
	tz_buf_puts(&q, " FROM ");
	tz_sqlname_table_ident(&q, st->type, NULL, NULL);
	tz_buf_puts(&q, " ORDER BY _rowid");
	if (sqlite3_prepare_v2(db, q.ptr, -1, &stmt, NULL) != SQLITE_OK) {
		sql_fail(db, "cannot read the index");
		goto out;
	}
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct tz_snap_rec *r = add_rec(s, st, (const char *)sqlite3_column_text(stmt, 1));
		TZ_ALLOC_GROW(rowids, nrow + 1, ralloc);
		rowids[nrow++] = sqlite3_column_int64(stmt, 0);
		for (size_t i = 0; i < st->nfields; i++)
			r->v[i] = keep(s, (const char *)sqlite3_column_text(stmt, (int)i + 2));
	}
	if (rc != SQLITE_DONE) {
		sql_fail(db, "cannot read the index");
		goto out;
	}
	sqlite3_finalize(stmt);
	stmt = NULL;
	if (st->part) {
		const struct tz_partdef *pd = tz_type_part(st->type, st->part);
		size_t at = 0;
		tz_buf_clear(&q);
		select_cols(&q, "SELECT _rec, _key", st->pfields, st->npfields, part_has, pd);
		tz_buf_puts(&q, " FROM ");
		tz_sqlname_table_ident(&q, st->type, st->part, NULL);
		tz_buf_puts(&q, " ORDER BY _rec");
		if (sqlite3_prepare_v2(db, q.ptr, -1, &stmt, NULL) != SQLITE_OK) {
			sql_fail(db, "cannot read the index");
			goto out;
		}
		while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
			long long rec = sqlite3_column_int64(stmt, 0);
			struct tz_snap_entry *e;
			while (at < nrow && rowids[at] < rec)
				at++;
			if (at == nrow || rowids[at] != rec)
				continue;
			e = entry(s, st, &st->recs[at], (const char *)sqlite3_column_text(stmt, 1), 1);
			for (size_t i = 0; i < st->npfields; i++)
				e->v[i] = keep(s, (const char *)sqlite3_column_text(stmt, (int)i + 2));
		}
		if (rc != SQLITE_DONE) {
			sql_fail(db, "cannot read the index");
			goto out;
		}
	}
	ret = 0;
out:
	sqlite3_finalize(stmt);
	free(rowids);
	tz_buf_release(&q);
	return ret;
}

int tz_snapshot_load(struct tz_snapshot *s, sqlite3 *db)
{
	for (size_t i = 0; i < s->ntypes; i++)
		if (load_type(s, &s->types[i], db) < 0)
			return -1;
	return 0;
}

static int cmp_rec(const void *a, const void *b)
{
	return strcmp(((const struct tz_snap_rec *)a)->id, ((const struct tz_snap_rec *)b)->id);
}

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct tz_snap_entry *)a)->key, ((const struct tz_snap_entry *)b)->key);
}

const struct tz_snap_rec *tz_snap_find(const struct tz_snap_type *st, const char *id)
{
	struct tz_snap_rec key;

	if (!st || !id)
		return NULL;
	key.id = id;
	return bsearch(&key, st->recs, st->n, sizeof(*st->recs), cmp_rec);
}

/* While rolling back: record id of st, found by a linear map built once. */
struct finder {
	struct tz_strmap ids;
};

static struct tz_snap_rec *find_or_add(struct tz_snapshot *s, struct tz_snap_type *st, struct finder *f,
				       const char *id)
{
	size_t at;

	if (tz_strmap_get(&f->ids, id, &at))
		return &st->recs[at];
	add_rec(s, st, id)->gone = 1;	/* revived by its "(path)" row */
	tz_strmap_put(&f->ids, id, st->n - 1, NULL);
	return &st->recs[st->n - 1];
}

int tz_snapshot_rollback(struct tz_snapshot *s, sqlite3 *hdb, long long seq)
{
	static const char sql[] =
		"SELECT type, record, field, old, new FROM history_change"
		" WHERE seq > ?1 ORDER BY seq DESC, ord DESC";
	struct finder *f = tz_calloc(s->ntypes + 1, sizeof(*f));
	sqlite3_stmt *stmt = NULL;
	int rc, ret = -1;

	for (size_t i = 0; i < s->ntypes; i++)
		for (size_t k = 0; k < s->types[i].n; k++)
			tz_strmap_put(&f[i].ids, s->types[i].recs[k].id, k, NULL);
	if (sqlite3_prepare_v2(hdb, sql, -1, &stmt, NULL) != SQLITE_OK) {
		sql_fail(hdb, "cannot read the history index");
		goto out;
	}
	sqlite3_bind_int64(stmt, 1, seq);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		const char *type = (const char *)sqlite3_column_text(stmt, 0);
		const char *id = (const char *)sqlite3_column_text(stmt, 1);
		const char *field = (const char *)sqlite3_column_text(stmt, 2);
		const char *old = (const char *)sqlite3_column_text(stmt, 3);
		const char *new = (const char *)sqlite3_column_text(stmt, 4);
		struct tz_snap_type *st = NULL;
		struct tz_snap_rec *r;
		const char *dot;
		size_t ti;
		int k;

		for (ti = 0; type && ti < s->ntypes; ti++)
			if (!strcmp(s->types[ti].type->name, type)) {
				st = &s->types[ti];
				break;
			}
		if (!st || !id || !field)
			continue;
		r = find_or_add(s, st, &f[ti], id);
		if (!strcmp(field, "(path)")) {
			if (!old)
				r->gone = 1;	/* created after seq */
			else if (!new)
				r->gone = 0;	/* deleted after seq: it was there */
			continue;
		}
		dot = strchr(field, '.');
		if (!dot) {
			if ((k = tz_snap_field(st, field)) >= 0)
				r->v[k] = keep(s, old);
			continue;
		}
		if (st->part && !strncmp(field, st->part, (size_t)(dot - field)) && !st->part[dot - field]) {
			const char *key = dot + 1, *dot2 = strchr(key, '.');
			char *k2;
			struct tz_snap_entry *e;
			if (!dot2 || (k = pfield(st, dot2 + 1)) < 0)
				continue;
			k2 = tz_strndup(key, (size_t)(dot2 - key));
			e = entry(s, st, r, k2, old != NULL);
			free(k2);
			if (e)
				e->v[k] = keep(s, old);
		}
	}
	if (rc != SQLITE_DONE) {
		sql_fail(hdb, "cannot read the history index");
		goto out;
	}
	ret = 0;
out:
	sqlite3_finalize(stmt);
	for (size_t i = 0; i < s->ntypes; i++)
		tz_strmap_release(&f[i].ids);
	free(f);
	return ret;
}

void tz_snapshot_finish(struct tz_snapshot *s)
{
	for (size_t i = 0; i < s->ntypes; i++) {
		struct tz_snap_type *st = &s->types[i];
		size_t k = 0;
		for (size_t j = 0; j < st->n; j++) {
			struct tz_snap_rec *r = &st->recs[j];
			size_t live = 0;
			if (r->gone) {
				free(r->v);
				for (size_t x = 0; x < r->ne; x++)
					free(r->e[x].v);
				free(r->e);
				continue;
			}
			/* entries whose every value was rolled back did not exist */
			for (size_t x = 0; x < r->ne; x++) {
				int any = 0;
				for (size_t y = 0; y < st->npfields; y++)
					any |= r->e[x].v[y] != NULL;
				if (any)
					r->e[live++] = r->e[x];
				else
					free(r->e[x].v);
			}
			r->ne = live;
			tz_sort(r->e, r->ne, sizeof(*r->e), cmp_entry);
			st->recs[k++] = *r;
		}
		st->n = k;
		tz_sort(st->recs, st->n, sizeof(*st->recs), cmp_rec);
	}
}
