/* sqlauth.c - libFuzzer target for the SQL sandbox (db.h): any statement
 * either is refused or runs without writing, and the data stays as it was. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "db.h"

static sqlite3 *db;

/* Bound the work of one statement (recursive CTEs, huge joins). */
static int stop_after(void *payload)
{
	int *ticks = payload;
	return ++*ticks > 2000;
}

static long long count(const char *sql)
{
	sqlite3_stmt *st = NULL;
	long long n = -1;

	/* counted outside the sandbox's authorizer */
	sqlite3_set_authorizer(db, NULL, NULL);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_set_authorizer(db, tz_db_authorize, NULL);
	return n;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (tz_db_open(&db, ":memory:", 0) != SQLITE_OK ||
	    sqlite3_exec(db, "CREATE TABLE issue(_rowid INTEGER PRIMARY KEY, id TEXT, status TEXT, amount NUMERIC);"
			 " INSERT INTO issue VALUES (1, 'ISS-0001', 'open', 12.5), (2, 'ISS-0002', 'closed', NULL);"
			 " CREATE TABLE tz_meta(key TEXT PRIMARY KEY, value TEXT); INSERT INTO tz_meta VALUES ('format', '1');"
			 " CREATE VIRTUAL TABLE issue_fts USING fts5(status, tokenize = 'trigram');"
			 " INSERT INTO issue_fts VALUES ('open'), ('closed');", NULL, NULL, NULL) != SQLITE_OK ||
	    tz_db_sandbox(db) < 0)
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *sql = malloc(size + 1);
	sqlite3_stmt *st = NULL;
	int ticks = 0;

	memcpy(sql, data, size);
	sql[size] = '\0';
	if (tz_db_prepare_sandboxed(&st, db, sql) == 0) {
		if (!sqlite3_stmt_readonly(st))
			abort();
		sqlite3_progress_handler(db, 100, stop_after, &ticks);
		while (sqlite3_step(st) == SQLITE_ROW)
			;
		sqlite3_progress_handler(db, 0, NULL, NULL);
	}
	sqlite3_finalize(st);
	free(sql);
	if (count("SELECT count(*) FROM issue") != 2 || count("SELECT count(*) FROM tz_meta") != 1 ||
	    count("SELECT count(*) FROM issue_fts") != 2 || !sqlite3_get_autocommit(db))
		abort();
	return 0;
}
