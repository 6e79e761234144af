/* expr.h - the query language of DESIGN.md: a parser to a tree, a binder that
 * resolves names against a record type, and (eval.h) an evaluator. The query
 * command compiles the same bound tree to SQL with bound parameters. */
#ifndef TZ_EXPR_H
#define TZ_EXPR_H
#include <stddef.h>
#include "type.h"

enum tz_expr_kind {
	TZ_E_AND, TZ_E_OR, TZ_E_NOT,
	TZ_E_CMP,	/* path op operand */
	TZ_E_IN,	/* path in (operand, ...) */
	TZ_E_EMPTY,	/* path is empty */
	TZ_E_NOTEMPTY,	/* path is not empty */
	TZ_E_PART	/* part(cond): some entry of the part satisfies cond; lhs
			   names the part (lhs.part), a is cond, bound to the
			   entry's fields (their paths have entry set) */
};

enum tz_cmp_op { TZ_EQ, TZ_NE, TZ_LT, TZ_LE, TZ_GT, TZ_GE, TZ_CONTAINS };

struct tz_operand;

/* What an expression's left side may call instead of naming a field. */
enum tz_func { TZ_FN_NONE, TZ_FN_WORKDAYS };

/* A field named in an expression: "status", "unit.name" (follows a ref) or
 * "log.action" (some entry of a part), "action" inside log(...) (the
 * entry's field), or workdays(a, b) (the working days from date a to date
 * b, calendar.h; args are two operands). Set by tz_expr_bind. */
struct tz_path {
	char *text;
	int col;
	const struct tz_fdef *field;	/* the field compared (of the type, the part or the target type) */
	const struct tz_fdef *via;	/* the ref field followed, or NULL */
	const struct tz_partdef *part;	/* the part, or NULL */
	int entry;			/* a field of the entry that part(...) is at */
	enum tz_func func;
	struct tz_operand *args;	/* TZ_FN_WORKDAYS: two dates */
};

enum tz_operand_kind { TZ_OPD_TEXT, TZ_OPD_FIELD, TZ_OPD_TODAY };

struct tz_operand {
	enum tz_operand_kind kind;
	char *text;		/* as written (unquoted) */
	int quoted;
	int col;
	long today_offset;	/* TZ_OPD_TODAY: days added to today */
	int workdays;		/* TZ_OPD_TODAY: ... working days (today+5w) */
	struct tz_path path;	/* TZ_OPD_FIELD */
};

struct tz_expr {
	enum tz_expr_kind kind;
	int col;
	struct tz_expr *a, *b;	/* AND, OR: both; NOT: a */
	struct tz_path lhs;
	enum tz_cmp_op op;
	struct tz_operand *vals;	/* CMP: one; IN: nvals */
	size_t nvals;
};

struct tz_expr_error {
	int col;		/* 1-based column in characters */
	char msg[512];
};

/* Parse src into *out. Returns 0, or -1 with err set (*out is NULL). Free the
 * tree with tz_expr_free. */
int tz_expr_parse(struct tz_expr **out, const char *src, struct tz_expr_error *err);

/* The field workdays(a, b) compares as: an int called "workdays". */
extern const struct tz_fdef tz_workdays_field;

/* Resolve every name against type t (and, when follow_refs, against the
 * types its refs point to), and check each literal against the field's type
 * (`"2026-13-01" is not a date`). Compared with an enum field, a bare word
 * that is one of its values or labels is that value, even where a field has
 * the name (subject_type = project); a bare word that names a field whose
 * type cannot be compared with the left side is refused with the quoted
 * form in the message. Returns 0, or -1 with err set. */
int tz_expr_bind(struct tz_expr *e, const struct tz_type *t, int follow_refs,
		 struct tz_expr_error *err);

void tz_expr_free(struct tz_expr *e);

const char *tz_cmp_op_name(enum tz_cmp_op op);

#endif
