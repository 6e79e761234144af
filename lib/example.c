/* example.c - replay a campaign's records as the git history that led to
 * them, deterministically: see example.h for what each record contributes. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <git2/sys/mempack.h>
#include <git2/sys/odb_backend.h>
#include "buf.h"
#include "diag.h"
#include "error.h"
#include "example.h"
#include "i18n.h"
#include "place.h"
#include "policy.h"
#include "record.h"

/* A record file and what its history is made of. */
struct rec {
	char *path;			/* "records/issues/2026/ISS-2026-0001.ini" */
	char *id;
	const struct tz_type *type;
	struct tz_record *r;
	struct tz_buf raw;
	const struct tz_section *main;
	const struct tz_section **log;	/* the status log, in key order */
	size_t nlog;
	const struct tz_partdef *mpart;	/* the part keyed by month, if any */
	const struct tz_section **months;
	size_t nmonths;
	size_t cur_log, cur_month;	/* what the last commit held */
	int committed;
	struct tz_buf last;		/* the file as last committed */
};

enum ev_kind { EV_VISIT, EV_LOG, EV_MILESTONE, EV_MONTH };

struct event {
	char date[11];
	enum ev_kind kind;
	size_t rec, k;
};

/*
 * The stage a project had before an actual date was reached. Only the
 * bundled project type has these fields; a type without them is unaffected.
 */
static const struct milestone {
	const char *date_field, *stage_field, *after, *before;
} milestones[] = {
	{ "actual_end", "stage", "completed", "construction" },
	{ "actual_start", "stage", "construction", "preliminary" },
};
#define NMILESTONES (sizeof(milestones) / sizeof(*milestones))

struct replay {
	git_repository *git;
	const struct tz_schema *schema;
	struct rec *recs;
	size_t nrecs, ralloc;
	struct event *evs;
	size_t nevs, ealloc;
	git_index *index;
	git_oid head;
	int has_head;
	char day[11];
	int nth_today;
	const struct rec *office;
	struct tz_policy *policy;	/* schema/policy.ini, or NULL */
	struct tz_example_stats stats;
};

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int read_file(const char *path, struct tz_buf *out)
{
	FILE *f = fopen(path, "rb");
	char chunk[65536];
	size_t n;

	if (!f)
		return tz_error_set(_("cannot read %s: %s"), path, strerror(errno));
	tz_buf_clear(out);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		tz_buf_put(out, chunk, n);
	if (ferror(f)) {
		fclose(f);
		return tz_error_set(_("cannot read %s: %s"), path, strerror(errno));
	}
	fclose(f);
	if (!out->ptr)
		tz_buf_puts(out, "");
	return 0;
}

/* The names in dir that do not start with '.', sorted; *n of them. */
static char **list_dir(const char *dir, size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **v = NULL;
	size_t alloc = 0;

	*n = 0;
	if (!d)
		return NULL;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		TZ_ALLOC_GROW(v, *n + 1, alloc);
		v[(*n)++] = tz_strdup(de->d_name);
	}
	closedir(d);
	if (*n)
		tz_sort(v, *n, sizeof(*v), cmp_str);
	return v;
}

