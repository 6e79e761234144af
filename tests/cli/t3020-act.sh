#!/bin/sh
test_description='tz act: the menu, actions by name and label, refusals'
. ./lib-tz.sh
. "$SHARNESS_TEST_SRCDIR/lib-write.sh"

test_expect_success 'setup: a registered issue' '
	tz_write_repo r &&
	(cd r && tz new issue title=园区道路配套未完善 subject_type=enterprise enterprise=ENT-0001 \
		category=other priority=normal unit=gtj description=园区道路未贯通。 \
		--date 2026-03-02 --note 登记。 >../id 2>/dev/null) &&
	echo ISS-2026-0001 >expect &&
	test_cmp expect id &&
	F=r/records/issues/ISS-2026-0001.ini &&
	cp $F registered.ini
'

test_expect_success 'without an action: the actions allowed from the status' '
	(cd r && tz act ISS-2026-0001 >../out) &&
	printf "assign\t交办\tunit, deadline\nreject\t不予立项\trejection_reason\nwithdraw\t撤销\twithdraw_reason\nnotify\t通报\tnote\nhold_accountable\t问责\tnote\ncomment\t备注\tnote\n" >expect &&
	test_cmp expect out
'

test_expect_success 'an action by its label appends the next entry and sets its fields' '
	(cd r && tz act ISS-2026-0001 交办 --date 2026-03-03 --note 交国土局办理。 deadline=2026-04-30) &&
	cat >expect <<-\EOF &&
	[issue]
	title = 园区道路配套未完善
	subject_type = enterprise
	enterprise = ENT-0001
	category = other
	priority = normal
	unit = gtj
	status = assigned
	reported_on = 2026-03-02
	assigned_on = 2026-03-03
	original_deadline = 2026-04-30
	deadline = 2026-04-30
	description = 园区道路未贯通。

	[log.001]
	date = 2026-03-02
	actor = 两帮两促办公室
	action = register
	to_status = registered
	note = 登记。

	[log.002]
	date = 2026-03-03
	actor = 两帮两促办公室
	action = assign
	to_status = assigned
	note = 交国土局办理。
	EOF
	test_cmp expect r/records/issues/ISS-2026-0001.ini &&
	(cd r && tz act ISS-2026-0001 >../out) &&
	cut -f1 out >names &&
	printf "reassign\naccept\nprogress\nurge\nextend\nrequest_extension\nsuspend\nwithdraw\ninterview\nnotify\nhold_accountable\ncomment\n" >expect &&
	test_cmp expect names
'

test_expect_success 'an action not allowed from the status writes nothing' '
	cp r/records/issues/ISS-2026-0001.ini before &&
	(cd r && test_expect_code 1 tz act ISS-2026-0001 销号 verified_by=主任 2>../err) &&
	echo "tz act: $(tz_msg "%s (%s) is not allowed from \"%s\"" 销号 verify 已交办)" >expect &&
	test_cmp expect err &&
	test_cmp before r/records/issues/ISS-2026-0001.ini
'

test_expect_success 'what an action requires is checked, nothing written without it' '
	(cd r && test_expect_code 1 tz act ISS-2026-0001 extend --date 2026-03-10 >../out 2>../err) &&
	tz_finding records/issues/ISS-2026-0001.ini:29 error "%s: action %s requires %s" \
		log.003 extend "new_deadline, approver" >expect &&
	test_cmp expect out &&
	test_cmp before r/records/issues/ISS-2026-0001.ini
'

test_expect_success 'a date before the last entry is refused' '
	(cd r && test_expect_code 1 tz act ISS-2026-0001 accept --date 2026-03-01 >../out 2>../err) &&
	{
		tz_finding records/issues/ISS-2026-0001.ini:1 warning "%s: %s" \
			accepted-after-assigned 签收日期早于交办日期 &&
		tz_finding records/issues/ISS-2026-0001.ini:31 error "%s.%s: %s is before %s of %s" \
			log.003 date 2026-03-01 2026-03-03 log.002 &&
		tz_finding records/issues/ISS-2026-0001.ini:31 error "%s.%s: %s is before %s %s" \
			log.003 date 2026-03-01 reported_on 2026-03-02
	} >expect &&
	test_cmp expect out
'

test_expect_success 'unknown actions and fields are usage errors' '
	(cd r && test_expect_code 2 tz act ISS-2026-0001 acept 2>../err) &&
	echo "tz act: $(tz_msg "%s has no action \"%s\" (did you mean \"%s\"?)" issue acept accept)" >expect &&
	head -n 1 err >actual &&
	test_cmp expect actual &&
	(cd r && test_expect_code 2 tz act ISS-2026-0001 accept nosuch=1 2>../err) &&
	echo "tz act: $(tz_msg "%s has no field \"%s\"" issue nosuch)" >expect &&
	test_cmp expect err &&
	(cd r && test_expect_code 2 tz act ISS-2026-0001 --date 2026-13-01 accept 2>../err) &&
	head -n 1 err >actual &&
	echo "tz act: --date: $(tz_msg "\"%s\" is not a date (YYYY-MM-DD)" 2026-13-01)" >expect &&
	test_cmp expect actual &&
	test_cmp before r/records/issues/ISS-2026-0001.ini
'

test_expect_success 'entry fields by label and enum labels' '
	(cd r && tz act ISS-2026-0001 督办 --date 2026-03-05 督办单=红色督办单 --note 下发红色督办单。) &&
	tail -n 6 r/records/issues/ISS-2026-0001.ini >actual &&
	cat >expect <<-\EOF &&
	[log.003]
	date = 2026-03-05
	actor = 两帮两促办公室
	action = urge
	notice_color = red
	note = 下发红色督办单。
	EOF
	test_cmp expect actual
'

test_expect_success '--within N: the required date, N working days on by schema/calendar.ini' '
	(cd r && tz new issue title=国庆前交办 subject_type=enterprise enterprise=ENT-0001 category=other \
		priority=normal unit=gtj description=描述 --date 2026-09-28 >../id2 2>/dev/null) &&
	id=$(cat id2) &&
	(cd r && tz act $id assign --date 2026-09-28 --within 5 --note 限5个工作日。) &&
	grep "^deadline = " r/records/issues/$id.ini >actual &&
	echo "deadline = 2026-10-10" >expect &&
	test_cmp expect actual &&
	(cd r && tz act $id accept --date 2026-09-29 &&
	 tz act $id extend --date 2026-10-09 --within 3 approver=联点领导 --note 延期3个工作日。) &&
	grep "^new_deadline = \|^deadline = " r/records/issues/$id.ini >actual &&
	printf "deadline = 2026-10-13\nnew_deadline = 2026-10-13\n" >expect &&
	test_cmp expect actual &&
	(cd r && test_expect_code 2 tz act $id progress --within 3 --note x 2>../err) &&
	echo "tz act: $(tz_msg "--within: action %s requires no date to count to" progress)" >expect &&
	head -n 1 err >actual &&
	test_cmp expect actual
'

test_done
