/* report.c - the briefing's model: settings, periods, and every figure of
 * the six sections, computed once from a snapshot of the records. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "buf.h"
#include "date.h"
#include "error.h"
#include "record.h"
#include "report.h"
#include "i18n.h"
#include "load.h"
#include "strmap.h"
#include "text.h"

/* --- settings --- */

static char **split_words(const char *v, size_t *n)
{
	char **out = NULL;
	size_t alloc = 0;
	char *copy = tz_strdup(v ? v : ""), *save = NULL;

	*n = 0;
	for (char *w = strtok_r(copy, ", \t\n", &save); w; w = strtok_r(NULL, ", \t\n", &save)) {
		TZ_ALLOC_GROW(out, *n + 1, alloc);
		out[(*n)++] = tz_strdup(w);
	}
	free(copy);
	return out;
}

static int number(const char *v, double *out)
{
	char *end;

	if (!v || !tz_is_number(v))
		return -1;
	*out = strtod(v, &end);
	return 0;
}

static struct tz_record *read_settings(struct tz_source *src, const char *path, struct tz_diag_list *diags, int *err)
{
	struct tz_buf data = TZ_BUF_INIT;
	struct tz_record *r = NULL;
	int rc;

	*err = 0;
	rc = tz_settings_read(src, path, &data, diags);
	if (rc < 0)
		*err = -1;
	else if (rc == 0)
		r = tz_record_parse(path, data.ptr ? data.ptr : "", data.len, diags);
	tz_buf_release(&data);
	return r;
}

static void unknown_key(struct tz_diag_list *diags, const char *path, const struct tz_section *s,
			const struct tz_field *f, const char *keys)
{
	tz_diag_add(diags, path, f->line, TZ_ERROR, _("%s: unknown key \"%s\" (keys: %s)"), s->name, f->key, keys);
}

/* The issue log's action field of schema, or NULL (no schema, no such enum). */
static const struct tz_fdef *log_actions(const struct tz_schema *schema)
{
	const struct tz_type *t = schema ? tz_schema_type(schema, "issue") : NULL;
	const struct tz_partdef *pd = t ? tz_type_part(t, "log") : NULL;
	const struct tz_fdef *f = pd ? tz_part_field(pd, "action") : NULL;

	return f && f->type == TZ_ENUM ? f : NULL;
}

/* A finding when action is not a value of the log's action enum. */
static void check_action(struct tz_diag_list *diags, const char *path, int line, const char *key,
			 const char *action, const struct tz_fdef *actions)
{
	const char *sug;

	if (!actions || tz_fdef_enum_index(actions, action) >= 0)
		return;
	sug = tz_suggest(action, (const char *const *)actions->values, actions->nvalues);
	if (sug)
		tz_diag_add(diags, path, line, TZ_ERROR,
			    _("%s: \"%s\" is not an action of the issue log (did you mean \"%s\"?)"), key, action, sug);
	else
		tz_diag_add(diags, path, line, TZ_ERROR, _("%s: \"%s\" is not an action of the issue log"), key, action);
}

/* Weights and deductions are points of a score out of 100. */
#define MAX_POINTS 100

