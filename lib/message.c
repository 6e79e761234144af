/* message.c - the commit message tz commit writes from the field changes,
 * in the repository's language. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "error.h"
#include "fdiff.h"
#include "message.h"
#include "record.h"
#include "text.h"

#define SUMMARY_WIDTH 72

/*
 * The words of a generated message, in the repository's language (schema/
 * repository.ini), not the committer's: one history reads in one language,
 * whoever commits and whatever locale they have. They are part of the
 * history, not messages to the user, so they are kept here, not in po/.
 */
struct words {
	int labels;		/* name fields and enum values by their labels */
	const char *more;	/* " (+%zu more)" */
	const char *nchanges;	/* "%s: %zu changes" */
	const char *added, *removed;	/* a part entry as a whole: "%s added" */
	const char *field_removed;	/* "%s removed" */
	const char *new_titled, *new_plain;	/* "new %s \"%s\"", "new %s" */
	const char *deleted, *moved, *mode, *layout;
	const char *file_new, *file_changed;	/* a file that is no record */
	const char *records_one, *records_many;	/* "%zu record: ", "%zu records: " */
	const char *count_new, *count_changed, *count_deleted;	/* "%zu new" */
	const char *schema;	/* "schema: " */
	const char *other_one, *other_many;	/* "%zu other file" */
	const char *sep;	/* between pieces */
};

static const struct words english = {
	0, " (+%zu more)", "%s: %zu changes", "%s added", "%s removed", "%s removed",
	"new %s \"%s\"", "new %s", "deleted", "moved to %.*s", "mode %o → %o",
	"comments or layout only", "new", "changed", "%zu record: ", "%zu records: ",
	"%zu new", "%zu changed", "%zu deleted", "schema: ", "%zu other file",
	"%zu other files", ", ",
};

static const struct words chinese = {
	1, "（另 %zu 项）", "%s: %zu 项修改", "新增%s", "删除%s", "清空%s",
	"新建%s \"%s\"", "新建%s", "删除", "移至 %.*s", "权限 %o → %o",
	"仅注释或格式", "新增", "修改", "%zu 条记录: ", "%zu 条记录: ",
	"新建 %zu", "修改 %zu", "删除 %zu", "架构: ", "其他文件 %zu 个",
	"其他文件 %zu 个", "，",
};

static const struct words *words_for(const struct tz_schema *schema)
{
	return schema && schema->language && !strcmp(schema->language, "zh_CN") ? &chinese : &english;
}

/* A field of a change as the message names it: "status", "log.003.action",
 * or with labels "状态", "办理记录 003 动作". Sets *f to its definition when
 * there is one. */
static void field_words(struct tz_buf *out, const struct words *w, const struct tz_type *t,
			const char *field, const struct tz_fdef **f)
{
	*f = tz_fdiff_field(t, field);
	if (w->labels)
		tz_fdiff_label(out, t, field);
	else
		tz_buf_puts(out, field);
}

/* A part entry ("log.003") as the message names it: "log.003", "办理记录 003". */
static void section_words(struct tz_buf *out, const struct words *w, const struct tz_type *t, const char *sec)
{
	const char *dot = strchr(sec, '.');
	char *pname = dot ? tz_strndup(sec, (size_t)(dot - sec)) : NULL;
	const struct tz_partdef *p = t && pname ? tz_type_part(t, pname) : NULL;

	if (w->labels && p && p->label)
		tz_buf_printf(out, "%s %s", p->label, dot + 1);
	else
		tz_buf_puts(out, sec);
	free(pname);
}

/* A value as the message shows it: an enum's label when labels are wanted. */
static void value_words(struct tz_buf *out, const struct words *w, const struct tz_fdef *f,
			const char *value, size_t max)
{
	if (w->labels && f && f->type == TZ_ENUM && value)
		value = tz_fdef_enum_label(f, value);
	tz_fdiff_short(out, value, max);
}

struct item {
	char *id;		/* "ISS-0042", or the path of a file that is no record */
	char **pieces;		/* "status open → resolved" */
	char **names;		/* "status": the piece in a word */
	size_t npieces, alloc;
	struct tz_buf full;	/* "ISS-0042: status open → resolved, ..." */
};

