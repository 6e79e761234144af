/* act.c - assignments and actions as edits of a record's text. The action
 * model is the schema's (type.h); this file only turns it into lines. */
#include <stdlib.h>
#include <string.h>
#include "act.h"
#include "text.h"
#include "i18n.h"

int tz_assign_parse(struct tz_assign *out, const char *arg, struct tz_buf *why)
{
	const char *eq = strchr(arg, '=');
	size_t n;

	memset(out, 0, sizeof(*out));
	if (!eq || eq == arg || (eq == arg + 1 && arg[0] == '+')) {
		tz_buf_printf(why, _("\"%s\" is not FIELD=VALUE, FIELD= or FIELD+=VALUE"), arg);
		return -1;
	}
	n = (size_t)(eq - arg);
	if (arg[n - 1] == '+') {
		out->append = 1;
		n--;
	}
	while (n && (arg[n - 1] == ' ' || arg[n - 1] == '\t'))
		n--;
	out->name = tz_strndup(arg, n);
	eq++;
	while (*eq == ' ' || *eq == '\t')
		eq++;
	out->value = tz_strdup(eq);
	n = strlen(out->value);
	while (n && (out->value[n - 1] == ' ' || out->value[n - 1] == '\t'))
		out->value[--n] = '\0';
	return 0;
}

void tz_assign_release(struct tz_assign *a)
{
	free(a->name);
	free(a->value);
	memset(a, 0, sizeof(*a));
}

static const struct tz_fdef *by_name_or_label(const struct tz_fdef *v, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i].name, name))
			return &v[i];
	for (size_t i = 0; i < n; i++)
		if (v[i].label && !strcmp(v[i].label, name))
			return &v[i];
	return NULL;
}

int tz_assign_resolve(struct tz_assign *a, const struct tz_type *t, const struct tz_partdef *entry_part,
		      const struct tz_resolve_source *src, struct tz_buf *why)
{
	struct tz_buf v = TZ_BUF_INIT;
	int rc;

	a->f = NULL;
	a->in_entry = 0;
	if (entry_part && (a->f = by_name_or_label(entry_part->fields, entry_part->nfields, a->name)))
		a->in_entry = 1;
	else
		a->f = by_name_or_label(t->fields, t->nfields, a->name);
	if (!a->f) {
		const char **names = tz_calloc(t->nfields + 1, sizeof(*names));
		const char *sug;
		struct tz_buf q = TZ_BUF_INIT;
		for (size_t i = 0; i < t->nfields; i++)
			names[i] = t->fields[i].name;
		sug = tz_suggest(a->name, names, t->nfields);
		tz_text_quote(&q, a->name);
		if (sug)
			tz_buf_printf(why, _("%s has no field \"%s\" (did you mean \"%s\"?)"), t->name, q.ptr, sug);
		else
			tz_buf_printf(why, _("%s has no field \"%s\""), t->name, q.ptr);
		free(names);
		tz_buf_release(&q);
		return 2;
	}
	if (a->append && !(a->f->type == TZ_REF && a->f->multiple)) {
		tz_buf_printf(why, _("%s: += adds to a list, and %s is not a multiple ref"), a->f->name, a->f->name);
		return 1;
	}
	if (!*a->value)
		return 0;
	rc = tz_resolve_value(&v, a->f, a->value, src, why);
	if (rc == 0) {
		free(a->value);
		a->value = tz_buf_detach(&v);
	}
	tz_buf_release(&v);
	return rc;
}

/* The names of defs, for tz_edit_set's order. */
static const char **names_of(const struct tz_fdef *defs, size_t n)
{
	const char **v = tz_calloc(n + 1, sizeof(*v));

	for (size_t i = 0; i < n; i++)
		v[i] = defs[i].name;
	return v;
}

