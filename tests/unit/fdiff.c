/* fdiff.c - unit tests of the field-level diff (tz_fdiff_records and its
 * helpers): order, empty values, part entries, labels, short values. */
#include <stdlib.h>
#include <string.h>
#include "buf.h"
#include "diag.h"
#include "fdiff.h"
#include "record.h"
#include "schema.h"
#include "tap.h"

static struct tz_record *parse(const char *text)
{
	struct tz_diag_list d = TZ_DIAG_LIST_INIT;
	struct tz_record *r = tz_record_parse("records/issues/ISS-0001.ini", text, strlen(text), &d);

	tz_diag_list_release(&d);
	return r;
}

/* The changes as "field: old -> new" lines, "-" for an absent value. */
static char *render(const struct tz_fdiff *d)
{
	struct tz_buf b = TZ_BUF_INIT;

	for (size_t i = 0; i < d->n; i++)
		tz_buf_printf(&b, "%s: %s -> %s\n", d->v[i].field,
			      d->v[i].old_value ? d->v[i].old_value : "-",
			      d->v[i].new_value ? d->v[i].new_value : "-");
	return b.ptr ? tz_buf_detach(&b) : tz_strdup("");
}

static char *diff(const char *old, const char *new)
{
	struct tz_record *o = old ? parse(old) : NULL, *n = new ? parse(new) : NULL;
	struct tz_fdiff d = TZ_FDIFF_INIT;
	char *s;

	tz_fdiff_records(&d, o, n);
	s = render(&d);
	tz_fdiff_release(&d);
	tz_record_free(o);
	tz_record_free(n);
	return s;
}

static void test_fdiff__fields(void)
{
	char *s;

	s = diff("[issue]\nstatus = open\ntitle = a\n", "[issue]\nstatus = open\ntitle = a\n");
	is_str(s, "", "equal records have no changes");
	free(s);

	s = diff("[issue]\nstatus = open\ntitle = a\nunit = gtj\n",
		 "[issue]\ntitle = b\nstatus = in_progress\ndeadline = 2026-07-31\n");
	is_str(s, "title: a -> b\nstatus: open -> in_progress\ndeadline: - -> 2026-07-31\nunit: gtj -> -\n",
	       "changed and new fields in the new order, then removed ones");
	free(s);

	s = diff("[issue]\nnote =\ntitle = a\n", "[issue]\ntitle = a\n");
	is_str(s, "", "an empty value is the same as an absent field");
	free(s);

	s = diff("[issue]\n; a comment\ntitle   =   a\n", "[issue]\ntitle = a\n\n");
	is_str(s, "", "comments and layout are no change");
	free(s);

	s = diff("[issue]\nnote = one\n  two\n", "[issue]\nnote = one\n  three\n");
	is_str(s, "note: one\ntwo -> one\nthree\n", "multi-line values are compared whole");
	free(s);
}

static void test_fdiff__parts(void)
{
	char *s;

	s = diff("[issue]\nstatus = open\n\n[log.001]\naction = assign\nnote = x\n",
		 "[issue]\nstatus = open\n\n[log.001]\naction = assign\nnote = y\n\n[log.002]\naction = urge\n");
	is_str(s, "log.001.note: x -> y\nlog.002.action: - -> urge\n", "part entries are SECTION.KEY fields");
	free(s);

	s = diff("[issue]\nstatus = open\n\n[log.001]\naction = assign\n\n[month.2026-06]\nplan = 1\n",
		 "[issue]\nstatus = open\n");
	is_str(s, "log.001.action: assign -> -\nmonth.2026-06.plan: 1 -> -\n", "removed entries come last");
	free(s);
}

static void test_fdiff__created_and_deleted(void)
{
	struct tz_record *r = parse("[issue]\ntitle = a\n\n[log.001]\naction = assign\n");
	struct tz_fdiff d = TZ_FDIFF_INIT;
	char *s;

	s = diff(NULL, "[issue]\ntitle = a\nstatus = open\n");
	is_str(s, "title: - -> a\nstatus: - -> open\n", "a created record sets every field");
	free(s);
	s = diff("[issue]\ntitle = a\n", NULL);
	is_str(s, "title: a -> -\n", "a deleted record clears every field");
	free(s);

	is_int(tz_fdiff_files(&d, NULL, NULL, "records/issues/ISS-0001.ini", r), 3, "created: a path change and two fields");
	is_str(d.v[0].field, TZ_FDIFF_PATH, "the path change comes first");
	ok(!d.v[0].old_value, "with no old path");
	is_str(d.v[0].new_value, "records/issues/ISS-0001.ini", "and the new one");
	tz_fdiff_release(&d);
	is_int(tz_fdiff_files(&d, "records/issues/ISS-0001.ini", r, "records/issues/2026/ISS-0001.ini", r), 1,
	       "moved, unchanged: only the path");
	tz_fdiff_release(&d);
	is_int(tz_fdiff_files(&d, "records/issues/ISS-0001.ini", r, "records/issues/ISS-0001.ini", r), 0,
	       "same path, same record: nothing");
	tz_fdiff_release(&d);
	tz_fdiff_add(&d, "a", "", "x", 0, 0);
	tz_fdiff_add(&d, "b", "y", "", 0, 0);
	tz_fdiff_add(&d, "c", NULL, "z", 0, 0);
	ok(!d.v[0].old_value && !d.v[1].new_value, "tz_fdiff_add keeps an empty value as absent");
	tz_fdiff_remove(&d, 1);
	is_int(d.n, 2, "tz_fdiff_remove removes one");
	is_str(d.v[1].field, "c", "and keeps the order");
	tz_fdiff_release(&d);
	tz_record_free(r);
}

