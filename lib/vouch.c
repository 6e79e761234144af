/* vouch.c - whether git's index vouches for a working tree file by its stat
 * data, so that the file need not be read and hashed (git's ie_match_stat). */
#include <stdint.h>
#include <string.h>
#include "buf.h"
#include "vouch.h"

int tz_vouch_open(struct tz_vouch *out, git_repository *repo)
{
	struct tz_buf path = TZ_BUF_INIT;
	struct stat st;

	out->index = NULL;
	memset(&out->stamp, 0, sizeof(out->stamp));
	tz_buf_printf(&path, "%sindex", git_repository_path(repo));
	/* the stamp first: an index rewritten in between makes more entries
	 * look racy (hashed), never fewer */
	if (stat(path.ptr, &st) == 0 &&
	    git_repository_index(&out->index, repo) == 0 && git_index_read(out->index, 0) == 0) {
		out->stamp = st.st_mtim;
	} else {
		git_index_free(out->index);
		out->index = NULL;
	}
	tz_buf_release(&path);
	return 0;
}

void tz_vouch_release(struct tz_vouch *v)
{
	git_index_free(v->index);
	v->index = NULL;
}

static git_filemode_t mode_of(const struct stat *st)
{
	if (S_ISLNK(st->st_mode))
		return GIT_FILEMODE_LINK;
	if (S_ISREG(st->st_mode))
		return (st->st_mode & S_IXUSR) ? GIT_FILEMODE_BLOB_EXECUTABLE : GIT_FILEMODE_BLOB;
	return GIT_FILEMODE_UNREADABLE;
}

void tz_vouch_fill(git_index_entry *ie, const struct stat *st)
{
	memset(ie, 0, sizeof(*ie));
	ie->mode = (uint32_t)mode_of(st);
	ie->file_size = (uint32_t)st->st_size;
	ie->mtime.seconds = (int32_t)st->st_mtim.tv_sec;
	ie->mtime.nanoseconds = (uint32_t)st->st_mtim.tv_nsec;
	ie->ctime.seconds = (int32_t)st->st_ctim.tv_sec;
	ie->ctime.nanoseconds = (uint32_t)st->st_ctim.tv_nsec;
	ie->ino = (uint32_t)st->st_ino;
	ie->dev = (uint32_t)st->st_dev;
	ie->uid = (uint32_t)st->st_uid;
	ie->gid = (uint32_t)st->st_gid;
}

/* Whether a time of the index (s, ns) equals the file's t; an index without
 * nanoseconds (ns 0) is compared in seconds. */
static int same_time(int32_t s, uint32_t ns, const struct timespec *t)
{
	return s == (int32_t)t->tv_sec && (!ns || ns == (uint32_t)t->tv_nsec);
}

int tz_vouch_match(const git_index_entry *ie, const struct stat *st, const struct timespec *stamp)
{
	git_filemode_t mode = mode_of(st);

	if (!ie || !st || mode == GIT_FILEMODE_UNREADABLE || ie->mode != (uint32_t)mode)
		return 0;
	if (git_index_entry_stage(ie) != 0 ||
	    (ie->flags & GIT_INDEX_ENTRY_VALID) ||
	    (ie->flags_extended & (GIT_INDEX_ENTRY_INTENT_TO_ADD | GIT_INDEX_ENTRY_SKIP_WORKTREE)))
		return 0;
	/* the index keeps 32 bits of the size; a larger file is hashed */
	if (!ie->file_size || (unsigned long long)st->st_size > UINT32_MAX ||
	    ie->file_size != (uint32_t)st->st_size || ie->ino != (uint32_t)st->st_ino ||
	    (ie->dev && ie->dev != (uint32_t)st->st_dev) ||
	    ie->uid != (uint32_t)st->st_uid || ie->gid != (uint32_t)st->st_gid)
		return 0;
	if (!same_time(ie->mtime.seconds, ie->mtime.nanoseconds, &st->st_mtim) ||
	    !same_time(ie->ctime.seconds, ie->ctime.nanoseconds, &st->st_ctim))
		return 0;
	/* racily clean: written in the same tick as the index, the file may
	 * have changed after git hashed it without its stat data showing it */
	if ((long long)ie->mtime.seconds > (long long)stamp->tv_sec)
		return 0;
	if ((long long)ie->mtime.seconds == (long long)stamp->tv_sec &&
	    (!ie->mtime.nanoseconds || (long)ie->mtime.nanoseconds >= stamp->tv_nsec))
		return 0;
	return 1;
}

const git_index_entry *tz_vouch_entry(const struct tz_vouch *v, const char *path, const struct stat *st)
{
	const git_index_entry *ie;

	if (!v->index || !st || !(ie = git_index_get_bypath(v->index, path, 0)))
		return NULL;
	return tz_vouch_match(ie, st, &v->stamp) ? ie : NULL;
}
