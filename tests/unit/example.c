/* Unit tests for example.c: a small campaign replayed as git history. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <git2.h>
#include "buf.h"
#include "diag.h"
#include "error.h"
#include "example.h"
#include "schema.h"
#include "scratch.h"
#include "tap.h"

static char root[] = "/tmp/tz-unit-example-XXXXXX";

static const char unit_ini[] =
	"[type]\nname = unit\nlabel = 单位\ndir = units\nid = [a-z]+\ntitle = name\n\n"
	"[field.name]\ntype = text\nrequired = yes\n\n"
	"[field.short_name]\ntype = text\n\n"
	"[field.kind]\ntype = text\n";

static const char issue_ini[] =
	"[type]\nname = issue\nlabel = 问题\ndir = issues\nid = ISS-[0-9]{4}\ntitle = title\n"
	"owner = unit\nstatus = status\nlog = log\n\n"
	"[field.title]\ntype = text\nrequired = yes\n\n"
	"[field.unit]\ntype = ref\nto = unit\nrequired = yes\n\n"
	"[field.status]\ntype = enum\nvalues = registered, assigned, in_progress\nrequired = yes\n\n"
	"[field.assigned_on]\ntype = date\n\n[field.deadline]\ntype = date\n\n"
	"[field.original_deadline]\ntype = date\n\n[field.accepted_on]\ntype = date\n\n"
	"[part.log]\nkey = [0-9]{3}\n\n"
	"[part.log.field.date]\ntype = date\n\n[part.log.field.actor]\ntype = text\n\n"
	"[part.log.field.action]\ntype = enum\nvalues = register, assign, accept, extend\n\n"
	"[part.log.field.to_status]\ntype = text\n\n[part.log.field.new_deadline]\ntype = date\n\n"
	"[part.log.field.note]\ntype = text\n\n"
	"[action.register]\nlabel = 登记\nto = registered\n\n"
	"[action.assign]\nlabel = 交办\nfrom = registered\nto = assigned\nrequire = unit, deadline\n"
	"set = assigned_on = {date}, original_deadline = {deadline}\n\n"
	"[action.accept]\nlabel = 签收\nfrom = assigned\nto = in_progress\nset = accepted_on = {date}\n\n"
	"[action.extend]\nlabel = 延期\nfrom = assigned, in_progress\nrequire = new_deadline\n"
	"set = deadline = {new_deadline}\n";

static const char project_ini[] =
	"[type]\nname = project\nlabel = 项目\ndir = projects\nid = PRJ-[0-9]{4}\ntitle = name\nowner = unit\n\n"
	"[field.name]\ntype = text\nrequired = yes\n\n"
	"[field.unit]\ntype = ref\nto = unit\n\n"
	"[field.stage]\ntype = enum\nvalues = preliminary, construction\n\n"
	"[field.actual_start]\ntype = date\n\n[field.progress]\ntype = text\n\n"
	"[part.month]\nkey = 20[0-9]{2}-[0-9]{2}\n\n[part.month.field.progress]\ntype = text\n";

static const char issue_rec[] =
	"[issue]\ntitle = 用地未落实\nunit = gtj\nstatus = in_progress\nassigned_on = 2026-03-02\n"
	"original_deadline = 2026-03-20\ndeadline = 2026-04-10\naccepted_on = 2026-03-03\n\n"
	"[log.001]\ndate = 2026-03-02\nactor = 办公室\naction = register\nto_status = registered\n\n"
	"[log.002]\ndate = 2026-03-02\nactor = 办公室\naction = assign\nto_status = assigned\n"
	"note = 交国土局办理。\n\n"
	"[log.003]\ndate = 2026-03-03\nactor = 国土局\naction = accept\nto_status = in_progress\n\n"
	"[log.004]\ndate = 2026-03-18\nactor = 办公室\naction = extend\nnew_deadline = 2026-04-10\n";

static const char project_rec[] =
	"[project]\nname = 环城路\nunit = gtj\nstage = construction\nactual_start = 2026-03-10\n"
	"progress = 路基完成\n\n"
	"[month.2026-02]\nprogress = 清表\n\n[month.2026-03]\nprogress = 路基完成\n";

static void put(const char *rel, const char *text)
{
	scratch_write(root, rel, text);
}

static struct tz_schema *schema(void)
{
	struct tz_diag_list diags = TZ_DIAG_LIST_INIT;
	struct tz_schema *s = tz_schema_new();

	tz_schema_add_file(s, "schema/issue.ini", issue_ini, strlen(issue_ini), &diags);
	tz_schema_add_file(s, "schema/project.ini", project_ini, strlen(project_ini), &diags);
	tz_schema_add_file(s, "schema/unit.ini", unit_ini, strlen(unit_ini), &diags);
	tz_schema_finish(s, &diags);
	ok(diags.errors == 0, "the test schema loads");
	tz_diag_list_release(&diags);
	return s;
}

static git_repository *new_repo(const char *name)
{
	struct tz_buf p = TZ_BUF_INIT;
	git_repository *g = NULL;

	tz_buf_printf(&p, "%s/%s", root, name);
	if (git_repository_init(&g, p.ptr, 1) < 0)
		g = NULL;
	tz_buf_release(&p);
	return g;
}

/* The commits from the first on: out[0..n). */
static size_t commits(git_repository *g, git_oid *out, size_t max)
{
	git_revwalk *w = NULL;
	git_oid id;
	size_t n = 0;

	git_revwalk_new(&w, g);
	git_revwalk_sorting(w, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE);
	git_revwalk_push_head(w);
	while (n < max && !git_revwalk_next(&id, w))
		out[n++] = id;
	git_revwalk_free(w);
	return n;
}

