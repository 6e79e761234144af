/* rows.c - a statement's rows handed to a tool, with the error said as the
 * statement's owner wants it said. */
#include <stdlib.h>
#include "buf.h"
#include "db.h"
#include "error.h"
#include "rows.h"

struct tz_rows {
	sqlite3 *db;
	sqlite3_stmt *st;
	char *errfmt;
};

struct tz_rows *tz_rows_new(sqlite3 *db, sqlite3_stmt *st, const char *errfmt)
{
	struct tz_rows *r = tz_calloc(1, sizeof(*r));

	r->db = db;
	r->st = st;
	r->errfmt = tz_strdup(errfmt);
	return r;
}

int tz_rows_next(struct tz_rows *r)
{
	int rc = sqlite3_step(r->st);

	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	tz_error_set(r->errfmt, sqlite3_errmsg(r->db));
	return tz_db_is_damage(rc) ? TZ_ROWS_DAMAGED : -1;
}

size_t tz_rows_columns(const struct tz_rows *r)
{
	return (size_t)sqlite3_column_count(r->st);
}

const char *tz_rows_name(const struct tz_rows *r, size_t i)
{
	return sqlite3_column_name(r->st, (int)i);
}

const char *tz_rows_text(struct tz_rows *r, size_t i)
{
	return (const char *)sqlite3_column_text(r->st, (int)i);
}

int tz_rows_is_number(struct tz_rows *r, size_t i)
{
	int type = sqlite3_column_type(r->st, (int)i);
	return type == SQLITE_INTEGER || type == SQLITE_FLOAT;
}

void tz_rows_free(struct tz_rows *r)
{
	if (!r)
		return;
	sqlite3_finalize(r->st);
	free(r->errfmt);
	free(r);
}
