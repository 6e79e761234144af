/* history.c - the history index in SQLite: a revision walk over the commits
 * not indexed yet, each compared with its first parent below records/ (our
 * own tree walk, which skips equal subtrees), records paired by type and ID
 * and compared field by field with fdiff. A record's creation is kept as its
 * blob id, and compared with nothing when it is read. */
#include <errno.h>
#include <pthread.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include "buf.h"
#include "changes.h"
#include "db.h"
#include "error.h"
#include "fdiff.h"
#include "history.h"
#include "i18n.h"
#include "load.h"
#include "parallel.h"
#include "rev.h"

/* 3: a record's creation is one "(path)" row naming its blob, its initial
 * values are read from the blob when the row is read (see history.h) */
#define HISTORY_VERSION "3"
/* libgit2's object cache while walking (its default is 256 MB): the walk
 * reads each object once, a folder's versions one after the other
 * (tz_changes_trees_many), and keeps the one it compares with by hand */
#define HISTORY_GIT_CACHE (4 * 1024 * 1024)
/* SQLite's page cache while indexing, in KiB (the rows are appended in key
 * order: a few pages suffice), and while CREATE INDEX sorts them: in
 * memory up to about this much, then in a temporary file. Both add to the
 * packs libgit2 maps whole (80 MB at 100,000 records) and its delta base
 * caches (16 MB a pack): the walk's peak is kept under 200 MB. */
#define HISTORY_DB_CACHE "4096"
#define HISTORY_SORT_CACHE "8192"

/* A commit that changes at least BULK_MIN records (a ledger's first commit,
 * an import) is compared in batches of BULK_BATCH records by worker threads,
 * a batch ahead of the main thread inserting the rows of the one before. */
#define BULK_MIN 64
#define BULK_BATCH 1024

/* Parsed records by blob id: a record's new version in one commit is its
 * old version in the next commit that changes it, often soon after. A
 * parsed record takes a few KiB, and each worker has its own slots: they
 * stay few. */
#define CACHE_SLOTS 256
struct cached {
	git_oid oid;
	struct tz_record *rec;
	int used;
};

/* What reads commits' changes: the main thread's, or a worker's with a
 * repository handle of its own (libgit2 objects are not shared across
 * threads). A walk along a line of commits reads each commit after its
 * parent: the parent's trees are kept, and its parsed records. */
struct reader {
	struct tz_repo *repo;
	const struct tz_schema *schema;
	struct cached *cache;
	git_tree *last_tree;		/* the last commit's root tree */
	git_oid last_commit;
};

/* One commit's changes, read by a reader, then inserted in the walk's order. */
struct result {
	struct tz_changes ch;
	struct tz_fdiff *d;	/* d[i]: the rows of ch.v[i] (none for a creation kept
				   as its blob, or a file that is not a record) */
	int bulk;		/* d not made: index_bulk compares ch */
	size_t bytes;		/* about how much memory the result holds */
};

struct tz_history {
	struct tz_repo *repo;
	struct reader rd;	/* the main thread's */
	sqlite3 *db;
	struct tz_schema *schema;
	char *types;		/* "name=dir;" for every type: what the rows depend on */
	sqlite3_stmt *ins_commit, *ins_change;
	struct tz_history_stats stats;
	struct tz_progress *progress;		/* NULL: quiet */
};

/* The rows that edit a value (neither a creation nor a deletion), by field:
 * a field's edits in a range of commits (tz report's deadline moves) are
 * then read without scanning the creations of a ledger's first commit or
 * of an import, millions of rows at 100,000 records. Partial, so it holds
 * only those rows. Added while the format was "2": an older file gets it
 * when opened (open_db), the tables themselves are unchanged. */
#define EDIT_INDEX_SQL \
	"CREATE INDEX IF NOT EXISTS history_change_edit ON history_change(field, seq)" \
	" WHERE old IS NOT NULL AND new IS NOT NULL"

static const char schema_sql[] =
"CREATE TABLE IF NOT EXISTS history_state(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;"
"CREATE TABLE IF NOT EXISTS history_commit("
" seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,"
" author_name TEXT, author_email TEXT, author_time INTEGER, author_tz INTEGER,"
" committer_name TEXT, committer_email TEXT, committer_time INTEGER, committer_tz INTEGER,"
" parents INTEGER, message TEXT);"
"CREATE TABLE IF NOT EXISTS history_change("
" seq INTEGER NOT NULL REFERENCES history_commit(seq), ord INTEGER NOT NULL,"
" type TEXT, record TEXT NOT NULL, field TEXT NOT NULL, old TEXT, new TEXT, blob TEXT,"
" PRIMARY KEY(seq, ord)) WITHOUT ROWID;"
"CREATE INDEX IF NOT EXISTS history_change_record ON history_change(record, seq);"
EDIT_INDEX_SQL ";"
"CREATE VIEW IF NOT EXISTS history_log AS"
" SELECT c.id AS commit_id, c.author_name, c.author_email,"
"  datetime(c.author_time, 'unixepoch') AS author_date_utc, h.type, h.record,"
"  h.field, h.old, h.new, h.blob, c.seq, h.ord"
" FROM history_change h JOIN history_commit c ON c.seq = h.seq;";

static const char drop_sql[] =
"DROP VIEW IF EXISTS history_log;"
"DROP TABLE IF EXISTS history_change;"
"DROP TABLE IF EXISTS history_commit;"
"DROP TABLE IF EXISTS history_state;";

static int db_error(sqlite3 *db, const char *what)
{
	return tz_error_set("%s: %s", what, db ? sqlite3_errmsg(db) : "out of memory");
}

static int exec(sqlite3 *db, const char *sql)
{
	char *err = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
		tz_error_set(_("history index: %s"), err ? err : sqlite3_errmsg(db));
		sqlite3_free(err);
		return -1;
	}
	return 0;
}

/* The value of key in history_state into out; 1 when absent. */
static int state_get(sqlite3 *db, const char *key, struct tz_buf *out)
{
	return tz_db_meta_get(db, "history_state", key, out);
}

static int state_set(sqlite3 *db, const char *key, const char *value)
{
	return tz_db_meta_set(db, "history_state", key, value);
}

/* Open path (NULL: in memory) and make sure our tables are there, in the
 * current format. */
