/* snapshot.c - a report's records in memory: the wanted fields of each
 * type, values interned, read from the index and rolled back through the
 * history index to an earlier commit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "buf.h"
#include "error.h"
#include "i18n.h"
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
	sqlite3 *db;			/* the index, for streamed types */
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
		free(st->efield);
		free_list(st->evalues, st->nevalues);
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

const char *tz_snapshot_keep(struct tz_snapshot *s, const char *v)
{
	return keep(s, v);
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

void tz_snapshot_stream(struct tz_snap_type *st, const char *efield,
			const char *const *evalues, size_t nevalues)
{
	st->stream = 1;
	if (efield && st->part) {
		st->efield = tz_strdup(efield);
		st->evalues = copy_list(evalues, nevalues);
		st->nevalues = nevalues;
	}
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
	return tz_error_set("%s: %s", _(what), sqlite3_errmsg(db));
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

/* Read the records stmt gives (_rowid, id, the wanted fields) into st,
 * their rowids into *rowids. */
static int read_recs(struct tz_snapshot *s, struct tz_snap_type *st, sqlite3_stmt *stmt,
		     long long **rowids, size_t *nrow, size_t *ralloc)
{
	int rc;

	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct tz_snap_rec *r = add_rec(s, st, (const char *)sqlite3_column_text(stmt, 1));
		TZ_ALLOC_GROW(*rowids, *nrow + 1, *ralloc);
		(*rowids)[(*nrow)++] = sqlite3_column_int64(stmt, 0);
		for (size_t i = 0; i < st->nfields; i++)
			r->v[i] = keep(s, (const char *)sqlite3_column_text(stmt, (int)i + 2));
	}
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Read the entries stmt gives (_rec, _key, the wanted part fields), in
 * _rec order, into the records recs[0..nrow) whose rowids are rowids. */
static int read_entries(struct tz_snapshot *s, const struct tz_snap_type *st, sqlite3_stmt *stmt,
			struct tz_snap_rec *recs, const long long *rowids, size_t nrow)
{
	size_t at = 0;
	int rc;

	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		long long rec = sqlite3_column_int64(stmt, 0);
		struct tz_snap_entry *e;
		while (at < nrow && rowids[at] < rec)
			at++;
		if (at == nrow || rowids[at] != rec)
			continue;
		e = entry(s, st, &recs[at], (const char *)sqlite3_column_text(stmt, 1), 1);
		for (size_t i = 0; i < st->npfields; i++)
			e->v[i] = keep(s, (const char *)sqlite3_column_text(stmt, (int)i + 2));
	}
	return rc == SQLITE_DONE ? 0 : -1;
}

/* The two queries of a type: its records (with where, e.g. " WHERE id =
 * ?1") and its part's entries (with pwhere). */
static void type_query(struct tz_buf *q, const struct tz_snap_type *st, const char *where)
{
	select_cols(q, "SELECT _rowid, id", st->fields, st->nfields, type_has, st->type);
	tz_buf_puts(q, " FROM ");
	tz_sqlname_table_ident(q, st->type, NULL, NULL);
	tz_buf_puts(q, where);
}

static void part_query(struct tz_buf *q, const struct tz_snap_type *st, const char *pwhere)
{
	select_cols(q, "SELECT _rec, _key", st->pfields, st->npfields, part_has, tz_type_part(st->type, st->part));
	tz_buf_puts(q, " FROM ");
	tz_sqlname_table_ident(q, st->type, st->part, NULL);
	tz_buf_puts(q, pwhere);
}

static int load_type(struct tz_snapshot *s, struct tz_snap_type *st, sqlite3 *db)
{
	struct tz_buf q = TZ_BUF_INIT;
	sqlite3_stmt *stmt = NULL;
	long long *rowids = NULL;
	size_t nrow = 0, ralloc = 0;
	int ret = -1;

	type_query(&q, st, " ORDER BY _rowid");
	if (sqlite3_prepare_v2(db, q.ptr, -1, &stmt, NULL) != SQLITE_OK ||
	    read_recs(s, st, stmt, &rowids, &nrow, &ralloc) < 0) {
		sql_fail(db, N_("cannot read the index"));
		goto out;
	}
	sqlite3_finalize(stmt);
	stmt = NULL;
	if (st->part) {
		tz_buf_clear(&q);
		part_query(&q, st, " ORDER BY _rec");
		if (sqlite3_prepare_v2(db, q.ptr, -1, &stmt, NULL) != SQLITE_OK ||
		    read_entries(s, st, stmt, st->recs, rowids, nrow) < 0) {
			sql_fail(db, N_("cannot read the index"));
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

/* A streamed type before its rollback: read from the index the records of
 * type st that history rows after seq change, with all their entries. */
static int load_changed(struct tz_snapshot *s, struct tz_snap_type *st, sqlite3 *hdb, long long seq)
{
	/* in seq order: a scan of the newest rows, not of the record index */
	static const char changed[] =
		"SELECT record FROM history_change WHERE seq > ?1 AND type = ?2 ORDER BY seq";
	struct tz_strmap seen = TZ_STRMAP_INIT;
	struct tz_buf q = TZ_BUF_INIT;
	sqlite3_stmt *ids = NULL, *rec = NULL, *ents = NULL;
	long long *rowids = NULL;
	size_t ralloc = 0;
	int rc, ret = -1;
	sqlite3 *failed = hdb;

	if (sqlite3_prepare_v2(hdb, changed, -1, &ids, NULL) != SQLITE_OK)
		goto out;
	sqlite3_bind_int64(ids, 1, seq);
	sqlite3_bind_text(ids, 2, st->type->name, -1, SQLITE_STATIC);
	failed = s->db;
	type_query(&q, st, " WHERE id = ?1");
	if (sqlite3_prepare_v2(s->db, q.ptr, -1, &rec, NULL) != SQLITE_OK)
		goto out;
	if (st->part) {
		tz_buf_clear(&q);
		part_query(&q, st, " WHERE _rec = ?1");
		if (sqlite3_prepare_v2(s->db, q.ptr, -1, &ents, NULL) != SQLITE_OK)
			goto out;
	}
	while ((rc = sqlite3_step(ids)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(ids, 0);
		size_t base = st->n, nrow = 0;
		if (!id || !tz_strmap_put(&seen, id, 0, NULL))
			continue;
		sqlite3_reset(rec);
		sqlite3_bind_text(rec, 1, id, -1, SQLITE_TRANSIENT);
		if (read_recs(s, st, rec, &rowids, &nrow, &ralloc) < 0)
			goto out;
		for (size_t i = 0; ents && i < nrow; i++) {
			sqlite3_reset(ents);
			sqlite3_bind_int64(ents, 1, rowids[i]);
			if (read_entries(s, st, ents, &st->recs[base + i], &rowids[i], 1) < 0)
				goto out;
		}
	}
	failed = hdb;
	if (rc != SQLITE_DONE)
		goto out;
	ret = 0;
out:
	if (ret < 0)
		sql_fail(failed, failed == hdb ? N_("cannot read the history index") : N_("cannot read the index"));
	sqlite3_finalize(ids);
	sqlite3_finalize(rec);
	sqlite3_finalize(ents);
	tz_strmap_release(&seen);
	free(rowids);
	tz_buf_release(&q);
	return ret;
}

int tz_snapshot_load(struct tz_snapshot *s, sqlite3 *db)
{
	s->db = db;
	for (size_t i = 0; i < s->ntypes; i++)
		if (!s->types[i].stream && load_type(s, &s->types[i], db) < 0)
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

/* One pass reads each page about once: a big page cache only costs memory
 * (32 MB at 100 000 records), so the rollback and the cursor keep it small meanwhile. */
#define CURSOR_CACHE_KIB 2048

static long long cache_size(sqlite3 *db)
{
	sqlite3_stmt *st = NULL;
	long long n = 0;

	if (sqlite3_prepare_v2(db, "PRAGMA cache_size", -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static void set_cache_size(sqlite3 *db, long long n)
{
	char sql[64];

	snprintf(sql, sizeof(sql), "PRAGMA cache_size = %lld", n);
	sqlite3_exec(db, sql, NULL, NULL, NULL);
}

int tz_snapshot_rollback(struct tz_snapshot *s, sqlite3 *hdb, long long seq)
{
	static const char sql[] =
		"SELECT type, record, field, old, new FROM history_change"
		" WHERE seq > ?1 ORDER BY seq DESC, ord DESC";
	struct finder *f = tz_calloc(s->ntypes + 1, sizeof(*f));
	sqlite3_stmt *stmt = NULL;
	long long hcache = cache_size(hdb), cache = s->db ? cache_size(s->db) : 0;
	int rc, ret = -1;

	set_cache_size(hdb, -CURSOR_CACHE_KIB);
	if (s->db)
		set_cache_size(s->db, -CURSOR_CACHE_KIB);

	for (size_t i = 0; i < s->ntypes; i++) {
		if (s->types[i].stream && load_changed(s, &s->types[i], hdb, seq) < 0)
			goto out;
		for (size_t k = 0; k < s->types[i].n; k++)
			tz_strmap_put(&f[i].ids, s->types[i].recs[k].id, k, NULL);
	}
	if (sqlite3_prepare_v2(hdb, sql, -1, &stmt, NULL) != SQLITE_OK) {
		sql_fail(hdb, N_("cannot read the history index"));
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
		sql_fail(hdb, N_("cannot read the history index"));
		goto out;
	}
	ret = 0;
out:
	sqlite3_finalize(stmt);
	for (size_t i = 0; i < s->ntypes; i++)
		tz_strmap_release(&f[i].ids);
	free(f);
	if (s->db && cache)
		set_cache_size(s->db, cache);
	if (hcache)
		set_cache_size(hdb, hcache);
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
			if (r->gone && !st->stream) {
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

/* --- reading a streamed type --- */

struct tz_snap_cursor {
	struct tz_snapshot *s;
	const struct tz_snap_type *st;
	sqlite3_stmt *rows;		/* the index's records, in ID order */
	int state;			/* 0: step first, 1: on an unread row, 2: done */
	size_t over;			/* the next rolled-back record */
	long long *erec;		/* the entries wanted, by _rec and key */
	struct tz_snap_entry *ents;
	size_t nents;
	struct tz_snap_rec cur;
	long long cache_size;		/* the connection's, restored at the end */
};

void tz_snap_cursor_free(struct tz_snap_cursor *c)
{
	if (!c)
		return;
	if (c->cache_size)
		set_cache_size(c->s->db, c->cache_size);
	sqlite3_finalize(c->rows);
	for (size_t i = 0; i < c->nents; i++)
		free(c->ents[i].v);
	free(c->ents);
	free(c->erec);
	free(c->cur.v);
	free(c);
}

/* An entry of the part and its record's _rowid, while they are read. */
struct wanted {
	long long rec;
	struct tz_snap_entry e;
};

static int cmp_wanted(const void *a, const void *b)
{
	const struct wanted *x = a, *y = b;

	if (x->rec != y->rec)
		return x->rec < y->rec ? -1 : 1;
	return strcmp(x->e.key ? x->e.key : "", y->e.key ? y->e.key : "");
}

/* The wanted entries of every record, held, in _rec and key order: few
 * when efield filters. Those are read in the table's order and sorted
 * here: in _rec order SQLite would walk the whole part through its _rec
 * index, a seek into the table for each entry (426 000 log entries at
 * 100 000 problems, for the 18 000 wanted). */
static int read_wanted_entries(struct tz_snap_cursor *c)
{
	const struct tz_snap_type *st = c->st;
	const struct tz_partdef *pd = tz_type_part(st->type, st->part);
	struct tz_buf q = TZ_BUF_INIT, where = TZ_BUF_INIT;
	sqlite3_stmt *stmt = NULL;
	struct wanted *w = NULL;
	size_t nw = 0, walloc = 0;
	int rc, ret = -1, filtered = st->efield && tz_part_field(pd, st->efield);

	if (filtered) {
		if (!st->nevalues)
			return 0;
		tz_buf_puts(&where, " WHERE ");
		tz_sqlname_ident(&where, st->efield);
		tz_buf_puts(&where, " IN (");
		for (size_t i = 0; i < st->nevalues; i++)
			tz_buf_printf(&where, "%s?%zu", i ? ", " : "", i + 1);
		tz_buf_puts(&where, ")");
	} else {
		tz_buf_puts(&where, " ORDER BY _rec, _key");
	}
	part_query(&q, st, where.ptr);
	if (sqlite3_prepare_v2(c->s->db, q.ptr, -1, &stmt, NULL) != SQLITE_OK)
		goto out;
	for (size_t i = 0; filtered && i < st->nevalues; i++)
		sqlite3_bind_text(stmt, (int)i + 1, st->evalues[i], -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct wanted *x;
		TZ_ALLOC_GROW(w, nw + 1, walloc);
		x = &w[nw++];
		x->rec = sqlite3_column_int64(stmt, 0);
		x->e.key = keep(c->s, (const char *)sqlite3_column_text(stmt, 1));
		x->e.v = tz_calloc(st->npfields + 1, sizeof(*x->e.v));
		for (size_t i = 0; i < st->npfields; i++)
			x->e.v[i] = keep(c->s, (const char *)sqlite3_column_text(stmt, (int)i + 2));
	}
	if (rc == SQLITE_DONE)
		ret = 0;
out:
	if (ret < 0)
		sql_fail(c->s->db, N_("cannot read the index"));
	if (filtered)
		tz_sort(w, nw, sizeof(*w), cmp_wanted);
	/* the cursor owns them from here, also on failure */
	c->erec = tz_calloc(nw + 1, sizeof(*c->erec));
	c->ents = tz_calloc(nw + 1, sizeof(*c->ents));
	for (size_t i = 0; i < nw; i++) {
		c->erec[i] = w[i].rec;
		c->ents[i] = w[i].e;
	}
	c->nents = nw;
	free(w);
	sqlite3_finalize(stmt);
	tz_buf_release(&q);
	tz_buf_release(&where);
	return ret;
}

int tz_snap_cursor_open(struct tz_snap_cursor **out, struct tz_snapshot *s, const char *name)
{
	struct tz_snap_cursor *c;
	struct tz_buf q = TZ_BUF_INIT;
	size_t i;

	*out = NULL;
	for (i = 0; i < s->ntypes && strcmp(s->types[i].type->name, name); i++)
		;
	if (i == s->ntypes || !s->types[i].stream || !s->db)
		return tz_error_set(_("no streamed type \"%s\" in the snapshot"), name);
	c = tz_calloc(1, sizeof(*c));
	c->s = s;
	c->st = &s->types[i];
	c->cur.v = tz_calloc(c->st->nfields + 1, sizeof(*c->cur.v));
	c->cache_size = cache_size(s->db);
	set_cache_size(s->db, -CURSOR_CACHE_KIB);
	type_query(&q, c->st, " ORDER BY id, _rowid");
	if (sqlite3_prepare_v2(s->db, q.ptr, -1, &c->rows, NULL) != SQLITE_OK) {
		sql_fail(s->db, N_("cannot read the index"));
		goto fail;
	}
	if (c->st->part && read_wanted_entries(c) < 0)
		goto fail;
	tz_buf_release(&q);
	*out = c;
	return 0;
fail:
	tz_buf_release(&q);
	tz_snap_cursor_free(c);
	return -1;
}

/* The index's current row as c->cur, its entries from c->ents. */
static const struct tz_snap_rec *index_row(struct tz_snap_cursor *c)
{
	long long rowid = sqlite3_column_int64(c->rows, 0);
	size_t lo = 0, hi = c->nents;

	c->cur.id = (const char *)sqlite3_column_text(c->rows, 1);
	for (size_t i = 0; i < c->st->nfields; i++) {
		const char *v = (const char *)sqlite3_column_text(c->rows, (int)i + 2);
		c->cur.v[i] = v && *v ? v : NULL;
	}
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (c->erec[mid] < rowid)
			lo = mid + 1;
		else
			hi = mid;
	}
	c->cur.e = c->ents + lo;
	for (hi = lo; hi < c->nents && c->erec[hi] == rowid; hi++)
		;
	c->cur.ne = hi - lo;
	return &c->cur;
}

int tz_snap_cursor_next(struct tz_snap_cursor *c, const struct tz_snap_rec **out)
{
	const struct tz_snap_type *st = c->st;

	for (;;) {
		const struct tz_snap_rec *o = c->over < st->n ? &st->recs[c->over] : NULL;
		int cmp;
		if (c->state == 0) {
			int rc = sqlite3_step(c->rows);
			if (rc == SQLITE_ROW)
				c->state = 1;
			else if (rc == SQLITE_DONE)
				c->state = 2;
			else
				return sql_fail(c->s->db, N_("cannot read the index"));
		}
		if (c->state == 2 && !o)
			return 0;
		cmp = c->state == 2 ? -1 : !o ? 1 : strcmp(o->id, (const char *)sqlite3_column_text(c->rows, 1));
		if (cmp > 0) {
			c->state = 0;
			*out = index_row(c);
			return 1;
		}
		if (cmp == 0)
			c->state = 0;	/* the rolled-back record stands for it */
		c->over++;
		if (!o->gone) {
			*out = o;
			return 1;
		}
	}
}
