/* history.c - unit tests of the history walk on worker threads: the rows
 * are those of the walk on the main thread alone, merges and a failure
 * included, and the workers do run (TZ_THREADS sets how many). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "buf.h"
#include "error.h"
#include "history.h"
#include "repo.h"
#include "scratch.h"

static char dir[] = "/tmp/tz-history-XXXXXX";

/* 60 commits of one record each (more than the walk's 32 for workers),
 * then a side branch and a merge that takes one change from each side. */
static int setup(void)
{
	struct tz_buf cmd = TZ_BUF_INIT;
	int rc;

	scratch_write(dir, "schema/issue.ini",
		      "[type]\nname = issue\ndir = issues\nid = ISS-[0-9]{4}\n\n"
		      "[field.title]\ntype = text\n\n[field.status]\ntype = text\n");
	tz_buf_puts(&cmd, "git init -q -b main . && git config user.name Ann && "
			  "git config user.email a@example.org && "
			  "mkdir -p records/issues && for i in $(seq 1 60); do r=$((i % 7)); "
			  "printf '[issue]\\ntitle = t%d\\nstatus = s%d\\n' $r $i >records/issues/ISS-000$r.ini && "
			  "git add -A && git commit -q -m c$i || exit 1; done && "
			  "git checkout -q -b side HEAD~3 && "
			  "printf '[issue]\\ntitle = side\\nstatus = s\\n' >records/issues/ISS-0009.ini && "
			  "git add -A && git commit -q -m side && git checkout -q main && "
			  "git merge -q --no-edit side && "
			  "printf '[issue]\\ntitle = last\\nstatus = s\\n' >records/issues/ISS-0001.ini && "
			  "git commit -q -a -m last");
	rc = scratch_run(dir, cmd.ptr);
	tz_buf_release(&cmd);
	return rc;
}

static int dump_row(void *payload, int ncol, char **v, char **names)
{
	struct tz_buf *out = payload;

	(void)names;
	for (int i = 0; i < ncol; i++)
		tz_buf_printf(out, "%s%s", i ? "|" : "", v[i] ? v[i] : "NULL");
	tz_buf_putc(out, '\n');
	return 0;
}

/* Build the history from nothing with TZ_THREADS=threads; its two tables
 * into out. Returns tz_history_open's result, its stats into st. */
static int build(struct tz_repo *repo, const char *threads, struct tz_buf *out, struct tz_history_stats *st)
{
	struct tz_history *h = NULL;
	int rc;

	setenv("TZ_THREADS", threads, 1);
	tz_buf_clear(out);
	memset(st, 0, sizeof(*st));
	rc = tz_history_drop(repo);
	if (rc == 0)
		rc = tz_history_open(&h, repo, NULL, st, NULL);
	if (rc == 0)
		sqlite3_exec(tz_history_db(h), "SELECT * FROM history_commit ORDER BY seq;"
			     " SELECT * FROM history_change ORDER BY seq, ord", dump_row, out, NULL);
	tz_history_free(h);
	unsetenv("TZ_THREADS");
	return rc;
}

static void test_history__threads(struct tz_repo *repo)
{
	struct tz_buf one = TZ_BUF_INIT, many = TZ_BUF_INIT;
	struct tz_history_stats st;
	const char *counts[] = { "2", "3", "8" };

	is_int(build(repo, "1", &one, &st), 0, "built on the main thread");
	is_int(st.threads, 0, "with no worker");
	is_int(st.commits, 63, "every commit");
	ok(strstr(one.ptr, "|2|Merge branch 'side'") != NULL, "the merge is walked");
	for (size_t k = 0; k < sizeof(counts) / sizeof(*counts); k++) {
		size_t want = strtoul(counts[k], NULL, 10);
		is_int(build(repo, counts[k], &many, &st), 0, "built with TZ_THREADS=%s", counts[k]);
		is_int(st.threads, want, "on %zu workers", want);
		is_str(many.ptr, one.ptr, "the same rows as on the main thread");
	}
	tz_buf_release(&one);
	tz_buf_release(&many);
}

/* A blob that cannot be read, half way: the worker's error is the walk's. */
static void test_history__failure(struct tz_repo *repo)
{
	struct tz_buf out = TZ_BUF_INIT, one = TZ_BUF_INIT;
	struct tz_history_stats st;

	if (scratch_run(dir, "b=$(git rev-parse main~30:records/issues/ISS-0003.ini) && "
			"rm -f .git/objects/$(echo $b | cut -c1-2)/$(echo $b | cut -c3-)") != 0) {
		ok(0, "remove a blob");
		return;
	}
	is_int(build(repo, "1", &out, &st), -1, "a missing blob fails on the main thread");
	tz_buf_puts(&one, tz_error_last());
	ok(one.len > 0, "with a message: %s", one.ptr);
	is_int(build(repo, "2", &out, &st), -1, "and on workers");
	is_str(tz_error_last(), one.ptr, "with the same message");
	tz_buf_release(&out);
	tz_buf_release(&one);
}

int main(void)
{
	struct tz_repo *repo = NULL;

	if (!mkdtemp(dir) || setup() != 0 || tz_repo_open(&repo, dir) < 0) {
		printf("Bail out! cannot set up a repository in %s: %s\n", dir, tz_error_last());
		return 1;
	}
	test_history__threads(repo);
	test_history__failure(repo);
	tz_repo_free(repo);
	scratch_remove(dir);
	return tap_done();
}
