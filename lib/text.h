/* text.h - UTF-8 text: validation, counting characters and display columns,
 * and quoting values safely for messages. */
#ifndef TZ_TEXT_H
#define TZ_TEXT_H
#include <stddef.h>
#include "buf.h"

/* Length in bytes of the valid UTF-8 prefix of s[0..len); equals len when all
 * of it is valid (overlong forms, surrogates and values past U+10FFFF are not). */
size_t tz_utf8_valid_prefix(const char *s, size_t len);

/* Whether s[0..len), which is not valid UTF-8, is rather text in GB18030 (or
 * GBK, its subset), as old Chinese editors save it: it converts from GB18030
 * without error, and has more bytes that are invalid as UTF-8 than characters
 * that are valid (a UTF-8 file with one broken character is not taken for
 * GBK). Returns 1 and appends the text converted to UTF-8 to out when it is,
 * else 0 with out unchanged. Uses glibc's iconv. */
int tz_text_from_gb18030(const char *s, size_t len, struct tz_buf *out);

/* Number of code points in a valid UTF-8 string. */
size_t tz_utf8_count(const char *s);

/* Columns a valid UTF-8 string takes on a terminal (CJK wide characters count
 * two), from utf8proc. Control characters count one (they are shown as '?'). */
size_t tz_utf8_width(const char *s);

/*
 * The one quoting of text shown to people, as git quotes a path
 * (quote_c_style with core.quotePath=false): s is appended unchanged when it
 * is valid UTF-8 with no control character (C0, DEL or C1), no '"' and no
 * '\\'; else inside double quotes, with \a \b \t \n \v \f \r \" \\ and
 * three-digit octal escapes (\033) for other control characters and for
 * invalid bytes. CJK text stays as it is. Returns 1 when it quoted, else 0.
 * Used for every path, and for values that tz_text_unsafe finds unsafe, in
 * every format but JSON (which escapes with json.h).
 */
int tz_quote(struct tz_buf *b, const char *s);

/* Whether s would act on a terminal: it has a control character other than
 * tab and newline (which tables and TSV show in their own ways), or bytes
 * that are not UTF-8. Values for which this holds are shown with tz_quote. */
int tz_text_unsafe(const char *s);

/* The offset in s[0..len) of the first control character other than tab
 * (C0, DEL, C1; invalid bytes are skipped), its length in bytes in *n; len
 * (and *n = 0) when there is none. */
size_t tz_text_find_control(const char *s, size_t len, size_t *n);

/* tz_quote(b, s) when tz_text_unsafe(s), else s unchanged. */
void tz_quote_unsafe(struct tz_buf *b, const char *s);

/* Append s to b as it is shown between the double quotes of a message:
 * escaped as tz_quote escapes (\n, \033, \", \\; invalid bytes in octal),
 * and cut with "…" after 80 characters. */
void tz_text_quote(struct tz_buf *b, const char *s);

/* The candidate closest to word by edit distance when it is close enough to
 * be a likely typo, else NULL. Borrowed from candidates. */
const char *tz_suggest(const char *word, const char *const *candidates, size_t n);

#endif
