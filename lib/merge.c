/* merge.c - the three-way record merge behind `tz merge-file`. Each side is
 * parsed for its values and kept as lines for its layout; the result is
 * OURS's lines with edits: a field's lines replaced, dropped, or wrapped in
 * conflict markers, and sections added after their neighbours. */
#include <stdlib.h>
#include <string.h>
#include <git2.h>
#include "buf.h"
#include "error.h"
#include "i18n.h"
#include "merge.h"
#include "record.h"

#define MARKER_OURS "<<<<<<< ours"
#define MARKER_MID "======="
#define MARKER_THEIRS ">>>>>>> theirs"

/* A side: its record and the offsets of its lines. */
struct side {
	struct tz_record *r;
	const char *data;
	size_t len;
	size_t n;		/* lines */
	size_t *start;		/* n + 1 offsets; start[n] == len */
};

/* OURS's lines, and what to do with each: drop it, and text to put before
 * it (before[n]: at the end). */
struct plan {
	const struct side *ours;
	unsigned char *drop;
	struct tz_buf *before;
	const char *eol;
	size_t conflicts;
};

static void split_lines(struct side *s)
{
	size_t alloc = 0;

	s->n = 0;
	s->start = NULL;
	for (size_t pos = 0; pos < s->len;) {
		const char *nl = memchr(s->data + pos, '\n', s->len - pos);
		TZ_ALLOC_GROW(s->start, s->n + 2, alloc);
		s->start[s->n++] = pos;
		pos = nl ? (size_t)(nl - s->data) + 1 : s->len;
	}
	TZ_ALLOC_GROW(s->start, s->n + 1, alloc);
	s->start[s->n] = s->len;
}

/* Parse a side; 0 when it is a readable record (an empty base may have no
 * section at all), -1 otherwise. */
static int read_side(struct side *s, const char *path, const struct tz_merge_side *in, int may_be_empty)
{
	struct tz_diag_list d = TZ_DIAG_LIST_INIT;
	size_t errors, findings;

	s->data = in->data ? in->data : "";
	s->len = in->data ? in->len : 0;
	split_lines(s);
	s->r = tz_record_parse(path, s->data, s->len, &d);
	errors = d.errors;
	findings = d.n;
	tz_diag_list_release(&d);
	if (!s->r || errors || (!s->r->nsections && !(may_be_empty && !findings)))
		return -1;
	return 0;
}

static void release_side(struct side *s)
{
	tz_record_free(s->r);
	free(s->start);
}

/* The text of line i without its line end (and a BOM on line 0). */
static const char *line_text(const struct side *s, size_t i, size_t *len)
{
	const char *p = s->data + s->start[i];
	size_t n = s->start[i + 1] - s->start[i];

	if (i == 0 && n >= 3 && !memcmp(p, "\xef\xbb\xbf", 3)) {
		p += 3;
		n -= 3;
	}
	if (n && p[n - 1] == '\n')
		n--;
	if (n && p[n - 1] == '\r')
		n--;
	*len = n;
	return p;
}

enum kind { BLANK, COMMENT, INDENTED, OTHER };

static enum kind line_kind(const struct side *s, size_t i)
{
	size_t n, k = 0;
	const char *p = line_text(s, i, &n);

	while (k < n && (p[k] == ' ' || p[k] == '\t' || p[k] == '\v' || p[k] == '\f'))
		k++;
	if (k == n)
		return BLANK;
	if (p[k] == ';' || p[k] == '#')
		return COMMENT;
	return k ? INDENTED : OTHER;
}

/* The end (exclusive, 0-based) of the field whose key is on line `line`
 * (1-based): its continuation lines, through comments between them. */
static size_t field_end(const struct side *s, int line)
{
	size_t i = (size_t)line, end = i;

	for (; i < s->n; i++) {
		enum kind k = line_kind(s, i);
		if (k == INDENTED)
			end = i + 1;
		else if (k != COMMENT)
			break;
	}
	return end;
}

/* The end (exclusive) of section sec's own lines: its header and fields,
 * not the blank lines or comments that follow. */
static size_t section_end(const struct side *s, const struct tz_section *sec)
{
	size_t end = (size_t)sec->line;

	for (size_t k = 0; k < sec->nfields; k++) {
		size_t e = field_end(s, sec->fields[k].line);
		if (e > end)
			end = e;
	}
	return end;
}

