/* load.c - unit tests of tz_schema_file_kind: the one rule for which files
 * below schema/ make up the schema (types, settings) and which are errors. */
#include <string.h>
#include "load.h"
#include "tap.h"

struct kind_case {
	const char *path;
	enum tz_entry_kind kind;
	enum tz_schema_file want;
};

static void test_load__schema_file_kind(void)
{
	static const struct kind_case cases[] = {
		{ "schema/issue.ini", TZ_ENTRY_FILE, TZ_SCHEMA_TYPE },
		{ "schema/x.ini", TZ_ENTRY_FILE, TZ_SCHEMA_TYPE },
		{ "schema/policy.ini", TZ_ENTRY_FILE, TZ_SCHEMA_SETTING },
		{ "schema/calendar.ini", TZ_ENTRY_FILE, TZ_SCHEMA_SETTING },
		{ "schema/report.ini", TZ_ENTRY_FILE, TZ_SCHEMA_SETTING },
		{ "schema/assessment.ini", TZ_ENTRY_FILE, TZ_SCHEMA_SETTING },
		{ "schema/repository.ini", TZ_ENTRY_FILE, TZ_SCHEMA_SETTING },
		{ "schema/issue.ini", TZ_ENTRY_SYMLINK, TZ_SCHEMA_SYMLINK },
		{ "schema/policy.ini", TZ_ENTRY_SYMLINK, TZ_SCHEMA_SYMLINK },
		{ "schema/notes.txt", TZ_ENTRY_SYMLINK, TZ_SCHEMA_SYMLINK },
		{ "schema/old/issue.ini", TZ_ENTRY_FILE, TZ_SCHEMA_NESTED },
		{ "schema/old/policy.ini", TZ_ENTRY_FILE, TZ_SCHEMA_NESTED },
		{ "schema/old/notes.txt", TZ_ENTRY_FILE, TZ_SCHEMA_NESTED },
		{ "schema/notes.txt", TZ_ENTRY_FILE, TZ_SCHEMA_NOT_INI },
		{ "schema/issue.INI", TZ_ENTRY_FILE, TZ_SCHEMA_NOT_INI },
		{ "schema/ini", TZ_ENTRY_FILE, TZ_SCHEMA_NOT_INI },
		{ "schema/issue.ini", TZ_ENTRY_OTHER, TZ_SCHEMA_NOT_REGULAR },
		{ "schema/notes", TZ_ENTRY_OTHER, TZ_SCHEMA_NOT_INI },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		struct tz_entry e;
		memset(&e, 0, sizeof(e));
		e.path = cases[i].path;
		e.name = strrchr(cases[i].path, '/') + 1;
		e.kind = cases[i].kind;
		is_int(tz_schema_file_kind(&e), cases[i].want, "%s (kind %d)", cases[i].path, (int)cases[i].kind);
	}
}

int main(void)
{
	test_load__schema_file_kind();
	return tap_done();
}
