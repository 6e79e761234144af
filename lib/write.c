/* write.c - the write path's machinery: record locks, the check of the one
 * record through the index, atomic replacement, and ID allocation with
 * O_EXCL creation. Locks live in $GIT_DIR/taizhang/locks, one per record
 * path, so that the working tree only ever holds records. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "durable.h"
#include "error.h"
#include "i18n.h"
#include "idtemplate.h"
#include "lookup.h"
#include "nextid.h"
#include "place.h"
#include "tempfile.h"
#include "write.h"

void tz_writer_init(struct tz_writer *w, struct tz_repo *repo, struct tz_index *ix)
{
	memset(w, 0, sizeof(*w));
	w->repo = repo;
	w->ix = ix;
	w->schema = tz_index_schema(ix);
	tz_lookup_resolve_source(&w->resolve, ix);
	tz_lookup_check_source(&w->lookup, ix);
}

int tz_writer_find(struct tz_writer *w, const char *id, const struct tz_type **type,
		   struct tz_buf *path, struct tz_buf *why)
{
	struct tz_buf paths = TZ_BUF_INIT, types = TZ_BUF_INIT;
	int n = tz_lookup_files(w->ix, id, &paths, &types), ret = -1;

	if (n < 0)
		goto out;
	if (n == 0) {
		tz_buf_printf(why, _("no record \"%s\""), id);
		ret = 1;
		goto out;
	}
	if (n > 1) {
		const char *p = paths.ptr;
		struct tz_buf list = TZ_BUF_INIT;
		for (int i = 0; i < n; i++, p += strlen(p) + 1)
			tz_buf_printf(&list, "%s%s", i ? " " : "", p);
		/* TRANSLATORS: the last %s lists the files, separated by spaces */
		tz_buf_printf(why, _("%d records have the ID \"%s\": %s"), n, id, list.ptr);
		tz_buf_release(&list);
		ret = 1;
		goto out;
	}
	*type = *types.ptr ? tz_schema_type(w->schema, types.ptr) : tz_place_type(w->schema, paths.ptr);
	if (!*type) {
		tz_buf_printf(why, _("%s is not a record of a known type"), paths.ptr);
		ret = 1;
		goto out;
	}
	tz_buf_puts(path, paths.ptr);
	ret = 0;
out:
	tz_buf_release(&paths);
	tz_buf_release(&types);
	return ret;
}

/* HEAD's version of the record at path into out: the file at path, else
 * (a record moved since HEAD) the file of its type and ID elsewhere in
 * HEAD, as tz validate pairs them. 0, 1 when there is none, -1. */
static int read_head(struct tz_writer *w, const char *path, struct tz_buf *out)
{
	struct tz_buf id = TZ_BUF_INIT, why = TZ_BUF_INIT, was = TZ_BUF_INIT;
	struct tz_source head;
	struct tz_type *t;
	git_oid oid;
	int rc;

	if (tz_source_open(&head, w->repo, "HEAD") < 0)
		return 1;	/* no commit yet */
	rc = head.empty ? 1 : tz_source_read_path(&head, path, TZ_RECORD_MAX_SIZE, out);
	if (rc == 1 && !head.empty && tz_place_record(w->schema, path, &t, &id, &why) == 0) {
		rc = tz_place_find(&was, &oid, &head, t, id.ptr, path);
		rc = rc > 0 ? tz_source_read_path(&head, was.ptr, TZ_RECORD_MAX_SIZE, out) : rc == 0 ? 1 : -1;
	}
	tz_source_release(&head);
	tz_buf_release(&id);
	tz_buf_release(&why);
	tz_buf_release(&was);
	return rc;
}

int tz_writer_check(struct tz_writer *w, const char *path, const char *data, size_t len,
		    struct tz_diag_list *diags)
{
	struct tz_buf old = TZ_BUF_INIT;
	int rc = read_head(w, path, &old), ret;

