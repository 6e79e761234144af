/* record.c - the record reader. Debian's libinih cuts lines at 200 bytes, has
 * no line numbers, strips " ;" comments and merges continuation lines into
 * repeated keys. So our reader classifies each physical line itself (counting
 * lines, telling continuations from keys) and feeds inih synthetic lines
 * "@sLINE=NAME", "@kLINE=KEY=VALUE" (the one raw "=" after the tag's ends
 * the key), "@cLINE=TEXT", each continued by "@v=PIECE" lines, where every
 * piece is short enough for inih's buffer and escapes the bytes inih would
 * touch (%XX for % ; # = : [ ] and white space). The handler decodes the
 * pieces and joins them back byte for byte. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <ini.h>
#include "buf.h"
#include "i18n.h"
#include "record.h"
#include "strmap.h"
#include "text.h"

/* Small sections and records are searched in order; past this many entries
 * a hash index is kept (records rarely have so many: an issue has about 25
 * fields), so that a crafted file of 70 000 sections or keys
 * costs linear time, not quadratic. */
#define INDEX_AFTER 64

static void index_put(struct tz_strmap **m, const char *key, size_t i)
{
	if (!*m)
		*m = tz_calloc(1, sizeof(**m));
	tz_strmap_put(*m, key, i, NULL);
}

static void index_free(struct tz_strmap *m)
{
	if (m) {
		tz_strmap_release(m);
		free(m);
	}
}

enum item { ITEM_NONE, ITEM_SECTION, ITEM_KEY, ITEM_CONT };

struct parser {
	const char *path;
	const char *data;
	size_t len, pos;
	int lineno;
	struct tz_diag_list *diags;
	int encoding_checked;	/* looked for GB18030 at the first bad line */
	struct tz_buf converted;	/* the rest of a GB18030 file, as UTF-8 */

	/* reader: synthetic lines waiting to be served to inih */
	struct tz_buf queue;
	size_t queue_pos;
	int key_open;		/* a key line may still be continued */
	int key_ignored;	/* ...but it was dropped (before any section) */
	int blank_after_key;	/* a blank line ended the last value */

	/* handler: the item being assembled from pieces */
	enum item item;
	int item_line;
	struct tz_buf name;	/* key or section name */
	struct tz_buf value;
	int in_value;		/* pieces now go to value, not name */

	struct tz_record *rec;
	struct tz_section *cur;	/* NULL before the first section */
	struct tz_section dropped;	/* keys of a duplicate section go here */
	struct tz_field *last;	/* field that continuation lines extend */
	/* a bit per hash of the keys of cur: a key whose bit is clear is
	 * not there, without comparing it with every key before it */
	uint64_t keys_seen[4];
};

/* The bit of key in keys_seen. */
static unsigned key_bit(const char *key)
{
	unsigned h = 2166136261u;

	for (; *key; key++)
		h = (h ^ (unsigned char)*key) * 16777619u;
	return (h ^ h >> 16) & 255;
}

/* Make s the section that keys go to. */
static void set_current(struct parser *p, struct tz_section *s)
{
	p->cur = s;
	memset(p->keys_seen, 0, sizeof(p->keys_seen));
}

/* "@" kind LINE into tag (at least 16 bytes), without printf's cost. */
static const char *make_tag(char *tag, char kind, int line)
{
	char digits[12];
	int n = 0;

	tag[0] = '@';
	tag[1] = kind;
	do {
		digits[n++] = (char)('0' + line % 10);
		line /= 10;
	} while (line && n < 11);
	for (int i = 0; i < n; i++)
		tag[2 + i] = digits[n - 1 - i];
	tag[2 + n] = '\0';
	return tag;
}

/* The bytes inih would trim, split at or comment away: control characters
 * and white space, % (our escape) ; # = : [ ]. A table, as it is asked for
 * every byte of every value. */
static const unsigned char escape_table[256] = {
	[0 ... 0x20] = 1, [0x7f] = 1,
	['%'] = 1, [';'] = 1, ['#'] = 1, ['='] = 1, [':'] = 1, ['['] = 1, [']'] = 1,
};

static int must_escape(unsigned char c)
{
	return escape_table[c];
}

/* Append synthetic lines "TAG=piece\n" for s[0..len), and when v is not
 * NULL a raw "=" and v[0..vlen) after it (a key line's key and value: the
 * only raw "=" after the tag's), the first line with tag `first`, the rest
 * with "@v". Each line fits in `cap` bytes. */
