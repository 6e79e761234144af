#!/bin/sh
test_description='tz index: refresh, --rebuild, --stats, options'
. ./lib-tz.sh
. "$SHARNESS_TEST_SRCDIR/lib-query.sh"

# usage_error FMT [ARG...]: err holds tz index's usage error and the
# pointer to --help
usage_error () {
	{
		echo "tz index: $(tz_msg "$@")" &&
		tz_try_help "tz index"
	} >expect-usage &&
	test_cmp expect-usage err
}

test_expect_success 'setup' '
	query_repo r
'

test_expect_success 'tz index builds the index and says what it did' '
	(cd r && tz index >../out 2>../err) &&
	test_must_be_empty out &&
	indexed 9 " (built from the files)" 9 9 0 0 >expect &&
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
	indexed 9 " (built from the files)" 9 9 0 0 >expect &&
	test_cmp expect err
'

test_expect_success 'the schema must be loadable; a broken one is reported but indexed' '
	cp -R r broken &&
	printf "[type]\nname = extra\n" >broken/schema/extra.ini &&
	(cd broken && tz index -q 2>../err) &&
	n=$(cd broken && tz validate -q | wc -l) &&
	test "$n" -gt 0 &&
	echo "tz index: $(tz_msgn "the schema has %d error (see tz validate)" "the schema has %d errors (see tz validate)" $n $n)" >expect &&
	test_cmp expect err &&
	(cd broken && tz query issue --count >../out 2>/dev/null) &&
	echo 5 >expect &&
	test_cmp expect out
'

test_expect_success 'names that would clash in the index are refused' '
	cp -R r clash &&
	printf "[type]\nname = issue_log\ndir = logs\nid = [a-z]+\n\n[field.x]\ntype = text\n" >clash/schema/issue_log.ini &&
	(cd clash && test_expect_code 2 tz index 2>../err) &&
	echo "tz index: $(tz_msg "cannot index: two tables would be called \"%s\" (a type, part or multiple ref named alike)" issue_log)" >expect &&
	test_cmp expect err &&
	printf "[type]\nname = tz_files\ndir = logs\nid = [a-z]+\n" >clash/schema/issue_log.ini &&
	(cd clash && test_expect_code 2 tz index 2>../err) &&
	echo "tz index: $(tz_msg "cannot index: table name \"%s\" starts with a prefix the index reserves (tz_, sqlite_, history_)" tz_files)" >expect &&
	test_cmp expect err &&
	printf "[type]\nname = other\ndir = logs\nid = [a-z]+\n\n[field._raw]\ntype = text\n" >clash/schema/issue_log.ini &&
	(cd clash && test_expect_code 2 tz index 2>../err) &&
	echo "tz index: $(tz_msg "cannot index field \"%s\" of table %s: the column name is taken" _raw other)" >expect &&
	test_cmp expect err
'

test_expect_success 'usage errors' '
	(cd r && test_expect_code 2 tz index extra 2>../err) &&
	usage_error "unexpected argument \"%s\"" extra &&
	(cd r && test_expect_code 2 tz index --format xml 2>../err) &&
	usage_error "unknown format \"%s\" (table, tsv, csv or json)" xml &&
	(cd r && test_expect_code 2 tz index --nope 2>/dev/null) &&
	tz index --help >out &&
	grep "^$(tz_usage) tz index" out
'

test_done
