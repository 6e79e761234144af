/* schema.h - loading the schema from schema/<type>.ini files and checking
 * it: the model is in type.h, value checks in value.h, EREs in ere.h. */
#ifndef TZ_SCHEMA_H
#define TZ_SCHEMA_H
#include "buf.h"
#include "diag.h"
#include "ere.h"
#include "type.h"
#include "value.h"

/* A new empty schema; never NULL. Free with tz_schema_free. */
struct tz_schema *tz_schema_new(void);
void tz_schema_free(struct tz_schema *s);

/*
 * Add the type defined by one schema file (its contents data[0..len), read
 * from path). Findings go to diags, with the file and line; a type with
 * findings is still added where it can be, so its records are checked too.
 * "schema/policy.ini" is not a type and must not be passed here.
 */
void tz_schema_add_file(struct tz_schema *s, const char *path, const char *data,
			size_t len, struct tz_diag_list *diags);

/* After every file is added: resolve refs between types, check dirs, and
 * compile rule expressions. Findings go to diags. */
void tz_schema_finish(struct tz_schema *s, struct tz_diag_list *diags);

#endif
