/* tz-act - take an action on a record: the next [log.NNN] entry, the status
 * it moves to and the fields the schema's action sets, in one checked write. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include "act.h"
#include "calendar.h"
#include "date.h"
#include "buf.h"
#include "common.h"
#include "error.h"
#include "i18n.h"
#include "repo.h"
#include "resolve.h"
#include "text.h"
#include "tool-index.h"
#include "tool-write.h"

static const char usage[] = N_(
"usage: tz act [-C DIR] ID [ACTION] [--date D] [--within N] [--actor A] [--note TEXT] [FIELD=VALUE...]\n"
"\n"
"Take ACTION (its name or label: assign or 交办) on record ID: append the\n"
"next [log.NNN] entry (date, actor, action, the new status, the entry's own\n"
"fields given as FIELD=VALUE, note), set the status and the fields the\n"
"action sets, check the record as tz validate would, and write it. Without\n"
"ACTION, list the actions allowed from the record's status.\n"
"\n"
"  -C DIR              run as if started in DIR\n"
"  --date D            the action's date (YYYY-MM-DD); default today\n"
"  --within N          the date the action requires (deadline for assign,\n"
"                      new_deadline for extend): N working days after the\n"
"                      action's date, by schema/calendar.ini\n"
"  --actor A           who acts; default the git author's name\n"
"  --note TEXT         the entry's note\n"
"  FIELD=VALUE         a field of the entry (new_deadline) or of the record\n"
"                      (unit); labels and names are written as codes\n"
"  -h, --help          show this help\n"
"\n"
"Exit status: 0 done, 1 the action is not allowed or the result would be\n"
"invalid (nothing written), 2 usage or environment error.\n");

struct act {
	struct tz_act_opts o;
	const struct tz_type *t;
};

static int apply(void *payload, struct tz_edit *e, const struct tz_record *r, struct tz_buf *why)
{
	struct act *a = payload;

	return tz_act_apply(e, a->t, r, &a->o, why);
}

/* The menu: the actions allowed from the record's status. */
static int menu(struct tz_writer *w, const struct tz_type *t, const char *path)
{
	struct tz_source wt;
	struct tz_buf data = TZ_BUF_INIT;
	struct tz_diag_list ignored = TZ_DIAG_LIST_INIT;
	struct tz_record *r = NULL;
	const char *status = NULL;
	int ret = 2;

	if (tz_source_open(&wt, w->repo, NULL) < 0)
		return tool_error_last(_("cannot read the working tree"));
	if (tz_source_read_path(&wt, path, TZ_RECORD_MAX_SIZE, &data) != 0) {
		tool_error_last(_("cannot read the record"));
		goto out;
	}
	r = tz_record_parse(path, data.ptr ? data.ptr : "", data.len, &ignored);
	if (r && r->nsections && t->status)
		status = tz_section_get(&r->sections[0], t->status);
	for (size_t i = 0; i < t->nactions; i++) {
		const struct tz_action *a = &t->actions[i];
		if (a->creates || !status || !tz_action_allowed_from(a, status))
			continue;
		printf("%s\t%s", a->name, a->label);
		for (size_t k = 0; k < a->nrequire; k++)
			printf("%s%s", k ? ", " : "\t", a->require[k]);
		putchar('\n');
	}
	ret = 0;
out:
	tz_record_free(r);
	tz_diag_list_release(&ignored);
	tz_buf_release(&data);
	tz_source_release(&wt);
	return ret;
}

/*
 * --within N: an assignment of the first date field the action requires
 * that is not given (deadline for assign, new_deadline for extend), the
 * N-th working day after the action's date. Returns 0, or the exit status
 * after saying why.
 */
