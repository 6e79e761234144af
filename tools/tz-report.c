/* tz-report - the twice-monthly briefing (简报) as of a date: the records
 * from the index (rolled back through history for --as-of), the model from
 * lib/report.c, one writer per format. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include "asof.h"
#include "buf.h"
#include "calendar.h"
#include "common.h"
#include "date.h"
#include "durable.h"
#include "error.h"
#include "history.h"
#include "i18n.h"
#include "report.h"
#include "snapshot.h"
#include "tool-index.h"

static const char usage[] = N_(
"usage: tz report [-C DIR] [--as-of DATE] [--period FROM..TO | --number N] [--format text|md|html|csv|xlsx|json] [-o FILE] [--unit ID] [--section NAME] [--bom]\n"
"\n"
"Write the briefing (简报): totals and rates, overdue and due-soon problems,\n"
"the ranking of responsible units with their assessment scores, counts by\n"
"category, programme and source, projects and enterprises, and what changed\n"
"in the period. Definitions: tz-report(1).\n"
"\n"
"  -C DIR              run as if started in DIR\n"
"  --as-of DATE        the records as at the last commit dated on or before\n"
"                      DATE (YYYY-MM-DD), and today means DATE\n"
"  --period FROM..TO   the period of new, resolved and changed problems\n"
"                      (default: the half-month that holds the as-of date)\n"
"  --number N          the period of issue 第N期 (half-months from the\n"
"                      campaign's start in schema/report.ini)\n"
"  --format FORMAT     text (default), md, html, csv, xlsx or json\n"
"  -o FILE             write to FILE instead of standard output (xlsx needs it)\n"
"  --unit ID           only the problems, projects and enterprises of unit ID\n"
"  --section NAME      csv: one table (overview, overdue, units, category,\n"
"                      program, source, subjects, changes)\n"
"  --bom               csv: start with a UTF-8 BOM (for Excel and WPS)\n"
"  -h, --help          show this help\n"
"\n"
"Exit status: 0 written, 2 usage or environment error.\n");

struct options {
	const char *dir, *as_of, *period, *output, *unit, *section;
	int number, bom;
	enum tz_report_format format;
};

/* Where the records come from. */
struct state {
	struct tz_index *ix;
	struct tz_history *hist;
	struct tz_asof at;
	int rollback;		/* roll the working tree's records back to at */
	const char *rev;	/* or read this revision's records */
};

static int parse_period(const char *s, char *from, char *to)
{
	const char *dots = strstr(s, "..");

	if (!dots || dots - s != 10 || strlen(dots + 2) != 10)
		return -1;
	memcpy(from, s, 10);
	from[10] = '\0';
	memcpy(to, dots + 2, 11);
	if (tz_date_parse(from, NULL) < 0 || tz_date_parse(to, NULL) < 0 || strcmp(from, to) > 0)
		return -1;
	return 0;
}

/* Open the index (and the history) for the records as of o->as_of. */
static int open_state(struct state *s, struct tz_repo *repo, const struct options *o)
{
	int rc, clean;

	memset(s, 0, sizeof(*s));
	if (tz_repo_head_unborn(repo) != 1 &&
	    tz_history_open(&s->hist, repo, NULL, NULL, NULL) < 0)
		return tool_error(_("cannot read the history: %s"), tz_error_last());
	if (!o->as_of)
		return tool_open_index(&s->ix, repo, NULL, 0);
	if (!s->hist)
		return tool_error(_("--as-of %s: nothing is committed yet"), o->as_of);
	rc = tz_asof_find(&s->at, s->hist, o->as_of);
	if (rc < 0)
		return tool_error("%s", tz_error_last());
	if (rc > 0)
		return tool_error(_("--as-of %s: no commit is dated on or before that day"), o->as_of);
	if (s->at.linear) {
		/* the working tree's index, rolled back, when it holds HEAD's
		 * records: its notes are said only when it is the one used */
		if (tool_open_index_ext(&s->ix, repo, NULL, 0, 0))
			return 2;
		clean = tz_asof_tree_clean(repo, tz_index_db(s->ix));
		if (clean < 0)
			return tool_error("%s", tz_error_last());
		if (clean) {
			s->rollback = !s->at.is_tip;
			tool_index_notices(s->ix);
			return 0;
		}
		tz_index_free(s->ix);
		s->ix = NULL;
	}
	s->rev = s->at.commit;	/* read that commit's tree */
	return tool_open_index(&s->ix, repo, s->rev, 0);
}

