/* label.c - enum labels and reference titles for output, titles read from
 * the index once per record. */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include "index.h"
#include "label.h"
#include "sqlname.h"
#include "strmap.h"

struct tz_labeler {
	struct tz_index *ix;
	struct tz_strmap seen;	/* "type\x1fID" -> index in titles */
	char **titles;		/* NULL: no such record, or no title */
	size_t n, alloc;
};

struct tz_labeler *tz_labeler_new(struct tz_index *ix)
{
	struct tz_labeler *l = tz_calloc(1, sizeof(*l));

	l->ix = ix;
	return l;
}

void tz_labeler_free(struct tz_labeler *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++)
		free(l->titles[i]);
	free(l->titles);
	tz_strmap_release(&l->seen);
	free(l);
}

/* The title of record id of type t, or NULL. Borrowed from l. */
static const char *title_of(struct tz_labeler *l, const struct tz_type *t, const char *id)
{
	struct tz_buf key = TZ_BUF_INIT, sql = TZ_BUF_INIT;
	sqlite3_stmt *st = NULL;
	char *title = NULL;
	size_t at;

	if (!l->ix || !t->title || !tz_type_field(t, t->title))
		return NULL;
	tz_buf_printf(&key, "%s\x1f%s", t->name, id);
	if (tz_strmap_get(&l->seen, key.ptr, &at)) {
		tz_buf_release(&key);
		return l->titles[at];
	}
	tz_buf_puts(&sql, "SELECT ");
	tz_sqlname_ident(&sql, t->title);
	tz_buf_puts(&sql, " FROM ");
	tz_sqlname_table_ident(&sql, t, NULL, NULL);
	tz_buf_puts(&sql, " WHERE id = ?1 ORDER BY _rowid LIMIT 1");
	if (sqlite3_prepare_v2(tz_index_db(l->ix), sql.ptr, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		title = tz_strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	TZ_ALLOC_GROW(l->titles, l->n + 1, l->alloc);
	l->titles[l->n] = title;
	tz_strmap_put(&l->seen, key.ptr, l->n++, NULL);
	tz_buf_release(&key);
	tz_buf_release(&sql);
	return title;
}

static void item(struct tz_labeler *l, struct tz_buf *out, const struct tz_fdef *f, const char *v)
{
	if (f->type == TZ_ENUM) {
		tz_buf_puts(out, tz_fdef_enum_label(f, v));
	} else {
		const char *title = f->target ? title_of(l, f->target, v) : NULL;
		tz_buf_puts(out, v);
		if (title)
			tz_buf_printf(out, " %s", title);
	}
}

void tz_labeler_value(struct tz_labeler *l, struct tz_buf *out, const struct tz_fdef *f, const char *value)
{
	const char *p = value;

	if (!value)
		return;
	if (!f || (f->type != TZ_ENUM && f->type != TZ_REF)) {
		tz_buf_puts(out, value);
		return;
	}
	for (;;) {
		const char *comma = strchr(p, ','), *end = comma ? comma : p + strlen(p);
		char *v;

		while (p < end && (*p == ' ' || *p == '\t' || *p == '\n'))
			p++;
		while (end > p && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n'))
			end--;
		v = tz_strndup(p, (size_t)(end - p));
		item(l, out, f, v);
		free(v);
		if (!comma)
			break;
		tz_buf_puts(out, ", ");
		p = comma + 1;
	}
}
