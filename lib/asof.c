/* asof.c - the commit a date names, through the history index. */
#include <string.h>
#include <stdio.h>
#include "asof.h"
#include "error.h"
#include "i18n.h"

int tz_asof_find(struct tz_asof *out, struct tz_history *h, const char *date)
{
	static const char sql[] =
		"SELECT seq, id, seq = (SELECT max(seq) FROM history_commit),"
		" NOT EXISTS (SELECT 1 FROM history_commit m WHERE m.seq > c.seq AND m.parents > 1)"
		" FROM history_commit c"
		" WHERE date(author_time + 60 * author_tz, 'unixepoch') <= ?1"
		" ORDER BY seq DESC LIMIT 1";
	sqlite3 *db = tz_history_db(h);
	sqlite3_stmt *st = NULL;
	int rc, ret = -1;

	memset(out, 0, sizeof(*out));
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		tz_error_set(_("cannot read the history index: %s"), sqlite3_errmsg(db));
		goto out;
	}
	sqlite3_bind_text(st, 1, date, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		ret = 1;
	} else if (rc == SQLITE_ROW) {
		out->seq = sqlite3_column_int64(st, 0);
		snprintf(out->commit, sizeof(out->commit), "%s", (const char *)sqlite3_column_text(st, 1));
		out->is_tip = sqlite3_column_int(st, 2);
		out->linear = sqlite3_column_int(st, 3);
		ret = 0;
	} else {
		tz_error_set(_("cannot read the history index: %s"), sqlite3_errmsg(db));
	}
out:
	sqlite3_finalize(st);
	return ret;
}

int tz_asof_tree_clean(struct tz_repo *r)
{
	static char *paths[] = { "records", "schema" };
	git_status_options opts;
	git_status_list *list = NULL;
	int clean;

	if (!r->workdir)
		return 1;	/* a bare repository has only HEAD */
	git_status_options_init(&opts, GIT_STATUS_OPTIONS_VERSION);
	opts.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
	opts.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS;
	opts.pathspec.strings = paths;
	opts.pathspec.count = 2;
	if (git_status_list_new(&list, r->git, &opts) < 0) {
		const git_error *e = git_error_last();
		return tz_error_set(_("cannot compare the working tree with HEAD: %s"), e ? e->message : "unknown error");
	}
	clean = git_status_list_entrycount(list) == 0;
	git_status_list_free(list);
	return clean;
}
