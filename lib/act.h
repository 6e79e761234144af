/* act.h - what tz new, tz set and tz act do to a record's text: field
 * assignments (FIELD=VALUE, FIELD=, FIELD+=VALUE) with labels and names
 * resolved to codes, and an action applied as the schema declares it. */
#ifndef TZ_ACT_H
#define TZ_ACT_H
#include "buf.h"
#include "edit.h"
#include "record.h"
#include "resolve.h"
#include "schema.h"

struct tz_assign {
	char *name;		/* as typed: a field name or label */
	char *value;		/* as typed; resolved by tz_assign_resolve */
	int append;		/* FIELD+=VALUE */
	const struct tz_fdef *f;	/* set by tz_assign_resolve */
	int in_entry;		/* a field of the log entry, not the record */
};

/* Parse "FIELD=VALUE", "FIELD=" or "FIELD+=VALUE" into out (release with
 * tz_assign_release). Returns 0, or -1 with why set. */
int tz_assign_parse(struct tz_assign *out, const char *arg, struct tz_buf *why);
void tz_assign_release(struct tz_assign *a);

/*
 * Find the field a names (by name, else by label): of the log entry when
 * entry_part is given and has it, else of type t; then resolve its value
 * (resolve.h). Returns 0; 2 with why set when there is no such field (a
 * usage error); 1 with why set when a name is ambiguous or FIELD+= is used
 * on a field that is not a multiple ref; -1 when src failed.
 */
int tz_assign_resolve(struct tz_assign *a, const struct tz_type *t, const struct tz_partdef *entry_part,
		      const struct tz_resolve_source *src, struct tz_buf *why);

/* Apply record-field assignments to the [TYPE] section of e (whose current
 * record is r; NULL for a new one): set, remove, or add to a list. Returns 0,
 * or 1 with why set. */
int tz_assign_apply(struct tz_edit *e, const struct tz_type *t, const struct tz_record *r,
		    const struct tz_assign *a, size_t n, struct tz_buf *why);

struct tz_act_opts {
	const struct tz_action *action;
	const char *date;		/* YYYY-MM-DD */
	const char *actor;
	const char *note;		/* NULL: none */
	const struct tz_assign *assigns;	/* resolved */
	size_t nassigns;
};

/*
 * Apply an action to e, the text of record r of type t (r NULL: a record
 * being created): the record fields assigned, the status field set to the
 * action's `to`, the action's `set` fields filled from {date}, {actor} and
 * other fields, and the next [LOG.NNN] entry appended (date, actor, action,
 * to_status, the entry fields assigned, note, in the part's field order).
 * Returns 0, or 1 with why set (the action is not allowed from the record's
 * status, or a value cannot be written).
 */
int tz_act_apply(struct tz_edit *e, const struct tz_type *t, const struct tz_record *r,
		 const struct tz_act_opts *o, struct tz_buf *why);

/* The key of the next entry of part `part` in r: one more than the highest
 * number, as wide as the widest key (at least 3 digits): "004". */
void tz_act_next_key(struct tz_buf *out, const struct tz_record *r, const char *part);

#endif
