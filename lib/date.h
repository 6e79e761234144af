/* date.h - calendar dates as day numbers, for date checks and today±N. */
#ifndef TZ_DATE_H
#define TZ_DATE_H

/* Parse "YYYY-MM-DD" (a real calendar date, years 1000-9999) into a day
 * number; returns 0 on success, -1 when s is not such a date. */
int tz_date_parse(const char *s, long *days);

/* The date that s most likely means when it is written the way people often
 * write dates but DESIGN.md does not accept: 2026-7-2, 2026/7/2, 2026.7.2,
 * 2026年7月2日 (or 号), with full-width digits or separators. Writes
 * "YYYY-MM-DD" into out (at least 11 bytes) and returns 0 when the guess is
 * a real calendar date, else returns -1 and leaves out alone. */
int tz_date_guess(const char *s, char *out);

/* Write day number days as "YYYY-MM-DD" into out (at least 11 bytes). */
void tz_date_format(long days, char *out);

/* The year of day number days, and its weekday (0 Monday .. 6 Sunday). */
long tz_date_year(long days);
int tz_date_weekday(long days);

/* Today's local date as a day number; TZ_TODAY=YYYY-MM-DD in the environment
 * overrides it (for tests and for reports "as of" a date). */
long tz_date_today(void);

#endif
