/* repo.h - the records repository through libgit2: finding it like git does,
 * and reading the files of its working tree or of any revision's tree, in a
 * bare repository too. */
#ifndef TZ_REPO_H
#define TZ_REPO_H
#include <stddef.h>
#include <sys/stat.h>
#include <git2.h>
#include "buf.h"

struct tz_repo {
	git_repository *git;
	char *workdir;	/* ends in '/'; NULL in a bare repository */
	char *prefix;	/* the current directory below workdir: "" or "a/b/" */
	char *gitdir;	/* ends in '/' */
};

/* Initialise libgit2 once per process, with GIT_OPT_ENABLE_FSYNC_GITDIR on:
 * every object, ref and index libgit2 writes is fsync'd before it is renamed
 * into place. Call it before any other libgit2 call; tz_repo_open does. */
void tz_repo_libgit2_init(void);

/* Open the repository that contains dir (NULL: the current directory),
 * walking up as git does. Returns 0, or -1 with tz_error_last() set.
 * Free with tz_repo_free. Calls tz_repo_libgit2_init. */
int tz_repo_open(struct tz_repo **out, const char *dir);

/*
 * tz_repo_open for commands that may need only the repository's location
 * (its working tree and git folder): in the common layout, a working tree
 * with a .git folder, libgit2 is neither initialised nor asked (which costs
 * milliseconds: Debian's libgit2 parses the CA bundle) and out->git stays
 * NULL until tz_repo_git. Any other layout is opened at once, as by
 * tz_repo_open. Code reached from such a command reads out->git only
 * through tz_repo_git (tz_source_open and the other tz_source_* calls do).
 */
int tz_repo_find(struct tz_repo **out, const char *dir);

/* r's libgit2 repository, opened (and libgit2 initialised) on first use.
 * Returns it (borrowed: freed by tz_repo_free), or NULL with
 * tz_error_last() set when it cannot be opened. */
git_repository *tz_repo_git(struct tz_repo *r);
void tz_repo_free(struct tz_repo *r);

/* Whether r's HEAD is a branch with no commit yet (a new repository):
 * 1 when it is, 0 when HEAD names a commit, -1 with tz_error_last() set
 * when the repository cannot be opened (tz_repo_git) or HEAD not read. */
int tz_repo_head_unborn(struct tz_repo *r);

enum tz_entry_kind { TZ_ENTRY_FILE, TZ_ENTRY_SYMLINK, TZ_ENTRY_OTHER };

struct tz_entry {
	const char *path;	/* repository-relative, e.g. "records/units/hbj.ini" */
	const char *name;	/* the last component of path */
	enum tz_entry_kind kind;
	size_t size;		/* working tree files only */
	git_oid oid;		/* tree entries only */
	int has_oid;
};

/* Return 0 to go on, non-zero to stop the walk with that value. */
typedef int (*tz_walk_fn)(const struct tz_entry *e, void *payload);

/* The files of one version: the working tree, or the tree of a revision. */
struct tz_source {
	struct tz_repo *repo;
	git_tree *tree;		/* NULL: the working tree */
	git_commit *commit;	/* the revision's commit, when it is one */
	int empty;		/* no tree at all (unborn HEAD) */
};

/* Open the working tree (rev NULL) or revision rev ("HEAD", "main~2", an
 * id). Fails with -1 (tz_error_last) when rev does not name a tree, or when
 * rev is NULL in a bare repository. Release with tz_source_release. */
int tz_source_open(struct tz_source *out, struct tz_repo *r, const char *rev);

/* The last committed version that src is checked against: HEAD for the
 * working tree, the first parent for a commit. out->empty is set when there
 * is none (a new repository, a root commit). Returns 0 or -1. */
int tz_source_open_base(struct tz_source *out, const struct tz_source *src);

void tz_source_release(struct tz_source *src);

/* Call fn for every file below dir ("records"), depth first in name order,
 * skipping names that start with '.'. Symbolic links are reported, never
 * followed. A missing dir is not an error. Returns 0, fn's non-zero value,
 * or -1 on an I/O or libgit2 error (tz_error_last). */
int tz_source_walk(struct tz_source *src, const char *dir, tz_walk_fn fn, void *payload);

/* tz_source_walk that also hands fn each working tree file's lstat data
 * (mtime, ctime, inode: what a cache compares); st is NULL for the entries
 * of a revision's tree. */
typedef int (*tz_walk_stat_fn)(const struct tz_entry *e, const struct stat *st, void *payload);
int tz_source_walk_stat(struct tz_source *src, const char *dir, tz_walk_stat_fn fn, void *payload);

/* Read the contents of e into out (replacing them). Returns 0; 1 when the
 * file is larger than limit (nothing read, out->len holds the size); -1 on
 * error (tz_error_last). Symbolic links are not followed. */
int tz_source_read(struct tz_source *src, const struct tz_entry *e, size_t limit, struct tz_buf *out);

/* The folder of the last working tree file read by tz_source_read_in, kept
 * open for the next (records are read folder by folder). One per thread;
 * tz_dirfd_release closes and frees it. */
struct tz_dirfd {
	int fd;
	size_t len;
	struct tz_buf path;
};
#define TZ_DIRFD_INIT { -1, 0, TZ_BUF_INIT }
void tz_dirfd_release(struct tz_dirfd *dir);

/* tz_source_read, opening a working tree file relative to its folder kept
 * in dir (NULL: by its whole path). */
int tz_source_read_in(struct tz_source *src, const struct tz_entry *e, size_t limit, struct tz_buf *out,
		      struct tz_dirfd *dir);

/* Read the file at path (repository-relative) in src. Returns 0, 1 when it
 * does not exist, -1 on error. */
int tz_source_read_path(struct tz_source *src, const char *path, size_t limit, struct tz_buf *out);

/*
 * Turn a path named on the command line (relative to the current directory,
 * or absolute) into a repository-relative one in out, resolving "." and ".."
 * as written; the root itself is "". Returns 0, or -1 with tz_error_last()
 * set when the path lies outside the working tree.
 */
int tz_repo_pathspec(const struct tz_repo *r, const char *arg, struct tz_buf *out);

/* Whether a file or folder path (repository-relative; "" is the root) exists
 * in src, without following symbolic links. */
int tz_source_has_path(struct tz_source *src, const char *path);

/* Whether path (repository-relative, not "") exists in src, and then what
 * it is into *kind (when not NULL): a file, a symbolic link (never
 * followed) or anything else. Returns 1, or 0 when it does not exist. */
int tz_source_path_kind(struct tz_source *src, const char *path, enum tz_entry_kind *kind);

/* Whether path (repository-relative) is a directory in src. */
int tz_source_is_dir(struct tz_source *src, const char *path);

#endif
