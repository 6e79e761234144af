#!/bin/sh
test_description='tz query and tz sql: values, names and statements cannot change the index'
. ./lib-tz.sh
. "$SHARNESS_TEST_SRCDIR/lib-query.sh"

test_expect_success 'setup' '
	query_repo r &&
	cat >r/records/issues/ISS-0009.ini <<-\EOF &&
	[issue]
	title = x'"'"'; DROP TABLE issue; --
	status = open
	unit = gtj
	description = a "quoted" value with '"'"' and ; and -- and %
	EOF
	(cd r && tz query issue --count) >before &&
	echo 6 >expect &&
	test_cmp expect before
'

test_expect_success 'a value that is SQL is just a value' '
	(cd r && tz query issue "title = \"x'"'"'; DROP TABLE issue; --\"" --fields id --no-header) >out &&
	echo ISS-0009 >expect &&
	test_cmp expect out &&
	(cd r && tz query issue --count) >after &&
	test_cmp before after
'

test_expect_success 'in contains, in lists, as a bare word' '
	(cd r && tz query issue "description ~ \"'"'"' and ;\"" --fields id --no-header) >out &&
	echo ISS-0009 >expect &&
	test_cmp expect out &&
	(cd r && tz query issue "title ~ \"DROP TABLE\"" --fields id --no-header) >out &&
	test_cmp expect out &&
	(cd r && test_expect_code 1 tz query issue "unit in (\"gtj'"'"')--\", \"1 OR 1=1\")" --count) &&
	(cd r && test_expect_code 2 tz query issue "title = x'"'"'OR'"'"'1'"'"'='"'"'1" --count 2>../err) &&
	tz_finding query:1:10 error "unexpected \"%s\"" OR >expect-err &&
	test_cmp expect-err err &&
	(cd r && test_expect_code 1 tz query issue "description ~ \"%\" and description ~ \"_x\"" --count) &&
	(cd r && tz query issue "description ~ \"%\"" --fields id --no-header) >out &&
	test_cmp expect out &&
	(cd r && tz query issue --count) >after &&
	test_cmp before after
'

test_expect_success 'a full-text search word cannot use the FTS5 query syntax' '
	(cd r && test_expect_code 1 tz query issue "description ~ \"NEAR(a b)\"" --count) &&
	(cd r && test_expect_code 1 tz query issue "description ~ \"quoted\\\" OR \\\"a\"" --count) &&
	(cd r && tz query issue "description ~ \"\\\"quoted\\\"\"" --fields id --no-header) >out &&
	test_cmp expect out
'

test_expect_success 'field names are checked against the schema, never pasted' '
	(cd r && test_expect_code 2 tz query issue "\"status\" = open" 2>../err) &&
	(cd r && test_expect_code 2 tz query issue "status;DROP = open" 2>../err) &&
	tz_finding query:1:1 error "unknown field \"%s\"" "status;DROP" >expect-err &&
	test_cmp expect-err err &&
	(cd r && test_expect_code 2 tz query issue --fields "id,title FROM issue; DROP TABLE issue; --" 2>../err) &&
	tz_finding --fields:1:4 error "\"%s\" is not a field name" "title FROM issue; DROP TABLE issue; --" >expect-err &&
	test_cmp expect-err err &&
	(cd r && test_expect_code 2 tz query issue --sort "id; DROP TABLE issue" 2>../err) &&
	(cd r && test_expect_code 2 tz query issue --group-by "status) --" 2>../err) &&
	(cd r && test_expect_code 2 tz query "issue; DROP TABLE issue" 2>../err) &&
	(cd r && tz query issue --count) >after &&
	test_cmp before after
'

test_expect_success 'tz sql refuses statements that write' '
	for sql in "DELETE FROM issue" "DROP TABLE issue" "UPDATE issue SET status = 1" \
		"INSERT INTO issue(_rowid, id) VALUES (99, 1)" "CREATE TABLE x(a)" \
		"PRAGMA query_only = 0" "PRAGMA writable_schema = 1" "VACUUM" \
		"ATTACH DATABASE '"'"'x.db'"'"' AS x" "REINDEX" "ANALYZE" "BEGIN" \
		"WITH x AS (SELECT 1) DELETE FROM issue"
	do
		(cd r && test_expect_code 2 tz sql "$sql" >../out 2>../err) &&
		test_must_be_empty out &&
		grep "^tz sql: " err || return 1
	done &&
	! test -e r/x.db &&
	(cd r && tz query issue --count) >after &&
	test_cmp before after
'

test_expect_success 'tz sql says why' '
	(cd r && test_expect_code 2 tz sql "DELETE FROM issue" 2>../err) &&
	echo "tz sql: $(tz_msg "only statements that read are allowed (%s)" "not authorized")" >expect &&
	test_cmp expect err &&
	(cd r && test_expect_code 2 tz sql "SELECT 1; DELETE FROM issue" 2>../err) &&
	echo "tz sql: $(tz_msg "one statement at a time")" >expect &&
	test_cmp expect err
'

test_expect_success 'tz sql cannot load extensions or read files' '
	(cd r && test_expect_code 2 tz sql "SELECT load_extension('"'"'/tmp/x'"'"')" 2>../err) &&
	(cd r && test_expect_code 2 tz sql "SELECT readfile('"'"'/etc/passwd'"'"')" 2>../err) &&
	grep "no such function" err
'

test_expect_success 'tz sql reads' '
	(cd r && tz sql "SELECT id FROM issue WHERE title LIKE '"'"'%DROP%'"'"'" --no-header) >out &&
	echo ISS-0009 >expect &&
	test_cmp expect out &&
	(cd r && tz sql "PRAGMA table_info(unit)" --no-header) >out &&
	cut -f2 out >cols &&
	printf "_rowid\nid\nname\nkind\n_raw\n" >expect &&
	test_cmp expect cols
'

test_done
