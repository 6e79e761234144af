/* merge.h - three-way merge of one record file, field by field, as git's
 * merge driver does it: what one side changed is taken, what both changed
 * alike is kept, and only a field changed to different values conflicts. */
#ifndef TZ_MERGE_H
#define TZ_MERGE_H
#include <stddef.h>
#include "buf.h"
#include "schema.h"

/* One side of a merge: the file's bytes. */
struct tz_merge_side {
	const char *data;
	size_t len;
};

struct tz_merge_stats {
	size_t conflicts;	/* conflict blocks written */
	int line_merged;	/* a side was not a readable record: the files
				   were merged line by line (git_merge_file) */
};

/*
 * Merge ours and theirs, both changed from base, into out (appended), for
 * the record at repository path `path` of type t (NULL when unknown: then no
 * part is taken as append-only). OURS's layout and comments are kept; a
 * field changed on one side only is taken from that side; a field changed
 * on both sides to different values is written between git-style markers
 * ("<<<<<<< ours", "=======", ">>>>>>> theirs") around that field's lines
 * only. Entries of an append-only part added on both sides are all kept,
 * numbered in date order after BASE's last entry. When a side is not a
 * readable record (empty, unparseable, another section first), the three
 * files are merged line by line through libgit2 instead. An empty base is
 * an empty record (both sides added the file).
 * Returns 0 (stats says how many conflicts), or -1 with tz_error_last() set
 * when the line merge failed.
 */
int tz_merge_record(struct tz_buf *out, struct tz_merge_stats *stats, const struct tz_type *t,
		    const char *path, const struct tz_merge_side *base,
		    const struct tz_merge_side *ours, const struct tz_merge_side *theirs);

#endif
