/* tz-new - a new record with the next free ID: its fields in the schema's
 * order, the type's starting action logged, checked before it is kept, and
 * created so that two clerks never write the same file. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "act.h"
#include "buf.h"
#include "common.h"
#include "durable.h"
#include "error.h"
#include "i18n.h"
#include "place.h"
#include "repo.h"
#include "text.h"
#include "tool-index.h"
#include "tool-write.h"

static const char usage[] = N_(
"usage: tz new [-C DIR] TYPE [FIELD=VALUE...] [--edit] [--template] [--date D]\n"
"              [--actor A] [--note TEXT]\n"
"\n"
"Make a new record of TYPE (its name or label) with the next free ID of\n"
"the type's next_id (one more than the highest in the working tree, HEAD\n"
"and the remote-tracking branches), its fields in the schema's order.\n"
"When the type declares an action that starts a record (登记), its first\n"
"log entry is written too. The record is checked before it is kept; a\n"
"missing required field is named with its label. Prints the new ID.\n"
"\n"
"  -C DIR              run as if started in DIR\n"
"  --edit              write the required fields empty and open $VISUAL or\n"
"                      $EDITOR until the record is valid or you give up\n"
"  --template          write every field of the type, empty when not given,\n"
"                      with its help as a comment above it\n"
"  --date D            the record's date (its id_date field, the first log\n"
"                      entry's date); default today\n"
"  --actor A           who registers it; default the git author's name\n"
"  --note TEXT         the first log entry's note\n"
"  -h, --help          show this help\n"
"\n"
"Exit status: 0 created, 1 the record would be invalid or you gave up\n"
"(nothing written), 2 usage or environment error.\n");

struct new {
	struct tz_writer *w;
	const struct tz_type *t;
	struct tz_act_opts o;
	const struct tz_action *start;
	int edit, template;
	struct tz_buf edited;	/* what the editor left, once edited */
	int have_edited;
};

/* The record's text: the type's section, the fields assigned, the
 * starting action, empty required fields (--edit), help comments. */
static int build(struct new *n, struct tz_buf *out, struct tz_buf *why)
{
	const struct tz_type *t = n->t;
	struct tz_buf head = TZ_BUF_INIT;
	struct tz_edit *e;
	const char **order = tz_calloc(t->nfields + 1, sizeof(*order));
	int ret = 1;

	for (size_t i = 0; i < t->nfields; i++)
		order[i] = t->fields[i].name;
	tz_buf_printf(&head, "[%s]\n", t->name);
	e = tz_edit_new(head.ptr, head.len);
	if (n->start ? tz_act_apply(e, t, NULL, &n->o, why) : tz_assign_apply(e, t, NULL, n->o.assigns, n->o.nassigns, why))
		goto out;
	if (n->template) {
		for (size_t i = 0; i < t->nfields; i++)
			tz_edit_add_empty(e, t->name, t->fields[i].name, order, t->nfields);
	} else if (n->edit) {
		struct tz_buf text = TZ_BUF_INIT;
		struct tz_diag_list ignored = TZ_DIAG_LIST_INIT;
		struct tz_record *r;
		tz_edit_write(e, &text);
		r = tz_record_parse("", text.ptr, text.len, &ignored);
		for (size_t i = 0; r && i < t->nfields; i++)
			if (t->fields[i].required && !tz_section_field(&r->sections[0], t->fields[i].name)) {
				tz_edit_add_empty(e, t->name, t->fields[i].name, order, t->nfields);
			}
		tz_record_free(r);
		tz_diag_list_release(&ignored);
		tz_buf_release(&text);
	}
	if (n->template)
		for (size_t i = 0; i < t->nfields; i++)
			if (t->fields[i].help)
				tz_edit_comment(e, t->name, t->fields[i].name, t->fields[i].help);
	tz_edit_write(e, out);
	ret = 0;
out:
	tz_edit_free(e);
	free(order);
	tz_buf_release(&head);
	return ret;
}

/* The required fields text lacks, as `问题简述 (title), …`; 0 when none. */
static int missing(const struct tz_type *t, const struct tz_buf *text, struct tz_buf *why)
{
	struct tz_diag_list ignored = TZ_DIAG_LIST_INIT;
	struct tz_record *r = tz_record_parse("", text->ptr, text->len, &ignored);
	struct tz_buf list = TZ_BUF_INIT;
	size_t k = 0;

	for (size_t i = 0; r && r->nsections && i < t->nfields; i++)
		if (t->fields[i].required && !tz_section_get(&r->sections[0], t->fields[i].name))
			tz_buf_printf(&list, "%s%s (%s)", k++ ? ", " : "", t->fields[i].label, t->fields[i].name);
	if (k)
		/* TRANSLATORS: %s lists the fields, "问题简述 (title), 责任单位 (unit)" */
		tz_buf_printf(why, _("missing required fields: %s"), list.ptr);
	tz_buf_release(&list);
	tz_record_free(r);
	tz_diag_list_release(&ignored);
	return k > 0;
}

