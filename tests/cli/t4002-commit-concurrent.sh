#!/bin/sh
test_description='tz commit: two committers at once lose nothing'
. ./lib-tz.sh
. "$SHARNESS_TEST_SRCDIR/lib-audit.sh"

test_expect_success 'setup' '
	audit_repo repo &&
	issue repo/records/issues/ISS-0001.ini &&
	issue repo/records/issues/ISS-0002.ini &&
	tz -C repo commit -q
'

# committer ID: 50 commits, each changing the title of its own record
committer () {
	i=1
	while test $i -le 50
	do
		set_field repo/records/issues/$1.ini title "$1 第$i稿" &&
		tz -C repo commit -q records/issues/$1.ini || {
			echo "commit $i of $1 failed" >>failures
		}
		i=$((i + 1))
	done
}

test_expect_success 'two loops of 50 commits at once' '
	: >failures &&
	committer ISS-0001 &
	committer ISS-0002 &
	wait &&
	test_must_be_empty failures
'

test_expect_success 'every commit is in the history' '
	git -C repo rev-list --count HEAD >count &&
	echo 101 >expect &&
	test_cmp expect count
'

test_expect_success 'every change is in tz log, in order, for each record' '
	for id in ISS-0001 ISS-0002
	do
		tz -C repo log --field title --format tsv $id >log.$id &&
		sed 1d log.$id | cut -f7 >titles.$id &&
		i=50 &&
		: >expect.$id &&
		while test $i -ge 1
		do
			echo "$id 第$i稿" >>expect.$id &&
			i=$((i - 1))
		done &&
		echo 用地未落实 >>expect.$id &&
		test_cmp expect.$id titles.$id || return 1
	done
'

test_expect_success 'the index and the working tree agree with HEAD' '
	git -C repo status --porcelain >status &&
	test_must_be_empty status
'

# The objects of a commit that lost the race at the last moment are written
# before the lock is taken (it is held for the shortest time): they may be
# left dangling, for git gc to remove, and are no fault.
test_expect_success 'git fsck finds nothing wrong' '
	git -C repo fsck --no-progress >fsck 2>&1 &&
	grep -v "^dangling commit" fsck >faults;
	test_must_be_empty faults
'

test_expect_success 'tz commit and git commit at once' '
	: >failures &&
	committer ISS-0001 &
	(
		i=1
		while test $i -le 30
		do
			echo $i >repo/notes.txt &&
			# git add, like git commit, gives up when tz holds the lock
			until git -C repo add notes.txt 2>/dev/null
			do
				sleep 0.01
			done &&
			# a racily clean index entry would make git see nothing
			# to commit for ever: give up after a while, loudly
			tries=0
			until git -C repo commit -q -m "notes $i" >/dev/null 2>&1
			do
				tries=$((tries + 1))
				if test $tries -ge 2000
				then
					echo "git commit of notes $i never went through" >>failures
					break
				fi
				sleep 0.01
			done
			i=$((i + 1))
		done
	) &&
	wait &&
	test_must_be_empty failures &&
	git -C repo rev-list --count HEAD >count &&
	echo 181 >expect &&
	test_cmp expect count &&
	git -C repo status --porcelain >status &&
	test_must_be_empty status &&
	git -C repo fsck --no-progress 2>&1 | grep -v "^dangling" >fsck;
	test_must_be_empty fsck
'

test_done