static void free_list(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static int cmp_section(const void *a, const void *b)
{
	return strcmp((*(const struct tz_section *const *)a)->name,
		      (*(const struct tz_section *const *)b)->name);
}

static int is_month(const char *s)
{
	return strlen(s) == 7 && s[4] == '-' && strspn(s, "0123456789-") == 7;
}

/* Sections named PART.KEY of r, sorted by key. */
static const struct tz_section **part_sections(const struct tz_record *r, const char *part, size_t *n, int *all_months)
{
	const struct tz_section **v = NULL;
	size_t len = strlen(part), alloc = 0;

	*n = 0;
	*all_months = 1;
	for (size_t i = 1; i < r->nsections; i++) {
		const char *name = r->sections[i].name;
		if (strncmp(name, part, len) || name[len] != '.')
			continue;
		if (!is_month(name + len + 1))
			*all_months = 0;
		TZ_ALLOC_GROW(v, *n + 1, alloc);
		v[(*n)++] = &r->sections[i];
	}
	if (*n)
		tz_sort(v, *n, sizeof(*v), cmp_section);
	return v;
}

static int load_record(struct replay *rp, const char *fs_path, const char *repo_path)
{
	struct tz_diag_list diags = TZ_DIAG_LIST_INIT;
	struct tz_buf id = TZ_BUF_INIT, why = TZ_BUF_INIT;
	struct tz_type *t;
	struct rec *rc;

	if (tz_place_record(rp->schema, repo_path, &t, &id, &why) < 0) {
		int ret = t ? tz_error_set("%s: %s", repo_path, why.ptr)
			    : tz_error_set(_("%s: not a record of any type in the schema"), repo_path);
		tz_buf_release(&id);
		tz_buf_release(&why);
		return ret;
	}
	tz_buf_release(&why);
	TZ_ALLOC_GROW(rp->recs, rp->nrecs + 1, rp->ralloc);
	rc = &rp->recs[rp->nrecs++];
	memset(rc, 0, sizeof(*rc));
	rc->path = tz_strdup(repo_path);
	rc->type = t;
	rc->id = tz_buf_detach(&id);
	if (read_file(fs_path, &rc->raw) < 0)
		return -1;
	rc->r = tz_record_parse(repo_path, rc->raw.ptr, rc->raw.len, &diags);
	if (!rc->r || diags.errors || !rc->r->nsections) {
		int ret = diags.n ? tz_error_set(_("%s: cannot be read as a record: %s"), repo_path, diags.v[0].msg)
				  : tz_error_set(_("%s: cannot be read as a record"), repo_path);
		tz_diag_list_release(&diags);
		return ret;
	}
	tz_diag_list_release(&diags);
	rc->main = &rc->r->sections[0];
	if (t->status && t->log) {
		int months;
		rc->log = part_sections(rc->r, t->log, &rc->nlog, &months);
	}
	for (size_t i = 0; !rc->mpart && i < t->nparts; i++) {
		int months;
		size_t k;
		const struct tz_section **v;
		if (t->log && !strcmp(t->parts[i].name, t->log))
			continue;
		v = part_sections(rc->r, t->parts[i].name, &k, &months);
		if (k && months) {
			rc->mpart = &t->parts[i];
			rc->months = v;
			rc->nmonths = k;
		} else {
			free(v);
		}
	}
	return 0;
}

static int load_dir(struct replay *rp, const char *fs_dir, const char *repo_dir)
{
	size_t n;
	char **names = list_dir(fs_dir, &n);
	int ret = 0;

	for (size_t i = 0; !ret && i < n; i++) {
		struct tz_buf fs = TZ_BUF_INIT, rel = TZ_BUF_INIT;
		struct stat st;
		tz_buf_printf(&fs, "%s/%s", fs_dir, names[i]);
		tz_buf_printf(&rel, "%s/%s", repo_dir, names[i]);
		if (lstat(fs.ptr, &st) < 0)
			ret = tz_error_set(_("cannot read %s: %s"), fs.ptr, strerror(errno));
		else if (S_ISDIR(st.st_mode))
			ret = load_dir(rp, fs.ptr, rel.ptr);
		else if (S_ISREG(st.st_mode))
			ret = load_record(rp, fs.ptr, rel.ptr);
		else
			ret = tz_error_set(_("%s: not a regular file"), rel.ptr);
		tz_buf_release(&fs);
		tz_buf_release(&rel);
	}
	free_list(names, n);
	return ret;
}

static const char *get(const struct tz_section *s, const char *key)
{
	return tz_section_get(s, key);
}

static const struct tz_action *entry_action(const struct rec *rc, size_t j)
{
	const char *a = get(rc->log[j], "action");
	return a ? tz_type_action(rc->type, a) : NULL;
}

/* The status after the first k log entries. */
static const char *status_at(const struct rec *rc, size_t k)
{
	const char *s = NULL;

	for (size_t j = 0; j < k; j++) {
		const char *to = get(rc->log[j], "to_status");
		const struct tz_action *a = entry_action(rc, j);
		if (to)
			s = to;
		else if (a && a->to)
			s = a->to;
	}
	return s ? s : get(rc->main, rc->type->status);
}

#define NO_ENTRY ((size_t)-1)

/* Index of the entry that first fills or requires field name of the record
 * (not as a field of its own), or NO_ENTRY when none does. */
static size_t introducer(const struct rec *rc, const char *name)
{
	for (size_t j = 0; j < rc->nlog; j++) {
		const struct tz_action *a = entry_action(rc, j);
		if (!a)
			continue;
		for (size_t i = 0; i < a->nset; i++)
			if (!strcmp(a->set[i].field, name))
				return j;
		for (size_t i = 0; i < a->nrequire; i++)
			if (!strcmp(a->require[i], name) && !get(rc->log[j], name))
				return j;
	}
	return NO_ENTRY;
}

/* "{x}" -> "x" in buf; 0 when tmpl is not a single placeholder. */
static int placeholder(const char *tmpl, char *buf, size_t size)
{
	size_t n = strlen(tmpl);

	if (n < 3 || tmpl[0] != '{' || tmpl[n - 1] != '}' || n - 2 >= size)
		return 0;
	memcpy(buf, tmpl + 1, n - 2);
	buf[n - 2] = '\0';
	return 1;
}

/* The value field name had after the first k log entries. */
static const char *value_at(const struct rec *rc, const char *name, size_t k)
{
	const char *v = NULL;
	char ph[64];

	for (size_t j = 0; j < k; j++) {
		const struct tz_action *a = entry_action(rc, j);
		for (size_t i = 0; a && i < a->nset; i++) {
			if (strcmp(a->set[i].field, name))
				continue;
			if (!placeholder(a->set[i].tmpl, ph, sizeof(ph)))
				v = a->set[i].tmpl;
			else if (!strcmp(ph, "date"))
				v = get(rc->log[j], "date");
			else if (get(rc->log[j], ph))
				v = get(rc->log[j], ph);
		}
	}
	if (v)
		return v;
	/* an earlier action copied this field into another: it held that value */
	for (size_t j = 0; j < k; j++) {
		const struct tz_action *a = entry_action(rc, j);
		for (size_t i = 0; a && i < a->nset; i++)
			if (placeholder(a->set[i].tmpl, ph, sizeof(ph)) && !strcmp(ph, name) &&
			    get(rc->main, a->set[i].field))
				return get(rc->main, a->set[i].field);
	}
	return get(rc->main, name);
}

static void put_field(struct tz_buf *out, const char *key, const char *value)
{
	tz_buf_printf(out, "%s = ", key);
	for (const char *p = value; *p; p++) {
		tz_buf_putc(out, *p);
		if (*p == '\n')
			tz_buf_puts(out, "  ");
	}
	tz_buf_putc(out, '\n');
}

static void put_section(struct tz_buf *out, const struct tz_section *s)
{
	tz_buf_printf(out, "\n[%s]\n", s->name);
	for (size_t i = 0; i < s->nfields; i++)
		if (s->fields[i].value[0])
			put_field(out, s->fields[i].key, s->fields[i].value);
}

/* The stage field's value on date d, walking back over actual dates after d. */
static const char *stage_at(const struct rec *rc, const char *field, const char *d)
{
	const char *v = get(rc->main, field);

	for (size_t i = 0; v && i < NMILESTONES; i++) {
		const char *when = get(rc->main, milestones[i].date_field);
		if (!strcmp(field, milestones[i].stage_field) && when && strcmp(when, d) > 0 &&
		    !strcmp(v, milestones[i].after))
			v = milestones[i].before;
	}
	return v;
}

static int milestone_date_field(const char *name)
{
	for (size_t i = 0; i < NMILESTONES; i++)
		if (!strcmp(name, milestones[i].date_field))
			return 1;
	return 0;
}

/* Whether the record holds everything on date d: then its file is the
 * original, comments and all. */
static int complete_on(const struct rec *rc, const char *d)
{
	if (rc->cur_log < rc->nlog || rc->cur_month < rc->nmonths)
		return 0;
	for (size_t i = 0; i < NMILESTONES; i++) {
		const char *when = get(rc->main, milestones[i].date_field);
		if (when && strcmp(when, d) > 0)
			return 0;
	}
	return 1;
}

/* The file as it stood on date d, with cur_log entries and cur_month months. */
static void render(const struct rec *rc, const char *d, struct tz_buf *out)
{
	const struct tz_section *m = rc->main;
	const struct tz_section *month = rc->cur_month ? rc->months[rc->cur_month - 1] : NULL;

	tz_buf_clear(out);
	if (complete_on(rc, d)) {
		tz_buf_put(out, rc->raw.ptr, rc->raw.len);
		return;
	}
	tz_buf_printf(out, "[%s]\n", m->name);
	for (size_t i = 0; i < m->nfields; i++) {
		const char *key = m->fields[i].key, *v = m->fields[i].value;
		const struct tz_fdef *f = tz_type_field(rc->type, key);
		if (!v[0])
			continue;
		if (rc->log) {
			if (rc->type->status && !strcmp(key, rc->type->status)) {
				v = status_at(rc, rc->cur_log);
			} else {
				size_t j = introducer(rc, key);
				if ((!f || !f->required) && j != NO_ENTRY && j >= rc->cur_log)
					continue;
				v = value_at(rc, key, rc->cur_log);
			}
		}
		if (rc->mpart && tz_part_field(rc->mpart, key)) {
			v = month ? get(month, key) : NULL;
			if (!v)
				continue;
		}
		if (milestone_date_field(key) && strcmp(v, d) > 0)
			continue;
		for (size_t k = 0; k < NMILESTONES; k++)
			if (!strcmp(key, milestones[k].stage_field))
				v = stage_at(rc, key, d);
		put_field(out, key, v);
	}
	for (size_t j = 0; j < rc->cur_log; j++)
		put_section(out, rc->log[j]);
	for (size_t j = 0; j < rc->cur_month; j++)
		put_section(out, rc->months[j]);
}

static void add_event(struct replay *rp, const char *date, enum ev_kind kind, size_t rec, size_t k)
{
	struct event *e;

	TZ_ALLOC_GROW(rp->evs, rp->nevs + 1, rp->ealloc);
	e = &rp->evs[rp->nevs++];
	snprintf(e->date, sizeof(e->date), "%s", date);
	e->kind = kind;
	e->rec = rec;
	e->k = k;
}

static int cmp_event(const void *a, const void *b)
{
	const struct event *x = a, *y = b;
	int c = strcmp(x->date, y->date);

	if (c)
		return c;
	if (x->kind != y->kind)
		return (int)x->kind - (int)y->kind;
	if (x->rec != y->rec)
		return x->rec < y->rec ? -1 : 1;
	return x->k < y->k ? -1 : x->k > y->k;
}

/* The last Monday-to-Friday of month "YYYY-MM", as YYYY-MM-DD. */
static void month_end(const char *ym, char out[11])
{
	int y = atoi(ym), mo = atoi(ym + 5);
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = (mo == 12 ? y + 1 : y) - 1900;
	tm.tm_mon = mo == 12 ? 0 : mo;
	tm.tm_mday = 0;		/* the day before the 1st of the next month */
	tm.tm_hour = 12;
	timegm(&tm);
	while (tm.tm_wday == 0 || tm.tm_wday == 6) {
		tm.tm_mday--;
		timegm(&tm);
	}
	strftime(out, 11, "%Y-%m-%d", &tm);
}

static int valid_date(const char *d)
{
	return d && strlen(d) == 10 && d[4] == '-' && d[7] == '-';
}

static int collect_events(struct replay *rp)
{
	char first[11] = "9999-99-99";

	for (size_t i = 0; i < rp->nrecs; i++) {
		struct rec *rc = &rp->recs[i];
		const char *date = get(rc->main, "date");
		for (size_t j = 0; j < rc->nlog; j++) {
			const char *d = get(rc->log[j], "date");
			if (!valid_date(d))
				return tz_error_set(_("%s: %s: no date"), rc->path, rc->log[j]->name);
			add_event(rp, d, EV_LOG, i, j + 1);
		}
		for (size_t j = 0; j < rc->nmonths; j++) {
			char end[11];
			month_end(strchr(rc->months[j]->name, '.') + 1, end);
			add_event(rp, end, EV_MONTH, i, j + 1);
		}
		if (!rc->log && !rc->mpart && valid_date(date))
			add_event(rp, date, EV_VISIT, i, 0);
	}
	if (!rp->nevs)
		return tz_error_set(_("no dated records to replay"));
	for (size_t i = 0; i < rp->nevs; i++)
		if (strcmp(rp->evs[i].date, first) < 0)
			memcpy(first, rp->evs[i].date, sizeof(first));
	/* a project that started before the ledger did starts in its stage */
	for (size_t i = 0; i < rp->nrecs; i++) {
		const struct rec *rc = &rp->recs[i];
		for (size_t j = 0; rc->mpart && j < NMILESTONES; j++) {
			const char *d = get(rc->main, milestones[j].date_field);
			if (valid_date(d) && strcmp(d, first) > 0)
				add_event(rp, d, EV_MILESTONE, i, j);
		}
	}
	tz_sort(rp->evs, rp->nevs, sizeof(*rp->evs), cmp_event);
	return 0;
}

/* The unit record an actor names: by ID, short name or name. */
static const struct rec *find_unit(const struct replay *rp, const char *actor)
{
	for (size_t i = 0; actor && i < rp->nrecs; i++) {
		const struct rec *rc = &rp->recs[i];
		const char *s, *n;
		if (strcmp(rc->type->name, "unit"))
			continue;
		s = get(rc->main, "short_name");
		n = get(rc->main, "name");
		if (!strcmp(rc->id, actor) || (s && !strcmp(s, actor)) || (n && !strcmp(n, actor)))
			return rc;
	}
	return NULL;
}

/* The e-mail address unit commits with: the first address of its member
 * in the policy, else ID@example.gov.cn. */
static void unit_email(const struct replay *rp, const struct rec *unit, struct tz_buf *out)
{
	tz_buf_clear(out);
	for (size_t i = 0; rp->policy && i < rp->policy->nmembers; i++) {
		const struct tz_policy_member *m = &rp->policy->members[i];
		if (!m->unit || strcmp(m->unit, unit->id))
			continue;
		for (size_t j = 0; j < m->npeople; j++)
			if (strchr(m->people[j], '@')) {
				tz_buf_puts(out, m->people[j]);
				return;
			}
	}
	tz_buf_printf(out, "%s@example.gov.cn", unit->id);
}

static int signature(git_signature **out, const struct replay *rp, const struct rec *unit,
		     const char *actor, const char *date)
{
	struct tz_buf email = TZ_BUF_INIT;
	struct tm tm;
	const char *name;
	git_time_t when;
	int ret;

	if (!unit && !actor)
		unit = rp->office;
	if (unit) {
		name = get(unit->main, "short_name");
		if (!name)
			name = get(unit->main, "name");
		unit_email(rp, unit, &email);
	} else if (rp->office) {
		name = actor;
		unit_email(rp, rp->office, &email);
	} else {
		name = actor;
		tz_buf_puts(&email, "office@example.gov.cn");
	}
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = atoi(date) - 1900;
	tm.tm_mon = atoi(date + 5) - 1;
	tm.tm_mday = atoi(date + 8);
	/* 08:30 local time (+0800), then a minute for each commit of the day */
	when = (git_time_t)timegm(&tm) - 8 * 3600 + 8 * 3600 + 30 * 60 + 60 * rp->nth_today;
	ret = git_signature_new(out, name ? name : "unknown", email.ptr, when, 8 * 60);
	tz_buf_release(&email);
	return ret < 0 ? tz_error_git(_("cannot make a signature")) : 0;
}

static int stage_blob(struct replay *rp, const char *path, const char *data, size_t len)
{
	git_index_entry e;

	memset(&e, 0, sizeof(e));
	e.path = path;
	e.mode = GIT_FILEMODE_BLOB;
	if (git_blob_create_from_buffer(&e.id, rp->git, data, len) < 0 ||
	    git_index_add(rp->index, &e) < 0)
		return tz_error_git(path);
	return 0;
}

static int commit(struct replay *rp, const char *date, const git_signature *sig, const char *msg)
{
	git_oid tree_oid, oid;
	git_tree *tree = NULL;
	git_commit *parent = NULL;
	int ret = -1;

	if (git_index_write_tree_to(&tree_oid, rp->index, rp->git) < 0 ||
	    git_tree_lookup(&tree, rp->git, &tree_oid) < 0 ||
	    (rp->has_head && git_commit_lookup(&parent, rp->git, &rp->head) < 0) ||
	    git_commit_create(&oid, rp->git, NULL, sig, sig, NULL, msg, tree,
			      rp->has_head ? 1 : 0, (const git_commit **)&parent) < 0) {
		tz_error_git(_("cannot commit"));
		goto out;
	}
	rp->head = oid;
	rp->has_head = 1;
	rp->stats.commits++;
	if (!rp->stats.first[0])
		snprintf(rp->stats.first, sizeof(rp->stats.first), "%s", date);
	snprintf(rp->stats.last, sizeof(rp->stats.last), "%s", date);
	ret = 0;
out:
	git_commit_free(parent);
	git_tree_free(tree);
	return ret;
}

/* Keep the per-day clock: the n-th commit of a day is n minutes past 08:30. */
static void tick(struct replay *rp, const char *date)
{
	if (strcmp(rp->day, date)) {
		snprintf(rp->day, sizeof(rp->day), "%s", date);
		rp->nth_today = 0;
	} else {
		rp->nth_today++;
	}
}

static int first_commit(struct replay *rp, const char *schema_dir, const char *date)
{
	struct tz_buf msg = TZ_BUF_INIT, data = TZ_BUF_INIT, path = TZ_BUF_INIT;
	git_signature *sig = NULL;
	size_t n, *count = tz_calloc(rp->schema->ntypes + 1, sizeof(*count));
	char **names = list_dir(schema_dir, &n);
	int ret = -1, any = 0;

	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(names[i]);
		if (len < 5 || strcmp(names[i] + len - 4, ".ini"))
			continue;
		tz_buf_clear(&path);
		tz_buf_printf(&path, "%s/%s", schema_dir, names[i]);
		if (read_file(path.ptr, &data) < 0)
			goto out;
		tz_buf_clear(&path);
		tz_buf_printf(&path, "schema/%s", names[i]);
		if (stage_blob(rp, path.ptr, data.ptr, data.len) < 0)
			goto out;
	}
	for (size_t i = 0; i < rp->nrecs; i++) {
		struct rec *rc = &rp->recs[i];
		int dated = !rc->log && !rc->mpart && valid_date(get(rc->main, "date"));
		if (rc->log || dated)
			continue;
		render(rc, date, &data);
		if (stage_blob(rp, rc->path, data.ptr, data.len) < 0)
			goto out;
		rc->committed = 1;
		tz_buf_put(&rc->last, data.ptr, data.len);
		count[rc->type - rp->schema->types]++;
	}
	tz_buf_puts(&msg, "建立台账：");
	for (size_t t = 0; t < rp->schema->ntypes; t++) {
		if (!count[t])
			continue;
		tz_buf_printf(&msg, "%s%zu个%s", any ? "、" : "", count[t], rp->schema->types[t].label);
		any = 1;
	}
	tz_buf_putc(&msg, '\n');
	tick(rp, date);
	if (signature(&sig, rp, NULL, NULL, date) < 0 || commit(rp, date, sig, msg.ptr) < 0)
		goto out;
	ret = 0;
out:
	git_signature_free(sig);
	free_list(names, n);
	free(count);
	tz_buf_release(&msg);
	tz_buf_release(&data);
	tz_buf_release(&path);
	return ret;
}

