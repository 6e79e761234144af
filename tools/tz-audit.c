/* tz-audit - the push check over history that is already in: each commit
 * that broke the records, a transition, an append-only part or the access
 * policy, with its author and the rule, in tz log's formats. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include "buf.h"
#include "common.h"
#include "error.h"
#include "history.h"
#include "i18n.h"
#include "out.h"
#include "push.h"
#include "repo.h"

static const char usage[] = N_(
"usage: tz audit [-C DIR] [--format table|tsv|csv|json] [--bom] [RANGE]\n"
"\n"
"Judge the commits of RANGE (as git log takes it: A..B or REV; default\n"
"HEAD) as tz check-push judges a push, each by its author's e-mail against\n"
"its parent: validity of the records it changed, transitions, the action\n"
"log and append-only parts, and the access policy (schema/policy.ini of the\n"
"parent). One row per finding: date, author, commit, file, line, reason.\n"
"\n"
"  -C DIR            run as if started in DIR\n"
"  --format FORMAT   table (default on a terminal), tsv (default in a pipe),\n"
"                    csv or json\n"
"  --bom             start CSV with a UTF-8 byte order mark (for Excel)\n"
"  -h, --help        show this help\n"
"\n"
"Exit status: 0 no finding, 1 findings, 2 usage or environment error.\n");

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "bom", no_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	static const char *const cols[] = { "date", "author", "commit", "file", "line", "reason" };
	struct tz_push_result res = TZ_PUSH_RESULT_INIT;
	enum tz_out_format format = tool_stdout_is_tty() ? TZ_OUT_TABLE : TZ_OUT_TSV;
	struct tz_repo *repo = NULL;
	struct tz_out *out = NULL;
	const char *dir = NULL;
	int bom = 0, c, ret = 2;

	tool_init("tz audit", argv);
	while ((c = getopt_long(argc, argv, "C:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'C': dir = optarg; break;
		case 'f':
			if (tz_out_parse_format(optarg, &format) < 0)
				return tool_usage_error(_("unknown format \"%s\" (table, tsv, csv or json)"), optarg);
			break;
		case 'b': bom = 1; break;
		case 'h': return tool_help(usage);
		default: return tool_usage_error(NULL);
		}
	}
	if (argc - optind > 1)
		return tool_usage_error(_("unexpected argument \"%s\""), argv[optind + 1]);
	if (tz_repo_open(&repo, dir) < 0) {
		tool_error_last(_("cannot open repository"));
		goto out;
	}
	if (tz_push_audit(&res, repo, optind < argc ? argv[optind] : NULL) < 0) {
		tool_error_last(_("cannot audit"));
		goto out;
	}
	out = tz_out_new(stdout, format, bom);
	tz_out_columns(out, cols, 6);
	tz_out_numeric(out, 4);
	for (size_t i = 0; i < res.n; i++) {
		const struct tz_push_finding *f = &res.v[i];
		const char *msg = f->diag.msg, *colon = strstr(msg, ": ");
		char date[32], line[16];
		const char *cells[6];

		tz_history_date(date, f->when, f->offset);
		snprintf(line, sizeof(line), "%d", f->diag.line);
		cells[0] = date;
		cells[1] = f->author;
		cells[2] = f->short_id;
		cells[3] = f->diag.path;
		cells[4] = line;
		cells[5] = !strncmp(msg, "commit ", 7) && colon ? colon + 2 : msg;
		tz_out_row(out, cells);
	}
	if (tz_out_finish(out) < 0) {
		tool_error_last(_("cannot write"));
		goto out;
	}
	ret = res.n ? 1 : 0;
	if (res.n)
		/* TRANSLATORS: the second %zu counts the commits with findings,
		   the third all commits of the range */
		fprintf(stderr, res.commits == 1
			? NG_("tz audit: %zu finding in %zu of %zu commit\n",
			      "tz audit: %zu findings in %zu of %zu commit\n", res.n)
			: NG_("tz audit: %zu finding in %zu of %zu commits\n",
			      "tz audit: %zu findings in %zu of %zu commits\n", res.n),
			res.n, res.bad_commits, res.commits);
out:
	tz_out_free(out);
	tz_push_result_release(&res);
	tz_repo_free(repo);
	return tool_finish(ret);
}
