/* report_out.c - the briefing's sections as tables, and the plain writers:
 * JSON (stable keys), text aligned by display width, Markdown and CSV. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "error.h"
#include "json.h"
#include "report.h"
#include "text.h"

int tz_report_parse_format(const char *s, enum tz_report_format *out)
{
	static const char *const names[] = { "text", "md", "html", "csv", "xlsx", "json" };

	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++)
		if (!strcmp(s, names[i])) {
			*out = (enum tz_report_format)i;
			return 0;
		}
	return -1;
}

/* --- tables --- */

static struct tz_report_table *table(struct tz_report_table **v, size_t *n, const char *name, const char *heading,
				     const char *const *cols, const int *numeric, size_t ncols)
{
	struct tz_report_table *t;

	*v = realloc(*v, (*n + 1) * sizeof(**v));
	t = &(*v)[(*n)++];
	memset(t, 0, sizeof(*t));
	t->name = name;
	t->heading = heading;
	t->cols = (const char **)cols;
	t->numeric = numeric;
	t->ncols = ncols;
	return t;
}

/* Append a row: ncols cells given as printf formats in one string each. */
static void row(struct tz_report_table *t, enum tz_mark mark, ...)
{
	va_list ap;

	if (t->nrows + 1 > t->alloc) {
		t->alloc = t->alloc ? t->alloc * 2 : 16;
		t->cells = realloc(t->cells, t->alloc * t->ncols * sizeof(*t->cells));
		t->marks = realloc(t->marks, t->alloc * sizeof(*t->marks));
	}
	va_start(ap, mark);
	for (size_t c = 0; c < t->ncols; c++) {
		const char *s = va_arg(ap, const char *);
		t->cells[t->nrows * t->ncols + c] = s ? tz_strdup(s) : NULL;
	}
	va_end(ap);
	t->marks[t->nrows++] = mark;
}

static const char *num(char *buf, long n)
{
	snprintf(buf, 32, "%ld", n);
	return buf;
}

static const char *money(char *buf, double x)
{
	if (x < 0)
		return NULL;
	snprintf(buf, 32, "%.2f", x);
	return buf;
}

static void group_table(struct tz_report_table **v, size_t *n, const char *name, const char *heading,
			const char *first, const struct tz_report_group *g, size_t ng)
{
	static const int numeric[] = { 0, 1, 1, 1, 1, 1 };
	const char **cols = NULL;
	struct tz_report_table *t;

	/* the first column's name differs per table: keep it with the table */
	static const char *const by_category[] = { "问题类别", "问题数", "未办结", "已办结", "逾期", "办结率" };
	static const char *const by_program[] = { "所属工程", "问题数", "未办结", "已办结", "逾期", "办结率" };
	static const char *const by_source[] = { "问题来源", "问题数", "未办结", "已办结", "逾期", "办结率" };
	cols = (const char **)(!strcmp(first, "category") ? by_category : !strcmp(first, "program") ? by_program : by_source);
	t = table(v, n, name, heading, cols, numeric, 6);
	for (size_t i = 0; i < ng; i++) {
		char a[32], b[32], c[32], d[32], e[32];
		if (!g[i].issues)
			continue;
		tz_report_rate(e, sizeof(e), g[i].resolution);
		row(t, TZ_MARK_NONE, g[i].label, num(a, g[i].issues), num(b, g[i].open), num(c, g[i].done),
		    num(d, g[i].overdue), e);
	}
}

static const char *status_label(const struct tz_report *r, size_t k)
{
	const struct tz_fdef *f = r->status_field;
	return f->labels ? f->labels[k] : f->values[k];
}

