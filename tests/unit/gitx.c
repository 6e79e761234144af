/* gitx.c - unit tests of the git plumbing: the revision resolver (good and
 * bad revisions, an unborn HEAD, an ambiguous id), trees made from changes,
 * and new objects copied from memory to disk. */
#include <stdlib.h>
#include <string.h>
#include <git2/sys/mempack.h>
#include "error.h"
#include "gitx.h"
#include "repo.h"
#include "rev.h"
#include "tap.h"

static git_repository *repo;

/* tz_rev_tree on rev: "rc tree-id commit-id" (ids shortened to 7,
 * "-" for none), or "rc: error". */
static const char *tree_of(const char *rev)
{
	static char out[256];
	char t[8] = "-", c[8] = "-";
	git_tree *tree = NULL;
	git_commit *commit = NULL;
	int rc = tz_rev_tree(&tree, &commit, repo, rev);

	if (rc) {
		snprintf(out, sizeof(out), "%d: %s", rc, tz_error_last());
		ok(!tree && !commit, "%s: nothing returned", rev);
		return out;
	}
	if (tree)
		git_oid_tostr(t, sizeof(t), git_tree_id(tree));
	if (commit)
		git_oid_tostr(c, sizeof(c), git_commit_id(commit));
	snprintf(out, sizeof(out), "%d %s %s", rc, t, c);
	git_tree_free(tree);
	git_commit_free(commit);
	return out;
}

/* tz_rev_commit on rev: "rc commit-id" or "rc: error". */
static const char *commit_of(const char *rev)
{
	static char out[256];
	char c[8] = "-";
	git_commit *commit = NULL;
	int rc = tz_rev_commit(&commit, repo, rev);

	if (rc) {
		snprintf(out, sizeof(out), "%d: %s", rc, tz_error_last());
		ok(!commit, "%s: nothing returned", rev);
		return out;
	}
	git_oid_tostr(c, sizeof(c), git_commit_id(commit));
	snprintf(out, sizeof(out), "%d %s", rc, c);
	git_commit_free(commit);
	return out;
}

/* A change that adds (or sets) path to contents. */
static void add_change(struct tz_changes *ch, const char *path, const char *contents)
{
	struct tz_change *c;

	TZ_ALLOC_GROW(ch->v, ch->n + 1, ch->alloc);
	c = &ch->v[ch->n++];
	memset(c, 0, sizeof(*c));
	c->new_path = tz_strdup(path);
	c->new_mode = GIT_FILEMODE_BLOB;
	git_blob_create_from_buffer(&c->new_oid, repo, contents, strlen(contents));
}

/* The paths of tree, "a b/c" (depth first). */
static int list_entry(const char *root, const git_tree_entry *e, void *payload)
{
	struct tz_buf *b = payload;

	if (git_tree_entry_type(e) == GIT_OBJECT_BLOB)
		tz_buf_printf(b, "%s%s%s", b->len ? " " : "", root, git_tree_entry_name(e));
	return 0;
}

static const char *paths_of(const git_oid *id)
{
	static struct tz_buf b = TZ_BUF_INIT;
	git_tree *t = NULL;

	tz_buf_clear(&b);
	if (git_tree_lookup(&t, repo, id) < 0 || git_tree_walk(t, GIT_TREEWALK_PRE, list_entry, &b) < 0)
		return "error";
	git_tree_free(t);
	return tz_buf_cstr(&b);
}

static void test_gitx__unborn(void)
{
	is_str(tree_of("HEAD"), "1: unknown revision \"HEAD\"", "an unborn HEAD is told apart");
	is_str(commit_of("HEAD"), "1: unknown revision \"HEAD\"", "also as a commit");
	is_str(tree_of("main"), "-1: unknown revision \"main\"", "an unborn branch by name is unknown");
}

