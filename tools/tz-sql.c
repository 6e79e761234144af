/* tz-sql - one read-only SQL statement on the index, for what the query
 * language does not say; the connection cannot write. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include "buf.h"
#include "common.h"
#include "db.h"
#include "error.h"
#include "i18n.h"
#include "index.h"
#include "out.h"
#include "repo.h"
#include "tool-index.h"

static const char usage[] = N_(
"usage: tz sql [-C DIR] [--rev REV] [--format FORMAT] [--bom] [--no-header] STATEMENT\n"
"\n"
"Run one read-only SQL statement (SELECT, WITH, a read-only PRAGMA) on the\n"
"index, brought up to date first, and print its rows. Each record type is a\n"
"table with a column per field; see tz-sql(1) for the layout.\n"
"\n"
"  -C DIR              run as if started in DIR\n"
"  --rev REV           query revision REV instead of the working tree\n"
"  --format FORMAT     table (default on a terminal), tsv (default in a\n"
"                      pipe), csv or json\n"
"  --bom               start CSV with a UTF-8 BOM (for Excel and WPS)\n"
"  --no-header         no header line (table, tsv, csv)\n"
"  -h, --help          show this help\n"
"\n"
"Exit status: 0 rows printed, 1 no rows, 2 usage or environment error\n"
"(a statement that is not valid or would write).\n");

static int run(struct tz_index *ix, const char *sql, enum tz_out_format format, int bom, int header)
{
	sqlite3 *db = tz_index_db(ix);
	sqlite3_stmt *st = NULL;
	struct tz_out *out = NULL;
	const char **names = NULL, **cells = NULL;
	size_t rows = 0;
	int ncols, rc, ret = 2;

	if (tz_db_sandbox(db) < 0 || tz_db_prepare_sandboxed(&st, db, sql) < 0) {
		tool_error("%s", tz_error_last());
		goto out;
	}
	ncols = sqlite3_column_count(st);
	names = tz_calloc((size_t)ncols + 1, sizeof(*names));
	cells = tz_calloc((size_t)ncols + 1, sizeof(*cells));
	for (int i = 0; i < ncols; i++)
		names[i] = sqlite3_column_name(st, i);
	out = tz_out_new(stdout, format, bom);
	tz_out_columns(out, names, (size_t)ncols);
	tz_out_header(out, header);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (int i = 0; i < ncols; i++) {
			int type = sqlite3_column_type(st, i);
			/* a column is numeric as its first row shows it */
			if (!rows && (type == SQLITE_INTEGER || type == SQLITE_FLOAT))
				tz_out_numeric(out, (size_t)i);
			cells[i] = (const char *)sqlite3_column_text(st, i);
		}
		tz_out_row(out, cells);
		rows++;
	}
	if (rc != SQLITE_DONE) {
		tool_error("%s", sqlite3_errmsg(db));
		goto out;
	}
	tz_out_finish(out);
	ret = rows ? 0 : 1;
out:
	sqlite3_finalize(st);
	tz_out_free(out);
	free(names);
	free(cells);
	return ret;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "rev", required_argument, NULL, 'r' },
		{ "format", required_argument, NULL, 'f' },
		{ "bom", no_argument, NULL, 'B' },
		{ "no-header", no_argument, NULL, 'H' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct tz_repo *repo = NULL;
	struct tz_index *ix = NULL;
	enum tz_out_format format = tool_stdout_is_tty() ? TZ_OUT_TABLE : TZ_OUT_TSV;
	const char *dir = NULL, *rev = NULL;
	int bom = 0, header = 1, c, ret = 2;

	tool_init("tz sql", argv);
	while ((c = getopt_long(argc, argv, "C:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'C': dir = optarg; break;
		case 'r': rev = optarg; break;
		case 'B': bom = 1; break;
		case 'H': header = 0; break;
		case 'f':
			if (tz_out_parse_format(optarg, &format) < 0)
				return tool_usage_error(_("unknown format \"%s\" (table, tsv, csv or json)"), optarg);
			break;
		case 'h': return tool_help(usage);
		default: return tool_usage_error(NULL);
		}
	}
	if (bom && format != TZ_OUT_CSV)
		return tool_usage_error(_("--bom is for --format csv"));
	if (optind >= argc)
		return tool_usage_error(_("give one SQL statement"));
	if (argc - optind > 1)
		return tool_usage_error(_("one statement only (quote it)"));
	if (tz_repo_open(&repo, dir) < 0)
		return tool_error("%s", tz_error_last());
	if (tool_open_index(&ix, repo, rev, TZ_INDEX_READONLY))
		goto out;
	ret = run(ix, argv[optind], format, bom, header);
out:
	tz_index_free(ix);
	tz_repo_free(repo);
	return tool_finish(ret);
}
