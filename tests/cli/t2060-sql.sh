#!/bin/sh
test_description='tz sql: read-only SQL on the index, in every output format'
. ./lib-tz.sh
. "$SHARNESS_TEST_SRCDIR/lib-query.sh"

test_expect_success 'setup' '
	query_repo r
'

test_expect_success 'a join and an aggregate' '
	(cd r && tz sql "SELECT u.name, count(*) AS n FROM issue i JOIN unit u ON u.id = i.unit GROUP BY u.name ORDER BY n DESC, u.name" >../out 2>../err) &&
	cat >expect <<-\EOF &&
	name	n
	国土局	2
	发改委	1
	永和镇	1
	环保局	1
	EOF
	test_cmp expect out &&
	test_must_be_empty err
'

test_expect_success 'typed columns: numbers sum, dates compare as text' '
	(cd r && tz sql "SELECT sum(amount), sum(visits), min(deadline) FROM issue" --no-header >../out) &&
	printf "2000.5\t23\t2026-06-15\n" >expect &&
	test_cmp expect out
'

test_expect_success 'parts and multiple refs are tables' '
	(cd r && tz sql "SELECT i.id, l._key, l.action FROM issue_log l JOIN issue i ON i._rowid = l._rec ORDER BY 1, 2" --no-header >../out) &&
	printf "ISS-0001\t001\tassign\nISS-0001\t002\turge\nISS-0003\t001\tresolve\n" >expect &&
	test_cmp expect out &&
	(cd r && tz sql "SELECT i.id, c.value FROM issue_co_units c JOIN issue i ON i._rowid = c._rec ORDER BY 1, c._ord" --no-header >../out) &&
	printf "ISS-0001\thbj\nISS-0001\tfgw\nISS-0003\tgtj\n" >expect &&
	test_cmp expect out
'

test_expect_success 'the files and the full-text table' '
	(cd r && tz sql "SELECT path FROM tz_files WHERE type = '"'"'unit'"'"' ORDER BY path" --no-header >../out) &&
	printf "records/units/fgw.ini\nrecords/units/gtj.ini\nrecords/units/hbj.ini\nrecords/units/yhz.ini\n" >expect &&
	test_cmp expect out &&
	(cd r && tz sql "SELECT id FROM issue WHERE _rowid IN (SELECT rowid FROM issue_fts WHERE issue_fts MATCH '"'"'\"基本农田\"'"'"')" --no-header >../out) &&
	echo ISS-0001 >expect &&
	test_cmp expect out
'

test_expect_success 'JSON with numbers, a table aligned by display width, CSV with a BOM' '
	(cd r && tz sql "SELECT id, visits FROM issue WHERE visits > 5 ORDER BY id" --format json >../out) &&
	cat >expect <<-\EOF &&
	[
	{"id": "ISS-0002", "visits": 10},
	{"id": "ISS-0003", "visits": 9}
	]
	EOF
	test_cmp expect out &&
	(cd r && tz sql "SELECT name, id FROM unit ORDER BY id" --format table >../out) &&
	cat >expect <<-\EOF &&
	name    id
	发改委  fgw
	国土局  gtj
	环保局  hbj
	永和镇  yhz
	EOF
	test_cmp expect out &&
	(cd r && tz sql "SELECT id FROM unit WHERE id = '"'"'gtj'"'"'" --format csv --bom >../out) &&
	printf "\357\273\277id\r\ngtj\r\n" >expect &&
	test_cmp expect out
'

test_expect_success 'no rows: exit 1' '
	(cd r && test_expect_code 1 tz sql "SELECT id FROM issue WHERE 0" >../out) &&
	echo id >expect &&
	test_cmp expect out
'

test_expect_success 'the index is refreshed first' '
	printf "[unit]\nname = 新单位\n" >r/records/units/xdw.ini &&
	(cd r && tz sql "SELECT name FROM unit WHERE id = '"'"'xdw'"'"'" --no-header >../out) &&
	echo 新单位 >expect &&
	test_cmp expect out &&
	rm r/records/units/xdw.ini
'

test_expect_success '--rev' '
	(cd r && git rm -q records/units/yhz.ini records/issues/2026/ISS-0004.ini && git commit -q -m rm &&
	 tz sql "SELECT count(*) FROM unit" --rev HEAD~1 --no-header >../out &&
	 tz sql "SELECT count(*) FROM unit" --no-header >../out2) &&
	echo 4 >expect &&
	test_cmp expect out &&
	echo 3 >expect &&
	test_cmp expect out2
'

# usage_error MSGID: err holds the usage error MSGID and the pointer to --help
usage_error () {
	{
		echo "tz sql: $(tz_msg "$1")" &&
		tz_try_help "tz sql"
	} >expect-usage &&
	test_cmp expect-usage err
}

test_expect_success 'SQL errors and usage errors exit 2' '
	(cd r && test_expect_code 2 tz sql "SELEC 1" 2>../err) &&
	echo "tz sql: near \"SELEC\": syntax error" >expect &&
	test_cmp expect err &&
	(cd r && test_expect_code 2 tz sql "SELECT * FROM nosuch" 2>../err) &&
	echo "tz sql: no such table: nosuch" >expect &&
	test_cmp expect err &&
	(cd r && test_expect_code 2 tz sql "" 2>../err) &&
	echo "tz sql: $(tz_msg "no statement to run")" >expect &&
	test_cmp expect err &&
	(cd r && test_expect_code 2 tz sql 2>../err) &&
	usage_error "give one SQL statement" &&
	(cd r && test_expect_code 2 tz sql SELECT 1 2>../err) &&
	usage_error "one statement only (quote it)" &&
	(cd r && test_expect_code 2 tz sql --bom "SELECT 1" 2>../err) &&
	usage_error "--bom is for --format csv" &&
	tz sql --help >out &&
	grep "^$(tz_usage) tz sql" out
'

test_done