static int open_db(sqlite3 **out, const char *path)
{
	struct tz_buf v = TZ_BUF_INIT;
	sqlite3_stmt *st = NULL;
	sqlite3 *db = NULL;
	int rc;

	*out = NULL;
	rc = tz_db_open(&db, path ? path : ":memory:", 0);
	if (rc != SQLITE_OK && path && tz_db_is_damage(rc)) {
		tz_db_remove(path);	/* a cache: build it again */
		rc = tz_db_open(&db, path, 0);
	}
	if (rc != SQLITE_OK)
		return -1;
	/* the tables are there in the current format: the common case */
	if (sqlite3_prepare_v2(db, "SELECT value, EXISTS (SELECT 1 FROM sqlite_master"
			       " WHERE type = 'index' AND name = 'history_change_edit')"
			       " FROM history_state WHERE key = 'version'", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0) &&
	    !strcmp((const char *)sqlite3_column_text(st, 0), HISTORY_VERSION)) {
		/* a file of before the edit index: made once, by the first
		 * process that may write; without it queries are only slower */
		if (!sqlite3_column_int(st, 1)) {
			sqlite3_finalize(st);
			st = NULL;
			sqlite3_exec(db, EDIT_INDEX_SQL, NULL, NULL, NULL);
		}
		sqlite3_finalize(st);
		*out = db;
		return 0;
	}
	sqlite3_finalize(st);
	if (exec(db, schema_sql) < 0)
		goto fail;
	rc = state_get(db, "version", &v);
	if (rc < 0)
		goto fail;
	if (rc == 0 && strcmp(v.ptr ? v.ptr : "", HISTORY_VERSION)) {
		if (exec(db, "BEGIN IMMEDIATE") < 0 || exec(db, drop_sql) < 0 || exec(db, schema_sql) < 0 ||
		    exec(db, "COMMIT") < 0)
			goto fail;
	}
	tz_buf_release(&v);
	*out = db;
	return 0;
fail:
	tz_buf_release(&v);
	sqlite3_close(db);
	return -1;
}

static int load_schema(struct tz_history *h)
{
	struct tz_diag_list ignored = TZ_DIAG_LIST_INIT;
	struct tz_source src;
	struct tz_buf types = TZ_BUF_INIT;
	int rc = 0;

	if (tz_source_open(&src, h->repo, h->repo->workdir ? NULL : "HEAD") < 0 ||
	    tz_schema_load(&h->schema, &src, &ignored, NULL) < 0)
		h->schema = tz_schema_new();	/* no schema: no records */
	tz_source_release(&src);
	tz_diag_list_release(&ignored);
	for (size_t i = 0; i < h->schema->ntypes; i++)
		tz_buf_printf(&types, "%s=%s;", h->schema->types[i].name,
			      h->schema->types[i].dir ? h->schema->types[i].dir : "");
	h->types = tz_buf_detach(&types);
	if (!h->types)
		h->types = tz_strdup("");
	return rc;
}

/* ---- indexing one commit ---- */

static int insert_commit(struct tz_history *h, git_commit *c, sqlite3_int64 *seq)
{
	sqlite3_stmt *st = h->ins_commit;
	const git_signature *a = git_commit_author(c), *m = git_commit_committer(c);
	char hex[GIT_OID_HEXSZ + 1];
	int rc;

	git_oid_tostr(hex, sizeof(hex), git_commit_id(c));
	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, hex, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, a->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, a->email, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)a->when.time);
	sqlite3_bind_int(st, 5, a->when.offset);
	sqlite3_bind_text(st, 6, m->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, m->email, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 8, (sqlite3_int64)m->when.time);
	sqlite3_bind_int(st, 9, m->when.offset);
	sqlite3_bind_int(st, 10, (int)git_commit_parentcount(c));
	sqlite3_bind_text(st, 11, git_commit_message(c), -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE)
		return db_error(h->db, "history index");
	*seq = sqlite3_last_insert_rowid(h->db);
	h->stats.commits++;
	return 0;
}

/* One row of history_change; old, new and blob may be NULL. */
static int insert_row(struct tz_history *h, sqlite3_int64 seq, int ord, const struct tz_change *c,
		      const char *field, const char *old, const char *new, const char *blob)
{
	sqlite3_stmt *st = h->ins_change;
	const char *v[3] = { old, new, blob };
	int rc;

	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, seq);
	sqlite3_bind_int(st, 2, ord);
	sqlite3_bind_text(st, 3, c->type->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, c->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, field, -1, SQLITE_STATIC);
	for (int k = 0; k < 3; k++) {
		if (v[k])
			sqlite3_bind_text(st, 6 + k, v[k], -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(st, 6 + k);
	}
	rc = sqlite3_step(st);
	if (rc != SQLITE_DONE)
		return db_error(h->db, "history index");
	h->stats.changes++;
	return 0;
}

static int insert_change(struct tz_history *h, sqlite3_int64 seq, int ord, const struct tz_change *c,
			 const struct tz_fchange *f)
{
	return insert_row(h, seq, ord, c, f->field, f->old_value, f->new_value, NULL);
}

/* Whether change c is a record's creation that is kept as one row naming its
 * blob (a commit with one parent or none: a merge's creations are filtered
 * field by field against its other parents). A symbolic link has no blob to
 * read: its "(path)" row is all there is, as fdiff makes it. */
static int compact(const struct tz_change *c, unsigned parents)
{
	return parents <= 1 && !c->old_path && c->new_path && c->new_mode != GIT_FILEMODE_LINK;
}

/* The "(path)" row of c's creation, with its blob for the values. */
static int insert_created(struct tz_history *h, sqlite3_int64 seq, int ord, const struct tz_change *c)
{
	char hex[GIT_OID_HEXSZ + 1];

	git_oid_tostr(hex, sizeof(hex), &c->new_oid);
	return insert_row(h, seq, ord, c, TZ_FDIFF_PATH, NULL, c->new_path, hex);
}

