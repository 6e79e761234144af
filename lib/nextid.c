/* nextid.c - ID templates and the numbers already taken in git: two clerks
 * who have fetched each other's work never pick the same ID. */
#include <stdlib.h>
#include <string.h>
#include "error.h"
#include "i18n.h"
#include "nextid.h"
#include "place.h"

/* Find {seq:N} in tmpl: its start and end, and N. Returns -1 with the
 * reason in why when there is not exactly one, or N is not 1 to 9. */
static int find_seq(const char *tmpl, const char **start, const char **end, int *width, struct tz_buf *why)
{
	const char *p = strstr(tmpl, "{seq:");

	if (!p || strstr(p + 1, "{seq:")) {
		tz_buf_puts(why, _("needs exactly one {seq:N}"));
		return -1;
	}
	if (p[5] < '1' || p[5] > '9' || p[6] != '}') {
		tz_buf_puts(why, _("{seq:N} takes N from 1 to 9"));
		return -1;
	}
	*start = p;
	*end = p + 7;
	*width = p[5] - '0';
	return 0;
}

/* Append s[0..len) with {year} expanded; -1 on any other {...}. */
static int expand(struct tz_buf *out, const char *s, size_t len, int year, struct tz_buf *why)
{
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '{') {
			if (len - i >= 6 && !strncmp(s + i, "{year}", 6)) {
				tz_buf_printf(out, "%04d", year);
				i += 5;
				continue;
			}
			tz_buf_puts(why, _("knows only {year} and {seq:N}"));
			return -1;
		}
		if (s[i] == '}') {
			tz_buf_puts(why, _("knows only {year} and {seq:N}"));
			return -1;
		}
		tz_buf_putc(out, s[i]);
	}
	return 0;
}

int tz_id_template_split(const char *tmpl, int year, struct tz_buf *prefix, struct tz_buf *suffix,
			 int *width)
{
	struct tz_buf why = TZ_BUF_INIT;
	const char *start, *end;
	int ret = -1;

	if (find_seq(tmpl, &start, &end, width, &why) < 0 ||
	    expand(prefix, tmpl, (size_t)(start - tmpl), year, &why) < 0 ||
	    expand(suffix, end, strlen(end), year, &why) < 0)
		goto out;
	ret = 0;
out:
	tz_buf_release(&why);
	return ret;
}

int tz_id_template_format(struct tz_buf *out, const char *tmpl, int year, unsigned long seq)
{
	struct tz_buf why = TZ_BUF_INIT, pre = TZ_BUF_INIT, suf = TZ_BUF_INIT;
	const char *start, *end;
	int width, ret = -1;

	if (find_seq(tmpl, &start, &end, &width, &why) < 0 ||
	    expand(&pre, tmpl, (size_t)(start - tmpl), year, &why) < 0 ||
	    expand(&suf, end, strlen(end), year, &why) < 0) {
		tz_buf_puts(out, why.ptr);
		goto out;
	}
	tz_buf_printf(out, "%s%0*lu%s", tz_buf_cstr(&pre), width, seq, tz_buf_cstr(&suf));
	ret = 0;
out:
	tz_buf_release(&why);
	tz_buf_release(&pre);
	tz_buf_release(&suf);
	return ret;
}

unsigned long tz_id_number(const char *id, const char *prefix, const char *suffix)
{
	size_t lp = strlen(prefix), ls = strlen(suffix), li = strlen(id), nd;
	unsigned long n = 0;

	if (li <= lp + ls || strncmp(id, prefix, lp) || strcmp(id + li - ls, suffix))
		return 0;
	nd = li - lp - ls;
	if (nd > 9)
		return 0;
	for (size_t i = lp; i < lp + nd; i++) {
		if (id[i] < '0' || id[i] > '9')
			return 0;
		n = n * 10 + (unsigned long)(id[i] - '0');
	}
	return n;
}

struct scan {
	unsigned long *max;
	const char *prefix, *suffix;
};

static int scan_entry(const char *root, const git_tree_entry *e, void *payload)
{
	struct scan *s = payload;
	const char *name = git_tree_entry_name(e);
	size_t len = strlen(name);
	char id[256];
	unsigned long n;

	(void)root;
	if (git_tree_entry_type(e) != GIT_OBJECT_BLOB || len <= 4 || len >= sizeof(id) ||
	    strcmp(name + len - 4, ".ini"))
		return 0;
	memcpy(id, name, len - 4);
	id[len - 4] = '\0';
	n = tz_id_number(id, s->prefix, s->suffix);
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
	struct scan s = { max, prefix, suffix };
	struct tz_buf dir = TZ_BUF_INIT;
	git_reference_iterator *it = NULL;
	git_reference *ref = NULL;
	git_oid head, seen[64];
	size_t nseen = 0;
	int ret = -1, rc;

	tz_place_dir(&dir, t);
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
	return ret;
}
