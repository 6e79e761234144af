#!/bin/sh
test_description='tz check-push as a pre-receive hook: each policy rule, validity, transitions, IDs'
. ./lib-tz.sh
. "$SHARNESS_TEST_SRCDIR/lib-push.sh"

P1=records/issues/2026/ISS-2026-9001.ini
P2=records/issues/2026/ISS-2026-9002.ini
P3=records/issues/2026/ISS-2026-9003.ini
P4=records/issues/2026/ISS-2026-9004.ini

# try CLONE MSG: commit everything and push over file://; the push's
# output in CLONE.out
try () {
	git -C "$1" add -A &&
	git -C "$1" commit -q -m "$2" &&
	git -C "$1" push -q "file://$PWD/server.git" HEAD:main >"$1.out" 2>&1
}

# refused CLONE MSG: the push is refused and the server left as it was;
# the reasons (remote: lines, without the padding) in CLONE.reasons
refused () {
	server_state server.git >state.before &&
	test_must_fail try "$@" &&
	server_state server.git >state.after &&
	test_cmp state.before state.after &&
	sed -n "s/^remote: \(.*[^ ]\) *\$/\1/p" "$1.out" | grep -v "^tz check-push:" |
		sed "s/commit [0-9a-f]*:/commit X:/" >"$1.reasons" &&
	git -C "$1" reset -q --hard HEAD~1
}

test_expect_success 'setup: a server and a clone per unit' '
	push_server server.git &&
	unit_clone gtj gtj &&
	unit_clone hbj hbj &&
	unit_clone dcs swdcs &&
	unit_clone office lbb
'

test_expect_success 'a unit may report progress on its own problem' '
	entry gtj/$P1 004 progress note=已上报用地报批材料 &&
	try gtj "progress" &&
	git -C hbj pull -q --rebase &&
	git -C dcs pull -q --rebase &&
	git -C office pull -q --rebase
'

test_expect_success 'but not on another unit'"'"'s problem' '
	entry hbj/$P1 005 progress note=代为反馈 &&
	refused hbj "progress elsewhere" &&
	echo "$P1:40: error: commit X: policy: \"hbj@example.gov.cn\" may take action \"progress\" (进展) only on records of unit \"hbj\"" >expect &&
	test_cmp expect hbj.reasons
'

test_expect_success 'a unit may accept its own assigned problem' '
	git -C gtj pull -q --rebase &&
	sed -i "s/^status = assigned/status = in_progress\naccepted_on = 2026-06-20/" gtj/$P2 &&
	entry gtj/$P2 003 accept to_status=in_progress &&
	try gtj "accept"
'

test_expect_success 'a unit may resolve its own problem' '
	sed -i "s/^status = in_progress/status = resolved\nresolved_on = 2026-06-20\nresolution = 已完成供地。/" gtj/$P1 &&
	entry gtj/$P1 005 resolve to_status=resolved note=已完成供地 &&
	try gtj "resolve"
'

test_expect_success 'a unit may not verify (销号) its own problem' '
	sed -i "s/^status = resolved/status = closed\nverified_on = 2026-06-21\nverified_by = 国土局/" gtj/$P4 &&
	entry gtj/$P4 005 verify to_status=closed &&
	refused gtj "verify" &&
	cat >expect <<-EOF &&
	$P4:44: error: commit X: policy: "gtj@example.gov.cn" may not take action "verify" (销号)
	EOF
	test_cmp expect gtj.reasons
'

test_expect_success 'the office may verify it' '
	git -C office pull -q --rebase &&
	sed -i "s/^status = resolved/status = closed\nverified_on = 2026-06-21\nverified_by = 两帮两促办公室/" office/$P4 &&
	entry office/$P4 005 verify to_status=closed &&
	try office "verify"
'

