/* expr.c - libFuzzer target for the query language: any bytes as an
 * expression must parse, bind against a fixed issue type (with and without
 * following references) and evaluate without crashing or leaking; an error
 * points at a column inside the expression. */
#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "buf.h"
#include "diag.h"
#include "eval.h"
#include "expr.h"
#include "record.h"
#include "schema.h"
#include "text.h"

static const char unit_ini[] =
	"[type]\nname = unit\ndir = units\nid = [a-z]+\n"
	"[field.name]\ntype = text\n"
	"[field.kind]\ntype = enum\nvalues = bureau, park, town\n";

static const char issue_ini[] =
	"[type]\nname = issue\ndir = issues\nid = ISS-[0-9]{4}\n"
	"[field.title]\ntype = text\n"
	"[field.status]\ntype = enum\nvalues = open, in_progress, resolved, closed\n"
	"labels = 待办, 办理中, 已办结, 已销号\n"
	"[field.unit]\ntype = ref\nto = unit\n"
	"[field.helping_units]\ntype = ref\nto = unit\nmultiple = yes\n"
	"[field.reported_on]\ntype = date\n"
	"[field.deadline]\ntype = date\n"
	"[field.count]\ntype = int\n"
	"[field.amount]\ntype = decimal\n"
	"[field.urgent]\ntype = bool\n"
	"[field.code]\ntype = uscc\n"
	"[part.log]\nkey = [0-9]{3}\n"
	"[part.log.field.action]\ntype = enum\nvalues = assign, urge, resolve\n"
	"[part.log.field.date]\ntype = date\n";

static const char record_ini[] =
	"[issue]\ntitle = 蓝思新材料项目用地\nstatus = in_progress\nunit = gtj\n"
	"helping_units = hbj, gtj\nreported_on = 2026-05-31\ndeadline = 2026-06-29\n"
	"count = 10\namount = 950.5\nurgent = no\n"
	"[log.001]\ndate = 2026-05-31\naction = assign\n[log.002]\naction = urge\n";

static const char unit_rec[] = "[unit]\nname = 国土局\nkind = bureau\n";

static struct tz_schema *schema;
static struct tz_type *issue;
static struct tz_record *rec, *unit;

static const struct tz_section *lookup(void *payload, const struct tz_type *t, const char *id)
{
	(void)payload;
	(void)t;
	return !strcmp(id, "gtj") ? &unit->sections[0] : NULL;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct tz_diag_list d = TZ_DIAG_LIST_INIT;

	(void)argc;
	(void)argv;
	setlocale(LC_ALL, "C.UTF-8");
	schema = tz_schema_new();
	tz_schema_add_file(schema, "schema/unit.ini", unit_ini, strlen(unit_ini), &d);
	tz_schema_add_file(schema, "schema/issue.ini", issue_ini, strlen(issue_ini), &d);
	tz_schema_finish(schema, &d);
	issue = tz_schema_type(schema, "issue");
	rec = tz_record_parse("records/issues/ISS-0001.ini", record_ini, strlen(record_ini), &d);
	unit = tz_record_parse("records/units/gtj.ini", unit_rec, strlen(unit_rec), &d);
	if (d.n || !issue || !rec || !unit)
		abort();
	tz_diag_list_release(&d);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *src = tz_strndup((const char *)data, size);	/* stops at a NUL */
	size_t chars = tz_utf8_valid_prefix(src, strlen(src)) == strlen(src) ? tz_utf8_count(src) : strlen(src);

	for (int follow = 0; follow < 2; follow++) {
		struct tz_expr *e = NULL;
		struct tz_expr_error err;
		struct tz_eval_ctx ctx = { issue, rec, 20634, lookup, NULL, NULL, NULL };

		memset(&err, 0, sizeof(err));
		if (tz_expr_parse(&e, src, &err) < 0) {
			if (e || err.col < 1 || (size_t)err.col > chars + 1 || !err.msg[0])
				abort();
			continue;
		}
		if (!e)
			abort();
		if (tz_expr_bind(e, issue, follow, &err) < 0) {
			if (err.col < 1 || (size_t)err.col > chars + 1 || !err.msg[0])
				abort();
		} else {
			enum tz_truth t = tz_expr_eval(e, &ctx);
			if (t != TZ_TRUE && t != TZ_FALSE && t != TZ_UNKNOWN)
				abort();
		}
		tz_expr_free(e);
	}
	free(src);
	return 0;
}