/* Append lines [a, b) of s to out, with OURS's line ends. */
static void put_lines(struct plan *p, struct tz_buf *out, const struct side *s, size_t a, size_t b)
{
	for (size_t i = a; i < b; i++) {
		size_t n;
		const char *t = line_text(s, i, &n);
		tz_buf_put(out, t, n);
		tz_buf_puts(out, p->eol);
	}
}

static void drop_lines(struct plan *p, size_t a, size_t b)
{
	for (size_t i = a; i < b; i++)
		p->drop[i] = 1;
}

/* Drop a whole section of OURS and the blank lines before it. */
static void drop_section(struct plan *p, const struct tz_section *sec)
{
	size_t a = (size_t)sec->line - 1, b = section_end(p->ours, sec);

	while (a > 0 && line_kind(p->ours, a - 1) == BLANK)
		a--;
	drop_lines(p, a, b);
}

/* Markers around ours's lines [oa, ob) and theirs's lines [ta, tb), put
 * before OURS's line `at`. */
static void conflict(struct plan *p, size_t at, size_t oa, size_t ob,
		     const struct side *theirs, size_t ta, size_t tb)
{
	struct tz_buf *b = &p->before[at];

	tz_buf_printf(b, "%s%s", MARKER_OURS, p->eol);
	put_lines(p, b, p->ours, oa, ob);
	tz_buf_printf(b, "%s%s", MARKER_MID, p->eol);
	put_lines(p, b, theirs, ta, tb);
	tz_buf_printf(b, "%s%s", MARKER_THEIRS, p->eol);
	p->conflicts++;
}

