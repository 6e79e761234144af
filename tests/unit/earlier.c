/* earlier.c - unit tests for tz_earlier_find: on a random history longer
 * than one search window (records added, edited, moved between folders,
 * deleted, kept at two paths at once, side branches merged), every record
 * asked for is found at the commit, path and blob that a plain walk of
 * every commit's tree, newest commit first and depth first in git's order,
 * finds first (not in a folder whose name starts with a dot); and an ID
 * the history never had is not found. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tap.h"
#include "buf.h"
#include "earlier.h"
#include "error.h"
#include "repo.h"
#include <git2/sys/mempack.h>
#include <git2/sys/odb_backend.h>

#define NIDS 40		/* IDs used at random */
#define NEARLY 2	/* then ISS-0040, ISS-0041: edited early, deleted at step 700 */
#define NASK 64		/* ISS-0042 to ISS-0063: never created (more than 16
			   left to find: each folder entry is looked up) */
#define STEPS 1500	/* more than the search's window of 1,024 commits */

static git_repository *git;
static const char *folders[] = { "a", "b", "a/deep", ".hidden", "z" };

/* A tree: base with one update applied (NULL on failure). */
static int update(git_oid *out, const git_oid *base, git_tree_update *u)
{
	git_tree *t = NULL;
	int rc = git_tree_lookup(&t, git, base) < 0 || git_tree_create_updated(out, git, t, 1, u) < 0;

	git_tree_free(t);
	return rc ? -1 : 0;
}

/* *tree with a file at path holding body (put) or without it (drop);
 * 0, or -1 and *tree unchanged. */
static int put(git_oid *tree, const char *path, const char *body)
{
	git_tree_update u;
	git_oid next;

	memset(&u, 0, sizeof(u));
	if (body) {
		git_blob_create_from_buffer(&u.id, git, body, strlen(body));
		u.action = GIT_TREE_UPDATE_UPSERT;
		u.filemode = GIT_FILEMODE_BLOB;
	} else {
		u.action = GIT_TREE_UPDATE_REMOVE;
	}
	u.path = path;
	if (update(&next, tree, &u) < 0)
		return -1;
	*tree = next;
	return 0;
}

static int commit(git_oid *out, const git_oid *tree, const git_oid *parents, size_t nparents, int when)
{
	git_signature *sig = NULL;
	git_tree *t = NULL;
	const git_commit *ps[2] = { NULL, NULL };
	git_commit *pc[2] = { NULL, NULL };
	int rc = -1;

	if (git_signature_new(&sig, "Ann", "a@example.org", 1700000000 + when * 60, 0) < 0 ||
	    git_tree_lookup(&t, git, tree) < 0)
		goto out;
	for (size_t i = 0; i < nparents; i++) {
		if (git_commit_lookup(&pc[i], git, &parents[i]) < 0)
			goto out;
		ps[i] = pc[i];
	}
	rc = git_commit_create(out, git, NULL, sig, sig, NULL, "c", t, nparents, ps);
out:
	git_commit_free(pc[0]);
	git_commit_free(pc[1]);
	git_tree_free(t);
	git_signature_free(sig);
	return rc;
}

/* The reference: the first ID.ini met walking each commit's
 * records/issues folder depth first in tree order, newest commit first. */
struct ref {
	const char *name;
	int found;
	git_oid blob, commit;
	char path[256];
	const git_oid *at;
};

static int ref_cb(const char *root, const git_tree_entry *e, void *payload)
{
	struct ref *r = payload;
	const char *name = git_tree_entry_name(e);

	if (git_tree_entry_type(e) == GIT_OBJECT_TREE)
		return name[0] == '.' ? 1 : 0;	/* skip hidden folders */
	if (git_tree_entry_filemode(e) != GIT_FILEMODE_BLOB &&
	    git_tree_entry_filemode(e) != GIT_FILEMODE_BLOB_EXECUTABLE)
		return 0;
	if (strcmp(name, r->name))
		return 0;
	r->found = 1;
	git_oid_cpy(&r->blob, git_tree_entry_id(e));
	git_oid_cpy(&r->commit, r->at);
	snprintf(r->path, sizeof(r->path), "records/issues/%s%s", root, name);
	return -1;	/* stop */
}

