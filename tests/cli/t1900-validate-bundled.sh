#!/bin/sh
test_description='tz validate: the bundled schema and campaign are valid'
. ./lib-tz.sh

test_expect_success 'setup: the bundled campaign, committed' '
	tz_demo_repo demo &&
	test -d demo/records &&
	ls demo/schema/*.ini >schemas &&
	test -s schemas
'

test_expect_success 'the working tree validates: exit 0, no errors' '
	(cd demo && tz validate >../out 2>../err) &&
	! grep ": error: " out &&
	if test -s out
	then
		grep "^0 errors, [1-9][0-9]* warnings* in [0-9]* files*\$" err
	else
		grep "^[1-9][0-9]* records and [1-9][0-9]* schema files: no problems\$" err
	fi
'

test_expect_success 'the bundled campaign has records of every type' '
	for s in demo/schema/*.ini
	do
		case $s in
		*/policy.ini|*/calendar.ini|*/report.ini|*/assessment.ini|*/repository.ini) continue ;;
		esac
		dir=$(sed -n "s/^dir *= *//p" "$s") &&
		test -n "$dir" &&
		find "demo/records/$dir" -name "*.ini" >files &&
		test -s files || return 1
	done
'

test_expect_success 'the committed revision validates too, as JSON' '
	(cd demo && tz validate --rev HEAD --format json >../out 2>/dev/null) &&
	python3 -c "
import json
v = json.load(open(\"out\"))
assert all(d[\"severity\"] == \"warning\" for d in v), v
"
'

test_expect_success 'and in a bare clone' '
	git clone -q --bare demo demo.git &&
	tz validate -C demo.git --rev HEAD >out 2>/dev/null &&
	! grep ": error: " out
'

test_expect_success 'the bundled campaign stays valid on a later date' '
	(cd demo && TZ_TODAY=2026-12-31 && export TZ_TODAY && tz validate >../out 2>/dev/null) &&
	! grep ": error: " out
'

test_expect_success 'a typo in a bundled record is found' '
	f=$(find demo/records -name "*.ini" | sort | head -n 1) &&
	printf "bogus_field = 1\n" >>"$f" &&
	(cd demo && test_expect_code 1 tz validate >../out 2>/dev/null) &&
	grep ": error: " out >errors &&
	test_line_count = 1 errors &&
	grep "unknown field \"bogus_field\"" errors &&
	git -C demo checkout -q .
'

test_done