static void emit_pieces(struct tz_buf *q, const char *first, const char *s, size_t len, const char *v,
			size_t vlen, size_t cap)
{
	static const char hex[] = "0123456789ABCDEF";
	const char *seg[3] = { s, "=", v };
	size_t seglen[3] = { len, 1, vlen };
	size_t nseg = v ? 3 : 1, k = 0, i = 0;	/* the segment and the byte in it */
	const char *tag = first;

	do {
		size_t start = q->len, room;

		tz_buf_puts(q, tag);
		tz_buf_putc(q, '=');
		room = cap - (q->len - start) - 1;	/* keep one byte for '\n' */
		while (k < nseg) {
			const char *b = seg[k];
			size_t n = seglen[k], run = 0;
			unsigned char c;

			if (i == n) {
				k++;
				i = 0;
				continue;
			}
			if (k == 1) {	/* the separator, as it is */
				if (!room)
					break;
				tz_buf_putc(q, '=');
				room--;
				i++;
				continue;
			}
			/* copy a run of bytes that need no escape in one go */
			while (i + run < n && run < room && !must_escape((unsigned char)b[i + run]))
				run++;
			if (run) {
				tz_buf_put(q, b + i, run);
				room -= run;
				i += run;
				continue;
			}
			if (room < 3)
				break;
			c = (unsigned char)b[i];
			{
				char e[3] = { '%', hex[c >> 4], hex[c & 15] };
				tz_buf_put(q, e, 3);
			}
			room -= 3;
			i++;
		}
		tz_buf_putc(q, '\n');
		tag = "@v";
		while (k < nseg && i == seglen[k]) {
			k++;
			i = 0;
		}
	} while (k < nseg);
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\v' || c == '\f';
}

static void trim(const char **s, size_t *len)
{
	while (*len && (is_blank(**s) || **s == '\r' || **s == '\n')) {
		(*s)++;
		(*len)--;
	}
	while (*len && (is_blank((*s)[*len - 1]) || (*s)[*len - 1] == '\r'))
		(*len)--;
}

/* A whole line's blanks at either end, and the carriage returns that end it.
 * A carriage return at its start is kept, for the control-character check:
 * the in-place editor reads such a line as a key starting with it. */
static void trim_line(const char **s, size_t *len)
{
	while (*len && is_blank(**s)) {
		(*s)++;
		(*len)--;
	}
	while (*len && (is_blank((*s)[*len - 1]) || (*s)[*len - 1] == '\r'))
		(*len)--;
}