int tz_report_settings_load(struct tz_report_settings *out, struct tz_source *src,
			    const struct tz_schema *schema, struct tz_diag_list *diags)
{
	const struct tz_fdef *actions = log_actions(schema);
	struct tz_record *r;
	int err;

	memset(out, 0, sizeof(*out));
	out->title = tz_strdup("简报");
	out->issuer = tz_strdup("");
	snprintf(out->start, sizeof(out->start), "2026-01-01");
	out->escalations = split_words("urge, interview, notify, hold_accountable", &out->nescalations);
	/* without assessment.ini: the bundled file's rule */
	out->w_resolution = 60;
	out->w_on_time = 40;
	out->per_overdue = 2;
	{
		static const struct { const char *action; double points; } d[] = {
			{ "urge", 1 }, { "interview", 2 }, { "notify", 3 }, { "hold_accountable", 5 },
		};
		out->ndeductions = sizeof(d) / sizeof(*d);
		out->deductions = tz_calloc(out->ndeductions, sizeof(*out->deductions));
		for (size_t i = 0; i < out->ndeductions; i++) {
			out->deductions[i].action = tz_strdup(d[i].action);
			out->deductions[i].points = d[i].points;
		}
	}

	r = read_settings(src, TZ_REPORT_PATH, diags, &err);
	if (err)
		return -1;
	for (size_t i = 0; r && i < r->nsections; i++) {
		const struct tz_section *s = &r->sections[i];
		if (strcmp(s->name, "report")) {
			tz_diag_add(diags, TZ_REPORT_PATH, s->line, TZ_ERROR, _("unknown section [%s] (sections: [report])"), s->name);
			continue;
		}
		for (size_t k = 0; k < s->nfields; k++) {
			const struct tz_field *f = &s->fields[k];
			if (!strcmp(f->key, "title")) {
				free(out->title);
				out->title = tz_strdup(f->value);
			} else if (!strcmp(f->key, "issuer")) {
				free(out->issuer);
				out->issuer = tz_strdup(f->value);
			} else if (!strcmp(f->key, "start")) {
				if (tz_date_parse(f->value, NULL) < 0)
					tz_diag_add(diags, TZ_REPORT_PATH, f->line, TZ_ERROR, _("start: \"%s\" is not a date (YYYY-MM-DD)"), f->value);
				else
					snprintf(out->start, sizeof(out->start), "%s", f->value);
			} else if (!strcmp(f->key, "escalations")) {
				for (size_t j = 0; j < out->nescalations; j++)
					free(out->escalations[j]);
				free(out->escalations);
				out->escalations = split_words(f->value, &out->nescalations);
				for (size_t j = 0; j < out->nescalations; j++)
					check_action(diags, TZ_REPORT_PATH, f->line, f->key, out->escalations[j], actions);
			} else {
				unknown_key(diags, TZ_REPORT_PATH, s, f, "title, issuer, start, escalations");
			}
		}
	}
	tz_record_free(r);

	r = read_settings(src, TZ_ASSESSMENT_PATH, diags, &err);
	if (err)
		return -1;
	if (r) {
		size_t alloc = 0;
		out->per_overdue = 0;
		for (size_t i = 0; i < out->ndeductions; i++)
			free(out->deductions[i].action);
		free(out->deductions);
		out->deductions = NULL;
		out->ndeductions = 0;
		for (size_t i = 0; i < r->nsections; i++) {
			const struct tz_section *s = &r->sections[i];
			int weights = !strcmp(s->name, "weights");
			if (!weights && strcmp(s->name, "deductions")) {
				tz_diag_add(diags, TZ_ASSESSMENT_PATH, s->line, TZ_ERROR,
					    _("unknown section [%s] (sections: [weights], [deductions])"), s->name);
				continue;
			}
			for (size_t k = 0; k < s->nfields; k++) {
				const struct tz_field *f = &s->fields[k];
				double x;
				if (number(f->value, &x) < 0) {
					tz_diag_add(diags, TZ_ASSESSMENT_PATH, f->line, TZ_ERROR, _("%s: \"%s\" is not a number"), f->key, f->value);
					continue;
				}
				if (x < 0 || x > MAX_POINTS) {
					tz_diag_add(diags, TZ_ASSESSMENT_PATH, f->line, TZ_ERROR,
						    _("%s: %s is out of range (0 to %d points)"), f->key, f->value, MAX_POINTS);
					continue;
				}
				if (weights && !strcmp(f->key, "resolution"))
					out->w_resolution = x;
				else if (weights && !strcmp(f->key, "on_time"))
					out->w_on_time = x;
				else if (weights)
					unknown_key(diags, TZ_ASSESSMENT_PATH, s, f, "resolution, on_time");
				else if (!strcmp(f->key, "overdue"))
					out->per_overdue = x;
				else {
					check_action(diags, TZ_ASSESSMENT_PATH, f->line, s->name, f->key, actions);
					TZ_ALLOC_GROW(out->deductions, out->ndeductions + 1, alloc);
					out->deductions[out->ndeductions].action = tz_strdup(f->key);
					out->deductions[out->ndeductions++].points = x;
				}
			}
		}
		tz_record_free(r);
	}
	return 0;
}

void tz_report_settings_release(struct tz_report_settings *s)
{
	free(s->title);
	free(s->issuer);
	for (size_t i = 0; i < s->nescalations; i++)
		free(s->escalations[i]);
	free(s->escalations);
	for (size_t i = 0; i < s->ndeductions; i++)
		free(s->deductions[i].action);
	free(s->deductions);
	memset(s, 0, sizeof(*s));
}

/* --- periods --- */

/* Half-month index of a date: 2 per month since year 0. */
static long half_index(const char *date)
{
	long y = strtol(date, NULL, 10);
	int m = atoi(date + 5), d = atoi(date + 8);
	return (y * 12 + m - 1) * 2 + (d > 15);
}

int tz_report_number(const struct tz_report_settings *s, const char *date)
{
	long n = half_index(date) - half_index(s->start) + 1;
	return n < 1 ? -1 : (int)n;
}

