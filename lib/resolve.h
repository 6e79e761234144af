/* resolve.h - what a person types for a field, turned into what the record
 * stores: an enum's label into its value, a referenced record's name (its
 * type's title field) or short name (its `short_name` field) into its ID,
 * an action's label into its name. */
#ifndef TZ_RESOLVE_H
#define TZ_RESOLVE_H
#include "buf.h"
#include "schema.h"


/* One record that a name matched. */
struct tz_resolve_match {
	char *id;
	char *title;	/* its title field's value, or NULL */
};

struct tz_resolve_matches {
	struct tz_resolve_match *v;
	size_t n, alloc;
};
#define TZ_RESOLVE_MATCHES_INIT { NULL, 0, 0 }
void tz_resolve_matches_release(struct tz_resolve_matches *m);

/* Where the records are looked up: the index (tz_lookup_resolve_source), or
 * anything else that answers the same two questions (the unit tests). */
struct tz_resolve_source {
	/* Whether type t has a record with this ID: 1, 0, or -1 on failure
	 * (tz_error_last() set). */
	int (*exists)(void *payload, const struct tz_type *t, const char *id);
	/* Append to out every record of type t whose field `field` is exactly
	 * value, with its title. Returns 0, or -1 with tz_error_last() set. */
	int (*find)(void *payload, const struct tz_type *t, const char *field, const char *value,
		    struct tz_resolve_matches *out);
	void *payload;
};

/*
 * Resolve input, as typed for field f, into the text to store, appended to
 * out: for an enum, a value stays and a label becomes its value; for a ref,
 * an existing ID stays, and otherwise a name that is the title or the
 * short_name of exactly one record becomes its ID (each item of a multiple
 * ref on its own, joined by ", "). Anything else is left as typed, for the
 * checks to report with their suggestions. src may be NULL for fields that
 * are not refs.
 *
 * Returns 0; 1 when a name matches several records, with why set to e.g.
 * `unit: "林业局" matches 2 units: lyj (市林业局), xlyj (县林业局)`; -1 when
 * src failed (tz_error_last() set).
 */
int tz_resolve_value(struct tz_buf *out, const struct tz_fdef *f, const char *input,
		     const struct tz_resolve_source *src, struct tz_buf *why);

/* The action of t whose name or label is name, or NULL. Borrowed. */
const struct tz_action *tz_resolve_action(const struct tz_type *t, const char *name);

#endif
