/* diag.c - the findings list, and its text and JSON forms. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "buf.h"
#include "diag.h"
#include "i18n.h"
#include "text.h"
#include "json.h"

void tz_diag_addv(struct tz_diag_list *l, const char *path, int line, int col,
		  enum tz_severity sev, const char *fmt, va_list ap)
{
	struct tz_buf msg = TZ_BUF_INIT;
	struct tz_diag *d;

	tz_buf_vprintf(&msg, fmt, ap);
	/* one finding, one line: control characters that came in with a
	 * value (a continuation line's newline) are shown as '?' */
	for (size_t i = 0; i < msg.len; i++)
		if ((unsigned char)msg.ptr[i] < 0x20 || msg.ptr[i] == 0x7f)
			msg.ptr[i] = '?';
	TZ_ALLOC_GROW(l->v, l->n + 1, l->alloc);
	d = &l->v[l->n++];
	d->path = tz_strdup(path ? path : "");
	d->line = line;
	d->col = col;
	d->severity = sev;
	d->msg = tz_buf_detach(&msg);
	if (sev == TZ_ERROR)
		l->errors++;
	else
		l->warnings++;
}

void tz_diag_add(struct tz_diag_list *l, const char *path, int line,
		 enum tz_severity sev, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tz_diag_addv(l, path, line, 0, sev, fmt, ap);
	va_end(ap);
}

static int cmp_diag(const void *a, const void *b)
{
	const struct tz_diag *x = a, *y = b;
	int c = strcmp(x->path, y->path);

	if (c)
		return c;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return 0;
}

void tz_diag_sort(struct tz_diag_list *l)
{
	/* qsort is not stable: sort an index to keep the order of equal places. */
	size_t *idx;
	struct tz_diag *sorted;

	if (l->n < 2)
		return;
	idx = tz_malloc(l->n * sizeof(*idx));
	for (size_t i = 0; i < l->n; i++)
		idx[i] = i;
	/* a bottom-up merge sort on indices, stable by construction */
	{
		size_t *tmp = tz_malloc(l->n * sizeof(*tmp));
		for (size_t width = 1; width < l->n; width *= 2) {
			for (size_t lo = 0; lo < l->n; lo += 2 * width) {
				size_t mid = lo + width < l->n ? lo + width : l->n;
				size_t hi = lo + 2 * width < l->n ? lo + 2 * width : l->n;
				size_t i = lo, j = mid, k = lo;
				while (i < mid && j < hi)
					tmp[k++] = cmp_diag(&l->v[idx[j]], &l->v[idx[i]]) < 0 ? idx[j++] : idx[i++];
				while (i < mid)
					tmp[k++] = idx[i++];
				while (j < hi)
					tmp[k++] = idx[j++];
			}
			memcpy(idx, tmp, l->n * sizeof(*idx));
		}
		free(tmp);
	}
	sorted = tz_malloc(l->n * sizeof(*sorted));
	for (size_t i = 0; i < l->n; i++)
		sorted[i] = l->v[idx[i]];
	memcpy(l->v, sorted, l->n * sizeof(*sorted));
	free(sorted);
	free(idx);
}

void tz_diag_move(struct tz_diag_list *dst, struct tz_diag_list *src)
{
	TZ_ALLOC_GROW(dst->v, dst->n + src->n, dst->alloc);
	if (src->n)
		memcpy(dst->v + dst->n, src->v, src->n * sizeof(*src->v));
	dst->n += src->n;
	dst->errors += src->errors;
	dst->warnings += src->warnings;
	free(src->v);
	memset(src, 0, sizeof(*src));
}

static const char *sev_name(enum tz_severity s)
{
	return s == TZ_ERROR ? "error" : "warning";
}

size_t tz_diag_write(const struct tz_diag_list *l, FILE *fp, enum tz_format fmt)
{
	if (fmt == TZ_FORMAT_JSON) {
		struct tz_buf b = TZ_BUF_INIT;

		tz_buf_puts(&b, "[");
		for (size_t i = 0; i < l->n; i++) {
			const struct tz_diag *d = &l->v[i];
			tz_buf_puts(&b, i ? ",\n {" : "\n {");
			tz_buf_puts(&b, "\"path\": ");
			tz_json_string(&b, d->path);
			tz_buf_printf(&b, ", \"line\": %d", d->line);
			if (d->col)
				tz_buf_printf(&b, ", \"column\": %d", d->col);
			tz_buf_printf(&b, ", \"severity\": \"%s\", \"message\": ", sev_name(d->severity));
			tz_json_string(&b, d->msg);
			tz_buf_puts(&b, "}");
		}
		tz_buf_puts(&b, l->n ? "\n]\n" : "]\n");
		fwrite(b.ptr, 1, b.len, fp);
		tz_buf_release(&b);
	} else {
		struct tz_buf path = TZ_BUF_INIT;
		/* the words are translated, the "path:line: " before them never
		 * is, so that editors still jump to the place */
		const char *sev[2] = { C_("severity", "error"), C_("severity", "warning") };

		/* a file name cannot forge a finding line: it is quoted as git
		 * quotes paths (the messages quote their values themselves) */
		for (size_t i = 0; i < l->n; i++) {
			const struct tz_diag *d = &l->v[i];
			const char *word = sev[d->severity == TZ_ERROR ? 0 : 1];
			tz_buf_clear(&path);
			tz_quote(&path, d->path);
			if (d->line && d->col)
				fprintf(fp, "%s:%d:%d: %s: %s\n", path.ptr, d->line, d->col, word, d->msg);
			else if (d->line)
				fprintf(fp, "%s:%d: %s: %s\n", path.ptr, d->line, word, d->msg);
			else
				fprintf(fp, "%s: %s: %s\n", path.ptr, word, d->msg);
		}
		tz_buf_release(&path);
	}
	return l->errors;
}

void tz_diag_list_release(struct tz_diag_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].path);
		free(l->v[i].msg);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}
