/* sqlname.c - table names of the index and quoted SQL identifiers, shared by
 * the index writer (index_tables.c), the query compiler (sqlq.c) and the tools. */
#include <stdlib.h>
#include "sqlname.h"

static void quoted(struct tz_buf *b, const char *s, char q)
{
	tz_buf_putc(b, q);
	for (; *s; s++) {
		if (*s == q)
			tz_buf_putc(b, q);
		tz_buf_putc(b, *s);
	}
	tz_buf_putc(b, q);
}

void tz_sqlname_ident(struct tz_buf *b, const char *name)
{
	quoted(b, name, '"');
}

void tz_sqlname_literal(struct tz_buf *b, const char *s)
{
	quoted(b, s, '\'');
}

void tz_sqlname_table(struct tz_buf *b, const struct tz_type *t, const char *sub, const char *sub2)
{
	tz_buf_puts(b, t->name);
	if (sub)
		tz_buf_printf(b, "_%s", sub);
	if (sub2)
		tz_buf_printf(b, "_%s", sub2);
}

void tz_sqlname_table_ident(struct tz_buf *b, const struct tz_type *t, const char *sub, const char *sub2)
{
	struct tz_buf name = TZ_BUF_INIT;

	tz_sqlname_table(&name, t, sub, sub2);
	tz_sqlname_ident(b, name.ptr);
	tz_buf_release(&name);
}

char *tz_sqlname_table_dup(const struct tz_type *t, const char *sub, const char *sub2)
{
	struct tz_buf b = TZ_BUF_INIT;

	tz_sqlname_table(&b, t, sub, sub2);
	return tz_buf_detach(&b);
}
