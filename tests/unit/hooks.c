/* hooks.c - unit tests of what the pre-commit hook checks (tz_hooks_staged:
 * the tree git's index makes, against HEAD or nothing) and of
 * tz_repo_head_unborn, which tells the two cases apart. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "buf.h"
#include "check.h"
#include "error.h"
#include "hooks.h"
#include "repo.h"
#include "tap.h"

static const char *dir;

/* Run cmd in dir; its first line of output, or "failed". */
static const char *run(const char *cmd)
{
	static char line[256];
	struct tz_buf c = TZ_BUF_INIT;
	FILE *p;

	tz_buf_printf(&c, "cd '%s' && %s 2>/dev/null", dir, cmd);
	p = popen(c.ptr, "r");
	tz_buf_release(&c);
	strcpy(line, "failed");
	if (p) {
		if (!fgets(line, sizeof(line), p))
			strcpy(line, "");
		line[strcspn(line, "\n")] = '\0';
		if (pclose(p) != 0)
			strcpy(line, "failed");
	}
	return line;
}

static void test_hooks__staged(void)
{
	struct tz_check_opts opts = TZ_CHECK_OPTS_INIT;
	struct tz_repo *repo = NULL;
	struct tz_buf index = TZ_BUF_INIT;
	char tree[GIT_OID_HEXSZ + 1], want[GIT_OID_HEXSZ + 1];

	is_str(run("git init -q . && mkdir -p records/tasks && echo '[task]' >records/tasks/T1.ini && "
		   "git add records && echo done"), "done", "a new repository, a file staged");
	ok(tz_repo_open(&repo, dir) == 0, "open it");
	is_int(tz_repo_head_unborn(repo), 1, "no commit yet: HEAD is unborn");
	is_int(tz_hooks_staged(&opts, tree, repo), 0, "what is staged");
	snprintf(want, sizeof(want), "%s", run("git write-tree"));
	is_str(opts.rev, want, "is the tree git write-tree makes");
	ok(opts.rev == tree, "held in the caller's buffer");
	is_str(opts.base_rev, NULL, "checked against nothing before the first commit");
	tz_repo_free(repo);

	is_str(run("git -c user.name=t -c user.email=t@example.gov.cn commit -q -m one && "
		   "echo 'name = x' >>records/tasks/T1.ini && git add records && echo done"), "done",
	       "commit, then stage a change");
	ok(tz_repo_open(&repo, dir) == 0, "open it again");
	is_int(tz_repo_head_unborn(repo), 0, "HEAD has a commit");
	opts = (struct tz_check_opts)TZ_CHECK_OPTS_INIT;
	is_int(tz_hooks_staged(&opts, tree, repo), 0, "what is staged now");
	snprintf(want, sizeof(want), "%s", run("git write-tree"));
	is_str(opts.rev, want, "is the new tree");
	is_str(opts.base_rev, "HEAD", "checked against HEAD");
	is_str(run("GIT_INDEX_FILE=.git/other-index git read-tree HEAD && echo done"), "done",
	       "another index file, holding HEAD's tree");
	tz_buf_printf(&index, "%s/.git/other-index", dir);
	setenv("GIT_INDEX_FILE", index.ptr, 1);
	is_int(tz_hooks_staged(&opts, tree, repo), 0, "with $GIT_INDEX_FILE naming it, as git sets it for a hook");
	snprintf(want, sizeof(want), "%s", run("git rev-parse HEAD^{tree}"));
	is_str(opts.rev, want, "that file is what is staged");
	unsetenv("GIT_INDEX_FILE");
	tz_buf_release(&index);
	tz_repo_free(repo);
}

int main(void)
{
	char tmpl[] = "/tmp/tz-unit-hooks-XXXXXX";

	dir = mkdtemp(tmpl);
	if (!dir) {
		printf("Bail out! no scratch folder\n");
		return 1;
	}
	setenv("HOME", "/nonexistent", 1);
	setenv("XDG_CONFIG_HOME", "/nonexistent", 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	test_hooks__staged();
	tap_rmdir(dir);
	return tap_done();
}
