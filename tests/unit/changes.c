/* changes.c - unit tests for the tree-to-tree comparison: one pair at a
 * time and many pairs at once must list what libgit2's own tree-to-tree
 * diff lists, in the same order. */
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

/* A tree: base with path set to contents (NULL: removed). A file where a
 * folder is (or the other way round) replaces it, as a checkout would. */
static git_tree *edit(git_tree *base, const char *path, const char *contents)
{
	git_tree_update u[2];
	git_oid blob, id;
	git_tree *t = NULL;
	size_t n = 0;

	memset(u, 0, sizeof(u));
	if (contents) {
		/* a file on the way (records/a where records/a/b goes), or a
		 * folder where the file goes */
		for (const char *p = path + strlen("records/");; p++) {
			git_tree_entry *e = NULL;
			char *prefix;

			if (*p && *p != '/')
				continue;
			prefix = strndup(path, (size_t)(p - path));
			if (git_tree_entry_bypath(&e, base, prefix) == 0 &&
			    (git_tree_entry_type(e) == GIT_OBJECT_TREE) == !*p) {
				u[n].action = GIT_TREE_UPDATE_REMOVE;
				u[n++].path = prefix;
				prefix = NULL;
			}
			git_tree_entry_free(e);
			free(prefix);
			if (n || !*p)
				break;
		}
		git_blob_create_from_buffer(&blob, repo, contents, strlen(contents));
		u[n].action = GIT_TREE_UPDATE_UPSERT;
		u[n].id = blob;
		u[n].filemode = rand() % 9 ? GIT_FILEMODE_BLOB : GIT_FILEMODE_BLOB_EXECUTABLE;
		u[n++].path = strdup(path);
	} else {
		u[n].action = GIT_TREE_UPDATE_REMOVE;
		u[n++].path = strdup(path);
	}
	/* libgit2 takes no file and folder of one name in one update: the
	 * removal first, then the file */
	id = *git_tree_id(base);
	for (size_t i = 0; i < n; i++) {
		git_tree *from = NULL;
		if (git_tree_lookup(&from, repo, &id) < 0 || git_tree_create_updated(&id, repo, from, 1, &u[i]) < 0) {
			git_tree_free(from);
			goto done;
		}
		git_tree_free(from);
	}
	if (git_tree_lookup(&t, repo, &id) < 0)
		t = NULL;
done:
	for (size_t i = 0; i < n; i++)
		free((char *)u[i].path);
	return t;
}

/* The changes from a to b as "old>new" lines. */
static void listing(struct tz_buf *out, git_tree *a, git_tree *b)
{
	struct tz_changes ch = TZ_CHANGES_INIT;

	tz_buf_clear(out);
	if (tz_changes_trees(&ch, repo, a, b, "records") < 0)
		tz_buf_puts(out, "error");
	for (size_t i = 0; i < ch.n; i++)
		tz_buf_printf(out, "%s>%s\n", ch.v[i].old_path ? ch.v[i].old_path : "-",
			      ch.v[i].new_path ? ch.v[i].new_path : "-");
	tz_changes_release(&ch);
}

/* The same from libgit2's diff, the reference: files below records/. */
static void git_listing(struct tz_buf *out, git_tree *a, git_tree *b)
{
	git_diff_options o;
	git_diff *d = NULL;

	tz_buf_clear(out);
	git_diff_options_init(&o, GIT_DIFF_OPTIONS_VERSION);
	if (git_diff_tree_to_tree(&d, repo, a, b, &o) < 0) {
		tz_buf_puts(out, "error");
		return;
	}
	for (size_t i = 0; i < git_diff_num_deltas(d); i++) {
		const git_diff_delta *x = git_diff_get_delta(d, i);
		int added = x->status == GIT_DELTA_ADDED, deleted = x->status == GIT_DELTA_DELETED;

		if (strncmp(x->new_file.path, "records/", 8))
			continue;
		tz_buf_printf(out, "%s>%s\n", added ? "-" : x->old_file.path, deleted ? "-" : x->new_file.path);
	}
	git_diff_free(d);
}

