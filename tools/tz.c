/* tz - the dispatcher: `tz CMD ARGS` runs the program tz-CMD found beside
 * this one, then on PATH, as git does with its commands. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "buf.h"
#include "common.h"
#include "i18n.h"
#include "text.h"

static const char usage[] = N_(
"usage: tz [-C DIR] [--version] [--help] COMMAND [ARGS...]\n"
"\n"
"taizhang (台账) keeps a campaign's records as INI files in git.\n"
"\n"
"Commands:\n"
"  init        make a new records repository, or the example ledger (--example)\n"
"  validate    check records and schema\n"
"  index       bring the query index up to date\n"
"  query       select records with an expression\n"
"  show        one record, references resolved to names\n"
"  sql         read-only SQL on the index\n"
"  new         a new record with the next free ID\n"
"  set         change fields in place, keeping comments and layout\n"
"  act         take an action: log entry and status in one write\n"
"  commit      validate, then commit records/ and schema/\n"
"  log         field-level history: who changed what, when\n"
"  blame       each field with the commit that last set it\n"
"  diff        field-level differences between versions\n"
"  report      the briefing (简报) as of a date\n"
"  merge-file  git merge driver: merge a record field by field\n"
"  hooks       install the git hooks and the merge driver\n"
"  check-push  a server's pre-receive check of pushed commits\n"
"  audit       the push checks over history that is already in\n"
"  renumber    give a record a new ID, rewriting references to it\n"
"\n"
"'tz help COMMAND' or 'tz COMMAND --help' shows a command's options.\n");

static int valid_command(const char *cmd)
{
	return *cmd && cmd[0] != '-' && strspn(cmd, "abcdefghijklmnopqrstuvwxyz0123456789-") == strlen(cmd);
}

static int run(const char *cmd, char **argv)
{
	struct tz_buf prog = TZ_BUF_INIT, path = TZ_BUF_INIT;
	char *dir;

	if (!valid_command(cmd))
		return tool_usage_error(_("'%s' is not a tz command"), cmd);
	dir = tool_self_dir();
	tz_buf_printf(&prog, "tz-%s", cmd);
	argv[0] = prog.ptr;
	if (dir) {
		tz_buf_printf(&path, "%s/%s", dir, prog.ptr);
		if (access(path.ptr, X_OK) == 0)
			execv(path.ptr, argv);
		free(dir);
	}
	execvp(prog.ptr, argv);
	{
		static const char *const known[] = {
			"init", "validate", "index", "query", "show", "sql",
			"commit", "log", "blame", "diff", "report", "merge-file", "hooks", "check-push", "audit", "renumber", "new", "set", "act", "help"
		};
		int err = errno, ret;
		const char *sug = tz_suggest(cmd, known, sizeof(known) / sizeof(*known));
		if (err == ENOENT && sug)
			ret = tool_usage_error(_("'%s' is not a tz command (did you mean '%s'?)"), cmd, sug);
		else if (err == ENOENT)
			ret = tool_usage_error(_("'%s' is not a tz command"), cmd);
		else
			ret = tool_error(_("cannot run %s: %s"), prog.ptr, strerror(err));
		tz_buf_release(&prog);
		tz_buf_release(&path);
		return ret;
	}
}

int main(int argc, char **argv)
{
	int i = 1;

	tool_init("tz", argv);
	while (i < argc && argv[i][0] == '-') {
		if (!strcmp(argv[i], "-C")) {
			if (i + 1 >= argc)
				return tool_usage_error(_("-C needs a directory"));
			if (chdir(argv[i + 1]) < 0)
				return tool_error(_("cannot change to %s: %s"), argv[i + 1], strerror(errno));
			i += 2;
		} else if (!strcmp(argv[i], "--version")) {
			printf(_("tz version %s\n"), TZ_VERSION);
			return tool_finish(0);
		} else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			return tool_help(usage);
		} else {
			return tool_usage_error(_("unknown option %s"), argv[i]);
		}
	}
	if (i >= argc) {
		fputs(_(usage), stderr);
		return 2;
	}
	if (!strcmp(argv[i], "help")) {
		char *args[] = { NULL, "--help", NULL };
		if (i + 1 >= argc)
			return tool_help(usage);
		return run(argv[i + 1], args);
	}
	if (!strcmp(argv[i], "version")) {
		printf(_("tz version %s\n"), TZ_VERSION);
		return tool_finish(0);
	}
	return run(argv[i], argv + i);
}