static int same(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static const char *get(const struct tz_section *s, const char *key)
{
	return s ? tz_section_get(s, key) : NULL;
}

/* Whether two sections hold the same values (empty ones count as absent). */
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

/* Field by field: os in OURS, ts in THEIRS, bs in BASE (NULL: absent). */
static void merge_fields(struct plan *p, const struct tz_section *os, const struct side *theirs,
			 const struct tz_section *ts, const struct tz_section *bs)
{
	for (size_t i = 0; i < os->nfields; i++) {
		const struct tz_field *of = &os->fields[i];
		const struct tz_field *tf = tz_section_field(ts, of->key);
		const char *ov = get(os, of->key), *tv = get(ts, of->key), *bv = get(bs, of->key);
		size_t a = (size_t)of->line - 1, b = field_end(p->ours, of->line);

		if (same(ov, tv) || same(tv, bv))
			continue;
		drop_lines(p, a, b);
		if (same(ov, bv)) {
			if (tf)
				put_lines(p, &p->before[a], theirs, (size_t)tf->line - 1, field_end(theirs, tf->line));
		} else if (tf) {
			conflict(p, a, a, b, theirs, (size_t)tf->line - 1, field_end(theirs, tf->line));
		} else {
			conflict(p, a, a, b, theirs, 0, 0);
		}
	}
	/* fields that only THEIRS has go after their neighbour in THEIRS */
	for (size_t i = 0; i < ts->nfields; i++) {
		const struct tz_field *tf = &ts->fields[i];
		const char *tv = get(ts, tf->key), *bv = get(bs, tf->key);
		size_t at = (size_t)os->line, ta, tb;

		if (tz_section_field(os, tf->key) || !tv || same(tv, bv))
			continue;
		for (size_t k = i; k-- > 0;) {
			const struct tz_field *prev = tz_section_field(os, ts->fields[k].key);
			if (prev) {
				at = field_end(p->ours, prev->line);
				break;
			}
		}
		ta = (size_t)tf->line - 1;
		tb = field_end(theirs, tf->line);
		if (!bv)
			put_lines(p, &p->before[at], theirs, ta, tb);
		else
			conflict(p, at, 0, 0, theirs, ta, tb);
	}
}

/* The part a section name belongs to ("log" of "log.001"), into b. */
static const char *part_of(struct tz_buf *b, const char *name)
{
	const char *dot = strchr(name, '.');

	tz_buf_clear(b);
	tz_buf_put(b, name, dot ? (size_t)(dot - name) : strlen(name));
	return tz_buf_cstr(b);
}

static int append_only(const struct tz_type *t, const char *name)
{
	struct tz_buf b = TZ_BUF_INIT;
	const struct tz_partdef *pd = t ? tz_type_part(t, part_of(&b, name)) : NULL;

	tz_buf_release(&b);
	return pd && pd->append_only && strchr(name, '.');
}

/* A new entry of an append-only part. */
struct entry {
	const struct side *side;
	const struct tz_section *sec;
	const char *date;
	size_t order;
};

static int by_date(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	int c;

	if (x->date && y->date && (c = strcmp(x->date, y->date)))
		return c;
	if (!x->date != !y->date)
		return x->date ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

static int all_digits(const char *s)
{
	return *s && strspn(s, "0123456789") == strlen(s);
}

/* Both sides added entries to append-only part `part`: keep them all,
 * sorted by date (the part's first date field), numbered after BASE's last
 * entry, where OURS had its own new entries (or after its last entry). */
static void merge_entries(struct plan *p, const struct tz_type *t, const char *part,
			  const struct side *base, const struct side *theirs)
{
	const struct side *ours = p->ours;
	const struct tz_partdef *pd = tz_type_part(t, part);
	const char *datef = NULL;
	size_t plen = strlen(part), n = 0, alloc = 0, width = 1, last = 0, at = ours->n;
	unsigned long next = 0;
	int numeric = 1, first_new = 1, after_base = 0;
	struct entry *v = NULL;
	const struct side *sides[3] = { base, ours, theirs };

	for (size_t k = 0; k < pd->nfields; k++)
		if (pd->fields[k].type == TZ_DATE) {
			datef = pd->fields[k].name;
			break;
		}
	for (int s = 0; s < 3; s++) {
		const struct tz_record *r = sides[s]->r;
		for (size_t i = 1; r && i < r->nsections; i++) {
			const struct tz_section *sec = &r->sections[i];
			const char *key = sec->name + plen + 1;
			if (strncmp(sec->name, part, plen) || sec->name[plen] != '.')
				continue;
			if (!all_digits(key))
				numeric = 0;
			else if (s == 0 && strtoul(key, NULL, 10) > next)
				next = strtoul(key, NULL, 10);
			if (strlen(key) > width)
				width = strlen(key);
			if (s == 0 || (base->r && tz_record_section(base->r, sec->name)))
				continue;
			if (s == 2) {	/* the same entry added on both sides is one */
				int dup = 0;
				for (size_t e = 0; e < n && !dup; e++)
					dup = v[e].side == ours && same_values(v[e].sec, sec);
				if (dup)
					continue;
			}
			TZ_ALLOC_GROW(v, n + 1, alloc);
			v[n].side = sides[s];
			v[n].sec = sec;
			v[n].date = datef ? tz_section_get(sec, datef) : NULL;
			v[n].order = n;
			n++;
		}
	}
	/* where the merged entries go */
	for (size_t i = 1; i < ours->r->nsections; i++) {
		const struct tz_section *sec = &ours->r->sections[i];
		if (strncmp(sec->name, part, plen) || sec->name[plen] != '.')
			continue;
		if (base->r && tz_record_section(base->r, sec->name)) {
			last = section_end(ours, sec);
			after_base = 1;
		} else {
			if (first_new && !after_base)
				at = (size_t)sec->line - 1;
			first_new = 0;
			drop_section(p, sec);
		}
	}
	if (after_base)
		at = last;
	tz_sort(v, n, sizeof(*v), by_date);
	for (size_t e = 0; e < n; e++) {
		struct tz_buf *b = &p->before[at];
		const struct tz_section *sec = v[e].sec;

		if (after_base || at == ours->n)
			tz_buf_puts(b, p->eol);
		if (numeric)
			tz_buf_printf(b, "[%s.%0*lu]%s", part, (int)width, ++next, p->eol);
		else
			tz_buf_printf(b, "[%s]%s", sec->name, p->eol);
		put_lines(p, b, v[e].side, (size_t)sec->line, section_end(v[e].side, sec));
		if (!after_base && at != ours->n)
			tz_buf_puts(b, p->eol);
	}
	free(v);
}

/* Whether the merge of part `part` was done by merge_entries already. */
static int seen_part(char **done, size_t n, const char *part)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(done[i], part))
			return 1;
	return 0;
}

