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
 * Load schema/<type>.ini of src (TZ_SCHEMA_TYPE files, below) into a new
 * schema. Findings about the schema go to diags. Returns 0, or -1 with
 * tz_error_last() set when src has no schema/ directory or cannot be read.
 * On success *out is set (free with tz_schema_free); *nfiles counts the files.
 */
int tz_schema_load(struct tz_schema **out, struct tz_source *src,
		   struct tz_diag_list *diags, size_t *nfiles);

/* What a file below schema/ is: the one rule for which files make up the
 * schema, used by tz_schema_load and by the index's schema hash. */
enum tz_schema_file {
	TZ_SCHEMA_TYPE,		/* schema/<type>.ini: a record type */
	TZ_SCHEMA_SETTING,	/* a settings file beside the types, not a
				   type: policy.ini (access), calendar.ini
				   (working days), report.ini and
				   assessment.ini (the briefing),
				   repository.ini (the repository's language) */
	/* the rest are errors: nothing below schema/ but a dot file
	 * (which the walks skip) is committed unchecked */
	TZ_SCHEMA_SYMLINK,	/* a symbolic link (never followed) */
	TZ_SCHEMA_NESTED,	/* in a subfolder of schema/ */
	TZ_SCHEMA_NOT_INI,	/* a name not ending in .ini */
	TZ_SCHEMA_NOT_REGULAR,	/* neither a file nor a symbolic link */
};

/* Classify e, an entry that tz_source_walk met below "schema" (its path
 * starts with "schema/"), by the first of these that holds: symbolic link,
 * in a subfolder, not .ini, not a regular file, a settings file, a type. */
enum tz_schema_file tz_schema_file_kind(const struct tz_entry *e);

/* Read the settings file path of src (calendar.ini, report.ini or
 * assessment.ini: the loaders that tz validate and tz report share call
 * this, and the schema's walk leaves these files to them) into out.
 * Returns 0 when read; 1 when there is no such file; 2 when it cannot be
 * read as one, with a finding on its line 1 in diags (a symbolic link,
 * never followed; not a regular file; larger than 1 MiB); -1 on I/O
 * errors, with tz_error_last() set. */
int tz_settings_read(struct tz_source *src, const char *path, struct tz_buf *out, struct tz_diag_list *diags);

#endif
