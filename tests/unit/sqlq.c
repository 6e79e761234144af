/* sqlq.c - the SQL that queries compile to must give eval.c's answers: a
 * property test over generated records and random expressions, run on a
 * real index in a scratch repository. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "buf.h"
#include "date.h"
#include "error.h"
#include "eval.h"
#include "expr.h"
#include "index.h"
#include "load.h"
#include "record.h"
#include "repo.h"
#include "sqlq.h"
#include "tap.h"

static const char item_schema[] =
"[type]\nname = item\ndir = items\nid = IT-[0-9]+\ntitle = title\n\n"
"[field.title]\ntype = text\n\n"
"[field.note]\ntype = text\n\n"
"[field.status]\ntype = enum\nvalues = open, doing, done\nlabels = 待办, 办理中, 已办结\n\n"
"[field.owner]\ntype = ref\nto = owner\n\n"
"[field.helpers]\ntype = ref\nto = owner\nmultiple = yes\n\n"
"[field.n]\ntype = int\n\n"
"[field.m]\ntype = int\n\n"
"[field.amount]\ntype = decimal\n\n"
"[field.due]\ntype = date\n\n"
"[field.done_on]\ntype = date\n\n"
"[field.urgent]\ntype = bool\n\n"
"[part.log]\nkey = [0-9]+\n\n"
"[part.log.field.date]\ntype = date\n\n"
"[part.log.field.action]\ntype = enum\nvalues = assign, urge, close\n\n"
"[part.log.field.who]\ntype = ref\nto = owner\nmultiple = yes\n\n"
"[part.log.field.note]\ntype = text\n";

static const char owner_schema[] =
"[type]\nname = owner\ndir = owners\nid = o[0-9]+\ntitle = name\n\n"
"[field.name]\ntype = text\n\n"
"[field.rank]\ntype = int\n\n"
"[field.tags]\ntype = ref\nto = owner\nmultiple = yes\n\n"
"[field.since]\ntype = date\n";

/* Values records may hold, valid or not; NULL leaves the key out and ""
 * writes an empty value. */
static const char *const texts[] = { NULL, "", "征地补偿", "用工短缺", "abc", "Abc", "a,b", "x \"y\" z", "征地", "3", "2026-06-30", "o1" };
static const char *const enums[] = { NULL, "open", "doing", "done", "bogus", "" };
static const char *const refs[] = { NULL, "o1", "o2", "o3", "o9", "" };
static const char *const lists[] = { NULL, "o1", "o1, o2", " o2 ,o3", "o1,,o3", "o9, o1", ",", "" };
static const char *const ints[] = { NULL, "3", "-2", "007", "10", "abc", "1.5", "+4", "0", "" };
static const char *const decimals[] = { NULL, "12.5", "3", "0.10", "abc", "-1", "12.50", "" };
static const char *const dates[] = { NULL, "2026-06-30", "2026-07-01", "2025-12-31", "2026-13-01", "junk", "2026-07-07", "" };
static const char *const bools[] = { NULL, "yes", "no", "maybe" };
static const char *const actions[] = { NULL, "assign", "urge", "close", "nope" };

/* Literals expressions compare with, per kind of field. */
static const char *const lit_text[] = { "征地", "征地补偿", "abc", "Abc", "b", "3", "\"a,b\"", "'x \"y\" z'", "\"\"", "用工短缺", "补偿", "\"; DROP TABLE item; --\"" };
static const char *const lit_enum[] = { "open", "doing", "done", "待办", "已办结" };
static const char *const lit_ref[] = { "o1", "o2", "o3", "o9" };
static const char *const lit_num[] = { "3", "7", "-2", "10", "1.5", "12.5", "0", "0.1", "4" };
static const char *const lit_date[] = { "2026-06-30", "2026-07-01", "2025-12-31", "today", "today+1", "today-1", "today+7", "2026-07-07" };
static const char *const lit_bool[] = { "yes", "no" };
static const char *const lit_action[] = { "assign", "urge", "close" };