int tz_report_period(const struct tz_report_settings *s, int n, char *from, char *to)
{
	long h, y, m;
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int last;

	if (n < 1 || n > 100000)
		return -1;
	h = half_index(s->start) + n - 1;
	y = h / 24;
	m = (h / 2) % 12 + 1;
	last = mdays[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
	if (y > 9999)
		return -1;
	{
		char a[64], b[64];
		snprintf(a, sizeof(a), "%04ld-%02ld-%02d", y, m, h % 2 ? 16 : 1);
		snprintf(b, sizeof(b), "%04ld-%02ld-%02d", y, m, h % 2 ? last : 15);
		memcpy(from, a, 10);
		memcpy(to, b, 10);
		from[10] = to[10] = '\0';
	}
	return 0;
}

/* --- which records --- */

static const char *owner_of(const struct tz_type *t)
{
	return t && t->owner ? t->owner : "unit";
}

void tz_report_want(struct tz_snapshot *snap, const struct tz_schema *schema,
		    const struct tz_report_settings *s)
{
	static const char *const issue[] = {
		"title", "subject_type", "project", "enterprise", "category", "source", "unit",
		"status", "reported_on", "deadline", "resolved_on", "verified_on",
	};
	static const char *const log[] = { "date", "action" };
	static const char *const month[] = { "completed_investment", "planned_investment" };
	static const char *const unit[] = { "name", "short_name" };
	static const char *const program[] = { "name" };
	const struct tz_type *t;

	if ((t = tz_schema_type(schema, "issue"))) {
		/* the actions that count: escalations and deductions */
		const char **actions = tz_calloc(s->nescalations + s->ndeductions + 1, sizeof(*actions));
		size_t n = 0;
		for (size_t i = 0; i < s->nescalations; i++)
			actions[n++] = s->escalations[i];
		for (size_t i = 0; i < s->ndeductions; i++)
			actions[n++] = s->deductions[i].action;
		tz_snapshot_stream(tz_snapshot_want(snap, t, issue, 12, "log", log, 2), "action", actions, n);
		free(actions);
	}
	if ((t = tz_schema_type(schema, "project"))) {
		const char *f[] = { "name", owner_of(t), "program", "annual_plan_investment" };
		tz_snapshot_want(snap, t, f, 4, "month", month, 2);
	}
	if ((t = tz_schema_type(schema, "enterprise"))) {
		const char *f[] = { "name", owner_of(t), "program" };
		tz_snapshot_want(snap, t, f, 3, NULL, NULL, 0);
	}
	if ((t = tz_schema_type(schema, "unit")))
		tz_snapshot_want(snap, t, unit, 2, NULL, NULL, 0);
	if ((t = tz_schema_type(schema, "program")))
		tz_snapshot_want(snap, t, program, 1, NULL, NULL, 0);
}

/* --- computing --- */

enum { I_TITLE, I_SUBJECT, I_PROJECT, I_ENTERPRISE, I_CATEGORY, I_SOURCE, I_UNIT, I_STATUS,
       I_REPORTED, I_DEADLINE, I_RESOLVED, I_VERIFIED };

static int is(const char *v, const char *want)
{
	return v && !strcmp(v, want);
}

static int in_period(const char *d, const struct tz_report_input *in)
{
	return d && strcmp(d, in->from) >= 0 && strcmp(d, in->to) <= 0;
}

static long day(const char *d)
{
	long x = 0;
	tz_date_parse(d, &x);
	return x;
}

static double rate(long num, long den)
{
	return den > 0 ? (double)num / (double)den : TZ_RATE_NONE;
}

static const char *unit_name(const struct tz_snap_type *units, const char *id)
{
	const struct tz_snap_rec *u = tz_snap_find(units, id);
	int k = units ? tz_snap_field(units, "name") : -1;
	return u && k >= 0 && u->v[k] ? u->v[k] : id;
}

/* groups by key, in the order keys are first given */
struct groups {
	struct tz_report_group *v;
	size_t n, alloc;
	struct tz_strmap keys;
};

/* The group of key, or NULL. */
static struct tz_report_group *group_find(struct groups *g, const char *key)
{
	size_t at;
	return tz_strmap_get(&g->keys, key, &at) ? &g->v[at] : NULL;
}

/* A new group: key and label must outlive the report. */
static struct tz_report_group *group_add(struct groups *g, const char *key, const char *label)
{
	TZ_ALLOC_GROW(g->v, g->n + 1, g->alloc);
	memset(&g->v[g->n], 0, sizeof(g->v[g->n]));
	g->v[g->n].key = key;
	g->v[g->n].label = label;
	tz_strmap_put(&g->keys, key, g->n, NULL);
	return &g->v[g->n++];
}

static void enum_groups(struct groups *g, const struct tz_type *t, const char *field)
{
	const struct tz_fdef *f = t ? tz_type_field(t, field) : NULL;
	for (size_t i = 0; f && f->type == TZ_ENUM && i < f->nvalues; i++)
		if (!group_find(g, f->values[i]))
			group_add(g, f->values[i], f->labels ? f->labels[i] : f->values[i]);
}

/* The group of an issue's enum field value v (NULL: not given). */
static struct tz_report_group *enum_group(struct groups *g, struct tz_snapshot *snap,
					  const struct tz_type *t, const char *field, const char *v)
{
	struct tz_report_group *gr = group_find(g, v ? v : "");
	const struct tz_fdef *f;

	if (gr)
		return gr;
	if (!v)
		return group_add(g, "", "（未填）");
	f = tz_type_field(t, field);
	v = tz_snapshot_keep(snap, v);
	return group_add(g, v, f ? tz_fdef_enum_label(f, v) : v);
}

static void count_group(struct tz_report_group *gr, int done, int open, int overdue)
{
	gr->issues++;
	gr->done += done;
	gr->open += open;
	gr->overdue += overdue;
}

static void finish_groups(struct groups *g)
{
	for (size_t i = 0; i < g->n; i++) {
		/* 办结率 per group, the same definition as the totals' */
		long den = g->v[i].issues;
		g->v[i].resolution = rate(g->v[i].done, den);
	}
	tz_strmap_release(&g->keys);
}

static void add_change(struct tz_report *r, size_t *alloc, const char *date, const char *what,
		       const char *id, const char *title, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));
