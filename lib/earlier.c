/* earlier.c - a record's last version before a deletion, found by walking
 * back from a commit, for the check that a re-created record keeps its
 * history (issue 13.5): tz commit, tz validate, tz check-push, tz audit. */
#include <stdlib.h>
#include <string.h>
#include "buf.h"
#include "earlier.h"
#include "error.h"
#include "i18n.h"
#include "strmap.h"

/* The history is searched a window of commits at a time, newest first: a
 * record found in a window is found at its newest commit there, and the
 * search stops at the window where the last record wanted is found. */
#define WINDOW 1024

/* A folder version to search: first met at the window's commit idx. */
struct folder {
	const struct tz_type *type;
	char *path;		/* "records/issues/2026/", with its slash */
	git_oid id;
	size_t idx;
};

struct folders {
	struct folder *v;
	size_t n, alloc;
};

struct search {
	git_odb *odb;
	struct tz_earlier *v;
	size_t n, left;
	struct tz_strmap wanted;	/* "type/ID.ini" -> index in v */
	struct tz_strmap seen;		/* "tree id/type": folders searched, newest first */
	struct tz_strmap pending;	/* "tree id/type" -> index in the next level's list */
	size_t *best;			/* per record: the window's best idx + 1, or 0 */
	git_oid *commits;		/* the window's commits, newest first */
	struct tz_buf key, fkey;
};

/* The key of folder id of type t in s->seen and s->pending. */
static const char *folder_key(struct search *s, const struct tz_type *t, const git_oid *id)
{
	char hex[GIT_OID_HEXSZ];

	git_oid_fmt(hex, id);
	tz_buf_clear(&s->fkey);
	tz_buf_put(&s->fkey, hex, sizeof(hex));
	tz_buf_putc(&s->fkey, '/');
	tz_buf_puts(&s->fkey, t->name);
	return s->fkey.ptr;
}

/* Add folder id of type t at path (taken) to f, met at commit idx: once,
 * at its newest commit, unless a newer window or level searched it. */
static void folder_add(struct search *s, struct folders *f, const struct tz_type *t, char *path,
		       const git_oid *id, size_t idx)
{
	const char *key = folder_key(s, t, id);
	struct folder *x;
	size_t at;

	if (tz_strmap_get(&s->seen, key, &at)) {
		free(path);
		return;
	}
	if (!tz_strmap_put(&s->pending, key, f->n, &at)) {
		if (idx < f->v[at].idx) {	/* the same folder under another path */
			free(f->v[at].path);
			f->v[at].path = path;
			f->v[at].idx = idx;
		} else {
			free(path);
		}
		return;
	}
	TZ_ALLOC_GROW(f->v, f->n + 1, f->alloc);
	x = &f->v[f->n++];
	x->type = t;
	x->path = path;
	git_oid_cpy(&x->id, id);
	x->idx = idx;
}

/* By type and path, the newest first: a folder's versions read one after
 * the other, each rebuilt from the one before in libgit2's delta base
 * cache rather than from the start of its delta chain. */
static int by_path(const void *x, const void *y)
{
	const struct folder *a = x, *b = y;
	int c = strcmp(a->type->name, b->type->name);

	if (!c)
		c = strcmp(a->path, b->path);
	return c ? c : (a->idx > b->idx) - (a->idx < b->idx);
}

/* The level f is searched now: its folders are seen, and read in order. */
static void folders_settle(struct search *s, struct folders *f)
{
	for (size_t i = 0; i < f->n; i++)
		tz_strmap_put(&s->seen, folder_key(s, f->v[i].type, &f->v[i].id), 0, NULL);
	tz_strmap_release(&s->pending);
	tz_sort(f->v, f->n, sizeof(*f->v), by_path);
}

/* Whether a folder's raw tree data may hold a record of type t still
 * wanted: a few names are looked for in the bytes ("ID.ini" and the NUL
 * that ends a name in a tree), so that the thousands of entries of a
 * folder without one are not each looked up. */
static int wanted_here(struct search *s, const struct tz_type *t, const char *data, size_t size)
{
	size_t asked = 0;

	for (size_t i = 0; i < s->n; i++) {
		if (s->v[i].type != t || s->v[i].found)
			continue;
		if (++asked > 16)
			return 1;
		tz_buf_clear(&s->fkey);
		tz_buf_printf(&s->fkey, "%s.ini", s->v[i].id);
		if (memmem(data, size, s->fkey.ptr, s->fkey.len + 1))
			return 1;
	}
	return 0;
}

