/* resolve.c - labels and names into codes. The lookups go through a source
 * of two callbacks, so the rules here are tested without an index and the
 * index answers them with one indexed query each. */
#include <stdlib.h>
#include <string.h>
#include "resolve.h"
#include "text.h"
#include "i18n.h"

void tz_resolve_matches_release(struct tz_resolve_matches *m)
{
	for (size_t i = 0; i < m->n; i++) {
		free(m->v[i].id);
		free(m->v[i].title);
	}
	free(m->v);
	m->v = NULL;
	m->n = m->alloc = 0;
}

const struct tz_action *tz_resolve_action(const struct tz_type *t, const char *name)
{
	const struct tz_action *a = tz_type_action(t, name);

	for (size_t i = 0; !a && i < t->nactions; i++)
		if (!strcmp(t->actions[i].label, name))
			a = &t->actions[i];
	return a;
}

/* Drop matches whose ID came earlier (a name may be both title and short name). */
static void dedupe(struct tz_resolve_matches *m)
{
	size_t k = 0;

	for (size_t i = 0; i < m->n; i++) {
		size_t j;
		for (j = 0; j < k; j++)
			if (!strcmp(m->v[j].id, m->v[i].id))
				break;
		if (j < k) {
			free(m->v[i].id);
			free(m->v[i].title);
		} else {
			m->v[k++] = m->v[i];
		}
	}
	m->n = k;
}

/* One item of a ref: returns 0 with the ID (or the item) in out, 1 when
 * ambiguous, -1 on failure. */
static int resolve_ref(struct tz_buf *out, const struct tz_fdef *f, const char *item,
		       const struct tz_resolve_source *src, struct tz_buf *why)
{
	const struct tz_type *t = f->target;
	struct tz_resolve_matches m = TZ_RESOLVE_MATCHES_INIT;
	int rc;

	if (!t || !src) {
		tz_buf_puts(out, item);
		return 0;
	}
	rc = src->exists(src->payload, t, item);
	if (rc < 0)
		return -1;
	if (rc > 0) {
		tz_buf_puts(out, item);
		return 0;
	}
	if ((t->title && tz_type_field(t, t->title) && src->find(src->payload, t, t->title, item, &m) < 0) ||
	    (tz_type_field(t, "short_name") && (!t->title || strcmp(t->title, "short_name")) &&
	     src->find(src->payload, t, "short_name", item, &m) < 0)) {
		tz_resolve_matches_release(&m);
		return -1;
	}
	dedupe(&m);
	rc = 0;
	if (m.n == 1) {
		tz_buf_puts(out, m.v[0].id);
	} else if (m.n == 0) {
		tz_buf_puts(out, item);
	} else {
		struct tz_buf q = TZ_BUF_INIT, list = TZ_BUF_INIT;
		tz_text_quote(&q, item);
		for (size_t i = 0; i < m.n; i++) {
			tz_buf_printf(&list, "%s%s", i ? ", " : "", m.v[i].id);
			if (m.v[i].title)
				tz_buf_printf(&list, " (%s)", m.v[i].title);
		}
		/* TRANSLATORS: 'unit: "林业局" matches 2 units: lyj (市林业局),
		   xlyj (县林业局)'; the fourth %s is the record type's name */
		tz_buf_printf(why, NG_("%s: \"%s\" matches %zu %s: %s", "%s: \"%s\" matches %zu %ss: %s", m.n),
			      f->name, q.ptr, m.n, t->name, list.ptr);
		tz_buf_release(&list);
		tz_buf_release(&q);
		rc = 1;
	}
	tz_resolve_matches_release(&m);
	return rc;
}

int tz_resolve_value(struct tz_buf *out, const struct tz_fdef *f, const char *input,
		     const struct tz_resolve_source *src, struct tz_buf *why)
{
	if (f->type == TZ_ENUM) {
		if (tz_fdef_enum_index(f, input) < 0 && f->labels)
			for (size_t i = 0; i < f->nvalues; i++)
				if (!strcmp(f->labels[i], input)) {
					tz_buf_puts(out, f->values[i]);
					return 0;
				}
		tz_buf_puts(out, input);
		return 0;
	}
	if (f->type != TZ_REF) {
		tz_buf_puts(out, input);
		return 0;
	}
	if (!f->multiple)
		return resolve_ref(out, f, input, src, why);
	{
		char *copy = tz_strdup(input), *p = copy;
		int ret = 0, first = 1;

		for (;;) {
			char *comma = strchr(p, ',');
			char *a, *b;
			int rc;

			if (comma)
				*comma = '\0';
			a = p;
			while (*a == ' ' || *a == '\t')
				a++;
			b = a + strlen(a);
			while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
				*--b = '\0';
			if (!first)
				tz_buf_puts(out, ", ");
			first = 0;
			rc = resolve_ref(out, f, a, src, why);
			if (rc < 0 || (rc > 0 && ret == 0))
				ret = rc;
			if (rc < 0 || !comma)
				break;
			if (rc > 0)
				tz_buf_puts(why, "; ");
			p = comma + 1;
		}
		free(copy);
		if (ret > 0 && why->len >= 2 && !strcmp(why->ptr + why->len - 2, "; "))
			why->ptr[why->len -= 2] = '\0';
		return ret;
	}
}
