/* schema.c - unit tests of schema loading (tz_schema_add_file and
 * tz_schema_finish on in-memory texts) and of tz_fdef_check_value. */
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include "buf.h"
#include "diag.h"
#include "schema.h"
#include "tap.h"

static const char unit_ini[] =
	"[type]\n"
	"name = unit\n"
	"label = 责任单位\n"
	"dir = units\n"
	"id = [a-z]{2,8}\n"
	"title = name\n"
	"\n"
	"[field.name]\n"
	"type = text\n"
	"required = yes\n";

static const char issue_ini[] =
	"; schema/issue.ini\n"				/* 1 */
	"[type]\n"
	"name = issue\n"
	"label = 问题\n"
	"dir = issues\n"				/* 5 */
	"id = ISS-[0-9]{4,}\n"
	"title = title\n"
	"owner = unit\n"
	"\n"
	"[field.title]\n"				/* 10 */
	"label = 问题简述\n"
	"type = text\n"
	"required = yes\n"
	"max = 200\n"
	"\n"						/* 15 */
	"[field.status]\n"
	"label = 状态\n"
	"type = enum\n"
	"values = open, in_progress, resolved, closed\n"
	"labels = 待办, 办理中, 已办结, 已销号\n"		/* 20 */
	"required = yes\n"
	"\n"
	"[field.unit]\n"
	"type = ref\n"
	"to = unit\n"					/* 25 */
	"required = yes\n"
	"\n"
	"[field.helping_units]\n"
	"type = ref\n"
	"to = unit\n"					/* 30 */
	"multiple = yes\n"
	"unique = yes\n"
	"help = 配合单位\n"
	"\n"
	"[field.reported_on]\n"				/* 35 */
	"type = date\n"
	"[field.deadline]\n"
	"type = date\n"
	"[field.resolved_on]\n"
	"type = date\n"					/* 40 */
	"[field.resolution]\n"
	"type = text\n"
	"\n"
	"[part.log]\n"
	"label = 办理记录\n"				/* 45 */
	"key = [0-9]{3}\n"
	"append_only = yes\n"
	"\n"
	"[part.log.field.action]\n"
	"type = enum\n"					/* 50 */
	"values = assign, urge, resolve\n"
	"[part.log.field.date]\n"
	"type = date\n"
	"required = yes\n"
	"\n"						/* 55 */
	"[rule.resolved-needs-outcome]\n"
	"when = status in (resolved, closed)\n"
	"require = resolved_on, resolution\n"
	"message = 已办结的问题须填写办结日期与办结情况\n"
	"\n"						/* 60 */
	"[rule.deadline-after-report]\n"
	"check = deadline >= reported_on\n"
	"severity = warning\n"
	"\n"
	"[transitions.status]\n"			/* 65 */
	"open = in_progress, resolved\n"
	"in_progress = resolved, open\n"
	"resolved = closed, in_progress\n"
	"closed =\n";

struct loaded {
	struct tz_schema *s;
	char *diags;		/* "path:line: msg\n" for each finding */
	size_t errors;
};

/* Load the (path, text) pairs of files[] (NULL-terminated) and finish. */
static struct loaded load(const char *const *files)
{
	struct tz_diag_list d = TZ_DIAG_LIST_INIT;
	struct tz_buf b = TZ_BUF_INIT;
	struct loaded l;

	l.s = tz_schema_new();
	for (size_t i = 0; files[i]; i += 2)
		tz_schema_add_file(l.s, files[i], files[i + 1], strlen(files[i + 1]), &d);
	tz_schema_finish(l.s, &d);
	for (size_t i = 0; i < d.n; i++)
		tz_buf_printf(&b, "%s:%d: %s%s\n", d.v[i].path, d.v[i].line,
			      d.v[i].severity == TZ_WARNING ? "warning: " : "", d.v[i].msg);
	l.diags = b.ptr ? tz_buf_detach(&b) : tz_strdup("");
	l.errors = d.errors;
	tz_diag_list_release(&d);
	return l;
}

/* The unit type and one more schema file t.ini with text. */
static struct loaded load_with_unit(const char *text)
{
	const char *files[] = { "schema/unit.ini", unit_ini, "schema/t.ini", text, NULL };
	return load(files);
}