/* The file at path in commit id, or "" when it is not there. */
static void file_at(git_repository *g, const git_oid *id, const char *path, struct tz_buf *out)
{
	git_commit *c = NULL;
	git_tree *t = NULL;
	git_tree_entry *e = NULL;
	git_blob *b = NULL;

	tz_buf_clear(out);
	tz_buf_puts(out, "");
	if (git_commit_lookup(&c, g, id) == 0 && git_commit_tree(&t, c) == 0 &&
	    git_tree_entry_bypath(&e, t, path) == 0 &&
	    git_blob_lookup(&b, g, git_tree_entry_id(e)) == 0)
		tz_buf_put(out, git_blob_rawcontent(b), (size_t)git_blob_rawsize(b));
	git_blob_free(b);
	git_tree_entry_free(e);
	git_tree_free(t);
	git_commit_free(c);
}

static void test_example__replay(void)
{
	struct tz_schema *s = schema();
	struct tz_example_stats st;
	struct tz_buf schema_dir = TZ_BUF_INIT, records_dir = TZ_BUF_INIT, f = TZ_BUF_INIT;
	git_repository *g = new_repo("one.git"), *g2 = new_repo("two.git");
	git_oid ids[16], ids2[16];
	git_commit *c = NULL;
	size_t n;

	tz_buf_printf(&schema_dir, "%s/schema", root);
	tz_buf_printf(&records_dir, "%s/records", root);
	ok(g && g2, "two bare repositories");
	is_int(tz_example_replay(g, s, schema_dir.ptr, records_dir.ptr, &st), 0, "the replay works");
	is_int(st.records, 4, "four records");
	is_int(st.commits, 8, "first commit, four entries, two months, one start");
	is_str(st.first, "2026-02-27", "it starts on the first date: February's report");
	is_str(st.last, "2026-03-31", "it ends with March's report");
	n = commits(g, ids, 16);
	is_int(n, 8, "HEAD has the eight commits");

	git_commit_lookup(&c, g, &ids[0]);
	is_str(git_commit_message(c), "建立台账：1个项目、2个单位\n", "the first commit counts what it holds");
	is_str(git_commit_author(c)->name, "办公室", "by the office");
	is_int(git_commit_author(c)->when.offset, 480, "in +0800");
	git_commit_free(c);

	file_at(g, &ids[1], "records/projects/PRJ-0001.ini", &f);
	is_str(f.ptr, "[project]\nname = 环城路\nunit = gtj\nstage = preliminary\nprogress = 清表\n\n"
	       "[month.2026-02]\nprogress = 清表\n", "February: not started, February's progress");
	file_at(g, &ids[2], "records/issues/ISS-0001.ini", &f);
	is_str(f.ptr, "[issue]\ntitle = 用地未落实\nunit = gtj\nstatus = registered\n\n"
	       "[log.001]\ndate = 2026-03-02\nactor = 办公室\naction = register\nto_status = registered\n",
	       "registered: what assign and accept fill is not there yet");
	file_at(g, &ids[3], "records/issues/ISS-0001.ini", &f);
	ok(strstr(f.ptr, "status = assigned\nassigned_on = 2026-03-02\noriginal_deadline = 2026-03-20\n"
		  "deadline = 2026-03-20\n") && !strstr(f.ptr, "accepted_on"),
	   "assigned: the deadline is the original one, not accepted yet");
	git_commit_lookup(&c, g, &ids[3]);
	is_str(git_commit_message(c), "ISS-0001 交办：交国土局办理。\n", "the entry's label and note");
	git_commit_free(c);
	git_commit_lookup(&c, g, &ids[4]);
	is_str(git_commit_author(c)->name, "国土局", "accepted by the unit that acted");
	is_str(git_commit_author(c)->email, "gtj@example.gov.cn", "with its ID's address");
	git_commit_free(c);
	file_at(g, &ids[5], "records/projects/PRJ-0001.ini", &f);
	ok(strstr(f.ptr, "stage = construction\nactual_start = 2026-03-10\n") != NULL, "started on 10 March");
	file_at(g, &ids[6], "records/issues/ISS-0001.ini", &f);
	ok(strstr(f.ptr, "deadline = 2026-04-10\n") != NULL, "extended on 18 March");
	file_at(g, &ids[7], "records/issues/ISS-0001.ini", &f);
	is_str(f.ptr, issue_rec, "the last commit holds the file as it is");
	file_at(g, &ids[7], "records/projects/PRJ-0001.ini", &f);
	is_str(f.ptr, project_rec, "and the project too");

	is_int(tz_example_replay(g2, s, schema_dir.ptr, records_dir.ptr, NULL), 0, "replayed again elsewhere");
	is_int(commits(g2, ids2, 16), 8, "the same number of commits");
	ok(git_oid_equal(&ids[7], &ids2[7]) && git_oid_equal(&ids[0], &ids2[0]), "the same commit IDs");

	is_int(tz_example_replay(g, s, schema_dir.ptr, records_dir.ptr, NULL), -1, "not onto commits");
	is_str(tz_error_last(), "the repository already has commits", "and says so");

	git_repository_free(g);
	git_repository_free(g2);
	tz_schema_free(s);
	tz_buf_release(&schema_dir);
	tz_buf_release(&records_dir);
	tz_buf_release(&f);
}

