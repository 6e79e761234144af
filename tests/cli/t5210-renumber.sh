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
	cat >expect <<-\EOF &&
	records/issues/2026/ISS-2026-9002.ini -> records/issues/2026/ISS-2026-9005.ini
	0 references rewritten in 0 files
	EOF
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
	echo "tz renumber: no record has the ID \"NOPE\"" >expect &&
	test_cmp expect err &&
	test_expect_code 1 tz -C c renumber ISS-2026-9001 ISS-2026-9003 2>err &&
	echo "tz renumber: records/issues/2026/ISS-2026-9003.ini already has the ID \"ISS-2026-9003\"" >expect &&
	test_cmp expect err &&
	test_expect_code 1 tz -C c renumber ISS-2026-9001 X-1 2>err &&
	grep "^tz renumber: cannot use \"X-1\": ID \"X-1\" does not match the issue ID pattern" err &&
	test_expect_code 2 tz -C c renumber 2>err &&
	head -n 1 err >actual &&
	echo "tz renumber: needs ID, and optionally NEW-ID" >expect &&
	test_cmp expect actual
'

test_done