static void add_change(struct tz_report *r, size_t *alloc, const char *date, const char *what,
		       const char *id, const char *title, const char *fmt, ...)
{
	struct tz_report_change *c;
	struct tz_buf b = TZ_BUF_INIT;
	va_list ap;

	TZ_ALLOC_GROW(r->change_list, r->nchanges + 1, *alloc);
	c = &r->change_list[r->nchanges++];
	snprintf(c->date, sizeof(c->date), "%s", date ? date : "");
	c->what = what;
	c->id = id;
	c->title = title;
	va_start(ap, fmt);
	tz_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	c->detail = tz_buf_detach(&b);
}

static int cmp_item(const void *a, const void *b)
{
	const struct tz_report_item *x = a, *y = b;
	if (x->overdue != y->overdue)
		return y->overdue - x->overdue;
	if (x->overdue && x->workdays != y->workdays)
		return x->workdays > y->workdays ? -1 : 1;
	if (!x->overdue && x->workdays != y->workdays)
		return x->workdays < y->workdays ? -1 : 1;
	return strcmp(x->id, y->id);
}

static int cmp_unit(const void *a, const void *b)
{
	const struct tz_report_unit *x = a, *y = b;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	if (x->resolution != y->resolution)
		return x->resolution > y->resolution ? -1 : 1;
	return strcmp(x->id, y->id);
}

static int cmp_change(const void *a, const void *b)
{
	const struct tz_report_change *x = a, *y = b;
	int c = strcmp(x->date, y->date);
	return c ? c : strcmp(x->id, y->id);
}

static int is_escalation(const struct tz_report_settings *s, const char *action)
{
	for (size_t i = 0; action && i < s->nescalations; i++)
		if (!strcmp(s->escalations[i], action))
			return 1;
	return 0;
}

/* A deadline move read from history: record, old and new deadline, the
 * commit's date; the record's title and unit once the stream meets it. */
struct move {
	const char *record, *old, *new, *title, *unit;
	char date[11];
	int found;
};

struct moves {
	struct move *v;
	size_t n, alloc;
	struct tz_strmap records;	/* record -> its first move */
};

/* Deadline moves (history rows of field deadline, old and new present) in
 * commits dated within the period and not after history_seq, in history
 * order. */
static int deadline_moves(struct moves *m, struct tz_snapshot *snap, const struct tz_report_input *in)
{
	static const char sql[] =
		"SELECT h.record, h.old, h.new, date(c.author_time + 60 * c.author_tz, 'unixepoch') AS d"
		" FROM history_change h JOIN history_commit c ON c.seq = h.seq"
		" WHERE h.seq BETWEEN ?1 AND ?2 AND h.type = 'issue' AND h.field = 'deadline'"
		" AND h.old IS NOT NULL AND h.new IS NOT NULL AND d BETWEEN ?3 AND ?4"
		" ORDER BY h.seq, h.ord";
	static const char range[] =
		"SELECT min(seq), max(seq) FROM history_commit"
		" WHERE date(author_time + 60 * author_tz, 'unixepoch') BETWEEN ?1 AND ?2 AND (?3 < 0 OR seq <= ?3)";
	sqlite3_stmt *st = NULL;
	long long lo = 0, hi = -1;
	int rc;

	if (sqlite3_prepare_v2(in->history, range, -1, &st, NULL) != SQLITE_OK)
		goto fail;
	sqlite3_bind_text(st, 1, in->from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, in->to, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, in->history_seq);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
		lo = sqlite3_column_int64(st, 0);
		hi = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	st = NULL;
	if (hi < lo)
		return 0;
	if (sqlite3_prepare_v2(in->history, sql, -1, &st, NULL) != SQLITE_OK)
		goto fail;
	sqlite3_bind_int64(st, 1, lo);
	sqlite3_bind_int64(st, 2, hi);
	sqlite3_bind_text(st, 3, in->from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, in->to, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct move *mv;
		TZ_ALLOC_GROW(m->v, m->n + 1, m->alloc);
		mv = &m->v[m->n];
		memset(mv, 0, sizeof(*mv));
		mv->record = tz_snapshot_keep(snap, (const char *)sqlite3_column_text(st, 0));
		mv->old = tz_snapshot_keep(snap, (const char *)sqlite3_column_text(st, 1));
		mv->new = tz_snapshot_keep(snap, (const char *)sqlite3_column_text(st, 2));
		snprintf(mv->date, sizeof(mv->date), "%s", (const char *)sqlite3_column_text(st, 3));
		if (mv->record)
			tz_strmap_put(&m->records, mv->record, m->n, NULL);
		m->n++;
	}
	if (rc != SQLITE_DONE)
		goto fail;
	sqlite3_finalize(st);
	return 0;
fail:
	tz_error_set(_("cannot read the history index: %s"), sqlite3_errmsg(in->history));
	sqlite3_finalize(st);
	return -1;
}

