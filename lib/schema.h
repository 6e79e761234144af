/* schema.h - the schema: record types, their fields, parts, rules and
 * transitions, loaded from schema/<type>.ini files and checked itself. */
#ifndef TZ_SCHEMA_H
#define TZ_SCHEMA_H
#include <regex.h>
#include <stddef.h>
#include "buf.h"
#include "diag.h"

struct tz_expr;

enum tz_ftype {
	TZ_TEXT, TZ_INT, TZ_DECIMAL, TZ_DATE, TZ_BOOL, TZ_ENUM, TZ_REF, TZ_USCC
};

struct tz_fdef {
	char *name;
	char *label;		/* label, or name when the schema gives none */
	char *help;
	enum tz_ftype type;
	int required, unique, multiple;
	int has_min, has_max;
	double min, max;	/* for text, max counts characters */
	int scale;		/* digits after the point; -1 when not limited */
	char *pattern;		/* as written; compiled in re when set */
	regex_t re;
	char **values, **labels;	/* enum */
	size_t nvalues;
	char *to;		/* ref: target type name */
	struct tz_type *target;	/* resolved by tz_schema_finish */
	int line;
};

struct tz_partdef {
	char *name, *label;
	char *key;		/* ERE for what follows the dot */
	regex_t key_re;
	int has_key_re;
	int append_only;
	struct tz_fdef *fields;
	size_t nfields, alloc;
	int line;
};

struct tz_rule {
	char *name;
	char *when_src, *check_src;
	struct tz_expr *when, *check;
	char **require;
	size_t nrequire;
	char *message;
	enum tz_severity severity;
	int line;
};

struct tz_transition_from {
	char *from;
	char **to;
	size_t nto;
	int line;
};

struct tz_transitions {
	char *field;
	struct tz_transition_from *v;
	size_t n, alloc;
	int line;
};

struct tz_type {
	char *name, *label, *dir, *id_src, *title, *owner, *help;
	char *path;		/* schema file it came from */
	regex_t id_re;
	int has_id_re;
	struct tz_fdef *fields;
	size_t nfields, falloc;
	struct tz_partdef *parts;
	size_t nparts, palloc;
	struct tz_rule *rules;
	size_t nrules, ralloc;
	struct tz_transitions *trans;
	size_t ntrans, talloc;
};

struct tz_schema {
	struct tz_type *types;
	size_t ntypes, alloc;
	int errors;		/* findings of severity error in the schema itself */
};

/* A new empty schema; never NULL. Free with tz_schema_free. */
struct tz_schema *tz_schema_new(void);
void tz_schema_free(struct tz_schema *s);

/*
 * Add the type defined by one schema file (its contents data[0..len), read
 * from path). Findings go to diags, with the file and line; a type with
 * findings is still added where it can be, so its records are checked too.
 * "schema/policy.ini" is not a type and must not be passed here.
 */
void tz_schema_add_file(struct tz_schema *s, const char *path, const char *data,
			size_t len, struct tz_diag_list *diags);

/* After every file is added: resolve refs between types, check dirs, and
 * compile rule expressions. Findings go to diags. */
void tz_schema_finish(struct tz_schema *s, struct tz_diag_list *diags);

/* Lookups; NULL when absent. Borrowed for the schema's lifetime. */
struct tz_type *tz_schema_type(const struct tz_schema *s, const char *name);
const struct tz_fdef *tz_type_field(const struct tz_type *t, const char *name);
const struct tz_partdef *tz_type_part(const struct tz_type *t, const char *name);
const struct tz_fdef *tz_part_field(const struct tz_partdef *p, const char *name);
const struct tz_transitions *tz_type_transitions(const struct tz_type *t, const char *field);

/* The type whose dir holds repository path `path` (e.g. "records/issues/2026/
 * ISS-2026-0001.ini"), or NULL. */
struct tz_type *tz_schema_type_for_path(const struct tz_schema *s, const char *path);

/* Index of value in an enum field, or -1. */
int tz_fdef_enum_index(const struct tz_fdef *f, const char *value);

/* The label shown for an enum value (the value itself when unlabelled). */
const char *tz_fdef_enum_label(const struct tz_fdef *f, const char *value);

const char *tz_ftype_name(enum tz_ftype t);

/*
 * Check one value against its field definition (everything but `unique`,
 * references and `required`). Returns 0 when it is valid; otherwise writes a
 * message such as `"done" is not one of open, closed` to msg and returns -1.
 */
int tz_fdef_check_value(const struct tz_fdef *f, const char *value, struct tz_buf *msg);

/* Whether s is a calendar date YYYY-MM-DD; a number as DESIGN.md defines. */
int tz_is_date(const char *s);
int tz_is_number(const char *s);

/* Match an ERE anchored at both ends, on characters under the UTF-8 locale. */
int tz_regex_compile(regex_t *re, const char *pattern, struct tz_buf *err);
int tz_regex_match(const regex_t *re, const char *s);

#endif
