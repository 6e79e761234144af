/* db.c - unit tests of the index's SQLite file: many connections opening a
 * new file at once (issue 13.1), damage, key-value tables, the sandbox. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "db.h"
#include "error.h"
#include "tap.h"

#define READERS 12
#define ROUNDS 150

static char dir[] = "/tmp/tz-unit-db-XXXXXX";
static char path[64];
static pthread_barrier_t start;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int failures;
static char first_failure[256];

/* One connection as a command makes it: open, then read and write the
 * file the way a refresh does (BEGIN IMMEDIATE), then read. */
static void *connection(void *arg)
{
	sqlite3 *db = NULL;
	int rc;

	(void)arg;
	pthread_barrier_wait(&start);
	rc = tz_db_open(&db, path, 0);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db, "BEGIN IMMEDIATE; CREATE TABLE IF NOT EXISTS t(x);"
				  " INSERT INTO t VALUES (1); COMMIT", NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db, "SELECT count(*) FROM t", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		pthread_mutex_lock(&lock);
		if (!failures++)
			snprintf(first_failure, sizeof(first_failure), "%s",
				 db ? sqlite3_errmsg(db) : tz_error_last());
		pthread_mutex_unlock(&lock);
	}
	sqlite3_close(db);
	return NULL;
}

static void test_db__fresh_file_race(void)
{
	pthread_t t[READERS];

	for (int round = 0; round < ROUNDS; round++) {
		tz_db_remove(path);
		pthread_barrier_init(&start, NULL, READERS);
		for (int i = 0; i < READERS; i++)
			pthread_create(&t[i], NULL, connection, NULL);
		for (int i = 0; i < READERS; i++)
			pthread_join(t[i], NULL);
		pthread_barrier_destroy(&start);
	}
	is_int(failures, 0, "%d connections opening a new file at once, %d rounds: no failure%s%s",
	       READERS, ROUNDS, failures ? ": " : "", first_failure);
}

static void test_db__wal_and_readonly(void)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	int rc;

	tz_db_remove(path);
	ok(tz_db_open(&db, path, 0) == SQLITE_OK, "opens a new file");
	sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, NULL);
	ok(sqlite3_step(st) == SQLITE_ROW && !strcmp((const char *)sqlite3_column_text(st, 0), "wal"),
	   "in WAL mode");
	sqlite3_finalize(st);
	sqlite3_exec(db, "CREATE TABLE t(x)", NULL, NULL, NULL);
	sqlite3_close(db);

	ok(tz_db_open(&db, path, TZ_DB_READONLY) == SQLITE_OK, "opens read-only");
	rc = sqlite3_exec(db, "INSERT INTO t VALUES (1)", NULL, NULL, NULL);
	ok(rc != SQLITE_OK, "a read-only connection cannot write (%s)", sqlite3_errstr(rc));
	sqlite3_close(db);
}

static void test_db__damage(void)
{
	sqlite3 *db = NULL;
	FILE *f;
	int rc;

	tz_db_remove(path);
	f = fopen(path, "w");
	fputs("this is not a database, but long enough to have a header ............................"
	      "...............................................................................", f);
	fclose(f);
	rc = tz_db_open(&db, path, 0);
	ok(rc != SQLITE_OK && db == NULL, "a damaged file does not open");
	ok(tz_db_is_damage(rc), "and the error says it is damaged (%s)", tz_error_last());
	ok(!tz_db_is_unwritable(rc), "not that it cannot be written");
	ok(tz_db_is_unwritable(SQLITE_READONLY) && tz_db_is_unwritable(SQLITE_FULL), "read-only or full is unwritable");
	ok(!tz_db_is_damage(SQLITE_BUSY), "busy is not damage");
	tz_db_remove(path);
	ok(access(path, F_OK) < 0, "tz_db_remove removes the file");
	ok(tz_db_open(&db, path, 0) == SQLITE_OK, "a new file opens in its place");
	sqlite3_close(db);
}

static void test_db__meta(void)
{
	struct tz_buf v = TZ_BUF_INIT;
	sqlite3 *db = NULL;

	tz_db_open(&db, ":memory:", 0);
	is_int(tz_db_meta_get(db, "kv", "a", &v), 1, "a missing table reads as an absent key");
	sqlite3_exec(db, "CREATE TABLE kv(key TEXT PRIMARY KEY, value TEXT)", NULL, NULL, NULL);
	is_int(tz_db_meta_get(db, "kv", "a", &v), 1, "an absent key");
	is_int(tz_db_meta_set(db, "kv", "a", "1"), 0, "set");
	is_int(tz_db_meta_set(db, "kv", "a", "two"), 0, "set again");
	is_int(tz_db_meta_get(db, "kv", "a", &v), 0, "get");
	is_str(v.ptr, "two", "the last value wins");
	is_int(tz_db_meta_set(db, "kv", "a", NULL), 0, "delete");
	is_int(tz_db_meta_get(db, "kv", "a", &v), 1, "gone");
	ok(tz_db_meta_set(db, "nope", "a", "1") < 0, "a missing table cannot be written");
	sqlite3_close(db);
	tz_buf_release(&v);
}