/* Run the editor on path, as git does: $VISUAL, $EDITOR, else vi, through
 * the shell so that "code --wait" works. Returns its exit status, -1. */
static int run_editor(const char *path)
{
	const char *ed = getenv("VISUAL");
	pid_t pid;
	int st;

	if (!ed || !*ed)
		ed = getenv("EDITOR");
	if (!ed || !*ed)
		ed = "vi";
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		execl("/bin/sh", "sh", "-c", "$0 \"$@\"", ed, path, (char *)NULL);
		_exit(127);
	}
	if (waitpid(pid, &st, 0) < 0)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int ask_again(void)
{
	char line[64];

	fprintf(stderr, _("%s: edit again? [Y/n] "), tool_name);
	if (!fgets(line, sizeof(line), stdin))
		return 0;
	return line[0] != 'n' && line[0] != 'N';
}

/* --edit: the editor on a draft until the record is valid or the clerk
 * gives up. The draft lives in $GIT_DIR/taizhang/new/ID.ini. */
static int edit_loop(struct new *n, const char *id, struct tz_buf *text, struct tz_buf *why)
{
	struct tz_buf draft = TZ_BUF_INIT, path = TZ_BUF_INIT;
	int ret = 1;

	tz_buf_printf(&draft, "%staizhang", n->w->repo->gitdir);
	mkdir(draft.ptr, 0777);
	tz_buf_puts(&draft, "/new");
	mkdir(draft.ptr, 0777);
	tz_buf_printf(&draft, "/%s.ini", id);
	tz_place_path(&path, n->t, NULL, id);
	if (tz_durable_write(draft.ptr, text->ptr, text->len, 0) < 0) {
		ret = -1;
		goto out;
	}
	for (;;) {
		struct tz_diag_list diags = TZ_DIAG_LIST_INIT;
		FILE *fp;
		char chunk[4096];
		size_t k;
		int rc = run_editor(draft.ptr);

		if (rc != 0) {
			tz_buf_printf(why, _("the editor failed (exit %d): nothing kept"), rc);
			break;
		}
		tz_buf_clear(text);
		if (!(fp = fopen(draft.ptr, "rb"))) {
			tz_buf_puts(why, _("the draft is gone: nothing kept"));
			break;
		}
		while ((k = fread(chunk, 1, sizeof(chunk), fp)) > 0)
			tz_buf_put(text, chunk, k);
		fclose(fp);
		if (!text->len) {
			tz_buf_puts(why, _("empty record: nothing kept"));
			break;
		}
		if (tz_writer_check(n->w, path.ptr, text->ptr, text->len, &diags) < 0) {
			ret = -1;
			tz_diag_list_release(&diags);
			break;
		}
		if (!diags.errors) {
			tz_diag_list_release(&diags);
			ret = 0;
			break;
		}
		fflush(stdout);
		tz_diag_write(&diags, stderr, TZ_FORMAT_TEXT);
		tz_diag_list_release(&diags);
		if (!ask_again()) {
			tz_buf_puts(why, _("gave up: nothing kept"));
			break;
		}
	}
	unlink(draft.ptr);
out:
	tz_buf_release(&draft);
	tz_buf_release(&path);
	return ret;
}

static int create(void *payload, const char *id, struct tz_buf *out, struct tz_buf *why)
{
	struct new *n = payload;
	int rc;

	if (n->have_edited) {
		tz_buf_put(out, n->edited.ptr, n->edited.len);
		return 0;
	}
	if (build(n, out, why))
		return 1;
	if (!n->edit)
		return missing(n->t, out, why);
	rc = edit_loop(n, id, out, why);
	if (rc == 0) {
		tz_buf_put(&n->edited, out->ptr, out->len);
		n->have_edited = 1;
	}
	return rc;
}