static void reference(struct ref *r, const git_oid *tip)
{
	git_revwalk *w = NULL;
	git_oid id;

	r->found = 0;
	git_revwalk_new(&w, git);
	git_revwalk_sorting(w, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME);
	git_revwalk_push(w, tip);
	while (!r->found && git_revwalk_next(&id, w) == 0) {
		git_commit *c = NULL;
		git_tree *root = NULL, *issues = NULL;
		git_tree_entry *te = NULL;

		git_commit_lookup(&c, git, &id);
		git_commit_tree(&root, c);
		if (git_tree_entry_bypath(&te, root, "records/issues") == 0 &&
		    git_tree_entry_type(te) == GIT_OBJECT_TREE && git_tree_lookup(&issues, git, git_tree_entry_id(te)) == 0) {
			r->at = &id;
			git_tree_walk(issues, GIT_TREEWALK_PRE, ref_cb, r);
		}
		git_tree_free(issues);
		git_tree_entry_free(te);
		git_tree_free(root);
		git_commit_free(c);
	}
	git_revwalk_free(w);
}

int main(void)
{
	char dir[] = "/tmp/tz-unit-earlier-XXXXXX";
	struct tz_repo repo;
	struct tz_type type;
	struct tz_earlier v[NASK];
	char ids[NASK][16], *where[NIDS];
	git_oid tip, tree, empty, side = { { 0 } };
	git_treebuilder *tb;
	int have_side = 0, moved = 0, deleted = 0, twice = 0, merges = 0;
	int same = 1, found = 0, ref_found = 0;

	git_libgit2_init();
	if (!mkdtemp(dir) || git_repository_init(&git, dir, 1) < 0) {
		printf("Bail out! cannot make a repository\n");
		return 1;
	}
	{	/* objects in memory: thousands of loose files would be slow */
		git_odb *odb = NULL;
		git_odb_backend *mem = NULL;
		if (git_repository_odb(&odb, git) < 0 || git_mempack_new(&mem) < 0 ||
		    git_odb_add_backend(odb, mem, 1000) < 0) {
			printf("Bail out! no object database in memory\n");
			return 1;
		}
		git_odb_free(odb);
	}
	git_treebuilder_new(&tb, git, NULL);
	git_treebuilder_write(&empty, tb);
	git_treebuilder_free(tb);
	tree = empty;
	commit(&tip, &tree, NULL, 0, 0);
	memset(where, 0, sizeof(where));
	srand(11);
	for (int step = 1; step <= STEPS; step++) {
		int i = rand() % NIDS, what = rand() % 10;
		char path[128], body[64];

		if (where[i] && what < 2) {		/* delete */
			snprintf(path, sizeof(path), "records/issues/%s/ISS-%04d.ini", where[i], i);
			if (put(&tree, path, NULL) == 0) {
				where[i] = NULL;
				deleted++;
			}
		} else {
			const char *f = where[i] && what < 7 ? where[i] : folders[rand() % 5];
			if (where[i] && f != where[i]) {	/* move: remove the old one */
				snprintf(path, sizeof(path), "records/issues/%s/ISS-%04d.ini", where[i], i);
				if (what == 9)
					twice++;	/* keep it: one ID at two paths */
				else if (put(&tree, path, NULL) == 0)
					moved++;
			}
			snprintf(path, sizeof(path), "records/issues/%s/ISS-%04d.ini", f, i);
			snprintf(body, sizeof(body), "[issue]\nstep = %d\n", step);
			if (put(&tree, path, body) == 0)
				where[i] = (char *)f;
		}
		/* the early ones: edited, then deleted at step 700 */
		for (int e = 0; e < NEARLY && (step == 700 || (step < 700 && step % 50 == 1)); e++) {
			snprintf(path, sizeof(path), "records/issues/z/ISS-%04d.ini", NIDS + e);
			snprintf(body, sizeof(body), "[issue]\nearly = %d\n", step);
			put(&tree, path, step == 700 ? NULL : body);
		}
		if (step % 97 == 0) {		/* start a side branch here */
			side = tip;
			have_side = 1;
		}
		if (have_side && step % 97 == 50) {	/* merge it: the side has its own tree */
			git_oid parents[2], side_tip, side_tree;
			git_commit *sc = NULL;

			snprintf(path, sizeof(path), "records/issues/b/ISS-%04d.ini", NIDS - 1 - step % 5);
			snprintf(body, sizeof(body), "[issue]\nside = %d\n", step);
			git_commit_lookup(&sc, git, &side);
			side_tree = *git_commit_tree_id(sc);
			git_commit_free(sc);
			if (put(&side_tree, path, body) == 0 && commit(&side_tip, &side_tree, &side, 1, step) == 0) {
				parents[0] = tip;
				parents[1] = side_tip;
				if (commit(&tip, &tree, parents, 2, step) == 0)
					merges++;
			}
			have_side = 0;
			continue;
		}
		commit(&tip, &tree, &tip, 1, step);
	}
	ok(deleted > 100 && moved > 50 && twice > 10 && merges > 5,
	   "a history of %d steps: %d deletions, %d moves, %d kept at two paths, %d merges", STEPS, deleted,
	   moved, twice, merges);

	memset(&repo, 0, sizeof(repo));
	repo.git = git;
	memset(&type, 0, sizeof(type));
	type.name = "issue";
	type.dir = "issues";
	memset(v, 0, sizeof(v));
	for (int i = 0; i < NASK; i++) {
		snprintf(ids[i], sizeof(ids[i]), "ISS-%04d", i);
		v[i].type = &type;
		v[i].id = ids[i];
	}
	ok(tz_earlier_find(&repo, &tip, v, NASK) == 0, "the history searched for %d IDs", NASK);
	for (int i = 0; i < NASK; i++) {
		struct ref r;
		char name[48];

		snprintf(name, sizeof(name), "%.15s.ini", ids[i]);
		memset(&r, 0, sizeof(r));
		r.name = name;
		reference(&r, &tip);
		found += v[i].found;
		ref_found += r.found;
		if (r.found != v[i].found ||
		    (r.found && (!git_oid_equal(&r.blob, &v[i].blob) || !git_oid_equal(&r.commit, &v[i].commit) ||
				 strcmp(r.path, v[i].path)))) {
			if (same)
				printf("# %s: found %d at %s, the reference %d at %s\n", ids[i], v[i].found,
				       v[i].path ? v[i].path : "-", r.found, r.found ? r.path : "-");
			same = 0;
		}
	}
	ok(found == ref_found && found > NIDS / 2 && v[NIDS].found && v[NIDS + 1].found,
	   "the IDs the history had are found (%d, the early ones too), no other", found);
	ok(same, "each at the commit, path and blob a plain walk of every commit finds first");
	tz_earlier_release(v, NASK);

	/* one ID alone, as tz commit of a new record asks */
	memset(v, 0, sizeof(v[0]));
	v[0].type = &type;
	v[0].id = "ISS-0099";
	ok(tz_earlier_find(&repo, &tip, v, 1) == 0 && !v[0].found, "an ID the history never had");
	tz_earlier_release(v, 1);
	{	/* and one it had, deleted long ago: its name looked for in each folder's bytes */
		struct ref r;
		memset(&r, 0, sizeof(r));
		r.name = "ISS-0040.ini";
		reference(&r, &tip);
		memset(v, 0, 2 * sizeof(v[0]));
		v[0].type = v[1].type = &type;
		v[0].id = v[1].id = "ISS-0040";
		ok(tz_earlier_find(&repo, &tip, v, 1) == 0 && v[0].found && r.found &&
		   git_oid_equal(&r.blob, &v[0].blob) && git_oid_equal(&r.commit, &v[0].commit) &&
		   !strcmp(r.path, v[0].path), "one ID deleted long ago, asked alone: %s", v[0].path);
		tz_earlier_release(v, 1);
		ok(tz_earlier_find(&repo, &tip, v, 2) == 0 && v[0].found && v[1].found &&
		   git_oid_equal(&v[1].blob, &v[0].blob) && git_oid_equal(&v[1].commit, &v[0].commit) &&
		   v[1].path && !strcmp(v[1].path, v[0].path) && v[1].path != v[0].path,
		   "the same ID asked twice (two files of one ID): both answered");
		tz_earlier_release(v, 2);
	}

	git_repository_free(git);
	tap_rmdir(dir);
	git_libgit2_shutdown();
	return tap_done();
}
