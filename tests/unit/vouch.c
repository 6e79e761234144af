/* vouch.c - unit tests for the one "does git's index vouch for this file"
 * check: every stat field counts, racily clean entries are not trusted. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "tap.h"
#include "vouch.h"

static const struct timespec stamp = { 2000000000, 500 };

/* An entry and a stat that agree, written well before stamp. */
static void agreeing(git_index_entry *ie, struct stat *st)
{
	memset(ie, 0, sizeof(*ie));
	memset(st, 0, sizeof(*st));
	st->st_mode = S_IFREG | 0644;
	st->st_size = 42;
	st->st_ino = 7;
	st->st_dev = 9;
	st->st_uid = 1000;
	st->st_gid = 100;
	st->st_mtim.tv_sec = 1900000000;
	st->st_mtim.tv_nsec = 123;
	st->st_ctim.tv_sec = 1900000001;
	st->st_ctim.tv_nsec = 456;
	ie->mode = GIT_FILEMODE_BLOB;
	ie->file_size = 42;
	ie->ino = 7;
	ie->dev = 9;
	ie->uid = 1000;
	ie->gid = 100;
	ie->mtime.seconds = 1900000000;
	ie->mtime.nanoseconds = 123;
	ie->ctime.seconds = 1900000001;
	ie->ctime.nanoseconds = 456;
}

static void test_vouch__fields(void)
{
	git_index_entry ie;
	struct stat st;

	agreeing(&ie, &st);
	ok(tz_vouch_match(&ie, &st, &stamp), "an entry with the file's stat data vouches");
	ok(!tz_vouch_match(NULL, &st, &stamp), "no entry vouches for nothing");
#define DIFFERS(what, stmt) do { agreeing(&ie, &st); stmt; \
	ok(!tz_vouch_match(&ie, &st, &stamp), "a different %s is not vouched for", what); } while (0)
	DIFFERS("size", st.st_size = 43);
	DIFFERS("inode", st.st_ino = 8);
	DIFFERS("device", st.st_dev = 10);
	DIFFERS("owner", st.st_uid = 0);
	DIFFERS("group", st.st_gid = 0);
	DIFFERS("mtime second", st.st_mtim.tv_sec++);
	DIFFERS("mtime nanosecond", st.st_mtim.tv_nsec++);
	DIFFERS("ctime second", st.st_ctim.tv_sec++);
	DIFFERS("ctime nanosecond", st.st_ctim.tv_nsec++);
	DIFFERS("executable bit", st.st_mode |= S_IXUSR);
	DIFFERS("type (a link)", st.st_mode = S_IFLNK | 0777);
	DIFFERS("type (a folder)", st.st_mode = S_IFDIR | 0755);
	DIFFERS("entry mode", ie.mode = GIT_FILEMODE_BLOB_EXECUTABLE);
#undef DIFFERS
	agreeing(&ie, &st);
	st.st_mode |= S_IXUSR;
	ie.mode = GIT_FILEMODE_BLOB_EXECUTABLE;
	ok(tz_vouch_match(&ie, &st, &stamp), "an executable file with an executable entry");
	agreeing(&ie, &st);
	st.st_size = ie.file_size = 0;
	ok(!tz_vouch_match(&ie, &st, &stamp), "an entry of size 0 (smudged by git) is not vouched for");
	agreeing(&ie, &st);
	st.st_size += 1ll << 32;
	ok(!tz_vouch_match(&ie, &st, &stamp), "the index's 32-bit size of a 4 GiB larger file still differs");
	agreeing(&ie, &st);
	ie.dev = 0;
	ok(tz_vouch_match(&ie, &st, &stamp), "an entry without a device (as libgit2 writes it) vouches");
}

static void test_vouch__flags(void)
{
	git_index_entry ie;
	struct stat st;

	agreeing(&ie, &st);
	ie.flags_extended = GIT_INDEX_ENTRY_INTENT_TO_ADD;
	ok(!tz_vouch_match(&ie, &st, &stamp), "intent-to-add entries are not vouched for");
	agreeing(&ie, &st);
	ie.flags_extended = GIT_INDEX_ENTRY_SKIP_WORKTREE;
	ok(!tz_vouch_match(&ie, &st, &stamp), "skip-worktree entries are not vouched for");
	agreeing(&ie, &st);
	ie.flags = GIT_INDEX_ENTRY_VALID;
	ok(!tz_vouch_match(&ie, &st, &stamp), "assume-unchanged entries are not vouched for");
	agreeing(&ie, &st);
	ie.flags = 2 << GIT_INDEX_ENTRY_STAGESHIFT;
	ok(!tz_vouch_match(&ie, &st, &stamp), "an entry in conflict is not vouched for");
}

