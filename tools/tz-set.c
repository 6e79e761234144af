/* tz-set - change fields of a record in place: only the changed lines are
 * rewritten, labels and names become codes, and the result is checked as
 * tz validate would before the file is replaced. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include "act.h"
#include "buf.h"
#include "common.h"
#include "error.h"
#include "i18n.h"
#include "repo.h"
#include "tool-index.h"
#include "tool-write.h"

static const char usage[] = N_(
"usage: tz set [-C DIR] ID FIELD=VALUE... [FIELD=] [FIELD+=VALUE]\n"
"\n"
"Change fields of record ID in place: FIELD=VALUE sets a field (a value\n"
"with newlines becomes continuation lines), FIELD= removes it, FIELD+=VALUE\n"
"adds an item to a multiple ref. FIELD is a name or a label; enum labels\n"
"and the names of referenced records (their title or short_name) are\n"
"written as codes. Everything else in the file stays byte for byte. The\n"
"result is checked as tz validate would; nothing is written when it has\n"
"errors. PART.KEY.FIELD=VALUE changes an entry of a part that is not\n"
"append-only.\n"
"\n"
"  -C DIR              run as if started in DIR\n"
"  -h, --help          show this help\n"
"\n"
"Exit status: 0 done, 1 the result would be invalid or the record cannot\n"
"be changed (nothing written), 2 usage or environment error.\n");

struct set {
	const struct tz_type *t;
	struct tz_assign *a;	/* record fields */
	size_t n;
	char **sections;	/* part entries: section, field, value */
	char **fields, **values;
	size_t nparts;
};

static int apply(void *payload, struct tz_edit *e, const struct tz_record *r, struct tz_buf *why)
{
	struct set *s = payload;

	if (tz_assign_apply(e, s->t, r, s->a, s->n, why))
		return 1;
	for (size_t i = 0; i < s->nparts; i++) {
		const char *dot = strchr(s->sections[i], '.');
		char *pname = tz_strndup(s->sections[i], (size_t)(dot - s->sections[i]));
		const struct tz_partdef *p = tz_type_part(s->t, pname);
		const char **order = tz_calloc(p->nfields + 1, sizeof(*order));
		int rc;

		free(pname);
		for (size_t k = 0; k < p->nfields; k++)
			order[k] = p->fields[k].name;
		if (!tz_record_section(r, s->sections[i])) {
			tz_buf_printf(why, _("%s has no [%s] entry"), s->t->name, s->sections[i]);
			free(order);
			return 1;
		}
		rc = tz_edit_set(e, s->sections[i], s->fields[i], s->values[i], order, p->nfields, why);
		free(order);
		if (rc < 0)
			return 1;
	}
	return 0;
}

/* PART.KEY.FIELD=VALUE: 0 taken, 1 refused (why), 2 not of that form, 3 the
 * part has no such field (why). */
static int part_assign(struct set *s, const struct tz_assign *a, const struct tz_resolve_source *src,
		       struct tz_buf *why)
{
	const char *first = strchr(a->name, '.'), *last = strrchr(a->name, '.');
	const struct tz_partdef *p;
	const struct tz_fdef *f;
	struct tz_buf v = TZ_BUF_INIT;
	char *pname;
	int rc;

	if (!first || first == last)
		return 2;
	pname = tz_strndup(a->name, (size_t)(first - a->name));
	p = tz_type_part(s->t, pname);
	free(pname);
	if (!p)
		return 2;
	if (p->append_only) {
		tz_buf_printf(why, _("%.*s: part %s is append-only: its entries never change"),
			      (int)(last - a->name), a->name, p->name);
		return 1;
	}
	if (!(f = tz_part_field(p, last + 1))) {
		tz_buf_printf(why, _("part %s has no field \"%s\""), p->name, last + 1);
		return 3;
	}
	if (*a->value) {
		rc = tz_resolve_value(&v, f, a->value, src, why);
		if (rc) {
			tz_buf_release(&v);
			return rc < 0 ? -1 : 1;
		}
	}
	s->sections[s->nparts] = tz_strndup(a->name, (size_t)(last - a->name));
	s->fields[s->nparts] = tz_strdup(last + 1);
	s->values[s->nparts] = tz_buf_detach(&v);
	if (!s->values[s->nparts])
		s->values[s->nparts] = tz_strdup("");
	s->nparts++;
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct tz_diag_list diags = TZ_DIAG_LIST_INIT;
	struct tz_buf path = TZ_BUF_INIT, why = TZ_BUF_INIT;
	struct tz_repo *repo = NULL;
	struct tz_index *ix = NULL;
	struct tz_writer w;
	struct set s;
	const char *dir = NULL, *id;
	int c, ret = 2, rc;

	memset(&s, 0, sizeof(s));
	tool_init("tz set", argv);
	while ((c = getopt_long(argc, argv, "C:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'C': dir = optarg; break;
		case 'h': return tool_help(usage);
		default: return tool_usage_error(NULL);
		}
	}
	if (optind >= argc)
		return tool_usage_error(_("name a record ID"));
	id = argv[optind++];
	if (optind >= argc)
		return tool_usage_error(_("name a field to set: FIELD=VALUE"));
	s.a = tz_calloc((size_t)(argc - optind), sizeof(*s.a));
	s.sections = tz_calloc((size_t)(argc - optind), sizeof(char *));
	s.fields = tz_calloc((size_t)(argc - optind), sizeof(char *));
	s.values = tz_calloc((size_t)(argc - optind), sizeof(char *));
	for (int i = optind; i < argc; i++) {
		if (tz_assign_parse(&s.a[s.n], argv[i], &why) < 0) {
			tool_usage_error("%s", why.ptr);
			goto out;
		}
		s.n++;
	}
	if (tz_repo_open(&repo, dir) < 0) {
		tool_error("%s", tz_error_last());
		goto out;
	}
	if (tool_open_index(&ix, repo, NULL, 0))
		goto out;
	tz_writer_init(&w, repo, ix);
	rc = tz_writer_find(&w, id, &s.t, &path, &why);
	if (rc) {
		ret = rc < 0 ? tool_error_last(_("cannot look the record up")) : (tool_error("%s", why.ptr), 1);
		goto out;
	}
	for (size_t i = 0; i < s.n; i++) {
		tz_buf_clear(&why);
		rc = part_assign(&s, &s.a[i], &w.resolve, &why);
		if (rc == 2)
			rc = tz_assign_resolve(&s.a[i], s.t, NULL, &w.resolve, &why);
		else
			s.a[i].in_entry = 1;	/* done: not a record field */
		if (rc) {
			if (rc < 0)
				ret = tool_error_last(_("cannot resolve a name"));
			else
				ret = (tool_error("%s", why.ptr), rc >= 2 ? 2 : 1);	/* no such field: usage */
			goto out;
		}
	}
	tz_buf_clear(&why);
	rc = tz_writer_update(&w, s.t, path.ptr, apply, &s, &diags, &why);
	ret = tool_write_result(rc, &diags, &why, _("cannot write the record"));
out:
	for (size_t i = 0; i < s.n; i++)
		tz_assign_release(&s.a[i]);
	for (size_t i = 0; i < s.nparts; i++) {
		free(s.sections[i]);
		free(s.fields[i]);
		free(s.values[i]);
	}
	free(s.a);
	free(s.sections);
	free(s.fields);
	free(s.values);
	tz_diag_list_release(&diags);
	tz_buf_release(&path);
	tz_buf_release(&why);
	tz_index_free(ix);
	tz_repo_free(repo);
	return tool_finish(ret);
}
