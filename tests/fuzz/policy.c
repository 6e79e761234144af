/* policy.c - libFuzzer target for schema/policy.ini: any bytes must parse
 * without crashing or leaking, findings on lines of the file, and then judge
 * a few fixed changes for every person it names. */
#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "buf.h"
#include "diag.h"
#include "policy.h"
#include "record.h"
#include "schema.h"

static const char issue_ini[] =
	"[type]\nname = issue\ndir = issues\nid = ISS-[0-9]{4}\nowner = unit\nstatus = status\nlog = log\n"
	"[field.title]\ntype = text\n[field.unit]\ntype = text\n[field.deadline]\ntype = date\n"
	"[field.status]\ntype = enum\nvalues = open, done\n"
	"[part.log]\nkey = [0-9]{3}\nappend_only = yes\n"
	"[part.log.field.date]\ntype = date\n[part.log.field.action]\ntype = text\n[part.log.field.to_status]\ntype = text\n"
	"[action.open]\nto = open\n[action.finish]\nfrom = open\nto = done\nset = deadline = {date}\n";

static const char *const versions[] = {
	"[issue]\ntitle = a\nunit = gtj\nstatus = open\n",
	"[issue]\ntitle = b\nunit = gtj\nstatus = done\ndeadline = 2026-01-01\n\n[log.001]\ndate = 2026-01-01\naction = finish\n",
	"[issue]\ntitle = a\nunit = hbj\nstatus = open\n\n[log.001]\ndate = 2026-01-01\naction = open\n",
};

static struct tz_schema *schema;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct tz_diag_list d = TZ_DIAG_LIST_INIT;

	(void)argc;
	(void)argv;
	setlocale(LC_ALL, "C.UTF-8");
	schema = tz_schema_new();
	tz_schema_add_file(schema, "schema/issue.ini", issue_ini, sizeof(issue_ini) - 1, &d);
	tz_schema_finish(schema, &d);
	if (d.errors) {
		tz_diag_write(&d, stderr, TZ_FORMAT_TEXT);
		abort();
	}
	tz_diag_list_release(&d);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tz_diag_list d = TZ_DIAG_LIST_INIT, j = TZ_DIAG_LIST_INIT;
	struct tz_record *r[3];
	struct tz_policy *p = tz_policy_parse((const char *)data, size, schema, &d);
	const struct tz_type *t = tz_schema_type(schema, "issue");
	size_t lines = 1;

	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n';
	for (size_t i = 0; i < d.n; i++)
		if (d.v[i].line < 0 || (size_t)d.v[i].line > lines || strcmp(d.v[i].path, TZ_POLICY_PATH))
			abort();
	for (int i = 0; i < 3; i++)
		r[i] = tz_record_parse("records/issues/ISS-0001.ini", versions[i], strlen(versions[i]), &j);
	for (size_t m = 0; m <= p->nmembers; m++) {
		const char *who = m < p->nmembers && p->members[m].npeople ? p->members[m].people[0] : "nobody";
		for (int a = 0; a < 3; a++)
			for (int b = 0; b < 3; b++) {
				size_t before = j.n, n;
				n = tz_policy_check_record(p, who, t, "records/issues/ISS-0001.ini",
							   a ? r[a] : NULL, b == a ? NULL : r[b], "", &j);
				if (n != j.n - before)
					abort();	/* one finding per refusal */
			}
		tz_policy_check_schema(p, who, TZ_POLICY_PATH, "", &j);
	}
	for (int i = 0; i < 3; i++)
		tz_record_free(r[i]);
	tz_policy_free(p);
	tz_diag_list_release(&d);
	tz_diag_list_release(&j);
	return 0;
}