/* The stream met record rec: note its title and unit for its moves. */
static void moves_meet(struct moves *m, struct tz_snapshot *snap, const struct tz_snap_rec *rec)
{
	size_t at;

	if (!m->n || !tz_strmap_get(&m->records, rec->id, &at))
		return;
	for (; at < m->n; at++) {
		struct move *mv = &m->v[at];
		if (!mv->record || strcmp(mv->record, rec->id) || mv->found)
			continue;
		mv->found = 1;
		mv->title = tz_snapshot_keep(snap, rec->v[I_TITLE]);
		mv->unit = tz_snapshot_keep(snap, rec->v[I_UNIT]);
	}
}

static void moves_add(struct tz_report *r, size_t *calloc_, struct moves *m, const struct tz_report_input *in)
{
	for (size_t i = 0; i < m->n; i++) {
		const struct move *mv = &m->v[i];
		if (!mv->found || (in->unit && !is(mv->unit, in->unit)))
			continue;
		r->changes.deadline_moved++;
		add_change(r, calloc_, mv->date, "办结时限调整", mv->record, mv->title, "%s → %s",
			   mv->old ? mv->old : "", mv->new ? mv->new : "");
	}
	free(m->v);
	tz_strmap_release(&m->records);
}

/* A project or an enterprise as the problems name it, found by one hash
 * look-up: its programme, and its row in r->subjects (-1: another unit's,
 * left out by --unit). */
struct subject_ref {
	const char *program;
	long row;
};

struct subject_refs {
	struct subject_ref *v;
	size_t n, alloc;
	struct tz_strmap ids[2];	/* projects, enterprises: ID -> index in v */
};

/* Kind 0 (projects) or 1 (enterprises) of ID id, or NULL. */
static const struct subject_ref *subject_ref(const struct subject_refs *refs, int kind, const char *id)
{
	size_t at;

	return id && tz_strmap_get(&refs->ids[kind], id, &at) ? &refs->v[at] : NULL;
}

static void subject_refs_release(struct subject_refs *refs)
{
	free(refs->v);
	tz_strmap_release(&refs->ids[0]);
	tz_strmap_release(&refs->ids[1]);
}

/* The subjects (projects, then enterprises, each run sorted by ID) and
 * their investment; every project and enterprise into refs. */
static void subjects(struct tz_report *r, const struct tz_report_input *in, const struct tz_snap_type *projects,
		     const struct tz_snap_type *ents, const struct tz_snap_type *units, struct subject_refs *refs)
{
	size_t salloc = 0;

	for (int pass = 0; pass < 2; pass++) {
		const struct tz_snap_type *st = pass ? ents : projects;
		int k = st ? tz_snap_field(st, owner_of(st->type)) : -1;
		for (size_t i = 0; st && i < st->n; i++) {
			const struct tz_snap_rec *rec = &st->recs[i];
			struct tz_report_subject *sj;
			struct subject_ref *ref;
			TZ_ALLOC_GROW(refs->v, refs->n + 1, refs->alloc);
			ref = &refs->v[refs->n];
			ref->program = rec->v[2];
			ref->row = -1;
			/* the first of a duplicated ID, as the ledger's check names it */
			tz_strmap_put(&refs->ids[pass], rec->id, refs->n++, NULL);
			if (in->unit && !is(rec->v[k], in->unit))
				continue;
			ref->row = (long)r->nsubjects;
			TZ_ALLOC_GROW(r->subjects, r->nsubjects + 1, salloc);
			sj = &r->subjects[r->nsubjects++];
			memset(sj, 0, sizeof(*sj));
			sj->kind = pass ? "enterprise" : "project";
			sj->id = rec->id;
			sj->name = rec->v[0] ? rec->v[0] : rec->id;
			sj->unit_name = rec->v[k] ? unit_name(units, rec->v[k]) : "";
			sj->plan = -1;
			if (!pass) {
				if (rec->v[3] && tz_is_number(rec->v[3]))
					sj->plan = strtod(rec->v[3], NULL);
				for (size_t e = 0; e < rec->ne; e++) {
					const char *key = rec->e[e].key, *done = rec->e[e].v[0];
					/* months of the as-of year up to its month */
					if (strlen(key) == 7 && !strncmp(key, in->as_of, 4) && strncmp(key, in->as_of, 7) <= 0 &&
					    done && tz_is_number(done))
						sj->done += strtod(done, NULL);
				}
			}
		}
	}
}

