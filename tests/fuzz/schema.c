/* schema.c - libFuzzer target for schema loading: any bytes as a schema
 * file, beside a fixed unit type, must load and finish without crashing or
 * leaking; every field then checks a few values, and every rule that compiled
 * is evaluated over a fixed record. */
#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "buf.h"
#include "diag.h"
#include "eval.h"
#include "place.h"
#include "record.h"
#include "schema.h"

static const char unit_ini[] =
	"[type]\nname = unit\ndir = units\nid = [a-z]+\n[field.name]\ntype = text\n";

static const char record_ini[] =
	"[issue]\ntitle = 用地\nstatus = open\nunit = gtj\ndeadline = 2026-07-31\n"
	"reported_on = 2026-05-31\ncount = 12.5\n[log.001]\ndate = 2026-05-31\naction = urge\n";

static const char *const values[] = {
	"", "x", "open", "12", "-1.50", "2026-02-29", "2028-02-29", "yes",
	"91430100MA4L16JQ0H", "中文中文", "a, , a", "\xff",
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	setlocale(LC_ALL, "C.UTF-8");
	return 0;
}

static void check_fields(const struct tz_fdef *f, size_t n)
{
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < sizeof(values) / sizeof(*values); k++) {
			struct tz_buf msg = TZ_BUF_INIT;
			int rc = tz_fdef_check_value(&f[i], values[k], &msg);
			if (rc != 0 && (rc != -1 || !msg.len))
				abort();	/* an invalid value always says why */
			tz_buf_release(&msg);
		}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tz_diag_list d = TZ_DIAG_LIST_INIT;
	struct tz_schema *s = tz_schema_new();

	tz_schema_add_file(s, "schema/unit.ini", unit_ini, strlen(unit_ini), &d);
	tz_schema_add_file(s, "schema/t.ini", (const char *)data, size, &d);
	tz_schema_finish(s, &d);
	if ((size_t)s->errors != d.errors)
		abort();	/* every error finding counts as a schema error */
	for (size_t i = 0; i < d.n; i++)
		if (!d.v[i].msg[0] || strchr(d.v[i].msg, '\n'))
			abort();
	for (size_t t = 0; t < s->ntypes; t++) {
		struct tz_type *type = &s->types[t];
		struct tz_diag_list rd = TZ_DIAG_LIST_INIT;
		struct tz_record *r;

		check_fields(type->fields, type->nfields);
		for (size_t p = 0; p < type->nparts; p++)
			check_fields(type->parts[p].fields, type->parts[p].nfields);
		tz_place_type(s, "records/issues/ISS-0001.ini");
		r = tz_record_parse("records/x/X.ini", record_ini, strlen(record_ini), &rd);
		for (size_t k = 0; r && k < type->nrules; k++) {
			struct tz_eval_ctx ctx = { type, r, 20634, NULL, NULL, NULL, NULL };
			if (type->rules[k].when)
				tz_expr_eval(type->rules[k].when, &ctx);
			if (type->rules[k].check)
				tz_expr_eval(type->rules[k].check, &ctx);
		}
		tz_record_free(r);
		tz_diag_list_release(&rd);
	}
	tz_schema_free(s);
	tz_diag_list_release(&d);
	return 0;
}