static const char *action_label(const struct rec *rc, size_t j)
{
	const struct tz_action *a = entry_action(rc, j);
	const struct tz_partdef *p = tz_type_part(rc->type, rc->type->log);
	const struct tz_fdef *f = p ? tz_part_field(p, "action") : NULL;
	const char *name = get(rc->log[j], "action");

	if (a && a->label)
		return a->label;
	return f && name ? tz_fdef_enum_label(f, name) : (name ? name : "");
}

/* The commit message of event e; the unit whose identity commits it. */
static void describe(const struct replay *rp, const struct event *e, struct tz_buf *msg,
		     const struct rec **unit, const char **actor)
{
	const struct rec *rc = &rp->recs[e->rec];
	const char *owner = rc->type->owner ? get(rc->main, rc->type->owner) : NULL;

	tz_buf_clear(msg);
	*actor = NULL;
	*unit = NULL;
	switch (e->kind) {
	case EV_LOG: {
		const struct tz_section *s = rc->log[e->k - 1];
		const struct tz_action *a = entry_action(rc, e->k - 1);
		const char *note = get(s, "note"), *title = rc->type->title ? get(rc->main, rc->type->title) : NULL;
		*actor = get(s, "actor");
		*unit = find_unit(rp, *actor);
		tz_buf_printf(msg, "%s %s", rc->id, action_label(rc, e->k - 1));
		if (a && a->creates && title)
			tz_buf_printf(msg, "：%s", title);
		else if (note)
			tz_buf_printf(msg, "：%s", note);
		break;
	}
	case EV_MONTH: {
		const struct tz_section *s = rc->months[e->k - 1];
		const char *progress = get(s, "progress");
		*unit = find_unit(rp, owner);
		tz_buf_printf(msg, "%s %s %s", rc->id, strchr(s->name, '.') + 1, rc->mpart->label);
		if (progress)
			tz_buf_printf(msg, "：%s", progress);
		break;
	}
	case EV_MILESTONE: {
		const struct tz_fdef *f = tz_type_field(rc->type, milestones[e->k].date_field);
		*unit = find_unit(rp, owner);
		tz_buf_printf(msg, "%s %s %s", rc->id, f ? f->label : milestones[e->k].date_field,
			      get(rc->main, milestones[e->k].date_field));
		break;
	}
	case EV_VISIT: {
		const char *title = rc->type->title ? get(rc->main, rc->type->title) : NULL;
		tz_buf_printf(msg, "%s %s", rc->id, title ? title : rc->type->label);
		break;
	}
	}
	tz_buf_putc(msg, '\n');
}

