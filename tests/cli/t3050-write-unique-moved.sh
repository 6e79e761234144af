#!/bin/sh
test_description='tz new, tz set, tz act: unique part fields, and a record moved since HEAD'
. ./lib-tz.sh
. "$SHARNESS_TEST_SRCDIR/lib-write.sh"

test_expect_success 'setup: a unique field in the log, two registered issues' '
	tz_write_repo r &&
	doc_no=$(tz_named 文号 doc_no) &&
	cat >>r/schema/issue.ini <<-\EOF &&

	[part.log.field.doc_no]
	label = 文号
	type = text
	unique = yes
	EOF
	(cd r && git commit -q -a -m "log entries carry a document number" &&
	 for i in 1 2
	 do
		tz new issue title=问题$i subject_type=enterprise enterprise=ENT-0001 category=other \
			priority=normal unit=gtj description=描述 --date 2026-03-02 --note 登记。 >/dev/null 2>&1 || return 1
	 done &&
	 tz act ISS-2026-0001 assign --date 2026-03-03 deadline=2026-04-30 doc_no=WH-1)
'

test_expect_success 'tz act refuses a part value another record has, as tz validate would' '
	cp r/records/issues/ISS-2026-0002.ini before &&
	(cd r && test_expect_code 1 tz act ISS-2026-0002 assign --date 2026-03-03 deadline=2026-04-30 \
		doc_no=WH-1 >../out 2>../err) &&
	tz_finding records/issues/ISS-2026-0002.ini:27 error "%s: \"%s\" is also used by %s" \
		"$doc_no" WH-1 records/issues/ISS-2026-0001.ini >expect &&
	test_cmp expect out &&
	tz_msgn "%s: nothing written: the result would have %zu error\n" \
		"%s: nothing written: the result would have %zu errors\n" 1 "tz act" 1 >expect-err &&
	test_cmp expect-err err &&
	test_cmp before r/records/issues/ISS-2026-0002.ini &&
	(cd r && tz act ISS-2026-0002 assign --date 2026-03-03 deadline=2026-04-30 doc_no=WH-2 &&
	 sed "s/^doc_no = WH-2/doc_no = WH-1/" records/issues/ISS-2026-0002.ini >../by-hand &&
	 cp records/issues/ISS-2026-0002.ini ../kept &&
	 cp ../by-hand records/issues/ISS-2026-0002.ini &&
	 test_expect_code 1 tz validate records/issues/ISS-2026-0002.ini >../validated 2>/dev/null;
	 rc=$?; cp ../kept records/issues/ISS-2026-0002.ini; return $rc) &&
	grep ISS-2026-0002 validated >actual &&
	test_cmp expect actual
'

test_expect_success 'tz act refuses a value that an entry of the same record has' '
	cp r/records/issues/ISS-2026-0001.ini before &&
	(cd r && test_expect_code 1 tz act ISS-2026-0001 progress --date 2026-03-04 doc_no=WH-1 --note 又一次 \
		>../out 2>/dev/null) &&
	for line in 27 34
	do
		tz_finding records/issues/ISS-2026-0001.ini:$line error "%s: \"%s\" is also used by %s" \
			"$doc_no" WH-1 records/issues/ISS-2026-0001.ini || return 1
	done >expect &&
	test_cmp expect out &&
	test_cmp before r/records/issues/ISS-2026-0001.ini &&
	(cd r && tz act ISS-2026-0001 progress --date 2026-03-04 doc_no=WH-3 --note 进展) &&
	grep "^doc_no = WH-3" r/records/issues/ISS-2026-0001.ini
'

test_expect_success 'tz new refuses a part value the ledger has' '
	(cd r && test_expect_code 1 tz new issue title=问题3 subject_type=enterprise enterprise=ENT-0001 \
		category=other priority=normal unit=gtj description=描述 --date 2026-03-05 --note 登记。 \
		doc_no=WH-3 >../out 2>../err) &&
	tz_finding records/issues/ISS-2026-0003.ini:18 error "%s: \"%s\" is also used by %s" \
		"$doc_no" WH-3 records/issues/ISS-2026-0001.ini >expect &&
	test_cmp expect out &&
	! test -e r/records/issues/ISS-2026-0003.ini
'

test_expect_success 'setup: the issues committed, then one moved to a subfolder' '
	(cd r && git add -A && git commit -q -m "two issues" &&
	 mkdir records/issues/2026 &&
	 git mv records/issues/ISS-2026-0001.ini records/issues/2026/) &&
	cp r/records/issues/2026/ISS-2026-0001.ini moved.ini
'

test_expect_success 'tz set judges a moved record against its committed version: immutable fields' '
	(cd r && test_expect_code 1 tz set ISS-2026-0001 original_deadline=2026-04-01 >../out 2>/dev/null) &&
	tz_finding records/issues/2026/ISS-2026-0001.ini:11 error "%s: \"%s\" is immutable and cannot change to \"%s\"" \
		"$(tz_named 原定办结时限 original_deadline)" 2026-04-30 2026-04-01 >expect &&
	test_cmp expect out &&
	test_cmp moved.ini r/records/issues/2026/ISS-2026-0001.ini
'

test_expect_success 'tz set and tz act judge a moved record against its committed version: append-only log' '
	sed "s/^note = 登记。/note = 改过的登记/" moved.ini >r/records/issues/2026/ISS-2026-0001.ini &&
	cp r/records/issues/2026/ISS-2026-0001.ini changed.ini &&
	tz_finding records/issues/2026/ISS-2026-0001.ini:15 error "%s: committed entry of append-only part %s was changed" \
		log.001 "$(tz_named 办理记录 log)" >expect &&
	(cd r && test_expect_code 1 tz set ISS-2026-0001 priority=urgent >../out 2>/dev/null) &&
	test_cmp expect out &&
	(cd r && test_expect_code 1 tz act ISS-2026-0001 accept --date 2026-03-06 >../out 2>/dev/null) &&
	tz_finding records/issues/2026/ISS-2026-0001.ini:16 error "%s: committed entry of append-only part %s was changed" \
		log.001 "$(tz_named 办理记录 log)" >expect-act &&
	test_cmp expect-act out &&
	test_cmp changed.ini r/records/issues/2026/ISS-2026-0001.ini &&
	(cd r && test_expect_code 1 tz validate >../out 2>/dev/null) &&
	test_cmp expect out
'

test_expect_success 'a moved record that keeps its history takes the next step' '
	cp moved.ini r/records/issues/2026/ISS-2026-0001.ini &&
	(cd r && tz act ISS-2026-0001 accept --date 2026-03-06 && tz validate -q &&
	 git add -A && git commit -q -m "moved and accepted") &&
	grep "^status = in_progress" r/records/issues/2026/ISS-2026-0001.ini
'

test_done
