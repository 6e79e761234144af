/* follow.c - checks that follow the action log. Transitions are checked
 * along the new log entries rather than between two versions, so that
 * 登记 → 交办 → 签收 written in one commit is valid, and a status change that
 * no entry explains is not. */
#include <stdlib.h>
#include <string.h>
#include "buf.h"
#include "eval.h"
#include "follow.h"
#include "i18n.h"
#include "text.h"

int tz_follow_needed(const struct tz_type *t)
{
	if (t->log && t->status)
		return 1;
	for (size_t i = 0; i < t->nfields; i++)
		if (t->fields[i].immutable)
			return 1;
	for (size_t p = 0; p < t->nparts; p++)
		for (size_t i = 0; i < t->parts[p].nfields; i++)
			if (t->parts[p].fields[i].ordered || t->parts[p].fields[i].not_before)
				return 1;
	return 0;
}

/* The part definition that section s belongs to, or NULL. */
static const struct tz_partdef *part_of(const struct tz_type *t, const struct tz_section *s)
{
	for (size_t p = 0; p < t->nparts; p++) {
		size_t n = strlen(t->parts[p].name);
		if (!strncmp(s->name, t->parts[p].name, n) && s->name[n] == '.')
			return &t->parts[p];
	}
	return NULL;
}

/* Fields immutable in t keep old's values. With `unless`, only those that
 * are not immutable there (the new schema has checked those). */
static void check_immutable(const struct tz_type *t, const struct tz_type *unless, const struct tz_record *r,
			    const struct tz_record *old, struct tz_diag_list *diags)
{
	const struct tz_section *m = &r->sections[0], *om = &old->sections[0];
	struct tz_buf a = TZ_BUF_INIT, b = TZ_BUF_INIT, fn = TZ_BUF_INIT;

	for (size_t i = 0; i < t->nfields; i++) {
		const struct tz_fdef *f = &t->fields[i], *uf;
		const char *ov, *nv;

		if (!f->immutable || !(ov = tz_section_get(om, f->name)))
			continue;
		if (unless && (uf = tz_type_field(unless, f->name)) && uf->immutable)
			continue;
		nv = tz_section_get(m, f->name);
		if (nv && !strcmp(ov, nv))
			continue;
		tz_buf_clear(&a);
		tz_text_quote(&a, ov);
		tz_buf_clear(&fn);
		tz_i18n_named(&fn, f->label, f->name);
		if (!nv) {
			tz_diag_add(diags, r->path, m->line, TZ_ERROR,
				    _("%s: \"%s\" is immutable and cannot be removed"), fn.ptr, a.ptr);
		} else {
			tz_buf_clear(&b);
			tz_text_quote(&b, nv);
			tz_diag_add(diags, r->path, tz_section_field(m, f->name)->line, TZ_ERROR,
				    _("%s: \"%s\" is immutable and cannot change to \"%s\""), fn.ptr, a.ptr, b.ptr);
		}
	}
	tz_buf_release(&fn);
	tz_buf_release(&a);
	tz_buf_release(&b);
}

/* `ordered` and `not_before` of entry s against the entry before it of the
 * same part (prev, or NULL). */
static void check_order(const struct tz_partdef *p, const struct tz_section *main, const struct tz_section *s,
			const struct tz_section *prev, const char *path, struct tz_diag_list *diags)
{
	for (size_t i = 0; i < p->nfields; i++) {
		const struct tz_fdef *f = &p->fields[i];
		const char *v = tz_section_get(s, f->name), *w;
		int line;

		if (!v)
			continue;
		line = tz_section_field(s, f->name)->line;
		if (f->ordered && prev && (w = tz_section_get(prev, f->name))) {
			int c = tz_value_compare(f, v, w);
			if (c != TZ_CMP_UNKNOWN && c < 0)
				tz_diag_add(diags, path, line, TZ_ERROR, f->type == TZ_DATE
					    ? _("%s.%s: %s is before %s of %s") : _("%s.%s: %s is less than %s of %s"),
					    s->name, f->name, v, w, prev->name);
		}
		if (f->not_before && (w = tz_section_get(main, f->not_before))) {
			int c = tz_value_compare(f, v, w);
			if (c != TZ_CMP_UNKNOWN && c < 0)
				tz_diag_add(diags, path, line, TZ_ERROR, _("%s.%s: %s is before %s %s"), s->name, f->name, v,
					    f->not_before, w);
		}
	}
}

/* Whether v is a value the status field (named by `field`) of t accepts. */
static int valid_value(const struct tz_type *t, const char *field, const char *v)
{
	const struct tz_fdef *f = tz_type_field(t, field);
	struct tz_buf msg = TZ_BUF_INIT;
	int ok = f && tz_fdef_check_value(f, v, &msg) == 0;

	tz_buf_release(&msg);
	return ok;
}

