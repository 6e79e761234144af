/* tz-init - make a records repository (init.h): the options, where the
 * default schema is, and what was made. */
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "buf.h"
#include "common.h"
#include "diag.h"
#include "error.h"
#include "i18n.h"
#include "init.h"

static const char usage[] = N_(
"usage: tz init [--schema DIR] [--example] [DIR]\n"
"\n"
"Make DIR (default: the current directory) a records repository: a git\n"
"repository with schema/ holding the default schema and records/ with one\n"
"folder per record type. An existing git repository is kept as it is; a\n"
"directory that already has schema/ is refused. Nothing is committed.\n"
"\n"
"  --schema DIR   copy the schema from DIR instead of the default one\n"
"  --example      also commit the campaign in records/ beside the schema (the\n"
"                 bundled 2026 half-year) as its history: one commit per log\n"
"                 entry, monthly report and visit, the same commits every time\n"
"  -h, --help     show this help\n");

/* The default schema: beside the programs in a build tree (bin/../schema),
 * else PREFIX/share/taizhang/schema relative to the installed program, else
 * where the build's PREFIX said `make install` would put it. */
static char *default_schema(void)
{
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
	struct tz_buf p = TZ_BUF_INIT;
	struct stat st;

	if (n > 0) {
		char *slash;
		buf[n] = '\0';
		slash = strrchr(buf, '/');
		if (slash) {
			*slash = '\0';
			tz_buf_printf(&p, "%s/../schema", buf);
			if (stat(p.ptr, &st) == 0 && S_ISDIR(st.st_mode))
				return tz_buf_detach(&p);
			/* installed under any PREFIX: PREFIX/bin/tz-init */
			tz_buf_clear(&p);
			tz_buf_printf(&p, "%s/../share/taizhang/schema", buf);
			if (stat(p.ptr, &st) == 0 && S_ISDIR(st.st_mode))
				return tz_buf_detach(&p);
		}
	}
	tz_buf_clear(&p);
	tz_buf_printf(&p, "%s/schema", TZ_DATADIR);
	return tz_buf_detach(&p);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "schema", required_argument, NULL, 's' },
		{ "example", no_argument, NULL, 'e' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct tz_init_opts opts = TZ_INIT_OPTS_INIT;
	struct tz_init_result res;
	struct tz_diag_list diags = TZ_DIAG_LIST_INIT;
	const char *dir = ".";
	char *from = NULL;
	int c, ret = 2, rc;

	tool_init("tz init", argv);
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 's': free(from); from = tz_strdup(optarg); break;
		case 'e': opts.example = 1; break;
		case 'h': return tool_help(usage);
		default: return tool_usage_error(NULL);
		}
	}
	if (optind + 1 < argc)
		return tool_usage_error(_("too many arguments"));
	if (optind < argc)
		dir = argv[optind];
	if (!from)
		from = default_schema();
	rc = tz_init_repo(&res, dir, from, &opts, &diags);
	if (rc < 0) {
		ret = tool_error("%s", tz_error_last());
		goto out;
	}
	if (rc == TZ_INIT_INVALID) {
		tz_diag_write(&diags, stderr, TZ_FORMAT_TEXT);
		ret = tool_error(_("the schema at %s is invalid"), from);
		goto out;
	}
	printf(_("Initialized records repository in %s/ with %zu record types:"), res.root, res.schema->ntypes);
	for (size_t i = 0; i < res.schema->ntypes; i++)
		printf(" %s", res.schema->types[i].name);
	putchar('\n');
	if (opts.example) {
		printf(_("Replayed %zu records as %zu commits, %s to %s\n"),
		       res.stats.records, res.stats.commits, res.stats.first, res.stats.last);
		ret = 0;
		goto out;
	}
	ret = 0;
	if (diags.n) {
		tz_diag_write(&diags, stdout, TZ_FORMAT_TEXT);
		ret = diags.errors ? 1 : 0;
	}
out:
	tz_init_result_release(&res);
	tz_diag_list_release(&diags);
	free(from);
	return tool_finish(ret);
}
