/* repo.c - repository access: libgit2 for everything git, plain POSIX calls
 * (openat, O_NOFOLLOW) for the working tree so that symbolic links are seen
 * and never followed. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "buf.h"
#include "error.h"
#include "i18n.h"
#include "repo.h"
#include "rev.h"
#include "scan.h"

void tz_repo_libgit2_init(void)
{
	static int initialised;

	if (initialised)
		return;
	git_libgit2_init();
	/* objects, refs and libgit2's own lock files are fsync'd before they
	 * are renamed into place, so a crash never leaves a ref to a lost object */
	git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, 1);
	initialised = 1;
}

/* Whether path exists and is a folder (is_dir) or a regular file. */
static int has(const char *path, int is_dir, struct stat *st)
{
	return lstat(path, st) == 0 && (is_dir ? S_ISDIR(st->st_mode) : S_ISREG(st->st_mode));
}

/*
 * Find, without libgit2, the working tree at or above abs whose .git is a
 * plain folder of this user's, with no core.worktree nor core.bare in its
 * config: where git_repository_discover would stop, and the only layout
 * trusted here. Sets *root ("/a/b", no slash at the end) and returns 1;
 * returns 0 on any other layout (a .git file, a bare repository, a
 * filesystem boundary, GIT_CEILING_DIRECTORIES set), which libgit2 decides.
 */
static int find_plain(char **root, const char *abs)
{
	struct tz_buf dir = TZ_BUF_INIT, p = TZ_BUF_INIT;
	struct stat st;
	dev_t dev = 0;
	int found = 0;

	*root = NULL;
	if (getenv("GIT_CEILING_DIRECTORIES") || abs[0] != '/')
		return 0;
	tz_buf_puts(&dir, abs);
	for (;;) {
		char *slash;

		if (lstat(dir.len ? dir.ptr : "/", &st) < 0 || (dev && st.st_dev != dev))
			break;
		dev = st.st_dev;
		tz_buf_clear(&p);
		tz_buf_printf(&p, "%s/.git", dir.ptr);
		if (lstat(p.ptr, &st) == 0) {
			found = S_ISDIR(st.st_mode) && st.st_uid == geteuid() &&
				lstat(dir.len ? dir.ptr : "/", &st) == 0 && st.st_uid == geteuid();
			break;
		}
		tz_buf_clear(&p);
		tz_buf_printf(&p, "%s/HEAD", dir.ptr);
		if (has(p.ptr, 0, &st))
			break;	/* perhaps a bare repository */
		if (!dir.len)
			break;
		slash = strrchr(dir.ptr, '/');
		dir.len = (size_t)(slash - dir.ptr);
		dir.ptr[dir.len] = '\0';
	}
	if (found) {
		struct tz_buf cfg = TZ_BUF_INIT;
		FILE *f;
		char line[512];

		tz_buf_clear(&p);
		tz_buf_printf(&p, "%s/.git/HEAD", dir.ptr);
		found = has(p.ptr, 0, &st);
		tz_buf_clear(&p);
		tz_buf_printf(&p, "%s/.git/objects", dir.ptr);
		found = found && has(p.ptr, 1, &st);
		tz_buf_clear(&p);
		tz_buf_printf(&p, "%s/.git/config", dir.ptr);
		f = found ? fopen(p.ptr, "r") : NULL;
		while (f && found && fgets(line, sizeof(line), f)) {
			char *k = line;
			while (*k == ' ' || *k == '\t')
				k++;
			/* core.worktree, core.bare, or a line too long to tell */
			if (!strncasecmp(k, "worktree", 8) || !strchr(line, '\n') ||
			    (!strncasecmp(k, "bare", 4) && !strstr(k, "false")))
				found = 0;
		}
		if (f)
			fclose(f);
		tz_buf_release(&cfg);
	}
	if (found)
		*root = tz_buf_detach(&dir);
	tz_buf_release(&dir);
	tz_buf_release(&p);
	return found;
}