static void test_gitx__trees_and_revisions(void)
{
	struct tz_changes ch = TZ_CHANGES_INIT;
	git_signature *sig = NULL;
	git_tree *tree = NULL;
	git_commit *first = NULL;
	git_oid tid, cid, cid2, blob;
	git_object *obj = NULL;
	char hex[GIT_OID_HEXSZ + 1], want[128], t7[8], c7[8];

	add_change(&ch, "records/issues/ISS-0001.ini", "[issue]\n");
	add_change(&ch, "schema/issue.ini", "[type]\n");
	ok(tz_gitx_tree_apply(&tid, repo, NULL, &ch) == 0, "a tree from nothing");
	is_str(paths_of(&tid), "records/issues/ISS-0001.ini schema/issue.ini", "with both files");

	git_signature_new(&sig, "张三", "zs@example.cn", 1782810000, 480);
	git_tree_lookup(&tree, repo, &tid);
	git_commit_create(&cid, repo, "HEAD", sig, sig, NULL, "first\n", tree, 0, NULL);
	git_commit_lookup(&first, repo, &cid);
	git_oid_tostr(t7, sizeof(t7), &tid);
	git_oid_tostr(c7, sizeof(c7), &cid);

	snprintf(want, sizeof(want), "0 %s %s", t7, c7);
	is_str(tree_of("HEAD"), want, "HEAD: its tree and commit");
	is_str(tree_of("main"), want, "a branch");
	git_oid_tostr(hex, sizeof(hex), &cid);
	is_str(tree_of(hex), want, "a commit id");
	hex[7] = '\0';
	is_str(tree_of(hex), want, "a short commit id");
	git_oid_tostr(hex, sizeof(hex), &tid);
	snprintf(want, sizeof(want), "0 %s -", t7);
	is_str(tree_of(hex), want, "a tree id: no commit");
	is_str(tree_of("HEAD^{tree}"), want, "HEAD^{tree}: no commit");
	snprintf(want, sizeof(want), "-1: revision \"%s\" does not name a commit", hex);
	is_str(commit_of(hex), want, "a tree is no commit");
	git_blob_create_from_buffer(&blob, repo, "x", 1);
	git_oid_tostr(hex, sizeof(hex), &blob);
	snprintf(want, sizeof(want), "-1: revision \"%s\" does not name a tree", hex);
	is_str(tree_of(hex), want, "a blob is no tree");
	is_str(tree_of("HEAD~1"), "-1: unknown revision \"HEAD~1\"", "beyond the root");
	is_str(tree_of("no-such-branch"), "-1: unknown revision \"no-such-branch\"", "an unknown name");
	is_str(tree_of("HEAD@{"), "-1: unknown revision \"HEAD@{\"", "bad syntax");
	is_str(tree_of(""), "-1: unknown revision \"\"", "nothing");

	/* a tag, and a second commit */
	git_revparse_single(&obj, repo, "HEAD");
	git_tag_create(&cid2, repo, "v1", obj, sig, "one\n", 0);
	git_object_free(obj);
	snprintf(want, sizeof(want), "0 %s", c7);
	is_str(commit_of("v1"), want, "an annotated tag names its commit");

	/* a file becomes a folder: removals go first */
	tz_changes_release(&ch);
	{
		struct tz_change *c;
		TZ_ALLOC_GROW(ch.v, ch.n + 1, ch.alloc);
		c = &ch.v[ch.n++];
		memset(c, 0, sizeof(*c));
		c->old_path = tz_strdup("schema/issue.ini");
	}
	add_change(&ch, "schema/issue.ini/README", "now a folder\n");
	add_change(&ch, "records/issues/ISS-0001.ini", "[issue]\nchanged\n");
	ok(tz_gitx_tree_apply(&tid, repo, tree, &ch) == 0, "a tree from a base");
	is_str(paths_of(&tid), "records/issues/ISS-0001.ini schema/issue.ini/README", "a file became a folder");
	git_tree_free(tree);
	git_tree_lookup(&tree, repo, &tid);
	git_commit_create(&cid2, repo, "HEAD", sig, sig, NULL, "second\n", tree, 1, (const git_commit **)&first);
	snprintf(want, sizeof(want), "0 %s", c7);
	is_str(commit_of("HEAD~1"), want, "HEAD~1 is the first");
	is_str(commit_of("v1^{commit}"), want, "and so is the tag, peeled");

	tz_changes_release(&ch);
	git_tree_free(tree);
	git_commit_free(first);
	git_signature_free(sig);
}