static int same(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/*
 * A merge: drop from d (the changes against the first parent) each change
 * whose new value some other parent already had, so that it stays with the
 * commit that made it. Returns 1 when nothing is left, 0, or -1.
 */
static int filter_merge(git_commit *c, const struct tz_change *ch, struct tz_fdiff *d)
{
	const char *path = ch->new_path ? ch->new_path : ch->old_path;

	for (unsigned p = 1; p < git_commit_parentcount(c) && d->n; p++) {
		struct tz_diag_list ignored = TZ_DIAG_LIST_INIT;
		git_commit *parent = NULL;
		git_tree *tree = NULL;
		git_tree_entry *te = NULL;
		git_blob *blob = NULL;
		struct tz_record *r = NULL;
		const char *ppath = NULL;

		if (git_commit_parent(&parent, c, p) < 0 || git_commit_tree(&tree, parent) < 0) {
			git_commit_free(parent);
			return tz_error_git(_("cannot read a merge's parent"));
		}
		if (git_tree_entry_bypath(&te, tree, path) == 0 && git_tree_entry_type(te) == GIT_OBJECT_BLOB) {
			ppath = path;
			if (ch->new_path && git_oid_equal(git_tree_entry_id(te), &ch->new_oid)) {
				tz_fdiff_release(d);	/* the record came from this parent */
			} else if (git_blob_lookup(&blob, git_commit_owner(c), git_tree_entry_id(te)) == 0 &&
				   git_blob_rawsize(blob) <= TZ_RECORD_MAX_SIZE) {
				r = tz_record_parse(path, git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob), &ignored);
			}
		}
		for (size_t i = 0; i < d->n;) {
			const struct tz_fchange *f = &d->v[i];
			const char *pv = !strcmp(f->field, TZ_FDIFF_PATH) ? ppath : tz_fdiff_value(r, f->field);
			if (same(pv, f->new_value))
				tz_fdiff_remove(d, i);
			else
				i++;
		}
		tz_record_free(r);
		tz_diag_list_release(&ignored);
		git_blob_free(blob);
		git_tree_entry_free(te);
		git_tree_free(tree);
		git_commit_free(parent);
	}
	return d->n ? 0 : 1;
}

static struct cached *slot_of(struct reader *h, const git_oid *oid)
{
	if (!h->cache)
		h->cache = tz_calloc(CACHE_SLOTS, sizeof(*h->cache));
	return &h->cache[(oid->id[0] | (unsigned)oid->id[1] << 8) % CACHE_SLOTS];
}

/* The old (side 0) or new version of change c, parsed; NULL when absent.
 * Borrowed from the cache until the next call that uses the same slot. */
static int version(const struct tz_record **out, struct reader *h, const struct tz_change *c, int side)
{
	const git_oid *oid = side ? &c->new_oid : &c->old_oid;
	struct cached *slot;
	struct tz_record *r;

	*out = NULL;
	if (!(side ? c->new_path : c->old_path))
		return 0;
	slot = slot_of(h, oid);
	if (slot->used && git_oid_equal(&slot->oid, oid)) {
		*out = slot->rec;
		return 0;
	}
	if (tz_change_parse(&r, h->repo, c, side) < 0)
		return -1;
	tz_record_free(slot->rec);
	git_oid_cpy(&slot->oid, oid);
	slot->rec = r;
	slot->used = 1;
	*out = r;
	return 0;
}

/* Free what r keeps (not its repository). */
static void reader_release(struct reader *h)
{
	git_tree_free(h->last_tree);
	h->last_tree = NULL;
	for (size_t i = 0; h->cache && i < CACHE_SLOTS; i++)
		tz_record_free(h->cache[i].rec);
	free(h->cache);
	h->cache = NULL;
}

/* ---- many records in one commit ---- */

struct bulk_batch {
	const struct tz_changes *ch;
	struct tz_repo *repos;		/* one per worker: its own libgit2 handle */
	size_t nworkers;
	size_t from, to;		/* this batch: ch->v[from..to) */
	struct tz_fdiff *d;		/* d[i - from]: the changes of ch->v[i] */
	char **errors;			/* errors[worker]: its failure, or NULL */
};

static void bulk_worker(size_t t, void *payload)
{
	struct bulk_batch *b = payload;

	for (size_t i = b->from + t; i < b->to; i += b->nworkers) {
		const struct tz_change *c = &b->ch->v[i];
		struct tz_record *o = NULL, *n = NULL;

		if (!c->id || compact(c, 1))
			continue;
		if (tz_change_parse(&o, &b->repos[t], c, 0) < 0 || tz_change_parse(&n, &b->repos[t], c, 1) < 0) {
			tz_record_free(o);
			b->errors[t] = tz_strdup(tz_error_last());
			return;
		}
		tz_fdiff_files(&b->d[i - b->from], c->old_path, o, c->new_path, n);
		tz_record_free(o);
		tz_record_free(n);
	}
}

/* Reap batch b's workers; -1 with the first worker's error. */
static int bulk_join(struct tz_parallel *p, struct bulk_batch *b)
{
	int ret = 0;

	tz_parallel_join(p);
	for (size_t t = 0; t < b->nworkers; t++) {
		if (b->errors[t] && ret == 0)
			ret = tz_error_set("%s", b->errors[t]);
		free(b->errors[t]);
		b->errors[t] = NULL;
	}
	return ret;
}

static void bulk_release(struct bulk_batch *b)
{
	for (size_t k = 0; k < BULK_BATCH; k++)
		tz_fdiff_release(&b->d[k]);
	for (size_t t = 0; t < b->nworkers; t++)
		free(b->errors[t]);
	free(b->d);
	free(b->errors);
}

/*
 * The rows of every change of ch (a commit with one parent or none), in the
 * order of ch, as the one-by-one path makes them. Each worker reads through
 * a repository handle of its own (libgit2 objects are not shared across
 * threads). Returns 1 when no worker handle can be opened (the caller goes
 * one by one), 0, or -1.
 */
static int index_bulk(struct tz_history *h, const struct tz_changes *ch, sqlite3_int64 seq)
{
	size_t nworkers = tz_parallel_threads(ch->n, BULK_MIN), nrepos = 0;
	struct tz_repo *repos = tz_calloc(nworkers, sizeof(*repos));
	struct bulk_batch b[2];
	struct tz_parallel *p = NULL;
	int ret = -1, ord = 0, cur = 0;

	for (; nrepos < nworkers; nrepos++) {
		repos[nrepos] = *h->repo;
		if (git_repository_open_ext(&repos[nrepos].git, git_repository_path(h->repo->git),
					    GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) < 0)
			break;
	}
	if (nrepos == 0) {
		free(repos);
		return 1;
	}
	for (int k = 0; k < 2; k++) {
		b[k].ch = ch;
		b[k].repos = repos;
		b[k].nworkers = nrepos;
		b[k].from = b[k].to = 0;
		b[k].d = tz_calloc(BULK_BATCH, sizeof(*b[k].d));
		b[k].errors = tz_calloc(nrepos, sizeof(*b[k].errors));
	}
	b[0].to = ch->n < BULK_BATCH ? ch->n : BULK_BATCH;
	p = tz_parallel_start(nrepos, bulk_worker, &b[0]);
	for (;;) {
		struct bulk_batch *now = &b[cur], *next = &b[!cur];
		int rc = bulk_join(p, now);

		p = NULL;
		if (rc < 0)
			goto out;
		if (now->to < ch->n) {	/* the next batch, while this one goes in */
			next->from = now->to;
			next->to = ch->n - next->from < BULK_BATCH ? ch->n : next->from + BULK_BATCH;
			p = tz_parallel_start(nrepos, bulk_worker, next);
		}
		for (size_t i = now->from; i < now->to; i++) {
			struct tz_fdiff *d = &now->d[i - now->from];
			if (ch->v[i].id && compact(&ch->v[i], 1))
				rc = insert_created(h, seq, ord++, &ch->v[i]);
			for (size_t k = 0; rc == 0 && k < d->n; k++)
				rc = insert_change(h, seq, ord++, &ch->v[i], &d->v[k]);
			tz_fdiff_release(d);
			if (rc < 0)
				goto out;
		}
		if (!p)
			break;
		cur = !cur;
	}
	ret = 0;
out:
	tz_parallel_join(p);	/* after a failure: its error is the one to keep */
	bulk_release(&b[0]);
	bulk_release(&b[1]);
	for (size_t t = 0; t < nrepos; t++)
		git_repository_free(repos[t].git);
	free(repos);
	return ret;
}

