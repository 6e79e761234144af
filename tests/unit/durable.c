/* durable.c - unit tests of tz_durable_write, tz_durable_rename and
 * tz_output_write: the new contents replace the old whole, the mode is kept,
 * nothing is left behind, and a FIFO or device is written, never replaced;
 * and of tz_durable_mkdirs. */
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "buf.h"
#include "durable.h"
#include "error.h"
#include "tap.h"

static char *slurp(const char *path)
{
	struct tz_buf b = TZ_BUF_INIT;
	char chunk[256];
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return NULL;
	while ((n = read(fd, chunk, sizeof(chunk))) > 0)
		tz_buf_put(&b, chunk, (size_t)n);
	close(fd);
	return b.ptr ? tz_buf_detach(&b) : tz_strdup("");
}

/* The names in dir, sorted, joined with spaces. */
static char *listing(const char *dir)
{
	struct tz_buf b = TZ_BUF_INIT;
	struct dirent **names;
	int n = scandir(dir, &names, NULL, alphasort);

	for (int i = 0; i < n; i++) {
		if (strcmp(names[i]->d_name, ".") && strcmp(names[i]->d_name, ".."))
			tz_buf_printf(&b, "%s%s", b.len ? " " : "", names[i]->d_name);
		free(names[i]);
	}
	free(names);
	return b.ptr ? tz_buf_detach(&b) : tz_strdup("");
}

static void test_durable__write(const char *dir)
{
	struct tz_buf path = TZ_BUF_INIT;
	struct stat st;
	char *s;

	tz_buf_printf(&path, "%s/a.ini", dir);
	is_int(tz_durable_write(path.ptr, "one\n", 4, 0), 0, "writes a new file");
	s = slurp(path.ptr);
	is_str(s, "one\n", "with its contents");
	free(s);
	chmod(path.ptr, 0640);
	is_int(tz_durable_write(path.ptr, "two\n", 4, 0), 0, "replaces it");
	s = slurp(path.ptr);
	is_str(s, "two\n", "whole");
	free(s);
	stat(path.ptr, &st);
	is_int(st.st_mode & 0777, 0640, "keeping its mode");
	is_int(tz_durable_write(path.ptr, "three\n", 6, TZ_DURABLE_NEW), 1, "TZ_DURABLE_NEW refuses an existing file");
	s = slurp(path.ptr);
	is_str(s, "two\n", "and leaves it alone");
	free(s);
	s = listing(dir);
	is_str(s, "a.ini", "no temporary file is left");
	free(s);
	tz_buf_release(&path);
}

static void test_durable__symlink(const char *dir)
{
	struct tz_buf path = TZ_BUF_INIT, target = TZ_BUF_INIT;
	struct stat st;
	char *s;

	tz_buf_printf(&path, "%s/link.ini", dir);
	tz_buf_printf(&target, "%s/a.ini", dir);
	symlink("a.ini", path.ptr);
	is_int(tz_durable_write(path.ptr, "new\n", 4, 0), 0, "replaces a symlink");
	is_int(lstat(path.ptr, &st) == 0 && S_ISREG(st.st_mode), 1, "with a file");
	s = slurp(target.ptr);
	is_str(s, "two\n", "without writing through it");
	free(s);
	unlink(path.ptr);
	tz_buf_release(&path);
	tz_buf_release(&target);
}

static void test_durable__errors(const char *dir)
{
	struct tz_buf path = TZ_BUF_INIT, msg = TZ_BUF_INIT;
	char *s;

	tz_buf_printf(&path, "%s/no/such/x.ini", dir);
	is_int(tz_durable_write(path.ptr, "x", 1, 0), -1, "a missing folder is an error");
	tz_buf_printf(&msg, "cannot create %s/no/such/.x.ini.tz-%ld-", dir, (long)getpid());
	ok(!strncmp(tz_error_last(), msg.ptr, msg.len), "naming the temporary file: %s", tz_error_last());
	tz_buf_clear(&path);
	tz_buf_printf(&path, "%s/sub", dir);
	mkdir(path.ptr, 0777);
	tz_buf_puts(&path, "/f");
	mkdir(path.ptr, 0777);
	is_int(tz_durable_write(path.ptr, "x", 1, 0), -1, "a folder in the way is an error");
	tz_buf_clear(&msg);
	tz_buf_printf(&msg, "cannot replace %s: Is a directory", path.ptr);
	is_str(tz_error_last(), msg.ptr, "saying so");
	tz_buf_clear(&path);
	tz_buf_printf(&path, "%s/sub", dir);
	s = listing(path.ptr);
	is_str(s, "f", "and the temporary file is removed");
	free(s);
	tz_buf_release(&path);
	tz_buf_release(&msg);
}

