/* buf.c - growable strings and allocation that never returns NULL. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "buf.h"

static void oom(void)
{
	fputs("fatal: out of memory\n", stderr);
	abort();
}

void *tz_malloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *tz_calloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom();
	return p;
}

void *tz_realloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		oom();
	return p;
}

char *tz_strndup(const char *s, size_t n)
{
	char *p = tz_malloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *tz_strdup(const char *s)
{
	return s ? tz_strndup(s, strlen(s)) : NULL;
}

void tz_buf_grow(struct tz_buf *b, size_t extra)
{
	size_t want = b->len + extra + 1;

	if (want <= b->alloc)
		return;
	if (want < 64)
		want = 64;
	if (want < b->alloc * 2)
		want = b->alloc * 2;
	b->ptr = tz_realloc(b->ptr, want);
	b->alloc = want;
}

void tz_buf_put(struct tz_buf *b, const void *data, size_t len)
{
	tz_buf_grow(b, len);
	if (len)
		memcpy(b->ptr + b->len, data, len);
	b->len += len;
	b->ptr[b->len] = '\0';
}

void tz_buf_puts(struct tz_buf *b, const char *s)
{
	tz_buf_put(b, s, strlen(s));
}

void tz_buf_putc(struct tz_buf *b, char c)
{
	tz_buf_put(b, &c, 1);
}

void tz_buf_vprintf(struct tz_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	tz_buf_grow(b, (size_t)n);
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void tz_buf_printf(struct tz_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tz_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void tz_buf_clear(struct tz_buf *b)
{
	b->len = 0;
	if (b->ptr)
		b->ptr[0] = '\0';
}

const char *tz_buf_cstr(const struct tz_buf *b)
{
	return b->ptr ? b->ptr : "";
}

char *tz_buf_detach(struct tz_buf *b)
{
	char *p = b->ptr ? b->ptr : tz_strdup("");

	b->ptr = NULL;
	b->len = b->alloc = 0;
	return p;
}

void tz_buf_release(struct tz_buf *b)
{
	free(b->ptr);
	b->ptr = NULL;
	b->len = b->alloc = 0;
}

void tz_buf_put_varint(struct tz_buf *b, uint64_t n)
{
	do {
		unsigned char c = n & 0x7f;
		n >>= 7;
		if (n)
			c |= 0x80;
		tz_buf_putc(b, (char)c);
	} while (n);
}

int tz_varint_get(uint64_t *out, const unsigned char *d, size_t len, size_t *pos, unsigned max_bytes)
{
	uint64_t n = 0;

	if (max_bytes > 10)
		max_bytes = 10;
	for (unsigned i = 0; i < max_bytes; i++) {
		if (*pos >= len)
			return -1;
		n |= (uint64_t)(d[*pos] & 0x7f) << (7 * i);
		if (!(d[(*pos)++] & 0x80)) {
			*out = n;
			return 0;
		}
	}
	return -1;
}
