/* common.h - what every taizhang program shares: its name in messages, the
 * UTF-8 locale, errors on stderr, and checking stdout before exit. */
#ifndef TZ_TOOL_COMMON_H
#define TZ_TOOL_COMMON_H
#include <stdio.h>
#include "progress.h"

extern const char *tool_name;	/* "tz validate" */

/* Set the name used in messages (also in argv[0], which getopt's own
 * messages use), the locale (messages in the environment's language,
 * character classes and collation always C.UTF-8's, so that patterns match
 * characters and every user gets the same verdict) and the message
 * catalogue (from $TZ_LOCALEDIR when set, else build/locale beside an
 * uninstalled bin/, else the installed one). */
void tool_init(const char *name, char **argv);

/* "tz validate: MSG" on stderr. Returns 2, the exit status for usage and
 * environment errors. */
int tool_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* tool_error with ": " and tz_error_last() appended. */
int tool_error_last(const char *what);

/* Report a usage error with a pointer to --help; returns 2. With fmt NULL
 * only the pointer is printed: getopt has said what was wrong. */
int tool_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Flush stdout; when writing failed (a full disk, /dev/full), say so and
 * return 2, else return ret. */
int tool_finish(int ret);

/* Print text, translated, to stdout for --help and return 0 through
 * tool_finish. Mark the text with N_() where it is defined. */
int tool_help(const char *text);

/* The one progress drawer (progress.h): a line on stderr, redrawn in place
 * ("reading records: 5120/100000", "indexing history: 2048 commits",
 * "checking 45% (45000 of 100000 records)"), for a job the library runs.
 * NULL, so quiet, when quiet is set or stderr is not a terminal. Jobs of
 * fewer than TOOL_PROGRESS_MIN files or records draw nothing. */
#define TOOL_PROGRESS_MIN 5000
struct tz_progress *tool_progress(int quiet);

/* The folder this program lives in, from /proc/self/exe, or NULL when it
 * cannot be told. free() it. */
char *tool_self_dir(void);

/* Whether stdout is a terminal (tables) or not (TSV). */
int tool_stdout_is_tty(void);

/* Whether output shows labels (--labels: field labels as headers, enum
 * labels, references with titles) when neither --labels nor --no-labels is
 * given: for a table on a terminal under a locale whose messages are
 * translated (Chinese). */
int tool_labels_default(int table);

struct tz_calendar;
struct tz_repo;

/* For --as-of DATE: the last commit dated on or before DATE (history
 * index, asof.h) into commit (41 bytes), and TZ_TODAY set to DATE so that
 * today means it. Returns 0, or 2 (the exit status) after printing why. */
int tool_as_of(struct tz_repo *repo, const char *date, char *commit);

/* Load schema/calendar.ini of revision rev (NULL: the working tree) into
 * *out, printing its findings on stderr. Returns 0, or 2 (the exit status)
 * when it cannot be read or has errors. */
int tool_load_calendar(struct tz_calendar **out, struct tz_repo *repo, const char *rev);

/* Warn on stderr about the years that were counted without a calendar:
 * "tz query: warning: schema/calendar.ini has no year 2027: its working
 * days were counted as Monday to Friday". */
void tool_calendar_warn(const struct tz_calendar *c);

#endif
