/* rev.h - the one revision resolver: "HEAD", "main~2", a tag, a commit or
 * tree id turned into a tree or a commit, with the same messages for every
 * command (tz_source_open, the history, tz check-push, tz diff). */
#ifndef TZ_REV_H
#define TZ_REV_H
#include <git2.h>

/*
 * The tree that rev names ("HEAD", "main~2", a tag, a commit or tree id),
 * in *out (free with git_tree_free), and when rev names a commit (or a tag
 * of one) that commit in *commit (may be NULL: not wanted; else free with
 * git_commit_free, NULL for a bare tree). Returns 0; 1 when rev is "HEAD"
 * and the branch has no commit yet (nothing set; the error says "unknown
 * revision"); -1 with tz_error_last() set: `unknown revision "X"`, `revision
 * "X" is ambiguous: give more of its id`, `revision "X" does not name a tree`.
 */
int tz_rev_tree(git_tree **out, git_commit **commit, git_repository *git, const char *rev);

/* The commit that rev names, in *out (free with git_commit_free). Returns 0,
 * 1 as tz_rev_tree, or -1 with tz_error_last() set (the messages of
 * tz_rev_tree, and `revision "X" does not name a commit`). */
int tz_rev_commit(git_commit **out, git_repository *git, const char *rev);

#endif
