/* date.c - unit tests of calendar dates as day numbers, today and TZ_TODAY. */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "date.h"
#include "tap.h"

struct day_case {
	const char *s;
	long days;
};

static void test_date__parse_and_format(void)
{
	static const struct day_case cases[] = {
		{ "1970-01-01", 0 },
		{ "1969-12-31", -1 },
		{ "2000-03-01", 11017 },
		{ "2026-06-30", 20634 },
		{ "1000-01-01", -354285 },
		{ "9999-12-31", 2932896 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		long d = 12345;
		char out[11];
		int rc = tz_date_parse(cases[i].s, &d);

		ok(rc == 0, "%s parses", cases[i].s);
		is_int(d, cases[i].days, "%s is day %ld", cases[i].s, cases[i].days);
		tz_date_format(cases[i].days, out);
		ok(!strcmp(out, cases[i].s), "day %ld formats as %s", cases[i].days, cases[i].s);
	}
	ok(tz_date_parse("2026-06-30", NULL) == 0, "days may be NULL");
}

static void test_date__invalid(void)
{
	static const char *const bad[] = {
		"", "2026", "2026-06", "2026-6-30", "2026-06-3", "26-06-30", "2026/06/30",
		"2026-06-30 ", " 2026-06-30", "2026-06-30T12:00", "2026-06-31", "2026-02-29",
		"2100-02-29", "1900-02-29", "2026-00-01", "2026-13-01", "2026-01-00", "2026-01-32",
		"0999-12-31", "0000-01-01", "+026-01-01", "-026-01-01", "2026-+1-01", "2026-1a-01",
		"２０２６-06-30", "2026年06月30日",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		long d = 777;
		int rc = tz_date_parse(bad[i], &d);
		ok(rc == -1, "\"%s\" is not a date", bad[i]);
		is_int(d, 777, "\"%s\" leaves days alone", bad[i]);
	}
	ok(tz_date_parse("2028-02-29", NULL) == 0, "2028-02-29 is a date");
	ok(tz_date_parse("2000-02-29", NULL) == 0, "2000-02-29 is a date (divisible by 400)");
	ok(tz_date_parse("2026-12-31", NULL) == 0, "2026-12-31 is a date");
}

static void test_date__arithmetic(void)
{
	long d;
	char out[11];

	tz_date_parse("2026-12-31", &d);
	tz_date_format(d + 1, out);
	is_str(out, "2027-01-01", "a year's last day + 1");
	tz_date_parse("2028-02-28", &d);
	tz_date_format(d + 1, out);
	is_str(out, "2028-02-29", "into a leap day");
	tz_date_format(d + 2, out);
	is_str(out, "2028-03-01", "over a leap day");
	tz_date_parse("2026-06-30", &d);
	tz_date_format(d + 7, out);
	is_str(out, "2026-07-07", "today+7 from the half-year's end");
	tz_date_format(d - 365, out);
	is_str(out, "2025-06-30", "a year back");
	for (long x = -800000; x <= 2932896; x += 9973) {
		long back;
		tz_date_format(x, out);
		if (x < -354285) {
			continue;	/* before 1000-01-01: not a date we parse */
		}
		if (tz_date_parse(out, &back) || back != x) {
			ok(0, "day %ld round-trips through %s", x, out);
			return;
		}
	}
	ok(1, "every sampled day from 1000 to 9999 round-trips");
}

struct guess_case {
	const char *s, *want;
};

static void test_date__guess(void)
{
	static const struct guess_case cases[] = {
		{ "2026-7-2", "2026-07-02" },
		{ "2026/7/2", "2026-07-02" },
		{ "2026.7.2", "2026-07-02" },
		{ "2026/07/02", "2026-07-02" },
		{ "2026年7月2日", "2026-07-02" },
		{ "2026年07月02号", "2026-07-02" },
		{ "2026年7月2", "2026-07-02" },
		{ "２０２６-０７-０２", "2026-07-02" },
		{ "２０２６年７月２日", "2026-07-02" },
		{ "2026－7－2", "2026-07-02" },
		{ "2026／12／31", "2026-12-31" },
		{ "2028-2-29", "2028-02-29" },
	};
	static const char *const bad[] = {
		"", "2026", "2026-7", "2026-7-", "2026-7/2", "2026/7-2", "26-7-2",
		"2026-13-2", "2026-2-30", "2026-7-2日", "2026年7月2日 ", "2026年7月",
		"2026-123-1", "2026-7-2x", "20260702", "七月二日", "2026年7月2日号",
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		char out[11] = "";
		ok(tz_date_guess(cases[i].s, out) == 0, "\"%s\" looks like a date", cases[i].s);
		ok(!strcmp(out, cases[i].want), "\"%s\" means %s (got %s)", cases[i].s, cases[i].want, out);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		char out[11] = "untouched";
		ok(tz_date_guess(bad[i], out) == -1, "\"%s\" is no date to guess", bad[i]);
		ok(!strcmp(out, "untouched"), "\"%s\" leaves out alone", bad[i]);
	}
}

static void test_date__today(void)
{
	long d, want;
	time_t now;
	struct tm tm;
	char buf[11];

	setenv("TZ_TODAY", "2026-06-30", 1);
	is_int(tz_date_today(), 20634, "TZ_TODAY overrides today");
	setenv("TZ_TODAY", "2026-02-30", 1);
	d = tz_date_today();
	unsetenv("TZ_TODAY");
	now = time(NULL);
	localtime_r(&now, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%d", &tm);
	tz_date_parse(buf, &want);
	ok(d == want || d == want - 1 || d == want + 1, "an invalid TZ_TODAY is ignored");
	d = tz_date_today();
	tz_date_format(d, buf);
	ok(d == want || d == want + 1, "without TZ_TODAY, today is the local date (%s)", buf);
}

int main(void)
{
	test_date__parse_and_format();
	test_date__invalid();
	test_date__arithmetic();
	test_date__guess();
	test_date__today();
	return tap_done();
}
