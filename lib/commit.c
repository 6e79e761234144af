/* commit.c - tz commit's engine. Objects are built in an in-memory object
 * database (libgit2's mempack) so that an invalid tree writes nothing; a
 * valid one is copied to the repository's objects and the new index is
 * made beside the old one; only then is .git/index.lock taken (lock.h), the
 * branch moved (compare-and-swap) and the index renamed into place, so a
 * process killed at any point leaves a consistent repository. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <git2/sys/mempack.h>
#include "check.h"
#include "durable.h"
#include "commit.h"
#include "error.h"
#include "fdiff.h"
#include "i18n.h"
#include "ident.h"
#include "load.h"
#include "lock.h"
#include "strmap.h"
#include "tempfile.h"
#include "text.h"

#define SUMMARY_WIDTH 72

/* ---- the message ---- */

/*
 * The words of a generated message, in the repository's language (schema/
 * repository.ini), not the committer's: one history reads in one language,
 * whoever commits and whatever locale they have. They are part of the
 * history, not messages to the user, so they are kept here, not in po/.
 */
struct words {
	int labels;		/* name fields and enum values by their labels */
	const char *more;	/* " (+%zu more)" */
	const char *nchanges;	/* "%s: %zu changes" */
	const char *added, *removed;	/* a part entry as a whole: "%s added" */
	const char *field_removed;	/* "%s removed" */
	const char *new_titled, *new_plain;	/* "new %s \"%s\"", "new %s" */
	const char *deleted, *moved, *mode, *layout;
	const char *file_new, *file_changed;	/* a file that is no record */
	const char *records_one, *records_many;	/* "%zu record: ", "%zu records: " */
	const char *count_new, *count_changed, *count_deleted;	/* "%zu new" */
	const char *schema;	/* "schema: " */
	const char *other_one, *other_many;	/* "%zu other file" */
	const char *sep;	/* between pieces */
};

static const struct words english = {
	0, " (+%zu more)", "%s: %zu changes", "%s added", "%s removed", "%s removed",
	"new %s \"%s\"", "new %s", "deleted", "moved to %.*s", "mode %o → %o",
	"comments or layout only", "new", "changed", "%zu record: ", "%zu records: ",
	"%zu new", "%zu changed", "%zu deleted", "schema: ", "%zu other file",
	"%zu other files", ", ",
};

static const struct words chinese = {
	1, "（另 %zu 项）", "%s: %zu 项修改", "新增%s", "删除%s", "清空%s",
	"新建%s \"%s\"", "新建%s", "删除", "移至 %.*s", "权限 %o → %o",
	"仅注释或格式", "新增", "修改", "%zu 条记录: ", "%zu 条记录: ",
	"新建 %zu", "修改 %zu", "删除 %zu", "架构: ", "其他文件 %zu 个",
	"其他文件 %zu 个", "，",
};

static const struct words *words_for(const struct tz_schema *schema)
{
	return schema && schema->language && !strcmp(schema->language, "zh_CN") ? &chinese : &english;
}

/* A field of a change as the message names it: "status", "log.003.action",
 * or with labels "状态", "办理记录 003 动作". Sets *f to its definition when
 * there is one. */
static void field_words(struct tz_buf *out, const struct words *w, const struct tz_type *t,
			const char *field, const struct tz_fdef **f)
{
	*f = tz_fdiff_field(t, field);
	if (w->labels)
		tz_fdiff_label(out, t, field);
	else
		tz_buf_puts(out, field);
}

/* A part entry ("log.003") as the message names it: "log.003", "办理记录 003". */
static void section_words(struct tz_buf *out, const struct words *w, const struct tz_type *t, const char *sec)
{
	const char *dot = strchr(sec, '.');
	char *pname = dot ? tz_strndup(sec, (size_t)(dot - sec)) : NULL;
	const struct tz_partdef *p = t && pname ? tz_type_part(t, pname) : NULL;

	if (w->labels && p && p->label)
		tz_buf_printf(out, "%s %s", p->label, dot + 1);
	else
		tz_buf_puts(out, sec);
	free(pname);
}

/* A value as the message shows it: an enum's label when labels are wanted. */
static void value_words(struct tz_buf *out, const struct words *w, const struct tz_fdef *f,
			const char *value, size_t max)
{
	if (w->labels && f && f->type == TZ_ENUM && value)
		value = tz_fdef_enum_label(f, value);
	tz_fdiff_short(out, value, max);
}

struct item {
	char *id;		/* "ISS-0042", or the path of a file that is no record */
	char **pieces;		/* "status open → resolved" */
	char **names;		/* "status": the piece in a word */
	size_t npieces, alloc;
	struct tz_buf full;	/* "ISS-0042: status open → resolved, ..." */
};

