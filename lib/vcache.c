/* vcache.c - the validation cache in the index database: rows keyed by
 * (schema digest, type, blob id), each checksummed with its key, read into
 * a hash table once per run and written back in one short transaction. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include "db.h"
#include "error.h"
#include "strmap.h"
#include "vcache.h"

/* bump when the items, the checks they come from or the tables change */
#define VC_FORMAT "1"
#define VC_BUSY_MS 500

/* ---- items ---- */

static void put_str(struct tz_buf *b, const char *s)
{
	size_t n = s ? strlen(s) : 0;

	tz_buf_put_varint(b, n);
	tz_buf_put(b, s ? s : "", n);
	tz_buf_putc(b, '\0');
}

void tz_vc_put(struct tz_buf *out, enum tz_vc_kind kind, int line, int num, const char *a, const char *b)
{
	tz_buf_putc(out, (char)kind);
	tz_buf_put_varint(out, (uint64_t)(line < 0 ? 0 : line));
	tz_buf_put_varint(out, (uint64_t)(num < 0 ? 0 : num));
	put_str(out, a);
	put_str(out, b);
}

/* A number of an item: at most 31 bits, in at most five bytes. */
static int get_num(uint64_t *out, const unsigned char *d, size_t len, size_t *pos)
{
	return tz_varint_get(out, d, len, pos, 5) < 0 || *out > 0x7fffffff ? -1 : 0;
}

static int get_str(const char **out, const unsigned char *d, size_t len, size_t *pos)
{
	uint64_t n;

	if (get_num(&n, d, len, pos) < 0 || n >= len - *pos || d[*pos + n] != '\0' ||
	    memchr(d + *pos, '\0', n))
		return -1;
	*out = (const char *)d + *pos;
	*pos += n + 1;
	return 0;
}

int tz_vc_next(struct tz_vc_item *it, const unsigned char *data, size_t len, size_t *pos)
{
	uint64_t line, num;

	if (*pos >= len)
		return 0;
	it->kind = (enum tz_vc_kind)data[(*pos)++];
	if (it->kind != TZ_VC_FINDING && it->kind != TZ_VC_REF && it->kind != TZ_VC_UNIQUE &&
	    it->kind != TZ_VC_TYPED && it->kind != TZ_VC_DIAG)
		return -1;
	if (get_num(&line, data, len, pos) < 0 || get_num(&num, data, len, pos) < 0 ||
	    get_str(&it->a, data, len, pos) < 0 || get_str(&it->b, data, len, pos) < 0)
		return -1;
	it->line = (int)line;
	it->num = (int)num;
	return 1;
}

/* ---- the table in memory ---- */

struct slot {
	git_oid oid;
	unsigned type;		/* 1 + index in types; 0: empty */
	unsigned char used;
	unsigned char *data;	/* the items, without the checksum */
	size_t len;
};

struct queued {
	unsigned type;
	git_oid oid;
	unsigned char *data;
	size_t len;
};

struct tz_vcache {
	sqlite3 *db;
	unsigned char digest[20];
	int loaded, reset, readable, read_only;
	char **types;
	size_t ntypes;
	uint32_t *index;	/* open addressing: 1 + entry number; 0: empty */
	size_t cap;
	struct slot *slots;	/* the entries, dense */
	size_t n, alloc;
	struct queued *q;
	size_t nq, aq;
	struct tz_buf last;		/* fingerprint + items to write, if set */
	int has_last;
	struct tz_buf stamps;		/* fingerprint + stamp list to write, if set */
	int has_stamps;
	struct tz_buf tree;		/* the answer kept for a tree, if set */
	int has_tree;
	struct tz_vcache_stats stats;
};

/* The checksum of a row: its key and items, so a row moved under another
 * key, cut short or changed does not pass. */
