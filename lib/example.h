/* example.h - a records repository whose history replays a campaign: the
 * bundled half-year, one commit per log entry, monthly report and visit. */
#ifndef TZ_EXAMPLE_H
#define TZ_EXAMPLE_H
#include <stddef.h>
#include <git2.h>
#include "type.h"

struct tz_example_stats {
	size_t records;		/* record files replayed */
	size_t commits;		/* commits made */
	char first[11], last[11];	/* dates of the first and last commit */
};

/*
 * Commit the records found below records_dir (a folder laid out like a
 * repository's records/, e.g. the bundled campaign) into git, whose HEAD
 * must be unborn, as the history that led to them, and point HEAD at the
 * last commit. The schema files below schema_dir go into the first commit
 * under schema/. Nothing is written to a working tree; the caller checks
 * HEAD out.
 *
 * How the history is read from the records (doc/decisions.md has the why):
 *   - a record of a type with a status field and a log part is written once
 *     per log entry, on the entry's date, by the entry's actor; the fields
 *     that later actions fill or require are absent until then, the status
 *     follows the entries, and a deadline follows the extensions;
 *   - a record with a part keyed by month (YYYY-MM) gets one commit per
 *     month, on the month's last weekday, by the unit that owns the record;
 *     main fields named like the part's fields follow the latest month;
 *     an actual start or end date in the period is a commit of its own, and
 *     the stage before it is the one before (preliminary, construction);
 *   - a record with a date field `date` and no log is committed on that date;
 *   - everything else is in the first commit, dated at the earliest date.
 * Each actor (a unit's short name, name or ID) commits as "SHORT <ID@example.
 * gov.cn>"; the office (the unit of kind `office`) registers and keeps the
 * ledger. Commit times are that day from 08:30 +0800, a minute apart in
 * order, so the same records give the same commit IDs every time.
 *
 * Returns 0 and fills *stats (may be NULL), or -1 with tz_error_last() set;
 * findings in a record file make it fail, naming the file.
 */
int tz_example_replay(git_repository *git, const struct tz_schema *schema,
		      const char *schema_dir, const char *records_dir,
		      struct tz_example_stats *stats);

#endif
