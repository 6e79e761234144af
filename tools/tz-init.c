/* tz-init - make a records repository: git init (through libgit2), the
 * default schema, and one folder per record type; or the bundled campaign
 * with its half-year of history (--example). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <git2.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "buf.h"
#include "common.h"
#include "diag.h"
#include "durable.h"
#include "error.h"
#include "example.h"
#include "i18n.h"
#include "load.h"
#include "repo.h"
#include "schema.h"

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

/* Copy the *.ini files of directory from into directory to. */
static int copy_schema(const char *from, const char *to)
{
	DIR *d = opendir(from);
	struct dirent *de;
	int ret = 0;

	if (!d)
		return tz_error_set(_("cannot read %s: %s"), from, strerror(errno));
	while (!ret && (de = readdir(d))) {
		struct tz_buf a = TZ_BUF_INIT, b = TZ_BUF_INIT;
		size_t n = strlen(de->d_name);
		if (de->d_name[0] == '.' || n < 5 || strcmp(de->d_name + n - 4, ".ini"))
			continue;
		tz_buf_printf(&a, "%s/%s", from, de->d_name);
		tz_buf_printf(&b, "%s/%s", to, de->d_name);
		ret = tz_durable_copy(a.ptr, b.ptr);
		tz_buf_release(&a);
		tz_buf_release(&b);
	}
	closedir(d);
	return ret;
}

static int mkdirs(const char *path)
{
	char *p = tz_strdup(path);

	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0777) < 0 && errno != EEXIST) {
			int r = tz_error_set(_("cannot create %s: %s"), p, strerror(errno));
			free(p);
			return r;
		}
		*s = '/';
	}
	free(p);
	if (mkdir(path, 0777) < 0 && errno != EEXIST)
		return tz_error_set(_("cannot create %s: %s"), path, strerror(errno));
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "schema", required_argument, NULL, 's' },
		{ "example", no_argument, NULL, 'e' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct tz_diag_list diags = TZ_DIAG_LIST_INIT;
	struct tz_buf path = TZ_BUF_INIT;
	struct tz_repo *repo = NULL;
	struct tz_source src;
	struct tz_schema *schema = NULL;
	git_repository *git = NULL;
	const char *dir = ".";
	char *from = NULL, *root = NULL;
	struct tz_buf records = TZ_BUF_INIT;
	struct stat st;
	int c, ret = 2, example = 0;

	tool_init("tz init", argv);
	memset(&src, 0, sizeof(src));
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 's': free(from); from = tz_strdup(optarg); break;
		case 'e': example = 1; break;
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
	if (stat(from, &st) < 0 || !S_ISDIR(st.st_mode)) {
		ret = tool_error(_("no schema at %s"), from);
		goto out;
	}
	tz_buf_printf(&records, "%s/../records", from);
	if (example && (stat(records.ptr, &st) < 0 || !S_ISDIR(st.st_mode))) {
		ret = tool_error(_("no campaign at %s"), records.ptr);
		goto out;
	}
	if (mkdirs(dir) < 0) {
		ret = tool_error("%s", tz_error_last());
		goto out;
	}
	root = realpath(dir, NULL);
	tz_buf_printf(&path, "%s/schema", root);
	if (stat(path.ptr, &st) == 0) {
		ret = tool_error(_("%s already has schema/: it is a records repository"), dir);
		goto out;
	}
	tz_repo_libgit2_init();
	if (git_repository_open_ext(&git, root, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) < 0 &&
	    git_repository_init(&git, root, 0) < 0) {
		ret = tool_error(_("cannot make a git repository in %s: %s"), dir, git_error_last()->message);
		goto out;
	}
	if (example && git_repository_head_unborn(git) != 1) {
		ret = tool_error(_("%s already has commits: --example needs a new repository"), dir);
		goto out;
	}
	if (mkdir(path.ptr, 0777) < 0) {
		ret = tool_error(_("cannot create %s: %s"), path.ptr, strerror(errno));
		goto out;
	}
	if (copy_schema(from, path.ptr) < 0) {
		ret = tool_error("%s", tz_error_last());
		goto out;
	}
	if (tz_repo_open(&repo, root) < 0 || tz_source_open(&src, repo, NULL) < 0 ||
	    tz_schema_load(&schema, &src, &diags, NULL) < 0) {
		ret = tool_error("%s", tz_error_last());
		goto out;
	}
	for (size_t i = 0; !example && i < schema->ntypes; i++) {
		struct tz_buf keep = TZ_BUF_INIT;
		int rc;
		if (!schema->types[i].dir)
			continue;
		tz_buf_printf(&keep, "%s/records/%s", root, schema->types[i].dir);
		if (mkdirs(keep.ptr) < 0) {
			tz_buf_release(&keep);
			ret = tool_error("%s", tz_error_last());
			goto out;
		}
		tz_buf_puts(&keep, "/.gitkeep");
		rc = tz_durable_write(keep.ptr, "", 0, TZ_DURABLE_NEW);
		tz_buf_release(&keep);
		if (rc < 0) {
			ret = tool_error("%s", tz_error_last());
			goto out;
		}
	}
	if (example) {
		struct tz_example_stats stats;
		git_checkout_options co;
		git_checkout_options_init(&co, GIT_CHECKOUT_OPTIONS_VERSION);
		co.checkout_strategy = GIT_CHECKOUT_FORCE;
		if (diags.errors) {
			tz_diag_write(&diags, stderr, TZ_FORMAT_TEXT);
			ret = tool_error(_("the schema at %s is invalid"), from);
			goto out;
		}
		/* a thousand commits, each fsync'd, take a minute; an interrupted
		 * example is simply made again */
		git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, 0);
		if (tz_example_replay(git, schema, from, records.ptr, &stats) < 0) {
			ret = tool_error("%s", tz_error_last());
			goto out;
		}
		if (git_checkout_head(git, &co) < 0) {
			ret = tool_error(_("cannot check out the campaign: %s"), git_error_last()->message);
			goto out;
		}
		printf(_("Initialized records repository in %s/ with %zu record types:"), root, schema->ntypes);
		for (size_t i = 0; i < schema->ntypes; i++)
			printf(" %s", schema->types[i].name);
		putchar('\n');
		printf(_("Replayed %zu records as %zu commits, %s to %s\n"),
		       stats.records, stats.commits, stats.first, stats.last);
		ret = 0;
		goto out;
	}
	printf(_("Initialized records repository in %s/ with %zu record types:"), root, schema->ntypes);
	for (size_t i = 0; i < schema->ntypes; i++)
		printf(" %s", schema->types[i].name);
	putchar('\n');
	ret = 0;
	if (diags.n) {
		tz_diag_write(&diags, stdout, TZ_FORMAT_TEXT);
		ret = diags.errors ? 1 : 0;
	}
out:
	git_repository_free(git);
	tz_schema_free(schema);
	tz_source_release(&src);
	tz_repo_free(repo);
	tz_diag_list_release(&diags);
	tz_buf_release(&path);
	tz_buf_release(&records);
	free(from);
	free(root);
	return tool_finish(ret);
}