static void test_gitx__ambiguous(void)
{
	char seen[65536] = { 0 }, hex[GIT_OID_HEXSZ + 1], want[128];
	git_oid id;

	/* blobs until two ids share their first four digits */
	for (int i = 0;; i++) {
		char text[32];
		unsigned k;
		snprintf(text, sizeof(text), "blob %d\n", i);
		git_blob_create_from_buffer(&id, repo, text, strlen(text));
		git_oid_tostr(hex, 5, &id);
		k = (unsigned)strtoul(hex, NULL, 16);
		if (seen[k])
			break;
		seen[k] = 1;
	}
	snprintf(want, sizeof(want), "-1: revision \"%s\" is ambiguous: give more of its id", hex);
	is_str(tree_of(hex), want, "an ambiguous short id says so");
}

static void test_gitx__copy_object(const char *dir)
{
	struct tz_changes ch = TZ_CHANGES_INIT;
	struct tz_buf objects = TZ_BUF_INIT;
	git_odb *disk = NULL, *odb = NULL;
	git_odb_backend *mem = NULL;
	git_signature *sig = NULL;
	git_tree *tree = NULL;
	git_oid tid, cid;

	tz_buf_printf(&objects, "%s/objects", dir);
	if (git_odb_open(&disk, objects.ptr) < 0 || git_repository_odb(&odb, repo) < 0 ||
	    git_mempack_new(&mem) < 0 || git_odb_add_backend(odb, mem, 999) < 0) {
		ok(0, "an object database in memory");
		return;
	}
	add_change(&ch, "records/notes/n-in-memory.ini", "[note]\nonly in memory\n");
	tz_gitx_tree_apply(&tid, repo, NULL, &ch);
	git_signature_new(&sig, "张三", "zs@example.cn", 1782810000, 480);
	git_tree_lookup(&tree, repo, &tid);
	git_commit_create(&cid, repo, NULL, sig, sig, NULL, "in memory\n", tree, 0, NULL);
	ok(!git_odb_exists(disk, &cid) && !git_odb_exists(disk, &tid) && !git_odb_exists(disk, &ch.v[0].new_oid),
	   "the new objects are in memory only");
	ok(tz_gitx_copy_object(disk, odb, repo, &cid) == 0, "copied");
	ok(git_odb_exists(disk, &cid) && git_odb_exists(disk, &tid) && git_odb_exists(disk, &ch.v[0].new_oid),
	   "the commit, its tree and its blob are on disk");
	ok(tz_gitx_copy_object(disk, odb, repo, &cid) == 0, "copying again is no error");
	git_mempack_reset(mem);
	git_tree_free(tree);
	git_signature_free(sig);
	tz_changes_release(&ch);
	git_odb_free(disk);
	git_odb_free(odb);
	tz_buf_release(&objects);
}

int main(void)
{
	char dir[] = "/tmp/tz-unit-gitx-XXXXXX";

	tz_repo_libgit2_init();
	if (!mkdtemp(dir) || git_repository_init(&repo, dir, 1) < 0 ||
	    git_repository_set_head(repo, "refs/heads/main") < 0) {
		printf("Bail out! cannot make a repository\n");
		return 1;
	}
	test_gitx__unborn();
	test_gitx__trees_and_revisions();
	test_gitx__ambiguous();
	test_gitx__copy_object(dir);
	git_repository_free(repo);
	tap_rmdir(dir);
	return tap_done();
}