#define PICK(a) ((a)[(size_t)rand() % (sizeof(a) / sizeof(*(a)))])

static char *dir;

static void write_file(const char *rel, const char *data)
{
	struct tz_buf path = TZ_BUF_INIT;
	FILE *fp;

	tz_buf_printf(&path, "%s/%s", dir, rel);
	fp = fopen(path.ptr, "w");
	if (!fp) {
		perror(path.ptr);
		exit(2);
	}
	fputs(data, fp);
	fclose(fp);
	tz_buf_release(&path);
}

static void field(struct tz_buf *b, const char *key, const char *value)
{
	if (value)
		tz_buf_printf(b, "%s = %s\n", key, value);
}

#define NITEMS 240
#define NOWNERS 4

static void make_item(struct tz_buf *b)
{
	int nlog = rand() % 4;

	tz_buf_clear(b);
	tz_buf_puts(b, "[item]\n");
	field(b, "title", PICK(texts));
	if (rand() % 4 == 0)
		tz_buf_puts(b, "note = 第一行，征\n  地补偿\n");
	else
		field(b, "note", PICK(texts));
	field(b, "status", PICK(enums));
	field(b, "owner", PICK(refs));
	field(b, "helpers", PICK(lists));
	field(b, "n", PICK(ints));
	field(b, "m", PICK(ints));
	field(b, "amount", PICK(decimals));
	field(b, "due", PICK(dates));
	field(b, "done_on", PICK(dates));
	field(b, "urgent", PICK(bools));
	for (int k = 0; k < nlog; k++) {
		tz_buf_printf(b, "\n[log.%d]\n", k + 1);
		field(b, "date", PICK(dates));
		field(b, "action", PICK(actions));
		field(b, "who", PICK(lists));
		field(b, "note", PICK(texts));
	}
}

static void make_records(void)
{
	struct tz_buf b = TZ_BUF_INIT, name = TZ_BUF_INIT;

	for (int i = 1; i <= NOWNERS; i++) {
		tz_buf_clear(&b);
		tz_buf_puts(&b, "[owner]\n");
		field(&b, "name", i == 4 ? NULL : PICK(texts));
		field(&b, "rank", PICK(ints));
		field(&b, "tags", PICK(lists));
		field(&b, "since", PICK(dates));
		tz_buf_clear(&name);
		tz_buf_printf(&name, "records/owners/o%d.ini", i);
		write_file(name.ptr, b.ptr);
	}
	for (int i = 1; i <= NITEMS; i++) {
		make_item(&b);
		tz_buf_clear(&name);
		tz_buf_printf(&name, "records/items/IT-%03d.ini", i);
		write_file(name.ptr, b.ptr);
	}
	tz_buf_release(&b);
	tz_buf_release(&name);
}

/* --- the evaluator's side --- */

struct world {
	char id[NITEMS * 2 + 1][16];		/* "" when there is no such item */
	struct tz_record *items[NITEMS * 2 + 1];
	struct tz_record *owners[NOWNERS + 1];
};

static struct tz_record *load(const char *rel)
{
	struct tz_diag_list d = TZ_DIAG_LIST_INIT;
	struct tz_buf path = TZ_BUF_INIT, data = TZ_BUF_INIT;
	char chunk[4096];
	size_t n;
	FILE *fp;
	struct tz_record *r;

	tz_buf_printf(&path, "%s/%s", dir, rel);
	fp = fopen(path.ptr, "r");
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		tz_buf_put(&data, chunk, n);
	fclose(fp);
	r = tz_record_parse(rel, data.ptr, data.len, &d);
	tz_diag_list_release(&d);
	tz_buf_release(&path);
	tz_buf_release(&data);
	return r;
}

static const struct tz_section *lookup(void *payload, const struct tz_type *t, const char *id)
{
	struct world *w = payload;
	int n;

	if (strcmp(t->name, "owner") || id[0] != 'o' || !(n = atoi(id + 1)) || n > NOWNERS)
		return NULL;
	{
		char want[16];
		snprintf(want, sizeof(want), "o%d", n);
		if (strcmp(want, id))
			return NULL;
	}
	return &w->owners[n]->sections[0];
}

