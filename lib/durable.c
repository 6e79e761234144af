/* durable.c - the one way tz writes a file that must survive a crash:
 * temporary file, fsync, rename, fsync of the folder. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "buf.h"
#include "durable.h"
#include "error.h"
#include "i18n.h"
#include "tempfile.h"

/* path's folder into dir ("." when path has no slash). */
static void folder_of(struct tz_buf *dir, const char *path)
{
	const char *slash = strrchr(path, '/');

	tz_buf_clear(dir);
	if (!slash)
		tz_buf_puts(dir, ".");
	else if (slash == path)
		tz_buf_puts(dir, "/");
	else
		tz_buf_put(dir, path, (size_t)(slash - path));
}

static int sync_folder(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc;

	if (fd < 0)
		return tz_error_set(_("cannot open %s: %s"), dir, strerror(errno));
	rc = fsync(fd);
	if (rc < 0 && errno != EINVAL) {	/* EINVAL: the file system cannot sync folders */
		int e = errno;
		close(fd);
		return tz_error_set(_("cannot sync %s: %s"), dir, strerror(e));
	}
	close(fd);
	return 0;
}

int tz_durable_sync_dir(const char *path)
{
	struct tz_buf dir = TZ_BUF_INIT;
	int rc;

	folder_of(&dir, path);
	rc = sync_folder(dir.ptr);
	tz_buf_release(&dir);
	return rc;
}

static int write_all(int fd, const char *p, size_t len)
{
	while (len) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int tz_durable_write(const char *path, const void *data, size_t len, unsigned flags)
{
	static unsigned serial;
	struct tz_buf tmp = TZ_BUF_INIT, dir = TZ_BUF_INIT;
	const char *name = strrchr(path, '/');
	struct stat st;
	int fd = -1, slot = -1, ret = -1, e;

	folder_of(&dir, path);
	name = name ? name + 1 : path;
	for (;;) {
		tz_buf_clear(&tmp);
		if (name != path)
			tz_buf_printf(&tmp, "%s/", dir.ptr);
		tz_buf_printf(&tmp, ".%s.tz-%ld-%u", name, (long)getpid(), serial++);
		fd = open(tmp.ptr, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0666);
		if (fd >= 0 || errno != EEXIST)
			break;
	}
	if (fd < 0) {
		tz_error_set(_("cannot create %s: %s"), tmp.ptr, strerror(errno));
		goto out;
	}
	slot = tz_tempfile_register(tmp.ptr);
	/* keep the permissions of the file being replaced */
	if (lstat(path, &st) == 0 && S_ISREG(st.st_mode) && fchmod(fd, st.st_mode & 07777) < 0) {
		tz_error_set(_("cannot set the mode of %s: %s"), tmp.ptr, strerror(errno));
		goto out;
	}
	if (write_all(fd, data, len) < 0) {
		tz_error_set(_("cannot write %s: %s"), tmp.ptr, errno ? strerror(errno) : "short write");
		goto out;
	}
	if (fsync(fd) < 0) {
		tz_error_set(_("cannot sync %s: %s"), tmp.ptr, strerror(errno));
		goto out;
	}
	e = close(fd);
	fd = -1;
	if (e < 0) {
		tz_error_set(_("cannot write %s: %s"), tmp.ptr, strerror(errno));
		goto out;
	}
	if (flags & TZ_DURABLE_NEW) {
		if (link(tmp.ptr, path) < 0) {
			if (errno == EEXIST)
				ret = 1;
			else
				tz_error_set(_("cannot create %s: %s"), path, strerror(errno));
			goto out;
		}
		unlink(tmp.ptr);
	} else if (rename(tmp.ptr, path) < 0) {
		tz_error_set(_("cannot replace %s: %s"), path, strerror(errno));
		goto out;
	}
	tz_tempfile_forget(slot);
	slot = -1;
	ret = sync_folder(dir.ptr);
	tz_buf_release(&tmp);	/* renamed: nothing to remove */
out:
	if (fd >= 0)
		close(fd);
	if (tmp.len) {
		e = errno;
		unlink(tmp.ptr);
		errno = e;
	}
	tz_tempfile_forget(slot);
	tz_buf_release(&tmp);
	tz_buf_release(&dir);
	return ret;
}

int tz_durable_rename(const char *from, const char *to)
{
	struct tz_buf a = TZ_BUF_INIT, b = TZ_BUF_INIT;
	int rc;

	if (rename(from, to) < 0)
		return tz_error_set(_("cannot rename %s to %s: %s"), from, to, strerror(errno));
	folder_of(&a, from);
	folder_of(&b, to);
	rc = sync_folder(b.ptr);
	if (!rc && strcmp(a.ptr, b.ptr))
		rc = sync_folder(a.ptr);
	tz_buf_release(&a);
	tz_buf_release(&b);
	return rc;
}

/* All of fd into data. Returns 0, or -1 with errno set. */
static int read_all(int fd, struct tz_buf *data)
{
	char chunk[65536];
	ssize_t n;

	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		tz_buf_put(data, chunk, (size_t)n);
	}
	return 0;
}

