/* report_html.c - the briefing as one self-contained HTML page: a red
 * 简报 header, tables with red/yellow/green marks, inline SVG bar charts,
 * and a print style for A4. No script, font or image is fetched. */
#include <stdio.h>
#include <string.h>
#include "report.h"
#include "text.h"

static void esc(struct tz_buf *b, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': tz_buf_puts(b, "&amp;"); break;
		case '<': tz_buf_puts(b, "&lt;"); break;
		case '>': tz_buf_puts(b, "&gt;"); break;
		case '"': tz_buf_puts(b, "&quot;"); break;
		case '\n': tz_buf_puts(b, "<br>"); break;
		default: tz_buf_putc(b, *s);
		}
	}
}

static const char style[] =
"<style>\n"
"@page { size: A4; margin: 18mm 16mm; }\n"
"body { font-family: \"Noto Serif CJK SC\", \"Noto Sans CJK SC\", \"Source Han Serif SC\", SimSun, serif;"
" color: #111; max-width: 178mm; margin: 0 auto; font-size: 10.5pt; line-height: 1.5; }\n"
".masthead { text-align: center; color: #c00; border-bottom: 3px solid #c00; padding-bottom: 4mm; margin-bottom: 6mm; }\n"
".masthead h1 { font-size: 30pt; letter-spacing: 0.15em; margin: 4mm 0 2mm; font-weight: bold; }\n"
".masthead .no { font-size: 12pt; color: #111; }\n"
".masthead .line { display: flex; justify-content: space-between; font-size: 10.5pt; color: #111; margin-top: 3mm; }\n"
"h2 { font-size: 14pt; margin: 6mm 0 2mm; border-left: 4px solid #c00; padding-left: 2mm; break-after: avoid; }\n"
"table { border-collapse: collapse; width: 100%; margin: 2mm 0 4mm; font-size: 9.5pt; }\n"
"th, td { border: 1px solid #999; padding: 1mm 1.5mm; vertical-align: top; }\n"
"th { background: #f3e5e5; white-space: nowrap; }\n"
"td:first-child { white-space: nowrap; }\n"
"td.n { text-align: right; white-space: nowrap; }\n"
"tr { break-inside: avoid; }\n"
".mark { display: inline-block; width: 0.8em; height: 0.8em; border-radius: 50%; margin-right: 0.3em; vertical-align: -0.05em; }\n"
".red { background: #d11; } .yellow { background: #e6b800; } .green { background: #2a2; }\n"
"tr.red td { background: #fdeaea; } tr.yellow td { background: #fff8dc; }\n"
".figs { display: flex; flex-wrap: wrap; gap: 3mm; }\n"
".fig { border: 1px solid #c00; padding: 2mm 3mm; min-width: 32mm; }\n"
".fig b { display: block; font-size: 16pt; color: #c00; }\n"
".chart { margin: 2mm 0 4mm; }\n"
".none { color: #666; }\n"
"footer { margin-top: 8mm; border-top: 1px solid #c00; font-size: 9pt; color: #444; padding-top: 2mm; }\n"
"</style>\n";

static const char *mark_class(enum tz_mark m)
{
	return m == TZ_MARK_RED ? "red" : m == TZ_MARK_YELLOW ? "yellow" : m == TZ_MARK_GREEN ? "green" : NULL;
}

static void html_table(struct tz_buf *b, const struct tz_report_table *t)
{
	if (!t->nrows) {
		tz_buf_puts(b, "<p class=\"none\">（无）</p>\n");
		return;
	}
	tz_buf_puts(b, "<table>\n<thead><tr>");
	for (size_t c = 0; c < t->ncols; c++) {
		tz_buf_puts(b, "<th>");
		esc(b, t->cols[c]);
		tz_buf_puts(b, "</th>");
	}
	tz_buf_puts(b, "</tr></thead>\n<tbody>\n");
	for (size_t r = 0; r < t->nrows; r++) {
		const char *cls = mark_class(t->marks[r]);
		int row_colour = cls && t->marks[r] != TZ_MARK_GREEN;
		if (row_colour)
			tz_buf_printf(b, "<tr class=\"%s\">", cls);
		else
			tz_buf_puts(b, "<tr>");
		for (size_t c = 0; c < t->ncols; c++) {
			tz_buf_puts(b, t->numeric[c] ? "<td class=\"n\">" : "<td>");
			if (c == 0 && cls)
				tz_buf_printf(b, "<span class=\"mark %s\"></span>", cls);
			esc(b, t->cells[r * t->ncols + c]);
			tz_buf_puts(b, "</td>");
		}
		tz_buf_puts(b, "</tr>\n");
	}
	tz_buf_puts(b, "</tbody></table>\n");
}

/* A horizontal bar chart: labels, values, colours. */
static void bars(struct tz_buf *b, const char *title, const char *const *labels, const double *values,
		 const char *const *colours, size_t n, const char *unit)
{
	double max = 0;
	const int row = 18, label_w = 150, bar_w = 330;
	int h = (int)n * row + 28;

	for (size_t i = 0; i < n; i++)
		if (values[i] > max)
			max = values[i];
	if (max <= 0)
		max = 1;
	tz_buf_printf(b, "<svg class=\"chart\" width=\"100%%\" viewBox=\"0 0 560 %d\" role=\"img\" aria-label=\"", h);
	esc(b, title);
	tz_buf_puts(b, "\">\n<text x=\"0\" y=\"14\" font-size=\"12\" font-weight=\"bold\">");
	esc(b, title);
	tz_buf_puts(b, "</text>\n");
	for (size_t i = 0; i < n; i++) {
		int y = 24 + (int)i * row;
		double w = values[i] > 0 ? values[i] / max * bar_w : 0;
		tz_buf_printf(b, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\">", label_w - 6, y + 12);
		esc(b, labels[i]);
		tz_buf_printf(b, "</text><rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>",
			      label_w, y + 2, w, row - 5, colours[i]);
		tz_buf_printf(b, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\">%.*f%s</text>\n",
			      label_w + w + 4, y + 12, values[i] == (double)(long)values[i] ? 0 : 2, values[i], unit);
	}
	tz_buf_puts(b, "</svg>\n");
}

