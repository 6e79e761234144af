/* tz-merge-file - git's merge driver for records: merges BASE, OURS and
 * THEIRS field by field and leaves the result in OURS (exit 0 clean, 1 with
 * conflicts), as `merge.tz.driver = tz merge-file %O %A %B %P` asks. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include "buf.h"
#include "common.h"
#include "error.h"
#include "i18n.h"
#include "load.h"
#include "merge.h"
#include "place.h"
#include "record.h"
#include "repo.h"

static const char usage[] = N_(
"usage: tz merge-file BASE OURS THEIRS PATH\n"
"\n"
"Merge two versions of a record, OURS and THEIRS, both changed from BASE,\n"
"field by field, and write the result to OURS: git's merge driver contract.\n"
"A field changed on one side only is taken from that side; a field changed\n"
"on both sides to different values is left between conflict markers.\n"
"Entries of append-only parts added on both sides are all kept, numbered in\n"
"date order after BASE's last entry. PATH is the record's path in the\n"
"repository; it names its type in the schema of the current repository.\n"
"A side that is not a readable record is merged line by line.\n"
"\n"
"  -h, --help          show this help\n"
"\n"
"Set up by `tz hooks install`:\n"
"  git config merge.tz.driver 'tz merge-file %O %A %B %P'\n"
"\n"
"Exit status: 0 merged cleanly, 1 conflicts left in OURS,\n"
"2 usage or environment error.\n");

static int read_file(struct tz_buf *out, const char *path)
{
	FILE *fp = fopen(path, "rb");
	char chunk[65536];
	size_t n;

	if (!fp)
		return tool_error(_("cannot read %s: %s"), path, strerror(errno));
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		tz_buf_put(out, chunk, n);
	if (ferror(fp)) {
		fclose(fp);
		return tool_error(_("cannot read %s: %s"), path, strerror(errno));
	}
	fclose(fp);
	return 0;
}

/* The record's type by the schema of the repository we run in (git runs a
 * merge driver at the top of the working tree), or NULL when there is none. */
static struct tz_type *find_type(struct tz_schema **schema, const char *path)
{
	struct tz_diag_list d = TZ_DIAG_LIST_INIT;
	struct tz_repo *repo = NULL;
	struct tz_source src = { 0 };
	struct tz_type *t = NULL;

	*schema = NULL;
	if (tz_repo_open(&repo, NULL) < 0)
		goto out;
	if (tz_source_open(&src, repo, repo->workdir ? NULL : "HEAD") < 0)
		goto out;
	if (tz_schema_load(schema, &src, &d, NULL) < 0) {
		*schema = NULL;
		goto out;
	}
	t = tz_place_type(*schema, path);
out:
	tz_source_release(&src);
	tz_repo_free(repo);
	tz_diag_list_release(&d);
	return t;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct tz_buf data[3] = { TZ_BUF_INIT, TZ_BUF_INIT, TZ_BUF_INIT }, out = TZ_BUF_INIT;
	struct tz_merge_side sides[3];
	struct tz_merge_stats stats;
	struct tz_schema *schema = NULL;
	struct tz_type *t;
	FILE *fp;
	int c, ret = 2;

	tool_init("tz merge-file", argv);
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (c == 'h')
			return tool_help(usage);
		return tool_usage_error(NULL);
	}
	if (argc - optind != 4)
		return tool_usage_error(_("needs BASE, OURS, THEIRS and PATH"));
	for (int i = 0; i < 3; i++) {
		if (read_file(&data[i], argv[optind + i]) != 0)
			goto out;
		sides[i].data = tz_buf_cstr(&data[i]);
		sides[i].len = data[i].len;
	}
	t = find_type(&schema, argv[optind + 3]);
	if (tz_merge_record(&out, &stats, t, argv[optind + 3], &sides[0], &sides[1], &sides[2]) < 0) {
		tool_error_last(_("cannot merge"));
		goto out;
	}
	fp = fopen(argv[optind + 1], "wb");
	if (!fp || fwrite(out.ptr ? out.ptr : "", 1, out.len, fp) != out.len || fclose(fp) != 0) {
		tool_error(_("cannot write %s: %s"), argv[optind + 1], strerror(errno));
		goto out;
	}
	if (stats.conflicts)
		fprintf(stderr, stats.line_merged ? NG_("%s: %zu conflict (merged line by line)\n",
							"%s: %zu conflicts (merged line by line)\n", stats.conflicts)
						  : NG_("%s: %zu conflict\n", "%s: %zu conflicts\n", stats.conflicts),
			argv[optind + 3], stats.conflicts);
	ret = stats.conflicts ? 1 : 0;
out:
	for (int i = 0; i < 3; i++)
		tz_buf_release(&data[i]);
	tz_buf_release(&out);
	tz_schema_free(schema);
	return tool_finish(ret);
}
