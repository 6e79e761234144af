/* text.h - UTF-8 text: validation, counting characters and display columns,
 * and quoting values safely for messages. */
#ifndef TZ_TEXT_H
#define TZ_TEXT_H
#include <stddef.h>
#include "buf.h"

/* Length in bytes of the valid UTF-8 prefix of s[0..len); equals len when all
 * of it is valid (overlong forms, surrogates and values past U+10FFFF are not). */
size_t tz_utf8_valid_prefix(const char *s, size_t len);

/* Number of code points in a valid UTF-8 string. */
size_t tz_utf8_count(const char *s);

/* Columns a valid UTF-8 string takes on a terminal (CJK wide characters count
 * two), from utf8proc. Control characters count one (they are shown as '?'). */
size_t tz_utf8_width(const char *s);

/* Append s to b as it may be shown in a message: control characters and
 * invalid bytes become '?', and very long values are cut with "…". */
void tz_text_quote(struct tz_buf *b, const char *s);

/* The candidate closest to word by edit distance when it is close enough to
 * be a likely typo, else NULL. Borrowed from candidates. */
const char *tz_suggest(const char *word, const char *const *candidates, size_t n);

#endif