/* Whether the policy lets unit make the change of rc from old to new (old
 * NULL: a new record). Without a policy, or a unit, anything goes. */
static int allowed(const struct replay *rp, const struct rec *rc, const struct rec *unit,
		   const struct tz_buf *old, const struct tz_buf *new)
{
	struct tz_diag_list diags = TZ_DIAG_LIST_INIT;
	struct tz_record *a = NULL, *b;
	struct tz_buf email = TZ_BUF_INIT;
	size_t refused = 1;

	if (!rp->policy || !unit)
		return 1;
	unit_email(rp, unit, &email);
	b = tz_record_parse(rc->path, new->ptr, new->len, &diags);
	if (old)
		a = tz_record_parse(rc->path, old->ptr, old->len, &diags);
	if (b && (!old || a) && !diags.errors)
		refused = tz_policy_check_record(rp->policy, email.ptr, rc->type, rc->path, a, b, "", &diags);
	tz_record_free(a);
	tz_record_free(b);
	tz_buf_release(&email);
	tz_diag_list_release(&diags);
	return refused == 0;
}

static int apply(struct replay *rp, const struct event *e)
{
	struct rec *rc = &rp->recs[e->rec];
	struct tz_buf msg = TZ_BUF_INIT, data = TZ_BUF_INIT;
	git_signature *sig = NULL;
	const struct rec *unit;
	const char *actor;
	int ret = -1;

	if (e->kind == EV_LOG)
		rc->cur_log = e->k;
	else if (e->kind == EV_MONTH)
		rc->cur_month = e->k;
	describe(rp, e, &msg, &unit, &actor);
	render(rc, e->date, &data);
	/* what the acting unit may not write, the office writes for it */
	if (unit && !allowed(rp, rc, unit, rc->committed ? &rc->last : NULL, &data))
		unit = rp->office;
	tick(rp, e->date);
	if (stage_blob(rp, rc->path, data.ptr, data.len) < 0 ||
	    signature(&sig, rp, unit, actor, e->date) < 0 ||
	    commit(rp, e->date, sig, msg.ptr) < 0)
		goto out;
	rc->committed = 1;
	tz_buf_clear(&rc->last);
	tz_buf_put(&rc->last, data.ptr, data.len);
	ret = 0;
out:
	git_signature_free(sig);
	tz_buf_release(&msg);
	tz_buf_release(&data);
	return ret;
}

