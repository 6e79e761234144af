/* policy.c - reading schema/policy.ini and judging one change against it:
 * who (a member, through an e-mail or a pusher's name) may create, delete,
 * act on and change which records. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "buf.h"
#include "i18n.h"
#include "policy.h"
#include "strmap.h"
#include "text.h"

static void finding(struct tz_diag_list *d, const char *path, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void finding(struct tz_diag_list *d, const char *path, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tz_diag_addv(d, path, line, 0, TZ_ERROR, fmt, ap);
	va_end(ap);
}

/* Split a comma-separated value into trimmed items; empty items are
 * reported and dropped. */
static char **split(const char *value, size_t *n, struct tz_diag_list *d, int line, const char *key)
{
	char **v = NULL;
	size_t alloc = 0;
	const char *p = value;

	*n = 0;
	while (p && *p) {
		const char *comma = strchr(p, ','), *end = comma ? comma : p + strlen(p);
		const char *a = p;
		while (a < end && strchr(" \t\n", *a))
			a++;
		while (end > a && strchr(" \t\n", end[-1]))
			end--;
		if (a == end) {
			finding(d, TZ_POLICY_PATH, line, _("%s: empty item in the list"), key);
		} else {
			TZ_ALLOC_GROW(v, *n + 1, alloc);
			v[(*n)++] = tz_strndup(a, (size_t)(end - a));
		}
		p = comma ? comma + 1 : NULL;
	}
	return v;
}

