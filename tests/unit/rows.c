/* rows.c - unit tests of a statement's rows as a tool reads them: names,
 * text, NULL, numbers, the end, and an error said the owner's way. */
#include <string.h>
#include <sqlite3.h>
#include "error.h"
#include "rows.h"
#include "tap.h"

static struct tz_rows *rows(sqlite3 *db, const char *sql, const char *errfmt)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return NULL;
	return tz_rows_new(db, st, errfmt);
}

static void test_rows__walk(sqlite3 *db)
{
	struct tz_rows *r = rows(db, "SELECT 'a' AS name, 2 AS n, NULL AS z UNION ALL SELECT 'b', 2.5, 'x'", "%s");

	if (!r) {
		ok(0, "the statement prepares");
		return;
	}
	is_int((int)tz_rows_columns(r), 3, "three columns");
	is_str(tz_rows_name(r, 1), "n", "named as the statement names them");
	is_int(tz_rows_next(r), 1, "a first row");
	is_str(tz_rows_text(r, 0), "a", "its text");
	ok(tz_rows_is_number(r, 1), "an integer is a number");
	ok(!tz_rows_is_number(r, 0), "text is not");
	ok(tz_rows_text(r, 2) == NULL, "NULL is NULL");
	is_int(tz_rows_next(r), 1, "a second row");
	ok(tz_rows_is_number(r, 1), "a real is a number");
	is_str(tz_rows_text(r, 1), "2.5", "as text");
	is_int(tz_rows_next(r), 0, "then the end");
	tz_rows_free(r);
	tz_rows_free(NULL);
}

static void test_rows__error(sqlite3 *db)
{
	struct tz_rows *r = rows(db, "SELECT abs(-9223372036854775807 - 1)", "query failed: %s");

	if (!r) {
		ok(0, "the statement prepares");
		return;
	}
	is_int(tz_rows_next(r), -1, "a failing step is -1");
	is_str(tz_error_last(), "query failed: integer overflow", "said as the owner says it");
	tz_rows_free(r);
}

int main(void)
{
	sqlite3 *db = NULL;

	if (sqlite3_open(":memory:", &db) != SQLITE_OK) {
		printf("Bail out! cannot open SQLite in memory\n");
		return 1;
	}
	test_rows__walk(db);
	test_rows__error(db);
	sqlite3_close(db);
	return tap_done();
}
