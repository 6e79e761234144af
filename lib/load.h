/* load.h - loading the schema and walking the records of one version of a
 * records repository (working tree or revision); shared by every command. */
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

/*
 * Where a file below records/ belongs: its type, and its ID written into
 * id (the file name without ".ini"). Returns 0 for a record file whose ID is
 * well formed; otherwise -1 with the reason in why (e.g. `ID "a b" has
 * characters other than A-Z a-z 0-9 . _ -`) and *type possibly NULL.
 */
int tz_record_place(const struct tz_schema *s, const char *path,
		    struct tz_type **type, struct tz_buf *id, struct tz_buf *why);

/*
 * Find the record of type t with ID id in the tree of src (a revision):
 * records/<dir>/<id>.ini or in any subfolder of its type's dir, but not at
 * path `except` (NULL: anywhere). Sets *path (repository-relative) and *oid.
 * Returns 1 when found, 0 when not, -1 on a libgit2 error (tz_error_last).
 * The cost follows the number of subfolders, not of records.
 */
int tz_record_find(struct tz_buf *path, git_oid *oid, struct tz_source *src,
		   const struct tz_type *t, const char *id, const char *except);

#endif
