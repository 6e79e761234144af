/* nextid.h - the IDs `tz new` allocates: a type's next_id template
 * ("ISS-{year}-{seq:4}") and the highest number already taken with its prefix
 * in the working tree, HEAD and every remote-tracking branch. */
#ifndef TZ_NEXTID_H
#define TZ_NEXTID_H
#include "buf.h"
#include "repo.h"
#include "schema.h"

/*
 * Expand the template tmpl for year and seq into out: `{year}` becomes the
 * four-digit year, `{seq:N}` the number zero-padded to N digits (wider when
 * it needs more). Returns 0; or -1 when the template is malformed, with the
 * reason (e.g. `needs exactly one {seq:N}`) in out instead.
 */
int tz_id_template_format(struct tz_buf *out, const char *tmpl, int year, unsigned long seq);

/*
 * Split the template for year into the text before and after its number,
 * into prefix and suffix (appended), and set *width to N. Returns 0, or -1
 * when the template is malformed.
 */
int tz_id_template_split(const char *tmpl, int year, struct tz_buf *prefix, struct tz_buf *suffix,
			 int *width);

/*
 * The number in id when it is prefix, digits, suffix; else 0 (numbers start
 * at 1). Numbers above 999 999 999 are not taken as numbers.
 */
unsigned long tz_id_number(const char *id, const char *prefix, const char *suffix);

/*
 * The highest number taken by an ID of type t with prefix and suffix in the
 * trees of HEAD and of every branch under refs/remotes of repo (below the type's
 * dir; removed records count, so an ID is never reused). *max is raised, never
 * lowered. Returns 0, or -1 with tz_error_last() set on a libgit2 error.
 */
int tz_nextid_scan_refs(unsigned long *max, struct tz_repo *repo, const struct tz_type *t,
			const char *prefix, const char *suffix);

#endif
