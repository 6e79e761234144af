/* check.c - validation of a whole records repository. Records are read one
 * at a time and freed; only what the checks across records need (IDs,
 * references, unique values) is kept, so memory stays small at 100k records. */
#include <locale.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <string.h>
#include <time.h>
#include "buf.h"
#include "changes.h"
#include "check.h"
#include "date.h"
#include "earlier.h"
#include "error.h"
#include "i18n.h"
#include "eval.h"
#include "expr.h"
#include "follow.h"
#include "i18n.h"
#include "load.h"
#include "parallel.h"
#include "place.h"
#include "policy.h"
#include "record.h"
#include "report.h"
#include "resolve.h"
#include "stamps.h"
#include "strmap.h"
#include "text.h"
#include "vcache.h"
#include "vouch.h"

struct rec_info {
	char *path;		/* the ID is its file name without ".ini" */
	git_oid *oid;		/* entries of a revision's tree, else NULL */
	git_oid key;		/* the blob id of its content, when has_key */
	unsigned type;
	unsigned char has_key;
	unsigned char clean;	/* unchanged since HEAD by git's index */
	unsigned char needs_history;	/* parsed as its type: compare with HEAD */
};

struct use {			/* a unique value */
	size_t rec;
	unsigned seq;		/* its place among its record's */
	int line;
	const struct tz_fdef *f;
	char *prefix;		/* NULL, or "log.001." for part fields */
	char *value;
};

struct base_entry {
	git_oid oid;
	char *path;
};

/* The names of one type's records, its title field and short_name, read
 * when a reference to the type first names no ID: a name written for an ID
 * then gets "did you mean lyj (市林业局)?". Shared by the workers. */
struct name_entry {
	char *id, *title, *short_name;
};
struct names {
	pthread_mutex_t lock;
	struct name_list {
		int loaded;
		struct name_entry *v;
		size_t n, alloc;
	} *types;
	size_t ntypes;
};

/*
 * A hash of more bytes than are worth keeping: the bytes are fed through
 * pending, and every 64 KiB (and at the end) folded into state as
 * state = SHA-1(state || pending), git_odb_hash being the one hash at hand.
 * The framing is fixed, so two inputs collide only if SHA-1 does.
 */
struct chain {
	git_oid state;
	struct tz_buf pending;
	size_t total;
	int finished;		/* the last fold is done: state is the hash */
};
#define CHAIN_INIT { { { 0 } }, TZ_BUF_INIT, 0, 0 }

static void chain_flush(struct chain *h, int last)
{
	struct tz_buf b = TZ_BUF_INIT;

	if (h->finished || (!last && h->pending.len < 65536))
		return;
	h->finished = last;
	h->total += h->pending.len;
	tz_buf_put(&b, h->state.id, GIT_OID_RAWSZ);
	tz_buf_printf(&b, "%zu %zu %d\n", h->pending.len, h->total, last);
	tz_buf_put(&b, h->pending.ptr ? h->pending.ptr : "", h->pending.len);
	git_odb_hash(&h->state, b.ptr, b.len, GIT_OBJECT_BLOB);
	tz_buf_release(&b);
	tz_buf_clear(&h->pending);
}

struct pipeline;

struct checker {
	struct tz_source src, base;
	struct tz_schema *schema;
	struct tz_diag_list *diags;
	struct tz_buf data, id, why;
	long today;

	struct rec_info *recs;
	size_t nrecs, rec_alloc;
	struct tz_strmap *ids;		/* per type: ID -> rec */
	struct use *uniqs;		/* unique values, checked at the end */
	size_t nuniqs, uniq_alloc;

	int base_loaded;
	struct tz_strmap *base_ids;	/* per type: ID -> base entry */
	struct base_entry *base_v;
	size_t nbase, base_alloc;
	struct tz_check_stats *stats;

	/* what git's index says is unchanged since HEAD (working tree only),
	 * read by another thread while the walk lists the files: wait_index()
	 * before either is used */
	struct tz_vouch index;
	struct tz_strmap staged;	/* paths where the index differs from HEAD */
	struct tz_parallel *index_loader;
	struct tz_repo *index_repo;

	const struct tz_check_opts *opts;	/* for progress */
	size_t nworkers;			/* progress counts for all */

	struct names *names;		/* NULL: no hints by name */

	/* tz_check_record: other records are asked of lookup, not read */
	const struct tz_check_lookup *lookup;
	int lookup_failed;

	/* the validation cache (vcache.h); NULL with --no-cache */
	struct tz_vcache *vc;
	struct tz_buf *items;		/* while a record is checked: its result */
	const struct tz_fdef **fdefs;	/* every field definition, numbered */
	size_t nfdefs;
	struct pending *pending;	/* results to store, this worker's */
	size_t npending, pending_alloc;
	int trust_index_ids;		/* the index's blob id is the file's */
	int have_changed;		/* a revision against its base: */
	struct tz_strmap changed;	/* the paths that differ from it */
	struct chain walked;		/* what the walk met, for the fingerprint */
	struct tz_dirfd dir;		/* this worker's folder open (read_rec) */
	struct pipeline *pipe;		/* checking while the walk lists, or NULL */

	/* the schema of the committed version (base), when it differs: its
	 * transitions, append-only parts and immutable fields judge the
	 * change too, by type index (NULL: no such type there) */
	struct tz_schema *committed_schema;
	const struct tz_type **committed;

	/* records new since the base, whose history may hold an earlier
	 * version (check_recreated) */
	size_t *fresh;
	size_t nfresh, fresh_alloc;

	/* the walk's stat data, kept for the next run (working tree, with
	 * the cache), and the racy records whose blob ids it needs */
	struct tz_stamps_writer *stamps;
	struct stamp_key {
		size_t rec, slot;
	} *stamp_keys;
	size_t nstamp_keys, stamp_keys_alloc;

	/* the records' own findings, for the answer kept for a tree (one
	 * thread: a revision is checked on one); NULL: not collected */
	struct tz_diag_list *own;
};

struct pending {
	size_t rec;
	char *items;
	size_t len;
};