void tz_report_tables(struct tz_report_table **out, size_t *n, const struct tz_report *r)
{
	static const char *const kv[] = { "指标", "数值" };
	static const int kv_num[] = { 0, 1 };
	static const char *const overdue_cols[] = { "编号", "问题", "责任单位", "办结时限", "状态", "工作日" };
	static const int overdue_num[] = { 0, 0, 0, 0, 0, 1 };
	static const char *const unit_cols[] = { "排名", "责任单位", "问题数", "未办结", "已办结", "已销号", "逾期",
						 "办结率", "按时办结率", "督办问责", "考核得分" };
	static const int unit_num[] = { 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1 };
	static const char *const subj_cols[] = { "类型", "编号", "名称", "责任单位", "问题数", "未办结",
						 "年度计划投资(万元)", "累计完成投资(万元)", "完成率" };
	static const int subj_num[] = { 0, 0, 0, 0, 1, 1, 1, 1, 1 };
	static const char *const change_cols[] = { "日期", "变化", "编号", "问题", "说明" };
	static const int change_num[] = { 0, 0, 0, 0, 0 };
	struct tz_report_table *t;
	char a[32], b[32], c[32], d[32], e[32], f[32], g[32], h[32], x[32], y[32];

	*out = NULL;
	*n = 0;
	t = table(out, n, "overview", "一、总体情况", kv, kv_num, 2);
	row(t, TZ_MARK_NONE, "责任单位", num(a, r->totals.units));
	row(t, TZ_MARK_NONE, "帮促重点项目", num(a, r->totals.projects));
	row(t, TZ_MARK_NONE, "帮扶企业", num(a, r->totals.enterprises));
	row(t, TZ_MARK_NONE, "问题总数", num(a, r->totals.issues));
	row(t, TZ_MARK_NONE, "项目问题", num(a, r->totals.project_issues));
	row(t, TZ_MARK_NONE, "企业问题", num(a, r->totals.enterprise_issues));
	for (size_t k = 0; r->status_field && k < r->status_field->nvalues && k < 16; k++) {
		struct tz_buf lab = TZ_BUF_INIT;
		tz_buf_printf(&lab, "其中%s", status_label(r, k));
		row(t, TZ_MARK_NONE, lab.ptr, num(a, r->totals.by_status[k]));
		tz_buf_release(&lab);
	}
	row(t, TZ_MARK_NONE, "未办结", num(a, r->totals.open));
	row(t, TZ_MARK_NONE, "本期新增", num(a, r->totals.new_in_period));
	row(t, TZ_MARK_NONE, "本期办结", num(a, r->totals.resolved_in_period));
	tz_report_rate(a, sizeof(a), r->resolution);
	row(t, TZ_MARK_NONE, "办结率", a);
	tz_report_rate(a, sizeof(a), r->on_time);
	row(t, TZ_MARK_NONE, "按时办结率", a);
	if (r->mean_workdays < 0)
		snprintf(a, sizeof(a), "—");
	else
		snprintf(a, sizeof(a), "%.1f", r->mean_workdays);
	row(t, TZ_MARK_NONE, "平均办结用时(工作日)", a);
	row(t, r->totals.overdue ? TZ_MARK_RED : TZ_MARK_GREEN, "逾期未办结", num(a, r->totals.overdue));
	snprintf(b, sizeof(b), "临期(%d个工作日内到期)", r->due_soon_days);
	row(t, r->totals.due_soon ? TZ_MARK_YELLOW : TZ_MARK_GREEN, b, num(a, r->totals.due_soon));

	t = table(out, n, "overdue", "二、逾期/临期问题", overdue_cols, overdue_num, 6);
	for (size_t i = 0; i < r->nitems; i++) {
		const struct tz_report_item *it = &r->items[i];
		row(t, it->overdue ? TZ_MARK_RED : TZ_MARK_YELLOW, it->id, it->title, it->unit_name, it->deadline,
		    it->overdue ? "逾期" : "临期", num(b, it->workdays));
	}

	t = table(out, n, "units", "三、责任单位排名", unit_cols, unit_num, 11);
	for (size_t i = 0; i < r->nunits; i++) {
		const struct tz_report_unit *u = &r->units[i];
		tz_report_rate(f, sizeof(f), u->resolution);
		tz_report_rate(g, sizeof(g), u->on_time_rate);
		snprintf(h, sizeof(h), "%.2f", u->score);
		row(t, u->overdue ? TZ_MARK_RED : u->due_soon ? TZ_MARK_YELLOW : TZ_MARK_GREEN,
		    num(a, u->rank), u->name, num(b, u->issues), num(c, u->open), num(d, u->resolved),
		    num(e, u->closed), num(x, u->overdue), f, g, num(y, u->escalations), h);
	}

	group_table(out, n, "category", "四、分类统计（按问题类别）", "category", r->by_category, r->ncategory);
	group_table(out, n, "program", "四、分类统计（按“十大”工程）", "program", r->by_program, r->nprogram);
	group_table(out, n, "source", "四、分类统计（按问题来源）", "source", r->by_source, r->nsource);

	t = table(out, n, "subjects", "五、重点项目与帮扶企业", subj_cols, subj_num, 9);
	for (size_t i = 0; i < r->nsubjects; i++) {
		const struct tz_report_subject *s = &r->subjects[i];
		int proj = !strcmp(s->kind, "project");
		const char *pct = NULL;
		if (proj && s->plan > 0) {
			snprintf(g, sizeof(g), "%.2f%%", s->done / s->plan * 100);
			pct = g;
		}
		row(t, s->open ? TZ_MARK_YELLOW : TZ_MARK_GREEN, proj ? "项目" : "企业", s->id, s->name, s->unit_name,
		    num(a, s->issues), num(b, s->open), proj ? money(c, s->plan) : NULL,
		    proj ? money(d, s->done) : NULL, pct);
	}

	t = table(out, n, "changes", "六、本期变化", change_cols, change_num, 5);
	for (size_t i = 0; i < r->nchanges; i++) {
		const struct tz_report_change *ch = &r->change_list[i];
		row(t, TZ_MARK_NONE, ch->date, ch->what, ch->id, ch->title, ch->detail);
	}
}

