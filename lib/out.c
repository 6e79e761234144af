/* out.c - result rows as a table aligned by display width, TSV, CSV (RFC
 * 4180) or JSON. Rows stream out at once except for tables, which need every
 * width first. */
#include <stdlib.h>
#include <string.h>
#include "buf.h"
#include "json.h"
#include "out.h"
#include "text.h"

struct tz_out {
	FILE *fp;
	enum tz_out_format fmt;
	int bom, header, started;
	char **names;
	unsigned char *numeric;
	size_t ncols;
	char **cells;		/* table: every row, ncols cells each */
	size_t nrows, alloc;
	size_t written;		/* rows written (JSON needs to know the first) */
	struct tz_buf line;
};

int tz_out_parse_format(const char *s, enum tz_out_format *out)
{
	static const char *const names[] = { "table", "tsv", "csv", "json" };

	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++)
		if (!strcmp(s, names[i])) {
			*out = (enum tz_out_format)i;
			return 0;
		}
	return -1;
}

struct tz_out *tz_out_new(FILE *fp, enum tz_out_format fmt, int bom)
{
	struct tz_out *o = tz_calloc(1, sizeof(*o));

	o->fp = fp;
	o->fmt = fmt;
	o->bom = bom;
	o->header = 1;
	return o;
}

void tz_out_columns(struct tz_out *o, const char *const *names, size_t n)
{
	o->names = tz_calloc(n + 1, sizeof(*o->names));
	o->numeric = tz_calloc(n + 1, 1);
	for (size_t i = 0; i < n; i++)
		o->names[i] = tz_strdup(names[i]);
	o->ncols = n;
}

void tz_out_numeric(struct tz_out *o, size_t col)
{
	if (col < o->ncols)
		o->numeric[col] = 1;
}

void tz_out_header(struct tz_out *o, int on)
{
	o->header = on;
}

/* Whether s is a number as JSON writes one. */
static int json_number(const char *s)
{
	const char *p = s;

	if (*p == '-')
		p++;
	if (*p == '0')
		p++;
	else if (*p >= '1' && *p <= '9')
		while (*p >= '0' && *p <= '9')
			p++;
	else
		return 0;
	if (*p == '.') {
		if (*++p < '0' || *p > '9')
			return 0;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (*p < '0' || *p > '9')
			return 0;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	return *p == '\0';
}

static void put_tsv(struct tz_buf *b, const char *s)
{
	if (tz_text_unsafe(s)) {
		tz_quote(b, s);
		return;
	}
	for (; *s; s++) {
		switch (*s) {
		case '\t': tz_buf_puts(b, "\\t"); break;
		case '\n': tz_buf_puts(b, "\\n"); break;
		case '\r': tz_buf_puts(b, "\\r"); break;
		case '\\': tz_buf_puts(b, "\\\\"); break;
		default: tz_buf_putc(b, *s);
		}
	}
}

static void put_csv(struct tz_buf *b, const char *s)
{
	struct tz_buf q = TZ_BUF_INIT;

	if (tz_text_unsafe(s)) {	/* no escape can reach a terminal */
		tz_quote(&q, s);
		put_csv(b, q.ptr);
		tz_buf_release(&q);
		return;
	}
	if (!s[strcspn(s, ",\"\r\n")]) {
		tz_buf_puts(b, s);
		return;
	}
	tz_buf_putc(b, '"');
	for (; *s; s++) {
		if (*s == '"')
			tz_buf_putc(b, '"');
		tz_buf_putc(b, *s);
	}
	tz_buf_putc(b, '"');
}

/* One line of TSV or CSV (header or row) into o->line. */
static void put_line(struct tz_out *o, const char *const *cells)
{
	for (size_t i = 0; i < o->ncols; i++) {
		const char *c = cells[i] ? cells[i] : "";
		if (i)
			tz_buf_putc(&o->line, o->fmt == TZ_OUT_CSV ? ',' : '\t');
		if (o->fmt == TZ_OUT_CSV)
			put_csv(&o->line, c);
		else
			put_tsv(&o->line, c);
	}
	tz_buf_puts(&o->line, o->fmt == TZ_OUT_CSV ? "\r\n" : "\n");
}

static void flush_line(struct tz_out *o)
{
	if (o->line.len)
		fwrite(o->line.ptr, 1, o->line.len, o->fp);
	tz_buf_clear(&o->line);
}

/* What comes before the first row: the BOM, the header line, "[". */
static void start(struct tz_out *o)
{
	if (o->started)
		return;
	o->started = 1;
	if (o->bom)
		tz_buf_puts(&o->line, "\xef\xbb\xbf");
	if (o->fmt == TZ_OUT_JSON)
		tz_buf_putc(&o->line, '[');
	else if ((o->fmt == TZ_OUT_TSV || o->fmt == TZ_OUT_CSV) && o->header)
		put_line(o, (const char *const *)o->names);
	flush_line(o);
}

void tz_out_row(struct tz_out *o, const char *const *cells)
{
	start(o);
	switch (o->fmt) {
	case TZ_OUT_TABLE:
		TZ_ALLOC_GROW(o->cells, (o->nrows + 1) * o->ncols, o->alloc);
		for (size_t i = 0; i < o->ncols; i++)
			o->cells[o->nrows * o->ncols + i] = cells[i] ? tz_strdup(cells[i]) : NULL;
		o->nrows++;
		return;
	case TZ_OUT_JSON:
		tz_buf_puts(&o->line, o->written ? ",\n{" : "\n{");
		for (size_t i = 0; i < o->ncols; i++) {
			if (i)
				tz_buf_puts(&o->line, ", ");
			tz_json_string(&o->line, o->names[i]);
			tz_buf_puts(&o->line, ": ");
			if (!cells[i])
				tz_buf_puts(&o->line, "null");
			else if (o->numeric[i] && json_number(cells[i]))
				tz_buf_puts(&o->line, cells[i]);
			else
				tz_json_string(&o->line, cells[i]);
		}
		tz_buf_putc(&o->line, '}');
		break;
	default:
		put_line(o, cells);
		break;
	}
	o->written++;
	flush_line(o);
}

/* A cell as a table shows it: one line; an unsafe value git-quoted. */
static void table_text(struct tz_buf *b, const char *s)
{
	tz_buf_clear(b);
	if (s && tz_text_unsafe(s)) {
		tz_quote(b, s);
		return;
	}
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '\n')
			tz_buf_puts(b, "↵");
		else if (c == '\t')
			tz_buf_putc(b, ' ');
		else
			tz_buf_putc(b, *s);
	}
	if (!b->ptr)
		tz_buf_puts(b, "");
}

