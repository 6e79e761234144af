/* calendar.c - working days: weekends, plus per year the public holidays and
 * make-up working days that schema/calendar.ini lists. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "buf.h"
#include "calendar.h"
#include "date.h"
#include "error.h"
#include "i18n.h"
#include "load.h"
#include "record.h"

/* One complete year: which of its days are working days, and the running
 * difference from a plain Monday-to-Friday count (so that counting working
 * days between any two dates costs a few additions). */
struct year {
	long year, first;	/* first: day number of 1 January */
	int ndays;
	unsigned char work[366];
	int adj[366];		/* sum over days 0..i of work - weekday */
};

#define MAX_MISSING 32

struct tz_calendar {
	struct year *years;	/* sorted by year */
	size_t nyears, alloc;
	int due_soon;
	long missing[MAX_MISSING];	/* years asked about and not listed */
	size_t nmissing;
};

static int is_weekday(long day)
{
	return tz_date_weekday(day) < 5;
}

/* Monday-to-Friday days in (-inf, day], relative to a fixed origin. */
static long weekdays_upto(long day)
{
	long n = day + 3;	/* 0 = a Monday */
	long q = n >= 0 ? n / 7 : -((-n + 6) / 7);
	long r = n - q * 7;

	return q * 5 + (r + 1 < 5 ? r + 1 : 5);
}

static long year_first(long y)
{
	char s[32];
	long d = 0;

	snprintf(s, sizeof(s), "%04ld-01-01", y);
	tz_date_parse(s, &d);
	return d;
}

static struct year *find_year(const struct tz_calendar *c, long y)
{
	size_t lo = 0, hi = c ? c->nyears : 0;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (c->years[mid].year < y)
			lo = mid + 1;
		else if (c->years[mid].year > y)
			hi = mid;
		else
			return &c->years[mid];
	}
	return NULL;
}

static void note_missing(struct tz_calendar *c, long y)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->nmissing; i++)
		if (c->missing[i] == y)
			return;
	if (c->nmissing < MAX_MISSING)
		c->missing[c->nmissing++] = y;
}

static struct year *add_year(struct tz_calendar *c, long y)
{
	struct year *yr = find_year(c, y);
	size_t at = 0;

	if (yr)
		return yr;
	while (at < c->nyears && c->years[at].year < y)
		at++;
	TZ_ALLOC_GROW(c->years, c->nyears + 1, c->alloc);
	memmove(&c->years[at + 1], &c->years[at], (c->nyears - at) * sizeof(*c->years));
	c->nyears++;
	yr = &c->years[at];
	memset(yr, 0, sizeof(*yr));
	yr->year = y;
	yr->first = year_first(y);
	yr->ndays = (int)(year_first(y + 1) - yr->first);
	for (int i = 0; i < yr->ndays; i++)
		yr->work[i] = (unsigned char)is_weekday(yr->first + i);
	return yr;
}

static void finish_years(struct tz_calendar *c)
{
	for (size_t k = 0; k < c->nyears; k++) {
		struct year *yr = &c->years[k];
		int sum = 0;
		for (int i = 0; i < yr->ndays; i++) {
			sum += yr->work[i] - is_weekday(yr->first + i);
			yr->adj[i] = sum;
		}
	}
}

/* Mark the dates of list ("D..D, D") as working days (work = 1) or days
 * off, each in a year that has its [year.YYYY] section. */
static void mark_days(struct tz_calendar *c, const char *path, const struct tz_field *f,
		      int work, struct tz_diag_list *diags)
{
	char *copy = tz_strdup(f->value), *save = NULL;

	for (char *item = strtok_r(copy, ",\n", &save); item; item = strtok_r(NULL, ",\n", &save)) {
		char *a = item, *b, *dots;
		long from, to;
		while (*a == ' ' || *a == '\t')
			a++;
		b = a + strlen(a);
		while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
			*--b = '\0';
		if (!*a)
			continue;
		dots = strstr(a, "..");
		if (dots)
			*dots = '\0';
		if (tz_date_parse(a, &from) < 0 || tz_date_parse(dots ? dots + 2 : a, &to) < 0) {
			if (dots)
				*dots = '.';
			tz_diag_add(diags, path, f->line, TZ_ERROR, _("%s: \"%s\" is not a date or a range D..D"), f->key, a);
			continue;
		}
		if (to < from || to - from > 366) {
			tz_diag_add(diags, path, f->line, TZ_ERROR, _("%s: \"%s..%s\" is not a range of at most a year"), f->key, a, dots + 2);
			continue;
		}
		for (long d = from; d <= to; d++) {
			struct year *yr = find_year(c, tz_date_year(d));
			char date[16];
			if (!yr) {
				tz_date_format(d, date);
				tz_diag_add(diags, path, f->line, TZ_ERROR, _("%s: %s is in %ld, which has no [year.%ld] section"),
					    f->key, date, tz_date_year(d), tz_date_year(d));
				break;
			}
			yr->work[d - yr->first] = (unsigned char)work;
		}
	}
	free(copy);
}

static int year_name(const char *name, long *y)
{
	char *end;

	if (strncmp(name, "year.", 5) || strlen(name + 5) != 4)
		return 0;
	*y = strtol(name + 5, &end, 10);
	return !*end && *y >= 1000;
}

struct tz_calendar *tz_calendar_parse(const char *path, const char *data, size_t len,
				      struct tz_diag_list *diags)
{
	struct tz_calendar *c = tz_calloc(1, sizeof(*c));
	struct tz_record *r = tz_record_parse(path, data, len, diags);