void tz_report_tables_free(struct tz_report_table *t, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < t[i].nrows * t[i].ncols; k++)
			free(t[i].cells[k]);
		free(t[i].cells);
		free(t[i].marks);
	}
	free(t);
}

const char *tz_report_table_names(void)
{
	return "overview, overdue, units, category, program, source, subjects, changes";
}

/* --- JSON --- */

static void jkey(struct tz_buf *b, const char *k)
{
	tz_json_string(b, k);
	tz_buf_putc(b, ':');
}

static void jstr(struct tz_buf *b, const char *k, const char *v)
{
	jkey(b, k);
	if (v)
		tz_json_string(b, v);
	else
		tz_buf_puts(b, "null");
}

static void jnum(struct tz_buf *b, const char *k, long v)
{
	jkey(b, k);
	tz_buf_printf(b, "%ld", v);
}

static void jrate(struct tz_buf *b, const char *k, double v)
{
	jkey(b, k);
	if (v < 0)
		tz_buf_puts(b, "null");
	else
		tz_buf_printf(b, "%.6g", v);
}

static void jgroups(struct tz_buf *b, const char *k, const struct tz_report_group *g, size_t n)
{
	size_t shown = 0;

	jkey(b, k);
	tz_buf_putc(b, '[');
	for (size_t i = 0; i < n; i++) {
		if (!g[i].issues)
			continue;
		tz_buf_puts(b, shown++ ? ",\n  {" : "\n  {");
		jstr(b, "key", g[i].key);
		tz_buf_putc(b, ',');
		jstr(b, "label", g[i].label);
		tz_buf_putc(b, ',');
		jnum(b, "issues", g[i].issues);
		tz_buf_putc(b, ',');
		jnum(b, "open", g[i].open);
		tz_buf_putc(b, ',');
		jnum(b, "done", g[i].done);
		tz_buf_putc(b, ',');
		jnum(b, "overdue", g[i].overdue);
		tz_buf_putc(b, ',');
		jrate(b, "resolution", g[i].resolution);
		tz_buf_putc(b, '}');
	}
	tz_buf_puts(b, "]");
}