static int write_out(const struct options *o, const struct tz_buf *b)
{
	if (!o->output) {
		fwrite(b->ptr ? b->ptr : "", 1, b->len, stdout);
		return 0;
	}
	if (tz_output_write(o->output, b->ptr ? b->ptr : "", b->len) < 0)
		return tool_error(_("cannot write %s: %s"), o->output, tz_error_last());
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "as-of", required_argument, NULL, 'a' },
		{ "period", required_argument, NULL, 'p' },
		{ "number", required_argument, NULL, 'n' },
		{ "format", required_argument, NULL, 'F' },
		{ "unit", required_argument, NULL, 'u' },
		{ "section", required_argument, NULL, 's' },
		{ "bom", no_argument, NULL, 'B' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct options o = { 0 };
	struct tz_repo *repo = NULL;
	struct tz_calendar *cal = NULL;
	struct tz_report_settings set = { 0 };
	struct tz_diag_list diags = TZ_DIAG_LIST_INIT;
	struct tz_snapshot *snap = NULL;
	struct tz_report *rep = NULL;
	struct tz_report_input in = { 0 };
	struct tz_source src = { 0 };
	struct tz_buf out = TZ_BUF_INIT;
	struct state st = { 0 };
	char as_of[11], from[11], to[11];
	int c, ret = 2, have_src = 0;

	tool_init("tz report", argv);
	o.format = TZ_REPORT_TEXT;
	while ((c = getopt_long(argc, argv, "C:o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'C': o.dir = optarg; break;
		case 'o': o.output = optarg; break;
		case 'a':
			if (tz_date_parse(optarg, NULL) < 0)
				return tool_usage_error(_("--as-of needs a date (YYYY-MM-DD), not \"%s\""), optarg);
			o.as_of = optarg;
			break;
		case 'p': o.period = optarg; break;
		case 'n': {
			char *end;
			long n = strtol(optarg, &end, 10);
			if (*end || end == optarg || n < 1 || n > 100000)
				return tool_usage_error(_("--number needs an issue number (1, 2, ...), not \"%s\""), optarg);
			o.number = (int)n;
			break;
		}
		case 'F':
			if (tz_report_parse_format(optarg, &o.format) < 0)
				return tool_usage_error(_("unknown format \"%s\" (text, md, html, csv, xlsx or json)"), optarg);
			break;
		case 'u': o.unit = optarg; break;
		case 's': o.section = optarg; break;
		case 'B': o.bom = 1; break;
		case 'h': return tool_help(usage);
		default: return tool_usage_error(NULL);
		}
	}
	if (optind < argc)
		return tool_usage_error(_("unexpected argument \"%s\""), argv[optind]);
	if (o.period && o.number)
		return tool_usage_error(_("--period and --number both name the period: give one"));
	if ((o.section || o.bom) && o.format != TZ_REPORT_CSV)
		return tool_usage_error(_("--section and --bom are for --format csv"));
	if (o.format == TZ_REPORT_XLSX && !o.output)
		return tool_usage_error(_("--format xlsx needs -o FILE"));
	if (tz_repo_open(&repo, o.dir) < 0)
		return tool_error("%s", tz_error_last());

	/* settings and calendar: the working tree's */
	if (tz_source_open(&src, repo, repo->workdir ? NULL : "HEAD") < 0) {
		tool_error("%s", tz_error_last());
		goto out;
	}
	have_src = 1;
	if (tz_report_settings_load(&set, &src, NULL, &diags) < 0) {
		tool_error(_("cannot read the report's settings: %s"), tz_error_last());
		goto out;
	}
	if (tz_calendar_load(&cal, &src, &diags) < 0) {
		tool_error(_("cannot read %s: %s"), TZ_CALENDAR_PATH, tz_error_last());
		goto out;
	}
	if (diags.n) {
		tz_diag_write(&diags, stderr, TZ_FORMAT_TEXT);
		goto out;
	}

	/* the period and the as-of date */
	if (o.period) {
		if (parse_period(o.period, from, to) < 0) {
			ret = tool_usage_error(_("--period needs FROM..TO, two dates in order, not \"%s\""), o.period);
			goto out;
		}
		in.number = tz_report_number(&set, to);
		{
			char f2[11], t2[11];
			/* a number only when the period is that half-month */
			if (in.number < 1 || tz_report_period(&set, in.number, f2, t2) < 0 || strcmp(f2, from) || strcmp(t2, to))
				in.number = 0;
		}
	}
	if (o.number && tz_report_period(&set, o.number, from, to) < 0) {
		ret = tool_usage_error(_("--number %d: no such issue"), o.number);
		goto out;
	}
	if (o.as_of)
		snprintf(as_of, sizeof(as_of), "%s", o.as_of);
	else if (o.number)
		snprintf(as_of, sizeof(as_of), "%s", to);
	else
		tz_date_format(tz_date_today(), as_of);
	if (o.number) {
		in.number = o.number;
		o.as_of = as_of;
	}
	if (!o.period && !o.number) {
		in.number = tz_report_number(&set, as_of);
		if (in.number < 1 || tz_report_period(&set, in.number, from, to) < 0) {
			snprintf(from, sizeof(from), "%s", as_of);
			snprintf(to, sizeof(to), "%s", as_of);
			in.number = 0;
		}
	}
	if (o.as_of)
		setenv("TZ_TODAY", as_of, 1);	/* today means the as-of date */

	if (open_state(&st, repo, &o))
		goto out;
	snap = tz_snapshot_new();
	tz_report_want(snap, tz_index_schema(st.ix), &set);
	if (tz_snapshot_load(snap, tz_index_db(st.ix)) < 0 ||
	    (st.rollback && tz_snapshot_rollback(snap, tz_history_db(st.hist), st.at.seq) < 0)) {
		tool_error("%s", tz_error_last());
		goto out;
	}
	tz_snapshot_finish(snap);

	in.schema = tz_index_schema(st.ix);
	in.snap = snap;
	in.settings = &set;
	in.calendar = cal;
	in.as_of = as_of;
	in.from = from;
	in.to = to;
	in.unit = o.unit;
	in.history = st.hist ? tz_history_db(st.hist) : NULL;
	in.history_seq = o.as_of && st.hist ? st.at.seq : -1;
	in.commit = o.as_of ? st.at.commit : NULL;
	if (tz_report_compute(&rep, &in) < 0) {
		tool_error("%s", tz_error_last());
		goto out;
	}
	switch (o.format) {
	case TZ_REPORT_TEXT: tz_report_text(&out, rep, 0); break;
	case TZ_REPORT_MD: tz_report_text(&out, rep, 1); break;
	case TZ_REPORT_HTML: tz_report_html(&out, rep); break;
	case TZ_REPORT_JSON: tz_report_json(&out, rep); break;
	case TZ_REPORT_CSV:
		if (tz_report_csv(&out, rep, o.section, o.bom) < 0) {
			ret = tool_usage_error(_("--section %s: no such table (%s)"), o.section, tz_report_table_names());
			goto out;
		}
		break;
	case TZ_REPORT_XLSX:
		if (tz_report_xlsx(o.output, rep) < 0) {
			tool_error(_("cannot write %s: %s"), o.output, tz_error_last());
			goto out;
		}
		ret = 0;
		goto out;
	}
	ret = write_out(&o, &out);
out:
	tool_calendar_warn(cal);
	tz_buf_release(&out);
	tz_report_free(rep);
	tz_snapshot_free(snap);
	tz_index_free(st.ix);
	tz_history_free(st.hist);
	if (have_src)
		tz_source_release(&src);
	tz_diag_list_release(&diags);
	tz_report_settings_release(&set);
	tz_calendar_free(cal);
	tz_repo_free(repo);
	return tool_finish(ret);
}
