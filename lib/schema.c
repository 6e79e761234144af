/* schema.c - loading schema/<type>.ini with the record reader, and checking
 * the schema itself: every finding carries the schema file and line. */
#include <locale.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "buf.h"
#include "expr.h"
#include "i18n.h"
#include "idtemplate.h"
#include "record.h"
#include "schema.h"
#include "text.h"

struct loader {
	struct tz_schema *schema;
	const char *path;
	struct tz_diag_list *diags;
};

static void err_at(struct loader *l, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void err_at(struct loader *l, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tz_diag_addv(l->diags, l->path, line, 0, TZ_ERROR, fmt, ap);
	va_end(ap);
	l->schema->errors++;
}

struct tz_schema *tz_schema_new(void)
{
	return tz_calloc(1, sizeof(struct tz_schema));
}

static void free_list(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void fdef_release(struct tz_fdef *f)
{
	free(f->name);
	free(f->label);
	free(f->help);
	if (f->pattern)
		regfree(&f->re);
	free(f->pattern);
	free_list(f->values, f->nvalues);
	free_list(f->labels, f->labels ? f->nvalues : 0);
	free(f->to);
	free(f->not_before);
}

static void action_release(struct tz_action *a)
{
	free(a->name); free(a->label); free(a->help); free(a->to);
	free_list(a->from, a->nfrom);
	free_list(a->require, a->nrequire);
	for (size_t i = 0; i < a->nset; i++) {
		free(a->set[i].field);
		free(a->set[i].tmpl);
	}
	free(a->set);
}

static void type_release(struct tz_type *t)
{
	free(t->name); free(t->label); free(t->dir); free(t->id_src);
	free(t->title); free(t->owner); free(t->help); free(t->path);
	free(t->next_id); free(t->id_date); free(t->status); free(t->log);
	for (size_t i = 0; i < t->nactions; i++)
		action_release(&t->actions[i]);
	free(t->actions);
	if (t->has_id_re)
		regfree(&t->id_re);
	for (size_t i = 0; i < t->nfields; i++)
		fdef_release(&t->fields[i]);
	free(t->fields);
	for (size_t i = 0; i < t->nparts; i++) {
		struct tz_partdef *p = &t->parts[i];
		for (size_t j = 0; j < p->nfields; j++)
			fdef_release(&p->fields[j]);
		free(p->fields);
		free(p->name); free(p->label); free(p->key);
		if (p->has_key_re)
			regfree(&p->key_re);
	}
	free(t->parts);
	for (size_t i = 0; i < t->nrules; i++) {
		struct tz_rule *r = &t->rules[i];
		free(r->name); free(r->when_src); free(r->check_src); free(r->message);
		tz_expr_free(r->when);
		tz_expr_free(r->check);
		free_list(r->require, r->nrequire);
	}
	free(t->rules);
	for (size_t i = 0; i < t->ntrans; i++) {
		struct tz_transitions *tr = &t->trans[i];
		for (size_t j = 0; j < tr->n; j++) {
			free(tr->v[j].from);
			free_list(tr->v[j].to, tr->v[j].nto);
		}
		free(tr->v);
		free(tr->field);
	}
	free(t->trans);
}

void tz_schema_free(struct tz_schema *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->ntypes; i++)
		type_release(&s->types[i]);
	free(s->types);
	free(s->language);
	free(s);
}

/* Split "a, b, c" into trimmed items; empty items are kept as "". */
static char **split_list(const char *s, size_t *n)
{
	char **v = NULL;
	size_t alloc = 0;

	*n = 0;
	if (!s || !*s)
		return NULL;
	for (;;) {
		const char *comma = strchr(s, ',');
		const char *end = comma ? comma : s + strlen(s);
		const char *a = s, *b = end;
		while (a < b && (*a == ' ' || *a == '\t' || *a == '\n'))
			a++;
		while (b > a && (b[-1] == ' ' || b[-1] == '\t' || b[-1] == '\n'))
			b--;
		TZ_ALLOC_GROW(v, *n + 1, alloc);
		v[(*n)++] = tz_strndup(a, (size_t)(b - a));
		if (!comma)
			break;
		s = comma + 1;
	}
	return v;
}

static int parse_bool(const char *v, int *out)
{
	if (!strcmp(v, "yes")) { *out = 1; return 0; }
	if (!strcmp(v, "no")) { *out = 0; return 0; }
	return -1;
}

static int valid_name(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_' ||
		      (*s >= 'A' && *s <= 'Z')))
			return 0;
	return 1;
}

