/* commit.c - tz commit's engine: the commit attempt. Objects are built in
 * an in-memory object database (libgit2's mempack) so that an invalid tree
 * writes nothing; a valid one is copied to the repository's objects and the
 * new index is made beside the old one (gitx.h); only then is
 * .git/index.lock taken (lock.h), the branch moved (compare-and-swap) and
 * the index renamed into place, so a process killed at any point leaves a
 * consistent repository. Who signs is ident.h's, the message message.h's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <git2/sys/mempack.h>
#include <git2/sys/repository.h>
#include "check.h"
#include "durable.h"
#include "parallel.h"
#include "commit.h"
#include "error.h"
#include "gitx.h"
#include "i18n.h"
#include "ident.h"
#include "load.h"
#include "lock.h"
#include "message.h"
#include "tempfile.h"
#include "text.h"

enum { ATTEMPT_RETRY = 3 };

struct attempt {
	struct tz_repo *repo;
	const struct tz_commit_opts *opts;
	git_odb *odb, *disk;
	git_signature *author, *committer;
	struct tz_diag_list *diags;
	struct tz_commit_result *out;
	struct tz_lock lock;
	char *tmp_index;	/* GITDIR/index.tz-PID */
	time_t ref_locked_since;	/* when the branch was first found locked */
	int tmp_slot;
};

static int write_blobs(struct attempt *a, struct tz_changes *ch)
{
	for (size_t i = 0; i < ch->n; i++) {
		struct tz_change *c = &ch->v[i];
		if (!c->new_path || !c->new_in_workdir)
			continue;
		if (git_blob_create_from_workdir(&c->new_oid, a->repo->git, c->new_path) < 0)
			return tz_error_git(_("cannot read a file"));
		c->new_in_workdir = 0;	/* read what was stored from now on */
	}
	return 0;
}

static int schema_of(struct tz_schema **out, struct tz_repo *repo, const char *rev)
{
	struct tz_diag_list ignored = TZ_DIAG_LIST_INIT;
	struct tz_source src;
	int rc;

	*out = NULL;
	if (tz_source_open(&src, repo, rev) < 0)
		return -1;
	rc = tz_schema_load(out, &src, &ignored, NULL);
	if (rc < 0) {	/* no schema/ (yet): no records either */
		*out = tz_schema_new();
		rc = 0;
	}
	tz_source_release(&src);
	tz_diag_list_release(&ignored);
	return rc;
}

/* Whether refname still points at old (NULL: does not exist yet). */
static int head_is(struct attempt *a, const char *refname, const git_oid *old)
{
	git_oid now;
	int rc = git_reference_name_to_id(&now, a->repo->git, refname);

	return old ? rc == 0 && git_oid_equal(&now, old) : rc == GIT_ENOTFOUND;
}

/* .git/index copied to the commit's temporary index and read, by another
 * thread (tz_gitx_index_copy), and made the repository's index once ready */
struct index_job {
	struct attempt *a;
	struct tz_parallel *reader;
	int done, rc, set;
	char *err;
	git_index *idx;
	struct tz_gitx_stamp stamp;
	struct tz_vouch vouch;
};

static void read_index(size_t i, void *payload)
{
	struct index_job *j = payload;

	(void)i;
	j->rc = tz_gitx_index_copy(&j->idx, j->a->repo->gitdir, j->a->tmp_index, &j->stamp);
	if (j->rc < 0)
		j->err = tz_strdup(tz_error_last());
}

/* The vouch, once the reader is done; NULL with the error set when it
 * failed. Called as often as needed, in the calling thread. */
static const struct tz_vouch *index_ready(void *payload)
{
	struct index_job *j = payload;

	if (!j->done) {
		j->done = 1;
		tz_parallel_join(j->reader);
		j->reader = NULL;
		/* the copy also serves libgit2 itself (.gitattributes of the
		 * index, when a file is hashed through its filters), which
		 * would read .git/index again */
		if (j->rc == 0 && git_repository_set_index(j->a->repo->git, j->idx) < 0) {
			j->rc = -1;
			j->err = tz_strdup(git_error_last() ? git_error_last()->message : "");
		}
		j->set = j->rc == 0;
		j->vouch.index = j->idx;
		j->vouch.stamp = j->stamp.mtime;
	}
	if (j->rc < 0) {
		tz_error_set("%s", j->err ? j->err : "");
		return NULL;
	}
	return &j->vouch;
}

