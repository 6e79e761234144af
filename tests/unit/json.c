/* json.c - unit tests of tz_json_string: what JSON escapes, UTF-8 copied
 * whole, and every byte that starts no valid character as one U+FFFD,
 * wherever it stands in a long string. */
#include <string.h>
#include "buf.h"
#include "json.h"
#include "tap.h"

struct json_case {
	const char *what, *s, *want;
};

static void test_json__string(void)
{
	static const struct json_case cases[] = {
		{ "empty", "", "\"\"" },
		{ "ASCII", "status = open", "\"status = open\"" },
		{ "quote and backslash", "a\"b\\c", "\"a\\\"b\\\\c\"" },
		{ "newline, return, tab", "a\nb\rc\td", "\"a\\nb\\rc\\td\"" },
		{ "other controls and DEL", "\x01x\x1f\x7f", "\"\\u0001x\\u001f\\u007f\"" },
		{ "CJK", "办结率", "\"办结率\"" },
		{ "CJK between escapes", "“两帮两促”\n简报\t第1期", "\"“两帮两促”\\n简报\\t第1期\"" },
		{ "4-byte character", "ok😀", "\"ok😀\"" },
		{ "a lone continuation byte", "a\x80" "b", "\"a\\ufffdb\"" },
		{ "an invalid byte between CJK", "办\xff结", "\"办\\ufffd结\"" },
		{ "a truncated character at the end", "办结\xe7\x8e", "\"办结\\ufffd\\ufffd\"" },
		{ "a truncated character before ASCII", "\xe7\x8e" "a", "\"\\ufffd\\ufffda\"" },
		{ "an overlong form", "\xc0\xaf" "/", "\"\\ufffd\\ufffd/\"" },
		{ "a surrogate", "\xed\xa0\x80" "x", "\"\\ufffd\\ufffd\\ufffdx\"" },
		{ "valid after invalid", "\xff" "“x”\"", "\"\\ufffd“x”\\\"\"" },
	};
	struct tz_buf b = TZ_BUF_INIT;

	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		tz_buf_clear(&b);
		tz_json_string(&b, cases[i].s);
		is_str(tz_buf_cstr(&b), cases[i].want, "%s", cases[i].what);
	}
	tz_buf_release(&b);
}

/* A long title of CJK with an invalid byte near its end: the bytes before
 * it are copied whole, the byte becomes one U+FFFD. */
static void test_json__long(void)
{
	struct tz_buf in = TZ_BUF_INIT, want = TZ_BUF_INIT, b = TZ_BUF_INIT;

	for (int i = 0; i < 2000; i++)
		tz_buf_puts(&in, "问题");
	tz_buf_putc(&in, '\xfe');
	tz_buf_puts(&in, "\"end\"");
	tz_buf_putc(&want, '"');
	for (int i = 0; i < 2000; i++)
		tz_buf_puts(&want, "问题");
	tz_buf_puts(&want, "\\ufffd\\\"end\\\"\"");
	tz_json_string(&b, tz_buf_cstr(&in));
	is_int(b.len, want.len, "a long string: its length");
	ok(b.len == want.len && !memcmp(b.ptr, want.ptr, b.len), "a long string: its bytes");
	tz_buf_release(&in);
	tz_buf_release(&want);
	tz_buf_release(&b);
}

int main(void)
{
	test_json__string();
	test_json__long();
	return tap_done();
}