static void free_list(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* Whether pattern (*, TYPE, TYPE.*, TYPE.NAME) covers name of type;
 * name NULL: the type itself (create, delete). */
static int covers(const char *pattern, const char *type, const char *name)
{
	size_t n = strlen(type);

	if (!strcmp(pattern, "*"))
		return 1;
	if (strncmp(pattern, type, n))
		return 0;
	if (!pattern[n])
		return 1;
	if (pattern[n] != '.' || !name)
		return 0;
	return !strcmp(pattern + n + 1, "*") || !strcmp(pattern + n + 1, name);
}

enum what { CREATE, REMOVE, FIELD, ACTION };

/* With a schema, say which items of a role's list name nothing. */
static void check_patterns(char **v, size_t n, enum what w, const struct tz_schema *s,
			   struct tz_diag_list *d, int line, const char *key)
{
	for (size_t i = 0; s && i < n; i++) {
		const char *pat = v[i], *dot = strchr(pat, '.');
		char *tname = dot ? tz_strndup(pat, (size_t)(dot - pat)) : tz_strdup(pat);
		const struct tz_type *t = strcmp(pat, "*") ? tz_schema_type(s, tname) : NULL;
		struct tz_buf q = TZ_BUF_INIT;

		tz_text_quote(&q, pat);
		if (!strcmp(pat, "*")) {
			/* everything */
		} else if (!t) {
			finding(d, TZ_POLICY_PATH, line, _("%s: \"%s\": no type \"%s\""), key, q.ptr, tname);
		} else if (dot && (w == CREATE || w == REMOVE)) {
			finding(d, TZ_POLICY_PATH, line, _("%s: \"%s\": name a type, as in \"%s\""), key, q.ptr, tname);
		} else if (dot && strcmp(dot + 1, "*")) {
			if (w == FIELD && !tz_type_field(t, dot + 1) && !tz_type_part(t, dot + 1))
				finding(d, TZ_POLICY_PATH, line, _("%s: \"%s\": type %s has no field or part \"%s\""),
					key, q.ptr, t->name, dot + 1);
			if (w == ACTION && !tz_type_action(t, dot + 1))
				finding(d, TZ_POLICY_PATH, line, _("%s: \"%s\": type %s has no action \"%s\""),
					key, q.ptr, t->name, dot + 1);
		}
		tz_buf_release(&q);
		free(tname);
	}
}

static void parse_role(struct tz_policy *p, const struct tz_section *s, const struct tz_schema *schema,
		       struct tz_diag_list *d)
{
	struct tz_policy_role *r = &p->roles[p->nroles++];

	memset(r, 0, sizeof(*r));
	r->name = tz_strdup(s->name + 5);
	r->line = s->line;
	for (size_t i = 0; i < s->nfields; i++) {
		const struct tz_field *f = &s->fields[i];
		if (!strcmp(f->key, "label")) {
			r->label = tz_strdup(f->value);
		} else if (!strcmp(f->key, "records")) {
			if (!strcmp(f->value, "own"))
				r->own = 1;
			else if (strcmp(f->value, "all") && f->value[0])
				finding(d, TZ_POLICY_PATH, f->line, _("records: must be all or own"));
		} else if (!strcmp(f->key, "create")) {
			r->create = split(f->value, &r->ncreate, d, f->line, f->key);
			check_patterns(r->create, r->ncreate, CREATE, schema, d, f->line, f->key);
		} else if (!strcmp(f->key, "delete")) {
			r->remove = split(f->value, &r->nremove, d, f->line, f->key);
			check_patterns(r->remove, r->nremove, REMOVE, schema, d, f->line, f->key);
		} else if (!strcmp(f->key, "fields")) {
			r->fields = split(f->value, &r->nfields, d, f->line, f->key);
			check_patterns(r->fields, r->nfields, FIELD, schema, d, f->line, f->key);
		} else if (!strcmp(f->key, "actions")) {
			r->actions = split(f->value, &r->nactions, d, f->line, f->key);
			check_patterns(r->actions, r->nactions, ACTION, schema, d, f->line, f->key);
		} else {
			struct tz_buf q = TZ_BUF_INIT;
			tz_text_quote(&q, f->key);
			finding(d, TZ_POLICY_PATH, f->line, _("unknown key \"%s\" in a role "
				"(label, records, create, delete, fields, actions)"), q.ptr);
			tz_buf_release(&q);
		}
	}
}

static size_t role_index(const struct tz_policy *p, const char *name)
{
	for (size_t i = 0; i < p->nroles; i++)
		if (!strcmp(p->roles[i].name, name))
			return i;
	return (size_t)-1;
}

static void parse_member(struct tz_policy *p, const struct tz_section *s, struct tz_strmap *seen,
			 struct tz_diag_list *d)
{
	struct tz_policy_member *m = &p->members[p->nmembers];
	size_t alloc = 0;

	memset(m, 0, sizeof(*m));
	m->name = tz_strdup(s->name + 7);
	m->line = s->line;
	for (size_t i = 0; i < s->nfields; i++) {
		const struct tz_field *f = &s->fields[i];
		if (!strcmp(f->key, "label")) {
			m->label = tz_strdup(f->value);
		} else if (!strcmp(f->key, "unit")) {
			m->unit = f->value[0] ? tz_strdup(f->value) : NULL;
		} else if (!strcmp(f->key, "people")) {
			m->people = split(f->value, &m->npeople, d, f->line, f->key);
			for (size_t k = 0; k < m->npeople; k++) {
				struct tz_buf key = TZ_BUF_INIT;
				size_t other;
				for (const char *c = m->people[k]; *c; c++)
					tz_buf_putc(&key, (char)(*c >= 'A' && *c <= 'Z' ? *c + 32 : *c));
				if (!tz_strmap_put(seen, key.ptr, p->nmembers, &other)) {
					struct tz_buf q = TZ_BUF_INIT;
					tz_text_quote(&q, m->people[k]);
					finding(d, TZ_POLICY_PATH, f->line, _("people: \"%s\" is also in [member.%s]"),
						q.ptr, p->members[other].name);
					tz_buf_release(&q);
				}
				tz_buf_release(&key);
			}
		} else if (!strcmp(f->key, "roles")) {
			size_t n;
			char **v = split(f->value, &n, d, f->line, f->key);
			for (size_t k = 0; k < n; k++) {
				size_t ri = role_index(p, v[k]);
				struct tz_buf q = TZ_BUF_INIT;
				tz_text_quote(&q, v[k]);
				if (ri == (size_t)-1) {
					finding(d, TZ_POLICY_PATH, f->line, _("roles: no role \"%s\""), q.ptr);
				} else {
					TZ_ALLOC_GROW(m->roles, m->nroles + 1, alloc);
					m->roles[m->nroles++] = ri;
				}
				tz_buf_release(&q);
			}
			free_list(v, n);
		} else {
			struct tz_buf q = TZ_BUF_INIT;
			tz_text_quote(&q, f->key);
			finding(d, TZ_POLICY_PATH, f->line, _("unknown key \"%s\" in a member "
				"(label, unit, people, roles)"), q.ptr);
			tz_buf_release(&q);
		}
	}
	if (!m->npeople)
		finding(d, TZ_POLICY_PATH, s->line, _("member.%s: people: required field is missing"), m->name);
	p->nmembers++;
}

struct tz_policy *tz_policy_parse(const char *data, size_t len, const struct tz_schema *schema,
				  struct tz_diag_list *diags)
{
	struct tz_policy *p = tz_calloc(1, sizeof(*p));
	struct tz_record *r = tz_record_parse(TZ_POLICY_PATH, data, len, diags);
	struct tz_strmap seen = TZ_STRMAP_INIT;

	if (!r)
		return p;
	p->roles = tz_calloc(r->nsections + 1, sizeof(*p->roles));
	p->members = tz_calloc(r->nsections + 1, sizeof(*p->members));
	/* roles first: members name them wherever they are */
	for (size_t i = 0; i < r->nsections; i++) {
		const struct tz_section *s = &r->sections[i];
		if (!strncmp(s->name, "role.", 5) && s->name[5])
			parse_role(p, s, schema, diags);
	}
	for (size_t i = 0; i < r->nsections; i++) {
		const struct tz_section *s = &r->sections[i];
		struct tz_buf q = TZ_BUF_INIT;

		if (!strncmp(s->name, "role.", 5) && s->name[5])
			continue;
		if (!strncmp(s->name, "member.", 7) && s->name[7]) {
			parse_member(p, s, &seen, diags);
			continue;
		}
		if (!strcmp(s->name, "policy")) {
			for (size_t k = 0; k < s->nfields; k++) {
				const struct tz_field *f = &s->fields[k];
				tz_buf_clear(&q);
				tz_text_quote(&q, f->key);
				if (strcmp(f->key, "admin")) {
					finding(diags, TZ_POLICY_PATH, f->line, _("unknown key \"%s\" in [policy] (admin)"), q.ptr);
					continue;
				}
				free_list(p->admin, p->nadmin);
				p->admin = split(f->value, &p->nadmin, diags, f->line, f->key);
				for (size_t a = 0; a < p->nadmin; a++)
					if (role_index(p, p->admin[a]) == (size_t)-1) {
						tz_buf_clear(&q);
						tz_text_quote(&q, p->admin[a]);
						finding(diags, TZ_POLICY_PATH, f->line, _("admin: no role \"%s\""), q.ptr);
					}
			}
			tz_buf_release(&q);
			continue;
		}
		tz_text_quote(&q, s->name);
		finding(diags, TZ_POLICY_PATH, s->line,
			_("unknown section \"[%s]\" ([policy], [role.NAME] or [member.NAME])"), q.ptr);
		tz_buf_release(&q);
	}
	tz_strmap_release(&seen);
	tz_record_free(r);
	return p;
}

void tz_policy_free(struct tz_policy *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->nroles; i++) {
		struct tz_policy_role *r = &p->roles[i];
		free(r->name);
		free(r->label);
		free_list(r->create, r->ncreate);
		free_list(r->remove, r->nremove);
		free_list(r->fields, r->nfields);
		free_list(r->actions, r->nactions);
	}
	for (size_t i = 0; i < p->nmembers; i++) {
		struct tz_policy_member *m = &p->members[i];
		free(m->name);
		free(m->label);
		free(m->unit);
		free_list(m->people, m->npeople);
		free(m->roles);
	}
	free(p->roles);
	free(p->members);
	free_list(p->admin, p->nadmin);
	free(p);
}

