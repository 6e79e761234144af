/* edit.c - the in-place editor behind tz set and tz act. Lines are kept as
 * they were read, terminators included, and classified as record.c reads
 * them; an edit replaces, inserts or removes whole lines only. */
#include <stdlib.h>
#include <string.h>
#include "edit.h"
#include "i18n.h"

enum kind { L_BLANK, L_COMMENT, L_CONT, L_SECTION, L_KEY, L_OTHER };

struct line {
	char *text;	/* with its terminator, if it had one */
	enum kind kind;
	char *name;	/* section name or key */
};

struct tz_edit {
	struct line *v;
	size_t n, alloc;
	const char *eol;	/* "\r\n" when the file's first line ends so */
	int bom;
};

static int blank(char c)
{
	return c == ' ' || c == '\t' || c == '\v' || c == '\f';
}

/* Classify text (one line, terminator included) as record.c does. */
static void classify(struct line *l, int first)
{
	const char *s = l->text;
	size_t n = strlen(s);
	const char *t;
	size_t tn;

	if (first && n >= 3 && !memcmp(s, "\xef\xbb\xbf", 3)) {
		s += 3;
		n -= 3;
	}
	while (n && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	t = s;
	tn = n;
	while (tn && blank(*t)) { t++; tn--; }
	while (tn && blank(t[tn - 1])) tn--;
	free(l->name);
	l->name = NULL;
	if (!tn) {
		l->kind = L_BLANK;
	} else if (*t == ';' || *t == '#') {
		l->kind = L_COMMENT;
	} else if (blank(*s)) {
		l->kind = L_CONT;
	} else if (*s == '[') {
		const char *close = memchr(s, ']', n);
		const char *a = s + 1;
		size_t an;
		if (!close || close != s + tn - 1) {
			l->kind = L_OTHER;
			return;
		}
		an = (size_t)(close - a);
		while (an && blank(*a)) { a++; an--; }
		while (an && blank(a[an - 1])) an--;
		l->kind = L_SECTION;
		l->name = strndup(a, an);
	} else {
		const char *eq = memchr(s, '=', n);
		size_t kn;
		if (!eq) {
			l->kind = L_OTHER;
			return;
		}
		kn = (size_t)(eq - s);
		while (kn && blank(s[kn - 1])) kn--;
		l->kind = L_KEY;
		l->name = strndup(s, kn);
	}
}

static void insert(struct tz_edit *e, size_t at, const char *text)
{
	TZ_ALLOC_GROW(e->v, e->n + 1, e->alloc);
	memmove(e->v + at + 1, e->v + at, (e->n - at) * sizeof(*e->v));
	e->n++;
	e->v[at].text = tz_strdup(text);
	e->v[at].name = NULL;
	classify(&e->v[at], at == 0 && e->bom);
}

static void erase(struct tz_edit *e, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++) {
		free(e->v[i].text);
		free(e->v[i].name);
	}
	if (to < e->n)
		memmove(e->v + from, e->v + to, (e->n - to) * sizeof(*e->v));
	e->n -= to - from;
}

struct tz_edit *tz_edit_new(const char *data, size_t len)
{
	struct tz_edit *e = tz_calloc(1, sizeof(*e));
	size_t pos = 0;

	e->eol = "\n";
	e->bom = len >= 3 && !memcmp(data, "\xef\xbb\xbf", 3);
	while (pos < len) {
		const char *nl = memchr(data + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - (data + pos)) + 1 : len - pos;
		char *text = tz_strndup(data + pos, n);

		if (e->n == 0 && nl && n >= 2 && data[pos + n - 2] == '\r')
			e->eol = "\r\n";
		TZ_ALLOC_GROW(e->v, e->n + 1, e->alloc);
		e->v[e->n].text = text;
		e->v[e->n].name = NULL;
		classify(&e->v[e->n], e->n == 0);
		e->n++;
		pos += n;
	}
	return e;
}

void tz_edit_free(struct tz_edit *e)
{
	if (!e)
		return;
	erase(e, 0, e->n);
	free(e->v);
	free(e);
}

/* The header line of [name], or (size_t)-1. */
static size_t find_section(const struct tz_edit *e, const char *name)
{
	for (size_t i = 0; i < e->n; i++)
		if (e->v[i].kind == L_SECTION && !strcmp(e->v[i].name, name))
			return i;
	return (size_t)-1;
}

int tz_edit_has_section(const struct tz_edit *e, const char *section)
{
	return find_section(e, section) != (size_t)-1;
}

/* The end (exclusive) of the section whose header is at h. */
static size_t section_end(const struct tz_edit *e, size_t h)
{
	size_t i = h + 1;

	while (i < e->n && e->v[i].kind != L_SECTION)
		i++;
	return i;
}

