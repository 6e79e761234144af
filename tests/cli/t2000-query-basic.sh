#!/bin/sh
test_description='tz query: selecting, fields, sorting, grouping, counting, exit codes'
. ./lib-tz.sh
. "$SHARNESS_TEST_SRCDIR/lib-query.sh"

test_expect_success 'setup' '
	query_repo r
'

test_expect_success 'every record of a type, default fields, sorted by id (TSV in a pipe)' '
	(cd r && tz query issue >../out 2>../err) &&
	cat >expect <<-\EOF &&
	id	title	status	unit
	ISS-0001	蓝思新材料项目一期用地未落实	in_progress	gtj
	ISS-0002	排污许可证办理滞后	open	hbj
	ISS-0003	技改项目融资难	resolved	fgw
	ISS-0004	园区道路施工影响企业运输	closed	yhz
	ISS-0005	用工短缺	open	gtj
	EOF
	test_cmp expect out &&
	test_must_be_empty err
'

test_expect_success 'tz query and tz-query are the same program' '
	(cd r && tz-query issue >../out2) &&
	test_cmp out out2
'

test_expect_success 'an expression selects' '
	(cd r && tz query issue "status = open" >../out) &&
	cat >expect <<-\EOF &&
	id	title	status	unit
	ISS-0002	排污许可证办理滞后	open	hbj
	ISS-0005	用工短缺	open	gtj
	EOF
	test_cmp expect out
'

test_expect_success 'no record found exits 1 with the header only' '
	(cd r && test_expect_code 1 tz query issue "status = open and unit = fgw" >../out) &&
	printf "id\ttitle\tstatus\tunit\n" >expect &&
	test_cmp expect out
'

test_expect_success '--fields picks columns, refs followed and parts joined' '
	(cd r && tz query issue "unit = gtj" --fields id,unit.name,co_units,co_units.name,log.action,amount >../out) &&
	cat >expect <<-\EOF &&
	id	unit.name	co_units	co_units.name	log.action	amount
	ISS-0001	国土局	hbj, fgw	环保局, 发改委	assign, urge	1200.50
	ISS-0005	国土局				
	EOF
	test_cmp expect out
'

test_expect_success '--sort by a number, descending, empty values last' '
	(cd r && tz query issue --fields id,visits --sort -visits >../out) &&
	cat >expect <<-\EOF &&
	id	visits
	ISS-0002	10
	ISS-0003	9
	ISS-0001	3
	ISS-0005	1
	ISS-0004	
	EOF
	test_cmp expect out
'

test_expect_success '--sort by an enum follows the schema order, then by id' '
	(cd r && tz query issue --fields id,status --sort status >../out) &&
	cat >expect <<-\EOF &&
	id	status
	ISS-0002	open
	ISS-0005	open
	ISS-0001	in_progress
	ISS-0003	resolved
	ISS-0004	closed
	EOF
	test_cmp expect out
'

test_expect_success '--sort by two fields and a followed ref' '
	(cd r && tz query issue --fields id,unit.name,deadline --sort unit.name,-deadline >../out) &&
	cat >expect <<-\EOF &&
	id	unit.name	deadline
	ISS-0003	发改委	
	ISS-0001	国土局	2026-07-31
	ISS-0005	国土局	2026-07-06
	ISS-0004	永和镇	2026-07-02
	ISS-0002	环保局	2026-06-15
	EOF
	test_cmp expect out
'

test_expect_success '--limit' '
	(cd r && tz query issue --fields id --limit 2 >../out) &&
	printf "id\nISS-0001\nISS-0002\n" >expect &&
	test_cmp expect out
'

test_expect_success '--count prints the number' '
	(cd r && tz query issue "status != closed" --count >../out) &&
	echo 4 >expect &&
	test_cmp expect out &&
	(cd r && test_expect_code 1 tz query issue "status = closed and visits > 0" --count >../out) &&
	echo 0 >expect &&
	test_cmp expect out
