/* expr.c - unit tests of the query language: parsing (precedence, values,
 * error columns), binding against a type, and three-valued evaluation. */
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include "buf.h"
#include "date.h"
#include "diag.h"
#include "eval.h"
#include "expr.h"
#include "record.h"
#include "schema.h"
#include "tap.h"

static const char unit_ini[] =
	"[type]\nname = unit\ndir = units\nid = [a-z]+\n"
	"[field.name]\ntype = text\n"
	"[field.kind]\ntype = enum\nvalues = bureau, park, town\n";

static const char issue_ini[] =
	"[type]\nname = issue\ndir = issues\nid = ISS-[0-9]{4}\n"
	"[field.title]\ntype = text\n"
	"[field.category]\ntype = text\n"
	"[field.status]\ntype = enum\nvalues = open, in_progress, resolved, closed\n"
	"labels = 待办, 办理中, 已办结, 已销号\n"
	"[field.unit]\ntype = ref\nto = unit\n"
	"[field.helping_units]\ntype = ref\nto = unit\nmultiple = yes\n"
	"[field.reported_on]\ntype = date\n"
	"[field.deadline]\ntype = date\n"
	"[field.resolved_on]\ntype = date\n"
	"[field.count]\ntype = int\n"
	"[field.amount]\ntype = decimal\n"
	"[field.urgent]\ntype = bool\n"
	"[field.subject_type]\ntype = enum\nvalues = unit, other\nlabels = 单位, 其他\n"
	"[part.log]\nkey = [0-9]{3}\n"
	"[part.log.field.action]\ntype = enum\nvalues = assign, urge, resolve\n"
	"[part.log.field.date]\ntype = date\n";

static struct tz_schema *schema;
static struct tz_type *issue;

static void load_schema(void)
{
	struct tz_diag_list d = TZ_DIAG_LIST_INIT;

	schema = tz_schema_new();
	tz_schema_add_file(schema, "schema/unit.ini", unit_ini, strlen(unit_ini), &d);
	tz_schema_add_file(schema, "schema/issue.ini", issue_ini, strlen(issue_ini), &d);
	tz_schema_finish(schema, &d);
	is_int(d.n, 0, "the test schema loads");
	for (size_t i = 0; i < d.n; i++)
		printf("#   %s:%d: %s\n", d.v[i].path, d.v[i].line, d.v[i].msg);
	tz_diag_list_release(&d);
	issue = tz_schema_type(schema, "issue");
}

static void dump_operand(struct tz_buf *b, const struct tz_operand *o)
{
	switch (o->kind) {
	case TZ_OPD_TEXT:
		if (o->quoted)
			tz_buf_printf(b, "\"%s\"", o->text);
		else
			tz_buf_puts(b, o->text);
		break;
	case TZ_OPD_FIELD:
		tz_buf_printf(b, "@%s", o->path.text);
		break;
	case TZ_OPD_TODAY:
		tz_buf_printf(b, "today%+ld%s", o->today_offset, o->workdays ? "w" : "");
		break;
	}
}

/* The tree as an s-expression: (or (and (a = 1) (b = 2)) (not (c in x y))). */
static void dump(struct tz_buf *b, const struct tz_expr *e)
{
	switch (e->kind) {
	case TZ_E_AND:
	case TZ_E_OR:
		tz_buf_puts(b, e->kind == TZ_E_AND ? "(and " : "(or ");
		dump(b, e->a);
		tz_buf_putc(b, ' ');
		dump(b, e->b);
		tz_buf_putc(b, ')');
		return;
	case TZ_E_NOT:
		tz_buf_puts(b, "(not ");
		dump(b, e->a);
		tz_buf_putc(b, ')');
		return;
	case TZ_E_CMP:
		if (e->lhs.func) {
			tz_buf_puts(b, "(workdays(");
			dump_operand(b, &e->lhs.args[0]);
			tz_buf_puts(b, ", ");
			dump_operand(b, &e->lhs.args[1]);
			tz_buf_printf(b, ") %s ", tz_cmp_op_name(e->op));
			dump_operand(b, &e->vals[0]);
			tz_buf_putc(b, ')');
			return;
		}
		tz_buf_printf(b, "(%s %s ", e->lhs.text, tz_cmp_op_name(e->op));
		dump_operand(b, &e->vals[0]);
		tz_buf_putc(b, ')');
		return;
	case TZ_E_IN:
		tz_buf_printf(b, "(%s in", e->lhs.text);
		for (size_t i = 0; i < e->nvals; i++) {
			tz_buf_putc(b, ' ');
			dump_operand(b, &e->vals[i]);
		}
		tz_buf_putc(b, ')');
		return;
	case TZ_E_EMPTY:
		tz_buf_printf(b, "(%s is empty)", e->lhs.text);
		return;
	case TZ_E_NOTEMPTY:
		tz_buf_printf(b, "(%s is not empty)", e->lhs.text);
		return;
	case TZ_E_PART:
		tz_buf_printf(b, "(%s: ", e->lhs.text);
		dump(b, e->a);
		tz_buf_putc(b, ')');
		return;
	}
}