/* --- random expressions --- */

static const char *literal_for(const struct tz_fdef *f)
{
	switch (f->type) {
	case TZ_ENUM: return !strcmp(f->name, "action") ? PICK(lit_action) : PICK(lit_enum);
	case TZ_REF: return PICK(lit_ref);
	case TZ_INT: case TZ_DECIMAL: return PICK(lit_num);
	case TZ_DATE: return PICK(lit_date);
	case TZ_BOOL: return PICK(lit_bool);
	default: return PICK(lit_text);
	}
}

static const struct tz_fdef *path_for(struct tz_buf *b, const struct tz_type *item, const struct tz_type *owner)
{
	int r = rand() % 10;

	if (r < 6) {
		const struct tz_fdef *f = &item->fields[(size_t)rand() % item->nfields];
		tz_buf_puts(b, f->name);
		return f;
	}
	if (r < 8) {
		const struct tz_partdef *p = &item->parts[0];
		const struct tz_fdef *f = &p->fields[(size_t)rand() % p->nfields];
		tz_buf_printf(b, "log.%s", f->name);
		return f;
	}
	{
		const struct tz_fdef *via = rand() % 2 ? tz_type_field(item, "owner") : tz_type_field(item, "helpers");
		const struct tz_fdef *f = &owner->fields[(size_t)rand() % owner->nfields];
		tz_buf_printf(b, "%s.%s", via->name, f->name);
		return f;
	}
}

/* A condition on one log entry, for log(...): its own fields only. */
static void gen_entry(struct tz_buf *b, const struct tz_partdef *log, int depth)
{
	static const char *const ops[] = { "=", "!=", "<", "<=", ">", ">=" };
	int r = rand() % 8;
	const struct tz_fdef *f;

	if (depth > 0 && r < 3) {
		tz_buf_puts(b, r == 2 ? "not (" : "(");
		gen_entry(b, log, depth - 1);
		tz_buf_puts(b, rand() % 2 ? " and " : " or ");
		gen_entry(b, log, depth - 1);
		tz_buf_puts(b, ")");
		return;
	}
	do
		f = &log->fields[(size_t)rand() % log->nfields];
	while (f->multiple);
	if (r == 3)
		tz_buf_printf(b, "%s is %sempty", f->name, rand() % 2 ? "not " : "");
	else if (r == 4 && f->type == TZ_DATE)
		tz_buf_printf(b, "workdays(%s, %s) %s %d", f->name, rand() % 2 ? "today" : "2026-07-01",
			      PICK(ops), rand() % 7 - 3);
	else
		tz_buf_printf(b, "%s %s %s", f->name, PICK(ops), literal_for(f));
}

