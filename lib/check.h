/* check.h - the validator: every check of DESIGN.md "Checks and messages"
 * across all records of one version, against its last committed version. */
#ifndef TZ_CHECK_H
#define TZ_CHECK_H
#include "diag.h"
#include "progress.h"
#include "repo.h"
#include "type.h"
#include "vcache.h"

/* What tz_check is told; start from TZ_CHECK_OPTS_INIT. */
struct tz_check_opts {
	unsigned int version;		/* TZ_CHECK_OPTS_VERSION */
	const char *rev;		/* NULL: the working tree */
	const char *const *paths;	/* repository-relative files or folders to
					   report on; NULL or empty: everything */
	size_t npaths;
	/* Records checked so far, of how many (progress.h, TZ_PROGRESS_CHECK),
	 * from one thread at a time; NULL: quiet. */
	struct tz_progress *progress;
	const char *base_rev;		/* NULL: check transitions and append-only
					   parts against HEAD (working tree) or the
					   first parent (a commit); else against
					   this revision (e.g. HEAD's id when rev
					   names a tree about to be committed) */
	int no_cache;			/* check every record; neither read nor
					   write the validation cache (vcache.h) */
	int cache_read_only;		/* read the cache, write nothing (tz
					   commit: no write before its lock) */
	/* rev names a tree made on top of base_rev (tz commit): when the
	 * cache keeps the answer for base_rev's tree, only the records that
	 * differ from it are checked (see tz_check) */
	int incremental;
	/* With cache_read_only: non-NULL to receive the cache with what the
	 * run would have written (the records it checked, and the answer for
	 * rev's tree when that has no errors), to be written once the tree is
	 * committed (tz_vcache_reopen, tz_vcache_save); the caller frees it.
	 * Set to NULL when there is no cache. */
	struct tz_vcache **keep;
};

#define TZ_CHECK_OPTS_VERSION 1
#define TZ_CHECK_OPTS_INIT { .version = TZ_CHECK_OPTS_VERSION }

struct tz_check_stats {
	size_t schema_files, files, records;
	int cache_used;			/* the validation cache was open */
	size_t cache_hits, cache_misses;	/* records answered from it, checked */
	int cache_reused;		/* the last run's findings were reused whole */
	int cache_damaged;		/* a damaged row was found: emptied, rebuilt */
	int cache_incremental;		/* opts->incremental answered from the
					   base tree's kept answer */
};

/*
 * Validate the version opts->rev of repo (all of it: references and unique
 * values need every record), appending the findings about opts->paths to
 * diags, sorted by file and line. Unless opts->no_cache, a record whose
 * content (blob id) and schema were checked before is not parsed again:
 * its findings, references and unique values come from the validation
 * cache, and only references and unique values are compared anew; a run
 * that reads exactly what the last one read reuses its findings whole. A
 * bare repository is checked without the cache (nothing is written there).
 *
 * With opts->incremental, when the cache keeps the answer for base_rev's
 * tree (kept through opts->keep by the commit that made it), only the
 * records that differ from that tree are read and checked: their references
 * are looked up and their unique values compared in rev's tree, so the cost
 * follows the change. The answer is the full check's: a change that can
 * reach other records (a deleted or moved record, a reference not met, a
 * unique value used elsewhere, a misplaced file, an ID used twice), a schema
 * change, another base or a damaged cache checks everything.
 *
 * Transitions and append-only parts are
 * checked against HEAD (working tree), the first parent (a revision), or
 * opts->base_rev when given; a rev naming a bare tree has no base without it.
 * opts may be NULL (TZ_CHECK_OPTS_INIT: the working tree, everything).
 * Returns 0 when the check ran (whatever it found), or -1 with
 * tz_error_last() set when it could not (no repository, I/O, opts of an
 * unknown version, refused before anything is read).
 */
int tz_check(struct tz_repo *repo, const struct tz_check_opts *opts,
	     struct tz_diag_list *diags, struct tz_check_stats *stats);

/* What tz_check_record asks about the other records of the repository
 * (an index answers it without reading them). */
struct tz_check_lookup {
	/* Whether type t has a record with this ID: 1, 0, or -1 on failure
	 * (tz_error_last() set). */
	int (*exists)(void *payload, const struct tz_type *t, const char *id);
	/* Whether a record of type t other than `self` has value in field f
	 * (of part `part`'s entries, or of the main section when part is
	 * NULL): 1 with its path appended to other, 0, or -1 on failure. */
	int (*unique_clash)(void *payload, const struct tz_type *t, const struct tz_partdef *part,
			    const struct tz_fdef *f, const char *value, const char *self, struct tz_buf *other);
	void *payload;
};

/*
 * Check one record of the working tree, data[0..len) as it is (or would be)
 * at repository path `path`, with every check tz_check makes of a record:
 * its place, syntax, fields, rules, references and unique values (asked of
 * lookup), and transitions, append-only parts and the log against
 * old_data[0..old_len), its committed version (old_data NULL: a new
 * record). Findings are appended to diags, sorted. The cost depends on the
 * one record, not on the ledger. Returns 0 when the check ran, or -1 with
 * tz_error_last() set when a lookup failed.
 */
int tz_check_record(const struct tz_schema *schema, const char *path, const char *data, size_t len,
		    const char *old_data, size_t old_len, const struct tz_check_lookup *lookup,
		    struct tz_diag_list *diags);

/*
 * Validate only the record files at paths (repository-relative) of
 * revision rev, for a server's push check whose cost must follow the
 * change, not the ledger: the checks of tz_check, but no other record is
 * read. References are looked up by ID in rev's tree, an ID is compared
 * with the other files of its type's folder, a unique value with the other
 * records of its type; transitions and append-only parts are checked against
 * base_rev (NULL: none). Paths not in rev are skipped. Findings about the
 * schema (and the policy file) are included, sorted. Returns 0 when the
 * check ran, or -1 with tz_error_last() set.
 */
int tz_check_records(struct tz_repo *repo, const char *rev, const char *base_rev,
		     const char *const *paths, size_t npaths, struct tz_diag_list *diags);

#endif
