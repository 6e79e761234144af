/* eval.c - the expression evaluator over parsed records; the validator uses
 * it for rules, and the query tests compare it with the SQL the index runs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "buf.h"
#include "calendar.h"
#include "date.h"
#include "eval.h"
#include "value.h"

struct values {
	const char **v;
	size_t n, alloc;
};

static void push(struct values *vs, const char *s)
{
	if (!s || !*s)
		return;
	TZ_ALLOC_GROW(vs->v, vs->n + 1, vs->alloc);
	vs->v[vs->n++] = s;
}

/* Push the items of value s; a multiple ref is split at commas into a copy
 * whose pointer is kept in *arena (an array of char *) to be freed later. */
static void push_items(struct values *vs, const struct tz_fdef *f, const char *s, struct tz_buf *arena)
{
	if (!s)
		return;
	if (!f->multiple) {
		push(vs, s);
		return;
	}
	{
		char *copy = tz_strdup(s), *p = copy;
		tz_buf_put(arena, &copy, sizeof(copy));
		for (;;) {
			char *comma = strchr(p, ',');
			char *a = p, *b;
			if (comma)
				*comma = '\0';
			while (*a == ' ' || *a == '\t' || *a == '\n')
				a++;
			b = a + strlen(a);
			while (b > a && (b[-1] == ' ' || b[-1] == '\t' || b[-1] == '\n'))
				*--b = '\0';
			push(vs, a);
			if (!comma)
				break;
			p = comma + 1;
		}
	}
}

static void arena_free(struct tz_buf *arena)
{
	char **v = (char **)arena->ptr;
	for (size_t i = 0; arena->ptr && i < arena->len / sizeof(char *); i++)
		free(v[i]);
	tz_buf_release(arena);
}

long tz_operand_day(const struct tz_operand *o, long today, struct tz_calendar *c)
{
	return o->workdays ? tz_calendar_add(c, today, o->today_offset) : today + o->today_offset;
}

static const char *operand_value(const struct tz_operand *o, const struct tz_eval_ctx *ctx,
				 char *datebuf, struct tz_buf *arena);

/* workdays(a, b) as text in the arena, or nothing when a date is absent. */
static void push_workdays(struct values *vs, const struct tz_path *p, const struct tz_eval_ctx *ctx,
			  struct tz_buf *arena)
{
	char b0[16], b1[16];
	const char *a = operand_value(&p->args[0], ctx, b0, arena);
	const char *b = operand_value(&p->args[1], ctx, b1, arena);
	long da, db;
	char *num;

	if (!a || !b || tz_date_parse(a, &da) < 0 || tz_date_parse(b, &db) < 0)
		return;
	num = tz_calloc(1, 24);
	snprintf(num, 24, "%ld", tz_calendar_workdays(ctx->calendar, da, db));
	tz_buf_put(arena, &num, sizeof(num));
	push(vs, num);
}

static void collect(struct values *vs, const struct tz_path *p, const struct tz_eval_ctx *ctx, struct tz_buf *arena)
{
	const struct tz_record *r = ctx->rec;
	const struct tz_section *main = r->nsections ? &r->sections[0] : NULL;

	if (!main)
		return;
	if (p->func == TZ_FN_WORKDAYS) {
		push_workdays(vs, p, ctx, arena);
		return;
	}
	if (p->entry) {
		if (ctx->entry)
			push_items(vs, p->field, tz_section_get(ctx->entry, p->field->name), arena);
		return;
	}
	if (p->part) {
		size_t n = strlen(p->part->name);
		for (size_t i = 1; i < r->nsections; i++) {
			const char *name = r->sections[i].name;
			if (!strncmp(name, p->part->name, n) && name[n] == '.')
				push_items(vs, p->field, tz_section_get(&r->sections[i], p->field->name), arena);
		}
		return;
	}
	if (p->via) {
		struct values ids = { 0 };
		push_items(&ids, p->via, tz_section_get(main, p->via->name), arena);
		for (size_t i = 0; i < ids.n && ctx->lookup; i++) {
			const struct tz_section *t = ctx->lookup(ctx->payload, p->via->target, ids.v[i]);
			if (t)
				push_items(vs, p->field, tz_section_get(t, p->field->name), arena);
		}
		free(ids.v);
		return;
	}
	push_items(vs, p->field, tz_section_get(main, p->field->name), arena);
}

int tz_value_compare(const struct tz_fdef *f, const char *a, const char *b)
{
	switch (f->type) {
	case TZ_INT:
	case TZ_DECIMAL: {
		double x, y;
		if (!tz_is_number(a) || !tz_is_number(b))
			return TZ_CMP_UNKNOWN;
		x = strtod(a, NULL);
		y = strtod(b, NULL);
		return x < y ? -1 : x > y;
	}
	case TZ_DATE:
		if (!tz_is_date(a) || !tz_is_date(b))
			return TZ_CMP_UNKNOWN;
		return strcmp(a, b) < 0 ? -1 : strcmp(a, b) > 0;
	default: {
		int c = strcmp(a, b);
		return c < 0 ? -1 : c > 0;
	}
	}
}