/* A statement on the sandbox: 0 when it prepared, -1 when refused. */
static int sandboxed(sqlite3 *db, const char *sql, const char *want_error)
{
	sqlite3_stmt *st = NULL;
	int r = tz_db_prepare_sandboxed(&st, db, sql);

	if (r == 0)
		while (sqlite3_step(st) == SQLITE_ROW)
			;
	sqlite3_finalize(st);
	if (want_error)
		is_str(r < 0 ? tz_error_last() : "(prepared)", want_error, "refused: %s", sql);
	else
		ok(r == 0, "allowed: %s%s%s", sql, r ? ": " : "", r ? tz_error_last() : "");
	return r;
}

static void test_db__sandbox(void)
{
	static const char *const allowed[] = {
		"SELECT count(*), sum(x), group_concat(y) FROM t",
		"SELECT upper(y), length(y), substr(y, 1, 1), date('2026-06-30', '+1 day') FROM t",
		"SELECT json_object('a', x) FROM t",
		"SELECT * FROM f WHERE f MATCH 'abc'",
		"SELECT highlight(f, 0, '[', ']') FROM f WHERE f MATCH 'abc'",
		"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3) SELECT i FROM n",
		"SELECT row_number() OVER (ORDER BY x) FROM t",
		"PRAGMA table_info(t)",
		"PRAGMA user_version",
	};
	static const struct { const char *sql, *err; } refused[] = {
		{ "SELECT hex(fts3_tokenizer('simple'))", "only statements that read are allowed (not authorized to use function: fts3_tokenizer)" },
		{ "SELECT fts3_tokenizer('x', X'0000000000000000')", "only statements that read are allowed (not authorized to use function: fts3_tokenizer)" },
		{ "SELECT load_extension('/tmp/x.so')", "only statements that read are allowed (not authorized to use function: load_extension)" },
		{ "SELECT zeroblob(1000000000)", "only statements that read are allowed (not authorized to use function: zeroblob)" },
		{ "SELECT length(randomblob(1000000000))", "only statements that read are allowed (not authorized to use function: randomblob)" },
		{ "INSERT INTO t VALUES (3, 'x')", "only statements that read are allowed (not authorized)" },
		{ "DELETE FROM t", "only statements that read are allowed (not authorized)" },
		{ "DROP TABLE t", "only statements that read are allowed (not authorized)" },
		{ "ATTACH '/tmp/x.db' AS x", "only statements that read are allowed (not authorized)" },
		{ "PRAGMA user_version = 3", "only statements that read are allowed (not authorized)" },
		{ "PRAGMA writable_schema = 1", "only statements that read are allowed (not authorized)" },
		{ "SELECT 1; SELECT 2", "one statement at a time" },
		{ "  ;  ", "no statement to run" },
		{ "SELEKT 1", "near \"SELEKT\": syntax error" },
	};
	sqlite3 *db = NULL;

	tz_db_open(&db, ":memory:", 0);
	sqlite3_exec(db, "CREATE TABLE t(x INTEGER, y TEXT); INSERT INTO t VALUES (1, 'abcd'), (2, 'ef');"
		     " CREATE VIRTUAL TABLE f USING fts5(y, tokenize = 'trigram'); INSERT INTO f VALUES ('abcd')",
		     NULL, NULL, NULL);
	is_int(tz_db_sandbox(db), 0, "the sandbox is set up");
	for (size_t i = 0; i < sizeof(allowed) / sizeof(*allowed); i++)
		sandboxed(db, allowed[i], NULL);
	for (size_t i = 0; i < sizeof(refused) / sizeof(*refused); i++)
		sandboxed(db, refused[i].sql, refused[i].err);
	sandboxed(db, "SELECT count(*) FROM t", NULL);
	ok(tz_db_authorize(NULL, SQLITE_FUNCTION, NULL, "FTS3_TOKENIZER", NULL, NULL) == SQLITE_DENY,
	   "function names are compared without case");
	ok(tz_db_authorize(NULL, SQLITE_FUNCTION, NULL, NULL, NULL, NULL) == SQLITE_DENY,
	   "a function without a name is denied");
	sqlite3_close(db);
}

int main(void)
{
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 2;
	}
	snprintf(path, sizeof(path), "%s/index.sqlite", dir);
	test_db__fresh_file_race();
	test_db__wal_and_readonly();
	test_db__damage();
	test_db__meta();
	test_db__sandbox();
	tz_db_remove(path);
	rmdir(dir);
	return tap_done();
}
