/* index_fresh.c - bringing the index up to date with the files: walk
 * records/ with stat data, meet each file's tz_files row, read and parse (on
 * worker threads) only what changed, take a moved file for the record it
 * was, and remember a walk that found nothing changed. */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include "db.h"
#include "error.h"
#include "i18n.h"
#include "index_int.h"
#include "parallel.h"
#include "place.h"
#include "strmap.h"
#include "text.h"

#define SKIP_EXAMPLES 3

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
		r->walk_hash = tz_fnv1a(r->walk_hash, e->path, strlen(e->path) + 1);
		r->walk_hash = tz_fnv1a(r->walk_hash, &nf->mtime, 4 * sizeof(nf->mtime));
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
		return tz_ix_fail(ix, rc, N_("cannot be read"));
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
	return rc == SQLITE_DONE ? 0 : tz_ix_fail(ix, rc, N_("cannot be read"));
}

static void bind_nullable_text(sqlite3_stmt *st, int col, const char *s)
{
	if (s)
		sqlite3_bind_text(st, col, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, col);
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
	sqlite3_stmt *st = tz_ix_use(ix, old ? &ix->file_upd : &ix->file_ins);

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
	if (tz_ix_run(ix, st) < 0)
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
	if (!(st = tz_ix_use(ix, &ix->file_ren)))
		return -1;
	sqlite3_bind_text(st, 1, nf->path, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, id, -1, SQLITE_STATIC);
	bind_stat(ix, st, 3, nf);
	sqlite3_bind_int64(st, 7, o->fid);
	if (tz_ix_run(ix, st) < 0)
		return -1;
	if (tz_ix_rows_rename(ix, type, o->fid, id) < 0)
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
	char *id, *skip, *error;	/* skip: why not indexed, in the language of the run */
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
	struct tz_dirfd dir;	/* the folder of the file read last */
};

