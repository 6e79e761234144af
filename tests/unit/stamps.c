/* stamps.c - unit tests for the stamp list: a walk met again unchanged
 * matches entry by entry, any change of path, order or stat data does not,
 * racy files are compared by contents, and damaged lists are refused. */
#include <string.h>
#include <sys/stat.h>
#include "buf.h"
#include "stamps.h"
#include "tap.h"

static const struct timespec limit = { 2000000000, 500 };

/* The stat data of a regular file written well before limit. */
static struct stat file_stat(long long ino, long long size)
{
	struct stat st;

	memset(&st, 0, sizeof(st));
	st.st_mode = S_IFREG | 0644;
	st.st_size = size;
	st.st_ino = (ino_t)ino;
	st.st_dev = 9;
	st.st_uid = 1000;
	st.st_gid = 100;
	st.st_mtim.tv_sec = 1900000000;
	st.st_mtim.tv_nsec = 123;
	st.st_ctim.tv_sec = 1900000001;
	st.st_ctim.tv_nsec = 456;
	return st;
}

static const char *const paths[] = {
	"records/issues/2026/ISS-2026-0001.ini",
	"records/issues/2026/ISS-2026-0002.ini",
	"records/issues/README",
	"records/units/hbj.ini",
};
#define NPATHS (sizeof(paths) / sizeof(*paths))

/* A list of the four paths, the third unmarked, with header "ctx". */
static void write_list(struct tz_stamps_writer *w, struct stat *st)
{
	tz_stamps_writer_init(w, "ctx", 3, &limit);
	for (size_t i = 0; i < NPATHS; i++) {
		st[i] = file_stat(10 + (long long)i, 100 + (long long)i);
		ok(tz_stamps_writer_add(w, paths[i], &st[i], i != 2) == 0, "an old file needs no blob id: %s", paths[i]);
	}
}

/* Meet the list with the walk paths/st; returns how many matched in a row,
 * and sets *done when the list ended with the walk. */
static size_t meet(const struct tz_buf *list, const char *const *p, const struct stat *st, size_t n, int *done)
{
	struct tz_stamps_reader r;
	const unsigned char *header;
	const git_oid *key;
	size_t hlen, i = 0;

	*done = 0;
	if (tz_stamps_reader_init(&r, list->ptr, list->len, &header, &hlen) < 0)
		return 0;
	while (i < n && tz_stamps_reader_next(&r, p[i], &st[i], &key) == 1 && !key)
		i++;
	*done = i == n && tz_stamps_reader_done(&r);
	tz_stamps_reader_release(&r);
	return i;
}

static void test_stamps__same_walk(void)
{
	struct tz_stamps_writer w;
	struct tz_stamps_reader r;
	struct stat st[NPATHS];
	const unsigned char *header;
	const git_oid *key;
	size_t hlen;
	int done;

	write_list(&w, st);
	ok(tz_stamps_reader_init(&r, w.out.ptr, w.out.len, &header, &hlen) == 0, "the list reads back");
	ok(hlen == 3 && !memcmp(header, "ctx", 3), "with its header");
	for (size_t i = 0; i < NPATHS; i++)
		ok(tz_stamps_reader_next(&r, paths[i], &st[i], &key) == 1 && !key, "the same file matches: %s",
		   paths[i]);
	ok(tz_stamps_reader_done(&r), "every entry was met");
	is_int(r.entries, 4, "four entries met");
	is_int(r.marked, 3, "three of them marked");
	ok(tz_stamps_reader_next(&r, "records/z.ini", &st[0], &key) == 0, "a file past the end does not match");
	tz_stamps_reader_release(&r);
	is_int(meet(&w.out, paths, st, NPATHS - 1, &done), 3, "a walk that stops early matches as far as it goes");
	ok(!done, "but leaves an entry unmet");
	tz_stamps_writer_release(&w);
}

