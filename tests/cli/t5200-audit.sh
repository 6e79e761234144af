#!/bin/sh
test_description='tz audit: the push checks over history that is already in'
. ./lib-tz.sh
. "$SHARNESS_TEST_SRCDIR/lib-push.sh"

P1=records/issues/2026/ISS-2026-9001.ini
P3=records/issues/2026/ISS-2026-9003.ini

priorities="$(tz_named 一般 normal), $(tz_named 重要 important), $(tz_named 紧急 urgent)"

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
	who="gtj <gtj@example.gov.cn>" &&
	may_not () {
		tz_msg "%spolicy: %s may not %s" "" "\"gtj@example.gov.cn\"" "$(tz_msg "change %s" "$1")"
	} &&
	cat >expect <<-EOF &&
	author	file	line	reason
	$who	$P3	12	$(may_not deadline)
	$who	$P1	6	$(tz_named 紧急程度 priority): $(tz_msg "\"%s\" is not one of %s" 非常急 "$priorities")
	$who	$P1	6	$(may_not priority)
	EOF
	test_cmp expect actual &&
	tz_msgn "tz audit: %zu finding in %zu of %zu commits\n" "tz audit: %zu findings in %zu of %zu commits\n" \
		3 3 2 5 >expect &&
	test_cmp expect err
'

test_expect_success 'a range limits the audit; json as in tz log' '
	tz -C server.git audit main~3..main~2 >out &&
	test_line_count = 1 out &&
	test_expect_code 1 tz -C server.git audit --format json main~1..main >out &&
	reason="$(tz_named 紧急程度 priority): $(tz_msg "\"%s\" is not one of %s" 非常急 "$priorities")" &&
	grep -F "\"reason\": \"$(echo "$reason" | sed "s/\"/\\\\\"/g")\"" out
'

test_expect_success 'a clean history exits 0; a bad range is an error' '
	tz -C server.git audit main~3 &&
	test_expect_code 2 tz -C server.git audit nosuch 2>err &&
	echo "tz audit: $(tz_msg "cannot audit"): $(tz_msg "unknown revision or range \"%s\"" nosuch)" >expect &&
	test_cmp expect err
'

test_done
