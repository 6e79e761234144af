/* vouch.h - the one answer to "does git's index vouch for this working tree
 * file?", in the spirit of git's ie_match_stat(): used by tz commit's scan
 * for changes and by validation alike. */
#ifndef TZ_VOUCH_H
#define TZ_VOUCH_H
#include <sys/stat.h>
#include <time.h>
#include <git2.h>

/* A repository's on-disk index and the time it was written. */
struct tz_vouch {
	git_index *index;	/* NULL: no usable index, nothing is vouched for */
	struct timespec stamp;	/* the index file's mtime, taken before reading it */
};
#define TZ_VOUCH_INIT { NULL, { 0, 0 } }

/*
 * Take repo's index (libgit2's one copy, shared with every other user of
 * the repository), read again from its file if that changed. A missing,
 * damaged or unsupported index is not an error: out->index is then NULL
 * and every file must be hashed. Returns 0. Release with tz_vouch_release.
 */
int tz_vouch_open(struct tz_vouch *out, git_repository *repo);

void tz_vouch_release(struct tz_vouch *v);

/*
 * Whether index entry ie vouches that the file whose lstat data is st has
 * ie's blob id, by git's rules: the same type and executable bit, size,
 * mtime and ctime, inode, owner and group, and device when the entry has
 * one (libgit2 writes 0 there, git the device); and ie is not racily
 * clean, that is its mtime is before stamp, the index file's own mtime
 * (compared in whole seconds when the index has no nanoseconds, as written
 * by a git built without them). Never vouched for: entries of size 0 (git
 * smudges racily clean entries that way), intent-to-add, assume-unchanged
 * and skip-worktree entries, entries in conflict. Returns 1 or 0.
 */
int tz_vouch_match(const git_index_entry *ie, const struct stat *st, const struct timespec *stamp);

/* Fill ie with what git's index keeps of a file with lstat data st: its
 * mode, size, times, inode, device, owner and group (no path, id or flags:
 * those are zeroed), as tz_vouch_match compares them. */
void tz_vouch_fill(git_index_entry *ie, const struct stat *st);

/* The entry of v's index for path (repository-relative) when it vouches for
 * the file with lstat data st (tz_vouch_match), else NULL. Borrowed: valid
 * until v is released. Not for concurrent use from several threads. */
const git_index_entry *tz_vouch_entry(const struct tz_vouch *v, const char *path, const struct stat *st);

#endif