static void finding(struct parser *p, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void finding(struct parser *p, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tz_diag_addv(p->diags, p->path, line, 0, TZ_ERROR, fmt, ap);
	va_end(ap);
}

static void quoted(struct tz_buf *b, const char *s, size_t len)
{
	char *tmp = tz_strndup(s, len);
	tz_text_quote(b, tmp);
	free(tmp);
}

/* Whether a line is one of the markers git (or tz merge-file) leaves around
 * a conflict: "<<<<<<< ours", "=======", ">>>>>>> theirs", "||||||| base".
 * ">>>>>>>=x" counts too: read as a key, it would turn into a marker the
 * moment a tool writes it back as ">>>>>>> = x". */
static int is_conflict_marker(const char *s, size_t n)
{
	static const char *const marks[] = { "<<<<<<<", "=======", ">>>>>>>", "|||||||" };

	if (n < 7)
		return 0;
	for (size_t i = 0; i < sizeof(marks) / sizeof(*marks); i++)
		if (!memcmp(s, marks[i], 7) && (n == 7 || s[7] == ' ' || s[7] == '\t' || s[7] == '=' || s[7] == ':'))
			return 1;
	return 0;
}

/* The length of the full-width character at s[0..n) that is one of those
 * given (UTF-8, three bytes each), else 0. */
static size_t fullwidth_at(const char *s, size_t n, const char *const *chars, size_t nchars)
{
	for (size_t i = 0; i < nchars; i++)
		if (n >= 3 && !memcmp(s, chars[i], 3))
			return 3;
	return 0;
}

static const char *const open_brackets[] = { "［", "【" };
static const char *const close_brackets[] = { "］", "】" };

/* A section header written with a full-width bracket at either end, ［issue］
 * or 【issue】, as a Chinese input method types it: say so, and read it as
 * the header it means. Returns 1 when the line was one. */
static int fullwidth_section(struct parser *p, const char *s, size_t n, size_t cap)
{
	size_t open = *s == '[' ? 1 : fullwidth_at(s, n, open_brackets, 2);
	size_t close = 0;
	const char *name;
	size_t nlen;
	char tag[32];

	if (!open || n < open + 1)
		return 0;
	if (s[n - 1] == ']')
		close = 1;
	else if (n >= open + 3)
		close = fullwidth_at(s + n - 3, 3, close_brackets, 2);
	if (!close || (open == 1 && close == 1))
		return 0;
	name = s + open;
	nlen = n - open - close;
	trim(&name, &nlen);
	{
		struct tz_buf b = TZ_BUF_INIT;
		quoted(&b, name, nlen);
		finding(p, p->lineno, _("full-width brackets in a section header; use \"[%s]\""), tz_buf_cstr(&b));
		tz_buf_release(&b);
	}
	emit_pieces(&p->queue, make_tag(tag, 's', p->lineno), name, nlen, NULL, 0, cap);
	return 1;
}

/* A key line whose first separator is a full-width "＝" or "：": say so and
 * point *eq at it, so that the line is read on as key = value. Returns 1 when
 * it is one. */
static int fullwidth_separator(struct parser *p, const char *s, size_t n, const char **eq)
{
	static const char *const seps[] = { "＝", "：" };

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '=' || s[i] == ':')
			return 0;
		if (fullwidth_at(s + i, n - i, seps, 2)) {
			finding(p, p->lineno, _("full-width \"%.3s\" in a key line; use \"=\""), s + i);
			*eq = s + i;
			return 1;
		}
	}
	return 0;
}

/* At the first line that is not UTF-8: when the file, from that line on, is
 * GB18030 text, say so once and read the rest converted, so that one finding
 * says what is wrong instead of one per line. */
static void check_encoding(struct parser *p)
{
	p->encoding_checked = 1;
	if (!tz_text_from_gb18030(p->data + p->pos, p->len - p->pos, &p->converted))
		return;
	finding(p, p->lineno, _("the file seems to be GBK/GB18030; save it as UTF-8 (iconv -f GB18030 -t UTF-8)"));
	p->data = p->converted.ptr;
	p->len = p->converted.len;
	p->pos = 0;
}

/* Classify one physical line, whose first valid bytes (UTF-8) are
 * line[0..valid), and queue what inih should see of it. */
