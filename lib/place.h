/* place.h - the record's place: which record a file below records/ is (its
 * type and ID), and which file a record of a type and ID is. The one owner of
 * these rules; validation, the index, the change scan, history and tools ask it. */
#ifndef TZ_PLACE_H
#define TZ_PLACE_H
#include <git2.h>
#include "buf.h"
#include "repo.h"
#include "type.h"

/*
 * The rules, in the order they are checked:
 *   records/<dir>/[<shard>/…]<ID>.ini
 * - <dir> is the dir of exactly one type of the schema; subfolders of it
 *   (shards: "2026", "2026/03") are allowed, at any depth;
 * - no part below records/ starts with "." (hidden files are never records,
 *   as the walks of the working tree and of trees skip them);
 * - the file name ends in ".ini", and <ID> is what comes before;
 * - <ID> has only A-Z a-z 0-9 . _ - and no "..";
 * - <ID> matches the type's ID pattern (schema `id = …`), when it has one.
 */

/* The type whose folder (records/<dir>/) path lies in, or NULL. Only the
 * folder is looked at: the file name and ID are not checked. */
struct tz_type *tz_place_type(const struct tz_schema *s, const char *path);

/*
 * Where a file below records/ belongs: its type, and its ID written into
 * id (cleared first). Returns 0 for a record file whose ID is well formed;
 * otherwise -1 with the reason appended to why (e.g. `ID "a b" may only have
 * A-Z a-z 0-9 . _ - (and no "..")`), and *type NULL when no type's folder
 * holds path, else the folder's type.
 */
int tz_place_record(const struct tz_schema *s, const char *path,
		    struct tz_type **type, struct tz_buf *id, struct tz_buf *why);

/* tz_place_record for a path known to lie in t's folder ("records/<dir>/…",
 * as tz_place_type(path) == t): the rules from hidden parts on. Returns 0
 * with the ID in id (cleared first), or -1 with the reason appended to why. */
int tz_place_in(const struct tz_type *t, const char *path, struct tz_buf *id, struct tz_buf *why);

/* Whether id is a well-formed ID of type t (alphabet, then t's pattern).
 * Returns 0, or -1 with the reason appended to why. */
int tz_place_check_id(const struct tz_type *t, const char *id, struct tz_buf *why);

/* The ID of the record at path, a path tz_place_record accepted: its file
 * name without ".ini", written into out (cleared first). Returns out->ptr. */
const char *tz_place_id(struct tz_buf *out, const char *path);

/* The record ID that arg names on a command line: arg itself, or the file
 * name without ".ini" when arg is a record's file ("records/issues/ISS-0001.ini").
 * Nothing is checked. The caller frees it. */
char *tz_place_arg_id(const char *arg);

/* Append the folder of type t, "records/<dir>" (no trailing slash). */
void tz_place_dir(struct tz_buf *out, const struct tz_type *t);

/*
 * Append the path of the record of type t with ID id in the shard (a
 * subfolder of t's folder, "2026"; NULL or "" for the folder itself):
 * "records/<dir>/<shard>/<id>.ini". Nothing is checked: pass the result to
 * tz_place_record to learn whether it is a record's place.
 */
void tz_place_path(struct tz_buf *out, const struct tz_type *t, const char *shard, const char *id);

/* Append the shard of path, a file in t's folder: the subfolders between
 * "records/<dir>/" and the file name ("2026/03"; nothing when the file sits
 * in the folder itself). */
void tz_place_shard(struct tz_buf *out, const struct tz_type *t, const char *path);

/*
 * Find the record of type t with ID id in the tree of src (a revision):
 * records/<dir>/<id>.ini or in any shard of its type's folder, but not at
 * path `except` (NULL: anywhere). Sets *path (repository-relative) and *oid.
 * Returns 1 when found, 0 when not (and always for the working tree), -1 on
 * a libgit2 error (tz_error_last). The cost follows the number of shards,
 * not of records.
 */
int tz_place_find(struct tz_buf *path, git_oid *oid, struct tz_source *src,
		  const struct tz_type *t, const char *id, const char *except);

/*
 * Search src (working tree or revision) for the files of records with ID id:
 * of type only, or of any type when only is NULL. Every file below records/
 * is looked at, so prefer tz_place_find when the type is known and src is a
 * revision. Returns how many files tz_place_record places as such a record
 * (0 when none), with the first one's path in *path (the caller frees it)
 * and its type in *type; -1 on an I/O or libgit2 error (tz_error_last).
 */
int tz_place_search(char **path, struct tz_type **type, struct tz_source *src,
		    const struct tz_schema *s, const char *id, const struct tz_type *only);

#endif
