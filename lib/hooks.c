/* hooks.c - `tz hooks install`: the hook scripts, chaining a hook that was
 * there before, the merge driver's config and its .gitattributes line. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "durable.h"
#include "error.h"
#include "hooks.h"
#include "i18n.h"

#define HOOK_MARK "# taizhang hook"
#define DRIVER "tz merge-file %O %A %B %P"
#define ATTR_LINE "records/** merge=tz"

const char *tz_hook_name(enum tz_hook_kind kind)
{
	return kind == TZ_HOOK_PRE_COMMIT ? "pre-commit" : "pre-receive";
}

int tz_hooks_dir(struct tz_buf *out, struct tz_repo *r)
{
	git_config *cfg = NULL;
	git_buf v = GIT_BUF_INIT_CONST(NULL, 0);

	tz_buf_clear(out);
	if (git_repository_config_snapshot(&cfg, r->git) < 0)
		return tz_error_git(_("cannot read the repository's config"));
	if (git_config_get_string_buf(&v, cfg, "core.hooksPath") == 0 && v.size) {
		if (v.ptr[0] != '/')
			tz_buf_puts(out, r->workdir ? r->workdir : r->gitdir);
		tz_buf_puts(out, v.ptr);
		if (out->ptr[out->len - 1] != '/')
			tz_buf_putc(out, '/');
	} else {
		tz_buf_printf(out, "%shooks/", r->gitdir);
	}
	git_buf_dispose(&v);
	git_config_free(cfg);
	return 0;
}

/* Whether s can go between single quotes in sh. */
static int quotable(const char *s)
{
	return s && *s && !strpbrk(s, "'\n");
}

static void script(struct tz_buf *b, enum tz_hook_kind kind, const char *tz_path)
{
	struct tz_buf tz = TZ_BUF_INIT;
	const char *name = tz_hook_name(kind);

	if (quotable(tz_path))
		tz_buf_printf(&tz, "'%s'", tz_path);
	else
		tz_buf_puts(&tz, "tz");
	tz_buf_puts(b, "#!/bin/sh\n");
	if (kind == TZ_HOOK_PRE_COMMIT)
		tz_buf_puts(b, HOOK_MARK ": validate the staged records before each commit.\n");
	else
		tz_buf_puts(b, HOOK_MARK ": refuse pushes that break the records or the access policy.\n");
	tz_buf_printf(b, "# Written by `tz hooks install%s`; a hook that was here before is kept\n"
		      "# beside this one as %s.chained and runs first.\n",
		      kind == TZ_HOOK_PRE_COMMIT ? "" : " --server", name);
	if (kind == TZ_HOOK_PRE_COMMIT) {
		tz_buf_puts(b, "if test -x \"$0.chained\"\nthen\n\t\"$0.chained\" \"$@\" || exit $?\nfi\n");
		tz_buf_printf(b, "exec %s hooks pre-commit\n", tz.ptr);
	} else {
		/* without a chained hook, git's stdin goes straight to the check:
		 * every push waits for this script, so it starts nothing else */
		tz_buf_puts(b, "if test -x \"$0.chained\"\nthen\n"
			    "\tinput=$(cat)\n"
			    "\tprintf '%s\\n' \"$input\" | \"$0.chained\" \"$@\" || exit $?\n");
		tz_buf_printf(b, "\tprintf '%%s\\n' \"$input\" | %s check-push\n\texit $?\nfi\n", tz.ptr);
		tz_buf_printf(b, "exec %s check-push\n", tz.ptr);
	}
	tz_buf_release(&tz);
}

/* Read a small file into out: 0, 1 when it does not exist, -1 on error. */
static int read_small(struct tz_buf *out, const char *path)
{
	FILE *fp = fopen(path, "rb");
	char chunk[4096];
	size_t n;

	tz_buf_clear(out);
	if (!fp)
		return errno == ENOENT ? 1 : tz_error_set(_("cannot read %s: %s"), path, strerror(errno));
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		tz_buf_put(out, chunk, n);
	n = ferror(fp);
	fclose(fp);
	return n ? tz_error_set(_("cannot read %s: %s"), path, strerror(EIO)) : 0;
}

static int ours(const struct tz_buf *b)
{
	const char *nl = b->ptr ? strchr(b->ptr, '\n') : NULL;

	return nl && !strncmp(nl + 1, HOOK_MARK, strlen(HOOK_MARK));
}

