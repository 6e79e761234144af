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
	C=schema/calendar.ini &&
	{
		tz_finding $C:2 error "due_soon: \"%s\" is not a number of working days (0-366)" soon &&
		tz_finding $C:3 error "calendar: unknown key \"%s\" (keys: due_soon)" weekend &&
		tz_finding $C:7 error "%s: \"%s\" is not a date or a range D..D" days 2026-02-30 &&
		tz_finding $C:10 error "%s: \"%s..%s\" is not a range of at most a year" days 2026-01-01 2027-06-01 &&
		tz_finding $C:13 error "%s: %s is in %ld, which has no [year.%ld] section" days 2028-10-01 2028 2028 &&
		tz_finding $C:14 error "%s: unknown key \"%s\" (keys: name, days, workdays)" holiday.c sorce
	} >expect &&
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
	tz_summary 6 0 1 >expect &&
	test_cmp expect err
'

test_expect_success 'report.ini: a start that is no date, an escalation that is no log action, an unknown key and section' '
	R=schema/report.ini &&
	{
		tz_finding $R:3 error "start: \"%s\" is not a date (YYYY-MM-DD)" 2026-02-30 &&
		tz_finding $R:4 error "%s: \"%s\" is not an action of the issue log (did you mean \"%s\"?)" \
			escalations notfy notify &&
		tz_finding $R:4 error "%s: \"%s\" is not an action of the issue log" escalations xyz &&
		tz_finding $R:5 error "%s: unknown key \"%s\" (keys: %s)" report colour "title, issuer, start, escalations" &&
		tz_finding $R:6 error "unknown section [%s] (sections: [report])" layout
	} >expect &&
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
	A=schema/assessment.ini &&
	{
		tz_finding $A:2 error "%s: %s is out of range (0 to %d points)" resolution 120 100 &&
		tz_finding $A:3 error "%s: \"%s\" is not a number" on_time forty &&
		tz_finding $A:4 error "%s: unknown key \"%s\" (keys: %s)" weights speed "resolution, on_time" &&
		tz_finding $A:6 error "%s: %s is out of range (0 to %d points)" overdue -2 100 &&
		tz_finding $A:7 error "%s: \"%s\" is not an action of the issue log (did you mean \"%s\"?)" \
			deductions urgee urge &&
		tz_finding $A:8 error "unknown section [%s] (sections: [weights], [deductions])" bonus
	} >expect &&
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
	tz_finding schema/calendar.ini:1 warning \
		"no [year.%s] section: the working days of %s are counted as Monday to Friday" 2027 2027 >expect &&
	(cd ex && TZ_TODAY=2027-03-01 tz validate >../out 2>../err) &&
	test_cmp expect out &&
	(cd ex && TZ_TODAY=2027-03-01 tz validate >../out2 2>../err2) &&
	test_cmp expect out2 &&
	test_cmp err err2 &&
	tz_summary 0 1 1 >expect &&
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
	tz_finding schema/assessment.ini:2 error "%s: %s is out of range (0 to %d points)" resolution 150 100 >expect &&
	test_cmp expect out &&
	tz_msgn "%s: refused: %zu error; nothing was committed\n" "%s: refused: %zu errors; nothing was committed\n" 1 \
		"tz commit" 1 >expect &&
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
