#!/bin/sh
test_description='tz log: filters, formats, bare repositories, errors'
. ./lib-tz.sh
. "$SHARNESS_TEST_SRCDIR/lib-audit.sh"

ISS=records/issues

test_expect_success 'setup: three authors over three days' '
	audit_repo repo &&
	issue repo/$ISS/ISS-0001.ini &&
	issue repo/$ISS/ISS-0002.ini &&
	GIT_AUTHOR_DATE="2026-06-01T09:00:00+08:00" GIT_COMMITTER_DATE="2026-06-01T09:00:00+08:00" \
		tz -C repo commit -q &&
	set_field repo/$ISS/ISS-0001.ini status in_progress &&
	add_log repo/$ISS/ISS-0001.ini 001 2026-06-02 assign 交办 &&
	GIT_AUTHOR_DATE="2026-06-02T23:30:00+08:00" GIT_COMMITTER_DATE="2026-06-02T23:30:00+08:00" \
		tz -C repo commit -q --author "张三 <zhangsan@example.gov.cn>" &&
	set_field repo/$ISS/ISS-0002.ini deadline 2026-07-31 &&
	add_log repo/$ISS/ISS-0002.ini 001 2026-06-03 urge 催办 &&
	GIT_AUTHOR_DATE="2026-06-03T10:00:00+08:00" GIT_COMMITTER_DATE="2026-06-03T10:00:00+08:00" \
		tz -C repo commit -q --author "李四 <lisi@example.gov.cn>"
'

test_expect_success '--field: one field' '
	tz -C repo log --field status >out &&
	cut -f1,2,4-7 out >actual &&
	cat >expect <<-\EOF &&
	date	author	record	field	old	new
	2026-06-02 23:30	张三	ISS-0001	status	open	in_progress
	2026-06-01 09:00	两帮两促办公室	ISS-0001	status		open
	2026-06-01 09:00	两帮两促办公室	ISS-0002	status		open
	EOF
	test_cmp expect actual
'

test_expect_success '--field: a part means all its entries, an entry all its fields' '
	tz -C repo log --field log | sed 1d | cut -f4,5 >actual &&
	cat >expect <<-\EOF &&
	ISS-0002	log.001.date
	ISS-0002	log.001.action
	ISS-0002	log.001.note
	ISS-0001	log.001.date
	ISS-0001	log.001.action
	ISS-0001	log.001.note
	EOF
	test_cmp expect actual &&
	tz -C repo log --field log.001 ISS-0001 | sed 1d | cut -f5 >actual &&
	head -3 expect | cut -f2 >expect2 &&
	test_cmp expect2 actual &&
	tz -C repo log --field log.001.action | sed 1d | cut -f4,7 >actual &&
	printf "ISS-0002\turge\nISS-0001\tassign\n" >expect &&
	test_cmp expect actual
'

test_expect_success '--author matches a part of "Name <email>"' '
	tz -C repo log --author lisi@ | sed 1d | cut -f2 | sort -u >actual &&
	echo 李四 >expect &&
	test_cmp expect actual &&
	tz -C repo log --author 张 | sed 1d | cut -f2 | sort -u >actual &&
	echo 张三 >expect &&
	test_cmp expect actual
'

test_expect_success '--since and --until take the author date in its own zone' '
	# 07:30 at +08:00 is the day before in UTC: comparing in UTC would
	# put that commit on 2026-06-02
	audit_repo zoned &&
	issue zoned/$ISS/ISS-0001.ini &&
	GIT_AUTHOR_DATE="2026-06-02T00:30:00+08:00" tz -C zoned commit -q &&
	set_field zoned/$ISS/ISS-0001.ini deadline 2026-07-31 &&
	GIT_AUTHOR_DATE="2026-06-03T07:30:00+08:00" tz -C zoned commit -q &&
	tz -C zoned log --since 2026-06-03 --until 2026-06-03 | sed 1d | cut -f1 | sort -u >actual &&
	echo "2026-06-03 07:30" >expect &&
	test_cmp expect actual &&
	tz -C zoned log --until 2026-06-02 | sed 1d | cut -f1 | sort -u >actual &&
	echo "2026-06-02 00:30" >expect &&
	test_cmp expect actual &&
	tz -C repo log --since 2026-06-02 --until 2026-06-02 | sed 1d | cut -f1 | sort -u >actual &&
	echo "2026-06-02 23:30" >expect &&
	test_cmp expect actual &&
	tz -C repo log --since 2026-06-03 | sed 1d | cut -f2 | sort -u >actual &&
	echo 李四 >expect &&
	test_cmp expect actual
