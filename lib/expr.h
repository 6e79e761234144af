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
	TZ_E_NOTEMPTY	/* path is not empty */
};

enum tz_cmp_op { TZ_EQ, TZ_NE, TZ_LT, TZ_LE, TZ_GT, TZ_GE, TZ_CONTAINS };

/* A field named in an expression: "status", "unit.name" (follows a ref) or
 * "log.action" (some entry of a part). Set by tz_expr_bind. */
struct tz_path {
	char *text;
	int col;
	const struct tz_fdef *field;	/* the field compared (of the type, the part or the target type) */
	const struct tz_fdef *via;	/* the ref field followed, or NULL */
	const struct tz_partdef *part;	/* the part, or NULL */
};

enum tz_operand_kind { TZ_OPD_TEXT, TZ_OPD_FIELD, TZ_OPD_TODAY };

struct tz_operand {
	enum tz_operand_kind kind;
	char *text;		/* as written (unquoted) */
	int quoted;
	int col;
	long today_offset;	/* TZ_OPD_TODAY: days added to today */
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

/* Resolve every name against type t (and, when follow_refs, against the
 * types its refs point to), and check each literal against the field's type
 * (`"2026-13-01" is not a date`). Returns 0, or -1 with err set. */
int tz_expr_bind(struct tz_expr *e, const struct tz_type *t, int follow_refs,
		 struct tz_expr_error *err);

void tz_expr_free(struct tz_expr *e);

const char *tz_cmp_op_name(enum tz_cmp_op op);

#endif
