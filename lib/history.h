/* history.h - the history index: one row per commit and one per changed
 * field, built by walking the commits and comparing the two versions of
 * every record each commit changed; extended from the last indexed commit. */
#ifndef TZ_HISTORY_H
#define TZ_HISTORY_H
#include <stddef.h>
#include <sqlite3.h>
#include "progress.h"
#include "repo.h"

/*
 * The tables, in the index database $GIT_DIR/taizhang/index.sqlite beside
 * the record tables (only these are created or dropped here):
 *
 *   history_commit(seq, id, author_name, author_email, author_time,
 *                  author_tz, committer_name, committer_email,
 *                  committer_time, committer_tz, parents, message)
 *       one row per commit reachable from the indexed tip; seq grows from
 *       parents to children (topological, then commit time), so ORDER BY
 *       seq DESC is newest first. Times are seconds since the epoch, tz the
 *       zone's offset in minutes.
 *   history_change(seq, ord, type, record, field, old, new, blob)
 *       one row per changed field of a record: field is "status", or
 *       "log.003.action" for a field of a part entry, or "(path)" when the
 *       record's file was created (old NULL), deleted (new NULL) or moved;
 *       old and new are NULL when absent (for "(path)": the file before and
 *       after). ord keeps the order within a commit. A record created by a
 *       commit with at most one parent has its "(path)" row only, with the
 *       created file's blob id in blob (NULL on every other row): the
 *       fields it was created with are read from that blob when the row is
 *       read (tz_history_changes does), not stored, so that indexing a
 *       ledger's first commit costs a row per record, not per field.
 *   history_log    a view joining the two, for SQL users
 *   history_state(key, value)   format version (3), tip, types (name=dir);
 *       tables of another version are dropped and built again
 *
 * A record is its type and ID wherever its file sits, so a moved file keeps
 * its history. Merge commits are compared with their first parent, and a
 * field change is kept only when the merge's value differs from that
 * field's value in every parent: changes are attributed to the commits that
 * made them, as `git log` does for a path, and a merge shows only what it
 * resolved differently from all its parents.
 */

struct tz_history;

struct tz_history_stats {
	size_t commits;		/* commits indexed by this refresh */
	size_t changes;		/* field changes indexed by this refresh */
	int rebuilt;		/* the history was indexed from nothing */
	int in_memory;		/* no writable index file, or rev is not HEAD */
	size_t commits_seen;	/* commits walked so far (for progress) */
	size_t threads;		/* worker threads that read the commits' changes
				   (0: the main thread alone, as for fewer than
				   32 commits or one processor) */
};

/* What tz_history_open may be told; start from TZ_HISTORY_OPTS_INIT. */
struct tz_history_opts {
	unsigned int version;		/* TZ_HISTORY_OPTS_VERSION */
	struct tz_progress *progress;	/* commits indexed so far (progress.h,
					   TZ_PROGRESS_HISTORY); NULL: quiet */
};

#define TZ_HISTORY_OPTS_VERSION 1
#define TZ_HISTORY_OPTS_INIT { TZ_HISTORY_OPTS_VERSION, NULL }

/*
 * Open the history of repo up to revision rev (NULL: HEAD), indexing what is
 * not indexed yet: nothing when the tip is the last indexed commit; the new
 * commits when that commit is an ancestor of the tip; everything when it is
 * not (rebase, reset) or when the types changed. The types come from the
 * working tree's schema (HEAD's in a bare repository). For HEAD the index
 * file is used (in memory when it cannot be written); for any other
 * revision an index is built in memory. Refreshing runs in one BEGIN
 * IMMEDIATE transaction. opts may be NULL (TZ_HISTORY_OPTS_INIT). Returns
 * 0 and sets *out (free with tz_history_free; stats may be NULL), or -1
 * with tz_error_last() set (also for opts of an unknown version).
 */
int tz_history_open(struct tz_history **out, struct tz_repo *repo, const char *rev,
		    struct tz_history_stats *stats, const struct tz_history_opts *opts);

void tz_history_free(struct tz_history *h);

/* Drop the history tables of repo's index file, so that the next
 * tz_history_open builds them again from every commit (tz index --rebuild:
 * the history is a cache too, and may have been tampered with). Returns 0
 * (also when there is no index file), or -1 with tz_error_last() set. */
int tz_history_drop(struct tz_repo *repo);

/* The connection, valid until tz_history_free. */
sqlite3 *tz_history_db(const struct tz_history *h);

/* The schema the types came from; borrowed until tz_history_free. */
const struct tz_schema *tz_history_schema(const struct tz_history *h);

struct tz_history_query {
	const char *type;	/* NULL: any */
	const char *record;	/* NULL: any */
	const char *field;	/* NULL: any; "log" matches every log.* field,
				   "log.003" every log.003.* field */
	const char *author;	/* NULL: any; else a substring of "Name <email>" */
	const char *since;	/* YYYY-MM-DD: author date on or after (in the
				   author's zone); NULL: no limit */
	const char *until;	/* YYYY-MM-DD: author date on or before */
	int with_path;		/* include the "(path)" rows */
};

struct tz_history_row {
	const char *commit;	/* full hex id */
	const char *author_name, *author_email;
	long long time;		/* author time */
	int tz;			/* author zone, minutes east of UTC */
	const char *type, *record, *field;
	const char *old_value, *new_value;	/* NULL when absent */
};

/* Return 0 to go on, non-zero to stop with that value. */
typedef int (*tz_history_fn)(const struct tz_history_row *row, void *payload);

/*
 * Call fn for every change that matches q, newest commit first, in the
 * order of the record within a commit; a creation's fields are read from
 * its blob (see history_change), so every field is a row, as in git. The
 * row's strings are valid during the call only. Returns 0, fn's non-zero
 * value, or -1 (tz_error_last; also when a creation's blob cannot be read).
 */
int tz_history_changes(struct tz_history *h, const struct tz_history_query *q,
		       tz_history_fn fn, void *payload);

/* Write the author date of row as "YYYY-MM-DD HH:MM" in the author's zone
 * into out (at least 17 bytes). */
void tz_history_date(char *out, long long time, int tz);

#endif
