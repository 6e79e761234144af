/* commit.h - committing the records and the schema through libgit2: validate
 * the tree that would be committed, refuse it when invalid, else write the
 * objects, move the branch only if nobody else moved it meanwhile, and bring
 * the on-disk index up to date for the committed paths. */
#ifndef TZ_COMMIT_H
#define TZ_COMMIT_H
#include <git2.h>
#include "buf.h"
#include "changes.h"
#include "diag.h"
#include "repo.h"
#include "schema.h"

/* What tz_commit is told; start from TZ_COMMIT_OPTS_INIT. */
struct tz_commit_opts {
	unsigned int version;		/* TZ_COMMIT_OPTS_VERSION */
	const char *message;		/* NULL: written from the field changes */
	const char *author;		/* "Name <email>"; NULL: $GIT_AUTHOR_NAME
					   and $GIT_AUTHOR_EMAIL, else user.name
					   and user.email from git config */
	const char *const *paths;	/* repository-relative files or folders,
					   each below records/ or schema/; none:
					   both folders whole */
	size_t npaths;
	unsigned lock_timeout_ms;	/* how long to wait for .git/index.lock
					   and for other committers; 0: 10 s */
	int no_cache;			/* validate every record, without the
					   validation cache */
};

#define TZ_COMMIT_OPTS_VERSION 1
#define TZ_COMMIT_OPTS_INIT { .version = TZ_COMMIT_OPTS_VERSION }

struct tz_commit_result {
	git_oid id;		/* the new commit */
	char short_id[8];	/* its first seven hex digits, as shown */
	char *branch;		/* "main"; NULL on a detached HEAD */
	int root;		/* the first commit of its branch */
	char *summary;		/* the message's first line */
	size_t records, files;	/* records and files that changed */
	unsigned tries;		/* > 1 when another process moved HEAD first
				   and the commit was rebuilt on the new HEAD */
	char *index_error;	/* non-NULL: committed, but .git/index could not
				   be updated (why); `git status` shows it */
	char *notice;		/* non-NULL: a stale .git/index.lock left by a
				   killed tz commit was removed (one line) */
	int incremental;	/* the tree was validated from the answer kept
				   for an earlier one: only what differs was
				   checked (set when refused too) */
	size_t checked;		/* the records validated: those that differ,
				   or all of them */
};

enum { TZ_COMMIT_DONE = 0, TZ_COMMIT_NOTHING = 1, TZ_COMMIT_INVALID = 2 };

/*
 * Commit the changes of the working tree of repo below records/ and schema/
 * (or opts->paths) on top of HEAD: new, modified, deleted and moved files;
 * nothing else of the working tree or of the index is committed or touched.
 * The new tree is validated in full (transitions and append-only parts
 * against HEAD) before anything is written: objects are built in memory.
 * Then the objects are written, the branch is moved with a compare-and-swap
 * against the commit it was built on (when another process moved it first,
 * everything is done again on the new HEAD), and the index entries of the
 * committed paths are updated under .git/index.lock.
 *
 * opts may be NULL (TZ_COMMIT_OPTS_INIT: everything, a generated message).
 * Returns TZ_COMMIT_DONE with *out filled (release it), TZ_COMMIT_NOTHING
 * when nothing changed, TZ_COMMIT_INVALID when the tree has errors (they
 * are in diags; nothing was written), or -1 with tz_error_last() set (bare
 * repository, no identity, a path outside records/ and schema/, I/O,
 * libgit2, a lock held too long, opts of an unknown version). Warnings of a valid tree go to diags too.
 */
int tz_commit(struct tz_commit_result *out, struct tz_repo *repo,
	      const struct tz_commit_opts *opts, struct tz_diag_list *diags);

void tz_commit_result_release(struct tz_commit_result *r);

#endif
