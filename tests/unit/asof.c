/* Unit tests for asof.c: whether the working tree holds HEAD's records and
 * schema, judged from the index and the raw trees (tz_asof_tree_clean). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <git2.h>
#include "asof.h"
#include "buf.h"
#include "error.h"
#include "index.h"
#include "repo.h"
#include "scratch.h"
#include "tap.h"

static char *dir;

static const char task_schema[] =
	"[type]\nname = task\ndir = tasks\nid = T[0-9]+\n\n[field.name]\ntype = text\n";

static void write_file(const char *rel, const char *text)
{
	scratch_write(dir, rel, text);
}

static void remove_file(const char *rel)
{
	struct tz_buf p = TZ_BUF_INIT;

	tz_buf_printf(&p, "%s/%s", dir, rel);
	unlink(p.ptr);
	tz_buf_release(&p);
}

static int run(const char *cmd)
{
	return scratch_run(dir, cmd);
}

/* tz_asof_tree_clean after refreshing the index from the working tree. */
static int clean(struct tz_repo *repo)
{
	struct tz_index *ix = NULL;
	int rc;

	if (tz_index_open(&ix, repo, NULL, NULL) < 0) {
		printf("# %s\n", tz_error_last());
		return -2;
	}
	rc = tz_asof_tree_clean(repo, tz_index_db(ix));
	if (rc < 0)
		printf("# %s\n", tz_error_last());
	tz_index_free(ix);
	return rc;
}

int main(void)
{
	struct tz_repo *repo = NULL;
	char tmpl[] = "/tmp/tz-asof-XXXXXX";
	struct tz_buf path = TZ_BUF_INIT;
	git_repository *g = NULL;

	dir = mkdtemp(tmpl);
	git_libgit2_init();
	ok(dir && git_repository_init(&g, dir, 0) == 0, "a scratch repository");
	git_repository_free(g);
	tz_buf_printf(&path, "%s/schema", dir);
	mkdir(path.ptr, 0777);
	tz_buf_clear(&path);
	tz_buf_printf(&path, "%s/records", dir);
	mkdir(path.ptr, 0777);
	tz_buf_puts(&path, "/tasks");
	mkdir(path.ptr, 0777);
	tz_buf_puts(&path, "/2026");
	mkdir(path.ptr, 0777);
	write_file("schema/task.ini", task_schema);
	write_file("records/tasks/T1.ini", "[task]\nname = one\n");
	write_file("records/tasks/T10.ini", "[task]\nname = ten\n");
	write_file("records/tasks/2026/T2.ini", "[task]\nname = two\n");
	write_file("records/tasks/T2-notes.txt", "not a record\n");
	ok(tz_repo_open(&repo, dir) == 0, "open it before its first commit");
	is_int(clean(repo), -1, "nothing committed: no HEAD tree to compare with");
	is_str(tz_error_last(), "unknown revision \"HEAD\"", "said by the one revision resolver");
	tz_repo_free(repo);
	repo = NULL;
	ok(run("git -c user.name=t -c user.email=t@example.gov.cn add -A && "
	       "git -c user.name=t -c user.email=t@example.gov.cn commit -q -m base") == 0, "commit the base");
	ok(tz_repo_open(&repo, dir) == 0, "open it");

	is_int(clean(repo), 1, "as committed: clean (subfolders and a file that is no record included)");
	write_file("records/tasks/T1.ini", "[task]\nname = uno\n");
	is_int(clean(repo), 0, "a record edited: not clean");
	ok(run("git checkout -q records/tasks/T1.ini") == 0, "undo the edit");
	is_int(clean(repo), 1, "clean again");
	write_file("records/tasks/T3.ini", "[task]\nname = three\n");
	is_int(clean(repo), 0, "a new record HEAD lacks: not clean");
	remove_file("records/tasks/T3.ini");
	remove_file("records/tasks/2026/T2.ini");
	is_int(clean(repo), 0, "a record deleted: not clean");
	ok(run("git checkout -q records/tasks/2026/T2.ini") == 0, "restore it");
	is_int(clean(repo), 1, "clean again");
	write_file("records/tasks/T2-notes.txt", "still not a record\n");
	is_int(clean(repo), 0, "a file the index skips, edited: not clean");
	ok(run("git checkout -q records/tasks/T2-notes.txt") == 0, "undo that edit");
	write_file("schema/task.ini", "[type]\nname = task\ndir = tasks\nid = T[0-9]+\n\n[field.name]\ntype = text\nrequired = yes\n");
	is_int(clean(repo), 0, "a schema file edited: not clean");
	write_file("schema/task.ini", task_schema);
	write_file("schema/calendar.ini", "[calendar]\ndue_soon = 3\n");
	is_int(clean(repo), 0, "a schema file HEAD lacks: not clean");
	remove_file("schema/calendar.ini");
	is_int(clean(repo), 1, "clean again, all undone");

	tz_repo_free(repo);
	scratch_remove(dir);
	tz_buf_release(&path);
	return tap_done();
}
