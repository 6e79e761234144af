/* type.c - lookups in a loaded schema: types by name or by a record's path,
 * fields, parts, transitions and enum values. */
#include <string.h>
#include "type.h"

const char *const tz_ftype_names[TZ_NFTYPES] = {
	"text", "int", "decimal", "date", "bool", "enum", "ref", "uscc"
};

const char *tz_ftype_name(enum tz_ftype t)
{
	return tz_ftype_names[t];
}

struct tz_type *tz_schema_type(const struct tz_schema *s, const char *name)
{
	for (size_t i = 0; i < s->ntypes; i++)
		if (!strcmp(s->types[i].name, name))
			return &s->types[i];
	return NULL;
}

const struct tz_fdef *tz_type_field(const struct tz_type *t, const char *name)
{
	for (size_t i = 0; i < t->nfields; i++)
		if (!strcmp(t->fields[i].name, name))
			return &t->fields[i];
	return NULL;
}

const struct tz_partdef *tz_type_part(const struct tz_type *t, const char *name)
{
	for (size_t i = 0; i < t->nparts; i++)
		if (!strcmp(t->parts[i].name, name))
			return &t->parts[i];
	return NULL;
}

const struct tz_fdef *tz_part_field(const struct tz_partdef *p, const char *name)
{
	for (size_t i = 0; i < p->nfields; i++)
		if (!strcmp(p->fields[i].name, name))
			return &p->fields[i];
	return NULL;
}

const struct tz_transitions *tz_type_transitions(const struct tz_type *t, const char *field)
{
	for (size_t i = 0; i < t->ntrans; i++)
		if (!strcmp(t->trans[i].field, field))
			return &t->trans[i];
	return NULL;
}

int tz_fdef_enum_index(const struct tz_fdef *f, const char *value)
{
	for (size_t i = 0; i < f->nvalues; i++)
		if (!strcmp(f->values[i], value))
			return (int)i;
	return -1;
}

const char *tz_fdef_enum_label(const struct tz_fdef *f, const char *value)
{
	int i = tz_fdef_enum_index(f, value);
	return i >= 0 && f->labels ? f->labels[i] : value;
}

const struct tz_action *tz_type_action(const struct tz_type *t, const char *name)
{
	for (size_t i = 0; i < t->nactions; i++)
		if (!strcmp(t->actions[i].name, name))
			return &t->actions[i];
	return NULL;
}

int tz_type_step_allowed(const struct tz_type *t, const char *field, const char *from, const char *to)
{
	const struct tz_transitions *tr = tz_type_transitions(t, field);

	if (!tr || !strcmp(from, to))
		return 1;
	for (size_t k = 0; k < tr->n; k++)
		if (!strcmp(tr->v[k].from, from))
			for (size_t z = 0; z < tr->v[k].nto; z++)
				if (!strcmp(tr->v[k].to[z], to))
					return 1;
	return 0;
}

int tz_action_allowed_from(const struct tz_action *a, const char *status)
{
	if (!status)
		return a->creates;
	if (a->from_any)
		return 1;
	for (size_t i = 0; i < a->nfrom; i++)
		if (!strcmp(a->from[i], status))
			return 1;
	return 0;
}
