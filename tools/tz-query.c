/* tz-query - select records of one type with the query language, from the
 * index (refreshed first), as a table, TSV, CSV or JSON. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include "buf.h"
#include "calendar.h"
#include "common.h"
#include "date.h"
#include "error.h"
#include "expr.h"
#include "i18n.h"
#include "label.h"
#include "out.h"
#include "repo.h"
#include "rows.h"
#include "sqlq.h"
#include "text.h"
#include "tool-index.h"

static const char usage[] = N_(
"usage: tz query [-C DIR] [--rev REV | --as-of DATE] [--fields F,...] [--sort [-]F,...] [--group-by F] [--count] [--limit N] [--format FORMAT] [--bom] [--no-header] [--labels|--no-labels] TYPE [EXPR]\n"
"\n"
"Print the records of TYPE for which the expression EXPR is true (every\n"
"record without EXPR), from the index, which is brought up to date first.\n"
"\n"
"  -C DIR              run as if started in DIR\n"
"  --rev REV           query revision REV instead of the working tree\n"
"  --as-of DATE        query the last commit dated on or before DATE, with\n"
"                      today meaning DATE\n"
"  --fields F,...      columns: field names, id, a followed reference\n"
"                      (unit.name) or a part field (log.action)\n"
"  --sort [-]F,...     order by these fields (- for descending); by id\n"
"                      otherwise; enums sort in the schema's order\n"
"  --group-by F        one row per value of F, with the number of records\n"
"  --count             print only the number of records\n"
"  --limit N           at most N rows\n"
"  --format FORMAT     table (default on a terminal), tsv (default in a\n"
"                      pipe), csv or json; tables show enum labels\n"
"  --bom               start CSV with a UTF-8 BOM (for Excel and WPS)\n"
"  --no-header         no header line (table, tsv, csv)\n"
"  --labels            field labels as headers, enum labels as values,\n"
"                      references with titles (lyj 市林业局), in every\n"
"                      format; the default for a table on a terminal\n"
"                      under a Chinese locale (--no-labels: never)\n"
"  -h, --help          show this help\n"
"\n"
"Expressions: status != closed and deadline < today+7, unit.name = 环保局,\n"
"log.action = urge, log(action = urge and date >= 2026-06-20),\n"
"description ~ 征地, resolved_on is empty, deadline <= today+3w,\n"
"workdays(deadline, today) > 5, status in (registered, assigned).\n"
"See tz-query(1) and DESIGN.md \"Query language\".\n"
"\n"
"Exit status: 0 records found, 1 none, 2 usage or environment error\n"
"(a bad expression, an unknown type or field).\n");

struct options {
	const char *dir, *rev, *fields, *sort, *group_by;
	int count, bom, header, labels;
	long long limit;
	enum tz_out_format format;
};

/* Enum values as their labels, item by item for "a, b" lists. */
static void labelled(struct tz_buf *b, const struct tz_fdef *f, const char *cell)
{
	const char *p = cell;

	tz_buf_clear(b);
	for (;;) {
		const char *end = strstr(p, ", ");
		char *item = end ? tz_strndup(p, (size_t)(end - p)) : tz_strdup(p);
		tz_buf_puts(b, tz_fdef_enum_label(f, item));
		free(item);
		if (!end)
			break;
		tz_buf_puts(b, ", ");
		p = end + 2;
	}
}

/* Run the query; returns the exit status, or -1 when SQLite reports a
 * damaged index (the caller rebuilds it and runs the query again). */
