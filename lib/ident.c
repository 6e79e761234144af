/* ident.c - who commits: the author and committer signatures from --author,
 * the environment and git config, checked as git checks them. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "buf.h"
#include "error.h"
#include "i18n.h"
#include "ident.h"
#include "text.h"

/* The local zone's offset in minutes at time t. */
static int local_offset(time_t t)
{
	struct tm lt;

	localtime_r(&t, &lt);
	return (int)(lt.tm_gmtoff / 60);
}

/* A zone "+0800", "+08:00", "Z" or "" (local: -1 in *given). */
static int parse_zone(const char *s, int *offset, int *given)
{
	int hh, mm;

	while (*s == ' ')
		s++;
	*given = 1;
	if (!*s) {
		*given = 0;
		return 0;
	}
	if (!strcmp(s, "Z")) {
		*offset = 0;
		return 0;
	}
	if ((*s != '+' && *s != '-') ||
	    (sscanf(s + 1, "%2d:%2d", &hh, &mm) != 2 && sscanf(s + 1, "%2d%2d", &hh, &mm) != 2) ||
	    hh < 0 || hh > 14 || mm < 0 || mm > 59 ||
	    strspn(s + 1, "0123456789:") != strlen(s + 1))
		return -1;
	*offset = (*s == '-' ? -1 : 1) * (hh * 60 + mm);
	return 0;
}

int tz_ident_parse_date(const char *s, git_time_t *t, int *offset)
{
	struct tm tm;
	long long secs;
	int n = 0, given;
	char *end;

	memset(&tm, 0, sizeof(tm));
	if (sscanf(s, "%4d-%2d-%2d%*1[T ]%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
		   &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &n) == 6 && n) {
		static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
		int y = tm.tm_year, leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
		/* refuse what git refuses instead of letting mktime carry over */
		if (tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 || tm.tm_mday > mdays[tm.tm_mon - 1] ||
		    (tm.tm_mon == 2 && tm.tm_mday == 29 && !leap) || tm.tm_hour > 23 || tm.tm_min > 59 ||
		    tm.tm_sec > 60 || y < 1970)
			return -1;
		tm.tm_year -= 1900;
		tm.tm_mon -= 1;
		if (parse_zone(s + n, offset, &given) < 0)
			return -1;
		if (given) {
			secs = (long long)timegm(&tm) - (long long)*offset * 60;
		} else {
			tm.tm_isdst = -1;
			secs = (long long)mktime(&tm);
			*offset = local_offset((time_t)secs);
		}
	} else {
		if (*s == '@')
			s++;
		errno = 0;
		secs = strtoll(s, &end, 10);
		if (end == s || errno || parse_zone(end, offset, &given) < 0)
			return -1;
		if (!given)
			*offset = local_offset((time_t)secs);
	}
	*t = (git_time_t)secs;
	return 0;
}

static int make_signature(git_signature **out, const char *name, const char *email, const char *date_var)
{
	const char *date = getenv(date_var);
	git_time_t t;
	int offset;

	if (date && *date) {
		if (tz_ident_parse_date(date, &t, &offset) < 0)
			return tz_error_set(_("%s: cannot read the date \"%s\""), date_var, date);
		if (git_signature_new(out, name, email, t, offset) < 0)
			return tz_error_git(_("bad identity"));
		return 0;
	}
	if (git_signature_now(out, name, email) < 0)
		return tz_error_git(_("bad identity"));
	return 0;
}

/* A name or e-mail address that git cannot write into a commit header: a
 * newline would end the header line, and angle brackets delimit the address. */
static int check_ident(const char *what, const char *value, const char *source)
{
	struct tz_buf q = TZ_BUF_INIT;
	int rc = 0;

	if (value[strcspn(value, "<>\n")] || tz_text_find_control(value, strlen(value), &(size_t){ 0 }) < strlen(value)) {
		tz_text_quote(&q, value);
		rc = tz_error_set(_("bad identity: the %s \"%s\" (from %s) may not hold a newline, a control "
				    "character or an angle bracket"), _(what), q.ptr, source);
		tz_buf_release(&q);
	}
	return rc;
}