/* schema_dir/policy.ini, when there is one: who commits as whom. */
static int load_policy(struct replay *rp, const char *schema_dir)
{
	struct tz_diag_list diags = TZ_DIAG_LIST_INIT;
	struct tz_buf path = TZ_BUF_INIT, data = TZ_BUF_INIT;
	struct stat st;
	int ret = 0;

	tz_buf_printf(&path, "%s/policy.ini", schema_dir);
	if (stat(path.ptr, &st) == 0) {
		if (read_file(path.ptr, &data) < 0)
			ret = -1;
		else
			rp->policy = tz_policy_parse(data.ptr, data.len, rp->schema, &diags);
		if (diags.errors)
			ret = tz_error_set("%s: %s", path.ptr, diags.v[0].msg);
	}
	tz_diag_list_release(&diags);
	tz_buf_release(&path);
	tz_buf_release(&data);
	return ret;
}

/* Write the objects the replay made in memory as one pack: a thousand
 * commits as loose objects are ten thousand small files. */
static int write_pack(git_repository *git, git_odb *odb, git_odb_backend *mem)
{
	git_buf pack = { NULL, 0, 0 };
	git_odb_writepack *wp = NULL;
	git_indexer_progress st;
	int ret = 0;

	memset(&st, 0, sizeof(st));
	if (git_mempack_dump(&pack, git, mem) < 0 ||
	    git_odb_write_pack(&wp, odb, NULL, NULL) < 0 ||
	    wp->append(wp, pack.ptr, pack.size, &st) < 0 ||
	    wp->commit(wp, &st) < 0)
		ret = tz_error_git(_("cannot write the pack"));
	if (wp)
		wp->free(wp);
	git_buf_dispose(&pack);
	git_mempack_reset(mem);
	return ret;
}

