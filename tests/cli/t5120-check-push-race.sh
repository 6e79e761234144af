#!/bin/sh
test_description='tz check-push: a push whose ref moved while it waited is refused without a check'
. ./lib-tz.sh
. "$SHARNESS_TEST_SRCDIR/lib-push.sh"

P1=records/issues/2026/ISS-2026-9001.ini
P3=records/issues/2026/ISS-2026-9003.ini

# refused WHY: the line of tz check-push that refuses a push for WHY
refused () {
	tz_msg "tz check-push: push refused: %s; nothing was changed\n" "$1"
}
short () {
	git -C server.git rev-parse --short=7 "$1"
}

test_expect_success 'setup: a server, two units, and a commit of the second unit on a side branch' '
	push_server server.git &&
	unit_clone gtj gtj &&
	unit_clone hbj hbj &&
	entry hbj/$P3 004 progress note=已协调 &&
	git -C hbj commit -q -a -m "hbj: progress" &&
	git -C hbj push -q origin HEAD:side &&
	git -C server.git rev-parse main >base &&
	git -C server.git rev-parse side >side
'

test_expect_success 'a ref that moved since the pusher looked: refused at once, nothing read' '
	# the new commit is not even on the server: the check stops before it
	test_expect_code 1 tz -C server.git check-push $(cat side) 0123456789012345678901234567890123456789 \
		refs/heads/main >out 2>err &&
	test_must_be_empty out &&
	refused "$(tz_msg "%s moved on the server while this push waited (from %s to %s): fetch, rebase and push again" refs/heads/main $(short side) $(short main))" >expect &&
	test_cmp expect err
'

test_expect_success 'a branch made, or deleted, since the pusher looked' '
	test_expect_code 1 tz -C server.git check-push 0000000000000000000000000000000000000000 $(cat side) \
		refs/heads/side >out 2>err &&
	refused "$(tz_msg "%s was made on the server while this push waited (it is %s): fetch, rebase and push again" \
		refs/heads/side $(short side))" >expect &&
	test_cmp expect err &&
	test_expect_code 1 tz -C server.git check-push $(cat base) $(cat side) refs/heads/gone >out 2>err &&
	refused "$(tz_msg "%s was deleted on the server while this push waited (it was %s): fetch and push again" \
		refs/heads/gone $(short main))" >expect &&
	test_cmp expect err
'

test_expect_success 'through git: another push lands while this one waits; it is refused, then lands after a rebase' '
	# a chained hook that runs before the check and lets the side
	# branch land on main, once, as a concurrent push would
	cat >server.git/hooks/pre-receive.chained <<-\EOF &&
	#!/bin/sh
	if ! test -f raced
	then
		: >raced
		env -u GIT_QUARANTINE_PATH git update-ref refs/heads/main refs/heads/side
	fi
	EOF
	chmod +x server.git/hooks/pre-receive.chained &&
	entry gtj/$P1 004 progress note=已上报材料 &&
	git -C gtj commit -q -a -m "gtj: progress" &&
	test_must_fail git -C gtj push origin HEAD:main >out 2>&1 &&
	sed "s/ *\$//" out | grep -F -x "remote: $(refused "$(tz_msg "%s moved on the server while this push waited (from %s to %s): fetch, rebase and push again" refs/heads/main $(short $(cat base)) $(short side))")" &&
	grep "pre-receive hook declined" out &&
	git -C server.git rev-parse main >now &&
	test_cmp side now &&
	git -C gtj pull -q --rebase origin main &&
	git -C gtj push -q origin HEAD:main &&
	git -C server.git log --format=%ae main -2 >authors &&
	printf "gtj@example.gov.cn\nhbj@example.gov.cn\n" >expect &&
	test_cmp expect authors
'

test_done
