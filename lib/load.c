/* load.c - the schema of a version, and where each record file belongs. */
#include <string.h>
#include "error.h"
#include "i18n.h"
#include "load.h"
#include "text.h"

struct schema_walk {
	struct tz_source *src;
	struct tz_schema *schema;
	struct tz_diag_list *diags;
	struct tz_buf data;
	size_t files;
};

/* The languages that generated text (commit messages) can be written in. */
static const char *const languages[] = { "en", "zh_CN" };

/* schema/repository.ini: the repository's own settings, [repository] with
 * `language`. A finding for anything else; the schema keeps the language. */
static int repository_file(struct schema_walk *w, const struct tz_entry *e)
{
	struct tz_diag_list found = TZ_DIAG_LIST_INIT;
	struct tz_record *r;
	int rc = e->kind == TZ_ENTRY_FILE ? tz_source_read(w->src, e, TZ_RECORD_MAX_SIZE, &w->data) : 1;

	if (rc < 0)
		return -1;
	if (rc > 0) {
		tz_diag_add(w->diags, e->path, 1, TZ_ERROR, _("not a regular file of at most 1 MiB"));
		w->schema->errors++;
		return 0;
	}
	r = tz_record_parse(e->path, w->data.ptr ? w->data.ptr : "", w->data.len, &found);
	for (size_t i = 0; r && i < r->nsections; i++) {
		const struct tz_section *s = &r->sections[i];
		if (strcmp(s->name, "repository")) {
			tz_diag_add(&found, e->path, s->line, TZ_ERROR, _("unknown section \"[%s]\" (only [repository])"), s->name);
			continue;
		}
		for (size_t k = 0; k < s->nfields; k++) {
			const struct tz_field *f = &s->fields[k];
			size_t l = 0;
			if (strcmp(f->key, "language")) {
				tz_diag_add(&found, e->path, f->line, TZ_ERROR, _("unknown setting \"%s\" (only language)"), f->key);
				continue;
			}
			while (l < sizeof(languages) / sizeof(*languages) && strcmp(f->value, languages[l]))
				l++;
			if (l == sizeof(languages) / sizeof(*languages)) {
				tz_diag_add(&found, e->path, f->line, TZ_ERROR, _("language: \"%s\" is not one of en, zh_CN"), f->value);
			} else {
				free(w->schema->language);
				w->schema->language = l ? tz_strdup(f->value) : NULL;
			}
		}
	}
	tz_record_free(r);
	w->schema->errors += (int)found.errors;
	tz_diag_move(w->diags, &found);
	return 0;
}

static int schema_file(const struct tz_entry *e, void *payload)
{
	struct schema_walk *w = payload;
	size_t n = strlen(e->path);
	int rc;

	if (n < 4 || strcmp(e->path + n - 4, ".ini") || strchr(e->path + 7, '/'))
		return 0;	/* READMEs and subfolders of schema/ are not types */
	if (!strcmp(e->path, "schema/repository.ini"))
		return repository_file(w, e);	/* the repository's language */
	if (tz_schema_is_setting(e->path))
		return 0;	/* the access policy, the calendar, the briefing's settings */
	w->files++;
	if (e->kind == TZ_ENTRY_SYMLINK) {
		tz_diag_add(w->diags, e->path, 1, TZ_ERROR, _("symbolic link (never followed)"));
		w->schema->errors++;
		return 0;
	}
	if (e->kind != TZ_ENTRY_FILE) {
		tz_diag_add(w->diags, e->path, 1, TZ_ERROR, _("not a regular file"));
		w->schema->errors++;
		return 0;
	}
	rc = tz_source_read(w->src, e, TZ_RECORD_MAX_SIZE, &w->data);
	if (rc < 0)
		return -1;
	if (rc > 0) {
		tz_diag_add(w->diags, e->path, 1, TZ_ERROR, _("file is larger than 1 MiB (%zu bytes)"), w->data.len);
		w->schema->errors++;
		return 0;
	}
	tz_schema_add_file(w->schema, e->path, w->data.ptr ? w->data.ptr : "", w->data.len, w->diags);
	return 0;
}

int tz_schema_load(struct tz_schema **out, struct tz_source *src,
		   struct tz_diag_list *diags, size_t *nfiles)
{
	struct schema_walk w = { src, NULL, diags, TZ_BUF_INIT, 0 };

	*out = NULL;
	if (!tz_source_is_dir(src, "schema"))
		return src->tree ? tz_error_set(_("not a records repository: no schema/ directory in that revision"))
				 : tz_error_set(_("not a records repository: no schema/ directory"));
	w.schema = tz_schema_new();
	if (tz_source_walk(src, "schema", schema_file, &w) < 0) {
		tz_buf_release(&w.data);
		tz_schema_free(w.schema);
		return -1;
	}
	tz_buf_release(&w.data);
	tz_schema_finish(w.schema, diags);
	if (nfiles)
		*nfiles = w.files;
	*out = w.schema;
	return 0;
}

