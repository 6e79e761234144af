/* stamps.c - a walk's stat data, written compactly (each path as the length
 * it shares with the one before and the rest, numbers as varints) and
 * compared with the next walk in the same order, entry by entry. */
#include <string.h>
#include "stamps.h"
#include "vouch.h"

#define MAGIC "tz stamps 1\n"
#define MAGIC_LEN (sizeof(MAGIC) - 1)

enum { KEYED = 1, MARKED = 2 };	/* the flags of an entry */

void tz_stamps_writer_init(struct tz_stamps_writer *w, const void *header, size_t hlen,
			   const struct timespec *limit)
{
	memset(w, 0, sizeof(*w));
	w->limit = *limit;
	tz_buf_put(&w->out, MAGIC, MAGIC_LEN);
	tz_buf_put_varint(&w->out, hlen);
	tz_buf_put(&w->out, header, hlen);
	tz_buf_put_varint(&w->out, (uint64_t)limit->tv_sec);
	tz_buf_put_varint(&w->out, (uint64_t)limit->tv_nsec);
}

/* Whether time t is at or after the limit. */
static int recent(const struct timespec *t, const struct timespec *limit)
{
	return t->tv_sec > limit->tv_sec || (t->tv_sec == limit->tv_sec && t->tv_nsec >= limit->tv_nsec);
}

size_t tz_stamps_writer_add(struct tz_stamps_writer *w, const char *path, const struct stat *st, int marked)
{
	size_t shared = 0, n = strlen(path), slot;
	git_index_entry ie;
	const uint32_t *nums[] = { &ie.mode, &ie.file_size, (const uint32_t *)&ie.mtime.seconds,
				   &ie.mtime.nanoseconds, (const uint32_t *)&ie.ctime.seconds,
				   &ie.ctime.nanoseconds, &ie.ino, &ie.dev, &ie.uid, &ie.gid };

	while (shared < w->prev.len && shared < n && w->prev.ptr[shared] == path[shared])
		shared++;
	tz_buf_put_varint(&w->out, shared);
	tz_buf_put_varint(&w->out, n - shared);
	tz_buf_put(&w->out, path + shared, n - shared);
	tz_buf_clear(&w->prev);
	tz_buf_put(&w->prev, path, n);
	tz_vouch_fill(&ie, st);
	for (size_t i = 0; i < sizeof(nums) / sizeof(*nums); i++)
		tz_buf_put_varint(&w->out, *nums[i]);
	/* stricter than git: a change of the inode (a chmod, an mtime put
	 * back) in the last tick makes the entry racy too */
	if (tz_vouch_match(&ie, st, &w->limit) && !recent(&st->st_ctim, &w->limit)) {
		tz_buf_putc(&w->out, marked ? MARKED : 0);
		return 0;
	}
	tz_buf_putc(&w->out, KEYED | (marked ? MARKED : 0));
	slot = w->out.len;
	tz_buf_grow(&w->out, GIT_OID_RAWSZ);
	memset(w->out.ptr + slot, 0, GIT_OID_RAWSZ);
	w->out.len += GIT_OID_RAWSZ;
	w->out.ptr[w->out.len] = '\0';
	return slot;
}

void tz_stamps_writer_key(struct tz_stamps_writer *w, size_t pos, const git_oid *oid)
{
	if (pos && pos + GIT_OID_RAWSZ <= w->out.len)
		memcpy(w->out.ptr + pos, oid->id, GIT_OID_RAWSZ);
}

void tz_stamps_writer_release(struct tz_stamps_writer *w)
{
	tz_buf_release(&w->out);
	tz_buf_release(&w->prev);
}

int tz_stamps_reader_init(struct tz_stamps_reader *r, const void *data, size_t len, const unsigned char **header,
			  size_t *hlen)
{
	uint64_t n, sec, nsec;

	memset(r, 0, sizeof(*r));
	r->d = data;
	r->len = len;
	if (len < MAGIC_LEN || memcmp(data, MAGIC, MAGIC_LEN))
		return -1;
	r->pos = MAGIC_LEN;
	if (tz_varint_get(&n, r->d, len, &r->pos, 10) < 0 || n > len - r->pos)
		return -1;
	*header = r->d + r->pos;
	*hlen = (size_t)n;
	r->pos += (size_t)n;
	if (tz_varint_get(&sec, r->d, len, &r->pos, 10) < 0 || tz_varint_get(&nsec, r->d, len, &r->pos, 10) < 0 ||
	    nsec >= 1000000000)
		return -1;
	r->limit.tv_sec = (time_t)sec;
	r->limit.tv_nsec = (long)nsec;
	return 0;
}

int tz_stamps_reader_next(struct tz_stamps_reader *r, const char *path, const struct stat *st,
			  const git_oid **key)
{
	uint64_t shared, rest, v[10];
	git_index_entry ie;
	unsigned char flags;

	*key = NULL;
	if (!st || r->pos >= r->len ||
	    tz_varint_get(&shared, r->d, r->len, &r->pos, 10) < 0 || shared > r->path.len ||
	    tz_varint_get(&rest, r->d, r->len, &r->pos, 10) < 0 || rest > r->len - r->pos)
		return 0;
	tz_buf_grow(&r->path, (size_t)rest);
	memcpy(r->path.ptr + shared, r->d + r->pos, (size_t)rest);
	r->path.len = (size_t)(shared + rest);
	r->path.ptr[r->path.len] = '\0';
	r->pos += (size_t)rest;
	if (strcmp(r->path.ptr, path))
		return 0;
	for (size_t i = 0; i < 10; i++)
		if (tz_varint_get(&v[i], r->d, r->len, &r->pos, 5) < 0 || v[i] > UINT32_MAX)
			return 0;
	if (r->pos >= r->len)
		return 0;
	memset(&ie, 0, sizeof(ie));
	ie.mode = (uint32_t)v[0];
	ie.file_size = (uint32_t)v[1];
	ie.mtime.seconds = (int32_t)(uint32_t)v[2];
	ie.mtime.nanoseconds = (uint32_t)v[3];
	ie.ctime.seconds = (int32_t)(uint32_t)v[4];
	ie.ctime.nanoseconds = (uint32_t)v[5];
	ie.ino = (uint32_t)v[6];
	ie.dev = (uint32_t)v[7];
	ie.uid = (uint32_t)v[8];
	ie.gid = (uint32_t)v[9];
	flags = r->d[r->pos++];
	if (flags & ~(KEYED | MARKED))
		return 0;
	if (flags & KEYED) {
		static const unsigned char zero[GIT_OID_RAWSZ];
		if (GIT_OID_RAWSZ > r->len - r->pos)
			return 0;
		git_oid_fromraw(&r->key, r->d + r->pos);
		r->pos += GIT_OID_RAWSZ;
		if (!memcmp(r->key.id, zero, GIT_OID_RAWSZ))
			return 0;	/* its contents were not known */
		*key = &r->key;
	} else if (!tz_vouch_match(&ie, st, &r->limit)) {
		return 0;
	}
	r->entries++;
	r->marked += !!(flags & MARKED);
	return 1;
}

int tz_stamps_reader_done(const struct tz_stamps_reader *r)
{
	return r->pos == r->len;
}

void tz_stamps_reader_release(struct tz_stamps_reader *r)
{
	tz_buf_release(&r->path);
}
