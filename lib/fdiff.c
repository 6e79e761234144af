/* fdiff.c - field-level difference of two parsed records. Records are small
 * (tens of fields, a few dozen part entries), so sections and keys are
 * matched by name with plain scans. */
#include <stdlib.h>
#include <string.h>
#include "fdiff.h"

static char *dup_value(const char *v)
{
	return v && *v ? tz_strdup(v) : NULL;
}

void tz_fdiff_add(struct tz_fdiff *out, const char *field, const char *old_value,
		  const char *new_value, int old_line, int new_line)
{
	struct tz_fchange *c;

	TZ_ALLOC_GROW(out->v, out->n + 1, out->alloc);
	c = &out->v[out->n++];
	c->field = tz_strdup(field);
	c->old_value = dup_value(old_value);
	c->new_value = dup_value(new_value);
	c->old_line = old_line;
	c->new_line = new_line;
}

static void change_release(struct tz_fchange *c)
{
	free(c->field);
	free(c->old_value);
	free(c->new_value);
}

void tz_fdiff_remove(struct tz_fdiff *d, size_t i)
{
	change_release(&d->v[i]);
	memmove(&d->v[i], &d->v[i + 1], (d->n - i - 1) * sizeof(*d->v));
	d->n--;
}

void tz_fdiff_release(struct tz_fdiff *d)
{
	for (size_t i = 0; i < d->n; i++)
		change_release(&d->v[i]);
	free(d->v);
	d->v = NULL;
	d->n = d->alloc = 0;
}

/* The first field called key in s with a non-empty value, or NULL. */
static const struct tz_field *present(const struct tz_section *s, const char *key)
{
	if (!s)
		return NULL;
	for (size_t i = 0; i < s->nfields; i++)
		if (s->fields[i].value[0] && !strcmp(s->fields[i].key, key))
			return &s->fields[i];
	return NULL;
}

/* Compare the fields of two versions of one section (either may be NULL). */
static size_t diff_section(struct tz_fdiff *out, const char *prefix,
			   const struct tz_section *o, const struct tz_section *n)
{
	struct tz_buf name = TZ_BUF_INIT;
	size_t added = 0;

	for (size_t i = 0; n && i < n->nfields; i++) {
		const struct tz_field *nf = &n->fields[i], *of;
		if (!nf->value[0] || present(n, nf->key) != nf)
			continue;
		of = present(o, nf->key);
		if (of && !strcmp(of->value, nf->value))
			continue;
		tz_buf_clear(&name);
		tz_buf_printf(&name, "%s%s", prefix, nf->key);
		tz_fdiff_add(out, name.ptr, of ? of->value : NULL, nf->value, of ? of->line : 0, nf->line);
		added++;
	}
	for (size_t i = 0; o && i < o->nfields; i++) {
		const struct tz_field *of = &o->fields[i];
		if (!of->value[0] || present(o, of->key) != of || present(n, of->key))
			continue;
		tz_buf_clear(&name);
		tz_buf_printf(&name, "%s%s", prefix, of->key);
		tz_fdiff_add(out, name.ptr, of->value, NULL, of->line, 0);
		added++;
	}
	tz_buf_release(&name);
	return added;
}

static const struct tz_section *main_section(const struct tz_record *r)
{
	return r && r->nsections ? &r->sections[0] : NULL;
}

/* Part entry name in r other than the main section, or NULL. */
static const struct tz_section *part_entry(const struct tz_record *r, const char *name)
{
	for (size_t i = 1; r && i < r->nsections; i++)
		if (!strcmp(r->sections[i].name, name))
			return &r->sections[i];
	return NULL;
}

size_t tz_fdiff_records(struct tz_fdiff *out, const struct tz_record *old, const struct tz_record *new)
{
	struct tz_buf prefix = TZ_BUF_INIT;
	size_t added;

	added = diff_section(out, "", main_section(old), main_section(new));
	for (size_t i = 1; new && i < new->nsections; i++) {
		const struct tz_section *s = &new->sections[i];
		tz_buf_clear(&prefix);
		tz_buf_printf(&prefix, "%s.", s->name);
		added += diff_section(out, prefix.ptr, part_entry(old, s->name), s);
	}
	for (size_t i = 1; old && i < old->nsections; i++) {
		const struct tz_section *s = &old->sections[i];
		if (part_entry(new, s->name))
			continue;
		tz_buf_clear(&prefix);
		tz_buf_printf(&prefix, "%s.", s->name);
		added += diff_section(out, prefix.ptr, s, NULL);
	}
	tz_buf_release(&prefix);
	return added;
}

size_t tz_fdiff_files(struct tz_fdiff *out, const char *old_path, const struct tz_record *old,
		      const char *new_path, const struct tz_record *new)
{
	size_t added = 0;

	if (!old_path || !new_path || strcmp(old_path, new_path)) {
		tz_fdiff_add(out, TZ_FDIFF_PATH, old_path, new_path, 0, 0);
		added++;
	}
	return added + tz_fdiff_records(out, old, new);
}

const char *tz_fdiff_value(const struct tz_record *r, const char *field)
{
	const char *dot = strrchr(field, '.');
	const struct tz_field *f;

	if (!r || !r->nsections)
		return NULL;
	if (!dot) {
		f = present(&r->sections[0], field);
	} else {
		char *sec = tz_strndup(field, (size_t)(dot - field));
		f = present(part_entry(r, sec), dot + 1);
		free(sec);
	}
	return f ? f->value : NULL;
}

const struct tz_fdef *tz_fdiff_field(const struct tz_type *t, const char *field)
{
	const char *last = strrchr(field, '.'), *first = strchr(field, '.');
	const struct tz_partdef *p;
	char *pname;

	if (!t)
		return NULL;
	if (!first)
		return tz_type_field(t, field);
	if (last == first)
		return NULL;
	pname = tz_strndup(field, (size_t)(first - field));
	p = tz_type_part(t, pname);
	free(pname);
	return p ? tz_part_field(p, last + 1) : NULL;
}

void tz_fdiff_label(struct tz_buf *out, const struct tz_type *t, const char *field)
{
	const char *last = strrchr(field, '.'), *first = strchr(field, '.');
	const struct tz_fdef *f = strcmp(field, TZ_FDIFF_PATH) ? tz_fdiff_field(t, field) : NULL;
	const struct tz_partdef *p;
	char *pname;

	if (!f) {
		tz_buf_puts(out, field);
		return;
	}
	if (!first) {
		tz_buf_puts(out, f->label);
		return;
	}
	pname = tz_strndup(field, (size_t)(first - field));
	p = tz_type_part(t, pname);
	free(pname);
	tz_buf_printf(out, "%s ", p->label ? p->label : p->name);
	tz_buf_put(out, first + 1, (size_t)(last - first - 1));
	tz_buf_printf(out, " %s", f->label);
}

void tz_fdiff_short(struct tz_buf *out, const char *value, size_t max)
{
	size_t chars = 0, i = 0;

	if (!value)
		return;
	while (value[i] && value[i] != '\n' && chars < max) {
		size_t len = 1;
		while ((value[i + len] & 0xC0) == 0x80)
			len++;
		tz_buf_put(out, value + i, len);
		i += len;
		chars++;
	}
	if (value[i])
		tz_buf_puts(out, "…");
}
