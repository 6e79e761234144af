/* tool-index.h - what the programs that read the index share: opening and
 * refreshing it with a progress line on a terminal, and the one-line notes
 * about the cache and the files it could not index. */
#ifndef TZ_TOOL_INDEX_H
#define TZ_TOOL_INDEX_H
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "common.h"
#include "error.h"
#include "i18n.h"
#include "index.h"
#include "label.h"

/* Say on stderr what happened to the cache of ix and which files are not
 * in it. */
static inline void tool_index_notices(const struct tz_index *ix)
{
	const struct tz_index_stats *st = tz_index_stats(ix);

	if (tz_index_notice(ix))
		tool_error("%s", tz_index_notice(ix));
	if (st->schema_errors)
		tool_error(NG_("the schema has %d error (see tz validate)", "the schema has %d errors (see tz validate)",
			       st->schema_errors), st->schema_errors);
	if (tz_index_skipped(ix))
		tool_error("%s", tz_index_skipped(ix));
}

/* Open and refresh the index of repo (tz_index_open), with a progress line
 * on a terminal, and its notes (tool_index_notices) when notices is set.
 * Returns 0, or 2 (the exit status) after printing the error. */
static inline int tool_open_index_ext(struct tz_index **out, struct tz_repo *repo, const char *rev,
				      unsigned flags, int notices)
{
	struct tz_index_opts opts = TZ_INDEX_OPTS_INIT;

	opts.flags = flags;
	opts.progress = tool_progress(0);
	if (tz_index_open(out, repo, rev, &opts) < 0)
		return tool_error("%s", tz_error_last());
	if (notices)
		tool_index_notices(*out);
	return 0;
}

/* tool_open_index_ext with the notes. */
static inline int tool_open_index(struct tz_index **out, struct tz_repo *repo, const char *rev, unsigned flags)
{
	return tool_open_index_ext(out, repo, rev, flags, 1);
}

/* For --labels output: a labeler with the titles of references from the
 * index of repo at rev, opened quietly into *ix (NULL when it cannot be, and
 * references then stay bare IDs). Free both. */
static inline struct tz_labeler *tool_labeler(struct tz_repo *repo, const char *rev, struct tz_index **ix)
{
	if (tz_index_open(ix, repo, rev, NULL) < 0)
		*ix = NULL;
	return tz_labeler_new(*ix);
}

/* The column headers of tz log, blame and diff: as they are, or, with
 * --labels, in the user's language. names[] holds n headers; out gets n. */
static inline void tool_label_columns(const char **out, const char *const *names, size_t n, int labels)
{
	/* the headers, for xgettext */
	static const char *const words[][2] = {
		{ "date", NC_("column", "date") }, { "author", NC_("column", "author") },
		{ "commit", NC_("column", "commit") }, { "record", NC_("column", "record") },
		{ "field", NC_("column", "field") }, { "old", NC_("column", "old") },
		{ "new", NC_("column", "new") }, { "value", NC_("column", "value") },
		{ "label", NC_("column", "label") },
	};

	for (size_t i = 0; i < n; i++) {
		out[i] = names[i];
		for (size_t k = 0; labels && k < sizeof(words) / sizeof(*words); k++)
			if (!strcmp(names[i], words[k][0]))
				out[i] = tz_i18n_cgettext("column", words[k][1]);
	}
}

#endif
