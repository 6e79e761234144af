#!/bin/sh
test_description='tz check-push as a pre-receive hook: each policy rule, validity, transitions, IDs'
. ./lib-tz.sh
. "$SHARNESS_TEST_SRCDIR/lib-push.sh"

P1=records/issues/2026/ISS-2026-9001.ini
P2=records/issues/2026/ISS-2026-9002.ini
P3=records/issues/2026/ISS-2026-9003.ini
P4=records/issues/2026/ISS-2026-9004.ini

# may_not PLACE WHO FMT [ARG...]: the reason a push is refused, "PLACE:
# error: commit X: policy: "WHO" may not WHAT" with WHAT the message FMT;
# may_only PLACE WHO UNIT FMT [ARG...]: "... may WHAT only on records of
# unit "UNIT"". In the language of the run (lib-tz.sh).
may_not () {
	_p=$1 _w=$2 &&
	shift 2 &&
	tz_finding "$_p" error "%spolicy: %s may not %s" "commit X: " "\"$_w\"" "$(tz_msg "$@")"
}
may_only () {
	_p=$1 _w=$2 _u=$3 &&
	shift 3 &&
	tz_finding "$_p" error "%spolicy: %s may %s only on records of unit \"%s\"" \
		"commit X: " "\"$_w\"" "$(tz_msg "$@")" "$_u"
}
# without the place and the commit, as a grep pattern
reason () {
	"$@" | sed "s/^.*commit X: //"
}

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
	may_only $P1:40 hbj@example.gov.cn hbj "take action \"%s\" (%s)" progress 进展 >expect &&
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
	may_not $P4:44 gtj@example.gov.cn "take action \"%s\" (%s)" verify 销号 >expect &&
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
	may_not $P3:12 hbj@example.gov.cn "change %s" deadline >expect &&
	test_cmp expect hbj.reasons &&
	entry hbj/$P3 004 extend new_deadline=2026-08-31 approver=局长 note=延期 &&
	sed -i "s/^deadline = 2026-07-31/deadline = 2026-08-31/" hbj/$P3 &&
	refused hbj "extend" &&
	grep -c -F "$(tz_msg "take action \"%s\" (%s)" extend 延期)" hbj.reasons &&
	entry hbj/$P3 004 request_extension new_deadline=2026-08-31 note=须报省厅 &&
	try hbj "ask for time"
'

test_expect_success 'a unit may not reassign a problem' '
	git -C gtj pull -q --rebase &&
	sed -i "s/^unit = gtj/unit = hbj/" gtj/$P1 &&
	refused gtj "hand over" &&
	may_not $P1:7 gtj@example.gov.cn "change %s" unit >expect &&
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
	may_not $P3:53 swdcs@example.gov.cn "take action \"%s\" (%s)" progress 进展 >expect &&
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
	grep -F "$(reason may_only X hbj@example.gov.cn hbj "change %s" progress)" hbj.reasons
'

test_expect_success 'a unit may not create problems or delete records' '
	issue_file gtj/records/issues/2026/ISS-2026-9100.ini gtj assigned &&
	refused gtj "new" &&
	may_not records/issues/2026/ISS-2026-9100.ini:1 gtj@example.gov.cn "create %s records" issue >expect &&
	test_cmp expect gtj.reasons &&
	git -C gtj rm -q $P2 &&
	refused gtj "delete" &&
	grep -F "$(reason may_not X gtj@example.gov.cn "delete %s records" issue)" gtj.reasons
'

test_expect_success 'only the office may change the policy, or any schema file' '
	printf "\n[member.extra]\nroles = office\npeople = gtj-boss@example.gov.cn\n" >>gtj/schema/policy.ini &&
	refused gtj "promote myself" &&
	tz_finding schema/policy.ini:1 error "%s" "$(tz_msgn "%spolicy: \"%s\" may not change the schema (only role %s may)" \
		"%spolicy: \"%s\" may not change the schema (only roles %s may)" 1 "commit X: " gtj@example.gov.cn office)" >expect &&
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
	tz_finding $P2:1 error "%spolicy: %s is not in %s, so may not change records" \
		"commit X: " "\"stranger@example.com\"" schema/policy.ini >expect &&
	test_cmp expect gtj.reasons &&
	git -C gtj config user.email gtj@example.gov.cn
'

