/* calendar.c - unit tests of working days: weekends, holidays and make-up
 * days from the bundled schema/calendar.ini, and years it lacks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "calendar.h"
#include "date.h"
#include "tap.h"

static long day(const char *s)
{
	long d = 0;
	if (tz_date_parse(s, &d) < 0)
		abort();
	return d;
}

static struct tz_calendar *bundled(void)
{
	struct tz_diag_list diags = TZ_DIAG_LIST_INIT;
	struct tz_buf data = TZ_BUF_INIT;
	struct tz_calendar *c;
	FILE *fp = fopen("schema/calendar.ini", "r");
	char chunk[4096];
	size_t n;

	if (!fp)
		fp = fopen("../../schema/calendar.ini", "r");
	if (!fp) {
		printf("Bail out! cannot read schema/calendar.ini\n");
		exit(1);
	}
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		tz_buf_put(&data, chunk, n);
	fclose(fp);
	c = tz_calendar_parse("schema/calendar.ini", data.ptr, data.len, &diags);
	is_int(diags.n, 0, "the bundled calendar has no findings");
	tz_diag_list_release(&diags);
	tz_buf_release(&data);
	return c;
}

/* Every day of 2026 against holidays-2026.md, read independently: days off
 * are the listed ranges plus weekends, minus the make-up days. */
static void test_calendar__2026(void)
{
	static const char *const off[][2] = {
		{ "2026-01-01", "2026-01-03" }, { "2026-02-15", "2026-02-23" },
		{ "2026-04-04", "2026-04-06" }, { "2026-05-01", "2026-05-05" },
		{ "2026-06-19", "2026-06-21" }, { "2026-09-25", "2026-09-27" },
		{ "2026-10-01", "2026-10-07" },
	};
	static const char *const makeup[] = {
		"2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10",
	};
	struct tz_calendar *c = bundled();
	struct tz_buf missing = TZ_BUF_INIT;
	int wrong = 0, total = 0;

	for (long d = day("2026-01-01"); d <= day("2026-12-31"); d++) {
		int want = tz_date_weekday(d) < 5;
		char s[16];
		tz_date_format(d, s);
		for (size_t i = 0; i < sizeof(off) / sizeof(*off); i++)
			if (strcmp(s, off[i][0]) >= 0 && strcmp(s, off[i][1]) <= 0)
				want = 0;
		for (size_t i = 0; i < sizeof(makeup) / sizeof(*makeup); i++)
			if (!strcmp(s, makeup[i]))
				want = 1;
		total += want;
		if (tz_calendar_is_workday(c, d) != want) {
			wrong++;
			printf("# %s: got %d\n", s, tz_calendar_is_workday(c, d));
		}
	}
	is_int(wrong, 0, "every day of 2026 is a working day or not as the notice says");
	is_int(total, 248, "2026 has 248 working days (261 weekdays - 19 holidays + 6 make-up days)");
	is_int(tz_calendar_workdays(c, day("2025-12-31"), day("2026-12-31")), 248,
	       "workdays over the year agrees with the day-by-day count");
	is_int(tz_calendar_missing(c, &missing), 1, "2025, asked about, is missing");
	is_str(missing.ptr, "2025", "the missing year is named");
	tz_buf_release(&missing);
	tz_calendar_free(c);
}

