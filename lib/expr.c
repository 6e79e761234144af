/* expr.c - parsing and binding the query language. Columns count characters
 * so that a caret under a CJK expression points at the right place. */
#include <stdlib.h>
#include <string.h>
#include "buf.h"
#include "date.h"
#include "expr.h"
#include "text.h"
#include "value.h"
#include "i18n.h"

enum tok { T_END, T_WORD, T_STRING, T_LP, T_RP, T_COMMA, T_OP, T_BAD };

struct lexer {
	const char *src, *p;
	enum tok tok;
	char *text;		/* T_WORD, T_STRING: the text; T_OP: the operator */
	int col;		/* column of the token */
	struct tz_expr_error *err;
	int depth;		/* parentheses and "not" around the current point */
	int nodes;		/* comparisons and operators so far */
};

/* Limits that keep every recursive walk of the tree (evaluation, SQL,
 * freeing) far from the end of the stack, whatever a query or a schema
 * file holds. */
#define MAX_DEPTH 64
#define MAX_NODES 1000

static int column(const struct lexer *lx, const char *at)
{
	int col = 1;

	for (const char *c = lx->src; c < at; c++)
		if (((unsigned char)*c & 0xc0) != 0x80)
			col++;
	return col;
}

static int fail(struct tz_expr_error *err, int col, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int fail(struct tz_expr_error *err, int col, const char *fmt, ...)
{
	va_list ap;

	if (err) {
		err->col = col;
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
		va_end(ap);
	}
	return -1;
}

static int word_char(unsigned char c)
{
	return c > ' ' && !strchr("()=!<>~,\"'", c);
}

static int next(struct lexer *lx)
{
	const char *p = lx->p;

	free(lx->text);
	lx->text = NULL;
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	lx->col = column(lx, p);
	if (!*p) {
		lx->tok = T_END;
	} else if (*p == '(' || *p == ')' || *p == ',') {
		lx->tok = *p == '(' ? T_LP : *p == ')' ? T_RP : T_COMMA;
		p++;
	} else if (*p == '"' || *p == '\'') {
		char q = *p++;
		struct tz_buf b = TZ_BUF_INIT;
		while (*p && *p != q) {
			if (*p == '\\' && (p[1] == q || p[1] == '\\'))
				p++;
			tz_buf_putc(&b, *p++);
		}
		if (!*p) {
			tz_buf_release(&b);
			lx->p = p;
			return fail(lx->err, lx->col, _("unterminated string"));
		}
		p++;
		lx->tok = T_STRING;
		lx->text = tz_buf_detach(&b);
	} else if (strchr("=!<>~", *p)) {
		const char *ops[] = { "!=", "<=", ">=", "=", "<", ">", "~" };
		size_t i;
		for (i = 0; i < sizeof(ops) / sizeof(*ops); i++)
			if (!strncmp(p, ops[i], strlen(ops[i])))
				break;
		if (i == sizeof(ops) / sizeof(*ops))
			return fail(lx->err, lx->col, _("unknown operator \"%c\""), *p);
		lx->tok = T_OP;
		lx->text = tz_strdup(ops[i]);
		p += strlen(ops[i]);
	} else if ((unsigned char)*p < ' ') {
		return fail(lx->err, lx->col, _("control character in expression"));
	} else {
		const char *s = p;
		while (*p && word_char((unsigned char)*p))
			p++;
		lx->tok = T_WORD;
		lx->text = tz_strndup(s, (size_t)(p - s));
	}
	lx->p = p;
	return 0;
}

static int is_kw(const struct lexer *lx, const char *kw)
{
	return lx->tok == T_WORD && !strcmp(lx->text, kw);
}

static int is_reserved(const char *w)
{
	static const char *const kw[] = { "and", "or", "not", "in", "is", "empty" };
	for (size_t i = 0; i < sizeof(kw) / sizeof(*kw); i++)
		if (!strcmp(w, kw[i]))
			return 1;
	return 0;
}

static int count_node(struct lexer *lx)
{
	if (++lx->nodes > MAX_NODES)
		return fail(lx->err, lx->col, _("expression too long (more than %d operators and comparisons)"), MAX_NODES);
	return 0;
}

static struct tz_expr *node(enum tz_expr_kind k, int col)
{
	struct tz_expr *e = tz_calloc(1, sizeof(*e));
	e->kind = k;
	e->col = col;
	return e;
}

static void path_release(struct tz_path *p);

static void operand_release(struct tz_operand *o)
{
	free(o->text);
	path_release(&o->path);
}

static void path_release(struct tz_path *p)
{
	free(p->text);
	if (p->args) {
		operand_release(&p->args[0]);
		operand_release(&p->args[1]);
		free(p->args);
	}
}

void tz_expr_free(struct tz_expr *e)
{
	if (!e)
		return;
	tz_expr_free(e->a);
	tz_expr_free(e->b);
	path_release(&e->lhs);
	for (size_t i = 0; i < e->nvals; i++)
		operand_release(&e->vals[i]);
	free(e->vals);
	free(e);
}

static int parse_or(struct lexer *lx, struct tz_expr **out);

static int parse_operand(struct lexer *lx, struct tz_operand *o)
{
	memset(o, 0, sizeof(*o));
	o->col = lx->col;
	if (lx->tok == T_STRING) {
		o->kind = TZ_OPD_TEXT;
		o->quoted = 1;
	} else if (lx->tok == T_WORD && !is_reserved(lx->text)) {
		const char *w = lx->text;
		o->kind = TZ_OPD_TEXT;
		if (!strncmp(w, "today", 5)) {
			const char *r = w + 5;
			if (!*r) {
				o->kind = TZ_OPD_TODAY;
			} else if ((*r == '+' || *r == '-') && r[1]) {
				char *end;
				long n = strtol(r + 1, &end, 10);
				int w = *end == 'w' && !end[1];
				if ((!*end || w) && r[1] >= '0' && r[1] <= '9' && n <= 100000) {
					o->kind = TZ_OPD_TODAY;
					o->today_offset = *r == '-' ? -n : n;
					o->workdays = w;
				}
			}
		}
	} else {
		return fail(lx->err, lx->col, lx->tok == T_END ? _("expected a value at the end") : _("expected a value"));
	}
	o->text = lx->text;
	lx->text = NULL;
	if (next(lx) < 0) {
		free(o->text);
		o->text = NULL;
		return -1;
	}
	return 0;
}

static int parse_comparison(struct lexer *lx, struct tz_expr **out)
{
	struct tz_expr *e;
	int col = lx->col;

	if (lx->tok != T_WORD || is_reserved(lx->text))
		return fail(lx->err, col, lx->tok == T_END ? _("expected a field name at the end") : _("expected a field name"));
	e = node(TZ_E_CMP, col);
	e->lhs.text = lx->text;
	e->lhs.col = col;
	lx->text = NULL;
	if (next(lx) < 0)
		goto err;
	if (lx->tok == T_LP && !strcmp(e->lhs.text, "workdays")) {
		/* workdays(a, b) */
		e->lhs.func = TZ_FN_WORKDAYS;
		e->lhs.args = tz_calloc(2, sizeof(*e->lhs.args));
		for (int i = 0; i < 2; i++) {
			if (next(lx) < 0 || parse_operand(lx, &e->lhs.args[i]) < 0)
				goto err;
			if (lx->tok != (i ? T_RP : T_COMMA)) {
				fail(lx->err, lx->col, i ? _("expected \")\" after the second date of workdays(a, b)")
							 : _("expected \",\" after the first date of workdays(a, b)"));
				goto err;
			}
		}
		if (next(lx) < 0)
			goto err;
	} else if (lx->tok == T_LP) {
		/* part(cond): one entry satisfies all of cond */
		int rc;
		if (lx->depth >= MAX_DEPTH) {
			fail(lx->err, lx->col, _("expression nested too deeply (more than %d levels)"), MAX_DEPTH);
			goto err;
		}
		e->kind = TZ_E_PART;
		lx->depth++;
		rc = next(lx) < 0 || parse_or(lx, &e->a) < 0 ? -1 : 0;
		lx->depth--;
		if (rc < 0)
			goto err;
		if (lx->tok != T_RP) {
			fail(lx->err, lx->tok == T_END ? e->lhs.col : lx->col,
			     lx->tok == T_END ? _("unclosed \"%s(\"") : _("expected \")\" to close \"%s(\""), e->lhs.text);
			goto err;
		}
		if (next(lx) < 0)
			goto err;
		*out = e;
		return 0;
	}
	if (lx->tok == T_OP) {
		static const char *const names[] = { "=", "!=", "<", "<=", ">", ">=", "~" };
		for (int i = 0; i < 7; i++)
			if (!strcmp(lx->text, names[i]))
				e->op = (enum tz_cmp_op)i;
		e->col = lx->col;
		if (next(lx) < 0)
			goto err;
		e->vals = tz_calloc(1, sizeof(*e->vals));
		e->nvals = 1;
		if (parse_operand(lx, &e->vals[0]) < 0)
			goto err;
	} else if (is_kw(lx, "in")) {
		size_t alloc = 0;
		e->kind = TZ_E_IN;
		e->col = lx->col;
		if (next(lx) < 0)
			goto err;
		if (lx->tok != T_LP) {
			fail(lx->err, lx->col, _("expected \"(\" after \"in\""));
			goto err;
		}
		do {
			if (next(lx) < 0)
				goto err;
			TZ_ALLOC_GROW(e->vals, e->nvals + 1, alloc);
			if (parse_operand(lx, &e->vals[e->nvals]) < 0)
				goto err;
			e->nvals++;
		} while (lx->tok == T_COMMA);
		if (lx->tok != T_RP) {
			fail(lx->err, lx->col, _("expected \",\" or \")\" in the list"));
			goto err;
		}
		if (next(lx) < 0)
			goto err;
	} else if (is_kw(lx, "is")) {
		e->col = lx->col;
		if (next(lx) < 0)
			goto err;
		e->kind = TZ_E_EMPTY;
		if (is_kw(lx, "not")) {
			e->kind = TZ_E_NOTEMPTY;
			if (next(lx) < 0)
				goto err;
		}
		if (!is_kw(lx, "empty")) {
			fail(lx->err, lx->col, _("expected \"empty\" after \"is\""));
			goto err;
		}
		if (next(lx) < 0)
			goto err;
	} else {
		fail(lx->err, lx->col, _("expected an operator (= != < <= > >= ~ in, is empty) after \"%s\""), e->lhs.text);
		goto err;
	}
	*out = e;
	return 0;
err:
	tz_expr_free(e);
	return -1;
}

static int parse_not(struct lexer *lx, struct tz_expr **out)
{
	if ((is_kw(lx, "not") || lx->tok == T_LP) && lx->depth >= MAX_DEPTH)
		return fail(lx->err, lx->col, _("expression nested too deeply (more than %d levels)"), MAX_DEPTH);
	if (count_node(lx) < 0)
		return -1;
	if (is_kw(lx, "not")) {
		struct tz_expr *e = node(TZ_E_NOT, lx->col);
		int rc;
		lx->depth++;
		rc = next(lx) < 0 || parse_not(lx, &e->a) < 0 ? -1 : 0;
		lx->depth--;
		if (rc < 0) {
			tz_expr_free(e);
			return -1;
		}
		*out = e;
		return 0;
	}
	if (lx->tok == T_LP) {
		int col = lx->col, rc;
		lx->depth++;
		rc = next(lx) < 0 || parse_or(lx, out) < 0 ? -1 : 0;
		lx->depth--;
		if (rc < 0)
			return -1;
		if (lx->tok != T_RP) {
			tz_expr_free(*out);
			*out = NULL;
			return fail(lx->err, lx->tok == T_END ? col : lx->col,
				    lx->tok == T_END ? _("unclosed \"(\"") : _("expected \")\""));
		}
		if (next(lx) < 0) {
			tz_expr_free(*out);
			*out = NULL;
			return -1;
		}
		return 0;
	}
	return parse_comparison(lx, out);
}

static int parse_binary(struct lexer *lx, struct tz_expr **out, const char *kw,
			enum tz_expr_kind kind, int (*sub)(struct lexer *, struct tz_expr **))
{
	struct tz_expr *left;

	if (sub(lx, &left) < 0)
		return -1;
	while (is_kw(lx, kw)) {
		struct tz_expr *e;
		if (count_node(lx) < 0) {
			tz_expr_free(left);
			return -1;
		}
		e = node(kind, lx->col);
		e->a = left;
		left = e;
		if (next(lx) < 0 || sub(lx, &e->b) < 0) {
			tz_expr_free(left);
			return -1;
		}
	}
	*out = left;
	return 0;
}

static int parse_and(struct lexer *lx, struct tz_expr **out)
{
	return parse_binary(lx, out, "and", TZ_E_AND, parse_not);
}

static int parse_or(struct lexer *lx, struct tz_expr **out)
{
	return parse_binary(lx, out, "or", TZ_E_OR, parse_and);
}

int tz_expr_parse(struct tz_expr **out, const char *src, struct tz_expr_error *err)
{
	struct lexer lx = { src, src, T_END, NULL, 1, err, 0, 0 };
	struct tz_expr *e = NULL;

	*out = NULL;
	if (tz_utf8_valid_prefix(src, strlen(src)) != strlen(src))
		return fail(err, 1, _("expression is not valid UTF-8"));
	if (next(&lx) < 0)
		goto err;
	if (parse_or(&lx, &e) < 0)
		goto err;
	if (lx.tok != T_END) {
		fail(err, lx.col, _("unexpected \"%s\""), lx.text ? lx.text : lx.tok == T_RP ? ")" : lx.tok == T_LP ? "(" : ",");
		goto err;
	}
	free(lx.text);
	*out = e;
	return 0;
err:
	free(lx.text);
	tz_expr_free(e);
	return -1;
}

const char *tz_cmp_op_name(enum tz_cmp_op op)
{
	static const char *const names[] = { "=", "!=", "<", "<=", ">", ">=", "~" };
	return names[op];
}

/* --- binding --- */

static void field_names(const struct tz_type *t, const struct tz_partdef *p,
			const char ***out, size_t *n)
{
	size_t k = 0, total = p ? p->nfields : t->nfields + t->nparts;

	*out = tz_calloc(total + 1, sizeof(**out));
	if (p) {
		for (size_t i = 0; i < p->nfields; i++)
			(*out)[k++] = p->fields[i].name;
	} else {
		for (size_t i = 0; i < t->nfields; i++)
			(*out)[k++] = t->fields[i].name;
		for (size_t i = 0; i < t->nparts; i++)
			(*out)[k++] = t->parts[i].name;
	}
	*n = k;
}

static int unknown(struct tz_expr_error *err, int col, const char *name,
		   const struct tz_type *t, const struct tz_partdef *p)
{
	const char **names;
	size_t n;
	const char *s;
	struct tz_buf q = TZ_BUF_INIT;
	int r;

	field_names(t, p, &names, &n);
	s = tz_suggest(name, names, n);
	tz_text_quote(&q, name);
	if (s)
		r = fail(err, col, _("unknown field \"%s\" (did you mean \"%s\"?)"), tz_buf_cstr(&q), s);
	else
		r = fail(err, col, _("unknown field \"%s\""), tz_buf_cstr(&q));
	free(names);
	tz_buf_release(&q);
	return r;
}

const struct tz_fdef tz_workdays_field = { .name = "workdays", .label = "workdays", .type = TZ_INT, .scale = -1 };

/* What names are bound against: the type, and inside part(...) the part
 * whose entry the bare names are fields of. */
struct binder {
	const struct tz_type *t;
	int follow_refs;
	const struct tz_partdef *entry;
	struct tz_expr_error *err;
};

static int bind_operand(struct tz_operand *o, const struct tz_path *lhs, enum tz_cmp_op op,
			const struct binder *bd);

/* A date argument of workdays(a, b): a date field of the record (or of the
 * entry), a date, or today±N. */
static int bind_date_arg(struct tz_operand *o, const struct binder *bd)
{
	static const struct tz_fdef date_field = { .name = "workdays", .label = "workdays", .type = TZ_DATE, .scale = -1 };
	struct tz_path fake = { 0 };

	fake.field = &date_field;
	if (o->kind == TZ_OPD_TEXT && !o->quoted) {
		const struct tz_fdef *named = bd->entry ? tz_part_field(bd->entry, o->text) : tz_type_field(bd->t, o->text);
		if (named && (named->type != TZ_DATE || named->multiple))
			return fail(bd->err, o->col, _("workdays(a, b) counts between dates, and %s is not a date field"), o->text);
	}
	if (bind_operand(o, &fake, TZ_EQ, bd) < 0)
		return -1;
	if (o->kind == TZ_OPD_FIELD && (o->path.field->type != TZ_DATE || o->path.field->multiple))
		return fail(bd->err, o->col, _("workdays(a, b) counts between dates, and %s is not a date field"), o->path.text);
	return 0;
}

static int bind_path(struct tz_path *p, const struct binder *bd)
{
	const struct tz_type *t = bd->t;
	struct tz_expr_error *err = bd->err;
	char *dot = strchr(p->text, '.');
	char *head;

	if (p->func == TZ_FN_WORKDAYS) {
		p->field = &tz_workdays_field;
		if (bind_date_arg(&p->args[0], bd) < 0 || bind_date_arg(&p->args[1], bd) < 0)
			return -1;
		return 0;
	}
	if (bd->entry) {
		const struct tz_partdef *pd = bd->entry;
		if (dot)
			return fail(err, p->col, _("inside %s(...) name the entry's own fields, as in %s(%s = ...)"),
				    pd->name, pd->name, pd->nfields ? pd->fields[0].name : "field");
		p->field = tz_part_field(pd, p->text);
		if (!p->field)
			return unknown(err, p->col, p->text, t, pd);
		if (p->field->multiple)
			return fail(err, p->col, _("%s.%s is a list: compare it outside %s(...), as in %s.%s = ..."),
				    pd->name, p->text, pd->name, pd->name, p->text);
		p->part = pd;
		p->entry = 1;
		return 0;
	}
	if (!dot) {
		p->field = tz_type_field(t, p->text);
		if (!p->field) {
			if (tz_type_part(t, p->text))
				return fail(err, p->col, _("\"%s\" is a part: name one of its fields, as in %s.%s"),
					    p->text, p->text, tz_type_part(t, p->text)->nfields ?
					    tz_type_part(t, p->text)->fields[0].name : "field");
			return unknown(err, p->col, p->text, t, NULL);
		}
		return 0;
	}
	head = tz_strndup(p->text, (size_t)(dot - p->text));
	p->part = tz_type_part(t, head);
	if (p->part) {
		int col = p->col + (int)tz_utf8_count(head) + 1;
		free(head);
		p->field = tz_part_field(p->part, dot + 1);
		if (!p->field)
			return unknown(err, col, dot + 1, t, p->part);
		return 0;
	}
	p->via = tz_type_field(t, head);
	if (!p->via) {
		int r = unknown(err, p->col, head, t, NULL);
		free(head);
		return r;
	}
	free(head);
	if (p->via->type != TZ_REF || !p->via->target)
		return fail(err, p->col, _("\"%s\" is not a reference, so \"%s\" cannot be followed"),
			    p->via->name, p->text);
	if (!bd->follow_refs)
		return fail(err, p->col, _("\"%s\": following a reference is not allowed here"), p->text);
	if (strchr(dot + 1, '.'))
		return fail(err, p->col, _("\"%s\": only one reference can be followed"), p->text);
	p->field = tz_type_field(p->via->target, dot + 1);
	if (!p->field) {
		int col = p->col + (int)tz_utf8_count(p->via->name) + 1;
		return unknown(err, col, dot + 1, p->via->target, NULL);
	}
	return 0;
}

static int bind_literal(struct tz_operand *o, const struct tz_fdef *f, enum tz_cmp_op op,
			struct tz_expr_error *err)
{
	struct tz_buf q = TZ_BUF_INIT;
	int r = 0;

	if (o->kind == TZ_OPD_TODAY) {
		if (f->type != TZ_DATE)
			r = fail(err, o->col, _("\"%s\" is a date, but %s is not a date field"), o->text, f->name);
		return r;
	}
	if (op == TZ_CONTAINS)
		return 0;
	tz_text_quote(&q, o->text);
	switch (f->type) {
	case TZ_DATE:
		if (tz_date_parse(o->text, NULL) < 0)
			r = fail(err, o->col, _("\"%s\" is not a date (YYYY-MM-DD or today±N), and %s is a date"), tz_buf_cstr(&q), f->name);
		break;
	case TZ_INT:
	case TZ_DECIMAL:
		if (!tz_is_number(o->text))
			r = fail(err, o->col, _("\"%s\" is not a number, and %s is a number"), tz_buf_cstr(&q), f->name);
		break;
	case TZ_BOOL:
		if (strcmp(o->text, "yes") && strcmp(o->text, "no"))
			r = fail(err, o->col, _("\"%s\" is not yes or no, and %s is yes or no"), tz_buf_cstr(&q), f->name);
		break;
	case TZ_ENUM:
		if (tz_fdef_enum_index(f, o->text) < 0) {
			/* a label works too: translate it to its value */
			for (size_t i = 0; f->labels && i < f->nvalues; i++)
				if (!strcmp(f->labels[i], o->text)) {
					free(o->text);
					o->text = tz_strdup(f->values[i]);
					goto out;
				}
			const char *s = tz_suggest(o->text, (const char *const *)f->values, f->nvalues);
			if (s)
				r = fail(err, o->col, _("\"%s\" is not a value of %s (did you mean \"%s\"?)"), tz_buf_cstr(&q), f->name, s);
			else
				r = fail(err, o->col, _("\"%s\" is not a value of %s"), tz_buf_cstr(&q), f->name);
		}
		break;
	default:
		break;
	}
out:
	tz_buf_release(&q);
	return r;
}

/* Whether a value of field a can be compared with one of field b: the same
 * type, or free text with any textual type. */
static int comparable(const struct tz_fdef *a, const struct tz_fdef *b)
{
	int ta = a->type == TZ_TEXT || a->type == TZ_ENUM || a->type == TZ_REF || a->type == TZ_USCC;
	int tb = b->type == TZ_TEXT || b->type == TZ_ENUM || b->type == TZ_REF || b->type == TZ_USCC;

	if (a->type == b->type)
		return a->type != TZ_ENUM || a == b || a->nvalues == 0 || b->nvalues == 0 ||
		       tz_fdef_enum_index(b, a->values[0]) >= 0;
	return (a->type == TZ_TEXT && tb) || (b->type == TZ_TEXT && ta);
}

static int is_enum_word(const struct tz_fdef *f, const char *w)
{
	if (f->type != TZ_ENUM)
		return 0;
	if (tz_fdef_enum_index(f, w) >= 0)
		return 1;
	for (size_t i = 0; f->labels && i < f->nvalues; i++)
		if (!strcmp(f->labels[i], w))
			return 1;
	return 0;
}

static int bind_operand(struct tz_operand *o, const struct tz_path *lhs, enum tz_cmp_op op,
			const struct binder *bd)
{
	const struct tz_fdef *named = NULL;

	if (o->kind == TZ_OPD_TEXT && !o->quoted)
		named = bd->entry ? tz_part_field(bd->entry, o->text) : tz_type_field(bd->t, o->text);
	/* subject_type = project: the enum's value, not the field "project" */
	if (named && op != TZ_CONTAINS && is_enum_word(lhs->field, o->text))
		named = NULL;
	if (named) {
		struct tz_buf q = TZ_BUF_INIT;
		if (!bd->entry && (lhs->part || lhs->via))
			return fail(bd->err, o->col, _("a field can be compared with another field only on the record itself"));
		if (op != TZ_CONTAINS && !comparable(lhs->field, named)) {
			tz_text_quote(&q, o->text);
			fail(bd->err, o->col, _("\"%s\" is ambiguous: it names the field %s (%s), which cannot be compared with %s (%s); "
			     "for the text write \"%s\" in quotes, as in %s %s \"%s\""),
			     tz_buf_cstr(&q), named->name, tz_ftype_name(named->type), lhs->text ? lhs->text : lhs->field->name,
			     tz_ftype_name(lhs->field->type), tz_buf_cstr(&q), lhs->text ? lhs->text : lhs->field->name,
			     tz_cmp_op_name(op), tz_buf_cstr(&q));
			tz_buf_release(&q);
			return -1;
		}
		o->kind = TZ_OPD_FIELD;
		o->path.text = tz_strdup(o->text);
		o->path.col = o->col;
		return bind_path(&o->path, bd);
	}
	return bind_literal(o, lhs->field, op, bd->err);
}

static int bind(struct tz_expr *e, const struct binder *bd)
{
	switch (e->kind) {
	case TZ_E_AND:
	case TZ_E_OR:
		if (bind(e->a, bd) < 0)
			return -1;
		return bind(e->b, bd);
	case TZ_E_NOT:
		return bind(e->a, bd);
	case TZ_E_PART: {
		struct binder inner = *bd;
		if (bd->entry)
			return fail(bd->err, e->lhs.col, _("%s(...) cannot be inside %s(...)"), e->lhs.text, bd->entry->name);
		e->lhs.part = tz_type_part(bd->t, e->lhs.text);
		if (!e->lhs.part) {
			const char **names;
			size_t n;
			const char *sug;
			int r;
			names = tz_calloc(bd->t->nparts + 1, sizeof(*names));
			for (n = 0; n < bd->t->nparts; n++)
				names[n] = bd->t->parts[n].name;
			sug = tz_suggest(e->lhs.text, names, n);
			if (sug)
				r = fail(bd->err, e->lhs.col, _("\"%s(\": %s has no part \"%s\" (did you mean \"%s\"?)"),
					 e->lhs.text, bd->t->name, e->lhs.text, sug);
			else
				r = fail(bd->err, e->lhs.col, _("\"%s(\": %s has no part \"%s\""), e->lhs.text, bd->t->name, e->lhs.text);
			free(names);
			return r;
		}
		inner.entry = e->lhs.part;
		return bind(e->a, &inner);
	}
	default:
		break;
	}
	if (bind_path(&e->lhs, bd) < 0)
		return -1;
	for (size_t i = 0; i < e->nvals; i++)
		if (bind_operand(&e->vals[i], &e->lhs, e->op, bd) < 0)
			return -1;
	return 0;
}

int tz_expr_bind(struct tz_expr *e, const struct tz_type *t, int follow_refs,
		 struct tz_expr_error *err)
{
	struct binder bd = { t, follow_refs, NULL, err };

	return bind(e, &bd);
}
