/* renumber.c - `tz renumber`: find the record by ID in the working tree,
 * choose its new ID, write it under the new name, rewrite the references
 * to it (tz_edit keeps every other byte), then remove the old file. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "durable.h"
#include "edit.h"
#include "error.h"
#include "load.h"
#include "idtemplate.h"
#include "nextid.h"
#include "place.h"
#include "record.h"
#include "renumber.h"
#include "schema.h"
#include "i18n.h"

void tz_renumber_result_release(struct tz_renumber_result *r)
{
	tz_buf_release(&r->old_path);
	tz_buf_release(&r->new_path);
	tz_buf_release(&r->new_id);
}

/* What a walk of the working tree collects. */
struct scan {
	struct tz_source *src;
	const struct tz_schema *schema;
	const char *id;
	const struct tz_type *found_type;	/* the record with id */
	struct tz_buf found_path;
	int found;				/* how many types have it */
	const struct tz_type *numbered;		/* counting numbers of this type */
	const char *prefix, *suffix;
	unsigned long max;
	struct tz_buf id_buf, why;
};

static int scan_file(const struct tz_entry *e, void *payload)
{
	struct scan *s = payload;
	struct tz_type *t;

	tz_buf_clear(&s->why);
	if (e->kind != TZ_ENTRY_FILE || tz_place_record(s->schema, e->path, &t, &s->id_buf, &s->why) < 0)
		return 0;
	if (s->id && !strcmp(s->id_buf.ptr, s->id) && t != s->found_type) {
		s->found++;
		s->found_type = t;
		tz_buf_clear(&s->found_path);
		tz_buf_puts(&s->found_path, e->path);
	}
	if (s->numbered == t) {
		unsigned long n = tz_id_number(s->id_buf.ptr, s->prefix, s->suffix);
		if (n > s->max)
			s->max = n;
	}
	return 0;
}

static int read_file(struct tz_buf *out, const char *path)
{
	FILE *fp = fopen(path, "rb");
	char chunk[65536];
	size_t n;

	tz_buf_clear(out);
	if (!fp)
		return tz_error_set(_("cannot read %s: %s"), path, strerror(errno));
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		tz_buf_put(out, chunk, n);
	n = ferror(fp);
	fclose(fp);
	return n ? tz_error_set(_("cannot read %s"), path) : 0;
}

/* value with every list item equal to old replaced by new; 0 when none is. */
static int replace_items(struct tz_buf *out, const char *value, const char *old, const char *new, int multiple)
{
	char *copy = tz_strdup(value), *item = copy;
	int hits = 0;

	tz_buf_clear(out);
	while (item) {
		char *comma = multiple ? strchr(item, ',') : NULL, *a = item, *e;
		if (comma)
			*comma = '\0';
		while (*a && strchr(" \t\n", *a))
			a++;
		e = a + strlen(a);
		while (e > a && strchr(" \t\n", e[-1]))
			*--e = '\0';
		if (!strcmp(a, old)) {
			a = (char *)new;
			hits++;
		}
		tz_buf_printf(out, "%s%s", out->len ? ", " : "", a);
		item = comma ? comma + 1 : NULL;
	}
	free(copy);
	return hits;
}

