/* record.c - libFuzzer target for the record reader: any bytes must parse
 * without crashing or leaking, and a record read without findings must read
 * back the same after being written out again. */
#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "buf.h"
#include "diag.h"
#include "record.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	setlocale(LC_ALL, "C.UTF-8");
	return 0;
}

static int blank(char c)
{
	return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r' || c == '\n';
}

/* Write r back as INI: a value's lines after the first become indented
 * continuation lines. */
static void write_record(struct tz_buf *b, const struct tz_record *r)
{
	for (size_t i = 0; i < r->nsections; i++) {
		const struct tz_section *s = &r->sections[i];
		tz_buf_printf(b, "[%s]\n", s->name);
		for (size_t k = 0; k < s->nfields; k++) {
			const char *v = s->fields[k].value;
			tz_buf_printf(b, "%s = ", s->fields[k].key);
			for (; *v; v++) {
				tz_buf_putc(b, *v);
				if (*v == '\n')
					tz_buf_puts(b, "  ");
			}
			tz_buf_putc(b, '\n');
		}
	}
}

static void check_same(const struct tz_record *a, const struct tz_record *b)
{
	if (a->nsections != b->nsections)
		abort();
	for (size_t i = 0; i < a->nsections; i++) {
		const struct tz_section *x = &a->sections[i], *y = &b->sections[i];
		if (strcmp(x->name, y->name) || x->nfields != y->nfields)
			abort();
		for (size_t k = 0; k < x->nfields; k++)
			if (strcmp(x->fields[k].key, y->fields[k].key) ||
			    strcmp(x->fields[k].value, y->fields[k].value))
				abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tz_diag_list d = TZ_DIAG_LIST_INIT;
	struct tz_record *r;
	size_t lines = 1;

	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n';
	r = tz_record_parse("records/issues/ISS-0001.ini", (const char *)data, size, &d);

	/* a record unless there is a NUL byte (the size limit is above -max_len) */
	if (!r != (memchr(data, 0, size) != NULL))
		abort();
	for (size_t i = 0; i < d.n; i++)
		if (d.v[i].line < 1 || (size_t)d.v[i].line > lines || !d.v[i].msg[0] ||
		    strchr(d.v[i].msg, '\n'))
			abort();
	if (r) {
		for (size_t i = 0; i < r->nsections; i++) {
			const struct tz_section *s = &r->sections[i];
			if (tz_record_section(r, s->name) != s || s->line < 1 || (size_t)s->line > lines)
				abort();
			for (size_t k = 0; k < s->nfields; k++) {
				const struct tz_field *f = &s->fields[k];
				size_t n = strlen(f->value);
				if (tz_section_field(s, f->key) != f || !f->key[0])
					abort();
				if (n && (blank(f->value[0]) || blank(f->value[n - 1])))
					abort();	/* values are trimmed */
				if (f->line < s->line || (size_t)f->line > lines)
					abort();
				if ((tz_section_get(s, f->key) == NULL) != (n == 0))
					abort();
			}
		}
	}
	if (r && d.n == 0) {
		struct tz_diag_list d2 = TZ_DIAG_LIST_INIT;
		struct tz_buf b = TZ_BUF_INIT;
		struct tz_record *again;

		write_record(&b, r);
		again = tz_record_parse("again.ini", b.ptr ? b.ptr : "", b.len, &d2);
		if (!again || d2.n)
			abort();
		check_same(r, again);
		tz_record_free(again);
		tz_diag_list_release(&d2);
		tz_buf_release(&b);
	}
	tz_record_free(r);
	tz_diag_list_release(&d);
	return 0;
}