static void test_example__bad_record(void)
{
	struct tz_schema *s = schema();
	struct tz_buf schema_dir = TZ_BUF_INIT, records_dir = TZ_BUF_INIT;
	git_repository *g = new_repo("three.git");

	put("bad/units/x.ini", "[unit]\nname = x\n");
	put("bad/stray/y.ini", "[thing]\n");
	tz_buf_printf(&schema_dir, "%s/schema", root);
	tz_buf_printf(&records_dir, "%s/bad", root);
	is_int(tz_example_replay(g, s, schema_dir.ptr, records_dir.ptr, NULL), -1, "a file of no type");
	is_str(tz_error_last(), "records/stray/y.ini: not a record of any type in the schema", "named");
	git_repository_free(g);
	tz_schema_free(s);
	tz_buf_release(&schema_dir);
	tz_buf_release(&records_dir);
}

int main(void)
{
	char cmd[128];

	git_libgit2_init();
	if (!mkdtemp(root)) {
		printf("Bail out! cannot make a folder\n");
		return 1;
	}
	put("schema/issue.ini", issue_ini);
	put("schema/project.ini", project_ini);
	put("schema/unit.ini", unit_ini);
	put("records/units/gtj.ini", "[unit]\nname = 市国土资源局\nshort_name = 国土局\nkind = bureau\n");
	put("records/units/lbb.ini", "[unit]\nname = 两帮两促办公室\nshort_name = 办公室\nkind = office\n");
	put("records/issues/ISS-0001.ini", issue_rec);
	put("records/projects/PRJ-0001.ini", project_rec);
	test_example__replay();
	test_example__bad_record();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", root);
	git_libgit2_shutdown();
	return tap_done();
}