test_expect_success 'the pusher named by the server is judged, not the author' '
	git -C gtj pull -q --rebase &&
	entry gtj/$P2 004 progress note=办理中 &&
	git -C gtj add -A &&
	git -C gtj commit -q -m "progress" &&
	test_must_fail env GL_USERNAME=hbj git -C gtj push -q origin HEAD:main 2>err &&
	grep -F "$(reason may_only X hbj hbj "take action \"%s\" (%s)" progress 进展)" err &&
	GITEA_PUSHER_NAME=gtj git -C gtj push -q origin HEAD:main
'

test_expect_success 'an invalid record is refused with its file and line' '
	git -C office pull -q --rebase &&
	sed -i "s/^priority = normal/priority = 非常急/" office/$P3 &&
	refused office "bad value" &&
	tz_finding $P3:6 error "%s%s: %s" "commit X: " "$(tz_named 紧急程度 priority)" \
		"$(tz_msg "\"%s\" is not one of %s" 非常急 "$(tz_named 一般 normal), $(tz_named 重要 important), $(tz_named 紧急 urgent)")" >expect &&
	test_cmp expect office.reasons
'

test_expect_success 'a reference to a record that does not exist is refused' '
	sed -i "s/^enterprise = ENT-0001/enterprise = ENT-9999/" office/$P3 &&
	refused office "bad ref" &&
	grep -F "$(tz_finding $P3:4 error "%s%s" "commit X: " "$(tz_msg "%s: no %s \"%s\"" "$(tz_named 所属企业 enterprise)" "$(tz_named 帮扶企业 enterprise)" ENT-9999)")" office.reasons
'

test_expect_success 'deleting a record that others refer to is refused' '
	git -C office rm -q records/enterprises/ENT-0001.ini &&
	refused office "delete a referred record" &&
	grep -F "$(tz_finding $P1:4 error "%s%s" "commit X: " "$(tz_msg "%s: no %s \"%s\"" "$(tz_named 所属企业 enterprise)" "$(tz_named 帮扶企业 enterprise)" ENT-0001)")" office.reasons
'

test_expect_success 'a forbidden transition and an edited log entry are refused against the parent' '
	sed -i "s/^status = in_progress/status = registered/" office/$P3 &&
	refused office "back to registered" &&
	grep -F "$(tz_msg "%s: changed from \"%s\" to \"%s\" without a new %s entry" \
		"$(tz_named 状态 status)" in_progress registered "$(tz_named 办理记录 log)")" office.reasons &&
	sed -i "0,/^note = 延期/s//note = 改写的说明/" office/$P3 &&
	sed -i "s/^actor = 单位/actor = 改写/" office/$P3 &&
	refused office "rewrite history" &&
	grep -F "$(tz_msg "%s: committed entry of append-only part %s was changed" "" "$(tz_named 办理记录 log)")" office.reasons
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
	grep -F "$(tz_msgn "tz check-push: push refused: %zu error in %zu of %zu commits; nothing was changed\n" \
		"tz check-push: push refused: %zu errors in %zu of %zu commits; nothing was changed\n" 1 1 1 3)" err &&
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
	grep -F "$(tz_msg "%s ID \"%s\" is already taken on the server by %s in %s; give this record a new ID with \`tz renumber %s\`" \
		issue ISS-2026-9200 records/issues/old/ISS-2026-9200.ini other ISS-2026-9200)" err &&
	git -C office reset -q --hard origin/main
'

test_expect_success 'tz check-push takes OLD NEW REF as arguments too' '
	old=$(git -C server.git rev-parse main) &&
	tz -C server.git check-push $old $old refs/heads/main &&
	test_expect_code 2 tz -C server.git check-push a b 2>err &&
	{
		echo "tz check-push: $(tz_msg "needs OLD NEW REF, or those lines on stdin")" &&
		tz_try_help "tz check-push"
	} >expect &&
	test_cmp expect err &&
	echo "x y z" | test_expect_code 2 tz -C server.git check-push 2>err &&
	echo "tz check-push: $(tz_msg "line %zu: %s" 1 "$(tz_msg "\"%s\" are not two object ids" "x y")")" >expect &&
	test_cmp expect err
'

test_expect_success 'the server'"'"'s tree passes tz validate' '
	git clone -q server.git final &&
	tz -C final validate -q
'

test_done