'

test_expect_success '--group-by counts per value, in the schema order' '
	(cd r && tz query issue --group-by status >../out) &&
	cat >expect <<-\EOF &&
	status	count
	open	2
	in_progress	1
	resolved	1
	closed	1
	EOF
	test_cmp expect out
'

test_expect_success '--group-by with an expression and --sort -count' '
	(cd r && tz query issue "status != closed" --group-by unit --sort -count >../out) &&
	cat >expect <<-\EOF &&
	unit	count
	gtj	2
	fgw	1
	hbj	1
	EOF
	test_cmp expect out
'

test_expect_success '--group-by a multiple ref counts each item, and records without one' '
	(cd r && tz query issue --group-by co_units >../out) &&
	printf "co_units\tcount\nfgw\t1\ngtj\t1\nhbj\t1\n\t3\n" >expect &&
	test_cmp expect out
'

test_expect_success '--group-by a part field and a followed ref' '
	(cd r && tz query issue --group-by log.action >../out) &&
	printf "log.action\tcount\nassign\t1\nresolve\t1\nurge\t1\n\t3\n" >expect &&
	test_cmp expect out &&
	(cd r && tz query issue --group-by unit.kind >../out) &&
	printf "unit.kind\tcount\nbureau\t3\ntown\t1\n\t1\n" >expect &&
	test_cmp expect out
'

test_expect_success 'tables show enum labels and align CJK text' '
	(cd r && tz query issue "unit = gtj" --fields id,status,unit.name --format table >../out) &&
	cat >expect <<-\EOF &&
	id        status  unit.name
	ISS-0001  办理中  国土局
	ISS-0005  待办    国土局
	EOF
	test_cmp expect out &&
	(cd r && tz query issue --group-by status --format table >../out) &&
	cat >expect <<-\EOF &&
	status  count
	待办        2
	办理中      1
	已办结      1
	已销号      1
	EOF
	test_cmp expect out
'

test_expect_success '--no-header' '
	(cd r && tz query issue "status = closed" --fields id --no-header >../out) &&
	echo ISS-0004 >expect &&
	test_cmp expect out
'

test_expect_success 'a subdirectory and -C DIR find the repository' '
	(cd r/records/issues && tz query issue "status = closed" --fields id >../../../out) &&
	printf "id\nISS-0004\n" >expect &&
	test_cmp expect out &&
	tz query -C r issue "status = closed" --fields id >out &&
	test_cmp expect out &&
	tz -C r query issue "status = closed" --fields id >out &&
	test_cmp expect out
'

test_expect_success '--rev queries a revision' '
	(cd r && sed -i "s/status = open/status = in_progress/" records/issues/ISS-0002.ini &&
	 tz query issue "status = open" --fields id --rev HEAD >../out &&
	 tz query issue "status = open" --fields id >../out2 &&
	 git checkout -q records) &&
	printf "id\nISS-0002\nISS-0005\n" >expect &&
	test_cmp expect out &&
	printf "id\nISS-0005\n" >expect &&
	test_cmp expect out2
'

test_expect_success '--rev in a bare repository' '
	git clone -q --bare r bare.git &&
	tz query -C bare.git issue "status = closed" --fields id --rev HEAD >out &&
	printf "id\nISS-0004\n" >expect &&
	test_cmp expect out
'

test_expect_success 'the working tree of a bare repository is a usage error' '
	test_expect_code 2 tz query -C bare.git issue 2>err &&
	echo "tz query: $(tz_msg "this is a bare repository: name a revision with --rev")" >expect &&
	test_cmp expect err
'

test_expect_success 'an unknown type is an error with a suggestion' '
	(cd r && test_expect_code 2 tz query isue 2>../err) &&
	echo "tz query: $(tz_msg "unknown type \"%s\" (did you mean \"%s\"?)" isue issue)" >expect &&
	test_cmp expect err &&
	(cd r && test_expect_code 2 tz query project 2>../err) &&
	echo "tz query: $(tz_msg "unknown type \"%s\" (types: %s)" project "issue unit")" >expect &&
	test_cmp expect err
