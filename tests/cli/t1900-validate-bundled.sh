#!/bin/sh
test_description='tz validate: the bundled schema and campaign are valid'
. ./lib-tz.sh

# the severity word of an error, in the language of the run
error=$(tz_msgc severity error)

test_expect_success 'setup: the bundled campaign, committed' '
	tz_demo_repo demo &&
	test -d demo/records &&
	ls demo/schema/*.ini >schemas &&
	test -s schemas
'

test_expect_success 'the working tree validates: exit 0, no errors' '
	(cd demo && tz validate >../out 2>../err) &&
	! grep ": $error: " out &&
	if test -s out
	then
		tz_summary 0 $(wc -l <out) $(cut -d: -f1 out | sort -u | wc -l) >expect
	else
		tz_summary_clean $(find demo/records -name "*.ini" | wc -l) \
			$(grep -l "^\[type\]" demo/schema/*.ini | wc -l) >expect
	fi &&
	test_cmp expect err
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
	! grep ": $error: " out
'

test_expect_success 'the bundled campaign stays valid on a later date' '
	(cd demo && TZ_TODAY=2026-12-31 && export TZ_TODAY && tz validate >../out 2>/dev/null) &&
	! grep ": $error: " out
'

test_expect_success 'a typo in a bundled record is found' '
	f=$(find demo/records -name "*.ini" | sort | head -n 1) &&
	printf "bogus_field = 1\n" >>"$f" &&
	(cd demo && test_expect_code 1 tz validate >../out 2>/dev/null) &&
	grep ": $error: " out >errors &&
	type=$(sed -n "s/^name = //p" $(grep -l "^dir = $(basename $(dirname "$f"))\$" demo/schema/*.ini) | head -n 1) &&
	tz_finding "${f#demo/}:$(wc -l <"$f")" error "unknown field \"%s\" in %s" bogus_field "$type" >expect &&
	test_cmp expect errors &&
	git -C demo checkout -q .
'

test_done
