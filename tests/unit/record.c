/* record.c - unit tests of the record reader (tz_record_parse): values and
 * lines longer than Debian inih's 200-byte buffer, continuations, findings. */
#include <stdlib.h>
#include <string.h>
#include "buf.h"
#include "diag.h"
#include "record.h"
#include "tap.h"

/* Parse text (len bytes, or strlen when len is -1) into *out; the findings are
 * rendered one per line as "LINE: MESSAGE" into diags_out (caller frees). */
static struct tz_record *parse(const char *text, long len, char **diags_out)
{
	struct tz_diag_list d = TZ_DIAG_LIST_INIT;
	struct tz_buf b = TZ_BUF_INIT;
	struct tz_record *r;

	r = tz_record_parse("records/t/x.ini", text, len < 0 ? strlen(text) : (size_t)len, &d);
	for (size_t i = 0; i < d.n; i++) {
		tz_buf_printf(&b, "%d: %s%s\n", d.v[i].line,
			      d.v[i].severity == TZ_WARNING ? "warning: " : "", d.v[i].msg);
		if (strcmp(d.v[i].path, "records/t/x.ini"))
			tz_buf_printf(&b, "(wrong path %s)\n", d.v[i].path);
	}
	*diags_out = tz_buf_detach(&b);
	if (!*diags_out)
		*diags_out = tz_strdup("");
	tz_diag_list_release(&d);
	return r;
}

static const char *get(const struct tz_record *r, const char *sec, const char *key)
{
	const struct tz_section *s = r ? tz_record_section(r, sec) : NULL;
	const struct tz_field *f = s ? tz_section_field(s, key) : NULL;
	return f ? f->value : NULL;
}

static int line_of(const struct tz_record *r, const char *sec, const char *key)
{
	const struct tz_section *s = r ? tz_record_section(r, sec) : NULL;
	const struct tz_field *f = s ? tz_section_field(s, key) : NULL;
	return f ? f->line : -1;
}

static void test_record__long_value_survives_byte_for_byte(void)
{
	static const char piece[] =
		"办结率;达到 ; 百分之九十#以上=目标:完成[一期]征地%3B%25 \t用地 ;；（注）# x = y : z ";
	struct tz_buf value = TZ_BUF_INIT, text = TZ_BUF_INIT;
	struct tz_record *r;
	const char *got, *v;
	char *diags;
	size_t vlen;

	while (value.len < 10 * 1024)
		tz_buf_puts(&value, piece);
	/* the reader trims both ends: the expected value is the trimmed one */
	v = value.ptr;
	vlen = value.len;
	while (vlen && (v[vlen - 1] == ' ' || v[vlen - 1] == '\t'))
		vlen--;
	tz_buf_printf(&text, "[issue]\ntitle = t\nnote = \t %s\nafter = 1\n", value.ptr);
	r = parse(text.ptr, -1, &diags);
	got = get(r, "issue", "note");
	ok(got != NULL, "a 10 KB value is read");
	is_int(got ? strlen(got) : 0, vlen, "it has the length of the trimmed input value");
	ok(got && strlen(got) == vlen && !memcmp(got, v, vlen), "it survives byte for byte");
	is_str(get(r, "issue", "after"), "1", "the key after it is read");
	is_int(line_of(r, "issue", "after"), 4, "and has its own line number");
	is_str(diags, "", "no findings");
	tz_record_free(r);
	free(diags);

	/* the same value split over continuation lines, each longer than 200 bytes */
	tz_buf_clear(&text);
	tz_buf_printf(&text, "[issue]\nnote = %s\n  %s\n\t%s\n", piece, value.ptr, piece);
	r = parse(text.ptr, -1, &diags);
	{
		struct tz_buf want = TZ_BUF_INIT;
		struct tz_buf trimmed_piece = TZ_BUF_INIT;
		tz_buf_put(&trimmed_piece, piece, strlen(piece) - 1);
		tz_buf_printf(&want, "%s\n%.*s\n%s", trimmed_piece.ptr, (int)vlen, v, trimmed_piece.ptr);
		got = get(r, "issue", "note");
		ok(got && !strcmp(got, want.ptr), "long continuation lines join with newlines, byte for byte");
		tz_buf_release(&want);
		tz_buf_release(&trimmed_piece);
	}
	is_str(diags, "", "no findings");
	tz_record_free(r);
	free(diags);
	tz_buf_release(&value);
	tz_buf_release(&text);
}

