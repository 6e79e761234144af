/* date.c - libFuzzer target for dates as people type them: tz_date_parse
 * (YYYY-MM-DD) and tz_date_guess (2026/7/2, 2026年7月2日, full-width digits),
 * which read values of records and of typed FIELD=VALUE arguments. A date
 * that parses prints back as itself; a guess is always a real date. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "date.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), out[16], back[16];
	long days, again;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (tz_date_parse(s, &days) == 0) {
		tz_date_format(days, back);
		if (strcmp(back, s) || tz_date_parse(back, &again) < 0 || again != days)
			abort();	/* a date is written one way only */
		if (tz_date_weekday(days) < 0 || tz_date_weekday(days) > 6 || tz_date_year(days) != strtol(s, NULL, 10))
			abort();
	}
	memset(out, 'x', sizeof(out));
	if (tz_date_guess(s, out) == 0) {
		if (memchr(out, '\0', 11) != out + 10 || tz_date_parse(out, &days) < 0)
			abort();	/* a guess is a real date, YYYY-MM-DD */
		tz_date_format(days, back);
		if (strcmp(back, out))
			abort();
	} else if (memcmp(out, "xxxxxxxxxxxxxxxx", sizeof(out))) {
		abort();	/* no guess: out left alone */
	}
	free(s);
	return 0;
}
