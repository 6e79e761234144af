/* sqlname.h - the names of the index's tables, and SQL identifiers quoted:
 * the one place that says how a record type becomes a table name. */
#ifndef TZ_SQLNAME_H
#define TZ_SQLNAME_H
#include "buf.h"
#include "schema.h"

/* Append name to b as a quoted SQL identifier ("a""b"), whatever it holds. */
void tz_sqlname_ident(struct tz_buf *b, const char *name);

/* Append s to b as an SQL string literal ('it''s'). */
void tz_sqlname_literal(struct tz_buf *b, const char *s);

/* Append to b the unquoted name of one of type t's tables in the index:
 * (t, NULL, NULL) is "issue", (t, "log", NULL) "issue_log" (a part),
 * (t, "co_units", NULL) the items of a multiple ref, (t, "log", "f") the
 * items of a multiple ref of a part, (t, "fts", NULL) the full-text table. */
void tz_sqlname_table(struct tz_buf *b, const struct tz_type *t, const char *sub, const char *sub2);

/* The same name, quoted, appended to b. */
void tz_sqlname_table_ident(struct tz_buf *b, const struct tz_type *t, const char *sub, const char *sub2);

/* The same unquoted name as a new string; the caller frees it. */
char *tz_sqlname_table_dup(const struct tz_type *t, const char *sub, const char *sub2);

#endif
