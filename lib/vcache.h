/* vcache.h - the validation cache: what checking one record found, kept in
 * the index database by (schema digest, type, blob id), so that a run
 * re-checks only the records whose content changed. */
#ifndef TZ_VCACHE_H
#define TZ_VCACHE_H
#include <stddef.h>
#include <git2.h>
#include "buf.h"
#include "diag.h"
#include "repo.h"

/*
 * A record's result is a list of items, in the order the checks met them:
 *
 *   TZ_VC_FINDING  a finding about the record alone: line, severity, message
 *   TZ_VC_REF      a reference it makes: line, field (number of the field
 *                  definition in the schema), part prefix ("log.001." or
 *                  ""), value; checked against the IDs of every run
 *   TZ_VC_UNIQUE   a value of a unique field: line, field, prefix, value;
 *                  compared with the other records' at the end of every run
 *   TZ_VC_TYPED    the record parsed as its type (its history is checked)
 *   TZ_VC_DIAG     (the last run's findings only) a finding with its path
 *
 * The IDs a record defines are its type and file name, known from the
 * walk; they are not part of the content and are not cached.
 */
enum tz_vc_kind {
	TZ_VC_FINDING = 'F',
	TZ_VC_REF = 'R',
	TZ_VC_UNIQUE = 'U',
	TZ_VC_TYPED = 'T',
	TZ_VC_DIAG = 'D',
};

struct tz_vc_item {
	enum tz_vc_kind kind;
	int line;
	int num;		/* severity (FINDING, DIAG) or field number */
	const char *a;		/* prefix, or the path of a DIAG; "" when none */
	const char *b;		/* message or value; "" when none */
};

/* Append one item to out. */
void tz_vc_put(struct tz_buf *out, enum tz_vc_kind kind, int line, int num, const char *a, const char *b);

/*
 * Read the item at *pos of the len bytes at data into it (its strings point
 * into data, which stays borrowed) and move *pos past it. Returns 1 for an
 * item, 0 at the end, -1 when the bytes are not a well-formed item (a
 * damaged cache): nothing past data + len is ever read.
 */
int tz_vc_next(struct tz_vc_item *it, const unsigned char *data, size_t len, size_t *pos);

struct tz_vcache;

/* Where the last run found the cache (for tests and --verbose output). */
struct tz_vcache_stats {
	size_t loaded;		/* rows read for this digest */
	size_t hits, misses;	/* records answered from the cache, checked */
	size_t stored;		/* rows written */
	int damaged;		/* a row failed its checksum or did not parse:
				   the cache was emptied and rebuilt */
	int reused;		/* the whole answer came from the last run */
};

/*
 * Open the cache of repo in $GIT_DIR/taizhang/index.sqlite for the schema
 * digest (20 bytes; any input a record's findings depend on besides its
 * content and type: schema files, format version, language, date when
 * rules use it). Returns 0 and sets *out, or 0 with *out NULL when there is
 * no usable file (read-only repository, locked, damaged beyond repair): a
 * run then checks everything and stores nothing. Never fails otherwise.
 */
int tz_vcache_open(struct tz_vcache **out, struct tz_repo *repo, const unsigned char digest[20]);

/* tz_vcache_open for reading only: the file is opened immutable (no lock,
 * no write of any kind, not even to its -shm file; rows still in its WAL
 * are not seen), so a caller that must write nothing before it takes a
 * lock of its own can use it. tz_vcache_save then does nothing. When there
 * is no file yet, *out is a cache that has nothing (tz_vcache_reopen makes
 * the file). */
int tz_vcache_open_read_only(struct tz_vcache **out, struct tz_repo *repo, const unsigned char digest[20]);

/* Read every row of this digest into memory (once; later calls do
 * nothing). A row whose checksum does not match its key and contents marks
 * the cache damaged. */
void tz_vcache_load(struct tz_vcache *vc);

/*
 * The items stored for a record of type (its name) with blob id oid, or
 * NULL. Borrowed until tz_vcache_free; *len is their length. Safe to call
 * from several threads at once after tz_vcache_load.
 */
