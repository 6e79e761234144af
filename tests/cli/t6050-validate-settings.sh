#!/bin/sh
test_description='tz validate and tz commit check the briefing'"'"'s settings

schema/calendar.ini, schema/report.ini and schema/assessment.ini are not
types, but a mistake in them is a schema mistake: tz validate reports it
with its line, and tz commit refuses it, instead of tz report failing later.'
. ./lib-tz.sh

test_expect_success 'setup: the bundled campaign is valid' '
	tz init --example ex >out 2>err &&
	(cd ex && tz validate -q)
'

# settings FILE: write stdin to ex/schema/FILE, validate (exit 1 expected),
# compare the findings with expect, then restore the file
settings () {
	cat >ex/schema/$1 &&
	(cd ex && test_expect_code 1 tz validate >../out 2>../err) &&
	(cd ex && git checkout -q schema/$1) &&
	test_cmp expect out
}

test_expect_success 'calendar.ini: a bad date, a range too long, a year without its section, an unknown key' '
	cat >expect <<-\EOF &&
	schema/calendar.ini:2: error: due_soon: "soon" is not a number of working days (0-366)
	schema/calendar.ini:3: error: calendar: unknown key "weekend" (keys: due_soon)
	schema/calendar.ini:7: error: days: "2026-02-30" is not a date or a range D..D
	schema/calendar.ini:10: error: days: "2026-01-01..2027-06-01" is not a range of at most a year
	schema/calendar.ini:13: error: days: 2028-10-01 is in 2028, which has no [year.2028] section
	schema/calendar.ini:14: error: holiday.c: unknown key "sorce" (keys: name, days, workdays)
	EOF
	settings calendar.ini <<-\EOF &&
	[calendar]
	due_soon = soon
	weekend = sat
	[year.2026]
	[holiday.a]
	name = a
	days = 2026-02-30
	[holiday.b]
	name = b
	days = 2026-01-01..2027-06-01
	[holiday.c]
	name = c
	days = 2028-10-01
	sorce = x
	EOF
	echo "6 errors, 0 warnings in 1 file" >expect &&
	test_cmp expect err
'

test_expect_success 'report.ini: a start that is no date, an escalation that is no log action, an unknown key and section' '
	cat >expect <<-\EOF &&
	schema/report.ini:3: error: start: "2026-02-30" is not a date (YYYY-MM-DD)
	schema/report.ini:4: error: escalations: "notfy" is not an action of the issue log (did you mean "notify"?)
	schema/report.ini:4: error: escalations: "xyz" is not an action of the issue log
	schema/report.ini:5: error: report: unknown key "colour" (keys: title, issuer, start, escalations)
	schema/report.ini:6: error: unknown section [layout] (sections: [report])
	EOF
	settings report.ini <<-\EOF
	[report]
	title = 简报
	start = 2026-02-30
	escalations = urge, notfy, xyz
	colour = red
	[layout]
	EOF
'

test_expect_success 'assessment.ini: points that are no number or out of 0 to 100, a deduction for no log action' '
	cat >expect <<-\EOF &&
	schema/assessment.ini:2: error: resolution: 120 is out of range (0 to 100 points)
	schema/assessment.ini:3: error: on_time: "forty" is not a number
	schema/assessment.ini:4: error: weights: unknown key "speed" (keys: resolution, on_time)
	schema/assessment.ini:6: error: overdue: -2 is out of range (0 to 100 points)
	schema/assessment.ini:7: error: deductions: "urgee" is not an action of the issue log (did you mean "urge"?)
	schema/assessment.ini:8: error: unknown section [bonus] (sections: [weights], [deductions])
	EOF
	settings assessment.ini <<-\EOF
	[weights]
	resolution = 120
	on_time = forty
	speed = 1
	[deductions]
	overdue = -2
	urgee = 1
	[bonus]
	EOF
'

test_expect_success 'a year missing from the calendar is a warning, exit 0, the same when the cache answers' '
	cat >expect <<-\EOF &&
	schema/calendar.ini:1: warning: no [year.2027] section: the working days of 2027 are counted as Monday to Friday
	EOF
	(cd ex && TZ_TODAY=2027-03-01 tz validate >../out 2>../err) &&
	test_cmp expect out &&
	(cd ex && TZ_TODAY=2027-03-01 tz validate >../out2 2>../err2) &&
	test_cmp expect out2 &&
	test_cmp err err2 &&
	echo "0 errors, 1 warning in 1 file" >expect &&
	test_cmp expect err &&
	(cd ex && tz validate -q >../out 2>../err) &&
	test_must_be_empty out
'

test_expect_success 'without calendar.ini nothing is missing: weekends alone, no warning' '
	(cd ex && git rm -q schema/calendar.ini && TZ_TODAY=2027-03-01 tz validate -q >../out 2>../err) &&
	test_must_be_empty out &&
	(cd ex && git reset -q --hard)
'

test_expect_success 'tz commit refuses a bad setting with the findings of tz validate, and commits nothing' '
	git -C ex rev-parse HEAD >before &&
	printf "[weights]\nresolution = 150\n" >ex/schema/assessment.ini &&
	(cd ex && test_expect_code 1 tz commit -m "raise a weight" >../out 2>../err) &&
	echo "schema/assessment.ini:2: error: resolution: 150 is out of range (0 to 100 points)" >expect &&
	test_cmp expect out &&
	echo "tz commit: refused: 1 error; nothing was committed" >expect &&
	test_cmp expect err &&
	git -C ex rev-parse HEAD >after &&
	test_cmp before after &&
	(cd ex && git checkout -q schema/assessment.ini)
'

test_expect_success 'a valid change of the settings is committed' '
	sed -i "s/^resolution = 60/resolution = 70/; s/^on_time = 40/on_time = 30/" ex/schema/assessment.ini &&
	(cd ex && tz commit -q -m "weigh the rate more") &&
	git -C ex show --stat --format= HEAD >out &&
	grep -q "schema/assessment.ini" out
'

test_done