/* "a, b" + "c" -> "a, b, c"; an item already listed is not repeated. */
static char *add_item(const char *list, const char *item)
{
	struct tz_buf b = TZ_BUF_INIT;
	char *copy = tz_strdup(list ? list : ""), *p = copy;

	for (;;) {
		char *comma = strchr(p, ',');
		char *a = p, *z;
		if (comma)
			*comma = '\0';
		while (*a == ' ' || *a == '\t' || *a == '\n')
			a++;
		z = a + strlen(a);
		while (z > a && (z[-1] == ' ' || z[-1] == '\t' || z[-1] == '\n'))
			*--z = '\0';
		if (*a && !strcmp(a, item)) {
			free(copy);
			return tz_strdup(list);
		}
		if (!comma)
			break;
		p = comma + 1;
	}
	free(copy);
	if (list && *list)
		tz_buf_printf(&b, "%s, %s", list, item);
	else
		tz_buf_puts(&b, item);
	return tz_buf_detach(&b);
}

/* The current value of field f of the [TYPE] section being edited: the
 * last assignment of it so far, else r's. */
int tz_assign_apply(struct tz_edit *e, const struct tz_type *t, const struct tz_record *r,
		    const struct tz_assign *a, size_t n, struct tz_buf *why)
{
	const char **order = names_of(t->fields, t->nfields);
	int ret = 0;

	for (size_t i = 0; i < n && !ret; i++) {
		char *value;

		if (a[i].in_entry)
			continue;
		if (a[i].append) {
			const char *cur = NULL;
			/* an earlier += of this run is in e, not in r: re-read it */
			struct tz_buf text = TZ_BUF_INIT;
			struct tz_diag_list ignored = TZ_DIAG_LIST_INIT;
			struct tz_record *now;
			tz_edit_write(e, &text);
			now = tz_record_parse("", text.ptr ? text.ptr : "", text.len, &ignored);
			if (now && now->nsections)
				cur = tz_section_get(&now->sections[0], a[i].f->name);
			value = add_item(cur, a[i].value);
			tz_record_free(now);
			tz_diag_list_release(&ignored);
			tz_buf_release(&text);
		} else {
			value = tz_strdup(a[i].value);
		}
		if (tz_edit_set(e, t->name, a[i].f->name, value, order, t->nfields, why) < 0)
			ret = 1;
		free(value);
	}
	(void)r;
	free(order);
	return ret;
}

void tz_act_next_key(struct tz_buf *out, const struct tz_record *r, const char *part)
{
	size_t n = strlen(part);
	unsigned long max = 0;
	int width = 3;

	for (size_t i = 0; r && i < r->nsections; i++) {
		const char *name = r->sections[i].name, *k;
		unsigned long v = 0;
		int w;

		if (strncmp(name, part, n) || name[n] != '.')
			continue;
		k = name + n + 1;
		w = (int)strspn(k, "0123456789");
		if (!w || k[w] || w > 9)
			continue;
		for (int j = 0; j < w; j++)
			v = v * 10 + (unsigned long)(k[j] - '0');
		if (v > max)
			max = v;
		if (w > width)
			width = w;
	}
	tz_buf_printf(out, "%0*lu", width, max + 1);
}

/* The value of field name after the assignments: the entry's, else the
 * record's as now edited. */
static const char *current(const struct tz_act_opts *o, const struct tz_record *now, const char *name)
{
	for (size_t i = o->nassigns; i-- > 0;)
		if (!strcmp(o->assigns[i].f->name, name) && o->assigns[i].in_entry)
			return o->assigns[i].value;
	if (!strcmp(name, "date"))
		return o->date;
	if (!strcmp(name, "actor"))
		return o->actor;
	if (!strcmp(name, "note"))
		return o->note;
	return now && now->nsections ? tz_section_get(&now->sections[0], name) : NULL;
}

/* Expand an action's set template: "{date}", "{deadline}", literal text. */
static void expand(struct tz_buf *out, const char *tmpl, const struct tz_act_opts *o, const struct tz_record *now)
{
	const char *p = tmpl;

	while (*p) {
		const char *open = strchr(p, '{'), *close;
		char *name;
		const char *v;

		if (!open || !(close = strchr(open, '}'))) {
			tz_buf_puts(out, p);
			return;
		}
		tz_buf_put(out, p, (size_t)(open - p));
		name = tz_strndup(open + 1, (size_t)(close - open - 1));
		v = current(o, now, name);
		if (v)
			tz_buf_puts(out, v);
		free(name);
		p = close + 1;
	}
}