/* The changes below records/ of commit c (read through r's repository)
 * against its first parent, placed by type and ID, into res->ch. */
/* The changes of commits cs[0..n) (consecutive in the walk) below
 * records/, each against its first parent, into res[0..n) (zeroed by the
 * caller): the commits' trees compared together (tz_changes_trees_many),
 * the parent's tree most often the commit's before. */
static int read_changes(struct reader *r, git_commit *const *cs, struct result *res, size_t n)
{
	git_tree **a = tz_calloc(n ? n : 1, sizeof(*a)), **b = tz_calloc(n ? n : 1, sizeof(*b));
	struct tz_changes *ch = tz_calloc(n ? n : 1, sizeof(*ch));
	int ret = -1;

	for (size_t j = 0; j < n; j++) {
		git_commit *parent = NULL;
		const git_oid *pid;

		if (git_commit_tree(&b[j], cs[j]) < 0)
			goto commit_error;
		if (!git_commit_parentcount(cs[j]))
			continue;
		pid = git_commit_parent_id(cs[j], 0);
		if (j && git_oid_equal(pid, git_commit_id(cs[j - 1]))) {
			if (git_object_dup((git_object **)&a[j], (git_object *)b[j - 1]) < 0)
				goto commit_error;
		} else if (r->last_tree && git_oid_equal(pid, &r->last_commit)) {
			if (git_object_dup((git_object **)&a[j], (git_object *)r->last_tree) < 0)
				goto commit_error;
		} else {
			int rc = git_commit_parent(&parent, cs[j], 0) < 0 || git_commit_tree(&a[j], parent) < 0;
			git_commit_free(parent);
			if (rc)
				goto commit_error;
		}
	}
	if (tz_changes_trees_many(ch, r->repo->git, a, b, n, "records") < 0)
		goto out;
	for (size_t j = 0; j < n; j++) {
		res[j].ch = ch[j];
		memset(&ch[j], 0, sizeof(ch[j]));
		tz_changes_place(&res[j].ch, r->schema);
	}
	if (n) {
		git_tree_free(r->last_tree);
		r->last_tree = NULL;
		if (git_object_dup((git_object **)&r->last_tree, (git_object *)b[n - 1]) == 0)
			git_oid_cpy(&r->last_commit, git_commit_id(cs[n - 1]));
	}
	ret = 0;
	goto out;
commit_error:
	tz_error_git(_("cannot read a commit"));
out:
	for (size_t j = 0; j < n; j++) {
		git_tree_free(a[j]);
		git_tree_free(b[j]);
		tz_changes_release(&ch[j]);
	}
	free(a);
	free(b);
	free(ch);
	return ret;
}

/* The rows of every change of res->ch that is compared field by field, into
 * res->d: the old and new versions read through r, and for a merge the
 * changes some other parent already had dropped. */
static int compare(struct reader *r, git_commit *c, struct result *res)
{
	unsigned parents = git_commit_parentcount(c);

	res->d = tz_calloc(res->ch.n ? res->ch.n : 1, sizeof(*res->d));
	for (size_t i = 0; i < res->ch.n; i++) {
		const struct tz_change *cc = &res->ch.v[i];
		const struct tz_record *o = NULL, *n = NULL;
		struct tz_record *own = NULL;

		res->bytes += sizeof(*cc) + sizeof(*res->d) + 3 * 64;
		if (!cc->id || compact(cc, parents))
			continue;
		if (version(&o, r, cc, 0) < 0)
			return -1;
		if (o && cc->new_path && !git_oid_equal(&cc->old_oid, &cc->new_oid) &&
		    slot_of(r, &cc->old_oid) == slot_of(r, &cc->new_oid)) {
			own = slot_of(r, &cc->old_oid)->rec;	/* the new version takes the slot */
			slot_of(r, &cc->old_oid)->rec = NULL;
			slot_of(r, &cc->old_oid)->used = 0;
		}
		if (version(&n, r, cc, 1) < 0) {
			tz_record_free(own);
			return -1;
		}
		tz_fdiff_files(&res->d[i], cc->old_path, o, cc->new_path, n);
		tz_record_free(own);
		if (parents > 1 && filter_merge(c, cc, &res->d[i]) < 0)
			return -1;
		for (size_t k = 0; k < res->d[i].n; k++) {
			const struct tz_fchange *f = &res->d[i].v[k];
			res->bytes += sizeof(*f) + 64 + strlen(f->field) +
				      (f->old_value ? strlen(f->old_value) : 0) +
				      (f->new_value ? strlen(f->new_value) : 0);
		}
	}
	return 0;
}

/* Whether commit c's changes (res->ch) are many enough for index_bulk's
 * workers: a ledger's first commit, an import. */
static int is_bulk(git_commit *c, const struct result *res)
{
	size_t compared = 0;	/* the changes whose two versions are read */

	if (git_commit_parentcount(c) > 1)
		return 0;
	for (size_t i = 0; i < res->ch.n; i++)
		compared += res->ch.v[i].id && !compact(&res->ch.v[i], 1);
	return compared >= BULK_MIN && tz_parallel_threads(compared, BULK_MIN) > 1;
}

/* Commits cs[0..n)'s changes, read through r, into res[0..n) (zeroed by
 * the caller). */
static int read_commits(struct reader *r, git_commit *const *cs, struct result *res, size_t n)
{
	if (read_changes(r, cs, res, n) < 0)
		return -1;
	for (size_t j = 0; j < n; j++) {
		res[j].bytes += res[j].ch.n * (sizeof(*res[j].ch.v) + 3 * 64);
		if (is_bulk(cs[j], &res[j]))
			res[j].bulk = 1;
		else if (compare(r, cs[j], &res[j]) < 0)
			return -1;
	}
	return 0;
}