static void write_table_row(struct tz_out *o, char *const *cells, const size_t *width, struct tz_buf *cell)
{
	for (size_t i = 0; i < o->ncols; i++) {
		size_t w, pad;

		table_text(cell, cells[i]);
		w = tz_utf8_width(cell->ptr);
		pad = width[i] > w ? width[i] - w : 0;
		if (i)
			tz_buf_puts(&o->line, "  ");
		if (o->numeric[i])
			for (size_t k = 0; k < pad; k++)
				tz_buf_putc(&o->line, ' ');
		tz_buf_puts(&o->line, cell->ptr);
		if (!o->numeric[i] && i + 1 < o->ncols)
			for (size_t k = 0; k < pad; k++)
				tz_buf_putc(&o->line, ' ');
	}
	/* no trailing blanks, even after an empty last cell */
	while (o->line.len && o->line.ptr[o->line.len - 1] == ' ')
		o->line.len--;
	tz_buf_putc(&o->line, '\n');
	flush_line(o);
}

static void write_table(struct tz_out *o)
{
	size_t *width = tz_calloc(o->ncols + 1, sizeof(*width));
	struct tz_buf cell = TZ_BUF_INIT;

	for (size_t i = 0; i < o->ncols; i++) {
		table_text(&cell, o->names[i]);
		width[i] = o->header ? tz_utf8_width(cell.ptr) : 0;
		for (size_t r = 0; r < o->nrows; r++) {
			size_t w;
			table_text(&cell, o->cells[r * o->ncols + i]);
			w = tz_utf8_width(cell.ptr);
			if (w > width[i])
				width[i] = w;
		}
	}
	if (o->header)
		write_table_row(o, o->names, width, &cell);
	for (size_t r = 0; r < o->nrows; r++)
		write_table_row(o, o->cells + r * o->ncols, width, &cell);
	tz_buf_release(&cell);
	free(width);
}

int tz_out_finish(struct tz_out *o)
{
	start(o);
	if (o->fmt == TZ_OUT_TABLE)
		write_table(o);
	else if (o->fmt == TZ_OUT_JSON)
		tz_buf_puts(&o->line, o->written ? "\n]\n" : "]\n");
	flush_line(o);
	return fflush(o->fp) != 0 || ferror(o->fp) ? -1 : 0;
}

void tz_out_free(struct tz_out *o)
{
	if (!o)
		return;
	for (size_t i = 0; i < o->nrows * o->ncols; i++)
		free(o->cells[i]);
	free(o->cells);
	for (size_t i = 0; i < o->ncols; i++)
		free(o->names[i]);
	free(o->names);
	free(o->numeric);
	tz_buf_release(&o->line);
	free(o);
}
