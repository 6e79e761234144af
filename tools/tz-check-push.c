/* tz-check-push - a server's pre-receive check: every commit a push brings
 * is judged (validity of what it changes, transitions and append-only parts
 * against its parent, the access policy for the pusher); any finding
 * refuses the whole push. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "buf.h"
#include "common.h"
#include "error.h"
#include "i18n.h"
#include "push.h"
#include "repo.h"

static const char usage[] = N_(
"usage: tz check-push [-C DIR] [OLD NEW REF]\n"
"\n"
"Judge the commits of a push before a git server takes them, as its\n"
"pre-receive hook (tz hooks install --server): the ref updates are read as\n"
"\"OLD NEW REF\" lines from stdin, as git passes them, or given as arguments.\n"
"Every commit that no ref of the server has yet is checked against its\n"
"parent: the records it changes must be valid, with their references in\n"
"that commit's tree; transitions and append-only parts must hold; the\n"
"access policy (schema/policy.ini of the parent) must allow the pusher\n"
"what the commit does; a new record's ID must not be taken on the server.\n"
"The pusher is $GL_USERNAME (GitLab), $GITEA_PUSHER_NAME (Gitea) or\n"
"$REMOTE_USER (git http-backend), else each commit's author e-mail.\n"
"\n"
"Each reason is printed as FILE:LINE: error: commit ID: MESSAGE.\n"
"\n"
"  -C DIR              run as if started in DIR\n"
"  -h, --help          show this help\n"
"\n"
"Exit status: 0 the push may go in, 1 refused, 2 usage or environment error.\n");

/* Who pushes, as the server tells its hooks; NULL: judge by the authors. */
static const char *pusher(void)
{
	static const char *const vars[] = { "GL_USERNAME", "GITEA_PUSHER_NAME", "REMOTE_USER" };

	for (size_t i = 0; i < sizeof(vars) / sizeof(*vars); i++) {
		const char *v = getenv(vars[i]);
		if (v && *v)
			return v;
	}
	return NULL;
}

/* All of stdin into b: git's lines, parsed by tz_push_parse. */
static int read_stdin(struct tz_buf *b)
{
	char chunk[8192];
	size_t got;

	while ((got = fread(chunk, 1, sizeof(chunk), stdin)) > 0)
		tz_buf_put(b, chunk, got);
	if (ferror(stdin)) {
		tool_error(_("cannot read the updates: %s"), strerror(errno));
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct tz_push_result res = TZ_PUSH_RESULT_INIT;
	struct tz_push_input in = TZ_PUSH_INPUT_INIT;
	struct tz_repo *repo = NULL;
	struct tz_buf args = TZ_BUF_INIT, why = TZ_BUF_INIT;
	const char *dir = NULL;
	int c, ret = 2, lock = -1, moved;

	tool_init("tz check-push", argv);
	while ((c = getopt_long(argc, argv, "C:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'C': dir = optarg; break;
		case 'h': return tool_help(usage);
		default: return tool_usage_error(NULL);
		}
	}
	if (argc - optind != 0 && argc - optind != 3)
		return tool_usage_error(_("needs OLD NEW REF, or those lines on stdin"));
	if (argc - optind == 3)
		tz_buf_printf(&args, "%s %s %s", argv[optind], argv[optind + 1], argv[optind + 2]);
	else if (read_stdin(&args) < 0)
		goto out;
	if (tz_push_parse(&in, args.ptr ? args.ptr : "", args.len) < 0) {
		tool_error("%s", tz_error_last());
		goto out;
	}
	if (tz_repo_open(&repo, dir) < 0) {
		tool_error_last(_("cannot open repository"));
		goto out;
	}
	/* one push checked at a time; one whose ref has moved since the
	 * pusher looked would be refused by git after the check: say so now */
	moved = tz_push_moved(repo, in.v, in.n, &why);
	if (moved == 0) {
		lock = tz_push_lock(repo, 300000);
		moved = tz_push_moved(repo, in.v, in.n, &why);
	}
	if (moved < 0) {
		tool_error_last(_("cannot check the push"));
		goto out;
	}
	if (moved) {
		fprintf(stderr, _("tz check-push: push refused: %s; nothing was changed\n"), why.ptr);
		ret = 1;
		goto out;
	}
	if (tz_push_use_quarantine(repo) < 0 || tz_push_check(&res, repo, in.v, in.n, pusher()) < 0) {
		tool_error_last(_("cannot check the push"));
		goto out;
	}
	for (size_t i = 0; i < res.n; i++) {
		const struct tz_diag *d = &res.v[i].diag;
		printf("%s:%d: %s: %s\n", d->path, d->line, C_("severity", "error"), d->msg);
	}
	ret = 0;
	if (res.n) {
		fflush(stdout);
		/* TRANSLATORS: the second %zu counts the commits with errors,
		   the third all commits of the push */
		fprintf(stderr, res.commits == 1
			? NG_("tz check-push: push refused: %zu error in %zu of %zu commit; nothing was changed\n",
			      "tz check-push: push refused: %zu errors in %zu of %zu commit; nothing was changed\n", res.n)
			: NG_("tz check-push: push refused: %zu error in %zu of %zu commits; nothing was changed\n",
			      "tz check-push: push refused: %zu errors in %zu of %zu commits; nothing was changed\n", res.n),
			res.n, res.bad_commits, res.commits);
		ret = 1;
	}
out:
	tz_push_input_release(&in);
	tz_buf_release(&args);
	tz_buf_release(&why);
	tz_push_result_release(&res);
	tz_push_unlock(lock);
	tz_repo_free(repo);
	return tool_finish(ret);
}
