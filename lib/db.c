/* db.c - the one way to open the index's SQLite file (flags, pragmas, busy
 * waits), what its errors mean, its key-value tables, and the SQL sandbox. */
#include <errno.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "db.h"
#include "error.h"
#include "i18n.h"
#include "sqlname.h"

int tz_db_path(struct tz_buf *out, const struct tz_repo *repo)
{
	size_t at = out->len;

	tz_buf_printf(out, "%staizhang", repo->gitdir);
	if (mkdir(out->ptr + at, 0777) < 0 && errno != EEXIST)
		return tz_error_set(_("cannot make %s: %s"), out->ptr + at, strerror(errno));
	tz_buf_puts(out, "/index.sqlite");
	return 0;
}

static int db_fail(sqlite3 *db, int rc, const char *what)
{
	tz_error_set(_("index %s: %s"), _(what), db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
	return rc;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * Switching a new file to WAL takes a write lock while the statement holds
 * a read lock; when another connection holds a read lock too, SQLite
 * returns SQLITE_BUSY at once instead of calling the busy handler (waiting
 * could deadlock two such upgrades). So wait here, with the lock released
 * between tries, as long as the busy timeout. Once one connection has
 * switched the file, the others find it in WAL mode and change nothing.
 */
static int set_wal(sqlite3 *db)
{
	long long deadline = now_ms() + TZ_DB_BUSY_TIMEOUT_MS;
	useconds_t delay = 1000;
	int rc;

	for (;;) {
		rc = sqlite3_exec(db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
		if (((rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED) || now_ms() >= deadline)
			return rc;
		usleep(delay);
		if (delay < 50000)
			delay *= 2;
	}
}

int tz_db_open(sqlite3 **out, const char *path, unsigned flags)
{
	int readonly = flags & TZ_DB_READONLY;
	int memory = !strcmp(path, ":memory:");
	sqlite3 *db = NULL;
	int rc;

	*out = NULL;
	rc = sqlite3_open_v2(path, &db, (readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
			     SQLITE_OPEN_NOFOLLOW, NULL);
	if (rc != SQLITE_OK) {
		db_fail(db, rc, N_("cannot be opened"));
		sqlite3_close(db);
		return rc;
	}
	sqlite3_busy_timeout(db, TZ_DB_BUSY_TIMEOUT_MS);
	if (readonly)
		rc = sqlite3_exec(db, "PRAGMA query_only = 1", NULL, NULL, NULL);
	else if (!memory && (rc = set_wal(db)) == SQLITE_OK)
		rc = sqlite3_exec(db, "PRAGMA synchronous = NORMAL", NULL, NULL, NULL);
	if (rc == SQLITE_OK && !readonly)
		rc = sqlite3_exec(db, "PRAGMA cache_size = -32768", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		db_fail(db, rc, N_("statement failed"));
		sqlite3_close(db);
		return rc;
	}
	*out = db;
	return SQLITE_OK;
}

int tz_db_is_damage(int rc)
{
	rc &= 0xff;
	return rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB;
}

int tz_db_is_unwritable(int rc)
{
	rc &= 0xff;
	return rc == SQLITE_READONLY || rc == SQLITE_CANTOPEN || rc == SQLITE_PERM ||
	       rc == SQLITE_IOERR || rc == SQLITE_AUTH || rc == SQLITE_FULL;
}

void tz_db_remove(const char *path)
{
	static const char *const tails[] = { "", "-wal", "-shm", "-journal" };
	struct tz_buf b = TZ_BUF_INIT;

	for (size_t i = 0; i < sizeof(tails) / sizeof(*tails); i++) {
		tz_buf_clear(&b);
		tz_buf_printf(&b, "%s%s", path, tails[i]);
		unlink(b.ptr);
	}
	tz_buf_release(&b);
}

/* --- key-value tables --- */

static int table_exists(sqlite3 *db, const char *table)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1", -1, &st, NULL) != SQLITE_OK)
		return tz_error_set(_("index cannot be read: %s"), sqlite3_errmsg(db));
	sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return tz_error_set(_("index cannot be read: %s"), sqlite3_errmsg(db));
	return rc == SQLITE_ROW;
}

int tz_db_meta_get(sqlite3 *db, const char *table, const char *key, struct tz_buf *out)
{
	struct tz_buf sql = TZ_BUF_INIT;
	sqlite3_stmt *st = NULL;
	int rc;

	tz_buf_clear(out);
	rc = table_exists(db, table);
	if (rc <= 0)
		return rc < 0 ? -1 : 1;
	tz_buf_puts(&sql, "SELECT value FROM ");
	tz_sqlname_ident(&sql, table);
	tz_buf_puts(&sql, " WHERE key = ?1");
	rc = sqlite3_prepare_v2(db, sql.ptr, -1, &st, NULL);
	tz_buf_release(&sql);
	if (rc != SQLITE_OK)
		return tz_error_set(_("index cannot be read: %s"), sqlite3_errmsg(db));
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		if (sqlite3_column_text(st, 0))
			tz_buf_puts(out, (const char *)sqlite3_column_text(st, 0));
		rc = 0;
	} else if (rc == SQLITE_DONE) {
		rc = 1;
	} else {
		rc = tz_error_set(_("index cannot be read: %s"), sqlite3_errmsg(db));
	}
	sqlite3_finalize(st);
	return rc;
}

int tz_db_meta_set(sqlite3 *db, const char *table, const char *key, const char *value)
{
	struct tz_buf sql = TZ_BUF_INIT;
	sqlite3_stmt *st = NULL;
	int rc;

	tz_buf_puts(&sql, value ? "INSERT OR REPLACE INTO " : "DELETE FROM ");
	tz_sqlname_ident(&sql, table);
	tz_buf_puts(&sql, value ? "(key, value) VALUES (?1, ?2)" : " WHERE key = ?1");
	rc = sqlite3_prepare_v2(db, sql.ptr, -1, &st, NULL);
	tz_buf_release(&sql);
	if (rc != SQLITE_OK)
		return tz_error_set(_("index cannot be written: %s"), sqlite3_errmsg(db));
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (value)
		sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : tz_error_set(_("index cannot be written: %s"), sqlite3_errmsg(db));
	sqlite3_finalize(st);
	return rc;
}

/* --- the sandbox --- */

static int in_list(const char *name, const char *const *list, size_t n)
{
	for (size_t i = 0; name && i < n; i++)
		if (!strcasecmp(name, list[i]))
			return 1;
	return 0;
}
#define IN_LIST(name, list) in_list(name, list, sizeof(list) / sizeof(*list))

/* Pragmas that only read: those that take a table or index as argument,
 * and those that would set a value when given one (then denied). */
static int pragma_reads(const char *name, const char *arg)
{
	static const char *const with_arg[] = {
		"table_info", "table_xinfo", "table_list", "index_list", "index_info",
		"index_xinfo", "foreign_key_list", "integrity_check", "quick_check"
	};
	static const char *const without[] = {
		"database_list", "collation_list", "function_list", "pragma_list",
		"compile_options", "page_count", "page_size", "freelist_count",
		"user_version", "schema_version", "encoding", "query_only",
		"data_version"	/* FTS5 asks it while it reads */
	};
	return IN_LIST(name, with_arg) || (!arg && IN_LIST(name, without));
}

/*
 * The functions a statement may call: SQLite's pure scalar, aggregate,
 * window, date, math and JSON functions, FTS5's ranking and snippets, and
 * the index's own. Left out: whatever touches memory addresses or the
 * process (fts3_tokenizer, fts5, load_extension, sqlite_log), allocates
 * what the caller asks (zeroblob, randomblob), writes (optimize) or only
 * belongs to other extensions (rtree*, matchinfo, offsets).
 */
static const char *const allowed_functions[] = {
	/* core scalar */
	"abs", "char", "coalesce", "concat", "concat_ws", "format", "glob", "hex",
	"ifnull", "iif", "instr", "length", "like", "likelihood", "likely", "lower",
	"ltrim", "max", "min", "nullif", "octet_length", "printf", "quote", "random",
	"replace", "round", "rtrim", "sign", "soundex", "substr", "substring",
	"trim", "typeof", "unhex", "unicode", "unlikely", "upper", "changes",
	"last_insert_rowid", "total_changes", "sqlite_version", "sqlite_source_id",
	/* aggregate and window */
	"avg", "count", "group_concat", "string_agg", "sum", "total",
	"row_number", "rank", "dense_rank", "percent_rank", "cume_dist", "ntile",
	"lag", "lead", "first_value", "last_value", "nth_value",
	/* dates */
	"date", "time", "datetime", "julianday", "unixepoch", "strftime", "timediff",
	"current_date", "current_time", "current_timestamp",
	/* math */
	"acos", "acosh", "asin", "asinh", "atan", "atan2", "atanh", "ceil", "ceiling",
	"cos", "cosh", "degrees", "exp", "floor", "ln", "log", "log10", "log2", "mod",
	"pi", "pow", "power", "radians", "sin", "sinh", "sqrt", "tan", "tanh", "trunc",
	/* JSON */
	"json", "json_array", "json_array_length", "json_extract", "json_insert",
	"json_object", "json_patch", "json_remove", "json_replace", "json_set",
	"json_type", "json_valid", "json_quote", "json_group_array",
	"json_group_object", "->", "->>",
	/* full-text search */
	"match", "bm25", "highlight", "snippet",
	/* the index's own (sqlq.h) */
	"tz_num", "tz_date",
};

int tz_db_authorize(void *payload, int action, const char *a, const char *b, const char *db, const char *trigger)
{
	(void)payload;
	(void)db;
	(void)trigger;
	switch (action) {
	case SQLITE_SELECT:
	case SQLITE_READ:
	case SQLITE_RECURSIVE:
		return SQLITE_OK;
	case SQLITE_FUNCTION:
		return IN_LIST(b, allowed_functions) ? SQLITE_OK : SQLITE_DENY;
	case SQLITE_PRAGMA:
		return pragma_reads(a, b) ? SQLITE_OK : SQLITE_DENY;
	default:
		return SQLITE_DENY;
	}
}

/* Connect every virtual table (the full-text ones) before the authorizer
 * is set: a virtual table's constructor declares its schema, which the
 * authorizer would take for a write. */
static void connect_virtual_tables(sqlite3 *db)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'",
			       -1, &st, NULL) != SQLITE_OK)
		return;
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct tz_buf sql = TZ_BUF_INIT;
		sqlite3_stmt *vt = NULL;
		tz_buf_puts(&sql, "SELECT 1 FROM ");
		tz_sqlname_ident(&sql, (const char *)sqlite3_column_text(st, 0));
		tz_buf_puts(&sql, " LIMIT 0");
		sqlite3_prepare_v2(db, sql.ptr, -1, &vt, NULL);
		sqlite3_finalize(vt);
		tz_buf_release(&sql);
	}
	sqlite3_finalize(st);
}

