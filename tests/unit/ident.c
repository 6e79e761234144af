/* ident.c - unit tests of commit identity: dates as git reads them from the
 * environment, and names and e-mail addresses git cannot write. */
#include <stdlib.h>
#include <string.h>
#include "error.h"
#include "ident.h"
#include "repo.h"
#include "tap.h"

static git_repository *repo;

/* tz_ident_parse_date on s: "SECONDS OFFSET", or "refused". */
static const char *date(const char *s)
{
	static char out[64];
	git_time_t t;
	int off;

	if (tz_ident_parse_date(s, &t, &off) < 0)
		return "refused";
	snprintf(out, sizeof(out), "%lld %d", (long long)t, off);
	return out;
}

static void test_ident__dates(void)
{
	is_str(date("@1782810000 +0800"), "1782810000 480", "@SECONDS ZONE");
	is_str(date("1782810000 -0130"), "1782810000 -90", "SECONDS ZONE, west");
	is_str(date("1782810000 +08:00"), "1782810000 480", "a zone with a colon");
	is_str(date("2026-06-30T10:00:00+08:00"), "1782784800 480", "ISO 8601 with a zone");
	is_str(date("2026-06-30 02:00:00Z"), "1782784800 0", "a space and Z");
	is_str(date("2028-02-29T10:00:00+08:00"), "1835402400 480", "a leap day");
	is_str(date("2026-13-45T99:99:99"), "refused", "month 13");
	is_str(date("2026-02-29T10:00:00"), "refused", "February 29 of a common year");
	is_str(date("2026-06-31T10:00:00"), "refused", "June 31");
	is_str(date("2026-06-30T24:00:00"), "refused", "hour 24");
	is_str(date("2026-06-30T23:60:00"), "refused", "minute 60");
	is_str(date("1969-12-31T23:59:59Z"), "refused", "before 1970");
	is_str(date("2026-06-30 10:00:00+08:00x"), "refused", "trailing text");
	is_str(date("2026-06-30 10:00:00 +2500"), "refused", "a zone beyond 14 hours");
	is_str(date("1782810000 +08:61"), "refused", "minute 61 in a zone");
	is_str(date("not a date"), "refused", "words");
	is_str(date(""), "refused", "nothing");
}

/* tz_ident_signatures with the environment set from vars ("NAME=value",
 * NULL-terminated; every identity variable not named is unset): "name
 * <email> / name <email>" or the error. */
static const char *sign(const char *author_opt, const char *const *vars)
{
	static const char *const all[] = {
		"GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL",
		"GIT_AUTHOR_DATE", "GIT_COMMITTER_DATE", NULL
	};
	static struct tz_buf out = TZ_BUF_INIT;
	git_signature *a = NULL, *c = NULL;

	for (size_t i = 0; all[i]; i++)
		unsetenv(all[i]);
	for (size_t i = 0; vars[i]; i++)
		putenv((char *)vars[i]);
	tz_buf_clear(&out);
	if (tz_ident_signatures(&a, &c, repo, author_opt) < 0) {
		tz_buf_puts(&out, tz_error_last());
		ok(!a && !c, "nothing is returned on failure");
	} else {
		tz_buf_printf(&out, "%s <%s> / %s <%s>", a->name, a->email, c->name, c->email);
	}
	git_signature_free(a);
	git_signature_free(c);
	return out.ptr;
}

