/* changes.c - changed files between two trees, or a tree and the working
 * tree, paired into records by type and ID. Our own tree walk skips subtrees
 * with equal ids (libgit2's tree-to-tree diff visits every entry), and the
 * working tree is compared through the index's stat data as git does. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "buf.h"
#include "changes.h"
#include "error.h"
#include "i18n.h"
#include "load.h"
#include "parallel.h"
#include "place.h"
#include "rev.h"
#include "scan.h"
#include "strmap.h"
#include "vouch.h"

static struct tz_change *add_change(struct tz_changes *out)
{
	struct tz_change *c;

	TZ_ALLOC_GROW(out->v, out->n + 1, out->alloc);
	c = &out->v[out->n++];
	memset(c, 0, sizeof(*c));
	return c;
}

void tz_changes_release(struct tz_changes *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->v[i].old_path);
		free(c->v[i].new_path);
		free(c->v[i].id);
		free(c->v[i].st);
	}
	free(c->v);
	c->v = NULL;
	c->n = c->alloc = c->left_out = 0;
}

int tz_path_matches(const char *path, const char *const *paths, size_t npaths)
{
	if (!npaths)
		return 1;
	for (size_t i = 0; i < npaths; i++) {
		size_t n = strlen(paths[i]);
		while (n && paths[i][n - 1] == '/')
			n--;
		if (n == 0 || (!strncmp(path, paths[i], n) && (path[n] == '\0' || path[n] == '/')))
			return 1;
	}
	return 0;
}

/* ---- tree against tree ---- */

static int is_blob_mode(git_filemode_t m)
{
	return m == GIT_FILEMODE_BLOB || m == GIT_FILEMODE_BLOB_EXECUTABLE || m == GIT_FILEMODE_LINK;
}

/* The subtree at dir ("records", "a/b") of t, or NULL (absent, or not a
 * tree); *owned: the caller frees it (it is not t itself). */
static int subtree(git_tree **out, int *owned, git_repository *repo, git_tree *t, const char *dir)
{
	git_tree *cur = t;

	*out = NULL;
	*owned = 0;
	while (cur && *dir) {
		size_t n = strcspn(dir, "/");
		char name[256];
		const git_tree_entry *e;
		git_tree *next = NULL;

		if (n >= sizeof(name))
			break;
		memcpy(name, dir, n);
		name[n] = '\0';
		e = git_tree_entry_byname(cur, name);
		if (e && git_tree_entry_type(e) == GIT_OBJECT_TREE && git_tree_lookup(&next, repo, git_tree_entry_id(e)) < 0) {
			if (cur != t)
				git_tree_free(cur);
			return tz_error_git(_("cannot read a tree"));
		}
		if (cur != t)
			git_tree_free(cur);
		cur = next;
		dir += n;
		while (*dir == '/')
			dir++;
	}
	if (cur == t)
		return 0;
	*out = cur;
	*owned = 1;
	return 0;
}

/* ---- many pairs of trees at once, a path's versions read together ---- */

/* One pair of trees still to compare: pair at's trees at path. */
struct pend {
	size_t at;
	char *path;
	git_oid a, b;
	unsigned has_a : 1, has_b : 1;
};

struct pends {
	struct pend *v;
	size_t n, alloc;
};

static void pend_add(struct pends *p, size_t at, char *path, const git_oid *a, const git_oid *b)
{
	struct pend *q;

	TZ_ALLOC_GROW(p->v, p->n + 1, p->alloc);
	q = &p->v[p->n++];
	memset(q, 0, sizeof(*q));
	q->at = at;
	q->path = path;
	if (a) {
		git_oid_cpy(&q->a, a);
		q->has_a = 1;
	}
	if (b) {
		git_oid_cpy(&q->b, b);
		q->has_b = 1;
	}
}

static int pend_cmp(const void *x, const void *y)
{
	const struct pend *a = x, *b = y;
	int c = strcmp(a->path, b->path);

	return c ? c : (a->at > b->at) - (a->at < b->at);
}