test_expect_success 'a unit may not change a deadline, but may ask for more time' '
	git -C hbj pull -q --rebase &&
	sed -i "s/^deadline = 2026-07-31/deadline = 2026-08-31/" hbj/$P3 &&
	refused hbj "deadline" &&
	echo "$P3:12: error: commit X: policy: \"hbj@example.gov.cn\" may not change deadline" >expect &&
	test_cmp expect hbj.reasons &&
	entry hbj/$P3 004 extend new_deadline=2026-08-31 approver=局长 note=延期 &&
	sed -i "s/^deadline = 2026-07-31/deadline = 2026-08-31/" hbj/$P3 &&
	refused hbj "extend" &&
	grep -c "may not take action \"extend\"" hbj.reasons &&
	entry hbj/$P3 004 request_extension new_deadline=2026-08-31 note=须报省厅 &&
	try hbj "ask for time"
'

test_expect_success 'a unit may not reassign a problem' '
	git -C gtj pull -q --rebase &&
	sed -i "s/^unit = gtj/unit = hbj/" gtj/$P1 &&
	refused gtj "hand over" &&
	echo "$P1:7: error: commit X: policy: \"gtj@example.gov.cn\" may not change unit" >expect &&
	test_cmp expect gtj.reasons
'

test_expect_success 'the 督查室 may urge and notify, on any problem, and nothing else' '
	git -C dcs pull -q --rebase &&
	entry dcs/$P3 005 urge note=请加快办理 &&
	try dcs "urge" &&
	entry dcs/$P3 006 notify note=通报 &&
	try dcs "notify" &&
	entry dcs/$P3 007 progress note=代为反馈 &&
	refused dcs "progress" &&
	echo "$P3:53: error: commit X: policy: \"swdcs@example.gov.cn\" may not take action \"progress\" (进展)" >expect &&
	test_cmp expect dcs.reasons
'

test_expect_success 'a unit may update its own project'"'"'s progress, not another'"'"'s' '
	git -C gtj pull -q --rebase &&
	git -C hbj pull -q --rebase &&
	sed -i "s/^progress = .*/progress = 路面施工过半/" gtj/records/projects/PRJ-0002.ini &&
	try gtj "project progress" &&
	git -C hbj pull -q --rebase &&
	sed -i "s/^progress = 路面施工过半/progress = 改写/" hbj/records/projects/PRJ-0002.ini &&
	refused hbj "not mine" &&
	grep "may change progress only on records of unit \"hbj\"" hbj.reasons
'

test_expect_success 'a unit may not create problems or delete records' '
	issue_file gtj/records/issues/2026/ISS-2026-9100.ini gtj assigned &&
	refused gtj "new" &&
	echo "records/issues/2026/ISS-2026-9100.ini:1: error: commit X: policy: \"gtj@example.gov.cn\" may not create issue records" >expect &&
	test_cmp expect gtj.reasons &&
	git -C gtj rm -q $P2 &&
	refused gtj "delete" &&
	grep "may not delete issue records" gtj.reasons
'

test_expect_success 'only the office may change the policy, or any schema file' '
	printf "\n[member.extra]\nroles = office\npeople = gtj-boss@example.gov.cn\n" >>gtj/schema/policy.ini &&
	refused gtj "promote myself" &&
	echo "schema/policy.ini:1: error: commit X: policy: \"gtj@example.gov.cn\" may not change the schema (only role office may)" >expect &&
	test_cmp expect gtj.reasons &&
	git -C office pull -q --rebase &&
	printf "\n[member.extra]\nroles = inspector\npeople = dcs2@example.gov.cn\n" >>office/schema/policy.ini &&
	try office "a new inspector"
'

test_expect_success 'a person who is not in the policy may change nothing' '
	git -C gtj pull -q --rebase &&
	git -C gtj config user.email stranger@example.com &&
	entry gtj/$P2 004 progress note=外人 &&
	refused gtj "stranger" &&
	echo "$P2:1: error: commit X: policy: \"stranger@example.com\" is not in schema/policy.ini, so may not change records" >expect &&
	test_cmp expect gtj.reasons &&
	git -C gtj config user.email gtj@example.gov.cn
'

test_expect_success 'the pusher named by the server is judged, not the author' '
	git -C gtj pull -q --rebase &&
	entry gtj/$P2 004 progress note=办理中 &&
	git -C gtj add -A &&
	git -C gtj commit -q -m "progress" &&
	test_must_fail env GL_USERNAME=hbj git -C gtj push -q origin HEAD:main 2>err &&
	grep "policy: \"hbj\" may take action \"progress\" (进展) only on records of unit \"hbj\"" err &&
	GITEA_PUSHER_NAME=gtj git -C gtj push -q origin HEAD:main