/* Report each key of s that is not in allowed[]. */
static void check_keys(struct loader *l, const struct tz_section *s, const char *const *allowed, size_t n)
{
	for (size_t i = 0; i < s->nfields; i++) {
		const struct tz_field *f = &s->fields[i];
		size_t k;
		for (k = 0; k < n; k++)
			if (!strcmp(f->key, allowed[k]))
				break;
		if (k == n) {
			const char *sug = tz_suggest(f->key, allowed, n);
			struct tz_buf q = TZ_BUF_INIT;
			tz_text_quote(&q, f->key);
			if (sug)
				err_at(l, f->line, _("%s: unknown key \"%s\" (did you mean \"%s\"?)"), s->name, tz_buf_cstr(&q), sug);
			else
				err_at(l, f->line, _("%s: unknown key \"%s\""), s->name, tz_buf_cstr(&q));
			tz_buf_release(&q);
		}
	}
}

static int line_of(const struct tz_section *s, const char *key)
{
	const struct tz_field *f = tz_section_field(s, key);
	return f ? f->line : s->line;
}

static void get_yesno(struct loader *l, const struct tz_section *s, const char *key, int *out)
{
	const char *v = tz_section_get(s, key);

	if (v && parse_bool(v, out) < 0)
		err_at(l, line_of(s, key), _("%s: %s must be yes or no, not \"%s\""), s->name, key, v);
}

static int get_number(struct loader *l, const struct tz_section *s, const char *key, double *out)
{
	const char *v = tz_section_get(s, key);

	if (!v)
		return 0;
	if (!tz_is_number(v)) {
		err_at(l, line_of(s, key), _("%s: %s must be a number, not \"%s\""), s->name, key, v);
		return 0;
	}
	*out = strtod(v, NULL);
	return 1;
}

static const char *const field_keys[] = {
	"label", "type", "required", "unique", "help", "max", "min", "pattern",
	"scale", "values", "labels", "to", "multiple", "immutable", "ordered",
	"not_before"
};