static void test_record__lines_around_inih_limit(void)
{
	static const size_t sizes[] = { 198, 199, 200, 201, 202, 399, 400, 401 };

	for (size_t i = 0; i < sizeof(sizes) / sizeof(*sizes); i++) {
		struct tz_buf text = TZ_BUF_INIT, want = TZ_BUF_INIT;
		struct tz_record *r;
		char *diags;
		size_t n = sizes[i];

		/* "k = " is 4 bytes; the value fills the line to exactly n bytes,
		 * with a ';' and '=' right where inih would cut */
		for (size_t k = 0; want.len < n - 4; k++)
			tz_buf_putc(&want, "ab;=# x:[]%"[k % 11]);
		want.ptr[want.len - 1] = 'z';	/* no trailing blank to trim */
		tz_buf_printf(&text, "[s]\nk = %s\nnext = ok\n", want.ptr);
		r = parse(text.ptr, -1, &diags);
		is_str(get(r, "s", "k"), want.ptr, "a line of %zu bytes is read whole", n);
		is_str(get(r, "s", "next"), "ok", "the line after a %zu-byte line is read", n);
		is_str(diags, "", "no findings for a %zu-byte line", n);
		tz_record_free(r);
		free(diags);
		tz_buf_release(&text);
		tz_buf_release(&want);
	}
}

static void test_record__long_key_and_section(void)
{
	struct tz_buf key = TZ_BUF_INIT, sec = TZ_BUF_INIT, text = TZ_BUF_INIT;
	struct tz_record *r;
	char *diags;

	while (key.len < 3990)
		tz_buf_puts(&key, "key_");
	while (sec.len < 300)
		tz_buf_puts(&sec, "log.");
	tz_buf_puts(&sec, "001");
	tz_buf_printf(&text, "[s]\n%s = v\n[%s]\na = 1\n", key.ptr, sec.ptr);
	r = parse(text.ptr, -1, &diags);
	is_int(r && r->nsections && r->sections[0].nfields ? strlen(r->sections[0].fields[0].key) : 0,
	       key.len, "the key keeps all its %zu bytes", key.len);
	is_str(get(r, "s", key.ptr), "v", "a 4000-byte key line is read whole");
	is_int(line_of(r, "s", key.ptr), 2, "at its line");
	is_str(get(r, sec.ptr, "a"), "1", "a 300-byte section name is read whole");
	is_str(diags, "", "no findings");
	tz_record_free(r);
	free(diags);
	tz_buf_release(&key);
	tz_buf_release(&sec);
	tz_buf_release(&text);
}

static void test_record__continuation_lines(void)
{
	struct tz_record *r;
	char *diags;

	r = parse("[issue]\n"
		  "description = 一期需用地500亩，\n"
		  "  需报省厅审批。\n"
		  "\t第三行 ; 带分号\n"
		  "empty_first =\n"
		  "    only the continuation\n"
		  "after = x\n", -1, &diags);
	is_str(get(r, "issue", "description"), "一期需用地500亩，\n需报省厅审批。\n第三行 ; 带分号",
	       "continuation lines join with a newline, each trimmed");
	is_str(get(r, "issue", "empty_first"), "only the continuation",
	       "`key =` then a continuation gives just the continuation");
	is_int(line_of(r, "issue", "description"), 2, "a continued field has the line of its key");
	is_str(get(r, "issue", "after"), "x", "the next key is its own field");
	is_str(diags, "", "no findings");
	tz_record_free(r);
	free(diags);

	r = parse("[s]\na = 1\n; a comment\n  2\n", -1, &diags);
	is_str(get(r, "s", "a"), "1\n2", "a comment line between a value and its continuation is skipped");
	is_str(diags, "", "no findings");
	tz_record_free(r);
	free(diags);
}

static void test_record__stray_continuations(void)
{
	struct tz_record *r;
	char *diags;

	r = parse("[s]\na = 1\n\n  stray\nb = 2\n", -1, &diags);
	is_str(diags, "4: continuation line after a blank line\n", "a blank line ends a value");
	is_str(get(r, "s", "a"), "1", "the value before the blank line is kept as it was");
	is_str(get(r, "s", "b"), "2", "the rest is read");
	tz_record_free(r);
	free(diags);

	r = parse("  stray\n[s]\n\tagain\na = 1\n", -1, &diags);
	is_str(diags,
	       "1: continuation line with no key to continue\n"
	       "3: continuation line with no key to continue\n",
	       "an indented line with no key before it is a finding");
	is_str(get(r, "s", "a"), "1", "the rest is read");
	tz_record_free(r);
	free(diags);
}