/* Rewrite the references to (target, old) in one file; how many. */
static int rewrite_refs(struct tz_repo *repo, const struct tz_schema *schema, const char *path,
			const struct tz_type *target, const char *old, const char *new, size_t *refs)
{
	struct tz_diag_list ignored = TZ_DIAG_LIST_INIT;
	struct tz_buf full = TZ_BUF_INIT, data = TZ_BUF_INIT, v = TZ_BUF_INIT, why = TZ_BUF_INIT;
	struct tz_type *t = tz_place_type(schema, path);
	struct tz_record *r = NULL;
	struct tz_edit *e = NULL;
	size_t hits = 0;
	int ret = -1;

	tz_buf_printf(&full, "%s%s", repo->workdir, path);
	if (!t || read_file(&data, full.ptr) < 0)
		goto out;
	if (!data.len || !memmem(data.ptr, data.len, old, strlen(old))) {
		ret = 0;
		goto out;
	}
	r = tz_record_parse(path, data.ptr, data.len, &ignored);
	e = tz_edit_new(data.ptr, data.len);
	for (size_t i = 0; r && i < r->nsections; i++) {
		const struct tz_section *s = &r->sections[i];
		const struct tz_fdef *defs = t->fields;
		size_t ndefs = t->nfields;

		if (i > 0) {
			const char *dot = strchr(s->name, '.');
			char *pname = dot ? tz_strndup(s->name, (size_t)(dot - s->name)) : tz_strdup(s->name);
			const struct tz_partdef *p = tz_type_part(t, pname);
			free(pname);
			if (!p)
				continue;
			defs = p->fields;
			ndefs = p->nfields;
		} else if (strcmp(s->name, t->name)) {
			break;
		}
		for (size_t k = 0; k < ndefs; k++) {
			const char *val = defs[k].type == TZ_REF && defs[k].target == target
					  ? tz_section_get(s, defs[k].name) : NULL;
			int n = val ? replace_items(&v, val, old, new, defs[k].multiple) : 0;
			if (!n)
				continue;
			if (tz_edit_set(e, s->name, defs[k].name, v.ptr, NULL, 0, &why) < 0) {
				tz_error_set("%s: %s", path, why.ptr);
				goto out;
			}
			hits += (size_t)n;
		}
	}
	if (hits) {
		tz_buf_clear(&data);
		tz_edit_write(e, &data);
		if (tz_durable_write(full.ptr, data.ptr, data.len, 0) < 0)
			goto out;
	}
	*refs += hits;
	ret = hits ? 1 : 0;
out:
	tz_edit_free(e);
	tz_record_free(r);
	tz_diag_list_release(&ignored);
	tz_buf_release(&full);
	tz_buf_release(&data);
	tz_buf_release(&v);
	tz_buf_release(&why);
	return ret;
}

/* Collect the record files of the types that refer to target. */
struct referrers {
	const struct tz_schema *schema;
	const struct tz_type *target;
	char **paths;
	size_t n, alloc;
};

static int refers(const struct tz_type *t, const struct tz_type *target)
{
	for (size_t i = 0; i < t->nfields; i++)
		if (t->fields[i].type == TZ_REF && t->fields[i].target == target)
			return 1;
	for (size_t p = 0; p < t->nparts; p++)
		for (size_t i = 0; i < t->parts[p].nfields; i++)
			if (t->parts[p].fields[i].type == TZ_REF && t->parts[p].fields[i].target == target)
				return 1;
	return 0;
}

static int collect_referrer(const struct tz_entry *e, void *payload)
{
	struct referrers *r = payload;
	const struct tz_type *t = tz_place_type(r->schema, e->path);

	if (e->kind == TZ_ENTRY_FILE && t && refers(t, r->target)) {
		TZ_ALLOC_GROW(r->paths, r->n + 1, r->alloc);
		r->paths[r->n++] = tz_strdup(e->path);
	}
	return 0;
}

