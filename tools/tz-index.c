/* tz-index - bring the index up to date (queries do this themselves), build
 * it again from nothing, or say what it holds. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "buf.h"
#include "common.h"
#include "error.h"
#include "i18n.h"
#include "history.h"
#include "index.h"
#include "out.h"
#include "repo.h"
#include "tool-index.h"

static const char usage[] = N_(
"usage: tz index [-C DIR] [--rebuild] [--stats] [--format FORMAT] [-q]\n"
"\n"
"Bring the index ($GIT_DIR/taizhang/index.sqlite) up to date with the\n"
"records of the working tree: files whose stat data changed are read, and\n"
"those whose content changed are parsed again. tz query and tz show do this\n"
"themselves; the index is a cache that can always be deleted.\n"
"\n"
"  -C DIR              run as if started in DIR\n"
"  --rebuild           drop the index's tables and read every file again\n"
"  --stats             print what the index holds, table by table\n"
"  --format FORMAT     for --stats: table (default on a terminal), tsv,\n"
"                      csv or json\n"
"  -q, --quiet         no summary line on stderr\n"
"  -h, --help          show this help\n"
"\n"
"Exit status: 0 done, 2 usage or environment error.\n");

static void summary(const struct tz_index *ix)
{
	const struct tz_index_stats *s = tz_index_stats(ix);

	/* TRANSLATORS: "N records indexed (built from the files): M files read,
	 * P parsed, Q moved, R removed", in four pieces */
	fprintf(stderr, NG_("%zu record indexed", "%zu records indexed", s->records), s->records);
	if (s->rebuilt)
		fputs(_(" (built from the files)"), stderr);
	fprintf(stderr, NG_(": %zu file read", ": %zu files read", s->hashed), s->hashed);
	fprintf(stderr, _(", %zu parsed, %zu moved, %zu removed\n"), s->parsed, s->renamed, s->removed);
}

static void stat_row(struct tz_out *out, const char *name, const char *value)
{
	const char *cells[2] = { name, value };
	tz_out_row(out, cells);
}

static void stat_num(struct tz_out *out, const char *name, long long n)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%lld", n);
	stat_row(out, name, buf);
}

static int table_row(const char *table, long long rows, void *payload)
{
	stat_num(payload, table, rows);
	return 0;
}

static int stats(struct tz_index *ix, enum tz_out_format format)
{
	static const char *const cols[] = { "name", "value" };
	const struct tz_index_stats *s = tz_index_stats(ix);
	struct tz_out *out = tz_out_new(stdout, format, 0);
	struct stat st;
	int r = 0;

	tz_out_columns(out, cols, 2);
	stat_row(out, "path", tz_index_path(ix));
	if (!s->in_memory && stat(tz_index_path(ix), &st) == 0)
		stat_num(out, "bytes", (long long)st.st_size);
	stat_num(out, "files", (long long)s->files);
	stat_num(out, "records", (long long)s->records);
	stat_num(out, "skipped", (long long)s->skipped);
	r = tz_index_count_rows(ix, table_row, out);
	if (r < 0)
		tool_error("%s", tz_error_last());
	tz_out_finish(out);
	tz_out_free(out);
	return r;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "rebuild", no_argument, NULL, 'r' },
		{ "stats", no_argument, NULL, 's' },
		{ "format", required_argument, NULL, 'f' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct tz_repo *repo = NULL;
	struct tz_index *ix = NULL;
	enum tz_out_format format = tool_stdout_is_tty() ? TZ_OUT_TABLE : TZ_OUT_TSV;
	const char *dir = NULL;
	unsigned flags = 0;
	int want_stats = 0, quiet = 0, c, ret = 2;

	tool_init("tz index", argv);
	while ((c = getopt_long(argc, argv, "C:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'C': dir = optarg; break;
		case 'r': flags |= TZ_INDEX_REBUILD; break;
		case 's': want_stats = 1; break;
		case 'q': quiet = 1; break;
		case 'f':
			if (tz_out_parse_format(optarg, &format) < 0)
				return tool_usage_error(_("unknown format \"%s\" (table, tsv, csv or json)"), optarg);
			break;
		case 'h': return tool_help(usage);
		default: return tool_usage_error(NULL);
		}
	}
	if (optind < argc)
		return tool_usage_error(_("unexpected argument \"%s\""), argv[optind]);
	if (tz_repo_open(&repo, dir) < 0)
		return tool_error("%s", tz_error_last());
	if (tool_open_index(&ix, repo, NULL, flags))
		goto out;
	if (flags & TZ_INDEX_REBUILD) {	/* the history tables too */
		struct tz_history *h = NULL;
		if (tz_history_drop(repo) < 0 || tz_history_open(&h, repo, NULL, NULL, NULL) < 0) {
			ret = tool_error(_("cannot rebuild the history: %s"), tz_error_last());
			goto out;
		}
		tz_history_free(h);
	}
	if (!quiet)
		summary(ix);
	ret = want_stats && stats(ix, format) < 0 ? 2 : 0;
out:
	tz_index_free(ix);
	tz_repo_free(repo);
	return tool_finish(ret);
}