static int change_cmp(const void *x, const void *y)
{
	const struct tz_change *a = x, *b = y;

	return strcmp(a->new_path ? a->new_path : a->old_path, b->new_path ? b->new_path : b->old_path);
}

static char *join_path(const char *dir, const char *name)
{
	struct tz_buf b = TZ_BUF_INIT;

	if (*dir) {
		tz_buf_puts(&b, dir);
		tz_buf_putc(&b, '/');
	}
	tz_buf_puts(&b, name);
	return tz_buf_detach(&b);
}

/* One side's entry e of pair q: a file is a change, a folder is compared
 * at the next level. */
static void level_one_side(struct tz_changes *out, struct pends *next, const struct pend *q,
			   const git_tree_entry *e, int is_new)
{
	git_filemode_t mode = git_tree_entry_filemode(e);
	struct tz_change *c;

	if (mode == GIT_FILEMODE_TREE) {
		pend_add(next, q->at, join_path(q->path, git_tree_entry_name(e)),
			 is_new ? NULL : git_tree_entry_id(e), is_new ? git_tree_entry_id(e) : NULL);
		return;
	}
	if (!is_blob_mode(mode)) {
		out->others++;
		return;
	}
	c = add_change(out);
	if (is_new) {
		c->new_path = join_path(q->path, git_tree_entry_name(e));
		git_oid_cpy(&c->new_oid, git_tree_entry_id(e));
		c->new_mode = mode;
	} else {
		c->old_path = join_path(q->path, git_tree_entry_name(e));
		git_oid_cpy(&c->old_oid, git_tree_entry_id(e));
		c->old_mode = mode;
	}
}

/* The entries of a and b (either may be NULL), one level: changed files
 * into out, changed folders (or a folder on one side only) into next.
 * Equal entries are passed over before their paths are built, so the cost
 * follows what changed, not the size of a sharded folder. */
static void level_diff(struct tz_changes *out, struct pends *next, const struct pend *q,
		       const git_tree *a, const git_tree *b)
{
	size_t i = 0, j = 0;
	size_t na = a ? git_tree_entrycount(a) : 0, nb = b ? git_tree_entrycount(b) : 0;

	while (i < na || j < nb) {
		const git_tree_entry *ea = i < na ? git_tree_entry_byindex(a, i) : NULL;
		const git_tree_entry *eb = j < nb ? git_tree_entry_byindex(b, j) : NULL;
		int cmp = !ea ? 1 : !eb ? -1 : git_tree_entry_cmp(ea, eb);
		git_filemode_t ma, mb;

		if (cmp < 0) {
			level_one_side(out, next, q, ea, 0);
			i++;
			continue;
		}
		if (cmp > 0) {
			level_one_side(out, next, q, eb, 1);
			j++;
			continue;
		}
		i++;
		j++;
		ma = git_tree_entry_filemode(ea);
		mb = git_tree_entry_filemode(eb);
		if (ma == mb && git_oid_equal(git_tree_entry_id(ea), git_tree_entry_id(eb)))
			continue;
		if (ma == GIT_FILEMODE_TREE && mb == GIT_FILEMODE_TREE) {
			pend_add(next, q->at, join_path(q->path, git_tree_entry_name(ea)),
				 git_tree_entry_id(ea), git_tree_entry_id(eb));
		} else if (is_blob_mode(ma) && is_blob_mode(mb)) {
			struct tz_change *c = add_change(out);
			c->old_path = join_path(q->path, git_tree_entry_name(ea));
			c->new_path = tz_strdup(c->old_path);
			git_oid_cpy(&c->old_oid, git_tree_entry_id(ea));
			git_oid_cpy(&c->new_oid, git_tree_entry_id(eb));
			c->old_mode = ma;
			c->new_mode = mb;
		} else {
			level_one_side(out, next, q, ea, 0);
			level_one_side(out, next, q, eb, 1);
		}
	}
}