int tz_renumber(struct tz_renumber_result *res, struct tz_repo *repo, const char *id,
		const char *new_id, struct tz_buf *why)
{
	struct tz_diag_list ignored = TZ_DIAG_LIST_INIT;
	struct tz_schema *schema = NULL;
	struct tz_source src;
	struct scan s;
	struct referrers refs = { NULL, NULL, NULL, 0, 0 };
	struct tz_buf prefix = TZ_BUF_INIT, suffix = TZ_BUF_INIT, data = TZ_BUF_INIT, full = TZ_BUF_INIT;
	struct tz_type *nt;
	int ret = -1, width, rc;

	memset(&s, 0, sizeof(s));
	if (tz_source_open(&src, repo, NULL) < 0)
		return -1;
	if (tz_schema_load(&schema, &src, &ignored, NULL) < 0)
		goto out;
	s.src = &src;
	s.schema = schema;
	s.id = id;
	if (tz_source_walk(&src, "records", scan_file, &s) < 0)
		goto out;
	ret = 1;
	if (!s.found) {
		tz_buf_printf(why, _("no record has the ID \"%s\""), id);
		goto out;
	}
	if (s.found > 1) {
		tz_buf_printf(why, _("several types have a record \"%s\""), id);
		goto out;
	}
	tz_buf_puts(&res->old_path, s.found_path.ptr);
	if (!new_id) {
		const struct tz_type *t = s.found_type;
		int year = 0;
		if (!t->next_id) {
			tz_buf_printf(why, _("type %s has no next_id template: name the new ID"), t->name);
			goto out;
		}
		tz_buf_printf(&full, "%s%s", repo->workdir, s.found_path.ptr);
		if (t->id_date && read_file(&data, full.ptr) == 0) {
			struct tz_record *r = tz_record_parse(s.found_path.ptr, data.ptr ? data.ptr : "", data.len, &ignored);
			const char *d = r && r->nsections ? tz_section_get(&r->sections[0], t->id_date) : NULL;
			if (d && strlen(d) >= 4)
				year = atoi(d);
			tz_record_free(r);
		}
		if (!year)
			year = atoi(id + strcspn(id, "0123456789"));
		if (tz_id_template_split(t->next_id, year, &prefix, &suffix, &width) < 0) {
			tz_buf_printf(why, _("type %s: bad next_id template"), t->name);
			goto out;
		}
		s.numbered = t;
		s.prefix = prefix.ptr ? prefix.ptr : "";
		s.suffix = suffix.ptr ? suffix.ptr : "";
		s.id = NULL;
		if (tz_source_walk(&src, "records", scan_file, &s) < 0 ||
		    tz_nextid_scan_refs(&s.max, repo, t, s.prefix, s.suffix) < 0) {
			ret = -1;
			goto out;
		}
		tz_id_template_format(&res->new_id, t->next_id, year, s.max + 1);
	} else {
		tz_buf_puts(&res->new_id, new_id);
	}
	/* the same shard, the new name */
	tz_buf_clear(&s.id_buf);
	tz_place_shard(&s.id_buf, s.found_type, res->old_path.ptr);
	tz_place_path(&res->new_path, s.found_type, s.id_buf.ptr, res->new_id.ptr);
	tz_buf_clear(&s.why);
	if (tz_place_record(schema, res->new_path.ptr, &nt, &s.id_buf, &s.why) < 0 || nt != s.found_type) {
		if (s.why.len)
			tz_buf_printf(why, _("cannot use \"%s\": %s"), res->new_id.ptr, s.why.ptr);
		else
			tz_buf_printf(why, _("cannot use \"%s\": it is another type's ID"), res->new_id.ptr);
		goto out;
	}
	s.id = res->new_id.ptr;
	s.found = 0;
	s.found_type = NULL;
	s.numbered = NULL;
	if (tz_source_walk(&src, "records", scan_file, &s) < 0) {
		ret = -1;
		goto out;
	}
	if (s.found && s.found_type == nt) {
		tz_buf_printf(why, _("%s already has the ID \"%s\""), s.found_path.ptr, res->new_id.ptr);
		goto out;
	}
	/* write the new file, rewrite the references, remove the old file */
	tz_buf_clear(&full);
	tz_buf_printf(&full, "%s%s", repo->workdir, res->old_path.ptr);
	if (read_file(&data, full.ptr) < 0) {
		ret = -1;
		goto out;
	}
	tz_buf_clear(&full);
	tz_buf_printf(&full, "%s%s", repo->workdir, res->new_path.ptr);
	rc = tz_durable_write(full.ptr, data.ptr ? data.ptr : "", data.len, TZ_DURABLE_NEW);
	if (rc != 0) {
		if (rc > 0)
			tz_buf_printf(why, _("%s already exists"), res->new_path.ptr);
		ret = rc > 0 ? 1 : -1;
		goto out;
	}
	refs.schema = schema;
	refs.target = nt;
	if (tz_source_walk(&src, "records", collect_referrer, &refs) < 0) {
		ret = -1;
		goto out;
	}
	for (size_t i = 0; i < refs.n; i++) {
		rc = rewrite_refs(repo, schema, refs.paths[i], nt, id, res->new_id.ptr, &res->refs);
		if (rc < 0) {
			ret = -1;
			goto out;
		}
		res->files += (size_t)rc;
	}
	tz_buf_clear(&full);
	tz_buf_printf(&full, "%s%s", repo->workdir, res->old_path.ptr);
	if (unlink(full.ptr) < 0) {
		ret = tz_error_set(_("cannot remove %s: %s"), res->old_path.ptr, strerror(errno));
		goto out;
	}
	ret = 0;
out:
	for (size_t i = 0; i < refs.n; i++)
		free(refs.paths[i]);
	free(refs.paths);
	tz_schema_free(schema);
	tz_source_release(&src);
	tz_diag_list_release(&ignored);
	tz_buf_release(&s.found_path);
	tz_buf_release(&s.id_buf);
	tz_buf_release(&s.why);
	tz_buf_release(&prefix);
	tz_buf_release(&suffix);
	tz_buf_release(&data);
	tz_buf_release(&full);
	return ret;
}