/* The end (exclusive) of the field whose key line is at k: its continuation
 * lines and the comments between them, not comments after the last one. */
static size_t field_end(const struct tz_edit *e, size_t k, size_t end)
{
	size_t last = k;

	for (size_t i = k + 1; i < end; i++) {
		if (e->v[i].kind == L_CONT)
			last = i;
		else if (e->v[i].kind != L_COMMENT)
			break;
	}
	return last + 1;
}

/* Make sure line i ends with a terminator (the file's last line may not). */
static void terminate(struct tz_edit *e, size_t i)
{
	size_t n = strlen(e->v[i].text);
	struct tz_buf b = TZ_BUF_INIT;

	if (n && e->v[i].text[n - 1] == '\n')
		return;
	tz_buf_puts(&b, e->v[i].text);
	tz_buf_puts(&b, e->eol);
	free(e->v[i].text);
	e->v[i].text = tz_buf_detach(&b);
}

/* Check that value can be written as key lines and continuation lines that
 * read back as value. */
static int writable(const char *key, const char *value, struct tz_buf *why)
{
	const char *p = value;

	for (;;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		const char *t = p;
		size_t tn = n;

		while (tn && (blank(*t) || *t == '\r')) { t++; tn--; }
		while (tn && (blank(t[tn - 1]) || t[tn - 1] == '\r')) tn--;
		if (p != value && !tn) {
			tz_buf_printf(why, _("%s: a value may not have a blank line"), key);
			return -1;
		}
		if (p != value && (*t == ';' || *t == '#')) {
			tz_buf_printf(why, _("%s: a continuation line may not start with \"%c\""), key, *t);
			return -1;
		}
		if (!nl)
			return 0;
		p = nl + 1;
	}
}

/* Append the lines of key = value to v as texts: the first with prefix
 * ("key = "), the rest with indent. */
static void field_lines(struct tz_buf *out, const char *prefix, const char *indent, const char *value,
			const char *eol)
{
	const char *p = value;
	int first = 1;

	for (;;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);

		while (n && (blank(*p) || *p == '\r')) { p++; n--; }
		while (n && (blank(p[n - 1]) || p[n - 1] == '\r')) n--;
		tz_buf_puts(out, first ? prefix : indent);
		tz_buf_put(out, p, n);
		tz_buf_puts(out, eol);
		first = 0;
		if (!nl)
			break;
		p = nl + 1;
	}
}

/* Insert the lines of text (each ending in eol) at `at`. */
static void insert_lines(struct tz_edit *e, size_t at, const char *text)
{
	const char *p = text;

	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) + 1 : strlen(p);
		char *line = tz_strndup(p, n);
		insert(e, at++, line);
		free(line);
		p += n;
	}
}

/* Where a new key goes in the section whose header is at h (ending at
 * end): after the last key present that order puts before it, else before
 * the first key, else after the section's last line that is not blank. */
static size_t new_key_position(const struct tz_edit *e, size_t h, size_t end, const char *key,
			       const char *const *order, size_t norder)
{
	size_t at = (size_t)-1;
	int rank = -1;

	for (size_t i = 0; i < norder; i++)
		if (!strcmp(order[i], key))
			rank = (int)i;
	for (size_t i = h + 1; i < end; i++) {
		if (e->v[i].kind != L_KEY)
			continue;
		for (size_t r = 0; rank >= 0 && r < (size_t)rank; r++)
			if (!strcmp(order[r], e->v[i].name)) {
				at = field_end(e, i, end);
				break;
			}
	}
	for (size_t i = h + 1; i < end && at == (size_t)-1; i++)
		if (e->v[i].kind == L_KEY)
			at = i;
	if (at == (size_t)-1) {
		at = end;
		while (at > h + 1 && e->v[at - 1].kind == L_BLANK)
			at--;
	}
	return at;
}

void tz_edit_add_empty(struct tz_edit *e, const char *section, const char *key,
		       const char *const *order, size_t norder)
{
	size_t h = find_section(e, section), end, at;
	struct tz_buf line = TZ_BUF_INIT;

	if (h == (size_t)-1)
		return;
	end = section_end(e, h);
	for (size_t k = h + 1; k < end; k++)
		if (e->v[k].kind == L_KEY && !strcmp(e->v[k].name, key))
			return;
	at = new_key_position(e, h, end, key, order, norder);
	terminate(e, at - 1);
	tz_buf_printf(&line, "%s =%s", key, e->eol);
	insert_lines(e, at, line.ptr);
	tz_buf_release(&line);
}