int tz_changes_trees_many(struct tz_changes *outs, git_repository *repo, git_tree *const *a,
			  git_tree *const *b, size_t n, const char *dir)
{
	struct pends cur = { NULL, 0, 0 }, next = { NULL, 0, 0 };
	size_t *from = tz_calloc(n ? n : 1, sizeof(*from));
	int ret = -1;

	for (size_t i = 0; i < n; i++) {
		git_tree *sa = a[i], *sb = b[i];
		int own_a = 0, own_b = 0;

		from[i] = outs[i].n;
		if (dir && (subtree(&sa, &own_a, repo, a[i], dir) < 0 ||
			    subtree(&sb, &own_b, repo, b[i], dir) < 0)) {
			if (own_a)
				git_tree_free(sa);
			goto out;
		}
		if ((sa || sb) && !(sa && sb && git_oid_equal(git_tree_id(sa), git_tree_id(sb))))
			pend_add(&cur, i, tz_strdup(dir ? dir : ""), sa ? git_tree_id(sa) : NULL,
				 sb ? git_tree_id(sb) : NULL);
		if (own_a)
			git_tree_free(sa);
		if (own_b)
			git_tree_free(sb);
	}
	/* Level by level: the pairs sorted by path, then by pair, so that the
	 * versions of one folder are read one after the other, in the order
	 * of the pairs. Git's packs store a version as a delta of another
	 * version of the same path: read together, each is rebuilt from the
	 * one before (in libgit2's delta base cache) instead of from the start
	 * of its chain. A pair's old side is most often the new side just
	 * read for the pair before. */
	while (cur.n) {
		git_tree *last = NULL;	/* the folder's version read last */
		const char *last_path = NULL;

		qsort(cur.v, cur.n, sizeof(*cur.v), pend_cmp);
		for (size_t k = 0; k < cur.n; k++) {
			struct pend *q = &cur.v[k];
			git_tree *ta = NULL, *tb = NULL;

			if (last_path && strcmp(last_path, q->path)) {
				git_tree_free(last);
				last = NULL;
			}
			last_path = q->path;
			if (q->has_a) {
				if (last && git_oid_equal(git_tree_id(last), &q->a))
					ta = last;
				else if (git_tree_lookup(&ta, repo, &q->a) < 0)
					goto tree_error;
			}
			if (q->has_b) {
				if (last && git_oid_equal(git_tree_id(last), &q->b))
					tb = last;
				else if (git_tree_lookup(&tb, repo, &q->b) < 0) {
					if (ta != last)
						git_tree_free(ta);
					goto tree_error;
				}
			}
			level_diff(&outs[q->at], &next, q, ta, tb);
			{
				git_tree *was = last;
				if (tb)
					last = tb;	/* the next pair's old side */
				if (ta && ta != last && ta != was)
					git_tree_free(ta);
				if (was && was != last)
					git_tree_free(was);
			}
			continue;
tree_error:
			git_tree_free(last);
			tz_error_git(_("cannot read a tree"));
			goto out;
		}
		git_tree_free(last);
		for (size_t k = 0; k < cur.n; k++)
			free(cur.v[k].path);
		cur.n = 0;
		{
			struct pends t = cur;
			cur = next;
			next = t;
		}
	}
	/* each pair's files in the order of a walk of both trees at once,
	 * depth first: by path, a folder's entries at its name followed by
	 * '/', as git sorts a tree */
	for (size_t i = 0; i < n; i++) {
		if (outs[i].n - from[i] > 1)
			qsort(outs[i].v + from[i], outs[i].n - from[i], sizeof(*outs[i].v), change_cmp);
		if (outs[i].n && outs[i].n < outs[i].alloc) {	/* many are held at once */
			outs[i].v = tz_realloc(outs[i].v, outs[i].n * sizeof(*outs[i].v));
			outs[i].alloc = outs[i].n;
		}
	}
	ret = 0;
out:
	for (size_t k = 0; k < cur.n; k++)
		free(cur.v[k].path);
	for (size_t k = 0; k < next.n; k++)
		free(next.v[k].path);
	free(cur.v);
	free(next.v);
	free(from);
	return ret;
}

