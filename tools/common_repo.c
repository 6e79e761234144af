/* common_repo.c - what several programs do with a repository before they
 * print: the calendar that counts working days, --as-of. Apart from
 * common.c, so that a program that opens no repository (the dispatcher)
 * links no libgit2. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "asof.h"
#include "buf.h"
#include "calendar.h"
#include "date.h"
#include "history.h"
#include "common.h"
#include "diag.h"
#include "error.h"
#include "i18n.h"
#include "repo.h"

int tool_load_calendar(struct tz_calendar **out, struct tz_repo *repo, const char *rev)
{
	struct tz_diag_list diags = TZ_DIAG_LIST_INIT;
	struct tz_source src;
	int ret = 0;

	*out = NULL;
	if (tz_source_open(&src, repo, rev) < 0)
		return tool_error("%s", tz_error_last());
	if (tz_calendar_load(out, &src, &diags) < 0)
		ret = tool_error(_("cannot read %s: %s"), TZ_CALENDAR_PATH, tz_error_last());
	tz_source_release(&src);
	if (diags.n) {
		fflush(stdout);
		tz_diag_write(&diags, stderr, TZ_FORMAT_TEXT);
		ret = 2;
	}
	tz_diag_list_release(&diags);
	return ret;
}

void tool_calendar_warn(const struct tz_calendar *c)
{
	struct tz_buf years = TZ_BUF_INIT;
	size_t n = tz_calendar_missing(c, &years);

	if (n) {
		fflush(stdout);
		/* TRANSLATORS: "tz query: warning: schema/calendar.ini has no
		   year 2027: its working days were counted as Monday to Friday";
		   the plural follows how many years are missing */
		fprintf(stderr, NG_("%s: warning: %s has no year %s: its working days were counted as Monday to Friday\n",
				    "%s: warning: %s has no year %s: their working days were counted as Monday to Friday\n", n),
			tool_name, TZ_CALENDAR_PATH, years.ptr);
	}
	tz_buf_release(&years);
}

int tool_as_of(struct tz_repo *repo, const char *date, char *commit)
{
	struct tz_history *h = NULL;
	struct tz_asof at;
	int rc;

	if (tz_date_parse(date, NULL) < 0)
		return tool_usage_error(_("--as-of needs a date (YYYY-MM-DD), not \"%s\""), date);
	rc = tz_repo_head_unborn(repo);
	if (rc < 0)
		return tool_error("%s", tz_error_last());
	if (rc == 1)
		return tool_error(_("--as-of %s: nothing is committed yet"), date);
	if (tz_history_open(&h, repo, NULL, NULL, NULL) < 0)
		return tool_error(_("cannot read the history: %s"), tz_error_last());
	rc = tz_asof_find(&at, h, date);
	tz_history_free(h);
	if (rc < 0)
		return tool_error("%s", tz_error_last());
	if (rc > 0)
		return tool_error(_("--as-of %s: no commit is dated on or before that day"), date);
	memcpy(commit, at.commit, sizeof(at.commit));
	setenv("TZ_TODAY", date, 1);
	return 0;
}
