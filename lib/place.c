/* place.c - the record's place: path to type and ID, and type and ID to
 * path; the rules are listed in place.h. */
#include <string.h>
#include "error.h"
#include "ere.h"
#include "i18n.h"
#include "place.h"
#include "text.h"

#define ID_CHARS "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-"

struct tz_type *tz_place_type(const struct tz_schema *s, const char *path)
{
	if (strncmp(path, "records/", 8))
		return NULL;
	path += 8;
	for (size_t i = 0; i < s->ntypes; i++) {
		const char *d = s->types[i].dir;
		size_t n = d ? strlen(d) : 0;
		if (d && !strncmp(path, d, n) && path[n] == '/')
			return &s->types[i];
	}
	return NULL;
}

/* Whether a part of path below records/ starts with ".". */
static int hidden(const char *path)
{
	for (const char *p = path + 8; p; p = strchr(p, '/'))
		if (*(p += *p == '/') == '.')
			return 1;
	return 0;
}

int tz_place_check_id(const struct tz_type *t, const char *id, struct tz_buf *why)
{
	if (strspn(id, ID_CHARS) != strlen(id) || strstr(id, "..")) {
		struct tz_buf q = TZ_BUF_INIT;
		tz_text_quote(&q, id);
		tz_buf_printf(why, _("ID \"%s\" may only have A-Z a-z 0-9 . _ - (and no \"..\")"), q.ptr);
		tz_buf_release(&q);
		return -1;
	}
	if (t->has_id_re && !tz_ere_match(&t->id_re, id)) {
		tz_buf_printf(why, _("ID \"%s\" does not match the %s ID pattern \"%s\""), id, t->name, t->id_src);
		return -1;
	}
	return 0;
}

int tz_place_record(const struct tz_schema *s, const char *path,
		    struct tz_type **type, struct tz_buf *id, struct tz_buf *why)
{
	tz_buf_clear(id);
	*type = tz_place_type(s, path);
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
	return tz_place_in(*type, path, id, why);
}

int tz_place_in(const struct tz_type *t, const char *path, struct tz_buf *id, struct tz_buf *why)
{
	const char *base = strrchr(path, '/');
	size_t n;

	base = base ? base + 1 : path;
	n = strlen(base);
	tz_buf_clear(id);
	if (hidden(path)) {
		tz_buf_puts(why, _("not a record: hidden files and folders (\".name\") are never records"));
		return -1;
	}
	if (n < 5 || strcmp(base + n - 4, ".ini")) {
		tz_buf_puts(why, _("not a record: record files end in .ini"));
		return -1;
	}
	tz_buf_put(id, base, n - 4);
	return tz_place_check_id(t, id->ptr, why);
}

const char *tz_place_id(struct tz_buf *out, const char *path)
{
	const char *base = strrchr(path, '/');
	size_t n;

	base = base ? base + 1 : path;
	n = strlen(base);
	tz_buf_clear(out);
	tz_buf_put(out, base, n > 4 ? n - 4 : n);
	return tz_buf_cstr(out);
}

char *tz_place_arg_id(const char *arg)
{
	const char *base = strrchr(arg, '/');
	size_t n;

	base = base ? base + 1 : arg;
	n = strlen(base);
	return n > 4 && !strcmp(base + n - 4, ".ini") ? tz_strndup(base, n - 4) : tz_strdup(base);
}

void tz_place_dir(struct tz_buf *out, const struct tz_type *t)
{
	tz_buf_printf(out, "records/%s", t->dir);
}

void tz_place_path(struct tz_buf *out, const struct tz_type *t, const char *shard, const char *id)
{
	tz_place_dir(out, t);
	if (shard && *shard)
		tz_buf_printf(out, "/%s", shard);
	tz_buf_printf(out, "/%s.ini", id);
}

void tz_place_shard(struct tz_buf *out, const struct tz_type *t, const char *path)
{
	const char *from = path + 8 + strlen(t->dir) + 1, *base = strrchr(path, '/');

	if (base > from)
		tz_buf_put(out, from, (size_t)(base - from));
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

int tz_place_find(struct tz_buf *path, git_oid *oid, struct tz_source *src,
		  const struct tz_type *t, const char *id, const char *except)
{
	struct tz_buf dir = TZ_BUF_INIT, name = TZ_BUF_INIT;
	git_tree_entry *e = NULL;
	git_tree *tree = NULL;
	int rc = 0;

	tz_buf_clear(path);
	if (!src->tree || !t->dir)
		return 0;
	tz_place_dir(&dir, t);
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

struct search {
	const struct tz_schema *schema;
	const char *id;
	const struct tz_type *only;
	struct tz_buf got, why;
	char *path;
	struct tz_type *type;
	int count;
};

static int search_file(const struct tz_entry *e, void *payload)
{
	struct search *f = payload;
	size_t n = strlen(f->id);
	struct tz_type *t;

	if (e->kind != TZ_ENTRY_FILE || strncmp(e->name, f->id, n) || strcmp(e->name + n, ".ini"))
		return 0;
	tz_buf_clear(&f->why);
	if (tz_place_record(f->schema, e->path, &t, &f->got, &f->why) < 0 || (f->only && t != f->only))
		return 0;
	if (!f->count++) {
		f->path = tz_strdup(e->path);
		f->type = t;
	}
	return 0;
}

int tz_place_search(char **path, struct tz_type **type, struct tz_source *src,
		    const struct tz_schema *s, const char *id, const struct tz_type *only)
{
	struct search f = { s, id, only, TZ_BUF_INIT, TZ_BUF_INIT, NULL, NULL, 0 };
	int rc = tz_source_walk(src, "records", search_file, &f);

	tz_buf_release(&f.got);
	tz_buf_release(&f.why);
	*path = NULL;
	*type = NULL;
	if (rc < 0) {
		free(f.path);
		return -1;
	}
	*path = f.path;
	*type = f.type;
	return f.count;
}