/* Load [field.NAME] or [part.P.field.NAME] into f. */
static void load_field(struct loader *l, const struct tz_section *s, const char *name, struct tz_fdef *f)
{
	const char *type = tz_section_get(s, "type");
	const char *v;
	size_t t;

	memset(f, 0, sizeof(*f));
	f->name = tz_strdup(name);
	f->line = s->line;
	f->scale = -1;
	check_keys(l, s, field_keys, sizeof(field_keys) / sizeof(*field_keys));
	if (!valid_name(name))
		err_at(l, s->line, _("%s: field names are letters, digits and _"), s->name);
	v = tz_section_get(s, "label");
	f->label = tz_strdup(v ? v : name);
	f->help = tz_strdup(tz_section_get(s, "help"));
	if (!type) {
		err_at(l, s->line, _("%s: type is missing (one of text, int, decimal, date, bool, enum, ref, uscc)"), s->name);
		t = TZ_TEXT;
	} else {
		for (t = 0; t < TZ_NFTYPES; t++)
			if (!strcmp(type, tz_ftype_names[t]))
				break;
		if (t == TZ_NFTYPES) {
			const char *sug = tz_suggest(type, tz_ftype_names, TZ_NFTYPES);
			if (sug)
				err_at(l, line_of(s, "type"), _("%s: unknown type \"%s\" (did you mean \"%s\"?)"), s->name, type, sug);
			else
				err_at(l, line_of(s, "type"), _("%s: unknown type \"%s\" (one of text, int, decimal, date, bool, enum, ref, uscc)"), s->name, type);
			t = TZ_TEXT;
		}
	}
	f->type = (enum tz_ftype)t;
	get_yesno(l, s, "required", &f->required);
	get_yesno(l, s, "unique", &f->unique);
	get_yesno(l, s, "multiple", &f->multiple);
	get_yesno(l, s, "immutable", &f->immutable);
	get_yesno(l, s, "ordered", &f->ordered);
	f->not_before = tz_strdup(tz_section_get(s, "not_before"));

	/* options that only some types take */
	{
		static const struct { const char *key; unsigned types; } opts[] = {
			{ "max", 1u << TZ_TEXT | 1u << TZ_INT | 1u << TZ_DECIMAL },
			{ "min", 1u << TZ_INT | 1u << TZ_DECIMAL },
			{ "pattern", 1u << TZ_TEXT },
			{ "scale", 1u << TZ_DECIMAL },
			{ "values", 1u << TZ_ENUM },
			{ "labels", 1u << TZ_ENUM },
			{ "to", 1u << TZ_REF },
			{ "multiple", 1u << TZ_REF },
		};
		for (size_t i = 0; i < sizeof(opts) / sizeof(*opts); i++)
			if (tz_section_field(s, opts[i].key) && !(opts[i].types & (1u << f->type)))
				err_at(l, line_of(s, opts[i].key), _("%s: %s does not apply to type %s"),
				       s->name, opts[i].key, tz_ftype_names[f->type]);
	}
	f->has_min = get_number(l, s, "min", &f->min);
	f->has_max = get_number(l, s, "max", &f->max);
	if (f->has_min && f->has_max && f->min > f->max)
		err_at(l, line_of(s, "max"), _("%s: max is less than min"), s->name);
	if ((v = tz_section_get(s, "scale"))) {
		if (strspn(v, "0123456789") != strlen(v) || strlen(v) > 2)
			err_at(l, line_of(s, "scale"), _("%s: scale must be a whole number of digits, not \"%s\""), s->name, v);
		else
			f->scale = atoi(v);
	}
	if ((v = tz_section_get(s, "pattern"))) {
		struct tz_buf e = TZ_BUF_INIT;
		if (tz_ere_compile(&f->re, v, &e) < 0)
			err_at(l, line_of(s, "pattern"), _("%s: bad pattern \"%s\": %s"), s->name, v, tz_buf_cstr(&e));
		else
			f->pattern = tz_strdup(v);
		tz_buf_release(&e);
	}
	if (f->type == TZ_ENUM) {
		size_t nl = 0;
		char **labels;
		f->values = split_list(tz_section_get(s, "values"), &f->nvalues);
		if (!f->nvalues)
			err_at(l, line_of(s, "values"), _("%s: enum needs values"), s->name);
		for (size_t i = 0; i < f->nvalues; i++) {
			if (!*f->values[i])
				err_at(l, line_of(s, "values"), _("%s: empty item in values"), s->name);
			for (size_t j = 0; j < i; j++)
				if (!strcmp(f->values[i], f->values[j]))
					err_at(l, line_of(s, "values"), _("%s: value \"%s\" is listed twice"), s->name, f->values[i]);
		}
		labels = split_list(tz_section_get(s, "labels"), &nl);
		if (labels && nl != f->nvalues) {
			err_at(l, line_of(s, "labels"), _("%s: %zu labels for %zu values"), s->name, nl, f->nvalues);
			free_list(labels, nl);
		} else {
			f->labels = labels;
		}
	}
	if (f->type == TZ_REF) {
		v = tz_section_get(s, "to");
		if (!v)
			err_at(l, s->line, _("%s: ref needs \"to\" (the type it refers to)"), s->name);
		else
			f->to = tz_strdup(v);
	}
}