/* Whether side s added an entry of append-only part `part` that BASE lacks. */
static int adds_entries(const struct side *s, const struct side *base, const char *part)
{
	size_t plen = strlen(part);

	for (size_t i = 1; i < s->r->nsections; i++) {
		const char *name = s->r->sections[i].name;
		if (!strncmp(name, part, plen) && name[plen] == '.' &&
		    !(base->r && tz_record_section(base->r, name)))
			return 1;
	}
	return 0;
}

static int merge_sections(struct plan *p, const struct tz_type *t, const struct side *base,
			  const struct side *theirs)
{
	const struct tz_record *o = p->ours->r, *th = theirs->r, *b = base->r;
	const struct tz_section *bmain = b && b->nsections && !strcmp(b->sections[0].name, o->sections[0].name)
					 ? &b->sections[0] : NULL;
	struct tz_buf part = TZ_BUF_INIT;
	char **done = NULL;
	size_t ndone = 0, dalloc = 0;

	merge_fields(p, &o->sections[0], theirs, &th->sections[0], bmain);
	for (size_t i = 1; i < o->nsections; i++) {
		const struct tz_section *os = &o->sections[i];
		const struct tz_section *ts = tz_record_section(th, os->name);
		const struct tz_section *bs = b ? tz_record_section(b, os->name) : NULL;

		if (!bs && append_only(t, os->name)) {
			part_of(&part, os->name);
			if (!seen_part(done, ndone, part.ptr) && adds_entries(theirs, base, part.ptr)) {
				merge_entries(p, t, part.ptr, base, theirs);
				TZ_ALLOC_GROW(done, ndone + 1, dalloc);
				done[ndone++] = tz_strdup(part.ptr);
			}
			if (seen_part(done, ndone, part.ptr))
				continue;
		}
		if (ts) {
			merge_fields(p, os, theirs, ts, bs);
		} else if (bs && same_values(os, bs)) {
			drop_section(p, os);
		} else if (bs) {
			size_t a = (size_t)os->line - 1, e = section_end(p->ours, os);
			drop_lines(p, a, e);
			conflict(p, a, a, e, theirs, 0, 0);
		}
	}
	/* sections only THEIRS has go after their neighbour in THEIRS */
	for (size_t i = 1; i < th->nsections; i++) {
		const struct tz_section *ts = &th->sections[i];
		const struct tz_section *bs = b ? tz_record_section(b, ts->name) : NULL;
		size_t at = section_end(p->ours, &o->sections[0]), ta, tb;

		if (tz_record_section(o, ts->name) || (bs && same_values(ts, bs)))
			continue;
		if (!bs && append_only(t, ts->name) && seen_part(done, ndone, part_of(&part, ts->name)))
			continue;
		for (size_t k = i; k-- > 1;) {
			const struct tz_section *prev = tz_record_section(o, th->sections[k].name);
			if (prev) {
				at = section_end(p->ours, prev);
				break;
			}
		}
		ta = (size_t)ts->line - 1;
		tb = section_end(theirs, ts);
		if (bs) {
			conflict(p, at, 0, 0, theirs, ta, tb);
		} else {
			tz_buf_puts(&p->before[at], p->eol);
			put_lines(p, &p->before[at], theirs, ta, tb);
		}
	}
	for (size_t i = 0; i < ndone; i++)
		free(done[i]);
	free(done);
	tz_buf_release(&part);
	return 0;
}

/* Write OURS's lines with the plan's edits. */
static void write_plan(struct tz_buf *out, const struct plan *p)
{
	const struct side *o = p->ours;
	int open_line = 0;	/* the last byte written is not a line end */

	for (size_t i = 0; i <= o->n; i++) {
		const struct tz_buf *b = &p->before[i];
		if (b->len) {
			if (open_line)
				tz_buf_puts(out, p->eol);
			tz_buf_put(out, b->ptr, b->len);
			open_line = 0;
		}
		if (i < o->n && !p->drop[i]) {
			size_t len = o->start[i + 1] - o->start[i];
			tz_buf_put(out, o->data + o->start[i], len);
			open_line = len && o->data[o->start[i] + len - 1] != '\n';
		}
	}
}

