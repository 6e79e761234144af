/* type.h - the schema as a model: record types, their fields, parts, rules
 * and transitions, and lookups in it. Loading it is schema.h's job. */
#ifndef TZ_TYPE_H
#define TZ_TYPE_H
#include <regex.h>
#include <stddef.h>
#include "diag.h"

struct tz_expr;

enum tz_ftype {
	TZ_TEXT, TZ_INT, TZ_DECIMAL, TZ_DATE, TZ_BOOL, TZ_ENUM, TZ_REF, TZ_USCC
};
#define TZ_NFTYPES 8

/* The names of the field types, in enum tz_ftype order. */
extern const char *const tz_ftype_names[TZ_NFTYPES];

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
	int immutable;		/* once set in the committed version, fixed */
	int ordered;		/* part fields: never decreases from one entry
				   to the next */
	char *not_before;	/* part date fields: a date field of the record
				   that no entry's value may precede */
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

/*
 * An action of the clerk's write path ([action.NAME]): `tz act` appends an
 * entry of the type's log part and moves its status field; the log checks
 * hold hand-written entries to the same declaration.
 */
struct tz_action_set {
	char *field;		/* a field of the record */
	char *tmpl;		/* "{date}", "{deadline}" or literal text */
};

struct tz_action {
	char *name, *label, *help;
	int creates;		/* no `from`: the entry that starts a record */
	int from_any;		/* from = *  */
	char **from;		/* statuses it may be taken from */
	size_t nfrom;
	char *to;		/* the status it moves to; NULL: unchanged */
	char **require;		/* fields of the log entry, else of the record */
	size_t nrequire;
	struct tz_action_set *set;
	size_t nset;
	int line;
};

struct tz_type {
	char *name, *label, *dir, *id_src, *title, *owner, *help;
	char *next_id;		/* "ISS-{year}-{seq:4}", or NULL */
	char *id_date;		/* date field whose year {year} is, or NULL */
	char *status;		/* the field actions move, or NULL */
	char *log;		/* the part actions append to, or NULL */
	struct tz_action *actions;
	size_t nactions, aalloc;
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
	int policy_unreadable;	/* schema/policy.ini is a symbolic link or not a
				   regular file: reported, never read */
	/* the language of the text tz writes into the history (commit
	 * messages), from schema/repository.ini: "zh_CN", or NULL for English */
	char *language;
};

/* Lookups; NULL when absent. Borrowed for the schema's lifetime. */
struct tz_type *tz_schema_type(const struct tz_schema *s, const char *name);
const struct tz_fdef *tz_type_field(const struct tz_type *t, const char *name);
const struct tz_partdef *tz_type_part(const struct tz_type *t, const char *name);
const struct tz_fdef *tz_part_field(const struct tz_partdef *p, const char *name);
const struct tz_transitions *tz_type_transitions(const struct tz_type *t, const char *field);
const struct tz_action *tz_type_action(const struct tz_type *t, const char *name);

/* Whether a field moving from `from` to `to` is one allowed step by its
 * transitions section (always when the field has none, or from == to). */
int tz_type_step_allowed(const struct tz_type *t, const char *field, const char *from, const char *to);

/* Whether action a may be taken while the status is `status` (NULL: a new
 * record, which only a creating action starts). */
int tz_action_allowed_from(const struct tz_action *a, const char *status);

/* Index of value in an enum field, or -1. */
int tz_fdef_enum_index(const struct tz_fdef *f, const char *value);

/* The label shown for an enum value (the value itself when unlabelled). */
const char *tz_fdef_enum_label(const struct tz_fdef *f, const char *value);

/* "text", "int", ... as the schema writes the type. Static. */
const char *tz_ftype_name(enum tz_ftype t);

#endif