static void load_type_section(struct loader *l, struct tz_type *t, const struct tz_section *s)
{
	static const char *const keys[] = { "name", "label", "dir", "id", "title", "owner", "help",
					    "next_id", "id_date", "status", "log" };
	const char *v;

	check_keys(l, s, keys, sizeof(keys) / sizeof(*keys));
	t->label = tz_strdup(tz_section_get(s, "label"));
	t->next_id = tz_strdup(tz_section_get(s, "next_id"));
	t->id_date = tz_strdup(tz_section_get(s, "id_date"));
	t->status = tz_strdup(tz_section_get(s, "status"));
	t->log = tz_strdup(tz_section_get(s, "log"));
	t->help = tz_strdup(tz_section_get(s, "help"));
	t->title = tz_strdup(tz_section_get(s, "title"));
	t->owner = tz_strdup(tz_section_get(s, "owner"));
	v = tz_section_get(s, "dir");
	if (!v)
		err_at(l, s->line, _("type: dir is missing"));
	else if (v[0] == '/' || strstr(v, "..") || strspn(v, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-/") != strlen(v) || v[strlen(v) - 1] == '/')
		err_at(l, line_of(s, "dir"), _("type: dir \"%s\" must be a relative folder name (letters, digits, _ - /)"), v);
	else
		t->dir = tz_strdup(v);
	v = tz_section_get(s, "id");
	if (!v) {
		err_at(l, s->line, _("type: id is missing (a regular expression for IDs)"));
	} else {
		struct tz_buf e = TZ_BUF_INIT;
		t->id_src = tz_strdup(v);
		if (tz_ere_compile(&t->id_re, v, &e) < 0)
			err_at(l, line_of(s, "id"), _("type: bad id pattern \"%s\": %s"), v, tz_buf_cstr(&e));
		else
			t->has_id_re = 1;
		tz_buf_release(&e);
	}
}

static void load_rule(struct loader *l, struct tz_type *t, const struct tz_section *s, const char *name)
{
	static const char *const keys[] = { "when", "check", "require", "message", "severity", "help" };
	struct tz_rule *r;
	const char *v;

	check_keys(l, s, keys, sizeof(keys) / sizeof(*keys));
	TZ_ALLOC_GROW(t->rules, t->nrules + 1, t->ralloc);
	r = &t->rules[t->nrules++];
	memset(r, 0, sizeof(*r));
	r->name = tz_strdup(name);
	r->line = s->line;
	r->when_src = tz_strdup(tz_section_get(s, "when"));
	r->check_src = tz_strdup(tz_section_get(s, "check"));
	r->message = tz_strdup(tz_section_get(s, "message"));
	r->require = split_list(tz_section_get(s, "require"), &r->nrequire);
	v = tz_section_get(s, "severity");
	if (v && strcmp(v, "error") && strcmp(v, "warning"))
		err_at(l, line_of(s, "severity"), _("%s: severity must be error or warning, not \"%s\""), s->name, v);
	r->severity = v && !strcmp(v, "warning") ? TZ_WARNING : TZ_ERROR;
	if (!r->check_src && !r->nrequire)
		err_at(l, s->line, _("%s: a rule needs check or require"), s->name);
}

static void load_transitions(struct loader *l, struct tz_type *t, const struct tz_section *s, const char *field)
{
	struct tz_transitions *tr;

	TZ_ALLOC_GROW(t->trans, t->ntrans + 1, t->talloc);
	tr = &t->trans[t->ntrans++];
	memset(tr, 0, sizeof(*tr));
	tr->field = tz_strdup(field);
	tr->line = s->line;
	for (size_t i = 0; i < s->nfields; i++) {
		struct tz_transition_from *f;
		TZ_ALLOC_GROW(tr->v, tr->n + 1, tr->alloc);
		f = &tr->v[tr->n++];
		f->from = tz_strdup(s->fields[i].key);
		f->to = split_list(s->fields[i].value, &f->nto);
		f->line = s->fields[i].line;
	}
}

/* "assigned_on = {date}, original_deadline = {deadline}" */
static void load_action_set(struct loader *l, struct tz_action *a, const struct tz_section *s, const char *v)
{
	size_t n;
	char **items = split_list(v, &n);

	a->set = tz_calloc(n ? n : 1, sizeof(*a->set));
	for (size_t i = 0; i < n; i++) {
		char *eq = strchr(items[i], '=');
		char *name, *tmpl;
		size_t len;

		if (!eq) {
			err_at(l, line_of(s, "set"), _("%s: set: \"%s\" is not FIELD = VALUE"), s->name, items[i]);
			continue;
		}
		len = (size_t)(eq - items[i]);
		while (len && (items[i][len - 1] == ' ' || items[i][len - 1] == '\t'))
			len--;
		name = tz_strndup(items[i], len);
		tmpl = eq + 1;
		while (*tmpl == ' ' || *tmpl == '\t')
			tmpl++;
		a->set[a->nset].field = name;
		a->set[a->nset].tmpl = tz_strdup(tmpl);
		a->nset++;
	}
	free_list(items, n);
}

static void load_action(struct loader *l, struct tz_type *t, const struct tz_section *s, const char *name)
{
	static const char *const keys[] = { "label", "from", "to", "require", "set", "help" };
	struct tz_action *a;
	const char *v;

	check_keys(l, s, keys, sizeof(keys) / sizeof(*keys));
	if (!valid_name(name))
		err_at(l, s->line, _("%s: action names are letters, digits and _"), s->name);
	TZ_ALLOC_GROW(t->actions, t->nactions + 1, t->aalloc);
	a = &t->actions[t->nactions++];
	memset(a, 0, sizeof(*a));
	a->name = tz_strdup(name);
	a->line = s->line;
	v = tz_section_get(s, "label");
	a->label = tz_strdup(v ? v : name);
	a->help = tz_strdup(tz_section_get(s, "help"));
	v = tz_section_get(s, "from");
	if (!v)
		a->creates = 1;
	else if (!strcmp(v, "*"))
		a->from_any = 1;
	else
		a->from = split_list(v, &a->nfrom);
	a->to = tz_strdup(tz_section_get(s, "to"));
	a->require = split_list(tz_section_get(s, "require"), &a->nrequire);
	if ((v = tz_section_get(s, "set")))
		load_action_set(l, a, s, v);
}

static struct tz_partdef *load_part(struct loader *l, struct tz_type *t, const struct tz_section *s, const char *name)
{
	static const char *const keys[] = { "label", "key", "append_only", "help" };
	struct tz_partdef *p;
	const char *v;

	check_keys(l, s, keys, sizeof(keys) / sizeof(*keys));
	if (!valid_name(name))
		err_at(l, s->line, _("%s: part names are letters, digits and _"), s->name);
	TZ_ALLOC_GROW(t->parts, t->nparts + 1, t->palloc);
	p = &t->parts[t->nparts++];
	memset(p, 0, sizeof(*p));
	p->name = tz_strdup(name);
	p->line = s->line;
	v = tz_section_get(s, "label");
	p->label = tz_strdup(v ? v : name);
	get_yesno(l, s, "append_only", &p->append_only);
	if ((v = tz_section_get(s, "key"))) {
		struct tz_buf e = TZ_BUF_INIT;
		p->key = tz_strdup(v);
		if (tz_ere_compile(&p->key_re, v, &e) < 0)
			err_at(l, line_of(s, "key"), _("%s: bad key pattern \"%s\": %s"), s->name, v, tz_buf_cstr(&e));
		else
			p->has_key_re = 1;
		tz_buf_release(&e);
	}
	return p;
}

/* Whether name is a field of the log part, else of the record. */
static int action_field_known(const struct tz_type *t, const struct tz_partdef *log, const char *name)
{
	return (log && tz_part_field(log, name)) || tz_type_field(t, name);
}

/* A status value named in an action must be a value of the status field. */
static void check_status_value(struct loader *l, const struct tz_fdef *st, const struct tz_action *a,
			       const char *key, const char *v)
{
	if (st && st->type == TZ_ENUM && tz_fdef_enum_index(st, v) < 0)
		err_at(l, a->line, _("action.%s: %s: \"%s\" is not a value of %s"), a->name, key, v, st->name);
}

/* The type's write path: next_id, id_date, status, log, the options of its
 * fields for the log checks, and its actions. */
static void check_write_model(struct loader *l, struct tz_type *t, const struct tz_section *ts)
{
	const struct tz_fdef *st = NULL, *af = NULL;
	const struct tz_partdef *log = NULL;
	int creating = 0;

	if (t->next_id) {
		struct tz_buf id = TZ_BUF_INIT;
		if (tz_id_template_format(&id, t->next_id, 2026, 1) < 0)
			err_at(l, line_of(ts, "next_id"), _("type: next_id: %s"), id.ptr);
		else if (t->has_id_re && !tz_ere_match(&t->id_re, id.ptr))
			err_at(l, line_of(ts, "next_id"), _("type: next_id makes \"%s\", which the id pattern does not match"), id.ptr);
		tz_buf_release(&id);
	}
	if (t->id_date) {
		const struct tz_fdef *f = tz_type_field(t, t->id_date);
		if (!f || f->type != TZ_DATE)
			err_at(l, line_of(ts, "id_date"), _("type: id_date names no date field \"%s\""), t->id_date);
	}
	if (t->status && !(st = tz_type_field(t, t->status)))
		err_at(l, line_of(ts, "status"), _("type: status names no field \"%s\""), t->status);
	if (t->log && !(log = tz_type_part(t, t->log)))
		err_at(l, line_of(ts, "log"), _("type: log names no part \"%s\""), t->log);
	if (log) {
		static const char *const need[] = { "date", "action", "to_status" };
		for (size_t i = 0; i < sizeof(need) / sizeof(*need); i++)
			if (!tz_part_field(log, need[i]))
				err_at(l, log->line, _("part.%s: the log needs a field \"%s\""), log->name, need[i]);
		af = tz_part_field(log, "action");
	}
	for (size_t i = 0; i < t->nfields; i++) {
		const struct tz_fdef *f = &t->fields[i];
		if (f->ordered || f->not_before)
			err_at(l, f->line, _("field.%s: %s applies to part fields only"), f->name,
			       f->ordered ? "ordered" : "not_before");
	}
	for (size_t p = 0; p < t->nparts; p++)
		for (size_t i = 0; i < t->parts[p].nfields; i++) {
			const struct tz_fdef *f = &t->parts[p].fields[i], *nb;
			if (f->immutable)
				err_at(l, f->line, _("part.%s.field.%s: immutable applies to record fields (entries of an append-only part never change)"),
				       t->parts[p].name, f->name);
			if (f->not_before && (f->type != TZ_DATE || !(nb = tz_type_field(t, f->not_before)) || nb->type != TZ_DATE))
				err_at(l, f->line, _("part.%s.field.%s: not_before needs a date field and a date field of the record, not \"%s\""),
				       t->parts[p].name, f->name, f->not_before);
		}
	if (t->nactions && (!st || !log))
		err_at(l, t->actions[0].line, _("action.%s: actions need the type's status field and log part ([type] status = FIELD, log = PART)"),
		       t->actions[0].name);
	for (size_t i = 0; i < t->nactions; i++) {
		const struct tz_action *a = &t->actions[i];

		for (size_t k = 0; k < i; k++) {
			if (!strcmp(t->actions[k].name, a->name))
				err_at(l, a->line, _("action.%s: action defined twice"), a->name);
			else if (!strcmp(t->actions[k].label, a->label))
				err_at(l, a->line, _("action.%s: label \"%s\" is also the label of action %s"), a->name, a->label, t->actions[k].name);
		}
		if (a->creates && creating++)
			err_at(l, a->line, _("action.%s: only one action may start a record (have no from)"), a->name);
		if (a->creates && !a->to)
			err_at(l, a->line, _("action.%s: an action without from starts a record and needs to"), a->name);
		if (af && af->type == TZ_ENUM && tz_fdef_enum_index(af, a->name) < 0)
			err_at(l, a->line, _("action.%s: \"%s\" is not a value of %s.action"), a->name, a->name, log->name);
		for (size_t k = 0; k < a->nfrom; k++)
			check_status_value(l, st, a, "from", a->from[k]);
		if (a->to)
			check_status_value(l, st, a, "to", a->to);
		for (size_t k = 0; k < a->nrequire; k++)
			if (!action_field_known(t, log, a->require[k]))
				err_at(l, a->line, _("action.%s: require names no field \"%s\""), a->name, a->require[k]);
		for (size_t k = 0; k < a->nset; k++) {
			const char *p = a->set[k].tmpl;
			if (!tz_type_field(t, a->set[k].field))
				err_at(l, a->line, _("action.%s: set names no field \"%s\""), a->name, a->set[k].field);
			while ((p = strchr(p, '{'))) {
				const char *e = strchr(p, '}');
				char *name = e ? tz_strndup(p + 1, (size_t)(e - p - 1)) : NULL;
				if (!name || (strcmp(name, "date") && strcmp(name, "actor") &&
					      !action_field_known(t, log, name)))
					err_at(l, a->line, _("action.%s: set: \"{%s\" names no field"), a->name,
					       name ? name : p + 1);
				free(name);
				if (!e)
					break;
				p = e + 1;
			}
		}
	}
}

void tz_schema_add_file(struct tz_schema *schema, const char *path, const char *data,
			size_t len, struct tz_diag_list *diags)
{
	struct loader l = { schema, path, diags };
	size_t before = diags->errors;
	struct tz_record *rec = tz_record_parse(path, data, len, diags);
	struct tz_type *t;
	const struct tz_section *ts;
	const char *name;

	schema->errors += (int)(diags->errors - before);
	if (!rec)
		return;
	ts = tz_record_section(rec, "type");
	if (!ts || rec->sections != ts) {
		err_at(&l, rec->nsections ? rec->sections[0].line : 1, _("the first section must be [type]"));
		if (!ts)
			goto out;
	}
	name = tz_section_get(ts, "name");
	if (!name) {
		err_at(&l, ts->line, _("type: name is missing"));
		goto out;
	}
	if (!valid_name(name)) {
		err_at(&l, line_of(ts, "name"), _("type: name \"%s\" must be letters, digits and _"), name);
		goto out;
	}
	if (tz_schema_type(schema, name)) {
		err_at(&l, line_of(ts, "name"), _("type: type \"%s\" is already defined in %s"), name,
		       tz_schema_type(schema, name)->path);
		goto out;
	}
	TZ_ALLOC_GROW(schema->types, schema->ntypes + 1, schema->alloc);
	t = &schema->types[schema->ntypes++];
	memset(t, 0, sizeof(*t));
	t->name = tz_strdup(name);
	t->path = tz_strdup(path);
	load_type_section(&l, t, ts);

	/* parts first, so that part fields find their part in any order */
	for (size_t i = 0; i < rec->nsections; i++) {
		const struct tz_section *s = &rec->sections[i];
		if (!strncmp(s->name, "part.", 5) && !strchr(s->name + 5, '.'))
			load_part(&l, t, s, s->name + 5);
	}
	for (size_t i = 0; i < rec->nsections; i++) {
		const struct tz_section *s = &rec->sections[i];
		const char *n = s->name;

		if (s == ts || (!strncmp(n, "part.", 5) && !strchr(n + 5, '.')))
			continue;
		if (!strncmp(n, "field.", 6)) {
			TZ_ALLOC_GROW(t->fields, t->nfields + 1, t->falloc);
			load_field(&l, s, n + 6, &t->fields[t->nfields++]);
		} else if (!strncmp(n, "rule.", 5) && n[5]) {
			load_rule(&l, t, s, n + 5);
		} else if (!strncmp(n, "transitions.", 12) && n[12]) {
			load_transitions(&l, t, s, n + 12);
		} else if (!strncmp(n, "action.", 7) && n[7]) {
			load_action(&l, t, s, n + 7);
		} else if (!strncmp(n, "part.", 5) && strstr(n + 5, ".field.")) {
			const char *dot = strstr(n + 5, ".field.");
			char *pname = tz_strndup(n + 5, (size_t)(dot - (n + 5)));
			struct tz_partdef *p = (struct tz_partdef *)tz_type_part(t, pname);
			if (!p) {
				err_at(&l, s->line, _("%s: no [part.%s] section for this field"), n, pname);
			} else {
				TZ_ALLOC_GROW(p->fields, p->nfields + 1, p->alloc);
				load_field(&l, s, dot + 7, &p->fields[p->nfields++]);
			}
			free(pname);
		} else {
			err_at(&l, s->line, _("unknown section \"[%s]\" (expected type, field.NAME, part.NAME, rule.NAME, transitions.FIELD or action.NAME)"), n);
		}
	}
	/* duplicates and clashes within the type */
	for (size_t i = 0; i < t->nfields; i++)
		for (size_t j = 0; j < i; j++)
			if (!strcmp(t->fields[i].name, t->fields[j].name))
				err_at(&l, t->fields[i].line, _("field.%s: field defined twice"), t->fields[i].name);
	for (size_t i = 0; i < t->nparts; i++)
		if (tz_type_field(t, t->parts[i].name))
			err_at(&l, t->parts[i].line, _("part.%s: a part may not share its name with a field"), t->parts[i].name);
	if (t->title && !tz_type_field(t, t->title))
		err_at(&l, line_of(ts, "title"), _("type: title names no field \"%s\""), t->title);
	if (t->owner && !tz_type_field(t, t->owner))
		err_at(&l, line_of(ts, "owner"), _("type: owner names no field \"%s\""), t->owner);
	check_write_model(&l, t, ts);
out:
	tz_record_free(rec);
}

static void finish_field(struct loader *l, struct tz_fdef *f, const char *where)
{
	if (f->type != TZ_REF || !f->to)
		return;
	f->target = tz_schema_type(l->schema, f->to);
	if (!f->target) {
		const char **names = tz_calloc(l->schema->ntypes + 1, sizeof(*names));
		const char *sug;
		for (size_t i = 0; i < l->schema->ntypes; i++)
			names[i] = l->schema->types[i].name;
		sug = tz_suggest(f->to, names, l->schema->ntypes);
		if (sug)
			err_at(l, f->line, _("%s.%s: no type \"%s\" to refer to (did you mean \"%s\"?)"), where, f->name, f->to, sug);
		else
			err_at(l, f->line, _("%s.%s: no type \"%s\" to refer to"), where, f->name, f->to);
		free(names);
	}
}

static void check_rule_expr(struct loader *l, struct tz_type *t, struct tz_rule *r,
			    const char *key, const char *src, struct tz_expr **out)
{
	struct tz_expr_error e;

	if (!src)
		return;
	if (tz_expr_parse(out, src, &e) < 0 || tz_expr_bind(*out, t, 0, &e) < 0) {
		err_at(l, r->line, _("rule.%s: %s: column %d: %s"), r->name, key, e.col, e.msg);
		tz_expr_free(*out);
		*out = NULL;
	}
}

void tz_schema_finish(struct tz_schema *s, struct tz_diag_list *diags)
{
	for (size_t i = 0; i < s->ntypes; i++) {
		struct tz_type *t = &s->types[i];
		struct loader l = { s, t->path, diags };

		for (size_t k = 0; k < t->nfields; k++)
			finish_field(&l, &t->fields[k], "field");
		for (size_t p = 0; p < t->nparts; p++)
			for (size_t k = 0; k < t->parts[p].nfields; k++) {
				struct tz_buf w = TZ_BUF_INIT;
				tz_buf_printf(&w, "part.%s.field", t->parts[p].name);
				finish_field(&l, &t->parts[p].fields[k], w.ptr);
				tz_buf_release(&w);
			}
		for (size_t k = 0; k < i; k++)
			if (t->dir && s->types[k].dir) {
				const char *a = t->dir, *b = s->types[k].dir;
				size_t la = strlen(a), lb = strlen(b);
				size_t m = la < lb ? la : lb;
				if (!strncmp(a, b, m) && (la == lb || (la > lb ? a[m] : b[m]) == '/'))
					err_at(&l, 1, _("type: dir \"%s\" overlaps the dir \"%s\" of type %s"), a, b, s->types[k].name);
			}
		for (size_t k = 0; k < t->nrules; k++) {
			struct tz_rule *r = &t->rules[k];
			check_rule_expr(&l, t, r, "when", r->when_src, &r->when);
			check_rule_expr(&l, t, r, "check", r->check_src, &r->check);
			for (size_t q = 0; q < r->nrequire; q++)
				if (!tz_type_field(t, r->require[q]))
					err_at(&l, r->line, _("rule.%s: require names no field \"%s\""), r->name, r->require[q]);
		}
		for (size_t k = 0; k < t->ntrans; k++) {
			struct tz_transitions *tr = &t->trans[k];
			const struct tz_fdef *f = tz_type_field(t, tr->field);
			if (!f) {
				err_at(&l, tr->line, _("transitions.%s: no field \"%s\""), tr->field, tr->field);
				continue;
			}
			if (f->type != TZ_ENUM)
				continue;
			for (size_t q = 0; q < tr->n; q++) {
				if (tz_fdef_enum_index(f, tr->v[q].from) < 0)
					err_at(&l, tr->v[q].line, _("transitions.%s: \"%s\" is not a value of %s"), tr->field, tr->v[q].from, f->name);
				for (size_t z = 0; z < tr->v[q].nto; z++)
					if (tz_fdef_enum_index(f, tr->v[q].to[z]) < 0)
						err_at(&l, tr->v[q].line, _("transitions.%s: \"%s\" is not a value of %s"), tr->field, tr->v[q].to[z], f->name);
			}
		}
	}
}

