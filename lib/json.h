/* json.h - writing JSON strings that any parser accepts. */
#ifndef TZ_JSON_H
#define TZ_JSON_H
#include "buf.h"

/* Append s as a JSON string literal (quotes included). Invalid UTF-8 bytes
 * become U+FFFD so that the output is always valid JSON. */
void tz_json_string(struct tz_buf *b, const char *s);

#endif