/* Append the values of an action's from list: "assigned, in_progress". */
static void list_from(struct tz_buf *b, const struct tz_action *a)
{
	if (a->creates)
		tz_buf_puts(b, _("a new record only"));
	for (size_t i = 0; i < a->nfrom; i++)
		tz_buf_printf(b, "%s%s", i ? ", " : "", a->from[i]);
}

/* Append the statuses `from` may move to by the transitions of the field,
 * each named as findings name enum values: 已办结(resolved). */
static void list_steps(struct tz_buf *b, const struct tz_type *t, const char *field, const char *from)
{
	const struct tz_transitions *tr = tz_type_transitions(t, field);
	const struct tz_fdef *f = tz_type_field(t, field);

	for (size_t k = 0; tr && k < tr->n; k++)
		if (!strcmp(tr->v[k].from, from))
			for (size_t z = 0; z < tr->v[k].nto; z++) {
				if (z)
					tz_buf_puts(b, ", ");
				tz_i18n_named(b, f ? tz_fdef_enum_label(f, tr->v[k].to[z]) : NULL, tr->v[k].to[z]);
			}
}

/* Append how findings name t's status field: 状态(status). */
static void name_status(struct tz_buf *b, const struct tz_type *t)
{
	const struct tz_fdef *f = tz_type_field(t, t->status);

	tz_i18n_named(b, f ? f->label : NULL, t->status);
}

/* What one new log entry s must satisfy as the action it names, taken while
 * the status is cur (NULL: the first entry of a new record). */
static void check_action(const struct tz_type *t, const struct tz_partdef *log, const struct tz_record *r,
			 const struct tz_section *s, const char *cur, int last, struct tz_diag_list *diags)
{
	const char *name = tz_section_get(s, "action"), *to = tz_section_get(s, "to_status");
	const struct tz_action *a;
	const struct tz_fdef *af;
	struct tz_buf b = TZ_BUF_INIT;

	if (!name || !t->nactions)
		return;
	a = tz_type_action(t, name);
	af = tz_part_field(log, "action");
	if (!a && af && af->type == TZ_ENUM && tz_fdef_enum_index(af, name) < 0)
		goto out;	/* the field check reports the value */
	if (!a) {
		tz_buf_clear(&b);
		tz_text_quote(&b, name);
		tz_diag_add(diags, r->path, s->line, TZ_ERROR, _("%s: action \"%s\" is not declared for %s"),
			    s->name, b.ptr, t->name);
		goto out;
	}
	if (cur && !tz_action_allowed_from(a, cur)) {
		list_from(&b, a);
		tz_diag_add(diags, r->path, s->line, TZ_ERROR, _("%s: action %s is not allowed from \"%s\" (only from %s)"),
			    s->name, a->name, cur, b.ptr);
	}
	if (a->to && (!to || strcmp(to, a->to)))
		tz_diag_add(diags, r->path, s->line, TZ_ERROR, _("%s: action %s needs to_status = %s"), s->name, a->name, a->to);
	else if (!a->to && to && cur && strcmp(to, cur))
		tz_diag_add(diags, r->path, s->line, TZ_ERROR, _("%s: action %s does not change the status, but to_status is \"%s\""),
			    s->name, a->name, to);
	tz_buf_clear(&b);
	/* the record shows the state after the log's last entry only: what an
	 * action requires of the record is checked there */
	for (size_t i = 0; i < a->nrequire; i++) {
		const char *f = a->require[i];
		int in_entry = tz_part_field(log, f) != NULL;
		if (!in_entry && !last)
			continue;
		if (!tz_section_get(in_entry ? s : &r->sections[0], f))
			tz_buf_printf(&b, "%s%s", b.len ? ", " : "", f);
	}
	if (b.len)
		tz_diag_add(diags, r->path, s->line, TZ_ERROR, _("%s: action %s requires %s"), s->name, a->name, b.ptr);
out:
	tz_buf_release(&b);
}

/* One step of the status, from cur to `to` at log entry s, by the
 * transitions of the committed schema's type: a schema change that drops or
 * widens them applies from the next commit. */
static void check_committed_step(const struct tz_type *t, const struct tz_type *committed, const char *path,
				 const struct tz_section *s, const char *cur, const char *to,
				 struct tz_diag_list *diags)
{
	struct tz_buf b = TZ_BUF_INIT, sn = TZ_BUF_INIT;

