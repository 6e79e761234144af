/* common.c - shared start and finish of every program. */
#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>
#include "common.h"
#include "error.h"

const char *tool_name = "tz";

void tool_init(const char *name, char **argv)
{
	tool_name = name;
	/* getopt names the program from argv[0]: make it the command */
	if (argv && argv[0])
		argv[0] = (char *)name;
	if (!setlocale(LC_ALL, "") || strcmp(nl_langinfo(CODESET), "UTF-8")) {
		if (!setlocale(LC_CTYPE, "C.UTF-8"))
			setlocale(LC_CTYPE, "en_US.UTF-8");
	}
	/* numbers are always written with a '.' */
	setlocale(LC_NUMERIC, "C");
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
	fprintf(stderr, "Try '%s --help' for more information.\n", tool_name);
	return 2;
}

int tool_finish(int ret)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "%s: cannot write output: %s\n", tool_name, strerror(errno ? errno : EIO));
		return 2;
	}
	return ret;
}

int tool_help(const char *text)
{
	fputs(text, stdout);
	return tool_finish(0);
}

void tool_history_progress(size_t commits, void *shown)
{
	fprintf(stderr, "\rindexing history: %zu commits", commits);
	*(int *)shown = 1;
}

void tool_progress_clear(int *shown)
{
	if (*shown)
		fputs("\r\033[K", stderr);
	*shown = 0;
}

int tool_stdout_is_tty(void)
{
	return isatty(STDOUT_FILENO);
}
