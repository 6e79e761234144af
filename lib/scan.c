/* scan.c - the working tree walk: one thread lists the folders (getdents
 * is cheap, and knows the folders by d_type) while the other processors
 * stat the files listed so far, in chunks, and the caller consumes the
 * files in order as they come, statting what nobody has yet. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "buf.h"
#include "error.h"
#include "i18n.h"
#include "parallel.h"
#include "scan.h"

#define CHUNK 128	/* files of one folder statted together */
#define WINDOW 128	/* chunks statted ahead of the caller, at most */

struct chunk {
	const char *rel;	/* the folder, relative to the scan's */
	const char *path;	/* the folder's repository path */
	char **names;		/* the folder's files, in order */
	size_t from, to;	/* of names */
	size_t dir;		/* folders */
	int done;		/* statted */
};

struct folder {
	char *rel;		/* relative to the scan's folder; "." for it */
	char *path;		/* the repository path */
	char **files;		/* its files' names, never moved once made */
	size_t nfiles;
};

/*
 * The folders are listed by a thread of their own while the workers stat
 * the files of the chunks listed so far and the caller consumes them: a
 * chunk is published (npub) once the next one is begun, as it can no
 * longer grow. s->chunks is moved only under mu and read only under mu
 * (a copy is taken); a folder's files and paths never move.
 */
struct scan {
	int rootfd;
	unsigned flags;
	struct folder *dirs;
	size_t ndirs, adirs;
	size_t nitems;
	struct chunk *chunks;
	size_t nchunks, achunks;

	/* the stat phase; the slots of chunk k are (k % WINDOW) * CHUNK... */
	struct stat *st;
	int *err;		/* errno of each slot's stat, 0 when done */
	size_t npub;		/* chunks the workers may take */
	int listed;		/* every folder listed: npub == nchunks */
	int listfd;		/* the scan's folder, for the lister */
	char *list_err;		/* the lister's failure */
	size_t next;		/* the next chunk to stat */
	size_t consumed;	/* chunks the caller is done with */
	int stop;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct tz_parallel *workers;
};

struct item {
	char *name;
	unsigned char type;
};

static void worker(size_t i, void *payload);

static int cmp_names(const void *a, const void *b)
{
	return strcmp(((const struct item *)a)->name, ((const struct item *)b)->name);
}

static size_t add_folder(struct scan *s, const char *rel, const char *path)
{
	TZ_ALLOC_GROW(s->dirs, s->ndirs + 1, s->adirs);
	memset(&s->dirs[s->ndirs], 0, sizeof(s->dirs[s->ndirs]));
	s->dirs[s->ndirs].rel = tz_strdup(rel);
	s->dirs[s->ndirs].path = tz_strdup(path);
	return s->ndirs++;
}

/* Add the file name (taken over) to folder dir. */
static void add_item(struct scan *s, size_t dir, char *name)
{
	struct folder *f = &s->dirs[dir];
	struct chunk *c = s->nchunks ? &s->chunks[s->nchunks - 1] : NULL;

	if (!c || c->dir != dir || c->to - c->from == CHUNK) {
		pthread_mutex_lock(&s->mu);
		TZ_ALLOC_GROW(s->chunks, s->nchunks + 1, s->achunks);
		c = &s->chunks[s->nchunks];
		c->rel = f->rel;
		c->path = f->path;
		c->names = f->files;
		c->from = c->to = f->nfiles;
		c->dir = dir;
		c->done = 0;
		s->npub = s->nchunks++;	/* the ones before are whole */
		pthread_cond_broadcast(&s->cv);
		pthread_mutex_unlock(&s->mu);
	}
	f->files[f->nfiles++] = name;
	c->to++;
	/* enough to share: the other processors start statting now */
	if (++s->nitems == 2 * CHUNK && !s->workers) {
		size_t n = tz_parallel_threads(s->nitems, 2 * CHUNK);
		if (n > 1)
			s->workers = tz_parallel_start(n - 1, worker, s);
	}
}