'

test_expect_success 'an invalid record is refused with its file and line' '
	git -C office pull -q --rebase &&
	sed -i "s/^priority = normal/priority = 非常急/" office/$P3 &&
	refused office "bad value" &&
	echo "$P3:6: error: commit X: priority: \"非常急\" is not one of normal, important, urgent" >expect &&
	test_cmp expect office.reasons
'

test_expect_success 'a reference to a record that does not exist is refused' '
	sed -i "s/^enterprise = ENT-0001/enterprise = ENT-9999/" office/$P3 &&
	refused office "bad ref" &&
	grep "$P3:4: error: commit X: enterprise: no enterprise \"ENT-9999\"" office.reasons
'

test_expect_success 'deleting a record that others refer to is refused' '
	git -C office rm -q records/enterprises/ENT-0001.ini &&
	refused office "delete a referred record" &&
	grep "$P1:4: error: commit X: enterprise: no enterprise \"ENT-0001\"" office.reasons
'

test_expect_success 'a forbidden transition and an edited log entry are refused against the parent' '
	sed -i "s/^status = in_progress/status = registered/" office/$P3 &&
	refused office "back to registered" &&
	grep "status: changed from \"in_progress\" to \"registered\" without a new log entry" office.reasons &&
	sed -i "0,/^note = 延期/s//note = 改写的说明/" office/$P3 &&
	sed -i "s/^actor = 单位/actor = 改写/" office/$P3 &&
	refused office "rewrite history" &&
	grep "committed entry of append-only part log was changed" office.reasons
'

test_expect_success 'every commit of a push is judged; one bad commit refuses them all' '
	entry office/$P3 008 comment note=一 &&
	git -C office commit -q -am one &&
	sed -i "s/^priority = normal/priority = 非常急/" office/$P3 &&
	git -C office commit -q -am two &&
	sed -i "s/^priority = 非常急/priority = normal/" office/$P3 &&
	entry office/$P3 009 comment note=三 &&
	git -C office commit -q -am three &&
	server_state server.git >state.before &&
	test_must_fail git -C office push -q origin HEAD:main 2>err &&
	server_state server.git >state.after &&
	test_cmp state.before state.after &&
	grep "push refused: 1 error in 1 of 3 commits; nothing was changed" err &&
	git -C office reset -q --hard origin/main
'

test_expect_success 'an ID that is already taken on the server gets the hint tz renumber' '
	git -C office pull -q --rebase &&
	git -C office checkout -q -b other &&
	mkdir -p office/records/issues/old &&
	sed "s/用地手续办理/另一个问题/" office/$P3 >office/records/issues/old/ISS-2026-9200.ini &&
	git -C office add -A && git -C office commit -q -m other &&
	git -C office push -q origin other &&
	git -C office checkout -q main &&
	issue_file office/records/issues/2026/ISS-2026-9200.ini gtj assigned &&
	git -C office add -A && git -C office commit -q -m "same ID" &&
	test_must_fail git -C office push -q origin main 2>err &&
	grep "issue ID \"ISS-2026-9200\" is already taken on the server by records/issues/old/ISS-2026-9200.ini in other; give this record a new ID with \`tz renumber ISS-2026-9200\`" err &&
	git -C office reset -q --hard origin/main
'

test_expect_success 'tz check-push takes OLD NEW REF as arguments too' '
	old=$(git -C server.git rev-parse main) &&
	tz -C server.git check-push $old $old refs/heads/main &&
	test_expect_code 2 tz -C server.git check-push a b 2>err &&
	cat >expect <<-\EOF &&
	tz check-push: needs OLD NEW REF, or those lines on stdin
	Try '"'"'tz check-push --help'"'"' for more information.
	EOF
	test_cmp expect err &&
	echo "x y z" | test_expect_code 2 tz -C server.git check-push 2>err &&
	echo "tz check-push: line 1: \"x y\" are not two object ids" >expect &&
	test_cmp expect err
'

test_expect_success 'the server'"'"'s tree passes tz validate' '
	git clone -q server.git final &&
	tz -C final validate -q
'

test_done
