/* out.c - tables aligned by display width, TSV escapes, RFC 4180 CSV and
 * JSON, byte for byte. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "out.h"
#include "tap.h"

static const char *const cols[] = { "id", "名称", "n" };

/* Write rows (ncells each, NULL-terminated list of rows) in fmt; returns
 * the output (free it). */
static char *render(enum tz_out_format fmt, int bom, int header, int numeric,
		    const char *const *rows, size_t nrows)
{
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);
	struct tz_out *o = tz_out_new(fp, fmt, bom);

	tz_out_columns(o, cols, 3);
	if (numeric)
		tz_out_numeric(o, 2);
	tz_out_header(o, header);
	for (size_t i = 0; i < nrows; i++)
		tz_out_row(o, rows + i * 3);
	tz_out_finish(o);
	tz_out_free(o);
	fclose(fp);
	return text;
}

static const char *const rows[] = {
	"gtj", "国土局", "12",
	"a-long-id", "x", NULL,
	"hbj", "环保局\t二\n三", "7.5",
};

static void test_out__table_aligns_by_display_width(void)
{
	char *t = render(TZ_OUT_TABLE, 0, 1, 1, rows, 3);
	is_str(t,
	       "id         名称            n\n"
	       "gtj        国土局         12\n"
	       "a-long-id  x\n"
	       "hbj        环保局 二↵三  7.5\n",
	       "CJK takes two columns, numbers align right, no trailing blanks");
	free(t);
	t = render(TZ_OUT_TABLE, 0, 0, 0, rows, 1);
	is_str(t, "gtj  国土局  12\n", "no header");
	free(t);
	t = render(TZ_OUT_TABLE, 0, 1, 0, rows, 0);
	is_str(t, "id  名称  n\n", "an empty table still has its header");
	free(t);
}

static void test_out__tsv_escapes(void)
{
	static const char *const r[] = { "a\\b", "tab\there", "cr\rlf\n" };
	char *t = render(TZ_OUT_TSV, 0, 1, 0, r, 1);
	is_str(t, "id\t名称\tn\na\\\\b\ttab\\there\t\"cr\\rlf\\n\"\n",
	       "tab, newline and backslash escaped; a CR makes the value quoted as git quotes");
	free(t);
}

static void test_out__unsafe_quoted(void)
{
	static const char *const r[] = { "x", "a\033]0;pwned\007b\033[2J", "\xff" };
	char *t = render(TZ_OUT_TSV, 0, 0, 0, r, 1);
	is_str(t, "x\t\"a\\033]0;pwned\\ab\\033[2J\"\t\"\\377\"\n", "TSV: escapes and bad bytes quoted");
	free(t);
	t = render(TZ_OUT_CSV, 0, 0, 0, r, 1);
	is_str(t, "x,\"\"\"a\\033]0;pwned\\ab\\033[2J\"\"\",\"\"\"\\377\"\"\"\r\n", "CSV: quoted, then CSV-quoted");
	free(t);
	t = render(TZ_OUT_TABLE, 0, 0, 0, r, 1);
	is_str(t, "x  \"a\\033]0;pwned\\ab\\033[2J\"  \"\\377\"\n", "table: quoted");
	free(t);
	t = render(TZ_OUT_JSON, 0, 0, 0, r, 1);
	ok(t && !strchr(t, '\033'), "JSON escapes instead: %s", t);
	free(t);
}

static void test_out__csv_rfc4180(void)
{
	static const char *const r[] = { "plain", "a,b", "say \"hi\"\nbye" };
	char *t = render(TZ_OUT_CSV, 0, 1, 0, r, 1);
	is_str(t, "id,名称,n\r\nplain,\"a,b\",\"say \"\"hi\"\"\nbye\"\r\n", "quoted only when needed, CRLF");
	free(t);
	t = render(TZ_OUT_CSV, 1, 1, 0, r, 0);
	is_str(t, "\xef\xbb\xbfid,名称,n\r\n", "BOM first");
	free(t);
}

static void test_out__json(void)
{
	static const char *const r[] = { "x\"y", "\x01\xff", "007", "a", "b", "-1.5e3" };
	char *t = render(TZ_OUT_JSON, 0, 1, 1, r, 2);
	is_str(t, "[\n{\"id\": \"x\\\"y\", \"名称\": \"\\u0001\\ufffd\", \"n\": \"007\"},\n"
	       "{\"id\": \"a\", \"名称\": \"b\", \"n\": -1.5e3}\n]\n",
	       "escapes, invalid UTF-8 replaced, only valid JSON numbers bare");
	free(t);
	t = render(TZ_OUT_JSON, 0, 1, 0, r, 0);
	is_str(t, "[]\n", "no rows: an empty array");
	free(t);
	t = render(TZ_OUT_JSON, 0, 1, 0, rows + 3, 1);
	is_str(t, "[\n{\"id\": \"a-long-id\", \"名称\": \"x\", \"n\": null}\n]\n", "NULL is null");
	free(t);
}

static void test_out__formats(void)
{
	enum tz_out_format f;

	ok(tz_out_parse_format("csv", &f) == 0 && f == TZ_OUT_CSV, "csv");
	ok(tz_out_parse_format("json", &f) == 0 && f == TZ_OUT_JSON, "json");
	ok(tz_out_parse_format("xlsx", &f) < 0, "xlsx is not a row format");
}

static void test_out__write_error(void)
{
	FILE *fp = fopen("/dev/full", "w");
	struct tz_out *o;

	if (!fp) {
		ok(1, "# SKIP no /dev/full");
		return;
	}
	o = tz_out_new(fp, TZ_OUT_TSV, 0);
	tz_out_columns(o, cols, 3);
	tz_out_row(o, rows);
	ok(tz_out_finish(o) < 0, "a write error is reported by tz_out_finish");
	tz_out_free(o);
	fclose(fp);
}

int main(void)
{
	test_out__table_aligns_by_display_width();
	test_out__tsv_escapes();
	test_out__unsafe_quoted();
	test_out__csv_rfc4180();
	test_out__json();
	test_out__formats();
	test_out__write_error();
	return tap_done();
}