'

test_expect_success 'a TYPE gives the changes of its records' '
	tz -C repo log unit | sed 1d | cut -f4 | sort -u >actual &&
	printf "gtj\nhbj\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'a record file may be named instead of its ID' '
	tz -C repo log ISS-0002 >expect &&
	(cd repo/records/issues && tz log ISS-0002.ini) >actual &&
	test_cmp expect actual
'

test_expect_success '--format json and csv' '
	tz -C repo log --format json --field deadline >out &&
	cat >expect <<-EOF &&
	[
	{"date": "2026-06-03 10:00", "author": "李四", "commit": "$(git -C repo rev-parse --short=7 HEAD)", "record": "ISS-0002", "field": "deadline", "old": null, "new": "2026-07-31"}
	]
	EOF
	test_cmp expect out &&
	tz -C repo log --format csv --field deadline >out &&
	printf "date,author,commit,record,field,old,new\r\n2026-06-03 10:00,李四,%s,ISS-0002,deadline,,2026-07-31\r\n" \
		"$(git -C repo rev-parse --short=7 HEAD)" >expect &&
	test_cmp expect out
'

test_expect_success 'a record never seen: exit 1' '
	test_expect_code 1 tz -C repo log ISS-0404 >out 2>err &&
	echo "tz log: $(tz_msg "no record or type \"%s\" in the history" ISS-0404)" >expect &&
	test_cmp expect err
'

test_expect_success 'filters that match nothing: a header, exit 0' '
	tz -C repo log --author nobody >out &&
	test_line_count = 1 out
'

test_expect_success 'usage errors: exit 2' '
	test_expect_code 2 tz -C repo log --since yesterday 2>err &&
	{
		echo "tz log: $(tz_msg "%s \"%s\": expected a date YYYY-MM-DD" --since yesterday)" &&
		tz_try_help "tz log"
	} >expect &&
	test_cmp expect err &&
	test_expect_code 2 tz -C repo log --format xml 2>err &&
	{
		echo "tz log: $(tz_msg "unknown format \"%s\" (table, tsv, csv or json)" xml)" &&
		tz_try_help "tz log"
	} >expect &&
	test_cmp expect err &&
	test_expect_code 2 tz -C repo log a b 2>err &&
	{
		echo "tz log: $(tz_msg "give one ID or TYPE")" &&
		tz_try_help "tz log"
	} >expect &&
	test_cmp expect err &&
	test_expect_code 2 tz -C repo log --frobnicate 2>err &&
	{
		tz_libc "%s: unrecognized option '"'"'%s%s'"'"'\n" "tz log" "--" frobnicate &&
		tz_try_help "tz log"
	} >expect &&
	test_cmp expect err
'

test_expect_success 'not a repository: exit 2' '
	test_expect_code 2 tz -C / log 2>err &&
	grep "^tz log: $(tz_msg "not a git repository (or any parent up to /): %s" "")" err
'

test_expect_success 'a full disk is an error, not lost output' '
	test_expect_code 2 tz -C repo log >/dev/full 2>err &&
	grep "^tz log: " err
'

test_expect_success 'a bare repository: HEAD, or --rev' '
	git clone -q --bare repo bare.git &&
	tz -C repo log >expect &&
	tz -C bare.git log >actual &&
	test_cmp expect actual &&
	tz -C repo log --rev HEAD^ >expect &&
	tz -C bare.git log --rev HEAD^ >actual &&
	test_cmp expect actual &&
	! grep 李四 actual &&
	test_expect_code 2 tz -C bare.git log --rev nosuch 2>err &&
	echo "tz log: $(tz_msg "unknown revision \"%s\"" nosuch)" >expect &&
	test_cmp expect err
'

test_expect_success '--rev builds another history in memory, leaving the file alone' '
	tz -C repo log >/dev/null &&
	cksum <repo/.git/taizhang/index.sqlite >before &&
	tz -C repo log --rev HEAD~2 >out &&
	cut -f3 out | sed 1d | sort -u >commits &&
	git -C repo rev-parse --short=7 HEAD~2 >expect &&
	test_cmp expect commits &&
	cksum <repo/.git/taizhang/index.sqlite >after &&
	test_cmp before after
'

test_done
