/* resolve.c - unit tests of label and name resolution: enum labels, record
 * IDs, titles and short names, multiple refs, ambiguity, action labels;
 * against a source of fixed records, so no index is needed. */
#include <stdlib.h>
#include <string.h>
#include "buf.h"
#include "resolve.h"
#include "schema.h"
#include "tap.h"

static const char unit_ini[] =
	"[type]\nname = unit\ndir = units\nid = [a-z]+\ntitle = name\n"
	"[field.name]\ntype = text\n[field.short_name]\ntype = text\n";
static const char issue_ini[] =
	"[type]\nname = issue\ndir = issues\nid = I[0-9]+\nstatus = status\nlog = log\n"
	"[field.status]\ntype = enum\nvalues = open, done\nlabels = 待办, 已办结\n"
	"[field.unit]\ntype = ref\nto = unit\n"
	"[field.co_units]\ntype = ref\nto = unit\nmultiple = yes\n"
	"[field.note]\ntype = text\n"
	"[part.log]\nkey = [0-9]{3}\n[part.log.field.date]\ntype = date\n"
	"[part.log.field.action]\ntype = enum\nvalues = open, finish\n"
	"[part.log.field.to_status]\ntype = enum\nvalues = open, done\n"
	"[action.open]\nlabel = 登记\nto = open\n"
	"[action.finish]\nlabel = 办结\nfrom = open\nto = done\n";

/* The units: lyj 市林业局/林业局, xlyj 县林业局/林业局, gtj 市国土资源局/国土局. */
static const char *const units[][3] = {
	{ "gtj", "市国土资源局", "国土局" },
	{ "lyj", "市林业局", "林业局" },
	{ "xlyj", "县林业局", "林业局" },
};
static int nfinds;

static int exists(void *payload, const struct tz_type *t, const char *id)
{
	(void)payload;
	(void)t;
	for (size_t i = 0; i < sizeof(units) / sizeof(*units); i++)
		if (!strcmp(units[i][0], id))
			return 1;
	return 0;
}

static int find(void *payload, const struct tz_type *t, const char *field, const char *value,
		struct tz_resolve_matches *out)
{
	int col = !strcmp(field, "name") ? 1 : !strcmp(field, "short_name") ? 2 : -1;

	(void)payload;
	(void)t;
	nfinds++;
	if (col < 0)
		return -1;
	for (size_t i = 0; i < sizeof(units) / sizeof(*units); i++)
		if (!strcmp(units[i][col], value)) {
			TZ_ALLOC_GROW(out->v, out->n + 1, out->alloc);
			out->v[out->n].id = tz_strdup(units[i][0]);
			out->v[out->n].title = tz_strdup(units[i][1]);
			out->n++;
		}
	return 0;
}

static int failing_exists(void *payload, const struct tz_type *t, const char *id)
{
	(void)payload; (void)t; (void)id;
	return -1;
}

static struct tz_schema *schema(void)
{
	struct tz_diag_list d = TZ_DIAG_LIST_INIT;
	struct tz_schema *s = tz_schema_new();

	tz_schema_add_file(s, "schema/unit.ini", unit_ini, strlen(unit_ini), &d);
	tz_schema_add_file(s, "schema/issue.ini", issue_ini, strlen(issue_ini), &d);
	tz_schema_finish(s, &d);
	ok(d.n == 0, "the test schema loads without findings (%zu)", d.n);
	tz_diag_list_release(&d);
	return s;
}

/* Resolve input for field name of issue: the return code, out and why. */
static int resolve(const struct tz_schema *s, const char *field, const char *input,
		   const struct tz_resolve_source *src, struct tz_buf *out, struct tz_buf *why)
{
	tz_buf_clear(out);
	tz_buf_clear(why);
	return tz_resolve_value(out, tz_type_field(tz_schema_type(s, "issue"), field), input, src, why);
}

static void test_resolve__enum(const struct tz_schema *s)
{
	struct tz_buf out = TZ_BUF_INIT, why = TZ_BUF_INIT;

	is_int(resolve(s, "status", "done", NULL, &out, &why), 0, "enum value: resolved");
	is_str(out.ptr, "done", "enum value: kept");
	is_int(resolve(s, "status", "已办结", NULL, &out, &why), 0, "enum label: resolved");
	is_str(out.ptr, "done", "enum label: written as its value");
	is_int(resolve(s, "status", "finished", NULL, &out, &why), 0, "unknown enum text: no error here");
	is_str(out.ptr, "finished", "unknown enum text: left for the checks to report");
	is_int(resolve(s, "note", "已办结", NULL, &out, &why), 0, "a text field: resolved");
	is_str(out.ptr, "已办结", "a text field: taken as typed");
	tz_buf_release(&out);
	tz_buf_release(&why);
}

