/* diag.h - findings about data (records, schema): each has a place and a
 * message; the core collects them all so one run reports everything. */
#ifndef TZ_DIAG_H
#define TZ_DIAG_H
#include <stddef.h>
#include <stdio.h>

enum tz_severity { TZ_ERROR, TZ_WARNING };

struct tz_diag {
	char *path;	/* repository-relative, or "query" for expressions */
	int line;	/* 1-based; 0 when the finding has no line */
	int col;	/* 1-based; 0 when not known */
	enum tz_severity severity;
	char *msg;	/* lowercase, no full stop, values quoted */
};

struct tz_diag_list {
	struct tz_diag *v;
	size_t n, alloc;
	size_t errors, warnings;
};
#define TZ_DIAG_LIST_INIT { NULL, 0, 0, 0, 0 }

/* Append a finding. The message is formatted with printf rules; path is copied. */
void tz_diag_add(struct tz_diag_list *l, const char *path, int line,
		 enum tz_severity sev, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
void tz_diag_addv(struct tz_diag_list *l, const char *path, int line, int col,
		  enum tz_severity sev, const char *fmt, va_list ap);

/* Sort findings by path, then line, keeping the order of equal places. */
void tz_diag_sort(struct tz_diag_list *l);

/* Move every finding of src to the end of dst; src is left empty. */
void tz_diag_move(struct tz_diag_list *dst, struct tz_diag_list *src);

enum tz_format { TZ_FORMAT_TEXT, TZ_FORMAT_JSON };

/* Write the findings as "path:line: error: msg" lines, or as one JSON array.
 * Returns the number of errors (warnings do not count). */
size_t tz_diag_write(const struct tz_diag_list *l, FILE *fp, enum tz_format fmt);

void tz_diag_list_release(struct tz_diag_list *l);

#endif