static void test_durable__rename(const char *dir)
{
	struct tz_buf from = TZ_BUF_INIT, to = TZ_BUF_INIT;
	char *s;

	tz_buf_printf(&from, "%s/a.ini", dir);
	tz_buf_printf(&to, "%s/b.ini", dir);
	is_int(tz_durable_rename(from.ptr, to.ptr), 0, "renames");
	s = slurp(to.ptr);
	is_str(s, "two\n", "the file");
	free(s);
	is_int(tz_durable_rename(from.ptr, to.ptr), -1, "a missing file is an error");
	tz_buf_release(&from);
	tz_buf_release(&to);
}

/* Output files the user names: a FIFO (as /dev/null or /dev/stdout would
 * be) is written and kept, never replaced by a regular file; a symlink is
 * written through, even when it dangles; a folder and a loop are refused. */
static void test_durable__output(const char *dir)
{
	struct tz_buf path = TZ_BUF_INIT, link = TZ_BUF_INIT;
	struct stat st;
	char got[16] = "";
	char *s;
	int rd;

	tz_buf_printf(&path, "%s/fifo", dir);
	mkfifo(path.ptr, 0666);
	rd = open(path.ptr, O_RDONLY | O_NONBLOCK);
	is_int(tz_output_write(path.ptr, "out\n", 4), 0, "writes into a FIFO");
	is_int(read(rd, got, sizeof(got) - 1) == 4 && !strcmp(got, "out\n"), 1, "what was given");
	close(rd);
	is_int(lstat(path.ptr, &st) == 0 && S_ISFIFO(st.st_mode), 1, "and leaves the FIFO a FIFO");
	unlink(path.ptr);

	tz_buf_clear(&path);
	tz_buf_printf(&path, "%s/out.html", dir);
	tz_buf_printf(&link, "%s/link.html", dir);
	symlink("out.html", link.ptr);
	is_int(tz_output_write(link.ptr, "1\n", 2), 0, "writes through a dangling symlink");
	is_int(lstat(link.ptr, &st) == 0 && S_ISLNK(st.st_mode), 1, "keeping the link");
	s = slurp(path.ptr);
	is_str(s, "1\n", "making the file it names");
	free(s);
	is_int(tz_output_write(link.ptr, "2\n", 2), 0, "and replaces that file later");
	s = slurp(path.ptr);
	is_str(s, "2\n", "with the new contents");
	free(s);
	unlink(link.ptr);
	unlink(path.ptr);

	is_int(tz_output_write(dir, "x", 1), -1, "a folder is refused");
	is_str(tz_error_last(), "Is a directory", "with the reason alone");
	tz_buf_clear(&link);
	tz_buf_printf(&link, "%s/loop", dir);
	symlink("loop", link.ptr);
	is_int(tz_output_write(link.ptr, "x", 1), -1, "a symlink loop is refused");
	is_str(tz_error_last(), "Too many levels of symbolic links", "saying so");
	unlink(link.ptr);
	tz_buf_release(&path);
	tz_buf_release(&link);
}

static void test_durable__mkdirs(const char *dir)
{
	struct tz_buf p = TZ_BUF_INIT, q = TZ_BUF_INIT;
	struct stat st;

	tz_buf_printf(&p, "%s/m/a/b/c", dir);
	is_int(tz_durable_mkdirs(p.ptr), 0, "mkdir -p of three new levels");
	ok(stat(p.ptr, &st) == 0 && S_ISDIR(st.st_mode), "the deepest is a folder");
	is_int(tz_durable_mkdirs(p.ptr), 0, "again: folders that exist are fine");
	tz_buf_printf(&q, "%s/m/file", dir);
	tz_durable_write(q.ptr, "x", 1, 0);
	tz_buf_puts(&q, "/sub");
	is_int(tz_durable_mkdirs(q.ptr), -1, "a file in the way");
	tz_buf_clear(&p);
	tz_buf_printf(&p, "cannot make %s: Not a directory", q.ptr);
	is_str(tz_error_last(), p.ptr, "is said with the folder that could not be made");
	is_int(tz_durable_mkdirs(""), -1, "an empty path");
	is_str(tz_error_last(), "cannot make \"\": No such file or directory", "is no folder");
	tz_buf_release(&p);
	tz_buf_release(&q);
}

int main(void)
{
	char dir[] = "/tmp/tz-durable-XXXXXX";
	struct tz_buf rm = TZ_BUF_INIT;

	if (!mkdtemp(dir))
		return 2;
	test_durable__write(dir);
	test_durable__symlink(dir);
	test_durable__errors(dir);
	test_durable__rename(dir);
	test_durable__output(dir);
	test_durable__mkdirs(dir);
	tz_buf_printf(&rm, "rm -rf '%s'", dir);
	if (system(rm.ptr) != 0)
		ok(0, "cleaning up %s", dir);
	tz_buf_release(&rm);
	return tap_done();
}