static void test_record__duplicates(void)
{
	struct tz_record *r;
	char *diags;

	r = parse("[s]\na = first\nb = 2\na = second\n  more\n", -1, &diags);
	is_str(diags, "4: duplicate key \"a\" (first at line 2)\n", "a duplicate key is a finding");
	is_str(get(r, "s", "a"), "first", "the first value is kept, continuation of the duplicate dropped");
	is_int(r ? (long)r->sections[0].nfields : 0, 2, "no second field");
	tz_record_free(r);
	free(diags);

	r = parse("[s]\na = 1\n[t]\nx = 1\n[s]\na = 2\nc = 3\n", -1, &diags);
	is_str(diags, "5: duplicate section \"[s]\" (first at line 1)\n", "a duplicate section is a finding");
	is_str(get(r, "s", "a"), "1", "its keys are not merged into the first");
	is_str(get(r, "s", "c"), NULL, "nor added");
	is_int(r ? r->nsections : 0, 2, "two sections");
	tz_record_free(r);
	free(diags);
}

static void test_record__syntax_findings(void)
{
	struct tz_record *r;
	char *diags;

	r = parse("a = 1\n[s]\nb = 2\n", -1, &diags);
	is_str(diags, "1: key \"a\" before any section\n", "a key before any section");
	is_int(r ? (long)r->nsections : -1, 1, "is dropped");
	is_str(get(r, "s", "b"), "2", "the rest is read");
	tz_record_free(r);
	free(diags);

	r = parse("[s]\nunit: gtj\nurl = http://x:80/\nplain words\n= v\nc = 3\n", -1, &diags);
	is_str(diags,
	       "2: \":\" is not a separator, use \"=\": \"unit: gtj\"\n"
	       "4: expected \"key = value\", \"[section]\" or a comment: \"plain words\"\n"
	       "5: missing key before \"=\"\n",
	       "':' separator, no '=', no key");
	is_str(get(r, "s", "url"), "http://x:80/", "a ':' after the '=' is part of the value");
	is_str(get(r, "s", "unit"), NULL, "the ':' line gives no field");
	is_str(get(r, "s", "c"), "3", "the rest is read");
	tz_record_free(r);
	free(diags);

	r = parse("[s]\na = 1\n[broken\nb = 2\n[t] x\nc = 3\n[]\nd = 4\n[u]\ne = 5\n", -1, &diags);
	is_str(diags,
	       "3: bad section header \"[broken\"\n"
	       "5: bad section header \"[t] x\"\n"
	       "7: empty section name\n",
	       "bad section headers");
	is_str(get(r, "s", "b"), NULL, "keys after a bad header do not land in the section before it");
	is_str(get(r, "u", "e"), "5", "the rest is read");
	is_int(r ? r->nsections : 0, 2, "two good sections");
	tz_record_free(r);
	free(diags);

	r = parse("[ s ]\nk  =   v  w \t\nempty =\nblank = \t \n", -1, &diags);
	ok(r && tz_record_section(r, "s"), "a section name is trimmed");
	is_str(get(r, "s", "k"), "v  w", "keys and values are trimmed");
	is_str(get(r, "s", "empty"), "", "`key =` is an empty value");
	is_str(tz_section_get(&r->sections[0], "empty"), NULL, "which tz_section_get reports as absent");
	is_str(tz_section_get(&r->sections[0], "blank"), NULL, "blanks only is empty too");
	is_str(tz_section_get(&r->sections[0], "k"), "v  w", "tz_section_get returns set values");
	is_str(diags, "", "no findings");
	tz_record_free(r);
	free(diags);

	r = parse("[s]\n  k = v\n", -1, &diags);
	is_str(diags, "2: continuation line with no key to continue\n",
	       "an indented key line after a section header continues nothing");
	is_int(r ? (long)r->sections[0].nfields : -1, 0, "and gives no field");
	tz_record_free(r);
	free(diags);
}

