/* text.c - unit tests of the UTF-8 helpers: validity (overlong forms,
 * surrogates, past U+10FFFF), counting, display width, quoting, suggestions. */
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include "buf.h"
#include "tap.h"
#include "text.h"

struct prefix_case {
	const char *what, *s;
	size_t want;
};

static void test_text__utf8_valid_prefix(void)
{
	static const struct prefix_case cases[] = {
		{ "empty", "", 0 },
		{ "ASCII", "status = open", 13 },
		{ "CJK", "办结率", 9 },
		{ "mixed", "a中b", 5 },
		{ "U+0080, the first 2-byte", "\xc2\x80", 2 },
		{ "U+07FF", "\xdf\xbf", 2 },
		{ "U+0800, the first 3-byte", "\xe0\xa0\x80", 3 },
		{ "U+D7FF, before the surrogates", "\xed\x9f\xbf", 3 },
		{ "U+E000, after the surrogates", "\xee\x80\x80", 3 },
		{ "U+FFFF", "\xef\xbf\xbf", 3 },
		{ "U+10000, the first 4-byte", "\xf0\x90\x80\x80", 4 },
		{ "U+10FFFF, the last", "\xf4\x8f\xbf\xbf", 4 },
		{ "emoji", "ok😀", 6 },
		{ "overlong 2-byte '/'", "\xc0\xaf", 0 },
		{ "overlong 2-byte NUL", "\xc0\x80", 0 },
		{ "overlong 2-byte via C1", "\xc1\xbf", 0 },
		{ "overlong 3-byte", "\xe0\x80\xaf", 0 },
		{ "overlong 3-byte U+07FF", "\xe0\x9f\xbf", 0 },
		{ "overlong 4-byte", "\xf0\x80\x80\xaf", 0 },
		{ "overlong 4-byte U+FFFF", "\xf0\x8f\xbf\xbf", 0 },
		{ "surrogate U+D800", "\xed\xa0\x80", 0 },
		{ "surrogate U+DFFF", "\xed\xbf\xbf", 0 },
		{ "past U+10FFFF", "\xf4\x90\x80\x80", 0 },
		{ "F5 lead byte", "\xf5\x80\x80\x80", 0 },
		{ "FF byte", "ab\xff", 2 },
		{ "FE byte", "\xfe", 0 },
		{ "lone continuation byte", "a\x80", 1 },
		{ "truncated 3-byte at the end", "中\xe6\x96", 3 },
		{ "truncated 2-byte then ASCII", "\xc3" "a", 0 },
		{ "3-byte with an ASCII byte inside", "\xe4\xb8" "a", 0 },
		{ "Latin-1 text", "caf\xe9", 3 },
		{ "GBK text", "\xd6\xd0\xce\xc4", 0 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++)
		is_int(tz_utf8_valid_prefix(cases[i].s, strlen(cases[i].s)), cases[i].want,
		       "valid prefix: %s", cases[i].what);
	is_int(tz_utf8_valid_prefix("中文", 4), 3, "a sequence cut by len is not valid");
	is_int(tz_utf8_valid_prefix("a\0b", 3), 3, "NUL is valid UTF-8 (files check NUL separately)");
}

static void test_text__count_and_width(void)
{
	is_int(tz_utf8_count(""), 0, "count of \"\"");
	is_int(tz_utf8_count("abc"), 3, "count of ASCII");
	is_int(tz_utf8_count("中文abc"), 5, "code points, not bytes");
	is_int(tz_utf8_count("😀"), 1, "a 4-byte character is one");
	is_int(tz_utf8_count("e\xcc\x81"), 2, "a combining mark is its own code point");

	is_int(tz_utf8_width(""), 0, "width of \"\"");
	is_int(tz_utf8_width("abc"), 3, "ASCII is one column each");
	is_int(tz_utf8_width("中文"), 4, "CJK is two columns each");
	is_int(tz_utf8_width("国土局gtj"), 9, "mixed");
	is_int(tz_utf8_width("，。"), 4, "full-width punctuation is two");
	is_int(tz_utf8_width("ｇｔｊ"), 6, "full-width Latin is two");
	is_int(tz_utf8_width("ｶﾀｶﾅ"), 4, "half-width katakana is one");
	is_int(tz_utf8_width("한국"), 4, "Hangul is two");
	is_int(tz_utf8_width("e\xcc\x81"), 1, "a combining mark takes no column");
	is_int(tz_utf8_width("a\tb"), 3, "a control character counts one (shown as ?)");
}

static void test_text__quote(void)
{
	struct tz_buf b = TZ_BUF_INIT, want = TZ_BUF_INIT, in = TZ_BUF_INIT;

	tz_text_quote(&b, "国土局 gtj");
	is_str(tz_buf_cstr(&b), "国土局 gtj", "printable text is kept");
	tz_buf_clear(&b);
	tz_text_quote(&b, "a\nb\tc\rd\x1b[31me\x7f");
	is_str(tz_buf_cstr(&b), "a\\nb\\tc\\rd\\033[31me\\177", "control characters are escaped as git escapes them");
	tz_buf_clear(&b);
	tz_text_quote(&b, "x\xff\xfey\xe4\xb8");
	is_str(tz_buf_cstr(&b), "x\\377\\376y\\344\\270", "invalid bytes are written in octal");
	tz_buf_clear(&b);
	tz_text_quote(&b, "\xed\xa0\x80");
	is_str(tz_buf_cstr(&b), "\\355\\240\\200", "a surrogate's bytes too");
	tz_buf_clear(&b);
	tz_text_quote(&b, "say \"hi\" \\o/");
	is_str(tz_buf_cstr(&b), "say \\\"hi\\\" \\\\o/", "quotes and backslashes are escaped");
	tz_buf_clear(&b);
	tz_text_quote(&b, "a\xc2\x9b" "2Jb\xc2\xa0" "c");
	is_str(tz_buf_cstr(&b), "a\\302\\2332Jb\xc2\xa0" "c", "a C1 control is escaped, U+00A0 is not");
	tz_buf_clear(&b);

	for (int i = 0; i < 100; i++)
		tz_buf_puts(&in, "中");
	for (int i = 0; i < 80; i++)
		tz_buf_puts(&want, "中");
	tz_buf_puts(&want, "…");
	tz_text_quote(&b, in.ptr);
	is_str(tz_buf_cstr(&b), want.ptr, "a long value is cut at 80 characters with …");
	tz_buf_clear(&b);
	tz_buf_clear(&in);
	for (int i = 0; i < 80; i++)
		tz_buf_puts(&in, "中");
	tz_text_quote(&b, in.ptr);
	is_str(tz_buf_cstr(&b), in.ptr, "80 characters are not cut");
	tz_buf_clear(&b);
	tz_buf_puts(&b, "prefix:");
	tz_text_quote(&b, "v");
	is_str(tz_buf_cstr(&b), "prefix:v", "quote appends");
	tz_buf_clear(&b);

	is_int(tz_quote(&b, "records/issues/国土 局.ini"), 0, "a plain path is not quoted");
	is_str(tz_buf_cstr(&b), "records/issues/国土 局.ini", "and kept as it is");
	tz_buf_clear(&b);
	is_int(tz_quote(&b, "records/units/x.ini\nFORGED:1: error: y"), 1, "a path with a newline is quoted");
	is_str(tz_buf_cstr(&b), "\"records/units/x.ini\\nFORGED:1: error: y\"", "as git quotes it");
	tz_buf_clear(&b);
	tz_quote(&b, "a\033]0;pwned\007b\tc\"d\\\xff");
	is_str(tz_buf_cstr(&b), "\"a\\033]0;pwned\\ab\\tc\\\"d\\\\\\377\"", "escape, bell, tab, quote, backslash, bad byte");
	tz_buf_clear(&b);
	tz_quote(&b, "a\"b");
	is_str(tz_buf_cstr(&b), "\"a\\\"b\"", "a double quote alone makes it quoted");
	tz_buf_clear(&b);
	is_int(tz_text_unsafe("第一行\n第二行\twith tab"), 0, "newline and tab are safe in values");
	is_int(tz_text_unsafe("a\rb"), 1, "a carriage return is not");
	is_int(tz_text_unsafe("a\x1b[2J"), 1, "nor an escape");
	is_int(tz_text_unsafe("a\xc2\x85"), 1, "nor a C1 control (NEL)");
	is_int(tz_text_unsafe("a\xe4\xb8"), 1, "nor a cut UTF-8 sequence");
	is_int(tz_text_unsafe("say \"hi\" \\"), 0, "quotes and backslashes are safe");
	tz_quote_unsafe(&b, "第一行\n第二行");
	is_str(tz_buf_cstr(&b), "第一行\n第二行", "tz_quote_unsafe keeps a safe value");
	tz_buf_clear(&b);
	tz_quote_unsafe(&b, "x\033[2Jy");
	is_str(tz_buf_cstr(&b), "\"x\\033[2Jy\"", "and quotes an unsafe one");
	tz_buf_release(&b);
	tz_buf_release(&in);
	tz_buf_release(&want);
}

static void test_text__suggest(void)
{
	static const char *const fields[] = { "title", "status", "unit", "deadline", "reported_on" };
	static const char *const units[] = { "gtj", "hbj", "fgw", "jxj" };
	static const char *const types[] = { "text", "int", "decimal", "date", "bool", "enum", "ref", "uscc" };
	char long_word[100];

	is_str(tz_suggest("stauts", fields, 5), "status", "a transposition");
	is_str(tz_suggest("statu", fields, 5), "status", "a missing letter");
	is_str(tz_suggest("deadlien", fields, 5), "deadline", "a long word, two edits");
	is_str(tz_suggest("reportedon", fields, 5), "reported_on", "a missing underscore");
	is_str(tz_suggest("gjt", units, 4), "gtj", "a swapped ID");
	is_str(tz_suggest("dat", types, 8), "date", "dat -> date");
	is_str(tz_suggest("status", fields, 5), NULL, "an exact match is no suggestion");
	is_str(tz_suggest("priority", fields, 5), NULL, "nothing close");
	is_str(tz_suggest("x", fields, 5), NULL, "a one-letter word suggests nothing far");
	is_str(tz_suggest("anything", fields, 0), NULL, "no candidates");
	is_str(tz_suggest("", fields, 5), NULL, "an empty word");
	memset(long_word, 'a', sizeof(long_word) - 1);
	long_word[sizeof(long_word) - 1] = '\0';
	is_str(tz_suggest(long_word, fields, 5), NULL, "a very long word is not compared");
	is_str(tz_suggest("办结", (const char *const[]){ "办结率", "销号" }, 2), "办结率",
	       "CJK words: one character more");
	is_str(tz_suggest("督办", (const char *const[]){ "办结率", "销号" }, 2), NULL,
	       "CJK words: nothing close");
}

/* The first control character of s[0..len) as the reader defines it,
 * character by character: C0 but tab, DEL, and C1 (U+0080..U+009F) written
 * as valid UTF-8; an invalid byte is passed over on its own. */
static size_t control_by_chars(const char *s, size_t len, size_t *n)
{
	for (size_t i = 0; i < len;) {
		unsigned char c = (unsigned char)s[i];
		size_t k = c < 0x80 ? 1 : tz_utf8_valid_prefix(s + i, len - i < 4 ? len - i : 4) ?
			   (c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4) : 0;
		if ((k == 1 && ((c < 0x20 && c != '\t') || c == 0x7f)) ||
		    (k == 2 && c == 0xc2 && (unsigned char)s[i + 1] < 0xa0)) {
			*n = k;
			return i;
		}
		i += k ? k : 1;
	}
	*n = 0;
	return len;
}

static void test_text__find_control(void)
{
	static const unsigned char alphabet[] = { 0x00, 0x09, 0x0a, 0x1f, 0x20, 'a', 0x7f, 0x80, 0x9f,
						  0xa0, 0xbf, 0xc2, 0xc3, 0xe4, 0xb8, 0xad, 0xf0, 0x90 };
	unsigned seed = 7;
	size_t n, want_n, differ = 0;
	char s[8];

	is_int(tz_text_find_control("a\tb", 3, &n), 3, "a tab is not a control character");
	is_int(tz_text_find_control("ab\x1b[", 4, &n), 2, "an escape is one");
	is_int(n, 1, "of one byte");
	is_int(tz_text_find_control("\xe4\xb8\xad\xc2\x85", 5, &n), 3, "a C1 control after a CJK character");
	is_int(n, 2, "of two bytes");
	is_int(tz_text_find_control("\xc2\xa0\xc2", 3, &n), 3, "no-break space and a cut sequence are not");
	/* random strings over the bytes that matter, against the definition */
	for (int round = 0; round < 200000; round++) {
		size_t len = (seed = seed * 1103515245u + 12345u) >> 16 & 7;
		for (size_t i = 0; i < len; i++)
			s[i] = (char)alphabet[((seed = seed * 1103515245u + 12345u) >> 16) % sizeof(alphabet)];
		if (tz_text_find_control(s, len, &n) != control_by_chars(s, len, &want_n) || n != want_n)
			differ++;
	}
	is_int(differ, 0, "200,000 random strings: the byte scan finds what the character walk finds");
}

int main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	test_text__utf8_valid_prefix();
	test_text__count_and_width();
	test_text__quote();
	test_text__suggest();
	test_text__find_control();
	return tap_done();
}
