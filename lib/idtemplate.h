/* idtemplate.h - a type's next_id template ("ISS-{year}-{seq:4}"): pure
 * string work, no repository and no schema (schema.c checks templates with
 * it, nextid.c and the index find the numbers taken). */
#ifndef TZ_IDTEMPLATE_H
#define TZ_IDTEMPLATE_H
#include "buf.h"

/*
 * Expand the template tmpl for year and seq into out: `{year}` becomes the
 * four-digit year, `{seq:N}` the number zero-padded to N digits (wider when
 * it needs more). Returns 0; or -1 when the template is malformed, with the
 * reason (e.g. `needs exactly one {seq:N}`) in out instead.
 */
int tz_id_template_format(struct tz_buf *out, const char *tmpl, int year, unsigned long seq);

/*
 * Split the template for year into the text before and after its number,
 * into prefix and suffix (appended), and set *width to N. Returns 0, or -1
 * when the template is malformed.
 */
int tz_id_template_split(const char *tmpl, int year, struct tz_buf *prefix, struct tz_buf *suffix,
			 int *width);

/*
 * The number in id when it is prefix, digits, suffix; else 0 (numbers start
 * at 1). Numbers above 999 999 999 are not taken as numbers.
 */
unsigned long tz_id_number(const char *id, const char *prefix, const char *suffix);

#endif
