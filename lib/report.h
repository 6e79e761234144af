/* report.h - the briefing (简报): its settings (schema/report.ini and
 * schema/assessment.ini), the model computed once from a snapshot of the
 * records as of a date, and the tables every output format writes. The
 * definitions are doc/tz-report.1's, word for word. */
#ifndef TZ_REPORT_H
#define TZ_REPORT_H
#include <stddef.h>
#include <sqlite3.h>
#include "buf.h"
#include "calendar.h"
#include "diag.h"
#include "repo.h"
#include "schema.h"
#include "snapshot.h"

#define TZ_REPORT_PATH "schema/report.ini"
#define TZ_ASSESSMENT_PATH "schema/assessment.ini"

struct tz_report_deduction {
	char *action;
	double points;
};

struct tz_report_settings {
	char *title, *issuer;
	char start[11];			/* YYYY-MM-DD */
	char **escalations;		/* log actions: 督办/约谈/通报/问责 */
	size_t nescalations;
	double w_resolution, w_on_time, per_overdue;
	struct tz_report_deduction *deductions;
	size_t ndeductions;
};

/* Read report.ini and assessment.ini of src (defaults for what is absent).
 * Findings go to diags: unknown sections and keys, a start that is no
 * date, points that are no number or out of 0 to 100, and — when schema is
 * not NULL — escalations and deductions that are not actions of the issue
 * log. Returns 0, or -1 (tz_error_last) on I/O errors. Release with
 * tz_report_settings_release. */
int tz_report_settings_load(struct tz_report_settings *out, struct tz_source *src,
			    const struct tz_schema *schema, struct tz_diag_list *diags);
void tz_report_settings_release(struct tz_report_settings *s);

/* The half-month periods: number n (1 = the one holding start) into
 * from/to (11 bytes each); and the number of the one holding date.
 * Return 0, or -1 when n < 1 or date is before start. */
int tz_report_period(const struct tz_report_settings *s, int n, char *from, char *to);
int tz_report_number(const struct tz_report_settings *s, const char *date);

/* Which records the report reads: call before tz_snapshot_load. The issues
 * are streamed (snapshot.h), with only the log entries whose action s
 * counts (an escalation or a deduction). */
void tz_report_want(struct tz_snapshot *snap, const struct tz_schema *schema,
		    const struct tz_report_settings *s);

#define TZ_RATE_NONE (-1.0)	/* a rate with nothing to divide */

struct tz_report_unit {
	const char *id, *name;
	long issues, open, resolved, closed, rejected, withdrawn, overdue, due_soon, on_time, escalations;
	double resolution, on_time_rate;	/* fractions or TZ_RATE_NONE */
	double score;
	int rank;
};

struct tz_report_item {			/* an overdue or due-soon problem */
	const char *id, *title, *unit, *unit_name, *deadline;
	long workdays;			/* overdue: working days past; due soon: left */
	int overdue;
};

struct tz_report_group {		/* by category, programme or source */
	const char *key, *label;
	long issues, open, done, overdue;
	double resolution;
};

struct tz_report_subject {		/* a project or an enterprise */
	const char *kind, *id, *name, *unit_name;
	long issues, open;
	double plan, done;		/* 万元; plan < 0: not recorded */
};

struct tz_report_change {
	char date[11];
	const char *what, *id, *title;
	char *detail;
};

struct tz_report {
	char as_of[11], from[11], to[11];
	int number;			/* 0: the period is no half-month */
	const char *title, *issuer, *commit;
	struct {
		long units, projects, enterprises, issues, project_issues, enterprise_issues;
		long open, resolved, closed, rejected, withdrawn, overdue, due_soon;
		long by_status[16];	/* in the status enum's order */
		long new_in_period, resolved_in_period;
	} totals;
	double resolution, on_time, mean_workdays;	/* TZ_RATE_NONE when undefined */
	int due_soon_days;
	const struct tz_fdef *status_field;
	struct tz_report_unit *units;
	size_t nunits;
	struct tz_report_item *items;	/* overdue first, most overdue first */
	size_t nitems;
	struct tz_report_group *by_category, *by_program, *by_source;
	size_t ncategory, nprogram, nsource;
	struct tz_report_subject *subjects;
	size_t nsubjects;
	struct {
		long new, resolved, closed, deadline_moved, escalations;
	} changes;
	struct tz_report_change *change_list;
	size_t nchanges;
};

struct tz_report_input {
	const struct tz_schema *schema;
	struct tz_snapshot *snap;	/* keeps the strings the report shows */
	const struct tz_report_settings *settings;
	struct tz_calendar *calendar;
	const char *as_of, *from, *to;	/* YYYY-MM-DD */
	int number;
	const char *unit;		/* NULL: every unit */
	sqlite3 *history;		/* NULL: no deadline moves known */
	long long history_seq;		/* commits up to this seq; < 0: all */
	const char *commit;		/* shown in the header; may be NULL */
};

/* Compute the briefing in one pass over the streamed issues. Returns 0 and
 * sets *out (free with tz_report_free, before the snapshot), or -1 with tz_error_last() set (an unknown --unit, the
 * schema has no issue type, SQLite). */
int tz_report_compute(struct tz_report **out, const struct tz_report_input *in);
void tz_report_free(struct tz_report *r);

/* --- the tables every format writes --- */

enum tz_mark { TZ_MARK_NONE, TZ_MARK_GREEN, TZ_MARK_YELLOW, TZ_MARK_RED };

struct tz_report_table {
	const char *name;		/* "overview", "overdue", ... (csv --section) */
	const char *heading;		/* "一、总体情况" */
	const char *caption;		/* under the heading, or NULL */
	size_t ncols;
	const char **cols;
	const int *numeric;		/* per column */
	char **cells;			/* nrows * ncols, NULL = empty */
	enum tz_mark *marks;		/* per row */
	size_t nrows, alloc;
};

/* The sections as tables, in order, into *out (*n of them); free with
 * tz_report_tables_free. */
void tz_report_tables(struct tz_report_table **out, size_t *n, const struct tz_report *r);
void tz_report_tables_free(struct tz_report_table *t, size_t n);

/* The names of the tables, for messages: "overview, overdue, ...". */
const char *tz_report_table_names(void);

/* Writers. Each returns 0, or -1 with tz_error_last() set. */
enum tz_report_format { TZ_REPORT_TEXT, TZ_REPORT_MD, TZ_REPORT_HTML, TZ_REPORT_CSV,
			TZ_REPORT_XLSX, TZ_REPORT_JSON };
int tz_report_parse_format(const char *s, enum tz_report_format *out);

void tz_report_json(struct tz_buf *out, const struct tz_report *r);
void tz_report_text(struct tz_buf *out, const struct tz_report *r, int markdown);
void tz_report_html(struct tz_buf *out, const struct tz_report *r);
/* section NULL: every table, each after a line with its heading. Returns
 * -1 when section names no table. */
int tz_report_csv(struct tz_buf *out, const struct tz_report *r, const char *section, int bom);
/* Write the workbook to path. */
int tz_report_xlsx(const char *path, const struct tz_report *r);

/* A rate as shown: "87.50%", or "—" when undefined. */
void tz_report_rate(char *out, size_t size, double rate);

#endif