static uint64_t row_sum(const unsigned char digest[20], const char *type, const git_oid *oid,
			const void *items, size_t len)
{
	uint64_t h = TZ_FNV1A_BASIS;

	h = tz_fnv1a(h, VC_FORMAT, sizeof(VC_FORMAT));
	h = tz_fnv1a(h, digest, 20);
	h = tz_fnv1a(h, type, strlen(type) + 1);
	h = tz_fnv1a(h, oid->id, GIT_OID_RAWSZ);
	return tz_fnv1a(h, items, len);
}

static void put_sum(unsigned char out[8], uint64_t h)
{
	for (int i = 0; i < 8; i++)
		out[i] = (unsigned char)(h >> (8 * i));
}

static uint64_t get_sum(const unsigned char in[8])
{
	uint64_t h = 0;

	for (int i = 7; i >= 0; i--)
		h = h << 8 | in[i];
	return h;
}

static unsigned type_of(struct tz_vcache *vc, const char *name)
{
	for (size_t i = 0; i < vc->ntypes; i++)
		if (!strcmp(vc->types[i], name))
			return (unsigned)i + 1;
	vc->types = tz_realloc(vc->types, (vc->ntypes + 1) * sizeof(*vc->types));
	vc->types[vc->ntypes++] = tz_strdup(name);
	return (unsigned)vc->ntypes;
}

static unsigned type_find(const struct tz_vcache *vc, const char *name)
{
	for (size_t i = 0; i < vc->ntypes; i++)
		if (!strcmp(vc->types[i], name))
			return (unsigned)i + 1;
	return 0;
}

static size_t slot_hash(const git_oid *oid, unsigned type)
{
	size_t h;

	memcpy(&h, oid->id, sizeof(h));
	return h ^ type;
}

static void table_add(struct tz_vcache *vc, unsigned type, const git_oid *oid, unsigned char *data, size_t len)
{
	size_t i;

	if ((vc->n + 1) * 2 > vc->cap) {
		free(vc->index);
		vc->cap = vc->cap ? vc->cap * 2 : 1024;
		vc->index = tz_calloc(vc->cap, sizeof(*vc->index));
		for (size_t k = 0; k < vc->n; k++) {
			for (i = slot_hash(&vc->slots[k].oid, vc->slots[k].type) & (vc->cap - 1); vc->index[i];
			     i = (i + 1) & (vc->cap - 1))
				;
			vc->index[i] = (uint32_t)k + 1;
		}
	}
	for (i = slot_hash(oid, type) & (vc->cap - 1); vc->index[i]; i = (i + 1) & (vc->cap - 1)) {
		const struct slot *e = &vc->slots[vc->index[i] - 1];
		if (e->type == type && git_oid_equal(&e->oid, oid)) {
			free(data);
			return;
		}
	}
	TZ_ALLOC_GROW(vc->slots, vc->n + 1, vc->alloc);
	vc->slots[vc->n].type = type;
	git_oid_cpy(&vc->slots[vc->n].oid, oid);
	vc->slots[vc->n].data = data;
	vc->slots[vc->n].len = len;
	vc->slots[vc->n].used = 0;
	vc->index[i] = (uint32_t)++vc->n;
}

/* ---- the file ---- */