/* Search folder x, read raw (mode SP name NUL id entries) rather than
 * through git_tree, which would parse and cache every entry of thousands
 * of large folders: files that are records wanted, and subfolders into
 * next. */
static int search_folder(struct search *s, const struct folder *x, struct folders *next)
{
	git_odb_object *obj = NULL;
	const char *p, *end;
	size_t prefix;
	int ret = 0, look;

	if (git_odb_read(&obj, s->odb, &x->id) < 0 || git_odb_object_type(obj) != GIT_OBJECT_TREE) {
		git_odb_object_free(obj);
		return tz_error_git(_("cannot read a tree"));
	}
	p = git_odb_object_data(obj);
	end = p + git_odb_object_size(obj);
	tz_buf_clear(&s->key);
	tz_buf_printf(&s->key, "%s/", x->type->name);
	prefix = s->key.len;
	look = wanted_here(s, x->type, p, (size_t)(end - p));
	while (p < end) {
		const char *sp = memchr(p, ' ', (size_t)(end - p)), *name, *nul;
		git_oid sub;
		size_t k;

		if (!sp || !(nul = memchr(sp + 1, '\0', (size_t)(end - sp - 1))) || end - nul - 1 < GIT_OID_RAWSZ) {
			ret = tz_error_set(_("a damaged tree object"));
			break;
		}
		name = sp + 1;
		git_oid_fromraw(&sub, (const unsigned char *)nul + 1);
		if (sp - p == 5 && !memcmp(p, "40000", 5)) {
			size_t at;
			/* most subfolders are the same as at a newer commit */
			if (name[0] != '.' && !tz_strmap_get(&s->seen, folder_key(s, x->type, &sub), &at)) {
				struct tz_buf path = TZ_BUF_INIT;
				tz_buf_puts(&path, x->path);
				tz_buf_put(&path, name, (size_t)(nul - name));
				tz_buf_putc(&path, '/');
				folder_add(s, next, x->type, tz_buf_detach(&path), &sub, x->idx);
			}
		} else if (sp - p == 6 && !memcmp(p, "100", 3)) {	/* not a link or a submodule */
			if (look) {
				s->key.len = prefix;	/* "type/" */
				tz_buf_put(&s->key, name, (size_t)(nul - name));
			}
			if (look && tz_strmap_get(&s->wanted, s->key.ptr, &k) && !s->v[k].found) {
				struct tz_buf path = TZ_BUF_INIT;

				tz_buf_printf(&path, "%s%s", x->path, name);
				/* the newest commit wins; within one, the first
				 * path in git's order, as a walk of its tree meets it */
				if (!s->best[k] || x->idx + 1 < s->best[k] ||
				    (x->idx + 1 == s->best[k] && strcmp(path.ptr, s->v[k].path) < 0)) {
					s->best[k] = x->idx + 1;
					git_oid_cpy(&s->v[k].blob, &sub);
					git_oid_cpy(&s->v[k].commit, &s->commits[x->idx]);
					free(s->v[k].path);
					s->v[k].path = tz_buf_detach(&path);
				}
				tz_buf_release(&path);
			}
		}
		p = nul + 1 + GIT_OID_RAWSZ;
	}
	git_odb_object_free(obj);
	return ret;
}

/* Search the window's commits s->commits[0..m): each type's folder, level
 * by level, every version once. */
