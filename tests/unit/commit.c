/* commit.c - unit tests for tz commit's validation: a commit that follows
 * the one before checks only the records that differ from the tree whose
 * answer was kept, and checks everything when the change can reach other
 * records, the schema changed or the kept answer is damaged. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <git2.h>
#include <sqlite3.h>
#include "buf.h"
#include "commit.h"
#include "error.h"
#include "repo.h"
#include "scratch.h"
#include "tap.h"

static char *dir;

static const char unit_schema[] =
	"[type]\nname = unit\ndir = units\nid = [a-z]+\n\n"
	"[field.name]\ntype = text\nrequired = yes\nunique = yes\n";
static const char task_schema[] =
	"[type]\nname = task\ndir = tasks\nid = T[0-9]+\n\n"
	"[field.name]\ntype = text\n\n[field.unit]\ntype = ref\nto = unit\n";

static void write_file(const char *rel, const char *text)
{
	scratch_write(dir, rel, text);
}

static int run(const char *cmd)
{
	return scratch_run(dir, cmd);
}

/* tz commit of everything; its result's incremental and checked into *inc
 * and *checked, its findings' first message into first. Returns what
 * tz_commit returns. */
static int commit(struct tz_repo *repo, int *inc, size_t *checked, struct tz_buf *first)
{
	struct tz_commit_opts opts = TZ_COMMIT_OPTS_INIT;
	struct tz_commit_result res;
	struct tz_diag_list diags = TZ_DIAG_LIST_INIT;
	int rc;

	opts.author = "测试 <t@example.gov.cn>";
	opts.message = "step";
	rc = tz_commit(&res, repo, &opts, &diags);
	if (rc < 0)
		printf("# %s\n", tz_error_last());
	*inc = res.incremental;
	*checked = res.checked;
	tz_buf_clear(first);
	if (diags.n)
		tz_buf_printf(first, "%s:%d: %s", diags.v[0].path, diags.v[0].line, diags.v[0].msg);
	tz_commit_result_release(&res);
	tz_diag_list_release(&diags);
	return rc;
}

/* Options of another layout are refused before anything is read. */
static void test_commit__opts_version(void)
{
	struct tz_commit_opts opts = TZ_COMMIT_OPTS_INIT;
	struct tz_commit_result res;
	struct tz_diag_list diags = TZ_DIAG_LIST_INIT;

	is_int(opts.version, TZ_COMMIT_OPTS_VERSION, "TZ_COMMIT_OPTS_INIT sets the version");
	ok(!opts.message && !opts.author && !opts.paths && !opts.npaths && !opts.lock_timeout_ms && !opts.no_cache,
	   "and nothing else");
	opts.version = 2;
	is_int(tz_commit(&res, NULL, &opts, &diags), -1, "another version is refused");
	is_str(tz_error_last(), "tz_commit: options of version 2, not 1", "and said");
	is_int(diags.n, 0, "with no finding");
	tz_commit_result_release(&res);
}