/* Parse (and, when bind, bind to issue) src; the tree or "COL: MSG". */
static char *try(const char *src, int bind, int follow_refs)
{
	struct tz_expr *e = NULL;
	struct tz_expr_error err;
	struct tz_buf b = TZ_BUF_INIT;

	memset(&err, 0, sizeof(err));
	if (tz_expr_parse(&e, src, &err) < 0) {
		if (e)
			tz_buf_puts(&b, "(tree left set after an error) ");
		tz_buf_printf(&b, "%d: %s", err.col, err.msg);
	} else if (bind && tz_expr_bind(e, issue, follow_refs, &err) < 0) {
		tz_buf_printf(&b, "%d: %s", err.col, err.msg);
	} else {
		dump(&b, e);
	}
	tz_expr_free(e);
	return tz_buf_detach(&b);
}

struct expr_case {
	const char *src, *want;
};

static void check_cases(const struct expr_case *c, size_t n, int bind, int follow_refs, const char *what)
{
	for (size_t i = 0; i < n; i++) {
		char *got = try(c[i].src, bind, follow_refs);
		char *shown = tz_strdup(c[i].src);
		for (char *p = shown; *p; p++)
			if ((unsigned char)*p < ' ')
				*p = '?';	/* keep TAP lines whole */
		is_str(got, c[i].want, "%s: %s", what, shown);
		free(shown);
		free(got);
	}
}

static void test_expr__parse(void)
{
	static const struct expr_case cases[] = {
		{ "status = open", "(status = open)" },
		{ "a = 1 or b = 2 and c = 3", "(or (a = 1) (and (b = 2) (c = 3)))" },
		{ "a = 1 and b = 2 or c = 3", "(or (and (a = 1) (b = 2)) (c = 3))" },
		{ "not a = 1 and b = 2", "(and (not (a = 1)) (b = 2))" },
		{ "not a = 1 or not b = 2", "(or (not (a = 1)) (not (b = 2)))" },
		{ "not not a = 1", "(not (not (a = 1)))" },
		{ "a = 1 and b = 2 and c = 3", "(and (and (a = 1) (b = 2)) (c = 3))" },
		{ "(a = 1 or b = 2) and c = 3", "(and (or (a = 1) (b = 2)) (c = 3))" },
		{ "not (a = 1 or b = 2)", "(not (or (a = 1) (b = 2)))" },
		{ "((a = 1))", "(a = 1)" },
		{ "a != 1", "(a != 1)" },
		{ "a < 1 and b <= 2 and c > 3 and d >= 4", "(and (and (and (a < 1) (b <= 2)) (c > 3)) (d >= 4))" },
		{ "description ~ 征地", "(description ~ 征地)" },
		{ "a=1", "(a = 1)" },
		{ "a>=b", "(a >= b)" },
		{ "status in (open, in_progress)", "(status in open in_progress)" },
		{ "status in(open,in_progress , resolved)", "(status in open in_progress resolved)" },
		{ "status in (open)", "(status in open)" },
		{ "resolved_on is empty", "(resolved_on is empty)" },
		{ "resolved_on is not empty", "(resolved_on is not empty)" },
		{ "title = \"a and b\"", "(title = \"a and b\")" },
		{ "title = 'it''s'", "13: unexpected \"s\"" },
		{ "title = \"say \\\"hi\\\"\"", "(title = \"say \"hi\"\")" },
		{ "title = \"\"", "(title = \"\")" },
		{ "title = \"status\"", "(title = \"status\")" },
		{ "deadline < today", "(deadline < today+0)" },
		{ "deadline <= today+7", "(deadline <= today+7)" },
		{ "deadline >= today-3", "(deadline >= today-3)" },
		{ "title = todayx", "(title = todayx)" },
		{ "title = today+", "(title = today+)" },
		{ "title = \"today\"", "(title = \"today\")" },
		{ "category = 用地 or category = 融资", "(or (category = 用地) (category = 融资))" },
		{ "category=用地", "(category = 用地)" },
		{ "unit.name = 环保局", "(unit.name = 环保局)" },
		{ "log.action = urge", "(log.action = urge)" },
		{ "  a = 1  ", "(a = 1)" },
		{ "a = 1\tand\nb = 2\r\n", "(and (a = 1) (b = 2))" },
		{ "amount >= -1.5", "(amount >= -1.5)" },
	};
	check_cases(cases, sizeof(cases) / sizeof(*cases), 0, 0, "parse");
}