static char *env_or(const char *var, const char *fallback)
{
	const char *v = getenv(var);
	return tz_strdup(v && *v ? v : fallback ? fallback : "");
}

int tz_ident_signatures(git_signature **author, git_signature **committer,
			git_repository *repo, const char *author_opt)
{
	git_config *cfg = NULL;
	const char *cname = NULL, *cemail = NULL;
	char *an = NULL, *ae = NULL, *cn = NULL, *ce = NULL;
	int ret = -1;

	*author = *committer = NULL;
	if (git_repository_config_snapshot(&cfg, repo) == 0) {
		if (git_config_get_string(&cname, cfg, "user.name") < 0)
			cname = NULL;
		if (git_config_get_string(&cemail, cfg, "user.email") < 0)
			cemail = NULL;
	}
	if (author_opt) {
		const char *lt = strchr(author_opt, '<'), *gt = strrchr(author_opt, '>');
		size_t n;
		if (!lt || !gt || gt < lt || gt[1]) {
			tz_error_set(_("--author \"%s\": expected \"Name <email>\""), author_opt);
			goto out;
		}
		n = (size_t)(lt - author_opt);
		while (n && author_opt[n - 1] == ' ')
			n--;
		an = tz_strndup(author_opt, n);
		ae = tz_strndup(lt + 1, (size_t)(gt - lt - 1));
		if (!*an || !*ae) {
			tz_error_set(_("--author \"%s\": expected \"Name <email>\""), author_opt);
			goto out;
		}
	} else {
		an = env_or("GIT_AUTHOR_NAME", cname);
		ae = env_or("GIT_AUTHOR_EMAIL", cemail);
	}
	cn = env_or("GIT_COMMITTER_NAME", cname ? cname : author_opt ? an : NULL);
	ce = env_or("GIT_COMMITTER_EMAIL", cemail ? cemail : author_opt ? ae : NULL);
	if (!*an || !*ae || !*cn || !*ce) {
		tz_error_set(_("who are you? set user.name and user.email with git config, "
			     "or give --author \"Name <email>\""));
		goto out;
	}
	if (check_ident(N_("author name"), an, author_opt ? "--author" : getenv("GIT_AUTHOR_NAME") && *getenv("GIT_AUTHOR_NAME") ? "GIT_AUTHOR_NAME" : "user.name") < 0 ||
	    check_ident(N_("author e-mail"), ae, author_opt ? "--author" : getenv("GIT_AUTHOR_EMAIL") && *getenv("GIT_AUTHOR_EMAIL") ? "GIT_AUTHOR_EMAIL" : "user.email") < 0 ||
	    check_ident(N_("committer name"), cn, getenv("GIT_COMMITTER_NAME") && *getenv("GIT_COMMITTER_NAME") ? "GIT_COMMITTER_NAME" : cname ? "user.name" : "--author") < 0 ||
	    check_ident(N_("committer e-mail"), ce, getenv("GIT_COMMITTER_EMAIL") && *getenv("GIT_COMMITTER_EMAIL") ? "GIT_COMMITTER_EMAIL" : cemail ? "user.email" : "--author") < 0)
		goto out;
	if (make_signature(author, an, ae, "GIT_AUTHOR_DATE") < 0 ||
	    make_signature(committer, cn, ce, "GIT_COMMITTER_DATE") < 0)
		goto out;
	ret = 0;
out:
	if (ret < 0) {
		git_signature_free(*author);
		*author = NULL;
	}
	free(an);
	free(ae);
	free(cn);
	free(ce);
	git_config_free(cfg);
	return ret;
}

int tz_ident_author_name(char **out, git_repository *repo)
{
	git_signature *author = NULL, *committer = NULL;

	*out = NULL;
	if (tz_ident_signatures(&author, &committer, repo, NULL) < 0)
		return -1;
	*out = tz_strdup(author->name);
	git_signature_free(author);
	git_signature_free(committer);
	return 0;
}