int tz_report_compute(struct tz_report **out, const struct tz_report_input *in)
{
	const struct tz_schema *schema = in->schema;
	const struct tz_type *itype = tz_schema_type(schema, "issue");
	const struct tz_snap_type *issues = tz_snapshot_type(in->snap, "issue");
	const struct tz_snap_type *projects = tz_snapshot_type(in->snap, "project");
	const struct tz_snap_type *ents = tz_snapshot_type(in->snap, "enterprise");
	const struct tz_snap_type *units = tz_snapshot_type(in->snap, "unit");
	const struct tz_snap_type *programs = tz_snapshot_type(in->snap, "program");
	const struct tz_report_settings *set = in->settings;
	const struct tz_partdef *logdef = tz_type_part(itype, "log");
	const struct tz_fdef *action_field = logdef ? tz_part_field(logdef, "action") : NULL;
	struct tz_snapshot *snap = in->snap;
	struct tz_snap_cursor *cur = NULL;
	const struct tz_snap_rec *rec;
	struct tz_report *r;
	struct groups gcat = { 0 }, gprog = { 0 }, gsrc = { 0 };
	struct tz_strmap unit_at = TZ_STRMAP_INIT;
	struct moves moves = { 0 };
	size_t ualloc = 0, ialloc = 0, calloc_ = 0;
	long as_of = day(in->as_of), soon_until;
	long resolved_n = 0, on_time_n = 0, wd_sum = 0, wd_n = 0;
	struct subject_refs refs = { 0 };
	int rc;

	*out = NULL;
	if (!itype || !issues)
		return tz_error_set(_("the schema has no issue type"));
	if (in->unit && !tz_snap_find(units, in->unit))
		return tz_error_set(_("no unit \"%s\""), in->unit);
	r = tz_calloc(1, sizeof(*r));
	snprintf(r->as_of, sizeof(r->as_of), "%s", in->as_of);
	snprintf(r->from, sizeof(r->from), "%s", in->from);
	snprintf(r->to, sizeof(r->to), "%s", in->to);
	r->number = in->number;
	r->title = set->title;
	r->issuer = set->issuer;
	r->commit = in->commit;
	r->due_soon_days = tz_calendar_due_soon(in->calendar);
	r->status_field = tz_type_field(itype, "status");
	soon_until = tz_calendar_add(in->calendar, as_of, r->due_soon_days);

	/* units: the owners of key projects and enterprises */
	for (int pass = 0; pass < 2; pass++) {
		const struct tz_snap_type *st = pass ? ents : projects;
		int k = st ? tz_snap_field(st, owner_of(st->type)) : -1;
		for (size_t i = 0; st && k >= 0 && i < st->n; i++) {
			const char *u = st->recs[i].v[k];
			if (!u || (in->unit && strcmp(u, in->unit)))
				continue;
			if (pass)
				r->totals.enterprises++;
			else
				r->totals.projects++;
			if (tz_strmap_put(&unit_at, u, r->nunits, NULL)) {
				TZ_ALLOC_GROW(r->units, r->nunits + 1, ualloc);
				memset(&r->units[r->nunits], 0, sizeof(*r->units));
				r->units[r->nunits].id = u;
				r->units[r->nunits++].name = unit_name(units, u);
			}
		}
	}
	r->totals.units = (long)r->nunits;

	enum_groups(&gcat, itype, "category");
	enum_groups(&gsrc, itype, "source");
	for (size_t i = 0; programs && i < programs->n; i++)
		if (!group_find(&gprog, programs->recs[i].id))
			group_add(&gprog, programs->recs[i].id,
				  programs->recs[i].v[0] ? programs->recs[i].v[0] : programs->recs[i].id);
	subjects(r, in, projects, ents, units, &refs);
	if (in->history && deadline_moves(&moves, snap, in) < 0)
		goto fail;

	if (tz_snap_cursor_open(&cur, snap, "issue") < 0)
		goto fail;
	while ((rc = tz_snap_cursor_next(cur, &rec)) > 0) {
		const char *const *v = rec->v;
		const char *status = v[I_STATUS];
		struct tz_report_unit *u = NULL;
		const struct subject_ref *ref = NULL, *sref;
		int resolved = is(status, "resolved"), closed = is(status, "closed");
		int rejected = is(status, "rejected"), withdrawn = is(status, "withdrawn");
		int active = is(status, "assigned") || is(status, "in_progress");
		int done = resolved || closed;
		int open = !done && !rejected && !withdrawn;
		int project = is(v[I_SUBJECT], "project");
		int overdue = 0, soon = 0, ontime = 0;
		const char *prog = NULL, *id = NULL, *title = NULL, *uname = NULL;
		int have_uname = 0;
		size_t at;

		moves_meet(&moves, snap, rec);
		if (in->unit && !is(v[I_UNIT], in->unit))
			continue;
		if (v[I_UNIT] && tz_strmap_get(&unit_at, v[I_UNIT], &at))
			u = &r->units[at];
		r->totals.issues++;
		r->totals.project_issues += project;
		r->totals.enterprise_issues += is(v[I_SUBJECT], "enterprise");
		r->totals.open += open;
		r->totals.resolved += resolved;
		r->totals.closed += closed;
		r->totals.rejected += rejected;
		r->totals.withdrawn += withdrawn;
		if (r->status_field && status) {
			int k = tz_fdef_enum_index(r->status_field, status);
			if (k >= 0 && k < 16)
				r->totals.by_status[k]++;
		}
		/* what the report keeps of this problem: copied, as the
		 * cursor's record lasts until the next one */
#define KEEP_ID_TITLE() (id ? 0 : (id = tz_snapshot_keep(snap, rec->id), title = tz_snapshot_keep(snap, v[I_TITLE])))
		/* its unit's name, looked up once: the ranked row's when it has one */
#define UNIT_NAME() (have_uname ? uname : (have_uname = 1, \
		uname = u ? u->name : v[I_UNIT] ? unit_name(units, v[I_UNIT]) : NULL))
		if (active && v[I_DEADLINE] && tz_is_date(v[I_DEADLINE])) {
			long dl = day(v[I_DEADLINE]);
			overdue = dl < as_of;
			soon = !overdue && dl <= soon_until;
			if (overdue || soon) {
				struct tz_report_item *it;
				KEEP_ID_TITLE();
				TZ_ALLOC_GROW(r->items, r->nitems + 1, ialloc);
				it = &r->items[r->nitems++];
				it->id = id;
				it->title = title;
				it->unit = u ? u->id : tz_snapshot_keep(snap, v[I_UNIT]);
				it->unit_name = UNIT_NAME();
				it->deadline = tz_snapshot_keep(snap, v[I_DEADLINE]);
				it->overdue = overdue;
				it->workdays = overdue ? tz_calendar_workdays(in->calendar, dl, as_of)
						       : tz_calendar_workdays(in->calendar, as_of, dl);
			}
		}
		r->totals.overdue += overdue;
		r->totals.due_soon += soon;
		if (done) {
			resolved_n++;
			if (v[I_RESOLVED] && v[I_DEADLINE] && tz_is_date(v[I_RESOLVED]) && tz_is_date(v[I_DEADLINE]) &&
			    strcmp(v[I_RESOLVED], v[I_DEADLINE]) <= 0)
				ontime = 1;
			on_time_n += ontime;
			if (v[I_REPORTED] && v[I_RESOLVED] && tz_is_date(v[I_REPORTED]) && tz_is_date(v[I_RESOLVED])) {
				wd_sum += tz_calendar_workdays(in->calendar, day(v[I_REPORTED]), day(v[I_RESOLVED]));
				wd_n++;
			}
		}
		if (in_period(v[I_REPORTED], in)) {
			KEEP_ID_TITLE();
			r->totals.new_in_period++;
			r->changes.new++;
			add_change(r, &calloc_, v[I_REPORTED], "新增问题", id, title, "%s",
				   UNIT_NAME() ? uname : "");
		}
		if (done && in_period(v[I_RESOLVED], in)) {
			KEEP_ID_TITLE();
			r->totals.resolved_in_period++;
			r->changes.resolved++;
			add_change(r, &calloc_, v[I_RESOLVED], "办结", id, title, "%s",
				   UNIT_NAME() ? uname : "");
		}
		if (closed && in_period(v[I_VERIFIED], in)) {
			KEEP_ID_TITLE();
			r->changes.closed++;
			add_change(r, &calloc_, v[I_VERIFIED], "销号", id, title, "%s",
				   UNIT_NAME() ? uname : "");
		}
		for (size_t e = 0; e < rec->ne; e++) {
			const char *date = rec->e[e].v[0], *action = rec->e[e].v[1];
			if (!date || !action || strcmp(date, in->as_of) > 0)
				continue;
			if (is_escalation(set, action)) {
				if (u)
					u->escalations++;
				if (in_period(date, in)) {
					/* the action's label from the log's enum */
					KEEP_ID_TITLE();
					r->changes.escalations++;
					add_change(r, &calloc_, date, action_field ? tz_fdef_enum_label(action_field, action) : action,
						   id, title, "%s", UNIT_NAME() ? uname : "");
				}
			}
			if (u)
				for (size_t d = 0; d < set->ndeductions; d++)
					if (!strcmp(set->deductions[d].action, action))
						u->score -= set->deductions[d].points;
		}