static void classify(struct parser *p, const char *line, size_t len, size_t valid, size_t cap)
{
	const char *s = line, *t;
	size_t n = len, ok = valid, tn, ctl, cn;
	char tag[32];

	if (p->lineno == 1 && n >= 3 && !memcmp(s, "\xef\xbb\xbf", 3)) {
		s += 3;
		n -= 3;
		ok -= 3;	/* the mark is valid UTF-8 */
	}
	if (n && s[n - 1] == '\r')
		n--;
	/* a carriage return completes no character: dropping it moves no error */
	if (ok > n)
		ok = n;
	if (ok < n)
		finding(p, p->lineno, _("invalid UTF-8 (byte %zu of the line)"), (size_t)(s - line) + ok + 1);

	{
		t = s;
		tn = n;
		trim_line(&t, &tn);
		if (tn == 0) {
			if (p->key_open)
				p->blank_after_key = 1;
			p->key_open = 0;
			return;
		}
		if (*t == ';' || *t == '#')
			return;
		/* an escape in a value would act on the terminal that shows it */
		ctl = tz_text_find_control(t, tn, &cn);
		if (ctl < tn) {
			struct tz_buf b = TZ_BUF_INIT;
			quoted(&b, t + ctl, cn);
			finding(p, p->lineno, _("control character \"%s\" (byte %zu of the line): only tab is allowed"),
				tz_buf_cstr(&b), (size_t)(t - line) + ctl + 1);
			tz_buf_release(&b);
		}
		trim(&t, &tn);	/* that said, a value or key never starts with CR */
		if (tn == 0)
			return;
		if (is_blank(*s)) {
			if (p->key_open) {
				if (!p->key_ignored) {
					emit_pieces(&p->queue, make_tag(tag, 'c', p->lineno), t, tn, NULL, 0, cap);
				}
			} else if (p->blank_after_key) {
				finding(p, p->lineno, _("continuation line after a blank line"));
			} else {
				finding(p, p->lineno, _("continuation line with no key to continue"));
			}
			return;
		}
		s = t;
		n = tn;
	}

	p->blank_after_key = 0;
	p->key_open = 0;
	p->key_ignored = 0;
	if (is_conflict_marker(s, n)) {
		struct tz_buf b = TZ_BUF_INIT;
		quoted(&b, s, n);
		finding(p, p->lineno, _("unresolved merge conflict: \"%s\""), tz_buf_cstr(&b));
		tz_buf_release(&b);
		return;
	}
	if (fullwidth_section(p, s, n, cap))
		return;
	if (*s == '[') {
		const char *close = memchr(s, ']', n);
		const char *name = s + 1;
		size_t nlen;

		if (!close || close != s + n - 1) {
			struct tz_buf b = TZ_BUF_INIT;
			quoted(&b, s, n);
			finding(p, p->lineno, _("bad section header \"%s\""), tz_buf_cstr(&b));
			tz_buf_release(&b);
			/* keys that follow must not land in the previous section */
			emit_pieces(&p->queue, make_tag(tag, 'x', p->lineno), "", 0, NULL, 0, cap);
			return;
		}
		nlen = (size_t)(close - name);
		trim(&name, &nlen);
		emit_pieces(&p->queue, make_tag(tag, 's', p->lineno), name, nlen, NULL, 0, cap);
		return;
	}

	{
		const char *eq = memchr(s, '=', n);
		const char *colon = memchr(s, ':', n);
		const char *key = s, *val;
		size_t klen, vlen, eqlen = 1;

		if (fullwidth_separator(p, s, n, &eq)) {
			eqlen = 3;	/* read on as if "=" had been written */
		} else if (!eq || (colon && colon < eq)) {
			struct tz_buf b = TZ_BUF_INIT;
			quoted(&b, s, n);
			if (colon)
				finding(p, p->lineno, _("\":\" is not a separator, use \"=\": \"%s\""), tz_buf_cstr(&b));
			else
				finding(p, p->lineno, _("expected \"key = value\", \"[section]\" or a comment: \"%s\""), tz_buf_cstr(&b));
			tz_buf_release(&b);
			return;
		}
		klen = (size_t)(eq - s);
		trim(&key, &klen);
		val = eq + eqlen;
		vlen = n - (size_t)(val - s);
		trim(&val, &vlen);
		p->key_open = 1;
		if (klen == 0) {
			finding(p, p->lineno, _("missing key before \"=\""));
			p->key_ignored = 1;
			return;
		}
		emit_pieces(&p->queue, make_tag(tag, 'k', p->lineno), key, klen, val, vlen, cap);
	}
}

/* fgets-like reader for inih: serve one queued synthetic line at a time. */
static char *reader(char *str, int num, void *stream)
{
	struct parser *p = stream;
	size_t cap = num > 0 ? (size_t)num - 1 : 0;	/* room before the NUL */

	if (cap < 24)
		return NULL;	/* cannot happen with any inih build */
	if (cap > 160)
		cap = 160;
	while (p->queue_pos == p->queue.len) {
		const char *nl;
		size_t n, valid;

		tz_buf_clear(&p->queue);
		p->queue_pos = 0;
		if (p->pos >= p->len)
			return NULL;
		nl = memchr(p->data + p->pos, '\n', p->len - p->pos);
		n = nl ? (size_t)(nl - (p->data + p->pos)) : p->len - p->pos;
		p->lineno++;
		valid = tz_utf8_valid_prefix(p->data + p->pos, n);
		if (valid < n && !p->encoding_checked) {
			const char *before = p->data;
			check_encoding(p);
			if (p->data != before) {
				nl = memchr(p->data, '\n', p->len);
				n = nl ? (size_t)(nl - p->data) : p->len;
				valid = tz_utf8_valid_prefix(p->data, n);
			}
		}
		classify(p, p->data + p->pos, n, valid, cap);
		p->pos += n + (nl ? 1 : 0);
	}
	{
		const char *start = p->queue.ptr + p->queue_pos;
		const char *nl = memchr(start, '\n', p->queue.len - p->queue_pos);
		size_t n = (size_t)(nl - start) + 1;

		memcpy(str, start, n);
		str[n] = '\0';
		p->queue_pos += n;
	}
	return str;
}

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : c - 'a' + 10;
}