void tz_report_json(struct tz_buf *b, const struct tz_report *r)
{
	tz_buf_putc(b, '{');
	jstr(b, "title", r->title);
	tz_buf_puts(b, ",\n");
	jstr(b, "as_of", r->as_of);
	tz_buf_puts(b, ",\n");
	jstr(b, "commit", r->commit);
	tz_buf_puts(b, ",\n");
	jkey(b, "period");
	tz_buf_putc(b, '{');
	jstr(b, "from", r->from);
	tz_buf_putc(b, ',');
	jstr(b, "to", r->to);
	tz_buf_putc(b, ',');
	jkey(b, "number");
	if (r->number > 0)
		tz_buf_printf(b, "%d", r->number);
	else
		tz_buf_puts(b, "null");
	tz_buf_puts(b, "},\n");
	jkey(b, "totals");
	tz_buf_putc(b, '{');
	jnum(b, "units", r->totals.units);
	tz_buf_putc(b, ',');
	jnum(b, "projects", r->totals.projects);
	tz_buf_putc(b, ',');
	jnum(b, "enterprises", r->totals.enterprises);
	tz_buf_putc(b, ',');
	jnum(b, "issues", r->totals.issues);
	tz_buf_putc(b, ',');
	jnum(b, "project_issues", r->totals.project_issues);
	tz_buf_putc(b, ',');
	jnum(b, "enterprise_issues", r->totals.enterprise_issues);
	tz_buf_putc(b, ',');
	jnum(b, "open", r->totals.open);
	tz_buf_putc(b, ',');
	jnum(b, "resolved", r->totals.resolved);
	tz_buf_putc(b, ',');
	jnum(b, "closed", r->totals.closed);
	tz_buf_putc(b, ',');
	jnum(b, "rejected", r->totals.rejected);
	tz_buf_putc(b, ',');
	jnum(b, "withdrawn", r->totals.withdrawn);
	tz_buf_putc(b, ',');
	jnum(b, "overdue", r->totals.overdue);
	tz_buf_putc(b, ',');
	jnum(b, "due_soon", r->totals.due_soon);
	tz_buf_putc(b, ',');
	jnum(b, "new_in_period", r->totals.new_in_period);
	tz_buf_putc(b, ',');
	jnum(b, "resolved_in_period", r->totals.resolved_in_period);
	tz_buf_puts(b, "},\n");
	jkey(b, "rates");
	tz_buf_putc(b, '{');
	jrate(b, "resolution", r->resolution);
	tz_buf_putc(b, ',');
	jrate(b, "on_time", r->on_time);
	tz_buf_putc(b, ',');
	jrate(b, "mean_workdays_to_resolve", r->mean_workdays);
	tz_buf_puts(b, "},\n");
	jnum(b, "due_soon_workdays", r->due_soon_days);
	tz_buf_puts(b, ",\n");
	jkey(b, "units");
	tz_buf_putc(b, '[');
	for (size_t i = 0; i < r->nunits; i++) {
		const struct tz_report_unit *u = &r->units[i];
		tz_buf_puts(b, i ? ",\n  {" : "\n  {");
		jstr(b, "id", u->id);
		tz_buf_putc(b, ',');
		jstr(b, "name", u->name);
		tz_buf_putc(b, ',');
		jnum(b, "issues", u->issues);
		tz_buf_putc(b, ',');
		jnum(b, "open", u->open);
		tz_buf_putc(b, ',');
		jnum(b, "resolved", u->resolved);
		tz_buf_putc(b, ',');
		jnum(b, "closed", u->closed);
		tz_buf_putc(b, ',');
		jnum(b, "overdue", u->overdue);
		tz_buf_putc(b, ',');
		jrate(b, "resolution_rate", u->resolution);
		tz_buf_putc(b, ',');
		jrate(b, "on_time_rate", u->on_time_rate);
		tz_buf_putc(b, ',');
		jnum(b, "escalations", u->escalations);
		tz_buf_putc(b, ',');
		jkey(b, "score");
		tz_buf_printf(b, "%.2f", u->score);
		tz_buf_putc(b, ',');
		jnum(b, "rank", u->rank);
		tz_buf_putc(b, '}');
	}
	tz_buf_puts(b, "],\n");
	for (int soon = 0; soon < 2; soon++) {
		size_t shown = 0;
		jkey(b, soon ? "due_soon" : "overdue");
		tz_buf_putc(b, '[');
		for (size_t i = 0; i < r->nitems; i++) {
			const struct tz_report_item *it = &r->items[i];
			if (it->overdue == soon)
				continue;
			tz_buf_puts(b, shown++ ? ",\n  {" : "\n  {");
			jstr(b, "id", it->id);
			tz_buf_putc(b, ',');
			jstr(b, "title", it->title);
			tz_buf_putc(b, ',');
			jstr(b, "unit", it->unit);
			tz_buf_putc(b, ',');
			jstr(b, "deadline", it->deadline);
			tz_buf_putc(b, ',');
			jnum(b, soon ? "workdays_left" : "workdays_overdue", it->workdays);
			tz_buf_putc(b, '}');
		}
		tz_buf_puts(b, "],\n");
	}
	jgroups(b, "by_category", r->by_category, r->ncategory);
	tz_buf_puts(b, ",\n");
	jgroups(b, "by_program", r->by_program, r->nprogram);
	tz_buf_puts(b, ",\n");
	jgroups(b, "by_source", r->by_source, r->nsource);
	tz_buf_puts(b, ",\n");
	jkey(b, "subjects");
	tz_buf_putc(b, '[');
	for (size_t i = 0; i < r->nsubjects; i++) {
		const struct tz_report_subject *s = &r->subjects[i];
		tz_buf_puts(b, i ? ",\n  {" : "\n  {");
		jstr(b, "kind", s->kind);
		tz_buf_putc(b, ',');
		jstr(b, "id", s->id);
		tz_buf_putc(b, ',');
		jstr(b, "name", s->name);
		tz_buf_putc(b, ',');
		jnum(b, "issues", s->issues);
		tz_buf_putc(b, ',');
		jnum(b, "open", s->open);
		if (!strcmp(s->kind, "project")) {
			tz_buf_putc(b, ',');
			jkey(b, "annual_plan_investment");
			if (s->plan < 0)
				tz_buf_puts(b, "null");
			else
				tz_buf_printf(b, "%.2f", s->plan);
			tz_buf_putc(b, ',');
			jkey(b, "completed_investment");
			tz_buf_printf(b, "%.2f", s->done);
		}
		tz_buf_putc(b, '}');
	}
	tz_buf_puts(b, "],\n");
	jkey(b, "changes");
	tz_buf_putc(b, '{');
	jnum(b, "new", r->changes.new);
	tz_buf_putc(b, ',');
	jnum(b, "resolved", r->changes.resolved);
	tz_buf_putc(b, ',');
	jnum(b, "closed", r->changes.closed);
	tz_buf_putc(b, ',');
	jnum(b, "deadline_moved", r->changes.deadline_moved);
	tz_buf_putc(b, ',');
	jnum(b, "escalations", r->changes.escalations);
	tz_buf_puts(b, "}}\n");
}

