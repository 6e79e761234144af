#!/bin/sh
test_description='git merge and git pull --rebase between clones, through tz merge-file'
. ./lib-tz.sh
. "$SHARNESS_TEST_SRCDIR/lib-audit.sh"

P=records/issues/ISS-0001.ini

# driver DIR: the merge driver, as tz hooks install sets it up
driver () {
	git -C "$1" config merge.tz.name "taizhang record merge" &&
	git -C "$1" config merge.tz.driver "tz merge-file %O %A %B %P" &&
	echo "records/** merge=tz" >"$1/.git/info/attributes"
}

# edit CLONE MSG CMD...: run CMD in CLONE and commit everything
edit () {
	clone=$1 msg=$2 &&
	shift 2 &&
	(cd "$clone" && "$@" && git add -A && git commit -q -m "$msg")
}

test_expect_success 'setup: a server and two clones' '
	audit_repo origin &&
	issue origin/$P in_progress &&
	set_field origin/$P deadline 2026-07-31 &&
	add_log origin/$P 001 2026-06-01 assign 交办 &&
	git -C origin add -A &&
	git -C origin commit -q -m start &&
	git clone -q --bare origin server.git &&
	git clone -q server.git a &&
	git clone -q server.git b &&
	driver a && driver b
'

test_expect_success 'git merge: different fields of one record merge cleanly' '
	edit a "deadline" set_field $P deadline 2026-08-31 &&
	edit b "title" set_field $P title 剩余用地未落实 &&
	git -C a push -q origin main &&
	git -C b pull -q --no-rebase --no-edit origin main &&
	grep "^deadline = 2026-08-31" b/$P &&
	grep "^title = 剩余用地未落实" b/$P &&
	tz -C b validate -q &&
	git -C b push -q origin main
'

test_expect_success 'git pull --rebase: both sides add log entries' '
	git -C a pull -q --rebase origin main &&
	edit a "urge" add_log $P 002 2026-06-12 urge 催办 &&
	edit b "progress" add_log $P 002 2026-06-10 progress 已报省厅 &&
	git -C a push -q origin main &&
	git -C b pull -q --rebase origin main &&
	sed -n "/^\[log.002\]/,\$p" b/$P >actual &&
	cat >expect <<-\EOF &&
	[log.002]
	date = 2026-06-10
	action = progress
	note = 已报省厅

	[log.003]
	date = 2026-06-12
	action = urge
	note = 催办
	EOF
	test_cmp expect actual &&
	tz -C b validate -q &&
	git -C b push -q origin main
'

test_expect_success 'git merge: the same field changed differently conflicts on that field' '
	git -C a pull -q --rebase origin main &&
	edit a "resolve" set_field $P status resolved &&
	edit b "reopen" set_field $P status open &&
	git -C a push -q origin main &&
	# git says CONFLICT in English here: its messages are git'"'"'s own
	test_must_fail env LC_ALL=C.UTF-8 git -C b pull -q --no-rebase --no-edit origin main >out 2>&1 &&
	grep "CONFLICT (content): Merge conflict in $P" out &&
	sed -n "/^<<<<<<<\$/,/^>>>>>>>/p;/^<<<<<<< /,/^>>>>>>> /p" b/$P >actual &&
	cat >expect <<-\EOF &&
	<<<<<<< ours
	status = open
	=======
	status = resolved
	>>>>>>> theirs
	EOF
	test_cmp expect actual &&
	test_expect_code 1 tz -C b validate -q $P >out &&
	conflict=$(tz_msg "unresolved merge conflict: \"%s\"" @) &&
	grep -c -F "${conflict%%@*}" out >count &&
	echo 3 >expect &&
	test_cmp expect count &&
	git -C b merge --abort
'

test_expect_success 'git merge: a record deleted on one side, unchanged on the other' '
	git -C b reset -q --hard origin/main &&
	issue a/records/issues/ISS-0002.ini &&
	edit a "new" true &&
	git -C a push -q origin main &&
	git -C b pull -q --rebase origin main &&
	edit a "drop" git rm -q records/issues/ISS-0002.ini &&
	edit b "title" set_field $P title 用地 &&
	git -C a push -q origin main &&
	git -C b pull -q --no-rebase --no-edit origin main &&
	! test -e b/records/issues/ISS-0002.ini &&
	grep "^title = 用地\$" b/$P
'

test_expect_success 'git merge: a record deleted on one side and changed on the other conflicts' '
	git -C b push -q origin main &&
	git -C a pull -q --rebase origin main &&
	edit a "drop" git rm -q $P &&
	edit b "edit" set_field $P deadline 2026-09-30 &&
	git -C a push -q origin main &&
	test_must_fail env LC_ALL=C.UTF-8 git -C b pull -q --no-rebase --no-edit origin main >out 2>&1 &&
	grep "CONFLICT (modify/delete): $P deleted in" out &&
	git -C b merge --abort
'

test_done
