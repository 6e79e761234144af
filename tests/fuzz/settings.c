/* settings.c - libFuzzer target for the settings files beside the types in
 * schema/: report.ini, assessment.ini and calendar.ini, read as tz report
 * reads them, from a tree (an in-memory object database). The input holds
 * the three files, split at form feeds. Any bytes must load without
 * crashing or leaking, with findings on lines of the file they name, and
 * the report's periods must be real dates in order. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <git2.h>
#include <git2/sys/mempack.h>
#include <git2/sys/repository.h>
#include "calendar.h"
#include "date.h"
#include "diag.h"
#include "repo.h"
#include "report.h"

static git_repository *git;
static git_odb_backend *mempack;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	git_odb *odb = NULL;

	(void)argc;
	(void)argv;
	git_libgit2_init();
	if (git_repository_new(&git) < 0 || git_odb_new(&odb) < 0 || git_mempack_new(&mempack) < 0 ||
	    git_odb_add_backend(odb, mempack, 1) < 0)
		abort();
	git_repository_set_odb(git, odb);
	git_odb_free(odb);
	return 0;
}

/* The number of lines of a file of len bytes. */
static size_t count_lines(const char *p, size_t len)
{
	size_t n = 1;

	for (size_t i = 0; i < len; i++)
		n += p[i] == '\n';
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "report.ini", "assessment.ini", "calendar.ini" };
	static const char *const paths[] = { TZ_REPORT_PATH, TZ_ASSESSMENT_PATH, TZ_CALENDAR_PATH };
	const char *part[3] = { NULL, NULL, NULL };
	size_t len[3] = { 0, 0, 0 }, nparts = 0;
	struct tz_repo repo = { git, NULL, NULL, NULL };
	struct tz_diag_list d = TZ_DIAG_LIST_INIT;
	struct tz_report_settings s;
	struct tz_calendar *cal = NULL;
	struct tz_source src;
	git_treebuilder *b = NULL;
	git_tree *tree = NULL;
	git_oid oid, schema_id, root_id;
	const char *p = (const char *)data, *end = p + size;

	/* the parts, split at form feeds; a part left out is no file */
	while (nparts < 3 && p <= end) {
		const char *ff = memchr(p, '\f', (size_t)(end - p));
		part[nparts] = p;
		len[nparts] = ff ? (size_t)(ff - p) : (size_t)(end - p);
		nparts++;
		if (!ff)
			break;
		p = ff + 1;
	}
	if (git_treebuilder_new(&b, git, NULL) < 0)
		abort();
	for (size_t i = 0; i < nparts; i++) {
		if (git_blob_create_from_buffer(&oid, git, part[i], len[i]) < 0 ||
		    git_treebuilder_insert(NULL, b, names[i], &oid, GIT_FILEMODE_BLOB) < 0)
			abort();
	}
	if (git_treebuilder_write(&schema_id, b) < 0)
		abort();
	git_treebuilder_clear(b);
	if (git_treebuilder_insert(NULL, b, "schema", &schema_id, GIT_FILEMODE_TREE) < 0 ||
	    git_treebuilder_write(&root_id, b) < 0 || git_tree_lookup(&tree, git, &root_id) < 0)
		abort();
	git_treebuilder_free(b);
	memset(&src, 0, sizeof(src));
	src.repo = &repo;
	src.tree = tree;

	if (tz_report_settings_load(&s, &src, NULL, &d) < 0 || tz_calendar_load(&cal, &src, &d) < 0 || !cal)
		abort();	/* nothing here is an I/O error */
	for (size_t i = 0; i < d.n; i++) {
		size_t k = 0;
		while (k < 3 && strcmp(d.v[i].path, paths[k]))
			k++;
		if (k == 3 || k >= nparts || d.v[i].line < 1 || (size_t)d.v[i].line > count_lines(part[k], len[k]))
			abort();	/* a finding is on a line of the file it names */
	}
	if (tz_date_parse(s.start, NULL) < 0)
		abort();
	for (int n = 1; n <= 30; n++) {
		char from[11], to[11];
		long a, z;
		if (tz_report_period(&s, n, from, to) < 0)
			break;
		if (tz_date_parse(from, &a) < 0 || tz_date_parse(to, &z) < 0 || z < a ||
		    tz_report_number(&s, from) != n || tz_report_number(&s, to) != n)
			abort();	/* a period is real dates, and holds its ends */
	}
	tz_calendar_free(cal);
	tz_report_settings_release(&s);
	tz_diag_list_release(&d);
	git_tree_free(tree);
	git_mempack_reset(mempack);
	return 0;
}