static void result_release(struct result *res)
{
	for (size_t i = 0; res->d && i < res->ch.n; i++)
		tz_fdiff_release(&res->d[i]);
	free(res->d);
	tz_changes_release(&res->ch);
	memset(res, 0, sizeof(*res));
}

/* Insert commit c (read through the main thread's handle) and its rows, res. */
static int insert_result(struct tz_history *h, git_commit *c, struct result *res)
{
	unsigned parents = git_commit_parentcount(c);
	sqlite3_int64 seq = 0;
	int ord = 0;

	if (insert_commit(h, c, &seq) < 0)
		return -1;
	if (res->bulk) {
		int rc = index_bulk(h, &res->ch, seq);
		if (rc <= 0)
			return rc;
		if (compare(&h->rd, c, res) < 0)	/* no worker handle: one by one */
			return -1;
	}
	for (size_t i = 0; i < res->ch.n; i++) {
		const struct tz_change *cc = &res->ch.v[i];
		int rc = 0;

		if (!cc->id)
			continue;
		if (compact(cc, parents))
			rc = insert_created(h, seq, ord++, cc);
		for (size_t k = 0; rc == 0 && k < res->d[i].n; k++)
			rc = insert_change(h, seq, ord++, cc, &res->d[i].v[k]);
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* Read the commits ids[0..n) through r into res[0..n); *bytes grows by
 * what the results hold. */
static int read_chunk(struct reader *r, const git_oid *ids, struct result *res, size_t n, size_t *bytes)
{
	git_commit **cs = tz_calloc(n ? n : 1, sizeof(*cs));
	int ret = 0;

	for (size_t j = 0; j < n && ret == 0; j++)
		if (git_commit_lookup(&cs[j], r->repo->git, &ids[j]) < 0)
			ret = tz_error_git(_("cannot read a commit"));
	if (ret == 0)
		ret = read_commits(r, cs, res, n);
	for (size_t j = 0; j < n; j++) {
		*bytes += res[j].bytes;
		git_commit_free(cs[j]);
	}
	free(cs);
	return ret;
}

/* ---- the walk on several threads ---- */

/* The walk is parallel from this many commits on: each worker reads runs
 * of consecutive commits (a chunk) and keeps the trees and records of one
 * for the next, as the main thread would; the main thread inserts the
 * results in the walk's order. */
#define WALK_MIN 32
#define WALK_CHUNK 1024	/* commits a chunk, at most: a folder changed
				   several times in a chunk has its versions
				   read together (tz_changes_trees_many) */
#define WALK_AHEAD 4		/* chunks a worker, read ahead of the inserts */
/* the results read and not inserted yet, at most about (one chunk more,
 * so that the next chunk to insert is always read) */
#define WALK_BYTES ((size_t)32 * 1024 * 1024)

struct pwalk {
	struct tz_history *h;
	const git_oid *ids;
	size_t n, chunk, nchunks, window;
	struct reader *readers;		/* one per worker */
	struct result *res;		/* res[j % (window * chunk)]: commit j's */
	char **errors;			/* errors[k % window]: chunk k's failure */
	unsigned char *ready;		/* ready[k % window]: chunk k is read */
	size_t next;			/* the next chunk to read */
	size_t inserted;		/* the chunks inserted */
	size_t bytes;			/* held by chunks read and not inserted */
	int stop;
	pthread_mutex_t lock;
	pthread_cond_t cond;
};

static void pwalk_worker(size_t t, void *payload)
{
	struct pwalk *w = payload;
	struct reader *r = &w->readers[t];

	pthread_mutex_lock(&w->lock);
	for (;;) {
		size_t k, from, to, bytes = 0;
		char *err = NULL;

		while (!w->stop && w->next < w->nchunks &&
		       (w->next >= w->inserted + w->window ||
			(w->bytes > WALK_BYTES && w->next > w->inserted)))
			pthread_cond_wait(&w->cond, &w->lock);
		if (w->stop || w->next >= w->nchunks)
			break;
		k = w->next++;
		pthread_mutex_unlock(&w->lock);
		from = k * w->chunk;
		to = from + w->chunk < w->n ? from + w->chunk : w->n;
		/* a chunk starts at a multiple of its size: its results are
		 * consecutive in w->res */
		if (read_chunk(r, w->ids + from, &w->res[from % (w->window * w->chunk)], to - from, &bytes) < 0)
			err = tz_strdup(tz_error_last());
		pthread_mutex_lock(&w->lock);
		w->errors[k % w->window] = err;
		w->ready[k % w->window] = 1;
		w->bytes += bytes;
		pthread_cond_broadcast(&w->cond);
	}
	pthread_mutex_unlock(&w->lock);
}

/* Insert chunk k's commits, once read; -1 with the first error. */
static int pwalk_insert(struct pwalk *w, size_t k)
{
	struct tz_history *h = w->h;
	size_t from = k * w->chunk, to = from + w->chunk < w->n ? from + w->chunk : w->n, bytes = 0;
	char *err;
	int ret = 0;

	pthread_mutex_lock(&w->lock);
	while (!w->ready[k % w->window])
		pthread_cond_wait(&w->cond, &w->lock);
	err = w->errors[k % w->window];
	w->errors[k % w->window] = NULL;
	pthread_mutex_unlock(&w->lock);
	if (err) {
		ret = tz_error_set("%s", err);
		free(err);
	}
	for (size_t j = from; j < to; j++) {
		struct result *res = &w->res[j % (w->window * w->chunk)];
		git_commit *c = NULL;

		if (ret == 0 && git_commit_lookup(&c, h->repo->git, &w->ids[j]) < 0)
			ret = tz_error_git(_("cannot read a commit"));
		if (ret == 0)
			ret = insert_result(h, c, res);
		git_commit_free(c);
		bytes += res->bytes;
		result_release(res);
		if (ret == 0 && (++h->stats.commits_seen & 255) == 0)
			tz_progress_update(h->progress, h->stats.commits_seen);
	}
	pthread_mutex_lock(&w->lock);
	w->ready[k % w->window] = 0;
	w->inserted = k + 1;
	w->bytes -= bytes < w->bytes ? bytes : w->bytes;
	if (ret < 0)
		w->stop = 1;
	pthread_cond_broadcast(&w->cond);
	pthread_mutex_unlock(&w->lock);
	return ret;
}

/*
 * Index the commits ids[0..n) (the walk's order) with nworkers threads
 * reading them and the main thread inserting. Returns 1 when no worker can
 * start (no repository handle, no thread: the caller goes one by one), 0,
 * or -1.
 */
static int walk_parallel(struct tz_history *h, const git_oid *ids, size_t n, size_t nworkers)
{
	struct pwalk w;
	struct tz_parallel *p;
	size_t nreaders = 0;
	int ret = 0;

	memset(&w, 0, sizeof(w));
	w.h = h;
	w.ids = ids;
	w.n = n;
	/* chunks small enough for each worker to have several */
	w.chunk = n / (nworkers * WALK_AHEAD);
	w.chunk = w.chunk < 1 ? 1 : w.chunk > WALK_CHUNK ? WALK_CHUNK : w.chunk;
	w.nchunks = (n + w.chunk - 1) / w.chunk;
	w.window = nworkers * WALK_AHEAD;
	w.readers = tz_calloc(nworkers, sizeof(*w.readers));
	for (; nreaders < nworkers; nreaders++) {
		struct reader *r = &w.readers[nreaders];
		r->repo = tz_malloc(sizeof(*r->repo));
		*r->repo = *h->repo;
		r->schema = h->schema;
		if (git_repository_open_ext(&r->repo->git, git_repository_path(h->repo->git),
					    GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) < 0) {
			free(r->repo);
			break;
		}
	}
	if (nreaders == 0) {
		free(w.readers);
		return 1;
	}
	w.res = tz_calloc(w.window * w.chunk, sizeof(*w.res));
	w.errors = tz_calloc(w.window, sizeof(*w.errors));
	w.ready = tz_calloc(w.window, sizeof(*w.ready));
	pthread_mutex_init(&w.lock, NULL);
	pthread_cond_init(&w.cond, NULL);
	p = tz_parallel_start(nreaders, pwalk_worker, &w);
	h->stats.threads = tz_parallel_started(p);
	if (h->stats.threads == 0) {
		ret = 1;	/* no thread: the workers run at the join, and stop */
		w.stop = 1;
	}
	for (size_t k = 0; ret == 0 && k < w.nchunks; k++)
		ret = pwalk_insert(&w, k);
	pthread_mutex_lock(&w.lock);
	w.stop = 1;
	pthread_cond_broadcast(&w.cond);
	pthread_mutex_unlock(&w.lock);
	tz_parallel_join(p);
	for (size_t j = 0; j < w.window * w.chunk; j++)
		result_release(&w.res[j]);
	for (size_t k = 0; k < w.window; k++)
		free(w.errors[k]);
	for (size_t t = 0; t < nreaders; t++) {
		reader_release(&w.readers[t]);
		git_repository_free(w.readers[t].repo->git);
		free(w.readers[t].repo);
	}
	pthread_cond_destroy(&w.cond);
	pthread_mutex_destroy(&w.lock);
	free(w.readers);
	free(w.res);
	free(w.errors);
	free(w.ready);
	return ret;
}

/* ---- refreshing ---- */

/* Index the commits ids[0..n) on the main thread, a chunk at a time. */
static int walk_serial(struct tz_history *h, const git_oid *ids, size_t n)
{
	struct result *res = tz_calloc(WALK_CHUNK, sizeof(*res));
	int ret = 0;

	for (size_t from = 0; from < n && ret == 0; from += WALK_CHUNK) {
		size_t m = n - from < WALK_CHUNK ? n - from : WALK_CHUNK, bytes = 0;

		ret = read_chunk(&h->rd, ids + from, res, m, &bytes);
		for (size_t j = 0; j < m; j++) {
			git_commit *c = NULL;

			if (ret == 0 && git_commit_lookup(&c, h->repo->git, &ids[from + j]) < 0)
				ret = tz_error_git(_("cannot read a commit"));
			if (ret == 0)
				ret = insert_result(h, c, &res[j]);
			git_commit_free(c);
			result_release(&res[j]);
			if (ret == 0 && (++h->stats.commits_seen & 255) == 0)
				tz_progress_update(h->progress, h->stats.commits_seen);
		}
	}
	free(res);
	return ret;
}

/* Index the commits reachable from tip and not from hide (may be NULL). */
static int walk(struct tz_history *h, const git_oid *tip, const git_oid *hide)
{
	git_revwalk *w = NULL;
	git_oid *ids = NULL;
	size_t n = 0, alloc = 0, nworkers;
	int rc, ret = -1;

	ssize_t cached = 0, cache_max = 0;

	/* as git: no hash check of every object read; trees of a few hundred
	 * entries (sharded record folders) stay in the object cache, but the
	 * cache as a whole stays small: most objects of a long walk are never
	 * read again, and the trees that are (the parent's) are kept by hand */
	git_libgit2_opts(GIT_OPT_GET_CACHED_MEMORY, &cached, &cache_max);
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_TREE, (size_t)256 * 1024);
	git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_BLOB, (size_t)0);
	git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, (ssize_t)HISTORY_GIT_CACHE);
	if (git_revwalk_new(&w, h->repo->git) < 0 ||
	    git_revwalk_sorting(w, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME | GIT_SORT_REVERSE) < 0 ||
	    git_revwalk_push(w, tip) < 0 || (hide && git_revwalk_hide(w, hide) < 0)) {
		tz_error_git(_("cannot walk the history"));
		goto out;
	}
	if (sqlite3_prepare_v2(h->db,
			       "INSERT INTO history_commit(id, author_name, author_email, author_time, author_tz,"
			       " committer_name, committer_email, committer_time, committer_tz, parents, message)"
			       " VALUES (?,?,?,?,?,?,?,?,?,?,?)", -1, &h->ins_commit, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(h->db,
			       "INSERT INTO history_change(seq, ord, type, record, field, old, new, blob)"
			       " VALUES (?,?,?,?,?,?,?,?)", -1, &h->ins_change, NULL) != SQLITE_OK) {
		db_error(h->db, "history index");
		goto out;
	}
	tz_progress_start(h->progress, TZ_PROGRESS_HISTORY, 0);
	/* the commits first (20 bytes each), then their changes */
	for (;;) {
		TZ_ALLOC_GROW(ids, n + 1, alloc);
		if ((rc = git_revwalk_next(&ids[n], w)) != 0)
			break;
		n++;
	}
	if (rc != GIT_ITEROVER) {
		tz_error_git(_("cannot walk the history"));
		goto out;
	}
	nworkers = tz_parallel_threads(n, WALK_MIN);
	rc = nworkers > 1 ? walk_parallel(h, ids, n, nworkers) : 1;
	if (rc == 1)
		rc = walk_serial(h, ids, n);
	if (rc < 0)
		goto out;
	ret = 0;
out:
	tz_progress_stop(h->progress);
	sqlite3_finalize(h->ins_commit);
	sqlite3_finalize(h->ins_change);
	h->ins_commit = h->ins_change = NULL;
	git_revwalk_free(w);
	free(ids);
	git_tree_free(h->rd.last_tree);
	h->rd.last_tree = NULL;
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 1);
	if (cache_max > 0)
		git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, cache_max);
	return ret;
}

