/* changes.h - which files changed between two versions of a records
 * repository (two trees, or a tree and the working tree), and which of them
 * are the same record: a record is its type and ID, wherever its file sits. */
#ifndef TZ_CHANGES_H
#define TZ_CHANGES_H
#include <stddef.h>
#include <sys/stat.h>
#include <git2.h>
#include "vouch.h"
#include "buf.h"
#include "record.h"
#include "repo.h"
#include "schema.h"

struct tz_change {
	char *old_path, *new_path;	/* NULL: the file was added / deleted */
	git_oid old_oid, new_oid;	/* blob ids (of the working tree file as
					   git would store it) */
	git_filemode_t old_mode, new_mode;
	int new_in_workdir;		/* the new side is a working tree file */
	struct stat *st;		/* its lstat, taken before it was hashed
					   (NULL for any other side: a
					   history holds many changes) */
	struct tz_type *type;		/* set by tz_changes_place: the record's
					   type, NULL for any other file */
	char *id;			/* the record's ID, or NULL */
};

struct tz_changes {
	struct tz_change *v;
	size_t n, alloc;
	size_t left_out;	/* tz_changes_workdir: files of the working tree
				   that are not in the new version (ignored, or
				   skip-worktree entries kept from the tree) */
	size_t others;		/* tz_changes_trees: entries that differ and
				   are neither files nor folders (submodules),
				   not listed */
};
#define TZ_CHANGES_INIT { NULL, 0, 0, 0, 0 }

/*
 * Append to out the files below dir ("records", or NULL for everything)
 * that differ between trees a and b (either may be NULL: empty), as git
 * would list them without rename detection, in git's order: subtrees with
 * equal ids are skipped, and equal entries are passed over before their
 * paths are built, so the cost follows what changed, not the size of the
 * tree. Submodule entries are not listed, only counted in out->others.
 * Returns 0, or -1 with tz_error_last().
 */
int tz_changes_trees(struct tz_changes *out, git_repository *repo, git_tree *a, git_tree *b, const char *dir);

/*
 * As tz_changes_trees for n pairs of trees (a[i], b[i]) at once, pair i's
 * files appended to outs[i] in the same order. The pairs
 * are compared level by level, and the versions of each folder are read
 * together in the order of the pairs: give the pairs of a line of commits
 * oldest first, and each folder's version is rebuilt from the one read
 * before it. Returns 0, or -1 with tz_error_last() (outs then hold part of
 * their changes: release them).
 */
int tz_changes_trees_many(struct tz_changes *outs, git_repository *repo, git_tree *const *a,
			  git_tree *const *b, size_t n, const char *dir);

/*
 * Append to out the files that differ between tree (NULL: empty) and the
 * working tree of repo, below the repository-relative paths (files or
 * folders; "records" and "schema" when npaths is 0). Names starting with
 * '.' are included (.gitkeep); nested repositories and untracked files that
 * .gitignore ignores are not. A file is hashed as git add would (filters
 * applied) unless the on-disk index vouches for it (same stat data, not
 * racily clean). Entries of tree whose index entry is skip-worktree count as
 * unchanged when absent. Returns 0, or -1 with tz_error_last().
 */
int tz_changes_workdir(struct tz_changes *out, git_repository *repo, git_tree *tree,
		       const char *const *paths, size_t npaths);

/*
 * The same, with the index that vouches for files given by the caller: the
 * one a commit copies and updates, so that git's index is read once. The
 * working tree is listed while another thread calls wait(payload), once,
 * for the index: it returns the vouch (index NULL: none vouches; the
 * caller keeps it), or NULL with the error set. When the index's
 * cache-tree says it holds exactly tree, its entries stand for tree's
 * files and tree is not read (the trees it lacks are written to repo's
 * object database).
 */
typedef const struct tz_vouch *(*tz_vouch_wait_fn)(void *payload);
int tz_changes_workdir_vouched(struct tz_changes *out, git_repository *repo, git_tree *tree,
			       const char *const *paths, size_t npaths, tz_vouch_wait_fn wait, void *payload);

/*
 * Append to out the files below dir ("records") that differ between
 * revision old_rev (NULL: "HEAD"; a HEAD with no commit yet is the empty
 * tree) and revision new_rev, or the working tree when new_rev is NULL:
 * tz_changes_trees or tz_changes_workdir on the trees the revisions name,
 * resolved by tz_rev_tree. What tz diff compares. Returns 0, or -1 with
 * tz_error_last() set (a revision tz_rev_tree refuses, a bare repository
 * without new_rev, I/O).
 */
int tz_changes_revs(struct tz_changes *out, struct tz_repo *r, const char *old_rev, const char *new_rev,
		    const char *dir);

/*
 * Set the type and ID of every change that is a record file of schema s
 * (below a type's dir, ending in .ini, not starting with '.'), pair each
 * deleted record with an added one of the same type and ID into one change
 * (a move), and sort the changes by path.
 */
void tz_changes_place(struct tz_changes *c, const struct tz_schema *s);

/*
 * Parse the old (side 0) or new (side 1) version of change c: its blob, or
 * its working tree file. *out is NULL when that side is absent or cannot be
 * parsed as a record (findings are dropped). Returns 0, or -1 on an I/O or
 * libgit2 error. Free *out with tz_record_free.
 */
int tz_change_parse(struct tz_record **out, struct tz_repo *repo, const struct tz_change *c, int side);

void tz_changes_release(struct tz_changes *c);

/* Whether path is below (or is) one of the repository-relative paths;
 * every path is when npaths is 0. */
int tz_path_matches(const char *path, const char *const *paths, size_t npaths);

#endif
