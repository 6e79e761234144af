/* text.c - UTF-8 text helpers; widths come from utf8proc so that tables line
 * up with what terminals draw. */
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <string.h>
#include <stdlib.h>
#include <utf8proc.h>
#include "text.h"

size_t tz_utf8_valid_prefix(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	while (i < len) {
		unsigned char c = s[i];
		size_t n;
		unsigned cp;

		if (c < 0x80) {
			/* ASCII runs, eight bytes at a time */
			while (i + 8 <= len) {
				uint64_t w;
				memcpy(&w, s + i, 8);
				if (w & 0x8080808080808080ULL)
					break;
				i += 8;
			}
			if (i < len && s[i] < 0x80)
				i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) { n = 2; cp = c & 0x1f; }
		else if (c >= 0xe0 && c <= 0xef) { n = 3; cp = c & 0x0f; }
		else if (c >= 0xf0 && c <= 0xf4) { n = 4; cp = c & 0x07; }
		else return i;
		if (i + n > len)
			return i;
		for (size_t k = 1; k < n; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return i;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
		    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return i;
		i += n;
	}
	return i;
}

int tz_text_from_gb18030(const char *s, size_t len, struct tz_buf *out)
{
	size_t bad = 0, good = 0, i = 0, start = out->len;
	iconv_t cd;
	char *in = (char *)s;
	size_t inleft = len;
	int ok = 1;

	while (i < len) {
		size_t n = tz_utf8_valid_prefix(s + i, len - i);
		for (size_t k = i; k < i + n; k++)
			good += (unsigned char)s[k] >= 0xc0;
		i += n;
		if (i < len) {
			bad++;
			i++;
		}
	}
	if (bad <= good)
		return 0;
	cd = iconv_open("UTF-8", "GB18030");
	if (cd == (iconv_t)-1)
		return 0;
	while (inleft) {
		char *o;
		size_t oleft;

		tz_buf_grow(out, inleft * 2 + 16);
		o = out->ptr + out->len;
		oleft = out->alloc - out->len - 1;
		if (iconv(cd, &in, &inleft, &o, &oleft) == (size_t)-1 && errno != E2BIG) {
			ok = 0;	/* EILSEQ, or EINVAL: a sequence cut at the end */
			break;
		}
		out->len = (size_t)(o - out->ptr);
	}
	iconv_close(cd);
	if (!ok) {
		out->len = start;
		if (out->ptr)
			out->ptr[start] = '\0';
		return 0;
	}
	out->ptr[out->len] = '\0';
	return 1;
}

size_t tz_utf8_count(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

size_t tz_utf8_width(const char *str)
{
	const utf8proc_uint8_t *s = (const utf8proc_uint8_t *)str;
	size_t w = 0;

	while (*s) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate(s, -1, &cp);

		if (n <= 0) {
			w++;
			s++;
			continue;
		}
		if (cp < 0x20 || cp == 0x7f)
			w++;
		else
			w += (size_t)utf8proc_charwidth(cp);
		s += n;
	}
	return w;
}

/* Bytes of the character at s (at most len): the length of a valid UTF-8
 * sequence, or 0 for an invalid byte. */
static size_t char_len(const char *s, size_t len)
{
	unsigned char c = (unsigned char)*s;

	if (c < 0x80)
		return 1;
	return tz_utf8_valid_prefix(s, len < 4 ? len : 4) ? (c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4) : 0;
}

/* Whether the n-byte character at s is a control character: C0, DEL, or
 * C1 (U+0080..U+009F, which some terminals obey as escapes too). */
static int is_control(const char *s, size_t n)
{
	unsigned char c = (unsigned char)*s;

	return n == 1 ? c < 0x20 || c == 0x7f : n == 2 && c == 0xc2 && (unsigned char)s[1] < 0xa0;
}

size_t tz_text_find_control(const char *s, size_t len, size_t *n)
{
	/* byte by byte: neither an ASCII byte nor 0xc2 can continue a
	 * character, so each starts one wherever it stands, and a C1 control
	 * is 0xc2 followed by 0x80..0x9f */
	static const unsigned char suspect[256] = {
		[0 ... 0x08] = 1, [0x0a ... 0x1f] = 1, [0x7f] = 1, [0xc2] = 1,
	};
	const unsigned char *u = (const unsigned char *)s;

	for (size_t i = 0; i < len; i++) {
		if (!suspect[u[i]])
			continue;
		if (u[i] != 0xc2) {
			*n = 1;
			return i;
		}
		if (i + 1 < len && u[i + 1] >= 0x80 && u[i + 1] < 0xa0) {
			*n = 2;
			return i;
		}
	}
	*n = 0;
	return len;
}

int tz_text_unsafe(const char *s)
{
	size_t len = strlen(s);

	for (size_t i = 0; i < len;) {
		size_t n = char_len(s + i, len - i);
		if (!n || (is_control(s + i, n) && s[i] != '\t' && s[i] != '\n'))
			return 1;
		i += n;
	}
	return 0;
}

/* Append the character s[0..n) (n == 0: one invalid byte) as it appears
 * between git's double quotes. */
static void escape_char(struct tz_buf *b, const char *s, size_t n)
{
	if (n == 0 || is_control(s, n)) {
		unsigned char c = (unsigned char)*s;
		if (c >= 0x07 && c <= 0x0d) {
			tz_buf_putc(b, '\\');
			tz_buf_putc(b, "abtnvfr"[c - 0x07]);
			return;
		}
		for (size_t k = 0; k < (n ? n : 1); k++)
			tz_buf_printf(b, "\\%03o", (unsigned char)s[k]);
		return;
	}
	if (*s == '"' || *s == '\\')
		tz_buf_putc(b, '\\');
	tz_buf_put(b, s, n);
}

int tz_quote(struct tz_buf *b, const char *s)
{
	size_t len = strlen(s), i;

	for (i = 0; i < len;) {
		size_t n = char_len(s + i, len - i);
		if (!n || is_control(s + i, n) || s[i] == '"' || s[i] == '\\')
			break;
		i += n;
	}
	if (i == len) {
		tz_buf_put(b, s, len);
		return 0;
	}
	tz_buf_putc(b, '"');
	for (i = 0; i < len;) {
		size_t n = char_len(s + i, len - i);
		escape_char(b, s + i, n);
		i += n ? n : 1;
	}
	tz_buf_putc(b, '"');
	return 1;
}

void tz_quote_unsafe(struct tz_buf *b, const char *s)
{
	if (tz_text_unsafe(s))
		tz_quote(b, s);
	else
		tz_buf_puts(b, s);
}

void tz_text_quote(struct tz_buf *b, const char *str)
{
	enum { MAX_CHARS = 80 };
	size_t len = strlen(str), i = 0, chars = 0;

	while (i < len) {
		size_t n = char_len(str + i, len - i);

		if (chars++ == MAX_CHARS) {
			tz_buf_puts(b, "…");
			return;
		}
		escape_char(b, str + i, n);
		i += n ? n : 1;
	}
}

/* Edit distance with transpositions (optimal string alignment) on bytes:
 * "gjt" is one step from "gtj", as a typist would count it. */
static size_t distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), d;
	size_t *rows, *pp, *p, *c;

	if (la > 64 || lb > 64)
		return (size_t)-1;
	rows = malloc(3 * (lb + 1) * sizeof(*rows));
	if (!rows)
		return (size_t)-1;
	pp = rows;
	p = rows + lb + 1;
	c = rows + 2 * (lb + 1);
	for (size_t j = 0; j <= lb; j++)
		p[j] = j;
	for (size_t i = 1; i <= la; i++) {
		c[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t best = p[j - 1] + (a[i - 1] != b[j - 1]);
			if (p[j] + 1 < best)
				best = p[j] + 1;
			if (c[j - 1] + 1 < best)
				best = c[j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && pp[j - 2] + 1 < best)
				best = pp[j - 2] + 1;
			c[j] = best;
		}
		{
			size_t *t = pp;
			pp = p;
			p = c;
			c = t;
		}
	}
	d = p[lb];
	free(rows);
	return d;
}

const char *tz_suggest(const char *word, const char *const *cand, size_t n)
{
	const char *best = NULL;
	size_t best_d = (size_t)-1, limit = strlen(word) / 3 + 1;

	if (limit > 3)
		limit = 3;
	for (size_t i = 0; i < n; i++) {
		size_t d = distance(word, cand[i]);
		if (d < best_d) {
			best_d = d;
			best = cand[i];
		}
	}
	return best && best_d > 0 && best_d <= limit ? best : NULL;
}
