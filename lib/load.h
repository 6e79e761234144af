/* load.h - loading the schema of one version of a records repository
 * (working tree or revision); shared by every command. Where each record
 * file belongs is place.h's. */
#ifndef TZ_LOAD_H
#define TZ_LOAD_H
#include "diag.h"
#include "record.h"
#include "repo.h"
#include "schema.h"

/*
 * Load schema/<type>.ini of src (every .ini but the settings files below) into a new
 * schema. Findings about the schema go to diags. Returns 0, or -1 with
 * tz_error_last() set when src has no schema/ directory or cannot be read.
 * On success *out is set (free with tz_schema_free); *nfiles counts the files.
 */
int tz_schema_load(struct tz_schema **out, struct tz_source *src,
		   struct tz_diag_list *diags, size_t *nfiles);

/* Whether path ("schema/calendar.ini") is one of the settings files that
 * sit beside the types in schema/ and are not types: policy.ini (access),
 * calendar.ini (working days), report.ini and assessment.ini (the briefing),
 * repository.ini (the repository's language, which tz_schema_load reads). */
int tz_schema_is_setting(const char *path);

#endif