/* The integer that sql (a PRAGMA) returns, or 0. */
static int pragma_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	int v = 0;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* Whether the state says the history is indexed up to tip_hex with these types. */
static int up_to_date(struct tz_history *h, const char *tip_hex)
{
	struct tz_buf v = TZ_BUF_INIT;
	int ok;

	ok = state_get(h->db, "tip", &v) == 0 && !strcmp(tz_buf_cstr(&v), tip_hex) &&
	     state_get(h->db, "types", &v) == 0 && !strcmp(tz_buf_cstr(&v), h->types) &&
	     state_get(h->db, "version", &v) == 0 && !strcmp(tz_buf_cstr(&v), HISTORY_VERSION);
	tz_buf_release(&v);
	return ok;
}

static int refresh(struct tz_history *h, const git_oid *tip)
{
	struct tz_buf v = TZ_BUF_INIT;
	char tip_hex[GIT_OID_HEXSZ + 1] = "";
	git_oid last;
	int have_last = 0, rebuild = 1, ret = -1, cache_size = 0;

	if (tip)
		git_oid_tostr(tip_hex, sizeof(tip_hex), tip);
	if (up_to_date(h, tip_hex))
		return 0;	/* the common case: a read and no lock */
	if (exec(h->db, "BEGIN IMMEDIATE") < 0)
		return -1;
	if (up_to_date(h, tip_hex)) {	/* another process did it meanwhile */
		ret = exec(h->db, "COMMIT");
		goto out;
	}
	if (state_get(h->db, "types", &v) == 0 && !strcmp(tz_buf_cstr(&v), h->types) &&
	    state_get(h->db, "tip", &v) == 0 && v.len && git_oid_fromstr(&last, v.ptr) == 0)
		have_last = 1;
	if (have_last && tip && git_oid_equal(&last, tip))
		rebuild = 0;
	else if (have_last && tip && git_graph_descendant_of(h->repo->git, tip, &last) == 1)
		rebuild = 0;
	h->stats.rebuilt = rebuild;
	/* a rebuild fills the table first and indexes it once, which is faster */
	cache_size = pragma_int(h->db, "PRAGMA cache_size");
	if (exec(h->db, "PRAGMA cache_size = -" HISTORY_DB_CACHE) < 0 ||
	    (rebuild && exec(h->db, "DELETE FROM history_change; DELETE FROM history_commit;"
			     " DROP INDEX IF EXISTS history_change_record") < 0))
		goto fail;
	if (tip && walk(h, tip, rebuild ? NULL : &last) < 0)
		goto fail;
	if (rebuild) {
#ifdef __GLIBC__
		malloc_trim(0);	/* the walk's freed memory, before the sort's */
#endif
		if (exec(h->db, "PRAGMA cache_size = -" HISTORY_SORT_CACHE ";"
			 " CREATE INDEX history_change_record ON history_change(record, seq)") < 0)
			goto fail;
	}
	if (state_set(h->db, "version", HISTORY_VERSION) < 0 || state_set(h->db, "tip", tip_hex) < 0 ||
	    state_set(h->db, "types", h->types) < 0 || exec(h->db, "COMMIT") < 0)
		goto fail;
	ret = 0;
	goto out;
fail:
	sqlite3_exec(h->db, "ROLLBACK", NULL, NULL, NULL);
out:
	if (cache_size) {	/* the readers' cache again */
		char sql[64];
		snprintf(sql, sizeof(sql), "PRAGMA cache_size = %d", cache_size);
		sqlite3_exec(h->db, sql, NULL, NULL, NULL);
	}
	tz_buf_release(&v);
	return ret;
}

