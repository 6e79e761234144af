/* edit.h - changing a record file in place, byte for byte: only the lines of
 * the fields that change are rewritten; comments, blank lines, the order of
 * keys, other fields' continuation lines, CRLF or LF and a BOM stay as they
 * are. */
#ifndef TZ_EDIT_H
#define TZ_EDIT_H
#include <stddef.h>
#include "buf.h"

struct tz_edit;

/* Split data[0..len) into lines and classify them by the record reader's
 * rules (DESIGN.md "Record files"). data must hold no NUL byte (a file with
 * one is not a record: the reader refuses it first). Never fails; free with
 * tz_edit_free. */
struct tz_edit *tz_edit_new(const char *data, size_t len);
void tz_edit_free(struct tz_edit *e);

/*
 * Set key in [section] to value, or remove the key when value is NULL or
 * "". An existing key keeps its line's text up to and after the "=" and its
 * continuation indent; a value with newlines is written as continuation
 * lines. A new key goes after the last key present that comes before it in
 * order[0..norder) (the schema's field order), else before the first key of
 * the section, else at the section's end. Returns 0; -1 when there is no
 * such section, or the value cannot be written (a blank line, or a line
 * that starts with ";" or "#", inside it), with the reason in why.
 */
int tz_edit_set(struct tz_edit *e, const char *section, const char *key, const char *value,
		const char *const *order, size_t norder, struct tz_buf *why);

/*
 * Add the section [name] with keys[i] = values[i] (empty values skipped):
 * after the last section whose name starts with `after` (e.g. "log."),
 * else at the end; a blank line separates it from what comes before.
 * Returns 0, or -1 (why set) when a value cannot be written.
 */
int tz_edit_add_section(struct tz_edit *e, const char *name, const char *after,
			const char *const *keys, const char *const *values, size_t n, struct tz_buf *why);

/* Add "key =" to [section] where tz_edit_set would put the key, unless
 * the key is there (tz new --edit: the fields left to fill in). */
void tz_edit_add_empty(struct tz_edit *e, const char *section, const char *key,
		       const char *const *order, size_t norder);

/* Add a comment line "; text" before key's line in [section] (tz new
 * --template); nothing when the key is absent. */
void tz_edit_comment(struct tz_edit *e, const char *section, const char *key, const char *text);

/* Whether [section] is in the file. */
int tz_edit_has_section(const struct tz_edit *e, const char *section);

/* The file as it now is, appended to out. */
void tz_edit_write(const struct tz_edit *e, struct tz_buf *out);

#endif