static int git_initialised;

static int same_bytes(const struct tz_merge_side *a, const struct tz_merge_side *b)
{
	size_t na = a->data ? a->len : 0, nb = b->data ? b->len : 0;

	return na == nb && (!na || !memcmp(a->data, b->data, na));
}

static int line_merge(struct tz_buf *out, struct tz_merge_stats *stats, const char *path,
		      const struct tz_merge_side *base, const struct tz_merge_side *ours,
		      const struct tz_merge_side *theirs)
{
	git_merge_file_input in[3];
	const struct tz_merge_side *sides[3] = { base, ours, theirs };
	git_merge_file_options opts;
	git_merge_file_result res;
	int ret;

	/* a side that did not change leaves the other's bytes, binary or not */
	if (same_bytes(ours, base) || same_bytes(theirs, base) || same_bytes(ours, theirs)) {
		const struct tz_merge_side *keep = same_bytes(ours, base) ? theirs : ours;
		tz_buf_put(out, keep->data ? keep->data : "", keep->data ? keep->len : 0);
		stats->line_merged = 1;
		return 0;
	}
	if (!git_initialised) {	/* once: it is costly (Debian's build reads the CA bundle) */
		git_libgit2_init();
		git_initialised = 1;
	}
	for (int i = 0; i < 3; i++) {
		git_merge_file_input_init(&in[i], GIT_MERGE_FILE_INPUT_VERSION);
		in[i].ptr = sides[i]->data ? sides[i]->data : "";
		in[i].size = sides[i]->data ? sides[i]->len : 0;
		in[i].path = path;
		in[i].mode = 0100644;
	}
	git_merge_file_options_init(&opts, GIT_MERGE_FILE_OPTIONS_VERSION);
	opts.ancestor_label = "base";
	opts.our_label = "ours";
	opts.their_label = "theirs";
	memset(&res, 0, sizeof(res));
	ret = git_merge_file(&res, &in[0], &in[1], &in[2], &opts);
	if (ret < 0) {
		ret = tz_error_git(_("cannot merge the lines"));
	} else {
		tz_buf_put(out, res.ptr, res.len);
		/* xdiff leaves the last marker without its line end */
		if (res.len && res.ptr[res.len - 1] != '\n')
			tz_buf_putc(out, '\n');
		stats->line_merged = 1;
		stats->conflicts = !res.automergeable;
		ret = 0;
	}
	git_merge_file_result_free(&res);
	return ret;
}

int tz_merge_record(struct tz_buf *out, struct tz_merge_stats *stats, const struct tz_type *t,
		    const char *path, const struct tz_merge_side *base,
		    const struct tz_merge_side *ours, const struct tz_merge_side *theirs)
{
	struct side b, o, th;
	struct plan p;
	int ret;

	memset(stats, 0, sizeof(*stats));
	memset(&b, 0, sizeof(b));
	memset(&o, 0, sizeof(o));
	memset(&th, 0, sizeof(th));
	if (read_side(&b, path, base, 1) < 0 || read_side(&o, path, ours, 0) < 0 ||
	    read_side(&th, path, theirs, 0) < 0 ||
	    strcmp(o.r->sections[0].name, th.r->sections[0].name)) {
		ret = line_merge(out, stats, path, base, ours, theirs);
		goto out;
	}
	if (t && strcmp(t->name, o.r->sections[0].name))
		t = NULL;
	memset(&p, 0, sizeof(p));
	p.ours = &o;
	p.drop = tz_calloc(o.n + 1, 1);
	p.before = tz_calloc(o.n + 1, sizeof(*p.before));
	p.eol = o.n && o.start[1] >= 2 && o.data[o.start[1] - 2] == '\r' ? "\r\n" : "\n";
	ret = merge_sections(&p, t, &b, &th);
	write_plan(out, &p);
	stats->conflicts = p.conflicts;
	for (size_t i = 0; i <= o.n; i++)
		tz_buf_release(&p.before[i]);
	free(p.before);
	free(p.drop);
out:
	release_side(&b);
	release_side(&o);
	release_side(&th);
	return ret;
}
