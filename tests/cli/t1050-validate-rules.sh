#!/bin/sh
test_description='tz validate: rules (require, check, when, severity, today)'
. ./lib-tz.sh
. "$SHARNESS_TEST_SRCDIR/lib-validate.sh"
test_expect_success 'setup' '
	tz_test_repo r &&
	(cd r && tz validate)
'

test_expect_success 'require with a message, at the section line' '
	tz_finding records/issues/ISS-0002.ini:2 error "%s: %s (missing %s)" resolved-needs-outcome 已办结的问题须填写办结日期与办结情况 "resolved_on, resolution" >expect &&
	check_issue expect <<-\EOF
	; 已办结但没写办结情况
	[issue]
	title = x
	status = resolved
	unit = gtj
	EOF
'

test_expect_success 'require lists only the fields that are missing, or empty' '
	tz_finding records/issues/ISS-0002.ini:1 error "%s: %s (missing %s)" resolved-needs-outcome 已办结的问题须填写办结日期与办结情况 resolution >expect &&
	check_issue expect <<-\EOF
	[issue]
	title = x
	status = closed
	unit = gtj
	resolved_on = 2026-06-01
	resolution =
	EOF
'

test_expect_success 'require is met' '
	: >expect &&
	check_issue expect <<-\EOF
	[issue]
	title = x
	status = closed
	unit = gtj
	resolved_on = 2026-06-01
	resolution = 已完成征地
	EOF
'

test_expect_success 'require does not apply when "when" is false' '
	: >expect &&
	check_issue expect <<-\EOF
	[issue]
	title = x
	status = in_progress
	unit = gtj
	EOF
'

test_expect_success 'a check with a generated message; severity warning exits 0' '
	tz_field_finding records/issues/ISS-0002.ini:1 warning deadline-after-report "%s is before %s" "deadline 2026-05-01" "reported_on 2026-05-31" >expect &&
	check_issue expect <<-\EOF &&
	[issue]
	title = x
	status = open
	unit = gtj
	reported_on = 2026-05-31
	deadline = 2026-05-01
	EOF
	tz_summary 0 1 1 >expect-err &&
	test_cmp expect-err err
'

test_expect_success 'a check with an absent field is unknown, and passes' '
	: >expect &&
	check_issue expect <<-\EOF
	[issue]
	title = x
	status = open
	unit = gtj
	deadline = 2026-05-01
	EOF
'

test_expect_success 'a check with a value the type does not accept passes (the type check reports it)' '
	tz_field_finding records/issues/ISS-0002.ini:5 error reported_on "\"%s\" is not a date (YYYY-MM-DD)" 2026-05-32 >expect &&
	check_issue expect <<-\EOF
	[issue]
	title = x
	status = open
	unit = gtj
	reported_on = 2026-05-32
	deadline = 2026-05-01
	EOF
'

write_rules () {
	cat >>r/schema/issue.ini <<-\EOF
	[field.amount]
	type = decimal
	[field.category]
	type = text

	[rule.amount-limit]
	check = amount <= 1000

	[rule.no-later-than-a-year]
	check = deadline <= today+365

	[rule.not-in-the-past]
	when = status = open
	check = deadline >= today
	message = 待办问题的办结时限不能早于今天
	severity = warning

	[rule.category-for-money]
	when = amount > 0
	require = category

	[rule.compound]
	check = status != closed or resolution is not empty

	[rule.category-names]
	check = category ~ 用地
	severity = warning
	EOF
}

test_expect_success 'more rules' '
	rm r/records/issues/ISS-0002.ini &&
	write_rules &&
	(cd r && tz validate >../out 2>../err) &&
	test_must_be_empty out
'

test_expect_success 'a check against a number' '
	{
		tz_field_finding records/issues/ISS-0002.ini:1 error amount-limit "%s is more than %s" "amount 1200.5" 1000 &&
		tz_finding records/issues/ISS-0002.ini:1 error "%s: %s required when %s" category-for-money category "amount > 0"
	} >expect &&
	check_issue expect <<-\EOF
	[issue]
	title = x
	status = in_progress
	unit = gtj
	amount = 1200.5
	EOF
'

test_expect_success 'a check against today+N' '
	tz_field_finding records/issues/ISS-0002.ini:1 error no-later-than-a-year "%s is after %s" "deadline 2027-07-01" "today+365 2027-06-30" >expect &&
	check_issue expect <<-\EOF
	[issue]
	title = x
	status = in_progress
	unit = gtj
	deadline = 2027-07-01
	EOF
