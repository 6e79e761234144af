/* changes.c - unit tests for the tree-to-tree comparison: a walk that keeps
 * the last comparison's trees must list exactly what a fresh one lists. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "tap.h"
#include "changes.h"
#include "error.h"
#include "repo.h"

static git_repository *repo;

/* The empty tree (free with git_tree_free). */
static git_tree *empty_tree(void)
{
	git_treebuilder *tb;
	git_oid eid;
	git_tree *t = NULL;

	git_treebuilder_new(&tb, repo, NULL);
	git_treebuilder_write(&eid, tb);
	git_treebuilder_free(tb);
	git_tree_lookup(&t, repo, &eid);
	return t;
}

/* A tree: base with path set to contents (NULL: removed). */
static git_tree *edit(git_tree *base, const char *path, const char *contents)
{
	git_tree_update u;
	git_oid blob, id;
	git_tree *t = NULL;

	memset(&u, 0, sizeof(u));
	u.path = path;
	if (contents) {
		git_blob_create_from_buffer(&blob, repo, contents, strlen(contents));
		u.action = GIT_TREE_UPDATE_UPSERT;
		u.id = blob;
		u.filemode = GIT_FILEMODE_BLOB;
	} else {
		u.action = GIT_TREE_UPDATE_REMOVE;
	}
	if (git_tree_create_updated(&id, repo, base, 1, &u) < 0 || git_tree_lookup(&t, repo, &id) < 0)
		return NULL;
	return t;
}

/* The changes from a to b as "old>new" lines. */
static void listing(struct tz_buf *out, git_tree *a, git_tree *b, struct tz_tree_keep *keep)
{
	struct tz_changes ch = TZ_CHANGES_INIT;

	tz_buf_clear(out);
	if (tz_changes_trees(&ch, repo, a, b, "records", keep) < 0)
		tz_buf_puts(out, "error");
	for (size_t i = 0; i < ch.n; i++)
		tz_buf_printf(out, "%s>%s\n", ch.v[i].old_path ? ch.v[i].old_path : "-",
			      ch.v[i].new_path ? ch.v[i].new_path : "-");
	tz_changes_release(&ch);
}

static void test_changes__keep_matches_fresh(void)
{
	struct tz_tree_keep keep = TZ_TREE_KEEP_INIT;
	struct tz_buf kept = TZ_BUF_INIT, fresh = TZ_BUF_INIT, path = TZ_BUF_INIT, body = TZ_BUF_INIT;
	git_tree *prev = NULL;
	int same = 1, steps = 0;

	prev = empty_tree();
	srand(7);
	for (int i = 0; i < 300; i++) {
		git_tree *next;
		int r = rand() % 40;

		tz_buf_clear(&path);
		tz_buf_printf(&path, "records/issues/%02d/ISS-%04d.ini", r % 7, r);
		tz_buf_clear(&body);
		tz_buf_printf(&body, "[issue]\nstep = %d\n", i);
		next = edit(prev, path.ptr, rand() % 5 == 0 ? NULL : body.ptr);
		if (!next)	/* removing what is not there */
			continue;
		listing(&kept, prev, next, &keep);
		listing(&fresh, prev, next, NULL);
		if (strcmp(tz_buf_cstr(&kept), tz_buf_cstr(&fresh)))
			same = 0;
		steps++;
		git_tree_free(prev);
		prev = next;
	}
	ok(same && steps > 200, "kept trees give the same changes as fresh reads (%d steps)", steps);
	ok(keep.hits > 0, "the parent's trees are taken from the last comparison (%zu hits, %zu reads)",
	   keep.hits, keep.reads);
	tz_tree_keep_release(&keep);
	git_tree_free(prev);
	tz_buf_release(&kept);
	tz_buf_release(&fresh);
	tz_buf_release(&path);
	tz_buf_release(&body);
}

static void test_changes__equal_entries_skipped(void)
{
	struct tz_buf out = TZ_BUF_INIT;
	git_tree *a, *b, *c;
	git_tree *empty = NULL;

	empty = empty_tree();
	a = edit(empty, "records/units/a.ini", "[unit]\n");
	b = edit(a, "records/units/b.ini", "[unit]\nname = b\n");
	c = edit(b, "records/units/a.ini", NULL);
	listing(&out, a, b, NULL);
	is_str(out.ptr, "->records/units/b.ini\n", "an added file");
	listing(&out, b, c, NULL);
	is_str(out.ptr, "records/units/a.ini>-\n", "a removed file, the equal one passed over");
	listing(&out, c, c, NULL);
	is_str(tz_buf_cstr(&out), "", "equal trees: nothing");
	git_tree_free(a);
	git_tree_free(b);
	git_tree_free(c);
	git_tree_free(empty);
	tz_buf_release(&out);
}

/* The changes between revisions old and new as "old>new" lines, or the
 * error. */
static void rev_listing(struct tz_buf *out, struct tz_repo *r, const char *old, const char *new)
{
	struct tz_changes ch = TZ_CHANGES_INIT;

	tz_buf_clear(out);
	if (tz_changes_revs(&ch, r, old, new, "records") < 0)
		tz_buf_puts(out, tz_error_last());
	for (size_t i = 0; i < ch.n; i++)
		tz_buf_printf(out, "%s>%s\n", ch.v[i].old_path ? ch.v[i].old_path : "-",
			      ch.v[i].new_path ? ch.v[i].new_path : "-");
	tz_changes_release(&ch);
}

static void test_changes__revs(const char *dir)
{
	struct tz_buf out = TZ_BUF_INIT;
	struct tz_repo *r = NULL;
	git_tree *a, *b, *empty = NULL;
	char ha[GIT_OID_HEXSZ + 1], hb[GIT_OID_HEXSZ + 1];

	empty = empty_tree();
	a = edit(empty, "records/units/a.ini", "[unit]\n");
	b = edit(a, "records/units/b.ini", "[unit]\nname = b\n");
	git_oid_tostr(ha, sizeof(ha), git_tree_id(a));
	git_oid_tostr(hb, sizeof(hb), git_tree_id(b));
	ok(tz_repo_open(&r, dir) == 0, "open the repository");
	rev_listing(&out, r, ha, hb);
	is_str(out.ptr, "->records/units/b.ini\n", "two tree ids: what tz_changes_trees lists");
	rev_listing(&out, r, NULL, hb);
	is_str(out.ptr, "->records/units/a.ini\n->records/units/b.ini\n",
	       "no old revision: HEAD, which has no commit yet, is the empty tree");
	rev_listing(&out, r, "nope", hb);
	is_str(out.ptr, "unknown revision \"nope\"", "an unknown old revision");
	rev_listing(&out, r, ha, "nope");
	is_str(out.ptr, "unknown revision \"nope\"", "an unknown new revision");
	rev_listing(&out, r, ha, NULL);
	is_str(out.ptr, "this is a bare repository: there is no working tree",
	       "the working tree of a bare repository");
	tz_repo_free(r);
	git_tree_free(a);
	git_tree_free(b);
	git_tree_free(empty);
	tz_buf_release(&out);
}

int main(void)
{
	char dir[] = "/tmp/tz-unit-changes-XXXXXX";

	git_libgit2_init();
	if (!mkdtemp(dir) || git_repository_init(&repo, dir, 1) < 0) {
		printf("Bail out! cannot make a repository\n");
		return 1;
	}
	test_changes__keep_matches_fresh();
	test_changes__equal_entries_skipped();
	test_changes__revs(dir);
	git_repository_free(repo);
	{
		char cmd[128];
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			printf("# could not remove %s\n", dir);
	}
	git_libgit2_shutdown();
	return tap_done();
}