int tz_durable_copy(const char *from, const char *to)
{
	struct tz_buf data = TZ_BUF_INIT;
	int in = open(from, O_RDONLY | O_NOFOLLOW | O_CLOEXEC), rc;

	if (in < 0)
		return tz_error_set(_("cannot read %s: %s"), from, strerror(errno));
	rc = read_all(in, &data);
	close(in);
	if (rc < 0)
		rc = tz_error_set(_("cannot read %s: %s"), from, strerror(errno));
	else
		rc = tz_durable_write(to, data.ptr ? data.ptr : "", data.len, TZ_DURABLE_NEW);
	if (rc == 1)
		rc = tz_error_set(_("cannot create %s: %s"), to, strerror(EEXIST));
	tz_buf_release(&data);
	return rc;
}

/* tz_output_write, following at most `links` more symbolic links */
static int output_write(const char *path, const void *data, size_t len, int links)
{
	struct tz_buf target = TZ_BUF_INIT;
	struct stat st;
	char link[4096];
	ssize_t n;
	int fd, rc;

	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		if (S_ISDIR(st.st_mode))
			return tz_error_set("%s", strerror(EISDIR));
		/* /dev/null, /dev/stdout, a FIFO, a terminal: written, never replaced */
		fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
		if (fd < 0)
			return tz_error_set("%s", strerror(errno));
		errno = 0;
		rc = write_all(fd, data, len);
		if (rc < 0)
			tz_error_set("%s", errno ? strerror(errno) : "short write");
		if (close(fd) < 0 && !rc)
			rc = tz_error_set("%s", strerror(errno));
		return rc;
	}
	if (lstat(path, &st) < 0 || !S_ISLNK(st.st_mode))
		return tz_durable_write(path, data, len, 0);
	/* the file the link names is written (made, if need be), the link kept */
	if (!links)
		return tz_error_set("%s", strerror(ELOOP));
	n = readlink(path, link, sizeof(link) - 1);
	if (n < 0)
		return tz_error_set("%s", strerror(errno));
	link[n] = '\0';
	if (link[0] != '/' && strchr(path, '/')) {
		folder_of(&target, path);
		tz_buf_putc(&target, '/');
	}
	tz_buf_puts(&target, link);
	rc = output_write(target.ptr, data, len, links - 1);
	tz_buf_release(&target);
	return rc;
}

int tz_output_write(const char *path, const void *data, size_t len)
{
	return output_write(path, data, len, 40);
}

int tz_output_copy(const char *from, const char *to)
{
	struct tz_buf data = TZ_BUF_INIT;
	int in = open(from, O_RDONLY | O_NOFOLLOW | O_CLOEXEC), rc;

	if (in < 0)
		return tz_error_set(_("cannot read %s: %s"), from, strerror(errno));
	rc = read_all(in, &data);
	close(in);
	if (rc < 0)
		rc = tz_error_set(_("cannot read %s: %s"), from, strerror(errno));
	else
		rc = tz_output_write(to, data.ptr ? data.ptr : "", data.len);
	tz_buf_release(&data);
	return rc;
}

int tz_durable_mkdirs(const char *path)
{
	struct tz_buf p = TZ_BUF_INIT;
	int ret = 0;

	if (!*path)
		return tz_error_set(_("cannot make %s: %s"), "\"\"", strerror(ENOENT));
	tz_buf_puts(&p, path);
	for (char *s = p.ptr + 1; *s && !ret; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p.ptr, 0777) < 0 && errno != EEXIST)
			ret = tz_error_set(_("cannot make %s: %s"), p.ptr, strerror(errno));
		*s = '/';
	}
	if (!ret && mkdir(p.ptr, 0777) < 0 && errno != EEXIST)
		ret = tz_error_set(_("cannot make %s: %s"), p.ptr, strerror(errno));
	tz_buf_release(&p);
	return ret;
}
