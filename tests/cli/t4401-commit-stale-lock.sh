#!/bin/sh
test_description='tz commit killed at any step leaves no lock that blocks the
next tz commit or git: its lock is recognised by the owner record beside it
and cleared when its owner is provably gone'
. ./lib-tz.sh
traced_by_strace
. "$SHARNESS_TEST_SRCDIR/lib-audit.sh"

test_expect_success 'setup' '
	audit_repo repo &&
	issue repo/records/issues/ISS-0001.ini &&
	issue repo/records/issues/ISS-0002.ini &&
	tz -C repo commit -q &&
	root=$(cd repo && pwd)
'

# left: what of ours is still in .git after a run (locks, temporaries)
left () {
	(cd repo/.git && ls -d index.lock refs/heads/main.lock index.tz-* 2>/dev/null; true)
}

# killed_at SYSCALL N: change a record, then run tz commit and kill it with
# SIGKILL right after its Nth call of SYSCALL (strace -e inject).
killed_at () {
	n=$((n + 1)) &&
	set_field repo/records/issues/ISS-0001.ini title "第$n稿" &&
	{ strace -f -qq -o /dev/null -e trace=$1 -e inject=$1:signal=KILL:when=$2 \
		tz -C repo commit -q >/dev/null 2>&1; true; }
}

# the next tz commit must work (0: committed, 1: nothing left to commit)
# and leave nothing behind; then git itself must be able to take the lock
# (git fsck speaks English here: its "dangling" is git's word, not ours)
next_commit_works () {
	set_field repo/records/issues/ISS-0002.ini title "第$n稿" &&
	{ TZ_LOCK_TIMEOUT_MS=2000 tz -C repo commit -q >/dev/null 2>err; rc=$?; } &&
	test $rc -le 1 &&
	left >leftover &&
	test_must_be_empty leftover &&
	{ git -C repo reset -q -- records >/dev/null; true; } &&
	git -C repo status --porcelain >status &&
	test_must_be_empty status &&
	LC_ALL=C.UTF-8 git -C repo fsck --no-progress >fsck 2>&1 &&
	! grep -v "^dangling" fsck
}

test_expect_success 'killed after any rename, fsync, link or flock: the next commit works' '
	n=0 &&
	set_field repo/records/issues/ISS-0001.ini title 数一数 &&
	strace -f -qq -o calls -e trace=rename,fsync,link,flock tz -C repo commit -q &&
	for sys in rename fsync link flock
	do
		count=$(grep -c " $sys(" calls) &&
		test $count -gt 0 &&
		for i in $(test_seq 1 $count)
		do
			killed_at $sys $i &&
			next_commit_works || { echo "after $sys $i: rc $rc"; cat err leftover status; return 1; }
		done || return 1
	done
'

test_expect_success 'the next tz commit says which stale lock it removed' '
	set_field repo/records/issues/ISS-0001.ini title 看链接 &&
	strace -f -qq -o calls -e trace=link tz -C repo commit -q &&
	at=$(grep -n "refs/heads/main\"" calls | cut -d: -f1) &&
	killed_at link $at &&
	left | grep -v "^index.tz-" >leftover &&
	printf "index.lock\nrefs/heads/main.lock\n" >expect &&
	test_cmp expect leftover &&
	pid=$(sed -n "s/^pid \([0-9]*\) .*/\1/p" repo/.git/index.lock.owner) &&
	tz -C repo commit -q 2>err &&
	echo "tz commit: $(tz_msg "removed %s and %s, left by tz commit (process %ld), which is gone" \
		"$root/.git/index.lock" "$root/.git/refs/heads/main.lock" $pid)" >expect &&
	test_cmp expect err &&
	left >leftover &&
	test_must_be_empty leftover &&
	git -C repo show HEAD:records/issues/ISS-0001.ini >committed &&
	test_cmp repo/records/issues/ISS-0001.ini committed
'

test_expect_success 'a lock of another git process stays, with exact instructions' '
	: >repo/.git/index.lock &&
	set_field repo/records/issues/ISS-0001.ini title 别人的锁 &&
	test_expect_code 2 env TZ_LOCK_TIMEOUT_MS=100 tz -C repo commit -q 2>err &&
	echo "tz commit: $(tz_msg "cannot lock the index: %s exists; another git process seems to be running in this repository. If none is (a git command was killed), remove the file: rm '"'"'%s'"'"'" \
		"$root/.git/index.lock" "$root/.git/index.lock")" >expect &&
	test_cmp expect err &&
	test -f repo/.git/index.lock &&
	rm repo/.git/index.lock
'

test_expect_success 'a lock of a running tz commit is named, and waited for' '
	# stop the first one right after it wrote its owner record
	{ strace -f -qq -o /dev/null -P "$root/.git/index.lock.owner" -e trace=pwrite64 \
		-e inject=pwrite64:signal=STOP:when=1 \
		tz -C repo commit -q >/dev/null 2>&1 & } &&
	for i in $(test_seq 1 100)
	do
		test -s repo/.git/index.lock.owner && break
		sleep 0.1
	done &&
	pid=$(sed -n "s/^pid \([0-9]*\) .*/\1/p" repo/.git/index.lock.owner) &&
	set_field repo/records/issues/ISS-0002.ini title 等一等 &&
	test_expect_code 2 env TZ_LOCK_TIMEOUT_MS=100 tz -C repo commit -q records/issues/ISS-0002.ini 2>err &&
	echo "tz commit: $(tz_msg "cannot lock the index: %s is held by tz commit (process %ld), still running; try again when it has finished" \
		"$root/.git/index.lock" $pid)" >expect &&
	test_cmp expect err &&
	test -f repo/.git/index.lock &&
	kill -CONT $pid &&
	wait &&
	tz -C repo commit -q records/issues/ISS-0002.ini &&
	git -C repo log --format=%s -2 | sed "s/title .* → /title … → /" >log &&
	cat >expect <<-\EOF &&
	ISS-0002: title … → 等一等
	ISS-0001: title … → 别人的锁
	EOF
	test_cmp expect log
'

test_expect_success 'SIGTERM and SIGINT remove the lock and the temporary index' '
	for sig in TERM INT
	do
		set_field repo/records/issues/ISS-0001.ini title "信号$sig" &&
		# at the write of the owner record, with the lock held (the main
		# thread: the others block the signals that end the program)
		{ strace -f -qq -o /dev/null -P "$root/.git/index.lock.owner" -e trace=pwrite64 \
			-e inject=pwrite64:signal=$sig:when=1 \
			tz -C repo commit -q >/dev/null 2>&1; true; } &&
		left >leftover &&
		test_must_be_empty leftover &&
		# stopped before the branch moved: the change is not committed
		! git -C repo diff --quiet -- records/issues/ISS-0001.ini || return 1
	done
'

test_done
