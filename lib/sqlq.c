/* sqlq.c - compiling bound expressions and query options to SQL over the
 * index. Values only ever reach SQLite as bound parameters. */
#include <stdlib.h>
#include <string.h>
#include "calendar.h"
#include "date.h"
#include "eval.h"
#include "sqlname.h"
#include "sqlq.h"
#include "text.h"
#include "i18n.h"

/*
 * Three-valued logic without SQL's NULL pitfalls: every node is compiled
 * for one question, "is it TRUE?" or "is it FALSE?", each a plain boolean.
 * NOT swaps the question, AND and OR follow De Morgan, and only the leaves
 * look at values. WHERE asks "is the root TRUE?".
 *
 * Values in the index (index.h): a number the type cannot compare is a
 * BLOB, and a BLOB sorts above every number and text, so a comparison that
 * a BLOB would pass (!=, >, >=) carries a guard that it is not one.
 */

enum class { C_TEXT, C_NUM, C_DATE };

static enum class class_of(const struct tz_fdef *f)
{
	return f->type == TZ_INT || f->type == TZ_DECIMAL ? C_NUM : f->type == TZ_DATE ? C_DATE : C_TEXT;
}

void tz_sqlq_release(struct tz_sqlq *q)
{
	for (size_t i = 0; i < q->nparams; i++)
		free(q->params[i].text);
	free(q->params);
	tz_buf_release(&q->sql);
	memset(q, 0, sizeof(*q));
}

static struct tz_sqlq_param *param(struct tz_sqlq *q, enum tz_sqlq_kind kind)
{
	struct tz_sqlq_param *p;

	TZ_ALLOC_GROW(q->params, q->nparams + 1, q->alloc);
	p = &q->params[q->nparams++];
	memset(p, 0, sizeof(*p));
	p->kind = kind;
	tz_buf_printf(&q->sql, "?%zu", q->nparams);
	return p;
}

void tz_sqlq_text(struct tz_sqlq *q, const char *s)
{
	param(q, TZ_SQLQ_TEXT)->text = tz_strdup(s);
}

void tz_sqlq_number(struct tz_sqlq *q, double x)
{
	param(q, TZ_SQLQ_NUMBER)->num = x;
}

void tz_sqlq_int(struct tz_sqlq *q, long long x)
{
	param(q, TZ_SQLQ_INT)->i = x;
}

int tz_sqlq_bind(const struct tz_sqlq *q, sqlite3_stmt *st)
{
	for (size_t i = 0; i < q->nparams; i++) {
		const struct tz_sqlq_param *p = &q->params[i];
		int col = (int)i + 1, rc;
		if (p->kind == TZ_SQLQ_TEXT)
			rc = sqlite3_bind_text(st, col, p->text, -1, SQLITE_STATIC);
		else if (p->kind == TZ_SQLQ_NUMBER)
			rc = sqlite3_bind_double(st, col, p->num);
		else
			rc = sqlite3_bind_int64(st, col, p->i);
		if (rc != SQLITE_OK)
			return rc;
	}
	return SQLITE_OK;
}

/* tz_num(x): x as eval.c compares numbers (NULL when it is not one);
 * tz_date(x): x when it is a date, else NULL. */
static void fn_num(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	int t = sqlite3_value_type(argv[0]);
	const char *s;

	if (t == SQLITE_INTEGER || t == SQLITE_FLOAT) {
		sqlite3_result_value(ctx, argv[0]);
		return;
	}
	s = t == SQLITE_NULL ? NULL : (const char *)sqlite3_value_text(argv[0]);
	if (s && tz_is_number(s))
		sqlite3_result_double(ctx, strtod(s, NULL));
	else
		sqlite3_result_null(ctx);
}

