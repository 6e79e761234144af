/* tz-sql - one read-only SQL statement on the index, for what the query
 * language does not say; the connection cannot write. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include "buf.h"
#include "common.h"
#include "error.h"
#include "i18n.h"
#include "index.h"
#include "out.h"
#include "repo.h"
#include "rows.h"
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
	struct tz_rows *r = NULL;
	struct tz_out *out = NULL;
	const char **names = NULL, **cells = NULL;
	size_t ncols, rows = 0;
	int rc, ret = 2;

	if (tz_index_sql(&r, ix, sql) < 0) {
		tool_error("%s", tz_error_last());
		goto out;
	}
	ncols = tz_rows_columns(r);
	names = tz_calloc(ncols + 1, sizeof(*names));
	cells = tz_calloc(ncols + 1, sizeof(*cells));
	for (size_t i = 0; i < ncols; i++)
		names[i] = tz_rows_name(r, i);
	out = tz_out_new(stdout, format, bom);
	tz_out_columns(out, names, ncols);
	tz_out_header(out, header);
	while ((rc = tz_rows_next(r)) > 0) {
		for (size_t i = 0; i < ncols; i++) {
			/* a column is numeric as its first row shows it */
			if (!rows && tz_rows_is_number(r, i))
				tz_out_numeric(out, i);
			cells[i] = tz_rows_text(r, i);
		}
		tz_out_row(out, cells);
		rows++;
	}
	if (rc < 0) {
		tool_error("%s", tz_error_last());
		goto out;
	}
	tz_out_finish(out);
	ret = rows ? 0 : 1;
out:
	tz_rows_free(r);
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
