/* report_xlsx.c - the briefing as an Excel/WPS workbook through Debian's
 * libxlsxwriter: one sheet per section, numbers as numbers, rates as
 * percentages, and a bar chart of the unit ranking. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include <errno.h>
#include "durable.h"
#include "error.h"
#include "tempfile.h"
#include "report.h"
#include "i18n.h"

static const char *sheet_name(const char *table)
{
	static const char *const names[][2] = {
		{ "overview", "总体情况" }, { "overdue", "逾期临期" }, { "units", "单位排名" },
		{ "category", "按类别" }, { "program", "按工程" }, { "source", "按来源" },
		{ "subjects", "项目企业" }, { "changes", "本期变化" },
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++)
		if (!strcmp(names[i][0], table))
			return names[i][1];
	return table;
}

/* A cell as a number: "12", "-3.5"; a rate "87.50%" as 0.875 (*percent). */
static int as_number(const char *s, double *x, int *percent)
{
	char *end;
	size_t n = strlen(s);

	*percent = n > 1 && s[n - 1] == '%';
	if (!n || !strchr("0123456789-", s[0]))
		return 0;
	*x = strtod(s, &end);
	if (*percent ? end != s + n - 1 : *end)
		return 0;
	if (*percent)
		*x /= 100;
	return 1;
}

int tz_report_xlsx(const char *path, const struct tz_report *r)
{
	struct tz_report_table *t;
	size_t n;
	lxw_workbook *wb;
	lxw_format *head, *pct, *red, *yellow, *title;
	struct tz_buf tmp = TZ_BUF_INIT;
	lxw_error err;
	const char *tdir;
	int ret = -1, fd, slot = -1;

	/* built in a temporary file, then written to path as any output is
	 * (durable.h), so a failure leaves path alone and /dev/stdout works */
	tdir = getenv("TMPDIR");
	tz_buf_printf(&tmp, "%s/tz-report-XXXXXX", tdir && *tdir ? tdir : "/tmp");
	fd = mkstemp(tmp.ptr);
	if (fd < 0) {
		tz_error_set(_("cannot create %s: %s"), tmp.ptr, strerror(errno));
		goto out_buf;
	}
	close(fd);
	slot = tz_tempfile_register(tmp.ptr);
	wb = workbook_new(tmp.ptr);
	if (!wb) {
		tz_error_set(_("cannot create %s"), tmp.ptr);
		unlink(tmp.ptr);
		goto out_buf;
	}
	head = workbook_add_format(wb);
	format_set_bold(head);
	format_set_bg_color(head, 0xF3E5E5);
	format_set_border(head, LXW_BORDER_THIN);
	pct = workbook_add_format(wb);
	format_set_num_format(pct, "0.00%");
	red = workbook_add_format(wb);
	format_set_bg_color(red, 0xFDEAEA);
	yellow = workbook_add_format(wb);
	format_set_bg_color(yellow, 0xFFF8DC);
	title = workbook_add_format(wb);
	format_set_bold(title);
	format_set_font_color(title, 0xCC0000);
	format_set_font_size(title, 14);

	tz_report_tables(&t, &n, r);
	for (size_t i = 0; i < n; i++) {
		lxw_worksheet *ws = workbook_add_worksheet(wb, sheet_name(t[i].name));
		if (!ws) {
			tz_error_set(_("cannot add sheet %s"), sheet_name(t[i].name));
			goto out;
		}
		for (size_t c = 0; c < t[i].ncols; c++) {
			worksheet_write_string(ws, 0, (lxw_col_t)c, t[i].cols[c], head);
			worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, c == 0 ? 22 : 14, NULL);
		}
		for (size_t row = 0; row < t[i].nrows; row++) {
			lxw_format *fill = t[i].marks[row] == TZ_MARK_RED ? red :
					   t[i].marks[row] == TZ_MARK_YELLOW ? yellow : NULL;
			for (size_t c = 0; c < t[i].ncols; c++) {
				const char *s = t[i].cells[row * t[i].ncols + c];
				double x;
				int percent;
				lxw_row_t rr = (lxw_row_t)(row + 1);
				if (!s)
					worksheet_write_blank(ws, rr, (lxw_col_t)c, fill);
				else if ((t[i].numeric[c] || !strcmp(t[i].name, "overview")) && as_number(s, &x, &percent))
					worksheet_write_number(ws, rr, (lxw_col_t)c, x, percent ? pct : fill);
				else
					worksheet_write_string(ws, rr, (lxw_col_t)c, s, fill);
			}
		}
		if (!strcmp(t[i].name, "units") && t[i].nrows) {
			lxw_chart *chart = workbook_add_chart(wb, LXW_CHART_BAR);
			lxw_chart_series *series = chart_add_series(chart, NULL, NULL);
			lxw_row_t last = (lxw_row_t)t[i].nrows;
			chart_series_set_categories(series, sheet_name("units"), 1, 1, last, 1);
			chart_series_set_values(series, sheet_name("units"), 1, 10, last, 10);
			chart_series_set_name(series, "考核得分");
			chart_title_set_name(chart, "责任单位考核得分排名");
			chart_axis_set_reverse(chart->y_axis);
			chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
			worksheet_insert_chart_opt(ws, 1, 12, chart, &(lxw_chart_options){ .x_scale = 1.5,
				.y_scale = 0.35 * (double)(t[i].nrows > 8 ? t[i].nrows : 8) / 2 });
		}
	}
	err = workbook_close(wb);
	wb = NULL;
	if (err != LXW_NO_ERROR) {
		tz_error_set("%s", lxw_strerror(err));
		unlink(tmp.ptr);
		goto out;
	}
	ret = tz_output_copy(tmp.ptr, path);
	unlink(tmp.ptr);
out:
	if (wb) {
		workbook_close(wb);
		unlink(tmp.ptr);
	}
	tz_report_tables_free(t, n);
out_buf:
	tz_tempfile_forget(slot);
	tz_buf_release(&tmp);
	return ret;
}
