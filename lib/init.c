/* init.c - making a records repository (init.h): the git repository, the
 * schema copied in, the type folders, or the bundled campaign's history. */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <git2.h>
#include "buf.h"
#include "durable.h"
#include "error.h"
#include "i18n.h"
#include "init.h"
#include "load.h"
#include "repo.h"

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

/* records/DIR/.gitkeep for every type of s below root. */
static int type_folders(const char *root, const struct tz_schema *s)
{
	for (size_t i = 0; i < s->ntypes; i++) {
		struct tz_buf keep = TZ_BUF_INIT;
		int rc;
		if (!s->types[i].dir)
			continue;
		tz_buf_printf(&keep, "%s/records/%s", root, s->types[i].dir);
		rc = tz_durable_mkdirs(keep.ptr);
		tz_buf_puts(&keep, "/.gitkeep");
		if (rc == 0)
			rc = tz_durable_write(keep.ptr, "", 0, TZ_DURABLE_NEW);
		tz_buf_release(&keep);
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* Commit the campaign in records_dir as git's history and check it out. */
static int replay(git_repository *git, const struct tz_schema *s, const char *schema_dir,
		  const char *records_dir, struct tz_example_stats *stats)
{
	git_checkout_options co;
	int ret = -1;

	git_checkout_options_init(&co, GIT_CHECKOUT_OPTIONS_VERSION);
	co.checkout_strategy = GIT_CHECKOUT_FORCE;
	/* a thousand commits, each fsync'd, take a minute */
	git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, 0);
	if (tz_example_replay(git, s, schema_dir, records_dir, stats) < 0)
		goto out;
	if (git_checkout_head(git, &co) < 0) {
		const git_error *e = git_error_last();
		tz_error_set(_("cannot check out the campaign: %s"), e && e->message ? e->message : "libgit2 error");
		goto out;
	}
	ret = 0;
out:
	git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, 1);
	return ret;
}

int tz_init_repo(struct tz_init_result *out, const char *dir, const char *schema_dir,
		 const struct tz_init_opts *opts, struct tz_diag_list *diags)
{
	static const struct tz_init_opts defaults = TZ_INIT_OPTS_INIT;
	struct tz_buf path = TZ_BUF_INIT, records = TZ_BUF_INIT;
	struct tz_repo *repo = NULL;
	struct tz_source src;
	git_repository *git = NULL;
	struct stat st;
	int ret = -1;

	memset(out, 0, sizeof(*out));
	memset(&src, 0, sizeof(src));
	if (!opts)
		opts = &defaults;
	if (opts->version != TZ_INIT_OPTS_VERSION)
		return tz_error_set(_("tz_init_repo: options of version %u, not %u"), opts->version,
				    TZ_INIT_OPTS_VERSION);
	if (stat(schema_dir, &st) < 0 || !S_ISDIR(st.st_mode)) {
		tz_error_set(_("no schema at %s"), schema_dir);
		goto out;
	}
	tz_buf_printf(&records, "%s/../records", schema_dir);
	if (opts->example && (stat(records.ptr, &st) < 0 || !S_ISDIR(st.st_mode))) {
		tz_error_set(_("no campaign at %s"), records.ptr);
		goto out;
	}
	if (tz_durable_mkdirs(dir) < 0)
		goto out;
	if (!(out->root = realpath(dir, NULL))) {
		tz_error_set(_("cannot read %s: %s"), dir, strerror(errno));
		goto out;
	}
	tz_buf_printf(&path, "%s/schema", out->root);
	if (stat(path.ptr, &st) == 0) {
		tz_error_set(_("%s already has schema/: it is a records repository"), dir);
		goto out;
	}
	tz_repo_libgit2_init();
	if (git_repository_open_ext(&git, out->root, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) < 0 &&
	    git_repository_init(&git, out->root, 0) < 0) {
		const git_error *e = git_error_last();
		tz_error_set(_("cannot make a git repository in %s: %s"), dir,
			     e && e->message ? e->message : "libgit2 error");
		goto out;
	}
	if (opts->example && git_repository_head_unborn(git) != 1) {
		tz_error_set(_("%s already has commits: --example needs a new repository"), dir);
		goto out;
	}
	if (mkdir(path.ptr, 0777) < 0) {
		tz_error_set(_("cannot create %s: %s"), path.ptr, strerror(errno));
		goto out;
	}
	if (copy_schema(schema_dir, path.ptr) < 0)
		goto out;
	if (tz_repo_open(&repo, out->root) < 0 || tz_source_open(&src, repo, NULL) < 0 ||
	    tz_schema_load(&out->schema, &src, diags, NULL) < 0)
		goto out;
	if (!opts->example)
		ret = type_folders(out->root, out->schema) < 0 ? -1 : TZ_INIT_DONE;
	else if (diags->errors)
		ret = TZ_INIT_INVALID;
	else
		ret = replay(git, out->schema, schema_dir, records.ptr, &out->stats) < 0 ? -1 : TZ_INIT_DONE;
out:
	git_repository_free(git);
	tz_source_release(&src);
	tz_repo_free(repo);
	tz_buf_release(&path);
	tz_buf_release(&records);
	return ret;
}

void tz_init_result_release(struct tz_init_result *r)
{
	free(r->root);
	tz_schema_free(r->schema);
	memset(r, 0, sizeof(*r));
}
