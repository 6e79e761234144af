/* out.h - writing result rows: a table aligned by display width on a
 * terminal (CJK characters take two columns), TSV in a pipe, CSV as RFC 4180
 * says (with a BOM for Excel on request), or JSON that any parser accepts. */
#ifndef TZ_OUT_H
#define TZ_OUT_H
#include <stddef.h>
#include <stdio.h>

enum tz_out_format { TZ_OUT_TABLE, TZ_OUT_TSV, TZ_OUT_CSV, TZ_OUT_JSON };

struct tz_out;

/* Parse "table", "tsv", "csv" or "json". Returns 0, or -1 when s is none. */
int tz_out_parse_format(const char *s, enum tz_out_format *out);

/* A new writer to fp; bom writes a UTF-8 BOM first (CSV for Excel/WPS).
 * Never NULL. Free with tz_out_free. */
struct tz_out *tz_out_new(FILE *fp, enum tz_out_format fmt, int bom);

/* Set the column names (copied); call once, before the first row. */
void tz_out_columns(struct tz_out *o, const char *const *names, size_t n);

/* Optional, after tz_out_columns: column col holds numbers (right-aligned
 * in a table, bare numbers in JSON when they are valid JSON numbers). */
void tz_out_numeric(struct tz_out *o, size_t col);

/* Optional, before the first row: on 0, no header line in table, TSV and
 * CSV output (JSON keys are always written). The default is 1. */
void tz_out_header(struct tz_out *o, int on);

/* Add a row of as many cells as there are columns (copied); a NULL cell is
 * empty (null in JSON). TSV, CSV and JSON rows are written at once; a table
 * is kept until tz_out_finish, which needs every width. */
void tz_out_row(struct tz_out *o, const char *const *cells);

/* Write what is left (the table, the closing of a JSON array). Returns 0, or
 * -1 when writing to fp failed. */
int tz_out_finish(struct tz_out *o);

void tz_out_free(struct tz_out *o);

#endif
