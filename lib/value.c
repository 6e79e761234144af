/* value.c - whether one value is valid for its field: the checks of each
 * field type (text, int, decimal, date, bool, enum, uscc). */
#include <stdlib.h>
#include <string.h>
#include "date.h"
#include "ere.h"
#include "i18n.h"
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
		tz_buf_printf(msg, _("is %zu characters long, a unified social credit code has 18"), tz_utf8_count(v));
		return -1;
	}
	for (int i = 0, w = 1; i < 18; i++, w = w * 3 % 31) {
		const char *p = strchr(alphabet, v[i]);
		if (!p || !v[i]) {
			tz_buf_printf(msg, _("has \"%c\" at position %d, not allowed in a unified social credit code"),
				      (v[i] > ' ' && v[i] < 0x7f) ? v[i] : '?', i + 1);
			return -1;
		}
		if (i < 17)
			sum += (int)(p - alphabet) * w;
	}
	c = (31 - sum % 31) % 31;
	if (v[17] != alphabet[c]) {
		tz_buf_printf(msg, _("has check character \"%c\", expected \"%c\""), v[17], alphabet[c]);
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
			tz_buf_printf(msg, _("is %zu characters long, more than the maximum %g"), n, f->max);
			r = -1;
		} else if (f->pattern && !tz_ere_match(&f->re, v)) {
			tz_buf_printf(msg, _("\"%s\" does not match the pattern \"%s\""), QV, f->pattern);
			r = -1;
		}
		break;
	}
	case TZ_INT:
	case TZ_DECIMAL:
		if (!tz_is_number(v) || (f->type == TZ_INT && strchr(v, '.'))) {
			tz_buf_printf(msg, f->type == TZ_INT ? _("\"%s\" is not a whole number") : _("\"%s\" is not a number"), QV);
			r = -1;
		} else if (f->scale >= 0 && count_scale(v) > f->scale) {
			tz_buf_printf(msg, NG_("\"%s\" has more than %d digit after the point",
					       "\"%s\" has more than %d digits after the point", (unsigned long)f->scale),
				      QV, f->scale);
			r = -1;
		} else if (f->has_min && strtod(v, NULL) < f->min) {
			tz_buf_printf(msg, _("\"%s\" is less than the minimum %g"), QV, f->min);
			r = -1;
		} else if (f->has_max && strtod(v, NULL) > f->max) {
			tz_buf_printf(msg, _("\"%s\" is more than the maximum %g"), QV, f->max);
			r = -1;
		}
		break;
	case TZ_DATE:
		if (!tz_is_date(v)) {
			char guess[11];
			if (tz_date_guess(v, guess) == 0)
				tz_buf_printf(msg, _("\"%s\" is not a date (YYYY-MM-DD): did you mean %s?"), QV, guess);
			else
				tz_buf_printf(msg, _("\"%s\" is not a date (YYYY-MM-DD)"), QV);
			r = -1;
		}
		break;
	case TZ_BOOL:
		if (strcmp(v, "yes") && strcmp(v, "no")) {
			tz_buf_printf(msg, _("\"%s\" is not yes or no"), QV);
			r = -1;
		}
		break;
	case TZ_ENUM:
		if (tz_fdef_enum_index(f, v) < 0) {
			struct tz_buf list = TZ_BUF_INIT;
			const char *sug = tz_suggest(v, (const char *const *)f->values, f->nvalues);
			int label = -1;

			for (size_t i = 0; i < f->nvalues; i++) {
				if (i)
					tz_buf_puts(&list, ", ");
				tz_i18n_named(&list, f->labels ? f->labels[i] : NULL, f->values[i]);
				/* the label written for the value: 已交办 for assigned */
				if (label < 0 && f->labels && !strcmp(v, f->labels[i]))
					label = (int)i;
			}
			if (label >= 0)
				tz_buf_printf(msg, _("\"%s\" is not one of %s (did you mean %s (%s)?)"),
					      QV, tz_buf_cstr(&list), f->values[label], f->labels[label]);
			else if (sug)
				tz_buf_printf(msg, _("\"%s\" is not one of %s (did you mean \"%s\"?)"), QV, tz_buf_cstr(&list), sug);
			else
				tz_buf_printf(msg, _("\"%s\" is not one of %s"), QV, tz_buf_cstr(&list));
			tz_buf_release(&list);
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