int tz_edit_set(struct tz_edit *e, const char *section, const char *key, const char *value,
		const char *const *order, size_t norder, struct tz_buf *why)
{
	size_t h = find_section(e, section), end, k, at;
	struct tz_buf lines = TZ_BUF_INIT, prefix = TZ_BUF_INIT, indent = TZ_BUF_INIT;
	if (h == (size_t)-1) {
		tz_buf_printf(why, _("no [%s] section"), section);
		return -1;
	}
	if (value && *value && writable(key, value, why) < 0)
		return -1;
	end = section_end(e, h);
	for (k = h + 1; k < end; k++)
		if (e->v[k].kind == L_KEY && !strcmp(e->v[k].name, key))
			break;
	if (k < end) {
		size_t fend = field_end(e, k, end);
		const char *text = e->v[k].text, *eq = strchr(text, '=') + 1;

		if (!value || !*value) {
			erase(e, k, fend);
			return 0;
		}
		/* keep "key = " as written, and the continuation indent */
		while (*eq == ' ' || *eq == '\t')
			eq++;
		tz_buf_put(&prefix, text, (size_t)(eq - text));
		if (eq[-1] == '=' && (!*eq || *eq == '\r' || *eq == '\n'))
			tz_buf_putc(&prefix, ' ');	/* "key =" had no value */
		tz_buf_puts(&indent, "  ");
		for (size_t i = k + 1; i < fend; i++)
			if (e->v[i].kind == L_CONT) {
				const char *s = e->v[i].text;
				size_t n = 0;
				while (blank(s[n]))	/* the blanks that made it a continuation */
					n++;
				tz_buf_clear(&indent);
				tz_buf_put(&indent, s, n);
				break;
			}
		field_lines(&lines, prefix.ptr, indent.ptr, value, e->eol);
		/* a last line without a terminator stays without one */
		{
			const char *last = e->v[fend - 1].text;
			size_t ln = strlen(last), el = strlen(e->eol);
			if ((!ln || last[ln - 1] != '\n') && lines.len >= el)
				lines.ptr[lines.len -= el] = '\0';
		}
		erase(e, k, fend);
		insert_lines(e, k, lines.ptr);
		goto out;
	}
	if (!value || !*value)
		goto out;
	at = new_key_position(e, h, end, key, order, norder);
	terminate(e, at - 1);
	tz_buf_printf(&prefix, "%s = ", key);
	field_lines(&lines, prefix.ptr, "  ", value, e->eol);
	insert_lines(e, at, lines.ptr);
out:
	tz_buf_release(&lines);
	tz_buf_release(&prefix);
	tz_buf_release(&indent);
	return 0;
}

int tz_edit_add_section(struct tz_edit *e, const char *name, const char *after,
			const char *const *keys, const char *const *values, size_t n, struct tz_buf *why)
{
	struct tz_buf text = TZ_BUF_INIT, prefix = TZ_BUF_INIT;
	size_t at = e->n, alen = after ? strlen(after) : 0;

	for (size_t i = 0; i < n; i++)
		if (values[i] && *values[i] && writable(keys[i], values[i], why) < 0)
			return -1;
	for (size_t i = 0; alen && i < e->n; i++)
		if (e->v[i].kind == L_SECTION && !strncmp(e->v[i].name, after, alen))
			at = section_end(e, i);
	while (at > 0 && e->v[at - 1].kind == L_BLANK)
		at--;
	if (at > 0) {
		terminate(e, at - 1);
		tz_buf_puts(&text, e->eol);
	}
	tz_buf_printf(&text, "[%s]%s", name, e->eol);
	for (size_t i = 0; i < n; i++) {
		if (!values[i] || !*values[i])
			continue;
		tz_buf_clear(&prefix);
		tz_buf_printf(&prefix, "%s = ", keys[i]);
		field_lines(&text, prefix.ptr, "  ", values[i], e->eol);
	}
	/* a section added before others keeps a blank line after it */
	if (at < e->n && e->v[at].kind != L_BLANK)
		tz_buf_puts(&text, e->eol);
	insert_lines(e, at, text.ptr);
	tz_buf_release(&text);
	tz_buf_release(&prefix);
	return 0;
}

void tz_edit_comment(struct tz_edit *e, const char *section, const char *key, const char *text)
{
	size_t h = find_section(e, section), end;
	struct tz_buf b = TZ_BUF_INIT;

	if (h == (size_t)-1)
		return;
	end = section_end(e, h);
	for (size_t k = h + 1; k < end; k++)
		if (e->v[k].kind == L_KEY && !strcmp(e->v[k].name, key)) {
			/* one comment line per line of text */
			field_lines(&b, "; ", "; ", text, e->eol);
			insert_lines(e, k, b.ptr);
			break;
		}
	tz_buf_release(&b);
}

void tz_edit_write(const struct tz_edit *e, struct tz_buf *out)
{
	for (size_t i = 0; i < e->n; i++)
		tz_buf_puts(out, e->v[i].text);
}