const struct tz_policy_member *tz_policy_member(const struct tz_policy *p, const char *who)
{
	for (size_t i = 0; who && i < p->nmembers; i++)
		for (size_t k = 0; k < p->members[i].npeople; k++)
			if (!strcasecmp(p->members[i].people[k], who))
				return &p->members[i];
	return NULL;
}

/* One judgement: a member acting on one record. */
struct judge {
	const struct tz_policy *p;
	const struct tz_policy_member *m;
	const struct tz_type *t;
	const char *owner;	/* the record's owning unit, or NULL */
	const char *path, *prefix;
	struct tz_buf who;	/* quoted, for messages */
	struct tz_diag_list *diags;
	size_t refusals;
};

/* Whether a role of the member lets it do `w` to name (NULL for create and
 * delete) on this record: 1 yes, 0 no, -1 only on its own unit's records. */
static int allows(const struct judge *j, enum what w, const char *name)
{
	int scoped = 0;

	for (size_t i = 0; j->m && i < j->m->nroles; i++) {
		const struct tz_policy_role *r = &j->p->roles[j->m->roles[i]];
		char **v = w == CREATE ? r->create : w == REMOVE ? r->remove : w == FIELD ? r->fields : r->actions;
		size_t n = w == CREATE ? r->ncreate : w == REMOVE ? r->nremove : w == FIELD ? r->nfields : r->nactions;
		int match = 0;

		for (size_t k = 0; k < n && !match; k++)
			match = covers(v[k], j->t->name, name);
		if (!match)
			continue;
		if (!r->own || (j->m->unit && j->owner && !strcmp(j->owner, j->m->unit)))
			return 1;
		scoped = 1;
	}
	return scoped ? -1 : 0;
}