static void test_stamps__changes(void)
{
	struct tz_stamps_writer w;
	struct stat st[NPATHS], now[NPATHS];
	const char *other[NPATHS];
	int done;

	write_list(&w, st);
#define CHANGED(what, stmt) do { memcpy(now, st, sizeof(st)); memcpy(other, paths, sizeof(paths)); stmt; \
	is_int(meet(&w.out, other, now, NPATHS, &done), 1, "a file whose %s changed does not match", what); } while (0)
	CHANGED("size", now[1].st_size++);
	CHANGED("mtime", now[1].st_mtim.tv_nsec++);
	CHANGED("ctime", now[1].st_ctim.tv_sec++);
	CHANGED("inode", now[1].st_ino++);
	CHANGED("mode", now[1].st_mode |= S_IXUSR);
	CHANGED("type", now[1].st_mode = S_IFLNK | 0777);
	CHANGED("path", other[1] = "records/issues/2026/ISS-2026-0003.ini");
	CHANGED("place in the walk", (other[1] = paths[2], other[2] = paths[1]));
#undef CHANGED
	memcpy(other, paths, sizeof(paths));
	is_int(meet(&w.out, other, st, 2, &done), 2, "a walk that lost its last files matches its first");
	ok(!done, "but not the whole list");
	tz_stamps_writer_release(&w);
}

static void test_stamps__racy(void)
{
	struct tz_stamps_writer w;
	struct tz_stamps_reader r;
	struct stat st = file_stat(5, 10), st2 = file_stat(6, 0);
	const unsigned char *header;
	const git_oid *key;
	git_oid id;
	size_t slot, hlen;

	git_oid_fromstr(&id, "0123456789abcdef0123456789abcdef01234567");
	tz_stamps_writer_init(&w, "", 0, &limit);
	st.st_mtim = limit;	/* written in the last tick */
	slot = tz_stamps_writer_add(&w, "records/a.ini", &st, 1);
	ok(slot != 0, "a file as new as the limit needs its blob id");
	tz_stamps_writer_key(&w, slot, &id);
	ok(tz_stamps_writer_add(&w, "records/b.ini", &st2, 1) != 0, "so does an empty file (git never vouches)");
	st.st_mtim.tv_sec = 1;
	st.st_ctim = limit;
	ok(tz_stamps_writer_add(&w, "records/c.ini", &st, 1) != 0, "and a file whose inode changed in the last tick");

	ok(tz_stamps_reader_init(&r, w.out.ptr, w.out.len, &header, &hlen) == 0 && hlen == 0, "the list reads back");
	st.st_mtim = limit;
	st.st_ctim.tv_sec = 7;
	ok(tz_stamps_reader_next(&r, "records/a.ini", &st, &key) == 1 && key && git_oid_equal(key, &id),
	   "a racy file is to be compared by its blob id, whatever its stat data");
	ok(tz_stamps_reader_next(&r, "records/b.ini", &st2, &key) == 0,
	   "a racy file whose blob id was not known never matches");
	tz_stamps_reader_release(&r);
	tz_stamps_writer_release(&w);
}

static void test_stamps__damaged(void)
{
	struct tz_stamps_writer w;
	struct stat st[NPATHS];
	struct tz_buf cut = TZ_BUF_INIT;
	size_t full = 0, cuts = 0;
	int done;

	write_list(&w, st);
	/* every shorter list fails somewhere, and never reads past its end */
	for (size_t len = 0; len < w.out.len; len++) {
		tz_buf_clear(&cut);
		tz_buf_put(&cut, w.out.ptr, len);
		full += meet(&cut, paths, st, NPATHS, &done) == NPATHS && done;
		cuts++;
	}
	is_int(full, 0, "none of %zu shortened lists matches the whole walk", cuts);
	tz_buf_clear(&cut);
	tz_buf_put(&cut, w.out.ptr, w.out.len);
	cut.ptr[0] ^= 1;
	is_int(meet(&cut, paths, st, NPATHS, &done), 0, "a list of another format is refused");
	tz_buf_release(&cut);
	tz_stamps_writer_release(&w);
}

int main(void)
{
	test_stamps__same_walk();
	test_stamps__changes();
	test_stamps__racy();
	test_stamps__damaged();
	return tap_done();
}
