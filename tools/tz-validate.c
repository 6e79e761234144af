/* tz-validate - check records and schema, reporting every finding as
 * file:line: severity: message. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "buf.h"
#include "check.h"
#include "common.h"
#include "error.h"
#include "i18n.h"
#include "repo.h"

static const char usage[] = N_(
"usage: tz validate [-C DIR] [--rev REV] [--format text|json] [--no-cache] [PATH...]\n"
"\n"
"Check the records and the schema of a records repository: encoding, syntax,\n"
"fields, types, references, unique values, rules, transitions and append-only\n"
"parts (against HEAD, or against the parent of REV). Findings go to stdout as\n"
"FILE:LINE: error|warning: MESSAGE, a summary line to stderr (and, on a\n"
"terminal, a progress line while a large repository is read).\n"
"\n"
"  -C DIR              run as if started in DIR\n"
"  --rev REV           check revision REV instead of the working tree\n"
"                      (works in bare repositories)\n"
"  --format FORMAT     text (default) or json\n"
"  --no-cache          check every record again: do not use or update the\n"
"                      validation cache\n"
"  -q, --quiet         no summary line\n"
"  -h, --help          show this help\n"
"\n"
"PATH limits the report to those files or folders; every record is still\n"
"read, so references and unique values are checked across all of them.\n"
"\n"
"Exit status: 0 valid (warnings allowed), 1 invalid data or schema,\n"
"2 usage or environment error.\n");

static void summary(const struct tz_diag_list *d, const struct tz_check_stats *st)
{
	const char *fmt;
	size_t files = 0;

	fflush(stdout);
	for (size_t i = 0; i < d->n; i++)
		if (i == 0 || strcmp(d->v[i].path, d->v[i - 1].path))
			files++;
	if (!d->n) {
		/* two numbers: the plural follows the records, the message is
		   chosen by the schema files */
		fprintf(stderr, st->schema_files == 1
			? NG_("%zu record and %zu schema file: no problems\n",
			      "%zu records and %zu schema file: no problems\n", st->records)
			: NG_("%zu record and %zu schema files: no problems\n",
			      "%zu records and %zu schema files: no problems\n", st->records),
			st->records, st->schema_files);
		return;
	}
	/* three numbers: the plural follows the errors, the message is chosen
	   by the warnings and the files */
	if (d->warnings == 1)
		fmt = files == 1 ? NG_("%zu error, %zu warning in %zu file\n",
				       "%zu errors, %zu warning in %zu file\n", d->errors)
			: NG_("%zu error, %zu warning in %zu files\n", "%zu errors, %zu warning in %zu files\n", d->errors);
	else
		fmt = files == 1 ? NG_("%zu error, %zu warnings in %zu file\n",
				       "%zu errors, %zu warnings in %zu file\n", d->errors)
			: NG_("%zu error, %zu warnings in %zu files\n", "%zu errors, %zu warnings in %zu files\n", d->errors);
	fprintf(stderr, fmt, d->errors, d->warnings, files);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "rev", required_argument, NULL, 'r' },
		{ "format", required_argument, NULL, 'f' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "no-cache", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct tz_diag_list diags = TZ_DIAG_LIST_INIT;
	struct tz_check_stats stats;
	struct tz_check_opts opts = TZ_CHECK_OPTS_INIT;
	struct tz_repo *repo = NULL;
	struct tz_source src = { 0 };
	enum tz_format format = TZ_FORMAT_TEXT;
	const char *dir = NULL;
	char **paths = NULL;
	int quiet = 0, c, ret = 2, rc;

	tool_init("tz validate", argv);
	while ((c = getopt_long(argc, argv, "C:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'C': dir = optarg; break;
		case 'r': opts.rev = optarg; break;
		case 'q': quiet = 1; break;
		case 'n': opts.no_cache = 1; break;
		case 'f':
			if (!strcmp(optarg, "json"))
				format = TZ_FORMAT_JSON;
			else if (strcmp(optarg, "text"))
				return tool_usage_error(_("unknown format \"%s\" (text or json)"), optarg);
			break;
		case 'h': return tool_help(usage);
		default: return tool_usage_error(NULL);
		}
	}
	if (tz_repo_open(&repo, dir) < 0)
		return tool_error("%s", tz_error_last());

	/* PATHs are relative to the current directory, like git's pathspecs,
	 * and each must name something: a typo must not pass as "no problems" */
	paths = tz_calloc((size_t)(argc - optind) + 1, sizeof(*paths));
	if (optind < argc && tz_source_open(&src, repo, opts.rev) < 0) {
		ret = tool_error("%s", tz_error_last());
		goto out;
	}
	for (int i = optind; i < argc; i++) {
		struct tz_buf p = TZ_BUF_INIT;
		if (tz_repo_pathspec(repo, argv[i], &p) < 0) {
			tz_buf_release(&p);
			ret = tool_error("%s", tz_error_last());
			goto out;
		}
		paths[opts.npaths++] = tz_buf_detach(&p);
		if (!tz_source_has_path(&src, paths[opts.npaths - 1])) {
			ret = tool_error(opts.rev ? _("%s: no such file or folder in that revision") : _("%s: no such file or folder"), argv[i]);
			goto out;
		}
	}
	opts.paths = (const char *const *)paths;
	opts.progress = tool_progress(quiet);
	rc = tz_check(repo, &opts, &diags, &stats);
	tz_progress_stop(opts.progress);	/* the findings replace its line */
	if (rc < 0) {
		ret = tool_error("%s", tz_error_last());
		goto out;
	}
	ret = tz_diag_write(&diags, stdout, format) ? 1 : 0;
	if (!quiet)
		summary(&diags, &stats);
out:
	for (size_t i = 0; i < opts.npaths; i++)
		free(paths[i]);
	free(paths);
	tz_diag_list_release(&diags);
	tz_source_release(&src);
	tz_repo_free(repo);
	return tool_finish(ret);
}