int tz_changes_trees(struct tz_changes *out, git_repository *repo, git_tree *a, git_tree *b, const char *dir)
{
	return tz_changes_trees_many(out, repo, &a, &b, 1, dir);
}

/* ---- tree against the working tree ---- */

struct tree_file {		/* its path is its key in by_path */
	git_oid oid;
	git_filemode_t mode;
	int seen;
};

struct wt {
	git_repository *repo;
	const char *workdir;
	struct tz_vouch index;		/* index.index NULL: no usable index */
	/* the tree's files are collected, and the vouching index made ready,
	 * while the working tree is listed: ready() before either is used */
	int ready;
	struct tz_parallel *collector;
	git_tree *tree;
	char **roots;
	size_t nroots;
	int collect_rc;
	char *collect_err;
	tz_vouch_wait_fn wait;
	void *wait_payload;
	/* git's index holds exactly the tree (its cache-tree names the
	 * tree's id): its entries stand for the tree's files, and seen[i]
	 * marks entry i met in the working tree */
	int index_is_tree;
	unsigned char *seen;
	struct tree_file *files;
	size_t nfiles, alloc;
	struct tz_strmap by_path;
	struct tz_changes *out;
	struct tz_buf full, link;
};

static int collect_tree(struct wt *w, git_tree *t, struct tz_buf *path)
{
	size_t base = path->len, n = git_tree_entrycount(t);
	int rc = 0;

	for (size_t i = 0; i < n && !rc; i++) {
		const git_tree_entry *e = git_tree_entry_byindex(t, i);
		git_filemode_t mode = git_tree_entry_filemode(e);

		path->len = base;
		tz_buf_putc(path, '/');
		tz_buf_puts(path, git_tree_entry_name(e));
		if (mode == GIT_FILEMODE_TREE) {
			git_tree *sub;
			if (git_tree_lookup(&sub, w->repo, git_tree_entry_id(e)) < 0)
				return tz_error_git(_("cannot read a tree"));
			rc = collect_tree(w, sub, path);
			git_tree_free(sub);
		} else if (is_blob_mode(mode)) {
			struct tree_file *f;
			if (!tz_strmap_put(&w->by_path, path->ptr, w->nfiles, NULL))
				continue;
			TZ_ALLOC_GROW(w->files, w->nfiles + 1, w->alloc);
			f = &w->files[w->nfiles++];
			git_oid_cpy(&f->oid, git_tree_entry_id(e));
			f->mode = mode;
			f->seen = 0;
		}
	}
	path->len = base;
	path->ptr[base] = '\0';
	return rc;
}

/* Collect the files of tree below the repository path p. */
static int collect_path(struct wt *w, git_tree *tree, const char *p)
{
	git_tree_entry *te = NULL;
	struct tz_buf path = TZ_BUF_INIT;
	int rc = 0;

	if (!tree || git_tree_entry_bypath(&te, tree, p) < 0)
		return 0;
	tz_buf_puts(&path, p);
	if (git_tree_entry_type(te) == GIT_OBJECT_TREE) {
		git_tree *sub;
		if (git_tree_lookup(&sub, w->repo, git_tree_entry_id(te)) < 0) {
			rc = tz_error_git(_("cannot read a tree"));
		} else {
			rc = collect_tree(w, sub, &path);
			git_tree_free(sub);
		}
	} else if (is_blob_mode(git_tree_entry_filemode(te)) && tz_strmap_put(&w->by_path, p, w->nfiles, NULL)) {
		struct tree_file *f;
		TZ_ALLOC_GROW(w->files, w->nfiles + 1, w->alloc);
		f = &w->files[w->nfiles++];
		git_oid_cpy(&f->oid, git_tree_entry_id(te));
		f->mode = git_tree_entry_filemode(te);
		f->seen = 0;
	}
	git_tree_entry_free(te);
	tz_buf_release(&path);
	return rc;
}