static void test_vouch__racy(void)
{
	struct timespec t;
	git_index_entry ie;
	struct stat st;

	agreeing(&ie, &st);
	t.tv_sec = st.st_mtim.tv_sec;
	t.tv_nsec = st.st_mtim.tv_nsec;
	ok(!tz_vouch_match(&ie, &st, &t), "an entry as new as the index is racily clean");
	t.tv_nsec++;
	ok(tz_vouch_match(&ie, &st, &t), "an entry a nanosecond older than the index is not");
	t.tv_sec--;
	ok(!tz_vouch_match(&ie, &st, &t), "an entry newer than the index is racily clean");
	/* an index without nanoseconds (ns 0): seconds only, both ways */
	agreeing(&ie, &st);
	ie.mtime.nanoseconds = ie.ctime.nanoseconds = 0;
	ok(tz_vouch_match(&ie, &st, &stamp), "without nanoseconds in the index, the seconds decide");
	t.tv_sec = st.st_mtim.tv_sec;
	t.tv_nsec = 999999999;
	ok(!tz_vouch_match(&ie, &st, &t), "without nanoseconds, the same second as the index is racy");
}

/* Write path (in the work tree wd) with contents, its mtime and ctime set
 * in the past by way of utimensat (ctime becomes now: the index is written
 * after, so the entry is not racy by its mtime). */
static void write_file(const char *wd, const char *name, const char *contents, time_t mtime)
{
	char full[4096];
	struct timespec ts[2] = { { mtime, 0 }, { mtime, 0 } };
	FILE *f;

	snprintf(full, sizeof(full), "%s/%s", wd, name);
	f = fopen(full, "w");
	fputs(contents, f);
	fclose(f);
	utimensat(AT_FDCWD, full, ts, 0);
}

static void test_vouch__repository(void)
{
	char dir[] = "/tmp/tz-vouch-XXXXXX", full[4096];
	git_repository *repo = NULL;
	git_index *index = NULL;
	struct tz_vouch v = TZ_VOUCH_INIT;
	struct stat st;
	time_t past = time(NULL) - 100;

	if (!mkdtemp(dir) || git_repository_init(&repo, dir, 0) < 0) {
		ok(0, "cannot make a scratch repository");
		return;
	}
	snprintf(full, sizeof(full), "%s/a.ini", dir);
	write_file(dir, "a.ini", "[issue]\ntitle = a\n", past);
	tz_vouch_open(&v, repo);
	ok(v.index == NULL, "no index file: nothing is vouched for");
	tz_vouch_release(&v);

	/* the index is written a moment after the file's ctime: to be sure
	 * it is not racy by mtime alone, the file's mtime is in the past */
	if (git_repository_index(&index, repo) < 0 || git_index_add_bypath(index, "a.ini") < 0 ||
	    git_index_write(index) < 0) {
		ok(0, "cannot write an index");
		goto out;
	}
	tz_vouch_open(&v, repo);
	lstat(full, &st);
	ok(tz_vouch_entry(&v, "a.ini", &st) != NULL, "git's index vouches for the file it just added");
	ok(tz_vouch_entry(&v, "b.ini", &st) == NULL, "nor for a path it does not have");

	/* same size, same mtime: only the ctime (and git's rules) tell */
	write_file(dir, "a.ini", "[issue]\ntitle = b\n", past);
	lstat(full, &st);
	ok(tz_vouch_entry(&v, "a.ini", &st) == NULL,
	   "an edit of the same size with the old mtime put back is not vouched for");
	tz_vouch_release(&v);

	/* an index older than the file's mtime: racily clean */
	write_file(dir, "a.ini", "[issue]\ntitle = c\n", time(NULL) + 100);
	git_index_add_bypath(index, "a.ini");
	git_index_write(index);
	tz_vouch_open(&v, repo);
	lstat(full, &st);
	ok(tz_vouch_entry(&v, "a.ini", &st) == NULL, "an entry newer than the index file is racily clean");
	tz_vouch_release(&v);
out:
	git_index_free(index);
	git_repository_free(repo);
	snprintf(full, sizeof(full), "rm -rf '%s'", dir);
	if (system(full) != 0)
		ok(0, "cannot remove %s", dir);
}

int main(void)
{
	git_libgit2_init();
	test_vouch__fields();
	test_vouch__flags();
	test_vouch__racy();
	test_vouch__repository();
	git_libgit2_shutdown();
	return tap_done();
}
