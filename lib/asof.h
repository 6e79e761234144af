/* asof.h - "as of a date": the last commit dated on or before the end of
 * that day, found in the history index, and whether the records there can
 * be had by rolling the working tree's back (snapshot.h) instead of reading
 * that commit's tree. */
#ifndef TZ_ASOF_H
#define TZ_ASOF_H
#include "history.h"
#include "repo.h"

struct tz_asof {
	char commit[41];	/* hex id */
	long long seq;		/* its history_commit.seq */
	int is_tip;		/* it is the newest indexed commit (HEAD) */
	int linear;		/* no merge commit after it: rolling back is exact */
};

/*
 * Find the newest commit (in history order) whose author date, in the
 * author's own zone, is on or before date (YYYY-MM-DD). Returns 0 and fills
 * *out; 1 when no commit is that old; -1 with tz_error_last() set.
 */
int tz_asof_find(struct tz_asof *out, struct tz_history *h, const char *date);

/* Whether the working tree's records/ and schema/ are exactly HEAD's (no
 * change, no new file). records/ is judged from index, the index database
 * just refreshed from the working tree (its tz_files table holds every
 * file below records/ with its blob id), against HEAD's tree, instead of a
 * status of every file; schema/'s files are hashed. When unsure (an
 * ignored file, a filtered line ending) the answer is 0. Returns 1 or 0,
 * or -1 with tz_error_last() set. */
int tz_asof_tree_clean(struct tz_repo *r, sqlite3 *index);

#endif