	if (!committed || !valid_value(committed, t->status, cur) || !valid_value(committed, t->status, to) ||
	    tz_type_step_allowed(committed, t->status, cur, to))
		return;
	list_steps(&b, committed, t->status, cur);
	name_status(&sn, t);
	if (b.len)
		tz_diag_add(diags, path, s->line, TZ_ERROR,
			    _("%s: %s \"%s\" cannot change to \"%s\" under the committed schema (allowed: %s)"),
			    s->name, sn.ptr, cur, to, b.ptr);
	else
		tz_diag_add(diags, path, s->line, TZ_ERROR,
			    _("%s: %s \"%s\" is final under the committed schema and cannot change to \"%s\""),
			    s->name, sn.ptr, cur, to);
	tz_buf_release(&sn);
	tz_buf_release(&b);
}

void tz_follow_check(const struct tz_type *t, const struct tz_type *committed, const struct tz_record *r,
		     const struct tz_record *old, struct tz_diag_list *diags)
{
	const struct tz_section *main = &r->sections[0];
	const struct tz_partdef *log = t->log && t->status ? tz_type_part(t, t->log) : NULL;
	const char *cur = NULL, *last_to = NULL, *last_entry = NULL, *sv;
	const struct tz_section *last_log = NULL;
	struct tz_buf b = TZ_BUF_INIT;
	int first = 1;

	if (!r->nsections)
		return;
	if (old && (!old->nsections || strcmp(old->sections[0].name, main->name)))
		old = NULL;
	if (old)
		check_immutable(t, NULL, r, old, diags);
	if (old && committed)
		check_immutable(committed, t, r, old, diags);
	if (old && log)
		cur = tz_section_get(&old->sections[0], t->status);
	for (size_t i = r->nsections; log && i-- > 1 && !last_log;)
		if (part_of(t, &r->sections[i]) == log)
			last_log = &r->sections[i];
	for (size_t i = 1; i < r->nsections; i++) {
		const struct tz_section *s = &r->sections[i], *prev = NULL;
		const struct tz_partdef *p = part_of(t, s);
		const char *to;

		if (!p || (old && tz_record_section(old, s->name)))
			continue;
		for (size_t k = i - 1; k >= 1 && !prev; k--)
			if (part_of(t, &r->sections[k]) == p)
				prev = &r->sections[k];
		check_order(p, main, s, prev, r->path, diags);
		if (p != log)
			continue;
		check_action(t, log, r, s, first && !old ? NULL : cur, s == last_log, diags);
		first = 0;
		to = tz_section_get(s, "to_status");
		if (!to)
			continue;
		if (!valid_value(t, t->status, to)) {
			cur = NULL;	/* the field check reports it */
			continue;
		}
		if (cur && valid_value(t, t->status, cur) && !tz_type_step_allowed(t, t->status, cur, to)) {
			struct tz_buf sn = TZ_BUF_INIT;
			tz_buf_clear(&b);
			list_steps(&b, t, t->status, cur);
			name_status(&sn, t);
			if (b.len)
				tz_diag_add(diags, r->path, s->line, TZ_ERROR, _("%s: %s \"%s\" cannot change to \"%s\" (allowed: %s)"),
					    s->name, sn.ptr, cur, to, b.ptr);
			else
				tz_diag_add(diags, r->path, s->line, TZ_ERROR, _("%s: %s \"%s\" is final and cannot change to \"%s\""),
					    s->name, sn.ptr, cur, to);
			tz_buf_release(&sn);
		} else if (cur) {
			check_committed_step(t, committed, r->path, s, cur, to, diags);
		}
		cur = last_to = to;
		last_entry = s->name;
	}
	if (!log || !(sv = tz_section_get(main, t->status)))
		goto out;
	if (!valid_value(t, t->status, sv))
		goto out;
	{
		struct tz_buf sn = TZ_BUF_INIT, ln = TZ_BUF_INIT;

		/* named as every finding names a field and a part: 状态(status) */
		name_status(&sn, t);
		tz_i18n_named(&ln, log->label, t->log);
		if (last_to && strcmp(last_to, sv))
			tz_diag_add(diags, r->path, tz_section_field(main, t->status)->line, TZ_ERROR,
				    _("%s: \"%s\" does not follow the log: its last new entry %s moves to \"%s\""),
				    sn.ptr, sv, last_entry, last_to);
		else if (!last_to && cur && valid_value(t, t->status, cur) && strcmp(cur, sv))
			tz_diag_add(diags, r->path, tz_section_field(main, t->status)->line, TZ_ERROR,
				    _("%s: changed from \"%s\" to \"%s\" without a new %s entry"),
				    sn.ptr, cur, sv, ln.ptr);
		tz_buf_release(&sn);
		tz_buf_release(&ln);
	}
out:
	tz_buf_release(&b);
}
