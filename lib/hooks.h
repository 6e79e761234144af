/* hooks.h - setting a repository up for many units: git hooks that run tz
 * (pre-commit in a clone, pre-receive on a server), the merge driver in the
 * repository's config, and the records' merge attribute in .gitattributes. */
#ifndef TZ_HOOKS_H
#define TZ_HOOKS_H
#include <git2.h>
#include "buf.h"
#include "check.h"
#include "repo.h"

enum tz_hook_kind {
	TZ_HOOK_PRE_COMMIT,	/* runs `tz hooks pre-commit` */
	TZ_HOOK_PRE_RECEIVE,	/* runs `tz check-push`, stdin passed on */
};

/* What an install step did. */
enum tz_install_state {
	TZ_INSTALL_DONE,	/* written now */
	TZ_INSTALL_ALREADY,	/* it was there, unchanged */
	TZ_INSTALL_CHAINED,	/* written; a foreign hook kept as NAME.chained */
};

/* The hook's file name: "pre-commit" or "pre-receive". */
const char *tz_hook_name(enum tz_hook_kind kind);

/* The folder hooks live in: core.hooksPath (relative to the top of the
 * working tree, as git reads it) or $GIT_DIR/hooks. Returns 0, or -1 with
 * tz_error_last() set. */
int tz_hooks_dir(struct tz_buf *out, struct tz_repo *r);

/*
 * Install hook `kind` in dir, a script that runs `tz` (the program at
 * tz_path, or "tz" from PATH when tz_path is NULL or cannot be quoted). Our
 * own earlier hook (it says "taizhang hook" on its second line) is
 * replaced. A hook that is not ours is never overwritten: with chain it is
 * renamed to NAME.chained, which our hook runs first (passing stdin on to
 * both); without, the install fails. Sets *state. Returns 0, or -1 with
 * tz_error_last() set (a foreign hook, I/O).
 */
int tz_hook_install(enum tz_install_state *state, const char *dir, enum tz_hook_kind kind,
		    const char *tz_path, int chain);

/* Set merge.tz.name and merge.tz.driver ("tz merge-file %O %A %B %P") in
 * the repository's own config. Returns 0, or -1 with tz_error_last(). */
int tz_merge_driver_install(enum tz_install_state *state, struct tz_repo *r);

/* Add the line that sends every file below records/ to the merge driver
 * (the pattern records/ plus two stars, then merge=tz) to .gitattributes at
 * the top of the working tree unless it has it. Returns 0, or -1 with tz_error_last(). */
int tz_gitattributes_install(enum tz_install_state *state, struct tz_repo *r);

/* Write git's index as it is staged now ($GIT_INDEX_FILE when git sets it
 * for a hook, else $GIT_DIR/index) as tree objects, the tree's id in out.
 * Returns 0, or -1 with tz_error_last() set (unmerged entries, I/O). */
int tz_index_tree(git_oid *out, struct tz_repo *r);

/*
 * Set opts up to check what is staged, as the pre-commit hook does: the
 * tree git's index makes (tz_index_tree), its id written into tree, which
 * opts->rev borrows (so tree must outlive the check), checked against
 * HEAD, or against nothing when no commit exists yet (opts->base_rev).
 * Returns 0, or -1 with tz_error_last() set (unmerged entries, I/O).
 */
int tz_hooks_staged(struct tz_check_opts *opts, char tree[GIT_OID_HEXSZ + 1], struct tz_repo *r);

#endif
