/* tz-show - one record laid out for people: the schema's labels, enum
 * labels, references with the title of the record they name, and parts. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include "buf.h"
#include "common.h"
#include "error.h"
#include "i18n.h"
#include "index.h"
#include "lookup.h"
#include "place.h"
#include "record.h"
#include "repo.h"
#include "schema.h"
#include "text.h"
#include "tool-index.h"

static const char usage[] = N_(
"usage: tz show [-C DIR] [--rev REV | --as-of DATE] [--labels|--no-labels] ID...\n"
"\n"
"Show the records with these IDs: every field under its label, enum values\n"
"with their labels, references with the title of the record they name\n"
"(国土局 (gtj)), multi-line values indented, and the entries of parts.\n"
"\n"
"  -C DIR              run as if started in DIR\n"
"  --rev REV           show the records as they are in revision REV\n"
"  --labels            labels, as above (the default)\n"
"  --no-labels         field names and values as the file has them\n"
"  --as-of DATE        show them as at the last commit dated on or before DATE\n"
"  -h, --help          show this help\n"
"\n"
"Exit status: 0 shown, 1 an ID names no record, 2 usage or environment\n"
"error.\n");

/* A reference as people read it: "国土局 (gtj)", or "gjt (no such unit)". */
static void ref_text(struct tz_index *ix, struct tz_buf *b, const struct tz_fdef *f, const char *id)
{
	char *title = NULL;
	int r = f->target ? tz_lookup_title(ix, f->target, id, &title) : -1;

	if (r > 0 && title)
		tz_buf_printf(b, "%s (%s)", title, id);
	else if (r == 0)
		tz_buf_printf(b, _("%s (no such %s)"), id, f->target->name);
	else
		tz_buf_puts(b, id);
	free(title);
}

/* Value v of field f (NULL: a key the schema does not know) for people. */
static void value_text(struct tz_index *ix, struct tz_buf *b, const struct tz_fdef *f, const char *v)
{
	tz_buf_clear(b);
	if (!f) {
		tz_buf_puts(b, v);
	} else if (f->type == TZ_ENUM && tz_fdef_enum_index(f, v) >= 0 && f->labels) {
		tz_buf_printf(b, "%s (%s)", tz_fdef_enum_label(f, v), v);
	} else if (f->type == TZ_REF && f->multiple) {
		const char *p = v;
		int n = 0;
		while (p) {
			const char *comma = strchr(p, ','), *end = comma ? comma : p + strlen(p);
			char *item;
			while (p < end && strchr(" \t\n", *p))
				p++;
			while (end > p && strchr(" \t\n", end[-1]))
				end--;
			if (end > p) {
				item = tz_strndup(p, (size_t)(end - p));
				if (n++)
					tz_buf_puts(b, ", ");
				ref_text(ix, b, f, item);
				free(item);
			}
			p = comma ? comma + 1 : NULL;
		}
	} else if (f->type == TZ_REF) {
		ref_text(ix, b, f, v);
	} else {
		tz_buf_puts(b, v);
	}
}

/* "label  value" lines, labels padded to width display columns; the lines
 * of a multi-line value line up under its first. */
static void show_line(const char *indent, const char *label, size_t width, const char *value)
{
	struct tz_buf q = TZ_BUF_INIT;
	size_t w;

	tz_quote_unsafe(&q, label);
	w = tz_utf8_width(q.ptr);
	printf("%s%s", indent, q.ptr);
	tz_buf_clear(&q);
	tz_quote_unsafe(&q, value);	/* an unsafe value is one quoted line */
	value = q.ptr;
	for (size_t i = w; i < width + 2; i++)
		putchar(' ');
	for (const char *p = value; *p; p++) {
		putchar(*p);
		if (*p == '\n' && p[1]) {
			fputs(indent, stdout);
			for (size_t i = 0; i < width + 2; i++)
				putchar(' ');
		}
	}
	putchar('\n');
	tz_buf_release(&q);
}

/* --labels (the default) or --no-labels */
static int labels = 1;

static const struct tz_fdef *def_of(const struct tz_fdef *defs, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(defs[i].name, key))
			return &defs[i];
	return NULL;
}

/* The fields of one section: those of the schema in its order, then keys
 * it does not know. */
static void show_section(struct tz_index *ix, const struct tz_section *s, const struct tz_fdef *defs,
			 size_t n, const char *indent)
{
	struct tz_buf v = TZ_BUF_INIT;
	size_t width = 0;

	for (size_t i = 0; i < s->nfields; i++) {
		const struct tz_fdef *f = def_of(defs, n, s->fields[i].key);
		size_t w = tz_utf8_width(f && labels ? f->label : s->fields[i].key);
		if (s->fields[i].value[0] && w > width)
			width = w;
	}
	for (size_t i = 0; i < n; i++) {
		const char *val = tz_section_get(s, defs[i].name);
		if (!val)
			continue;
		value_text(ix, &v, labels ? &defs[i] : NULL, val);
		show_line(indent, labels ? defs[i].label : defs[i].name, width, v.ptr);
	}
	for (size_t i = 0; i < s->nfields; i++) {
		if (def_of(defs, n, s->fields[i].key) || !s->fields[i].value[0])
			continue;
		value_text(ix, &v, NULL, s->fields[i].value);
		show_line(indent, s->fields[i].key, width, v.ptr);
	}
	tz_buf_release(&v);
}

