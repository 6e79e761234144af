/* init.h - making a records repository: a git repository with schema/
 * copied from a schema folder and one folder per record type, or with the
 * bundled campaign committed as its history (example.h). What tz init does. */
#ifndef TZ_INIT_H
#define TZ_INIT_H
#include "diag.h"
#include "example.h"
#include "schema.h"

/* What tz_init_repo may be told; start from TZ_INIT_OPTS_INIT. */
struct tz_init_opts {
	unsigned int version;		/* TZ_INIT_OPTS_VERSION */
	int example;			/* commit the campaign in
					   SCHEMA_DIR/../records as the new
					   repository's history */
};

#define TZ_INIT_OPTS_VERSION 1
#define TZ_INIT_OPTS_INIT { .version = TZ_INIT_OPTS_VERSION }

/* What tz_init_repo made. Release with tz_init_result_release. */
struct tz_init_result {
	char *root;			/* the repository's top folder, absolute */
	struct tz_schema *schema;	/* the schema it now has */
	struct tz_example_stats stats;	/* with example: what was committed */
};

enum { TZ_INIT_DONE = 0, TZ_INIT_INVALID = 1 };

/*
 * Make dir (and the folders above it that are missing) a records
 * repository: a git repository (an existing one is kept as it is) whose
 * schema/ holds the *.ini files of schema_dir, loaded into out->schema
 * with its findings appended to diags. Without opts->example, every
 * record type gets its folder below records/ with an empty .gitkeep, and
 * nothing is committed. With it, dir must have no commit yet, the campaign
 * in schema_dir/../records is committed as its history
 * (tz_example_replay; libgit2's fsync of the git folder is off while it
 * runs, since an interrupted example is simply made again) and checked
 * out. opts may be NULL (TZ_INIT_OPTS_INIT).
 *
 * Returns TZ_INIT_DONE; TZ_INIT_INVALID when opts->example and the schema
 * has errors (in diags; nothing committed); or -1 with tz_error_last()
 * set: `no schema at DIR`, `no campaign at DIR`, `DIR already has schema/:
 * it is a records repository`, `DIR already has commits: --example needs
 * a new repository`, I/O and libgit2 failures. *out is filled as far as
 * the work went; release it in every case.
 */
int tz_init_repo(struct tz_init_result *out, const char *dir, const char *schema_dir,
		 const struct tz_init_opts *opts, struct tz_diag_list *diags);

void tz_init_result_release(struct tz_init_result *r);

#endif