static void test_expr__parse_errors(void)
{
	static const struct expr_case cases[] = {
		{ "", "1: expected a field name at the end" },
		{ "   ", "4: expected a field name at the end" },
		{ "(status = open", "1: unclosed \"(\"" },
		{ "a = 1 and (b = 2 or (c = 3)", "11: unclosed \"(\"" },
		{ "(a = 1 b", "8: expected \")\"" },
		{ "a = 1)", "6: unexpected \")\"" },
		{ "status =", "9: expected a value at the end" },
		{ "status = and", "10: expected a value" },
		{ "status = (open)", "10: expected a value" },
		{ "status == open", "9: expected a value" },
		{ "status ! open", "8: unknown operator \"!\"" },
		{ "status =! open", "9: unknown operator \"!\"" },
		{ "status open", "8: expected an operator (= != < <= > >= ~ in, is empty) after \"status\"" },
		{ "status", "7: expected an operator (= != < <= > >= ~ in, is empty) after \"status\"" },
		{ "status = open extra", "15: unexpected \"extra\"" },
		{ "status = open and", "18: expected a field name at the end" },
		{ "status = open or or", "18: expected a field name" },
		{ "and = 1", "1: expected a field name" },
		{ "= 1", "1: expected a field name" },
		{ "title = \"abc", "9: unterminated string" },
		{ "status in open", "11: expected \"(\" after \"in\"" },
		{ "status in (open", "16: expected \",\" or \")\" in the list" },
		{ "status in (open,)", "17: expected a value" },
		/* the lexer fails after an item was taken over: nothing may leak */
		{ "status in (open \"x", "17: unterminated string" },
		{ "status in (open, in5\x06)", "21: control character in expression" },
		{ "(a = 1)\x01", "8: control character in expression" },
		{ "a = 1 or (b = 2) \"", "18: unterminated string" },
		{ "status in ()", "12: expected a value" },
		{ "status is nothing", "11: expected \"empty\" after \"is\"" },
		{ "status is not", "14: expected \"empty\" after \"is\"" },
		{ "状态 = 待办 and (", "14: expected a field name at the end" },
		{ "状态 = 待办 状态", "9: unexpected \"状态\"" },
		{ "a = 1 \x01", "7: control character in expression" },
		{ "a = \xff", "1: expression is not valid UTF-8" },
		{ "not", "4: expected a field name at the end" },
	};
	check_cases(cases, sizeof(cases) / sizeof(*cases), 0, 0, "parse error");
}

/* Whatever a query or a schema holds, no walk of the tree may run out of
 * stack: nesting and length are limited at parse time. */