	c->due_soon = TZ_CALENDAR_DUE_SOON;
	if (!r)
		return c;
	/* years first, so that holidays may come in any order */
	for (size_t i = 0; i < r->nsections; i++) {
		const struct tz_section *s = &r->sections[i];
		long y;
		if (year_name(s->name, &y))
			add_year(c, y);
	}
	for (size_t i = 0; i < r->nsections; i++) {
		const struct tz_section *s = &r->sections[i];
		long y;
		if (!strcmp(s->name, "calendar")) {
			for (size_t k = 0; k < s->nfields; k++) {
				const struct tz_field *f = &s->fields[k];
				char *end;
				long n;
				if (strcmp(f->key, "due_soon")) {
					tz_diag_add(diags, path, f->line, TZ_ERROR, _("calendar: unknown key \"%s\" (keys: due_soon)"), f->key);
					continue;
				}
				n = strtol(f->value, &end, 10);
				if (!*f->value || *end || n < 0 || n > 366)
					tz_diag_add(diags, path, f->line, TZ_ERROR, _("due_soon: \"%s\" is not a number of working days (0-366)"), f->value);
				else
					c->due_soon = (int)n;
			}
		} else if (year_name(s->name, &y)) {
			for (size_t k = 0; k < s->nfields; k++)
				if (strcmp(s->fields[k].key, "source"))
					tz_diag_add(diags, path, s->fields[k].line, TZ_ERROR, _("%s: unknown key \"%s\" (keys: source)"),
						    s->name, s->fields[k].key);
		} else if (!strncmp(s->name, "holiday.", 8) && s->name[8]) {
			const struct tz_field *days = tz_section_field(s, "days");
			for (size_t k = 0; k < s->nfields; k++) {
				const struct tz_field *f = &s->fields[k];
				if (!strcmp(f->key, "days"))
					mark_days(c, path, f, 0, diags);
				else if (!strcmp(f->key, "workdays"))
					mark_days(c, path, f, 1, diags);
				else if (strcmp(f->key, "name"))
					tz_diag_add(diags, path, f->line, TZ_ERROR, _("%s: unknown key \"%s\" (keys: name, days, workdays)"),
						    s->name, f->key);
			}
			if (!days || !*days->value)
				tz_diag_add(diags, path, s->line, TZ_ERROR, _("%s: days is required"), s->name);
		} else {
			tz_diag_add(diags, path, s->line, TZ_ERROR,
				    _("unknown section [%s] (sections: [calendar], [year.YYYY], [holiday.NAME])"), s->name);
		}
	}
	tz_record_free(r);
	finish_years(c);
	return c;
}

int tz_calendar_load(struct tz_calendar **out, struct tz_source *src, struct tz_diag_list *diags)
{
	struct tz_buf data = TZ_BUF_INIT;
	int rc = 0;

	*out = NULL;
	rc = tz_settings_read(src, TZ_CALENDAR_PATH, &data, diags);
	if (rc < 0) {
		tz_buf_release(&data);
		return -1;
	}
	if (rc == 1) {
		/* no calendar.ini: weekends only */
		struct tz_calendar *c = tz_calloc(1, sizeof(*c));
		c->due_soon = TZ_CALENDAR_DUE_SOON;
		*out = c;
		return 0;
	}
	/* one that cannot be read (a finding says why) declares nothing */
	*out = tz_calendar_parse(TZ_CALENDAR_PATH, data.ptr ? data.ptr : "", data.len, diags);
	tz_buf_release(&data);
	return 0;
}

void tz_calendar_free(struct tz_calendar *c)
{
	if (!c)
		return;
	free(c->years);
	free(c);
}

int tz_calendar_is_workday(struct tz_calendar *c, long day)
{
	long y = tz_date_year(day);
	struct year *yr = find_year(c, y);

	if (yr)
		return yr->work[day - yr->first];
	note_missing(c, y);
	return is_weekday(day);
}

/* Working days in (-inf, day], relative to a fixed origin. */
static long workdays_upto(const struct tz_calendar *c, long day)
{
	long n = weekdays_upto(day), y = tz_date_year(day);

	for (size_t k = 0; c && k < c->nyears && c->years[k].year <= y; k++) {
		const struct year *yr = &c->years[k];
		n += yr->year < y ? yr->adj[yr->ndays - 1] : yr->adj[day - yr->first];
	}
	return n;
}

long tz_calendar_workdays(struct tz_calendar *c, long a, long b)
{
	long lo = a < b ? a : b, hi = a < b ? b : a;

	if (c)
		for (long y = tz_date_year(lo), last = tz_date_year(hi); y <= last; y++)
			if (!find_year(c, y))
				note_missing(c, y);
	return workdays_upto(c, b) - workdays_upto(c, a);
}

long tz_calendar_add(struct tz_calendar *c, long day, long n)
{
	long step = n < 0 ? -1 : 1;

	while (n) {
		day += step;
		if (tz_calendar_is_workday(c, day))
			n -= step;
	}
	return day;
}

int tz_calendar_due_soon(const struct tz_calendar *c)
{
	return c ? c->due_soon : TZ_CALENDAR_DUE_SOON;
}

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;
	return x < y ? -1 : x > y;
}

size_t tz_calendar_missing(const struct tz_calendar *c, struct tz_buf *out)
{
	long v[MAX_MISSING];
	size_t n = c ? c->nmissing : 0;

	if (!n)
		return 0;
	memcpy(v, c->missing, n * sizeof(*v));
	tz_sort(v, n, sizeof(*v), cmp_long);
	for (size_t i = 0; i < n; i++)
		tz_buf_printf(out, "%s%ld", i ? ", " : "", v[i]);
	return n;
}