'

test_expect_success 'today is TZ_TODAY in the tests' '
	: >expect &&
	check_issue expect <<-\EOF &&
	[issue]
	title = x
	status = in_progress
	unit = gtj
	deadline = 2027-06-30
	EOF
	tz_field_finding records/issues/ISS-0002.ini:1 error no-later-than-a-year "%s is after %s" "deadline 2027-06-30" "today+365 2027-06-29" >expect &&
	(cd r && TZ_TODAY=2026-06-29 && export TZ_TODAY && test_expect_code 1 tz validate >../out 2>/dev/null) &&
	test_cmp expect out
'

test_expect_success 'a check with a message of its own; when; warning' '
	tz_field_finding records/issues/ISS-0002.ini:1 warning not-in-the-past "%s" 待办问题的办结时限不能早于今天 >expect &&
	check_issue expect <<-\EOF
	[issue]
	title = x
	status = open
	unit = gtj
	deadline = 2026-06-29
	EOF
'

test_expect_success 'when is false: the check does not apply' '
	: >expect &&
	check_issue expect <<-\EOF
	[issue]
	title = x
	status = in_progress
	unit = gtj
	deadline = 2026-06-29
	EOF
'

test_expect_success 'a compound check says which check failed' '
	{
		tz_finding records/issues/ISS-0002.ini:1 error "%s: %s (missing %s)" \
			resolved-needs-outcome 已办结的问题须填写办结日期与办结情况 "resolved_on, resolution" &&
		tz_field_finding records/issues/ISS-0002.ini:1 error compound "%s%s" \
			"$(tz_msg "check failed: ")" "status != closed or resolution is not empty"
	} >expect &&
	check_issue expect <<-\EOF
	[issue]
	title = x
	status = closed
	unit = gtj
	EOF
'

test_expect_success 'a contains check' '
	tz_field_finding records/issues/ISS-0002.ini:1 warning category-names "%s does not contain %s" "category 融资" 用地 >expect &&
	check_issue expect <<-\EOF
	[issue]
	title = x
	status = in_progress
	unit = gtj
	category = 融资
	EOF
'

test_expect_success 'errors and warnings together: exit 1, both counted' '
	{
		tz_field_finding records/issues/ISS-0002.ini:1 warning deadline-after-report "%s is before %s" "deadline 2026-05-01" "reported_on 2026-05-31" &&
		tz_field_finding records/issues/ISS-0002.ini:1 error amount-limit "%s is more than %s" "amount 5000" 1000 &&
		tz_field_finding records/issues/ISS-0002.ini:1 warning category-names "%s does not contain %s" "category 融资" 用地
	} >expect &&
	check_issue expect <<-\EOF &&
	[issue]
	title = x
	status = in_progress
	unit = gtj
	amount = 5000
	category = 融资
	reported_on = 2026-05-31
	deadline = 2026-05-01
	EOF
	tz_summary 1 2 1 >expect-err &&
	test_cmp expect-err err
'

test_expect_success 'a rule over a part: log entries' '
	cat >>r/schema/issue.ini <<-\EOF &&
	[rule.urged-needs-deadline]
	when = log.action = urge
	require = deadline
	message = 催办的问题须有办结时限
	EOF
	tz_finding records/issues/ISS-0002.ini:1 error "%s: %s (missing %s)" urged-needs-deadline 催办的问题须有办结时限 deadline >expect &&
	check_issue expect <<-\EOF
	[issue]
	title = x
	status = in_progress
	unit = gtj
	[log.001]
	date = 2026-06-01
	action = assign
	[log.002]
	date = 2026-06-10
	action = urge
	EOF
'

test_expect_success 'a rule written over continuation lines: one finding, one line' '
	cat >>r/schema/issue.ini <<-\EOF &&
	[rule.multi-line]
	when = status = in_progress
	  and title ~ 紧急
	require = deadline,
	  resolution
	EOF
	tz_finding records/issues/ISS-0002.ini:1 error "%s: %s required when %s" multi-line "deadline, resolution" "status = in_progress and title ~ 紧急" >expect &&
	check_issue expect <<-\EOF
	[issue]
	title = 紧急事项
	status = in_progress
	unit = gtj
	EOF
'

test_done