/* The validation cache's rows and the answer for the tree made, written
 * by another thread while the commit is made (vcache.h; no libgit2). */
struct cache_job {
	struct tz_vcache *vc;
	struct tz_repo *repo;
	size_t records;
};

static void save_cache(size_t i, void *payload)
{
	struct cache_job *j = payload;

	(void)i;
	if (tz_vcache_reopen(j->vc, j->repo) == 0)
		tz_vcache_save(j->vc, j->records);
	tz_vcache_free(j->vc);
}

static int attempt(struct attempt *a)
{
	struct tz_changes ch = TZ_CHANGES_INIT;
	struct tz_diag_list found = TZ_DIAG_LIST_INIT;
	struct tz_buf msg = TZ_BUF_INIT, logmsg = TZ_BUF_INIT;
	struct tz_schema *schema = NULL;
	struct tz_check_stats stats;
	struct tz_check_opts copts = TZ_CHECK_OPTS_INIT;
	struct tz_vcache *kept = NULL;
	struct cache_job cj;
	struct tz_parallel *saver = NULL;
	git_reference *head = NULL, *ref = NULL;
	git_commit *parent = NULL;
	git_tree *old_tree = NULL, *new_tree = NULL;
	git_oid old_id, tree_id, commit_id;
	char refname_buf[1024], tree_hex[GIT_OID_HEXSZ + 1], old_hex[GIT_OID_HEXSZ + 1];
	const char *refname;
	struct tz_buf notice = TZ_BUF_INIT, index_path = TZ_BUF_INIT, ref_lock = TZ_BUF_INIT;
	unsigned timeout_ms = a->opts->lock_timeout_ms ? a->opts->lock_timeout_ms : 10000;
	struct tz_gitx_stamp now_stamp;
	struct index_job ij;
	int unborn = 0, ret = -1, rc;

	memset(&ij, 0, sizeof(ij));
	ij.done = 1;	/* nothing to wait for until the reader starts */

	/* where HEAD points now: the commit the new one goes on */
	if (git_reference_lookup(&head, a->repo->git, "HEAD") < 0) {
		tz_error_git(_("cannot read HEAD"));
		goto out;
	}
	if (git_reference_type(head) == GIT_REFERENCE_SYMBOLIC) {
		snprintf(refname_buf, sizeof(refname_buf), "%s", git_reference_symbolic_target(head));
		rc = git_reference_name_to_id(&old_id, a->repo->git, refname_buf);
		if (rc == GIT_ENOTFOUND)
			unborn = 1;
		else if (rc < 0) {
			tz_error_git(_("cannot read HEAD"));
			goto out;
		}
	} else {
		snprintf(refname_buf, sizeof(refname_buf), "HEAD");
		git_oid_cpy(&old_id, git_reference_target(head));
	}
	refname = refname_buf;
	if (!unborn && (git_commit_lookup(&parent, a->repo->git, &old_id) < 0 ||
			git_commit_tree(&old_tree, parent) < 0)) {
		tz_error_git(_("cannot read the HEAD commit"));
		goto out;
	}

	/* the index this commit leaves, read once, by another thread while
	 * the working tree is listed: it vouches for the working tree files,
	 * and is updated and written once the commit is made */
	if (a->tmp_slot < 0)
		a->tmp_slot = tz_tempfile_register(a->tmp_index);
	ij.a = a;
	ij.done = 0;
	ij.reader = tz_parallel_start(1, read_index, &ij);

	/* the changes, their blobs and the new tree, all in memory */
	rc = tz_changes_workdir_vouched(&ch, a->repo->git, old_tree, a->opts->paths, a->opts->npaths,
					index_ready, &ij);
	if (index_ready(&ij) == NULL || rc < 0)
		goto out;
	if (!ch.n) {
		ret = TZ_COMMIT_NOTHING;
		goto out;
	}
	if (write_blobs(a, &ch) < 0 || tz_gitx_tree_apply(&tree_id, a->repo->git, old_tree, &ch) < 0)
		goto out;
	if (old_tree && git_oid_equal(&tree_id, git_tree_id(old_tree))) {
		ret = TZ_COMMIT_NOTHING;
		goto out;
	}

	/*
	 * Validate the very tree that would be committed, its new blobs in
	 * memory: the working tree is scanned once, above, and what changes
	 * there from now on is simply not part of this commit. Records whose
	 * blob the validation cache knows are not parsed again, so the cost
	 * follows the change; HEAD moving meanwhile is caught below.
	 */
	git_oid_tostr(tree_hex, sizeof(tree_hex), &tree_id);
	git_oid_tostr(old_hex, sizeof(old_hex), &old_id);
	copts.rev = tree_hex;
	copts.base_rev = unborn ? NULL : old_hex;
	copts.no_cache = a->opts->no_cache;
	copts.cache_read_only = 1;	/* nothing is written before the lock */
	copts.incremental = 1;		/* from HEAD's answer, when kept */
	copts.keep = &kept;		/* written once committed */
	if (tz_check(a->repo, &copts, &found, &stats) < 0)
		goto out;
	a->out->incremental = stats.cache_incremental;
	a->out->checked = stats.records;
	if (found.errors) {
		tz_diag_move(a->diags, &found);
		ret = TZ_COMMIT_INVALID;
		goto out;
	}
	/* the records checked, and the answer for this tree, from which the
	 * next commit starts: written while the commit is made. A commit that
	 * then loses the race leaves them as it leaves its objects: true of
	 * their blobs and tree, used when they come again. Only a cache: a
	 * failure changes nothing */
	if (kept) {
		cj.vc = kept;
		cj.repo = a->repo;
		cj.records = stats.records;
		kept = NULL;
		saver = tz_parallel_start(1, save_cache, &cj);
	}

	/* the message and the commit */
	if (schema_of(&schema, a->repo, tree_hex) < 0)
		goto out;
	tz_changes_place(&ch, schema);
	if (a->opts->message) {
		git_buf pretty = GIT_BUF_INIT;
		if (git_message_prettify(&pretty, a->opts->message, 0, '#') < 0) {
			tz_error_git(_("bad message"));
			goto out;
		}
		tz_buf_puts(&msg, pretty.ptr);
		git_buf_dispose(&pretty);
		if (!msg.len) {
			tz_error_set(_("empty commit message"));
			goto out;
		}
	} else if (tz_message_write(&msg, a->repo, schema, &ch) < 0) {
		goto out;
	}
	if (git_tree_lookup(&new_tree, a->repo->git, &tree_id) < 0 ||
	    git_commit_create(&commit_id, a->repo->git, NULL, a->author, a->committer, NULL, msg.ptr,
			      new_tree, parent ? 1 : 0, (const git_commit **)&parent) < 0) {
		tz_error_git(_("cannot make the commit"));
		goto out;
	}

	/*
	 * On disk: objects first, then the branch, then the index. The objects
	 * and the new index are written before .git/index.lock is taken, so
	 * the lock is held only to check that HEAD and .git/index did not
	 * move, to move the branch (compare-and-swap) and to rename the index
	 * into place. Objects of a commit that then loses the race are
	 * unreachable, and git gc removes them.
	 */
	if (!head_is(a, refname, unborn ? NULL : &old_id)) {
		ret = ATTEMPT_RETRY;	/* lost the race already: write nothing */
		goto out;
	}
	if (tz_gitx_copy_object(a->disk, a->odb, a->repo->git, &commit_id) < 0)
		goto out;
	/* the repository's index no more: libgit2 would look at its racily
	 * clean entries through a diff of its own when it writes it, where
	 * tz_gitx_index_finish smudges them as git does */
	if (ij.set) {
		git_repository_set_index(a->repo->git, NULL);
		ij.set = 0;
	}
	if (tz_gitx_index_finish(ij.idx, a->tmp_index, &ch, &ij.stamp, a->repo->git) < 0)
		goto out;
	if (tz_lock_index(&a->lock, a->repo->gitdir, timeout_ms, &notice) < 0)
		goto out;
	if (notice.len) {
		free(a->out->notice);
		a->out->notice = tz_buf_detach(&notice);
	}
	if (!head_is(a, refname, unborn ? NULL : &old_id)) {
		ret = ATTEMPT_RETRY;
		goto out;
	}
	tz_buf_printf(&index_path, "%sindex", a->repo->gitdir);
	tz_gitx_stamp(&now_stamp, index_path.ptr);
	if (!tz_gitx_stamp_same(&ij.stamp, &now_stamp) && tz_gitx_index_prepare(a->repo->gitdir, a->tmp_index, &ch, &ij.stamp, a->repo->git) < 0)
		goto out;	/* someone changed the index meanwhile: made again, under the lock */
	tz_buf_printf(&logmsg, "commit%s: %.*s", unborn ? " (initial)" : "",
		      (int)strcspn(msg.ptr, "\n"), msg.ptr);
	tz_buf_clear(&ref_lock);
	tz_buf_printf(&ref_lock, "%s%s.lock", git_repository_commondir(a->repo->git), refname);
	tz_lock_note_ref(&a->lock, ref_lock.ptr);
	if (unborn)
		rc = git_reference_create(&ref, a->repo->git, refname, &commit_id, 0, logmsg.ptr);
	else
		rc = git_reference_create_matching(&ref, a->repo->git, refname, &commit_id, 1, &old_id, logmsg.ptr);
	if (rc == GIT_ELOCKED) {	/* someone is moving it: wait, within limits */
		if (!a->ref_locked_since)
			a->ref_locked_since = time(NULL);
		if (time(NULL) - a->ref_locked_since > (time_t)(timeout_ms / 1000)) {
			struct tz_buf q = TZ_BUF_INIT;
			tz_quote(&q, ref_lock.ptr);
			tz_error_set(_("cannot lock the branch: %s exists; another git process seems to be "
				       "running in this repository. If none is (a git command was killed), "
				       "remove the file: rm '%s'"), q.ptr, ref_lock.ptr);
			tz_buf_release(&q);
			goto out;
		}
		ret = ATTEMPT_RETRY;
		goto out;
	}
	if (rc == GIT_EMODIFIED || rc == GIT_EEXISTS) {
		ret = ATTEMPT_RETRY;	/* someone else committed first */
		goto out;
	}
	if (rc < 0) {
		tz_error_git(_("cannot update HEAD"));
		goto out;
	}
	if (tz_durable_rename(a->tmp_index, index_path.ptr) < 0)
		a->out->index_error = tz_strdup(tz_error_last());
	tz_lock_release(&a->lock);

	git_oid_cpy(&a->out->id, &commit_id);
	git_oid_tostr(a->out->short_id, sizeof(a->out->short_id), &commit_id);
	a->out->branch = strncmp(refname, "refs/heads/", 11) ? NULL : tz_strdup(refname + 11);
	a->out->root = unborn;
	a->out->summary = tz_strndup(msg.ptr, strcspn(msg.ptr, "\n"));
	a->out->files = ch.n;
	for (size_t i = 0; i < ch.n; i++)
		a->out->records += ch.v[i].id != NULL;
	tz_diag_move(a->diags, &found);	/* the warnings */
	ret = TZ_COMMIT_DONE;
out:
	tz_parallel_join(saver);
	tz_lock_release(&a->lock);
	index_ready(&ij);	/* when it failed before waiting */
	if (ij.idx && ij.set)
		git_repository_set_index(a->repo->git, NULL);	/* tmp_index goes */
	git_index_free(ij.idx);
	free(ij.err);
	unlink(a->tmp_index);
	tz_buf_release(&notice);
	tz_buf_release(&index_path);
	tz_buf_release(&ref_lock);
	git_reference_free(head);
	git_reference_free(ref);
	git_commit_free(parent);
	git_tree_free(old_tree);
	git_tree_free(new_tree);
	tz_schema_free(schema);
	tz_vcache_free(kept);
	tz_changes_release(&ch);
	tz_diag_list_release(&found);
	tz_buf_release(&msg);
	tz_buf_release(&logmsg);
	return ret;
}