/* List the folder open as fd (closed here), folder number dir. */
static int list(struct scan *s, int fd, size_t dir)
{
	DIR *d = fdopendir(fd);
	struct item *names = NULL;
	size_t n = 0, alloc = 0;
	struct dirent *de;
	int ret = 0;

	if (!d) {
		close(fd);
		return tz_error_set(_("cannot read %s: %s"), s->dirs[dir].path, strerror(errno));
	}
	while ((de = readdir(d))) {
		const char *nm = de->d_name;
		if (nm[0] == '.' && (!(s->flags & TZ_SCAN_HIDDEN) || !nm[1] || !strcmp(nm, "..") || !strcmp(nm, ".git"))) {
			if ((s->flags & TZ_SCAN_SKIP_NESTED) && !strcmp(nm, ".git"))
				goto nested;
			continue;
		}
		TZ_ALLOC_GROW(names, n + 1, alloc);
		names[n].name = tz_strdup(nm);
		names[n++].type = de->d_type;
	}
	if (n > 1)
		tz_sort(names, n, sizeof(*names), cmp_names);
	s->dirs[dir].files = tz_calloc(n ? n : 1, sizeof(char *));
	for (size_t i = 0; i < n; i++) {
		int isdir = names[i].type == DT_DIR, sub;
		struct stat st;

		if (ret) {
			free(names[i].name);
			continue;
		}
		if (names[i].type == DT_UNKNOWN)
			isdir = fstatat(dirfd(d), names[i].name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode);
		if (isdir && (sub = openat(dirfd(d), names[i].name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW)) >= 0) {
			struct tz_buf rel = TZ_BUF_INIT, path = TZ_BUF_INIT;
			size_t k;
			if (dir)
				tz_buf_printf(&rel, "%s/%s", s->dirs[dir].rel, names[i].name);
			else
				tz_buf_puts(&rel, names[i].name);
			tz_buf_printf(&path, "%s/%s", s->dirs[dir].path, names[i].name);
			k = add_folder(s, rel.ptr, path.ptr);
			tz_buf_release(&rel);
			tz_buf_release(&path);
			free(names[i].name);
			ret = list(s, sub, k);
			continue;
		}
		if (isdir && errno != ENOTDIR && errno != ELOOP &&
		    !(errno == ENOENT && (s->flags & TZ_SCAN_MISSING_OK))) {
			struct tz_buf path = TZ_BUF_INIT;
			int e = errno;
			tz_buf_printf(&path, "%s/%s", s->dirs[dir].path, names[i].name);
			ret = tz_error_set(_("cannot open %s: %s"), path.ptr, strerror(e));
			tz_buf_release(&path);
			free(names[i].name);
			continue;
		}
		add_item(s, dir, names[i].name);	/* a file, or what is no longer a folder */
	}
	free(names);
	closedir(d);
	return ret;
nested:
	for (size_t i = 0; i < n; i++)
		free(names[i].name);
	free(names);
	closedir(d);
	return 0;
}

