/* tz-blame - every field and part entry field of one record with its value
 * and the commit, author and date that last set it, from the history index. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "buf.h"
#include "common.h"
#include "error.h"
#include "fdiff.h"
#include "history.h"
#include "i18n.h"
#include "load.h"
#include "out.h"
#include "place.h"
#include "record.h"
#include "repo.h"
#include "strmap.h"
#include "tool-index.h"

static const char usage[] = N_(
"usage: tz blame [-C DIR] [--rev REV] [--format table|tsv|csv|json] [--labels|--no-labels] ID\n"
"\n"
"Show every field and part entry field of record ID (or of the record file\n"
"given) as it is in the working tree, with the commit, author and date that\n"
"last set its value. A value that differs from the last committed one is\n"
"shown with commit 0000000 and author \"Not Committed Yet\". A record keeps\n"
"its history when its file moves.\n"
"\n"
"  --rev REV         the record as of revision REV (works in bare\n"
"                    repositories, where HEAD is the default)\n"
"  -C DIR            run as if started in DIR\n"
"  --format FORMAT   table (default on a terminal), tsv (default in a pipe),\n"
"                    csv or json\n"
"  --bom             start CSV with a UTF-8 byte order mark (for Excel)\n"
"  --labels          fields by their labels, enum labels, references with\n"
"                    titles (lyj 市林业局); the default for a table on a\n"
"                    terminal under a Chinese locale (--no-labels: never)\n"
"  -h, --help        show this help\n"
"\n"
"Exit status: 0 done, 1 no such record, 2 usage or environment error.\n");

struct last {			/* the newest change of one field */
	char *commit, *author, *date, *value;
};

