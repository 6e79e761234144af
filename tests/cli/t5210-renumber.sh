#!/bin/sh
test_description='tz renumber: a new ID for a record, every reference rewritten'
. ./lib-tz.sh
. "$SHARNESS_TEST_SRCDIR/lib-push.sh"

test_expect_success 'setup' '
	push_server server.git &&
	git clone -q server.git c
'

test_expect_success 'an issue gets the next free ID of its template' '
	tz -C c renumber ISS-2026-9002 >out &&
	{
		echo "records/issues/2026/ISS-2026-9002.ini -> records/issues/2026/ISS-2026-9005.ini" &&
		tz_msgn "%zu reference rewritten in %zu files\n" "%zu references rewritten in %zu files\n" 0 0 0
	} >expect &&
	test_cmp expect out &&
	! test -e c/records/issues/2026/ISS-2026-9002.ini &&
	git -C server.git show main:records/issues/2026/ISS-2026-9002.ini >expect &&
	test_cmp expect c/records/issues/2026/ISS-2026-9005.ini &&
	tz -C c validate -q
'

test_expect_success 'a unit renamed to NEW-ID: every reference follows, layout kept' '
	grep -l "^unit = gtj\$\|^co_units = .*gtj" c/records/*/*.ini c/records/*/*/*.ini | wc -l >count &&
	tz -C c renumber gtj gtj2 >out &&
	head -n 1 out >actual &&
	echo "records/units/gtj.ini -> records/units/gtj2.ini" >expect &&
	test_cmp expect actual &&
	! grep -rl "^unit = gtj\$" c/records &&
	grep -c "^unit = gtj2\$" c/records/issues/2026/ISS-2026-9001.ini &&
	git -C c diff --stat -- records/issues/2026/ISS-2026-9001.ini >stat &&
	grep "1 insertion(+), 1 deletion(-)" stat &&
	tz -C c validate -q
'

test_expect_success 'refusals: unknown ID, taken ID, a NEW-ID the pattern refuses' '
	test_expect_code 1 tz -C c renumber NOPE 2>err &&
	echo "tz renumber: $(tz_msg "no record has the ID \"%s\"" NOPE)" >expect &&
	test_cmp expect err &&
	test_expect_code 1 tz -C c renumber ISS-2026-9001 ISS-2026-9003 2>err &&
	echo "tz renumber: $(tz_msg "%s already has the ID \"%s\"" records/issues/2026/ISS-2026-9003.ini ISS-2026-9003)" >expect &&
	test_cmp expect err &&
	test_expect_code 1 tz -C c renumber ISS-2026-9001 X-1 2>err &&
	refusal=$(tz_msg "cannot use \"%s\": %s" X-1 "$(tz_msg "ID \"%s\" does not match the %s ID pattern \"%s\"" X-1 issue "")") &&
	grep -F "tz renumber: ${refusal%\"\"}" err &&
	test_expect_code 2 tz -C c renumber 2>err &&
	head -n 1 err >actual &&
	echo "tz renumber: $(tz_msg "needs ID, and optionally NEW-ID")" >expect &&
	test_cmp expect actual
'

test_done