/* Append s[0..len), decoded, to b. */
static void unescape_append(struct tz_buf *b, const char *s, size_t len)
{
	const char *end = s + len;

	for (;;) {
		const char *pct = memchr(s, '%', (size_t)(end - s));
		if (!pct) {
			tz_buf_put(b, s, (size_t)(end - s));
			return;
		}
		tz_buf_put(b, s, (size_t)(pct - s));
		if (end - pct < 3)
			return;	/* cannot happen: every % we write has two digits */
		tz_buf_putc(b, (char)(hexval(pct[1]) << 4 | hexval(pct[2])));
		s = pct + 3;
	}
}

/* A piece of the current item: into its name until the raw "=" that ends
 * a key, then into its value. */
static void take_piece(struct parser *p, const char *s)
{
	size_t len = strlen(s);

	if (!p->in_value && p->item == ITEM_KEY) {
		const char *eq = memchr(s, '=', len);
		if (eq) {
			unescape_append(&p->name, s, (size_t)(eq - s));
			p->in_value = 1;
			len -= (size_t)(eq + 1 - s);
			s = eq + 1;
		}
	}
	unescape_append(p->in_value ? &p->value : &p->name, s, len);
}

static struct tz_section *find_section(struct tz_record *r, const char *name)
{
	size_t i;

	if (r->index)
		return tz_strmap_get(r->index, name, &i) ? &r->sections[i] : NULL;
	for (size_t i = 0; i < r->nsections; i++)
		if (!strcmp(r->sections[i].name, name))
			return &r->sections[i];
	return NULL;
}

static void section_release(struct tz_section *s)
{
	for (size_t i = 0; i < s->nfields; i++) {
		free(s->fields[i].key);
		free(s->fields[i].value);
	}
	free(s->fields);
	free(s->name);
	index_free(s->index);
	memset(s, 0, sizeof(*s));
}

/* The current item is complete: add it to the record. */
static void finish_item(struct parser *p)
{
	struct tz_record *r = p->rec;

	switch (p->item) {
	case ITEM_NONE:
		break;
	case ITEM_SECTION: {
		const char *name = tz_buf_cstr(&p->name);
		struct tz_section *old = find_section(r, name);

		if (!*name) {
			finding(p, p->item_line, _("empty section name"));
			set_current(p, &p->dropped);
		} else if (old) {
			struct tz_buf b = TZ_BUF_INIT;
			tz_text_quote(&b, name);
			finding(p, p->item_line, _("duplicate section \"[%s]\" (first at line %d)"), tz_buf_cstr(&b), old->line);
			tz_buf_release(&b);
			set_current(p, &p->dropped);
		} else {
			struct tz_section *s;
			TZ_ALLOC_GROW(r->sections, r->nsections + 1, r->alloc);
			s = &r->sections[r->nsections++];
			memset(s, 0, sizeof(*s));
			s->name = tz_strdup(name);
			s->line = p->item_line;
			if (r->index)
				index_put(&r->index, s->name, r->nsections - 1);
			else if (r->nsections > INDEX_AFTER)
				for (size_t k = 0; k < r->nsections; k++)
					index_put(&r->index, r->sections[k].name, k);
			set_current(p, s);
		}
		p->last = NULL;
		break;
	}
	case ITEM_KEY: {
		const char *key = tz_buf_cstr(&p->name);
		const struct tz_field *old;
		struct tz_field *f;
		unsigned bit;

		p->last = NULL;
		if (!p->cur) {
			struct tz_buf b = TZ_BUF_INIT;
			tz_text_quote(&b, key);
			finding(p, p->item_line, _("key \"%s\" before any section"), tz_buf_cstr(&b));
			tz_buf_release(&b);
			break;
		}
		if (p->cur == &p->dropped)
			break;
		bit = key_bit(key);
		old = p->keys_seen[bit >> 6] >> (bit & 63) & 1 ? tz_section_field(p->cur, key) : NULL;
		if (old) {
			struct tz_buf b = TZ_BUF_INIT;
			tz_text_quote(&b, key);
			finding(p, p->item_line, _("duplicate key \"%s\" (first at line %d)"), tz_buf_cstr(&b), old->line);
			tz_buf_release(&b);
			break;
		}
		TZ_ALLOC_GROW(p->cur->fields, p->cur->nfields + 1, p->cur->alloc);
		f = &p->cur->fields[p->cur->nfields++];
		f->key = tz_strndup(key, p->name.len);
		f->value = tz_strndup(tz_buf_cstr(&p->value), p->value.len);
		f->line = p->item_line;
		p->keys_seen[bit >> 6] |= (uint64_t)1 << (bit & 63);
		if (p->cur->index)
			index_put(&p->cur->index, f->key, p->cur->nfields - 1);
		else if (p->cur->nfields > INDEX_AFTER)
			for (size_t k = 0; k < p->cur->nfields; k++)
				index_put(&p->cur->index, p->cur->fields[k].key, k);
		p->last = f;
		break;
	}
	case ITEM_CONT:
		if (p->last && p->value.len) {
			size_t old = strlen(p->last->value);
			char *v = tz_malloc(old + 1 + p->value.len + 1);
			memcpy(v, p->last->value, old);
			if (old)
				v[old++] = '\n';
			memcpy(v + old, p->value.ptr, p->value.len + 1);
			free(p->last->value);
			p->last->value = v;
		}
		break;
	}
	p->item = ITEM_NONE;
	tz_buf_clear(&p->name);
	tz_buf_clear(&p->value);
	p->in_value = 0;
}

