/* lock.h - .git/index.lock as tz commit takes it: held for the shortest
 * window, with an owner record beside it, so that a lock left by a killed
 * tz is recognised and cleared instead of stopping everyone. */
#ifndef TZ_LOCK_H
#define TZ_LOCK_H
#include "buf.h"

struct tz_lock {
	char *path;		/* GITDIR/index.lock */
	char *owner_path;	/* GITDIR/index.lock.owner */
	int owner_fd;		/* flock'ed while the lock is held */
	int slot;		/* tempfile.h slot of path */
	int held;
	long long record_len;	/* bytes of the owner record */
};
#define TZ_LOCK_INIT { NULL, NULL, -1, -1, 0, 0 }

/*
 * Take gitdir's index.lock (gitdir ends in '/') as git does, by creating it
 * exclusively, and write beside it, in index.lock.owner, who holds it: the
 * process id, its start time, the boot it belongs to and the lock file's
 * identity. The owner record is flock'ed while the lock is held, so every
 * tz that finds index.lock knows whether a live tz holds it.
 *
 * When index.lock exists and its owner record names it, but no tz holds the
 * record and that process is provably gone (another boot, no such process,
 * or a process started at another time), the lock is stale: it is removed
 * and *notice (when not NULL) says so in one line; nothing else is ever
 * removed. Leftover temporary indexes of dead tz processes
 * (index.tz-PID) are removed at the same time.
 *
 * Waits up to timeout_ms for a lock that someone else holds. Returns 0 with
 * *out held (release it with tz_lock_release), or -1 with tz_error_last()
 * set to a message that says who holds the lock and what to do.
 */
int tz_lock_index(struct tz_lock *out, const char *gitdir, unsigned timeout_ms, struct tz_buf *notice);

/* Only the check of tz_lock_index, without taking the lock: when
 * index.lock was left by a tz that is gone, remove it (notice as above).
 * Returns 1 when it removed one, else 0. tz commit calls it first, so that
 * a stale lock goes even when there is nothing to commit. */
int tz_lock_clear_stale(struct tz_lock *l, const char *gitdir, struct tz_buf *notice);

/* Note in the owner record that the holder is about to move the ref whose
 * lock file is ref_lock (GITDIR/refs/heads/main.lock): a tz killed while it
 * moves the ref leaves that file too, and the next tz_lock_index that finds
 * the stale index.lock removes it as well when it was made after the lock. */
void tz_lock_note_ref(struct tz_lock *l, const char *ref_lock);

/* Remove index.lock if held, clear the owner record and let go of it;
 * *l can be taken again. Harmless on an unheld lock. */
void tz_lock_release(struct tz_lock *l);

/* Release and free the paths: the end of *l. */
void tz_lock_free(struct tz_lock *l);

#endif
