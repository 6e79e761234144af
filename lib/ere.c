/* ere.c - POSIX extended regular expressions anchored at both ends, as
 * the schema's `pattern`, `id` and part `key` options use them. */
#include <stdlib.h>
#include <string.h>
#include "ere.h"
#include "i18n.h"

/* The ']' that ends the bracket expression starting at p ('['), or NULL:
 * a ']' first in the list ("[]a]", "[^]a]") is one of its characters. */
static const char *bracket_end(const char *p)
{
	p++;
	if (*p == '^')
		p++;
	if (*p == ']')
		p++;
	while (*p && *p != ']')
		p++;
	return *p ? p : NULL;
}

/* What glibc's regcomp builds for a pattern, at most: it copies a group
 * once per repetition it must count ({n,m}), so "(a{100}){100}{100}" or
 * "[0-9]+++{3}" from a crafted schema would take gigabytes. IDs, keys and
 * value patterns are short: these bounds leave them all. */
#define ERE_MAX_NODES 4096	/* characters and brackets, repetitions expanded */
#define ERE_MAX_DEPTH 32	/* nested groups */
#define ERE_MAX_COUNT 255	/* n and m of {n,m} */

/* Refuse what would make regcomp build too much: a repetition of a
 * repetition ("a++", "a*{2}"), counts above ERE_MAX_COUNT, groups nested
 * deeper than ERE_MAX_DEPTH, or more than ERE_MAX_NODES once repetitions
 * are expanded; and back-references, which POSIX EREs do not have and
 * which send glibc's regexec into backtracking (and, crafted, into deep
 * recursion: CVE-2018-20796). Returns the reason, or NULL; *balanced tells whether the
 * parentheses balance (outside bracket expressions and escapes), so that
 * anchoring the pattern as ^(P)$ cannot change its grouping: glibc takes a
 * stray ')' as a literal. What is malformed otherwise is left to
 * regcomp's own message. */
static const char *too_complex(const char *p, int *balanced)
{
	size_t sum[ERE_MAX_DEPTH + 1];
	size_t last = 0;	/* the size of the atom a repetition would repeat */
	int depth = 0, repeated = 0, stray = 0;

	sum[0] = 0;
	for (; *p; p++) {
		size_t times = 0;

		if (*p == '\\') {
			if (!*++p)
				break;
			if (*p >= '1' && *p <= '9')
				return _("a back-reference (\\1 to \\9): patterns have none");
		} else if (*p == '[') {
			if (!(p = bracket_end(p)))
				break;
		} else if (*p == '(') {
			if (depth == ERE_MAX_DEPTH)
				return _("groups nested too deeply");
			sum[++depth] = 0;
			last = 0;
			repeated = 0;
			continue;
		} else if (*p == ')' && depth == 0) {
			stray = 1;	/* a character to glibc */
		} else if (*p == ')') {
			last = sum[depth--] + 1;
			sum[depth] += last;
			repeated = 0;
			continue;
		} else if (*p == '|') {
			last = 0;
			repeated = 0;
			continue;
		} else if (*p == '*' || *p == '+' || *p == '?') {
			times = *p == '?' ? 1 : 2;
		} else if (*p == '{' && ((p[1] >= '0' && p[1] <= '9') || (p[1] == ',' && p[2] >= '0' && p[2] <= '9'))) {
			/* {n}, {n,}, {n,m}, and glibc's {,m} */
			char *end = (char *)p + 1;
			unsigned long n = *end == ',' ? 0 : strtoul(end, &end, 10), m = n;

			if (*end == ',') {
				end++;
				if (*end >= '0' && *end <= '9')
					m = strtoul(end, &end, 10);
				else
					m = n + 1;	/* no bound: counted as one more */
			}
			if (*end != '}')
				continue;	/* regcomp's to judge */
			if (n > ERE_MAX_COUNT || m > ERE_MAX_COUNT)
				return _("a repetition count above 255");
			times = m > n ? m : n;
			if (!times)
				times = 1;	/* {0}: counted as one */
			p = end;
		}
		if (times) {
			if (repeated)
				return _("a repetition of a repetition (such as \"++\" or \"*{2}\"): write one");
			repeated = 1;
			if (last && times > 1) {
				if (last > ERE_MAX_NODES / (times - 1))
					return _("too large once its repetitions are expanded");
				sum[depth] += last * (times - 1);
			}
		} else {	/* a character, an escape or a bracket expression */
			last = 1;
			sum[depth] += 1;
			repeated = 0;
		}
		if (sum[depth] > ERE_MAX_NODES)
			return _("too large once its repetitions are expanded");
	}
	*balanced = !stray && depth == 0;
	return NULL;
}

int tz_ere_compile(regex_t *re, const char *pattern, struct tz_buf *err)
{
	struct tz_buf anchored = TZ_BUF_INIT;
	int balanced = 0, rc;
	const char *why = too_complex(pattern, &balanced);

	if (why) {
		if (err)
			tz_buf_puts(err, why);
		return -1;
	}
	rc = regcomp(re, pattern, REG_EXTENDED | REG_NOSUB);
	if (!rc) {
		regfree(re);
		if (!balanced)
			rc = REG_EPAREN;
	}
	if (rc) {
		if (err)
			tz_buf_puts(err, rc == REG_EPAREN && !balanced && strchr(pattern, ')') ? "Unmatched ) or \\)" : "");
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

