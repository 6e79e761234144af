/* gitx.c - git plumbing shared by the commands: copying new objects to
 * disk, trees from changes, and the index a commit leaves. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "buf.h"
#include "error.h"
#include "gitx.h"
#include "i18n.h"

int tz_gitx_copy_object(git_odb *disk, git_odb *odb, git_repository *repo, const git_oid *id)
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
			if (tz_gitx_copy_object(disk, odb, repo, git_tree_entry_id(e)) < 0) {
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
		rc = tz_gitx_copy_object(disk, odb, repo, git_commit_tree_id(c));
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

void tz_gitx_stamp(struct tz_gitx_stamp *out, const char *path)
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

int tz_gitx_stamp_same(const struct tz_gitx_stamp *a, const struct tz_gitx_stamp *b)
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

/* libgit2 writes an index only to its own path, hence the copy of .git/index. */
int tz_gitx_index_copy(git_index **out, const char *gitdir, const char *tmp, struct tz_gitx_stamp *stamp)
{
	struct tz_buf index = TZ_BUF_INIT;
	int ret = -1;

	*out = NULL;
	tz_buf_printf(&index, "%sindex", gitdir);
	tz_gitx_stamp(stamp, index.ptr);
	unlink(tmp);
	if (copy_file(index.ptr, tmp) < 0)
		goto out;
	if (git_index_open(out, tmp) < 0) {
		tz_error_git(_("cannot read the index"));
		goto out;
	}
	ret = 0;
out:
	tz_buf_release(&index);
	return ret;
}

int tz_gitx_index_finish(git_index *idx, const char *tmp, const struct tz_changes *ch,
			 const struct tz_gitx_stamp *stamp, git_repository *repo)
{
	git_oid root;

	if (stamp->exists && smudge_racy_entries(idx, &stamp->mtime) < 0)
		return -1;
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
		if (c->st) {	/* else stat data 0: git compares the file by content */
			e.file_size = (uint32_t)c->st->st_size;
			e.ctime.seconds = (int32_t)c->st->st_ctim.tv_sec;
			e.ctime.nanoseconds = (uint32_t)c->st->st_ctim.tv_nsec;
			e.mtime.seconds = (int32_t)c->st->st_mtim.tv_sec;
			e.mtime.nanoseconds = (uint32_t)c->st->st_mtim.tv_nsec;
			e.dev = (uint32_t)c->st->st_dev;
			e.ino = (uint32_t)c->st->st_ino;
			e.uid = (uint32_t)c->st->st_uid;
			e.gid = (uint32_t)c->st->st_gid;
		}
		if (git_index_add(idx, &e) < 0)
			return tz_error_git(_("cannot update the index"));
	}
	/* the cache-tree made whole again, as git commit leaves it: the
	 * folders changed are hashed into repo's object database (tz commit's
	 * in memory), the others kept; git status and the next commit read
	 * whether the index holds HEAD's tree from it */
	if (git_index_write_tree_to(&root, idx, repo) < 0)
		return tz_error_git(_("cannot update the index"));
	if (git_index_write(idx) < 0)
		return tz_error_git(_("cannot write the index"));
	/* libgit2 does not sync an index it writes */
	return sync_file(tmp);
}

int tz_gitx_index_prepare(const char *gitdir, const char *tmp, const struct tz_changes *ch,
			  struct tz_gitx_stamp *stamp, git_repository *repo)
{
	git_index *idx = NULL;
	int ret = tz_gitx_index_copy(&idx, gitdir, tmp, stamp);

	if (ret == 0)
		ret = tz_gitx_index_finish(idx, tmp, ch, stamp, repo);
	git_index_free(idx);
	return ret;
}

int tz_gitx_tree_apply(git_oid *out, git_repository *repo, git_tree *base, const struct tz_changes *ch)
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
		if (git_treebuilder_new(&tb, repo, NULL) < 0 || git_treebuilder_write(&eid, tb) < 0 ||
		    git_tree_lookup(&empty, repo, &eid) < 0) {
			tz_error_git(_("cannot make a tree"));
			goto out;
		}
		git_treebuilder_free(tb);
		base = empty;
	}
	/* removals first, so that a file may become a folder */
	if (git_tree_create_updated(out, repo, base, nrm, rm) < 0 ||
	    git_tree_lookup(&mid, repo, out) < 0 ||
	    git_tree_create_updated(out, repo, mid, nup, up) < 0) {
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
