/* lock.c - taking .git/index.lock with an owner record beside it, and
 * telling a lock held by a live process from one left by a killed tz. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include "error.h"
#include "i18n.h"
#include "lock.h"
#include "tempfile.h"
#include "text.h"

struct owner {
	long pid;
	unsigned long long start;	/* clock ticks after boot, /proc/PID/stat */
	char boot[40];			/* /proc/sys/kernel/random/boot_id */
	unsigned long long dev, ino;
	long long ctime_sec, ctime_nsec;
	char ref_lock[4096];		/* "": not moving a ref */
};

/* The start time of process pid, from field 22 of /proc/PID/stat: 0 when
 * there is no such process (or no /proc: then nothing is provable). */
static unsigned long long start_time(long pid)
{
	char path[64], buf[1024], *p;
	unsigned long long start = 0;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	p = strrchr(buf, ')');	/* the command name may hold spaces */
	if (!p)
		return 0;
	/* field 3 (state) follows ") "; the start time is field 22 */
	for (int field = 2; p && field < 22; field++)
		p = strchr(p + 1, ' ');
	if (p)
		start = strtoull(p + 1, NULL, 10);
	return start;
}

static void boot_id(char *out, size_t size)
{
	int fd = open("/proc/sys/kernel/random/boot_id", O_RDONLY | O_CLOEXEC);
	ssize_t n = fd >= 0 ? read(fd, out, size - 1) : -1;

	if (fd >= 0)
		close(fd);
	if (n < 0)
		n = 0;
	out[n] = '\0';
	out[strcspn(out, "\n")] = '\0';
}

static int have_proc(void)
{
	return access("/proc/self/stat", R_OK) == 0;
}

static int read_owner(int fd, struct owner *o)
{
	char buf[8192], *ref;
	ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);

	memset(o, 0, sizeof(*o));
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	if (sscanf(buf, "pid %ld start %llu boot %39s lock %llu %llu %lld.%lld", &o->pid, &o->start, o->boot,
		   &o->dev, &o->ino, &o->ctime_sec, &o->ctime_nsec) != 7)
		return -1;
	ref = strstr(buf, "\nref ");
	if (ref) {
		ref += 5;
		snprintf(o->ref_lock, sizeof(o->ref_lock), "%.*s", (int)strcspn(ref, "\n"), ref);
	}
	return 0;
}

static long long write_owner(int fd, const struct stat *lock)
{
	char buf[256], boot[40];
	int n;

	boot_id(boot, sizeof(boot));
	n = snprintf(buf, sizeof(buf),
		     "pid %ld start %llu boot %s lock %llu %llu %lld.%09ld\n"
		     "; tz commit holds the index.lock beside this file; it is removed when that\n"
		     "; process is gone (see tz-commit(1), RECOVERY)\n",
		     (long)getpid(), start_time((long)getpid()), *boot ? boot : "-",
		     (unsigned long long)lock->st_dev, (unsigned long long)lock->st_ino,
		     (long long)lock->st_ctim.tv_sec, lock->st_ctim.tv_nsec);
	if (ftruncate(fd, 0) < 0 || pwrite(fd, buf, (size_t)n, 0) != n)
		return -1;
	return n;
}

void tz_lock_note_ref(struct tz_lock *l, const char *ref_lock)
{
	struct tz_buf b = TZ_BUF_INIT;

	if (!l->held || l->record_len <= 0 || strchr(ref_lock, '\n'))
		return;
	tz_buf_printf(&b, "ref %s\n", ref_lock);
	if (pwrite(l->owner_fd, b.ptr, b.len, (off_t)l->record_len) == (ssize_t)b.len)
		l->record_len += (long long)b.len;
	tz_buf_release(&b);
}

/* The ref lock that a dead owner o was moving, if it is still there and was
 * made after o took the index lock: then it is o's, and goes with it. */
static int remove_ref_lock(const struct owner *o)
{
	struct stat st;

	if (!*o->ref_lock || lstat(o->ref_lock, &st) < 0 || !S_ISREG(st.st_mode))
		return 0;
	if ((long long)st.st_ctim.tv_sec < o->ctime_sec ||
	    ((long long)st.st_ctim.tv_sec == o->ctime_sec && (long long)st.st_ctim.tv_nsec < o->ctime_nsec))
		return 0;
	return unlink(o->ref_lock) == 0;
}

/* Whether the owner o of the lock file st is provably gone. */
static int owner_gone(const struct owner *o, const struct stat *st)
{
	char boot[40];
	unsigned long long now;

	if (o->dev != (unsigned long long)st->st_dev || o->ino != (unsigned long long)st->st_ino ||
	    o->ctime_sec != (long long)st->st_ctim.tv_sec || o->ctime_nsec != (long long)st->st_ctim.tv_nsec)
		return 0;	/* the record is about another lock file */
	boot_id(boot, sizeof(boot));
	if (*boot && strcmp(boot, o->boot))
		return 1;	/* the machine restarted since */
	if (!have_proc())
		return 0;
	now = start_time(o->pid);
	return now == 0 || now != o->start;
}

/* Remove GITDIR/index.tz-PID[.lock] files whose process is gone. */
static void remove_dead_temporaries(const char *gitdir)
{
	DIR *d = opendir(gitdir);
	struct dirent *de;

	if (!d)
		return;
	while ((de = readdir(d))) {
		char *end;
		long pid;

		if (strncmp(de->d_name, "index.tz-", 9) || !isdigit((unsigned char)de->d_name[9]))
			continue;
		pid = strtol(de->d_name + 9, &end, 10);
		if ((*end && strcmp(end, ".lock")) || pid <= 0 || pid == (long)getpid())
			continue;
		if (kill((pid_t)pid, 0) < 0 && errno == ESRCH)
			unlinkat(dirfd(d), de->d_name, 0);
	}
	closedir(d);
}

