/* date.c - proleptic Gregorian day numbers (days since 1970-01-01). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "date.h"

static long days_from_civil(long y, unsigned m, unsigned d)
{
	long era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long)doe - 719468;
}

static void civil_from_days(long z, long *y, unsigned *m, unsigned *d)
{
	long era;
	unsigned doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	*y = (long)yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y += *m <= 2;
}

int tz_date_parse(const char *s, long *days)
{
	static const unsigned mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	long y;
	unsigned m, d;

	for (int i = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			if (s[i] != '-')
				return -1;
		} else if (s[i] < '0' || s[i] > '9') {
			return -1;
		}
	}
	if (s[10])
		return -1;
	y = strtol(s, NULL, 10);
	m = (unsigned)(s[5] - '0') * 10 + (unsigned)(s[6] - '0');
	d = (unsigned)(s[8] - '0') * 10 + (unsigned)(s[9] - '0');
	if (y < 1000 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return -1;
	if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return -1;
	if (days)
		*days = days_from_civil(y, m, d);
	return 0;
}

void tz_date_format(long days, char *out)
{
	long y;
	unsigned m, d;

	civil_from_days(days, &y, &m, &d);
	y = y < 0 ? 0 : y % 10000;
	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
}

long tz_date_year(long days)
{
	long y;
	unsigned m, d;

	civil_from_days(days, &y, &m, &d);
	return y;
}

int tz_date_weekday(long days)
{
	/* 1970-01-01 was a Thursday (3) */
	long w = (days + 3) % 7;
	return (int)(w < 0 ? w + 7 : w);
}

long tz_date_today(void)
{
	const char *env = getenv("TZ_TODAY");
	long days;
	time_t now;
	struct tm tm;

	if (env && !tz_date_parse(env, &days))
		return days;
	now = time(NULL);
	localtime_r(&now, &tm);
	return days_from_civil(tm.tm_year + 1900L, (unsigned)tm.tm_mon + 1, (unsigned)tm.tm_mday);
}

/* The ASCII character for a full-width digit or separator (U+FF0D －,
 * U+FF0E ．, U+FF0F ／, U+FF10-FF19 ０-９) at s, consuming it; 0 if none. */
static char fullwidth_ascii(const char **s)
{
	const unsigned char *p = (const unsigned char *)*s;

	if (p[0] == 0xef && p[1] == 0xbc && p[2] >= 0x8d && p[2] <= 0x99) {
		*s += 3;
		return (char)(p[2] - 0x8d + '-');
	}
	return 0;
}

/* Up to max ASCII or full-width digits at *s; returns how many were read. */
static int read_digits(const char **s, int max, unsigned *value)
{
	int n = 0;

	*value = 0;
	while (n < max) {
		const char *t = *s;
		char c = fullwidth_ascii(&t);
		if (!c) {
			c = **s;
			t = *s + 1;
		}
		if (c < '0' || c > '9')
			break;
		*value = *value * 10 + (unsigned)(c - '0');
		*s = t;
		n++;
	}
	return n;
}

/* Consume the separator sep ('-', '/', '.', or a UTF-8 word such as "年"). */
static int read_sep(const char **s, const char *sep)
{
	const char *t = *s;
	char c;

	if (sep[1]) {
		size_t n = strlen(sep);
		if (strncmp(*s, sep, n))
			return 0;
		*s += n;
		return 1;
	}
	c = fullwidth_ascii(&t);
	if (!c) {
		c = **s;
		t = *s + 1;
	}
	if (c != *sep)
		return 0;
	*s = t;
	return 1;
}

int tz_date_guess(const char *s, char *out)
{
	static const char *const seps[][3] = {
		{ "-", "-", "" }, { "/", "/", "" }, { ".", ".", "" },
		{ "年", "月", "日" },
		{ "年", "月", "号" },
	};

	for (size_t i = 0; i < sizeof(seps) / sizeof(*seps); i++) {
		const char *p = s;
		unsigned y, m, d;
		char buf[16];

		if (read_digits(&p, 4, &y) != 4 || !read_sep(&p, seps[i][0]) ||
		    read_digits(&p, 2, &m) < 1 || !read_sep(&p, seps[i][1]) ||
		    read_digits(&p, 2, &d) < 1)
			continue;
		if (*seps[i][2])
			read_sep(&p, seps[i][2]);
		if (*p)
			continue;
		snprintf(buf, sizeof(buf), "%04u-%02u-%02u", y, m, d);
		if (tz_date_parse(buf, NULL) < 0)
			continue;
		memcpy(out, buf, 11);
		return 0;
	}
	return -1;
}
