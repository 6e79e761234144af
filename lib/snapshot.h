/* snapshot.h - the records a report reads, with only the fields it asks
 * for: as the index holds them, or as they stood at an earlier commit, by
 * rolling the history index's field changes back. */
#ifndef TZ_SNAPSHOT_H
#define TZ_SNAPSHOT_H
#include <stddef.h>
#include <sqlite3.h>
#include "schema.h"

/* One entry of a part ("log.003"): key "003", values in pfields order. */
struct tz_snap_entry {
	const char *key;
	const char **v;
};

struct tz_snap_rec {
	const char *id;
	const char **v;			/* in fields order; NULL when absent */
	struct tz_snap_entry *e;	/* sorted by key after tz_snapshot_finish */
	size_t ne, ealloc;
	int gone;			/* rolled back to before it existed */
};

struct tz_snap_type {
	const struct tz_type *type;
	char **fields;
	size_t nfields;
	char *part;			/* NULL: no part */
	char **pfields;
	size_t npfields;
	struct tz_snap_rec *recs;	/* sorted by id after tz_snapshot_finish */
	size_t n, alloc;
	/* streamed (tz_snapshot_stream): recs holds only the records the
	 * rollback changed, gone ones included */
	int stream;
	char *efield;			/* entries needed only where efield is */
	char **evalues;			/* one of evalues; NULL: every entry */
	size_t nevalues;
};

struct tz_snapshot;

/* A new, empty snapshot; never NULL. Free with tz_snapshot_free. */
struct tz_snapshot *tz_snapshot_new(void);
void tz_snapshot_free(struct tz_snapshot *s);

/* Ask for type t's fields (names; those the type lacks stay NULL) and, when
 * part is not NULL, the fields pfields of that part's entries. Returns the
 * type's slot, borrowed until tz_snapshot_free. Call before loading. */
struct tz_snap_type *tz_snapshot_want(struct tz_snapshot *s, const struct tz_type *t,
				      const char *const *fields, size_t nfields,
				      const char *part, const char *const *pfields, size_t npfields);

/* Make st, a slot of s, streamed: tz_snapshot_load reads none of its
 * records, a tz_snap_cursor reads them one at a time, and the snapshot holds
 * only those tz_snapshot_rollback changes, so memory stays small however
 * many there are. When efield (a field of the part) is not NULL, a cursor
 * may leave out the entries whose efield is not one of evalues. */
void tz_snapshot_stream(struct tz_snap_type *st, const char *efield,
			const char *const *evalues, size_t nevalues);

/* Read every wanted type from the index database db (index.h's tables),
 * which must stay open until tz_snapshot_free. Returns 0, or -1 with
 * tz_error_last() set. */
int tz_snapshot_load(struct tz_snapshot *s, sqlite3 *db);

/* Undo, newest first, every field change that the history index hdb
 * (history.h) holds for commits after seq: the records become what they
 * were at commit seq, provided they were HEAD's before and every commit
 * after seq descends from it without merges (tz_asof_find checks both).
 * Returns 0, or -1 with tz_error_last() set. */
int tz_snapshot_rollback(struct tz_snapshot *s, sqlite3 *hdb, long long seq);

/* Sort records by ID and entries by key, and drop records that were rolled
 * back to before they existed. Call once, after loading (and rolling back). */
void tz_snapshot_finish(struct tz_snapshot *s);

/* The slot of type name, or NULL when it was not wanted. Borrowed. */
const struct tz_snap_type *tz_snapshot_type(const struct tz_snapshot *s, const char *name);

/* The index of field name in st->fields, or -1. */
int tz_snap_field(const struct tz_snap_type *st, const char *name);

/* Record id of st, or NULL (binary search; after tz_snapshot_finish). For
 * a streamed type only the rolled-back records are found. */
const struct tz_snap_rec *tz_snap_find(const struct tz_snap_type *st, const char *id);

/* A copy of v that lives as long as s ("" and NULL give NULL). */
const char *tz_snapshot_keep(struct tz_snapshot *s, const char *v);

/* The records of a streamed type, in ID order, as they are after the
 * rollback (when there was one). After tz_snapshot_finish. */
struct tz_snap_cursor;

/* Start reading type name of s (streamed). Returns 0 and sets *out (free
 * with tz_snap_cursor_free), or -1 with tz_error_last() set. */
int tz_snap_cursor_open(struct tz_snap_cursor **out, struct tz_snapshot *s, const char *name);

/* The next record into *out, borrowed until the next call or the free:
 * its values as tz_snap_rec's (NULL when absent), entries sorted by key.
 * Returns 1, 0 when there is none left, or -1 with tz_error_last() set. */
int tz_snap_cursor_next(struct tz_snap_cursor *c, const struct tz_snap_rec **out);
void tz_snap_cursor_free(struct tz_snap_cursor *c);

#endif
