#!/bin/sh
test_description='tz validate: checks that follow the action log (bundled issue schema)'
. ./lib-tz.sh

# head STATUS [EXTRA]: records/issues/ISS-2026-0001.ini's [issue] section;
# status is line 9, and the first log entry starts at line 12 (or later by
# the lines of EXTRA).
head () {
	cat >r/records/issues/ISS-2026-0001.ini <<-EOF
	[issue]
	title = 园区道路配套未完善
	subject_type = enterprise
	enterprise = ENT-0001
	category = other
	priority = normal
	unit = gtj
	reported_on = 2026-03-02
	status = $1
	description = 园区道路未贯通。
	$2
	EOF
}

# entry N DATE ACTION [TO] [EXTRA]: append [log.N]; 5 lines, or 6 with TO.
entry () {
	{
		printf "\n[log.%s]\ndate = %s\nactor = 两帮两促办公室\naction = %s\n" "$1" "$2" "$3" &&
		if test -n "$4"; then printf "to_status = %s\n" "$4"; fi &&
		if test -n "$5"; then printf "%s\n" "$5"; fi &&
		printf "note = 说明。\n"
	} >>r/records/issues/ISS-2026-0001.ini
}

commit () {
	(cd r && git add -A && git commit -q -m "$1")
}

# how findings name the status field, the log part and its actions
status=$(tz_named 状态 status)
log=$(tz_named 办理记录 log)
actions=
for a in 登记:register 交办:assign 转办:reassign 签收:accept 进展:progress 督办:urge 延期:extend \
	申请延期:request_extension 暂缓:suspend 恢复:resume 办结:resolve 退回重办:return 销号:verify \
	重启:reopen 不予立项:reject 撤销:withdraw 约谈:interview 通报:notify 问责:hold_accountable 备注:comment
do
	actions="${actions:+$actions, }$(tz_named ${a%%:*} ${a#*:})"
done

