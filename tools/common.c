/* common.c - shared start and finish of every program. */
#include <errno.h>
#include <limits.h>
#include <langinfo.h>
#include <locale.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "asof.h"
#include "buf.h"
#include "calendar.h"
#include "date.h"
#include "history.h"
#include "common.h"
#include "diag.h"
#include "error.h"
#include "i18n.h"
#include "repo.h"

const char *tool_name = "tz";

/* Make the locale's categories what the tools need: messages follow the
 * environment, as in every GNU tool; character classes and collation are
 * always C.UTF-8's, so that a pattern or an ID is judged the same whoever
 * runs the check; numbers are always written with a '.'. */
static void set_locale(void)
{
	setlocale(LC_ALL, "");
	if (!setlocale(LC_CTYPE, "C.UTF-8") && strcmp(nl_langinfo(CODESET), "UTF-8"))
		setlocale(LC_CTYPE, "en_US.UTF-8");
	if (!setlocale(LC_COLLATE, "C.UTF-8"))
		setlocale(LC_COLLATE, "C");
	setlocale(LC_NUMERIC, "C");
}

/* Where the message catalogues are: $TZ_LOCALEDIR when set; else, for a
 * program run from a build tree (bin/ beside build/), the build's own
 * build/locale, so that `LANG=zh_CN.UTF-8 bin/tz help` is Chinese before
 * anything is installed; else the installed $(LOCALEDIR). An installed
 * program never has a build/locale/ beside its folder and reads LOCALEDIR. */
static const char *locale_dir(char *buf, size_t size)
{
	const char *dir = getenv("TZ_LOCALEDIR");
	static const char tail[] = "/../build/locale";
	char *slash;
	ssize_t n;

	if (dir && *dir)
		return dir;
	n = readlink("/proc/self/exe", buf, size - 1);
	if (n <= 0 || (size_t)n + sizeof(tail) > size)
		return TZ_LOCALEDIR;
	buf[n] = '\0';
	slash = strrchr(buf, '/');
	if (!slash)
		return TZ_LOCALEDIR;
	memcpy(slash, tail, sizeof(tail));
	return access(buf, X_OK) == 0 ? buf : TZ_LOCALEDIR;
}

void tool_init(const char *name, char **argv)
{
	char buf[PATH_MAX];

	tool_name = name;
	/* getopt names the program from argv[0]: make it the command */
	if (argv && argv[0])
		argv[0] = (char *)name;
	set_locale();
	bindtextdomain(TZ_TEXTDOMAIN, locale_dir(buf, sizeof(buf)));
	/* records are UTF-8, and so is everything the tools print */
	bind_textdomain_codeset(TZ_TEXTDOMAIN, "UTF-8");
	textdomain(TZ_TEXTDOMAIN);
}

static int verror(const char *fmt, va_list ap, const char *tail)
{
	fflush(stdout);
	fprintf(stderr, "%s: ", tool_name);
	vfprintf(stderr, fmt, ap);
	if (tail)
		fprintf(stderr, ": %s", tail);
	fputc('\n', stderr);
	return 2;
}

int tool_error(const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = verror(fmt, ap, NULL);
	va_end(ap);
	return r;
}

int tool_error_last(const char *what)
{
	return tool_error("%s: %s", what, tz_error_last());
}

int tool_usage_error(const char *fmt, ...)
{
	va_list ap;

	if (fmt) {
		va_start(ap, fmt);
		verror(fmt, ap, NULL);
		va_end(ap);
	}
	fprintf(stderr, _("Try '%s --help' for more information.\n"), tool_name);
	return 2;
}

int tool_finish(int ret)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, _("%s: cannot write output: %s\n"), tool_name, strerror(errno ? errno : EIO));
		return 2;
	}
	return ret;
}

int tool_help(const char *text)
{
	fputs(_(text), stdout);
	return tool_finish(0);
}

static void progress_draw(struct tz_progress *p)
{
	switch (p->job) {
	case TZ_PROGRESS_INDEX:
		if (p->total < TOOL_PROGRESS_MIN || p->done >= p->total)
			return;
		fputc('\r', stderr);
		fprintf(stderr, _("%s: reading records: %zu/%zu"), tool_name, p->done, p->total);
		break;
	case TZ_PROGRESS_HISTORY:
		if (!p->done)
			return;
		fputc('\r', stderr);
		fprintf(stderr, _("indexing history: %zu commits"), p->done);
		break;
	case TZ_PROGRESS_CHECK:
		if (p->total < TOOL_PROGRESS_MIN)
			return;
		fputc('\r', stderr);
		fprintf(stderr, _("checking %zu%% (%zu of %zu records)"), p->done * 100 / p->total, p->done, p->total);
		break;
	}
	p->shown = 1;
}

static void progress_stop(struct tz_progress *p)
{
	if (!p->shown)
		return;
	if (p->job == TZ_PROGRESS_INDEX) {	/* the records read stay said */
		fputc('\r', stderr);
		fprintf(stderr, _("%s: reading records: %zu/%zu, done\n"), tool_name, p->total, p->total);
	} else {	/* what comes next replaces the line */
		fputs("\r\033[K", stderr);
	}
	p->shown = 0;
}

struct tz_progress *tool_progress(int quiet)
{
	static const struct tz_progress_ops ops = { progress_draw, progress_stop };
	static struct tz_progress progress = { &ops, NULL, TZ_PROGRESS_INDEX, 0, 0, 0, 0 };

	return quiet || !isatty(STDERR_FILENO) ? NULL : &progress;
}

int tool_stdout_is_tty(void)
{
	return isatty(STDOUT_FILENO);
}

int tool_labels_default(int table)
{
	return table && tool_stdout_is_tty() && tz_i18n_active();
}

char *tool_self_dir(void)
{
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
	char *slash;

	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	slash = strrchr(buf, '/');
	if (!slash)
		return NULL;
	*slash = '\0';
	return tz_strdup(buf);
}