static const struct tz_type *find_type(const struct tz_schema *s, const char *name)
{
	const struct tz_type *t = tz_schema_type(s, name);

	for (size_t i = 0; !t && i < s->ntypes; i++)
		if (s->types[i].label && !strcmp(s->types[i].label, name))
			t = &s->types[i];
	return t;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "edit", no_argument, NULL, 'e' },
		{ "template", no_argument, NULL, 't' },
		{ "date", required_argument, NULL, 'd' },
		{ "actor", required_argument, NULL, 'a' },
		{ "note", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct tz_diag_list diags = TZ_DIAG_LIST_INIT;
	struct tz_buf id = TZ_BUF_INIT, path = TZ_BUF_INIT, why = TZ_BUF_INIT;
	struct tz_repo *repo = NULL;
	struct tz_index *ix = NULL;
	struct tz_writer w;
	struct tz_assign *assigns = NULL;
	struct new n;
	const char *dir = NULL, *date_opt = NULL, *actor_opt = NULL, *note = NULL, *type;
	char date[16], *actor = NULL;
	size_t nassigns = 0;
	int c, ret = 2, rc, year;

	memset(&n, 0, sizeof(n));
	tool_init("tz new", argv);
	while ((c = getopt_long(argc, argv, "C:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'C': dir = optarg; break;
		case 'e': n.edit = 1; break;
		case 't': n.template = 1; break;
		case 'd': date_opt = optarg; break;
		case 'a': actor_opt = optarg; break;
		case 'n': note = optarg; break;
		case 'h': return tool_help(usage);
		default: return tool_usage_error(NULL);
		}
	}
	if (optind >= argc)
		return tool_usage_error(_("name a record type"));
	type = argv[optind++];
	if (tool_action_date(date, date_opt))
		return 2;
	if (tz_repo_open(&repo, dir) < 0)
		return tool_error("%s", tz_error_last());
	if (tool_open_index(&ix, repo, NULL, 0))
		goto out;
	tz_writer_init(&w, repo, ix);
	n.w = &w;
	if (!(n.t = find_type(w.schema, type))) {
		tool_usage_error(_("no record type \"%s\""), type);
		goto out;
	}
	for (size_t i = 0; i < n.t->nactions; i++)
		if (n.t->actions[i].creates)
			n.start = &n.t->actions[i];
	/* one more for the id_date field, when not given */
	assigns = tz_calloc((size_t)(argc - optind) + 2, sizeof(*assigns));
	for (int i = optind; i < argc; i++) {
		struct tz_assign *a = &assigns[nassigns];
		tz_buf_clear(&why);
		if (tz_assign_parse(a, argv[i], &why) < 0) {
			tool_usage_error("%s", why.ptr);
			goto out;
		}
		nassigns++;
		rc = tz_assign_resolve(a, n.t, n.start ? tz_type_part(n.t, n.t->log) : NULL, &w.resolve, &why);
		if (rc) {
			ret = rc < 0 ? tool_error_last(_("cannot resolve a name")) :
			      (tool_error("%s", why.ptr), rc == 2 ? 2 : 1);
			goto out;
		}
	}
	year = atoi(date);
	if (n.t->id_date) {
		const char *given = NULL;
		for (size_t i = 0; i < nassigns; i++)
			if (!assigns[i].in_entry && !strcmp(assigns[i].f->name, n.t->id_date))
				given = assigns[i].value;
		if (given && tz_date_parse(given, NULL) == 0) {
			year = atoi(given);
		} else if (!given) {
			struct tz_assign *a = &assigns[nassigns++];
			a->name = tz_strdup(n.t->id_date);
			a->value = tz_strdup(date);
			a->f = tz_type_field(n.t, n.t->id_date);
		}
	}
	if (n.start && !(actor = tool_actor(repo, actor_opt)))
		goto out;
	n.o.action = n.start;
	n.o.date = date;
	n.o.actor = actor;
	n.o.note = note;
	n.o.assigns = assigns;
	n.o.nassigns = nassigns;
	tz_buf_clear(&why);
	rc = tz_writer_create(&w, n.t, year, create, &n, &id, &path, &diags, &why);
	ret = tool_write_result(rc, &diags, &why, _("cannot write the record"));
	if (ret == 0) {
		printf("%s\n", id.ptr);
		fflush(stdout);
		fprintf(stderr, _("%s: created %s\n"), tool_name, path.ptr);
	}
out:
	for (size_t i = 0; i < nassigns; i++)
		tz_assign_release(&assigns[i]);
	free(assigns);
	free(actor);
	tz_buf_release(&n.edited);
	tz_diag_list_release(&diags);
	tz_buf_release(&id);
	tz_buf_release(&path);
	tz_buf_release(&why);
	tz_index_free(ix);
	tz_repo_free(repo);
	return tool_finish(ret);
}