/* --- text and Markdown --- */

static void pad(struct tz_buf *b, size_t n)
{
	while (n--)
		tz_buf_putc(b, ' ');
}

static void text_table(struct tz_buf *b, const struct tz_report_table *t)
{
	size_t *w = calloc(t->ncols + 1, sizeof(*w));

	for (size_t c = 0; c < t->ncols; c++) {
		w[c] = tz_utf8_width(t->cols[c]);
		for (size_t r = 0; r < t->nrows; r++) {
			const char *s = t->cells[r * t->ncols + c];
			size_t x = s ? tz_utf8_width(s) : 0;
			if (x > w[c])
				w[c] = x;
		}
	}
	for (size_t r = 0; r <= t->nrows; r++) {
		for (size_t c = 0; c < t->ncols; c++) {
			const char *s = r ? t->cells[(r - 1) * t->ncols + c] : t->cols[c];
			size_t x = s ? tz_utf8_width(s) : 0;
			int right = r && t->numeric[c];
			if (c)
				tz_buf_puts(b, "  ");
			if (right)
				pad(b, w[c] - x);
			tz_buf_puts(b, s ? s : "");
			if (!right && c + 1 < t->ncols)
				pad(b, w[c] - x);
		}
		if (r && t->marks[r - 1] == TZ_MARK_RED)
			tz_buf_puts(b, "  ●红");
		else if (r && t->marks[r - 1] == TZ_MARK_YELLOW)
			tz_buf_puts(b, "  ●黄");
		tz_buf_putc(b, '\n');
	}
	free(w);
}