/* Stat the files of chunk k, a copy of s->chunks[k] taken under mu. */
static void stat_chunk(struct scan *s, size_t k, const struct chunk *c)
{
	size_t slot = (k % WINDOW) * CHUNK;
	int fd = s->rootfd, own = 0;

	if (c->dir) {
		fd = openat(s->rootfd, c->rel, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
		own = fd >= 0;
	}
	for (size_t i = c->from; i < c->to; i++, slot++) {
		s->err[slot] = 0;
		if (fd < 0)
			s->err[slot] = errno ? errno : ENOENT;
		else if (fstatat(fd, c->names[i], &s->st[slot], AT_SYMLINK_NOFOLLOW) < 0)
			s->err[slot] = errno;
	}
	if (own)
		close(fd);
}

/* A worker: stat the chunks nobody has claimed, at most WINDOW ahead. */
static void worker(size_t i, void *payload)
{
	struct scan *s = payload;

	(void)i;
	pthread_mutex_lock(&s->mu);
	for (;;) {
		struct chunk c;
		size_t k;
		if (s->stop || (s->listed && s->next >= s->nchunks))
			break;
		if (s->next >= s->npub || s->next >= s->consumed + WINDOW) {
			pthread_cond_wait(&s->cv, &s->mu);
			continue;
		}
		k = s->next++;
		c = s->chunks[k];
		pthread_mutex_unlock(&s->mu);
		stat_chunk(s, k, &c);
		pthread_mutex_lock(&s->mu);
		s->chunks[k].done = 1;
		pthread_cond_broadcast(&s->cv);
	}
	pthread_mutex_unlock(&s->mu);
}

/* Hand the files of chunk k to fn, in order. */
static int deliver(struct scan *s, size_t k, const struct chunk *c, struct tz_buf *path, tz_scan_fn fn,
		   void *payload)
{
	size_t slot = (k % WINDOW) * CHUNK;
	int ret = 0;

	for (size_t i = c->from; i < c->to && !ret; i++, slot++) {
		const char *name = c->names[i];
		tz_buf_clear(path);
		tz_buf_printf(path, "%s/%s", c->path, name);
		if (s->err[slot] == ENOENT && (s->flags & TZ_SCAN_MISSING_OK))
			continue;
		if (s->err[slot])
			ret = tz_error_set(_("cannot stat %s: %s"), path->ptr, strerror(s->err[slot]));
		else
			ret = fn(path->ptr, name, &s->st[slot], payload);
	}
	return ret;
}

static void lister(size_t i, void *payload)
{
	struct scan *s = payload;
	int ret = list(s, s->listfd, 0);

	(void)i;
	pthread_mutex_lock(&s->mu);
	if (ret) {
		s->list_err = tz_strdup(tz_error_last());	/* errors are per thread */
		s->stop = 1;
	}
	s->listed = 1;
	s->npub = s->nchunks;
	pthread_cond_broadcast(&s->cv);
	pthread_mutex_unlock(&s->mu);
}

int tz_scan(int dirfd, const char *dir, unsigned flags, tz_scan_fn fn, void *payload)
{
	struct scan s;
	struct tz_buf path = TZ_BUF_INIT;
	struct tz_parallel *listing = NULL;
	int ret = 0;

	memset(&s, 0, sizeof(s));
	s.rootfd = dup(dirfd);
	s.flags = flags;
	pthread_mutex_init(&s.mu, NULL);
	pthread_cond_init(&s.cv, NULL);
	add_folder(&s, ".", dir);
	if (s.rootfd < 0) {
		ret = tz_error_set(_("cannot read %s: %s"), dir, strerror(errno));
		close(dirfd);
		goto out;
	}
	s.st = tz_calloc(WINDOW * CHUNK, sizeof(*s.st));
	s.err = tz_calloc(WINDOW * CHUNK, sizeof(*s.err));
	s.listfd = dirfd;
	listing = tz_parallel_start(1, lister, &s);
	for (size_t k = 0; !ret; k++) {
		struct chunk c;
		int end = 0;

		pthread_mutex_lock(&s.mu);
		for (;;) {
			if (s.list_err) {
				ret = tz_error_set("%s", s.list_err);
				break;
			}
			if (k < s.npub && s.chunks[k].done)
				break;
			if (s.listed && k >= s.nchunks) {
				end = 1;
				break;
			}
			/* chunk k not listed yet, not statted yet, or a worker
			 * has it: stat the next one here rather than wait */
			if (s.next < s.npub && s.next < k + WINDOW) {
				size_t j = s.next++;
				c = s.chunks[j];
				pthread_mutex_unlock(&s.mu);
				stat_chunk(&s, j, &c);
				pthread_mutex_lock(&s.mu);
				s.chunks[j].done = 1;
				continue;
			}
			pthread_cond_wait(&s.cv, &s.mu);
		}
		if (end || ret) {
			pthread_mutex_unlock(&s.mu);
			break;
		}
		c = s.chunks[k];
		pthread_mutex_unlock(&s.mu);
		ret = deliver(&s, k, &c, &path, fn, payload);
		pthread_mutex_lock(&s.mu);
		s.consumed = k + 1;
		if (ret)
			s.stop = 1;
		pthread_cond_broadcast(&s.cv);
		pthread_mutex_unlock(&s.mu);
	}
out:
	tz_parallel_join(listing);	/* it lists to the end, then the workers stop */
	tz_parallel_join(s.workers);
	pthread_cond_destroy(&s.cv);
	pthread_mutex_destroy(&s.mu);
	if (s.rootfd >= 0)
		close(s.rootfd);
	for (size_t i = 0; i < s.ndirs; i++) {
		for (size_t j = 0; j < s.dirs[i].nfiles; j++)
			free(s.dirs[i].files[j]);
		free(s.dirs[i].files);
		free(s.dirs[i].rel);
		free(s.dirs[i].path);
	}
	free(s.dirs);
	free(s.chunks);
	free(s.st);
	free(s.err);
	free(s.list_err);
	tz_buf_release(&path);
	return ret;
}