static void add_piece(struct item *it, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void add_piece(struct item *it, const char *name, const char *fmt, ...)
{
	struct tz_buf b = TZ_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	tz_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (it->npieces + 1 > it->alloc) {
		it->alloc = it->alloc ? 2 * it->alloc : 8;
		it->pieces = tz_realloc(it->pieces, it->alloc * sizeof(*it->pieces));
		it->names = tz_realloc(it->names, it->alloc * sizeof(*it->names));
	}
	it->names[it->npieces] = tz_strdup(name);
	it->pieces[it->npieces++] = tz_buf_detach(&b);
}

static void item_release(struct item *it)
{
	for (size_t i = 0; i < it->npieces; i++) {
		free(it->pieces[i]);
		free(it->names[i]);
	}
	free(it->pieces);
	free(it->names);
	free(it->id);
	tz_buf_release(&it->full);
}

/* "ID: " and the first k pieces in full, the others by name, or, with
 * count_rest, only counted: "ID: status a → b (+3 more)". */
static void summary_line(struct tz_buf *out, const struct words *w, const struct item *it,
			 size_t k, int count_rest)
{
	tz_buf_printf(out, "%s: ", it->id);
	for (size_t j = 0; j < it->npieces; j++) {
		if (count_rest && j >= k) {
			tz_buf_printf(out, w->more, it->npieces - k);
			break;
		}
		tz_buf_printf(out, "%s%s", j ? w->sep : "", j < k ? it->pieces[j] : it->names[j]);
	}
}

/* Whether a part entry (section) is in r at all. */
static int has_section(const struct tz_record *r, const char *name)
{
	return r && tz_record_section(r, name) != NULL;
}

/* Describe the field changes of one record as pieces: a part entry added
 * or removed as a whole is one piece. */
static void describe_fields(struct item *it, const struct words *w, const struct tz_type *t,
			    const struct tz_fdiff *d, const struct tz_record *o, const struct tz_record *n)
{
	char *done_section = NULL;

	for (size_t i = 0; i < d->n; i++) {
		const struct tz_fchange *c = &d->v[i];
		const char *dot = strrchr(c->field, '.');
		const struct tz_fdef *f;
		struct tz_buf ov = TZ_BUF_INIT, nv = TZ_BUF_INIT, name = TZ_BUF_INIT;

		if (dot) {
			char *sec = tz_strndup(c->field, (size_t)(dot - c->field));
			int whole_new = !has_section(o, sec), whole_gone = !has_section(n, sec);
			if ((whole_new || whole_gone) && done_section && !strcmp(done_section, sec)) {
				free(sec);
				continue;
			}
			if (whole_new || whole_gone) {
				section_words(&name, w, t, sec);
				add_piece(it, name.ptr, whole_new ? w->added : w->removed, name.ptr);
				tz_buf_release(&name);
				free(done_section);
				done_section = sec;
				continue;
			}
			free(sec);
		}
		field_words(&name, w, t, c->field, &f);
		value_words(&ov, w, f, c->old_value, 24);
		value_words(&nv, w, f, c->new_value, 24);
		if (c->old_value && c->new_value)
			add_piece(it, name.ptr, "%s %s → %s", name.ptr, ov.ptr, nv.ptr);
		else if (c->new_value)
			add_piece(it, name.ptr, "%s %s", name.ptr, nv.ptr);
		else
			add_piece(it, name.ptr, w->field_removed, name.ptr);
		tz_buf_release(&ov);
		tz_buf_release(&nv);
		tz_buf_release(&name);
	}
	free(done_section);
}

static int describe(struct item *it, const struct words *w, struct tz_repo *repo,
		    const struct tz_change *c, int *kind)
{
	struct tz_record *o = NULL, *n = NULL;
	struct tz_fdiff d = TZ_FDIFF_INIT;

	it->id = tz_strdup(c->id ? c->id : c->new_path ? c->new_path : c->old_path);
	*kind = !c->old_path ? 0 : !c->new_path ? 2 : 1;
	if (!c->id) {
		const char *what = *kind == 0 ? w->file_new : *kind == 2 ? w->deleted : w->file_changed;
		add_piece(it, what, "%s", what);
		goto join;
	}
	if (tz_change_parse(&o, repo, c, 0) < 0 || tz_change_parse(&n, repo, c, 1) < 0) {
		tz_record_free(o);
		return -1;
	}
	if (*kind == 0) {
		const char *title = c->type->title ? tz_fdiff_value(n, c->type->title) : NULL;
		struct tz_buf t = TZ_BUF_INIT;
		tz_fdiff_short(&t, title, 30);
		const char *tname = w->labels && c->type->label ? c->type->label : c->type->name;
		if (title)
			add_piece(it, w->file_new, w->new_titled, tname, t.ptr);
		else
			add_piece(it, w->file_new, w->new_plain, tname);
		tz_buf_release(&t);
	} else if (*kind == 2) {
		add_piece(it, w->deleted, "%s", w->deleted);
	} else {
		if (strcmp(c->old_path, c->new_path)) {
			const char *slash = strrchr(c->new_path, '/');
			add_piece(it, "moved", w->moved, (int)(slash ? slash - c->new_path + 1 : 0), c->new_path);
		}
		if (c->old_mode != c->new_mode)
			add_piece(it, "mode", w->mode, (unsigned)c->old_mode, (unsigned)c->new_mode);
		tz_fdiff_records(&d, o, n);
		describe_fields(it, w, c->type, &d, o, n);
		if (!it->npieces)
			add_piece(it, "layout", "%s", w->layout);
	}
join:
	summary_line(&it->full, w, it, it->npieces, 0);
	tz_fdiff_release(&d);
	tz_record_free(o);
	tz_record_free(n);
	return 0;
}

static void count_part(struct tz_buf *b, const struct words *w, size_t n, const char *fmt)
{
	if (!n)
		return;
	if (b->len && b->ptr[b->len - 1] != ' ')
		tz_buf_puts(b, w->sep);
	tz_buf_printf(b, fmt, n);
}

int tz_commit_message(struct tz_buf *out, struct tz_repo *repo, const struct tz_schema *schema,
		      const struct tz_changes *changes)
{
	const struct words *w = words_for(schema);
	struct item *items = tz_calloc(changes->n + 1, sizeof(*items));
	size_t records = 0, counts[3] = { 0, 0, 0 }, schema_files = 0, other = 0;
	int ret = -1;

	for (size_t i = 0; i < changes->n; i++) {
		const struct tz_change *c = &changes->v[i];
		const char *path = c->new_path ? c->new_path : c->old_path;
		int kind;
		if (describe(&items[i], w, repo, c, &kind) < 0)
			goto out;
		if (c->id) {
			records++;
			counts[kind]++;
		} else if (!strncmp(path, "schema/", 7)) {
			schema_files++;
		} else {
			other++;
		}
	}
	if (changes->n == 1) {
		/* the first pieces in full and the rest by name, as many in full
		 * as fit in the summary line; the body has them all */
		struct item *it = &items[0];
		struct tz_buf line = TZ_BUF_INIT;
		size_t k = it->npieces + 1;

		/* values say more than names: rather "status a → b (+3 more)"
		 * than every change by name alone */
		while (k-- > 0) {
			tz_buf_clear(&line);
			summary_line(&line, w, it, k, 0);
			if (tz_utf8_width(line.ptr) <= SUMMARY_WIDTH)
				break;
			if (k > 0) {
				tz_buf_clear(&line);
				summary_line(&line, w, it, k, 1);
				if (tz_utf8_width(line.ptr) <= SUMMARY_WIDTH)
					break;
			}
		}
		if (k == it->npieces)
			tz_buf_printf(out, "%s\n", line.ptr);
		else if (k != (size_t)-1)
			tz_buf_printf(out, "%s\n\n", line.ptr);
		else
		{
			tz_buf_printf(out, w->nchanges, it->id, it->npieces);
			tz_buf_puts(out, "\n\n");
		}
		for (size_t j = 0; k != it->npieces && j < it->npieces; j++)
			tz_buf_printf(out, "%s\n", it->pieces[j]);
		tz_buf_release(&line);
		ret = 0;
		goto out;
	}
	if (records) {
		tz_buf_printf(out, records == 1 ? w->records_one : w->records_many, records);
		count_part(out, w, counts[0], w->count_new);
		count_part(out, w, counts[1], w->count_changed);
		count_part(out, w, counts[2], w->count_deleted);
	}
	if (schema_files) {
		if (records)
			tz_buf_puts(out, "; ");
		tz_buf_puts(out, w->schema);
		for (size_t i = 0, k = 0; i < changes->n; i++) {
			const struct tz_change *c = &changes->v[i];
			const char *path = c->new_path ? c->new_path : c->old_path;
			if (!c->id && !strncmp(path, "schema/", 7))
				tz_buf_printf(out, "%s%s", k++ ? w->sep : "", path + 7);
		}
	}
	if (other) {
		if (records || schema_files)
			tz_buf_puts(out, "; ");
		tz_buf_printf(out, other == 1 ? w->other_one : w->other_many, other);
	}
	tz_buf_puts(out, "\n\n");
	for (size_t i = 0; i < changes->n; i++)
		tz_buf_printf(out, "%s\n", items[i].full.ptr);
	ret = 0;
out:
	for (size_t i = 0; i < changes->n; i++)
		item_release(&items[i]);
	free(items);
	return ret;
}

/* ---- writing ---- */

/* Copy object id (and, for a tree, what it holds) from the repository's
 * object database (where the in-memory one is searched first) to disk,
 * unless disk has it already. Trees and blobs go before what refers to them. */
static int copy_object(git_odb *disk, git_odb *odb, git_repository *repo, const git_oid *id)
{
	git_odb_object *obj = NULL;
	git_oid written;
	int rc = -1;

	if (git_odb_exists(disk, id))
		return 0;
	if (git_odb_read(&obj, odb, id) < 0)
		return tz_error_git(_("cannot read a new object"));
	if (git_odb_object_type(obj) == GIT_OBJECT_TREE) {
		git_tree *t;
		if (git_tree_lookup(&t, repo, id) < 0) {
			tz_error_git(_("cannot read a new tree"));
			goto out;
		}
		for (size_t i = 0; i < git_tree_entrycount(t); i++) {
			const git_tree_entry *e = git_tree_entry_byindex(t, i);
			if (git_tree_entry_filemode(e) == GIT_FILEMODE_COMMIT)
				continue;
			if (copy_object(disk, odb, repo, git_tree_entry_id(e)) < 0) {
				git_tree_free(t);
				goto out;
			}
		}
		git_tree_free(t);
	} else if (git_odb_object_type(obj) == GIT_OBJECT_COMMIT) {
		git_commit *c;
		if (git_commit_lookup(&c, repo, id) < 0) {
			tz_error_git(_("cannot read the new commit"));
			goto out;
		}
		rc = copy_object(disk, odb, repo, git_commit_tree_id(c));
		git_commit_free(c);
		if (rc < 0)
			goto out;
		rc = -1;
	}
	if (git_odb_write(&written, disk, git_odb_object_data(obj), git_odb_object_size(obj),
			  git_odb_object_type(obj)) < 0) {
		tz_error_git(_("cannot write an object"));
		goto out;
	}
	rc = 0;
out:
	git_odb_object_free(obj);
	return rc;
}

static int copy_file(const char *from, const char *to)
{
	char buf[65536];
	int in = open(from, O_RDONLY | O_CLOEXEC), outfd;
	ssize_t n;

	if (in < 0)
		return errno == ENOENT ? 1 : tz_error_set(_("cannot read %s: %s"), from, strerror(errno));
	outfd = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (outfd < 0) {
		close(in);
		return tz_error_set(_("cannot write %s: %s"), to, strerror(errno));
	}
	while ((n = read(in, buf, sizeof(buf))) > 0) {
		if (write(outfd, buf, (size_t)n) != n) {
			close(in);
			close(outfd);
			return tz_error_set(_("cannot write %s: %s"), to, strerror(errno));
		}
	}
	close(in);
	if (close(outfd) < 0 || n < 0)
		return tz_error_set(_("cannot copy %s: %s"), from, strerror(errno));
	return 0;
}

static int sync_file(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc;

	if (fd < 0)
		return tz_error_set(_("cannot open %s: %s"), path, strerror(errno));
	rc = fsync(fd);
	close(fd);
	return rc < 0 ? tz_error_set(_("cannot sync %s: %s"), path, strerror(errno)) : 0;
}

/* What .git/index was when the new one was made from it: changed (or made)
 * by someone else since, the new one must be made again. */
struct index_stamp {
	int exists;
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime, ctime;
};

static void stamp_index(struct index_stamp *out, const char *path)
{
	struct stat st;

	memset(out, 0, sizeof(*out));
	if (stat(path, &st) < 0)
		return;
	out->exists = 1;
	out->dev = st.st_dev;
	out->ino = st.st_ino;
	out->size = st.st_size;
	out->mtime = st.st_mtim;
	out->ctime = st.st_ctim;
}

static int same_stamp(const struct index_stamp *a, const struct index_stamp *b)
{
	return a->exists == b->exists && (!a->exists ||
		(a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
		 a->mtime.tv_sec == b->mtime.tv_sec && a->mtime.tv_nsec == b->mtime.tv_nsec &&
		 a->ctime.tv_sec == b->ctime.tv_sec && a->ctime.tv_nsec == b->ctime.tv_nsec));
}

/*
 * An entry whose file was written in the same clock tick as .git/index is
 * "racily clean": git tells it from a clean one only because its mtime is not
 * older than the index file's, and then compares the content. The index
 * written here is newer than those files, so such entries are smudged (size
 * 0) as git smudges them, and git reads their content again instead of
 * trusting stat data that a same-tick, same-size edit left unchanged.
 * Returns 0, or -1 with the error set.
 */
static int smudge_racy_entries(git_index *idx, const struct timespec *index_mtime)
{
	size_t n = git_index_entrycount(idx);

	for (size_t i = 0; i < n; i++) {
		const git_index_entry *cur = git_index_get_byindex(idx, i);
		git_index_entry e;
		char *path;
		int rc;

		if (!cur || git_index_entry_stage(cur) != 0 || !cur->file_size ||
		    (int64_t)cur->mtime.seconds < (int64_t)index_mtime->tv_sec)
			continue;
		e = *cur;
		path = tz_strdup(cur->path);
		e.path = path;
		e.file_size = 0;
		rc = git_index_add(idx, &e);
		free(path);
		if (rc < 0) {
			tz_error_git(_("cannot update the index"));
			return -1;
		}
	}
	return 0;
}

/*
 * Make the index that the commit leaves, in tmp (GITDIR/index.tz-PID,
 * synced), from .git/index as it is now (its stamp in *stamp): the entries
 * of the committed paths are set to what was committed, nothing else
 * changes. No lock is needed to make it; tz commit checks under the lock
 * that .git/index did not change meanwhile, then renames tmp over it.
 * libgit2 writes an index only to its own path, hence the copy.
 */
static int prepare_index(const char *gitdir, const char *tmp, const struct tz_changes *ch,
			 struct index_stamp *stamp)
{
	struct tz_buf index = TZ_BUF_INIT;
	git_index *idx = NULL;
	int ret = -1;

	tz_buf_printf(&index, "%sindex", gitdir);
	stamp_index(stamp, index.ptr);
	unlink(tmp);
	if (copy_file(index.ptr, tmp) < 0)
		goto out;
	if (git_index_open(&idx, tmp) < 0) {
		tz_error_git(_("cannot read the index"));
		goto out;
	}
	if (stamp->exists && smudge_racy_entries(idx, &stamp->mtime) < 0)
		goto out;
	for (size_t i = 0; i < ch->n; i++) {
		const struct tz_change *c = &ch->v[i];
		git_index_entry e;

		if (c->old_path && (!c->new_path || strcmp(c->old_path, c->new_path))) {
			git_index_conflict_remove(idx, c->old_path);
			git_index_remove(idx, c->old_path, 0);
		}
		if (!c->new_path)
			continue;
		git_index_conflict_remove(idx, c->new_path);
		memset(&e, 0, sizeof(e));
		e.path = c->new_path;
		e.mode = c->new_mode;
		git_oid_cpy(&e.id, &c->new_oid);
		e.file_size = (uint32_t)c->st.st_size;
		e.ctime.seconds = (int32_t)c->st.st_ctim.tv_sec;
		e.ctime.nanoseconds = (uint32_t)c->st.st_ctim.tv_nsec;
		e.mtime.seconds = (int32_t)c->st.st_mtim.tv_sec;
		e.mtime.nanoseconds = (uint32_t)c->st.st_mtim.tv_nsec;
		e.dev = (uint32_t)c->st.st_dev;
		e.ino = (uint32_t)c->st.st_ino;
		e.uid = (uint32_t)c->st.st_uid;
		e.gid = (uint32_t)c->st.st_gid;
		if (git_index_add(idx, &e) < 0) {
			tz_error_git(_("cannot update the index"));
			goto out;
		}
	}
	if (git_index_write(idx) < 0) {
		tz_error_git(_("cannot write the index"));
		goto out;
	}
	/* libgit2 does not sync an index it writes */
	ret = sync_file(tmp);
out:
	git_index_free(idx);
	tz_buf_release(&index);
	return ret;
}

/* ---- one attempt ---- */

enum { ATTEMPT_RETRY = 3 };

struct attempt {
	struct tz_repo *repo;
	const struct tz_commit_opts *opts;
	git_odb *odb, *disk;
	git_signature *author, *committer;
	struct tz_diag_list *diags;
	struct tz_commit_result *out;
	struct tz_lock lock;
	char *tmp_index;	/* GITDIR/index.tz-PID */
	time_t ref_locked_since;	/* when the branch was first found locked */
	int tmp_slot;
};

static int write_blobs(struct attempt *a, struct tz_changes *ch)
{
	for (size_t i = 0; i < ch->n; i++) {
		struct tz_change *c = &ch->v[i];
		if (!c->new_path || !c->new_in_workdir)
			continue;
		if (git_blob_create_from_workdir(&c->new_oid, a->repo->git, c->new_path) < 0)
			return tz_error_git(_("cannot read a file"));
		c->new_in_workdir = 0;	/* read what was stored from now on */
	}
	return 0;
}

static int build_tree(git_oid *out, struct attempt *a, git_tree *base, const struct tz_changes *ch)
{
	git_tree_update *rm = tz_calloc(ch->n + 1, sizeof(*rm)), *up = tz_calloc(ch->n + 1, sizeof(*up));
	git_tree *mid = NULL, *empty = NULL;
	size_t nrm = 0, nup = 0;
	int ret = -1;

	for (size_t i = 0; i < ch->n; i++) {
		const struct tz_change *c = &ch->v[i];
		if (c->old_path && (!c->new_path || strcmp(c->old_path, c->new_path))) {
			rm[nrm].action = GIT_TREE_UPDATE_REMOVE;
			rm[nrm++].path = c->old_path;
		}
		if (c->new_path) {
			up[nup].action = GIT_TREE_UPDATE_UPSERT;
			git_oid_cpy(&up[nup].id, &c->new_oid);
			up[nup].filemode = c->new_mode;
			up[nup++].path = c->new_path;
		}
	}
	if (!base) {
		git_treebuilder *tb;
		git_oid eid;
		if (git_treebuilder_new(&tb, a->repo->git, NULL) < 0 || git_treebuilder_write(&eid, tb) < 0 ||
		    git_tree_lookup(&empty, a->repo->git, &eid) < 0) {
			tz_error_git(_("cannot make a tree"));
			goto out;
		}
		git_treebuilder_free(tb);
		base = empty;
	}
	/* removals first, so that a file may become a folder */
	if (git_tree_create_updated(out, a->repo->git, base, nrm, rm) < 0 ||
	    git_tree_lookup(&mid, a->repo->git, out) < 0 ||
	    git_tree_create_updated(out, a->repo->git, mid, nup, up) < 0) {
		tz_error_git(_("cannot make the new tree"));
		goto out;
	}
	ret = 0;
out:
	git_tree_free(mid);
	git_tree_free(empty);
	free(rm);
	free(up);
	return ret;
}

static int schema_of(struct tz_schema **out, struct tz_repo *repo, const char *rev)
{
	struct tz_diag_list ignored = TZ_DIAG_LIST_INIT;
	struct tz_source src;
	int rc;

	*out = NULL;
	if (tz_source_open(&src, repo, rev) < 0)
		return -1;
	rc = tz_schema_load(out, &src, &ignored, NULL);
	if (rc < 0) {	/* no schema/ (yet): no records either */
		*out = tz_schema_new();
		rc = 0;
	}
	tz_source_release(&src);
	tz_diag_list_release(&ignored);
	return rc;
}

/* Whether refname still points at old (NULL: does not exist yet). */
static int head_is(struct attempt *a, const char *refname, const git_oid *old)
{
	git_oid now;
	int rc = git_reference_name_to_id(&now, a->repo->git, refname);

	return old ? rc == 0 && git_oid_equal(&now, old) : rc == GIT_ENOTFOUND;
}

static int attempt(struct attempt *a)
{
	struct tz_changes ch = TZ_CHANGES_INIT;
	struct tz_diag_list found = TZ_DIAG_LIST_INIT;
	struct tz_buf msg = TZ_BUF_INIT, logmsg = TZ_BUF_INIT;
	struct tz_schema *schema = NULL;
	struct tz_check_stats stats;
	struct tz_check_opts copts;
	git_reference *head = NULL, *ref = NULL;
	git_commit *parent = NULL;
	git_tree *old_tree = NULL, *new_tree = NULL;
	git_oid old_id, tree_id, commit_id;
	char refname_buf[1024], tree_hex[GIT_OID_HEXSZ + 1], old_hex[GIT_OID_HEXSZ + 1];
	const char *refname;
	struct tz_buf notice = TZ_BUF_INIT, index_path = TZ_BUF_INIT, ref_lock = TZ_BUF_INIT;
	unsigned timeout_ms = a->opts->lock_timeout_ms ? a->opts->lock_timeout_ms : 10000;
	struct index_stamp stamp, now_stamp;
	int unborn = 0, ret = -1, rc;

	/* where HEAD points now: the commit the new one goes on */
	if (git_reference_lookup(&head, a->repo->git, "HEAD") < 0) {
		tz_error_git(_("cannot read HEAD"));
		goto out;
	}
	if (git_reference_type(head) == GIT_REFERENCE_SYMBOLIC) {
		snprintf(refname_buf, sizeof(refname_buf), "%s", git_reference_symbolic_target(head));
		rc = git_reference_name_to_id(&old_id, a->repo->git, refname_buf);
		if (rc == GIT_ENOTFOUND)
			unborn = 1;
		else if (rc < 0) {
			tz_error_git(_("cannot read HEAD"));
			goto out;
		}
	} else {
		snprintf(refname_buf, sizeof(refname_buf), "HEAD");
		git_oid_cpy(&old_id, git_reference_target(head));
	}
	refname = refname_buf;
	if (!unborn && (git_commit_lookup(&parent, a->repo->git, &old_id) < 0 ||
			git_commit_tree(&old_tree, parent) < 0)) {
		tz_error_git(_("cannot read the HEAD commit"));
		goto out;
	}

	/* the changes, their blobs and the new tree, all in memory */
	if (tz_changes_workdir(&ch, a->repo->git, old_tree, a->opts->paths, a->opts->npaths) < 0)
		goto out;
	if (!ch.n) {
		ret = TZ_COMMIT_NOTHING;
		goto out;
	}
	if (write_blobs(a, &ch) < 0 || build_tree(&tree_id, a, old_tree, &ch) < 0)
		goto out;
	if (old_tree && git_oid_equal(&tree_id, git_tree_id(old_tree))) {
		ret = TZ_COMMIT_NOTHING;
		goto out;
	}

	/*
	 * Validate the very tree that would be committed, its new blobs in
	 * memory: the working tree is scanned once, above, and what changes
	 * there from now on is simply not part of this commit. Records whose
	 * blob the validation cache knows are not parsed again, so the cost
	 * follows the change; HEAD moving meanwhile is caught below.
	 */
	git_oid_tostr(tree_hex, sizeof(tree_hex), &tree_id);
	git_oid_tostr(old_hex, sizeof(old_hex), &old_id);
	memset(&copts, 0, sizeof(copts));
	copts.rev = tree_hex;
	copts.base_rev = unborn ? NULL : old_hex;
	copts.no_cache = a->opts->no_cache;
	copts.cache_read_only = 1;	/* nothing is written before the lock */
	if (tz_check(a->repo, &copts, &found, &stats) < 0)
		goto out;
	if (found.errors) {
		tz_diag_move(a->diags, &found);
		ret = TZ_COMMIT_INVALID;
		goto out;
	}

	/* the message and the commit */
	if (schema_of(&schema, a->repo, tree_hex) < 0)
		goto out;
	tz_changes_place(&ch, schema);
	if (a->opts->message) {
		git_buf pretty = GIT_BUF_INIT;
		if (git_message_prettify(&pretty, a->opts->message, 0, '#') < 0) {
			tz_error_git(_("bad message"));
			goto out;
		}
		tz_buf_puts(&msg, pretty.ptr);
		git_buf_dispose(&pretty);
		if (!msg.len) {
			tz_error_set(_("empty commit message"));
			goto out;
		}
	} else if (tz_commit_message(&msg, a->repo, schema, &ch) < 0) {
		goto out;
	}
	if (git_tree_lookup(&new_tree, a->repo->git, &tree_id) < 0 ||
	    git_commit_create(&commit_id, a->repo->git, NULL, a->author, a->committer, NULL, msg.ptr,
			      new_tree, parent ? 1 : 0, (const git_commit **)&parent) < 0) {
		tz_error_git(_("cannot make the commit"));
		goto out;
	}

	/*
	 * On disk: objects first, then the branch, then the index. The objects
	 * and the new index are written before .git/index.lock is taken, so
	 * the lock is held only to check that HEAD and .git/index did not
	 * move, to move the branch (compare-and-swap) and to rename the index
	 * into place. Objects of a commit that then loses the race are
	 * unreachable, and git gc removes them.
	 */
	if (!head_is(a, refname, unborn ? NULL : &old_id)) {
		ret = ATTEMPT_RETRY;	/* lost the race already: write nothing */
		goto out;
	}
	if (copy_object(a->disk, a->odb, a->repo->git, &commit_id) < 0)
		goto out;
	if (a->tmp_slot < 0)
		a->tmp_slot = tz_tempfile_register(a->tmp_index);
	if (prepare_index(a->repo->gitdir, a->tmp_index, &ch, &stamp) < 0)
		goto out;
	if (tz_lock_index(&a->lock, a->repo->gitdir, timeout_ms, &notice) < 0)
		goto out;
	if (notice.len) {
		free(a->out->notice);
		a->out->notice = tz_buf_detach(&notice);
	}
	if (!head_is(a, refname, unborn ? NULL : &old_id)) {
		ret = ATTEMPT_RETRY;
		goto out;
	}
	tz_buf_printf(&index_path, "%sindex", a->repo->gitdir);
	stamp_index(&now_stamp, index_path.ptr);
	if (!same_stamp(&stamp, &now_stamp) && prepare_index(a->repo->gitdir, a->tmp_index, &ch, &stamp) < 0)
		goto out;	/* someone changed the index meanwhile: made again, under the lock */
	tz_buf_printf(&logmsg, "commit%s: %.*s", unborn ? " (initial)" : "",
		      (int)strcspn(msg.ptr, "\n"), msg.ptr);
	tz_buf_clear(&ref_lock);
	tz_buf_printf(&ref_lock, "%s%s.lock", git_repository_commondir(a->repo->git), refname);
	tz_lock_note_ref(&a->lock, ref_lock.ptr);
	if (unborn)
		rc = git_reference_create(&ref, a->repo->git, refname, &commit_id, 0, logmsg.ptr);
	else
		rc = git_reference_create_matching(&ref, a->repo->git, refname, &commit_id, 1, &old_id, logmsg.ptr);
	if (rc == GIT_ELOCKED) {	/* someone is moving it: wait, within limits */
		if (!a->ref_locked_since)
			a->ref_locked_since = time(NULL);
		if (time(NULL) - a->ref_locked_since > (time_t)(timeout_ms / 1000)) {
			struct tz_buf q = TZ_BUF_INIT;
			tz_quote(&q, ref_lock.ptr);
			tz_error_set(_("cannot lock the branch: %s exists; another git process seems to be "
				       "running in this repository. If none is (a git command was killed), "
				       "remove the file: rm '%s'"), q.ptr, ref_lock.ptr);
			tz_buf_release(&q);
			goto out;
		}
		ret = ATTEMPT_RETRY;
		goto out;
	}
	if (rc == GIT_EMODIFIED || rc == GIT_EEXISTS) {
		ret = ATTEMPT_RETRY;	/* someone else committed first */
		goto out;
	}
	if (rc < 0) {
		tz_error_git(_("cannot update HEAD"));
		goto out;
	}
	if (tz_durable_rename(a->tmp_index, index_path.ptr) < 0)
		a->out->index_error = tz_strdup(tz_error_last());
	tz_lock_release(&a->lock);

	git_oid_cpy(&a->out->id, &commit_id);
	a->out->branch = strncmp(refname, "refs/heads/", 11) ? NULL : tz_strdup(refname + 11);
	a->out->root = unborn;
	a->out->summary = tz_strndup(msg.ptr, strcspn(msg.ptr, "\n"));
	a->out->files = ch.n;
	for (size_t i = 0; i < ch.n; i++)
		a->out->records += ch.v[i].id != NULL;
	tz_diag_move(a->diags, &found);	/* the warnings */
	ret = TZ_COMMIT_DONE;
out:
	tz_lock_release(&a->lock);
	unlink(a->tmp_index);
	tz_buf_release(&notice);
	tz_buf_release(&index_path);
	tz_buf_release(&ref_lock);
	git_reference_free(head);
	git_reference_free(ref);
	git_commit_free(parent);
	git_tree_free(old_tree);
	git_tree_free(new_tree);
	tz_schema_free(schema);
	tz_changes_release(&ch);
	tz_diag_list_release(&found);
	tz_buf_release(&msg);
	tz_buf_release(&logmsg);
	return ret;
}

int tz_commit(struct tz_commit_result *out, struct tz_repo *repo,
	      const struct tz_commit_opts *opts, struct tz_diag_list *diags)
{
	static const char *const dirs[] = { "records", "schema" };
	struct attempt a;
	struct tz_buf objects = TZ_BUF_INIT, tmp = TZ_BUF_INIT;
	git_odb_backend *mem = NULL;
	int ret = -1;

	memset(out, 0, sizeof(*out));
	memset(&a, 0, sizeof(a));
	a.lock = (struct tz_lock)TZ_LOCK_INIT;
	a.tmp_slot = -1;
	if (!repo->workdir)
		return tz_error_set(_("this is a bare repository: there is no working tree to commit"));
	for (size_t i = 0; i < opts->npaths; i++)
		if (!*opts->paths[i] || !tz_path_matches(opts->paths[i], dirs, 2) ||
		    strstr(opts->paths[i], "..") || opts->paths[i][0] == '/')
			return tz_error_set(_("%s: tz commit commits only files below records/ and schema/"),
					    *opts->paths[i] ? opts->paths[i] : ".");
	a.repo = repo;
	a.opts = opts;
	a.diags = diags;
	a.out = out;
	if (tz_ident_signatures(&a.author, &a.committer, repo->git, opts->author) < 0)
		goto out;
	{
		struct tz_buf notice = TZ_BUF_INIT;
		if (tz_lock_clear_stale(&a.lock, repo->gitdir, &notice))
			out->notice = tz_buf_detach(&notice);
		tz_buf_release(&notice);
	}
	tz_buf_printf(&tmp, "%sindex.tz-%ld", repo->gitdir, (long)getpid());
	a.tmp_index = tmp.ptr;
	tz_buf_printf(&objects, "%sobjects", git_repository_commondir(repo->git));
	if (git_odb_open(&a.disk, objects.ptr) < 0 || git_repository_odb(&a.odb, repo->git) < 0 ||
	    git_mempack_new(&mem) < 0 || git_odb_add_backend(a.odb, mem, 999) < 0) {
		tz_error_git(_("cannot open the object database"));
		goto out;
	}
	srand((unsigned)getpid() ^ (unsigned)time(NULL));
	for (out->tries = 1;; out->tries++) {
		ret = attempt(&a);
		git_mempack_reset(mem);
		if (ret != ATTEMPT_RETRY)
			break;
		if (out->tries >= 100) {
			ret = tz_error_set(_("HEAD kept moving: gave up after %u tries"), out->tries);
			break;
		}
		usleep(1000u * (1u + (unsigned)rand() % 10u * out->tries));
	}
out:
	git_signature_free(a.author);
	git_signature_free(a.committer);
	git_odb_free(a.disk);
	git_odb_free(a.odb);
	tz_lock_free(&a.lock);
	tz_tempfile_forget(a.tmp_slot);
	tz_buf_release(&objects);
	tz_buf_release(&tmp);
	return ret;
}

void tz_commit_result_release(struct tz_commit_result *r)
{
	free(r->branch);
	free(r->summary);
	free(r->index_error);
	free(r->notice);
	memset(r, 0, sizeof(*r));
}