static int set_head(struct replay *rp)
{
	git_reference *head = NULL, *ref = NULL;
	const char *target;
	int ret = 0;

	if (git_reference_lookup(&head, rp->git, "HEAD") < 0)
		return tz_error_git(_("cannot read HEAD"));
	target = git_reference_symbolic_target(head);
	if (!target || git_reference_create(&ref, rp->git, target, &rp->head, 0, "tz init --example") < 0)
		ret = tz_error_git(_("cannot update HEAD"));
	git_reference_free(ref);
	git_reference_free(head);
	return ret;
}

int tz_example_replay(git_repository *git, const struct tz_schema *schema,
		      const char *schema_dir, const char *records_dir,
		      struct tz_example_stats *stats)
{
	struct replay rp;
	git_odb *odb = NULL;
	git_odb_backend *mem = NULL;
	int ret = -1;

	memset(&rp, 0, sizeof(rp));
	rp.git = git;
	rp.schema = schema;
	if (git_repository_head_unborn(git) != 1) {
		tz_error_set(_("the repository already has commits"));
		goto out;
	}
	if (load_dir(&rp, records_dir, "records") < 0 || collect_events(&rp) < 0 ||
	    load_policy(&rp, schema_dir) < 0)
		goto out;
	for (size_t i = 0; i < rp.nrecs; i++)
		if (!strcmp(rp.recs[i].type->name, "unit") && get(rp.recs[i].main, "kind") &&
		    !strcmp(get(rp.recs[i].main, "kind"), "office"))
			rp.office = &rp.recs[i];
	if (git_index_new(&rp.index) < 0 || git_repository_odb(&odb, git) < 0 ||
	    git_mempack_new(&mem) < 0) {
		tz_error_git(_("cannot prepare the replay"));
		goto out;
	}
	if (git_odb_add_backend(odb, mem, 1000) < 0) {
		mem->free(mem);
		mem = NULL;
		tz_error_git(_("cannot prepare the replay"));
		goto out;
	}
	if (first_commit(&rp, schema_dir, rp.evs[0].date) < 0)
		goto out;
	for (size_t i = 0; i < rp.nevs; i++)
		if (apply(&rp, &rp.evs[i]) < 0)
			goto out;
	for (size_t i = 0; i < rp.nrecs; i++) {
		struct rec *rc = &rp.recs[i];
		if (rc->committed && !complete_on(rc, rp.stats.last)) {
			tz_error_set(_("%s: its history ends before the record does"), rc->path);
			goto out;
		}
	}
	if (write_pack(git, odb, mem) < 0 || set_head(&rp) < 0)
		goto out;
	rp.stats.records = rp.nrecs;
	if (stats)
		*stats = rp.stats;
	ret = 0;
out:
	for (size_t i = 0; i < rp.nrecs; i++) {
		free(rp.recs[i].path);
		free(rp.recs[i].id);
		tz_record_free(rp.recs[i].r);
		tz_buf_release(&rp.recs[i].raw);
		tz_buf_release(&rp.recs[i].last);
		free(rp.recs[i].log);
		free(rp.recs[i].months);
	}
	free(rp.recs);
	free(rp.evs);
	tz_policy_free(rp.policy);
	git_index_free(rp.index);
	if (mem && ret < 0)
		git_mempack_reset(mem);
	git_odb_free(odb);	/* mem belongs to the repository's object database now */
	return ret;
}
