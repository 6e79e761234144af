#!/bin/sh
test_description='tz commit at 30,000 records: two committers at once and
SIGKILLs at random points lose nothing and leave nothing that blocks the
next commit (make check-slow; too slow for make check)'
. ../cli/lib-tz.sh
. "$SHARNESS_TEST_SRCDIR/../cli/lib-audit.sh"

N=${TZ_SLOW_RECORDS:-30000}

test_expect_success "setup: $N issues in 30 folders, committed" '
	audit_repo repo &&
	sed -i "s/^id = ISS-\[0-9\]{4}$/id = ISS-[0-9]{5}/" repo/schema/issue.ini &&
	grep -q "^id = ISS-\[0-9\]{5}$" repo/schema/issue.ini &&
	awk -v n=$N "BEGIN { for (i = 1; i <= n; i++) {
		f = sprintf(\"repo/records/issues/%02d/ISS-%05d.ini\", i % 30, i)
		if (i <= 30) system(sprintf(\"mkdir -p repo/records/issues/%02d\", i % 30))
		printf \"[issue]\\ntitle = 问题%d\\nunit = gtj\\nstatus = open\\ndeadline = 2026-07-31\\n\", i >f
		close(f)
	} }" &&
	test $(find repo/records/issues -name "*.ini" | wc -l) = $N &&
	tz -C repo commit -q -m "$N issues"
'

# committer ID: 5 commits, each changing the title of its own record
committer () {
	for i in 1 2 3 4 5
	do
		set_field repo/records/issues/$2/$1.ini title "$1 第$i稿" &&
		tz -C repo commit -q records/issues/$2/$1.ini || echo "commit $i of $1 failed" >>failures
	done
}

test_expect_success 'two committers at once: every commit is in' '
	: >failures &&
	git -C repo rev-list --count HEAD >before &&
	committer ISS-00001 01 &
	committer ISS-00002 02 &
	wait &&
	test_must_be_empty failures &&
	test $(git -C repo rev-list --count HEAD) = $(($(cat before) + 10)) &&
	git -C repo status --porcelain >status &&
	test_must_be_empty status
'

test_expect_success 'SIGKILL at 10 random points: sound, and the next commit works' '
	for k in $(awk "BEGIN { srand(); for (i = 0; i < 10; i++) print int(rand() * 3000) + 1 }")
	do
		set_field repo/records/issues/03/ISS-00003.ini title "杀$k" &&
		{ timeout -s KILL $(printf "%d.%03d" $((k / 1000)) $((k % 1000)))s tz -C repo commit -q >/dev/null 2>&1; true; } &&
		git -C repo fsck --no-progress >fsck 2>&1 &&
		! grep -v "^dangling" fsck &&
		set_field repo/records/issues/04/ISS-00004.ini title "后$k" &&
		{ tz -C repo commit -q >/dev/null 2>err; test $? -le 1; } &&
		! test -e repo/.git/index.lock &&
		{ git -C repo reset -q -- records >/dev/null; true; } &&
		git -C repo status --porcelain >status &&
		test_must_be_empty status || { cat err status; return 1; }
	done
'

test_expect_success 'tz log has every change of the two committers' '
	tz -C repo log --field title --format tsv ISS-00001 | sed 1d | cut -f7 >titles &&
	printf "ISS-00001 第%d稿\n" 5 4 3 2 1 >expect &&
	echo 问题1 >>expect &&
	test_cmp expect titles
'

test_done
