/* merge.c - libFuzzer target for the record merge: the input is three files
 * (base, ours, theirs) separated by lines "%%"; any bytes must merge without
 * crashing or leaking, and sides that agree must merge without conflict. */
#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "buf.h"
#include "diag.h"
#include "merge.h"
#include "schema.h"

static const char issue_ini[] =
	"[type]\nname = issue\ndir = issues\nid = ISS-[0-9]{4}\n"
	"[field.title]\ntype = text\n[field.status]\ntype = enum\nvalues = open, closed\n"
	"[part.log]\nkey = [0-9]{3}\nappend_only = yes\n"
	"[part.log.field.date]\ntype = date\n[part.log.field.note]\ntype = text\n"
	"[part.month]\nkey = .*\n[part.month.field.done]\ntype = int\n";

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
	if (d.errors)
		abort();
	tz_diag_list_release(&d);
	return 0;
}

static size_t merge(const struct tz_merge_side *b, const struct tz_merge_side *o,
		    const struct tz_merge_side *t)
{
	struct tz_buf out = TZ_BUF_INIT;
	struct tz_merge_stats st;
	const struct tz_type *type = tz_schema_type(schema, "issue");

	if (tz_merge_record(&out, &st, type, "records/issues/ISS-0001.ini", b, o, t) < 0)
		abort();
	tz_buf_release(&out);
	return st.conflicts;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tz_merge_side s[3] = { { "", 0 }, { "", 0 }, { "", 0 } };
	const char *p = (const char *)data, *end = p + size;

	for (int i = 0; i < 3; i++) {
		const char *sep = p < end ? memmem(p, (size_t)(end - p), "\n%%\n", 4) : NULL;
		s[i].data = p;
		s[i].len = sep ? (size_t)(sep - p) + 1 : (size_t)(end - p);
		p = sep ? sep + 4 : end;
	}
	merge(&s[0], &s[1], &s[2]);
	if (merge(&s[0], &s[1], &s[1]))
		abort();	/* both sides the same */
	if (merge(&s[0], &s[0], &s[2]))
		abort();	/* only theirs changed */
	return 0;
}
