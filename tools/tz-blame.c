/* tz-blame - every field and part entry field of one record with its value
 * and the commit, author and date that last set it (blame.h), printed. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "blame.h"
#include "common.h"
#include "error.h"
#include "fdiff.h"
#include "i18n.h"
#include "out.h"
#include "tool-index.h"

static const char usage[] = N_(
"usage: tz blame [-C DIR] [--rev REV] [--format table|tsv|csv|json] [--labels|--no-labels] ID\n"
"\n"
"Show every field and part entry field of record ID (or of the record file\n"
"given) as it is in the working tree, with the commit, author and date that\n"
"last set its value. A value that differs from the last committed one is\n"
"shown with commit 0000000 and author \"Not Committed Yet\". A record keeps\n"
"its history when its file moves.\n"
"\n"
"  --rev REV         the record as of revision REV (works in bare\n"
"                    repositories, where HEAD is the default)\n"
"  -C DIR            run as if started in DIR\n"
"  --format FORMAT   table (default on a terminal), tsv (default in a pipe),\n"
"                    csv or json\n"
"  --bom             start CSV with a UTF-8 byte order mark (for Excel)\n"
"  --labels          fields by their labels, enum labels, references with\n"
"                    titles (lyj 市林业局); the default for a table on a\n"
"                    terminal under a Chinese locale (--no-labels: never)\n"
"  -h, --help        show this help\n"
"\n"
"Exit status: 0 done, 1 no such record, 2 usage or environment error.\n");

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "rev", required_argument, NULL, 'r' },
		{ "format", required_argument, NULL, 'f' },
		{ "bom", no_argument, NULL, 'b' },
		{ "labels", no_argument, NULL, 'L' },
		{ "no-labels", no_argument, NULL, 'N' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	static const char *const cols[] = { "field", "value", "commit", "author", "date" };
	struct tz_blame b = TZ_BLAME_INIT;
	struct tz_history *h = NULL;
	struct tz_repo *repo = NULL;
	struct tz_out *out = NULL;
	enum tz_out_format format = tool_stdout_is_tty() ? TZ_OUT_TABLE : TZ_OUT_TSV;
	const char *dir = NULL, *rev = NULL;
	struct tz_labeler *labeler = NULL;
	struct tz_index *ix = NULL;
	struct tz_buf shown_field = TZ_BUF_INIT, shown_value = TZ_BUF_INIT;
	const char *headers[5];
	int bom = 0, labels = -1, c, ret = 2, rc;

	tool_init("tz blame", argv);
	while ((c = getopt_long(argc, argv, "C:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'C': dir = optarg; break;
		case 'r': rev = optarg; break;
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
	if (argc - optind != 1)
		return tool_usage_error(_("give one record ID"));

	if (tz_repo_open(&repo, dir) < 0) {
		ret = tool_error("%s", tz_error_last());
		goto out;
	}
	if (!rev && !repo->workdir)
		rev = "HEAD";
	{
		struct tz_history_opts opts = TZ_HISTORY_OPTS_INIT;
		opts.progress = tool_progress(0);
		if (tz_history_open(&h, repo, rev, NULL, &opts) < 0) {
			ret = tool_error("%s", tz_error_last());
			goto out;
		}
	}
	rc = tz_blame_record(&b, h, repo, rev, argv[optind]);
	if (rc != 0) {
		tool_error("%s", tz_error_last());
		ret = rc > 0 ? 1 : 2;
		goto out;
	}
	if (labels < 0)
		labels = tool_labels_default(format == TZ_OUT_TABLE);
	if (labels)
		labeler = tool_labeler(repo, rev, &ix);
	tool_label_columns(headers, cols, 5, labels);
	out = tz_out_new(stdout, format, bom);
	tz_out_columns(out, headers, 5);
	for (size_t i = 0; i < b.n; i++) {
		const struct tz_blame_line *l = &b.v[i];
		const char *cells[5];

		cells[0] = l->field;
		cells[1] = l->value;
		if (labeler) {
			tz_buf_clear(&shown_field);
			tz_buf_clear(&shown_value);
			tz_fdiff_label(&shown_field, b.type, l->field);
			tz_labeler_value(labeler, &shown_value, tz_fdiff_field(b.type, l->field), l->value);
			cells[0] = shown_field.ptr;
			cells[1] = shown_value.ptr;
		}
		cells[2] = l->commit ? l->commit : "0000000";
		cells[3] = l->commit ? l->author : "Not Committed Yet";
		cells[4] = l->date;
		tz_out_row(out, cells);
	}
	if (tz_out_finish(out) < 0) {
		ret = tool_error(_("cannot write output"));
		goto out;
	}
	ret = 0;
out:
	tz_out_free(out);
	tz_labeler_free(labeler);
	tz_index_free(ix);
	tz_buf_release(&shown_field);
	tz_buf_release(&shown_value);
	tz_blame_release(&b);
	tz_history_free(h);
	tz_repo_free(repo);
	return tool_finish(ret);
}
