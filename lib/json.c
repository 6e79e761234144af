/* json.c - JSON string escaping for every tool's --format json. */
#include <string.h>
#include "json.h"
#include "text.h"

/* A byte that goes into a JSON string as it is (in valid UTF-8). */
static int plain(unsigned char c)
{
	return c >= 0x20 && c != '"' && c != '\\' && c != 0x7f;
}

void tz_json_string(struct tz_buf *b, const char *s)
{
	size_t len = strlen(s), i = 0;

	tz_buf_putc(b, '"');
	while (i < len) {
		/* the valid UTF-8 from i, checked once and copied in runs */
		size_t end = i + tz_utf8_valid_prefix(s + i, len - i);

		while (i < end) {
			size_t run = i;
			unsigned char c;

			while (run < end && plain((unsigned char)s[run]))
				run++;
			tz_buf_put(b, s + i, run - i);
			i = run;
			if (i == end)
				break;
			c = (unsigned char)s[i++];
			switch (c) {
			case '"': tz_buf_puts(b, "\\\""); break;
			case '\\': tz_buf_puts(b, "\\\\"); break;
			case '\n': tz_buf_puts(b, "\\n"); break;
			case '\r': tz_buf_puts(b, "\\r"); break;
			case '\t': tz_buf_puts(b, "\\t"); break;
			default: tz_buf_printf(b, "\\u%04x", c); break;
			}
		}
		if (i < len) {
			/* a byte that starts no valid character */
			tz_buf_puts(b, "\\ufffd");
			i++;
		}
	}
	tz_buf_putc(b, '"');
}
