/* value.c - whether one value is valid for its field: the checks of each
 * field type (text, int, decimal, date, bool, enum, uscc). */
#include <stdlib.h>
#include <string.h>
#include "date.h"
#include "ere.h"
#include "text.h"
#include "value.h"

int tz_is_number(const char *s)
{
	const char *p = s;

	if (*p == '+' || *p == '-')
		p++;
	if (*p < '0' || *p > '9')
		return 0;
	while (*p >= '0' && *p <= '9')
		p++;
	if (*p == '.') {
		p++;
		if (*p < '0' || *p > '9')
			return 0;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	return *p == '\0';
}

int tz_is_date(const char *s)
{
	return tz_date_parse(s, NULL) == 0;
}

/* GB 32100-2015: 18 characters from a 31-letter alphabet, the last a check
 * character over the first 17 with weights 3^i mod 31. */
static int uscc_check(const char *v, struct tz_buf *msg)
{
	static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
	int sum = 0, c;

	if (strlen(v) != 18 || tz_utf8_count(v) != 18) {
		tz_buf_printf(msg, "is %zu characters long, a unified social credit code has 18", tz_utf8_count(v));
		return -1;
	}
	for (int i = 0, w = 1; i < 18; i++, w = w * 3 % 31) {
		const char *p = strchr(alphabet, v[i]);
		if (!p || !v[i]) {
			tz_buf_printf(msg, "has \"%c\" at position %d, not allowed in a unified social credit code",
				      (v[i] > ' ' && v[i] < 0x7f) ? v[i] : '?', i + 1);
			return -1;
		}
		if (i < 17)
			sum += (int)(p - alphabet) * w;
	}
	c = (31 - sum % 31) % 31;
	if (v[17] != alphabet[c]) {
		tz_buf_printf(msg, "has check character \"%c\", expected \"%c\"", v[17], alphabet[c]);
		return -1;
	}
	return 0;
}

static int count_scale(const char *v)
{
	const char *dot = strchr(v, '.');
	return dot ? (int)strlen(dot + 1) : 0;
}

int tz_fdef_check_value(const struct tz_fdef *f, const char *v, struct tz_buf *msg)
{
	struct tz_buf q = TZ_BUF_INIT;
	int r = 0;

	/* the quoted value is only needed for a message: make it lazily */
#define QV (tz_buf_clear(&q), tz_text_quote(&q, v), tz_buf_cstr(&q))
	switch (f->type) {
	case TZ_TEXT: {
		size_t n = tz_utf8_count(v);
		if (f->has_max && (double)n > f->max) {
			tz_buf_printf(msg, "is %zu characters long, more than the maximum %g", n, f->max);
			r = -1;
		} else if (f->pattern && !tz_ere_match(&f->re, v)) {
			tz_buf_printf(msg, "\"%s\" does not match the pattern \"%s\"", QV, f->pattern);
			r = -1;
		}
		break;
	}
	case TZ_INT:
	case TZ_DECIMAL:
		if (!tz_is_number(v) || (f->type == TZ_INT && strchr(v, '.'))) {
			tz_buf_printf(msg, "\"%s\" is not %s", QV, f->type == TZ_INT ? "a whole number" : "a number");
			r = -1;
		} else if (f->scale >= 0 && count_scale(v) > f->scale) {
			tz_buf_printf(msg, "\"%s\" has more than %d digit%s after the point", QV, f->scale, f->scale == 1 ? "" : "s");
			r = -1;
		} else if (f->has_min && strtod(v, NULL) < f->min) {
			tz_buf_printf(msg, "\"%s\" is less than the minimum %g", QV, f->min);
			r = -1;
		} else if (f->has_max && strtod(v, NULL) > f->max) {
			tz_buf_printf(msg, "\"%s\" is more than the maximum %g", QV, f->max);
			r = -1;
		}
		break;
	case TZ_DATE:
		if (!tz_is_date(v)) {
			tz_buf_printf(msg, "\"%s\" is not a date (YYYY-MM-DD)", QV);
			r = -1;
		}
		break;
	case TZ_BOOL:
		if (strcmp(v, "yes") && strcmp(v, "no")) {
			tz_buf_printf(msg, "\"%s\" is not yes or no", QV);
			r = -1;
		}
		break;
	case TZ_ENUM:
		if (tz_fdef_enum_index(f, v) < 0) {
			const char *sug = tz_suggest(v, (const char *const *)f->values, f->nvalues);
			tz_buf_printf(msg, "\"%s\" is not one of ", QV);
			for (size_t i = 0; i < f->nvalues; i++)
				tz_buf_printf(msg, "%s%s", i ? ", " : "", f->values[i]);
			if (sug)
				tz_buf_printf(msg, " (did you mean \"%s\"?)", sug);
			r = -1;
		}
		break;
	case TZ_USCC:
	{
		struct tz_buf why = TZ_BUF_INIT;
		if (uscc_check(v, &why) < 0) {
			tz_buf_printf(msg, "\"%s\" %s", QV, tz_buf_cstr(&why));
			r = -1;
		}
		tz_buf_release(&why);
		break;
	}
	case TZ_REF:
		break;
	}
#undef QV
	tz_buf_release(&q);
	return r;
}
