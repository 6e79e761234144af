#!/bin/sh
test_description='tz commit, tz validate, tz check-push and tz audit: a commit that
loosens a rule of the schema and breaks it at once is judged by the committed
schema (transitions, append-only parts)'
. ./lib-tz.sh
. "$SHARNESS_TEST_SRCDIR/lib-audit.sh"

# drop_transitions DIR: the issue type without its [transitions.status]
drop_transitions () {
	sed -i "/^\[transitions.status\]/,/^closed =/d" "$1/schema/issue.ini"
}

status=$(tz_named 状态 status)
log=$(tz_named 办理记录 log)

test_expect_success 'setup: a resolved problem with a log, and a server' '
	audit_repo r &&
	issue r/records/issues/ISS-0001.ini resolved &&
	set_field r/records/issues/ISS-0001.ini resolved_on 2026-06-01 &&
	add_log r/records/issues/ISS-0001.ini 001 2026-05-04 assign 交国土局办理 &&
	tick && (cd r && tz commit -q -m start) &&
	git clone -q --bare r server.git &&
	tz -C server.git hooks install --server >/dev/null &&
	git -C r remote add origin "file://$PWD/server.git" &&
	git -C r rev-parse HEAD >head.before
'

test_expect_success 'dropping the transitions and reopening in one commit is refused' '
	drop_transitions r &&
	! grep transitions r/schema/issue.ini &&
	set_field r/records/issues/ISS-0001.ini status open &&
	tz_field_finding records/issues/ISS-0001.ini:5 error "$status" \
		"\"%s\" cannot change to \"%s\" under the committed schema (allowed: %s)" resolved open \
		"$(tz_named 已销号 closed), $(tz_named 办理中 in_progress)" >expect &&
	(cd r && test_expect_code 1 tz validate >../out 2>/dev/null) &&
	test_cmp expect out &&
	(cd r && test_expect_code 1 tz commit -q -m reopen >../out 2>/dev/null) &&
	test_cmp expect out &&
	git -C r rev-parse HEAD >head.after &&
	test_cmp head.before head.after
'

test_expect_success 'a value final by the committed schema stays final in that commit' '
	git -C r checkout -q . &&
	set_field r/records/issues/ISS-0001.ini status closed &&
	tick && (cd r && tz commit -q -m close) &&
	drop_transitions r &&
	set_field r/records/issues/ISS-0001.ini status open &&
	tz_field_finding records/issues/ISS-0001.ini:5 error "$status" \
		"\"%s\" is final under the committed schema and cannot change to \"%s\"" closed open >expect &&
	(cd r && test_expect_code 1 tz commit -q -m reopen >../out 2>/dev/null) &&
	test_cmp expect out
'

test_expect_success 'once the loosened schema is committed, the change goes in' '
	git -C r checkout -q records &&
	tick && (cd r && tz commit -q -m "no transitions") &&
	set_field r/records/issues/ISS-0001.ini status open &&
	(cd r && tz validate -q && tick && tz commit -q -m reopen)
'

test_expect_success 'setting append_only = no and rewriting the log in one commit is refused' '
	sed -i "s/^append_only = yes/append_only = no/" r/schema/issue.ini &&
	sed -i "s/^note = 交国土局办理/note = 改写/" r/records/issues/ISS-0001.ini &&
	tz_finding records/issues/ISS-0001.ini:7 error "%s: committed entry of append-only part %s was changed" log.001 "$log" >expect &&
	(cd r && test_expect_code 1 tz validate >../out 2>/dev/null) &&
	test_cmp expect out &&
	(cd r && test_expect_code 1 tz commit -q -m rewrite >../out 2>/dev/null) &&
	test_cmp expect out
'

test_expect_success 'and so is removing the entry' '
	sed -i "/^\[log.001\]/,\$d" r/records/issues/ISS-0001.ini &&
	tz_finding records/issues/ISS-0001.ini:1 error "%s: committed entry of append-only part %s was removed" \
		log.001 "$log" >expect &&
	(cd r && test_expect_code 1 tz commit -q -m rewrite >../out 2>/dev/null) &&
	test_cmp expect out &&
	git -C r checkout -q .