static int exec(sqlite3 *db, const char *sql)
{
	return sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

static const char tables_sql[] =
	"CREATE TABLE IF NOT EXISTS check_cache(digest BLOB NOT NULL, type TEXT NOT NULL,"
	" oid BLOB NOT NULL, data BLOB NOT NULL, PRIMARY KEY(digest, type, oid)) WITHOUT ROWID;"
	"CREATE TABLE IF NOT EXISTS check_state(key TEXT PRIMARY KEY, value BLOB) WITHOUT ROWID;";

/* Whether the tables are there in this format: 1 yes, 0 no (absent, or
 * another format: to be made again). */
static int format_ok(sqlite3 *db)
{
	sqlite3_stmt *st = NULL;
	int ok = 0;

	if (sqlite3_prepare_v2(db, "SELECT value FROM check_state WHERE key = 'format'", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) == SQLITE_TEXT &&
	    !strcmp((const char *)sqlite3_column_text(st, 0), VC_FORMAT))
		ok = 1;
	sqlite3_finalize(st);
	return ok;
}

int tz_vcache_open(struct tz_vcache **out, struct tz_repo *repo, const unsigned char digest[20])
{
	struct tz_vcache *vc;
	struct tz_buf path = TZ_BUF_INIT;
	sqlite3 *db = NULL;
	int rc;

	*out = NULL;
	if (tz_db_path(&path, repo) < 0)
		goto out;
	rc = tz_db_open(&db, path.ptr, 0);
	if (tz_db_is_damage(rc)) {	/* not a database: the index rebuilds it too */
		tz_db_remove(path.ptr);
		rc = tz_db_open(&db, path.ptr, 0);
	}
	if (rc != SQLITE_OK)
		goto out;
	/* a writer holding the file for long (an index build) is not waited
	 * for: this run goes without the cache's updates */
	sqlite3_busy_timeout(db, VC_BUSY_MS);
	vc = tz_calloc(1, sizeof(*vc));
	vc->db = db;
	memcpy(vc->digest, digest, 20);
	vc->readable = format_ok(db);
	vc->reset = !vc->readable;
	*out = vc;
out:
	tz_buf_release(&path);
	return 0;
}

int tz_vcache_open_read_only(struct tz_vcache **out, struct tz_repo *repo, const unsigned char digest[20])
{
	struct tz_vcache *vc;
	struct tz_buf uri = TZ_BUF_INIT;
	sqlite3 *db = NULL;
	const char *p;

	*out = NULL;
	tz_buf_puts(&uri, "file:");
	for (p = repo->gitdir; *p; p++) {	/* the path, escaped for a URI */
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr("/-._~", *p))
			tz_buf_putc(&uri, *p);
		else
			tz_buf_printf(&uri, "%%%02X", (unsigned char)*p);
	}
	tz_buf_puts(&uri, "taizhang/index.sqlite?immutable=1");
	if (sqlite3_open_v2(uri.ptr, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOFOLLOW,
			    NULL) != SQLITE_OK) {
		sqlite3_close(db);
		db = NULL;	/* no file (yet): nothing to read */
	}
	tz_buf_release(&uri);
	vc = tz_calloc(1, sizeof(*vc));
	vc->db = db;
	memcpy(vc->digest, digest, 20);
	vc->readable = db && format_ok(db);
	vc->read_only = 1;
	*out = vc;
	return 0;
}

void tz_vcache_damaged(struct tz_vcache *vc)
{
	if (!vc->reset)
		vc->stats.damaged = 1;
	vc->reset = 1;
}

/* The items of a row (data, n bytes: checksum and items) when its checksum
 * matches its key, else NULL with *len 0. */
static const unsigned char *row_items(const struct tz_vcache *vc, const char *type, const git_oid *oid,
				      const unsigned char *data, size_t n, size_t *len)
{
	*len = 0;
	if (!data || n < 8 || get_sum(data) != row_sum(vc->digest, type, oid, data + 8, n - 8))
		return NULL;
	*len = n - 8;
	return data + 8;
}

