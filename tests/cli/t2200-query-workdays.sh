#!/bin/sh
test_description='working days in expressions, log(...) on one entry, enum words that are also field names'
. ./lib-tz.sh

test_expect_success 'setup' '
	tz_demo_repo r
'

test_expect_success 'subject_type = project is the enum value, not the field project' '
	grep -rlx "subject_type = project" r/records/issues | wc -l >expect &&
	(cd r && tz query issue "subject_type = project" --count >../out 2>../err) &&
	test_cmp expect out &&
	test_must_be_empty err &&
	grep -rlx "subject_type = enterprise" r/records/issues | wc -l >expect &&
	(cd r && tz query issue "subject_type = 企业" --count >../out) &&
	test_cmp expect out
'

test_expect_success 'the bundled campaign has 54 project and 123 enterprise problems' '
	echo 54 >expect &&
	(cd r && tz query issue "subject_type = project" --count >../out) &&
	test_cmp expect out &&
	echo 123 >expect &&
	(cd r && tz query issue "subject_type = enterprise" --count >../out) &&
	test_cmp expect out
'

test_expect_success 'an ambiguous bare word shows the quoted form' '
	tz_finding query:1:12 error "\"%s\" is ambiguous: it names the field %s (%s), which cannot be compared with %s (%s); for the text write \"%s\" in quotes, as in %s %s \"%s\"" \
		project project ref category enum project category = project >expect &&
	(cd r && test_expect_code 2 tz query issue "category = project" --count >../out 2>../err) &&
	test_must_be_empty out &&
	test_cmp expect err
'

# Independently of the query language: an issue has one [log.NNN] entry whose
# action is register and whose date is on or after 2026-06-20.
one_entry () {
	for f in $(find r/records/issues -name "*.ini")
	do
		awk -v want="$1" -v from="$2" "
			/^\[/ { if (a == want && d >= from) hit = 1; a = \"\"; d = \"\" }
			/^action = / { a = \$3 }
			/^date = / { d = \$3 }
			END { if (a == want && d >= from) hit = 1; if (hit) print FILENAME }" "$f"
	done | wc -l
}

test_expect_success 'log(action = A and date >= D): one entry satisfies both' '
	for a in register assign urge progress
	do
		one_entry $a 2026-06-20 >expect &&
		(cd r && tz query issue "log(action = $a and date >= 2026-06-20)" --count >../out) ;
		test_cmp expect out || return 1
	done
'

test_expect_success 'log.action = A and log.date >= D still means some entry for each' '
	for f in $(find r/records/issues -name "*.ini")
	do
		grep -qx "action = register" $f &&
		awk "/^date = / && \$3 >= \"2026-06-20\" { found = 1 } END { exit !found }" $f &&
		echo $f
	done | wc -l >expect &&
	(cd r && tz query issue "log.action = register and log.date >= 2026-06-20" --count >../out) &&
	test_cmp expect out
'

test_expect_success 'today+Nw counts working days: 2026-06-30 + 3w is 2026-07-03' '
	cat >r/records/issues/ISS-2026-9001.ini <<-\EOF &&
	[issue]
	title = 测试临期问题
	subject_type = project
	project = PRJ-0001
	category = land
	priority = normal
	unit = gtj
	status = assigned
	reported_on = 2026-06-01
	assigned_on = 2026-06-02
	deadline = 2026-07-03
	description = 用于测试工作日
	EOF
	(cd r && tz query issue "title = 测试临期问题 and deadline <= today+3w" --fields id --no-header >../out) &&
	echo ISS-2026-9001 >expect &&
	test_cmp expect out &&
	(cd r && test_expect_code 1 tz query issue "title = 测试临期问题 and deadline <= today+2w" --count >../out) &&
	echo 0 >expect &&
	test_cmp expect out
'

test_expect_success 'workdays(a, b) skips 端午 (2026-06-19..21)' '
	(cd r && tz query issue "title = 测试临期问题 and workdays(2026-06-18, deadline) = 10" --fields id --no-header >../out) &&
	echo ISS-2026-9001 >expect &&
	test_cmp expect out
'

test_expect_success 'a year missing from the calendar is a warning' '
	tz_msgn "%s: warning: %s has no year %s: its working days were counted as Monday to Friday\n" \
		"%s: warning: %s has no year %s: their working days were counted as Monday to Friday\n" 1 \
		"tz query" schema/calendar.ini 2027 >expect &&
	(cd r && tz query issue "title = 测试临期问题 and workdays(deadline, 2027-01-08) > 0" --count >../out 2>../err) &&
	test_cmp expect err &&
	echo 1 >expect &&
	test_cmp expect out
'

test_expect_success 'a bad calendar.ini is reported with its line' '
	cp r/schema/calendar.ini calendar.ini.orig &&
	printf "[holiday.x]\nname = X\ndays = 2026-02-30\n" >>r/schema/calendar.ini &&
	n=$(wc -l <calendar.ini.orig) &&
	tz_finding schema/calendar.ini:$((n + 3)) error "%s: \"%s\" is not a date or a range D..D" days 2026-02-30 >expect &&
	(cd r && test_expect_code 2 tz query issue --count >../out 2>../err) &&
	test_cmp expect err &&
	cp calendar.ini.orig r/schema/calendar.ini
'

test_done
