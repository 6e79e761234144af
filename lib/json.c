/* json.c - JSON string escaping for every tool's --format json. */
#include <string.h>
#include "json.h"
#include "text.h"

void tz_json_string(struct tz_buf *b, const char *s)
{
	size_t len = strlen(s), i = 0;

	tz_buf_putc(b, '"');
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		size_t ok;

		if (c >= 0x80) {
			ok = tz_utf8_valid_prefix(s + i, len - i);
			if (ok == 0) {
				tz_buf_puts(b, "\\ufffd");
				i++;
				continue;
			}
			{
				size_t n = c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
				tz_buf_put(b, s + i, n);
				i += n;
			}
			continue;
		}
		switch (c) {
		case '"': tz_buf_puts(b, "\\\""); break;
		case '\\': tz_buf_puts(b, "\\\\"); break;
		case '\n': tz_buf_puts(b, "\\n"); break;
		case '\r': tz_buf_puts(b, "\\r"); break;
		case '\t': tz_buf_puts(b, "\\t"); break;
		default:
			if (c < 0x20 || c == 0x7f)
				tz_buf_printf(b, "\\u%04x", c);
			else
				tz_buf_putc(b, (char)c);
		}
		i++;
	}
	tz_buf_putc(b, '"');
}
