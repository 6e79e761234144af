/* load.c - the schema of a version: schema/<type>.ini and the settings beside them. */
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

/* A file in schema/ that cannot be part of the schema: as under records/,
 * every name but a dot file is either a schema file or an error, so that
 * nothing is committed unchecked beside the types. */
static int stray_file(struct schema_walk *w, const struct tz_entry *e, const char *why)
{
	tz_diag_add(w->diags, e->path, 1, TZ_ERROR, "%s", why);
	w->schema->errors++;
	if (!strcmp(e->path, "schema/policy.ini"))
		w->schema->policy_unreadable = 1;
	return 0;
}

/* The settings files read through tz_settings_read: their loaders report
 * a link or a special file in their place, for tz report too, where no
 * walk of schema/ runs. */
static const char *const loaded_settings[] = {
	"schema/calendar.ini", "schema/report.ini", "schema/assessment.ini",
};

static int read_by_loader(const char *path)
{
	for (size_t i = 0; i < sizeof(loaded_settings) / sizeof(*loaded_settings); i++)
		if (!strcmp(path, loaded_settings[i]))
			return 1;
	return 0;
}

static int schema_file(const struct tz_entry *e, void *payload)
{
	struct schema_walk *w = payload;
	int rc;

	if (read_by_loader(e->path))
		return 0;	/* tz_settings_read says what is wrong with it */
	switch (tz_schema_file_kind(e)) {
	case TZ_SCHEMA_SYMLINK:
		return stray_file(w, e, _("symbolic link (never followed)"));
	case TZ_SCHEMA_NESTED:
		return stray_file(w, e, _("not a schema file: schema files sit directly in schema/, not in a subfolder"));
	case TZ_SCHEMA_NOT_INI:
		return stray_file(w, e, _("not a schema file: schema files end in .ini"));
	case TZ_SCHEMA_NOT_REGULAR:
		return stray_file(w, e, _("not a regular file"));
	case TZ_SCHEMA_SETTING:
		if (!strcmp(e->path, "schema/repository.ini"))
			return repository_file(w, e);	/* the repository's language */
		return 0;	/* the access policy, the calendar, the briefing's settings */
	case TZ_SCHEMA_TYPE:
		break;
	}
	w->files++;
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

enum tz_schema_file tz_schema_file_kind(const struct tz_entry *e)
{
	static const char *const settings[] = {
		"schema/policy.ini", "schema/calendar.ini", "schema/report.ini", "schema/assessment.ini",
		"schema/repository.ini",
	};
	size_t n = strlen(e->path);

	if (e->kind == TZ_ENTRY_SYMLINK)
		return TZ_SCHEMA_SYMLINK;
	if (strchr(e->path + 7, '/'))
		return TZ_SCHEMA_NESTED;
	if (n < 4 || strcmp(e->path + n - 4, ".ini"))
		return TZ_SCHEMA_NOT_INI;
	if (e->kind != TZ_ENTRY_FILE)
		return TZ_SCHEMA_NOT_REGULAR;
	for (size_t i = 0; i < sizeof(settings) / sizeof(*settings); i++)
		if (!strcmp(e->path, settings[i]))
			return TZ_SCHEMA_SETTING;
	return TZ_SCHEMA_TYPE;
}

int tz_settings_read(struct tz_source *src, const char *path, struct tz_buf *out, struct tz_diag_list *diags)
{
	enum tz_entry_kind kind;
	int rc;

	tz_buf_clear(out);
	if (!tz_source_path_kind(src, path, &kind))
		return 1;
	if (kind == TZ_ENTRY_SYMLINK) {
		tz_diag_add(diags, path, 1, TZ_ERROR, _("symbolic link (never followed)"));
		return 2;
	}
	if (kind != TZ_ENTRY_FILE) {
		tz_diag_add(diags, path, 1, TZ_ERROR, _("not a regular file"));
		return 2;
	}
	rc = tz_source_read_path(src, path, TZ_RECORD_MAX_SIZE, out);
	if (rc < 0)
		return -1;
	if (rc > 0 && out->len) {
		tz_diag_add(diags, path, 1, TZ_ERROR, _("file is larger than 1 MiB (%zu bytes)"), out->len);
		tz_buf_clear(out);
		return 2;
	}
	return rc;
}
