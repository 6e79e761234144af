/* label.h - values as people read them: enum values by their labels and
 * references with the title of the record they name ("lyj 市林业局"), for
 * the --labels output of tz query, log, blame and diff. */
#ifndef TZ_LABEL_H
#define TZ_LABEL_H
#include "buf.h"
#include "type.h"

struct tz_index;
struct tz_labeler;

/* A new labeler that finds titles in ix (borrowed; NULL: references stay
 * bare IDs). Never NULL; free with tz_labeler_free. */
struct tz_labeler *tz_labeler_new(struct tz_index *ix);
void tz_labeler_free(struct tz_labeler *l);

/*
 * Append value, of field f (NULL when unknown: appended as it is), to out as
 * people read it: an enum value as its label; a reference as "ID title"
 * (the ID alone when no such record or no index); each item of a ", "
 * separated list on its own. Titles are looked up once per record.
 */
void tz_labeler_value(struct tz_labeler *l, struct tz_buf *out, const struct tz_fdef *f, const char *value);

#endif
