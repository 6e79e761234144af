/* stamps.h - the lstat data of the files a walk of the working tree met,
 * kept so that the next walk can tell that no file changed since, as git
 * tells it from its index (and by the same rules, vouch.h), without reading
 * any file whose stat data vouches for it. */
#ifndef TZ_STAMPS_H
#define TZ_STAMPS_H
#include <stddef.h>
#include <sys/stat.h>
#include <time.h>
#include <git2.h>
#include "buf.h"

/*
 * A stamp list is a header (bytes of the caller's choosing), the time
 * before which a file's stat data is trusted (limit), and one entry per
 * file in walk order: its path, its stat data, and for a file written at or
 * after limit (racily clean: it may change again within the same tick
 * without its stat data showing it) the blob id of its content, so that
 * the next walk hashes that file instead of trusting its stat data.
 */
struct tz_stamps_writer {
	struct tz_buf out;	/* the list so far */
	struct tz_buf prev;	/* the last entry's path */
	struct timespec limit;
};

/* Start a list in w with header[0..hlen) and limit: stat data of files
 * modified or changed before limit vouches for them. Release with
 * tz_stamps_writer_release. */
void tz_stamps_writer_init(struct tz_stamps_writer *w, const void *header, size_t hlen,
			   const struct timespec *limit);

/*
 * Append the file at path with lstat data st, marked or not (the reader
 * counts the marked entries: tz validate marks records). Returns 0 when its stat data
 * will vouch for it, else the position of a blob id slot in w->out (zeros:
 * unknown, the entry then never matches) for tz_stamps_writer_key to fill.
 */
size_t tz_stamps_writer_add(struct tz_stamps_writer *w, const char *path, const struct stat *st, int marked);

/* Put oid, the blob id of the contents, in the slot at pos. */
void tz_stamps_writer_key(struct tz_stamps_writer *w, size_t pos, const git_oid *oid);

void tz_stamps_writer_release(struct tz_stamps_writer *w);

/* Reading a list back, entry by entry, against a new walk. */
struct tz_stamps_reader {
	const unsigned char *d;	/* borrowed: the list */
	size_t len, pos;
	struct tz_buf path;	/* the current entry's */
	struct timespec limit;
	git_oid key;
	size_t entries, marked;	/* met so far, and of them marked */
};

/*
 * Start reading the list data[0..len) (borrowed while r is used): its
 * header is returned in *header (pointing into data) and *hlen. Returns 0,
 * or -1 when the list is not well-formed. Release with
 * tz_stamps_reader_release.
 */
int tz_stamps_reader_init(struct tz_stamps_reader *r, const void *data, size_t len, const unsigned char **header,
			  size_t *hlen);

/*
 * Meet the next file of the walk, at path with lstat data st (NULL: none).
 * Returns 1 when it is the next entry and unchanged by its stat data (*key
 * set to NULL), 1 with *key set (borrowed from r until the next call) when
 * its contents must have that blob id for it to be unchanged, 0 when it
 * differs (another path, different stat data and no blob id, no entry left,
 * a malformed entry).
 */
int tz_stamps_reader_next(struct tz_stamps_reader *r, const char *path, const struct stat *st,
			  const git_oid **key);

/* Whether every entry was met. */
int tz_stamps_reader_done(const struct tz_stamps_reader *r);

void tz_stamps_reader_release(struct tz_stamps_reader *r);

#endif