static void refuse(struct judge *j, int line, int scoped, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void refuse(struct judge *j, int line, int scoped, const char *fmt, ...)
{
	struct tz_buf what = TZ_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	tz_buf_vprintf(&what, fmt, ap);
	va_end(ap);
	if (scoped)
		tz_diag_add(j->diags, j->path, line, TZ_ERROR, _("%spolicy: %s may %s only on records of unit \"%s\""),
			    j->prefix, j->who.ptr, what.ptr, j->m->unit ? j->m->unit : "");
	else
		tz_diag_add(j->diags, j->path, line, TZ_ERROR, _("%spolicy: %s may not %s"),
			    j->prefix, j->who.ptr, what.ptr);
	j->refusals++;
	tz_buf_release(&what);
}

static const char *get(const struct tz_section *s, const char *key)
{
	return s ? tz_section_get(s, key) : NULL;
}

static int same(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static int same_values(const struct tz_section *a, const struct tz_section *b)
{
	for (size_t i = 0; i < a->nfields; i++)
		if (!same(get(a, a->fields[i].key), get(b, a->fields[i].key)))
			return 0;
	for (size_t i = 0; i < b->nfields; i++)
		if (!same(get(a, b->fields[i].key), get(b, b->fields[i].key)))
			return 0;
	return 1;
}

/* "log" of "log.003", into b. */
static const char *part_name(struct tz_buf *b, const char *section)
{
	const char *dot = strchr(section, '.');

	tz_buf_clear(b);
	tz_buf_put(b, section, dot ? (size_t)(dot - section) : strlen(section));
	return tz_buf_cstr(b);
}

/* The new log entries: their actions are judged, and the fields those
 * actions move, set or require are noted in `moved`. */
static void judge_entries(struct judge *j, const struct tz_record *old, const struct tz_record *new,
			  struct tz_strmap *moved)
{
	const struct tz_type *t = j->t;
	struct tz_buf part = TZ_BUF_INIT;

	for (size_t i = 1; i < new->nsections; i++) {
		const struct tz_section *s = &new->sections[i];
		const struct tz_section *os = tz_record_section(old, s->name);
		int ok;

		part_name(&part, s->name);
		if (t->log && !strcmp(part.ptr, t->log) && !os) {
			const char *name = tz_section_get(s, "action");
			const struct tz_action *a = name ? tz_type_action(t, name) : NULL;
			if (!a)
				continue;	/* the log checks report it */
			if (a->to && t->status)
				tz_strmap_put(moved, t->status, 0, NULL);
			for (size_t k = 0; k < a->nset; k++)
				tz_strmap_put(moved, a->set[k].field, 0, NULL);
			for (size_t k = 0; k < a->nrequire; k++)
				if (tz_type_field(t, a->require[k]))
					tz_strmap_put(moved, a->require[k], 0, NULL);
			ok = allows(j, ACTION, a->name);
			if (ok != 1)
				refuse(j, s->line, ok < 0, _("take action \"%s\" (%s)"), a->name, a->label ? a->label : a->name);
			continue;
		}
		if (os && same_values(os, s))
			continue;
		ok = allows(j, FIELD, part.ptr);
		if (ok != 1)
			refuse(j, s->line, ok < 0, os ? _("change [%s]") : _("add [%s]"), s->name);
	}
	for (size_t i = 1; i < old->nsections; i++) {
		const struct tz_section *os = &old->sections[i];
		int ok;
		if (tz_record_section(new, os->name))
			continue;
		ok = allows(j, FIELD, part_name(&part, os->name));
		if (ok != 1)
			refuse(j, new->sections[0].line, ok < 0, _("remove [%s]"), os->name);
	}
	tz_buf_release(&part);
}

static void judge_field(struct judge *j, const char *key, const struct tz_section *os,
			const struct tz_section *ns, const struct tz_strmap *moved)
{
	const struct tz_field *nf = tz_section_field(ns, key);
	int ok;

	if (same(get(os, key), get(ns, key)) || tz_strmap_get(moved, key, NULL))
		return;
	ok = allows(j, FIELD, key);
	if (ok != 1)
		refuse(j, nf ? nf->line : ns->line, ok < 0, _("change %s"), key);
}

size_t tz_policy_check_record(const struct tz_policy *p, const char *who, const struct tz_type *t,
			      const char *path, const struct tz_record *old, const struct tz_record *new,
			      const char *prefix, struct tz_diag_list *diags)
{
	const struct tz_record *r = old ? old : new;
	const struct tz_section *rmain = r && r->nsections ? &r->sections[0] : NULL;
	struct judge j = { p, NULL, t, NULL, path, prefix ? prefix : "", TZ_BUF_INIT, diags, 0 };
	struct tz_strmap moved = TZ_STRMAP_INIT;
	int line = rmain ? rmain->line : 1, ok;

	if (!r || !rmain || (new && !new->nsections) || (old && !old->nsections))
		return 0;	/* unreadable: validation reports it */
	j.m = tz_policy_member(p, who);
	tz_buf_putc(&j.who, '"');
	tz_text_quote(&j.who, who ? who : "");
	tz_buf_putc(&j.who, '"');
	j.owner = t->owner ? get(rmain, t->owner) : NULL;
	if (!j.m) {
		tz_diag_add(diags, path, line, TZ_ERROR, _("%spolicy: %s is not in %s, so may not change records"),
			    j.prefix, j.who.ptr, TZ_POLICY_PATH);
		j.refusals++;
	} else if (!old) {
		ok = allows(&j, CREATE, NULL);
		if (ok != 1)
			refuse(&j, line, ok < 0, _("create %s records"), t->name);
	} else if (!new) {
		ok = allows(&j, REMOVE, NULL);
		if (ok != 1)
			refuse(&j, line, ok < 0, _("delete %s records"), t->name);
	} else {
		const struct tz_section *os = &old->sections[0], *ns = &new->sections[0];
		judge_entries(&j, old, new, &moved);
		for (size_t i = 0; i < ns->nfields; i++)
			judge_field(&j, ns->fields[i].key, os, ns, &moved);
		for (size_t i = 0; i < os->nfields; i++)
			if (!tz_section_field(ns, os->fields[i].key))
				judge_field(&j, os->fields[i].key, os, ns, &moved);
	}
	tz_strmap_release(&moved);
	tz_buf_release(&j.who);
	return j.refusals;
}

size_t tz_policy_check_schema(const struct tz_policy *p, const char *who, const char *path,
			      const char *prefix, struct tz_diag_list *diags)
{
	const struct tz_policy_member *m = tz_policy_member(p, who);
	struct tz_buf q = TZ_BUF_INIT;

	for (size_t i = 0; m && i < m->nroles; i++)
		for (size_t k = 0; k < p->nadmin; k++)
			if (!strcmp(p->roles[m->roles[i]].name, p->admin[k]))
				return 0;
	struct tz_buf roles = TZ_BUF_INIT;

	for (size_t k = 0; k < p->nadmin; k++)
		tz_buf_printf(&roles, "%s%s", k ? ", " : "", p->admin[k]);
	tz_text_quote(&q, who ? who : "");
	if (p->nadmin)
		tz_diag_add(diags, path, 1, TZ_ERROR, NG_("%spolicy: \"%s\" may not change the schema (only role %s may)",
							 "%spolicy: \"%s\" may not change the schema (only roles %s may)",
							 p->nadmin), prefix ? prefix : "", q.ptr, roles.ptr);
	else
		tz_diag_add(diags, path, 1, TZ_ERROR, _("%spolicy: \"%s\" may not change the schema "
			    "(no role may: [policy] names no admin)"), prefix ? prefix : "", q.ptr);
	tz_buf_release(&q);
	tz_buf_release(&roles);
	return 1;
}