int tz_history_open(struct tz_history **out, struct tz_repo *repo, const char *rev,
		    struct tz_history_stats *stats, const struct tz_history_opts *opts)
{
	struct tz_history *h;
	struct tz_buf path = TZ_BUF_INIT;
	git_oid head, tip;
	int has_head, has_tip, rc;

	*out = NULL;
	if (opts && opts->version != TZ_HISTORY_OPTS_VERSION)
		return tz_error_set(_("tz_history_open: options of version %u, not %u"), opts->version,
				    TZ_HISTORY_OPTS_VERSION);
	h = tz_calloc(1, sizeof(*h));
	h->repo = repo;
	h->rd.repo = repo;
	h->progress = opts ? opts->progress : NULL;
	has_head = git_reference_name_to_id(&head, repo->git, "HEAD") == 0;
	if (rev) {
		git_commit *c;
		if (tz_rev_commit(&c, repo->git, rev))
			goto fail;
		git_oid_cpy(&tip, git_commit_id(c));
		git_commit_free(c);
		has_tip = 1;
	} else {
		if (!has_head && git_repository_head_unborn(repo->git) != 1) {
			tz_error_git(_("cannot read HEAD"));
			goto fail;
		}
		tip = head;
		has_tip = has_head;
	}
	load_schema(h);
	h->rd.schema = h->schema;

	/* HEAD's history lives in the index file; another revision's in memory */
	rc = -1;
	if (!rev || (has_head && git_oid_equal(&head, &tip))) {
		if (tz_db_path(&path, repo) == 0) {
			rc = open_db(&h->db, path.ptr);
			if (rc == 0 && refresh(h, has_tip ? &tip : NULL) < 0) {
				sqlite3_close(h->db);
				h->db = NULL;
				rc = -1;
			}
		}
	}
	if (rc < 0) {
		memset(&h->stats, 0, sizeof(h->stats));
		h->stats.in_memory = 1;
		if (open_db(&h->db, NULL) < 0 || refresh(h, has_tip ? &tip : NULL) < 0)
			goto fail;
	}
	if (stats)
		*stats = h->stats;
	tz_buf_release(&path);
	*out = h;
	return 0;
fail:
	tz_buf_release(&path);
	tz_history_free(h);
	return -1;
}

void tz_history_free(struct tz_history *h)
{
	if (!h)
		return;
	sqlite3_close(h->db);
	reader_release(&h->rd);
	tz_schema_free(h->schema);
	free(h->types);
	free(h);
}

sqlite3 *tz_history_db(const struct tz_history *h)
{
	return h->db;
}