static void unload(struct loaded *l)
{
	tz_schema_free(l->s);
	free(l->diags);
}

/* A type "t" in dir "t" with the given field sections after [type]. */
#define T_HEAD "[type]\nname = t\ndir = t\nid = T-[0-9]+\n"	/* 4 lines */

static void test_schema__good_type_loads(void)
{
	const char *files[] = { "schema/unit.ini", unit_ini, "schema/issue.ini", issue_ini, NULL };
	struct loaded l = load(files);
	struct tz_type *t = tz_schema_type(l.s, "issue");
	const struct tz_fdef *f;
	const struct tz_partdef *p;
	const struct tz_transitions *tr;

	is_str(l.diags, "", "the example schema of DESIGN.md loads without findings");
	is_int(l.s->errors, 0, "no schema errors counted");
	is_int(l.s->ntypes, 2, "two types");
	ok(t != NULL, "type issue");
	if (!t) {
		unload(&l);
		return;
	}
	is_str(t->label, "问题", "type label");
	is_str(t->dir, "issues", "dir");
	is_str(t->id_src, "ISS-[0-9]{4,}", "id pattern as written");
	ok(t->has_id_re && tz_ere_match(&t->id_re, "ISS-0001") && tz_ere_match(&t->id_re, "ISS-12345"),
	   "the id pattern matches IDs");
	ok(!tz_ere_match(&t->id_re, "ISS-001") && !tz_ere_match(&t->id_re, "xISS-0001") &&
	   !tz_ere_match(&t->id_re, "ISS-0001x"), "anchored at both ends");
	is_str(t->title, "title", "title field");
	is_str(t->owner, "unit", "owner field");
	is_str(t->path, "schema/issue.ini", "the type knows its file");
	is_int(t->nfields, 8, "eight fields");

	f = tz_type_field(t, "title");
	ok(f && f->type == TZ_TEXT && f->required && f->has_max && f->max == 200, "title: text, required, max 200");
	is_str(f ? f->label : NULL, "问题简述", "title label");
	is_int(f ? f->line : 0, 10, "a field's line is its section's");

	f = tz_type_field(t, "status");
	ok(f && f->type == TZ_ENUM && f->nvalues == 4, "status: enum of 4 values");
	is_str(f && f->nvalues == 4 ? f->values[1] : NULL, "in_progress", "values in order, trimmed");
	is_str(f && f->labels ? f->labels[3] : NULL, "已销号", "labels in order");
	is_int(f ? tz_fdef_enum_index(f, "resolved") : -2, 2, "tz_fdef_enum_index");
	is_int(f ? tz_fdef_enum_index(f, "done") : -2, -1, "tz_fdef_enum_index of a non-value");
	is_str(f ? tz_fdef_enum_label(f, "open") : NULL, "待办", "tz_fdef_enum_label");
	is_str(f ? tz_fdef_enum_label(f, "done") : NULL, "done", "the label of a non-value is itself");
	is_str(f ? f->label : NULL, "状态", "status label");

	f = tz_type_field(t, "unit");
	ok(f && f->type == TZ_REF && f->target == tz_schema_type(l.s, "unit") && !f->multiple,
	   "unit: a ref resolved to type unit");
	is_str(f ? f->label : NULL, "unit", "a field without label is labelled with its name");
	f = tz_type_field(t, "helping_units");
	ok(f && f->type == TZ_REF && f->multiple && f->unique, "helping_units: multiple, unique");
	is_str(f ? f->help : NULL, "配合单位", "help");
	f = tz_type_field(t, "deadline");
	ok(f && f->type == TZ_DATE && !f->required && f->scale == -1, "deadline: an optional date");

	is_int(t->nparts, 1, "one part");
	p = tz_type_part(t, "log");
	ok(p && p->append_only && p->has_key_re, "part log: append-only, with a key pattern");
	is_str(p ? p->label : NULL, "办理记录", "part label");
	is_str(p ? p->key : NULL, "[0-9]{3}", "part key as written");
	ok(p && tz_ere_match(&p->key_re, "001") && !tz_ere_match(&p->key_re, "0001"), "the key pattern is anchored");
	is_int(p ? p->nfields : 0, 2, "two part fields");
	f = p ? tz_part_field(p, "action") : NULL;
	ok(f && f->type == TZ_ENUM && f->nvalues == 3, "log.action: enum");
	f = p ? tz_part_field(p, "date") : NULL;
	ok(f && f->type == TZ_DATE && f->required, "log.date: required date");
	ok(!tz_type_part(t, "month"), "no part month");

	is_int(t->nrules, 2, "two rules");
	if (t->nrules == 2) {
		const struct tz_rule *r = &t->rules[0];
		is_str(r->name, "resolved-needs-outcome", "rule name");
		ok(r->when && !r->check, "a when, no check");
		is_int(r->nrequire, 2, "two required fields");
		is_str(r->nrequire == 2 ? r->require[1] : NULL, "resolution", "require list trimmed");
		is_str(r->message, "已办结的问题须填写办结日期与办结情况", "message");
		ok(r->severity == TZ_ERROR, "severity error by default");
		is_int(r->line, 56, "rule line");
		r = &t->rules[1];
		ok(r->check && !r->when && r->severity == TZ_WARNING, "a check of severity warning");
		is_str(r->check_src, "deadline >= reported_on", "check source");
	}

	tr = tz_type_transitions(t, "status");
	ok(tr != NULL, "transitions of status");
	is_int(tr ? tr->n : 0, 4, "four from-values");
	if (tr && tr->n == 4) {
		is_str(tr->v[0].from, "open", "from open");
		ok(tr->v[0].nto == 2 && !strcmp(tr->v[0].to[0], "in_progress") && !strcmp(tr->v[0].to[1], "resolved"),
		   "to in_progress, resolved");
		is_str(tr->v[3].from, "closed", "closed");
		is_int(tr->v[3].nto, 0, "is final");
		is_int(tr->v[3].line, 69, "at its line");
	}
	ok(!tz_type_transitions(t, "unit"), "no transitions of unit");

	ok(!tz_schema_type(l.s, "Issue"), "type names are case-sensitive");
	unload(&l);
}

