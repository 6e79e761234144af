/* record.h - reading record and schema files: INI as DESIGN.md fixes it,
 * parsed by Debian's libinih through a reader of our own. */
#ifndef TZ_RECORD_H
#define TZ_RECORD_H
#include <stddef.h>
#include "diag.h"

#define TZ_RECORD_MAX_SIZE (1024 * 1024)

struct tz_field {
	char *key;
	char *value;	/* trimmed; continuation lines joined with '\n'; "" when empty */
	int line;	/* line of the key */
};

struct tz_strmap;

struct tz_section {
	char *name;
	int line;
	struct tz_field *fields;
	size_t nfields, alloc;
	struct tz_strmap *index;	/* key -> field, only for large sections */
};

struct tz_record {
	char *path;	/* as given to tz_record_parse */
	struct tz_section *sections;
	size_t nsections, alloc;
	struct tz_strmap *index;	/* name -> section, only when there are many */
};

/*
 * Parse the file contents data[0..len) read from `path` (used in findings).
 * Every problem of encoding and syntax is appended to diags with its line;
 * the rest of the file is still read, except after a NUL byte or when the
 * file is larger than TZ_RECORD_MAX_SIZE: then only that finding is added.
 * Returns the record (free with tz_record_free), or NULL when the file could
 * not be read at all (NUL, size); the reason is then in diags.
 */
struct tz_record *tz_record_parse(const char *path, const char *data, size_t len,
				  struct tz_diag_list *diags);

void tz_record_free(struct tz_record *r);

/* The section called name, or NULL. Borrowed from r. */
const struct tz_section *tz_record_section(const struct tz_record *r, const char *name);

/* The field called key in s, or NULL. Borrowed. */
const struct tz_field *tz_section_field(const struct tz_section *s, const char *key);

/* The value of key in s, or NULL when the key is absent or its value empty
 * (an empty value is the same as an absent field). Borrowed. */
const char *tz_section_get(const struct tz_section *s, const char *key);

#endif
