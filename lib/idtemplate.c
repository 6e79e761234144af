/* idtemplate.c - a type's next_id template ("ISS-{year}-{seq:4}"): expanding
 * it, splitting it around its number, and reading the number back. */
#include <stdlib.h>
#include <string.h>
#include "i18n.h"
#include "idtemplate.h"

/* Find {seq:N} in tmpl: its start and end, and N. Returns -1 with the
 * reason in why when there is not exactly one, or N is not 1 to 9. */
static int find_seq(const char *tmpl, const char **start, const char **end, int *width, struct tz_buf *why)
{
	const char *p = strstr(tmpl, "{seq:");

	if (!p || strstr(p + 1, "{seq:")) {
		tz_buf_puts(why, _("needs exactly one {seq:N}"));
		return -1;
	}
	if (p[5] < '1' || p[5] > '9' || p[6] != '}') {
		tz_buf_puts(why, _("{seq:N} takes N from 1 to 9"));
		return -1;
	}
	*start = p;
	*end = p + 7;
	*width = p[5] - '0';
	return 0;
}

/* Append s[0..len) with {year} expanded; -1 on any other {...}. */
static int expand(struct tz_buf *out, const char *s, size_t len, int year, struct tz_buf *why)
{
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '{') {
			if (len - i >= 6 && !strncmp(s + i, "{year}", 6)) {
				tz_buf_printf(out, "%04d", year);
				i += 5;
				continue;
			}
			tz_buf_puts(why, _("knows only {year} and {seq:N}"));
			return -1;
		}
		if (s[i] == '}') {
			tz_buf_puts(why, _("knows only {year} and {seq:N}"));
			return -1;
		}
		tz_buf_putc(out, s[i]);
	}
	return 0;
}

int tz_id_template_split(const char *tmpl, int year, struct tz_buf *prefix, struct tz_buf *suffix,
			 int *width)
{
	struct tz_buf why = TZ_BUF_INIT;
	const char *start, *end;
	int ret = -1;

	if (find_seq(tmpl, &start, &end, width, &why) < 0 ||
	    expand(prefix, tmpl, (size_t)(start - tmpl), year, &why) < 0 ||
	    expand(suffix, end, strlen(end), year, &why) < 0)
		goto out;
	ret = 0;
out:
	tz_buf_release(&why);
	return ret;
}

int tz_id_template_format(struct tz_buf *out, const char *tmpl, int year, unsigned long seq)
{
	struct tz_buf why = TZ_BUF_INIT, pre = TZ_BUF_INIT, suf = TZ_BUF_INIT;
	const char *start, *end;
	int width, ret = -1;

	if (find_seq(tmpl, &start, &end, &width, &why) < 0 ||
	    expand(&pre, tmpl, (size_t)(start - tmpl), year, &why) < 0 ||
	    expand(&suf, end, strlen(end), year, &why) < 0) {
		tz_buf_puts(out, why.ptr);
		goto out;
	}
	tz_buf_printf(out, "%s%0*lu%s", tz_buf_cstr(&pre), width, seq, tz_buf_cstr(&suf));
	ret = 0;
out:
	tz_buf_release(&why);
	tz_buf_release(&pre);
	tz_buf_release(&suf);
	return ret;
}

unsigned long tz_id_number(const char *id, const char *prefix, const char *suffix)
{
	size_t lp = strlen(prefix), ls = strlen(suffix), li = strlen(id), nd;
	unsigned long n = 0;

	if (li <= lp + ls || strncmp(id, prefix, lp) || strcmp(id + li - ls, suffix))
		return 0;
	nd = li - lp - ls;
	if (nd > 9)
		return 0;
	for (size_t i = lp; i < lp + nd; i++) {
		if (id[i] < '0' || id[i] > '9')
			return 0;
		n = n * 10 + (unsigned long)(id[i] - '0');
	}
	return n;
}