void tz_vcache_load(struct tz_vcache *vc)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (vc->loaded)
		return;
	vc->loaded = 1;
	if (!vc->readable)
		return;
	if (sqlite3_prepare_v2(vc->db, "SELECT type, oid, data FROM check_cache WHERE digest = ?1",
			       -1, &st, NULL) != SQLITE_OK)
		return;
	sqlite3_bind_blob(st, 1, vc->digest, 20, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *type = (const char *)sqlite3_column_text(st, 0);
		const void *oid = sqlite3_column_blob(st, 1);
		int noid = sqlite3_column_bytes(st, 1);
		const unsigned char *data = sqlite3_column_blob(st, 2);
		int ndata = sqlite3_column_bytes(st, 2);
		git_oid id;
		unsigned char *copy;

		const unsigned char *items = NULL;
		size_t len = 0;

		vc->stats.loaded++;
		if (type && oid && noid == GIT_OID_RAWSZ) {
			git_oid_fromraw(&id, oid);
			items = row_items(vc, type, &id, data, (size_t)(ndata < 0 ? 0 : ndata), &len);
		}
		if (!items) {
			tz_vcache_damaged(vc);
			break;
		}
		copy = tz_malloc(len + 1);
		memcpy(copy, items, len);
		table_add(vc, type_of(vc, type), &id, copy, len);
	}
	sqlite3_finalize(st);
	if (vc->reset)	/* damaged: trust none of it */
		tz_vcache_unload(vc);
}

void tz_vcache_unload(struct tz_vcache *vc)
{
	if (!vc)
		return;
	for (size_t i = 0; i < vc->n; i++)
		free(vc->slots[i].data);
	free(vc->slots);
	free(vc->index);
	vc->slots = NULL;
	vc->index = NULL;
	vc->cap = vc->n = vc->alloc = 0;
}

void tz_vcache_fetch(struct tz_vcache *vc, const char *type, const git_oid *oid)
{
	sqlite3_stmt *st = NULL;
	size_t len;

	if (!vc || vc->loaded || !vc->readable || vc->reset || tz_vcache_get(vc, type, oid, &len))
		return;	/* all read, nothing to read, or fetched already */
	if (sqlite3_prepare_v2(vc->db, "SELECT data FROM check_cache WHERE digest = ?1 AND type = ?2 AND oid = ?3",
			       -1, &st, NULL) != SQLITE_OK)
		return;
	sqlite3_bind_blob(st, 1, vc->digest, 20, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, type, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 3, oid->id, GIT_OID_RAWSZ, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		const unsigned char *items = row_items(vc, type, oid, sqlite3_column_blob(st, 0),
						       (size_t)sqlite3_column_bytes(st, 0), &len);
		vc->stats.loaded++;
		if (!items) {
			tz_vcache_damaged(vc);
		} else {
			unsigned char *copy = tz_malloc(len + 1);
			memcpy(copy, items, len);
			table_add(vc, type_of(vc, type), oid, copy, len);
		}
	}
	sqlite3_finalize(st);
}

const unsigned char *tz_vcache_get(const struct tz_vcache *vc, const char *type, const git_oid *oid,
				   size_t *len)
{
	unsigned t;

	if (!vc || !vc->cap || !(t = type_find(vc, type)))
		return NULL;
	for (size_t i = slot_hash(oid, t) & (vc->cap - 1); vc->index[i]; i = (i + 1) & (vc->cap - 1)) {
		struct slot *e = &vc->slots[vc->index[i] - 1];
		if (e->type == t && git_oid_equal(&e->oid, oid)) {
			if (!e->used)
				__atomic_store_n(&e->used, 1, __ATOMIC_RELAXED);
			*len = e->len;
			return e->data;
		}
	}
	return NULL;
}

void tz_vcache_put(struct tz_vcache *vc, const char *type, const git_oid *oid, const void *items, size_t len)
{
	struct queued *q;

	if (!vc)
		return;
	TZ_ALLOC_GROW(vc->q, vc->nq + 1, vc->aq);
	q = &vc->q[vc->nq++];
	q->type = type_of(vc, type);
	git_oid_cpy(&q->oid, oid);
	q->data = tz_malloc(len + 1);
	if (len)
		memcpy(q->data, items, len);
	q->len = len;
}

void tz_vcache_count(struct tz_vcache *vc, int hit)
{
	if (vc)
		__atomic_fetch_add(hit ? &vc->stats.hits : &vc->stats.misses, 1, __ATOMIC_RELAXED);
}

/* The check_state row key, written by state_row under name: the
 * fingerprint into fp and what follows into out. Returns 1, or 0 when there
 * is none or its checksum does not match (out then empty). */
