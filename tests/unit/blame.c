/* blame.c - unit tests of blame: each value of a record with the commit
 * that set it, a value not committed yet, a record that is not there. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "blame.h"
#include "error.h"
#include "tap.h"

static char dir[] = "/tmp/tz-blame-XXXXXX";

/* Run a shell command in dir; 0 when it succeeded. */
static int sh(const char *fmt, ...)
{
	char cmd[2048];
	int n;
	va_list ap;

	n = snprintf(cmd, sizeof(cmd), "cd '%s' && ", dir);
	va_start(ap, fmt);
	vsnprintf(cmd + n, sizeof(cmd) - (size_t)n, fmt, ap);
	va_end(ap);
	return system(cmd);
}

/* The abbreviated id of rev, from git. */
static void short_id(char *out, size_t n, const char *rev)
{
	char path[512];
	FILE *f;

	out[0] = '\0';
	snprintf(path, sizeof(path), "%s/.short", dir);
	if (sh("git rev-parse --short=7 %s >.short", rev) != 0 || !(f = fopen(path, "r")))
		return;
	if (fgets(out, (int)n, f))
		out[strcspn(out, "\n")] = '\0';
	fclose(f);
}

static const struct tz_blame_line *line(const struct tz_blame *b, const char *field)
{
	for (size_t i = 0; i < b->n; i++)
		if (!strcmp(b->v[i].field, field))
			return &b->v[i];
	return NULL;
}

static int setup(void)
{
	return sh("git init -q . && mkdir -p schema records/issues && "
		  "printf '[type]\\nname = issue\\ndir = issues\\nid = ISS-[0-9]{4}\\n\\n"
		  "[field.title]\\ntype = text\\n\\n[field.status]\\ntype = text\\n\\n"
		  "[part.log]\\nkey = [0-9]{3}\\n\\n[part.log.field.note]\\ntype = text\\n' >schema/issue.ini && "
		  "printf '[issue]\\ntitle = roads\\nstatus = open\\n' >records/issues/ISS-0001.ini && "
		  "git add . && GIT_AUTHOR_DATE='2026-06-30T08:01:00+08:00' git -c user.name=Ann "
		  "-c user.email=a@example.org commit -q -m one && git tag one && "
		  "printf '[issue]\\ntitle = roads\\nstatus = done\\n\\n[log.001]\\nnote = called\\n' "
		  ">records/issues/ISS-0001.ini && git add . && "
		  "GIT_AUTHOR_DATE='2026-06-30T08:02:00+08:00' git -c user.name=Bo "
		  "-c user.email=b@example.org commit -q -m two && git tag two");
}

static void test_blame__values(struct tz_repo *repo, struct tz_history *h)
{
	struct tz_blame b = TZ_BLAME_INIT;
	const struct tz_blame_line *l;
	char one[16], two[16];

	short_id(one, sizeof(one), "one");
	short_id(two, sizeof(two), "two");
	is_int(tz_blame_record(&b, h, repo, NULL, "ISS-0001"), 0, "a record is blamed");
	is_str(b.path, "records/issues/ISS-0001.ini", "its file is found");
	is_str(b.type ? b.type->name : "", "issue", "its type");
	is_int((int)b.n, 3, "one line per value");
	l = line(&b, "title");
	is_str(l ? l->commit : "", one, "an unchanged value keeps the commit that set it");
	is_str(l ? l->author : "", "Ann", "and its author");
	l = line(&b, "status");
	is_str(l ? l->commit : "", two, "a changed value has the commit that changed it");
	is_str(l ? l->value : "", "done", "with the value the record has");
	l = line(&b, "log.001.note");
	is_str(l ? l->author : "", "Bo", "a part entry's field is named section.field");
	tz_blame_release(&b);
}

static void test_blame__not_committed(struct tz_repo *repo, struct tz_history *h)
{
	struct tz_blame b = TZ_BLAME_INIT;
	const struct tz_blame_line *l;

	sh("printf '[issue]\\ntitle = roads\\nstatus = closed\\n\\n[log.001]\\nnote = called\\n' "
	   ">records/issues/ISS-0001.ini");
	is_int(tz_blame_record(&b, h, repo, NULL, "records/issues/ISS-0001.ini"), 0, "a record blamed by its path");
	l = line(&b, "status");
	ok(l && !l->commit && !l->author && !strcmp(l->value, "closed"), "a value not committed has no commit");
	l = line(&b, "title");
	ok(l && l->commit, "the others keep theirs");
	tz_blame_release(&b);
	is_int(tz_blame_record(&b, h, repo, "one", "ISS-0001"), 0, "a record as of a revision");
	l = line(&b, "status");
	is_str(l ? l->value : "", "open", "has that revision's value");
	tz_blame_release(&b);
}

static void test_blame__missing(struct tz_repo *repo, struct tz_history *h)
{
	struct tz_blame b = TZ_BLAME_INIT;

	is_int(tz_blame_record(&b, h, repo, NULL, "ISS-0009"), 1, "no such record is 1");
	is_str(tz_error_last(), "no record \"ISS-0009\"", "and says so");
	tz_blame_release(&b);
}

int main(void)
{
	struct tz_repo *repo = NULL;
	struct tz_history *h = NULL;

	if (!mkdtemp(dir) || setup() != 0 || tz_repo_open(&repo, dir) < 0 ||
	    tz_history_open(&h, repo, NULL, NULL, NULL) < 0) {
		printf("Bail out! cannot set up a repository in %s: %s\n", dir, tz_error_last());
		return 1;
	}
	test_blame__values(repo, h);
	test_blame__not_committed(repo, h);
	test_blame__missing(repo, h);
	tz_history_free(h);
	tz_repo_free(repo);
	sh("cd / && rm -rf '%s'", dir);
	return tap_done();
}
