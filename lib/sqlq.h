/* sqlq.h - the query language compiled to SQL over the index (index.h): a
 * tree bound by tz_expr_bind becomes a WHERE condition that keeps exactly
 * the records tz_expr_eval finds TZ_TRUE, with every value a bound parameter. */
#ifndef TZ_SQLQ_H
#define TZ_SQLQ_H
#include <stddef.h>
#include <sqlite3.h>
#include "buf.h"
#include "expr.h"
#include "schema.h"

enum tz_sqlq_kind { TZ_SQLQ_TEXT, TZ_SQLQ_NUMBER, TZ_SQLQ_INT };

struct tz_sqlq_param {
	enum tz_sqlq_kind kind;
	char *text;		/* TZ_SQLQ_TEXT */
	double num;		/* TZ_SQLQ_NUMBER */
	long long i;		/* TZ_SQLQ_INT */
};

/* SQL text and the values of its parameters ?1, ?2, ... in order. */
struct tz_sqlq {
	struct tz_buf sql;
	struct tz_sqlq_param *params;
	size_t nparams, alloc;
	int alias;		/* table aliases made so far */
	int entry;		/* inside part(...): the alias e<entry> of the entry's row */
	struct tz_calendar *calendar;	/* for today+Nw; NULL: weekends only */
};
#define TZ_SQLQ_INIT { TZ_BUF_INIT, NULL, 0, 0, 0, 0, NULL }

void tz_sqlq_release(struct tz_sqlq *q);

/* Append a placeholder for a new parameter to q->sql. The text is copied. */
void tz_sqlq_text(struct tz_sqlq *q, const char *s);
void tz_sqlq_number(struct tz_sqlq *q, double x);
void tz_sqlq_int(struct tz_sqlq *q, long long x);

/*
 * Append to q->sql a condition on row "t" of type t's table that holds
 * exactly where tz_expr_eval(e) is TZ_TRUE, with the three-valued logic of
 * eval.c: a comparison with an absent field (or a value its field's type
 * cannot compare) is unknown, parts and multiple refs mean "some item",
 * and `today` is day number today. e must be bound to t.
 */
void tz_sqlq_where(struct tz_sqlq *q, const struct tz_expr *e, const struct tz_type *t, long today);

/* Bind q's parameters to st. Returns SQLITE_OK or an SQLite error code. */
int tz_sqlq_bind(const struct tz_sqlq *q, sqlite3_stmt *st);

/* Register the SQL functions compiled conditions call (tz_num, tz_date) on
 * db. Returns 0 or -1. */
int tz_sqlq_register(sqlite3 *db);

/* Register tz_workdays(a, b), which conditions with workdays(a, b) call,
 * counting with calendar c (borrowed: it must outlive the connection's use;
 * NULL counts weekends only). Returns 0 or -1. */
struct tz_calendar;
int tz_sqlq_register_calendar(sqlite3 *db, struct tz_calendar *c);

/* A column of a query's result. */
struct tz_sqlq_column {
	char *name;			/* "id", "status", "unit.name", "count" */
	const struct tz_fdef *field;	/* the field shown; NULL for id and count */
	int numeric;
};

struct tz_sqlq_query {
	const struct tz_type *type;
	const struct tz_expr *where;	/* bound with follow_refs; NULL: every record */
	const char *fields;		/* "id,title,unit.name"; NULL: a default set */
	const char *sort;		/* "deadline,-status"; NULL: by id */
	const char *group_by;		/* a field: one row per value with its count */
	int count;			/* just the number of records */
	long long limit;		/* < 0: no limit */
	long today;
	struct tz_calendar *calendar;	/* for today+Nw; NULL: weekends only */
};

/* Where a --fields, --sort or --group-by list has a bad name. */
struct tz_sqlq_error {
	const char *option;	/* "fields", "sort" or "group-by" */
	struct tz_expr_error e;	/* col: in that option's text */
};

/*
 * The SELECT for query qq into q, and its columns into *cols (*ncols of
 * them; free with tz_sqlq_columns_free). Fields are field names, "id", a
 * followed ref ("unit.name"), or a part field ("log.action": its values
 * joined by ", "). Enums sort in the order the schema lists their values;
 * empty values sort last. Returns 0, or -1 with err set.
 */
int tz_sqlq_select(struct tz_sqlq *q, struct tz_sqlq_column **cols, size_t *ncols,
		   const struct tz_sqlq_query *qq, struct tz_sqlq_error *err);

void tz_sqlq_columns_free(struct tz_sqlq_column *cols, size_t n);

/* The fields a query shows by default, appended to out as a --fields list:
 * id, the title field, and up to four required fields that are not free
 * text, those with transitions and the owner field first. */
void tz_sqlq_default_fields(struct tz_buf *out, const struct tz_type *t);

#endif