'

test_expect_success 'an unknown field in --fields and --sort' '
	(cd r && test_expect_code 2 tz query issue --fields id,stauts 2>../err) &&
	tz_finding --fields:1:4 error "unknown field \"%s\" (did you mean \"%s\"?)" stauts status >expect &&
	test_cmp expect err &&
	(cd r && test_expect_code 2 tz query issue --sort -dedline 2>../err) &&
	tz_finding --sort:1:2 error "unknown field \"%s\" (did you mean \"%s\"?)" dedline deadline >expect &&
	test_cmp expect err &&
	(cd r && test_expect_code 2 tz query issue --fields "id,,title" 2>../err) &&
	tz_finding --fields:1:4 error "empty name in the list%s" "" >expect &&
	test_cmp expect err &&
	(cd r && test_expect_code 2 tz query issue --fields "unit.nmae" 2>../err) &&
	tz_finding --fields:1:6 error "unknown field \"%s\" (did you mean \"%s\"?)" nmae name >expect &&
	test_cmp expect err
'

test_expect_success '--group-by takes one field and sorts by it or count' '
	(cd r && test_expect_code 2 tz query issue --group-by status,unit 2>../err) &&
	tz_finding --group-by:1:1 error "name one field to group by%s" "" >expect &&
	test_cmp expect err &&
	(cd r && test_expect_code 2 tz query issue --group-by status --sort title 2>../err) &&
	tz_finding --sort:1:1 error "with --group-by, sort by the group or by count, not \"%s\"" title >expect &&
	test_cmp expect err
'

test_expect_success 'usage errors exit 2' '
	(cd r && test_expect_code 2 tz query 2>../err) &&
	grep "^tz query: $(tz_msg "name a record type")" err &&
	(cd r && test_expect_code 2 tz query issue --frobnicate 2>../err) &&
	grep -x "$(tz_try_help "tz query")" err &&
	(cd r && test_expect_code 2 tz query issue --format xml 2>../err) &&
	echo "tz query: $(tz_msg "unknown format \"%s\" (table, tsv, csv or json)" xml)" >expect &&
	head -n 1 err >err1 &&
	test_cmp expect err1 &&
	(cd r && test_expect_code 2 tz query issue --limit -3 2>../err) &&
	grep -x "tz query: $(tz_msg "--limit needs a number of rows, not \"%s\"" -3)" err &&
	(cd r && test_expect_code 2 tz query issue --bom 2>../err) &&
	grep -x "tz query: $(tz_msg "--bom is for --format csv")" err &&
	(cd r && test_expect_code 2 tz query issue status = open 2>../err) &&
	grep -x "tz query: $(tz_msg "one expression only (quote it: '"'"'%s'"'"')" status)" err
'

test_expect_success 'outside a repository' '
	nowhere=$(mktemp -d) &&
	test_when_finished "rm -rf \"$nowhere\"" &&
	test_expect_code 2 tz query -C "$nowhere" issue 2>err &&
	grep "^tz query: $(tz_msg "not a git repository (or any parent up to /): %s" "")" err &&
	git init -q empty &&
	test_expect_code 2 tz query -C empty issue 2>err &&
	echo "tz query: $(tz_msg "not a records repository: no schema/ directory")" >expect &&
	test_cmp expect err
'

test_expect_success '--help' '
	tz query --help >out &&
	grep "^$(tz_usage) tz query " out
'

test_expect_success 'output that cannot be written exits 2' '
	test_expect_code 2 tz query -C r issue >/dev/full 2>err &&
	grep -x "$(tz_msg "%s: cannot write output: %s\n" "tz query" "$(tz_libc "No space left on device")")" err
'

test_done