static void test_resolve__ref(const struct tz_schema *s)
{
	struct tz_resolve_source src = { exists, find, NULL };
	struct tz_buf out = TZ_BUF_INIT, why = TZ_BUF_INIT;

	nfinds = 0;
	is_int(resolve(s, "unit", "gtj", &src, &out, &why), 0, "an ID: resolved");
	is_str(out.ptr, "gtj", "an ID: kept");
	is_int(nfinds, 0, "an ID: no name lookup");
	is_int(resolve(s, "unit", "市国土资源局", &src, &out, &why), 0, "a title: resolved");
	is_str(out.ptr, "gtj", "a title: written as the ID");
	is_int(resolve(s, "unit", "国土局", &src, &out, &why), 0, "a short name: resolved");
	is_str(out.ptr, "gtj", "a short name: written as the ID");
	is_int(resolve(s, "unit", "市林业局", &src, &out, &why), 0, "a title whose short name is shared: resolved");
	is_str(out.ptr, "lyj", "a title whose short name is shared: the one record");
	is_int(resolve(s, "unit", "林业局", &src, &out, &why), 1, "an ambiguous short name: refused");
	is_str(why.ptr, "unit: \"林业局\" matches 2 units: lyj (市林业局), xlyj (县林业局)",
	       "an ambiguous short name: the candidates listed");
	is_int(resolve(s, "unit", "环保局", &src, &out, &why), 0, "no match: no error here");
	is_str(out.ptr, "环保局", "no match: left for the reference check");
	is_int(resolve(s, "unit", "a\"b", &src, &out, &why), 0, "odd text: no error");
	tz_buf_release(&out);
	tz_buf_release(&why);
}

static void test_resolve__multiple(const struct tz_schema *s)
{
	struct tz_resolve_source src = { exists, find, NULL };
	struct tz_buf out = TZ_BUF_INIT, why = TZ_BUF_INIT;

	is_int(resolve(s, "co_units", "国土局, lyj,市林业局", &src, &out, &why), 0, "a list: resolved");
	is_str(out.ptr, "gtj, lyj, lyj", "a list: each item on its own, joined by \", \"");
	is_int(resolve(s, "co_units", "gtj, 林业局", &src, &out, &why), 1, "a list with an ambiguous item: refused");
	is_str(why.ptr, "co_units: \"林业局\" matches 2 units: lyj (市林业局), xlyj (县林业局)",
	       "a list with an ambiguous item: its candidates");
	tz_buf_release(&out);
	tz_buf_release(&why);
}

static void test_resolve__failure(const struct tz_schema *s)
{
	struct tz_resolve_source src = { failing_exists, find, NULL };
	struct tz_buf out = TZ_BUF_INIT, why = TZ_BUF_INIT;

	is_int(resolve(s, "unit", "gtj", &src, &out, &why), -1, "a failing source: -1");
	is_int(resolve(s, "status", "待办", &src, &out, &why), 0, "a failing source: enums need none");
	tz_buf_release(&out);
	tz_buf_release(&why);
}

static void test_resolve__action(const struct tz_schema *s)
{
	const struct tz_type *t = tz_schema_type(s, "issue");
	const struct tz_action *a;

	a = tz_resolve_action(t, "finish");
	is_str(a ? a->name : NULL, "finish", "an action by name");
	a = tz_resolve_action(t, "办结");
	is_str(a ? a->name : NULL, "finish", "an action by label");
	ok(tz_resolve_action(t, "完成") == NULL, "an unknown action: NULL");
	ok(tz_action_allowed_from(tz_resolve_action(t, "登记"), NULL), "the starting action starts a record");
	ok(!tz_action_allowed_from(tz_resolve_action(t, "登记"), "open"), "...and is not taken later");
	ok(tz_action_allowed_from(tz_resolve_action(t, "办结"), "open"), "finish from open");
	ok(!tz_action_allowed_from(tz_resolve_action(t, "办结"), "done"), "not finish from done");
}

int main(void)
{
	struct tz_schema *s = schema();

	test_resolve__enum(s);
	test_resolve__ref(s);
	test_resolve__multiple(s);
	test_resolve__failure(s);
	test_resolve__action(s);
	tz_schema_free(s);
	return tap_done();
}