const unsigned char *tz_vcache_get(const struct tz_vcache *vc, const char *type, const git_oid *oid,
				   size_t *len);

/* Queue the items of a record for writing (by tz_vcache_save); not thread
 * safe: the caller serializes. */
void tz_vcache_put(struct tz_vcache *vc, const char *type, const git_oid *oid, const void *items, size_t len);

/* Say that a row turned out to be damaged: the cache is emptied when saved. */
void tz_vcache_damaged(struct tz_vcache *vc);

/*
 * The findings of the last run when its fingerprint (20 bytes: what the
 * run read) equals fp: appended to out, returns 1. Returns 0 when there is
 * no such run or its record does not parse (out is left as it was).
 */
int tz_vcache_last(struct tz_vcache *vc, const unsigned char fp[20], struct tz_diag_list *out);

/* Remember diags as the findings of a run with fingerprint fp (written by
 * tz_vcache_save). */
void tz_vcache_set_last(struct tz_vcache *vc, const unsigned char fp[20], const struct tz_diag_list *diags);

/*
 * The stamp list (stamps.h) kept with the last run: its bytes into out
 * (replacing them) and the fingerprint of the run it belongs to into fp.
 * Returns 1, or 0 when there is none or its checksum does not match (out
 * is then left empty).
 */
int tz_vcache_stamps(struct tz_vcache *vc, unsigned char fp[20], struct tz_buf *out);

/* Remember stamps[0..len) as the stamp list of the run with fingerprint fp
 * (written by tz_vcache_save). */
void tz_vcache_set_stamps(struct tz_vcache *vc, const unsigned char fp[20], const void *stamps, size_t len);

/*
 * Write what was queued in one short transaction, emptying the cache first
 * when it was found damaged and dropping rows of other digests and rows
 * that were not used when they outnumber the records (nrecords). A busy or
 * read-only file is left alone: the cache is only a cache. stats may be NULL.
 */
void tz_vcache_save(struct tz_vcache *vc, size_t nrecords);

/* Count a record answered from the cache (hit) or checked (miss). Thread safe. */
void tz_vcache_count(struct tz_vcache *vc, int hit);

/*
 * The answer kept for the last tree committed after a validation with this
 * digest (tz commit): its tree id into *tree and the findings the records
 * of that tree make on their own (warnings: a tree with errors is never
 * committed) appended to out, in order. Returns 1, or 0 when there is none
 * for this digest; a row that fails its checksum or does not parse marks
 * the cache damaged and returns 0 (out is left as it was).
 */
int tz_vcache_tree(struct tz_vcache *vc, git_oid *tree, struct tz_diag_list *out);

/* Remember own as the answer for tree (written by tz_vcache_save). */
void tz_vcache_set_tree(struct tz_vcache *vc, const git_oid *tree, const struct tz_diag_list *own);

/*
 * Read the row of a record of type (its name) with blob id oid into memory,
 * for a run that needs a few rows and not all of them (tz_vcache_get then
 * answers for it). A row that fails its checksum marks the cache damaged.
 * Does nothing once tz_vcache_load ran. Not thread safe.
 */
void tz_vcache_fetch(struct tz_vcache *vc, const char *type, const git_oid *oid);

/*
 * Make a cache opened with tz_vcache_open_read_only writable, keeping what
 * was queued, so that a caller that could not write before its lock (tz
 * commit) writes afterwards with tz_vcache_save. Returns 0, or -1 when the
 * file cannot be opened for writing (nothing will be written).
 */
int tz_vcache_reopen(struct tz_vcache *vc, struct tz_repo *repo);

/* Free the rows read (tz_vcache_get answers nothing afterwards), keeping
 * what is queued for writing, so that a cache held until later writes costs
 * little memory meanwhile. Rows not used are then not pruned when saved. */
void tz_vcache_unload(struct tz_vcache *vc);

void tz_vcache_stats(const struct tz_vcache *vc, struct tz_vcache_stats *out);

void tz_vcache_free(struct tz_vcache *vc);

#endif