static int search_window(struct search *s, git_repository *git, size_t m)
{
	struct folders cur = { NULL, 0, 0 }, next = { NULL, 0, 0 };
	int ret = 0;

	for (size_t idx = 0; idx < m && ret == 0; idx++) {
		git_commit *commit = NULL;
		git_tree *tree = NULL;

		if (git_commit_lookup(&commit, git, &s->commits[idx]) < 0 || git_commit_tree(&tree, commit) < 0) {
			ret = tz_error_git(_("cannot read a commit of the history"));
		} else {
			for (size_t i = 0; i < s->n; i++) {
				git_tree_entry *te = NULL;
				struct tz_buf path = TZ_BUF_INIT;
				size_t k = 0;

				/* once per type with a record not found yet */
				while (k < i && (s->v[k].type != s->v[i].type || s->v[k].found))
					k++;
				if (k < i || s->v[i].found || !s->v[i].type->dir)
					continue;
				tz_buf_printf(&path, "records/%s", s->v[i].type->dir);
				if (git_tree_entry_bypath(&te, tree, path.ptr) == 0 &&
				    git_tree_entry_type(te) == GIT_OBJECT_TREE) {
					tz_buf_putc(&path, '/');
					folder_add(s, &cur, s->v[i].type, tz_buf_detach(&path), git_tree_entry_id(te), idx);
				}
				git_tree_entry_free(te);
				tz_buf_release(&path);
			}
		}
		git_tree_free(tree);
		git_commit_free(commit);
	}
	while (ret == 0 && cur.n) {
		folders_settle(s, &cur);
		for (size_t i = 0; i < cur.n && ret == 0; i++)
			ret = search_folder(s, &cur.v[i], &next);
		for (size_t i = 0; i < cur.n; i++)
			free(cur.v[i].path);
		cur.n = 0;
		{
			struct folders t = cur;
			cur = next;
			next = t;
		}
	}
	for (size_t i = 0; i < cur.n; i++)
		free(cur.v[i].path);
	for (size_t i = 0; i < next.n; i++)
		free(next.v[i].path);
	free(cur.v);
	free(next.v);
	return ret;
}

int tz_earlier_find(struct tz_repo *repo, const git_oid *from, struct tz_earlier *v, size_t n)
{
	struct search s;
	git_revwalk *walk = NULL;
	size_t *dup = NULL;	/* dup[i]: 1 + the first asked for the same record, or 0 */
	int ret = -1, rc = 0;

	memset(&s, 0, sizeof(s));
	s.v = v;
	s.n = s.left = n;
	for (size_t i = 0; i < n; i++) {
		v[i].found = 0;
		v[i].path = NULL;
	}
	if (!n)
		return 0;
	s.best = tz_calloc(n, sizeof(*s.best));
	s.commits = tz_calloc(WINDOW, sizeof(*s.commits));
	dup = tz_calloc(n, sizeof(*dup));
	for (size_t i = 0; i < n; i++) {
		size_t first;

		tz_buf_clear(&s.key);
		tz_buf_printf(&s.key, "%s/%s.ini", v[i].type->name, v[i].id);
		if (!tz_strmap_put(&s.wanted, s.key.ptr, i, &first)) {
			dup[i] = first + 1;	/* an ID asked twice: answered as the first */
			v[i].found = 1;		/* not searched for itself */
			s.left--;
		}
	}
	if (git_repository_odb(&s.odb, repo->git) < 0 || git_revwalk_new(&walk, repo->git) < 0 ||
	    git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME) < 0 ||
	    git_revwalk_push(walk, from) < 0) {
		tz_error_git(_("cannot walk the history"));
		goto out;
	}
	/* as git reads objects: without hashing each one again (the history
	 * index's walk does the same); set back below */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	while (s.left && rc == 0) {
		size_t m = 0;

		while (m < WINDOW && (rc = git_revwalk_next(&s.commits[m], walk)) == 0)
			m++;
		if (rc != 0 && rc != GIT_ITEROVER) {
			tz_error_git(_("cannot walk the history"));
			goto out;
		}
		if (m && search_window(&s, repo->git, m) < 0)
			goto out;
		for (size_t i = 0; i < n; i++)
			if (!v[i].found && s.best[i]) {
				v[i].found = 1;
				s.left--;
			}
	}
	for (size_t i = 0; i < n; i++) {
		const struct tz_earlier *f = dup[i] ? &v[dup[i] - 1] : NULL;

		if (!f)
			continue;
		v[i].found = f->found;
		if (f->found) {
			v[i].blob = f->blob;
			v[i].commit = f->commit;
			v[i].path = tz_strdup(f->path);
		}
	}
	ret = 0;
out:
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 1);
	if (ret < 0)
		tz_earlier_release(v, n);
	git_revwalk_free(walk);
	git_odb_free(s.odb);
	tz_strmap_release(&s.wanted);
	tz_strmap_release(&s.seen);
	tz_strmap_release(&s.pending);
	tz_buf_release(&s.key);
	tz_buf_release(&s.fkey);
	free(s.best);
	free(s.commits);
	free(dup);
	return ret;
}

void tz_earlier_release(struct tz_earlier *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].path);
		v[i].path = NULL;
	}
}