int tz_hook_install(enum tz_install_state *state, const char *dir, enum tz_hook_kind kind,
		    const char *tz_path, int chain)
{
	struct tz_buf path = TZ_BUF_INIT, chained = TZ_BUF_INIT, old = TZ_BUF_INIT, text = TZ_BUF_INIT;
	struct stat st;
	int ret = -1, rc;

	*state = TZ_INSTALL_DONE;
	tz_buf_printf(&path, "%s%s", dir, tz_hook_name(kind));
	tz_buf_printf(&chained, "%s.chained", path.ptr);
	script(&text, kind, tz_path);
	if (tz_durable_mkdirs(dir) < 0)
		goto out;
	rc = read_small(&old, path.ptr);
	if (rc < 0)
		goto out;
	if (rc == 0 && old.len == text.len && !memcmp(old.ptr, text.ptr, text.len) &&
	    stat(path.ptr, &st) == 0 && (st.st_mode & 0111)) {
		*state = TZ_INSTALL_ALREADY;
		ret = 0;
		goto out;
	}
	if (rc == 0 && !ours(&old)) {
		if (!chain) {
			tz_error_set(_("%s exists and is not taizhang's: move it away, or pass --chain "
				     "to keep it as %s.chained, run before taizhang's"), path.ptr, tz_hook_name(kind));
			goto out;
		}
		if (access(chained.ptr, F_OK) == 0) {
			tz_error_set(_("%s exists and is not taizhang's, and %s is taken: "
				     "merge the two by hand"), path.ptr, chained.ptr);
			goto out;
		}
		if (tz_durable_rename(path.ptr, chained.ptr) < 0)
			goto out;
		*state = TZ_INSTALL_CHAINED;
	}
	if (tz_durable_write(path.ptr, text.ptr, text.len, 0) < 0)
		goto out;
	if (chmod(path.ptr, 0755) < 0) {
		tz_error_set(_("cannot make %s executable: %s"), path.ptr, strerror(errno));
		goto out;
	}
	ret = 0;
out:
	tz_buf_release(&path);
	tz_buf_release(&chained);
	tz_buf_release(&old);
	tz_buf_release(&text);
	return ret;
}

int tz_merge_driver_install(enum tz_install_state *state, struct tz_repo *r)
{
	git_config *all = NULL, *local = NULL;
	git_buf v = GIT_BUF_INIT_CONST(NULL, 0);
	int ret = -1;

	*state = TZ_INSTALL_ALREADY;
	if (git_repository_config(&all, r->git) < 0 ||
	    git_config_open_level(&local, all, GIT_CONFIG_LEVEL_LOCAL) < 0) {
		tz_error_git(_("cannot open the repository's config"));
		goto out;
	}
	if (git_config_get_string_buf(&v, local, "merge.tz.driver") < 0 || strcmp(v.ptr, DRIVER)) {
		*state = TZ_INSTALL_DONE;
		if (git_config_set_string(local, "merge.tz.name", "taizhang record merge") < 0 ||
		    git_config_set_string(local, "merge.tz.driver", DRIVER) < 0) {
			tz_error_git(_("cannot set the merge driver"));
			goto out;
		}
	}
	ret = 0;
out:
	git_buf_dispose(&v);
	git_config_free(local);
	git_config_free(all);
	return ret;
}

int tz_gitattributes_install(enum tz_install_state *state, struct tz_repo *r)
{
	struct tz_buf path = TZ_BUF_INIT, text = TZ_BUF_INIT;
	int ret = -1, rc;

	*state = TZ_INSTALL_ALREADY;
	if (!r->workdir)
		return tz_error_set(_("a bare repository has no .gitattributes to write"));
	tz_buf_printf(&path, "%s.gitattributes", r->workdir);
	rc = read_small(&text, path.ptr);
	if (rc < 0)
		goto out;
	for (const char *p = text.ptr; p && *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		if (n && p[n - 1] == '\r')
			n--;
		if (n == strlen(ATTR_LINE) && !memcmp(p, ATTR_LINE, n)) {
			ret = 0;
			goto out;
		}
		p = nl ? nl + 1 : p + n;
	}
	if (text.len && text.ptr[text.len - 1] != '\n')
		tz_buf_putc(&text, '\n');
	tz_buf_puts(&text, ATTR_LINE "\n");
	if (tz_durable_write(path.ptr, text.ptr, text.len, 0) < 0)
		goto out;
	*state = TZ_INSTALL_DONE;
	ret = 0;
out:
	tz_buf_release(&path);
	tz_buf_release(&text);
	return ret;
}

int tz_index_tree(git_oid *out, struct tz_repo *r)
{
	const char *file = getenv("GIT_INDEX_FILE");
	git_index *idx = NULL;
	int ret;

	if (file && *file)
		ret = git_index_open(&idx, file);
	else
		ret = git_repository_index(&idx, r->git);
	if (ret < 0)
		return tz_error_git(_("cannot read git's index"));
	if (git_index_has_conflicts(idx)) {
		git_index_free(idx);
		return tz_error_set(_("git's index has unmerged paths: resolve them and git add them first"));
	}
	ret = git_index_write_tree_to(out, idx, r->git);
	git_index_free(idx);
	return ret < 0 ? tz_error_git(_("cannot write git's index as a tree")) : 0;
}

int tz_hooks_staged(struct tz_check_opts *opts, char tree[GIT_OID_HEXSZ + 1], struct tz_repo *r)
{
	git_oid id;
	int unborn;

	if (tz_index_tree(&id, r) < 0)
		return -1;
	unborn = tz_repo_head_unborn(r);
	if (unborn < 0)
		return -1;
	git_oid_tostr(tree, GIT_OID_HEXSZ + 1, &id);
	opts->rev = tree;
	opts->base_rev = unborn ? NULL : "HEAD";
	return 0;
}