static void test_fdiff__value(void)
{
	struct tz_record *r = parse("[issue]\ntitle = a\nnote =\n\n[log.001]\naction = assign\n\n[log.1.2]\nx = y\n");

	is_str(tz_fdiff_value(r, "title"), "a", "a main field");
	ok(!tz_fdiff_value(r, "note"), "an empty one is absent");
	ok(!tz_fdiff_value(r, "nosuch"), "an unknown one too");
	is_str(tz_fdiff_value(r, "log.001.action"), "assign", "a part entry field");
	is_str(tz_fdiff_value(r, "log.1.2.x"), "y", "a key with a dot: the field follows the last dot");
	ok(!tz_fdiff_value(r, "log.002.action"), "an absent entry");
	ok(!tz_fdiff_value(NULL, "title"), "no record");
	tz_record_free(r);
}

static void test_fdiff__label(void)
{
	static const char schema_text[] =
		"[type]\nname = issue\nlabel = 问题\ndir = issues\nid = ISS-[0-9]{4}\n\n"
		"[field.status]\nlabel = 状态\ntype = text\n\n"
		"[field.plain]\ntype = text\n\n"
		"[part.log]\nlabel = 办理记录\nkey = [0-9]{3}\n\n"
		"[part.log.field.action]\nlabel = 动作\ntype = text\n";
	struct tz_diag_list d = TZ_DIAG_LIST_INIT;
	struct tz_schema *s = tz_schema_new();
	struct tz_buf b = TZ_BUF_INIT;
	const struct tz_type *t;

	tz_schema_add_file(s, "schema/issue.ini", schema_text, strlen(schema_text), &d);
	tz_schema_finish(s, &d);
	is_int(d.errors, 0, "the test schema loads");
	t = tz_schema_type(s, "issue");
	tz_fdiff_label(&b, t, "status");
	is_str(b.ptr, "状态", "a field's label");
	tz_buf_clear(&b);
	tz_fdiff_label(&b, t, "plain");
	is_str(b.ptr, "plain", "a field without a label: its name");
	tz_buf_clear(&b);
	tz_fdiff_label(&b, t, "log.003.action");
	is_str(b.ptr, "办理记录 003 动作", "a part entry field: part label, key, field label");
	tz_buf_clear(&b);
	tz_fdiff_label(&b, t, "log.003.nosuch");
	is_str(b.ptr, "log.003.nosuch", "an unknown part field: its name");
	tz_buf_clear(&b);
	tz_fdiff_label(&b, NULL, "status");
	is_str(b.ptr, "status", "no type: the name");
	tz_buf_clear(&b);
	tz_fdiff_label(&b, t, TZ_FDIFF_PATH);
	is_str(b.ptr, TZ_FDIFF_PATH, "the path");
	tz_buf_release(&b);
	tz_diag_list_release(&d);
	tz_schema_free(s);
}

static void test_fdiff__short(void)
{
	struct tz_buf b = TZ_BUF_INIT;

	tz_fdiff_short(&b, "用地未落实", 24);
	is_str(b.ptr, "用地未落实", "a short value stays");
	tz_buf_clear(&b);
	tz_fdiff_short(&b, "蓝思新材料项目一期剩余用地", 5);
	is_str(b.ptr, "蓝思新材料…", "cut on characters, not bytes");
	tz_buf_clear(&b);
	tz_fdiff_short(&b, "first\nsecond", 24);
	is_str(b.ptr, "first…", "only the first line");
	tz_buf_clear(&b);
	tz_fdiff_short(&b, NULL, 24);
	ok(b.len == 0, "NULL: nothing");
	tz_buf_release(&b);
}

int main(void)
{
	test_fdiff__fields();
	test_fdiff__parts();
	test_fdiff__created_and_deleted();
	test_fdiff__value();
	test_fdiff__label();
	test_fdiff__short();
	return tap_done();
}