static void finding(struct checker *c, const char *path, int line, enum tz_severity sev, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
static void finding(struct checker *c, const char *path, int line, enum tz_severity sev, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (c->items) {	/* a record's own finding: part of its result */
		struct tz_buf msg = TZ_BUF_INIT;
		tz_buf_vprintf(&msg, fmt, ap);
		tz_vc_put(c->items, TZ_VC_FINDING, line, sev, "", msg.ptr ? msg.ptr : "");
		tz_buf_release(&msg);
	} else {
		tz_diag_addv(c->diags, path, line, 0, sev, fmt, ap);
	}
	va_end(ap);
}

/* How a finding names field f after prefix ("log.001."): its key, or in a
 * translated message its label with the key beside, 状态(status). Returns
 * b's text. */
static const char *fname(struct tz_buf *b, const char *prefix, const struct tz_fdef *f)
{
	struct tz_buf key = TZ_BUF_INIT;

	tz_buf_clear(b);
	tz_buf_printf(&key, "%s%s", prefix, f->name);
	tz_i18n_named(b, f->label, key.ptr);
	tz_buf_release(&key);
	return tz_buf_cstr(b);
}

/* The findings a record's parse (or another step writing to a list) made,
 * moved into its result. */
static void take_findings(struct checker *c, struct tz_diag_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		tz_vc_put(c->items, TZ_VC_FINDING, l->v[i].line, l->v[i].severity, "", l->v[i].msg);
	tz_diag_list_release(l);
}

/* The number of field definition f, for a result. */
static int fdef_number(const struct checker *c, const struct tz_fdef *f)
{
	for (size_t i = 0; i < c->nfdefs; i++)
		if (c->fdefs[i] == f)
			return (int)i;
	return -1;
}

static size_t type_index(const struct checker *c, const struct tz_type *t)
{
	return (size_t)(t - c->schema->types);
}

static void add_use(struct use **v, size_t *n, size_t *alloc, size_t rec, unsigned seq, int line,
		    const struct tz_fdef *f, const char *prefix, const char *value)
{
	struct use *u;

	TZ_ALLOC_GROW(*v, *n + 1, *alloc);
	u = &(*v)[(*n)++];
	u->rec = rec;
	u->seq = seq;
	u->line = line;
	u->f = f;
	u->prefix = *prefix ? tz_strdup(prefix) : NULL;
	u->value = tz_strdup(value);
}

static int read_rec(struct checker *c, const struct rec_info *ri, struct tz_buf *data);

/* Read the title and short_name of every record of type t into l. */
static void load_names(struct checker *c, const struct tz_type *t, struct name_list *l)
{
	const struct tz_strmap *m = &c->ids[type_index(c, t)];
	struct tz_buf data = TZ_BUF_INIT;

	l->loaded = 1;
	for (size_t j = 0; j < m->cap; j++) {
		struct tz_diag_list ignored = TZ_DIAG_LIST_INIT;
		struct tz_record *r;
		struct name_entry *e;

		if (!m->slots[j].key || read_rec(c, &c->recs[m->slots[j].value], &data) != 0)
			continue;
		r = tz_record_parse(c->recs[m->slots[j].value].path, data.ptr ? data.ptr : "", data.len, &ignored);
		tz_diag_list_release(&ignored);
		if (!r || !r->nsections) {
			tz_record_free(r);
			continue;
		}
		TZ_ALLOC_GROW(l->v, l->n + 1, l->alloc);
		e = &l->v[l->n++];
		e->id = tz_strdup(m->slots[j].key);
		e->title = t->title && tz_section_get(&r->sections[0], t->title) ?
			   tz_strdup(tz_section_get(&r->sections[0], t->title)) : NULL;
		e->short_name = tz_section_get(&r->sections[0], "short_name") ?
				tz_strdup(tz_section_get(&r->sections[0], "short_name")) : NULL;
		tz_record_free(r);
	}
	tz_buf_release(&data);
}

static int names_exist(void *payload, const struct tz_type *t, const char *id)
{
	struct checker *c = payload;

	return tz_strmap_get(&c->ids[type_index(c, t)], id, NULL);
}

static int sort_matches(const void *a, const void *b)
{
	return strcmp(((const struct tz_resolve_match *)a)->id, ((const struct tz_resolve_match *)b)->id);
}

/* For the resolver: the records of t whose field (the title or short_name)
 * is value, in ID order. */
static int names_find(void *payload, const struct tz_type *t, const char *field, const char *value,
		      struct tz_resolve_matches *out)
{
	struct checker *c = payload;
	struct name_list *l = &c->names->types[type_index(c, t)];
	size_t from = out->n;

	pthread_mutex_lock(&c->names->lock);
	if (!l->loaded)
		load_names(c, t, l);
	pthread_mutex_unlock(&c->names->lock);
	for (size_t i = 0; i < l->n; i++) {
		const char *v = !strcmp(field, "short_name") ? l->v[i].short_name : l->v[i].title;
		if (!v || strcmp(v, value))
			continue;
		TZ_ALLOC_GROW(out->v, out->n + 1, out->alloc);
		out->v[out->n].id = tz_strdup(l->v[i].id);
		out->v[out->n++].title = l->v[i].title ? tz_strdup(l->v[i].title) : NULL;
	}
	if (out->n > from)	/* qsort's array may not be NULL, even empty */
		tz_sort(out->v + from, out->n - from, sizeof(*out->v), sort_matches);
	return 0;
}

/* The records that value names by their title or short name, as the
 * resolver (tz new, tz set) would read it, appended to hint as
 * "lyj (市林业局)" or "lyj (市林业局), xlyj (县林业局)". Returns how many. */
static size_t names_hint(struct checker *c, const struct tz_fdef *f, const char *value, struct tz_buf *hint)
{
	struct tz_resolve_source src = { names_exist, names_find, c };
	struct tz_resolve_matches m = TZ_RESOLVE_MATCHES_INIT;
	struct tz_buf id = TZ_BUF_INIT, why = TZ_BUF_INIT;
	struct tz_fdef single = *f;
	const struct tz_type *t = f->target;
	size_t n = 0;

	if (!c->names || !t)
		return 0;
	single.multiple = 0;	/* value is one item */
	if (tz_resolve_value(&id, &single, value, &src, &why) < 0)
		goto out;
	if (strcmp(tz_buf_cstr(&id), value)) {
		names_find(c, t, t->title, value, &m);
		if (!m.n)
			names_find(c, t, "short_name", value, &m);
	} else if (why.len) {
		/* several records have the name: list them all */
		if (t->title)
			names_find(c, t, t->title, value, &m);
		names_find(c, t, "short_name", value, &m);
		tz_sort(m.v, m.n, sizeof(*m.v), sort_matches);
	}
	for (size_t i = 0; i < m.n; i++) {
		if (i && !strcmp(m.v[i].id, m.v[i - 1].id))
			continue;
		if (n++)
			tz_buf_puts(hint, ", ");
		tz_buf_puts(hint, m.v[i].id);
		if (m.v[i].title)
			tz_buf_printf(hint, " (%s)", m.v[i].title);
	}
out:
	tz_resolve_matches_release(&m);
	tz_buf_release(&id);
	tz_buf_release(&why);
	return n;
}

/* A reference: every ID is known before any record is read (IDs are file
 * names), so it is checked at once, from any worker: the maps are only read. */
static void check_ref(struct checker *c, const char *path, int line, const struct tz_fdef *f,
		      const char *prefix, const char *value)
{
	const struct tz_strmap *m = c->ids ? &c->ids[type_index(c, f->target)] : NULL;
	struct tz_buf q = TZ_BUF_INIT, fn = TZ_BUF_INIT, tn = TZ_BUF_INIT, hint = TZ_BUF_INIT;
	const char *sug = NULL;
	const char **names = NULL;
	size_t nhint;

	if (c->lookup) {
		int rc = c->lookup->exists(c->lookup->payload, f->target, value);
		if (rc < 0)
			c->lookup_failed = 1;
		if (rc != 0)
			return;
	} else if (tz_strmap_get(m, value, NULL)) {
		return;
	}
	if (m && m->n <= 5000) {
		size_t k = 0;
		names = tz_calloc(m->n + 1, sizeof(*names));
		for (size_t j = 0; j < m->cap; j++)
			if (m->slots[j].key)
				names[k++] = m->slots[j].key;
		sug = tz_suggest(value, names, k);
	}
	tz_text_quote(&q, value);
	fname(&fn, prefix, f);
	tz_i18n_named(&tn, f->target->label, f->target->name);
	nhint = names_hint(c, f, value, &hint);
	if (nhint == 1)
		finding(c, path, line, TZ_ERROR, _("%s: no %s \"%s\" (did you mean %s?)"),
			fn.ptr, tn.ptr, q.ptr, hint.ptr);
	else if (nhint > 1)
		finding(c, path, line, TZ_ERROR, _("%s: no %s \"%s\" (did you mean one of %s?)"),
			fn.ptr, tn.ptr, q.ptr, hint.ptr);
	else if (sug)
		finding(c, path, line, TZ_ERROR, _("%s: no %s \"%s\" (did you mean \"%s\"?)"),
			fn.ptr, tn.ptr, q.ptr, sug);
	else
		finding(c, path, line, TZ_ERROR, _("%s: no %s \"%s\""), fn.ptr, tn.ptr, q.ptr);
	free(names);
	tz_buf_release(&q);
	tz_buf_release(&fn);
	tz_buf_release(&tn);
	tz_buf_release(&hint);
}

/* Check the fields of one section (the main one, or a part entry) against defs. */
static void check_fields(struct checker *c, size_t rec, const char *path, const struct tz_section *s,
			 const struct tz_fdef *defs, size_t ndefs, const char *prefix, const char *what)
{
	struct tz_buf msg = TZ_BUF_INIT, fn = TZ_BUF_INIT;
	unsigned char seen_small[64];
	unsigned char *seen = ndefs <= sizeof(seen_small) ? seen_small : tz_malloc(ndefs);
	size_t next = 0;

	memset(seen, 0, ndefs);
	for (size_t i = 0; i < s->nfields; i++) {
		const struct tz_field *fl = &s->fields[i];
		const struct tz_fdef *f = NULL;

		/* records list their fields mostly in schema order: start looking
		 * just after the last match */
		for (size_t n = 0, k = next; n < ndefs; n++, k = k + 1 == ndefs ? 0 : k + 1)
			if (!strcmp(defs[k].name, fl->key)) {
				f = &defs[k];
				seen[k] = 1;
				next = k + 1 == ndefs ? 0 : k + 1;
				break;
			}
		if (!f) {
			const char **names = tz_calloc(ndefs + 1, sizeof(*names));
			const char *sug;
			for (size_t k = 0; k < ndefs; k++)
				names[k] = defs[k].name;
			sug = tz_suggest(fl->key, names, ndefs);
			free(names);
			tz_buf_clear(&msg);
			tz_text_quote(&msg, fl->key);
			if (*prefix && sug)
				finding(c, path, fl->line, TZ_ERROR, _("%s: unknown field \"%s\" (did you mean \"%s\"?)"), what, msg.ptr, sug);
			else if (*prefix)
				finding(c, path, fl->line, TZ_ERROR, _("%s: unknown field \"%s\""), what, msg.ptr);
			else if (sug)
				finding(c, path, fl->line, TZ_ERROR, _("unknown field \"%s\" (did you mean \"%s\"?)"), msg.ptr, sug);
			else
				finding(c, path, fl->line, TZ_ERROR, _("unknown field \"%s\" in %s"), msg.ptr, what);
			continue;
		}
		if (!fl->value[0]) {
			if (f->required)
				finding(c, path, fl->line, TZ_ERROR, _("%s: required field is empty"), fname(&fn, prefix, f));
			continue;
		}
		if (f->type == TZ_REF && f->multiple) {
			char *copy = tz_strdup(fl->value), *p = copy;
			struct tz_strmap seen = TZ_STRMAP_INIT;
			for (;;) {
				char *comma = strchr(p, ',');
				const char *a;
				size_t len;
				if (comma)
					*comma = '\0';
				a = p;
				len = strlen(a);
				while (len && strchr(" \t\n", *a)) { a++; len--; }
				while (len && strchr(" \t\n", a[len - 1])) len--;
				((char *)a)[len] = '\0';
				if (!*a) {
					finding(c, path, fl->line, TZ_ERROR, _("%s: empty item in the list"), fname(&fn, prefix, f));
				} else if (!tz_strmap_put(&seen, a, 0, NULL)) {
					tz_buf_clear(&msg);
					tz_text_quote(&msg, a);
					finding(c, path, fl->line, TZ_ERROR, _("%s: \"%s\" is listed twice"), fname(&fn, prefix, f), msg.ptr);
				} else if (f->target) {
					tz_vc_put(c->items, TZ_VC_REF, fl->line, fdef_number(c, f), prefix, a);
				}
				if (!comma)
					break;
				p = comma + 1;
			}
			tz_strmap_release(&seen);
			free(copy);
		} else if (f->type == TZ_REF) {
			if (f->target)
				tz_vc_put(c->items, TZ_VC_REF, fl->line, fdef_number(c, f), prefix, fl->value);
		} else {
			tz_buf_clear(&msg);
			if (tz_fdef_check_value(f, fl->value, &msg) < 0) {
				finding(c, path, fl->line, TZ_ERROR, "%s: %s", fname(&fn, prefix, f), msg.ptr);
				continue;
			}
		}
		if (f->unique)
			tz_vc_put(c->items, TZ_VC_UNIQUE, fl->line, fdef_number(c, f), prefix, fl->value);
	}
	for (size_t k = 0; k < ndefs; k++)
		if (defs[k].required && !seen[k])
			finding(c, path, s->line, TZ_ERROR, _("%s: required field is missing"), fname(&fn, prefix, &defs[k]));
	if (seen != seen_small)
		free(seen);
	tz_buf_release(&msg);
	tz_buf_release(&fn);
}

/* Append an expression as written, its continuation lines joined by spaces. */
static void append_expr(struct tz_buf *out, const char *src)
{
	char *flat = tz_strdup(src);

	for (char *p = flat; *p; p++)
		if (*p == '\n' || *p == '\t')
			*p = ' ';
	tz_text_quote(out, flat);
	free(flat);
}

/* The message for a failed check of a simple comparison:
 * "deadline 2026-05-01 is before reported_on 2026-05-31". */
static void explain_check(struct tz_buf *out, const struct tz_expr *e, const char *src,
			  const struct tz_section *main, long today)
{
	const char *a, *b;
	char datebuf[16];
	const struct tz_operand *o;
	int cmp, is_date;

	if (e->kind != TZ_E_CMP || e->lhs.part || e->lhs.via || e->lhs.func || e->nvals != 1) {
		tz_buf_puts(out, _("check failed: "));
		append_expr(out, src);
		return;
	}
	o = &e->vals[0];
	a = tz_section_get(main, e->lhs.field->name);
	if (o->kind == TZ_OPD_TODAY) {
		tz_date_format(tz_operand_day(o, today, NULL), datebuf);
		b = datebuf;
	} else if (o->kind == TZ_OPD_FIELD) {
		b = tz_section_get(main, o->path.field->name);
	} else {
		b = o->text;
	}
	if (!a || !b) {
		tz_buf_puts(out, _("check failed: "));
		append_expr(out, src);
		return;
	}
	is_date = e->lhs.field->type == TZ_DATE;
	{
		struct tz_buf x = TZ_BUF_INIT, y = TZ_BUF_INIT;
		const char *how;

		/* "deadline 2026-05-01", "反映日期(reported_on) 2026-05-31" */
		tz_i18n_named(&x, e->lhs.field->label, e->lhs.field->name);
		tz_buf_putc(&x, ' ');
		tz_text_quote(&x, a);
		if (o->kind == TZ_OPD_FIELD) {
			tz_i18n_named(&y, o->path.field->label, o->path.field->name);
			tz_buf_putc(&y, ' ');
		} else if (o->kind == TZ_OPD_TODAY) {
			tz_buf_printf(&y, "%s ", o->text);
		}
		tz_text_quote(&y, b);
		if (e->op == TZ_CONTAINS) {
			how = _("%s does not contain %s");
		} else {
			cmp = tz_value_compare(e->lhs.field, a, b);
			how = cmp < 0 ? (is_date ? _("%s is before %s") : _("%s is less than %s")) :
			      cmp > 0 ? (is_date ? _("%s is after %s") : _("%s is more than %s")) :
			      _("%s is equal to %s");
		}
		tz_buf_printf(out, how, x.ptr, y.ptr);
		tz_buf_release(&x);
		tz_buf_release(&y);
	}
}

static void check_rules(struct checker *c, const struct tz_type *t, const struct tz_record *r)
{
	const struct tz_section *main = &r->sections[0];
	struct tz_eval_ctx ctx = { t, r, c->today, NULL, NULL, NULL, NULL };

	for (size_t i = 0; i < t->nrules; i++) {
		const struct tz_rule *rule = &t->rules[i];
		struct tz_buf missing = TZ_BUF_INIT, msg = TZ_BUF_INIT;

		if (rule->when_src && (!rule->when || tz_expr_eval(rule->when, &ctx) != TZ_TRUE))
			continue;
		for (size_t k = 0; k < rule->nrequire; k++)
			if (!tz_section_get(main, rule->require[k])) {
				const struct tz_fdef *rf = tz_type_field(t, rule->require[k]);
				if (missing.len)
					tz_buf_puts(&missing, ", ");
				tz_i18n_named(&missing, rf ? rf->label : NULL, rule->require[k]);
			}
		if (missing.len) {
			if (rule->message)
				finding(c, r->path, main->line, rule->severity, _("%s: %s (missing %s)"), rule->name, rule->message, missing.ptr);
			else if (rule->when_src) {
				tz_buf_clear(&msg);
				append_expr(&msg, rule->when_src);
				finding(c, r->path, main->line, rule->severity, _("%s: %s required when %s"), rule->name, missing.ptr, msg.ptr);
				tz_buf_clear(&msg);
			}
			else
				finding(c, r->path, main->line, rule->severity, _("%s: %s required"), rule->name, missing.ptr);
		}
		if (rule->check && tz_expr_eval(rule->check, &ctx) == TZ_FALSE) {
			if (rule->message)
				tz_buf_puts(&msg, rule->message);
			else
				explain_check(&msg, rule->check, rule->check_src, main, c->today);
			finding(c, r->path, main->line, rule->severity, "%s: %s", rule->name, msg.ptr);
		}
		tz_buf_release(&missing);
		tz_buf_release(&msg);
	}
}

static int base_file(const struct tz_entry *e, void *payload)
{
	struct checker *c = payload;
	struct tz_buf id = TZ_BUF_INIT, why = TZ_BUF_INIT;
	struct tz_type *t;
	struct base_entry *b;

	/* own buffers: this runs while c->id holds the record being checked */
	if (e->kind != TZ_ENTRY_FILE || tz_place_record(c->schema, e->path, &t, &id, &why) < 0)
		goto out;
	TZ_ALLOC_GROW(c->base_v, c->nbase + 1, c->base_alloc);
	b = &c->base_v[c->nbase];
	git_oid_cpy(&b->oid, &e->oid);
	b->path = tz_strdup(e->path);
	if (tz_strmap_put(&c->base_ids[type_index(c, t)], id.ptr, c->nbase, NULL))
		c->nbase++;
	else
		free(b->path);
out:
	tz_buf_release(&id);
	tz_buf_release(&why);
	return 0;
}

static int load_base(struct checker *c)
{
	if (c->base_loaded)
		return 0;
	c->base_loaded = 1;
	c->base_ids = tz_calloc(c->schema->ntypes, sizeof(*c->base_ids));
	return tz_source_walk(&c->base, "records", base_file, c) < 0 ? -1 : 0;
}

static int needs_history(const struct tz_type *t)
{
	if (t->ntrans || tz_follow_needed(t))
		return 1;
	for (size_t i = 0; i < t->nparts; i++)
		if (t->parts[i].append_only)
			return 1;
	return 0;
}

/* The type of the committed schema that judges t's history beside t, or
 * NULL when the schema did not change or has no such type. */
static const struct tz_type *committed_type(const struct checker *c, const struct tz_type *t)
{
	return c->committed ? c->committed[type_index(c, t)] : NULL;
}

/* Whether records of t are compared with their committed version, by the
 * rules of the new schema or of the committed one. */
static int history_needed(const struct checker *c, const struct tz_type *t)
{
	const struct tz_type *ct = committed_type(c, t);

	return needs_history(t) || (ct && needs_history(ct));
}

/*
 * Load the schema of the committed version when it may differ from the
 * new one, so that a commit cannot loosen a rule (drop a transitions
 * section, set append_only = no) and break it at once: the rules in force
 * before the change judge it. A committed schema that does not load (none
 * there) judges nothing. Returns 0, or -1 on a libgit2 error.
 */
static int load_committed(struct checker *c)
{
	struct tz_diag_list ignored = TZ_DIAG_LIST_INIT;
	git_tree_entry *a = NULL, *b = NULL;
	int same;

	if (c->base.empty)
		return 0;
	same = c->src.tree && c->base.tree && git_tree_entry_bypath(&a, c->src.tree, "schema") == 0 &&
	       git_tree_entry_bypath(&b, c->base.tree, "schema") == 0 &&
	       git_oid_equal(git_tree_entry_id(a), git_tree_entry_id(b));
	git_tree_entry_free(a);
	git_tree_entry_free(b);
	if (same)
		return 0;
	if (tz_schema_load(&c->committed_schema, &c->base, &ignored, NULL) < 0) {
		tz_diag_list_release(&ignored);
		return 0;
	}
	tz_diag_list_release(&ignored);
	c->committed = tz_calloc(c->schema->ntypes + 1, sizeof(*c->committed));
	for (size_t i = 0; i < c->schema->ntypes; i++)
		c->committed[i] = tz_schema_type(c->committed_schema, c->schema->types[i].name);
	return 0;
}

static int same_fields(const struct tz_section *a, const struct tz_section *b)
{
	size_t na = 0, nb = 0;

	for (size_t i = 0; i < a->nfields; i++) {
		const char *v;
		if (!a->fields[i].value[0])
			continue;
		na++;
		v = tz_section_get(b, a->fields[i].key);
		if (!v || strcmp(v, a->fields[i].value))
			return 0;
	}
	for (size_t i = 0; i < b->nfields; i++)
		nb += b->fields[i].value[0] != 0;
	return na == nb;
}

static void compare_old(struct checker *c, const struct tz_type *t, const struct tz_type *ct,
			const struct tz_record *r, const struct tz_record *o);

/* Transitions and append-only parts against the committed version. */
static int check_history(struct checker *c, size_t rec, const struct tz_type *t, const char *id,
			 const struct tz_record *r, const char *data, size_t len)
{
	struct tz_diag_list ignored = TZ_DIAG_LIST_INIT;
	struct tz_buf old = TZ_BUF_INIT;
	struct tz_record *o = NULL;
	struct base_entry *b, at_path;
	git_tree_entry *te = NULL;
	size_t bi;
	git_oid oid;

	if (c->base.empty || !history_needed(c, t))
		return 0;
	/* the same path holds the same type and ID: no need to map the whole
	 * committed tree, which only a new or moved file needs */
	if (c->base.tree && git_tree_entry_bypath(&te, c->base.tree, r->path) == 0 &&
	    git_tree_entry_type(te) == GIT_OBJECT_BLOB) {
		git_oid_cpy(&at_path.oid, git_tree_entry_id(te));
		at_path.path = (char *)r->path;
		b = &at_path;
	} else {
		if (load_base(c) < 0) {
			git_tree_entry_free(te);
			return -1;
		}
		if (!tz_strmap_get(&c->base_ids[type_index(c, t)], id, &bi)) {
			git_tree_entry_free(te);
			if (c->base.commit) {	/* new, or re-created: check_recreated */
				TZ_ALLOC_GROW(c->fresh, c->nfresh + 1, c->fresh_alloc);
				c->fresh[c->nfresh++] = rec;
			} else {
				tz_follow_check(t, NULL, r, NULL, c->diags);	/* a new record */
			}
			return 0;
		}
		b = &c->base_v[bi];
	}
	git_tree_entry_free(te);
	if (git_odb_hash(&oid, data, len, GIT_OBJECT_BLOB) == 0 && git_oid_equal(&oid, &b->oid))
		return 0;	/* unchanged since it was committed */
	{
		struct tz_entry e = { b->path, NULL, TZ_ENTRY_FILE, 0, b->oid, 1 };
		int rc = tz_source_read(&c->base, &e, TZ_RECORD_MAX_SIZE, &old);
		if (rc < 0) {
			tz_buf_release(&old);
			return -1;
		}
		if (rc == 0)
			o = tz_record_parse(b->path, old.ptr ? old.ptr : "", old.len, &ignored);
	}
	if (o && o->nsections && !strcmp(o->sections[0].name, t->name))
		compare_old(c, t, committed_type(c, t), r, o);
	tz_record_free(o);
	tz_diag_list_release(&ignored);
	tz_buf_release(&old);
	return 0;
}

/* Whether moving field `field` of t from ov to nv breaks t's transitions:
 * 1 with the reason in msg, else 0. Values t does not accept, absent ones,
 * and the status of a type with a log (it moves along the log, follow.c)
 * are not judged here. */
static int transition_refused(const struct tz_type *t, const char *field, const char *ov, const char *nv,
			      int committed, struct tz_buf *msg)
{
	const struct tz_transitions *tr = tz_type_transitions(t, field);
	const struct tz_fdef *f = tz_type_field(t, field);
	const struct tz_transition_from *from = NULL;

	if (!tr || !f || !ov || !nv || !strcmp(ov, nv) ||
	    (t->log && t->status && !strcmp(field, t->status) && tz_type_part(t, t->log)))
		return 0;
	tz_buf_clear(msg);
	if (tz_fdef_check_value(f, ov, msg) < 0 || tz_fdef_check_value(f, nv, msg) < 0)
		return 0;
	for (size_t k = 0; k < tr->n; k++)
		if (!strcmp(tr->v[k].from, ov))
			from = &tr->v[k];
	for (size_t k = 0; from && k < from->nto; k++)
		if (!strcmp(from->to[k], nv))
			return 0;
	tz_buf_clear(msg);
	if (!from || !from->nto) {
		tz_buf_printf(msg, committed ? _("\"%s\" is final under the committed schema and cannot change to \"%s\"")
					     : _("\"%s\" is final and cannot change to \"%s\""), ov, nv);
	} else {
		struct tz_buf allowed = TZ_BUF_INIT;
		for (size_t k = 0; k < from->nto; k++) {
			if (k)
				tz_buf_puts(&allowed, ", ");
			tz_i18n_named(&allowed, tz_fdef_enum_label(f, from->to[k]), from->to[k]);
		}
		tz_buf_printf(msg, committed ? _("\"%s\" cannot change to \"%s\" under the committed schema (allowed: %s)")
					     : _("\"%s\" cannot change to \"%s\" (allowed: %s)"), ov, nv, allowed.ptr);
		tz_buf_release(&allowed);
	}
	return 1;
}

/* The transitions of field `field` (of t, or of ct, the committed schema's
 * type) between o and r: the new schema's reason first, else the committed
 * one's. */
static void check_transition(struct checker *c, const struct tz_type *t, const struct tz_type *ct,
			     const char *field, const struct tz_record *r, const struct tz_record *o)
{
	const char *ov = tz_section_get(&o->sections[0], field), *nv = tz_section_get(&r->sections[0], field);
	struct tz_buf msg = TZ_BUF_INIT, name = TZ_BUF_INIT;
	const struct tz_fdef *f = tz_type_field(t, field);
	int refused = transition_refused(t, field, ov, nv, 0, &msg);

	if (!refused && ct) {
		refused = transition_refused(ct, field, ov, nv, 1, &msg);
		f = tz_type_field(ct, field);
	}
	if (refused)
		finding(c, r->path, tz_section_field(&r->sections[0], field)->line, TZ_ERROR, "%s: %s",
			fname(&name, "", f), msg.ptr);
	tz_buf_release(&msg);
	tz_buf_release(&name);
}

/* The committed entries of append-only part p (of r's type, new or
 * committed schema) are all in r, unchanged. */
static void check_append_only(struct checker *c, const struct tz_partdef *p, const struct tz_record *r,
			      const struct tz_record *o)
{
	size_t n = strlen(p->name);

	for (size_t k = 1; k < o->nsections; k++) {
		const struct tz_section *os = &o->sections[k], *ns;
		if (strncmp(os->name, p->name, n) || os->name[n] != '.')
			continue;
		struct tz_buf pname = TZ_BUF_INIT;
		ns = tz_record_section(r, os->name);
		tz_i18n_named(&pname, p->label, p->name);
		if (!ns)
			finding(c, r->path, r->sections[0].line, TZ_ERROR,
				_("%s: committed entry of append-only part %s was removed"), os->name, pname.ptr);
		else if (!same_fields(os, ns))
			finding(c, r->path, ns->line, TZ_ERROR,
				_("%s: committed entry of append-only part %s was changed"), os->name, pname.ptr);
		tz_buf_release(&pname);
	}
}

/* Transitions, append-only parts and the log of r against o, its committed
 * version of the same type: by the rules of t, and of ct (the committed
 * schema's type, or NULL) where t is looser. */
static void compare_old(struct checker *c, const struct tz_type *t, const struct tz_type *ct,
			const struct tz_record *r, const struct tz_record *o)
{
	tz_follow_check(t, ct, r, o, c->diags);
	for (size_t i = 0; i < t->ntrans; i++)
		check_transition(c, t, ct, t->trans[i].field, r, o);
	for (size_t i = 0; ct && i < ct->ntrans; i++)
		if (!tz_type_transitions(t, ct->trans[i].field))
			check_transition(c, t, ct, ct->trans[i].field, r, o);
	for (size_t i = 0; i < t->nparts; i++)
		if (t->parts[i].append_only)
			check_append_only(c, &t->parts[i], r, o);
	for (size_t i = 0; ct && i < ct->nparts; i++) {
		const struct tz_partdef *p = tz_type_part(t, ct->parts[i].name);
		if (ct->parts[i].append_only && !(p && p->append_only))
			check_append_only(c, &ct->parts[i], r, o);
	}
}

/* Read git's index, and which paths it stages differently from HEAD: a
 * file it vouches for (tz_vouch_entry) is its HEAD version only when its
 * path is not among those. */
static void load_index(size_t i, void *payload)
{
	struct checker *c = payload;
	struct tz_repo *repo = c->index_repo;
	git_diff *diff = NULL;
	git_diff_options dopts;
	char *spec = "records";

	(void)i;

	tz_vouch_open(&c->index, repo->git);
	if (!c->index.index)
		return;	/* no index: every file is hashed */
	git_diff_options_init(&dopts, GIT_DIFF_OPTIONS_VERSION);
	dopts.pathspec.strings = &spec;
	dopts.pathspec.count = 1;
	if (git_diff_tree_to_index(&diff, repo->git, c->base.tree, c->index.index, &dopts) < 0) {
		tz_vouch_release(&c->index);
		return;
	}
	for (size_t i = 0; i < git_diff_num_deltas(diff); i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		tz_strmap_put(&c->staged, d->old_file.path, 0, NULL);
		tz_strmap_put(&c->staged, d->new_file.path, 0, NULL);
	}
	git_diff_free(diff);
}

/* Start reading git's index (load_index) in another thread. */
static void start_index(struct checker *c, struct tz_repo *repo)
{
	c->index_repo = repo;
	c->index_loader = tz_parallel_start(1, load_index, c);
}

/* Wait for load_index; its failures only leave nothing vouched for. */
static void wait_index(struct checker *c)
{
	if (c->index_loader) {
		tz_parallel_join(c->index_loader);
		c->index_loader = NULL;
	}
}

/* Check the record in c->data on its own, writing its result into
 * c->items: its findings, the references and unique values it has (checked
 * across records by apply_result), whether it parsed as its type. Nothing
 * here may depend on other records or on the path beyond the type. */
static void check_record(struct checker *c, struct tz_type *t, struct rec_info *ri, size_t rec)
{
	struct tz_diag_list parsed = TZ_DIAG_LIST_INIT;
	const char *path = ri->path;
	struct tz_record *r;
	const struct tz_section *main;

	r = tz_record_parse(path, c->data.ptr ? c->data.ptr : "", c->data.len, &parsed);
	take_findings(c, &parsed);
	if (!r)
		return;
	if (!r->nsections) {
		finding(c, path, 1, TZ_ERROR, _("no [%s] section"), t->name);
		goto out;
	}
	main = &r->sections[0];
	if (strcmp(main->name, t->name)) {
		struct tz_buf q = TZ_BUF_INIT;
		tz_text_quote(&q, main->name);
		finding(c, path, main->line, TZ_ERROR, _("first section is \"[%s]\", expected \"[%s]\""), q.ptr, t->name);
		tz_buf_release(&q);
		goto out;
	}
	check_fields(c, rec, path, main, t->fields, t->nfields, "", t->name);
	for (size_t i = 1; i < r->nsections; i++) {
		const struct tz_section *s = &r->sections[i];
		const char *dot = strchr(s->name, '.');
		char *pname = dot ? tz_strndup(s->name, (size_t)(dot - s->name)) : tz_strdup(s->name);
		const struct tz_partdef *p = tz_type_part(t, pname);
		struct tz_buf q = TZ_BUF_INIT;

		tz_text_quote(&q, s->name);
		if (!p) {
			const char **names = tz_calloc(t->nparts + 1, sizeof(*names));
			const char *sug;
			for (size_t k = 0; k < t->nparts; k++)
				names[k] = t->parts[k].name;
			sug = tz_suggest(pname, names, t->nparts);
			if (!t->nparts)
				finding(c, path, s->line, TZ_ERROR, _("unknown section \"[%s]\": a %s has no parts"), q.ptr, t->name);
			else if (sug)
				finding(c, path, s->line, TZ_ERROR, _("unknown section \"[%s]\" (did you mean \"[%s%s]\"?)"), q.ptr, sug, dot ? dot : ".KEY");
			else
				finding(c, path, s->line, TZ_ERROR, _("unknown section \"[%s]\""), q.ptr);
			free(names);
		} else if (!dot || !dot[1]) {
			finding(c, path, s->line, TZ_ERROR, _("section \"[%s]\" needs a key after the dot, as in [%s.KEY]"), q.ptr, p->name);
		} else if (p->has_key_re && !tz_ere_match(&p->key_re, dot + 1)) {
			finding(c, path, s->line, TZ_ERROR, _("section \"[%s]\": key \"%s\" does not match the %s key pattern \"%s\""),
				q.ptr, dot + 1, p->name, p->key);
		} else {
			struct tz_buf prefix = TZ_BUF_INIT;
			tz_buf_printf(&prefix, "%s.", q.ptr);
			check_fields(c, rec, path, s, p->fields, p->nfields, prefix.ptr, s->name);
			tz_buf_release(&prefix);
		}
		tz_buf_release(&q);
		free(pname);
	}
	check_rules(c, t, r);
	if (c->base.empty && tz_follow_needed(t)) {
		tz_follow_check(t, NULL, r, NULL, &parsed);	/* nothing committed: all is new */
		take_findings(c, &parsed);
	}
	tz_vc_put(c->items, TZ_VC_TYPED, 0, 0, "", "");
out:
	tz_record_free(r);
}

/* Phase one, in walk order: what the path says (type, ID, duplicates), and
 * whether git's index vouches that the file is unchanged since HEAD. */
static void pipe_push(struct pipeline *p, size_t rec);

static int collect_one(const struct tz_entry *e, const struct stat *st, void *payload)
{
	struct checker *c = payload;
	struct tz_type *t;
	struct rec_info *ri;
	size_t rec, other;

	c->stats->files++;
	/* what a result can depend on besides the records' contents */
	tz_buf_printf(&c->walked.pending, "%s%c%d %zu", e->path, 0, (int)e->kind, e->has_oid ? 0 : e->size);
	tz_buf_putc(&c->walked.pending, 0);
	chain_flush(&c->walked, 0);
	if (e->kind == TZ_ENTRY_SYMLINK) {
		finding(c, e->path, 1, TZ_ERROR, _("symbolic link (never followed)"));
		return 0;
	}
	if (e->kind != TZ_ENTRY_FILE) {
		finding(c, e->path, 1, TZ_ERROR, _("not a regular file"));
		return 0;
	}
	tz_buf_clear(&c->why);
	if (tz_place_record(c->schema, e->path, &t, &c->id, &c->why) < 0) {
		finding(c, e->path, 1, TZ_ERROR, "%s", c->why.ptr);
		return 0;
	}
	if (!e->has_oid && e->size > TZ_RECORD_MAX_SIZE) {
		finding(c, e->path, 1, TZ_ERROR, _("file is larger than 1 MiB (%zu bytes)"), e->size);
		return 0;
	}
	c->stats->records++;
	rec = c->nrecs;
	TZ_ALLOC_GROW(c->recs, c->nrecs + 1, c->rec_alloc);
	ri = &c->recs[c->nrecs++];
	memset(ri, 0, sizeof(*ri));
	ri->path = tz_strdup(e->path);
	ri->type = (unsigned)type_index(c, t);
	if (e->has_oid) {
		ri->oid = tz_malloc(sizeof(*ri->oid));
		git_oid_cpy(ri->oid, &e->oid);
		git_oid_cpy(&ri->key, &e->oid);
		ri->has_key = 1;
		ri->clean = c->have_changed && !tz_strmap_get(&c->changed, e->path, NULL);
	} else {
		const git_index_entry *ie;
		wait_index(c);
		ie = tz_vouch_entry(&c->index, e->path, st);
		ri->clean = ie && !tz_strmap_get(&c->staged, e->path, NULL);
		if (ie && c->trust_index_ids) {
			git_oid_cpy(&ri->key, &ie->id);
			ri->has_key = 1;
		}
	}
	if (!tz_strmap_put(&c->ids[ri->type], c->id.ptr, rec, &other)) {
		struct tz_buf a = TZ_BUF_INIT, b = TZ_BUF_INIT;
		tz_quote(&a, e->path);
		tz_quote(&b, c->recs[other].path);
		finding(c, e->path, 1, TZ_ERROR, _("duplicate %s ID \"%s\" (also %s)"), t->name, c->id.ptr, b.ptr);
		finding(c, c->recs[other].path, 1, TZ_ERROR, _("duplicate %s ID \"%s\" (also %s)"), t->name, c->id.ptr, a.ptr);
		tz_buf_release(&a);
		tz_buf_release(&b);
	}
	if (c->pipe)
		pipe_push(c->pipe, rec);
	return 0;
}

/* collect_one, keeping each file's stat data for the next run. */
static int collect_file(const struct tz_entry *e, const struct stat *st, void *payload)
{
	struct checker *c = payload;
	size_t before = c->nrecs, slot;
	int rc = collect_one(e, st, c);

	if (c->stamps && st) {
		slot = tz_stamps_writer_add(c->stamps, e->path, st, c->nrecs > before);
		if (slot && c->nrecs > before) {
			TZ_ALLOC_GROW(c->stamp_keys, c->nstamp_keys + 1, c->stamp_keys_alloc);
			c->stamp_keys[c->nstamp_keys].rec = before;
			c->stamp_keys[c->nstamp_keys++].slot = slot;
		}
	}
	return rc;
}

static int read_rec(struct checker *c, const struct rec_info *ri, struct tz_buf *data)
{
	struct tz_entry e = { ri->path, NULL, TZ_ENTRY_FILE, 0, { { 0 } }, ri->oid != NULL };

	if (ri->oid)
		git_oid_cpy(&e.oid, ri->oid);
	return tz_source_read_in(&c->src, &e, TZ_RECORD_MAX_SIZE, data, &c->dir);
}

/* Phase two: parse and check records [from, to) with c, a worker's own
 * checker (its findings, references and unique values are its own). */
/*
 * Replay the result of record rec (from check_record, or the cache): its
 * findings, its references against every ID, its unique values for
 * check_unique. Returns 0, or -1 when the bytes are not a well-formed
 * result (a damaged cache row), having added nothing.
 */
static int apply_result(struct checker *c, size_t rec, const unsigned char *data, size_t len)
{
	struct rec_info *ri = &c->recs[rec];
	struct tz_vc_item it;
	size_t pos = 0;
	unsigned nuses = 0;
	int rc;

	while ((rc = tz_vc_next(&it, data, len, &pos)) == 1)	/* validate first */
		if (((it.kind == TZ_VC_REF || it.kind == TZ_VC_UNIQUE) &&
		     ((size_t)it.num >= c->nfdefs || (it.kind == TZ_VC_REF && !c->fdefs[it.num]->target))) ||
		    it.kind == TZ_VC_DIAG || (it.kind == TZ_VC_FINDING && it.num > TZ_WARNING))
			return -1;
	if (rc < 0)
		return -1;
	pos = 0;
	while (tz_vc_next(&it, data, len, &pos) == 1) {
		switch (it.kind) {
		case TZ_VC_FINDING:
			finding(c, ri->path, it.line, (enum tz_severity)it.num, "%s", it.b);
			if (c->own)
				tz_diag_add(c->own, ri->path, it.line, (enum tz_severity)it.num, "%s", it.b);
			break;
		case TZ_VC_REF:
			check_ref(c, ri->path, it.line, c->fdefs[it.num], it.a, it.b);
			break;
		case TZ_VC_UNIQUE:
			add_use(&c->uniqs, &c->nuniqs, &c->uniq_alloc, rec, nuses++, it.line, c->fdefs[it.num], it.a, it.b);
			break;
		case TZ_VC_TYPED:
			ri->needs_history = !ri->clean && !c->base.empty && history_needed(c, &c->schema->types[ri->type]);
			break;
		default:
			break;
		}
	}
	return 0;
}

/* The blob id of record ri's content into ri->key, reading it into data
 * when no tree or index says it (then *read is set). Returns 0, 1 when the
 * file is too large, -1 on error. */
static int find_key(struct checker *c, struct rec_info *ri, struct tz_buf *data, int *read)
{
	int rc;

	*read = 0;
	if (ri->has_key)
		return 0;
	rc = read_rec(c, ri, data);
	if (rc != 0)
		return rc;
	*read = 1;
	if (git_odb_hash(&ri->key, data->ptr ? data->ptr : "", data->len, GIT_OBJECT_BLOB) < 0)
		return tz_error_git(_("cannot hash a file"));
	ri->has_key = 1;
	return 0;
}

static int check_range(struct checker *c, size_t from, size_t to)
{
	struct tz_buf items = TZ_BUF_INIT;
	int ret = -1;

	for (size_t i = from; i < to; i++) {
		struct rec_info *ri = &c->recs[i];
		const struct tz_type *t = &c->schema->types[ri->type];
		const unsigned char *cached = NULL;
		size_t len = 0;
		int rc, read = 0;

		/* the first range reports for all: the ranges are the same size */
		if (from == 0 && i && (i & 1023) == 0)	/* start drew 0 */
			tz_progress_update(c->opts->progress, i * c->nworkers);
		if (c->vc) {
			rc = find_key(c, ri, &c->data, &read);
			if (rc < 0)
				goto out;
			if (rc == 0)
				cached = tz_vcache_get(c->vc, t->name, &ri->key, &len);
			if (cached && apply_result(c, i, cached, len) == 0) {
				tz_vcache_count(c->vc, 1);
				continue;
			}
			if (cached)
				tz_vcache_damaged(c->vc);
			tz_vcache_count(c->vc, 0);
		}
		rc = read ? 0 : read_rec(c, ri, &c->data);
		if (rc < 0)
			goto out;
		if (rc > 0) {
			finding(c, ri->path, 1, TZ_ERROR, _("file is larger than 1 MiB (%zu bytes)"), c->data.len);
			continue;
		}
		tz_buf_clear(&items);
		c->items = &items;
		check_record(c, &c->schema->types[ri->type], ri, i);
		c->items = NULL;
		if (apply_result(c, i, (const unsigned char *)items.ptr, items.len) < 0) {
			tz_error_set(_("%s: internal error: a result does not read back"), ri->path);
			goto out;
		}
		if (c->vc && ri->has_key) {
			struct pending *p;
			TZ_ALLOC_GROW(c->pending, c->npending + 1, c->pending_alloc);
			p = &c->pending[c->npending++];
			p->rec = i;
			p->len = items.len;
			p->items = tz_buf_detach(&items);
		}
	}
	ret = 0;
out:
	tz_buf_release(&items);
	return ret;
}

struct worker {
	struct checker c;
	struct tz_diag_list diags;
	size_t from, to;
	int ret;
	char error[512];
	/* the pipeline's: results checked before every ID was known */
	struct stashed {
		size_t rec;
		char *items;
		size_t len;
	} *stash;
	size_t nstash, stash_alloc;
};

/* w's checker: c's, with its own findings, buffers and unique values. */
static void worker_init(struct worker *w, const struct checker *c)
{
	w->c = *c;
	w->c.diags = &w->diags;
	w->c.uniqs = NULL;
	w->c.nuniqs = w->c.uniq_alloc = 0;
	w->c.pending = NULL;
	w->c.npending = w->c.pending_alloc = 0;
	memset(&w->c.data, 0, sizeof(w->c.data));
	memset(&w->c.id, 0, sizeof(w->c.id));
	memset(&w->c.why, 0, sizeof(w->c.why));
	w->c.dir = (struct tz_dirfd)TZ_DIRFD_INIT;
}

/* Take the findings, unique values and results of workers w[0..n) into c
 * and free what is theirs. Returns 0, or -1 with the first one's error. */
static int workers_merge(struct checker *c, struct worker *w, size_t n)
{
	int ret = 0;

	for (size_t i = 0; i < n; i++) {
		struct checker *wc = &w[i].c;

		if (w[i].ret < 0 && !ret)
			ret = tz_error_set("%s", w[i].error);
		tz_diag_move(c->diags, &w[i].diags);
		TZ_ALLOC_GROW(c->uniqs, c->nuniqs + wc->nuniqs, c->uniq_alloc);
		if (wc->nuniqs)
			memcpy(c->uniqs + c->nuniqs, wc->uniqs, wc->nuniqs * sizeof(*wc->uniqs));
		c->nuniqs += wc->nuniqs;
		free(wc->uniqs);
		TZ_ALLOC_GROW(c->pending, c->npending + wc->npending, c->pending_alloc);
		if (wc->npending)
			memcpy(c->pending + c->npending, wc->pending, wc->npending * sizeof(*wc->pending));
		c->npending += wc->npending;
		free(wc->pending);
		for (size_t k = 0; k < w[i].nstash; k++)
			free(w[i].stash[k].items);
		free(w[i].stash);
		tz_buf_release(&wc->data);
		tz_buf_release(&wc->id);
		tz_buf_release(&wc->why);
		tz_dirfd_release(&wc->dir);
	}
	return ret;
}

static void run_worker(size_t i, void *payload)
{
	struct worker *w = (struct worker *)payload + i;

	w->ret = check_range(&w->c, w->from, w->to);
	if (w->ret < 0)
		snprintf(w->error, sizeof(w->error), "%s", tz_error_last());
}

/* ---- checking while the walk lists ----
 *
 * A working tree checked without the cache (a cold tz validate) parses and
 * checks its records on the other processors while the walk still lists
 * them. A record's own checks need nothing from the others; what does (its
 * references, looked up among every ID) waits: a result made before the
 * walk is over is kept and replayed once it is (apply_result). The unique
 * values are put back in record order at the end, so the output does not
 * depend on the schedule.
 */
#define PIPE_MIN 512	/* records listed before the workers start */
#define PIPE_BATCH 32	/* records a worker takes at once */

struct pipe_job {
	size_t rec;
	char *path;		/* the record's: never moved */
	git_oid *oid;
	unsigned type;
};

struct pipeline {
	struct checker *owner;	/* the walk's checker */
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct pipe_job *jobs;
	size_t njobs, jobs_alloc, next;
	int walked;		/* every ID is known, owner->recs moves no more */
	int stop;
	size_t done;		/* records checked, for the progress */
	struct worker *w;
	size_t nworkers;
	struct tz_parallel *threads;
};

/* Check record job on w: its result applied at once when now, else kept. */
static int pipe_one(struct worker *w, const struct pipe_job *job, int now, struct tz_buf *items)
{
	struct checker *c = &w->c;
	struct rec_info ri;
	int rc;

	memset(&ri, 0, sizeof(ri));
	ri.path = job->path;
	ri.oid = job->oid;
	ri.type = job->type;
	rc = read_rec(c, &ri, &c->data);
	if (rc < 0)
		return -1;
	if (rc > 0) {
		finding(c, job->path, 1, TZ_ERROR, _("file is larger than 1 MiB (%zu bytes)"), c->data.len);
		return 0;
	}
	tz_buf_clear(items);
	c->items = items;
	check_record(c, &c->schema->types[job->type], &ri, job->rec);
	c->items = NULL;
	if (!now) {
		struct stashed *st;
		TZ_ALLOC_GROW(w->stash, w->nstash + 1, w->stash_alloc);
		st = &w->stash[w->nstash++];
		st->rec = job->rec;
		st->len = items->len;
		st->items = tz_buf_detach(items);
		return 0;
	}
	if (apply_result(c, job->rec, (const unsigned char *)items->ptr, items->len) < 0)
		return tz_error_set(_("%s: internal error: a result does not read back"), job->path);
	return 0;
}

static void pipe_worker(size_t i, void *payload)
{
	struct pipeline *p = payload;
	struct worker *w = &p->w[i];
	struct tz_buf items = TZ_BUF_INIT;
	struct pipe_job batch[PIPE_BATCH];
	int now = 0, rc = 0;

	pthread_mutex_lock(&p->mu);
	while (!p->stop && rc == 0) {
		size_t n;

		if (p->walked && !now) {
			/* every ID is known: what was kept is replayed */
			w->c.recs = p->owner->recs;
			w->c.nrecs = p->owner->nrecs;
			now = 1;
			pthread_mutex_unlock(&p->mu);
			for (size_t k = 0; k < w->nstash && rc == 0; k++) {
				const struct stashed *st = &w->stash[k];
				if (apply_result(&w->c, st->rec, (const unsigned char *)st->items, st->len) < 0)
					rc = tz_error_set(_("%s: internal error: a result does not read back"),
							  p->owner->recs[st->rec].path);
			}
			pthread_mutex_lock(&p->mu);
			continue;
		}
		if (p->next >= p->njobs) {
			if (p->walked)
				break;
			pthread_cond_wait(&p->cv, &p->mu);
			continue;
		}
		n = p->njobs - p->next < PIPE_BATCH ? p->njobs - p->next : PIPE_BATCH;
		memcpy(batch, p->jobs + p->next, n * sizeof(*batch));
		p->next += n;
		pthread_mutex_unlock(&p->mu);
		for (size_t k = 0; k < n && rc == 0; k++)
			rc = pipe_one(w, &batch[k], now, &items);
		pthread_mutex_lock(&p->mu);
		p->done += n;
		if (i == 0 && (p->done & ~(size_t)1023) != ((p->done - n) & ~(size_t)1023))
			tz_progress_update(p->owner->opts->progress, p->done);
	}
	if (rc < 0) {
		p->stop = 1;	/* the others stop too: the run fails */
		pthread_cond_broadcast(&p->cv);
	}
	pthread_mutex_unlock(&p->mu);
	w->ret = rc;
	if (rc < 0)
		snprintf(w->error, sizeof(w->error), "%s", tz_error_last());
	tz_buf_release(&items);
}

/* A pipeline for c when it checks a working tree on several processors
 * without the cache; NULL otherwise. Its workers start at PIPE_MIN. */
static struct pipeline *pipe_new(struct checker *c)
{
	struct pipeline *p;

	if (c->src.tree || c->vc || tz_parallel_threads(PIPE_MIN, PIPE_MIN) < 2)
		return NULL;
	p = tz_calloc(1, sizeof(*p));
	p->owner = c;
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	return p;
}

/* The walk met record rec: hand it to the workers. */
static void pipe_push(struct pipeline *p, size_t rec)
{
	const struct rec_info *ri = &p->owner->recs[rec];

	pthread_mutex_lock(&p->mu);
	TZ_ALLOC_GROW(p->jobs, p->njobs + 1, p->jobs_alloc);
	p->jobs[p->njobs].rec = rec;
	p->jobs[p->njobs].path = ri->path;
	p->jobs[p->njobs].oid = ri->oid;
	p->jobs[p->njobs].type = ri->type;
	p->njobs++;
	pthread_cond_signal(&p->cv);
	pthread_mutex_unlock(&p->mu);
	if (p->njobs == PIPE_MIN && !p->threads) {
		p->nworkers = tz_parallel_threads(PIPE_MIN, PIPE_MIN);
		p->w = tz_calloc(p->nworkers, sizeof(*p->w));
		for (size_t i = 0; i < p->nworkers; i++)
			worker_init(&p->w[i], p->owner);
		p->threads = tz_parallel_start(p->nworkers, pipe_worker, p);
	}
}

static int cmp_use_order(const void *a, const void *b)
{
	const struct use *x = a, *y = b;

	if (x->rec != y->rec)
		return x->rec < y->rec ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The walk is over: wait for the workers and take their results into c.
 * Returns 0, 1 when they never started (c checks as it would without),
 * or -1 with the error. Frees p either way. */
static int pipe_finish(struct checker *c, struct pipeline *p)
{
	int ret = 1;

	pthread_mutex_lock(&p->mu);
	p->walked = 1;
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
	if (p->threads) {
		tz_progress_start(c->opts->progress, TZ_PROGRESS_CHECK, c->nrecs);
		tz_parallel_join(p->threads);
		tz_progress_stop(c->opts->progress);
		ret = workers_merge(c, p->w, p->nworkers);
		/* the unique values in the order one thread meets them (check_unique
		 * names a value's first user): by record, then within it */
		tz_sort(c->uniqs, c->nuniqs, sizeof(*c->uniqs), cmp_use_order);
	}
	pthread_cond_destroy(&p->cv);
	pthread_mutex_destroy(&p->mu);
	free(p->jobs);
	free(p->w);
	free(p);
	return ret;
}

/* Check every collected record, on as many threads as there are processors
 * for a working tree (libgit2 objects are not shared across threads, so a
 * revision is read on one), then merge in record order so that the output
 * does not depend on the schedule. */
static int check_all(struct checker *c)
{
	size_t n = c->src.tree ? 1 : tz_parallel_threads(c->nrecs, 512);
	struct worker *w;
	int ret;

	if (c->pipe) {	/* checked while the walk listed */
		struct pipeline *p = c->pipe;
		c->pipe = NULL;
		ret = pipe_finish(c, p);
		if (ret <= 0)
			return ret;
	}
	c->nworkers = n;
	tz_progress_start(c->opts->progress, TZ_PROGRESS_CHECK, c->nrecs);
	if (n == 1) {
		ret = check_range(c, 0, c->nrecs);
		tz_progress_stop(c->opts->progress);
		return ret;
	}
	w = tz_calloc(n, sizeof(*w));
	for (size_t i = 0; i < n; i++) {
		worker_init(&w[i], c);
		w[i].from = c->nrecs * i / n;
		w[i].to = c->nrecs * (i + 1) / n;
	}
	tz_parallel_run(n, run_worker, w);
	tz_progress_stop(c->opts->progress);
	ret = workers_merge(c, w, n);
	free(w);
	return ret;
}

/* r, re-created as the ID of a record the base no longer has, against o,
 * its last version in commit `at`: a record deleted and created again
 * continues its history, so that deleting it cannot rewrite its log. */
static void compare_earlier(struct checker *c, const struct tz_type *t, const struct tz_record *r,
			    const struct tz_record *o, const git_oid *at)
{
	struct tz_diag_list *keep = c->diags, found = TZ_DIAG_LIST_INIT;
	char short_id[8];

	git_oid_tostr(short_id, sizeof(short_id), at);
	c->diags = &found;
	compare_old(c, t, committed_type(c, t), r, o);
	c->diags = keep;
	for (size_t i = 0; i < found.n; i++)
		finding(c, found.v[i].path, found.v[i].line, found.v[i].severity,
			_("re-created after its deletion, against its last version (commit %s): %s"),
			short_id, found.v[i].msg);
	tz_diag_list_release(&found);
}

/* The records new since the base commit: those its history had before are
 * compared with their last version (tz_earlier_find), the others checked
 * as new records. */
static int check_recreated(struct checker *c)
{
	struct tz_diag_list ignored = TZ_DIAG_LIST_INIT;
	struct tz_earlier *v;
	struct tz_buf old = TZ_BUF_INIT;
	char **ids;
	int ret = -1;

	if (!c->nfresh)
		return 0;
	v = tz_calloc(c->nfresh, sizeof(*v));
	ids = tz_calloc(c->nfresh, sizeof(*ids));
	for (size_t i = 0; i < c->nfresh; i++) {
		const struct rec_info *ri = &c->recs[c->fresh[i]];
		ids[i] = tz_strdup(tz_place_id(&c->id, ri->path));
		v[i].type = &c->schema->types[ri->type];
		v[i].id = ids[i];
	}
	if (tz_earlier_find(c->src.repo, git_commit_id(c->base.commit), v, c->nfresh) < 0)
		goto out;
	for (size_t i = 0; i < c->nfresh; i++) {
		const struct rec_info *ri = &c->recs[c->fresh[i]];
		const struct tz_type *t = v[i].type;
		struct tz_record *r, *o = NULL;

		if (read_rec(c, ri, &c->data) != 0)
			continue;
		r = tz_record_parse(ri->path, c->data.ptr ? c->data.ptr : "", c->data.len, &ignored);
		if (!r || !r->nsections) {
			tz_record_free(r);
			continue;
		}
		if (v[i].found) {
			struct tz_entry e = { v[i].path, NULL, TZ_ENTRY_FILE, 0, v[i].blob, 1 };
			int rc = tz_source_read(&c->base, &e, TZ_RECORD_MAX_SIZE, &old);
			if (rc < 0) {
				tz_record_free(r);
				goto out;
			}
			if (rc == 0)
				o = tz_record_parse(v[i].path, old.ptr ? old.ptr : "", old.len, &ignored);
		}
		if (o && o->nsections && !strcmp(o->sections[0].name, t->name))
			compare_earlier(c, t, r, o, &v[i].commit);
		else
			tz_follow_check(t, NULL, r, NULL, c->diags);	/* a new record */
		tz_record_free(o);
		tz_record_free(r);
	}
	ret = 0;
out:
	tz_earlier_release(v, c->nfresh);
	for (size_t i = 0; i < c->nfresh; i++)
		free(ids[i]);
	free(ids);
	free(v);
	tz_buf_release(&old);
	tz_diag_list_release(&ignored);
	return ret;
}

/* Phase three, in record order: transitions and append-only parts of the
 * records whose content may differ from their committed version. */
static int check_histories(struct checker *c)
{
	struct tz_diag_list ignored = TZ_DIAG_LIST_INIT;
	int ret = 0;

	for (size_t i = 0; i < c->nrecs && !ret; i++) {
		struct rec_info *ri = &c->recs[i];
		struct tz_record *r;

		if (!ri->needs_history)
			continue;
		if (ri->has_key && c->base.tree) {	/* the committed blob, unchanged */
			git_tree_entry *te = NULL;
			int same = git_tree_entry_bypath(&te, c->base.tree, ri->path) == 0 &&
				   git_tree_entry_type(te) == GIT_OBJECT_BLOB &&
				   git_oid_equal(git_tree_entry_id(te), &ri->key);
			git_tree_entry_free(te);
			if (same)
				continue;
		}
		if (read_rec(c, ri, &c->data) != 0)
			continue;
		r = tz_record_parse(ri->path, c->data.ptr ? c->data.ptr : "", c->data.len, &ignored);
		if (r && r->nsections)
			ret = check_history(c, i, &c->schema->types[ri->type], tz_place_id(&c->id, ri->path), r,
					    c->data.ptr ? c->data.ptr : "", c->data.len);
		tz_record_free(r);
	}
	tz_diag_list_release(&ignored);
	return ret ? ret : check_recreated(c);
}

static void check_unique(struct checker *c)
{
	struct tz_strmap seen = TZ_STRMAP_INIT;
	struct tz_buf key = TZ_BUF_INIT, q = TZ_BUF_INIT, pa = TZ_BUF_INIT, pb = TZ_BUF_INIT, fn = TZ_BUF_INIT;

	for (size_t i = 0; i < c->nuniqs; i++) {
		const struct use *u = &c->uniqs[i];
		size_t first;

		tz_buf_clear(&key);
		tz_buf_printf(&key, "%p\x1f%s", (const void *)u->f, u->value);
		if (tz_strmap_put(&seen, key.ptr, i, &first))
			continue;
		tz_buf_clear(&q);
		tz_text_quote(&q, u->value);
		tz_buf_clear(&pa);
		tz_quote(&pa, c->recs[u->rec].path);
		tz_buf_clear(&pb);
		tz_quote(&pb, c->recs[c->uniqs[first].rec].path);
		fname(&fn, "", u->f);
		finding(c, c->recs[u->rec].path, u->line, TZ_ERROR, _("%s: \"%s\" is also used by %s"),
			fn.ptr, q.ptr, pb.ptr);
		finding(c, c->recs[c->uniqs[first].rec].path, c->uniqs[first].line, TZ_ERROR, _("%s: \"%s\" is also used by %s"),
			fn.ptr, q.ptr, pa.ptr);
	}
	tz_strmap_release(&seen);
	tz_buf_release(&key);
	tz_buf_release(&pa);
	tz_buf_release(&pb);
	tz_buf_release(&q);
	tz_buf_release(&fn);
}

/* schema/policy.ini, when there is one, is part of the schema's checks. */
static int check_policy(struct checker *c)
{
	int rc;

	if (c->schema->policy_unreadable)
		return 0;	/* the schema's findings say why */
	rc = tz_source_read_path(&c->src, TZ_POLICY_PATH, TZ_RECORD_MAX_SIZE, &c->data);
	if (rc < 0)
		return -1;
	if (rc == 0)
		tz_policy_free(tz_policy_parse(c->data.ptr ? c->data.ptr : "", c->data.len, c->schema, c->diags));
	return 0;
}

/*
 * The briefing's settings are part of the schema's checks too, so that a
 * mistake there stops a commit instead of surfacing when tz report runs:
 * schema/calendar.ini (and, when it exists, a warning for this year missing
 * from it: its working days would be guessed), report.ini and
 * assessment.ini (their actions against the issue log's).
 */
static int check_settings(struct checker *c)
{
	struct tz_calendar *cal = NULL;
	struct tz_report_settings set;
	struct tz_buf years = TZ_BUF_INIT;
	enum tz_entry_kind kind;
	int ret;

	if (tz_calendar_load(&cal, &c->src, c->diags) < 0)
		return -1;
	/* a year missing from a calendar.ini that could be read */
	if (tz_source_path_kind(&c->src, TZ_CALENDAR_PATH, &kind) && kind == TZ_ENTRY_FILE) {
		tz_calendar_is_workday(cal, tz_date_today());
		if (tz_calendar_missing(cal, &years))
			tz_diag_add(c->diags, TZ_CALENDAR_PATH, 1, TZ_WARNING,
				    _("no [year.%s] section: the working days of %s are counted as Monday to Friday"),
				    years.ptr, years.ptr);
	}
	tz_buf_release(&years);
	tz_calendar_free(cal);
	ret = tz_report_settings_load(&set, &c->src, c->schema, c->diags);
	tz_report_settings_release(&set);
	return ret;
}

static int wanted(const struct tz_check_opts *o, const char *path)
{
	if (!o->npaths)
		return 1;
	for (size_t i = 0; i < o->npaths; i++) {
		const char *p = o->paths[i];
		size_t n = strlen(p);
		while (n && p[n - 1] == '/')
			n--;
		if (n == 0 || (!strncmp(path, p, n) && (path[n] == '\0' || path[n] == '/')))
			return 1;
	}
	return 0;
}

static void checker_release(struct checker *c)
{
	wait_index(c);	/* when the walk failed first */
	if (c->pipe) {	/* the walk failed: the workers stop, their results go */
		struct pipeline *p = c->pipe;
		struct tz_diag_list dropped = TZ_DIAG_LIST_INIT, *keep = c->diags;
		c->pipe = NULL;
		pthread_mutex_lock(&p->mu);
		p->stop = 1;
		pthread_mutex_unlock(&p->mu);
		c->diags = &dropped;
		pipe_finish(c, p);
		c->diags = keep;
		tz_diag_list_release(&dropped);
	}
	tz_dirfd_release(&c->dir);
	for (size_t i = 0; i < c->nrecs; i++) {
		free(c->recs[i].path);
		free(c->recs[i].oid);
	}
	free(c->recs);
	for (size_t i = 0; c->ids && i < c->schema->ntypes; i++)
		tz_strmap_release(&c->ids[i]);
	free(c->ids);
	if (c->names) {
		for (size_t i = 0; i < c->names->ntypes; i++) {
			struct name_list *l = &c->names->types[i];
			for (size_t k = 0; k < l->n; k++) {
				free(l->v[k].id);
				free(l->v[k].title);
				free(l->v[k].short_name);
			}
			free(l->v);
		}
		free(c->names->types);
		pthread_mutex_destroy(&c->names->lock);
		free(c->names);
	}
	for (size_t i = 0; i < c->nuniqs; i++) {
		free(c->uniqs[i].value);
		free(c->uniqs[i].prefix);
	}
	free(c->uniqs);
	for (size_t i = 0; c->base_ids && i < c->schema->ntypes; i++)
		tz_strmap_release(&c->base_ids[i]);
	free(c->base_ids);
	for (size_t i = 0; i < c->nbase; i++)
		free(c->base_v[i].path);
	free(c->base_v);
	tz_vouch_release(&c->index);
	tz_strmap_release(&c->staged);
	tz_schema_free(c->schema);
	tz_source_release(&c->src);
	tz_source_release(&c->base);
	tz_buf_release(&c->data);
	tz_buf_release(&c->id);
	tz_buf_release(&c->why);
	for (size_t i = 0; i < c->npending; i++)
		free(c->pending[i].items);
	free(c->pending);
	free(c->fdefs);
	tz_buf_release(&c->walked.pending);
	tz_strmap_release(&c->changed);
	free(c->committed);
	tz_schema_free(c->committed_schema);
	free(c->fresh);
	if (c->stamps)
		tz_stamps_writer_release(c->stamps);
	free(c->stamps);
	free(c->stamp_keys);
}

/* ---- the cache ---- */

struct schema_bytes {
	struct tz_source *src;
	struct tz_buf *out;
	int today;		/* a schema file says "today" */
};

static int add_schema_file(const struct tz_entry *e, void *payload)
{
	struct schema_bytes *sb = payload;
	struct tz_buf data = TZ_BUF_INIT;
	int rc;

	tz_buf_printf(sb->out, "%s%c%d", e->path, 0, (int)e->kind);
	tz_buf_putc(sb->out, 0);
	rc = e->kind == TZ_ENTRY_FILE ? tz_source_read(sb->src, e, (size_t)16 << 20, &data) : 1;
	if (rc < 0) {
		tz_buf_release(&data);
		return -1;
	}
	if (rc == 0) {
		tz_buf_printf(sb->out, "%zu", data.len);
		tz_buf_putc(sb->out, 0);
		tz_buf_put(sb->out, data.ptr ? data.ptr : "", data.len);
		if (data.ptr && strstr(data.ptr, "today"))
			sb->today = 1;
	}
	tz_buf_release(&data);
	return 0;
}

/*
 * The schema digest: everything a record's own result depends on besides
 * its content and type. The schema's files (all of them, byte for byte),
 * the program's version, the language findings are written in, whether
 * there is a committed version at all, and the date when a schema file
 * mentions "today" (a rule may compare with it).
 */
static int schema_digest(unsigned char out[20], struct checker *c)
{
	struct tz_buf b = TZ_BUF_INIT;
	struct schema_bytes sb = { &c->src, &b, 0 };
	const char *lang = getenv("LANGUAGE"), *msgs = setlocale(LC_MESSAGES, NULL);
	git_oid id;
	int rc;

	tz_buf_printf(&b, "taizhang %s check cache\n", TZ_VERSION);
	tz_buf_printf(&b, "language %s %s %d\n", lang ? lang : "", msgs ? msgs : "", tz_i18n_active());
	tz_buf_printf(&b, "base %d\n", c->base.empty);
	rc = tz_source_walk(&c->src, "schema", add_schema_file, &sb);
	if (rc == 0 && sb.today)
		tz_buf_printf(&b, "today %ld\n", c->today);
	if (rc == 0) {
		/* whether calendar.ini has this year (a warning) */
		char day[11];
		tz_date_format(c->today, day);
		tz_buf_printf(&b, "year %.4s\n", day);
	}
	if (rc == 0 && git_odb_hash(&id, b.ptr, b.len, GIT_OBJECT_BLOB) < 0)
		rc = tz_error_git(_("cannot hash the schema"));
	if (rc == 0)
		memcpy(out, id.id, 20);
	tz_buf_release(&b);
	return rc < 0 ? -1 : 0;
}

/* The fingerprint of a run: its schema digest, the committed tree it is
 * compared with and its commit, what the walk met and every record's
 * content. Equal fingerprints give equal findings. */
static void run_fingerprint(unsigned char out[20], struct checker *c, const unsigned char digest[20])
{
	struct chain b = CHAIN_INIT;

	chain_flush(&c->walked, 1);
	tz_buf_put(&b.pending, digest, 20);
	tz_buf_printf(&b.pending, "base %s src %s\n", c->base.tree ? git_oid_tostr_s(git_tree_id(c->base.tree)) : "-",
		      c->src.tree ? "tree" : "workdir");
	/* a re-created record is judged by the history behind the base
	 * commit (check_recreated), which its tree does not name */
	tz_buf_printf(&b.pending, "base commit %s\n", c->base.commit ? git_oid_tostr_s(git_commit_id(c->base.commit)) : "-");
	tz_buf_put(&b.pending, c->walked.state.id, GIT_OID_RAWSZ);
	for (size_t i = 0; i < c->nrecs; i++) {
		const struct rec_info *ri = &c->recs[i];
		tz_buf_printf(&b.pending, "%s %d%d\n", ri->has_key ? git_oid_tostr_s(&ri->key) : "-", ri->clean,
			      (int)ri->type);
		chain_flush(&b, 0);
	}
	chain_flush(&b, 1);
	memcpy(out, b.state.id, 20);
	tz_buf_release(&b.pending);
}

/* Number every field definition of the schema, so that results name fields
 * by number. */
static void number_fields(struct checker *c)
{
	size_t n = 0;

	for (size_t i = 0; i < c->schema->ntypes; i++) {
		const struct tz_type *t = &c->schema->types[i];
		n += t->nfields;
		for (size_t k = 0; k < t->nparts; k++)
			n += t->parts[k].nfields;
	}
	c->fdefs = tz_calloc(n + 1, sizeof(*c->fdefs));
	for (size_t i = 0; i < c->schema->ntypes; i++) {
		const struct tz_type *t = &c->schema->types[i];
		for (size_t f = 0; f < t->nfields; f++)
			c->fdefs[c->nfdefs++] = &t->fields[f];
		for (size_t k = 0; k < t->nparts; k++)
			for (size_t f = 0; f < t->parts[k].nfields; f++)
				c->fdefs[c->nfdefs++] = &t->parts[k].fields[f];
	}
}

/* Whether the blob id in git's index is the hash of the file's bytes as
 * read: not when filters (end-of-line conversion, attributes) may change
 * them on the way in. */
static int index_ids_trusted(struct tz_repo *repo)
{
	static const char *const attrs[] = { ".gitattributes", "records/.gitattributes" };
	git_config *cfg = NULL;
	git_config_entry *e = NULL;
	struct tz_buf p = TZ_BUF_INIT;
	struct stat st;
	int trusted = 1, v;

	if (git_repository_config_snapshot(&cfg, repo->git) < 0)
		return 0;
	if (git_config_get_entry(&e, cfg, "core.autocrlf") == 0) {
		if (git_config_parse_bool(&v, e->value) < 0 || v)
			trusted = 0;	/* true, input, or unknown */
		git_config_entry_free(e);
	}
	git_config_free(cfg);
	for (size_t i = 0; trusted && i < 2; i++) {
		tz_buf_clear(&p);
		tz_buf_printf(&p, "%s%s", repo->workdir ? repo->workdir : "", attrs[i]);
		if (repo->workdir && lstat(p.ptr, &st) == 0)
			trusted = 0;
	}
	tz_buf_clear(&p);
	tz_buf_printf(&p, "%sinfo/attributes", repo->gitdir);
	if (lstat(p.ptr, &st) == 0)
		trusted = 0;
	tz_buf_release(&p);
	return trusted;
}

/* ---- nothing changed since the last run ---- */

/* What a working tree run's answer depends on besides the schema digest and
 * the walk of records/: the committed version it is compared with, and
 * git's index (what it vouches for and stages), named by its stat data as
 * git names a file. The header of the run's stamp list. */
static void stamp_context(struct tz_buf *out, const struct checker *c, const struct tz_repo *repo)
{
	struct tz_buf path = TZ_BUF_INIT;
	struct stat st;

	tz_buf_printf(out, "base %s", c->base.commit ? git_oid_tostr_s(git_commit_id(c->base.commit)) : "-");
	tz_buf_printf(out, " %s\n", c->base.tree ? git_oid_tostr_s(git_tree_id(c->base.tree)) : "-");
	tz_buf_printf(&path, "%sindex", repo->gitdir);
	if (lstat(path.ptr, &st) == 0)
		tz_buf_printf(out, "index %lld.%09ld %lld.%09ld %lld %llu %llu\n", (long long)st.st_mtim.tv_sec,
			      st.st_mtim.tv_nsec, (long long)st.st_ctim.tv_sec, st.st_ctim.tv_nsec,
			      (long long)st.st_size, (unsigned long long)st.st_ino, (unsigned long long)st.st_dev);
	else
		tz_buf_puts(out, "index -\n");
	tz_buf_release(&path);
}

struct meet {
	struct checker *c;
	struct tz_stamps_reader r;
	struct tz_buf data;
	size_t hashed;
};

/* A file of the walk against the last run's stamp list: 0 when it is the
 * same, 1 (stopping the walk) at the first that is not. */
static int meet_file(const struct tz_entry *e, const struct stat *st, void *payload)
{
	struct meet *m = payload;
	const git_oid *key;
	git_oid now;

	if (!tz_stamps_reader_next(&m->r, e->path, st, &key))
		return 1;
	if (!key)
		return 0;
	/* racily clean when it was stamped: its contents tell, a few files */
	if (++m->hashed > 256 || tz_source_read(&m->c->src, e, TZ_RECORD_MAX_SIZE, &m->data) != 0 ||
	    git_odb_hash(&now, m->data.ptr ? m->data.ptr : "", m->data.len, GIT_OBJECT_BLOB) < 0)
		return 1;
	return !git_oid_equal(&now, key);
}

/*
 * The last run's findings, appended to out, when this run would read what
 * it read: the same schema digest (the rows' checksums), the same context,
 * and a walk that meets every file of its stamp list unchanged (git's rules
 * for stat data, vouch.h), in the same order. Then no record is placed,
 * read or hashed and git's index is not read, as git status compares the
 * walk with its index. Returns 1, or 0 when anything differs.
 */
static int unchanged_since_last(struct checker *c, const struct tz_buf *context, struct tz_diag_list *out)
{
	struct meet m = { c, { 0 }, TZ_BUF_INIT, 0 };
	struct tz_buf stamps = TZ_BUF_INIT;
	const unsigned char *header;
	unsigned char fp[20];
	size_t hlen;
	int ret = 0;

	if (!tz_vcache_stamps(c->vc, fp, &stamps) ||
	    tz_stamps_reader_init(&m.r, stamps.ptr, stamps.len, &header, &hlen) < 0 ||
	    hlen != context->len || memcmp(header, context->ptr, hlen))
		goto out;
	if (tz_source_walk_stat(&c->src, "records", meet_file, &m) != 0 || !tz_stamps_reader_done(&m.r) ||
	    !tz_vcache_last(c->vc, fp, out))
		goto out;
	c->stats->files = m.r.entries;
	c->stats->records = m.r.marked;
	ret = 1;
out:
	tz_stamps_reader_release(&m.r);
	tz_buf_release(&m.data);
	tz_buf_release(&stamps);
	return ret;
}

/* Keep the walk's stamp list with the run whose fingerprint is fp. */
static void keep_stamps(struct checker *c, const unsigned char fp[20])
{
	if (!c->stamps)
		return;
	for (size_t i = 0; i < c->nstamp_keys; i++) {
		const struct rec_info *ri = &c->recs[c->stamp_keys[i].rec];
		if (ri->has_key)
			tz_stamps_writer_key(c->stamps, c->stamp_keys[i].slot, &ri->key);
	}
	tz_vcache_set_stamps(c->vc, fp, c->stamps->out.ptr, c->stamps->out.len);
}

static int check_changed(struct checker *c);
static void forget_records(struct checker *c);

int tz_check(struct tz_repo *repo, const struct tz_check_opts *opts,
	     struct tz_diag_list *out, struct tz_check_stats *stats)
{
	struct tz_diag_list all = TZ_DIAG_LIST_INIT, last = TZ_DIAG_LIST_INIT, own = TZ_DIAG_LIST_INIT;
	struct tz_buf context = TZ_BUF_INIT;
	struct timespec limit;
	struct checker c;
	unsigned char digest[20], fp[20];
	static const struct tz_check_opts defaults = TZ_CHECK_OPTS_INIT;
	int ret = -1, have_fp = 0;

	/* a file changed from a second before the walk on may change again
	 * unseen by its stat data: its stamp holds its blob id instead */
	clock_gettime(CLOCK_REALTIME, &limit);
	limit.tv_sec--;
	memset(&c, 0, sizeof(c));
	c.dir = (struct tz_dirfd)TZ_DIRFD_INIT;
	memset(stats, 0, sizeof(*stats));
	if (!opts)
		opts = &defaults;
	if (opts->version != TZ_CHECK_OPTS_VERSION)
		return tz_error_set(_("tz_check: options of version %u, not %u"), opts->version,
				    TZ_CHECK_OPTS_VERSION);
	if (opts->keep)
		*opts->keep = NULL;
	c.diags = &all;
	c.stats = stats;
	c.opts = opts;
	c.today = tz_date_today();
	if (tz_source_open(&c.src, repo, opts->rev) < 0)
		goto out;
	if (opts->base_rev ? tz_source_open(&c.base, repo, opts->base_rev) < 0
			   : tz_source_open_base(&c.base, &c.src) < 0)
		goto out;
	if (tz_schema_load(&c.schema, &c.src, &all, &stats->schema_files) < 0)
		goto out;
	if (check_policy(&c) < 0 || check_settings(&c) < 0 || load_committed(&c) < 0)
		goto out;
	c.ids = tz_calloc(c.schema->ntypes + 1, sizeof(*c.ids));
	c.names = tz_calloc(1, sizeof(*c.names));
	pthread_mutex_init(&c.names->lock, NULL);
	c.names->ntypes = c.schema->ntypes;
	c.names->types = tz_calloc(c.schema->ntypes + 1, sizeof(*c.names->types));
	number_fields(&c);
	/* a bare repository is a server's: its hooks judge pushes and write
	 * nothing (a refused push must leave the repository as it was) */
	if (!opts->no_cache && repo->workdir && schema_digest(digest, &c) == 0)
		(opts->cache_read_only ? tz_vcache_open_read_only : tz_vcache_open)(&c.vc, repo, digest);
	if (c.vc && !c.src.tree && !opts->base_rev) {
		stamp_context(&context, &c, repo);
		if (unchanged_since_last(&c, &context, &last)) {
			/* the schema's findings, found again above, included */
			tz_diag_list_release(&all);
			tz_diag_move(&all, &last);
			ret = 0;
			goto out;
		}
		c.stamps = tz_calloc(1, sizeof(*c.stamps));
		tz_stamps_writer_init(c.stamps, context.ptr ? context.ptr : "", context.len, &limit);
	}
	c.trust_index_ids = c.vc && index_ids_trusted(repo);
	if (!c.src.tree && !opts->base_rev && !c.base.empty)
		start_index(&c, repo);
	if (c.src.tree && c.base.tree) {
		/* what differs from the base, found at the cost of the change:
		 * the rest has no transitions to check */
		struct tz_changes ch = TZ_CHANGES_INIT;
		if (tz_changes_trees(&ch, repo->git, c.base.tree, c.src.tree, "records") < 0) {
			tz_changes_release(&ch);
			goto out;
		}
		for (size_t i = 0; i < ch.n; i++)
			if (ch.v[i].new_path)
				tz_strmap_put(&c.changed, ch.v[i].new_path, i, NULL);
		c.have_changed = 1;
		tz_changes_release(&ch);
	}
	if (opts->keep && c.src.tree)
		c.own = &own;
	if (opts->incremental && c.vc && c.src.tree) {
		int rc = check_changed(&c);
		if (rc < 0)
			goto out;
		if (rc == 1) {
			stats->cache_incremental = 1;
			goto checked;
		}
		forget_records(&c);	/* the change reaches further: all */
	}
	c.pipe = pipe_new(&c);	/* records checked as the walk lists them */
	if (tz_source_walk_stat(&c.src, "records", collect_file, &c) < 0)
		goto out;
	wait_index(&c);
	if (c.vc) {
		/* a few changed files are hashed here, so that a run that reads
		 * what the last one read answers what it answered (the working
		 * tree's: a revision's answer is never kept whole) */
		size_t unknown = 0;
		for (size_t i = 0; i < c.nrecs; i++)
			unknown += !c.recs[i].has_key;
		if (!c.src.tree && unknown <= 256) {
			for (size_t i = 0; i < c.nrecs; i++) {
				int read;
				if (find_key(&c, &c.recs[i], &c.data, &read) < 0)
					goto out;
			}
			run_fingerprint(fp, &c, digest);
			have_fp = 1;
			if (tz_vcache_last(c.vc, fp, &last)) {
				/* the last run's findings are the whole answer,
				 * the schema's (found again above) included */
				tz_diag_list_release(&all);
				tz_diag_move(&all, &last);
				keep_stamps(&c, fp);
				if (!opts->cache_read_only)
					tz_vcache_save(c.vc, c.nrecs);
				ret = 0;
				goto out;
			}
		}
		tz_vcache_load(c.vc);
	}
	if (check_all(&c) < 0 || check_histories(&c) < 0)
		goto out;
	check_unique(&c);
checked:
	if (c.vc) {
		for (size_t i = 0; i < c.npending; i++) {
			const struct rec_info *ri = &c.recs[c.pending[i].rec];
			tz_vcache_put(c.vc, c.schema->types[ri->type].name, &ri->key, c.pending[i].items, c.pending[i].len);
		}
		if (!c.src.tree) {	/* the working tree is what is validated again */
			if (!have_fp)
				run_fingerprint(fp, &c, digest);
			tz_vcache_set_last(c.vc, fp, &all);
			keep_stamps(&c, fp);
		}
		if (c.own && !all.errors)	/* it may be committed */
			tz_vcache_set_tree(c.vc, git_tree_id(c.src.tree), &own);
		if (!opts->cache_read_only)
			tz_vcache_save(c.vc, c.nrecs);
	}
	ret = 0;
out:
	if (c.vc) {
		struct tz_vcache_stats vs;
		tz_vcache_stats(c.vc, &vs);
		stats->cache_hits = vs.hits;
		stats->cache_misses = vs.misses;
		stats->cache_reused = vs.reused;
		stats->cache_damaged = vs.damaged;
		stats->cache_used = 1;
	}
	if (opts->keep && ret == 0 && opts->cache_read_only) {
		tz_vcache_unload(c.vc);	/* what is queued is what matters now */
		*opts->keep = c.vc;	/* the caller writes it, or not */
		c.vc = NULL;
	}
	tz_vcache_free(c.vc);
	tz_diag_list_release(&own);
	for (size_t i = 0; i < all.n; i++) {
		struct tz_diag *d = &all.v[i];
		if (!strncmp(d->path, "schema/", 7) || wanted(opts, d->path)) {
			tz_diag_add(out, d->path, d->line, d->severity, "%s", d->msg);
		}
	}
	tz_diag_sort(out);
	tz_diag_list_release(&all);
	tz_buf_release(&context);
	checker_release(&c);
	return ret;
}

/* tz_check_records: the references a record makes, looked up by ID in the
 * revision's tree and entered in the ID maps, so that check_ref finds them
 * as if every record had been walked. */
static int find_refs(struct checker *c, const struct tz_record *r, const struct tz_type *t)
{
	struct tz_buf path = TZ_BUF_INIT;
	git_oid oid;
	int ret = 0;

	for (size_t i = 0; i < r->nsections && !ret; i++) {
		const struct tz_section *s = &r->sections[i];
		const struct tz_fdef *defs = t->fields;
		size_t ndefs = t->nfields;

		if (i > 0) {
			const char *dot = strchr(s->name, '.');
			char *pname = dot ? tz_strndup(s->name, (size_t)(dot - s->name)) : tz_strdup(s->name);
			const struct tz_partdef *p = tz_type_part(t, pname);
			free(pname);
			if (!p)
				continue;
			defs = p->fields;
			ndefs = p->nfields;
		}
		for (size_t k = 0; k < ndefs && !ret; k++) {
			const struct tz_fdef *f = &defs[k];
			const char *v = f->type == TZ_REF && f->target ? tz_section_get(s, f->name) : NULL;
			char *copy, *item;

			if (!v)
				continue;
			copy = tz_strdup(v);
			for (item = copy; item && !ret;) {
				char *comma = f->multiple ? strchr(item, ',') : NULL;
				char *a = item, *e;
				if (comma)
					*comma = '\0';
				while (*a && strchr(" \t\n", *a))
					a++;
				e = a + strlen(a);
				while (e > a && strchr(" \t\n", e[-1]))
					*--e = '\0';
				if (*a && !tz_strmap_get(&c->ids[type_index(c, f->target)], a, NULL)) {
					int rc = tz_place_find(&path, &oid, &c->src, f->target, a, NULL);
					if (rc < 0)
						ret = -1;
					else if (rc > 0)
						tz_strmap_put(&c->ids[type_index(c, f->target)], a, (size_t)-1, NULL);
				}
				item = comma ? comma + 1 : NULL;
			}
			free(copy);
		}
	}
	tz_buf_release(&path);
	return ret;
}

/* The committed versions of the records to check, found by type and ID in
 * the base tree, in place of load_base's walk of all of it. */
static int find_bases(struct checker *c)
{
	struct tz_buf path = TZ_BUF_INIT;
	int ret = 0;

	c->base_loaded = 1;
	c->base_ids = tz_calloc(c->schema->ntypes, sizeof(*c->base_ids));
	for (size_t i = 0; i < c->nrecs && !c->base.empty && !ret; i++) {
		const struct rec_info *ri = &c->recs[i];
		struct tz_type *t = &c->schema->types[ri->type];
		git_oid oid;
		int rc = tz_place_find(&path, &oid, &c->base, t, tz_place_id(&c->id, ri->path), NULL);

		if (rc < 0) {
			ret = -1;
		} else if (rc > 0) {
			struct base_entry *b;
			TZ_ALLOC_GROW(c->base_v, c->nbase + 1, c->base_alloc);
			b = &c->base_v[c->nbase];
			git_oid_cpy(&b->oid, &oid);
			b->path = tz_strdup(path.ptr);
			if (tz_strmap_put(&c->base_ids[ri->type], c->id.ptr, c->nbase, NULL))
				c->nbase++;
			else
				free(b->path);
		}
	}
	tz_buf_release(&path);
	return ret;
}

/* Unique values of the checked records against every other record of their
 * type (read here: unique fields are kept for small types, such as units). */
struct uniq_scan {
	struct checker *c;
	unsigned type;
	struct tz_strmap *checked;	/* paths checked already */
};

static int scan_unique(const struct tz_entry *e, void *payload)
{
	struct uniq_scan *u = payload;
	struct checker *c = u->c;
	struct tz_diag_list ignored = TZ_DIAG_LIST_INIT;
	struct tz_record *r;
	int rc;

	if (e->kind != TZ_ENTRY_FILE || tz_strmap_get(u->checked, e->path, NULL))
		return 0;
	rc = tz_source_read(&c->src, e, TZ_RECORD_MAX_SIZE, &c->data);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	r = tz_record_parse(e->path, c->data.ptr ? c->data.ptr : "", c->data.len, &ignored);
	for (size_t i = 0; r && r->nsections && i < c->nuniqs; i++) {
		const struct use *us = &c->uniqs[i];
		const char *v = NULL;
		struct tz_buf q = TZ_BUF_INIT;

		if (c->recs[us->rec].type != u->type)
			continue;
		if (!us->prefix) {
			v = tz_section_get(&r->sections[0], us->f->name);
		} else {
			/* a part's field: in any entry of the same part ("log.") */
			size_t plen = strcspn(us->prefix, ".") + 1;
			for (size_t k = 1; k < r->nsections && !v; k++) {
				const char *w = tz_section_get(&r->sections[k], us->f->name);
				if (!strncmp(r->sections[k].name, us->prefix, plen) && w && !strcmp(w, us->value))
					v = w;
			}
		}
		if (!v || strcmp(v, us->value))
			continue;
		struct tz_buf fn = TZ_BUF_INIT;
		tz_text_quote(&q, us->value);
		finding(c, c->recs[us->rec].path, us->line, TZ_ERROR, _("%s: \"%s\" is also used by %s"),
			fname(&fn, "", us->f), q.ptr, e->path);
		tz_buf_release(&fn);
		tz_buf_release(&q);
	}
	tz_record_free(r);
	tz_diag_list_release(&ignored);
	return 0;
}

static int check_unique_elsewhere(struct checker *c)
{
	struct tz_strmap checked = TZ_STRMAP_INIT;
	struct tz_buf dir = TZ_BUF_INIT;
	int ret = 0;

	for (size_t i = 0; i < c->nrecs; i++)
		tz_strmap_put(&checked, c->recs[i].path, i, NULL);
	for (size_t t = 0; t < c->schema->ntypes && !ret; t++) {
		struct uniq_scan u = { c, (unsigned)t, &checked };
		int any = 0;
		for (size_t i = 0; i < c->nuniqs && !any; i++)
			any = c->recs[c->uniqs[i].rec].type == t;
		if (!any)
			continue;
		tz_buf_clear(&dir);
		tz_place_dir(&dir, &c->schema->types[t]);
		ret = tz_source_walk(&c->src, dir.ptr, scan_unique, &u) < 0 ? -1 : 0;
	}
	tz_strmap_release(&checked);
	tz_buf_release(&dir);
	return ret;
}

/* Forget the records collected and what was found about them, for a check
 * that starts again from the walk (the maps of the base stay). */
static void forget_records(struct checker *c)
{
	for (size_t i = 0; i < c->nrecs; i++) {
		free(c->recs[i].path);
		free(c->recs[i].oid);
	}
	c->nrecs = 0;
	for (size_t i = 0; i < c->schema->ntypes; i++)
		tz_strmap_release(&c->ids[i]);
	for (size_t i = 0; i < c->nuniqs; i++) {
		free(c->uniqs[i].value);
		free(c->uniqs[i].prefix);
	}
	c->nuniqs = 0;
	for (size_t i = 0; i < c->npending; i++)
		free(c->pending[i].items);
	c->npending = 0;
	c->nfresh = 0;
	c->stats->files = c->stats->records = 0;
	tz_buf_release(&c->walked.pending);
	memset(&c->walked, 0, sizeof(c->walked));
}

/* Whether a part of path below records/ starts with '.': the walks pass
 * over such files. */
static int hidden(const char *path)
{
	for (const char *p = path; (p = strchr(p, '/')); p++)
		if (p[1] == '.')
			return 1;
	return 0;
}

static int cmp_path(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * tz_check with opts->incremental. The answer kept for a tree K (the last
 * one committed after a validation with this digest) holds the findings
 * its records make on their own, and K had no other: it was committed, so
 * every file is a record, every reference is met, every unique value used
 * once. Then only the files of rev that differ from K or from the base
 * (HEAD, usually K itself) need checking: their place, their own findings,
 * their references (looked up in rev's tree), their unique values (compared
 * with the other records of their type) and their history against the base.
 * The other records' answer is what was kept, unless the change reaches
 * them: a file of K deleted or moved (who referred to it?), a reference not
 * met and a unique value used twice (the full check's messages name other
 * records), a file that is not a record, an ID used twice. Then, and when
 * the cache turns out damaged, this returns 0 and everything is checked.
 * Returns 1 with the answer in c->diags (and the records' own findings in
 * c->own), or -1.
 */
static int check_changed(struct checker *c)
{
	struct tz_diag_list kept = TZ_DIAG_LIST_INIT, found = TZ_DIAG_LIST_INIT, own = TZ_DIAG_LIST_INIT;
	struct tz_diag_list ignored = TZ_DIAG_LIST_INIT, *diags = c->diags, *keep_own = c->own;
	struct tz_changes since = TZ_CHANGES_INIT;
	struct tz_strmap delta = TZ_STRMAP_INIT;	/* path -> 1 in K, 0 new */
	struct names *names = c->names;
	struct tz_buf other = TZ_BUF_INIT;
	struct tz_vcache_stats vs;
	git_repository *git = c->src.repo->git;
	git_tree *k = NULL;
	const char **paths = NULL;
	git_oid tree;
	size_t n = 0, before;
	int ret = 0;

	if (!c->base.tree || !tz_vcache_tree(c->vc, &tree, &kept) || git_tree_lookup(&k, git, &tree) < 0)
		goto out;
	if (tz_changes_trees(&since, git, k, c->src.tree, "records") < 0) {
		ret = -1;
		goto out;
	}
	if (since.others)
		goto out;
	for (size_t i = 0; i < since.n; i++) {
		const struct tz_change *ch = &since.v[i];
		if (!ch->new_path && !hidden(ch->old_path))
			goto out;	/* who referred to it? */
		if (ch->new_path)
			tz_strmap_put(&delta, ch->new_path, ch->old_path != NULL, NULL);
	}
	c->diags = &found;
	c->own = &own;
	c->names = NULL;	/* hints by name read every record: not here */
	paths = tz_calloc(delta.n + c->changed.n + 1, sizeof(*paths));
	for (size_t i = 0; i < delta.cap; i++)
		if (delta.slots[i].key)
			paths[n++] = delta.slots[i].key;
	for (size_t i = 0; i < c->changed.cap; i++)
		if (c->changed.slots[i].key && !tz_strmap_get(&delta, c->changed.slots[i].key, NULL))
			paths[n++] = c->changed.slots[i].key;
	if (n)
		tz_sort(paths, n, sizeof(*paths), cmp_path);
	for (size_t i = 0; i < n; i++) {
		struct tz_entry e = { paths[i], NULL, TZ_ENTRY_FILE, 0, { { 0 } }, 1 };
		git_tree_entry *te = NULL;
		git_filemode_t mode;
		size_t in_k = 1;
		git_oid oid;
		int rc;

		if (hidden(paths[i]))
			continue;
		if (git_tree_entry_bypath(&te, c->src.tree, paths[i]) < 0)
			goto out;
		e.name = strrchr(paths[i], '/') ? strrchr(paths[i], '/') + 1 : paths[i];
		git_oid_cpy(&e.oid, git_tree_entry_id(te));
		mode = git_tree_entry_filemode(te);
		git_tree_entry_free(te);
		e.kind = mode == GIT_FILEMODE_LINK ? TZ_ENTRY_SYMLINK :
			 (mode == GIT_FILEMODE_BLOB || mode == GIT_FILEMODE_BLOB_EXECUTABLE) ? TZ_ENTRY_FILE : TZ_ENTRY_OTHER;
		before = found.n;
		if (collect_file(&e, NULL, c) < 0) {
			ret = -1;
			goto out;
		}
		if (found.n > before)
			goto out;	/* not a record, or an ID twice in the change */
		tz_strmap_get(&delta, paths[i], &in_k);
		if (in_k)
			continue;
		/* a file K did not have: its ID elsewhere in its type's folder? */
		rc = tz_place_find(&other, &oid, &c->src, &c->schema->types[c->recs[c->nrecs - 1].type],
				   tz_place_id(&c->id, paths[i]), paths[i]);
		if (rc < 0) {
			ret = -1;
			goto out;
		}
		if (rc > 0)
			goto out;
	}
	/* the IDs the records refer to, where rev's tree has them */
	for (size_t i = 0; i < c->nrecs; i++) {
		struct rec_info *ri = &c->recs[i];
		struct tz_type *t = &c->schema->types[ri->type];
		struct tz_record *r;
		int rc;

		if (read_rec(c, ri, &c->data) != 0)
			continue;
		r = tz_record_parse(ri->path, c->data.ptr ? c->data.ptr : "", c->data.len, &ignored);
		tz_diag_list_release(&ignored);
		rc = r && r->nsections ? find_refs(c, r, t) : 0;
		tz_record_free(r);
		if (rc < 0) {
			ret = -1;
			goto out;
		}
		tz_vcache_fetch(c->vc, t->name, &ri->key);
	}
	if (check_all(c) < 0) {
		ret = -1;
		goto out;
	}
	if (found.n > own.n)
		goto out;	/* a reference not met (or a file too large) */
	if (check_histories(c) < 0) {
		ret = -1;
		goto out;
	}
	before = found.n;
	check_unique(c);
	if (check_unique_elsewhere(c) < 0) {
		ret = -1;
		goto out;
	}
	tz_vcache_stats(c->vc, &vs);
	if (found.n > before || vs.damaged)
		goto out;
	/* the answer: what was kept of the records not checked, and the rest */
	for (size_t i = 0; i < kept.n; i++) {
		const struct tz_diag *d = &kept.v[i];
		if (tz_strmap_get(&delta, d->path, NULL) || tz_strmap_get(&c->changed, d->path, NULL))
			continue;
		tz_diag_add(diags, d->path, d->line, d->severity, "%s", d->msg);
		if (keep_own)
			tz_diag_add(keep_own, d->path, d->line, d->severity, "%s", d->msg);
	}
	tz_diag_move(diags, &found);
	if (keep_own)
		tz_diag_move(keep_own, &own);
	ret = 1;
out:
	c->diags = diags;
	c->own = keep_own;
	c->names = names;
	free(paths);
	git_tree_free(k);
	tz_changes_release(&since);
	tz_strmap_release(&delta);
	tz_buf_release(&other);
	tz_diag_list_release(&kept);
	tz_diag_list_release(&found);
	tz_diag_list_release(&own);
	tz_diag_list_release(&ignored);
	return ret;
}

int tz_check_records(struct tz_repo *repo, const char *rev, const char *base_rev,
		     const char *const *paths, size_t npaths, struct tz_diag_list *out)
{
	struct tz_diag_list all = TZ_DIAG_LIST_INIT, ignored = TZ_DIAG_LIST_INIT;
	struct tz_check_opts opts = TZ_CHECK_OPTS_INIT;
	struct tz_check_stats stats;
	struct tz_buf other = TZ_BUF_INIT;
	struct checker c;
	int ret = -1;

	memset(&c, 0, sizeof(c));
	c.dir = (struct tz_dirfd)TZ_DIRFD_INIT;
	memset(&stats, 0, sizeof(stats));
	opts.rev = rev;
	c.diags = &all;
	c.stats = &stats;
	c.opts = &opts;
	c.today = tz_date_today();
	if (tz_source_open(&c.src, repo, rev) < 0)
		goto out;
	if (!c.src.tree) {
		tz_error_set(_("tz_check_records needs a revision"));
		goto out;
	}
	if (base_rev) {
		if (tz_source_open(&c.base, repo, base_rev) < 0)
			goto out;
	} else {
		c.base.repo = repo;
		c.base.empty = 1;
	}
	if (tz_schema_load(&c.schema, &c.src, &all, &stats.schema_files) < 0 || check_policy(&c) < 0 ||
	    check_settings(&c) < 0 || load_committed(&c) < 0)
		goto out;
	c.ids = tz_calloc(c.schema->ntypes + 1, sizeof(*c.ids));
	number_fields(&c);
	for (size_t i = 0; i < npaths; i++) {
		git_tree_entry *te;
		struct tz_entry e = { paths[i], NULL, TZ_ENTRY_FILE, 0, { { 0 } }, 1 };
		int rc;

		if (git_tree_entry_bypath(&te, c.src.tree, paths[i]) < 0)
			continue;	/* not in this version */
		e.name = strrchr(paths[i], '/') ? strrchr(paths[i], '/') + 1 : paths[i];
		git_oid_cpy(&e.oid, git_tree_entry_id(te));
		if (git_tree_entry_filemode(te) == GIT_FILEMODE_LINK)
			e.kind = TZ_ENTRY_SYMLINK;
		else if (git_tree_entry_type(te) != GIT_OBJECT_BLOB)
			e.kind = TZ_ENTRY_OTHER;
		git_tree_entry_free(te);
		rc = collect_file(&e, NULL, &c);
		if (rc)
			goto out;
	}
	/* the same ID elsewhere in the type's folder, and the references */
	for (size_t i = 0; i < c.nrecs; i++) {
		struct rec_info *ri = &c.recs[i];
		struct tz_type *t = &c.schema->types[ri->type];
		struct tz_record *r;
		git_oid oid;
		int rc = tz_place_find(&other, &oid, &c.src, t, tz_place_id(&c.id, ri->path), ri->path);

		if (rc < 0)
			goto out;
		if (rc > 0)
			finding(&c, ri->path, 1, TZ_ERROR, _("duplicate %s ID \"%s\" (also %s)"), t->name, c.id.ptr, other.ptr);
		if (read_rec(&c, ri, &c.data) != 0)
			continue;
		r = tz_record_parse(ri->path, c.data.ptr ? c.data.ptr : "", c.data.len, &ignored);
		rc = r && r->nsections ? find_refs(&c, r, t) : 0;
		tz_record_free(r);
		if (rc < 0)
			goto out;
	}
	if (check_all(&c) < 0 || find_bases(&c) < 0 || check_histories(&c) < 0)
		goto out;
	check_unique(&c);
	if (check_unique_elsewhere(&c) < 0)
		goto out;
	ret = 0;
out:
	for (size_t i = 0; i < all.n; i++)
		tz_diag_add(out, all.v[i].path, all.v[i].line, all.v[i].severity, "%s", all.v[i].msg);
	tz_diag_sort(out);
	tz_diag_list_release(&all);
	tz_diag_list_release(&ignored);
	tz_buf_release(&other);
	checker_release(&c);
	return ret;
}

int tz_check_record(const struct tz_schema *schema, const char *path, const char *data, size_t len,
		    const char *old_data, size_t old_len, const struct tz_check_lookup *lookup,
		    struct tz_diag_list *diags)
{
	struct tz_diag_list ignored = TZ_DIAG_LIST_INIT;
	struct tz_check_stats stats;
	struct tz_check_opts opts = TZ_CHECK_OPTS_INIT;
	struct checker c;
	struct rec_info ri;
	struct tz_type *t;
	struct tz_buf other = TZ_BUF_INIT, q = TZ_BUF_INIT, items = TZ_BUF_INIT, quoted = TZ_BUF_INIT, fn = TZ_BUF_INIT;
	struct tz_record *r = NULL, *o = NULL;
	int ret = -1;

	memset(&c, 0, sizeof(c));
	c.dir = (struct tz_dirfd)TZ_DIRFD_INIT;
	memset(&ri, 0, sizeof(ri));
	memset(&stats, 0, sizeof(stats));
	c.schema = (struct tz_schema *)schema;
	c.diags = diags;
	c.stats = &stats;
	c.opts = &opts;
	c.today = tz_date_today();
	c.lookup = lookup;
	if (tz_place_record(schema, path, &t, &c.id, &c.why) < 0) {
		finding(&c, path, 1, TZ_ERROR, "%s", c.why.ptr);
		ret = 0;
		goto out;
	}
	if (len > TZ_RECORD_MAX_SIZE) {
		finding(&c, path, 1, TZ_ERROR, _("file is larger than 1 MiB (%zu bytes)"), len);
		ret = 0;
		goto out;
	}
	ri.path = (char *)path;
	ri.type = (unsigned)type_index(&c, t);
	c.recs = &ri;
	c.nrecs = 1;
	number_fields(&c);
	tz_buf_put(&c.data, data, len);
	c.items = &items;
	check_record(&c, t, &ri, 0);
	c.items = NULL;
	if (apply_result(&c, 0, (const unsigned char *)items.ptr, items.len) < 0) {
		tz_error_set(_("%s: internal error: a result does not read back"), path);
		goto out;
	}
	/* unique values, as check_unique and the whole tree would judge them:
	 * two entries of this record, else another record in the index */
	for (size_t i = 0; i < c.nuniqs && !c.lookup_failed; i++) {
		const struct use *u = &c.uniqs[i];
		const struct tz_partdef *part = NULL;
		int rc = 0;

		for (size_t k = 0; u->prefix && k < t->nparts && !part; k++)
			if (u->f >= t->parts[k].fields && u->f < t->parts[k].fields + t->parts[k].nfields)
				part = &t->parts[k];
		tz_buf_clear(&other);
		for (size_t k = 0; k < c.nuniqs && !rc; k++)
			if (k != i && c.uniqs[k].f == u->f && !strcmp(c.uniqs[k].value, u->value)) {
				tz_buf_puts(&other, path);
				rc = 1;
			}
		if (!rc)
			rc = lookup->unique_clash(lookup->payload, t, part, u->f, u->value, c.id.ptr, &other);
		if (rc < 0)
			c.lookup_failed = 1;
		if (rc <= 0)
			continue;
		tz_buf_clear(&q);
		tz_text_quote(&q, u->value);
		tz_buf_clear(&quoted);
		tz_quote(&quoted, other.ptr);
		finding(&c, path, u->line, TZ_ERROR, _("%s: \"%s\" is also used by %s"), fname(&fn, "", u->f),
			q.ptr, quoted.ptr);
	}
	if (c.lookup_failed)
		goto out;
	r = tz_record_parse(path, data, len, &ignored);
	if (r && r->nsections && !strcmp(r->sections[0].name, t->name) && needs_history(t)) {
		if (old_data)
			o = tz_record_parse(path, old_data, old_len, &ignored);
		if (o && o->nsections && !strcmp(o->sections[0].name, t->name))
			compare_old(&c, t, NULL, r, o);
		else
			tz_follow_check(t, NULL, r, NULL, diags);
	}
	tz_diag_sort(diags);
	ret = 0;
out:
	tz_record_free(r);
	tz_record_free(o);
	tz_diag_list_release(&ignored);
	for (size_t i = 0; i < c.nuniqs; i++) {
		free(c.uniqs[i].value);
		free(c.uniqs[i].prefix);
	}
	free(c.uniqs);
	free(c.fdefs);
	tz_buf_release(&items);
	tz_buf_release(&c.data);
	tz_buf_release(&c.id);
	tz_buf_release(&c.why);
	tz_buf_release(&other);
	tz_buf_release(&q);
	tz_buf_release(&quoted);
	tz_buf_release(&fn);
	return ret;
}