static void add_piece(struct item *it, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void add_piece(struct item *it, const char *name, const char *fmt, ...)
{
	struct tz_buf b = TZ_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	tz_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (it->npieces + 1 > it->alloc) {
		it->alloc = it->alloc ? 2 * it->alloc : 8;
		it->pieces = tz_realloc(it->pieces, it->alloc * sizeof(*it->pieces));
		it->names = tz_realloc(it->names, it->alloc * sizeof(*it->names));
	}
	it->names[it->npieces] = tz_strdup(name);
	it->pieces[it->npieces++] = tz_buf_detach(&b);
}

static void item_release(struct item *it)
{
	for (size_t i = 0; i < it->npieces; i++) {
		free(it->pieces[i]);
		free(it->names[i]);
	}
	free(it->pieces);
	free(it->names);
	free(it->id);
	tz_buf_release(&it->full);
}

/* "ID: " and the first k pieces in full, the others by name, or, with
 * count_rest, only counted: "ID: status a → b (+3 more)". */
static void summary_line(struct tz_buf *out, const struct words *w, const struct item *it,
			 size_t k, int count_rest)
{
	tz_buf_printf(out, "%s: ", it->id);
	for (size_t j = 0; j < it->npieces; j++) {
		if (count_rest && j >= k) {
			tz_buf_printf(out, w->more, it->npieces - k);
			break;
		}
		tz_buf_printf(out, "%s%s", j ? w->sep : "", j < k ? it->pieces[j] : it->names[j]);
	}
}

/* Whether a part entry (section) is in r at all. */
static int has_section(const struct tz_record *r, const char *name)
{
	return r && tz_record_section(r, name) != NULL;
}

/* Describe the field changes of one record as pieces: a part entry added
 * or removed as a whole is one piece. */
static void describe_fields(struct item *it, const struct words *w, const struct tz_type *t,
			    const struct tz_fdiff *d, const struct tz_record *o, const struct tz_record *n)
{
	char *done_section = NULL;

	for (size_t i = 0; i < d->n; i++) {
		const struct tz_fchange *c = &d->v[i];
		const char *dot = strrchr(c->field, '.');
		const struct tz_fdef *f;
		struct tz_buf ov = TZ_BUF_INIT, nv = TZ_BUF_INIT, name = TZ_BUF_INIT;

		if (dot) {
			char *sec = tz_strndup(c->field, (size_t)(dot - c->field));
			int whole_new = !has_section(o, sec), whole_gone = !has_section(n, sec);
			if ((whole_new || whole_gone) && done_section && !strcmp(done_section, sec)) {
				free(sec);
				continue;
			}
			if (whole_new || whole_gone) {
				section_words(&name, w, t, sec);
				add_piece(it, name.ptr, whole_new ? w->added : w->removed, name.ptr);
				tz_buf_release(&name);
				free(done_section);
				done_section = sec;
				continue;
			}
			free(sec);
		}
		field_words(&name, w, t, c->field, &f);
		value_words(&ov, w, f, c->old_value, 24);
		value_words(&nv, w, f, c->new_value, 24);
		if (c->old_value && c->new_value)
			add_piece(it, name.ptr, "%s %s → %s", name.ptr, ov.ptr, nv.ptr);
		else if (c->new_value)
			add_piece(it, name.ptr, "%s %s", name.ptr, nv.ptr);
		else
			add_piece(it, name.ptr, w->field_removed, name.ptr);
		tz_buf_release(&ov);
		tz_buf_release(&nv);
		tz_buf_release(&name);
	}
	free(done_section);
}

static int describe(struct item *it, const struct words *w, struct tz_repo *repo,
		    const struct tz_change *c, int *kind)
{
	struct tz_record *o = NULL, *n = NULL;
	struct tz_fdiff d = TZ_FDIFF_INIT;

	it->id = tz_strdup(c->id ? c->id : c->new_path ? c->new_path : c->old_path);
	*kind = !c->old_path ? 0 : !c->new_path ? 2 : 1;
	if (!c->id) {
		const char *what = *kind == 0 ? w->file_new : *kind == 2 ? w->deleted : w->file_changed;
		add_piece(it, what, "%s", what);
		goto join;
	}
	if (tz_change_parse(&o, repo, c, 0) < 0 || tz_change_parse(&n, repo, c, 1) < 0) {
		tz_record_free(o);
		return -1;
	}
	if (*kind == 0) {
		const char *title = c->type->title ? tz_fdiff_value(n, c->type->title) : NULL;
		struct tz_buf t = TZ_BUF_INIT;
		tz_fdiff_short(&t, title, 30);
		const char *tname = w->labels && c->type->label ? c->type->label : c->type->name;
		if (title)
			add_piece(it, w->file_new, w->new_titled, tname, t.ptr);
		else
			add_piece(it, w->file_new, w->new_plain, tname);
		tz_buf_release(&t);
	} else if (*kind == 2) {
		add_piece(it, w->deleted, "%s", w->deleted);
	} else {
		if (strcmp(c->old_path, c->new_path)) {
			const char *slash = strrchr(c->new_path, '/');
			add_piece(it, "moved", w->moved, (int)(slash ? slash - c->new_path + 1 : 0), c->new_path);
		}
		if (c->old_mode != c->new_mode)
			add_piece(it, "mode", w->mode, (unsigned)c->old_mode, (unsigned)c->new_mode);
		tz_fdiff_records(&d, o, n);
		describe_fields(it, w, c->type, &d, o, n);
		if (!it->npieces)
			add_piece(it, "layout", "%s", w->layout);
	}
join:
	summary_line(&it->full, w, it, it->npieces, 0);
	tz_fdiff_release(&d);
	tz_record_free(o);
	tz_record_free(n);
	return 0;
}

static void count_part(struct tz_buf *b, const struct words *w, size_t n, const char *fmt)
{
	if (!n)
		return;
	if (b->len && b->ptr[b->len - 1] != ' ')
		tz_buf_puts(b, w->sep);
	tz_buf_printf(b, fmt, n);
}

int tz_message_write(struct tz_buf *out, struct tz_repo *repo, const struct tz_schema *schema,
		     const struct tz_changes *changes)
{
	const struct words *w = words_for(schema);
	struct item *items = tz_calloc(changes->n + 1, sizeof(*items));
	size_t records = 0, counts[3] = { 0, 0, 0 }, schema_files = 0, other = 0;
	int ret = -1;

	for (size_t i = 0; i < changes->n; i++) {
		const struct tz_change *c = &changes->v[i];
		const char *path = c->new_path ? c->new_path : c->old_path;
		int kind;
		if (describe(&items[i], w, repo, c, &kind) < 0)
			goto out;
		if (c->id) {
			records++;
			counts[kind]++;
		} else if (!strncmp(path, "schema/", 7)) {
			schema_files++;
		} else {
			other++;
		}
	}
	if (changes->n == 1) {
		/* the first pieces in full and the rest by name, as many in full
		 * as fit in the summary line; the body has them all */
		struct item *it = &items[0];
		struct tz_buf line = TZ_BUF_INIT;
		size_t k = it->npieces + 1;

		/* values say more than names: rather "status a → b (+3 more)"
		 * than every change by name alone */
		while (k-- > 0) {
			tz_buf_clear(&line);
			summary_line(&line, w, it, k, 0);
			if (tz_utf8_width(line.ptr) <= SUMMARY_WIDTH)
				break;
			if (k > 0) {
				tz_buf_clear(&line);
				summary_line(&line, w, it, k, 1);
				if (tz_utf8_width(line.ptr) <= SUMMARY_WIDTH)
					break;
			}
		}
		if (k == it->npieces)
			tz_buf_printf(out, "%s\n", line.ptr);
		else if (k != (size_t)-1)
			tz_buf_printf(out, "%s\n\n", line.ptr);
		else
		{
			tz_buf_printf(out, w->nchanges, it->id, it->npieces);
			tz_buf_puts(out, "\n\n");
		}
		for (size_t j = 0; k != it->npieces && j < it->npieces; j++)
			tz_buf_printf(out, "%s\n", it->pieces[j]);
		tz_buf_release(&line);
		ret = 0;
		goto out;
	}
	if (records) {
		tz_buf_printf(out, records == 1 ? w->records_one : w->records_many, records);
		count_part(out, w, counts[0], w->count_new);
		count_part(out, w, counts[1], w->count_changed);
		count_part(out, w, counts[2], w->count_deleted);
	}
	if (schema_files) {
		if (records)
			tz_buf_puts(out, "; ");
		tz_buf_puts(out, w->schema);
		for (size_t i = 0, k = 0; i < changes->n; i++) {
			const struct tz_change *c = &changes->v[i];
			const char *path = c->new_path ? c->new_path : c->old_path;
			if (!c->id && !strncmp(path, "schema/", 7))
				tz_buf_printf(out, "%s%s", k++ ? w->sep : "", path + 7);
		}
	}
	if (other) {
		if (records || schema_files)
			tz_buf_puts(out, "; ");
		tz_buf_printf(out, other == 1 ? w->other_one : w->other_many, other);
	}
	tz_buf_puts(out, "\n\n");
	for (size_t i = 0; i < changes->n; i++)
		tz_buf_printf(out, "%s\n", items[i].full.ptr);
	ret = 0;
out:
	for (size_t i = 0; i < changes->n; i++)
		item_release(&items[i]);
	free(items);
	return ret;
}
