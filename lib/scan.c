/* scan.c - the working tree walk: one thread lists the folders (getdents is
 * cheap, and knows the folders by d_type), then the files are statted in
 * chunks by every processor while the caller consumes them in order. */
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
#define WINDOW 64	/* chunks statted ahead of the caller, at most */

struct item {
	char *name;	/* while a folder is listed; then in the arena */
};

struct chunk {
	size_t from, to;	/* items */
	size_t dir;		/* folders */
};

struct folder {
	char *rel;		/* relative to the scan's folder; "." for it */
	char *path;		/* the repository path */
};

struct scan {
	int rootfd;
	unsigned flags;
	struct folder *dirs;
	size_t ndirs, adirs;
	size_t *items;		/* offsets of the files' names in names */
	size_t nitems, aitems;
	struct tz_buf names;	/* every name, NUL-terminated, one after another */
	struct chunk *chunks;
	size_t nchunks, achunks;

	/* the stat phase; the slots of chunk k are (k % WINDOW) * CHUNK... */
	struct stat *st;
	int *err;		/* errno of each slot's stat, 0 when done */
	unsigned char *done;	/* per chunk */
	size_t next;		/* the next chunk to stat */
	size_t consumed;	/* chunks the caller is done with */
	int stop;
	pthread_mutex_t mu;
	pthread_cond_t cv;
};

static int cmp_names(const void *a, const void *b)
{
	return strcmp(((const struct item *)a)->name, ((const struct item *)b)->name);
}

static size_t add_folder(struct scan *s, const char *rel, const char *path)
{
	TZ_ALLOC_GROW(s->dirs, s->ndirs + 1, s->adirs);
	s->dirs[s->ndirs].rel = tz_strdup(rel);
	s->dirs[s->ndirs].path = tz_strdup(path);
	return s->ndirs++;
}

static void add_item(struct scan *s, size_t dir, char *name)
{
	struct chunk *c = s->nchunks ? &s->chunks[s->nchunks - 1] : NULL;

	if (!c || c->dir != dir || c->to - c->from == CHUNK) {
		TZ_ALLOC_GROW(s->chunks, s->nchunks + 1, s->achunks);
		c = &s->chunks[s->nchunks++];
		c->from = c->to = s->nitems;
		c->dir = dir;
	}
	TZ_ALLOC_GROW(s->items, s->nitems + 1, s->aitems);
	s->items[s->nitems++] = s->names.len;
	tz_buf_puts(&s->names, name);
	tz_buf_putc(&s->names, 0);
	free(name);
	c->to++;
}

/* List the folder open as fd (closed here), folder number dir. */
static int list(struct scan *s, int fd, size_t dir)
{
	DIR *d = fdopendir(fd);
	struct item *names = NULL;
	unsigned char *types = NULL;
	size_t n = 0, alloc = 0, talloc = 0;
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
		TZ_ALLOC_GROW(types, n + 1, talloc);
		names[n].name = tz_strdup(nm);
		types[n++] = de->d_type;
	}
	if (n > 1) {
		/* sort the names, and their types with them */
		struct { struct item it; unsigned char type; } *pairs = tz_calloc(n, sizeof(*pairs));
		for (size_t i = 0; i < n; i++) {
			pairs[i].it = names[i];
			pairs[i].type = types[i];
		}
		tz_sort(pairs, n, sizeof(*pairs), cmp_names);
		for (size_t i = 0; i < n; i++) {
			names[i] = pairs[i].it;
			types[i] = pairs[i].type;
		}
		free(pairs);
	}
	for (size_t i = 0; i < n; i++) {
		int isdir = types[i] == DT_DIR, sub;
		struct stat st;

		if (ret) {
			free(names[i].name);
			continue;
		}
		if (types[i] == DT_UNKNOWN)
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
	free(types);
	closedir(d);
	return ret;
nested:
	for (size_t i = 0; i < n; i++)
		free(names[i].name);
	free(names);
	free(types);
	closedir(d);
	return 0;
}