static void set_prefix(struct tz_repo *r, char *abs)
{
	size_t n = strlen(r->workdir);

	r->prefix = tz_strdup("");
	abs = tz_realloc(abs, strlen(abs) + 2);	/* room for the "/" */
	strcat(abs, "/");
	if (!strncmp(abs, r->workdir, n)) {
		free(r->prefix);
		r->prefix = tz_strdup(abs + n);
	}
	free(abs);
}

int tz_repo_find(struct tz_repo **out, const char *dir)
{
	struct tz_repo *r;
	char *abs = NULL, *plain = NULL;
	const char *wd;
	int rc;

	*out = NULL;
	abs = realpath(dir ? dir : ".", NULL);
	if (!abs)
		return tz_error_set(_("cannot use directory %s: %s"), dir ? dir : ".", strerror(errno));
	if (find_plain(&plain, abs)) {
		r = tz_calloc(1, sizeof(*r));
		r->workdir = tz_malloc(strlen(plain) + 2);
		sprintf(r->workdir, "%s/", plain);
		r->gitdir = tz_malloc(strlen(plain) + 7);
		sprintf(r->gitdir, "%s/.git/", plain);
		free(plain);
		set_prefix(r, abs);
		*out = r;
		return 0;
	}
	tz_repo_libgit2_init();
	r = tz_calloc(1, sizeof(*r));
	/* opened from abs, not from the git folder discovered: a .git file
	 * (git init --separate-git-dir) keeps its working tree that way */
	rc = git_repository_open_ext(&r->git, abs, 0, getenv("GIT_CEILING_DIRECTORIES"));
	if (rc < 0) {
		if (rc == GIT_ENOTFOUND)
			tz_error_set(_("not a git repository (or any parent up to /): %s"), dir ? dir : ".");
		else
			tz_error_git(_("cannot open repository"));
		free(abs);
		free(r);
		return -1;
	}
	r->gitdir = tz_strdup(git_repository_path(r->git));
	wd = git_repository_workdir(r->git);
	if (wd) {
		r->workdir = tz_strdup(wd);
		set_prefix(r, abs);
	} else {
		r->prefix = tz_strdup("");
		free(abs);
	}
	*out = r;
	return 0;
}

git_repository *tz_repo_git(struct tz_repo *r)
{
	if (r->git)
		return r->git;
	tz_repo_libgit2_init();
	if (git_repository_open_ext(&r->git, r->gitdir, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) < 0) {
		tz_error_git(_("cannot open repository"));
		r->git = NULL;
		return NULL;
	}
	if (!git_repository_workdir(r->git) || strcmp(git_repository_workdir(r->git), r->workdir)) {
		/* changed between the two looks: not the repository found */
		tz_error_set(_("cannot open repository"));
		git_repository_free(r->git);
		r->git = NULL;
	}
	return r->git;
}

