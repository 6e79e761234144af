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

struct search {
	git_repository *git;
	git_odb *odb;
	struct tz_earlier *v;
	size_t n, left;
	const struct tz_type *type;	/* the type searched now */
	const git_oid *commit;
	struct tz_strmap seen;		/* trees searched already, by type */
	struct tz_buf path, name, key;
};

/* Mark tree id as searched for records of s->type: 1 when it was not yet. */
static int first_time(struct search *s, const git_oid *id)
{
	tz_buf_clear(&s->key);
	tz_buf_printf(&s->key, "%s/%s", s->type->name, git_oid_tostr_s(id));
	return tz_strmap_put(&s->seen, s->key.ptr, 0, NULL);
}

/* Look in the tree object `id` (at path s->path) for the records of s->type
 * not found yet, then in its subfolders that no newer commit had: a tree
 * searched once was searched for every ID still wanted, since that set only
 * shrinks. The object is read raw (mode SP name NUL id entries) rather than
 * through git_tree, which would parse and cache every entry of thousands of
 * large folders. */
static int search_tree(struct search *s, const git_oid *id)
{
	size_t len = s->path.len;
	git_odb_object *obj = NULL;
	const char *p, *end;
	int ret = 0;

	if (git_odb_read(&obj, s->odb, id) < 0 || git_odb_object_type(obj) != GIT_OBJECT_TREE) {
		git_odb_object_free(obj);
		return tz_error_git(_("cannot read a tree"));
	}
	p = git_odb_object_data(obj);
	end = p + git_odb_object_size(obj);
	while (p < end && s->left) {
		const char *sp = memchr(p, ' ', (size_t)(end - p)), *name, *nul;
		git_oid sub;
		int is_tree, is_file;

		if (!sp || !(nul = memchr(sp + 1, '\0', (size_t)(end - sp - 1))) || end - nul - 1 < GIT_OID_RAWSZ) {
			ret = tz_error_set(_("a damaged tree object"));
			break;
		}
		is_tree = sp - p == 5 && !memcmp(p, "40000", 5);
		is_file = sp - p == 6 && !memcmp(p, "100", 3);	/* not a link or a submodule */
		name = sp + 1;
		git_oid_fromraw(&sub, (const unsigned char *)nul + 1);
		p = nul + 1 + GIT_OID_RAWSZ;
		if (is_tree) {
			if (name[0] == '.' || !first_time(s, &sub))
				continue;
			tz_buf_printf(&s->path, "%s/", name);
			ret = search_tree(s, &sub);
			s->path.len = len;
			s->path.ptr[len] = '\0';
			if (ret < 0)
				break;
			continue;
		}
		for (size_t k = 0; is_file && k < s->n; k++) {
			if (s->v[k].type != s->type || s->v[k].found)
				continue;
			tz_buf_clear(&s->name);
			tz_buf_printf(&s->name, "%s.ini", s->v[k].id);
			if (strcmp(name, s->name.ptr))
				continue;
			s->v[k].found = 1;
			git_oid_cpy(&s->v[k].blob, &sub);
			git_oid_cpy(&s->v[k].commit, s->commit);
			tz_buf_puts(&s->path, name);
			s->v[k].path = tz_strdup(s->path.ptr);
			s->path.len = len;
			s->path.ptr[len] = '\0';
			s->left--;
		}
	}
	git_odb_object_free(obj);
	return ret;
}

/* Search the folder of type t in one commit's tree, unless an equal folder
 * was searched at a newer commit. */
static int search_commit(struct search *s, git_tree *root, const struct tz_type *t)
{
	git_tree_entry *te = NULL;
	int ret = 0;

	s->type = t;
	tz_buf_clear(&s->path);
	tz_buf_printf(&s->path, "records/%s", t->dir);
	if (git_tree_entry_bypath(&te, root, s->path.ptr) == 0 && git_tree_entry_type(te) == GIT_OBJECT_TREE &&
	    first_time(s, git_tree_entry_id(te))) {
		tz_buf_putc(&s->path, '/');
		ret = search_tree(s, git_tree_entry_id(te));
	}
	git_tree_entry_free(te);
	return ret;
}

int tz_earlier_find(struct tz_repo *repo, const git_oid *from, struct tz_earlier *v, size_t n)
{
	struct search s;
	git_revwalk *walk = NULL;
	git_oid id;
	int ret = -1, rc = 0;

	memset(&s, 0, sizeof(s));
	s.git = repo->git;
	s.v = v;
	s.n = s.left = n;
	for (size_t i = 0; i < n; i++)
		v[i].found = 0;
	if (!n)
		return 0;
	if (git_repository_odb(&s.odb, repo->git) < 0 || git_revwalk_new(&walk, repo->git) < 0 ||
	    git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME) < 0 ||
	    git_revwalk_push(walk, from) < 0) {
		tz_error_git(_("cannot walk the history"));
		goto out;
	}
	while (s.left && (rc = git_revwalk_next(&id, walk)) == 0) {
		git_commit *commit = NULL;
		git_tree *tree = NULL;

		if (git_commit_lookup(&commit, repo->git, &id) < 0 || git_commit_tree(&tree, commit) < 0) {
			git_commit_free(commit);
			tz_error_git(_("cannot read a commit of the history"));
			goto out;
		}
		s.commit = &id;
		for (size_t i = 0; i < n && s.left && rc == 0; i++) {
			size_t k = 0;
			/* once per type: the first record of it not found yet */
			while (k < i && (v[k].type != v[i].type || v[k].found))
				k++;
			if (k == i && !v[i].found && v[i].type->dir)
				rc = search_commit(&s, tree, v[i].type);
		}
		git_tree_free(tree);
		git_commit_free(commit);
		if (rc < 0)
			goto out;
	}
	if (s.left && rc != GIT_ITEROVER) {
		tz_error_git(_("cannot walk the history"));
		goto out;
	}
	ret = 0;
out:
	git_revwalk_free(walk);
	git_odb_free(s.odb);
	tz_strmap_release(&s.seen);
	tz_buf_release(&s.path);
	tz_buf_release(&s.name);
	tz_buf_release(&s.key);
	return ret;
}

void tz_earlier_release(struct tz_earlier *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].path);
		v[i].path = NULL;
	}
}
