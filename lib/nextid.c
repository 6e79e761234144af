/* nextid.c - the numbers already taken in git: two clerks who have fetched
 * each other's work never pick the same ID. */
#include <stdlib.h>
#include <string.h>
#include "error.h"
#include "i18n.h"
#include "idtemplate.h"
#include "nextid.h"
#include "place.h"

struct scan {
	unsigned long *max;
	const char *prefix, *suffix;
	const struct tz_type *t;
	struct tz_buf path, id, why;	/* path starts with "records/<dir>/" */
	size_t dirlen;
};

static int scan_entry(const char *root, const git_tree_entry *e, void *payload)
{
	struct scan *s = payload;
	unsigned long n;

	if (git_tree_entry_type(e) != GIT_OBJECT_BLOB)
		return 0;
	/* only what place.h takes for a record of the type holds a number */
	s->path.len = s->dirlen;
	s->path.ptr[s->dirlen] = '\0';
	tz_buf_printf(&s->path, "%s%s", root, git_tree_entry_name(e));
	tz_buf_clear(&s->why);
	if (tz_place_in(s->t, s->path.ptr, &s->id, &s->why) < 0)
		return 0;
	n = tz_id_number(s->id.ptr, s->prefix, s->suffix);
	if (n > *s->max)
		*s->max = n;
	return 0;
}

/* Raise *max over the type's dir in the tree of commit id. */
static int scan_commit(struct scan *s, git_repository *git, const git_oid *id, const char *dir)
{
	git_commit *c = NULL;
	git_tree *root = NULL, *sub = NULL;
	git_tree_entry *e = NULL;
	int ret = -1;

	if (git_commit_lookup(&c, git, id) < 0 || git_commit_tree(&root, c) < 0) {
		tz_error_git(_("cannot read a commit"));
		goto out;
	}
	if (git_tree_entry_bypath(&e, root, dir) < 0 || git_tree_entry_type(e) != GIT_OBJECT_TREE) {
		ret = 0;	/* no such folder in that commit */
		goto out;
	}
	if (git_tree_lookup(&sub, git, git_tree_entry_id(e)) < 0 ||
	    git_tree_walk(sub, GIT_TREEWALK_PRE, scan_entry, s) < 0) {
		tz_error_git(_("cannot read a tree"));
		goto out;
	}
	ret = 0;
out:
	git_tree_entry_free(e);
	git_tree_free(sub);
	git_tree_free(root);
	git_commit_free(c);
	return ret;
}

int tz_nextid_scan_refs(unsigned long *max, struct tz_repo *repo, const struct tz_type *t,
			const char *prefix, const char *suffix)
{
	struct scan s = { max, prefix, suffix, t, TZ_BUF_INIT, TZ_BUF_INIT, TZ_BUF_INIT, 0 };
	struct tz_buf dir = TZ_BUF_INIT;
	git_reference_iterator *it = NULL;
	git_reference *ref = NULL;
	git_oid head, seen[64];
	size_t nseen = 0;
	int ret = -1, rc;

	tz_place_dir(&dir, t);
	tz_buf_printf(&s.path, "%s/", dir.ptr);
	s.dirlen = s.path.len;
	if (git_reference_name_to_id(&head, repo->git, "HEAD") == 0) {
		if (scan_commit(&s, repo->git, &head, dir.ptr) < 0)
			goto out;
		git_oid_cpy(&seen[nseen++], &head);
	}
	if (git_reference_iterator_glob_new(&it, repo->git, "refs/remotes/*") < 0) {
		tz_error_git(_("cannot list remote-tracking branches"));
		goto out;
	}
	while ((rc = git_reference_next(&ref, it)) == 0) {
		git_object *obj = NULL;
		int known = 0;

		/* a symbolic ref (origin/HEAD) names a branch that is listed too */
		if (git_reference_type(ref) == GIT_REFERENCE_DIRECT &&
		    git_reference_peel(&obj, ref, GIT_OBJECT_COMMIT) == 0) {
			for (size_t i = 0; i < nseen; i++)
				known |= git_oid_equal(&seen[i], git_object_id(obj));
			if (!known && scan_commit(&s, repo->git, git_object_id(obj), dir.ptr) < 0) {
				git_object_free(obj);
				git_reference_free(ref);
				goto out;
			}
			if (!known && nseen < sizeof(seen) / sizeof(*seen))
				git_oid_cpy(&seen[nseen++], git_object_id(obj));
		}
		git_object_free(obj);
		git_reference_free(ref);
	}
	if (rc != GIT_ITEROVER) {
		tz_error_git(_("cannot list remote-tracking branches"));
		goto out;
	}
	ret = 0;
out:
	git_reference_iterator_free(it);
	tz_buf_release(&dir);
	tz_buf_release(&s.path);
	tz_buf_release(&s.id);
	tz_buf_release(&s.why);
	return ret;
}
