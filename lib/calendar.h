/* calendar.h - working days (工作日) from schema/calendar.ini: weekends, public
 * holidays and make-up working days (调休), for deadlines in working days. */
#ifndef TZ_CALENDAR_H
#define TZ_CALENDAR_H
#include <stddef.h>
#include "buf.h"
#include "diag.h"
#include "repo.h"

struct tz_calendar;

#define TZ_CALENDAR_PATH "schema/calendar.ini"
#define TZ_CALENDAR_DUE_SOON 3	/* working days, when calendar.ini says nothing */

/*
 * Read a calendar from the contents data[0..len) of the file path:
 *   [calendar]           due_soon = N (working days; default 3)
 *   [year.YYYY]          the year is complete (source = where it comes from)
 *   [holiday.NAME]       name, days = D..D or D (comma-separated), and
 *                        workdays = the make-up working days it brings
 * Every problem goes to diags with its line; what is well formed is still
 * used. Returns a new calendar (free with tz_calendar_free); never NULL.
 */
struct tz_calendar *tz_calendar_parse(const char *path, const char *data, size_t len,
				      struct tz_diag_list *diags);

/*
 * The calendar of a version: schema/calendar.ini of src, or, when the file
 * does not exist, an empty calendar (weekends only, every year missing).
 * Returns 0 and sets *out, or -1 (tz_error_last) when the file cannot be read.
 */
int tz_calendar_load(struct tz_calendar **out, struct tz_source *src, struct tz_diag_list *diags);

void tz_calendar_free(struct tz_calendar *c);

/* Whether day (a day number, date.h) is a working day. A day of a year the
 * calendar lacks is one when it is Monday to Friday; the year is noted
 * (tz_calendar_missing). c may be NULL: weekends only, nothing noted. */
int tz_calendar_is_workday(struct tz_calendar *c, long day);

/* Working days after a up to and including b: workdays(a, b) is how many
 * working days pass from a to b (0 when a == b), negative when b is before
 * a (-workdays(b, a)). So a deadline's working days overdue on day d is
 * workdays(deadline, d), and the days left workdays(d, deadline). */
long tz_calendar_workdays(struct tz_calendar *c, long a, long b);

/* The n-th working day after day (n > 0), before it (n < 0), or day itself
 * (n == 0): "today+5w" is tz_calendar_add(c, today, 5). */
long tz_calendar_add(struct tz_calendar *c, long day, long n);

/* "Due soon" in working days (calendar.ini's due_soon, default 3). */
int tz_calendar_due_soon(const struct tz_calendar *c);

/* Append to out, once, the years that were asked about but that the
 * calendar lacks, as "2027" or "2027, 2028"; returns how many there are.
 * Callers warn with it: counting such a year by weekends is a guess. */
size_t tz_calendar_missing(const struct tz_calendar *c, struct tz_buf *out);

#endif
