#!/bin/sh
test_description='tz index: refresh, --rebuild, --stats, options'
. ./lib-tz.sh
. "$SHARNESS_TEST_SRCDIR/lib-query.sh"

test_expect_success 'setup' '
	query_repo r
'

test_expect_success 'tz index builds the index and says what it did' '
	(cd r && tz index >../out 2>../err) &&
	test_must_be_empty out &&
	echo "9 records indexed (built from the files): 9 files read, 9 parsed, 0 moved, 0 removed" >expect &&
	test_cmp expect err &&
	test -f r/.git/taizhang/index.sqlite
'

test_expect_success '-q says nothing' '
	(cd r && tz index -q >../out 2>../err) &&
	test_must_be_empty out &&
	test_must_be_empty err
'

test_expect_success '--stats: what the index holds, table by table' '
	(cd r && tz index -q --stats --format tsv >../out) &&
	grep -v "^path	\|^bytes	" out >rows &&
	cat >expect <<-\EOF &&
	name	value
	files	9
	records	9
	skipped	0
	issue	5
	issue_co_units	3
	issue_log	3
	unit	4
	EOF
	test_cmp expect rows &&
	grep "^path	.*/r/.git/taizhang/index.sqlite$" out &&
	grep "^bytes	[0-9][0-9]*$" out
'

test_expect_success '--stats as JSON' '
	(cd r && tz index -q --stats --format json >../out) &&
	grep "^{\"name\": \"issue_log\", \"value\": \"3\"}" out
'

test_expect_success 'tz -C DIR index' '
	tz -C r index --rebuild 2>err &&
	echo "9 records indexed (built from the files): 9 files read, 9 parsed, 0 moved, 0 removed" >expect &&
	test_cmp expect err
'

test_expect_success 'the schema must be loadable; a broken one is reported but indexed' '
	cp -R r broken &&
	printf "[type]\nname = extra\n" >broken/schema/extra.ini &&
	(cd broken && tz index -q 2>../err) &&
	grep "^tz index: the schema has [0-9]* errors* (see tz validate)$" err &&
	(cd broken && tz query issue --count >../out 2>/dev/null) &&
	echo 5 >expect &&
	test_cmp expect out
'

test_expect_success 'names that would clash in the index are refused' '
	cp -R r clash &&
	printf "[type]\nname = issue_log\ndir = logs\nid = [a-z]+\n\n[field.x]\ntype = text\n" >clash/schema/issue_log.ini &&
	(cd clash && test_expect_code 2 tz index 2>../err) &&
	echo "tz index: cannot index: two tables would be called \"issue_log\" (a type, part or multiple ref named alike)" >expect &&
	test_cmp expect err &&
	printf "[type]\nname = tz_files\ndir = logs\nid = [a-z]+\n" >clash/schema/issue_log.ini &&
	(cd clash && test_expect_code 2 tz index 2>../err) &&
	echo "tz index: cannot index: table name \"tz_files\" starts with a prefix the index reserves (tz_, sqlite_, history_)" >expect &&
	test_cmp expect err &&
	printf "[type]\nname = other\ndir = logs\nid = [a-z]+\n\n[field._raw]\ntype = text\n" >clash/schema/issue_log.ini &&
	(cd clash && test_expect_code 2 tz index 2>../err) &&
	echo "tz index: cannot index field \"_raw\" of table other: the column name is taken" >expect &&
	test_cmp expect err
'

test_expect_success 'usage errors' '
	(cd r && test_expect_code 2 tz index extra 2>../err) &&
	grep "^tz index: unexpected argument \"extra\"" err &&
	(cd r && test_expect_code 2 tz index --format xml 2>../err) &&
	grep "^tz index: unknown format \"xml\"" err &&
	(cd r && test_expect_code 2 tz index --nope 2>/dev/null) &&
	tz index --help >out &&
	grep "^usage: tz index" out
'

test_done
