/* edit.c - libFuzzer target for the in-place editor: any bytes are kept
 * byte for byte when nothing is edited; in a record read without findings,
 * setting or removing the first key of the first section changes that one
 * value and no other. */
#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "buf.h"
#include "diag.h"
#include "edit.h"
#include "record.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	setlocale(LC_ALL, "C.UTF-8");
	return 0;
}

/* Whether every field of a and b but key in section sec is the same. */
static int same_but(const struct tz_record *a, const struct tz_record *b, const char *sec, const char *key)
{
	if (a->nsections != b->nsections)
		return 0;
	for (size_t i = 0; i < a->nsections; i++) {
		const struct tz_section *s = &a->sections[i], *t = &b->sections[i];
		int here = !strcmp(s->name, sec);
		if (strcmp(s->name, t->name))
			return 0;
		for (size_t k = 0; k < s->nfields; k++) {
			const char *v;
			if (here && !strcmp(s->fields[k].key, key))
				continue;
			v = tz_section_get(t, s->fields[k].key);
			if (strcmp(v ? v : "", s->fields[k].value))
				return 0;
		}
	}
	return 1;
}

static void edit_and_check(const char *data, size_t len, const struct tz_record *r, const char *value)
{
	struct tz_diag_list diags = TZ_DIAG_LIST_INIT;
	struct tz_buf out = TZ_BUF_INIT, why = TZ_BUF_INIT;
	const struct tz_section *s = &r->sections[0];
	const char *key = s->fields[0].key;
	struct tz_edit *e = tz_edit_new(data, len);
	struct tz_record *n;

	if (tz_edit_set(e, s->name, key, value, NULL, 0, &why) < 0)
		goto out;
	tz_edit_write(e, &out);
	n = tz_record_parse("f", out.ptr ? out.ptr : "", out.len, &diags);
	if (!n || diags.errors)
		abort();	/* an edit broke a clean file */
	if (strcmp(tz_section_get(&n->sections[0], key) ? tz_section_get(&n->sections[0], key) : "", value))
		abort();	/* the value did not read back */
	if (!same_but(r, n, s->name, key) || !same_but(n, r, s->name, key))
		abort();	/* another value changed */
	tz_record_free(n);
out:
	tz_edit_free(e);
	tz_buf_release(&out);
	tz_buf_release(&why);
	tz_diag_list_release(&diags);
}

int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t len)
{
	const char *data = (const char *)bytes;
	struct tz_diag_list diags = TZ_DIAG_LIST_INIT;
	struct tz_buf out = TZ_BUF_INIT;
	struct tz_edit *e;
	struct tz_record *r;

	if (memchr(data, '\0', len))
		return 0;	/* a record with a NUL is refused before any edit */
	e = tz_edit_new(data, len);
	tz_edit_write(e, &out);
	if (out.len != len || (len && memcmp(out.ptr, data, len)))
		abort();	/* nothing edited, yet something changed */
	tz_edit_free(e);
	tz_buf_release(&out);
	r = tz_record_parse("f", data, len, &diags);
	if (r && !diags.n && r->nsections && r->sections[0].nfields &&
	    !strchr(r->sections[0].name, '\n')) {
		/* the first section only: a duplicate-free record has one of each */
		int dup = 0;
		for (size_t i = 1; i < r->nsections; i++)
			dup |= !strcmp(r->sections[i].name, r->sections[0].name);
		if (!dup) {
			edit_and_check(data, len, r, "新值");
			edit_and_check(data, len, r, "first\nsecond line");
			edit_and_check(data, len, r, "");
		}
	}
	tz_record_free(r);
	tz_diag_list_release(&diags);
	return 0;
}