test_expect_success 'setup: units and an enterprise, a registered issue' '
	tz_empty_repo r &&
	mkdir -p r/records/units r/records/enterprises r/records/issues &&
	cp "$TZ_SRC"/records/units/*.ini r/records/units/ &&
	cp "$TZ_SRC"/records/enterprises/ENT-0001.ini r/records/enterprises/ &&
	cp -R "$TZ_SRC"/records/leaders "$TZ_SRC"/records/programs r/records/ &&
	head registered &&
	entry 001 2026-03-02 register registered &&
	(cd r && tz validate) &&
	commit registered
'

test_expect_success '登记 → 交办 → 签收 in one commit passes' '
	head in_progress "assigned_on = 2026-03-03
deadline = 2026-04-30
original_deadline = 2026-04-30
accepted_on = 2026-03-04" &&
	entry 001 2026-03-02 register registered &&
	entry 002 2026-03-03 assign assigned &&
	entry 003 2026-03-04 accept in_progress &&
	(cd r && tz validate)
'

test_expect_success 'a status change without a log entry fails at the status line' '
	head assigned "assigned_on = 2026-03-03
deadline = 2026-04-30" &&
	entry 001 2026-03-02 register registered &&
	tz_finding records/issues/ISS-2026-0001.ini:9 error "%s: changed from \"%s\" to \"%s\" without a new %s entry" "$status" registered assigned "$log" >expect &&
	(cd r && test_expect_code 1 tz validate >../out 2>/dev/null) &&
	test_cmp expect out
'

test_expect_success 'an entry that skips a step fails at its line' '
	head in_progress "assigned_on = 2026-03-03
deadline = 2026-04-30
accepted_on = 2026-03-04" &&
	entry 001 2026-03-02 register registered &&
	entry 002 2026-03-04 accept in_progress &&
	{
		tz_finding records/issues/ISS-2026-0001.ini:22 error "%s: action %s is not allowed from \"%s\" (only from %s)" log.002 accept registered assigned &&
		tz_finding records/issues/ISS-2026-0001.ini:22 error "%s: %s \"%s\" cannot change to \"%s\" (allowed: %s)" log.002 "$status" registered in_progress \
			"$(tz_named 已交办 assigned), $(tz_named 不予立项 rejected), $(tz_named 已撤销 withdrawn)"
	} >expect &&
	(cd r && test_expect_code 1 tz validate >../out 2>/dev/null) &&
	test_cmp expect out
'

test_expect_success 'the status must end where the log ends' '
	head in_progress "assigned_on = 2026-03-03
deadline = 2026-04-30
accepted_on = 2026-03-04" &&
	entry 001 2026-03-02 register registered &&
	entry 002 2026-03-03 assign assigned &&
	tz_finding records/issues/ISS-2026-0001.ini:9 error "%s: \"%s\" does not follow the log: its last new entry %s moves to \"%s\"" "$status" in_progress log.002 assigned >expect &&
	(cd r && test_expect_code 1 tz validate >../out 2>/dev/null) &&
	test_cmp expect out
'

test_expect_success 'an entry must move to the status its action declares' '
	head assigned "assigned_on = 2026-03-03
deadline = 2026-04-30" &&
	entry 001 2026-03-02 register registered &&
	entry 002 2026-03-03 assign &&
	{
		tz_finding records/issues/ISS-2026-0001.ini:9 error "%s: changed from \"%s\" to \"%s\" without a new %s entry" "$status" registered assigned "$log" &&
		tz_finding records/issues/ISS-2026-0001.ini:21 error "%s: action %s needs to_status = %s" log.002 assign assigned
	} >expect &&
	(cd r && test_expect_code 1 tz validate >../out 2>/dev/null) &&
	test_cmp expect out
'

test_expect_success 'an unknown action is reported once' '
	head registered &&
	entry 001 2026-03-02 register registered &&
	entry 002 2026-03-03 close &&
	tz_field_finding records/issues/ISS-2026-0001.ini:23 error "$(tz_named 环节 log.002.action)" "\"%s\" is not one of %s" close "$actions" >expect &&
	(cd r && test_expect_code 1 tz validate >../out 2>/dev/null) &&
	test_cmp expect out
'

test_expect_success 'setup: the issue assigned and accepted, committed' '
	head in_progress "assigned_on = 2026-03-03
deadline = 2026-04-30
original_deadline = 2026-04-30
accepted_on = 2026-03-04" &&
	entry 001 2026-03-02 register registered &&
	entry 002 2026-03-03 assign assigned &&
	entry 003 2026-03-04 accept in_progress &&
	commit accepted &&
	cp r/records/issues/ISS-2026-0001.ini accepted.ini
'

test_expect_success 'an extend entry needs new_deadline and approver' '
	cp accepted.ini r/records/issues/ISS-2026-0001.ini &&
	entry 004 2026-04-20 extend &&
	tz_finding records/issues/ISS-2026-0001.ini:37 error "%s: action %s requires %s" log.004 extend "new_deadline, approver" >expect &&
	(cd r && test_expect_code 1 tz validate >../out 2>/dev/null) &&
	test_cmp expect out
'

test_expect_success 'an extend entry with both passes' '
	cp accepted.ini r/records/issues/ISS-2026-0001.ini &&
	sed -i "s/^deadline = 2026-04-30/deadline = 2026-05-30/" r/records/issues/ISS-2026-0001.ini &&
	entry 004 2026-04-20 extend "" "new_deadline = 2026-05-30
approver = 联点领导" &&
	(cd r && tz validate)
'

test_expect_success 'an immutable field may not change once committed' '
	cp accepted.ini r/records/issues/ISS-2026-0001.ini &&
	sed -i "s/^original_deadline = .*/original_deadline = 2026-05-30/; s/^reported_on = .*/reported_on = 2026-03-01/" \
		r/records/issues/ISS-2026-0001.ini &&
	{
		tz_field_finding records/issues/ISS-2026-0001.ini:1 warning deadline-not-shortened "%s" 办结时限早于原定办结时限 &&
		tz_finding records/issues/ISS-2026-0001.ini:8 error "%s: \"%s\" is immutable and cannot change to \"%s\"" \
			"$(tz_named 反映日期 reported_on)" 2026-03-02 2026-03-01 &&
		tz_finding records/issues/ISS-2026-0001.ini:13 error "%s: \"%s\" is immutable and cannot change to \"%s\"" \
			"$(tz_named 原定办结时限 original_deadline)" 2026-04-30 2026-05-30
	} >expect &&
	(cd r && test_expect_code 1 tz validate >../out 2>/dev/null) &&
	test_cmp expect out
'

test_expect_success 'an immutable field may not be removed' '
	cp accepted.ini r/records/issues/ISS-2026-0001.ini &&
	sed -i "/^original_deadline/d" r/records/issues/ISS-2026-0001.ini &&
	tz_finding records/issues/ISS-2026-0001.ini:1 error "%s: \"%s\" is immutable and cannot be removed" \
		"$(tz_named 原定办结时限 original_deadline)" 2026-04-30 >expect &&
	(cd r && test_expect_code 1 tz validate >../out 2>/dev/null) &&
	test_cmp expect out
'

test_expect_success 'log dates never go back, and never precede reported_on' '
	cp accepted.ini r/records/issues/ISS-2026-0001.ini &&
	entry 004 2026-03-03 progress &&
	entry 005 2026-03-01 progress &&
	{
		tz_finding records/issues/ISS-2026-0001.ini:38 error "%s.%s: %s is before %s of %s" log 004.date 2026-03-03 2026-03-04 log.003 &&
		tz_finding records/issues/ISS-2026-0001.ini:44 error "%s.%s: %s is before %s of %s" log 005.date 2026-03-01 2026-03-03 log.004 &&
		tz_finding records/issues/ISS-2026-0001.ini:44 error "%s.%s: %s is before %s %s" log 005.date 2026-03-01 reported_on 2026-03-02
	} >expect &&
	(cd r && test_expect_code 1 tz validate >../out 2>/dev/null) &&
	test_cmp expect out
'

