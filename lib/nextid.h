/* nextid.h - the IDs `tz new` allocates: the highest number already taken
 * with a template's prefix (idtemplate.h) in HEAD and every remote-tracking
 * branch. */
#ifndef TZ_NEXTID_H
#define TZ_NEXTID_H
#include "repo.h"
#include "schema.h"

/*
 * The highest number taken by an ID of type t with prefix and suffix in the
 * trees of HEAD and of every branch under refs/remotes of repo (below the type's
 * dir; removed records count, so an ID is never reused). *max is raised, never
 * lowered. Returns 0, or -1 with tz_error_last() set on a libgit2 error.
 */
int tz_nextid_scan_refs(unsigned long *max, struct tz_repo *repo, const struct tz_type *t,
			const char *prefix, const char *suffix);

#endif