static void fn_date(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *s = sqlite3_value_type(argv[0]) == SQLITE_NULL ? NULL : (const char *)sqlite3_value_text(argv[0]);

	if (s && tz_is_date(s))
		sqlite3_result_text(ctx, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_result_null(ctx);
}

int tz_sqlq_register(sqlite3 *db)
{
	int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;

	if (sqlite3_create_function(db, "tz_num", 1, flags, NULL, fn_num, NULL, NULL) != SQLITE_OK ||
	    sqlite3_create_function(db, "tz_date", 1, flags, NULL, fn_date, NULL, NULL) != SQLITE_OK)
		return -1;
	return 0;
}

static void fn_workdays(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct tz_calendar *c = sqlite3_user_data(ctx);
	const char *a, *b;
	long da, db;

	if (sqlite3_value_type(argv[0]) == SQLITE_NULL || sqlite3_value_type(argv[1]) == SQLITE_NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	a = (const char *)sqlite3_value_text(argv[0]);
	b = (const char *)sqlite3_value_text(argv[1]);
	if (!a || !b || tz_date_parse(a, &da) < 0 || tz_date_parse(b, &db) < 0)
		sqlite3_result_null(ctx);
	else
		sqlite3_result_int64(ctx, tz_calendar_workdays(c, da, db));
}

int tz_sqlq_register_calendar(sqlite3 *db, struct tz_calendar *c)
{
	return sqlite3_create_function(db, "tz_workdays", 2, SQLITE_UTF8, c, fn_workdays, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

/* --- where a path's values are --- */

static void ident(struct tz_sqlq *q, const char *name)
{
	tz_sqlname_ident(&q->sql, name);
}

static void table(struct tz_sqlq *q, const struct tz_type *t, const char *sub, const char *sub2)
{
	tz_sqlname_table_ident(&q->sql, t, sub, sub2);
}

static int multi_valued(const struct tz_path *p)
{
	if (p->func || p->entry)
		return 0;
	return p->part || p->via || p->field->multiple;
}

/* The values of a multi-valued path are rows (k, v) of a FROM clause, k
 * matching the outer key of record t. */
struct source {
	int a;			/* aliases k<a> (keys), u<a> (target), f<a> (items) */
};

/* Append " FROM ... " for path p and remember how to name k and v. */
static void source_from(struct tz_sqlq *q, const struct tz_type *t, const struct tz_path *p, const struct source *s)
{
	int a = s->a;

	tz_buf_puts(&q->sql, " FROM ");
	if (p->part) {
		table(q, t, p->part->name, NULL);
		tz_buf_printf(&q->sql, " k%d", a);
		if (p->field->multiple) {
			tz_buf_puts(&q->sql, " JOIN ");
			table(q, t, p->part->name, p->field->name);
			tz_buf_printf(&q->sql, " f%d ON f%d._rec = k%d._rowid", a, a, a);
		}
		return;
	}
	if (p->via) {
		if (p->via->multiple) {
			table(q, t, p->via->name, NULL);
			tz_buf_printf(&q->sql, " k%d JOIN ", a);
			table(q, p->via->target, NULL, NULL);
			tz_buf_printf(&q->sql, " u%d ON u%d.id = k%d.value", a, a, a);
		} else {
			table(q, p->via->target, NULL, NULL);
			tz_buf_printf(&q->sql, " u%d", a);
		}
		if (p->field->multiple) {
			tz_buf_puts(&q->sql, " JOIN ");
			table(q, p->via->target, p->field->name, NULL);
			tz_buf_printf(&q->sql, " f%d ON f%d._rec = u%d._rowid", a, a, a);
		}
		return;
	}
	table(q, t, p->field->name, NULL);
	tz_buf_printf(&q->sql, " k%d", a);
}

/* The key column of the source: what the outer key is compared with. */
static void source_key(struct tz_sqlq *q, const struct tz_path *p, const struct source *s)
{
	if (p->via && !p->via->multiple)
		tz_buf_printf(&q->sql, "u%d.id", s->a);
	else
		tz_buf_printf(&q->sql, "k%d._rec", s->a);
}

/* Column f of table alias <c><a> ("t" when c is 't'): the typed value, or
 * (text) the value as written: a number that SQLite would write otherwise
 * ("12.50", "007") keeps its text in the row's _raw object (index.h). */
static void column(struct tz_sqlq *q, char c, int a, const struct tz_fdef *f, int text)
{
	char alias[16];

	if (c == 't')
		snprintf(alias, sizeof(alias), "t");
	else
		snprintf(alias, sizeof(alias), "%c%d", c, a);
	if (text && class_of(f) == C_NUM) {
		/* field names are [A-Za-z0-9_]: the path is no user value */
		tz_buf_printf(&q->sql, "coalesce(json_extract(%s._raw, '$.\"%s\"'), %s.", alias, f->name, alias);
		ident(q, f->name);
		tz_buf_putc(&q->sql, ')');
		return;
	}
	tz_buf_printf(&q->sql, "%s.", alias);
	ident(q, f->name);
}

static void source_value(struct tz_sqlq *q, const struct tz_path *p, const struct source *s, int text)
{
	if (p->field->multiple && (p->part || p->via)) {
		tz_buf_printf(&q->sql, "f%d.value", s->a);
	} else if (p->part) {
		column(q, 'k', s->a, p->field, text);
	} else if (p->via) {
		column(q, 'u', s->a, p->field, text);
	} else {
		tz_buf_printf(&q->sql, "k%d.value", s->a);
	}
}

/* The outer key: t._rowid, or the ref column for a single ref followed. */
static void outer_key(struct tz_sqlq *q, const struct tz_path *p)
{
	if (p->via && !p->via->multiple) {
		tz_buf_puts(&q->sql, "t.");
		ident(q, p->via->name);
	} else {
		tz_buf_puts(&q->sql, "t._rowid");
	}
}

/* "(SELECT key FROM ... WHERE <cond on v>)"; cond appends the condition
 * given the value expression, written by source_value. */
typedef void (*value_cond_fn)(struct tz_sqlq *q, const struct tz_path *p, const struct source *s, void *payload);

static void keys_where(struct tz_sqlq *q, const struct tz_type *t, const struct tz_path *p,
		       value_cond_fn cond, void *payload)
{
	struct source s = { ++q->alias };

	tz_buf_puts(&q->sql, "(SELECT ");
	source_key(q, p, &s);
	source_from(q, t, p, &s);
	tz_buf_puts(&q->sql, " WHERE ");
	cond(q, p, &s, payload);
	tz_buf_puts(&q->sql, ")");
}

static void cond_present(struct tz_sqlq *q, const struct tz_path *p, const struct source *s, void *payload)
{
	source_value(q, p, s, 0);
	tz_buf_puts(&q->sql, " IS NOT NULL");
}

/* --- leaves --- */

struct leaf {
	const struct tz_expr *e;
	const struct tz_type *t;
	long today;
	int want;		/* 1: is it TRUE? 0: is it FALSE? */
};

static const char *const op_sql[] = { "=", "<>", "<", "<=", ">", ">=" };

static enum tz_cmp_op negate(enum tz_cmp_op op)
{
	static const enum tz_cmp_op neg[] = { TZ_NE, TZ_EQ, TZ_GE, TZ_GT, TZ_LE, TZ_LT };
	return neg[op];
}

/* Whether a BLOB (a value its type cannot compare) would pass `op`. */
static int blob_passes(enum tz_cmp_op op)
{
	return op == TZ_NE || op == TZ_GT || op == TZ_GE;
}


/* The operand as an SQL expression, compared as class cls takes values. */
static void operand(struct tz_sqlq *q, const struct tz_type *t, const struct tz_operand *o,
		    enum class cls, int contains, long today)
{
	int as_text = contains || cls != C_NUM;

	if (o->kind == TZ_OPD_TODAY) {
		char date[16];
		tz_date_format(tz_operand_day(o, today, q->calendar), date);
		tz_sqlq_text(q, date);
		return;
	}
	if (o->kind == TZ_OPD_TEXT) {
		if (as_text)
			tz_sqlq_text(q, o->text);
		else
			tz_sqlq_number(q, strtod(o->text, NULL));
		return;
	}
	/* another field of the record: its first value, as eval.c takes it */
	as_text = contains || cls == C_TEXT;
	tz_buf_puts(&q->sql, as_text ? "CAST(" : cls == C_NUM ? "tz_num(" : "tz_date(");
	if (o->path.entry) {
		column(q, 'e', q->entry, o->path.field, as_text);
	} else if (o->path.field->multiple) {
		tz_buf_puts(&q->sql, "(SELECT value FROM ");
		table(q, t, o->path.field->name, NULL);
		tz_buf_puts(&q->sql, " WHERE _rec = t._rowid AND _ord = 0)");
	} else {
		column(q, 't', 0, o->path.field, as_text);
	}
	tz_buf_puts(&q->sql, as_text ? " AS TEXT)" : ")");
}

/* One value of the left side: a column of t, or a source's value. */
struct value {
	const struct tz_path *p;
	const struct source *s;	/* NULL: t's own column */
	const struct tz_type *t;	/* for workdays(a, b) */
	long today;
};

static void date_arg(struct tz_sqlq *q, const struct tz_type *t, const struct tz_operand *o, long today)
{
	if (o->kind == TZ_OPD_FIELD) {
		tz_buf_puts(&q->sql, "tz_date(");
		column(q, o->path.entry ? 'e' : 't', q->entry, o->path.field, 0);
		tz_buf_putc(&q->sql, ')');
	} else {
		operand(q, t, o, C_DATE, 0, today);
	}
}

static void value(struct tz_sqlq *q, const struct value *v, int text)
{
	if (v->s) {
		source_value(q, v->p, v->s, text);
	} else if (v->p->func == TZ_FN_WORKDAYS) {
		tz_buf_puts(&q->sql, "tz_workdays(");
		date_arg(q, v->t, &v->p->args[0], v->today);
		tz_buf_puts(&q->sql, ", ");
		date_arg(q, v->t, &v->p->args[1], v->today);
		tz_buf_putc(&q->sql, ')');
	} else {
		column(q, v->p->entry ? 'e' : 't', q->entry, v->p->field, text);
	}
}

static void not_blob(struct tz_sqlq *q, const struct value *v)
{
	tz_buf_puts(&q->sql, " AND typeof(");
	value(q, v, 0);
	tz_buf_puts(&q->sql, ") <> 'blob'");
}

/* Whether comparing value v with leaf l's operands is TRUE (want) or FALSE
 * (!want): IN is true when some operand is equal, false when all differ. */
static void pair(struct tz_sqlq *q, const struct leaf *l, const struct value *v, int want)
{
	const struct tz_expr *e = l->e;
	enum class cls = class_of(e->lhs.field);
	int contains = e->kind == TZ_E_CMP && e->op == TZ_CONTAINS;
	enum tz_cmp_op op = e->kind == TZ_E_IN ? TZ_EQ : e->op;
	int literals = 1;

	for (size_t k = 0; k < e->nvals; k++)
		literals &= e->vals[k].kind != TZ_OPD_FIELD;
	tz_buf_putc(&q->sql, '(');
	if (e->kind == TZ_E_IN && literals) {
		value(q, v, 0);
		tz_buf_puts(&q->sql, want ? " IN (" : " NOT IN (");
		for (size_t k = 0; k < e->nvals; k++) {
			if (k)
				tz_buf_puts(&q->sql, ", ");
			operand(q, l->t, &e->vals[k], cls, 0, l->today);
		}
		tz_buf_putc(&q->sql, ')');
		if (!want && cls != C_TEXT)
			not_blob(q, v);
		tz_buf_putc(&q->sql, ')');
		return;
	}
	for (size_t k = 0; k < e->nvals; k++) {
		if (k)
			tz_buf_puts(&q->sql, want ? " OR " : " AND ");
		tz_buf_putc(&q->sql, '(');
		if (contains) {
			tz_buf_puts(&q->sql, "instr(");
			value(q, v, 1);
			tz_buf_puts(&q->sql, ", ");
			operand(q, l->t, &e->vals[k], cls, 1, l->today);
			tz_buf_puts(&q->sql, want ? ") > 0" : ") = 0");
		} else {
			enum tz_cmp_op o = want ? op : negate(op);
			value(q, v, 0);
			tz_buf_printf(&q->sql, " %s ", op_sql[o]);
			operand(q, l->t, &e->vals[k], cls, 0, l->today);
			if (cls != C_TEXT && blob_passes(o))
				not_blob(q, v);
		}
		tz_buf_putc(&q->sql, ')');
	}
	tz_buf_putc(&q->sql, ')');
}

static void cond_true(struct tz_sqlq *q, const struct tz_path *p, const struct source *s, void *payload)
{
	const struct leaf *l = payload;
	struct value v = { p, s, l->t, l->today };
	pair(q, payload, &v, 1);
}

/* A value that is present and not FALSE (TRUE or unknown). */
static void cond_not_false(struct tz_sqlq *q, const struct tz_path *p, const struct source *s, void *payload)
{
	const struct leaf *l = payload;
	struct value v = { p, s, l->t, l->today };

	cond_present(q, p, s, NULL);
	tz_buf_puts(&q->sql, " AND NOT coalesce(");
	pair(q, payload, &v, 0);
	tz_buf_puts(&q->sql, ", 0)");
}

/* `F ~ "words"` on a text field: the trigram index finds the candidates
 * (it needs three characters), instr() checks them. */
static int fts_leaf(struct tz_sqlq *q, const struct leaf *l)
{
	const struct tz_expr *e = l->e;
	const struct tz_operand *o = e->nvals == 1 ? &e->vals[0] : NULL;
	struct tz_buf phrase = TZ_BUF_INIT;

	if (!l->want || e->kind != TZ_E_CMP || e->op != TZ_CONTAINS || e->lhs.field->type != TZ_TEXT ||
	    e->lhs.entry || e->lhs.func ||
	    !o || o->kind != TZ_OPD_TEXT || tz_utf8_count(o->text) < 3)
		return 0;
	tz_buf_putc(&phrase, '"');
	for (const char *c = o->text; *c; c++) {
		if (*c == '"')
			tz_buf_putc(&phrase, '"');
		tz_buf_putc(&phrase, *c);
	}
	tz_buf_putc(&phrase, '"');
	tz_buf_puts(&q->sql, "(t._rowid IN (SELECT rowid FROM ");
	table(q, l->t, "fts", NULL);
	tz_buf_puts(&q->sql, " WHERE ");
	ident(q, e->lhs.field->name);
	tz_buf_puts(&q->sql, " MATCH ");
	tz_sqlq_text(q, phrase.ptr);
	tz_buf_puts(&q->sql, ") AND instr(t.");
	ident(q, e->lhs.field->name);
	tz_buf_puts(&q->sql, ", ");
	tz_sqlq_text(q, o->text);
	tz_buf_puts(&q->sql, ") > 0)");
	tz_buf_release(&phrase);
	return 1;
}

static void leaf(struct tz_sqlq *q, const struct leaf *l)
{
	const struct tz_expr *e = l->e;
	const struct tz_path *p = &e->lhs;
	int empty = e->kind == TZ_E_EMPTY || e->kind == TZ_E_NOTEMPTY;

	if (!multi_valued(p)) {
		struct value v = { p, NULL, l->t, l->today };
		if (empty) {
			tz_buf_putc(&q->sql, '(');
			value(q, &v, 0);
			tz_buf_puts(&q->sql, (e->kind == TZ_E_EMPTY) == l->want ? " IS NULL)" : " IS NOT NULL)");
		} else if (!fts_leaf(q, l)) {
			pair(q, l, &v, l->want);
		}
		return;
	}
	tz_buf_putc(&q->sql, '(');
	if (empty && (e->kind == TZ_E_NOTEMPTY) == l->want) {
		/* has some value */
		outer_key(q, p);
		tz_buf_puts(&q->sql, " IN ");
		keys_where(q, l->t, p, cond_present, NULL);
	} else if (empty) {
		/* has none: no key at all, or no value under it */
		outer_key(q, p);
		tz_buf_puts(&q->sql, " IS NULL OR ");
		outer_key(q, p);
		tz_buf_puts(&q->sql, " NOT IN ");
		keys_where(q, l->t, p, cond_present, NULL);
	} else if (l->want) {
		/* some value compares TRUE */
		outer_key(q, p);
		tz_buf_puts(&q->sql, " IN ");
		keys_where(q, l->t, p, cond_true, (void *)l);
	} else {
		/* some value, and every one compares FALSE */
		outer_key(q, p);
		tz_buf_puts(&q->sql, " IN ");
		keys_where(q, l->t, p, cond_present, NULL);
		tz_buf_puts(&q->sql, " AND ");
		outer_key(q, p);
		tz_buf_puts(&q->sql, " NOT IN ");
		keys_where(q, l->t, p, cond_not_false, (void *)l);
	}
	tz_buf_putc(&q->sql, ')');
}

static void cond(struct tz_sqlq *q, const struct tz_expr *e, const struct tz_type *t, long today, int want)
{
	switch (e->kind) {
	case TZ_E_AND:
	case TZ_E_OR:
		tz_buf_putc(&q->sql, '(');
		cond(q, e->a, t, today, want);
		tz_buf_puts(&q->sql, (e->kind == TZ_E_AND) == (want != 0) ? " AND " : " OR ");
		cond(q, e->b, t, today, want);
		tz_buf_putc(&q->sql, ')');
		return;
	case TZ_E_NOT:
		cond(q, e->a, t, today, !want);
		return;
	case TZ_E_PART: {
		/* TRUE: some entry's row makes the condition TRUE; FALSE: no
		 * entry's row makes it anything but FALSE */
		int outer = q->entry;
		q->entry = ++q->alias;
		tz_buf_puts(&q->sql, want ? "(t._rowid IN (SELECT " : "(t._rowid NOT IN (SELECT ");
		tz_buf_printf(&q->sql, "e%d._rec FROM ", q->entry);
		table(q, t, e->lhs.part->name, NULL);
		tz_buf_printf(&q->sql, " e%d WHERE ", q->entry);
		if (want) {
			cond(q, e->a, t, today, 1);
		} else {
			tz_buf_puts(&q->sql, "NOT coalesce(");
			cond(q, e->a, t, today, 0);
			tz_buf_puts(&q->sql, ", 0)");
		}
		tz_buf_puts(&q->sql, "))");
		q->entry = outer;
		return;
	}
	default: {
		struct leaf l = { e, t, today, want };
		leaf(q, &l);
		return;
	}
	}
}

void tz_sqlq_where(struct tz_sqlq *q, const struct tz_expr *e, const struct tz_type *t, long today)
{
	cond(q, e, t, today, 1);
}

/* --- whole queries --- */

/* A name in --fields, --sort or --group-by: "id", "count", or a path bound
 * by parsing "NAME is empty" (so names get the messages and suggestions of
 * the query language). */
struct spec {
	char *name;
	int desc, is_id, is_count;
	struct tz_expr *e;
};

static void specs_free(struct spec *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].name);
		tz_expr_free(v[i].e);
	}
	free(v);
}

static int spec_fail(struct tz_sqlq_error *err, const char *option, int col, const char *fmt, const char *name)
{
	struct tz_buf q = TZ_BUF_INIT;

	tz_text_quote(&q, name);
	err->option = option;
	err->e.col = col;
	snprintf(err->e.msg, sizeof(err->e.msg), fmt, tz_buf_cstr(&q));
	tz_buf_release(&q);
	return -1;
}

static int parse_specs(struct spec **out, size_t *n, const char *list, const char *option,
		       const struct tz_type *t, int allow_desc, int allow_count, struct tz_sqlq_error *err)
{
	struct spec *v = NULL;
	size_t alloc = 0;
	const char *p = list;

	*out = NULL;
	*n = 0;
	for (;;) {
		const char *end = strchr(p, ','), *a = p, *b;
		struct spec *sp;
		int col;

		if (!end)
			end = p + strlen(p);
		while (a < end && *a == ' ')
			a++;
		b = end;
		while (b > a && b[-1] == ' ')
			b--;
		col = (int)tz_utf8_count(list) - (int)tz_utf8_count(a) + 1;
		TZ_ALLOC_GROW(v, *n + 1, alloc);
		sp = &v[(*n)++];
		memset(sp, 0, sizeof(*sp));
		if (allow_desc && a < b && *a == '-') {
			sp->desc = 1;
			a++;
			col++;
		}
		sp->name = tz_strndup(a, (size_t)(b - a));
		if (!*sp->name) {
			spec_fail(err, option, col, _("empty name in the list%s"), "");
			goto fail;
		}
		if (!strcmp(sp->name, "id")) {
			sp->is_id = 1;
		} else if (allow_count && !strcmp(sp->name, "count")) {
			sp->is_count = 1;
		} else {
			struct tz_buf src = TZ_BUF_INIT;
			int r;
			tz_buf_printf(&src, "%s is empty", sp->name);
			r = tz_expr_parse(&sp->e, src.ptr, &err->e);
			tz_buf_release(&src);
			if (r < 0 || sp->e->kind != TZ_E_EMPTY || strcmp(sp->e->lhs.text, sp->name)) {
				spec_fail(err, option, col, _("\"%s\" is not a field name"), sp->name);
				goto fail;
			}
			if (tz_expr_bind(sp->e, t, 1, &err->e) < 0) {
				err->option = option;
				err->e.col += col - 1;
				goto fail;
			}
		}
		if (!*end)
			break;
		p = end + 1;
	}
	*out = v;
	return 0;
fail:
	specs_free(v, *n);
	*n = 0;
	return -1;
}

/* What a column shows: t.id, a column of t, or the values of a
 * multi-valued path joined by ", ". */
static void display(struct tz_sqlq *q, const struct tz_type *t, const struct spec *sp, int text)
{
	const struct tz_path *p;
	struct source s;

	if (sp->is_id) {
		tz_buf_puts(&q->sql, "t.id");
		return;
	}
	p = &sp->e->lhs;
	if (!multi_valued(p)) {
		struct value v = { p, NULL, t, 0 };
		value(q, &v, text);
		return;
	}
	s.a = ++q->alias;
	tz_buf_puts(&q->sql, "(SELECT group_concat(");
	source_value(q, p, &s, text);
	tz_buf_puts(&q->sql, ", ', ')");
	source_from(q, t, p, &s);
	tz_buf_puts(&q->sql, " WHERE ");
	source_key(q, p, &s);
	tz_buf_puts(&q->sql, " = ");
	outer_key(q, p);
	tz_buf_puts(&q->sql, ")");
}

/* ORDER BY terms for expression x (written by fn): empty values last,
 * enums in the schema's order. */
static void order_term(struct tz_sqlq *q, const struct tz_fdef *f, int desc,
		       void (*fn)(struct tz_sqlq *, const void *), const void *arg)
{
	const char *dir = desc ? " DESC" : "";

	fn(q, arg);
	tz_buf_puts(&q->sql, " IS NULL, ");
	if (f && f->type == TZ_ENUM && !f->multiple && f->nvalues) {
		tz_buf_puts(&q->sql, "CASE ");
		fn(q, arg);
		for (size_t i = 0; i < f->nvalues; i++) {
			tz_buf_puts(&q->sql, " WHEN ");
			tz_sqlq_text(q, f->values[i]);
			tz_buf_printf(&q->sql, " THEN %zu", i);
		}
		tz_buf_printf(&q->sql, " ELSE %zu END%s, ", f->nvalues, dir);
	}
	fn(q, arg);
	tz_buf_puts(&q->sql, dir);
}

struct display_arg {
	const struct tz_type *t;
	const struct spec *sp;
};

static void display_fn(struct tz_sqlq *q, const void *arg)
{
	const struct display_arg *d = arg;
	display(q, d->t, d->sp, 0);
}

static void name_fn(struct tz_sqlq *q, const void *arg)
{
	tz_buf_puts(&q->sql, arg);
}

static const struct tz_fdef *spec_field(const struct spec *sp)
{
	return sp->e ? sp->e->lhs.field : NULL;
}

static void add_column(struct tz_sqlq_column **cols, size_t *n, const char *name,
		       const struct tz_fdef *f, int numeric)
{
	struct tz_sqlq_column *c;

	*cols = tz_realloc(*cols, (*n + 1) * sizeof(**cols));
	c = &(*cols)[(*n)++];
	c->name = tz_strdup(name);
	c->field = f;
	c->numeric = numeric;
}

void tz_sqlq_columns_free(struct tz_sqlq_column *cols, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(cols[i].name);
	free(cols);
}

static void where_clause(struct tz_sqlq *q, const struct tz_sqlq_query *qq)
{
	if (!qq->where)
		return;
	tz_buf_puts(&q->sql, " WHERE ");
	q->calendar = qq->calendar;
	tz_sqlq_where(q, qq->where, qq->type, qq->today);
}

static void limit_clause(struct tz_sqlq *q, const struct tz_sqlq_query *qq)
{
	if (qq->limit < 0)
		return;
	tz_buf_puts(&q->sql, " LIMIT ");
	tz_sqlq_int(q, qq->limit);
}

/* SELECT g, count(*) ... GROUP BY g: a multi-valued field counts each record
 * once under each of its values, and under an empty value when it has none. */
static int select_groups(struct tz_sqlq *q, struct tz_sqlq_column **cols, size_t *ncols,
			 const struct tz_sqlq_query *qq, struct tz_sqlq_error *err)
{
	struct spec *g = NULL, *sorts = NULL;
	size_t ng = 0, nsorts = 0;
	const struct tz_type *t = qq->type;
	int multi, ret = -1;

	if (parse_specs(&g, &ng, qq->group_by, "group-by", t, 0, 0, err) < 0)
		goto out;
	if (ng != 1) {
		spec_fail(err, "group-by", 1, _("name one field to group by%s"), "");
		goto out;
	}
	if (qq->sort && parse_specs(&sorts, &nsorts, qq->sort, "sort", t, 1, 1, err) < 0)
		goto out;
	for (size_t i = 0; i < nsorts; i++)
		if (!sorts[i].is_count && strcmp(sorts[i].name, g->name)) {
			spec_fail(err, "sort", 1, _("with --group-by, sort by the group or by count, not \"%s\""), sorts[i].name);
			goto out;
		}
	multi = g->e && multi_valued(&g->e->lhs);
	tz_buf_puts(&q->sql, "SELECT ");
	if (multi) {
		const struct tz_path *p = &g->e->lhs;
		struct source s = { ++q->alias };
		tz_buf_puts(&q->sql, "g.v AS g, count(DISTINCT t._rowid) AS n FROM ");
		table(q, t, NULL, NULL);
		tz_buf_puts(&q->sql, " t LEFT JOIN (SELECT ");
		source_key(q, p, &s);
		tz_buf_puts(&q->sql, " AS k, ");
		source_value(q, p, &s, 0);
		tz_buf_puts(&q->sql, " AS v");
		source_from(q, t, p, &s);
		tz_buf_puts(&q->sql, " WHERE ");
		cond_present(q, p, &s, NULL);
		tz_buf_puts(&q->sql, ") g ON g.k = ");
		outer_key(q, p);
	} else {
		struct display_arg d = { t, g };
		display_fn(q, &d);
		tz_buf_puts(&q->sql, " AS g, count(*) AS n FROM ");
		table(q, t, NULL, NULL);
		tz_buf_puts(&q->sql, " t");
	}
	where_clause(q, qq);
	tz_buf_puts(&q->sql, " GROUP BY 1 ORDER BY ");
	for (size_t i = 0; i < nsorts; i++) {
		order_term(q, sorts[i].is_count ? NULL : spec_field(g), sorts[i].desc, name_fn,
			   sorts[i].is_count ? "n" : "g");
		tz_buf_puts(&q->sql, ", ");
	}
	order_term(q, multi ? NULL : spec_field(g), 0, name_fn, "g");
	limit_clause(q, qq);
	add_column(cols, ncols, g->name, spec_field(g), !multi && spec_field(g) && class_of(spec_field(g)) == C_NUM);
	add_column(cols, ncols, "count", NULL, 1);
	ret = 0;
out:
	specs_free(g, ng);
	specs_free(sorts, nsorts);
	return ret;
}

int tz_sqlq_select(struct tz_sqlq *q, struct tz_sqlq_column **cols, size_t *ncols,
		   const struct tz_sqlq_query *qq, struct tz_sqlq_error *err)
{
	struct spec *fields = NULL, *sorts = NULL;
	size_t nfields = 0, nsorts = 0;
	struct tz_buf defaults = TZ_BUF_INIT;
	const struct tz_type *t = qq->type;
	int ret = -1;

	*cols = NULL;
	*ncols = 0;
	memset(err, 0, sizeof(*err));
	if (qq->group_by)
		return select_groups(q, cols, ncols, qq, err);
	if (qq->count) {
		tz_buf_puts(&q->sql, "SELECT count(*) FROM ");
		table(q, t, NULL, NULL);
		tz_buf_puts(&q->sql, " t");
		where_clause(q, qq);
		add_column(cols, ncols, "count", NULL, 1);
		return 0;
	}
	if (!qq->fields)
		tz_sqlq_default_fields(&defaults, t);
	if (parse_specs(&fields, &nfields, qq->fields ? qq->fields : defaults.ptr, "fields", t, 0, 0, err) < 0)
		goto out;
	if (qq->sort && parse_specs(&sorts, &nsorts, qq->sort, "sort", t, 1, 0, err) < 0)
		goto out;
	tz_buf_puts(&q->sql, "SELECT ");
	for (size_t i = 0; i < nfields; i++) {
		const struct tz_fdef *f = spec_field(&fields[i]);
		if (i)
			tz_buf_puts(&q->sql, ", ");
		display(q, t, &fields[i], 1);
		add_column(cols, ncols, fields[i].name, f,
			   f && class_of(f) == C_NUM && !multi_valued(&fields[i].e->lhs));
	}
	tz_buf_puts(&q->sql, " FROM ");
	table(q, t, NULL, NULL);
	tz_buf_puts(&q->sql, " t");
	where_clause(q, qq);
	tz_buf_puts(&q->sql, " ORDER BY ");
	for (size_t i = 0; i < nsorts; i++) {
		struct display_arg d = { t, &sorts[i] };
		const struct tz_fdef *f = spec_field(&sorts[i]);
		order_term(q, f && !multi_valued(&sorts[i].e->lhs) ? f : NULL, sorts[i].desc, display_fn, &d);
		tz_buf_puts(&q->sql, ", ");
	}
	tz_buf_puts(&q->sql, "t.id, t._rowid");
	limit_clause(q, qq);
	ret = 0;
out:
	if (ret < 0) {
		tz_sqlq_columns_free(*cols, *ncols);
		*cols = NULL;
		*ncols = 0;
	}
	specs_free(fields, nfields);
	specs_free(sorts, nsorts);
	tz_buf_release(&defaults);
	return ret;
}

/* Whether f belongs in the default columns, at priority pass (0: fields
 * with transitions, 1: the owner, 2: other required fields not free text). */
static int default_field(const struct tz_type *t, const struct tz_fdef *f, int pass)
{
	if (!f->required || f->type == TZ_TEXT || (t->title && !strcmp(f->name, t->title)))
		return 0;
	if (pass == 0)
		return tz_type_transitions(t, f->name) != NULL;
	if (pass == 1)
		return t->owner && !strcmp(f->name, t->owner) && !tz_type_transitions(t, f->name);
	return !tz_type_transitions(t, f->name) && !(t->owner && !strcmp(f->name, t->owner));
}

void tz_sqlq_default_fields(struct tz_buf *out, const struct tz_type *t)
{
	size_t extra = 0;

	tz_buf_puts(out, "id");
	if (t->title && tz_type_field(t, t->title))
		tz_buf_printf(out, ",%s", t->title);
	for (int pass = 0; pass < 3; pass++)
		for (size_t i = 0; i < t->nfields && extra < 4; i++)
			if (default_field(t, &t->fields[i], pass)) {
				tz_buf_printf(out, ",%s", t->fields[i].name);
				extra++;
			}
}