static void test_calendar__counting(void)
{
	struct tz_calendar *c = bundled();
	char s[16];

	is_int(tz_calendar_workdays(c, day("2026-06-01"), day("2026-06-01")), 0, "no days from a day to itself");
	is_int(tz_calendar_workdays(c, day("2026-06-01"), day("2026-06-05")), 4, "Monday to Friday: 4 working days after");
	is_int(tz_calendar_workdays(c, day("2026-06-05"), day("2026-06-01")), -4, "backwards is negative");
	/* 端午 2026-06-19 (Friday) .. 06-21: the 18th is Thursday */
	is_int(tz_calendar_workdays(c, day("2026-06-18"), day("2026-06-22")), 1, "over 端午: only Monday the 22nd");
	tz_date_format(tz_calendar_add(c, day("2026-06-18"), 1), s);
	is_str(s, "2026-06-22", "one working day after 2026-06-18 is 2026-06-22");
	tz_date_format(tz_calendar_add(c, day("2026-06-22"), -1), s);
	is_str(s, "2026-06-18", "one working day before 2026-06-22 is 2026-06-18");
	tz_date_format(tz_calendar_add(c, day("2026-09-30"), 1), s);
	is_str(s, "2026-10-08", "after 国庆 the next working day is 10-08");
	tz_date_format(tz_calendar_add(c, day("2026-10-09"), 1), s);
	is_str(s, "2026-10-10", "Saturday 10-10 is a make-up working day");
	tz_date_format(tz_calendar_add(c, day("2026-02-13"), 1), s);
	is_str(s, "2026-02-14", "Saturday 02-14 is a make-up working day");
	tz_date_format(tz_calendar_add(c, day("2026-06-30"), 0), s);
	is_str(s, "2026-06-30", "adding none is the day itself");
	for (long d = day("2026-01-01"); d < day("2026-12-20"); d += 13)
		for (long n = 1; n < 12; n += 5)
			if (tz_calendar_workdays(c, d, tz_calendar_add(c, d, n)) != n)
				ok(0, "workdays(d, add(d, %ld)) is %ld", n, n);
	ok(1, "workdays undoes add across 2026");
	is_int(tz_calendar_due_soon(c), 3, "due soon is 3 working days");
	tz_calendar_free(c);
}

static void test_calendar__missing_year(void)
{
	struct tz_calendar *c = bundled();
	struct tz_buf missing = TZ_BUF_INIT;

	is_int(tz_calendar_missing(c, &missing), 0, "nothing missing before asking");
	is_int(tz_calendar_workdays(c, day("2026-12-31"), day("2027-01-08")), 6, "2027 counted by weekends");
	ok(tz_calendar_is_workday(c, day("2028-01-03")), "a Monday of 2028 counts as a working day");
	is_int(tz_calendar_missing(c, &missing), 2, "two years are missing");
	is_str(missing.ptr, "2027, 2028", "and named in order");
	tz_buf_release(&missing);
	tz_calendar_free(c);
	ok(tz_calendar_is_workday(NULL, day("2026-06-19")), "no calendar: weekends only");
	is_int(tz_calendar_workdays(NULL, day("2026-06-19"), day("2026-06-26")), 5, "no calendar: five days a week");
}

static void test_calendar__errors(void)
{
	static const char bad[] =
		"[calendar]\ndue_soon = soon\ncolour = red\n"
		"[year.2030]\n"
		"[holiday.x]\nname = X\ndays = 2030-01-01..2029-12-30\n"
		"[holiday.y]\ndays = 2031-05-01\n"
		"[holiday.z]\nname = Z\n"
		"[weeks]\n";
	struct tz_diag_list diags = TZ_DIAG_LIST_INIT;
	struct tz_buf out = TZ_BUF_INIT;
	struct tz_calendar *c = tz_calendar_parse("cal.ini", bad, sizeof(bad) - 1, &diags);
	FILE *fp = tmpfile();
	char line[512];

	tz_diag_write(&diags, fp, TZ_FORMAT_TEXT);
	rewind(fp);
	while (fgets(line, sizeof(line), fp))
		tz_buf_puts(&out, line);
	fclose(fp);
	is_str(out.ptr,
	       "cal.ini:2: error: due_soon: \"soon\" is not a number of working days (0-366)\n"
	       "cal.ini:3: error: calendar: unknown key \"colour\" (keys: due_soon)\n"
	       "cal.ini:7: error: days: \"2030-01-01..2029-12-30\" is not a range of at most a year\n"
	       "cal.ini:9: error: days: 2031-05-01 is in 2031, which has no [year.2031] section\n"
	       "cal.ini:10: error: holiday.z: days is required\n"
	       "cal.ini:12: error: unknown section [weeks] (sections: [calendar], [year.YYYY], [holiday.NAME])\n",
	       "every problem of a bad calendar, with its line");
	is_int(tz_calendar_due_soon(c), 3, "a bad due_soon keeps the default");
	tz_buf_release(&out);
	tz_diag_list_release(&diags);
	tz_calendar_free(c);
}

int main(void)
{
	test_calendar__2026();
	test_calendar__counting();
	test_calendar__missing_year();
	test_calendar__errors();
	return tap_done();
}
