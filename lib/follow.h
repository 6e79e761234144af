/* follow.h - the checks that follow the action log: a record compared with
 * its committed version, entry by entry of what was added since. */
#ifndef TZ_FOLLOW_H
#define TZ_FOLLOW_H
#include "diag.h"
#include "record.h"
#include "schema.h"

/*
 * Check record r of type t (parsed, its first section the type's) against
 * old, its committed version (NULL when r is new or nothing is committed),
 * appending findings to diags at the lines of r:
 *  - the status field moves through the new entries of the log, one allowed
 *    step at a time, and ends at the status field; a status change without
 *    a new entry is an error;
 *  - each new entry's action is declared, allowed from the status before it,
 *    moves to the action's status, and has what the action requires;
 *  - fields with `immutable = yes` keep the value old has;
 *  - part fields with `ordered = yes` never decrease from one entry to the
 *    next, and `not_before` fields are not before the record's field.
 * committed, when not NULL, is the same type in the schema of old's
 * version: its transitions and immutable fields hold too, so that a commit
 * cannot loosen a rule and break it at once (a value it does not know is
 * not checked by it). Entries are new when old has no section of their
 * name. Types that declare none of these are not checked.
 */
void tz_follow_check(const struct tz_type *t, const struct tz_type *committed, const struct tz_record *r,
		     const struct tz_record *old, struct tz_diag_list *diags);

/* Whether t declares anything tz_follow_check looks at. */
int tz_follow_needed(const struct tz_type *t);

#endif