/* Show a differing pair as TAP comments. */
static void show(int pair, const char *how, const char *got, const char *want)
{
	printf("# pair %d, %s:\n", pair, how);
	for (const char *p = got; *p; p = strchr(p, '\n') + 1)
		printf("#   %.*s\n", (int)(strchr(p, '\n') - p), p);
	printf("# libgit2:\n");
	for (const char *p = want; *p; p = strchr(p, '\n') + 1)
		printf("#   %.*s\n", (int)(strchr(p, '\n') - p), p);
}

/* A line of random commits: paths at several depths below records/, files
 * that become folders and folders that become files, modes that change.
 * Each pair compared alone, all pairs at once, and by libgit2. */
static void test_changes__many_match_git(void)
{
	static const char *names[] = { "a", "b", "a.ini", "b-c", "z" };
	enum { STEPS = 1000 };
	git_tree *trees[STEPS + 1];
	struct tz_changes outs[STEPS];
	struct tz_buf one = TZ_BUF_INIT, ref = TZ_BUF_INIT, many = TZ_BUF_INIT, path = TZ_BUF_INIT,
		      body = TZ_BUF_INIT;
	int n = 0, same_one = 1, same_many = 1, changed = 0, swapped = 0;

	trees[0] = empty_tree();
	srand(7);
	for (int i = 0; i < STEPS; i++) {
		int depth = 1 + rand() % 3;
		git_tree *next;

		tz_buf_clear(&path);
		tz_buf_puts(&path, "records");
		for (int d = 0; d < depth; d++)
			tz_buf_printf(&path, "/%s", names[rand() % 5]);
		tz_buf_clear(&body);
		tz_buf_printf(&body, "[issue]\nstep = %d\n", i);
		next = edit(trees[n], path.ptr, rand() % 5 == 0 ? NULL : body.ptr);
		if (!next)	/* removing what is not there */
			continue;
		trees[++n] = next;
	}
	memset(outs, 0, sizeof(outs));
	ok(tz_changes_trees_many(outs, repo, trees, trees + 1, (size_t)n, "records") == 0,
	   "%d pairs compared at once", n);
	for (int i = 0; i < n; i++) {
		listing(&one, trees[i], trees[i + 1]);
		git_listing(&ref, trees[i], trees[i + 1]);
		tz_buf_clear(&many);
		for (size_t k = 0; k < outs[i].n; k++)
			tz_buf_printf(&many, "%s>%s\n", outs[i].v[k].old_path ? outs[i].v[k].old_path : "-",
				      outs[i].v[k].new_path ? outs[i].v[k].new_path : "-");
		if (strcmp(tz_buf_cstr(&one), tz_buf_cstr(&ref))) {
			if (same_one)
				show(i, "alone", tz_buf_cstr(&one), tz_buf_cstr(&ref));
			same_one = 0;
		}
		if (strcmp(tz_buf_cstr(&many), tz_buf_cstr(&ref))) {
			if (same_many)
				show(i, "at once", tz_buf_cstr(&many), tz_buf_cstr(&ref));
			same_many = 0;
		}
		changed += ref.len > 0;
		/* a file that became a folder, or a folder a file: "P>-" or
		 * "->P" beside a path below P */
		for (const char *l = tz_buf_cstr(&ref); *l; l = strchr(l, '\n') + 1) {
			const char *p = l[0] == '-' ? l + 2 : l;
			size_t len = strcspn(p, ">\n");
			char below[128];

			snprintf(below, sizeof(below), "%.*s/", (int)len, p);
			if (strstr(tz_buf_cstr(&ref), below)) {
				swapped++;
				break;
			}
		}
		tz_changes_release(&outs[i]);
	}
	ok(n > 300 && changed == n, "a line of %d commits, each with changes", n);
	ok(swapped > 10, "%d of them turn a file into a folder or a folder into a file", swapped);
	ok(same_one, "one pair at a time lists what libgit2's diff lists, in its order");
	ok(same_many, "all pairs at once list the same");
	for (int i = 0; i <= n; i++)
		git_tree_free(trees[i]);
	tz_buf_release(&one);
	tz_buf_release(&ref);
	tz_buf_release(&many);
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
	listing(&out, a, b);
	is_str(out.ptr, "->records/units/b.ini\n", "an added file");
	listing(&out, b, c);
	is_str(out.ptr, "records/units/a.ini>-\n", "a removed file, the equal one passed over");
	listing(&out, c, c);
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
	test_changes__many_match_git();
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