static int within_date(struct tz_assign *out, struct tz_repo *repo, const struct tz_type *t,
		       const struct tz_action *a, const struct tz_assign *given, size_t ngiven,
		       const char *date, const char *n_text)
{
	const struct tz_partdef *log = tz_type_part(t, t->log);
	const struct tz_fdef *f = NULL;
	struct tz_diag_list diags = TZ_DIAG_LIST_INIT;
	struct tz_calendar *cal = NULL;
	struct tz_source src;
	char *end, day[16];
	long n = strtol(n_text, &end, 10), d;
	int in_entry = 0;

	if (!*n_text || *end || n < 1 || n > 3650)
		return tool_usage_error(_("--within: \"%s\" is not a number of working days"), n_text);
	for (size_t i = 0; i < a->nrequire && !f; i++) {
		const struct tz_fdef *c = log ? tz_part_field(log, a->require[i]) : NULL;
		int entry = c != NULL, taken = 0;
		if (!c)
			c = tz_type_field(t, a->require[i]);
		if (!c || c->type != TZ_DATE)
			continue;
		for (size_t k = 0; k < ngiven; k++)
			taken |= given[k].f == c;
		if (!taken) {
			f = c;
			in_entry = entry;
		}
	}
	if (!f)
		return tool_usage_error(_("--within: action %s requires no date to count to"), a->name);
	if (tz_source_open(&src, repo, NULL) < 0)
		return tool_error_last(_("cannot read the working tree"));
	if (tz_calendar_load(&cal, &src, &diags) < 0) {
		tz_source_release(&src);
		return tool_error_last(_("cannot read the calendar"));
	}
	tz_source_release(&src);
	tz_date_parse(date, &d);
	tz_date_format(tz_calendar_add(cal, d, n), day);
	tool_calendar_warn(cal);
	tz_calendar_free(cal);
	tz_diag_list_release(&diags);
	memset(out, 0, sizeof(*out));
	out->name = tz_strdup(f->name);
	out->value = tz_strdup(day);
	out->f = f;
	out->in_entry = in_entry;
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "date", required_argument, NULL, 'd' },
		{ "within", required_argument, NULL, 'w' },
		{ "actor", required_argument, NULL, 'a' },
		{ "note", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct tz_diag_list diags = TZ_DIAG_LIST_INIT;
	struct tz_buf path = TZ_BUF_INIT, why = TZ_BUF_INIT;
	struct tz_repo *repo = NULL;
	struct tz_index *ix = NULL;
	struct tz_writer w;
	struct tz_assign *assigns = NULL;
	const struct tz_type *t = NULL;
	const char *dir = NULL, *date_opt = NULL, *actor_opt = NULL, *note = NULL, *within = NULL, *id;
	struct act act;
	char date[16], *actor = NULL;
	size_t nassigns = 0;
	int c, ret = 2, rc, first;

	tool_init("tz act", argv);
	while ((c = getopt_long(argc, argv, "C:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'C': dir = optarg; break;
		case 'd': date_opt = optarg; break;
		case 'w': within = optarg; break;
		case 'a': actor_opt = optarg; break;
		case 'n': note = optarg; break;
		case 'h': return tool_help(usage);
		default: return tool_usage_error(NULL);
		}
	}
	if (optind >= argc)
		return tool_usage_error(_("name a record ID"));
	id = argv[optind++];
	if (tool_action_date(date, date_opt))
		return 2;
	if (tz_repo_open(&repo, dir) < 0)
		return tool_error("%s", tz_error_last());
	if (tool_open_index(&ix, repo, NULL, 0))
		goto out;
	tz_writer_init(&w, repo, ix);
	rc = tz_writer_find(&w, id, &t, &path, &why);
	if (rc) {
		ret = rc < 0 ? tool_error_last(_("cannot look the record up")) : (tool_error("%s", why.ptr), 1);
		goto out;
	}
	if (!t->nactions) {
		tool_error(_("type %s declares no actions"), t->name);
		goto out;
	}
	if (optind >= argc) {
		ret = menu(&w, t, path.ptr);
		goto out;
	}
	first = optind;
	memset(&act, 0, sizeof(act));
	if (!strchr(argv[first], '=')) {
		act.o.action = tz_resolve_action(t, argv[first]);
		if (!act.o.action) {
			const char **names = tz_calloc(t->nactions + 1, sizeof(*names));
			const char *sug;
			for (size_t i = 0; i < t->nactions; i++)
				names[i] = t->actions[i].name;
			sug = tz_suggest(argv[first], names, t->nactions);
			free(names);
			if (sug)
				tool_usage_error(_("%s has no action \"%s\" (did you mean \"%s\"?)"), t->name, argv[first], sug);
			else
				tool_usage_error(_("%s has no action \"%s\"; 'tz act %s' lists them"), t->name, argv[first], id);
			goto out;
		}
		first++;
	} else {
		tool_usage_error(_("name an action; 'tz act %s' lists them"), id);
		goto out;
	}
	assigns = tz_calloc((size_t)(argc - first) + 2, sizeof(*assigns));
	for (int i = first; i < argc; i++) {
		struct tz_assign *a = &assigns[nassigns];
		tz_buf_clear(&why);
		if (tz_assign_parse(a, argv[i], &why) < 0) {
			tool_usage_error("%s", why.ptr);
			goto out;
		}
		nassigns++;
		rc = tz_assign_resolve(a, t, tz_type_part(t, t->log), &w.resolve, &why);
		if (rc) {
			ret = rc < 0 ? tool_error_last(_("cannot resolve a name")) : (tool_error("%s", why.ptr), rc == 2 ? 2 : 1);
			goto out;
		}
	}
	if (within) {
		rc = within_date(&assigns[nassigns], repo, t, act.o.action, assigns, nassigns, date, within);
		if (rc) {
			ret = rc;
			goto out;
		}
		nassigns++;
	}
	if (!(actor = tool_actor(repo, actor_opt)))
		goto out;
	act.o.date = date;
	act.o.actor = actor;
	act.o.note = note;
	act.o.assigns = assigns;
	act.o.nassigns = nassigns;
	act.t = t;
	tz_buf_clear(&why);
	rc = tz_writer_update(&w, t, path.ptr, apply, &act, &diags, &why);
	ret = tool_write_result(rc, &diags, &why, _("cannot write the record"));
out:
	for (size_t i = 0; i < nassigns; i++)
		tz_assign_release(&assigns[i]);
	free(assigns);
	free(actor);
	tz_diag_list_release(&diags);
	tz_buf_release(&path);
	tz_buf_release(&why);
	tz_index_free(ix);
	tz_repo_free(repo);
	return tool_finish(ret);
}
