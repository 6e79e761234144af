/* ere.h - POSIX EREs that must match a whole value, on characters (the
 * tools run with a UTF-8 locale). */
#ifndef TZ_ERE_H
#define TZ_ERE_H
#include <regex.h>
#include "buf.h"

/* Compile pattern into re, anchored at both ends (^(P)$). Returns 0 (free
 * re with regfree), or -1 with the reason appended to err (when not NULL)
 * and nothing to free; unbalanced parentheses are refused, as glibc would
 * take a stray ")" as a literal. */
int tz_ere_compile(regex_t *re, const char *pattern, struct tz_buf *err);

/* Whether s matches re (compiled by tz_ere_compile) as a whole. */
int tz_ere_match(const regex_t *re, const char *s);

#endif