static void md_cell(struct tz_buf *b, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '|')
			tz_buf_puts(b, "\\|");
		else if (*s == '\n')
			tz_buf_puts(b, "<br>");
		else
			tz_buf_putc(b, *s);
	}
}

static void md_table(struct tz_buf *b, const struct tz_report_table *t)
{
	tz_buf_puts(b, "|");
	for (size_t c = 0; c < t->ncols; c++) {
		tz_buf_putc(b, ' ');
		md_cell(b, t->cols[c]);
		tz_buf_puts(b, " |");
	}
	tz_buf_puts(b, "\n|");
	for (size_t c = 0; c < t->ncols; c++)
		tz_buf_puts(b, t->numeric[c] ? " ---: |" : " --- |");
	tz_buf_putc(b, '\n');
	for (size_t r = 0; r < t->nrows; r++) {
		tz_buf_puts(b, "|");
		for (size_t c = 0; c < t->ncols; c++) {
			tz_buf_putc(b, ' ');
			if (c == 0 && t->marks[r] == TZ_MARK_RED)
				tz_buf_puts(b, "🔴 ");
			else if (c == 0 && t->marks[r] == TZ_MARK_YELLOW)
				tz_buf_puts(b, "🟡 ");
			md_cell(b, t->cells[r * t->ncols + c]);
			tz_buf_puts(b, " |");
		}
		tz_buf_putc(b, '\n');
	}
}

void tz_report_text(struct tz_buf *b, const struct tz_report *r, int markdown)
{
	struct tz_report_table *t;
	size_t n;

	tz_report_tables(&t, &n, r);
	if (markdown)
		tz_buf_printf(b, "# %s\n\n", r->title);
	else
		tz_buf_printf(b, "%s\n", r->title);
	if (r->number > 0)
		tz_buf_printf(b, "第%d期", r->number);
	tz_buf_printf(b, "%s%s　%s 至 %s　截至 %s\n\n", r->number > 0 ? "　" : "", r->issuer, r->from, r->to, r->as_of);
	for (size_t i = 0; i < n; i++) {
		if (markdown)
			tz_buf_printf(b, "## %s\n\n", t[i].heading);
		else
			tz_buf_printf(b, "%s\n", t[i].heading);
		if (!t[i].nrows)
			tz_buf_puts(b, "（无）\n");
		else if (markdown)
			md_table(b, &t[i]);
		else
			text_table(b, &t[i]);
		tz_buf_putc(b, '\n');
	}
	tz_report_tables_free(t, n);
}

/* --- CSV --- */

static void csv_cell(struct tz_buf *b, const char *s)
{
	if (!s)
		return;
	if (!strpbrk(s, ",\"\r\n")) {
		tz_buf_puts(b, s);
		return;
	}
	tz_buf_putc(b, '"');
	for (; *s; s++) {
		if (*s == '"')
			tz_buf_putc(b, '"');
		tz_buf_putc(b, *s);
	}
	tz_buf_putc(b, '"');
}

static void csv_table(struct tz_buf *b, const struct tz_report_table *t)
{
	for (size_t r = 0; r <= t->nrows; r++) {
		for (size_t c = 0; c < t->ncols; c++) {
			if (c)
				tz_buf_putc(b, ',');
			csv_cell(b, r ? t->cells[(r - 1) * t->ncols + c] : t->cols[c]);
		}
		tz_buf_puts(b, "\r\n");
	}
}

int tz_report_csv(struct tz_buf *b, const struct tz_report *r, const char *section, int bom)
{
	struct tz_report_table *t;
	size_t n;
	int found = 0;

	tz_report_tables(&t, &n, r);
	if (bom)
		tz_buf_puts(b, "\xef\xbb\xbf");
	for (size_t i = 0; i < n; i++) {
		if (section && strcmp(section, t[i].name))
			continue;
		found = 1;
		if (!section) {
			if (i)
				tz_buf_puts(b, "\r\n");
			csv_cell(b, t[i].heading);
			tz_buf_puts(b, "\r\n");
		}
		csv_table(b, &t[i]);
	}
	tz_report_tables_free(t, n);
	return found ? 0 : -1;
}
