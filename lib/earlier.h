/* earlier.h - the last version of records that a commit does not have, from
 * its history: a record deleted and created again continues its old one. */
#ifndef TZ_EARLIER_H
#define TZ_EARLIER_H
#include <git2.h>
#include "repo.h"
#include "type.h"

/* One record asked for: set type and id; tz_earlier_find fills the rest. */
struct tz_earlier {
	const struct tz_type *type;
	const char *id;
	int found;		/* 1: the history has a version */
	git_oid blob;		/* its last version's blob */
	git_oid commit;		/* a commit that has that version */
	char *path;		/* where it sat there; free with tz_earlier_release */
};

/*
 * For each of v[0..n), look for the record of its type and ID in the
 * history of commit `from` (from itself included), newest commit first
 * (topological, then by time), and take the first version found: the one a
 * deletion removed (within one commit, the first path in git's order).
 * Each version of a type's folder is searched once, so the cost follows the
 * number of commits and of distinct folder versions, not of records: a
 * window of 1,024 commits at a time, level by level, a folder's versions
 * read one after the other (each rebuilt from the one before in libgit2's
 * delta base cache), and a folder's entries looked up only when its bytes
 * hold a name asked for. Returns 0, or -1 with tz_error_last() set on a
 * libgit2 error.
 */
int tz_earlier_find(struct tz_repo *repo, const git_oid *from, struct tz_earlier *v, size_t n);

/* Free what tz_earlier_find set in v[0..n). */
void tz_earlier_release(struct tz_earlier *v, size_t n);

#endif