const struct tz_schema *tz_history_schema(const struct tz_history *h)
{
	return h->schema;
}

/* ---- reading ---- */

/* Whether field is q's field, or one of its fields when q's is a part or a
 * part entry: the C twin of the SQL condition in tz_history_changes. */
static int field_matches(const struct tz_history_query *q, const char *field)
{
	size_t n;

	if (!q->with_path && !strcmp(field, TZ_FDIFF_PATH))
		return 0;
	if (!q->field)
		return 1;
	n = strlen(q->field);
	return !strncmp(field, q->field, n) && (!field[n] || field[n] == '.');
}

/*
 * The rows of a creation stored as one "(path)" row: the record's path and
 * every field it was created with, read from its blob (hex) and compared
 * with nothing, as the walk did before HISTORY_VERSION 3. Calls fn for each
 * that q wants, with row's other columns. Returns as tz_history_changes.
 */
static int expand_created(struct tz_history *h, const struct tz_history_query *q, const char *hex,
			  struct tz_history_row *row, tz_history_fn fn, void *payload)
{
	struct tz_change c;
	struct tz_record *r = NULL;
	struct tz_fdiff d = TZ_FDIFF_INIT;
	int ret = 0;

	memset(&c, 0, sizeof(c));
	c.new_path = (char *)row->new_value;
	c.new_mode = GIT_FILEMODE_BLOB;
	if (!c.new_path || git_oid_fromstr(&c.new_oid, hex) < 0)
		return tz_error_set(_("history index: a damaged row for %s (tz index --rebuild mends it)"),
				    row->record);
	if (tz_change_parse(&r, h->repo, &c, 1) < 0)
		return -1;
	tz_fdiff_files(&d, NULL, NULL, c.new_path, r);
	for (size_t i = 0; ret == 0 && i < d.n; i++) {
		if (!field_matches(q, d.v[i].field))
			continue;
		row->field = d.v[i].field;
		row->old_value = d.v[i].old_value;
		row->new_value = d.v[i].new_value;
		ret = fn(row, payload);
	}
	tz_fdiff_release(&d);
	tz_record_free(r);
	return ret;
}

int tz_history_changes(struct tz_history *h, const struct tz_history_query *q,
		       tz_history_fn fn, void *payload)
{
	struct tz_buf sql = TZ_BUF_INIT;
	sqlite3_stmt *st = NULL;
	int rc, ret = -1;

	tz_buf_puts(&sql, "SELECT c.id, c.author_name, c.author_email, c.author_time, c.author_tz,"
			  " h.type, h.record, h.field, h.old, h.new, h.blob"
			  " FROM history_change h JOIN history_commit c ON c.seq = h.seq WHERE 1");
	if (q->type)
		tz_buf_puts(&sql, " AND h.type = ?1");
	if (q->record)
		tz_buf_puts(&sql, " AND h.record = ?2");
	if (q->field)
		tz_buf_puts(&sql, " AND (h.field = ?3 OR substr(h.field, 1, length(?3) + 1) = ?3 || '.'"
				  " OR h.blob IS NOT NULL)");
	if (q->author)
		tz_buf_puts(&sql, " AND instr(c.author_name || ' <' || c.author_email || '>', ?4) > 0");
	if (q->since)
		tz_buf_puts(&sql, " AND date(c.author_time + 60 * c.author_tz, 'unixepoch') >= ?5");
	if (q->until)
		tz_buf_puts(&sql, " AND date(c.author_time + 60 * c.author_tz, 'unixepoch') <= ?6");
	if (!q->with_path)
		tz_buf_puts(&sql, " AND (h.field != '" TZ_FDIFF_PATH "' OR h.blob IS NOT NULL)");
	tz_buf_puts(&sql, " ORDER BY h.seq DESC, h.ord");
	if (sqlite3_prepare_v2(h->db, sql.ptr, -1, &st, NULL) != SQLITE_OK) {
		db_error(h->db, "history index");
		goto out;
	}
	if (q->type)
		sqlite3_bind_text(st, 1, q->type, -1, SQLITE_STATIC);
	if (q->record)
		sqlite3_bind_text(st, 2, q->record, -1, SQLITE_STATIC);
	if (q->field)
		sqlite3_bind_text(st, 3, q->field, -1, SQLITE_STATIC);
	if (q->author)
		sqlite3_bind_text(st, 4, q->author, -1, SQLITE_STATIC);
	if (q->since)
		sqlite3_bind_text(st, 5, q->since, -1, SQLITE_STATIC);
	if (q->until)
		sqlite3_bind_text(st, 6, q->until, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct tz_history_row row;
		row.commit = (const char *)sqlite3_column_text(st, 0);
		row.author_name = (const char *)sqlite3_column_text(st, 1);
		row.author_email = (const char *)sqlite3_column_text(st, 2);
		row.time = sqlite3_column_int64(st, 3);
		row.tz = sqlite3_column_int(st, 4);
		row.type = (const char *)sqlite3_column_text(st, 5);
		row.record = (const char *)sqlite3_column_text(st, 6);
		row.field = (const char *)sqlite3_column_text(st, 7);
		row.old_value = (const char *)sqlite3_column_text(st, 8);
		row.new_value = (const char *)sqlite3_column_text(st, 9);
		if (sqlite3_column_type(st, 10) != SQLITE_NULL)
			rc = expand_created(h, q, (const char *)sqlite3_column_text(st, 10), &row, fn, payload);
		else
			rc = fn(&row, payload);
		if (rc != 0) {
			ret = rc;
			goto out;
		}
	}
	if (rc != SQLITE_DONE) {
		db_error(h->db, "history index");
		goto out;
	}
	ret = 0;
out:
	sqlite3_finalize(st);
	tz_buf_release(&sql);
	return ret;
}

void tz_history_date(char *out, long long time, int tz)
{
	time_t t = (time_t)(time + 60LL * tz);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 17, "%Y-%m-%d %H:%M", &tm);
}

int tz_history_drop(struct tz_repo *repo)
{
	struct tz_buf path = TZ_BUF_INIT;
	struct stat st;
	sqlite3 *db = NULL;
	int ret = -1;

	if (tz_db_path(&path, repo) < 0 || stat(path.ptr, &st) < 0) {
		ret = 0;	/* no index file: nothing to drop */
		goto out;
	}
	if (open_db(&db, path.ptr) < 0)
		goto out;
	if (exec(db, "BEGIN IMMEDIATE") < 0 || exec(db, drop_sql) < 0 || exec(db, "COMMIT") < 0)
		goto out;
	ret = 0;
out:
	sqlite3_close(db);
	tz_buf_release(&path);
	return ret;
}
