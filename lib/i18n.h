/* i18n.h - messages in the user's language through glibc's gettext: the
 * text domain, the markers xgettext looks for, and labels in findings. */
#ifndef TZ_I18N_H
#define TZ_I18N_H
#include <libintl.h>
#include "buf.h"

#define TZ_TEXTDOMAIN "taizhang"

/* _("text") is the translation of a message printed now; N_("text") marks a
 * message kept in a table and translated with _() where it is printed;
 * NG_(one, many, n) picks the plural form; C_(context, text) tells apart two
 * messages spelled alike, and NC_(context, text) marks one kept in a table,
 * translated with tz_i18n_cgettext(context, text) where it is printed. The library translates with dgettext so that a
 * program embedding it keeps its own text domain. */
#define _(s) dgettext(TZ_TEXTDOMAIN, s)
#define N_(s) s
#define NG_(s, p, n) dngettext(TZ_TEXTDOMAIN, s, p, n)
#define C_(ctx, s) tz_i18n_pgettext(ctx "\004" s, s)
#define NC_(ctx, s) s

/* The translation of a message with a context (msgctxt "ctx", msgid "s"):
 * ctx_s is the context, a 0x04 byte and the text, as gettext stores them;
 * s itself when there is no translation. Borrowed, valid for the program's
 * life. */
const char *tz_i18n_pgettext(const char *ctx_s, const char *s);

/* Whether messages are being translated: a catalogue of the text domain is
 * loaded for the current LC_MESSAGES (or LANGUAGE). Findings then name a
 * field by its label with the key beside, 状态(status), and enum values by
 * label(value); without a catalogue they name keys and values alone. */
int tz_i18n_active(void);

/* C_() for a text that is not a literal (marked with NC_ where it is
 * defined). Borrowed, valid for the program's life. */
const char *tz_i18n_cgettext(const char *ctx, const char *s);

/* Append to b how a message names a thing that has a key and a label (a
 * field, an enum value): "label(key)" while messages are translated and the
 * label says something the key does not, else the key alone. label may be
 * NULL. */
void tz_i18n_named(struct tz_buf *b, const char *label, const char *key);

#endif