int tz_schema_is_setting(const char *path)
{
	static const char *const settings[] = {
		"schema/policy.ini", "schema/calendar.ini", "schema/report.ini", "schema/assessment.ini",
		"schema/repository.ini",
	};

	for (size_t i = 0; i < sizeof(settings) / sizeof(*settings); i++)
		if (!strcmp(path, settings[i]))
			return 1;
	return 0;
}

int tz_record_place(const struct tz_schema *s, const char *path,
		    struct tz_type **type, struct tz_buf *id, struct tz_buf *why)
{
	const char *base = strrchr(path, '/');
	size_t n;

	base = base ? base + 1 : path;
	n = strlen(base);
	tz_buf_clear(id);
	*type = tz_schema_type_for_path(s, path);
	if (!*type) {
		struct tz_buf dirs = TZ_BUF_INIT;
		for (size_t i = 0; i < s->ntypes; i++)
			if (s->types[i].dir)
				tz_buf_printf(&dirs, "%srecords/%s/", dirs.len ? ", " : "", s->types[i].dir);
		if (dirs.len)
			/* TRANSLATORS: %s lists the folders, "records/issues/, records/units/" */
			tz_buf_printf(why, _("not in the directory of any record type (%s)"), dirs.ptr);
		else
			tz_buf_puts(why, _("not in the directory of any record type (schema/ defines none)"));
		tz_buf_release(&dirs);
		return -1;
	}
	if (n < 5 || strcmp(base + n - 4, ".ini")) {
		tz_buf_puts(why, _("not a record: record files end in .ini"));
		return -1;
	}
	tz_buf_put(id, base, n - 4);
	if (strspn(id->ptr, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-") != id->len ||
	    strstr(id->ptr, "..")) {
		struct tz_buf q = TZ_BUF_INIT;
		tz_text_quote(&q, id->ptr);
		tz_buf_printf(why, _("ID \"%s\" may only have A-Z a-z 0-9 . _ - (and no \"..\")"), q.ptr);
		tz_buf_release(&q);
		return -1;
	}
	if ((*type)->has_id_re && !tz_ere_match(&(*type)->id_re, id->ptr)) {
		tz_buf_printf(why, _("ID \"%s\" does not match the %s ID pattern \"%s\""), id->ptr, (*type)->name, (*type)->id_src);
		return -1;
	}
	return 0;
}

/* Depth first below tree (at path prefix) for name, skipping `except`. */
static int find_below(struct tz_buf *path, git_oid *oid, git_repository *repo, git_tree *tree,
		      const char *name, const char *except)
{
	const git_tree_entry *e = git_tree_entry_byname(tree, name);
	size_t len = path->len;

	if (e && git_tree_entry_type(e) == GIT_OBJECT_BLOB) {
		tz_buf_puts(path, name);
		if (!except || strcmp(path->ptr, except)) {
			git_oid_cpy(oid, git_tree_entry_id(e));
			return 1;
		}
		path->len = len;
		path->ptr[len] = '\0';
	}
	for (size_t i = 0; i < git_tree_entrycount(tree); i++) {
		const git_tree_entry *sub = git_tree_entry_byindex(tree, i);
		git_tree *t;
		int rc;

		if (git_tree_entry_type(sub) != GIT_OBJECT_TREE || git_tree_entry_name(sub)[0] == '.')
			continue;
		if (git_tree_lookup(&t, repo, git_tree_entry_id(sub)) < 0)
			return tz_error_git(_("cannot read a tree"));
		tz_buf_printf(path, "%s/", git_tree_entry_name(sub));
		rc = find_below(path, oid, repo, t, name, except);
		git_tree_free(t);
		if (rc)
			return rc;
		path->len = len;
		path->ptr[len] = '\0';
	}
	return 0;
}

int tz_record_find(struct tz_buf *path, git_oid *oid, struct tz_source *src,
		   const struct tz_type *t, const char *id, const char *except)
{
	struct tz_buf dir = TZ_BUF_INIT, name = TZ_BUF_INIT;
	git_tree_entry *e = NULL;
	git_tree *tree = NULL;
	int rc = 0;

	tz_buf_clear(path);
	if (!src->tree || !t->dir)
		return 0;
	tz_buf_printf(&dir, "records/%s", t->dir);
	if (git_tree_entry_bypath(&e, src->tree, dir.ptr) < 0 || git_tree_entry_type(e) != GIT_OBJECT_TREE)
		goto out;
	if (git_tree_lookup(&tree, git_tree_owner(src->tree), git_tree_entry_id(e)) < 0) {
		rc = tz_error_git(_("cannot read a tree"));
		goto out;
	}
	tz_buf_printf(path, "%s/", dir.ptr);
	tz_buf_printf(&name, "%s.ini", id);
	rc = find_below(path, oid, git_tree_owner(src->tree), tree, name.ptr, except);
out:
	if (rc != 1)
		tz_buf_clear(path);
	git_tree_free(tree);
	git_tree_entry_free(e);
	tz_buf_release(&dir);
	tz_buf_release(&name);
	return rc;
}