struct bad_case {
	const char *what, *text, *want;
};

static void test_schema__findings(void)
{
	static const struct bad_case cases[] = {
		{ "enum without values",
		  T_HEAD "[field.status]\ntype = enum\n",
		  "schema/t.ini:5: field.status: enum needs values\n" },
		{ "enum with empty values",
		  T_HEAD "[field.status]\ntype = enum\nvalues =\n",
		  "schema/t.ini:7: field.status: enum needs values\n" },
		{ "enum with an empty and a repeated item",
		  T_HEAD "[field.status]\ntype = enum\nvalues = a, , b, a\n",
		  "schema/t.ini:7: field.status: empty item in values\n"
		  "schema/t.ini:7: field.status: value \"a\" is listed twice\n" },
		{ "labels count mismatch",
		  T_HEAD "[field.status]\ntype = enum\nvalues = open, closed\nlabels = 待办\n",
		  "schema/t.ini:8: field.status: 1 labels for 2 values\n" },
		{ "unknown type with a suggestion",
		  T_HEAD "[field.when]\ntype = dat\n",
		  "schema/t.ini:6: field.when: unknown type \"dat\" (did you mean \"date\"?)\n" },
		{ "unknown type without a suggestion",
		  T_HEAD "[field.when]\ntype = timestamp\n",
		  "schema/t.ini:6: field.when: unknown type \"timestamp\" (one of text, int, decimal, date, bool, enum, ref, uscc)\n" },
		{ "missing type",
		  T_HEAD "[field.x]\nlabel = x\n",
		  "schema/t.ini:5: field.x: type is missing (one of text, int, decimal, date, bool, enum, ref, uscc)\n" },
		{ "ref to an unknown type, with a suggestion",
		  T_HEAD "[field.owner]\ntype = ref\nto = unti\n",
		  "schema/t.ini:5: field.owner: no type \"unti\" to refer to (did you mean \"unit\"?)\n" },
		{ "ref to an unknown type",
		  T_HEAD "[field.owner]\ntype = ref\nto = enterprise\n",
		  "schema/t.ini:5: field.owner: no type \"enterprise\" to refer to\n" },
		{ "ref without to",
		  T_HEAD "[field.owner]\ntype = ref\n",
		  "schema/t.ini:5: field.owner: ref needs \"to\" (the type it refers to)\n" },
		{ "ref from a part field to an unknown type",
		  T_HEAD "[part.log]\n[part.log.field.by]\ntype = ref\nto = unti\n",
		  "schema/t.ini:6: part.log.field.by: no type \"unti\" to refer to (did you mean \"unit\"?)\n" },
		{ "bad regex in pattern",
		  T_HEAD "[field.code]\ntype = text\npattern = [a-\n",
		  "schema/t.ini:7: field.code: bad pattern \"[a-\": Unmatched [, [^, [:, [., or [=\n" },
		{ "bad regex in id",
		  "[type]\nname = t\ndir = t\nid = T-(\n",
		  "schema/t.ini:4: type: bad id pattern \"T-(\": Unmatched ( or \\(\n" },
		{ "bad regex in a part key",
		  T_HEAD "[part.log]\nkey = [0-9\n",
		  "schema/t.ini:6: part.log: bad key pattern \"[0-9\": Unmatched [, [^, [:, [., or [=\n" },
		{ "a repetition of a repetition in a part key (glibc would build gigabytes)",
		  T_HEAD "[part.log]\nkey = [0-9]+++{3}\n",
		  "schema/t.ini:6: part.log: bad key pattern \"[0-9]+++{3}\": a repetition of a repetition (such as \"++\" or \"*{2}\"): write one\n" },
		{ "a repetition count above 255 in id",
		  "[type]\nname = t\ndir = t\nid = T-[0-9]{300}\n",
		  "schema/t.ini:4: type: bad id pattern \"T-[0-9]{300}\": a repetition count above 255\n" },
		{ "nested repetitions too large once expanded",
		  T_HEAD "[field.code]\ntype = text\npattern = ((a{100}){100})\n",
		  "schema/t.ini:7: field.code: bad pattern \"((a{100}){100})\": too large once its repetitions are expanded\n" },
		{ "a stray ) does not hide a repetition from the check",
		  T_HEAD "[field.code]\ntype = text\npattern = )a{2}{2}\n",
		  "schema/t.ini:7: field.code: bad pattern \")a{2}{2}\": a repetition of a repetition (such as \"++\" or \"*{2}\"): write one\n" },
		{ "a back-reference (glibc backtracks, or recurses on a crafted one)",
		  T_HEAD "[field.code]\ntype = text\npattern = (a|b)\\1\n",
		  "schema/t.ini:7: field.code: bad pattern \"(a|b)\\1\": a back-reference (\\1 to \\9): patterns have none\n" },
		{ "groups nested too deeply",
		  T_HEAD "[field.code]\ntype = text\npattern = ((((((((((((((((((((((((((((((((((a))))))))))))))))))))))))))))))))))\n",
		  "schema/t.ini:7: field.code: bad pattern \"((((((((((((((((((((((((((((((((((a))))))))))))))))))))))))))))))))))\": groups nested too deeply\n" },
		{ "unknown key with a suggestion",
		  T_HEAD "[field.title]\ntype = text\nrequird = yes\n",
		  "schema/t.ini:7: field.title: unknown key \"requird\" (did you mean \"required\"?)\n" },
		{ "unknown key without a suggestion",
		  T_HEAD "[field.title]\ntype = text\ncolour = red\n",
		  "schema/t.ini:7: field.title: unknown key \"colour\"\n" },
		{ "unknown key in [type]",
		  T_HEAD "titel = x\n",
		  "schema/t.ini:5: type: unknown key \"titel\" (did you mean \"title\"?)\n" },
		{ "an option for another type",
		  T_HEAD "[field.n]\ntype = int\npattern = [0-9]+\n",
		  "schema/t.ini:7: field.n: pattern does not apply to type int\n" },
		{ "bad yes/no and number",
		  T_HEAD "[field.n]\ntype = int\nrequired = true\nmin = zero\n",
		  "schema/t.ini:7: field.n: required must be yes or no, not \"true\"\n"
		  "schema/t.ini:8: field.n: min must be a number, not \"zero\"\n" },
		{ "max less than min",
		  T_HEAD "[field.n]\ntype = int\nmin = 10\nmax = 1\n",
		  "schema/t.ini:8: field.n: max is less than min\n" },
		{ "bad scale",
		  T_HEAD "[field.n]\ntype = decimal\nscale = two\n",
		  "schema/t.ini:7: field.n: scale must be a whole number of digits, not \"two\"\n" },
		{ "part sharing a name with a field",
		  T_HEAD "[field.log]\ntype = text\n[part.log]\nkey = [0-9]+\n",
		  "schema/t.ini:7: part.log: a part may not share its name with a field\n" },
		{ "part field without its part",
		  T_HEAD "[part.month.field.plan]\ntype = decimal\n",
		  "schema/t.ini:5: part.month.field.plan: no [part.month] section for this field\n" },
		{ "rule with a bad expression",
		  T_HEAD "[field.status]\ntype = enum\nvalues = open, closed\n"
		  "[rule.r]\nwhen = status = open and (\nrequire = status\n",
		  "schema/t.ini:8: rule.r: when: column 20: expected a field name at the end\n" },
		{ "rule with an unknown field",
		  T_HEAD "[field.status]\ntype = enum\nvalues = open, closed\n"
		  "[rule.r]\ncheck = stauts != closed\n",
		  "schema/t.ini:8: rule.r: check: column 1: unknown field \"stauts\" (did you mean \"status\"?)\n" },
		{ "rule with a bad enum literal",
		  T_HEAD "[field.status]\ntype = enum\nvalues = open, closed\n"
		  "[rule.r]\ncheck = status != clsoed\n",
		  "schema/t.ini:8: rule.r: check: column 11: \"clsoed\" is not a value of status (did you mean \"closed\"?)\n" },
		{ "rule requiring an unknown field",
		  T_HEAD "[field.a]\ntype = text\n[rule.r]\nrequire = a, b\n",
		  "schema/t.ini:7: rule.r: require names no field \"b\"\n" },
		{ "rule with neither check nor require",
		  T_HEAD "[field.a]\ntype = text\n[rule.r]\nwhen = a is empty\n",
		  "schema/t.ini:7: rule.r: a rule needs check or require\n" },
		{ "rule with a bad severity",
		  T_HEAD "[field.a]\ntype = text\n[rule.r]\nrequire = a\nseverity = fatal\n",
		  "schema/t.ini:9: rule.r: severity must be error or warning, not \"fatal\"\n" },
		{ "transitions of an unknown field",
		  T_HEAD "[transitions.status]\nopen = closed\n",
		  "schema/t.ini:5: transitions.status: no field \"status\"\n" },
		{ "transitions naming a non-value",
		  T_HEAD "[field.status]\ntype = enum\nvalues = open, closed\n"
		  "[transitions.status]\nopen = clsed\ndone = open\n",
		  "schema/t.ini:9: transitions.status: \"clsed\" is not a value of status\n"
		  "schema/t.ini:10: transitions.status: \"done\" is not a value of status\n" },
		{ "unknown section",
		  T_HEAD "[fields.a]\ntype = text\n",
		  "schema/t.ini:5: unknown section \"[fields.a]\" (expected type, field.NAME, part.NAME, rule.NAME, transitions.FIELD or action.NAME)\n" },
		{ "first section not [type]",
		  "[field.a]\ntype = text\n" T_HEAD,
		  "schema/t.ini:1: the first section must be [type]\n" },
		{ "no [type] at all",
		  "[field.a]\ntype = text\n",
		  "schema/t.ini:1: the first section must be [type]\n" },
		{ "type without name, dir, id",
		  "[type]\nlabel = x\n",
		  "schema/t.ini:1: type: name is missing\n" },
		{ "type without dir and id",
		  "[type]\nname = t\n",
		  "schema/t.ini:1: type: dir is missing\n"
		  "schema/t.ini:1: type: id is missing (a regular expression for IDs)\n" },
		{ "dir with a path trick",
		  "[type]\nname = t\ndir = ../etc\nid = x\n",
		  "schema/t.ini:3: type: dir \"../etc\" must be a relative folder name (letters, digits, _ - /)\n" },
		{ "dir shared with another type",
		  "[type]\nname = t\ndir = units\nid = x\n",
		  "schema/t.ini:1: type: dir \"units\" overlaps the dir \"units\" of type unit\n" },
		{ "type defined twice",
		  "[type]\nname = unit\ndir = u2\nid = x\n",
		  "schema/t.ini:2: type: type \"unit\" is already defined in schema/unit.ini\n" },
		{ "title and owner naming no field",
		  T_HEAD "title = name\nowner = unit\n",
		  "schema/t.ini:5: type: title names no field \"name\"\n"
		  "schema/t.ini:6: type: owner names no field \"unit\"\n" },
		{ "field defined twice",
		  T_HEAD "[field.a]\ntype = text\n[field.a]\ntype = int\n",
		  "schema/t.ini:7: duplicate section \"[field.a]\" (first at line 5)\n" },
		{ "syntax errors in a schema file",
		  T_HEAD "[field.a]\ntype: text\n",
		  "schema/t.ini:6: \":\" is not a separator, use \"=\": \"type: text\"\n"
		  "schema/t.ini:5: field.a: type is missing (one of text, int, decimal, date, bool, enum, ref, uscc)\n" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		struct loaded l = load_with_unit(cases[i].text);
		is_str(l.diags, cases[i].want, "%s", cases[i].what);
		ok(l.s->errors > 0 && l.errors > 0, "%s: counted as a schema error", cases[i].what);
		unload(&l);
	}
}

static void test_schema__type_with_findings_still_added(void)
{
	struct loaded l = load_with_unit(T_HEAD "[field.a]\ntype = dat\n[field.b]\ntype = int\n");
	struct tz_type *t = tz_schema_type(l.s, "t");

	ok(t != NULL, "a type with findings is still added");
	ok(t && tz_type_field(t, "b") && tz_type_field(t, "b")->type == TZ_INT, "with its good fields");
	unload(&l);
}

/* Fields of every type, to check values against. */
static const char probe_ini[] =
	"[type]\nname = probe\ndir = probe\nid = P-[0-9]+\n"
	"[field.short]\ntype = text\nmax = 5\n"
	"[field.cjk]\ntype = text\npattern = [^a-z]{2}-[0-9]+\n"
	"[field.cat]\ntype = text\npattern = [用地融资]{2}\n"
	"[field.n]\ntype = int\nmin = 0\nmax = 100\n"
	"[field.any]\ntype = int\n"
	"[field.money]\ntype = decimal\nscale = 2\nmin = 0\n"
	"[field.whole]\ntype = decimal\nscale = 0\n"
	"[field.ratio]\ntype = decimal\nmin = -1.5\nmax = 1.5\n"
	"[field.day]\ntype = date\n"
	"[field.flag]\ntype = bool\n"
	"[field.status]\ntype = enum\nvalues = open, in_progress, resolved, closed\n"
	"[field.code]\ntype = uscc\n"
	"[field.owner]\ntype = ref\nto = unit\n";

/* The GB 32100-2015 check character of the 17 characters of s. */
static char uscc_check_char(const char *s)
{
	static const char cs[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
	int sum = 0, w = 1;

	for (int i = 0; i < 17; i++, w = w * 3 % 31)
		sum += (int)(strchr(cs, s[i]) - cs) * w;
	return cs[(31 - sum % 31) % 31];
}

struct value_case {
	const char *field, *value, *want;	/* want NULL: valid */
};

static void test_schema__check_value(void)
{
	const char *files[] = { "schema/unit.ini", unit_ini, "schema/probe.ini", probe_ini, NULL };
	struct loaded l = load(files);
	struct tz_type *t = tz_schema_type(l.s, "probe");
	char good[19], bad[19], good2[19];
	const struct value_case cases[] = {
		{ "short", "中文中文中", NULL },
		{ "short", "abcde", NULL },
		{ "short", "中文中文中文", "is 6 characters long, more than the maximum 5" },
		{ "short", "abcdef", "is 6 characters long, more than the maximum 5" },
		{ "cjk", "用地-12", NULL },
		{ "cjk", "用-12", "\"用-12\" does not match the pattern \"[^a-z]{2}-[0-9]+\"" },
		{ "cjk", "ab-12", "\"ab-12\" does not match the pattern \"[^a-z]{2}-[0-9]+\"" },
		{ "cjk", "用地-12x", "\"用地-12x\" does not match the pattern \"[^a-z]{2}-[0-9]+\"" },
		{ "cat", "融资", NULL },
		{ "cat", "用资", NULL },
		{ "cat", "用地融资", "\"用地融资\" does not match the pattern \"[用地融资]{2}\"" },
		{ "n", "0", NULL },
		{ "n", "100", NULL },
		{ "n", "+7", NULL },
		{ "n", "007", NULL },
		{ "n", "-1", "\"-1\" is less than the minimum 0" },
		{ "n", "101", "\"101\" is more than the maximum 100" },
		{ "n", "1.5", "\"1.5\" is not a whole number" },
		{ "n", "1e3", "\"1e3\" is not a whole number" },
		{ "n", "十", "\"十\" is not a whole number" },
		{ "n", "0x10", "\"0x10\" is not a whole number" },
		{ "any", "-99999999", NULL },
		{ "money", "950.5", NULL },
		{ "money", "1200", NULL },
		{ "money", "0.25", NULL },
		{ "money", "12.340", "\"12.340\" has more than 2 digits after the point" },
		{ "money", "1.", "\"1.\" is not a number" },
		{ "money", ".5", "\".5\" is not a number" },
		{ "money", "1,200", "\"1,200\" is not a number" },
		{ "money", "-0.01", "\"-0.01\" is less than the minimum 0" },
		{ "money", "1 200", "\"1 200\" is not a number" },
		{ "whole", "12", NULL },
		{ "whole", "12.0", "\"12.0\" has more than 0 digits after the point" },
		{ "ratio", "-1.5", NULL },
		{ "ratio", "1.51", "\"1.51\" is more than the maximum 1.5" },
		{ "ratio", "-2", "\"-2\" is less than the minimum -1.5" },
		{ "day", "2026-05-31", NULL },
		{ "day", "2028-02-29", NULL },
		{ "day", "2000-02-29", NULL },
		{ "day", "2026-02-29", "\"2026-02-29\" is not a date (YYYY-MM-DD)" },
		{ "day", "1900-02-29", "\"1900-02-29\" is not a date (YYYY-MM-DD)" },
		{ "day", "2026-04-31", "\"2026-04-31\" is not a date (YYYY-MM-DD)" },
		{ "day", "2026-13-01", "\"2026-13-01\" is not a date (YYYY-MM-DD)" },
		{ "day", "2026-00-10", "\"2026-00-10\" is not a date (YYYY-MM-DD)" },
		{ "day", "2026-6-1", "\"2026-6-1\" is not a date (YYYY-MM-DD): did you mean 2026-06-01?" },
		{ "day", "2026/06/01", "\"2026/06/01\" is not a date (YYYY-MM-DD): did you mean 2026-06-01?" },
		{ "day", "2026-06-01T00", "\"2026-06-01T00\" is not a date (YYYY-MM-DD)" },
		{ "day", "2026年6月1日", "\"2026年6月1日\" is not a date (YYYY-MM-DD): did you mean 2026-06-01?" },
		{ "flag", "yes", NULL },
		{ "flag", "no", NULL },
		{ "flag", "Yes", "\"Yes\" is not yes or no" },
		{ "flag", "是", "\"是\" is not yes or no" },
		{ "flag", "1", "\"1\" is not yes or no" },
		{ "status", "in_progress", NULL },
		{ "status", "opne", "\"opne\" is not one of open, in_progress, resolved, closed (did you mean \"open\"?)" },
		{ "status", "Open", "\"Open\" is not one of open, in_progress, resolved, closed (did you mean \"open\"?)" },
		{ "status", "完成", "\"完成\" is not one of open, in_progress, resolved, closed" },
		{ "code", good, NULL },
		{ "code", good2, NULL },
		{ "code", bad, NULL /* set below */ },
		{ "code", "91350100M000100Y", "\"91350100M000100Y\" is 16 characters long, a unified social credit code has 18" },
		{ "code", "91350100m000100Y43", "\"91350100m000100Y43\" has \"m\" at position 9, not allowed in a unified social credit code" },
		{ "code", "91350100I000100Y43", "\"91350100I000100Y43\" has \"I\" at position 9, not allowed in a unified social credit code" },
		{ "code", "一二三四五六", "\"一二三四五六\" is 6 characters long, a unified social credit code has 18" },
		{ "owner", "anything", NULL },
	};
	char bad_msg[128];

	ok(setlocale(LC_ALL, "C.UTF-8") != NULL, "the tests run in C.UTF-8");
	is_str(l.diags, "", "the probe schema loads");
	if (!t) {
		unload(&l);
		return;
	}
	memcpy(good, "91350100M000100Y4", 17);
	good[17] = uscc_check_char(good);
	good[18] = '\0';
	is_str(good, "91350100M000100Y43", "the GB 32100-2015 check character computed in the test");
	memcpy(good2, "12100000400000123", 17);
	good2[17] = uscc_check_char(good2);
	good2[18] = '\0';
	memcpy(bad, good, 19);
	bad[17] = good[17] == 'A' ? 'B' : 'A';
	snprintf(bad_msg, sizeof(bad_msg), "\"%s\" has check character \"%c\", expected \"%c\"", bad, bad[17], good[17]);

	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		const struct tz_fdef *f = tz_type_field(t, cases[i].field);
		struct tz_buf msg = TZ_BUF_INIT;
		const char *want = cases[i].value == bad ? bad_msg : cases[i].want;
		int rc;

		if (!f) {
			ok(0, "field %s exists", cases[i].field);
			continue;
		}
		rc = tz_fdef_check_value(f, cases[i].value, &msg);
		if (!want) {
			ok(rc == 0, "%s: \"%s\" is valid", cases[i].field, cases[i].value);
			if (rc)
				printf("#   message: %s\n", tz_buf_cstr(&msg));
		} else {
			ok(rc == -1, "%s: \"%s\" is invalid", cases[i].field, cases[i].value);
			is_str(tz_buf_cstr(&msg), want, "%s: \"%s\": message", cases[i].field, cases[i].value);
		}
		tz_buf_release(&msg);
	}
	unload(&l);
}

static void test_schema__numbers_and_dates(void)
{
	static const char *const numbers[] = { "0", "-1", "+1", "12.5", "007", "1200.000", NULL };
	static const char *const not_numbers[] = { "", "-", "+", "1.", ".1", "1e3", "1,5", " 1", "1 ", "--1", "0x1", "١", NULL };

	for (size_t i = 0; numbers[i]; i++)
		ok(tz_is_number(numbers[i]), "\"%s\" is a number", numbers[i]);
	for (size_t i = 0; not_numbers[i]; i++)
		ok(!tz_is_number(not_numbers[i]), "\"%s\" is not a number", not_numbers[i]);
	ok(tz_is_date("2028-02-29") && !tz_is_date("2026-02-29"), "tz_is_date knows leap years");
	ok(!tz_is_date(""), "\"\" is not a date");
}

static void test_schema__regex_on_characters(void)
{
	regex_t re;
	struct tz_buf err = TZ_BUF_INIT;
	int rc;

	setlocale(LC_ALL, "C.UTF-8");
	rc = tz_ere_compile(&re, "..", &err);
	ok(rc == 0, "compile ..");
	ok(tz_ere_match(&re, "中文"), "'.' matches one CJK character, not one byte");
	ok(!tz_ere_match(&re, "中"), "one character is not two");
	regfree(&re);
	rc = tz_ere_compile(&re, "a|b", &err);
	ok(rc == 0, "compile a|b");
	ok(tz_ere_match(&re, "a") && !tz_ere_match(&re, "ab"), "alternation is anchored as a whole");
	regfree(&re);
	/* wrapping a pattern in ^( )$ must not let an unbalanced one escape
	 * the anchors: "[0-9]+)|(.*" would become ^([0-9]+)|(.*)$ */
	rc = tz_ere_compile(&re, "[0-9]+)|(.*", &err);
	ok(rc < 0, "a pattern with an unbalanced \")\" is bad, not unanchored");
	if (rc == 0) {
		ok(!tz_ere_match(&re, "12x"), "...and it does not match \"12x\"");
		regfree(&re);
	}
	tz_buf_clear(&err);
	rc = tz_ere_compile(&re, "(", &err);
	ok(rc < 0, "a bad pattern fails");
	is_str(tz_buf_cstr(&err), "Unmatched ( or \\(", "with regerror's message");
	tz_buf_release(&err);
}

int main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	test_schema__good_type_loads();
	test_schema__findings();
	test_schema__type_with_findings_still_added();
	test_schema__check_value();
	test_schema__numbers_and_dates();
	test_schema__regex_on_characters();
	return tap_done();
}