/*
 * Whether git's index holds exactly tree, as its cache-tree extension
 * says (git keeps it for every folder whose entries it has not touched
 * since; libgit2 answers from it at once, and makes the trees again only
 * where it is out of date, into the object database's first writable
 * backend: tz commit's in memory). Then the index stands for the tree and
 * the tree is not read.
 */
static int index_holds_tree(struct wt *w)
{
	git_oid root;

	return w->index.index && w->tree && git_index_entrycount(w->index.index) &&
	       git_index_write_tree_to(&root, w->index.index, w->repo) == 0 &&
	       git_oid_equal(&root, git_tree_id(w->tree));
}

static void collect(size_t i, void *payload)
{
	struct wt *w = payload;

	(void)i;
	if (w->wait) {	/* the caller's index, read meanwhile */
		const struct tz_vouch *v = w->wait(w->wait_payload);
		if (!v) {
			w->collect_rc = -1;
			w->collect_err = tz_strdup(tz_error_last());
			return;
		}
		w->index = *v;
		if (index_holds_tree(w)) {
			w->index_is_tree = 1;
			w->seen = tz_calloc(git_index_entrycount(w->index.index) + 1, 1);
			return;
		}
	}
	for (size_t k = 0; k < w->nroots && !w->collect_rc; k++)
		if (collect_path(w, w->tree, w->roots[k]) < 0) {
			w->collect_rc = -1;
			w->collect_err = tz_strdup(tz_error_last());
		}
}

/* Wait for the tree's files and the vouching index. Returns 0, or -1. */
static int ready(struct wt *w)
{
	if (w->ready)
		return w->ready < 0 ? -1 : 0;
	w->ready = -1;
	tz_parallel_join(w->collector);
	w->collector = NULL;
	if (w->collect_rc < 0)
		return tz_error_set("%s", w->collect_err);
	w->ready = 1;
	return 0;
}

static int examine(struct wt *w, const char *path, const struct stat *st)
{
	git_filemode_t mode;
	const git_index_entry *ie;
	struct tree_file *tf = NULL, here;
	struct tz_change *c;
	size_t at;
	git_oid oid;

	if (S_ISLNK(st->st_mode))
		mode = GIT_FILEMODE_LINK;
	else if (S_ISREG(st->st_mode))
		mode = (st->st_mode & S_IXUSR) ? GIT_FILEMODE_BLOB_EXECUTABLE : GIT_FILEMODE_BLOB;
	else
		return 0;
	if (ready(w) < 0)
		return -1;
	if (w->index_is_tree) {
		size_t pos;
		const git_index_entry *e = NULL;
		if (git_index_find(&pos, w->index.index, path) == 0 &&
		    (e = git_index_get_byindex(w->index.index, pos)) && git_index_entry_stage(e) == 0 &&
		    is_blob_mode((git_filemode_t)e->mode)) {
			w->seen[pos] = 1;
			here.oid = e->id;
			here.mode = (git_filemode_t)e->mode;
			tf = &here;
		}
		ie = e && tz_vouch_match(e, st, &w->index.stamp) ? e : NULL;
	} else {
		if (tz_strmap_get(&w->by_path, path, &at)) {
			tf = &w->files[at];
			tf->seen = 1;
		}
		ie = tz_vouch_entry(&w->index, path, st);
	}
	if (!tf && !(w->index.index && git_index_get_bypath(w->index.index, path, 0))) {
		int ignored = 0;
		if (git_ignore_path_is_ignored(&ignored, w->repo, path) < 0)
			return tz_error_git(_("cannot read .gitignore"));
		if (ignored) {
			w->out->left_out++;
			return 0;
		}
	}
	if (ie) {
		git_oid_cpy(&oid, &ie->id);
	} else if (mode == GIT_FILEMODE_LINK) {
		ssize_t n;
		tz_buf_clear(&w->full);
		tz_buf_printf(&w->full, "%s%s", w->workdir, path);
		tz_buf_grow(&w->link, (size_t)st->st_size + 1);
		n = readlink(w->full.ptr, w->link.ptr, w->link.alloc - 1);
		if (n < 0)
			return tz_error_set(_("cannot read link %s: %s"), path, strerror(errno));
		if (git_odb_hash(&oid, w->link.ptr, (size_t)n, GIT_OBJECT_BLOB) < 0)
			return tz_error_git(_("cannot hash a file"));
	} else if (git_repository_hashfile(&oid, w->repo, path, GIT_OBJECT_BLOB, NULL) < 0) {
		return tz_error_git(_("cannot hash a file"));
	}
	if (tf && tf->mode == mode && git_oid_equal(&tf->oid, &oid))
		return 0;
	c = add_change(w->out);
	if (tf) {
		c->old_path = tz_strdup(path);	/* tf's path */
		git_oid_cpy(&c->old_oid, &tf->oid);
		c->old_mode = tf->mode;
	}
	c->new_path = tz_strdup(path);
	git_oid_cpy(&c->new_oid, &oid);
	c->new_mode = mode;
	c->new_in_workdir = 1;
	c->st = tz_malloc(sizeof(*c->st));
	*c->st = *st;
	return 0;
}

