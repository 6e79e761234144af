/* eval.h - evaluating a bound expression over one parsed record, with the
 * three-valued logic of DESIGN.md: a comparison with an absent field is
 * unknown, and an unknown rule check passes. */
#ifndef TZ_EVAL_H
#define TZ_EVAL_H
#include "expr.h"
#include "record.h"

struct tz_calendar;

enum tz_truth { TZ_FALSE = 0, TZ_TRUE = 1, TZ_UNKNOWN = -1 };

struct tz_eval_ctx {
	const struct tz_type *type;
	const struct tz_record *rec;	/* its first section is the main one */
	long today;			/* day number, see date.h */
	/* Follow a ref: the main section of record id of type t, or NULL. */
	const struct tz_section *(*lookup)(void *payload, const struct tz_type *t, const char *id);
	void *payload;
	struct tz_calendar *calendar;	/* for workdays() and today+Nw; NULL: weekends only */
	const struct tz_section *entry;	/* inside part(...): the entry at hand */
};

/* Evaluate e (bound to ctx->type) over ctx->rec. Parts and multiple refs
 * mean "some entry": log.action = urge is true when any entry has it;
 * log(action = urge and date >= D) is true when one entry has both, false
 * when every entry (or none at all) makes the condition false. */
enum tz_truth tz_expr_eval(const struct tz_expr *e, const struct tz_eval_ctx *ctx);

/* The day number a TZ_OPD_TODAY operand stands for: today plus its offset
 * in days, or in working days of calendar c (today+5w; c may be NULL). */
long tz_operand_day(const struct tz_operand *o, long today, struct tz_calendar *c);

/* Compare two values as field type f compares them (numbers as numbers,
 * dates as dates); returns <0, 0, >0, or TZ_CMP_UNKNOWN when either does not
 * parse as the type. */
#define TZ_CMP_UNKNOWN 1000
int tz_value_compare(const struct tz_fdef *f, const char *a, const char *b);

/* Whether a comparison result c satisfies op (not for TZ_CONTAINS). */
int tz_cmp_holds(enum tz_cmp_op op, int c);

#endif
