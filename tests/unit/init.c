/* init.c - unit tests of tz_init_repo: a records repository made from a
 * schema folder, and each refusal (no schema, no campaign, a repository
 * that has a schema or commits already, an invalid schema for --example). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <git2.h>
#include "buf.h"
#include "durable.h"
#include "error.h"
#include "init.h"
#include "repo.h"
#include "tap.h"

static const char task_schema[] =
	"[type]\nname = task\ndir = tasks\nid = T[0-9]+\n\n[field.name]\ntype = text\n";
/* a schema with an error: a field of no known type */
static const char bad_schema[] =
	"[type]\nname = task\ndir = tasks\nid = T[0-9]+\n\n[field.name]\ntype = nonsense\n";

/* tz_init_repo of dir/sub from dir/schema_sub: its result, or the error. */
static const char *init(const char *dir, const char *sub, const char *schema_sub, int example,
			struct tz_init_result *res, struct tz_diag_list *diags)
{
	static struct tz_buf out = TZ_BUF_INIT;
	struct tz_init_opts opts = TZ_INIT_OPTS_INIT;
	struct tz_buf d = TZ_BUF_INIT, s = TZ_BUF_INIT;
	int rc;

	opts.example = example;
	tz_buf_printf(&d, "%s/%s", dir, sub);
	tz_buf_printf(&s, "%s/%s", dir, schema_sub);
	tz_buf_clear(&out);
	rc = tz_init_repo(res, d.ptr, s.ptr, &opts, diags);
	if (rc < 0)
		tz_buf_puts(&out, tz_error_last());
	else
		tz_buf_printf(&out, "%d", rc);
	tz_buf_release(&d);
	tz_buf_release(&s);
	return out.ptr;
}

/* Whether dir/rel exists. */
static int exists(const char *dir, const char *rel)
{
	struct tz_buf p = TZ_BUF_INIT;
	struct stat st;
	int rc;

	tz_buf_printf(&p, "%s/%s", dir, rel);
	rc = lstat(p.ptr, &st) == 0;
	tz_buf_release(&p);
	return rc;
}

static void test_init__plain(const char *dir)
{
	struct tz_diag_list diags = TZ_DIAG_LIST_INIT;
	struct tz_init_result res;
	struct tz_buf want = TZ_BUF_INIT;

	is_str(init(dir, "a/b", "schema", 0, &res, &diags), "0", "a new repository, folders made above it");
	tz_buf_printf(&want, "%s/a/b", dir);
	is_str(res.root, want.ptr, "its root, absolute");
	ok(res.schema && res.schema->ntypes == 1 && !strcmp(res.schema->types[0].name, "task"),
	   "the schema copied and loaded");
	is_int(diags.n, 0, "with no finding");
	ok(exists(dir, "a/b/.git") && exists(dir, "a/b/schema/task.ini") && !exists(dir, "a/b/schema/notes.txt") &&
	   exists(dir, "a/b/records/tasks/.gitkeep"), "git, the schema's .ini files, a folder per type");
	tz_init_result_release(&res);
	tz_buf_clear(&want);
	tz_buf_printf(&want, "%s/a/b already has schema/: it is a records repository", dir);
	is_str(init(dir, "a/b", "schema", 0, &res, &diags), want.ptr, "twice: refused");
	tz_init_result_release(&res);
	tz_buf_release(&want);
	tz_diag_list_release(&diags);
}

static void test_init__refused(const char *dir)
{
	struct tz_diag_list diags = TZ_DIAG_LIST_INIT;
	struct tz_init_opts opts = TZ_INIT_OPTS_INIT;
	struct tz_init_result res;
	struct tz_buf want = TZ_BUF_INIT;

	tz_buf_printf(&want, "no schema at %s/nowhere", dir);
	is_str(init(dir, "c", "nowhere", 0, &res, &diags), want.ptr, "no schema folder");
	tz_init_result_release(&res);
	ok(!exists(dir, "c"), "nothing made");
	tz_buf_clear(&want);
	tz_buf_printf(&want, "no campaign at %s/schema/../records", dir);
	is_str(init(dir, "c", "schema", 1, &res, &diags), want.ptr, "--example with no campaign beside the schema");
	tz_init_result_release(&res);
	opts.version = 9;
	is_int(tz_init_repo(&res, dir, dir, &opts, &diags), -1, "options of another version");
	is_str(tz_error_last(), "tz_init_repo: options of version 9, not 1", "are refused");
	tz_init_result_release(&res);
	tz_buf_release(&want);
	tz_diag_list_release(&diags);
}