static void test_expr__limits(void)
{
	struct tz_buf src = TZ_BUF_INIT;
	struct tz_expr_error err;
	struct tz_expr *e = NULL;
	int rc;

	for (int i = 0; i < 64; i++)
		tz_buf_putc(&src, '(');
	tz_buf_puts(&src, "a = 1");
	for (int i = 0; i < 64; i++)
		tz_buf_putc(&src, ')');
	rc = tz_expr_parse(&e, src.ptr, &err);
	is_int(rc, 0, "64 levels of parentheses parse");
	tz_expr_free(e);

	tz_buf_clear(&src);
	for (int i = 0; i < 100000; i++)
		tz_buf_putc(&src, '(');
	tz_buf_puts(&src, "a = 1");
	rc = tz_expr_parse(&e, src.ptr, &err);
	is_int(rc, -1, "100000 levels are refused, not a stack overflow");
	is_str(err.msg, "expression nested too deeply (more than 64 levels)", "...with a message");
	is_int(err.col, 65, "...at the 65th parenthesis");

	tz_buf_clear(&src);
	for (int i = 0; i < 100000; i++)
		tz_buf_puts(&src, "not ");
	tz_buf_puts(&src, "a = 1");
	rc = tz_expr_parse(&e, src.ptr, &err);
	is_int(rc, -1, "100000 nots are refused too");

	tz_buf_clear(&src);
	for (int i = 0; i < 5000; i++)
		tz_buf_printf(&src, "%sa = %d", i ? " or " : "", i);
	rc = tz_expr_parse(&e, src.ptr, &err);
	is_int(rc, -1, "5000 comparisons are refused");
	is_str(err.msg, "expression too long (more than 1000 operators and comparisons)", "...with a message");
	tz_buf_release(&src);
}

static void test_expr__bind(void)
{
	static const struct expr_case cases[] = {
		{ "status = open", "(status = open)" },
		{ "stauts = open", "1: unknown field \"stauts\" (did you mean \"status\"?)" },
		{ "status = open and nothing_like_it = 1", "19: unknown field \"nothing_like_it\"" },
		{ "status = opne", "10: \"opne\" is not a value of status (did you mean \"open\"?)" },
		{ "status = 完成", "10: \"完成\" is not a value of status" },
		{ "status = 待办", "(status = open)" },
		{ "status in (open, 已办结)", "(status in open resolved)" },
		{ "status in (open, clsoed)", "18: \"clsoed\" is not a value of status (did you mean \"closed\"?)" },
		{ "status != \"closed\"", "(status != \"closed\")" },
		{ "deadline < 2026-07-01", "(deadline < 2026-07-01)" },
		{ "deadline < 2026-13-01", "12: \"2026-13-01\" is not a date (YYYY-MM-DD or today±N), and deadline is a date" },
		{ "deadline < 2026-02-29", "12: \"2026-02-29\" is not a date (YYYY-MM-DD or today±N), and deadline is a date" },
		{ "deadline < 2028-02-29", "(deadline < 2028-02-29)" },
		{ "deadline <= today+7", "(deadline <= today+7)" },
		{ "deadline >= reported_on", "(deadline >= @reported_on)" },
		{ "deadline >= \"reported_on\"", "13: \"reported_on\" is not a date (YYYY-MM-DD or today±N), and deadline is a date" },
		{ "title = today", "9: \"today\" is a date, but title is not a date field" },
		{ "title = category", "(title = @category)" },
		{ "title = \"category\"", "(title = \"category\")" },
		{ "title ~ 征地", "(title ~ 征地)" },
		{ "count > abc", "9: \"abc\" is not a number, and count is a number" },
		{ "count > 10", "(count > 10)" },
		{ "amount <= 950.5", "(amount <= 950.5)" },
		{ "urgent = maybe", "10: \"maybe\" is not yes or no, and urgent is yes or no" },
		{ "urgent = yes", "(urgent = yes)" },
		{ "resolved_on is empty", "(resolved_on is empty)" },
		{ "log.action = urge", "(log.action = urge)" },
		{ "subject_type = unit", "(subject_type = unit)" },
		{ "subject_type = 单位", "(subject_type = unit)" },
		{ "subject_type = \"unit\"", "(subject_type = \"unit\")" },
		{ "subject_type in (unit, other)", "(subject_type in unit other)" },
		{ "subject_type = title", "(subject_type = @title)" },
		{ "subject_type = deadline", "16: \"deadline\" is ambiguous: it names the field deadline (date), which cannot be compared with subject_type (enum); for the text write \"deadline\" in quotes, as in subject_type = \"deadline\"" },
		{ "status = unit", "10: \"unit\" is ambiguous: it names the field unit (ref), which cannot be compared with status (enum); for the text write \"unit\" in quotes, as in status = \"unit\"" },
		{ "log(action = urge and date >= 2026-06-20)", "(log: (and (action = urge) (date >= 2026-06-20)))" },
		{ "not log(action = urge) and log.date < today", "(and (not (log: (action = urge))) (log.date < today+0))" },
		{ "log(action = urge and unit = gtj)", "23: unknown field \"unit\"" },
		{ "log(log.action = urge)", "5: inside log(...) name the entry's own fields, as in log(action = ...)" },
		{ "logs(action = urge)", "1: \"logs(\": issue has no part \"logs\" (did you mean \"log\"?)" },
		{ "log(action = urge", "1: unclosed \"log(\"" },
		{ "log(date >= reported_on)", "13: \"reported_on\" is not a date (YYYY-MM-DD or today±N), and date is a date" },
		{ "workdays(reported_on, deadline) > 5", "(workdays(@reported_on, @deadline) > 5)" },
		{ "workdays(deadline, today) >= 1 and deadline < today+5w", "(and (workdays(@deadline, today+0) >= 1) (deadline < today+5w))" },
		{ "workdays(title, today) > 1", "10: workdays(a, b) counts between dates, and title is not a date field" },
		{ "workdays(reported_on, 2026-13-01) > 1", "23: \"2026-13-01\" is not a date (YYYY-MM-DD or today±N), and workdays is a date" },
		{ "workdays(reported_on deadline) > 1", "22: expected \",\" after the first date of workdays(a, b)" },
		{ "workdays(reported_on, today) > today", "32: \"today\" is a date, but workdays is not a date field" },
		{ "log.action = urges", "14: \"urges\" is not a value of action (did you mean \"urge\"?)" },
		/* urgent is a field of issue: a bare word naming a field is that field */
		{ "log.action = urgent", "14: a field can be compared with another field only on the record itself" },
		{ "log.action = \"urgent\"", "14: \"urgent\" is not a value of action (did you mean \"urge\"?)" },
		{ "log.actoin = urge", "5: unknown field \"actoin\" (did you mean \"action\"?)" },
		{ "log = urge", "1: \"log\" is a part: name one of its fields, as in log.action" },
		{ "log.date < today-30", "(log.date < today-30)" },
		{ "title.x = 1", "1: \"title\" is not a reference, so \"title.x\" cannot be followed" },
		{ "unit.name = 环保局", "1: \"unit.name\": following a reference is not allowed here" },
		{ "uint.name = 环保局", "1: unknown field \"uint\" (did you mean \"unit\"?)" },
	};
	static const struct expr_case follow[] = {
		{ "unit.name = 环保局", "(unit.name = 环保局)" },
		{ "unit.nmae = 环保局", "6: unknown field \"nmae\" (did you mean \"name\"?)" },
		{ "unit.kind = park", "(unit.kind = park)" },
		{ "unit.kind = prak", "13: \"prak\" is not a value of kind (did you mean \"park\"?)" },
		{ "helping_units.name = 环保局", "(helping_units.name = 环保局)" },
		{ "unit.name.x = 1", "1: \"unit.name.x\": only one reference can be followed" },
	};
	check_cases(cases, sizeof(cases) / sizeof(*cases), 1, 0, "bind");
	check_cases(follow, sizeof(follow) / sizeof(*follow), 1, 1, "bind following refs");
}

