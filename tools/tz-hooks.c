/* tz-hooks - set a repository up for many units: `tz hooks install` writes
 * the git hooks and the merge driver; `tz hooks pre-commit` is what the
 * pre-commit hook runs (validate the staged records). */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "buf.h"
#include "check.h"
#include "common.h"
#include "error.h"
#include "hooks.h"
#include "i18n.h"
#include "repo.h"

static const char usage[] = N_(
"usage: tz hooks install [-C DIR] [--server] [--chain]\n"
"   or: tz hooks pre-commit [-C DIR]\n"
"\n"
"install, in a clone: a pre-commit hook that validates the staged records\n"
"(git's index, not the working tree), the merge driver `tz merge-file` in\n"
".git/config and `records/** merge=tz` in .gitattributes.\n"
"install --server, in a bare repository: a pre-receive hook that runs\n"
"`tz check-push`, so that a push breaking the records or the access\n"
"policy is refused whole.\n"
"Running it again changes nothing. A hook that is not taizhang's is never\n"
"overwritten: the install is refused, or with --chain the hook is kept as\n"
"NAME.chained and run before taizhang's.\n"
"\n"
"pre-commit: validate what is staged, as the hook does; findings go to\n"
"stdout as FILE:LINE: error|warning: MESSAGE.\n"
"\n"
"  -C DIR              run as if started in DIR\n"
"  --server            install the server's pre-receive hook (bare repository)\n"
"  --chain             keep a hook that is not taizhang's and run it first\n"
"  -h, --help          show this help\n"
"\n"
"Exit status: 0 done (pre-commit: the staged records are valid), 1 the\n"
"staged records are invalid, 2 usage or environment error (a foreign hook\n"
"without --chain included).\n");

static const char *state_word(enum tz_install_state s)
{
	return s == TZ_INSTALL_ALREADY ? _("already installed") : s == TZ_INSTALL_CHAINED
		? _("installed, the old hook chained") : _("installed");
}

/* A path as the user knows it: relative to the top of the working tree (or
 * to the bare repository). */
static const char *shown(const struct tz_repo *r, const char *path)
{
	const char *top = r->workdir ? r->workdir : r->gitdir;
	size_t n = strlen(top);

	return strncmp(path, top, n) ? path : path + n;
}

static int install(struct tz_repo *repo, int server, int chain)
{
	struct tz_buf dir = TZ_BUF_INIT, hook = TZ_BUF_INIT, tz = TZ_BUF_INIT;
	enum tz_hook_kind kind = server ? TZ_HOOK_PRE_RECEIVE : TZ_HOOK_PRE_COMMIT;
	enum tz_install_state st;
	char *self = tool_self_dir();
	int ret = 2;

	if (server && repo->workdir) {
		tool_error(_("--server needs a bare repository (the server's); %s has a working tree"), repo->workdir);
		goto out;
	}
	if (!server && !repo->workdir) {
		tool_error(_("this is a bare repository: use --server for the pre-receive hook"));
		goto out;
	}
	if (self) {
		tz_buf_printf(&tz, "%s/tz", self);
		if (access(tz.ptr, X_OK) < 0)
			tz_buf_clear(&tz);
	}
	if (tz_hooks_dir(&dir, repo) < 0 ||
	    tz_hook_install(&st, dir.ptr, kind, tz.len ? tz.ptr : NULL, chain) < 0) {
		tool_error("%s", tz_error_last());
		goto out;
	}
	tz_buf_printf(&hook, "%s%s", dir.ptr, tz_hook_name(kind));
	/* TRANSLATORS: "pre-commit hook: installed (.git/hooks/pre-commit)" */
	printf(_("%s hook: %s (%s)\n"), tz_hook_name(kind), state_word(st), shown(repo, hook.ptr));
	if (!server) {
		if (tz_merge_driver_install(&st, repo) < 0) {
			tool_error("%s", tz_error_last());
			goto out;
		}
		fputs(st == TZ_INSTALL_ALREADY
		      ? _("merge driver: already set (merge.tz.driver = tz merge-file %O %A %B %P)\n")
		      : _("merge driver: set (merge.tz.driver = tz merge-file %O %A %B %P)\n"), stdout);
		if (tz_gitattributes_install(&st, repo) < 0) {
			tool_error("%s", tz_error_last());
			goto out;
		}
		fputs(st == TZ_INSTALL_ALREADY ? _(".gitattributes: already has records/** merge=tz\n")
		      : _(".gitattributes: added records/** merge=tz\n"), stdout);
	}
	ret = 0;
out:
	free(self);
	tz_buf_release(&dir);
	tz_buf_release(&hook);
	tz_buf_release(&tz);
	return ret;
}

static int pre_commit(struct tz_repo *repo)
{
	struct tz_diag_list diags = TZ_DIAG_LIST_INIT;
	struct tz_check_opts opts = TZ_CHECK_OPTS_INIT;
	struct tz_check_stats stats;
	char tree[GIT_OID_HEXSZ + 1];
	int ret = 2;

	if (tz_hooks_staged(&opts, tree, repo) < 0) {
		tool_error_last(_("cannot read what is staged"));
		goto out;
	}
	if (tz_check(repo, &opts, &diags, &stats) < 0) {
		tool_error_last(_("validation stopped"));
		goto out;
	}
	tz_diag_write(&diags, stdout, TZ_FORMAT_TEXT);
	fflush(stdout);
	if (diags.errors) {
		fprintf(stderr, NG_("tz hooks: commit refused: %zu error in the staged records\n",
				    "tz hooks: commit refused: %zu errors in the staged records\n", diags.errors),
			diags.errors);
		ret = 1;
	} else {
		ret = 0;
	}
out:
	tz_diag_list_release(&diags);
	return ret;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "server", no_argument, NULL, 's' },
		{ "chain", no_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct tz_repo *repo = NULL;
	const char *dir = NULL, *cmd;
	int c, server = 0, chain = 0, ret = 2;

	tool_init("tz hooks", argv);
	while ((c = getopt_long(argc, argv, "C:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'C': dir = optarg; break;
		case 's': server = 1; break;
		case 'c': chain = 1; break;
		case 'h': return tool_help(usage);
		default: return tool_usage_error(NULL);
		}
	}
	if (optind >= argc)
		return tool_usage_error(_("needs a subcommand: install or pre-commit"));
	cmd = argv[optind];
	if (argc - optind > 1)
		return tool_usage_error(_("unexpected argument \"%s\""), argv[optind + 1]);
	if (strcmp(cmd, "install") && strcmp(cmd, "pre-commit"))
		return tool_usage_error(_("unknown subcommand \"%s\" (install or pre-commit)"), cmd);
	if (!strcmp(cmd, "pre-commit") && (server || chain))
		return tool_usage_error(_("--server and --chain go with install"));
	if (tz_repo_open(&repo, dir) < 0) {
		tool_error_last(_("cannot open repository"));
		goto out;
	}
	ret = !strcmp(cmd, "install") ? install(repo, server, chain) : pre_commit(repo);
out:
	tz_repo_free(repo);
	return tool_finish(ret);
}