static void unit_chart(struct tz_buf *b, const struct tz_report *r)
{
	size_t n = r->nunits;
	const char **labels = tz_calloc(n + 1, sizeof(*labels));
	const char **colours = tz_calloc(n + 1, sizeof(*colours));
	double *values = tz_calloc(n + 1, sizeof(*values));

	for (size_t i = 0; i < n; i++) {
		const struct tz_report_unit *u = &r->units[i];
		labels[i] = u->name;
		values[i] = u->score;
		colours[i] = u->overdue ? "#d11" : u->due_soon ? "#e6b800" : "#2a2";
	}
	bars(b, "责任单位考核得分", labels, values, colours, n, "");
	free(labels);
	free(colours);
	free(values);
}

static void status_chart(struct tz_buf *b, const struct tz_report *r)
{
	const struct tz_fdef *f = r->status_field;
	size_t n = f ? f->nvalues : 0;
	const char **labels = tz_calloc(n + 1, sizeof(*labels));
	const char **colours = tz_calloc(n + 1, sizeof(*colours));
	double *values = tz_calloc(n + 1, sizeof(*values));
	size_t k = 0;

	for (size_t i = 0; i < n && i < 16; i++) {
		if (!r->totals.by_status[i])
			continue;
		labels[k] = f->labels ? f->labels[i] : f->values[i];
		values[k] = (double)r->totals.by_status[i];
		colours[k++] = !strcmp(f->values[i], "resolved") || !strcmp(f->values[i], "closed") ? "#2a2" : "#c00";
	}
	bars(b, "问题按状态", labels, values, colours, k, "");
	free(labels);
	free(colours);
	free(values);
}

void tz_report_html(struct tz_buf *b, const struct tz_report *r)
{
	struct tz_report_table *t;
	size_t n;
	char rate[32], ontime[32];

	tz_report_tables(&t, &n, r);
	tz_buf_puts(b, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
	esc(b, r->title);
	if (r->number > 0)
		tz_buf_printf(b, " 第%d期", r->number);
	tz_buf_puts(b, "</title>\n");
	tz_buf_puts(b, style);
	tz_buf_puts(b, "</head>\n<body>\n<header class=\"masthead\">\n<h1>");
	esc(b, r->title);
	tz_buf_puts(b, "</h1>\n<div class=\"no\">");
	if (r->number > 0)
		tz_buf_printf(b, "第%d期", r->number);
	tz_buf_puts(b, "</div>\n<div class=\"line\"><span>");
	esc(b, r->issuer);
	tz_buf_printf(b, "</span><span>%s 至 %s</span><span>截至 %s</span></div>\n</header>\n", r->from, r->to, r->as_of);

	tz_report_rate(rate, sizeof(rate), r->resolution);
	tz_report_rate(ontime, sizeof(ontime), r->on_time);
	tz_buf_puts(b, "<div class=\"figs\">\n");
	tz_buf_printf(b, "<div class=\"fig\">责任单位<b>%ld</b></div>\n", r->totals.units);
	tz_buf_printf(b, "<div class=\"fig\">重点项目<b>%ld</b></div>\n", r->totals.projects);
	tz_buf_printf(b, "<div class=\"fig\">帮扶企业<b>%ld</b></div>\n", r->totals.enterprises);
	tz_buf_printf(b, "<div class=\"fig\">项目问题<b>%ld</b></div>\n", r->totals.project_issues);
	tz_buf_printf(b, "<div class=\"fig\">企业问题<b>%ld</b></div>\n", r->totals.enterprise_issues);
	tz_buf_printf(b, "<div class=\"fig\">办结率<b>%s</b></div>\n", rate);
	tz_buf_printf(b, "<div class=\"fig\">按时办结率<b>%s</b></div>\n", ontime);
	tz_buf_printf(b, "<div class=\"fig\"><span class=\"mark red\"></span>逾期<b>%ld</b></div>\n", r->totals.overdue);
	tz_buf_printf(b, "<div class=\"fig\"><span class=\"mark yellow\"></span>临期<b>%ld</b></div>\n", r->totals.due_soon);
	tz_buf_puts(b, "</div>\n");

	for (size_t i = 0; i < n; i++) {
		tz_buf_puts(b, "<section>\n<h2>");
		esc(b, t[i].heading);
		tz_buf_puts(b, "</h2>\n");
		if (!strcmp(t[i].name, "overview"))
			status_chart(b, r);
		if (!strcmp(t[i].name, "units") && r->nunits)
			unit_chart(b, r);
		html_table(b, &t[i]);
		tz_buf_puts(b, "</section>\n");
	}
	tz_buf_puts(b, "<footer>");
	tz_buf_puts(b, "<span class=\"mark red\"></span>逾期　<span class=\"mark yellow\"></span>临期　"
		       "<span class=\"mark green\"></span>正常。口径见 tz-report(1)。");
	if (r->commit)
		tz_buf_printf(b, "数据版本 %.12s。", r->commit);
	tz_buf_puts(b, "</footer>\n</body>\n</html>\n");
	tz_report_tables_free(t, n);
}
