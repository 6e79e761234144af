/* write.h - the clerk's write path: find a record by ID, change it under a
 * lock so that concurrent edits serialize, check the result as tz validate
 * would (through the index: the cost does not grow with the ledger), and
 * replace the file atomically; or create a new record with the next ID. */
#ifndef TZ_WRITE_H
#define TZ_WRITE_H
#include "buf.h"
#include "check.h"
#include "diag.h"
#include "edit.h"
#include "index.h"
#include "record.h"
#include "repo.h"
#include "resolve.h"
#include "schema.h"

struct tz_writer {
	struct tz_repo *repo;		/* borrowed */
	struct tz_index *ix;		/* borrowed: opened and refreshed */
	const struct tz_schema *schema;	/* the index's */
	struct tz_resolve_source resolve;
	struct tz_check_lookup lookup;
	unsigned lock_timeout_ms;	/* 0: 10 s */
};

/* Set up w for repo and its index (both stay the caller's). */
void tz_writer_init(struct tz_writer *w, struct tz_repo *repo, struct tz_index *ix);

/*
 * Find the record with this ID: its type and repository path. Returns 0;
 * 1 when no record has it, or several types do (why says so, with the
 * closest ID when there is one); -1 with tz_error_last() set.
 */
int tz_writer_find(struct tz_writer *w, const char *id, const struct tz_type **type,
		   struct tz_buf *path, struct tz_buf *why);

/*
 * The change a command makes: edit e, the current file, whose parsed record
 * is r. Returns 0; 1 to refuse (why set; nothing is written); -1 on failure.
 */
typedef int (*tz_write_fn)(void *payload, struct tz_edit *e, const struct tz_record *r, struct tz_buf *why);

enum { TZ_WRITE_DONE = 0, TZ_WRITE_INVALID = 1, TZ_WRITE_REFUSED = 2 };

/*
 * Change the record of type t at path: take its lock (a file created with
 * O_EXCL in $GIT_DIR/taizhang/locks, waited for while another process holds
 * it), read the file (a symbolic link or a file that is not regular is
 * refused), apply fn, check the result against HEAD's version, and when it
 * has no errors replace the file atomically, keeping its mode.
 *
 * Returns TZ_WRITE_DONE (warnings may be in diags), TZ_WRITE_INVALID (the
 * findings are in diags; nothing written), TZ_WRITE_REFUSED (why set;
 * nothing written), or -1 with tz_error_last() set.
 */
int tz_writer_update(struct tz_writer *w, const struct tz_type *t, const char *path,
		     tz_write_fn fn, void *payload, struct tz_diag_list *diags, struct tz_buf *why);

/* Make the contents of a new record with this ID into out. Returns 0, 1 to
 * refuse (why set), -1 on failure. Called again when the ID was taken. */
typedef int (*tz_create_fn)(void *payload, const char *id, struct tz_buf *out, struct tz_buf *why);

/*
 * Create a record of type t with the next free ID of its next_id template
 * for year (nextid.h: the working tree through the index, HEAD, and the
 * remote-tracking branches), beside the record with the highest number
 * (else in records/DIR/YEAR/ when that folder exists, else records/DIR/).
 * The file is checked, then created with O_EXCL semantics (tz_durable_write
 * TZ_DURABLE_NEW): when another process took the ID first, the next one is
 * tried. The ID and path are appended to id_out and path_out.
 *
 * Returns as tz_writer_update (TZ_WRITE_REFUSED also when t has no next_id).
 */
int tz_writer_create(struct tz_writer *w, const struct tz_type *t, int year, tz_create_fn fn,
		     void *payload, struct tz_buf *id_out, struct tz_buf *path_out,
		     struct tz_diag_list *diags, struct tz_buf *why);

/* Check data[0..len), a record as it would be at path, as tz_writer_update
 * does (against HEAD's version of path). Returns 0 or -1. */
int tz_writer_check(struct tz_writer *w, const char *path, const char *data, size_t len,
		    struct tz_diag_list *diags);

#endif