int tz_repo_open(struct tz_repo **out, const char *dir)
{
	if (tz_repo_find(out, dir) < 0)
		return -1;
	if (!tz_repo_git(*out)) {
		tz_repo_free(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

int tz_repo_head_unborn(struct tz_repo *r)
{
	git_repository *git = tz_repo_git(r);
	int rc;

	if (!git)
		return -1;
	rc = git_repository_head_unborn(git);
	return rc < 0 ? tz_error_git(_("cannot read HEAD")) : rc;
}

void tz_repo_free(struct tz_repo *r)
{
	if (!r)
		return;
	git_repository_free(r->git);
	free(r->workdir);
	free(r->prefix);
	free(r->gitdir);
	free(r);
}

int tz_source_open(struct tz_source *out, struct tz_repo *r, const char *rev)
{
	memset(out, 0, sizeof(*out));
	out->repo = r;
	if (!rev) {
		if (!r->workdir)
			return tz_error_set(_("this is a bare repository: name a revision with --rev"));
		return 0;
	}
	if (!tz_repo_git(r))
		return -1;
	return tz_rev_tree(&out->tree, &out->commit, r->git, rev) ? -1 : 0;
}

int tz_source_open_base(struct tz_source *out, const struct tz_source *src)
{
	memset(out, 0, sizeof(*out));
	out->repo = src->repo;
	out->empty = 1;
	if (!src->tree) {
		git_reference *head = NULL;
		int rc;
		if (!tz_repo_git(src->repo))
			return -1;
		rc = git_repository_head(&head, src->repo->git);
		if (rc == GIT_EUNBORNBRANCH || rc == GIT_ENOTFOUND)
			return 0;
		if (rc < 0)
			return tz_error_git(_("cannot read HEAD"));
		rc = git_reference_peel((git_object **)&out->commit, head, GIT_OBJECT_COMMIT);
		git_reference_free(head);
		if (rc < 0)
			return tz_error_git(_("cannot read HEAD"));
	} else if (src->commit) {
		if (git_commit_parentcount(src->commit) == 0)
			return 0;
		if (git_commit_parent(&out->commit, src->commit, 0) < 0)
			return tz_error_git(_("cannot read the parent commit"));
	} else {
		return 0;
	}
	if (git_commit_tree(&out->tree, out->commit) < 0)
		return tz_error_git(_("cannot read a commit's tree"));
	out->empty = 0;
	return 0;
}

void tz_source_release(struct tz_source *src)
{
	git_tree_free(src->tree);
	git_commit_free(src->commit);
	memset(src, 0, sizeof(*src));
}

/* The callback of a walk: fn, or sfn when the caller wants lstat data. */
struct walker {
	tz_walk_fn fn;
	tz_walk_stat_fn sfn;
	void *payload;
};

static int call(const struct walker *w, const struct tz_entry *e, const struct stat *st)
{
	return w->sfn ? w->sfn(e, st, w->payload) : w->fn(e, w->payload);
}

/* A working tree file found by tz_scan, handed to the walk's callback. */
static int scanned(const char *path, const char *name, const struct stat *st, void *payload)
{
	struct tz_entry e = { 0 };

	e.path = path;
	e.name = name;
	e.kind = S_ISLNK(st->st_mode) ? TZ_ENTRY_SYMLINK : S_ISREG(st->st_mode) ? TZ_ENTRY_FILE : TZ_ENTRY_OTHER;
	e.size = (size_t)st->st_size;
	return call(payload, &e, st);
}

struct tree_walk {
	struct tz_buf path;
	const struct walker *cb;
	int ret;
};

static int walk_tree(git_repository *repo, const git_tree *tree, struct tree_walk *w)
{
	size_t base = w->path.len, n = git_tree_entrycount(tree);

	for (size_t i = 0; i < n && !w->ret; i++) {
		const git_tree_entry *te = git_tree_entry_byindex(tree, i);
		const char *name = git_tree_entry_name(te);
		git_filemode_t mode = git_tree_entry_filemode(te);
		struct tz_entry e = { 0 };

		if (name[0] == '.')
			continue;
		w->path.len = base;
		tz_buf_printf(&w->path, "/%s", name);
		if (mode == GIT_FILEMODE_TREE) {
			git_tree *sub;
			if (git_tree_lookup(&sub, repo, git_tree_entry_id(te)) < 0) {
				w->ret = tz_error_git(_("cannot read a tree"));
				break;
			}
			walk_tree(repo, sub, w);
			git_tree_free(sub);
			continue;
		}
		e.path = w->path.ptr;
		e.name = name;
		e.kind = mode == GIT_FILEMODE_LINK ? TZ_ENTRY_SYMLINK :
			 (mode == GIT_FILEMODE_BLOB || mode == GIT_FILEMODE_BLOB_EXECUTABLE) ? TZ_ENTRY_FILE : TZ_ENTRY_OTHER;
		git_oid_cpy(&e.oid, git_tree_entry_id(te));
		e.has_oid = 1;
		w->ret = call(w->cb, &e, NULL);
	}
	w->path.len = base;
	w->path.ptr[base] = '\0';
	return w->ret;
}

static int walk(struct tz_source *src, const char *dir, const struct walker *cb)
{
	if (src->empty)
		return 0;
	if (!src->tree) {
		struct tz_buf full = TZ_BUF_INIT;
		struct stat st;
		int fd, ret;

		tz_buf_printf(&full, "%s%s", src->repo->workdir, dir);
		if (lstat(full.ptr, &st) == 0 && S_ISLNK(st.st_mode)) {
			/* the folder itself is a link: report it, never follow it */
			struct tz_entry e = { dir, dir, TZ_ENTRY_SYMLINK, 0, { { 0 } }, 0 };
			tz_buf_release(&full);
			return call(cb, &e, &st);
		}
		if (lstat(full.ptr, &st) < 0 || !S_ISDIR(st.st_mode)) {
			tz_buf_release(&full);
			return 0;
		}
		fd = open(full.ptr, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
		if (fd < 0) {
			ret = tz_error_set(_("cannot open %s: %s"), dir, strerror(errno));
			tz_buf_release(&full);
			return ret;
		}
		tz_buf_release(&full);
		return tz_scan(fd, dir, 0, scanned, (void *)cb);
	}
	{
		git_tree_entry *te = NULL;
		git_tree *sub = NULL;
		struct tree_walk w = { TZ_BUF_INIT, cb, 0 };

		if (git_tree_entry_bypath(&te, src->tree, dir) < 0)
			return 0;
		if (git_tree_entry_filemode(te) == GIT_FILEMODE_LINK) {
			struct tz_entry e = { dir, dir, TZ_ENTRY_SYMLINK, 0, { { 0 } }, 1 };
			int ret;
			git_oid_cpy(&e.oid, git_tree_entry_id(te));
			git_tree_entry_free(te);
			ret = call(cb, &e, NULL);
			return ret;
		}
		if (git_tree_entry_type(te) != GIT_OBJECT_TREE) {
			git_tree_entry_free(te);
			return 0;
		}
		if (git_tree_lookup(&sub, src->repo->git, git_tree_entry_id(te)) < 0) {
			git_tree_entry_free(te);
			return tz_error_git(_("cannot read a tree"));
		}
		git_tree_entry_free(te);
		tz_buf_puts(&w.path, dir);
		walk_tree(src->repo->git, sub, &w);
		git_tree_free(sub);
		tz_buf_release(&w.path);
		return w.ret;
	}
}

int tz_source_walk(struct tz_source *src, const char *dir, tz_walk_fn fn, void *payload)
{
	struct walker cb = { fn, NULL, payload };
	return walk(src, dir, &cb);
}

int tz_source_walk_stat(struct tz_source *src, const char *dir, tz_walk_stat_fn fn, void *payload)
{
	struct walker cb = { NULL, fn, payload };
	return walk(src, dir, &cb);
}

static int read_blob(git_repository *repo, const git_oid *oid, size_t limit, struct tz_buf *out)
{
	git_blob *blob;
	size_t size;

	if (git_blob_lookup(&blob, repo, oid) < 0)
		return tz_error_git(_("cannot read a blob"));
	size = (size_t)git_blob_rawsize(blob);
	tz_buf_clear(out);
	if (size > limit) {
		git_blob_free(blob);
		out->len = size;
		return 1;
	}
	tz_buf_put(out, git_blob_rawcontent(blob), size);
	git_blob_free(blob);
	return 0;
}

/*
 * Read the file open as fd (closed here): as git reads a file to hash it,
 * the st_size bytes its fstat says, and to its end only when that says 0
 * (a file that grows meanwhile is read as it was when statted).
 */
static int read_fd(int fd, const char *path, size_t limit, struct tz_buf *out)
{
	struct stat st;
	size_t got = 0, want;

	tz_buf_clear(out);
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return tz_error_set(_("cannot read %s: not a regular file"), path);
	}
	if ((size_t)st.st_size > limit) {
		close(fd);
		out->len = (size_t)st.st_size;
		return 1;
	}
	want = (size_t)st.st_size;
	tz_buf_grow(out, want ? want : 4096);
	while (!want || got < want) {
		ssize_t n = read(fd, out->ptr + got, out->alloc - 1 - got);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			close(fd);
			return tz_error_set(_("cannot read %s: %s"), path, strerror(errno));
		}
		if (n == 0)
			break;
		got += (size_t)n;
		if (got > limit) {
			close(fd);
			out->len = got;
			return 1;
		}
		if (got == out->alloc - 1) {
			out->len = got;
			tz_buf_grow(out, 4096);
		}
	}
	close(fd);
	out->len = got;
	out->ptr[got] = '\0';
	return 0;
}

static int open_failed(const char *path)
{
	if (errno == ENOENT || errno == ENOTDIR)
		return 1;
	return tz_error_set(_("cannot open %s: %s"), path, strerror(errno));
}

int tz_source_read(struct tz_source *src, const struct tz_entry *e, size_t limit, struct tz_buf *out)
{
	return tz_source_read_in(src, e, limit, out, NULL);
}

int tz_source_read_in(struct tz_source *src, const struct tz_entry *e, size_t limit, struct tz_buf *out,
		      struct tz_dirfd *dir)
{
	const char *slash;
	int fd;

	if (e->has_oid)
		return tz_repo_git(src->repo) ? read_blob(src->repo->git, &e->oid, limit, out) : -1;
	slash = strrchr(e->path, '/');
	if (dir && slash) {
		/* the folder kept open from the last file, as the next file
		 * is most often its neighbour: one name looked up, not all */
		size_t n = (size_t)(slash - e->path);
		if (dir->fd < 0 || dir->len != n || memcmp(dir->path.ptr, e->path, n)) {
			struct tz_buf full = TZ_BUF_INIT;
			if (dir->fd >= 0)
				close(dir->fd);
			dir->len = 0;
			tz_buf_clear(&dir->path);
			tz_buf_printf(&full, "%s%.*s", src->repo->workdir, (int)n, e->path);
			/* no link is followed on the way: every folder of a
			 * record's path was met by the walk as a folder */
			dir->fd = open(full.ptr, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
			tz_buf_release(&full);
			if (dir->fd < 0)
				return open_failed(e->path);
			tz_buf_put(&dir->path, e->path, n);
			dir->len = n;
		}
		fd = openat(dir->fd, slash + 1, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	} else {
		struct tz_buf full = TZ_BUF_INIT;
		tz_buf_printf(&full, "%s%s", src->repo->workdir, e->path);
		fd = open(full.ptr, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
		tz_buf_release(&full);
	}
	if (fd < 0)
		return open_failed(e->path);
	return read_fd(fd, e->path, limit, out);
}

void tz_dirfd_release(struct tz_dirfd *dir)
{
	if (dir->fd >= 0)
		close(dir->fd);
	dir->fd = -1;
	dir->len = 0;
	tz_buf_release(&dir->path);
}

int tz_source_read_path(struct tz_source *src, const char *path, size_t limit, struct tz_buf *out)
{
	if (src->empty)
		return 1;
	if (src->tree) {
		git_tree_entry *te;
		int rc;
		if (git_tree_entry_bypath(&te, src->tree, path) < 0)
			return 1;
		rc = git_tree_entry_type(te) == GIT_OBJECT_BLOB ?
			read_blob(src->repo->git, git_tree_entry_id(te), limit, out) : 1;
		git_tree_entry_free(te);
		return rc;
	}
	{
		struct tz_entry e = { path, NULL, TZ_ENTRY_FILE, 0, { { 0 } }, 0 };
		return tz_source_read_in(src, &e, limit, out, NULL);
	}
}

int tz_source_is_dir(struct tz_source *src, const char *path)
{
	if (src->empty)
		return 0;
	if (src->tree) {
		git_tree_entry *te;
		int is;
		if (git_tree_entry_bypath(&te, src->tree, path) < 0)
			return 0;
		is = git_tree_entry_type(te) == GIT_OBJECT_TREE;
		git_tree_entry_free(te);
		return is;
	}
	{
		struct tz_buf full = TZ_BUF_INIT;
		struct stat st;
		int is;
		tz_buf_printf(&full, "%s%s", src->repo->workdir, path);
		is = lstat(full.ptr, &st) == 0 && S_ISDIR(st.st_mode);
		tz_buf_release(&full);
		return is;
	}
}

int tz_repo_pathspec(const struct tz_repo *r, const char *arg, struct tz_buf *out)
{
	struct tz_buf joined = TZ_BUF_INIT;
	const char *p;
	char *real = NULL;

	tz_buf_clear(out);
	if (arg[0] == '/') {
		const char *root = r->workdir ? r->workdir : "";
		size_t n = strlen(root);
		real = realpath(arg, NULL);
		p = real ? real : arg;
		if (!r->workdir || strncmp(p, root, n - 1) || (p[n - 1] && p[n - 1] != '/')) {
			int ret = tz_error_set(_("%s is outside the repository"), arg);
			free(real);
			return ret;
		}
		tz_buf_puts(&joined, p[n - 1] ? p + n : "");
	} else {
		tz_buf_printf(&joined, "%s%s", r->prefix, arg);
	}
	/* resolve . and .. component by component */
	p = tz_buf_cstr(&joined);
	while (*p) {
		const char *slash = strchr(p, '/');
		size_t n = slash ? (size_t)(slash - p) : strlen(p);

		if (n == 0 || (n == 1 && p[0] == '.')) {
			/* nothing */
		} else if (n == 2 && p[0] == '.' && p[1] == '.') {
			char *last;
			if (!out->len) {
				tz_buf_release(&joined);
				free(real);
				return tz_error_set(_("%s is outside the repository"), arg);
			}
			last = strrchr(out->ptr, '/');
			out->len = last ? (size_t)(last - out->ptr) : 0;
			out->ptr[out->len] = '\0';
		} else {
			if (out->len)
				tz_buf_putc(out, '/');
			tz_buf_put(out, p, n);
		}
		p += n + (slash ? 1 : 0);
	}
	if (!out->ptr)
		tz_buf_puts(out, "");
	tz_buf_release(&joined);
	free(real);
	return 0;
}

int tz_source_has_path(struct tz_source *src, const char *path)
{
	return !*path || tz_source_path_kind(src, path, NULL);
}

int tz_source_path_kind(struct tz_source *src, const char *path, enum tz_entry_kind *kind)
{
	enum tz_entry_kind k;

	if (src->empty)
		return 0;
	if (src->tree) {
		git_tree_entry *te;
		if (git_tree_entry_bypath(&te, src->tree, path) < 0)
			return 0;
		k = git_tree_entry_filemode(te) == GIT_FILEMODE_LINK ? TZ_ENTRY_SYMLINK :
		    git_tree_entry_type(te) == GIT_OBJECT_BLOB ? TZ_ENTRY_FILE : TZ_ENTRY_OTHER;
		git_tree_entry_free(te);
	} else {
		struct tz_buf full = TZ_BUF_INIT;
		struct stat st;
		int has;
		tz_buf_printf(&full, "%s%s", src->repo->workdir, path);
		has = lstat(full.ptr, &st) == 0;
		tz_buf_release(&full);
		if (!has)
			return 0;
		k = S_ISLNK(st.st_mode) ? TZ_ENTRY_SYMLINK : S_ISREG(st.st_mode) ? TZ_ENTRY_FILE : TZ_ENTRY_OTHER;
	}
	if (kind)
		*kind = k;
	return 1;
}