static void test_ident__signatures(void)
{
	static const char *const config[] = { NULL };
	static const char *const env[] = {
		"GIT_AUTHOR_NAME=张三", "GIT_AUTHOR_EMAIL=zs@example.cn", NULL
	};
	static const char *const newline[] = { "GIT_AUTHOR_NAME=王五\nevil", NULL };
	static const char *const bracket[] = { "GIT_COMMITTER_EMAIL=x>y@example.cn", NULL };
	static const char *const control[] = { "GIT_COMMITTER_NAME=a\001b", NULL };
	static const char *const tab[] = { "GIT_COMMITTER_NAME=a\tb", NULL };
	static const char *const bad_date[] = { "GIT_AUTHOR_DATE=2026-02-30T10:00:00", NULL };
	static const char *const bad_cdate[] = { "GIT_COMMITTER_DATE=2026-00-10T10:00:00", NULL };
	static const char *const good_date[] = { "GIT_AUTHOR_DATE=@1782810000 +0800", NULL };
	git_signature *a = NULL, *c = NULL;

	is_str(sign(NULL, config), "李四 <ls@example.cn> / 李四 <ls@example.cn>", "from git config");
	is_str(sign(NULL, env), "张三 <zs@example.cn> / 李四 <ls@example.cn>", "the author from the environment");
	is_str(sign("王五 <ww@example.cn>", env), "王五 <ww@example.cn> / 李四 <ls@example.cn>",
	       "--author before the environment");
	is_str(sign("王五", config), "--author \"王五\": expected \"Name <email>\"", "--author without an address");
	is_str(sign(" <ww@example.cn>", config), "--author \" <ww@example.cn>\": expected \"Name <email>\"",
	       "--author without a name");
	is_str(sign(NULL, newline),
	       "bad identity: the author name \"王五\\nevil\" (from GIT_AUTHOR_NAME) may not hold a newline, "
	       "a control character or an angle bracket", "a newline in a name");
	is_str(sign("王五 <a<b@example.cn>", config),
	       "bad identity: the author e-mail \"a<b@example.cn\" (from --author) may not hold a newline, "
	       "a control character or an angle bracket", "an angle bracket in --author's address");
	is_str(sign(NULL, bracket),
	       "bad identity: the committer e-mail \"x>y@example.cn\" (from GIT_COMMITTER_EMAIL) may not hold "
	       "a newline, a control character or an angle bracket", "an angle bracket in the committer's");
	is_str(sign(NULL, control),
	       "bad identity: the committer name \"a\\001b\" (from GIT_COMMITTER_NAME) may not hold "
	       "a newline, a control character or an angle bracket", "a control character in the committer's name");
	is_str(sign(NULL, tab), "李四 <ls@example.cn> / a\tb <ls@example.cn>", "a tab is no control character (git keeps it)");
	is_str(sign(NULL, bad_date), "GIT_AUTHOR_DATE: cannot read the date \"2026-02-30T10:00:00\"",
	       "a bad author date");
	is_str(sign(NULL, bad_cdate), "GIT_COMMITTER_DATE: cannot read the date \"2026-00-10T10:00:00\"",
	       "a bad committer date");
	sign(NULL, good_date);
	ok(tz_ident_signatures(&a, &c, repo, NULL) == 0 && a->when.time == 1782810000 && a->when.offset == 480,
	   "the author date and zone as given");
	git_signature_free(a);
	git_signature_free(c);
	unsetenv("GIT_AUTHOR_DATE");
}

/* tz_ident_author_name with the environment set as by sign(): the name,
 * or the error. */
static const char *author_name(const char *const *vars)
{
	static struct tz_buf out = TZ_BUF_INIT;
	char *name = (char *)"unset";

	sign(NULL, vars);
	tz_buf_clear(&out);
	if (tz_ident_author_name(&name, repo) < 0) {
		ok(!name, "no name is returned on failure");
		tz_buf_puts(&out, tz_error_last());
	} else {
		tz_buf_puts(&out, name);
		free(name);
	}
	return out.ptr;
}

static void test_ident__author_name(void)
{
	static const char *const config[] = { NULL };
	static const char *const env[] = { "GIT_AUTHOR_NAME=张三", NULL };
	static const char *const newline[] = { "GIT_AUTHOR_NAME=王五\nevil", NULL };

	is_str(author_name(config), "李四", "user.name");
	is_str(author_name(env), "张三", "$GIT_AUTHOR_NAME before user.name");
	is_str(author_name(newline),
	       "bad identity: the author name \"王五\\nevil\" (from GIT_AUTHOR_NAME) may not hold a newline, "
	       "a control character or an angle bracket", "refused where a commit would be");
	unsetenv("GIT_AUTHOR_NAME");
}

int main(void)
{
	char dir[] = "/tmp/tz-unit-ident-XXXXXX";
	git_config *cfg = NULL;

	tz_repo_libgit2_init();
	/* no global or system identity may leak in */
	setenv("HOME", "/nonexistent", 1);
	setenv("XDG_CONFIG_HOME", "/nonexistent", 1);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_GLOBAL, "/nonexistent");
	git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_XDG, "/nonexistent");
	git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_SYSTEM, "/nonexistent");
	if (!mkdtemp(dir) || git_repository_init(&repo, dir, 1) < 0 || git_repository_config(&cfg, repo) < 0 ||
	    git_config_set_string(cfg, "user.name", "李四") < 0 ||
	    git_config_set_string(cfg, "user.email", "ls@example.cn") < 0) {
		printf("Bail out! cannot make a repository\n");
		return 1;
	}
	git_config_free(cfg);
	test_ident__dates();
	test_ident__signatures();
	test_ident__author_name();
	git_repository_free(repo);
	tap_rmdir(dir);
	return tap_done();
}
