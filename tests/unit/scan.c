/* scan.c - unit tests for the working tree scan: every file once, in the
 * order of a sorted walk, with its own stat data, however the threads run. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "tap.h"
#include "buf.h"
#include "error.h"
#include "scan.h"

#define MANY 9000	/* more chunks than are statted ahead of the caller */

static char root[] = "/tmp/tz-scan-XXXXXX";

static void put(const char *rel, const char *contents)
{
	char full[4096];
	FILE *f;

	snprintf(full, sizeof(full), "%s/%s", root, rel);
	f = fopen(full, "w");
	if (f) {
		fputs(contents, f);
		fclose(f);
	}
}

static void mk(const char *rel)
{
	char full[4096];

	snprintf(full, sizeof(full), "%s/%s", root, rel);
	mkdir(full, 0755);
}

struct seen {
	struct tz_buf list;	/* the paths, one a line, the first few */
	size_t n, stop_at, bad_size;
	int unlink_at_first;
};

static int record(const char *path, const char *name, const struct stat *st, void *payload)
{
	struct seen *s = payload;
	const char *slash = strrchr(path, '/');

	if (!slash || strcmp(slash + 1, name))
		s->bad_size++;
	if (S_ISREG(st->st_mode) && st->st_size != (off_t)strlen(name))
		s->bad_size++;	/* every file holds its own name */
	if (!s->n && s->unlink_at_first) {
		char full[4096];
		snprintf(full, sizeof(full), "%s/r/many/f%05d", root, MANY - 1);
		unlink(full);
	}
	if (s->n < 8 || !strncmp(path, "r/sub", 5) || !strncmp(path, "r/.", 3) || strstr(path, "/f08999"))
		tz_buf_printf(&s->list, "%s\n", path);
	if (++s->n == s->stop_at)
		return 7;
	return 0;
}

static int scan(struct seen *s, unsigned flags)
{
	char full[4096];
	int fd;

	snprintf(full, sizeof(full), "%s/r", root);
	fd = open(full, O_RDONLY | O_DIRECTORY);
	return tz_scan(fd, "r", flags, record, s);
}

int main(void)
{
	struct seen s;
	char name[64], cmd[4200];
	int rc;

	if (!mkdtemp(root)) {
		ok(0, "cannot make a scratch folder");
		return tap_done();
	}
	mk("r");
	put("r/b", "b");
	put("r/a", "a");
	put("r/.hidden", ".hidden");
	mk("r/sub");
	put("r/sub/x", "x");
	mk("r/sub2");
	mk("r/sub2/.git");
	put("r/sub2/y", "y");
	mk("r/many");
	for (int i = 0; i < MANY; i++) {
		snprintf(name, sizeof(name), "r/many/f%05d", i);
		put(name, name + 7);
	}
	snprintf(cmd, sizeof(cmd), "%s/r/link", root);
	if (symlink("a", cmd) < 0)
		ok(0, "cannot make a link");

	memset(&s, 0, sizeof(s));
	rc = scan(&s, 0);
	is_int(rc, 0, "the scan succeeds");
	is_int(s.n, MANY + 5, "every file once, hidden names and folders left out");
	is_str(s.list.ptr,
	       "r/a\nr/b\nr/link\nr/many/f00000\nr/many/f00001\nr/many/f00002\nr/many/f00003\nr/many/f00004\n"
	       "r/many/f08999\nr/sub/x\nr/sub2/y\n", "in the order of a sorted walk, folders where their names sort");
	is_int(s.bad_size, 0, "each file with its own name and its own stat data");
	tz_buf_release(&s.list);

	memset(&s, 0, sizeof(s));
	rc = scan(&s, TZ_SCAN_HIDDEN | TZ_SCAN_SKIP_NESTED);
	is_int(rc, 0, "the scan with hidden names succeeds");
	is_int(s.n, MANY + 5, "hidden names in, the nested repository out");
	ok(strstr(s.list.ptr, "r/.hidden\n") && !strstr(s.list.ptr, "r/sub2"), "which are .hidden and sub2");
	tz_buf_release(&s.list);

	memset(&s, 0, sizeof(s));
	s.stop_at = 5000;
	rc = scan(&s, 0);
	is_int(rc, 7, "a callback's non-zero return stops the scan and is returned");
	is_int(s.n, 5000, "no callback after it");
	tz_buf_release(&s.list);

	memset(&s, 0, sizeof(s));
	s.unlink_at_first = 1;
	rc = scan(&s, TZ_SCAN_MISSING_OK);
	is_int(rc, 0, "a file gone before its stat is passed over when missing files are fine");
	is_int(s.n, MANY + 4, "so one file fewer");
	tz_buf_release(&s.list);

	snprintf(name, sizeof(name), "r/many/f%05d", MANY - 1);
	put(name, name + 7);
	memset(&s, 0, sizeof(s));
	s.unlink_at_first = 1;
	rc = scan(&s, 0);
	is_int(rc, -1, "else it is an error");
	is_str(tz_error_last(), "cannot stat r/many/f08999: No such file or directory", "naming the file");
	tz_buf_release(&s.list);

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	if (system(cmd) != 0)
		ok(0, "cannot remove %s", root);
	return tap_done();
}
