#!/bin/sh
test_description='tz check-push: a unique field of a part against the entries of other records'
. ./lib-tz.sh
. "$SHARNESS_TEST_SRCDIR/lib-push.sh"

P1=records/issues/2026/ISS-2026-9001.ini
P3=records/issues/2026/ISS-2026-9003.ini

test_expect_success 'setup: the office numbers its log entries, a unique field, and uses WH-1' '
	push_server server.git &&
	unit_clone office lbb &&
	unit_clone gtj gtj &&
	cat >>office/schema/issue.ini <<-\EOF &&

	[part.log.field.doc_no]
	label = 文号
	type = text
	unique = yes
	EOF
	entry office/$P3 004 comment note=下发文件 doc_no=WH-1 &&
	git -C office commit -q -a -m "document numbers" &&
	git -C office push -q origin HEAD:main &&
	git -C gtj pull -q --rebase
'

test_expect_success 'a push that uses the number again in another record is refused' '
	entry gtj/$P1 004 progress note=已上报 doc_no=WH-1 &&
	git -C gtj commit -q -a -m "progress" &&
	git -C server.git rev-parse main >before &&
	test_must_fail git -C gtj push origin HEAD:main >out 2>&1 &&
	sed -n "s/^remote: \(records.*[^ ]\) *\$/\1/p" out | sed "s/commit [0-9a-f]*:/commit X:/" >reasons &&
	tz_finding $P1:39 error "%s%s" "commit X: " \
		"$(tz_msg "%s: \"%s\" is also used by %s" "$(tz_named 文号 doc_no)" WH-1 $P3)" >expect &&
	test_cmp expect reasons &&
	git -C server.git rev-parse main >after &&
	test_cmp before after
'

test_expect_success 'with a number of its own it goes in' '
	git -C gtj reset -q --hard HEAD~1 &&
	entry gtj/$P1 004 progress note=已上报 doc_no=WH-2 &&
	git -C gtj commit -q -a -m "progress" &&
	git -C gtj push -q origin HEAD:main
'

test_done
