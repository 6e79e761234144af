/* tz-commit - validate, then commit the changes below records/ and schema/
 * through libgit2, with a message written from the field changes. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include "buf.h"
#include "commit.h"
#include "common.h"
#include "error.h"
#include "i18n.h"
#include "repo.h"

static const char usage[] = N_(
"usage: tz commit [-C DIR] [-m MSG] [--author \"Name <email>\"] [--no-cache] [-q] [PATH...]\n"
"\n"
"Commit what changed below records/ and schema/ (new, modified, deleted and\n"
"moved files), or below the PATHs given, on top of HEAD. Nothing else of the\n"
"working tree or of the index is committed or touched. The tree that would\n"
"be committed is validated first, transitions and append-only parts against\n"
"HEAD; when it has errors they are printed as tz validate prints them and\n"
"nothing is written. Without -m the message is written from the field\n"
"changes, e.g. \"ISS-2026-0042: status in_progress → resolved\".\n"
"\n"
"  -C DIR                 run as if started in DIR\n"
"  -m, --message MSG      the commit message (several -m make paragraphs)\n"
"  --author \"NAME <EMAIL>\" the author (default: git config user.name and\n"
"                         user.email, or $GIT_AUTHOR_NAME/$GIT_AUTHOR_EMAIL)\n"
"  --no-cache             validate every record again, without the validation\n"
"                         cache (which tz commit writes for a tree that passed)\n"
"  -q, --quiet            print only findings and errors\n"
"  -h, --help             show this help\n"
"\n"
"HEAD moves only if it still points where it did when the commit began;\n"
"when another process committed meanwhile, the commit is rebuilt and\n"
"validated again on the new HEAD.\n"
"\n"
"Exit status: 0 committed, 1 invalid data (nothing committed) or nothing to\n"
"commit, 2 usage or environment error (no identity, bare repository, I/O).\n");

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "message", required_argument, NULL, 'm' },
		{ "author", required_argument, NULL, 'a' },
		{ "no-cache", no_argument, NULL, 'n' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct tz_diag_list diags = TZ_DIAG_LIST_INIT;
	struct tz_commit_opts opts = TZ_COMMIT_OPTS_INIT;
	struct tz_commit_result res;
	struct tz_buf message = TZ_BUF_INIT;
	struct tz_repo *repo = NULL;
	const char *dir = NULL;
	char **paths = NULL;
	int quiet = 0, c, ret = 2, rc, have_message = 0;

	memset(&res, 0, sizeof(res));
	tool_init("tz commit", argv);
	while ((c = getopt_long(argc, argv, "C:m:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'C': dir = optarg; break;
		case 'm':
			tz_buf_printf(&message, "%s%s", have_message ? "\n\n" : "", optarg);
			have_message = 1;
			break;
		case 'a': opts.author = optarg; break;
		case 'n': opts.no_cache = 1; break;
		case 'q': quiet = 1; break;
		case 'h': return tool_help(usage);
		default: return tool_usage_error(NULL);
		}
	}
	if (have_message)
		opts.message = tz_buf_cstr(&message);
	if (getenv("TZ_LOCK_TIMEOUT_MS"))	/* documented in tz-commit(1) */
		opts.lock_timeout_ms = (unsigned)strtoul(getenv("TZ_LOCK_TIMEOUT_MS"), NULL, 10) + 1;
	if (tz_repo_open(&repo, dir) < 0) {
		ret = tool_error("%s", tz_error_last());
		goto out;
	}
	/* PATHs are relative to the current directory, like git's pathspecs */
	paths = tz_calloc((size_t)(argc - optind) + 1, sizeof(*paths));
	for (int i = optind; i < argc; i++) {
		struct tz_buf p = TZ_BUF_INIT;
		if (tz_repo_pathspec(repo, argv[i], &p) < 0) {
			tz_buf_release(&p);
			ret = tool_error("%s", tz_error_last());
			goto out;
		}
		paths[opts.npaths++] = tz_buf_detach(&p);
	}
	opts.paths = (const char *const *)paths;

	rc = tz_commit(&res, repo, &opts, &diags);
	if (res.notice)
		fprintf(stderr, "%s: %s\n", tool_name, res.notice);
	if (rc < 0) {
		ret = tool_error("%s", tz_error_last());
		goto out;
	}
	tz_diag_write(&diags, stdout, TZ_FORMAT_TEXT);
	if (rc == TZ_COMMIT_NOTHING) {
		fflush(stdout);
		fputs(opts.npaths ? _("nothing to commit below the paths given\n")
				  : _("nothing to commit below records/ and schema/\n"), stderr);
		ret = 1;
	} else if (rc == TZ_COMMIT_INVALID) {
		fflush(stdout);
		fprintf(stderr, NG_("%s: refused: %zu error; nothing was committed\n",
				    "%s: refused: %zu errors; nothing was committed\n", diags.errors),
			tool_name, diags.errors);
		ret = 1;
	} else {
		if (!quiet)
			printf("[%s%s %s] %s\n", res.branch ? res.branch : "detached HEAD",
			       res.root ? " (root-commit)" : "", res.short_id, res.summary);
		if (res.index_error)
			tool_error(_("committed, but the index was not updated: %s"), res.index_error);
		ret = 0;
	}
out:
	for (size_t i = 0; i < opts.npaths; i++)
		free(paths[i]);
	free(paths);
	tz_commit_result_release(&res);
	tz_buf_release(&message);
	tz_diag_list_release(&diags);
	tz_repo_free(repo);
	return tool_finish(ret);
}
