/* tz-log - the field-level history of the records: when, who, which commit,
 * which record and field, old and new value; newest first, from the history
 * index (refreshed first). */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "buf.h"
#include "common.h"
#include "date.h"
#include "error.h"
#include "fdiff.h"
#include "history.h"
#include "i18n.h"
#include "out.h"
#include "place.h"
#include "repo.h"
#include "schema.h"
#include "tool-index.h"

static const char usage[] = N_(
"usage: tz log [-C DIR] [--rev REV] [--field F] [--author A] [--since D] [--until D] [--format table|tsv|csv|json] [--labels|--no-labels] [ID|TYPE]\n"
"\n"
"Show who changed which field of which record, and when: one row per field\n"
"with the date, the author, the commit, the record, the field, its old and\n"
"its new value, newest commit first. A record keeps its history when its\n"
"file moves; \"(path)\" rows say when it was created, moved or deleted.\n"
"The history index is brought up to date first.\n"
"\n"
"  ID | TYPE          only this record (an ID, or its file) or this type\n"
"  --field F         only field F; a part (log) or part entry (log.003)\n"
"                    means all of its fields\n"
"  --author A        only commits whose author \"Name <email>\" contains A\n"
"  --since D         only commits authored on or after D (YYYY-MM-DD)\n"
"  --until D         only commits authored on or before D\n"
"  --rev REV         the history of REV instead of HEAD (works in bare\n"
"                    repositories)\n"
"  -C DIR            run as if started in DIR\n"
"  --format FORMAT   table (default on a terminal), tsv (default in a pipe),\n"
"                    csv or json\n"
"  --bom             start CSV with a UTF-8 byte order mark (for Excel)\n"
"  --labels          fields by their labels, enum labels, references with\n"
"                    titles (lyj 市林业局); the default for a table on a\n"
"                    terminal under a Chinese locale (--no-labels: never)\n"
"  -h, --help        show this help\n"
"\n"
"Exit status: 0 done, 1 no such record or type in the history,\n"
"2 usage or environment error.\n");

struct ctx {
	struct tz_out *out;
	size_t rows;
	const struct tz_schema *schema;
	struct tz_labeler *labeler;	/* --labels */
};

static int row(const struct tz_history_row *r, void *payload)
{
	struct ctx *c = payload;
	char date[32], commit[8];
	const char *cells[7];

	tz_history_date(date, r->time, r->tz);
	snprintf(commit, sizeof(commit), "%.7s", r->commit);
	cells[0] = date;
	cells[1] = r->author_name;
	cells[2] = commit;
	cells[3] = r->record;
	cells[4] = r->field;
	cells[5] = r->old_value;
	cells[6] = r->new_value;
	if (c->labeler) {
		const struct tz_type *t = tz_schema_type(c->schema, r->type);
		const struct tz_fdef *f = tz_fdiff_field(t, r->field);
		struct tz_buf field = TZ_BUF_INIT, ov = TZ_BUF_INIT, nv = TZ_BUF_INIT;

		tz_fdiff_label(&field, t, r->field);
		tz_labeler_value(c->labeler, &ov, f, r->old_value);
		tz_labeler_value(c->labeler, &nv, f, r->new_value);
		cells[4] = field.ptr;
		cells[5] = r->old_value ? tz_buf_cstr(&ov) : NULL;
		cells[6] = r->new_value ? tz_buf_cstr(&nv) : NULL;
		tz_out_row(c->out, cells);
		tz_buf_release(&field);
		tz_buf_release(&ov);
		tz_buf_release(&nv);
	} else {
		tz_out_row(c->out, cells);
	}
	c->rows++;
	return 0;
}

static int any(const struct tz_history_row *r, void *payload)
{
	(void)r;
	*(int *)payload = 1;
	return 1;
}

