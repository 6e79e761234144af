/* value.h - the checks a value must pass for its field's type and options;
 * shared by validation (check.c), the query binder (expr.c) and the index. */
#ifndef TZ_VALUE_H
#define TZ_VALUE_H
#include "buf.h"
#include "type.h"

/*
 * Check one value against its field definition (everything but `unique`,
 * references and `required`). Returns 0 when it is valid; otherwise writes a
 * message such as `"done" is not one of open, closed` to msg and returns -1.
 */
int tz_fdef_check_value(const struct tz_fdef *f, const char *value, struct tz_buf *msg);

/* Whether s is a calendar date YYYY-MM-DD; a number as DESIGN.md defines. */
int tz_is_date(const char *s);
int tz_is_number(const char *s);

#endif
