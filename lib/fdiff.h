/* fdiff.h - the field-level difference of two versions of a record: which
 * fields and part entries were set, changed or cleared. Commit messages,
 * the history index and tz diff all describe changes with it. */
#ifndef TZ_FDIFF_H
#define TZ_FDIFF_H
#include <stddef.h>
#include "buf.h"
#include "record.h"
#include "schema.h"

/* The pseudo-field of a record's file: a change of it says the record was
 * created (old NULL), deleted (new NULL) or moved. No schema field can have
 * this name. */
#define TZ_FDIFF_PATH "(path)"

struct tz_fchange {
	char *field;		/* "status", "log.003.action" (SECTION.KEY for a
				   part entry), or TZ_FDIFF_PATH */
	char *old_value;	/* NULL when absent; an empty value is absent */
	char *new_value;	/* NULL when absent */
	int old_line, new_line;	/* 0 when absent or not known */
};

struct tz_fdiff {
	struct tz_fchange *v;
	size_t n, alloc;
};
#define TZ_FDIFF_INIT { NULL, 0, 0 }

/*
 * Append to out the changes from record old to record new; either may be NULL
 * (a record created or deleted: every field is then set or cleared). The
 * first section of each is the record's own, whatever its name; the others
 * are part entries, matched by name. The order is stable: the main fields in
 * new's order, then those only old had, then part entries in new's order,
 * then the entries only old had. Returns the number of changes appended.
 */
size_t tz_fdiff_records(struct tz_fdiff *out, const struct tz_record *old, const struct tz_record *new);

/*
 * tz_fdiff_records preceded by a TZ_FDIFF_PATH change when old_path and
 * new_path differ (NULL old_path: created; NULL new_path: deleted). Returns
 * the number of changes appended.
 */
size_t tz_fdiff_files(struct tz_fdiff *out, const char *old_path, const struct tz_record *old,
		      const char *new_path, const struct tz_record *new);

/* Append one change (the values are copied; NULL or "" is absent). */
void tz_fdiff_add(struct tz_fdiff *out, const char *field, const char *old_value,
		  const char *new_value, int old_line, int new_line);

/* Remove change i, keeping the order of the rest. */
void tz_fdiff_remove(struct tz_fdiff *d, size_t i);

void tz_fdiff_release(struct tz_fdiff *d);

/* The value of field ("status" or "log.003.action", as in struct
 * tz_fchange) in r, or NULL when absent or empty. Borrowed from r. */
const char *tz_fdiff_value(const struct tz_record *r, const char *field);

/*
 * Append to out the label that the schema gives field of type t: the
 * field's label ("状态"), or for a part entry the part's label, the key and
 * the field's label ("办理记录 003 办理动作"); the name itself where the
 * schema has no such field (t may be NULL).
 */
void tz_fdiff_label(struct tz_buf *out, const struct tz_type *t, const char *field);

/* The definition of field ("status", "log.003.action") in t, or NULL when t
 * is NULL or has no such field. Borrowed from t. */
const struct tz_fdef *tz_fdiff_field(const struct tz_type *t, const char *field);

/*
 * Append to out a short form of value for a one-line message: its first
 * line, cut to at most max characters with "…" when longer or when more
 * lines follow; "" for NULL.
 */
void tz_fdiff_short(struct tz_buf *out, const char *value, size_t max);

#endif