static int scanned(const char *path, const char *name, const struct stat *st, void *payload)
{
	(void)name;
	return examine(payload, path, st);
}

/* Examine the files below the folder root (a repository path), nested
 * repositories left out. */
static int walk_workdir(struct wt *w, const char *root)
{
	int fd;

	tz_buf_clear(&w->full);
	tz_buf_printf(&w->full, "%s%s", w->workdir, root);
	fd = open(w->full.ptr, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
	if (fd < 0)
		return errno == ENOENT ? 0 : tz_error_set(_("cannot read %s: %s"), root, strerror(errno));
	return tz_scan(fd, root, TZ_SCAN_HIDDEN | TZ_SCAN_SKIP_NESTED | TZ_SCAN_MISSING_OK, scanned, w);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int tz_changes_workdir(struct tz_changes *out, git_repository *repo, git_tree *tree,
		       const char *const *paths, size_t npaths)
{
	return tz_changes_workdir_vouched(out, repo, tree, paths, npaths, NULL, NULL);
}

int tz_changes_workdir_vouched(struct tz_changes *out, git_repository *repo, git_tree *tree,
			       const char *const *paths, size_t npaths, tz_vouch_wait_fn wait, void *payload)
{
	static const char *const both[] = { "records", "schema" };
	struct wt w;
	struct stat st;
	char **roots = NULL;
	const char **names = NULL;
	size_t nroots = 0;
	int rc = -1;

	memset(&w, 0, sizeof(w));
	w.repo = repo;
	w.out = out;
	w.workdir = git_repository_workdir(repo);
	if (!w.workdir)
		return tz_error_set(_("this is a bare repository: there is no working tree"));
	if (!npaths) {
		paths = both;
		npaths = 2;
	}
	/* the roots, without the ones inside another */
	roots = tz_calloc(npaths, sizeof(*roots));
	for (size_t i = 0; i < npaths; i++) {
		size_t n = strlen(paths[i]);
		while (n && paths[i][n - 1] == '/')
			n--;
		roots[i] = tz_strndup(paths[i], n);
	}
	if (npaths > 1)
		tz_sort(roots, npaths, sizeof(*roots), cmp_str);
	for (size_t i = 0; i < npaths; i++) {
		if (nroots && tz_path_matches(roots[i], (const char *const *)roots, nroots)) {
			free(roots[i]);
			continue;
		}
		roots[nroots++] = roots[i];
	}

	w.wait = wait;
	w.wait_payload = payload;
	if (!wait)
		tz_vouch_open(&w.index, repo);	/* none or damaged: hash every file */
	/* HEAD's files collected by another thread while this one lists */
	w.tree = tree;
	w.roots = roots;
	w.nroots = nroots;
	w.collector = tz_parallel_start(1, collect, &w);
	for (size_t i = 0; i < nroots; i++) {
		tz_buf_clear(&w.full);
		tz_buf_printf(&w.full, "%s%s", w.workdir, roots[i]);
		if (!*roots[i] || lstat(w.full.ptr, &st) < 0)
			continue;
		if (S_ISLNK(st.st_mode) && !strchr(roots[i], '/')) {
			tz_error_set(_("%s is a symbolic link (never followed)"), roots[i]);
			goto out;
		}
		rc = S_ISDIR(st.st_mode) ? walk_workdir(&w, roots[i]) : examine(&w, roots[i], &st);
		if (rc < 0)
			goto out;
		rc = -1;
	}
	if (ready(&w) < 0)
		goto out;
	if (w.index_is_tree) {	/* the index's files not seen, in its order */
		git_index *idx = w.index.index;
		for (size_t i = 0; i < git_index_entrycount(idx); i++) {
			const git_index_entry *ie = git_index_get_byindex(idx, i);
			struct tz_change *c;

			if (w.seen[i] || git_index_entry_stage(ie) != 0 || !is_blob_mode((git_filemode_t)ie->mode) ||
			    !tz_path_matches(ie->path, (const char *const *)roots, nroots))
				continue;
			if (ie->flags_extended & GIT_INDEX_ENTRY_SKIP_WORKTREE) {
				out->left_out++;
				continue;	/* sparse checkout: not there on purpose */
			}
			c = add_change(out);
			c->old_path = tz_strdup(ie->path);
			git_oid_cpy(&c->old_oid, &ie->id);
			c->old_mode = (git_filemode_t)ie->mode;
		}
		rc = 0;
		goto out;
	}
	/* the files not seen, in the tree's order, by their paths in by_path */
	names = tz_calloc(w.nfiles + 1, sizeof(*names));
	for (size_t i = 0; i < w.by_path.cap; i++)
		if (w.by_path.slots[i].key)
			names[w.by_path.slots[i].value] = w.by_path.slots[i].key;
	for (size_t i = 0; i < w.nfiles; i++) {
		struct tree_file *f = &w.files[i];
		const git_index_entry *ie;
		struct tz_change *c;

		if (f->seen)
			continue;
		ie = w.index.index ? git_index_get_bypath(w.index.index, names[i], 0) : NULL;
		if (ie && (ie->flags_extended & GIT_INDEX_ENTRY_SKIP_WORKTREE)) {
			out->left_out++;
			continue;	/* sparse checkout: not there on purpose */
		}
		c = add_change(out);
		c->old_path = tz_strdup(names[i]);
		git_oid_cpy(&c->old_oid, &f->oid);
		c->old_mode = f->mode;
	}
	rc = 0;
out:
	tz_parallel_join(w.collector);	/* when the walk failed first */
	free(w.collect_err);
	free(w.seen);
	for (size_t i = 0; i < nroots; i++)
		free(roots[i]);
	free(roots);
	free(names);
	free(w.files);
	tz_strmap_release(&w.by_path);
	if (!wait)
		tz_vouch_release(&w.index);
	tz_buf_release(&w.full);
	tz_buf_release(&w.link);
	return rc;
}

/* ---- records ---- */

static const char *change_path(const struct tz_change *c)
{
	return c->new_path ? c->new_path : c->old_path;
}

static int cmp_change(const void *a, const void *b)
{
	return strcmp(change_path(a), change_path(b));
}

/* A change is a record's when tz_place_record says the path is one (the
 * same rules as validation: its type's folder, no hidden part, the ID's
 * alphabet and pattern). */
static void place_one(struct tz_change *c, const struct tz_schema *s)
{
	struct tz_buf id = TZ_BUF_INIT, why = TZ_BUF_INIT;
	struct tz_type *t = NULL;

	if (tz_place_record(s, change_path(c), &t, &id, &why) == 0) {
		c->type = t;
		c->id = tz_buf_detach(&id);
	}
	tz_buf_release(&id);
	tz_buf_release(&why);
}

void tz_changes_place(struct tz_changes *c, const struct tz_schema *s)
{
	struct tz_strmap added = TZ_STRMAP_INIT;
	struct tz_buf key = TZ_BUF_INIT;
	size_t k = 0;

	for (size_t i = 0; i < c->n; i++) {
		place_one(&c->v[i], s);
		if (c->v[i].id && !c->v[i].old_path) {
			tz_buf_clear(&key);
			tz_buf_printf(&key, "%s/%s", c->v[i].type->name, c->v[i].id);
			tz_strmap_put(&added, key.ptr, i, NULL);
		}
	}
	for (size_t i = 0; i < c->n; i++) {
		struct tz_change *d = &c->v[i], *a;
		size_t ai;

		if (!d->id || d->new_path)
			continue;
		tz_buf_clear(&key);
		tz_buf_printf(&key, "%s/%s", d->type->name, d->id);
		if (!tz_strmap_get(&added, key.ptr, &ai) || !c->v[ai].new_path || c->v[ai].old_path)
			continue;
		a = &c->v[ai];
		/* the deletion takes the addition's new side; the addition goes */
		d->new_path = a->new_path;
		a->new_path = NULL;
		d->new_oid = a->new_oid;
		d->new_mode = a->new_mode;
		d->new_in_workdir = a->new_in_workdir;
		free(d->st);
		d->st = a->st;
		a->st = NULL;
		free(a->id);
		a->id = NULL;
		a->old_path = NULL;
	}
	for (size_t i = 0; i < c->n; i++) {
		if (!c->v[i].old_path && !c->v[i].new_path)
			continue;
		c->v[k++] = c->v[i];
	}
	c->n = k;
	if (c->n)
		tz_sort(c->v, c->n, sizeof(*c->v), cmp_change);
	tz_strmap_release(&added);
	tz_buf_release(&key);
}

int tz_change_parse(struct tz_record **out, struct tz_repo *repo, const struct tz_change *c, int side)
{
	struct tz_diag_list ignored = TZ_DIAG_LIST_INIT;
	struct tz_buf data = TZ_BUF_INIT;
	struct tz_source src;
	struct tz_entry e;
	int rc;

	*out = NULL;
	memset(&src, 0, sizeof(src));
	memset(&e, 0, sizeof(e));
	src.repo = repo;	/* no tree: entries without an id are working tree files */
	e.path = side ? c->new_path : c->old_path;
	e.kind = TZ_ENTRY_FILE;
	e.has_oid = !(side && c->new_in_workdir);
	git_oid_cpy(&e.oid, side ? &c->new_oid : &c->old_oid);
	if (!e.path || (side ? c->new_mode : c->old_mode) == GIT_FILEMODE_LINK)
		return 0;
	rc = tz_source_read(&src, &e, TZ_RECORD_MAX_SIZE, &data);
	if (rc == 0)
		*out = tz_record_parse(e.path, data.ptr ? data.ptr : "", data.len, &ignored);
	tz_diag_list_release(&ignored);
	tz_buf_release(&data);
	return rc < 0 ? -1 : 0;
}

int tz_changes_revs(struct tz_changes *out, struct tz_repo *r, const char *old_rev, const char *new_rev,
		    const char *dir)
{
	git_tree *old_tree = NULL, *new_tree = NULL;
	int ret = -1;

	/* an unborn HEAD (1) is the empty tree */
	if (tz_rev_tree(&old_tree, NULL, r->git, old_rev ? old_rev : "HEAD") < 0 ||
	    (new_rev && tz_rev_tree(&new_tree, NULL, r->git, new_rev) < 0))
		goto out;
	if (new_rev)
		ret = tz_changes_trees(out, r->git, old_tree, new_tree, dir);
	else
		ret = tz_changes_workdir(out, r->git, old_tree, &dir, 1);
out:
	git_tree_free(old_tree);
	git_tree_free(new_tree);
	return ret;
}
