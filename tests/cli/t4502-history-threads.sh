#!/bin/sh
test_description='the history index built by worker threads (from 32
commits on; TZ_THREADS sets how many) holds the rows of the walk on one
thread, byte for byte: one-record commits, a commit of many records, a
merge, an index extended by many commits, and a failure in a worker'
. ./lib-tz.sh
. "$SHARNESS_TEST_SRCDIR/lib-audit.sh"

ISS=records/issues

# edit N: commit a change of one issue (of the 70), the N-th such commit.
edit () {
	f=$ISS/ISS-01$(($1 % 70 + 10)).ini &&
	if test $(($1 % 3)) = 0
	then
		add_log $f 0$(($1 + 10)) 2026-06-01 assign "交办$1"
	else
		set_field $f status "s$1"
	fi &&
	tick && git add -A && git commit -q -m "edit $1"
}

# build N OUT: the history from nothing with TZ_THREADS=N: tz log into OUT,
# the two tables into OUT.sql.
build () {
	rm -rf repo/.git/taizhang &&
	TZ_THREADS=$1 tz -C repo log --format tsv >$2 &&
	for t in history_commit history_change
	do
		sqlite3 repo/.git/taizhang/index.sqlite ".dump $t" || return 1
	done >$2.sql
}

test_expect_success 'setup: 70 issues, 60 one-record commits, one of 70 records, a merge (64 commits)' '
	audit_repo repo &&
	(
		cd repo &&
		tick && git add -A && git commit -q -m units &&
		i=110 &&
		while test $i -le 179
		do
			issue $ISS/ISS-0$i.ini open gtj "问题$i" && i=$((i + 1)) || exit 1
		done &&
		tick && git add -A && git commit -q -m "70 issues" &&
		for n in $(test_seq 1 10); do edit $n || exit 1; done &&
		TZ_THREADS=1 tz log >/dev/null &&
		for n in $(test_seq 11 40); do edit $n || exit 1; done &&
		git checkout -q -b side &&
		for n in $(test_seq 41 45); do edit $n || exit 1; done &&
		git checkout -q main &&
		sed -i "s/^title = 问题/title = 复核问题/" $ISS/*.ini &&
		tick && git commit -q -a -m "70 titles" &&
		tick && git merge -q --no-edit side &&
		for n in $(test_seq 46 60); do edit $n || exit 1; done
	) &&
	test $(git -C repo rev-list --count HEAD) = 64 &&
	test $(git -C repo rev-list --count --merges HEAD) = 1
'

test_expect_success 'an index extended by many commits on workers has the rows of one walk' '
	TZ_THREADS=2 tz -C repo log --format tsv >extended &&
	build 1 one &&
	sort extended >extended.sorted &&
	sort one >one.sorted &&
	test_cmp one.sorted extended.sorted
'

test_expect_success 'built on 2, 3 and 8 workers: the same tables and log as on one thread' '
	test_line_count -ge 300 one &&
	for n in 2 3 8
	do
		build $n many &&
		test_cmp one many &&
		test_cmp one.sql many.sql || return 1
	done
'

test_expect_success 'the commit of 70 records and the merge have their rows' '
	titles=$(git -C repo rev-parse --short=7 ":/^70 titles") &&
	awk -F "	" -v c="$titles" "\$3 == c && \$5 == \"title\"" one >out &&
	test_line_count = 70 out &&
	merge=$(git -C repo rev-parse --short=7 "HEAD~15") &&
	git -C repo rev-parse -q --verify "$merge^2" >/dev/null &&
	! cut -f3 one | grep -x "$merge"
'

test_expect_success 'a blob that cannot be read fails the build with the same message on workers' '
	b=$(git -C repo rev-parse "HEAD~30:$ISS/ISS-0130.ini") &&
	git -C repo cat-file -p "$b" >/dev/null &&
	obj=repo/.git/objects/$(echo $b | cut -c1-2)/$(echo $b | cut -c3-) &&
	mv $obj saved &&
	rm -rf repo/.git/taizhang &&
	test_expect_code 2 env TZ_THREADS=1 tz -C repo log >out 2>err.one &&
	echo "tz log: cannot read a blob: object not found - no match for id ($b)" >expect &&
	test_cmp expect err.one &&
	rm -rf repo/.git/taizhang &&
	test_expect_code 2 env TZ_THREADS=2 tz -C repo log >out 2>err.many &&
	test_cmp err.one err.many &&
	mv saved $obj
'

test_done
