/* tool-write.h - what tz new, tz set and tz act share: the date and actor
 * of an action, and how a refused or invalid write is reported. */
#ifndef TZ_TOOL_WRITE_H
#define TZ_TOOL_WRITE_H
#include <stdio.h>
#include <string.h>
#include "common.h"
#include "date.h"
#include "diag.h"
#include "i18n.h"
#include "ident.h"
#include "repo.h"
#include "write.h"

/* --date D, or today (TZ_TODAY honoured), into out (11 bytes). Returns 0,
 * or 2 after a usage error. */
static inline int tool_action_date(char *out, const char *opt)
{
	long d;

	if (opt) {
		if (tz_date_parse(opt, &d) < 0)
			return tool_usage_error(_("--date: \"%s\" is not a date (YYYY-MM-DD)"), opt);
	} else {
		d = tz_date_today();
	}
	tz_date_format(d, out);
	return 0;
}

/* --actor A, or the author's name as tz commit would sign (git config
 * user.name, $GIT_AUTHOR_NAME). Returns a string to free, or NULL after
 * printing why. */
static inline char *tool_actor(struct tz_repo *repo, const char *opt)
{
	char *name;

	if (opt)
		return tz_strdup(opt);
	if (tz_ident_author_name(&name, repo->git) < 0) {
		tool_error(_("who acts? give --actor, or set user.name (%s)"), tz_error_last());
		return NULL;
	}
	return name;
}

/* Print the findings of a check (stdout, as tz validate does) and a
 * closing line on stderr. Returns the exit status for rc, a
 * tz_writer_update or tz_writer_create result. */
static inline int tool_write_result(int rc, const struct tz_diag_list *diags, const struct tz_buf *why,
				    const char *what)
{
	if (rc < 0)
		return tool_error_last(what);
	tz_diag_write(diags, stdout, TZ_FORMAT_TEXT);
	if (rc == TZ_WRITE_INVALID) {
		fflush(stdout);
		fprintf(stderr, NG_("%s: nothing written: the result would have %zu error\n",
				    "%s: nothing written: the result would have %zu errors\n", diags->errors),
			tool_name, diags->errors);
		return 1;
	}
	if (rc == TZ_WRITE_REFUSED) {
		tool_error("%s", why->ptr ? why->ptr : _("refused"));
		return 1;
	}
	return 0;
}

#endif