static void test_record__comments_and_inline_semicolons(void)
{
	struct tz_record *r;
	char *diags;

	r = parse("; a comment\n# another\n[s]\n  ; indented comment\n\t# indented too\n"
		  "a = x ; not a comment\nb = y # nor this\nc = ;\n", -1, &diags);
	is_int(r ? r->sections[0].nfields : 0, 3, "comment lines give no fields");
	is_str(get(r, "s", "a"), "x ; not a comment", "`a ; b` is a value");
	is_str(get(r, "s", "b"), "y # nor this", "`a # b` is a value");
	is_str(get(r, "s", "c"), ";", "a lone ';' is a value");
	is_int(line_of(r, "s", "a"), 6, "line numbers count comment lines");
	is_str(diags, "", "no findings");
	tz_record_free(r);
	free(diags);
}

static void test_record__bom_and_crlf(void)
{
	struct tz_record *r;
	char *diags;

	r = parse("\xef\xbb\xbf[s]\r\na = 1\r\nb = x\r\n  y\r\n\r\nc = 中文\r\n", -1, &diags);
	ok(r && r->nsections == 1 && !strcmp(r->sections[0].name, "s"), "a BOM is skipped");
	is_int(r ? r->sections[0].line : 0, 1, "the section is on line 1");
	is_str(get(r, "s", "a"), "1", "CRLF line ends are accepted");
	is_str(get(r, "s", "b"), "x\ny", "continuations join with LF, not CRLF");
	is_str(get(r, "s", "c"), "中文", "no CR in values");
	is_int(line_of(r, "s", "c"), 6, "CRLF lines are counted once");
	is_str(diags, "", "no findings");
	tz_record_free(r);
	free(diags);

	/* the editor keys lines on their first byte: a carriage return there
	 * must not be skipped silently, or a key would read under two names */
	r = parse("[s]\n\r\ra = 1\n", -1, &diags);
	is_str(diags, "2: control character \"\\r\" (byte 1 of the line): only tab is allowed\n",
	       "a carriage return at the start of a line is a control character");
	tz_record_free(r);
	free(diags);

	/* a key spelt as a conflict marker would turn into one when written
	 * back as "key = value" */
	r = parse("[s]\n>>>>>>>=x\n", -1, &diags);
	is_str(diags, "2: unresolved merge conflict: \">>>>>>>=x\"\n",
	       "a key made of a conflict marker is read as the marker");
	tz_record_free(r);
	free(diags);

	r = parse("[s]\na = 1", -1, &diags);
	is_str(get(r, "s", "a"), "1", "a last line without a newline is read");
	tz_record_free(r);
	free(diags);

	r = parse("", -1, &diags);
	ok(r && r->nsections == 0, "an empty file is a record with no sections");
	is_str(diags, "", "and no findings");
	tz_record_free(r);
	free(diags);
}

static void test_record__invalid_utf8(void)
{
	struct tz_record *r;
	char *diags;

	r = parse("[s]\na = ok\nb = x\xff y\nc = \xe4\xb8\nd = \xc0\xaf\ne = 2\n", -1, &diags);
	is_str(diags,
	       "3: invalid UTF-8 (byte 6 of the line)\n"
	       "4: invalid UTF-8 (byte 5 of the line)\n"
	       "5: invalid UTF-8 (byte 5 of the line)\n",
	       "invalid UTF-8 is reported with its line and byte");
	ok(r != NULL, "the record is still read");
	is_str(get(r, "s", "a"), "ok", "before it");
	is_str(get(r, "s", "e"), "2", "and after it");
	tz_record_free(r);
	free(diags);

	r = parse("\xef\xbb\xbf[s]\na = \xed\xa0\x80\n", -1, &diags);
	is_str(diags, "2: invalid UTF-8 (byte 5 of the line)\n", "a surrogate is invalid");
	tz_record_free(r);
	free(diags);
}

