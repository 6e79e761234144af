#!/bin/sh
test_description='tz audit: the push checks over history that is already in'
. ./lib-tz.sh
. "$SHARNESS_TEST_SRCDIR/lib-push.sh"

P1=records/issues/2026/ISS-2026-9001.ini
P3=records/issues/2026/ISS-2026-9003.ini

test_expect_success 'setup: history with a good and two bad commits, no hook' '
	push_server server.git &&
	rm server.git/hooks/pre-receive &&
	unit_clone gtj gtj &&
	entry gtj/$P1 004 progress note=已上报 &&
	git -C gtj commit -q -am "progress" &&
	sed -i "s/^deadline = 2026-07-31/deadline = 2026-09-30/" gtj/$P3 &&
	git -C gtj commit -q -am "deadline of another unit" &&
	sed -i "s/^priority = normal/priority = 非常急/" gtj/$P1 &&
	git -C gtj commit -q -am "bad value" &&
	git -C gtj push -q origin main
'

test_expect_success 'every finding, with its commit and author, exit 1' '
	test_expect_code 1 tz -C server.git audit >out 2>err &&
	cut -f2,4- out | sed "s/commit [0-9a-f]*: //" >actual &&
	cat >expect <<-EOF &&
	author	file	line	reason
	gtj <gtj@example.gov.cn>	$P3	12	policy: "gtj@example.gov.cn" may not change deadline
	gtj <gtj@example.gov.cn>	$P1	6	priority: "非常急" is not one of normal, important, urgent
	gtj <gtj@example.gov.cn>	$P1	6	policy: "gtj@example.gov.cn" may not change priority
	EOF
	test_cmp expect actual &&
	echo "tz audit: 3 findings in 2 of 5 commits" >expect &&
	test_cmp expect err
'

test_expect_success 'a range limits the audit; json as in tz log' '
	tz -C server.git audit main~3..main~2 >out &&
	test_line_count = 1 out &&
	test_expect_code 1 tz -C server.git audit --format json main~1..main >out &&
	grep "\"reason\": \"priority: \\\\\"非常急\\\\\" is not one of normal, important, urgent\"" out
'

test_expect_success 'a clean history exits 0; a bad range is an error' '
	tz -C server.git audit main~3 &&
	test_expect_code 2 tz -C server.git audit nosuch 2>err &&
	echo "tz audit: cannot audit: unknown revision or range \"nosuch\"" >expect &&
	test_cmp expect err
'

test_done