struct collect {
	struct tz_strmap fields;
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
	const struct tz_type *only;	/* the type arg's folder names, or NULL */
	const char *type;
	struct tz_buf got, why;
	char *path;
	struct tz_type *found_type;
	int count;
};

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "rev", required_argument, NULL, 'r' },
		{ "format", required_argument, NULL, 'f' },
		{ "bom", no_argument, NULL, 'b' },
		{ "labels", no_argument, NULL, 'L' },
		{ "no-labels", no_argument, NULL, 'N' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	static const char *const cols[] = { "field", "value", "commit", "author", "date" };
	struct tz_diag_list ignored = TZ_DIAG_LIST_INIT;
	struct tz_history_query q = { 0 };
	struct collect col = { TZ_STRMAP_INIT, NULL, 0, 0 };
	struct find f;
	struct tz_buf data = TZ_BUF_INIT, field = TZ_BUF_INIT;
	struct tz_source src;
	struct tz_history *h = NULL;
	struct tz_repo *repo = NULL;
	struct tz_record *rec = NULL;
	struct tz_out *out = NULL;
	enum tz_out_format format = tool_stdout_is_tty() ? TZ_OUT_TABLE : TZ_OUT_TSV;
	const char *dir = NULL, *rev = NULL, *arg;
	char *id = NULL, *hpath = NULL;
	struct tz_labeler *labeler = NULL;
	struct tz_index *ix = NULL;
	struct tz_buf shown_field = TZ_BUF_INIT, shown_value = TZ_BUF_INIT;
	const char *headers[5];
	int bom = 0, labels = -1, c, ret = 2, rc;

	memset(&src, 0, sizeof(src));
	memset(&f, 0, sizeof(f));
	tool_init("tz blame", argv);
	while ((c = getopt_long(argc, argv, "C:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'C': dir = optarg; break;
		case 'r': rev = optarg; break;
		case 'f':
			if (tz_out_parse_format(optarg, &format) < 0)
				return tool_usage_error(_("unknown format \"%s\" (table, tsv, csv or json)"), optarg);
			break;
		case 'b': bom = 1; break;
		case 'L': labels = 1; break;
		case 'N': labels = 0; break;
		case 'h': return tool_help(usage);
		default: return tool_usage_error(NULL);
		}
	}
	if (argc - optind != 1)
		return tool_usage_error(_("give one record ID"));
	arg = argv[optind];
	id = tz_place_arg_id(arg);

	if (tz_repo_open(&repo, dir) < 0) {
		ret = tool_error("%s", tz_error_last());
		goto out;
	}
	if (!rev && !repo->workdir)
		rev = "HEAD";
	{
		int shown = 0, rc = tz_history_open_ext(&h, repo, rev, NULL,
				isatty(STDERR_FILENO) ? tool_history_progress : NULL, &shown);
		tool_progress_clear(&shown);
		if (rc < 0) {
			ret = tool_error("%s", tz_error_last());
			goto out;
		}
	}
	if (tz_source_open(&src, repo, rev) < 0) {
		ret = tool_error("%s", tz_error_last());
		goto out;
	}

	/* the record's file: where the history last saw it, else search */
	f.schema = tz_history_schema(h);
	if (strchr(arg, '/')) {
		f.only = tz_place_type(f.schema, arg);
		f.type = f.only ? f.only->name : NULL;
	}
	q.record = id;
	q.type = f.type;
	q.with_path = 1;
	if (tz_history_changes(h, &q, first_path, &hpath) < 0) {
		ret = tool_error("%s", tz_error_last());
		goto out;
	}
	if (hpath) {
		struct tz_type *t = NULL;
		tz_buf_clear(&f.why);
		if (tz_source_read_path(&src, hpath, TZ_RECORD_MAX_SIZE, &data) == 0 &&
		    tz_place_record(f.schema, hpath, &t, &f.got, &f.why) == 0 && t && !strcmp(f.got.ptr, id)) {
			f.path = tz_strdup(hpath);
			f.found_type = t;
			f.count = 1;
		}
	}
	if (!f.path) {
		f.count = tz_place_search(&f.path, &f.found_type, &src, f.schema, id, f.only);
		if (f.count < 0) {
			ret = tool_error("%s", tz_error_last());
			goto out;
		}
		if (f.count > 1) {
			ret = tool_error(_("\"%s\" is the ID of records of several types: give the record's file"), id);
			goto out;
		}
		if (!f.path) {
			tool_error(_("no record \"%s\""), id);
			ret = 1;
			goto out;
		}
		rc = tz_source_read_path(&src, f.path, TZ_RECORD_MAX_SIZE, &data);
		if (rc < 0) {
			ret = tool_error("%s", tz_error_last());
			goto out;
		}
	}
	rec = tz_record_parse(f.path, data.ptr ? data.ptr : "", data.len, &ignored);
	if (!rec) {
		tool_error(_("%s: cannot read the record"), f.path);
		ret = 1;
		goto out;
	}

	q.type = f.found_type->name;
	q.with_path = 0;
	if (tz_history_changes(h, &q, collect_row, &col) < 0) {
		ret = tool_error("%s", tz_error_last());
		goto out;
	}
	if (labels < 0)
		labels = tool_labels_default(format == TZ_OUT_TABLE);
	if (labels)
		labeler = tool_labeler(repo, rev, &ix);
	tool_label_columns(headers, cols, 5, labels);
	out = tz_out_new(stdout, format, bom);
	tz_out_columns(out, headers, 5);
	for (size_t s = 0; s < rec->nsections; s++) {
		const struct tz_section *sec = &rec->sections[s];
		for (size_t k = 0; k < sec->nfields; k++) {
			const struct tz_field *fl = &sec->fields[k];
			const struct last *l = NULL;
			const char *cells[5];
			size_t at;

			if (!fl->value[0] || tz_section_field(sec, fl->key) != fl)
				continue;
			tz_buf_clear(&field);
			if (s)
				tz_buf_printf(&field, "%s.", sec->name);
			tz_buf_puts(&field, fl->key);
			if (tz_strmap_get(&col.fields, field.ptr, &at) && col.v[at].value &&
			    !strcmp(col.v[at].value, fl->value))
				l = &col.v[at];
			cells[0] = field.ptr;
			cells[1] = fl->value;
			if (labeler) {
				tz_buf_clear(&shown_field);
				tz_buf_clear(&shown_value);
				tz_fdiff_label(&shown_field, f.found_type, field.ptr);
				tz_labeler_value(labeler, &shown_value, tz_fdiff_field(f.found_type, field.ptr), fl->value);
				cells[0] = shown_field.ptr;
				cells[1] = shown_value.ptr;
			}
			cells[2] = l ? l->commit : "0000000";
			cells[3] = l ? l->author : "Not Committed Yet";
			cells[4] = l ? l->date : NULL;
			tz_out_row(out, cells);
		}
	}
	if (tz_out_finish(out) < 0) {
		ret = tool_error(_("cannot write output"));
		goto out;
	}
	ret = 0;
out:
	for (size_t i = 0; i < col.n; i++) {
		free(col.v[i].commit);
		free(col.v[i].author);
		free(col.v[i].date);
		free(col.v[i].value);
	}
	free(col.v);
	tz_strmap_release(&col.fields);
	tz_out_free(out);
	tz_labeler_free(labeler);
	tz_index_free(ix);
	tz_buf_release(&shown_field);
	tz_buf_release(&shown_value);
	tz_record_free(rec);
	tz_diag_list_release(&ignored);
	tz_buf_release(&data);
	tz_buf_release(&field);
	tz_buf_release(&f.got);
	tz_buf_release(&f.why);
	free(f.path);
	free(hpath);
	free(id);
	tz_source_release(&src);
	tz_history_free(h);
	tz_repo_free(repo);
	return tool_finish(ret);
}