static void stat_chunk(struct scan *s, size_t k)
{
	const struct chunk *c = &s->chunks[k];
	size_t slot = (k % WINDOW) * CHUNK;
	int fd = s->rootfd, own = 0;

	if (c->dir) {
		fd = openat(s->rootfd, s->dirs[c->dir].rel, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
		own = fd >= 0;
	}
	for (size_t i = c->from; i < c->to; i++, slot++) {
		s->err[slot] = 0;
		if (fd < 0)
			s->err[slot] = errno ? errno : ENOENT;
		else if (fstatat(fd, s->names.ptr + s->items[i], &s->st[slot], AT_SYMLINK_NOFOLLOW) < 0)
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
		size_t k;
		while (!s->stop && s->next < s->nchunks && s->next >= s->consumed + WINDOW)
			pthread_cond_wait(&s->cv, &s->mu);
		if (s->stop || s->next >= s->nchunks)
			break;
		k = s->next++;
		pthread_mutex_unlock(&s->mu);
		stat_chunk(s, k);
		pthread_mutex_lock(&s->mu);
		s->done[k] = 1;
		pthread_cond_broadcast(&s->cv);
	}
	pthread_mutex_unlock(&s->mu);
}

/* Hand the files of chunk k to fn, in order. */
static int deliver(struct scan *s, size_t k, struct tz_buf *path, tz_scan_fn fn, void *payload)
{
	const struct chunk *c = &s->chunks[k];
	size_t slot = (k % WINDOW) * CHUNK;
	int ret = 0;

	for (size_t i = c->from; i < c->to && !ret; i++, slot++) {
		const char *name = s->names.ptr + s->items[i];
		tz_buf_clear(path);
		tz_buf_printf(path, "%s/%s", s->dirs[c->dir].path, name);
		if (s->err[slot] == ENOENT && (s->flags & TZ_SCAN_MISSING_OK))
			continue;
		if (s->err[slot])
			ret = tz_error_set(_("cannot stat %s: %s"), path->ptr, strerror(s->err[slot]));
		else
			ret = fn(path->ptr, name, &s->st[slot], payload);
	}
	return ret;
}

int tz_scan(int dirfd, const char *dir, unsigned flags, tz_scan_fn fn, void *payload)
{
	struct scan s;
	struct tz_parallel *workers = NULL;
	struct tz_buf path = TZ_BUF_INIT;
	size_t nthreads;
	int ret;

	memset(&s, 0, sizeof(s));
	s.rootfd = dup(dirfd);
	s.flags = flags;
	add_folder(&s, ".", dir);
	if (s.rootfd < 0) {
		ret = tz_error_set(_("cannot read %s: %s"), dir, strerror(errno));
		close(dirfd);
		goto out;
	}
	ret = list(&s, dirfd, 0);
	if (ret || !s.nchunks)
		goto out;
	s.st = tz_calloc(WINDOW * CHUNK, sizeof(*s.st));
	s.err = tz_calloc(WINDOW * CHUNK, sizeof(*s.err));
	s.done = tz_calloc(s.nchunks, 1);
	pthread_mutex_init(&s.mu, NULL);
	pthread_cond_init(&s.cv, NULL);
	nthreads = tz_parallel_threads(s.nitems, 2 * CHUNK);
	if (nthreads > 1)
		workers = tz_parallel_start(nthreads - 1, worker, &s);
	for (size_t k = 0; k < s.nchunks && !ret; k++) {
		pthread_mutex_lock(&s.mu);
		while (!s.done[k]) {
			if (s.next == k) {	/* nobody has it yet: stat it here */
				s.next++;
				pthread_mutex_unlock(&s.mu);
				stat_chunk(&s, k);
				pthread_mutex_lock(&s.mu);
				s.done[k] = 1;
				break;
			}
			pthread_cond_wait(&s.cv, &s.mu);
		}
		pthread_mutex_unlock(&s.mu);
		ret = deliver(&s, k, &path, fn, payload);
		pthread_mutex_lock(&s.mu);
		s.consumed = k + 1;
		if (ret)
			s.stop = 1;
		pthread_cond_broadcast(&s.cv);
		pthread_mutex_unlock(&s.mu);
	}
	tz_parallel_join(workers);
	pthread_cond_destroy(&s.cv);
	pthread_mutex_destroy(&s.mu);
out:
	if (s.rootfd >= 0)
		close(s.rootfd);
	free(s.items);
	tz_buf_release(&s.names);
	for (size_t i = 0; i < s.ndirs; i++) {
		free(s.dirs[i].rel);
		free(s.dirs[i].path);
	}
	free(s.dirs);
	free(s.chunks);
	free(s.st);
	free(s.err);
	free(s.done);
	tz_buf_release(&path);
	return ret;
}
