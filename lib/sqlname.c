/* sqlname.c - table names of the index and quoted SQL identifiers, shared by
 * the index writer (index.c), the query compiler (sqlq.c) and the tools. */
#include <stdlib.h>
#include "sqlname.h"

void tz_sqlname_ident(struct tz_buf *b, const char *name)
{
	tz_buf_putc(b, '"');
	for (; *name; name++) {
		if (*name == '"')
			tz_buf_putc(b, '"');
		tz_buf_putc(b, *name);
	}
	tz_buf_putc(b, '"');
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