int tz_commit(struct tz_commit_result *out, struct tz_repo *repo,
	      const struct tz_commit_opts *opts, struct tz_diag_list *diags)
{
	static const char *const dirs[] = { "records", "schema" };
	static const struct tz_commit_opts defaults = TZ_COMMIT_OPTS_INIT;
	struct attempt a;
	struct tz_buf objects = TZ_BUF_INIT, tmp = TZ_BUF_INIT;
	git_odb_backend *mem = NULL;
	int ret = -1;

	memset(out, 0, sizeof(*out));
	memset(&a, 0, sizeof(a));
	a.lock = (struct tz_lock)TZ_LOCK_INIT;
	a.tmp_slot = -1;
	if (!opts)
		opts = &defaults;
	if (opts->version != TZ_COMMIT_OPTS_VERSION)
		return tz_error_set(_("tz_commit: options of version %u, not %u"), opts->version,
				    TZ_COMMIT_OPTS_VERSION);
	if (!repo->workdir)
		return tz_error_set(_("this is a bare repository: there is no working tree to commit"));
	for (size_t i = 0; i < opts->npaths; i++)
		if (!*opts->paths[i] || !tz_path_matches(opts->paths[i], dirs, 2) ||
		    strstr(opts->paths[i], "..") || opts->paths[i][0] == '/')
			return tz_error_set(_("%s: tz commit commits only files below records/ and schema/"),
					    *opts->paths[i] ? opts->paths[i] : ".");
	a.repo = repo;
	a.opts = opts;
	a.diags = diags;
	a.out = out;
	if (tz_ident_signatures(&a.author, &a.committer, repo->git, opts->author) < 0)
		goto out;
	{
		struct tz_buf notice = TZ_BUF_INIT;
		if (tz_lock_clear_stale(&a.lock, repo->gitdir, &notice))
			out->notice = tz_buf_detach(&notice);
		tz_buf_release(&notice);
	}
	tz_buf_printf(&tmp, "%sindex.tz-%ld", repo->gitdir, (long)getpid());
	a.tmp_index = tmp.ptr;
	tz_buf_printf(&objects, "%sobjects", git_repository_commondir(repo->git));
	if (git_odb_open(&a.disk, objects.ptr) < 0 || git_repository_odb(&a.odb, repo->git) < 0 ||
	    git_mempack_new(&mem) < 0 || git_odb_add_backend(a.odb, mem, 999) < 0) {
		tz_error_git(_("cannot open the object database"));
		goto out;
	}
	srand((unsigned)getpid() ^ (unsigned)time(NULL));
	for (out->tries = 1;; out->tries++) {
		ret = attempt(&a);
		git_mempack_reset(mem);
		if (ret != ATTEMPT_RETRY)
			break;
		if (out->tries >= 100) {
			ret = tz_error_set(_("HEAD kept moving: gave up after %u tries"), out->tries);
			break;
		}
		usleep(1000u * (1u + (unsigned)rand() % 10u * out->tries));
	}
out:
	git_signature_free(a.author);
	git_signature_free(a.committer);
	git_odb_free(a.disk);
	git_odb_free(a.odb);
	tz_lock_free(&a.lock);
	tz_tempfile_forget(a.tmp_slot);
	tz_buf_release(&objects);
	tz_buf_release(&tmp);
	return ret;
}

void tz_commit_result_release(struct tz_commit_result *r)
{
	free(r->branch);
	free(r->summary);
	free(r->index_error);
	free(r->notice);
	memset(r, 0, sizeof(*r));
}
