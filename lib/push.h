/* push.h - judging commits as a server does before it takes them (tz
 * check-push, a pre-receive hook) and as an audit of history (tz audit):
 * validity of what each commit changes, transitions and append-only parts
 * against its parent, and the access policy for who made it. */
#ifndef TZ_PUSH_H
#define TZ_PUSH_H
#include <stddef.h>
#include <git2.h>
#include "buf.h"
#include "diag.h"
#include "repo.h"

/* One finding about one commit: the diag's message starts with
 * "commit SHORT: ". */
struct tz_push_finding {
	git_oid commit;
	char short_id[8];	/* its first seven hex digits, as messages say it */
	char *author;		/* "Name <email>" */
	long long when;		/* author time, seconds since the epoch */
	int offset;		/* its time zone, minutes east of UTC */
	struct tz_diag diag;	/* path, line, message */
};

struct tz_push_result {
	struct tz_push_finding *v;
	size_t n, alloc;
	size_t commits;		/* commits judged */
	size_t bad_commits;	/* commits with a finding */
};
#define TZ_PUSH_RESULT_INIT { NULL, 0, 0, 0, 0 }

void tz_push_result_release(struct tz_push_result *r);

/* A ref update as git passes it to pre-receive: "OLD NEW REF". */
struct tz_push_update {
	git_oid old_id, new_id;	/* zero: created / deleted */
	const char *ref;
};

/*
 * Parse one line "OLD NEW REF" into u (u->ref points into line, which is
 * changed). Returns 0, or -1 with tz_error_last() saying what is wrong.
 */
int tz_push_parse_line(struct tz_push_update *u, char *line);

/* The ref updates of a pre-receive hook's input, as tz_push_parse reads them. */
struct tz_push_input {
	struct tz_push_update *v;	/* their refs point into text */
	size_t n;
	char *text;			/* the input, cut into lines */
};
#define TZ_PUSH_INPUT_INIT { NULL, 0, NULL }

/*
 * Parse data[0..len), the lines git gives a pre-receive hook ("OLD NEW
 * REF", LF or CRLF ends, the last end optional), into out. Blank lines are
 * skipped. Any other line that is not an update, or a NUL byte anywhere,
 * fails: -1 with tz_error_last() saying "line N: ..." (N counts every
 * line). Returns 0 or -1; release out with tz_push_input_release either way.
 */
int tz_push_parse(struct tz_push_input *out, const char *data, size_t len);

void tz_push_input_release(struct tz_push_input *in);

/*
 * Let repo read the objects of a push that git keeps in quarantine while
 * its pre-receive hook runs ($GIT_OBJECT_DIRECTORY, or $GIT_QUARANTINE_PATH).
 * Nothing to do outside a hook. Returns 0, or -1 (tz_error_last).
 */
int tz_push_use_quarantine(struct tz_repo *repo);

/*
 * Wait for the turn of this push: an exclusive flock on
 * GITDIR/taizhang/check-push.lock, so that concurrent pushes are checked one
 * after another instead of all at once. Only a speed-up: when the lock
 * cannot be made (a read-only or foreign-owned folder) or is held for more
 * than timeout_ms, the check goes on without it. Returns the descriptor to
 * pass to tz_push_unlock, or -1 when the check runs unlocked.
 */
int tz_push_lock(struct tz_repo *repo, unsigned timeout_ms);
void tz_push_unlock(int fd);

/*
 * Whether a ref of the updates no longer holds the OLD value the push was
 * based on: git would refuse that update anyway (it moves a ref only from
 * the value the pusher saw), so checking its commits is wasted. Returns 1
 * with why set to a one-line message for the pusher, 0 when every ref
 * still holds OLD, or -1 with tz_error_last() set. Under $GIT_NAMESPACE the
 * names git passes are not the stored ones: 0 without looking.
 */
int tz_push_moved(struct tz_repo *repo, const struct tz_push_update *u, size_t n, struct tz_buf *why);

/*
 * Judge every commit that the updates bring and that no ref of repo has
 * yet, parents first, each against its first parent (a merge: the policy
 * against each parent, a refusal counting only when every parent gives it).
 * `pusher` is who pushes (a server's user name), or NULL to judge each
 * commit by its author's e-mail. A new record whose ID is already on the
 * server (in a branch, at another path or with other content) is refused
 * with the hint `tz renumber`. Errors only; appended to res. Returns 0, or
 * -1 with tz_error_last() set.
 */
int tz_push_check(struct tz_push_result *res, struct tz_repo *repo,
		  const struct tz_push_update *u, size_t n, const char *pusher);

/*
 * The same judgement over history that is in: the commits of range (as
 * `git log` takes it: "A..B", "REV"; NULL: HEAD), oldest first, each by
 * its author. Returns 0, or -1 with tz_error_last() set.
 */
int tz_push_audit(struct tz_push_result *res, struct tz_repo *repo, const char *range);

#endif
