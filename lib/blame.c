/* blame.c - the newest change of each value of one record, from the history
 * index, beside the record as it is now. */
#include <stdlib.h>
#include <string.h>
#include "blame.h"
#include "error.h"
#include "fdiff.h"
#include "i18n.h"
#include "load.h"
#include "place.h"
#include "strmap.h"

struct last {			/* the newest change of one field */
	char *commit, *author, *date, *value;
};

struct collect {
	struct tz_strmap fields;	/* field -> index into v */
	struct last *v;
	size_t n, alloc;
};

static int collect_row(const struct tz_history_row *r, void *payload)
{
	struct collect *c = payload;
	struct last *l;
	char date[32];

	if (!tz_strmap_put(&c->fields, r->field, c->n, NULL))
		return 0;	/* an older change of a field already seen */
	TZ_ALLOC_GROW(c->v, c->n + 1, c->alloc);
	l = &c->v[c->n++];
	tz_history_date(date, r->time, r->tz);
	l->commit = tz_strndup(r->commit, 7);
	l->author = tz_strdup(r->author_name);
	l->date = tz_strdup(date);
	l->value = r->new_value ? tz_strdup(r->new_value) : NULL;
	return 0;
}

static void collect_release(struct collect *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->v[i].commit);
		free(c->v[i].author);
		free(c->v[i].date);
		free(c->v[i].value);
	}
	free(c->v);
	tz_strmap_release(&c->fields);
}

/* Where the history last put the record: the newest "(path)" change. */
static int first_path(const struct tz_history_row *r, void *payload)
{
	if (strcmp(r->field, TZ_FDIFF_PATH))
		return 0;
	if (r->new_value)
		*(char **)payload = tz_strdup(r->new_value);
	return 1;
}

struct find {
	const struct tz_schema *schema;
	const char *id;
	const struct tz_type *only;	/* the type arg's folder names, or NULL */
	struct tz_buf got, why;
	char *path;
	struct tz_type *found_type;
};

/* Find the record's file into f->path and read it into data: 0, 1 when
 * there is none, -1 on error. */
static int find_record(struct find *f, struct tz_history *h, struct tz_source *src, struct tz_buf *data)
{
	struct tz_history_query q = { 0 };
	char *hpath = NULL;
	int r = -1, n;

	q.record = f->id;
	q.type = f->only ? f->only->name : NULL;
	q.with_path = 1;
	if (tz_history_changes(h, &q, first_path, &hpath) < 0)
		goto out;
	if (hpath) {
		struct tz_type *t = NULL;
		if (tz_source_read_path(src, hpath, TZ_RECORD_MAX_SIZE, data) == 0 &&
		    tz_place_record(f->schema, hpath, &t, &f->got, &f->why) == 0 && t && !strcmp(f->got.ptr, f->id)) {
			f->path = tz_strdup(hpath);
			f->found_type = t;
			r = 0;
			goto out;
		}
	}
	n = tz_place_search(&f->path, &f->found_type, src, f->schema, f->id, f->only);
	if (n < 0)
		goto out;
	if (n > 1) {
		tz_error_set(_("\"%s\" is the ID of records of several types: give the record's file"), f->id);
		goto out;
	}
	if (!f->path) {
		tz_error_set(_("no record \"%s\""), f->id);
		r = 1;
		goto out;
	}
	r = tz_source_read_path(src, f->path, TZ_RECORD_MAX_SIZE, data) < 0 ? -1 : 0;
out:
	free(hpath);
	return r;
}

static void add_line(struct tz_blame *b, const char *field, const char *value, const struct last *l)
{
	struct tz_blame_line *line;

	TZ_ALLOC_GROW(b->v, b->n + 1, b->alloc);
	line = &b->v[b->n++];
	memset(line, 0, sizeof(*line));
	line->field = tz_strdup(field);
	line->value = value;
	if (l) {
		line->commit = tz_strdup(l->commit);
		line->author = tz_strdup(l->author);
		line->date = tz_strdup(l->date);
	}
}

int tz_blame_record(struct tz_blame *out, struct tz_history *h, struct tz_repo *repo, const char *rev,
		    const char *arg)
{
	struct tz_diag_list ignored = TZ_DIAG_LIST_INIT;
	struct tz_history_query q = { 0 };
	struct collect col = { TZ_STRMAP_INIT, NULL, 0, 0 };
	struct tz_buf data = TZ_BUF_INIT, field = TZ_BUF_INIT;
	struct tz_source src;
	struct find f;
	char *id = tz_place_arg_id(arg);
	int r = -1;

	memset(&src, 0, sizeof(src));
	memset(&f, 0, sizeof(f));
	if (tz_source_open(&src, repo, rev) < 0)
		goto out;
	f.schema = tz_history_schema(h);
	f.id = id;
	if (strchr(arg, '/'))
		f.only = tz_place_type(f.schema, arg);
	r = find_record(&f, h, &src, &data);
	if (r)
		goto out;
	out->path = f.path;
	f.path = NULL;
	out->type = f.found_type;
	out->rec = tz_record_parse(out->path, data.ptr ? data.ptr : "", data.len, &ignored);
	if (!out->rec) {
		tz_error_set(_("%s: cannot read the record"), out->path);
		r = 1;
		goto out;
	}

	q.record = id;
	q.type = out->type->name;
	if ((r = tz_history_changes(h, &q, collect_row, &col)) < 0)
		goto out;
	for (size_t s = 0; s < out->rec->nsections; s++) {
		const struct tz_section *sec = &out->rec->sections[s];
		for (size_t k = 0; k < sec->nfields; k++) {
			const struct tz_field *fl = &sec->fields[k];
			size_t at;

			if (!fl->value[0] || tz_section_field(sec, fl->key) != fl)
				continue;
			tz_buf_clear(&field);
			if (s)
				tz_buf_printf(&field, "%s.", sec->name);
			tz_buf_puts(&field, fl->key);
			add_line(out, field.ptr, fl->value,
				 tz_strmap_get(&col.fields, field.ptr, &at) && col.v[at].value &&
				 !strcmp(col.v[at].value, fl->value) ? &col.v[at] : NULL);
		}
	}
	r = 0;
out:
	collect_release(&col);
	tz_diag_list_release(&ignored);
	tz_buf_release(&data);
	tz_buf_release(&field);
	tz_buf_release(&f.got);
	tz_buf_release(&f.why);
	free(f.path);
	free(id);
	tz_source_release(&src);
	return r;
}

void tz_blame_release(struct tz_blame *b)
{
	for (size_t i = 0; i < b->n; i++) {
		free(b->v[i].field);
		free(b->v[i].commit);
		free(b->v[i].author);
		free(b->v[i].date);
	}
	free(b->v);
	free(b->path);
	tz_record_free(b->rec);
	memset(b, 0, sizeof(*b));
}