int tz_cmp_holds(enum tz_cmp_op op, int c)
{
	switch (op) {
	case TZ_EQ: return c == 0;
	case TZ_NE: return c != 0;
	case TZ_LT: return c < 0;
	case TZ_LE: return c <= 0;
	case TZ_GT: return c > 0;
	case TZ_GE: return c >= 0;
	default: return 0;
	}
}

/* The operand's value for this record, or NULL when it is an absent field. */
static const char *operand_value(const struct tz_operand *o, const struct tz_eval_ctx *ctx,
				 char *datebuf, struct tz_buf *arena)
{
	if (o->kind == TZ_OPD_TODAY) {
		tz_date_format(tz_operand_day(o, ctx->today, ctx->calendar), datebuf);
		return datebuf;
	}
	if (o->kind == TZ_OPD_FIELD) {
		struct values vs = { 0 };
		const char *v;
		collect(&vs, &o->path, ctx, arena);
		v = vs.n ? vs.v[0] : NULL;
		free(vs.v);
		return v;
	}
	return o->text;
}

static enum tz_truth compare_one(const struct tz_fdef *f, enum tz_cmp_op op, const char *a, const char *b)
{
	int c;

	if (op == TZ_CONTAINS)
		return strstr(a, b) ? TZ_TRUE : TZ_FALSE;
	c = tz_value_compare(f, a, b);
	if (c == TZ_CMP_UNKNOWN)
		return TZ_UNKNOWN;
	return tz_cmp_holds(op, c) ? TZ_TRUE : TZ_FALSE;
}

static enum tz_truth eval_leaf(const struct tz_expr *e, const struct tz_eval_ctx *ctx)
{
	struct values vs = { 0 };
	struct tz_buf arena = TZ_BUF_INIT;
	enum tz_truth result;

	collect(&vs, &e->lhs, ctx, &arena);
	if (e->kind == TZ_E_EMPTY || e->kind == TZ_E_NOTEMPTY) {
		result = (vs.n == 0) == (e->kind == TZ_E_EMPTY) ? TZ_TRUE : TZ_FALSE;
		goto out;
	}
	result = vs.n ? TZ_FALSE : TZ_UNKNOWN;
	for (size_t i = 0; i < vs.n && result != TZ_TRUE; i++) {
		for (size_t k = 0; k < e->nvals; k++) {
			char datebuf[16];
			const char *b = operand_value(&e->vals[k], ctx, datebuf, &arena);
			enum tz_truth t = b ? compare_one(e->lhs.field, e->kind == TZ_E_IN ? TZ_EQ : e->op, vs.v[i], b)
					    : TZ_UNKNOWN;
			if (t == TZ_TRUE) {
				result = TZ_TRUE;
				break;
			}
			if (t == TZ_UNKNOWN)
				result = TZ_UNKNOWN;
		}
	}
out:
	free(vs.v);
	arena_free(&arena);
	return result;
}

/* part(cond): TRUE when some entry makes cond TRUE, FALSE when every
 * entry (or none) makes it FALSE, else unknown. */
static enum tz_truth eval_part(const struct tz_expr *e, const struct tz_eval_ctx *ctx)
{
	const struct tz_record *r = ctx->rec;
	size_t n = strlen(e->lhs.part->name);
	struct tz_eval_ctx inner = *ctx;
	enum tz_truth result = TZ_FALSE;

	for (size_t i = 1; i < r->nsections; i++) {
		const char *name = r->sections[i].name;
		enum tz_truth t;
		if (strncmp(name, e->lhs.part->name, n) || name[n] != '.')
			continue;
		inner.entry = &r->sections[i];
		t = tz_expr_eval(e->a, &inner);
		if (t == TZ_TRUE)
			return TZ_TRUE;
		if (t == TZ_UNKNOWN)
			result = TZ_UNKNOWN;
	}
	return result;
}

enum tz_truth tz_expr_eval(const struct tz_expr *e, const struct tz_eval_ctx *ctx)
{
	enum tz_truth a, b;

	switch (e->kind) {
	case TZ_E_AND:
		a = tz_expr_eval(e->a, ctx);
		if (a == TZ_FALSE)
			return TZ_FALSE;
		b = tz_expr_eval(e->b, ctx);
		if (b == TZ_FALSE)
			return TZ_FALSE;
		return a == TZ_TRUE && b == TZ_TRUE ? TZ_TRUE : TZ_UNKNOWN;
	case TZ_E_OR:
		a = tz_expr_eval(e->a, ctx);
		if (a == TZ_TRUE)
			return TZ_TRUE;
		b = tz_expr_eval(e->b, ctx);
		if (b == TZ_TRUE)
			return TZ_TRUE;
		return a == TZ_FALSE && b == TZ_FALSE ? TZ_FALSE : TZ_UNKNOWN;
	case TZ_E_NOT:
		a = tz_expr_eval(e->a, ctx);
		return a == TZ_UNKNOWN ? TZ_UNKNOWN : a == TZ_TRUE ? TZ_FALSE : TZ_TRUE;
	case TZ_E_PART:
		return eval_part(e, ctx);
	default:
		return eval_leaf(e, ctx);
	}
}
