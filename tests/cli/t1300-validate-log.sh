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
	cat >expect <<-\EOF &&
	records/issues/ISS-2026-0001.ini:9: error: status: changed from "registered" to "assigned" without a new log entry
	EOF
	(cd r && test_expect_code 1 tz validate >../out 2>/dev/null) &&
	test_cmp expect out
'

test_expect_success 'an entry that skips a step fails at its line' '
	head in_progress "assigned_on = 2026-03-03
deadline = 2026-04-30
accepted_on = 2026-03-04" &&
	entry 001 2026-03-02 register registered &&
	entry 002 2026-03-04 accept in_progress &&
	cat >expect <<-\EOF &&
	records/issues/ISS-2026-0001.ini:22: error: log.002: action accept is not allowed from "registered" (only from assigned)
	records/issues/ISS-2026-0001.ini:22: error: log.002: status "registered" cannot change to "in_progress" (allowed: assigned, rejected, withdrawn)
	EOF
	(cd r && test_expect_code 1 tz validate >../out 2>/dev/null) &&
	test_cmp expect out
'

test_expect_success 'the status must end where the log ends' '
	head in_progress "assigned_on = 2026-03-03
deadline = 2026-04-30
accepted_on = 2026-03-04" &&
	entry 001 2026-03-02 register registered &&
	entry 002 2026-03-03 assign assigned &&
	cat >expect <<-\EOF &&
	records/issues/ISS-2026-0001.ini:9: error: status: "in_progress" does not follow the log: its last new entry log.002 moves to "assigned"
	EOF
	(cd r && test_expect_code 1 tz validate >../out 2>/dev/null) &&
	test_cmp expect out
'

test_expect_success 'an entry must move to the status its action declares' '
	head assigned "assigned_on = 2026-03-03
deadline = 2026-04-30" &&
	entry 001 2026-03-02 register registered &&
	entry 002 2026-03-03 assign &&
	cat >expect <<-\EOF &&
	records/issues/ISS-2026-0001.ini:9: error: status: changed from "registered" to "assigned" without a new log entry
	records/issues/ISS-2026-0001.ini:21: error: log.002: action assign needs to_status = assigned
	EOF
	(cd r && test_expect_code 1 tz validate >../out 2>/dev/null) &&
	test_cmp expect out
'

test_expect_success 'an unknown action is reported once' '
	head registered &&
	entry 001 2026-03-02 register registered &&
	entry 002 2026-03-03 close &&
	cat >expect <<-\EOF &&
	records/issues/ISS-2026-0001.ini:23: error: log.002.action: "close" is not one of register, assign, reassign, accept, progress, urge, extend, request_extension, suspend, resume, resolve, return, verify, reopen, reject, withdraw, interview, notify, hold_accountable, comment
	EOF
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
	cat >expect <<-\EOF &&
	records/issues/ISS-2026-0001.ini:37: error: log.004: action extend requires new_deadline, approver
	EOF
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
	cat >expect <<-\EOF &&
	records/issues/ISS-2026-0001.ini:1: warning: deadline-not-shortened: 办结时限早于原定办结时限
	records/issues/ISS-2026-0001.ini:8: error: reported_on: "2026-03-02" is immutable and cannot change to "2026-03-01"
	records/issues/ISS-2026-0001.ini:13: error: original_deadline: "2026-04-30" is immutable and cannot change to "2026-05-30"
	EOF
	(cd r && test_expect_code 1 tz validate >../out 2>/dev/null) &&
	test_cmp expect out
'

test_expect_success 'an immutable field may not be removed' '
	cp accepted.ini r/records/issues/ISS-2026-0001.ini &&
	sed -i "/^original_deadline/d" r/records/issues/ISS-2026-0001.ini &&
	cat >expect <<-\EOF &&
	records/issues/ISS-2026-0001.ini:1: error: original_deadline: "2026-04-30" is immutable and cannot be removed
	EOF
	(cd r && test_expect_code 1 tz validate >../out 2>/dev/null) &&
	test_cmp expect out
'

test_expect_success 'log dates never go back, and never precede reported_on' '
	cp accepted.ini r/records/issues/ISS-2026-0001.ini &&
	entry 004 2026-03-03 progress &&
	entry 005 2026-03-01 progress &&
	cat >expect <<-\EOF &&
	records/issues/ISS-2026-0001.ini:38: error: log.004.date: 2026-03-03 is before 2026-03-04 of log.003
	records/issues/ISS-2026-0001.ini:44: error: log.005.date: 2026-03-01 is before 2026-03-03 of log.004
	records/issues/ISS-2026-0001.ini:44: error: log.005.date: 2026-03-01 is before reported_on 2026-03-02
	EOF
	(cd r && test_expect_code 1 tz validate >../out 2>/dev/null) &&
	test_cmp expect out
'

test_expect_success 'tz commit refuses what tz validate finds' '
	cp accepted.ini r/records/issues/ISS-2026-0001.ini &&
	sed -i "s/^status = .*/status = resolved/" r/records/issues/ISS-2026-0001.ini &&
	cat >expect <<-\EOF &&
	records/issues/ISS-2026-0001.ini:9: error: status: changed from "in_progress" to "resolved" without a new log entry
	EOF
	(cd r && test_expect_code 1 tz commit -m x >../out 2>/dev/null) &&
	grep "without a new log entry" out >out2 &&
	test_cmp expect out2
'

test_expect_success 'a new record checks its whole log' '
	cp accepted.ini r/records/issues/ISS-2026-0002.ini &&
	sed -i "s/^date = 2026-03-02/date = 2026-03-01/" r/records/issues/ISS-2026-0002.ini &&
	cp accepted.ini r/records/issues/ISS-2026-0001.ini &&
	cat >expect <<-\EOF &&
	records/issues/ISS-2026-0002.ini:17: error: log.001.date: 2026-03-01 is before reported_on 2026-03-02
	EOF
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
	cat >expect <<-\EOF &&
	records/issues/ISS-2026-0001.ini:37: error: log.004: action "comment" is not declared for issue
	EOF
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
	cat >expect <<-EOF &&
	schema/issue.ini:$n: error: type: next_id makes "ISS-0001", which the id pattern does not match
	schema/issue.ini:$((n + 1)): error: type: id_date names no date field "title"
	schema/issue.ini:$c: error: action.close: label "销号" is also the label of action verify
	schema/issue.ini:$c: error: action.close: "close" is not a value of log.action
	schema/issue.ini:$c: error: action.close: from: "done" is not a value of status
	schema/issue.ini:$c: error: action.close: to: "finished" is not a value of status
	schema/issue.ini:$c: error: action.close: require names no field "nothing"
	schema/issue.ini:$c: error: action.close: set: "{day" names no field
	schema/issue.ini:$c: error: action.close: set names no field "nofield"
	schema/issue.ini:$((c + 6)): error: action.close: unknown key "colour"
	schema/issue.ini:$o: error: action.open: only one action may start a record (have no from)
	schema/issue.ini:$o: error: action.open: "open" is not a value of log.action
	EOF
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