static int run(struct tz_index *ix, struct tz_calendar *cal, const struct options *o,
	       const char *type_name, const char *expr_src)
{
	const struct tz_schema *schema = tz_index_schema(ix);
	struct tz_sqlq_query qq = { 0 };
	struct tz_sqlq q = TZ_SQLQ_INIT;
	struct tz_sqlq_column *cols = NULL;
	struct tz_sqlq_error serr;
	struct tz_expr_error eerr;
	struct tz_expr *expr = NULL;
	struct tz_out *out = NULL;
	struct tz_labeler *labeler = NULL;
	struct tz_buf cell = TZ_BUF_INIT;
	struct tz_rows *r = NULL;
	const char **names = NULL, **cells = NULL;
	size_t ncols = 0, rows = 0;
	int ret = 2, rc;

	qq.type = tz_schema_type(schema, type_name);
	if (!qq.type) {
		const char **types = tz_calloc(schema->ntypes + 1, sizeof(*types));
		const char *sug;
		for (size_t i = 0; i < schema->ntypes; i++)
			types[i] = schema->types[i].name;
		sug = tz_suggest(type_name, types, schema->ntypes);
		struct tz_buf list = TZ_BUF_INIT;
		tz_text_quote(&cell, type_name);
		for (size_t i = 0; i < schema->ntypes; i++)
			tz_buf_printf(&list, "%s%s", i ? " " : "", types[i]);
		if (sug)
			tool_error(_("unknown type \"%s\" (did you mean \"%s\"?)"), cell.ptr, sug);
		else
			/* TRANSLATORS: the second %s lists the types, separated by spaces */
			tool_error(_("unknown type \"%s\" (types: %s)"), cell.ptr, list.ptr);
		tz_buf_release(&list);
		free(types);
		goto out;
	}
	if (expr_src && (tz_expr_parse(&expr, expr_src, &eerr) < 0 || tz_expr_bind(expr, qq.type, 1, &eerr) < 0)) {
		fflush(stdout);
		fprintf(stderr, "query:1:%d: %s: %s\n", eerr.col, C_("severity", "error"), eerr.msg);
		goto out;
	}
	qq.where = expr;
	qq.fields = o->fields;
	qq.sort = o->sort;
	qq.group_by = o->group_by;
	qq.count = o->count;
	qq.limit = o->limit;
	qq.today = tz_date_today();
	qq.calendar = cal;
	if (tz_index_use_calendar(ix, cal) < 0) {
		tool_error("%s", tz_error_last());
		goto out;
	}
	if (tz_sqlq_select(&q, &cols, &ncols, &qq, &serr) < 0) {
		fflush(stdout);
		fprintf(stderr, "--%s:1:%d: %s: %s\n", serr.option, serr.e.col, C_("severity", "error"), serr.e.msg);
		goto out;
	}
	if ((rc = tz_index_query(&r, ix, &q)) < 0)
		goto sql_error;
	if (o->count && !o->group_by) {
		if ((rc = tz_rows_next(r)) <= 0) {
			if (rc == 0)
				tz_error_set(_("query failed: %s"), "no row");
			goto sql_error;
		}
		rows = (size_t)strtoull(tz_rows_text(r, 0), NULL, 10);
		printf("%zu\n", rows);
		ret = rows ? 0 : 1;
		goto out;
	}
	names = tz_calloc(ncols + 1, sizeof(*names));
	cells = tz_calloc(ncols + 1, sizeof(*cells));
	for (size_t i = 0; i < ncols; i++)
		names[i] = !o->labels ? cols[i].name :
			   cols[i].field && cols[i].field->label ? cols[i].field->label :
			   !strcmp(cols[i].name, "id") ? C_("column", "id") :
			   !strcmp(cols[i].name, "count") ? C_("column", "count") : cols[i].name;
	if (o->labels)
		labeler = tz_labeler_new(ix);
	out = tz_out_new(stdout, o->format, o->bom);
	tz_out_columns(out, names, ncols);
	tz_out_header(out, o->header);
	for (size_t i = 0; i < ncols; i++)
		if (cols[i].numeric)
			tz_out_numeric(out, i);
	while ((rc = tz_rows_next(r)) > 0) {
		struct tz_buf *labels = tz_calloc(ncols + 1, sizeof(*labels));
		for (size_t i = 0; i < ncols; i++) {
			const struct tz_fdef *f = cols[i].field;
			cells[i] = tz_rows_text(r, i);
			if (cells[i] && f && labeler) {
				tz_labeler_value(labeler, &labels[i], f, cells[i]);
				cells[i] = labels[i].ptr;
			} else if (cells[i] && f && f->type == TZ_ENUM && o->format == TZ_OUT_TABLE) {
				labelled(&labels[i], f, cells[i]);
				cells[i] = labels[i].ptr;
			}
		}
		tz_out_row(out, cells);
		for (size_t i = 0; i < ncols; i++)
			tz_buf_release(&labels[i]);
		free(labels);
		rows++;
	}
	if (rc < 0)
		goto sql_error;
	tz_out_finish(out);
	ret = rows ? 0 : 1;
	goto out;
sql_error:
	if (rc == TZ_ROWS_DAMAGED) {
		ret = -1;
		goto out;
	}
	tool_error("%s", tz_error_last());
out:
	tz_rows_free(r);
	tz_out_free(out);
	tz_labeler_free(labeler);
	free(names);
	free(cells);
	tz_sqlq_columns_free(cols, ncols);
	tz_sqlq_release(&q);
	tz_expr_free(expr);
	tz_buf_release(&cell);
	return ret;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "rev", required_argument, NULL, 'r' },
		{ "as-of", required_argument, NULL, 'a' },
		{ "fields", required_argument, NULL, 'f' },
		{ "sort", required_argument, NULL, 's' },
		{ "group-by", required_argument, NULL, 'g' },
		{ "count", no_argument, NULL, 'c' },
		{ "limit", required_argument, NULL, 'l' },
		{ "format", required_argument, NULL, 'F' },
		{ "bom", no_argument, NULL, 'B' },
		{ "no-header", no_argument, NULL, 'H' },
		{ "labels", no_argument, NULL, 'L' },
		{ "no-labels", no_argument, NULL, 'N' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct options o = { 0 };
	struct tz_repo *repo = NULL;
	struct tz_index *ix = NULL;
	struct tz_calendar *cal = NULL;
	const char *as_of = NULL;
	char commit[41];
	int format_set = 0, labels = -1, c, ret = 2;

	tool_init("tz query", argv);
	o.limit = -1;
	o.header = 1;
	while ((c = getopt_long(argc, argv, "C:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'C': o.dir = optarg; break;
		case 'r': o.rev = optarg; break;
		case 'a': as_of = optarg; break;
		case 'f': o.fields = optarg; break;
		case 's': o.sort = optarg; break;
		case 'g': o.group_by = optarg; break;
		case 'c': o.count = 1; break;
		case 'B': o.bom = 1; break;
		case 'H': o.header = 0; break;
		case 'L': labels = 1; break;
		case 'N': labels = 0; break;
		case 'l': {
			char *end;
			o.limit = strtoll(optarg, &end, 10);
			if (*end || end == optarg || o.limit < 0)
				return tool_usage_error(_("--limit needs a number of rows, not \"%s\""), optarg);
			break;
		}
		case 'F':
			if (tz_out_parse_format(optarg, &o.format) < 0)
				return tool_usage_error(_("unknown format \"%s\" (table, tsv, csv or json)"), optarg);
			format_set = 1;
			break;
		case 'h': return tool_help(usage);
		default: return tool_usage_error(NULL);
		}
	}
	if (!format_set)
		o.format = tool_stdout_is_tty() ? TZ_OUT_TABLE : TZ_OUT_TSV;
	o.labels = labels >= 0 ? labels : tool_labels_default(o.format == TZ_OUT_TABLE);
	if (o.bom && o.format != TZ_OUT_CSV)
		return tool_usage_error(_("--bom is for --format csv"));
	if (optind >= argc)
		return tool_usage_error(_("name a record type"));
	if (argc - optind > 2)
		return tool_usage_error(_("one expression only (quote it: '%s')"), argv[optind + 1]);
	if (as_of && o.rev)
		return tool_usage_error(_("--rev and --as-of both name a version: give one"));
	if (tz_repo_find(&repo, o.dir) < 0)	/* a warm query needs no libgit2 */
		return tool_error("%s", tz_error_last());
	if (as_of) {
		if ((ret = tool_as_of(repo, as_of, commit)))
			goto out;
		o.rev = commit;
		ret = 2;
	}
	if (tool_load_calendar(&cal, repo, o.rev))
		goto out;
	if (tool_open_index(&ix, repo, o.rev, 0))
		goto out;
	ret = run(ix, cal, &o, argv[optind], argc - optind > 1 ? argv[optind + 1] : NULL);
	if (ret < 0) {
		/* the file broke under us: build it again and ask once more */
		tz_index_free(ix);
		ix = NULL;
		tool_error(_("the index is damaged; rebuilding it"));
		ret = 2;
		if (tool_open_index(&ix, repo, o.rev, TZ_INDEX_REBUILD))
			goto out;
		ret = run(ix, cal, &o, argv[optind], argc - optind > 1 ? argv[optind + 1] : NULL);
		if (ret < 0)
			ret = tool_error(_("the index is still damaged after a rebuild"));
	}
out:
	tool_calendar_warn(cal);
	tz_calendar_free(cal);
	tz_index_free(ix);
	tz_repo_free(repo);
	return tool_finish(ret);
}