static void test_init__example_refused(const char *dir)
{
	struct tz_diag_list diags = TZ_DIAG_LIST_INIT;
	struct tz_init_result res;
	struct tz_buf want = TZ_BUF_INIT;
	git_repository *g = NULL;
	git_signature *sig = NULL;
	git_index *idx = NULL;
	git_tree *tree = NULL;
	git_oid tid, cid;

	/* a repository with a commit */
	tz_buf_printf(&want, "%s/old", dir);
	if (git_repository_init(&g, want.ptr, 0) < 0 || git_repository_index(&idx, g) < 0 ||
	    git_index_write_tree(&tid, idx) < 0 || git_tree_lookup(&tree, g, &tid) < 0 ||
	    git_signature_new(&sig, "t", "t@example.gov.cn", 1782810000, 480) < 0 ||
	    git_commit_create_v(&cid, g, "HEAD", sig, sig, NULL, "first", tree, 0) < 0)
		ok(0, "a repository with a commit: %s", git_error_last()->message);
	git_signature_free(sig);
	git_tree_free(tree);
	git_index_free(idx);
	git_repository_free(g);
	tz_buf_clear(&want);
	tz_buf_printf(&want, "%s/old already has commits: --example needs a new repository", dir);
	is_str(init(dir, "old", "camp/schema", 1, &res, &diags), want.ptr, "--example where commits are");
	tz_init_result_release(&res);
	ok(!exists(dir, "old/schema"), "and nothing copied");
	is_str(init(dir, "new", "camp/schema", 1, &res, &diags), "1", "--example with an invalid schema");
	ok(diags.errors > 0, "its errors are the findings");
	ok(res.schema != NULL, "the schema is handed back to say them");
	tz_init_result_release(&res);
	tz_buf_release(&want);
	tz_diag_list_release(&diags);
}

int main(void)
{
	char tmpl[] = "/tmp/tz-unit-init-XXXXXX";
	struct tz_buf p = TZ_BUF_INIT;
	char *dir = mkdtemp(tmpl);

	if (!dir) {
		printf("Bail out! no scratch folder\n");
		return 1;
	}
	/* no global or system identity or config may leak in */
	setenv("HOME", "/nonexistent", 1);
	setenv("XDG_CONFIG_HOME", "/nonexistent", 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	tz_repo_libgit2_init();
	tz_buf_printf(&p, "%s/schema", dir);
	tz_durable_mkdirs(p.ptr);
	tz_buf_puts(&p, "/task.ini");
	tz_durable_write(p.ptr, task_schema, strlen(task_schema), 0);
	tz_buf_clear(&p);
	tz_buf_printf(&p, "%s/schema/notes.txt", dir);
	tz_durable_write(p.ptr, "not copied\n", 11, 0);
	/* a campaign whose schema has an error */
	tz_buf_clear(&p);
	tz_buf_printf(&p, "%s/camp/records", dir);
	tz_durable_mkdirs(p.ptr);
	tz_buf_clear(&p);
	tz_buf_printf(&p, "%s/camp/schema", dir);
	tz_durable_mkdirs(p.ptr);
	tz_buf_puts(&p, "/task.ini");
	tz_durable_write(p.ptr, bad_schema, strlen(bad_schema), 0);
	test_init__plain(dir);
	test_init__refused(dir);
	test_init__example_refused(dir);
	tz_buf_release(&p);
	tap_rmdir(dir);
	return tap_done();
}
