#!/bin/sh
test_description='tz validate: a value with no transitions entry is final,
as one listed with nothing is (DESIGN.md)'
. ./lib-tz.sh
. "$SHARNESS_TEST_SRCDIR/lib-validate.sh"

test_expect_success 'setup: a schema whose transitions do not list closed' '
	tz_test_repo r &&
	sed -i "/^closed =$/d" r/schema/issue.ini &&
	! grep "^closed" r/schema/issue.ini &&
	sed -i "s/status = open/status = closed/" r/records/issues/ISS-0001.ini &&
	printf "resolved_on = 2026-06-20\nresolution = 已办结\n" >>r/records/issues/ISS-0001.ini &&
	(cd r && tz validate && git add -A && git commit -q -m issues)
'

test_expect_success 'an unlisted value cannot change' '
	sed -i "s/status = closed/status = open/" r/records/issues/ISS-0001.ini &&
	tz_field_finding records/issues/ISS-0001.ini:4 error status "\"%s\" is final and cannot change to \"%s\"" closed open >expect &&
	(cd r && test_expect_code 1 tz validate >../out 2>/dev/null) &&
	test_cmp expect out
'

test_expect_success 'nor can tz commit commit the change' '
	(cd r && test_expect_code 1 tz commit -q >../out 2>/dev/null) &&
	test_cmp expect out
'

test_expect_success 'a listed value still moves as listed' '
	git -C r checkout -q records &&
	printf "[issue]\ntitle = 新问题\nstatus = open\nunit = gtj\n" >r/records/issues/ISS-0002.ini &&
	(cd r && tz commit -q) &&
	sed -i "s/status = open/status = in_progress/" r/records/issues/ISS-0002.ini &&
	(cd r && tz validate)
'

test_done