'

test_expect_success 'the pre-commit hook judges by the committed schema too' '
	tz -C r hooks install >/dev/null &&
	sed -i "s/^append_only = yes/append_only = no/" r/schema/issue.ini &&
	sed -i "s/^note = 交国土局办理/note = 改写/" r/records/issues/ISS-0001.ini &&
	git -C r add -A &&
	test_must_fail git -C r commit -q -m rewrite 2>err &&
	{
		tz_finding records/issues/ISS-0001.ini:7 error "%s: committed entry of append-only part %s was changed" log.001 "$log" &&
		tz_msgn "tz hooks: commit refused: %zu error in the staged records\n" \
			"tz hooks: commit refused: %zu errors in the staged records\n" 1 1
	} >expect &&
	test_cmp expect err
'

test_expect_success 'tz check-push refuses the pushed commit, tz audit finds it' '
	git -C server.git rev-parse main >server.before &&
	git -C r push -q origin HEAD~2:main 2>/dev/null &&
	git -C r push -q origin HEAD:main &&
	tick && git -C r commit -q --no-verify -m rewrite &&
	test_must_fail git -C r push -q origin HEAD:main >out 2>&1 &&
	sed -n "s/^remote: \(.*[^ ]\) *\$/\1/p" out | grep -v "^tz check-push:" |
		sed "s/commit [0-9a-f]*:/commit X:/" >reasons &&
	tz_finding records/issues/ISS-0001.ini:7 error "%s%s" "commit X: " \
		"$(tz_msg "%s: committed entry of append-only part %s was changed" log.001 "$log")" >expect &&
	test_cmp expect reasons &&
	(cd r && test_expect_code 1 tz audit --format tsv HEAD~1..HEAD >../out 2>/dev/null) &&
	sed 1d out | cut -f4- >reasons &&
	printf "%s\t%s\t%s\n" records/issues/ISS-0001.ini 7 \
		"$(tz_msg "%s: committed entry of append-only part %s was changed" log.001 "$log")" >expect &&
	test_cmp expect reasons
'

test_expect_success 'a status moved by the log: each step by the committed transitions too' '
	. "$SHARNESS_TEST_SRCDIR/lib-push.sh" &&
	tz_demo_repo d &&
	P=records/issues/2026/ISS-2026-9004.ini &&
	issue_file d/$P gtj resolved &&
	(cd d && tz commit -q -m resolved) &&
	sed -i "s/^resolved = closed, in_progress\$/resolved = closed, in_progress, suspended/" d/schema/issue.ini &&
	sed -i "/^\[action.suspend\]/,/^to =/s/^from = assigned, in_progress\$/from = assigned, in_progress, resolved/" \
		d/schema/issue.ini &&
	git -C d diff --stat -- schema >stat &&
	grep "1 file changed, 2 insertions" stat &&
	sed -i "s/^status = resolved/status = suspended/" d/$P &&
	sed -i "s/^status = suspended/status = suspended\nsuspend_reason = 待省厅批复/" d/$P &&
	entry d/$P 005 suspend to_status=suspended &&
	tz_finding $P:43 error "%s: %s \"%s\" cannot change to \"%s\" under the committed schema (allowed: %s)" \
		log.005 "$status" resolved suspended "$(tz_named 已销号 closed), $(tz_named 办理中 in_progress)" >expect &&
	(cd d && test_expect_code 1 tz commit -q -m suspend >../out 2>/dev/null) &&
	test_cmp expect out &&
	git -C d checkout -q schema &&
	{
		tz_finding $P:43 error "%s: action %s is not allowed from \"%s\" (only from %s)" \
			log.005 suspend resolved "assigned, in_progress" &&
		tz_finding $P:43 error "%s: %s \"%s\" cannot change to \"%s\" (allowed: %s)" \
			log.005 "$status" resolved suspended "$(tz_named 已销号 closed), $(tz_named 办理中 in_progress)"
	} >expect &&
	(cd d && test_expect_code 1 tz commit -q -m suspend >../out 2>/dev/null) &&
	test_cmp expect out
'

test_done
