/* tz-diff - field-level differences between two revisions, or between a
 * revision and the working tree, one row per field with its schema label. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include "buf.h"
#include "changes.h"
#include "common.h"
#include "error.h"
#include "fdiff.h"
#include "i18n.h"
#include "load.h"
#include "out.h"
#include "repo.h"
#include "tool-index.h"

static const char usage[] = N_(
"usage: tz diff [-C DIR] [--format table|tsv|csv|json] [--exit-code] [--labels|--no-labels] [REV [REV]]\n"
"\n"
"Show what changed in the records, field by field: between HEAD and the\n"
"working tree (no REV), REV and the working tree (one), or two revisions\n"
"(two, or REV..REV). One row per field or part entry field: record, field,\n"
"its label from the schema, old value, new value. A record that was\n"
"created, deleted or moved has a row for its file, field (path).\n"
"\n"
"  -C DIR            run as if started in DIR\n"
"  --format FORMAT   table (default on a terminal), tsv (default in a pipe),\n"
"                    csv or json\n"
"  --bom             start CSV with a UTF-8 byte order mark (for Excel)\n"
"  --exit-code       exit 1 when there are differences\n"
"  --labels          enum labels, references with titles (lyj 市林业局);\n"
"                    the default for a table on a terminal under a Chinese\n"
"                    locale (--no-labels: never)\n"
"  -h, --help        show this help\n"
"\n"
"Revisions work in bare repositories too (two are needed there). The\n"
"schema of the newer side gives the types and labels.\n"
"\n"
"Exit status: 0 done (with --exit-code: no differences), 1 differences\n"
"with --exit-code, 2 usage or environment error.\n");

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "bom", no_argument, NULL, 'b' },
		{ "exit-code", no_argument, NULL, 'e' },
		{ "labels", no_argument, NULL, 'L' },
		{ "no-labels", no_argument, NULL, 'N' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	static const char *const cols[] = { "record", "field", "label", "old", "new" };
	struct tz_diag_list diags = TZ_DIAG_LIST_INIT;
	struct tz_changes changes = TZ_CHANGES_INIT;
	struct tz_fdiff fd = TZ_FDIFF_INIT;
	struct tz_buf label = TZ_BUF_INIT;
	struct tz_source schema_src;
	struct tz_schema *schema = NULL;
	struct tz_repo *repo = NULL;
	struct tz_out *out = NULL;
	enum tz_out_format format = tool_stdout_is_tty() ? TZ_OUT_TABLE : TZ_OUT_TSV;
	const char *dir = NULL, *revs[2] = { NULL, NULL };
	char *split = NULL;
	struct tz_labeler *labeler = NULL;
	struct tz_index *ix = NULL;
	struct tz_buf ov = TZ_BUF_INIT, nv = TZ_BUF_INIT;
	const char *headers[5];
	int bom = 0, exit_code = 0, labels = -1, c, ret = 2, nrevs;
	size_t rows = 0;

	memset(&schema_src, 0, sizeof(schema_src));
	tool_init("tz diff", argv);
	while ((c = getopt_long(argc, argv, "C:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'C': dir = optarg; break;
		case 'f':
			if (tz_out_parse_format(optarg, &format) < 0)
				return tool_usage_error(_("unknown format \"%s\" (table, tsv, csv or json)"), optarg);
			break;
		case 'b': bom = 1; break;
		case 'e': exit_code = 1; break;
		case 'L': labels = 1; break;
		case 'N': labels = 0; break;
		case 'h': return tool_help(usage);
		default: return tool_usage_error(NULL);
		}
	}
	nrevs = argc - optind;
	if (nrevs > 2)
		return tool_usage_error(_("too many revisions"));
	if (nrevs == 1 && strstr(argv[optind], "..")) {
		char *dots;
		split = tz_strdup(argv[optind]);
		dots = strstr(split, "..");
		*dots = '\0';
		revs[0] = *split ? split : "HEAD";
		revs[1] = dots[2] ? dots + 2 : "HEAD";
		nrevs = 2;
	} else {
		for (int i = 0; i < nrevs; i++)
			revs[i] = argv[optind + i];
	}
	if (tz_repo_open(&repo, dir) < 0) {
		ret = tool_error("%s", tz_error_last());
		goto out;
	}
	if (nrevs < 2 && !repo->workdir) {
		ret = tool_error(_("this is a bare repository: name two revisions"));
		goto out;
	}
	if (tz_changes_revs(&changes, repo, revs[0], nrevs == 2 ? revs[1] : NULL, "records") < 0) {
		ret = tool_error("%s", tz_error_last());
		goto out;
	}

	/* types and labels: the newer side's schema */
	if (tz_source_open(&schema_src, repo, nrevs == 2 ? revs[1] : NULL) < 0 ||
	    tz_schema_load(&schema, &schema_src, &diags, NULL) < 0) {
		ret = tool_error("%s", tz_error_last());
		goto out;
	}
	tz_changes_place(&changes, schema);

	if (labels < 0)
		labels = tool_labels_default(format == TZ_OUT_TABLE);
	if (labels)
		labeler = tool_labeler(repo, nrevs == 2 ? revs[1] : NULL, &ix);
	tool_label_columns(headers, cols, 5, labels);
	out = tz_out_new(stdout, format, bom);
	tz_out_columns(out, headers, 5);
	for (size_t i = 0; i < changes.n; i++) {
		const struct tz_change *ch = &changes.v[i];
		struct tz_record *o = NULL, *n = NULL;

		if (!ch->id)
			continue;
		if (tz_change_parse(&o, repo, ch, 0) < 0 || tz_change_parse(&n, repo, ch, 1) < 0) {
			tz_record_free(o);
			ret = tool_error("%s", tz_error_last());
			goto out;
		}
		tz_fdiff_files(&fd, ch->old_path, o, ch->new_path, n);
		for (size_t k = 0; k < fd.n; k++) {
			const struct tz_fchange *f = &fd.v[k];
			const char *cells[5];
			tz_buf_clear(&label);
			tz_fdiff_label(&label, ch->type, f->field);
			cells[0] = ch->id;
			cells[1] = f->field;
			cells[2] = tz_buf_cstr(&label);
			cells[3] = f->old_value;
			cells[4] = f->new_value;
			if (labeler) {
				const struct tz_fdef *def = tz_fdiff_field(ch->type, f->field);
				tz_buf_clear(&ov);
				tz_buf_clear(&nv);
				tz_labeler_value(labeler, &ov, def, f->old_value);
				tz_labeler_value(labeler, &nv, def, f->new_value);
				cells[3] = f->old_value ? tz_buf_cstr(&ov) : NULL;
				cells[4] = f->new_value ? tz_buf_cstr(&nv) : NULL;
			}
			tz_out_row(out, cells);
			rows++;
		}
		tz_fdiff_release(&fd);
		tz_record_free(o);
		tz_record_free(n);
	}
	if (tz_out_finish(out) < 0) {
		ret = tool_error(_("cannot write output"));
		goto out;
	}
	ret = exit_code && rows ? 1 : 0;
out:
	tz_out_free(out);
	tz_labeler_free(labeler);
	tz_index_free(ix);
	tz_buf_release(&ov);
	tz_buf_release(&nv);
	tz_buf_release(&label);
	tz_fdiff_release(&fd);
	tz_changes_release(&changes);
	tz_schema_free(schema);
	tz_source_release(&schema_src);
	tz_diag_list_release(&diags);
	tz_repo_free(repo);
	free(split);
	return tool_finish(ret);
}
