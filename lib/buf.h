/* buf.h - a growable byte string, always NUL-terminated.
 * Allocation failure aborts: the tools cannot do anything useful without memory. */
#ifndef TZ_BUF_H
#define TZ_BUF_H
#include <stddef.h>
#include <stdlib.h>
#include <stdarg.h>
#include <stdint.h>

struct tz_buf {
	char *ptr;	/* NUL-terminated; NULL until the first append */
	size_t len;
	size_t alloc;
};
#define TZ_BUF_INIT { NULL, 0, 0 }

void tz_buf_grow(struct tz_buf *b, size_t extra);
void tz_buf_put(struct tz_buf *b, const void *data, size_t len);
void tz_buf_puts(struct tz_buf *b, const char *s);
void tz_buf_putc(struct tz_buf *b, char c);
void tz_buf_printf(struct tz_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void tz_buf_vprintf(struct tz_buf *b, const char *fmt, va_list ap);
void tz_buf_clear(struct tz_buf *b);
/* The contents as a string; "" when empty. Borrowed from b. */
const char *tz_buf_cstr(const struct tz_buf *b);
/* Hand the string over to the caller (free() it); b is empty afterwards. */
char *tz_buf_detach(struct tz_buf *b);
void tz_buf_release(struct tz_buf *b);

/* Append n as a varint: seven bits a byte, the lowest first, the high bit
 * set on every byte but the last. */
void tz_buf_put_varint(struct tz_buf *b, uint64_t n);

/* Read the varint at d[*pos] (of len bytes) into *out and move *pos past
 * it. Returns 0, or -1 when it runs past len or takes more than max_bytes
 * bytes (at most 10); nothing past d + len is read. */
int tz_varint_get(uint64_t *out, const unsigned char *d, size_t len, size_t *pos, unsigned max_bytes);

/* Allocation helpers that abort on failure. */
void *tz_malloc(size_t n);
void *tz_calloc(size_t n, size_t size);
void *tz_realloc(void *p, size_t n);
char *tz_strdup(const char *s);
char *tz_strndup(const char *s, size_t n);

/* qsort(3) for arrays that may be empty and then NULL: qsort must never be
 * given a null pointer, even for zero elements (UBSan stops on it). */
static inline void tz_sort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	if (n > 1)
		qsort(base, n, size, cmp);
}

/* Grow an array *v of *alloc elements so that it holds at least n. */
#define TZ_ALLOC_GROW(v, n, alloc) do { \
	if ((n) > (alloc)) { \
		size_t tz_new_ = (alloc) ? (alloc) * 2 : 8; \
		while (tz_new_ < (n)) tz_new_ *= 2; \
		(v) = tz_realloc((v), tz_new_ * sizeof(*(v))); \
		(alloc) = tz_new_; \
	} \
} while (0)

#endif