static int handler(void *user, const char *section, const char *name, const char *value)
{
	struct parser *p = user;

	(void)section;
	if (name[0] != '@')
		return 1;	/* cannot happen: every line we feed is tagged */
	if (name[1] == 'v') {
		take_piece(p, value);
		return 1;
	}
	finish_item(p);
	p->item_line = atoi(name + 2);
	switch (name[1]) {
	case 's':
		p->item = ITEM_SECTION;
		break;
	case 'k':
		p->item = ITEM_KEY;
		break;
	case 'c':
		p->item = ITEM_CONT;
		p->in_value = 1;
		break;
	case 'x':
		/* a broken section header: its keys belong nowhere */
		set_current(p, &p->dropped);
		p->last = NULL;
		return 1;
	}
	take_piece(p, value);
	return 1;
}

struct tz_record *tz_record_parse(const char *path, const char *data, size_t len,
				  struct tz_diag_list *diags)
{
	struct parser p;
	const char *nul;

	if (len > TZ_RECORD_MAX_SIZE) {
		tz_diag_add(diags, path, 1, TZ_ERROR, _("file is larger than 1 MiB (%zu bytes)"), len);
		return NULL;
	}
	nul = memchr(data, '\0', len);
	if (nul) {
		int line = 1;
		for (const char *c = data; c < nul; c++)
			line += *c == '\n';
		tz_diag_add(diags, path, line, TZ_ERROR, _("NUL byte in file (not read further)"));
		return NULL;
	}

	memset(&p, 0, sizeof(p));
	p.path = path;
	p.data = data;
	p.len = len;
	p.diags = diags;
	p.rec = tz_calloc(1, sizeof(*p.rec));
	p.rec->path = tz_strdup(path);
	ini_parse_stream(reader, &p, handler, &p);
	finish_item(&p);
	section_release(&p.dropped);
	tz_buf_release(&p.queue);
	tz_buf_release(&p.converted);
	tz_buf_release(&p.name);
	tz_buf_release(&p.value);
	return p.rec;
}

void tz_record_free(struct tz_record *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nsections; i++)
		section_release(&r->sections[i]);
	index_free(r->index);
	free(r->sections);
	free(r->path);
	free(r);
}

const struct tz_section *tz_record_section(const struct tz_record *r, const char *name)
{
	return find_section((struct tz_record *)r, name);
}

const struct tz_field *tz_section_field(const struct tz_section *s, const char *key)
{
	size_t i;

	if (s->index)
		return tz_strmap_get(s->index, key, &i) ? &s->fields[i] : NULL;
	for (size_t i = 0; i < s->nfields; i++)	/* the first byte rules out most */
		if (s->fields[i].key[0] == key[0] && !strcmp(s->fields[i].key, key))
			return &s->fields[i];
	return NULL;
}

const char *tz_section_get(const struct tz_section *s, const char *key)
{
	const struct tz_field *f = tz_section_field(s, key);
	return f && f->value[0] ? f->value : NULL;
}