int tz_db_sandbox(sqlite3 *db)
{
	int off = 1, on = 0;

	if (sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_FTS3_TOKENIZER, 0, &off) != SQLITE_OK ||
	    sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, &on) != SQLITE_OK ||
	    sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, NULL) != SQLITE_OK ||
	    sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL) != SQLITE_OK || off || !on)
		return tz_error_set(_("cannot make the SQL sandbox: %s"), sqlite3_errmsg(db));
	connect_virtual_tables(db);
	if (sqlite3_set_authorizer(db, tz_db_authorize, NULL) != SQLITE_OK)
		return tz_error_set(_("cannot make the SQL sandbox: %s"), sqlite3_errmsg(db));
	return 0;
}

static int only_blanks(const char *s)
{
	for (; *s; s++)
		if (!strchr(" \t\r\n;", *s))
			return 0;
	return 1;
}

int tz_db_prepare_sandboxed(sqlite3_stmt **out, sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	const char *tail = NULL;
	int rc;

	*out = NULL;
	rc = sqlite3_prepare_v2(db, sql, -1, &st, &tail);
	if ((rc & 0xff) == SQLITE_AUTH || (rc != SQLITE_OK && !strncmp(sqlite3_errmsg(db), "not authorized", 14)))
		return tz_error_set(_("only statements that read are allowed (%s)"), sqlite3_errmsg(db));
	if (rc != SQLITE_OK)
		return tz_error_set("%s", sqlite3_errmsg(db));
	if (!st)
		return tz_error_set(_("no statement to run"));
	if (tail && !only_blanks(tail))
		rc = tz_error_set(_("one statement at a time"));
	else if (!sqlite3_stmt_readonly(st))
		rc = tz_error_set(_("only statements that read are allowed"));
	if (rc != SQLITE_OK) {
		sqlite3_finalize(st);
		return -1;
	}
	*out = st;
	return 0;
}