/* --- evaluation --- */

static struct tz_record *unit_records[2];

static const struct tz_section *lookup(void *payload, const struct tz_type *t, const char *id)
{
	(void)payload;
	if (strcmp(t->name, "unit"))
		return NULL;
	if (!strcmp(id, "gtj"))
		return &unit_records[0]->sections[0];
	if (!strcmp(id, "hbj"))
		return &unit_records[1]->sections[0];
	return NULL;
}

static enum tz_truth eval(const char *src, const char *record, int follow_refs)
{
	struct tz_diag_list d = TZ_DIAG_LIST_INIT;
	struct tz_record *r = tz_record_parse("records/issues/ISS-0001.ini", record, strlen(record), &d);
	struct tz_eval_ctx ctx = { issue, r, 0, lookup, NULL, NULL, NULL };
	struct tz_expr_error err;
	struct tz_expr *e;
	enum tz_truth t = (enum tz_truth)99;

	tz_date_parse("2026-06-30", &ctx.today);
	if (d.n)
		printf("# record has findings: %s\n", d.v[0].msg);
	if (tz_expr_parse(&e, src, &err) < 0 || tz_expr_bind(e, issue, follow_refs, &err) < 0)
		printf("# %s: %d: %s\n", src, err.col, err.msg);
	else
		t = tz_expr_eval(e, &ctx);
	tz_expr_free(e);
	tz_record_free(r);
	tz_diag_list_release(&d);
	return t;
}