static void test_record__nul_and_size(void)
{
	struct tz_buf big = TZ_BUF_INIT;
	struct tz_record *r;
	char *diags;

	r = parse("[s]\na = 1\nb = x\0y\nc = 3\n", 24, &diags);
	ok(r == NULL, "a NUL byte: no record");
	is_str(diags, "3: NUL byte in file (not read further)\n", "one finding, at the NUL's line");
	tz_record_free(r);
	free(diags);

	tz_buf_puts(&big, "[s]\n");
	while (big.len <= TZ_RECORD_MAX_SIZE)
		tz_buf_puts(&big, "a_key_that_repeats = and a value that is long enough\n");
	r = parse(big.ptr, (long)big.len, &diags);
	ok(r == NULL, "more than 1 MiB: no record");
	{
		char want[128];
		snprintf(want, sizeof(want), "1: file is larger than 1 MiB (%zu bytes)\n", big.len);
		is_str(diags, want, "one finding");
	}
	tz_record_free(r);
	free(diags);

	/* exactly 1 MiB is allowed */
	tz_buf_clear(&big);
	tz_buf_puts(&big, "[s]\nv = ");
	while (big.len < TZ_RECORD_MAX_SIZE - 1)
		tz_buf_putc(&big, 'x');
	tz_buf_putc(&big, '\n');
	r = parse(big.ptr, (long)big.len, &diags);
	ok(r != NULL, "exactly 1 MiB is read");
	is_int(get(r, "s", "v") ? strlen(get(r, "s", "v")) : 0, TZ_RECORD_MAX_SIZE - 9, "with its whole value");
	is_str(diags, "", "no findings");
	tz_record_free(r);
	free(diags);
	tz_buf_release(&big);
}

static void test_record__lookups(void)
{
	struct tz_record *r;
	char *diags;

	r = parse("[issue]\na = 1\n\n[log.001]\ndate = 2026-05-31\n[log.002]\n", -1, &diags);
	ok(r && tz_record_section(r, "log.002") && !tz_record_section(r, "log"), "sections by exact name");
	is_int(r ? tz_record_section(r, "log.001")->line : 0, 4, "section line");
	is_int(r ? (long)tz_record_section(r, "log.002")->nfields : -1, 0, "an empty section is kept");
	ok(r && !tz_section_field(&r->sections[0], "b"), "an absent key");
	is_str(r ? r->path : NULL, "records/t/x.ini", "the record keeps its path");
	is_str(diags, "", "no findings");
	tz_record_free(r);
	free(diags);
	tz_record_free(NULL);	/* a no-op: ASan and the rest of the run show it */
}

/* Past a few entries sections and keys are found through a hash index:
 * the answers must be the same as a scan's, duplicates included. */
static void test_record__many_sections_and_keys(void)
{
	struct tz_buf t = TZ_BUF_INIT, want = TZ_BUF_INIT;
	struct tz_record *r;
	char *diags, name[32];
	int ok_all = 1;

	tz_buf_puts(&t, "[issue]\n");
	for (int i = 0; i < 100; i++)
		tz_buf_printf(&t, "k%03d = v%d\n", i, i);
	tz_buf_puts(&t, "k007 = again\n");			/* line 102 */
	for (int i = 0; i < 100; i++)
		tz_buf_printf(&t, "[log.%03d]\nn = %d\n", i, i);
	tz_buf_puts(&t, "[log.005]\nn = again\n");		/* line 303 */
	r = parse(t.ptr, -1, &diags);
	ok(r && r->nsections == 101, "101 sections (the duplicate is dropped)");
	for (int i = 0; r && i < 100; i++) {
		char v[16];
		snprintf(name, sizeof(name), "k%03d", i);
		snprintf(v, sizeof(v), "v%d", i);
		if (!get(r, "issue", name) || strcmp(get(r, "issue", name), v))
			ok_all = 0;
		snprintf(name, sizeof(name), "log.%03d", i);
		snprintf(v, sizeof(v), "%d", i);
		if (!get(r, name, "n") || strcmp(get(r, name, "n"), v))
			ok_all = 0;
	}
	ok(ok_all, "every key and section is found, with its first value");
	ok(r && !tz_record_section(r, "log.100") && !get(r, "issue", "k100"), "absent ones are not");
	tz_buf_puts(&want, "102: duplicate key \"k007\" (first at line 9)\n");
	tz_buf_puts(&want, "303: duplicate section \"[log.005]\" (first at line 113)\n");
	is_str(diags, want.ptr, "duplicates are reported with their first line");
	tz_record_free(r);
	free(diags);
	tz_buf_release(&t);
	tz_buf_release(&want);
}

int main(void)
{
	test_record__many_sections_and_keys();
	test_record__long_value_survives_byte_for_byte();
	test_record__lines_around_inih_limit();
	test_record__long_key_and_section();
	test_record__continuation_lines();
	test_record__stray_continuations();
	test_record__duplicates();
	test_record__syntax_findings();
	test_record__comments_and_inline_semicolons();
	test_record__bom_and_crlf();
	test_record__invalid_utf8();
	test_record__nul_and_size();
	test_record__lookups();
	return tap_done();
}