test_expect_success 'tz commit refuses what tz validate finds' '
	cp accepted.ini r/records/issues/ISS-2026-0001.ini &&
	sed -i "s/^status = .*/status = resolved/" r/records/issues/ISS-2026-0001.ini &&
	tz_finding records/issues/ISS-2026-0001.ini:9 error "%s: changed from \"%s\" to \"%s\" without a new %s entry" "$status" in_progress resolved "$log" >expect &&
	(cd r && test_expect_code 1 tz commit -m x >../out 2>../err) &&
	cat out err >both &&
	grep -Fx -f expect both >out2 &&
	test_cmp expect out2
'

test_expect_success 'a new record checks its whole log' '
	cp accepted.ini r/records/issues/ISS-2026-0002.ini &&
	sed -i "s/^date = 2026-03-02/date = 2026-03-01/" r/records/issues/ISS-2026-0002.ini &&
	cp accepted.ini r/records/issues/ISS-2026-0001.ini &&
	tz_finding records/issues/ISS-2026-0002.ini:17 error "%s.%s: %s is before %s %s" log 001.date 2026-03-01 reported_on 2026-03-02 >expect &&
	(cd r && test_expect_code 1 tz validate >../out 2>/dev/null) &&
	test_cmp expect out
'

test_expect_success 'an action the schema does not declare is refused' '
	cp -R r s &&
	rm -f s/records/issues/ISS-2026-0002.ini &&
	sed -i "/^\[action.comment\]/,\$d" s/schema/issue.ini &&
	cp accepted.ini s/records/issues/ISS-2026-0001.ini &&
	entry_to=s/records/issues/ISS-2026-0001.ini &&
	printf "\n[log.004]\ndate = 2026-03-05\nactor = x\naction = comment\nnote = y\n" >>$entry_to &&
	tz_finding records/issues/ISS-2026-0001.ini:37 error "%s: action \"%s\" is not declared for %s" log.004 comment issue >expect &&
	(cd s && test_expect_code 1 tz validate >../out 2>/dev/null) &&
	test_cmp expect out
'

test_expect_success 'the schema checks its action model' '
	cp -R r t &&
	cat >>t/schema/issue.ini <<-\EOF &&
	[action.close]
	label = 销号
	from = done
	to = finished
	require = nothing
	set = verified_on = {day}, nofield = x
	colour = red

	[action.open]
	to = registered
	EOF
	sed -i "s/^next_id = .*/next_id = ISS-{seq:4}/; s/^id_date = .*/id_date = title/" t/schema/issue.ini &&
	(cd t && test_expect_code 1 tz validate >../out 2>/dev/null) &&
	grep "^schema/" out >actual &&
	c=$(grep -n "^\[action.close\]" t/schema/issue.ini | cut -d: -f1) &&
	o=$(grep -n "^\[action.open\]" t/schema/issue.ini | cut -d: -f1) &&
	n=$(grep -n "^next_id" t/schema/issue.ini | cut -d: -f1) &&
	{
		tz_finding "schema/issue.ini:$n" error "type: next_id makes \"%s\", which the id pattern does not match" ISS-0001 &&
		tz_finding "schema/issue.ini:$((n + 1))" error "type: id_date names no date field \"%s\"" title &&
		tz_finding "schema/issue.ini:$c" error "action.%s: label \"%s\" is also the label of action %s" close 销号 verify &&
		tz_finding "schema/issue.ini:$c" error "action.%s: \"%s\" is not a value of %s.action" close close log &&
		tz_finding "schema/issue.ini:$c" error "action.%s: %s: \"%s\" is not a value of %s" close from done status &&
		tz_finding "schema/issue.ini:$c" error "action.%s: %s: \"%s\" is not a value of %s" close to finished status &&
		tz_finding "schema/issue.ini:$c" error "action.%s: require names no field \"%s\"" close nothing &&
		tz_finding "schema/issue.ini:$c" error "action.%s: set: \"{%s\" names no field" close day &&
		tz_finding "schema/issue.ini:$c" error "action.%s: set names no field \"%s\"" close nofield &&
		tz_finding "schema/issue.ini:$((c + 6))" error "%s: unknown key \"%s\"" action.close colour &&
		tz_finding "schema/issue.ini:$o" error "action.%s: only one action may start a record (have no from)" open &&
		tz_finding "schema/issue.ini:$o" error "action.%s: \"%s\" is not a value of %s.action" open open log
	} >expect &&
	test_cmp expect actual
'

test_expect_success 'the bundled campaign follows its logs with nothing committed' '
	tz_empty_repo b &&
	cp -R "$TZ_SRC/records/." b/records/ &&
	(cd b && tz validate)
'

test_expect_success 'other years are valid IDs' '
	rm r/records/issues/ISS-2026-0002.ini &&
	sed "s/2026-/2027-/" accepted.ini >r/records/issues/ISS-2027-0001.ini &&
	git -C r mv records/issues/ISS-2026-0001.ini records/issues/ISS-2026-0009.ini &&
	cp accepted.ini r/records/issues/ISS-2026-0009.ini &&
	(cd r && tz validate 2>../err >../out) &&
	test_must_be_empty out
'

test_done
