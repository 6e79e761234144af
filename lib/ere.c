/* ere.c - POSIX extended regular expressions anchored at both ends, as
 * the schema's `pattern`, `id` and part `key` options use them. */
#include <string.h>
#include "ere.h"

/* Whether the parentheses of an ERE balance (outside bracket expressions
 * and escapes), so that anchoring it as ^(P)$ cannot change its grouping:
 * glibc takes a stray ')' as a literal. */
static int parens_balance(const char *p)
{
	int depth = 0;

	for (; *p; p++) {
		if (*p == '\\') {
			if (!*++p)
				break;
		} else if (*p == '[') {
			p++;
			if (*p == '^')
				p++;
			if (*p == ']')
				p++;
			while (*p && *p != ']')
				p++;
			if (!*p)
				break;
		} else if (*p == '(') {
			depth++;
		} else if (*p == ')' && --depth < 0) {
			return 0;
		}
	}
	return depth == 0;
}

int tz_ere_compile(regex_t *re, const char *pattern, struct tz_buf *err)
{
	struct tz_buf anchored = TZ_BUF_INIT;
	int rc;

	rc = regcomp(re, pattern, REG_EXTENDED | REG_NOSUB);
	if (!rc) {
		regfree(re);
		if (!parens_balance(pattern))
			rc = REG_EPAREN;
	}
	if (rc) {
		if (err)
			tz_buf_puts(err, rc == REG_EPAREN && !parens_balance(pattern) &&
					 strchr(pattern, ')') ? "Unmatched ) or \\)" : "");
		if (err && !err->len) {
			char msg[256];
			regerror(rc, re, msg, sizeof(msg));
			tz_buf_puts(err, msg);
		}
		return -1;
	}

	tz_buf_printf(&anchored, "^(%s)$", pattern);
	rc = regcomp(re, anchored.ptr, REG_EXTENDED | REG_NOSUB);
	tz_buf_release(&anchored);
	if (rc) {
		char msg[256];
		regerror(rc, re, msg, sizeof(msg));
		if (err)
			tz_buf_puts(err, msg);
		return -1;
	}
	return 0;
}

int tz_ere_match(const regex_t *re, const char *s)
{
	return regexec(re, s, 0, NULL, 0) == 0;
}