static int check_date(const char *opt, const char *d)
{
	long days;

	if (tz_date_parse(d, &days) < 0)
		return tool_usage_error(_("%s \"%s\": expected a date YYYY-MM-DD"), opt, d);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "rev", required_argument, NULL, 'r' },
		{ "field", required_argument, NULL, 'F' },
		{ "author", required_argument, NULL, 'a' },
		{ "since", required_argument, NULL, 's' },
		{ "until", required_argument, NULL, 'u' },
		{ "format", required_argument, NULL, 'f' },
		{ "bom", no_argument, NULL, 'b' },
		{ "labels", no_argument, NULL, 'L' },
		{ "no-labels", no_argument, NULL, 'N' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	static const char *const cols[] = { "date", "author", "commit", "record", "field", "old", "new" };
	struct tz_history_query q = { 0 };
	struct tz_history *h = NULL;
	struct tz_repo *repo = NULL;
	struct ctx ctx = { NULL, 0, NULL, NULL };
	struct tz_index *ix = NULL;
	const char *headers[7];
	int labels = -1;
	enum tz_out_format format = tool_stdout_is_tty() ? TZ_OUT_TABLE : TZ_OUT_TSV;
	const char *dir = NULL, *rev = NULL, *arg = NULL;
	char *id = NULL;
	int bom = 0, c, ret = 2;

	tool_init("tz log", argv);
	while ((c = getopt_long(argc, argv, "C:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'C': dir = optarg; break;
		case 'r': rev = optarg; break;
		case 'F': q.field = optarg; break;
		case 'a': q.author = optarg; break;
		case 's':
			if (check_date("--since", optarg))
				return 2;
			q.since = optarg;
			break;
		case 'u':
			if (check_date("--until", optarg))
				return 2;
			q.until = optarg;
			break;
		case 'f':
			if (tz_out_parse_format(optarg, &format) < 0)
				return tool_usage_error(_("unknown format \"%s\" (table, tsv, csv or json)"), optarg);
			break;
		case 'b': bom = 1; break;
		case 'L': labels = 1; break;
		case 'N': labels = 0; break;
		case 'h': return tool_help(usage);
		default: return tool_usage_error(NULL);
		}
	}
	if (argc - optind > 1)
		return tool_usage_error(_("give one ID or TYPE"));
	if (optind < argc)
		arg = argv[optind];
	q.with_path = 1;
	if (tz_repo_open(&repo, dir) < 0) {
		ret = tool_error("%s", tz_error_last());
		goto out;
	}
	{
		struct tz_history_opts opts = TZ_HISTORY_OPTS_INIT;
		opts.progress = tool_progress(0);
		if (tz_history_open(&h, repo, rev, NULL, &opts) < 0) {
			ret = tool_error("%s", tz_error_last());
			goto out;
		}
	}
	if (arg) {
		const struct tz_schema *s = tz_history_schema(h);

		if (tz_schema_type(s, arg)) {
			q.type = arg;
		} else {
			id = tz_place_arg_id(arg);
			q.record = id;
			if (strchr(arg, '/')) {
				struct tz_type *t = tz_place_type(s, arg);
				if (t)
					q.type = t->name;
			}
		}
	}

	if (labels < 0)
		labels = tool_labels_default(format == TZ_OUT_TABLE);
	if (labels) {
		ctx.schema = tz_history_schema(h);
		ctx.labeler = tool_labeler(repo, rev, &ix);
	}
	tool_label_columns(headers, cols, 7, labels);
	ctx.out = tz_out_new(stdout, format, bom);
	tz_out_columns(ctx.out, headers, 7);
	if (tz_history_changes(h, &q, row, &ctx) < 0) {
		ret = tool_error("%s", tz_error_last());
		goto out;
	}
	if (tz_out_finish(ctx.out) < 0) {
		ret = tool_error(_("cannot write output"));
		goto out;
	}
	ret = 0;
	if (!ctx.rows && q.record) {
		struct tz_history_query all = { 0 };
		int found = 0;
		all.record = q.record;
		all.type = q.type;
		all.with_path = 1;
		if (tz_history_changes(h, &all, any, &found) < 0) {
			ret = tool_error("%s", tz_error_last());
			goto out;
		}
		if (!found) {
			tool_error(_("no record or type \"%s\" in the history"), arg);
			ret = 1;
		}
	}
out:
	tz_out_free(ctx.out);
	tz_labeler_free(ctx.labeler);
	tz_index_free(ix);
	tz_history_free(h);
	tz_repo_free(repo);
	free(id);
	return tool_finish(ret);
}
