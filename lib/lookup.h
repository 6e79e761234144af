/* lookup.h - questions the write path asks about the other records of the
 * working tree, answered by the index with one indexed query each, so that
 * their cost does not grow with the ledger. */
#ifndef TZ_LOOKUP_H
#define TZ_LOOKUP_H
#include "buf.h"
#include "check.h"
#include "index.h"
#include "resolve.h"
#include "schema.h"

/* Whether type t has a record with this ID: 1, 0, or -1 with
 * tz_error_last() set. */
int tz_lookup_exists(struct tz_index *ix, const struct tz_type *t, const char *id);

/* Append to out the records of type t whose field is exactly value, with
 * their titles, in ID order. Returns 0, or -1 with tz_error_last() set. */
int tz_lookup_find(struct tz_index *ix, const struct tz_type *t, const char *field, const char *value,
		   struct tz_resolve_matches *out);

/* Whether a record of type t other than `self` has value in field f, of
 * the main section (part NULL) or of an entry of part: 1 with its path
 * appended to other, 0, or -1 with tz_error_last() set. */
int tz_lookup_unique_clash(struct tz_index *ix, const struct tz_type *t, const struct tz_partdef *part,
			   const struct tz_fdef *f, const char *value, const char *self, struct tz_buf *other);

/*
 * The files below records/ whose ID is id, of any type: each one's path and
 * type name appended to paths and types as NUL-separated lists. Returns how
 * many (0 when none), or -1 with tz_error_last() set.
 */
int tz_lookup_files(struct tz_index *ix, const char *id, struct tz_buf *paths, struct tz_buf *types);

/* The files below records/ that hold an indexed record with ID id, like
 * tz_lookup_files but without the files the index skipped. */
int tz_lookup_records(struct tz_index *ix, const char *id, struct tz_buf *paths, struct tz_buf *types);

/* The title of record id of type t: 1 with *title set (NULL when the type
 * has no title or the record leaves it empty; free it), 0 when there is no
 * such record, -1 with tz_error_last() set. */
int tz_lookup_title(struct tz_index *ix, const struct tz_type *t, const char *id, char **title);

/* Why a file named id (".../ID.ini") is not indexed: 1 with "PATH: REASON"
 * of the first one appended to out, 0 when none is skipped, or -1. */
int tz_lookup_skipped(struct tz_index *ix, const char *id, struct tz_buf *out);

/* The ID in the index nearest to id (text.h, tz_suggest): 1 with it
 * appended to out, 0 when none is near, -1 with tz_error_last() set. */
int tz_lookup_suggest_id(struct tz_index *ix, const char *id, struct tz_buf *out);

/* Raise *max to the highest number that an ID of type t, prefix digits
 * suffix, has in the index (see nextid.h). Returns 0, or -1. */
int tz_lookup_max_seq(struct tz_index *ix, const struct tz_type *t, const char *prefix,
		      const char *suffix, int width, unsigned long *max);

/* A tz_resolve_source that asks ix (valid while ix is). */
void tz_lookup_resolve_source(struct tz_resolve_source *out, struct tz_index *ix);

/* A tz_check_lookup that asks ix (valid while ix is). */
void tz_lookup_check_source(struct tz_check_lookup *out, struct tz_index *ix);

#endif
