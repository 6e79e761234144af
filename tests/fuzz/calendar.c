/* calendar.c - libFuzzer target for schema/calendar.ini: any bytes must
 * parse without crashing or leaking, findings on lines of the file, and the
 * calendar read must count working days consistently: the n-th working day
 * after a day is n working days after it (before it: as workdays counts),
 * and every one is a working day. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "calendar.h"
#include "date.h"
#include "diag.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const starts[] = { "2026-01-01", "2026-09-30", "2026-12-31", "2025-02-28", "9999-12-20" };
	struct tz_diag_list d = TZ_DIAG_LIST_INIT;
	struct tz_calendar *c = tz_calendar_parse(TZ_CALENDAR_PATH, (const char *)data, size, &d);
	struct tz_buf missing = TZ_BUF_INIT;
	size_t lines = 1;

	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n';
	if (!c)
		abort();
	for (size_t i = 0; i < d.n; i++)
		if (d.v[i].line < 1 || (size_t)d.v[i].line > lines || strcmp(d.v[i].path, TZ_CALENDAR_PATH))
			abort();
	if (tz_calendar_due_soon(c) < 0)
		abort();
	for (size_t i = 0; i < sizeof(starts) / sizeof(*starts); i++) {
		long day;
		if (tz_date_parse(starts[i], &day) < 0)
			abort();
		for (long n = -12; n <= 12; n++) {
			long to = tz_calendar_add(c, day, n);
			/* workdays(a, b) counts (a, b], and (b, a] negated when b is
			 * before a: back from a day off, one fewer */
			long want = n >= 0 || tz_calendar_is_workday(c, day) ? n : n + 1;
			if (n && (!tz_calendar_is_workday(c, to) || tz_calendar_workdays(c, day, to) != want))
				abort();
			if ((n > 0 && to <= day) || (n < 0 && to >= day) || (!n && to != day))
				abort();
		}
	}
	tz_calendar_missing(c, &missing);
	tz_buf_release(&missing);
	tz_calendar_free(c);
	tz_diag_list_release(&d);
	return 0;
}
