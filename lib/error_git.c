/* error_git.c - libgit2's last error as this thread's error (error.h);
 * apart from error.c, so that a program that calls no libgit2 links none. */
#include <git2.h>
#include "error.h"

int tz_error_git(const char *what)
{
	const git_error *e = git_error_last();

	return tz_error_set("%s: %s", what, e && e->message ? e->message : "libgit2 error");
}