static const char *truth_name(int t)
{
	return t == TZ_TRUE ? "true" : t == TZ_FALSE ? "false" : t == TZ_UNKNOWN ? "unknown" : "(no result)";
}

struct eval_case {
	const char *src;
	enum tz_truth want;
};

static const char rec_full[] =
	"[issue]\n"
	"title = 蓝思新材料项目一期剩余200亩用地未落实\n"
	"category = 用地\n"
	"status = in_progress\n"
	"unit = gtj\n"
	"helping_units = hbj, gtj\n"
	"reported_on = 2026-05-31\n"
	"deadline = 2026-06-29\n"
	"resolved_on =\n"
	"count = 10\n"
	"amount = 950.5\n"
	"urgent = no\n"
	"\n"
	"[log.001]\ndate = 2026-05-31\naction = assign\n"
	"[log.002]\ndate = 2026-06-20\naction = urge\n"
	"[log.003]\ndate = 2026-06-25\n";

static const char rec_bare[] =
	"[issue]\ntitle = 只有标题\n";

static const char rec_bad_values[] =
	"[issue]\ntitle = x\ncount = abc\ndeadline = 2026-02-30\nreported_on = 2026-05-31\n";

static void check_eval(const struct eval_case *c, size_t n, const char *rec, const char *what, int follow_refs)
{
	for (size_t i = 0; i < n; i++) {
		enum tz_truth got = eval(c[i].src, rec, follow_refs);
		ok(got == c[i].want, "%s: %s is %s", what, c[i].src, truth_name(c[i].want));
		if (got != c[i].want)
			printf("#   got: %s\n", truth_name(got));
	}
}

static void test_expr__eval(void)
{
	static const struct eval_case full[] = {
		{ "status = in_progress", TZ_TRUE },
		{ "status = open", TZ_FALSE },
		{ "status != open", TZ_TRUE },
		{ "status in (open, in_progress)", TZ_TRUE },
		{ "status in (open, closed)", TZ_FALSE },
		{ "not status = open", TZ_TRUE },
		{ "deadline < today", TZ_TRUE },
		{ "deadline <= today-1", TZ_TRUE },
		{ "deadline < today-1", TZ_FALSE },
		{ "deadline > today-2", TZ_TRUE },
		{ "deadline <= today+7", TZ_TRUE },
		{ "deadline >= reported_on", TZ_TRUE },
		{ "reported_on > deadline", TZ_FALSE },
		{ "deadline = 2026-06-29", TZ_TRUE },
		{ "count > 9", TZ_TRUE },
		{ "count > 9.5", TZ_TRUE },
		{ "count < 9", TZ_FALSE },
		{ "count = 10.0", TZ_TRUE },
		{ "amount < 1000", TZ_TRUE },
		{ "amount >= 950.50", TZ_TRUE },
		{ "title ~ 200亩用地", TZ_TRUE },
		{ "title ~ 融资", TZ_FALSE },
		{ "category = 用地 or category = 融资", TZ_TRUE },
		{ "category = \"用地\"", TZ_TRUE },
		{ "urgent = no", TZ_TRUE },
		{ "resolved_on is empty", TZ_TRUE },
		{ "resolved_on is not empty", TZ_FALSE },
		{ "deadline is not empty", TZ_TRUE },
		{ "helping_units = hbj", TZ_TRUE },
		{ "helping_units = gtj", TZ_TRUE },
		{ "helping_units = fgw", TZ_FALSE },
		{ "helping_units in (fgw, hbj)", TZ_TRUE },
		{ "log.action = urge", TZ_TRUE },
		{ "log.action = assign", TZ_TRUE },
		{ "log.action = resolve", TZ_FALSE },
		{ "log.action != assign", TZ_TRUE },
		{ "not log.action = resolve", TZ_TRUE },
		{ "log.date >= 2026-06-25", TZ_TRUE },
		{ "log.date > 2026-06-25", TZ_FALSE },
		{ "status = in_progress and deadline < today", TZ_TRUE },
		{ "status = open and deadline < today", TZ_FALSE },
		{ "status = open or log.action = urge", TZ_TRUE },
	};
	static const struct eval_case bare[] = {
		{ "status = open", TZ_UNKNOWN },
		{ "status != open", TZ_UNKNOWN },
		{ "not status = open", TZ_UNKNOWN },
		{ "status in (open, closed)", TZ_UNKNOWN },
		{ "deadline < today", TZ_UNKNOWN },
		{ "deadline >= reported_on", TZ_UNKNOWN },
		{ "title = 只有标题 and status = open", TZ_UNKNOWN },
		{ "title = 别的 and status = open", TZ_FALSE },
		{ "status = open and title = 别的", TZ_FALSE },
		{ "title = 只有标题 or status = open", TZ_TRUE },
		{ "status = open or title = 只有标题", TZ_TRUE },
		{ "status = open or title = 别的", TZ_UNKNOWN },
		{ "not (status = open or title = 别的)", TZ_UNKNOWN },
		{ "status is empty", TZ_TRUE },
		{ "status is not empty", TZ_FALSE },
		{ "title ~ 标题", TZ_TRUE },
		{ "helping_units = hbj", TZ_UNKNOWN },
	};
	static const struct eval_case bad[] = {
		{ "count > 5", TZ_UNKNOWN },
		{ "deadline < today", TZ_UNKNOWN },
		{ "deadline >= reported_on", TZ_UNKNOWN },
		{ "count is not empty", TZ_TRUE },
	};
	static const struct eval_case refs[] = {
		{ "unit.name = 国土局", TZ_TRUE },
		{ "unit.name = 环保局", TZ_FALSE },
		{ "unit.kind = bureau", TZ_TRUE },
		{ "helping_units.name = 环保局", TZ_TRUE },
		{ "helping_units.kind = park", TZ_FALSE },
	};

	check_eval(full, sizeof(full) / sizeof(*full), rec_full, "full record", 0);
	check_eval(bare, sizeof(bare) / sizeof(*bare), rec_bare, "absent fields", 0);
	check_eval(bad, sizeof(bad) / sizeof(*bad), rec_bad_values, "values the type does not accept", 0);
	check_eval(refs, sizeof(refs) / sizeof(*refs), rec_full, "following refs", 1);
	ok(eval("unit.name = 国土局", "[issue]\nunit = nobody\n", 1) == TZ_UNKNOWN,
	   "a dangling ref makes the comparison unknown");
}