static void show_record(struct tz_index *ix, const struct tz_type *t, const char *id, const char *path,
			const struct tz_record *r)
{
	const struct tz_section *main = &r->sections[0];
	const char *title = t->title ? tz_section_get(main, t->title) : NULL;

	struct tz_buf q = TZ_BUF_INIT, qpath = TZ_BUF_INIT;

	if (title)
		tz_quote_unsafe(&q, title);
	tz_quote(&qpath, path);
	printf("%s %s%s%s\n", t->label && labels ? t->label : t->name, id, title ? "  " : "", title ? q.ptr : "");
	printf("%s\n\n", qpath.ptr);
	tz_buf_release(&qpath);
	show_section(ix, main, t->fields, t->nfields, "");
	for (size_t i = 1; i < r->nsections; i++) {
		const struct tz_section *s = &r->sections[i];
		const char *dot = strchr(s->name, '.');
		const struct tz_partdef *p = NULL;

		if (dot) {
			char *name = tz_strndup(s->name, (size_t)(dot - s->name));
			p = tz_type_part(t, name);
			free(name);
		}
		tz_buf_clear(&q);
		tz_quote_unsafe(&q, s->name);
		printf("\n[%s]%s%s\n", q.ptr, p && p->label && labels ? "  " : "", p && p->label && labels ? p->label : "");
		show_section(ix, s, p ? p->fields : NULL, p ? p->nfields : 0, "  ");
	}
	tz_buf_release(&q);
}

/* "no record "ISS-1" (did you mean "ISS-0001"?)" from the IDs in the index. */
static void not_found(struct tz_index *ix, const char *id)
{
	struct tz_buf q = TZ_BUF_INIT, skipped = TZ_BUF_INIT, sug = TZ_BUF_INIT;

	tz_text_quote(&q, id);
	if (tz_lookup_skipped(ix, id, &skipped) > 0)
		tool_error(_("\"%s\" is not in the index: %s"), q.ptr, skipped.ptr);
	else if (tz_lookup_suggest_id(ix, id, &sug) > 0)
		tool_error(_("no record \"%s\" (did you mean \"%s\"?)"), q.ptr, sug.ptr);
	else
		tool_error(_("no record \"%s\""), q.ptr);
	tz_buf_release(&q);
	tz_buf_release(&skipped);
	tz_buf_release(&sug);
}

/* Show every record called id; 0, 1 when there is none, 2 on error. */
static int show(struct tz_index *ix, struct tz_source *src, const char *id, int *shown)
{
	const struct tz_schema *schema = tz_index_schema(ix);
	struct tz_diag_list diags = TZ_DIAG_LIST_INIT;
	struct tz_buf data = TZ_BUF_INIT, paths = TZ_BUF_INIT, types = TZ_BUF_INIT;
	const char *path, *type;
	int n, found = 0, ret = 2, rc;

	n = tz_lookup_records(ix, id, &paths, &types);
	if (n < 0) {
		tool_error("%s", tz_error_last());
		goto out;
	}
	path = paths.ptr;
	type = types.ptr;
	for (int i = 0; i < n; i++, path += strlen(path) + 1, type += strlen(type) + 1) {
		const struct tz_type *t = tz_schema_type(schema, type);
		struct tz_record *r;

		if (!t)
			continue;
		rc = tz_source_read_path(src, path, TZ_RECORD_MAX_SIZE, &data);
		if (rc != 0) {
			tool_error(_("cannot read %s: %s"), path, rc < 0 ? tz_error_last() : "it is gone");
			goto out;
		}
		r = tz_record_parse(path, data.ptr ? data.ptr : "", data.len, &diags);
		if (!r || !r->nsections) {
			tz_record_free(r);
			continue;
		}
		if ((*shown)++)
			putchar('\n');
		show_record(ix, t, id, path, r);
		tz_record_free(r);
		found = 1;
	}
	if (!found)
		not_found(ix, id);
	ret = found ? 0 : 1;
out:
	tz_diag_list_release(&diags);
	tz_buf_release(&data);
	tz_buf_release(&paths);
	tz_buf_release(&types);
	return ret;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "rev", required_argument, NULL, 'r' },
		{ "labels", no_argument, NULL, 'L' },
		{ "no-labels", no_argument, NULL, 'N' },
		{ "as-of", required_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct tz_repo *repo = NULL;
	struct tz_index *ix = NULL;
	struct tz_source src = { 0 };
	const char *dir = NULL, *rev = NULL, *as_of = NULL;
	char commit[41];
	int c, ret = 2, shown = 0;

	tool_init("tz show", argv);
	while ((c = getopt_long(argc, argv, "C:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'C': dir = optarg; break;
		case 'r': rev = optarg; break;
		case 'L': labels = 1; break;
		case 'N': labels = 0; break;
		case 'a': as_of = optarg; break;
		case 'h': return tool_help(usage);
		default: return tool_usage_error(NULL);
		}
	}
	if (optind >= argc)
		return tool_usage_error(_("name a record ID"));
	if (as_of && rev)
		return tool_usage_error(_("--rev and --as-of both name a version: give one"));
	if (tz_repo_open(&repo, dir) < 0)
		return tool_error("%s", tz_error_last());
	if (as_of) {
		if ((ret = tool_as_of(repo, as_of, commit)))
			goto out;
		rev = commit;
		ret = 2;
	}
	if (tz_source_open(&src, repo, rev) < 0) {
		tool_error("%s", tz_error_last());
		goto out;
	}
	if (tool_open_index(&ix, repo, rev, 0))
		goto out;
	ret = 0;
	for (int i = optind; i < argc; i++) {
		/* a record's file names it too: records/units/hbj.ini is hbj */
		char *id = tz_place_arg_id(argv[i]);
		int r;
		r = show(ix, &src, id, &shown);
		free(id);
		if (r > ret)
			ret = r;
		if (r == 2)
			break;
	}
out:
	tz_index_free(ix);
	tz_source_release(&src);
	tz_repo_free(repo);
	return tool_finish(ret);
}
