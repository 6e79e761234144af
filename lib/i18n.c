/* i18n.c - asking gettext for messages with a context, and whether a
 * catalogue is in use at all. */
#include <string.h>
#include "i18n.h"

const char *tz_i18n_pgettext(const char *ctx_s, const char *s)
{
	const char *t = dgettext(TZ_TEXTDOMAIN, ctx_s);

	return t == ctx_s ? s : t;
}

const char *tz_i18n_cgettext(const char *ctx, const char *s)
{
	struct tz_buf key = TZ_BUF_INIT;
	const char *t;

	tz_buf_printf(&key, "%s\004%s", ctx, s);
	t = dgettext(TZ_TEXTDOMAIN, key.ptr);
	t = t == key.ptr ? s : t;	/* a translation lives in the catalogue */
	tz_buf_release(&key);
	return t;
}

int tz_i18n_active(void)
{
	/* gettext answers the empty msgid with the catalogue's header entry
	 * when, and only when, a catalogue was found */
	const char *header = dgettext(TZ_TEXTDOMAIN, "");

	return header && *header;
}

void tz_i18n_named(struct tz_buf *b, const char *label, const char *key)
{
	if (label && *label && strcmp(label, key) && tz_i18n_active())
		tz_buf_printf(b, "%s(%s)", label, key);
	else
		tz_buf_puts(b, key);
}
