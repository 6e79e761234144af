/* sqlname.c - unit tests of the index's table names and quoted SQL
 * identifiers: a name with quotes or spaces must stay one identifier. */
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include "sqlname.h"
#include "tap.h"

static void test_sqlname__ident(void)
{
	struct tz_buf b = TZ_BUF_INIT;

	tz_sqlname_ident(&b, "status");
	is_str(b.ptr, "\"status\"", "a plain name is quoted");
	tz_buf_clear(&b);
	tz_sqlname_ident(&b, "a\"b");
	is_str(b.ptr, "\"a\"\"b\"", "a double quote is doubled");
	tz_buf_clear(&b);
	tz_sqlname_ident(&b, "");
	is_str(b.ptr, "\"\"", "an empty name is an empty identifier");
	tz_buf_release(&b);
}

static void test_sqlname__literal(void)
{
	struct tz_buf b = TZ_BUF_INIT;

	tz_sqlname_literal(&b, "it's");
	is_str(b.ptr, "'it''s'", "a single quote is doubled");
	tz_buf_clear(&b);
	tz_sqlname_literal(&b, "a\"b");
	is_str(b.ptr, "'a\"b'", "a double quote stays");
	tz_buf_release(&b);
}

static void test_sqlname__tables(void)
{
	struct tz_type t = { .name = "issue" };
	struct tz_buf b = TZ_BUF_INIT;
	char *s;

	tz_sqlname_table(&b, &t, NULL, NULL);
	is_str(b.ptr, "issue", "the record table is the type's name");
	tz_buf_clear(&b);
	tz_sqlname_table(&b, &t, "log", NULL);
	is_str(b.ptr, "issue_log", "a part's table");
	tz_buf_clear(&b);
	tz_sqlname_table(&b, &t, "log", "helpers");
	is_str(b.ptr, "issue_log_helpers", "the items of a part's multiple ref");
	tz_buf_clear(&b);
	tz_sqlname_table_ident(&b, &t, "fts", NULL);
	is_str(b.ptr, "\"issue_fts\"", "quoted table name");
	s = tz_sqlname_table_dup(&t, "co_units", NULL);
	is_str(s, "issue_co_units", "a multiple ref's items, as a new string");
	free(s);
	tz_buf_release(&b);
}

/* SQLite itself reads the quoted name back as the same identifier. */
static void test_sqlname__round_trip(void)
{
	static const char *const names[] = { "a\"b", "x y", "select", "状态", "\"\"" };
	sqlite3 *db = NULL;

	sqlite3_open(":memory:", &db);
	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++) {
		struct tz_buf sql = TZ_BUF_INIT;
		sqlite3_stmt *st = NULL;

		tz_buf_puts(&sql, "SELECT 1 AS ");
		tz_sqlname_ident(&sql, names[i]);
		ok(sqlite3_prepare_v2(db, sql.ptr, -1, &st, NULL) == SQLITE_OK, "%s prepares", sql.ptr);
		is_str(st ? sqlite3_column_name(st, 0) : NULL, names[i], "the column is named %s", names[i]);
		sqlite3_finalize(st);
		tz_buf_release(&sql);
	}
	sqlite3_close(db);
}

int main(void)
{
	test_sqlname__ident();
	test_sqlname__literal();
	test_sqlname__tables();
	test_sqlname__round_trip();
	return tap_done();
}
