/* gitx.h - git plumbing that commands share, done once: new objects copied
 * from memory to disk, a tree made from a list of changes, and the index
 * file that a commit leaves. Revisions are rev.h's. */
#ifndef TZ_GITX_H
#define TZ_GITX_H
#include <sys/stat.h>
#include <git2.h>
#include "changes.h"

/*
 * Copy object id, and for a commit or tree everything it refers to (bar
 * submodule commits), from odb (where an in-memory backend is searched
 * first) into disk, skipping what disk has already. Referred objects are
 * written before what refers to them, so a process killed midway leaves no
 * object pointing at a missing one. Returns 0, or -1 with tz_error_last().
 */
int tz_gitx_copy_object(git_odb *disk, git_odb *odb, git_repository *repo, const git_oid *id);

/*
 * The tree that results from base (NULL: the empty tree) when changes are
 * applied: every old path that is gone or moved removed first (so a file
 * may become a folder), then every new path set to its blob and mode.
 * Writes into repo's object database. Returns 0 with *out set, or -1.
 */
int tz_gitx_tree_apply(git_oid *out, git_repository *repo, git_tree *base, const struct tz_changes *changes);

/* What an index file was when read: someone changed (or made, or removed)
 * it since when two stamps differ. */
struct tz_gitx_stamp {
	int exists;
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime, ctime;
};

/* Stamp the file at path (exists 0 when there is none). */
void tz_gitx_stamp(struct tz_gitx_stamp *out, const char *path);

/* Whether a and b are the same stamp. */
int tz_gitx_stamp_same(const struct tz_gitx_stamp *a, const struct tz_gitx_stamp *b);

/*
 * Make, in tmp (synced), the index that committing changes leaves: a copy
 * of GITDIR/index as it is now (its stamp in *stamp) where the entries of
 * the changed paths are set to what was committed (with the stat data of
 * the working tree files, taken before they were hashed), their conflicts
 * removed, and every other racily clean entry smudged as git smudges it;
 * its cache-tree made whole, the trees written to repo's object database.
 * No lock is needed to make it; the caller checks under .git/index.lock
 * (lock.h) that the stamp still holds, then renames tmp over the index.
 * Returns 0, or -1 with tz_error_last().
 */
int tz_gitx_index_prepare(const char *gitdir, const char *tmp, const struct tz_changes *changes,
			  struct tz_gitx_stamp *stamp, git_repository *repo);

/*
 * tz_gitx_index_prepare in two steps, so that the copy, read once, also
 * vouches for the working tree files before the changes are known:
 * tz_gitx_index_copy stamps GITDIR/index, copies it to tmp and reads the
 * copy into *out (an empty index when there is none); tz_gitx_index_finish
 * updates it for changes and writes and syncs tmp. The caller frees *out.
 * Each returns 0, or -1 with tz_error_last().
 */
int tz_gitx_index_copy(git_index **out, const char *gitdir, const char *tmp, struct tz_gitx_stamp *stamp);
int tz_gitx_index_finish(git_index *idx, const char *tmp, const struct tz_changes *changes,
			 const struct tz_gitx_stamp *stamp, git_repository *repo);

#endif
