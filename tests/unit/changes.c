/* changes.c - unit tests for the tree-to-tree comparison: a walk that keeps
 * the last comparison's trees must list exactly what a fresh one lists. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "tap.h"
#include "changes.h"

static git_repository *repo;

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
	git_treebuilder *tb;
	git_oid eid;
	git_tree *prev = NULL;
	int same = 1, steps = 0;

	git_treebuilder_new(&tb, repo, NULL);
	git_treebuilder_write(&eid, tb);
	git_treebuilder_free(tb);
	git_tree_lookup(&prev, repo, &eid);
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
	git_treebuilder *tb;
	git_oid eid;
	git_tree *empty = NULL;

	git_treebuilder_new(&tb, repo, NULL);
	git_treebuilder_write(&eid, tb);
	git_treebuilder_free(tb);
	git_tree_lookup(&empty, repo, &eid);
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