static void test_expr__compare(void)
{
	const struct tz_fdef *count = tz_type_field(issue, "count");
	const struct tz_fdef *deadline = tz_type_field(issue, "deadline");
	const struct tz_fdef *title = tz_type_field(issue, "title");

	ok(tz_value_compare(count, "10", "9") > 0, "numbers compare as numbers");
	ok(tz_value_compare(count, "-1", "+1") < 0, "signs");
	is_int(tz_value_compare(count, "1.50", "1.5"), 0, "1.50 equals 1.5");
	is_int(tz_value_compare(count, "x", "1"), TZ_CMP_UNKNOWN, "a non-number is unknown");
	ok(tz_value_compare(deadline, "2026-06-30", "2026-07-01") < 0, "dates");
	is_int(tz_value_compare(deadline, "2026-02-30", "2026-07-01"), TZ_CMP_UNKNOWN, "a non-date is unknown");
	ok(tz_value_compare(title, "10", "9") < 0, "text compares as bytes");
	ok(tz_cmp_holds(TZ_LE, 0) && tz_cmp_holds(TZ_NE, -1) && !tz_cmp_holds(TZ_GT, 0), "tz_cmp_holds");
	is_str(tz_cmp_op_name(TZ_CONTAINS), "~", "tz_cmp_op_name");
}

int main(void)
{
	static const char gtj[] = "[unit]\nname = 国土局\nkind = bureau\n";
	static const char hbj[] = "[unit]\nname = 环保局\nkind = town\n";
	struct tz_diag_list d = TZ_DIAG_LIST_INIT;

	setlocale(LC_ALL, "C.UTF-8");
	load_schema();
	if (!issue)
		return tap_done();
	unit_records[0] = tz_record_parse("records/units/gtj.ini", gtj, strlen(gtj), &d);
	unit_records[1] = tz_record_parse("records/units/hbj.ini", hbj, strlen(hbj), &d);
	test_expr__parse();
	test_expr__parse_errors();
	test_expr__limits();
	test_expr__bind();
	test_expr__eval();
	test_expr__compare();
	tz_record_free(unit_records[0]);
	tz_record_free(unit_records[1]);
	tz_diag_list_release(&d);
	tz_schema_free(schema);
	return tap_done();
}