static int read_state(struct tz_vcache *vc, const char *key, const char *name, unsigned char fp[20],
		      struct tz_buf *out)
{
	sqlite3_stmt *st = NULL;
	int ret = 0;

	tz_buf_clear(out);
	if (!vc || !vc->readable || vc->reset)
		return 0;
	if (sqlite3_prepare_v2(vc->db, "SELECT value FROM check_state WHERE key = ?1", -1, &st, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		const unsigned char *v = sqlite3_column_blob(st, 0);
		size_t n = (size_t)sqlite3_column_bytes(st, 0);
		git_oid none;

		memset(&none, 0, sizeof(none));
		if (v && n >= 28 && get_sum(v + 20) == row_sum(vc->digest, name, &none, v + 28, n - 28)) {
			memcpy(fp, v, 20);
			tz_buf_put(out, v + 28, n - 28);
			ret = 1;
		}
	}
	sqlite3_finalize(st);
	return ret;
}

/* The DIAG items of an answer, as put_diags writes them, appended to out.
 * Returns 0, or -1 when they do not read back (out may have grown). */
static int get_diags(struct tz_diag_list *out, const unsigned char *items, size_t len)
{
	struct tz_vc_item it;
	size_t pos = 0;
	int rc;

	while ((rc = tz_vc_next(&it, items, len, &pos)) == 1 && it.kind == TZ_VC_DIAG)
		tz_diag_add(out, it.a, it.line, it.num ? TZ_WARNING : TZ_ERROR, "%s", it.b);
	return rc == 0 ? 0 : -1;
}

static void put_diags(struct tz_buf *items, const struct tz_diag_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		tz_vc_put(items, TZ_VC_DIAG, l->v[i].line, l->v[i].severity == TZ_WARNING, l->v[i].path, l->v[i].msg);
}

int tz_vcache_last(struct tz_vcache *vc, const unsigned char fp[20], struct tz_diag_list *out)
{
	struct tz_diag_list found = TZ_DIAG_LIST_INIT;
	struct tz_buf items = TZ_BUF_INIT;
	unsigned char got[20];
	int ret = 0;

	if (read_state(vc, "last", "(last)", got, &items) && !memcmp(got, fp, 20) &&
	    get_diags(&found, (const unsigned char *)items.ptr, items.len) == 0) {
		tz_diag_move(out, &found);
		ret = 1;
		vc->stats.reused = 1;
	}
	tz_buf_release(&items);
	tz_diag_list_release(&found);
	return ret;
}

/* A check_state row of fingerprint fp: fp, the checksum of what follows
 * under name, then data. */
static void state_row(struct tz_buf *out, const struct tz_vcache *vc, const char *name, const unsigned char fp[20],
		      const void *data, size_t len)
{
	unsigned char sum[8];
	git_oid none;

	memset(&none, 0, sizeof(none));
	put_sum(sum, row_sum(vc->digest, name, &none, data, len));
	tz_buf_clear(out);
	tz_buf_put(out, fp, 20);
	tz_buf_put(out, sum, 8);
	tz_buf_put(out, data, len);
}

void tz_vcache_set_last(struct tz_vcache *vc, const unsigned char fp[20], const struct tz_diag_list *diags)
{
	struct tz_buf items = TZ_BUF_INIT;

	if (!vc)
		return;
	put_diags(&items, diags);
	state_row(&vc->last, vc, "(last)", fp, items.ptr ? items.ptr : "", items.len);
	vc->has_last = 1;
	tz_buf_release(&items);
}

int tz_vcache_stamps(struct tz_vcache *vc, unsigned char fp[20], struct tz_buf *out)
{
	return read_state(vc, "stamps", "(stamps)", fp, out);
}

void tz_vcache_set_stamps(struct tz_vcache *vc, const unsigned char fp[20], const void *stamps, size_t len)
{
	if (!vc)
		return;
	state_row(&vc->stamps, vc, "(stamps)", fp, stamps, len);
	vc->has_stamps = 1;
}

/* The answer kept for a tree is a state row whose data is the tree id and
 * the answer's items, so that the checksum covers both. */
int tz_vcache_tree(struct tz_vcache *vc, git_oid *tree, struct tz_diag_list *out)
{
	struct tz_diag_list found = TZ_DIAG_LIST_INIT;
	struct tz_buf data = TZ_BUF_INIT;
	unsigned char fp[20];
	int ret = 0;

	if (read_state(vc, "tree", "(tree)", fp, &data) && data.len >= GIT_OID_RAWSZ &&
	    !memcmp(fp, data.ptr, GIT_OID_RAWSZ)) {
		/* warnings only: a tree with errors is not committed */
		if (get_diags(&found, (const unsigned char *)data.ptr + GIT_OID_RAWSZ, data.len - GIT_OID_RAWSZ) == 0 &&
		    !found.errors) {
			git_oid_fromraw(tree, (const unsigned char *)data.ptr);
			tz_diag_move(out, &found);
			ret = 1;
		} else {
			tz_vcache_damaged(vc);
		}
	}
	tz_buf_release(&data);
	tz_diag_list_release(&found);
	return ret;
}

void tz_vcache_set_tree(struct tz_vcache *vc, const git_oid *tree, const struct tz_diag_list *own)
{
	struct tz_buf data = TZ_BUF_INIT;

	if (!vc)
		return;
	tz_buf_put(&data, tree->id, GIT_OID_RAWSZ);
	put_diags(&data, own);
	state_row(&vc->tree, vc, "(tree)", tree->id, data.ptr, data.len);
	vc->has_tree = 1;
	tz_buf_release(&data);
}

int tz_vcache_reopen(struct tz_vcache *vc, struct tz_repo *repo)
{
	struct tz_vcache *rw = NULL;

	if (!vc || !vc->read_only)
		return 0;
	tz_vcache_open(&rw, repo, vc->digest);
	if (!rw)
		return -1;
	sqlite3_close(vc->db);
	vc->db = rw->db;
	rw->db = NULL;
	/* what was read stays; a file of another format is made again */
	if (!rw->readable)
		vc->reset = 1;
	vc->readable = rw->readable;
	vc->read_only = 0;
	tz_vcache_free(rw);
	return 0;
}

/* Write the check_state row key. Returns 0 or -1. */
static int put_state(sqlite3 *db, const char *key, const struct tz_buf *value)
{
	sqlite3_stmt *st = NULL;
	int ret = -1;

	if (sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO check_state VALUES (?1, ?2)", -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 2, value->ptr ? value->ptr : "", (int)value->len, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_DONE)
		ret = 0;
	sqlite3_finalize(st);
	return ret;
}

void tz_vcache_save(struct tz_vcache *vc, size_t nrecords)
{
	sqlite3_stmt *st = NULL;
	struct tz_buf row = TZ_BUF_INIT;
	int prune;

	if (!vc || vc->read_only || (!vc->nq && !vc->has_last && !vc->has_stamps && !vc->has_tree && !vc->reset))
		return;
	if (exec(vc->db, "BEGIN IMMEDIATE") < 0)
		return;	/* busy: another run writes; next time */
	if (vc->reset && (exec(vc->db, "DROP TABLE IF EXISTS check_cache; DROP TABLE IF EXISTS check_state") < 0))
		goto fail;
	if (exec(vc->db, tables_sql) < 0 ||
	    exec(vc->db, "INSERT OR REPLACE INTO check_state VALUES ('format', '" VC_FORMAT "')") < 0)
		goto fail;
	/* rows of another schema are dead; so are unused ones once they
	 * outnumber the records: keep what this run used and wrote. Finding
	 * the dead reads every row: a run that read only a few (a commit that
	 * follows the change) leaves that to the next that reads them all. */
	prune = vc->loaded && !vc->reset && vc->n + vc->nq > 2 * nrecords + 1024;
	if (vc->loaded || vc->reset) {
		if (sqlite3_prepare_v2(vc->db, "DELETE FROM check_cache WHERE digest != ?1", -1, &st, NULL) != SQLITE_OK)
			goto fail;
		sqlite3_bind_blob(st, 1, vc->digest, 20, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			goto fail;
		sqlite3_finalize(st);
		st = NULL;
	}
	if (prune) {
		if (sqlite3_prepare_v2(vc->db, "DELETE FROM check_cache WHERE digest = ?1 AND type = ?2 AND oid = ?3",
				       -1, &st, NULL) != SQLITE_OK)
			goto fail;
		for (size_t i = 0; i < vc->n; i++) {
			struct slot *s = &vc->slots[i];
			if (s->used)
				continue;
			sqlite3_reset(st);
			sqlite3_bind_blob(st, 1, vc->digest, 20, SQLITE_STATIC);
			sqlite3_bind_text(st, 2, vc->types[s->type - 1], -1, SQLITE_STATIC);
			sqlite3_bind_blob(st, 3, s->oid.id, GIT_OID_RAWSZ, SQLITE_STATIC);
			if (sqlite3_step(st) != SQLITE_DONE)
				goto fail;
		}
		sqlite3_finalize(st);
		st = NULL;
	}
	if (sqlite3_prepare_v2(vc->db, "INSERT OR REPLACE INTO check_cache VALUES (?1, ?2, ?3, ?4)",
			       -1, &st, NULL) != SQLITE_OK)
		goto fail;
	for (size_t i = 0; i < vc->nq; i++) {
		const struct queued *q = &vc->q[i];
		const char *type = vc->types[q->type - 1];
		unsigned char sum[8];

		put_sum(sum, row_sum(vc->digest, type, &q->oid, q->data, q->len));
		tz_buf_clear(&row);
		tz_buf_put(&row, sum, 8);
		tz_buf_put(&row, q->data, q->len);
		sqlite3_reset(st);
		sqlite3_bind_blob(st, 1, vc->digest, 20, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, type, -1, SQLITE_STATIC);
		sqlite3_bind_blob(st, 3, q->oid.id, GIT_OID_RAWSZ, SQLITE_STATIC);
		sqlite3_bind_blob(st, 4, row.ptr, (int)row.len, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			goto fail;
		vc->stats.stored++;
	}
	sqlite3_finalize(st);
	st = NULL;
	if ((vc->has_last && put_state(vc->db, "last", &vc->last) < 0) ||
	    (vc->has_stamps && put_state(vc->db, "stamps", &vc->stamps) < 0) ||
	    (vc->has_tree && put_state(vc->db, "tree", &vc->tree) < 0))
		goto fail;
	if (exec(vc->db, "COMMIT") < 0)
		goto fail;
	tz_buf_release(&row);
	return;
fail:
	sqlite3_finalize(st);
	exec(vc->db, "ROLLBACK");
	tz_buf_release(&row);
}

void tz_vcache_stats(const struct tz_vcache *vc, struct tz_vcache_stats *out)
{
	if (vc)
		*out = vc->stats;
	else
		memset(out, 0, sizeof(*out));
}

void tz_vcache_free(struct tz_vcache *vc)
{
	if (!vc)
		return;
	sqlite3_close(vc->db);
	for (size_t i = 0; i < vc->n; i++)
		free(vc->slots[i].data);
	free(vc->slots);
	free(vc->index);
	for (size_t i = 0; i < vc->nq; i++)
		free(vc->q[i].data);
	free(vc->q);
	for (size_t i = 0; i < vc->ntypes; i++)
		free(vc->types[i]);
	free(vc->types);
	tz_buf_release(&vc->last);
	tz_buf_release(&vc->stamps);
	tz_buf_release(&vc->tree);
	free(vc);
}