	if (rc < 0) {
		tz_buf_release(&old);
		return -1;
	}
	ret = tz_check_record(w->schema, path, data, len, rc == 0 ? (old.ptr ? old.ptr : "") : NULL,
			      old.len, &w->lookup, diags);
	tz_buf_release(&old);
	return ret;
}

struct lock {
	struct tz_buf path;
	int slot;
	int held;
};

static void sleep_ms(unsigned ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

/* Whether the lock file at path names a process that is gone. */
static int stale(const char *path)
{
	char buf[32];
	int fd = open(path, O_RDONLY | O_NOFOLLOW), n;
	long pid;

	if (fd < 0)
		return 0;
	n = (int)read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	pid = strtol(buf, NULL, 10);
	return pid > 0 && kill((pid_t)pid, 0) < 0 && errno == ESRCH;
}

/* Take the lock of record path: $GIT_DIR/taizhang/locks/PATH.lock with the
 * slashes of PATH as '+', created with O_EXCL and holding our PID. */
static int lock_take(struct tz_writer *w, const char *path, struct lock *l)
{
	unsigned waited = 0, timeout = w->lock_timeout_ms ? w->lock_timeout_ms : 10000, pause = 1;
	char pid[32];

	tz_buf_printf(&l->path, "%staizhang", w->repo->gitdir);
	mkdir(l->path.ptr, 0777);
	tz_buf_puts(&l->path, "/locks");
	if (mkdir(l->path.ptr, 0777) < 0 && errno != EEXIST)
		return tz_error_set(_("cannot make %s: %s"), l->path.ptr, strerror(errno));
	tz_buf_putc(&l->path, '/');
	for (const char *p = path; *p; p++)
		tz_buf_putc(&l->path, *p == '/' ? '+' : *p);
	tz_buf_puts(&l->path, ".lock");
	snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
	for (;;) {
		int fd = open(l->path.ptr, O_WRONLY | O_CREAT | O_EXCL, 0666);
		if (fd >= 0) {
			l->slot = tz_tempfile_register(l->path.ptr);
			l->held = 1;
			/* the PID only helps to find a stale lock */
			ssize_t wr = write(fd, pid, strlen(pid));
			(void)wr;
			close(fd);
			return 0;
		}
		if (errno != EEXIST)
			return tz_error_set(_("cannot lock %s: %s"), path, strerror(errno));
		if (stale(l->path.ptr)) {
			unlink(l->path.ptr);
			continue;
		}
		if (waited >= timeout)
			return tz_error_set(_("%s is locked by another process (%s); if none runs, remove the lock"),
					    path, l->path.ptr);
		sleep_ms(pause);
		waited += pause;
		pause = pause < 32 ? pause * 2 : 32;
	}
}

static void lock_release(struct lock *l)
{
	if (l->held) {
		unlink(l->path.ptr);
		tz_tempfile_forget(l->slot);
		l->held = 0;
	}
	tz_buf_release(&l->path);
}

/* Read the working tree file at path (repository-relative), refusing a
 * symbolic link or anything not a regular file. 0, 1 refused (why), -1. */
static int read_file(struct tz_writer *w, const char *path, struct tz_buf *abs, struct tz_buf *out,
		     struct tz_buf *why)
{
	struct stat st;
	FILE *fp;
	char chunk[65536];
	size_t n;

	tz_buf_printf(abs, "%s%s", w->repo->workdir, path);
	if (lstat(abs->ptr, &st) < 0)
		return tz_error_set(_("cannot read %s: %s"), path, strerror(errno));
	if (S_ISLNK(st.st_mode)) {
		tz_buf_printf(why, _("%s is a symbolic link: tz never writes through one"), path);
		return 1;
	}
	if (!S_ISREG(st.st_mode)) {
		tz_buf_printf(why, _("%s is not a regular file"), path);
		return 1;
	}
	if (st.st_size > TZ_RECORD_MAX_SIZE) {
		tz_buf_printf(why, _("%s is larger than 1 MiB"), path);
		return 1;
	}
	fp = fopen(abs->ptr, "rb");
	if (!fp)
		return tz_error_set(_("cannot read %s: %s"), path, strerror(errno));
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		tz_buf_put(out, chunk, n);
	if (ferror(fp)) {
		fclose(fp);
		return tz_error_set(_("cannot read %s: %s"), path, strerror(errno));
	}
	fclose(fp);
	return 0;
}

int tz_writer_update(struct tz_writer *w, const struct tz_type *t, const char *path,
		     tz_write_fn fn, void *payload, struct tz_diag_list *diags, struct tz_buf *why)
{
	struct tz_diag_list ignored = TZ_DIAG_LIST_INIT;
	struct tz_buf abs = TZ_BUF_INIT, data = TZ_BUF_INIT, out = TZ_BUF_INIT;
	struct lock l = { TZ_BUF_INIT, -1, 0 };
	struct tz_record *r = NULL;
	struct tz_edit *e = NULL;
	int ret = -1, rc;

	(void)t;
	if (!w->repo->workdir) {
		tz_error_set(_("a bare repository has no working tree to write in"));
		goto out;
	}
	if (lock_take(w, path, &l) < 0)
		goto out;
	rc = read_file(w, path, &abs, &data, why);
	if (rc) {
		ret = rc < 0 ? -1 : TZ_WRITE_REFUSED;
		goto out;
	}
	r = tz_record_parse(path, data.ptr ? data.ptr : "", data.len, &ignored);
	if (!r || !r->nsections) {
		tz_buf_printf(why, _("%s cannot be read as a record; mend it by hand first"), path);
		ret = TZ_WRITE_REFUSED;
		goto out;
	}
	e = tz_edit_new(data.ptr ? data.ptr : "", data.len);
	rc = fn(payload, e, r, why);
	if (rc) {
		ret = rc < 0 ? -1 : TZ_WRITE_REFUSED;
		goto out;
	}
	tz_edit_write(e, &out);
	if (tz_writer_check(w, path, out.ptr ? out.ptr : "", out.len, diags) < 0)
		goto out;
	if (diags->errors) {
		ret = TZ_WRITE_INVALID;
		goto out;
	}
	if (out.len != data.len || memcmp(out.ptr ? out.ptr : "", data.ptr ? data.ptr : "", out.len)) {
		if (tz_durable_write(abs.ptr, out.ptr ? out.ptr : "", out.len, 0) < 0)
			goto out;
	}
	ret = TZ_WRITE_DONE;
out:
	lock_release(&l);
	tz_edit_free(e);
	tz_record_free(r);
	tz_diag_list_release(&ignored);
	tz_buf_release(&abs);
	tz_buf_release(&data);
	tz_buf_release(&out);
	return ret;
}

/* The shard (tz_place_shard) for a new record: that of the record with ID
 * `prev`, else YEAR when records/DIR/YEAR is a folder, else none. */
static void new_shard(struct tz_writer *w, const struct tz_type *t, const char *prev, int year,
		      struct tz_buf *out)
{
	struct tz_buf paths = TZ_BUF_INIT, types = TZ_BUF_INIT, p = TZ_BUF_INIT;
	struct stat st;
	int n = prev ? tz_lookup_files(w->ix, prev, &paths, &types) : 0;

	if (n == 1 && !strcmp(types.ptr, t->name) && tz_place_type(w->schema, paths.ptr) == t) {
		tz_place_shard(out, t, paths.ptr);
		goto out;
	}
	tz_buf_puts(&p, w->repo->workdir);
	tz_place_dir(&p, t);
	tz_buf_printf(&p, "/%04d", year);
	if (lstat(p.ptr, &st) == 0 && S_ISDIR(st.st_mode))
		tz_buf_printf(out, "%04d", year);
out:
	tz_buf_release(&paths);
	tz_buf_release(&types);
	tz_buf_release(&p);
}

/* mkdir -p the folders of file path below its first `from` bytes. */
static void make_folders(const char *path, size_t from)
{
	char *p = tz_strdup(path);

	for (char *s = p + from; (s = strchr(s, '/')); s++) {
		*s = '\0';
		mkdir(p, 0777);
		*s = '/';
	}
	free(p);
}

int tz_writer_create(struct tz_writer *w, const struct tz_type *t, int year, tz_create_fn fn,
		     void *payload, struct tz_buf *id_out, struct tz_buf *path_out,
		     struct tz_diag_list *diags, struct tz_buf *why)
{
	struct tz_buf pre = TZ_BUF_INIT, suf = TZ_BUF_INIT, id = TZ_BUF_INIT, prev = TZ_BUF_INIT;
	struct tz_buf shard = TZ_BUF_INIT, path = TZ_BUF_INIT, abs = TZ_BUF_INIT, data = TZ_BUF_INIT;
	unsigned long max = 0;
	int width, ret = -1, rc;

	if (!w->repo->workdir) {
		tz_error_set(_("a bare repository has no working tree to write in"));
		goto out;
	}
	if (!t->next_id || tz_id_template_split(t->next_id, year, &pre, &suf, &width) < 0) {
		tz_buf_printf(why, _("type %s declares no next_id: name the ID's file by hand"), t->name);
		ret = TZ_WRITE_REFUSED;
		goto out;
	}
	if (tz_lookup_max_seq(w->ix, t, tz_buf_cstr(&pre), tz_buf_cstr(&suf), width, &max) < 0 ||
	    tz_nextid_scan_refs(&max, w->repo, t, tz_buf_cstr(&pre), tz_buf_cstr(&suf)) < 0)
		goto out;
	if (max)
		tz_id_template_format(&prev, t->next_id, year, max);
	new_shard(w, t, max ? prev.ptr : NULL, year, &shard);
	for (unsigned tries = 0;; tries++) {
		tz_buf_clear(&id);
		tz_id_template_format(&id, t->next_id, year, ++max);
		tz_buf_clear(&path);
		tz_place_path(&path, t, shard.ptr, id.ptr);
		tz_buf_clear(&data);
		rc = fn(payload, id.ptr, &data, why);
		if (rc) {
			ret = rc < 0 ? -1 : TZ_WRITE_REFUSED;
			goto out;
		}
		/* another record of the type with this ID elsewhere in the tree */
		rc = tz_lookup_exists(w->ix, t, id.ptr);
		if (rc < 0)
			goto out;
		if (rc > 0)
			continue;
		tz_diag_list_release(diags);
		if (tz_writer_check(w, path.ptr, data.ptr ? data.ptr : "", data.len, diags) < 0)
			goto out;
		if (diags->errors) {
			ret = TZ_WRITE_INVALID;
			goto out;
		}
		tz_buf_clear(&abs);
		tz_buf_printf(&abs, "%s%s", w->repo->workdir, path.ptr);
		make_folders(abs.ptr, strlen(w->repo->workdir));
		rc = tz_durable_write(abs.ptr, data.ptr ? data.ptr : "", data.len, TZ_DURABLE_NEW);
		if (rc < 0)
			goto out;
		if (rc == 0)
			break;
		if (tries > 1000) {
			tz_error_set(_("no free ID after %u tries"), tries);
			goto out;
		}
	}
	tz_buf_puts(id_out, id.ptr);
	tz_buf_puts(path_out, path.ptr);
	ret = TZ_WRITE_DONE;
out:
	tz_buf_release(&pre);
	tz_buf_release(&suf);
	tz_buf_release(&id);
	tz_buf_release(&prev);
	tz_buf_release(&shard);
	tz_buf_release(&path);
	tz_buf_release(&abs);
	tz_buf_release(&data);
	return ret;
}
