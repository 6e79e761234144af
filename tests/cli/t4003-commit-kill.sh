#!/bin/sh
test_description='tz commit killed at any point leaves a sound repository'
. ./lib-tz.sh
. "$SHARNESS_TEST_SRCDIR/lib-audit.sh"

test_expect_success 'setup' '
	audit_repo repo &&
	i=1 &&
	while test $i -le 30
	do
		issue repo/records/issues/ISS-$(printf %04d $i).ini || return 1
		i=$((i + 1))
	done &&
	tz -C repo commit -q
'

# Kill tz commit with SIGKILL after 1, 2, ... 60 milliseconds (and a few
# random ones), each time after changing two records; every time git fsck
# must find the repository sound and HEAD must be the old or a new commit.
test_expect_success 'SIGKILL at 60+ points in time' '
	n=0 &&
	for ms in $(seq 1 60) $(awk "BEGIN { srand(); for (i = 0; i < 20; i++) print int(rand() * 80) + 1 }")
	do
		n=$((n + 1)) &&
		old=$(git -C repo rev-parse HEAD) &&
		set_field repo/records/issues/ISS-0001.ini title "第$n稿" &&
		set_field repo/records/issues/ISS-0002.ini title "第$n稿" &&
		delay=$(printf "0.%03d" $ms) &&
		{ timeout -s KILL ${delay}s tz -C repo commit -q >/dev/null 2>&1; true; } &&
		git -C repo fsck --no-progress >fsck 2>&1 &&
		! grep -v "^dangling" fsck &&
		new=$(git -C repo rev-parse HEAD) &&
		if test "$new" != "$old"
		then
			test "$(git -C repo rev-parse HEAD^)" = "$old" &&
			git -C repo show HEAD:records/issues/ISS-0001.ini >shown &&
			test_cmp repo/records/issues/ISS-0001.ini shown
		fi &&
		# what an operator does after a crash: stale locks go, the
		# index is re-read from HEAD for the records
		rm -f repo/.git/index.lock repo/.git/refs/heads/main.lock &&
		git -C repo reset -q -- records || return 1
	done
'

test_expect_success 'afterwards tz commit and tz log work as usual' '
	set_field repo/records/issues/ISS-0003.ini title 最后一稿 &&
	tz -C repo commit -q &&
	git -C repo status --porcelain >status &&
	test_must_be_empty status &&
	tz -C repo log --format tsv ISS-0003 >log &&
	sed -n 2p log | cut -f5-7 >row &&
	printf "title\t用地未落实\t最后一稿\n" >expect &&
	test_cmp expect row &&
	git -C repo fsck --no-progress 2>&1 | grep -v "^dangling" >fsck;
	test_must_be_empty fsck
'

test_done