static void gen(struct tz_buf *b, const struct tz_type *item, const struct tz_type *owner, int depth)
{
	static const char *const ops[] = { "=", "!=", "<", "<=", ">", ">=", "~" };
	int r = rand() % 10;

	if (r == 9 && rand() % 2) {
		/* one entry satisfies all of a condition */
		tz_buf_puts(b, "log(");
		gen_entry(b, &item->parts[0], 2);
		tz_buf_puts(b, ")");
		return;
	}
	if (r == 8 && rand() % 3 == 0) {
		tz_buf_printf(b, "workdays(%s, %s) %s %d", rand() % 2 ? "due" : "today+2w",
			      rand() % 2 ? "done_on" : "2026-07-07", PICK(ops), rand() % 9 - 4);
		return;
	}

	if (depth > 0 && r < 2) {
		tz_buf_puts(b, "(");
		gen(b, item, owner, depth - 1);
		tz_buf_puts(b, rand() % 2 ? " and " : " or ");
		gen(b, item, owner, depth - 1);
		tz_buf_puts(b, ")");
		return;
	}
	if (depth > 0 && r < 3) {
		tz_buf_puts(b, "not ");
		gen(b, item, owner, depth - 1);
		return;
	}
	{
		size_t at = b->len;
		const struct tz_fdef *f = path_for(b, item, owner);
		int plain = !strchr(b->ptr + at, '.');
		int k = rand() % 12;

		if (k == 0) {
			tz_buf_puts(b, " is empty");
		} else if (k == 1) {
			tz_buf_puts(b, " is not empty");
		} else if (k == 2) {
			int n = 1 + rand() % 3;
			tz_buf_puts(b, " in (");
			for (int i = 0; i < n; i++)
				tz_buf_printf(b, "%s%s", i ? ", " : "", literal_for(f));
			tz_buf_puts(b, ")");
		} else if (k == 3 && plain) {
			/* another field of the record, of any type */
			tz_buf_printf(b, " %s %s", PICK(ops), item->fields[(size_t)rand() % item->nfields].name);
		} else if (k == 4 && plain && f->type == TZ_DATE) {
			tz_buf_printf(b, " in (today, %s, %s)", literal_for(f), rand() % 2 ? "due" : "done_on");
		} else {
			const char *op = PICK(ops);
			tz_buf_printf(b, " %s %s", op, !strcmp(op, "~") ? PICK(lit_text) : literal_for(f));
		}
	}
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Compare tz_expr_eval and the compiled SQL over rounds random expressions;
 * returns the number of expressions compared, counting mismatches. */
static int compare(struct tz_index *ix, struct world *w, int rounds, long today, int *mismatches, int *nonempty)
{
	const struct tz_schema *schema = tz_index_schema(ix);
	const struct tz_type *item = tz_schema_type(schema, "item"), *owner = tz_schema_type(schema, "owner");
	int compared = 0;

	for (int round = 0; round < rounds; round++) {
		struct tz_buf src = TZ_BUF_INIT, got = TZ_BUF_INIT, want = TZ_BUF_INIT;
		struct tz_expr_error err;
		struct tz_expr *e = NULL;
		struct tz_sqlq q = TZ_SQLQ_INIT;
		struct tz_eval_ctx ctx = { item, NULL, today, lookup, w, NULL, NULL };
		sqlite3_stmt *st = NULL;
		char **ids = NULL;
		size_t nids = 0;
		int rc;

		gen(&src, item, owner, 3);
		if (tz_expr_parse(&e, src.ptr, &err) < 0 || tz_expr_bind(e, item, 1, &err) < 0)
			goto next;	/* a literal the field's type refuses */
		compared++;
		for (int i = 1; i <= NITEMS * 2; i++) {
			if (!w->id[i][0])
				continue;
			ctx.rec = w->items[i];
			if (tz_expr_eval(e, &ctx) == TZ_TRUE)
				tz_buf_printf(&want, "%s ", w->id[i]);
		}
		tz_buf_puts(&q.sql, "SELECT id FROM item t WHERE ");
		tz_sqlq_where(&q, e, item, today);
		rc = sqlite3_prepare_v2(tz_index_db(ix), q.sql.ptr, -1, &st, NULL);
		if (rc != SQLITE_OK) {
			(*mismatches)++;
			ok(0, "prepare %s: %s\n#   %s", src.ptr, sqlite3_errmsg(tz_index_db(ix)), q.sql.ptr);
			goto next;
		}
		tz_sqlq_bind(&q, st);
		while (sqlite3_step(st) == SQLITE_ROW) {
			ids = realloc(ids, (nids + 1) * sizeof(*ids));
			ids[nids++] = strdup((const char *)sqlite3_column_text(st, 0));
		}
		if (nids > 1)
			qsort(ids, nids, sizeof(*ids), cmp_str);
		for (size_t i = 0; i < nids; i++) {
			tz_buf_printf(&got, "%s ", ids[i]);
			free(ids[i]);
		}
		free(ids);
		*nonempty += want.len > 0;
		if (strcmp(tz_buf_cstr(&got), tz_buf_cstr(&want))) {
			(*mismatches)++;
			if (*mismatches <= 10)
				ok(0, "same records for: %s\n#   sql:  %s\n#   got:  %s\n#   want: %s",
				   src.ptr, q.sql.ptr, tz_buf_cstr(&got), tz_buf_cstr(&want));
		}
next:
		sqlite3_finalize(st);
		tz_sqlq_release(&q);
		tz_expr_free(e);
		tz_buf_release(&src);
		tz_buf_release(&got);
		tz_buf_release(&want);
	}
	return compared;
}

/* log(action = A and date >= D), and its negation, decided without the
 * query language: per entry, "action = A" and "date >= D" are each true,
 * false or unknown (absent, or not a date), and-ed; the item is TRUE when
 * one entry is TRUE, FALSE when every entry (or none) is FALSE. */
static int independent(const struct tz_record *r, const char *action, const char *date)
{
	int result = 0;	/* 1 TRUE, 0 FALSE, -1 unknown */

	for (size_t i = 1; i < r->nsections; i++) {
		const struct tz_section *s = &r->sections[i];
		const char *a = tz_section_get(s, "action"), *d = tz_section_get(s, "date");
		int ta = a ? !strcmp(a, action) : -1;
		int td = d && tz_date_parse(d, NULL) == 0 ? strcmp(d, date) >= 0 : -1;
		int both = ta == 0 || td == 0 ? 0 : ta == 1 && td == 1 ? 1 : -1;
		if (strncmp(s->name, "log.", 4))
			continue;
		if (both == 1)
			return 1;
		if (both == -1)
			result = -1;
	}
	return result;
}

static void sql_ids(struct tz_index *ix, const struct tz_type *item, const struct tz_expr *e, long today, struct tz_buf *out)
{
	struct tz_sqlq q = TZ_SQLQ_INIT;
	sqlite3_stmt *st = NULL;

	tz_buf_puts(&q.sql, "SELECT id FROM item t WHERE ");
	tz_sqlq_where(&q, e, item, today);
	tz_buf_puts(&q.sql, " ORDER BY id");
	if (sqlite3_prepare_v2(tz_index_db(ix), q.sql.ptr, -1, &st, NULL) == SQLITE_OK) {
		tz_sqlq_bind(&q, st);
		while (sqlite3_step(st) == SQLITE_ROW)
			tz_buf_printf(out, "%s ", (const char *)sqlite3_column_text(st, 0));
	} else {
		tz_buf_printf(out, "error: %s", sqlite3_errmsg(tz_index_db(ix)));
	}
	sqlite3_finalize(st);
	tz_sqlq_release(&q);
}

/* log(action = A and date >= D) and not log(...) over random A and D: the
 * evaluator, the SQL and the independent reading agree. Returns mismatches. */
static int compare_log(struct tz_index *ix, struct world *w, int rounds, long today, int *matched)
{
	const struct tz_type *item = tz_schema_type(tz_index_schema(ix), "item");
	int mismatches = 0;

	for (int round = 0; round < rounds; round++) {
		const char *action = PICK(lit_action);
		const char *date = PICK(dates);
		for (int neg = 0; neg < 2; neg++) {
			struct tz_buf src = TZ_BUF_INIT, want = TZ_BUF_INIT, evald = TZ_BUF_INIT, got = TZ_BUF_INIT;
			struct tz_expr_error err;
			struct tz_expr *e = NULL;
			struct tz_eval_ctx ctx = { item, NULL, today, lookup, w, NULL, NULL };

			if (!date || !*date || tz_date_parse(date, NULL) < 0)
				date = "2026-06-30";
			tz_buf_printf(&src, "%slog(action = %s and date >= %s)", neg ? "not " : "", action, date);
			if (tz_expr_parse(&e, src.ptr, &err) < 0 || tz_expr_bind(e, item, 1, &err) < 0) {
				ok(0, "%s binds: %s", src.ptr, err.msg);
				mismatches++;
				continue;
			}
			for (int i = 1; i <= NITEMS * 2; i++) {
				if (!w->id[i][0])
					continue;
				ctx.rec = w->items[i];
				if (independent(w->items[i], action, date) == (neg ? 0 : 1))
					tz_buf_printf(&want, "%s ", w->id[i]);
				if (tz_expr_eval(e, &ctx) == TZ_TRUE)
					tz_buf_printf(&evald, "%s ", w->id[i]);
			}
			sql_ids(ix, item, e, today, &got);
			*matched += want.len > 0;
			if (strcmp(tz_buf_cstr(&want), tz_buf_cstr(&evald)) || strcmp(tz_buf_cstr(&want), tz_buf_cstr(&got))) {
				if (++mismatches <= 5)
					ok(0, "%s\n#   want: %s\n#   eval: %s\n#   sql:  %s", src.ptr,
					   tz_buf_cstr(&want), tz_buf_cstr(&evald), tz_buf_cstr(&got));
			}
			tz_expr_free(e);
			tz_buf_release(&src);
			tz_buf_release(&want);
			tz_buf_release(&evald);
			tz_buf_release(&got);
		}
	}
	return mismatches;
}

/* Read item i as file records/items/<id>.ini into w. */
static void load_item(struct world *w, int i, const char *id)
{
	struct tz_buf path = TZ_BUF_INIT;

	tz_record_free(w->items[i]);
	w->items[i] = NULL;
	snprintf(w->id[i], sizeof(w->id[i]), "%s", id);
	if (id[0]) {
		tz_buf_printf(&path, "records/items/%s.ini", id);
		w->items[i] = load(path.ptr);
	}
	tz_buf_release(&path);
}

/* Edit, delete and move some items as a user would between two queries. */
static void change_items(struct world *w, int *edited, int *deleted, int *moved)
{
	struct tz_buf b = TZ_BUF_INIT, from = TZ_BUF_INIT, to = TZ_BUF_INIT;

	for (int i = 1; i <= NITEMS; i++) {
		int r = rand() % 20;
		tz_buf_clear(&from);
		tz_buf_printf(&from, "%s/records/items/%s.ini", dir, w->id[i]);
		if (r < 4) {
			make_item(&b);
			tz_buf_clear(&to);
			tz_buf_printf(&to, "records/items/%s.ini", w->id[i]);
			write_file(to.ptr, b.ptr);
			{
				char id[16];
				snprintf(id, sizeof(id), "%s", w->id[i]);
				load_item(w, i, id);
			}
			(*edited)++;
		} else if (r == 4) {
			unlink(from.ptr);
			load_item(w, i, "");
			(*deleted)++;
		} else if (r == 5) {
			char id[16];
			snprintf(id, sizeof(id), "IT-%d", 500 + i);
			tz_buf_clear(&to);
			tz_buf_printf(&to, "%s/records/items/%s.ini", dir, id);
			rename(from.ptr, to.ptr);
			load_item(w, i, "");
			load_item(w, NITEMS + i, id);
			(*moved)++;
		}
	}
	tz_buf_release(&b);
	tz_buf_release(&from);
	tz_buf_release(&to);
}

int main(void)
{
	struct tz_repo *repo = NULL;
	struct tz_index *ix = NULL;
	static struct world w;
	int edited = 0, deleted = 0, moved = 0;
	char tmpl[] = "/tmp/tz-sqlq-XXXXXX";
	git_repository *g;
	unsigned seed = getenv("TZ_SEED") ? (unsigned)atoi(getenv("TZ_SEED")) : 20260630;
	int rounds = getenv("TZ_ROUNDS") ? atoi(getenv("TZ_ROUNDS")) : 3000;
	int compared, mismatches = 0, nonempty = 0, rc;
	long today;
	struct tz_buf path = TZ_BUF_INIT;

	setenv("TZ_TODAY", "2026-06-30", 1);
	today = tz_date_today();
	srand(seed);
	dir = mkdtemp(tmpl);
	git_libgit2_init();
	git_repository_init(&g, dir, 0);
	git_repository_free(g);
	tz_buf_printf(&path, "%s/schema", dir);
	mkdir(path.ptr, 0777);
	tz_buf_clear(&path);
	tz_buf_printf(&path, "%s/records", dir);
	mkdir(path.ptr, 0777);
	tz_buf_puts(&path, "/items");
	mkdir(path.ptr, 0777);
	tz_buf_clear(&path);
	tz_buf_printf(&path, "%s/records/owners", dir);
	mkdir(path.ptr, 0777);
	write_file("schema/item.ini", item_schema);
	write_file("schema/owner.ini", owner_schema);
	make_records();

	rc = tz_repo_open(&repo, dir);
	ok(rc == 0, "open the scratch repository");
	if (tz_index_open(&ix, repo, NULL, NULL) < 0) {
		ok(0, "build the index: %s", tz_error_last());
		return tap_done();
	}
	is_int(tz_index_stats(ix)->records, NITEMS + NOWNERS, "every record is indexed");
	tz_sqlq_register_calendar(tz_index_db(ix), NULL);
	for (int i = 1; i <= NOWNERS; i++) {
		tz_buf_clear(&path);
		tz_buf_printf(&path, "records/owners/o%d.ini", i);
		w.owners[i] = load(path.ptr);
	}
	for (int i = 1; i <= NITEMS; i++) {
		char id[16];
		snprintf(id, sizeof(id), "IT-%03d", i);
		load_item(&w, i, id);
	}
	compared = compare(ix, &w, rounds, today, &mismatches, &nonempty);
	ok(mismatches == 0, "SQL and eval.c agree on %d of %d random expressions (%d with matches, seed %u)",
	   compared - mismatches, compared, nonempty, seed);
	ok(compared > rounds / 2, "most generated expressions bind (%d of %d)", compared, rounds);
	/* agreement on empty answers alone would prove little */
	ok(nonempty > compared / 10, "a good share of them match records (%d of %d)", nonempty, compared);
	{
		int matched = 0, bad = compare_log(ix, &w, 200, today, &matched);
		ok(bad == 0 && matched > 100, "log(action = A and date >= D): one entry must satisfy both "
		   "(evaluator, SQL and an independent reading agree on 400 queries, %d with matches)", matched);
	}

	/* the same after edits, deletions and moves, through a refresh */
	tz_index_free(ix);
	change_items(&w, &edited, &deleted, &moved);
	rc = tz_index_open(&ix, repo, NULL, NULL);
	ok(rc == 0, "refresh the index");
	tz_sqlq_register_calendar(tz_index_db(ix), NULL);
	is_int(tz_index_stats(ix)->rebuilt, 0, "the refresh is incremental");
	is_int(tz_index_stats(ix)->parsed, edited, "edited records are parsed again (%d)", edited);
	is_int(tz_index_stats(ix)->removed, deleted, "deleted records leave the index (%d)", deleted);
	is_int(tz_index_stats(ix)->renamed, moved, "moved records are renamed, not parsed (%d)", moved);
	is_int(tz_index_stats(ix)->records, NITEMS - deleted + NOWNERS, "the index holds what the files hold");
	mismatches = nonempty = 0;
	compared = compare(ix, &w, rounds / 3, today, &mismatches, &nonempty);
	ok(mismatches == 0, "after the refresh, SQL and eval.c agree on %d of %d expressions",
	   compared - mismatches, compared);
	ok(nonempty > compared / 10, "after the refresh too, a good share match records (%d of %d)",
	   nonempty, compared);

	for (int i = 1; i <= NITEMS * 2; i++)
		tz_record_free(w.items[i]);
	for (int i = 1; i <= NOWNERS; i++)
		tz_record_free(w.owners[i]);
	tz_index_free(ix);
	tz_repo_free(repo);
	tz_buf_clear(&path);
	tz_buf_printf(&path, "rm -rf '%s'", dir);
	if (!getenv("TZ_KEEP") && system(path.ptr) != 0)
		ok(0, "remove %s", dir);
	tz_buf_release(&path);
	return tap_done();
}