#undef KEEP_ID_TITLE
#undef UNIT_NAME
		if (u) {
			u->issues++;
			u->open += open;
			u->resolved += resolved;
			u->closed += closed;
			u->rejected += rejected;
			u->withdrawn += withdrawn;
			u->overdue += overdue;
			u->due_soon += soon;
			u->on_time += ontime;
		}
		/* by category, programme, source */
		count_group(enum_group(&gcat, snap, itype, "category", v[I_CATEGORY]), done, open, overdue);
		count_group(enum_group(&gsrc, snap, itype, "source", v[I_SOURCE]), done, open, overdue);
		/* the project or enterprise: its programme and its row */
		if (project && projects)
			ref = subject_ref(&refs, 0, v[I_PROJECT]);
		else if (ents)
			ref = subject_ref(&refs, 1, v[I_ENTERPRISE]);
		prog = ref ? ref->program : NULL;
		sref = project && !projects ? NULL : ref;
		{
			struct tz_report_group *gr = group_find(&gprog, prog ? prog : "");
			if (!gr) {
				const struct tz_snap_rec *pg = prog ? tz_snap_find(programs, prog) : NULL;
				gr = group_add(&gprog, prog ? prog : "", pg && pg->v[0] ? pg->v[0] : prog ? prog : "（其他）");
			}
			count_group(gr, done, open, overdue);
		}
		if (sref && sref->row >= 0) {
			r->subjects[sref->row].issues++;
			r->subjects[sref->row].open += open;
		}
	}
	if (rc < 0)
		goto fail;
	tz_snap_cursor_free(cur);
	cur = NULL;
	r->resolution = rate(r->totals.resolved + r->totals.closed,
			     r->totals.issues - r->totals.rejected - r->totals.withdrawn);
	r->on_time = rate(on_time_n, resolved_n);
	r->mean_workdays = wd_n ? (double)wd_sum / (double)wd_n : TZ_RATE_NONE;

	for (size_t j = 0; j < r->nunits; j++) {
		struct tz_report_unit *u = &r->units[j];
		double deductions = u->score;	/* the action deductions so far */
		u->resolution = rate(u->resolved + u->closed, u->issues - u->rejected - u->withdrawn);
		u->on_time_rate = rate(u->on_time, u->resolved + u->closed);
		u->score = set->w_resolution * (u->resolution < 0 ? 1 : u->resolution) +
			   set->w_on_time * (u->on_time_rate < 0 ? 1 : u->on_time_rate) -
			   set->per_overdue * (double)u->overdue + deductions;
		u->score = round(u->score * 100) / 100;
	}
	tz_sort(r->units, r->nunits, sizeof(*r->units), cmp_unit);
	for (size_t j = 0; j < r->nunits; j++)
		r->units[j].rank = j && r->units[j].score == r->units[j - 1].score ? r->units[j - 1].rank : (int)j + 1;
	tz_sort(r->items, r->nitems, sizeof(*r->items), cmp_item);

	finish_groups(&gcat);
	finish_groups(&gprog);
	finish_groups(&gsrc);
	r->by_category = gcat.v;
	r->ncategory = gcat.n;
	r->by_program = gprog.v;
	r->nprogram = gprog.n;
	r->by_source = gsrc.v;
	r->nsource = gsrc.n;
	moves_add(r, &calloc_, &moves, in);
	tz_sort(r->change_list, r->nchanges, sizeof(*r->change_list), cmp_change);
	tz_strmap_release(&unit_at);
	subject_refs_release(&refs);
	*out = r;
	return 0;
fail:
	tz_snap_cursor_free(cur);
	tz_strmap_release(&unit_at);
	subject_refs_release(&refs);
	finish_groups(&gcat);
	finish_groups(&gprog);
	finish_groups(&gsrc);
	free(gcat.v);
	free(gprog.v);
	free(gsrc.v);
	free(moves.v);
	tz_strmap_release(&moves.records);
	tz_report_free(r);
	return -1;
}

void tz_report_free(struct tz_report *r)
{
	if (!r)
		return;
	free(r->units);
	free(r->items);
	free(r->by_category);
	free(r->by_program);
	free(r->by_source);
	free(r->subjects);
	for (size_t i = 0; i < r->nchanges; i++)
		free(r->change_list[i].detail);
	free(r->change_list);
	free(r);
}

void tz_report_rate(char *out, size_t size, double rate)
{
	if (rate < 0)
		snprintf(out, size, "—");
	else
		snprintf(out, size, "%.2f%%", rate * 100);
}
