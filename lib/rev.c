/* rev.c - the one revision resolver: a revision named on a command line or
 * by a caller, turned into a tree or a commit, with one set of messages. */
#include <string.h>
#include "error.h"
#include "i18n.h"
#include "rev.h"

/* git_revparse_single, with the messages of rev.h. */
static int parse(git_object **out, git_repository *git, const char *rev)
{
	int rc = git_revparse_single(out, git, rev);

	if (rc == 0)
		return 0;
	*out = NULL;
	if (rc == GIT_EAMBIGUOUS)
		return tz_error_set(_("revision \"%s\" is ambiguous: give more of its id"), rev);
	tz_error_set(_("unknown revision \"%s\""), rev);
	return rc == GIT_ENOTFOUND && !strcmp(rev, "HEAD") && git_repository_head_unborn(git) == 1 ? 1 : -1;
}

int tz_rev_tree(git_tree **out, git_commit **commit, git_repository *git, const char *rev)
{
	git_object *obj;
	int rc = parse(&obj, git, rev);

	*out = NULL;
	if (commit)
		*commit = NULL;
	if (rc)
		return rc;
	if (commit && git_object_peel((git_object **)commit, obj, GIT_OBJECT_COMMIT) < 0)
		*commit = NULL;	/* a tree: no commit */
	rc = git_object_peel((git_object **)out, obj, GIT_OBJECT_TREE);
	git_object_free(obj);
	if (rc < 0) {
		*out = NULL;
		if (commit) {
			git_commit_free(*commit);
			*commit = NULL;
		}
		return tz_error_set(_("revision \"%s\" does not name a tree"), rev);
	}
	return 0;
}

int tz_rev_commit(git_commit **out, git_repository *git, const char *rev)
{
	git_object *obj;
	int rc = parse(&obj, git, rev);

	*out = NULL;
	if (rc)
		return rc;
	rc = git_object_peel((git_object **)out, obj, GIT_OBJECT_COMMIT);
	git_object_free(obj);
	if (rc < 0) {
		*out = NULL;
		return tz_error_set(_("revision \"%s\" does not name a commit"), rev);
	}
	return 0;
}
