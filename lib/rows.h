/* rows.h - the rows of one SQL statement, for a tool that prints them
 * without speaking SQLite: the library prepares the statement (index.h),
 * the tool walks the rows and their text. */
#ifndef TZ_ROWS_H
#define TZ_ROWS_H
#include <stddef.h>
#include <sqlite3.h>

struct tz_rows;

/* What tz_rows_next and the functions that make rows return on an error
 * when SQLite says the file is damaged: the caller may rebuild the index
 * and ask again. Any other error is -1. */
#define TZ_ROWS_DAMAGED (-2)

/*
 * Rows of st (prepared and bound on db; the rows own it from now on, even
 * on error), reporting a failed step as errfmt with SQLite's message as its
 * one %s. For the library's modules; a tool gets its rows from them.
 */
struct tz_rows *tz_rows_new(sqlite3 *db, sqlite3_stmt *st, const char *errfmt);

/* Step to the next row: 1 when there is one, 0 at the end, -1 or
 * TZ_ROWS_DAMAGED with tz_error_last() set. */
int tz_rows_next(struct tz_rows *r);

/* The number of columns and the name of column i (borrowed, valid until
 * tz_rows_free). */
size_t tz_rows_columns(const struct tz_rows *r);
const char *tz_rows_name(const struct tz_rows *r, size_t i);

/* Column i of the current row as text, NULL for an SQL NULL; valid until
 * the next tz_rows_next. */
const char *tz_rows_text(struct tz_rows *r, size_t i);

/* Whether column i of the current row is a number (INTEGER or REAL). */
int tz_rows_is_number(struct tz_rows *r, size_t i);

/* tz_rows_free(NULL) does nothing. */
void tz_rows_free(struct tz_rows *r);

#endif