int tz_act_apply(struct tz_edit *e, const struct tz_type *t, const struct tz_record *r,
		 const struct tz_act_opts *o, struct tz_buf *why)
{
	const struct tz_action *a = o->action;
	const struct tz_partdef *log = tz_type_part(t, t->log);
	const char *status = r && r->nsections ? tz_section_get(&r->sections[0], t->status) : NULL;
	const char **order = names_of(t->fields, t->nfields);
	const char **keys = NULL, **vals = NULL;
	struct tz_diag_list ignored = TZ_DIAG_LIST_INIT;
	struct tz_buf key = TZ_BUF_INIT, text = TZ_BUF_INIT;
	struct tz_record *now = NULL;
	char **owned = NULL;
	size_t n = 0;
	int ret = 1;

	if (!log) {
		tz_buf_printf(why, _("type %s has no log to append to"), t->name);
		goto out;
	}
	if (!tz_action_allowed_from(a, status)) {
		const struct tz_fdef *sf = tz_type_field(t, t->status);
		if (!status)
			tz_buf_printf(why, a->creates ? _("%s (%s) is not allowed on a new record: it starts a record (tz new)")
				      : _("%s (%s) is not allowed on a new record"), a->label, a->name);
		else
			tz_buf_printf(why, a->creates ? _("%s (%s) is not allowed from \"%s\": it starts a record (tz new)")
				      : _("%s (%s) is not allowed from \"%s\""), a->label, a->name,
				      tz_fdef_enum_label(sf, status));
		goto out;
	}
	if (tz_assign_apply(e, t, r, o->assigns, o->nassigns, why))
		goto out;
	if (a->to && tz_edit_set(e, t->name, t->status, a->to, order, t->nfields, why) < 0)
		goto out;
	/* set fields from the record as assigned so far */
	tz_edit_write(e, &text);
	now = tz_record_parse("", text.ptr ? text.ptr : "", text.len, &ignored);
	for (size_t i = 0; i < a->nset; i++) {
		struct tz_buf v = TZ_BUF_INIT;
		int rc = 0;
		expand(&v, a->set[i].tmpl, o, now);
		if (v.len)
			rc = tz_edit_set(e, t->name, a->set[i].field, v.ptr, order, t->nfields, why);
		tz_buf_release(&v);
		if (rc < 0)
			goto out;
	}
	/* the entry, in the part's field order */
	keys = tz_calloc(log->nfields + 1, sizeof(*keys));
	vals = tz_calloc(log->nfields + 1, sizeof(*vals));
	owned = tz_calloc(log->nfields + 1, sizeof(*owned));
	for (size_t i = 0; i < log->nfields; i++) {
		const char *name = log->fields[i].name, *v = NULL;
		if (!strcmp(name, "date"))
			v = o->date;
		else if (!strcmp(name, "actor"))
			v = o->actor;
		else if (!strcmp(name, "action"))
			v = a->name;
		else if (!strcmp(name, "to_status"))
			v = a->to;
		else if (!strcmp(name, "note"))
			v = o->note;
		for (size_t k = 0; k < o->nassigns; k++)
			if (o->assigns[k].in_entry && o->assigns[k].f == &log->fields[i])
				v = o->assigns[k].value;
		keys[n] = name;
		vals[n++] = v;
	}
	tz_act_next_key(&key, r, log->name);
	{
		struct tz_buf name = TZ_BUF_INIT, after = TZ_BUF_INIT;
		int rc;
		tz_buf_printf(&name, "%s.%s", log->name, key.ptr);
		tz_buf_printf(&after, "%s.", log->name);
		rc = tz_edit_add_section(e, name.ptr, after.ptr, keys, vals, n, why);
		tz_buf_release(&name);
		tz_buf_release(&after);
		if (rc < 0)
			goto out;
	}
	ret = 0;
out:
	for (size_t i = 0; owned && i < log->nfields; i++)
		free(owned[i]);
	free(owned);
	free(keys);
	free(vals);
	free(order);
	tz_record_free(now);
	tz_diag_list_release(&ignored);
	tz_buf_release(&key);
	tz_buf_release(&text);
	return ret;
}