/* With the owner record flock'ed: when index.lock is there and was left by
 * a tz that is gone, remove it (and the ref lock it left) and say so in
 * *notice. Returns 1 when it removed it. */
static int clear_if_stale(struct tz_lock *l, struct tz_buf *notice)
{
	struct tz_buf q = TZ_BUF_INIT;
	struct owner o;
	struct stat st;
	int ref;

	if (lstat(l->path, &st) < 0 || read_owner(l->owner_fd, &o) < 0 || !owner_gone(&o, &st))
		return 0;
	ref = remove_ref_lock(&o);
	unlink(l->path);
	if (ftruncate(l->owner_fd, 0) < 0) {
		/* the record no longer matches any lock: harmless */
	}
	if (notice) {
		struct tz_buf r = TZ_BUF_INIT;
		tz_buf_clear(notice);
		tz_quote(&q, l->path);
		if (ref) {
			tz_quote(&r, o.ref_lock);
			tz_buf_printf(notice, _("removed %s and %s, left by tz commit (process %ld), which is gone"),
				      q.ptr, r.ptr, o.pid);
		} else {
			tz_buf_printf(notice, _("removed %s, left by tz commit (process %ld), which is gone"),
				      q.ptr, o.pid);
		}
		tz_buf_release(&r);
	}
	tz_buf_release(&q);
	return 1;
}

static void set_paths(struct tz_lock *l, const char *gitdir)
{
	struct tz_buf b = TZ_BUF_INIT;

	if (l->path)
		return;
	tz_buf_printf(&b, "%sindex.lock", gitdir);
	l->path = tz_buf_detach(&b);
	tz_buf_printf(&b, "%sindex.lock.owner", gitdir);
	l->owner_path = tz_buf_detach(&b);
}

int tz_lock_clear_stale(struct tz_lock *l, const char *gitdir, struct tz_buf *notice)
{
	struct stat st;
	int fd, rc = 0;

	set_paths(l, gitdir);
	if (lstat(l->path, &st) < 0)
		return 0;
	fd = open(l->owner_path, O_RDWR | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return 0;	/* no tz ever took it here */
	if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
		int keep = l->owner_fd;
		l->owner_fd = fd;
		rc = clear_if_stale(l, notice);
		l->owner_fd = keep;
		remove_dead_temporaries(gitdir);
		flock(fd, LOCK_UN);
	}
	close(fd);
	return rc;
}

int tz_lock_index(struct tz_lock *l, const char *gitdir, unsigned timeout_ms, struct tz_buf *notice)
{
	struct tz_buf q = TZ_BUF_INIT;
	struct owner o;
	struct stat st;
	unsigned waited = 0;
	int ours = 0, fd;

	set_paths(l, gitdir);
	if (l->owner_fd < 0) {
		l->owner_fd = open(l->owner_path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0666);
		if (l->owner_fd < 0)
			return tz_error_set(_("cannot create %s: %s"), l->owner_path, strerror(errno));
	}
	for (;; usleep(2000), waited += 2) {
		if (flock(l->owner_fd, LOCK_EX | LOCK_NB) < 0) {
			if (errno != EWOULDBLOCK)
				return tz_error_set(_("cannot lock %s: %s"), l->owner_path, strerror(errno));
			ours = 1;	/* a live tz holds it */
			if (waited >= timeout_ms)
				break;
			continue;
		}
		ours = 0;
		fd = open(l->path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
		if (fd >= 0) {
			l->slot = tz_tempfile_register(l->path);
			l->held = 1;
			l->record_len = fstat(fd, &st) == 0 ? write_owner(l->owner_fd, &st) : -1;
			close(fd);
			remove_dead_temporaries(gitdir);
			return 0;
		}
		if (errno != EEXIST) {
			int e = errno;
			flock(l->owner_fd, LOCK_UN);
			return tz_error_set(_("cannot create %s: %s"), l->path, strerror(e));
		}
		/* no live tz holds it: a dead one may have left it */
		if (clear_if_stale(l, notice)) {
			flock(l->owner_fd, LOCK_UN);
			continue;	/* take it at once */
		}
		flock(l->owner_fd, LOCK_UN);
		if (waited >= timeout_ms)
			break;
	}
	tz_quote(&q, l->path);
	if (ours && read_owner(l->owner_fd, &o) == 0)
		tz_error_set(_("cannot lock the index: %s is held by tz commit (process %ld), still running; "
			     "try again when it has finished"), q.ptr, o.pid);
	else if (!strchr(l->path, '\'') && !strchr(q.ptr, '"'))
		tz_error_set(_("cannot lock the index: %s exists; another git process seems to be running in "
			     "this repository. If none is (a git command was killed), remove the file: rm '%s'"),
			     q.ptr, l->path);
	else
		tz_error_set(_("cannot lock the index: %s exists; another git process seems to be running in "
			     "this repository. If none is (a git command was killed), remove the file"),
			     q.ptr);
	tz_buf_release(&q);
	return -1;
}

void tz_lock_release(struct tz_lock *l)
{
	if (l->held) {
		unlink(l->path);
		tz_tempfile_forget(l->slot);
		l->slot = -1;
		l->held = 0;
		if (ftruncate(l->owner_fd, 0) < 0) {
			/* a record that names no existing lock is ignored */
		}
		flock(l->owner_fd, LOCK_UN);
	}
}

void tz_lock_free(struct tz_lock *l)
{
	tz_lock_release(l);
	if (l->owner_fd >= 0)
		close(l->owner_fd);
	free(l->path);
	free(l->owner_path);
	l->path = l->owner_path = NULL;
	l->owner_fd = -1;
}
