/* edit.c - unit tests of the in-place editor: what changes, what stays
 * byte for byte, where new keys and sections go. */
#include <string.h>
#include "buf.h"
#include "edit.h"
#include "tap.h"

static const char *const order[] = { "name", "short_name", "kind", "leader", "phone" };

/* Apply one set to text; return the result (static buffer). */
static const char *set(const char *text, const char *key, const char *value, int *rc)
{
	static struct tz_buf out;
	struct tz_buf why = TZ_BUF_INIT;
	struct tz_edit *e = tz_edit_new(text, strlen(text));

	*rc = tz_edit_set(e, "unit", key, value, order, 5, &why);
	tz_buf_clear(&out);
	tz_edit_write(e, &out);
	tz_edit_free(e);
	tz_buf_release(&why);
	return tz_buf_cstr(&out);
}

static void test_edit__set(void)
{
	int rc;

	is_str(set("[unit]\nname = a\nkind = x\n", "kind", "y", &rc), "[unit]\nname = a\nkind = y\n", "a value replaced");
	is_str(set("[unit]\r\nname = a\r\nkind = x\r\n", "leader", "b", &rc),
	       "[unit]\r\nname = a\r\nkind = x\r\nleader = b\r\n", "CRLF for new lines");
	is_str(set("\xef\xbb\xbf[unit]\nname = a\n", "name", "b", &rc), "\xef\xbb\xbf[unit]\nname = b\n", "a BOM kept");
	is_str(set("[unit]\nkind = x\n; c\nname = a\n", "short_name", "s", &rc),
	       "[unit]\nkind = x\n; c\nname = a\nshort_name = s\n", "after the last key before it in order");
	is_str(set("[unit]\nkind = x\n", "name", "a", &rc), "[unit]\nname = a\nkind = x\n", "before the first key");
	is_str(set("[unit]\n; only a comment\n\n[log.001]\n", "name", "a", &rc),
	       "[unit]\n; only a comment\nname = a\n\n[log.001]\n", "an empty section: after its last line");
	is_str(set("[unit]\nname = a\nleader = x\n  y\n# c\n  z\n# d\nphone = 1\n", "leader", "q", &rc),
	       "[unit]\nname = a\nleader = q\n# d\nphone = 1\n", "continuations and comments between them replaced");
	is_str(set("[unit]\nname = a\nleader = x\n\tcont\n", "leader", "p\nq", &rc),
	       "[unit]\nname = a\nleader = p\n\tq\n", "a multi-line value keeps the indent");
	is_str(set("[unit]\nname = a\nleader = x\n\vcont\n", "leader", "p\nq", &rc),
	       "[unit]\nname = a\nleader = p\n\vq\n", "a vertical-tab indent is kept as the continuation indent");
	is_str(set("[unit]\nname = a\nkind = x", "kind", "", &rc), "[unit]\nname = a\n", "FIELD= removes");
	is_str(set("[unit]\nname = a\nkind = x", "kind", "y", &rc), "[unit]\nname = a\nkind = y", "no final newline stays");
	is_str(set("[unit]\nname=a\n", "name", "b", &rc), "[unit]\nname=b\n", "key=value spelling kept");
	is_str(set("[unit]\nname =\n", "name", "b", &rc), "[unit]\nname = b\n", "an empty key gets a space");
	set("[unit]\nname = a\n", "name", "x\n\ny", &rc);
	is_int(rc, -1, "a blank line in a value: refused");
	set("[unit]\nname = a\n", "name", "x\n; y", &rc);
	is_int(rc, -1, "a continuation that reads as a comment: refused");
	set("[other]\nname = a\n", "name", "b", &rc);
	is_int(rc, -1, "no such section: refused");
}

static void test_edit__add_section(void)
{
	const char *keys[] = { "date", "note", "empty" }, *vals[] = { "2026-01-01", "n", "" };
	struct tz_buf out = TZ_BUF_INIT, why = TZ_BUF_INIT;
	struct tz_edit *e;

	{
		const char *text = "[issue]\ntitle = t\n\n[log.001]\ndate = x\n\n\n[month.1]\na = b\n";
		e = tz_edit_new(text, strlen(text));
	}
	is_int(tz_edit_add_section(e, "log.002", "log.", keys, vals, 3, &why), 0, "a section added");
	tz_edit_write(e, &out);
	is_str(out.ptr, "[issue]\ntitle = t\n\n[log.001]\ndate = x\n\n[log.002]\ndate = 2026-01-01\nnote = n\n\n\n[month.1]\na = b\n",
	       "after the last entry of its part, empty values left out");
	tz_edit_free(e);
	tz_buf_clear(&out);
	e = tz_edit_new("[issue]\ntitle = t", 17);
	tz_edit_add_section(e, "log.001", "log.", keys, vals, 2, &why);
	tz_edit_write(e, &out);
	is_str(out.ptr, "[issue]\ntitle = t\n\n[log.001]\ndate = 2026-01-01\nnote = n\n", "at the end, the last line ended");
	tz_edit_free(e);
	tz_buf_release(&out);
	tz_buf_release(&why);
}

int main(void)
{
	test_edit__set();
	test_edit__add_section();
	return tap_done();
}