int main(void)
{
	struct tz_repo *repo = NULL;
	char tmpl[] = "/tmp/tz-unit-commit-XXXXXX";
	struct tz_buf path = TZ_BUF_INIT, first = TZ_BUF_INIT;
	git_repository *g = NULL;
	size_t checked = 0;
	sqlite3 *db = NULL;
	int inc = -1;

	test_commit__opts_version();
	dir = mkdtemp(tmpl);
	git_libgit2_init();
	ok(dir && git_repository_init(&g, dir, 0) == 0, "a scratch repository");
	git_repository_free(g);
	write_file("schema/unit.ini", unit_schema);
	write_file("schema/task.ini", task_schema);
	write_file("records/units/hbj.ini", "[unit]\nname = 环保局\n");
	write_file("records/units/gtj.ini", "[unit]\nname = 国土局\n");
	write_file("records/tasks/T1.ini", "[task]\nname = one\nunit = hbj\n");
	write_file("records/tasks/T2.ini", "[task]\nname = two\nunit = gtj\n");
	write_file("records/tasks/T3.ini", "[task]\nname = three\nunit = hbj\n");
	ok(run("git -c user.name=t -c user.email=t@example.gov.cn add -A && "
	       "git -c user.name=t -c user.email=t@example.gov.cn commit -q -m base") == 0, "commit the base");
	ok(tz_repo_open(&repo, dir) == 0, "open it");

	write_file("records/tasks/T1.ini", "[task]\nname = uno\nunit = hbj\n");
	is_int(commit(repo, &inc, &checked, &first), TZ_COMMIT_DONE, "a first commit");
	ok(!inc && checked == 5, "checks every record: no answer kept yet (%zu)", checked);

	write_file("records/tasks/T1.ini", "[task]\nname = eins\nunit = gtj\n");
	is_int(commit(repo, &inc, &checked, &first), TZ_COMMIT_DONE, "the next");
	ok(inc && checked == 1, "checks the one record that changed (%zu)", checked);

	write_file("records/tasks/T2.ini", "[task]\nname = deux\nunit = gtj\n");
	ok(run("git -c user.name=t -c user.email=t@example.gov.cn commit -q -a -m by-git") == 0, "git commits T2");
	write_file("records/tasks/T3.ini", "[task]\nname = trois\nunit = hbj\n");
	is_int(commit(repo, &inc, &checked, &first), TZ_COMMIT_DONE, "a commit after git's");
	ok(inc && checked == 2, "checks what differs from the kept tree or from HEAD (%zu)", checked);

	write_file("records/units/new.ini", "[unit]\nname = 新单位\n");
	is_int(commit(repo, &inc, &checked, &first), TZ_COMMIT_DONE, "a new record");
	ok(inc && checked == 1, "checks it alone: its ID and unique value are looked for (%zu)", checked);

	write_file("records/units/dup.ini", "[unit]\nname = 环保局\n");
	is_int(commit(repo, &inc, &checked, &first), TZ_COMMIT_INVALID, "a unique value used twice");
	ok(!inc && checked == 7, "is refused by a check of everything (%zu)", checked);
	is_str(first.ptr, "records/units/dup.ini:2: name: \"环保局\" is also used by records/units/hbj.ini",
	       "naming the other record");
	tz_buf_clear(&path);
	tz_buf_printf(&path, "%s/records/units/dup.ini", dir);
	unlink(path.ptr);

	write_file("records/tasks/T1.ini", "[task]\nname = eins\nunit = nosuch\n");
	is_int(commit(repo, &inc, &checked, &first), TZ_COMMIT_INVALID, "a broken reference");
	ok(!inc && checked == 6, "is refused by a check of everything (%zu)", checked);
	is_str(first.ptr, "records/tasks/T1.ini:3: unit: no unit \"nosuch\"", "as a full check says it");

	write_file("records/tasks/T1.ini", "[task]\nname = eins\nunit = new\n");
	is_int(commit(repo, &inc, &checked, &first), TZ_COMMIT_DONE, "put right");
	ok(inc && checked == 1, "from the answer kept before the refusals (%zu)", checked);

	tz_buf_clear(&path);
	tz_buf_printf(&path, "%s/records/tasks/T3.ini", dir);
	unlink(path.ptr);
	is_int(commit(repo, &inc, &checked, &first), TZ_COMMIT_DONE, "a deleted record");
	ok(!inc && checked == 5, "checks everything: someone may refer to it (%zu)", checked);

	write_file("records/tasks/T2.ini", "[task]\nname = zwei\nunit = gtj\n");
	tz_buf_clear(&path);
	tz_buf_printf(&path, "%s/.git/taizhang/index.sqlite", dir);
	ok(sqlite3_open(path.ptr, &db) == SQLITE_OK &&
	   sqlite3_exec(db, "UPDATE check_state SET value = substr(value, 1, length(value) - 1) || X'00' "
			"WHERE key = 'tree'", NULL, NULL, NULL) == SQLITE_OK && sqlite3_changes(db) == 1,
	   "damage the kept answer");
	sqlite3_close(db);
	is_int(commit(repo, &inc, &checked, &first), TZ_COMMIT_DONE, "a commit after the damage");
	ok(!inc && checked == 5, "checks everything (%zu)", checked);

	write_file("records/tasks/T2.ini", "[task]\nname = two\nunit = gtj\n");
	write_file("schema/task.ini", "[type]\nname = task\ndir = tasks\nid = T[0-9]+\n\n"
		   "[field.name]\ntype = text\nrequired = yes\n\n[field.unit]\ntype = ref\nto = unit\n");
	is_int(commit(repo, &inc, &checked, &first), TZ_COMMIT_DONE, "a schema edit");
	ok(!inc && checked == 5, "checks everything (%zu)", checked);

	tz_repo_free(repo);
	scratch_remove(dir);
	tz_buf_release(&path);
	tz_buf_release(&first);
	git_libgit2_shutdown();
	return tap_done();
}