static void preparer_release(struct preparer *w)
{
	tz_buf_release(&w->data);
	tz_buf_release(&w->id);
	tz_buf_release(&w->why);
	tz_buf_release(&w->msg);
	tz_diag_list_release(&w->diags);
	tz_dirfd_release(&w->dir);
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
		p->skip = tz_strdup(_("symbolic link (never followed)"));
		return;
	}
	if (nf->kind != TZ_ENTRY_FILE) {
		p->skip = tz_strdup(_("not a regular file"));
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
	rc = tz_source_read_in(src->src, &e, TZ_RECORD_MAX_SIZE, &w->data, &w->dir);
	if (rc < 0) {
		p->failed = 1;
		p->error = tz_strdup(tz_error_last());
		return;
	}
	p->hashed = 1;
	if (rc > 0) {
		p->skip = tz_strdup(_("file is larger than 1 MiB"));
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
		p->skip = tz_strdup(w->diags.n ? w->diags.v[0].msg : _("cannot be read"));
	} else if (!p->rec->nsections) {
		tz_buf_printf(&w->msg, _("no [%s] section"), t->name);
		p->skip = tz_buf_detach(&w->msg);
	} else if (strcmp(p->rec->sections[0].name, t->name)) {
		struct tz_buf q = TZ_BUF_INIT;
		tz_text_quote(&q, p->rec->sections[0].name);
		tz_buf_printf(&w->msg, _("first section is \"[%s]\", expected \"[%s]\""), q.ptr, t->name);
		tz_buf_release(&q);
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
		sqlite3_stmt *st = tz_ix_use(ix, &ix->file_stat);
		if (!st)
			return -1;
		bind_stat(ix, st, 1, nf);
		sqlite3_bind_int64(st, 5, old->fid);
		return tz_ix_run(ix, st);
	}
	if (!old && !p->skip) {
		rc = take_moved(ix, r, nf, p->type, &p->oid, p->id);
		if (rc != 0)
			return rc < 0 ? -1 : 0;
	}
	ix->stats.parsed += p->hashed;
	ix->stats.skipped += p->skip != NULL;
	if (old && tz_ix_rows_delete(ix, old->type, old->fid) < 0)
		return -1;
	if (write_file(ix, nf, old, p->skip ? NULL : &ix->schema->types[p->type], p->skip ? NULL : p->id,
		       p->skip || !p->hashed ? NULL : &p->oid, p->skip, &fid) < 0)
		return -1;
	return p->skip ? 0 : tz_ix_rows_insert(ix, &ix->plans[p->type], fid, p->id, p->rec);
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
	w.dir = (struct tz_dirfd)TZ_DIRFD_INIT;
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
	tz_progress_start(ix->progress, TZ_PROGRESS_INDEX, pl.njobs);
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
		w.dir = (struct tz_dirfd)TZ_DIRFD_INIT;
		for (size_t j = 0; j < pl.njobs && !ret; j++) {
			struct new_file *nf = &r->new[pl.jobs[j]];
			struct prepared *p = &pl.slots[j % WINDOW];

			if (j && (j & 1023) == 0)	/* start drew 0 */
				tz_progress_update(ix->progress, j);
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
	tz_progress_update(ix->progress, pl.njobs);
	tz_progress_stop(ix->progress);
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
	struct tz_buf v = TZ_BUF_INIT;
	char want[64];
	int same = 0;
	unsigned long long h;

	if (ix->rebuilding || !r->walk_trusted)
		return 0;
	if (tz_db_meta_get(ix->db, "tz_meta", "walk", &v) == 0) {
		snprintf(want, sizeof(want), "%016llx ", (unsigned long long)r->walk_hash);
		same = !strncmp(tz_buf_cstr(&v), want, strlen(want)) &&
		       sscanf(tz_buf_cstr(&v), "%llx %zu", &h, skipped) == 2;
	}
	tz_buf_release(&v);
	return same;
}

static int remember_walk(struct tz_index *ix, const struct refresh *r)
{
	char v[64];

	snprintf(v, sizeof(v), "%016llx %zu", (unsigned long long)r->walk_hash, ix->stats.skipped);
	if (tz_db_meta_set(ix->db, "tz_meta", "walk", r->walk_trusted ? v : NULL) < 0) {
		ix->rc = sqlite3_errcode(ix->db);
		return -1;
	}
	return 0;
}

int tz_ix_fresh_files(struct tz_index *ix)
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
		if (tz_ix_rows_delete(ix, r.old[i].type, r.old[i].fid) < 0 || tz_ix_run_fid(ix, &ix->file_del, r.old[i].fid) < 0)
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
int tz_ix_fresh_describe_skipped(struct tz_index *ix)
{
	struct tz_buf list = TZ_BUF_INIT;
	sqlite3_stmt *st;
	size_t n = 0;
	int rc;

	tz_buf_clear(&ix->skipped);
	if (!ix->stats.skipped)
		return 0;
	rc = sqlite3_prepare_v2(ix->db, "SELECT path, skip FROM tz_files WHERE skip IS NOT NULL ORDER BY path LIMIT ?",
				-1, &st, NULL);
	if (rc != SQLITE_OK)
		return tz_ix_fail(ix, rc, N_("cannot be read"));
	sqlite3_bind_int(st, 1, SKIP_EXAMPLES);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n++)
			tz_buf_puts(&list, "; ");
		tz_quote(&list, (const char *)sqlite3_column_text(st, 0));
		tz_buf_puts(&list, ": ");
		tz_quote_unsafe(&list, (const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		tz_buf_release(&list);
		return tz_ix_fail(ix, rc, N_("cannot be read"));
	}
	if (ix->stats.skipped > n)
		tz_buf_puts(&list, "; …");
	/* TRANSLATORS: %s lists the files and why, "records/x.ini: symbolic link (never followed)" */
	tz_buf_printf(&ix->skipped, NG_("%zu file below records/ is not indexed (see tz validate): %s",
					"%zu files below records/ are not indexed (see tz validate): %s", ix->stats.skipped),
		      ix->stats.skipped, list.ptr);
	tz_buf_release(&list);
	return 0;
}
