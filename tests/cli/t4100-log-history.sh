#!/bin/sh
test_description='tz log on a history made with git and tz commit: edits, moves, deletions, merges, a rebase'
. ./lib-tz.sh
. "$SHARNESS_TEST_SRCDIR/lib-audit.sh"
. "$SHARNESS_TEST_SRCDIR/lib-unpriv.sh"

ISS=records/issues

test_expect_success 'a history: git and tz commit, a move into a subfolder, merges' '
	audit_repo repo &&
	cd repo &&
	tick && git add -A && git commit -q -m "init" &&
	issue $ISS/ISS-0001.ini &&
	tick && tz commit -q &&
	set_field $ISS/ISS-0001.ini status in_progress &&
	add_log $ISS/ISS-0001.ini 001 2026-06-01 assign 交国土局办理 &&
	tick && git commit -q -am "assign ISS-0001" &&
	mkdir $ISS/2026 && git mv $ISS/ISS-0001.ini $ISS/2026/ &&
	set_field $ISS/2026/ISS-0001.ini deadline 2026-07-31 &&
	tick && tz commit -q &&
	git tag c-move &&
	git checkout -q -b feature &&
	set_field $ISS/2026/ISS-0001.ini title 用地指标未落实 &&
	tick && git commit -q -am "retitle" &&
	git checkout -q main &&
	add_log $ISS/2026/ISS-0001.ini 002 2026-06-15 urge 催办 &&
	tick && tz commit -q --author "李四 <lisi@example.gov.cn>" &&
	git tag c-log2 &&
	tick && git merge -q --no-edit feature &&
	git tag c-merge &&
	issue $ISS/ISS-0002.ini &&
	tick && tz commit -q &&
	git rm -q $ISS/ISS-0002.ini &&
	tick && git commit -q -m "drop ISS-0002" &&
	cd ..
'

test_expect_success 'tz log ID: every field change of the record, newest first, across the move' '
	tz -C repo log ISS-0001 >out &&
	c() { git -C repo rev-parse --short=7 "$1"; } &&
	cat >expect <<-EOF &&
	date	author	commit	record	field	old	new
	2026-06-30 08:06	李四	$(c c-log2)	ISS-0001	log.002.date		2026-06-15
	2026-06-30 08:06	李四	$(c c-log2)	ISS-0001	log.002.action		urge
	2026-06-30 08:06	李四	$(c c-log2)	ISS-0001	log.002.note		催办
	2026-06-30 08:05	两帮两促办公室	$(c feature)	ISS-0001	title	用地未落实	用地指标未落实
	2026-06-30 08:04	两帮两促办公室	$(c c-move)	ISS-0001	(path)	records/issues/ISS-0001.ini	records/issues/2026/ISS-0001.ini
	2026-06-30 08:04	两帮两促办公室	$(c c-move)	ISS-0001	deadline		2026-07-31
	2026-06-30 08:03	两帮两促办公室	$(c c-move^)	ISS-0001	status	open	in_progress
	2026-06-30 08:03	两帮两促办公室	$(c c-move^)	ISS-0001	log.001.date		2026-06-01
	2026-06-30 08:03	两帮两促办公室	$(c c-move^)	ISS-0001	log.001.action		assign
	2026-06-30 08:03	两帮两促办公室	$(c c-move^)	ISS-0001	log.001.note		交国土局办理
	2026-06-30 08:02	两帮两促办公室	$(c c-move~2)	ISS-0001	(path)		records/issues/ISS-0001.ini
	2026-06-30 08:02	两帮两促办公室	$(c c-move~2)	ISS-0001	title		用地未落实
	2026-06-30 08:02	两帮两促办公室	$(c c-move~2)	ISS-0001	unit		gtj
	2026-06-30 08:02	两帮两促办公室	$(c c-move~2)	ISS-0001	status		open
	EOF
	test_cmp expect out
'

test_expect_success 'a clean merge adds no changes of its own' '
	merge=$(git -C repo rev-parse --short=7 c-merge) &&
	tz -C repo log >all &&
	! cut -f3 all | grep -x "$merge"
'

test_expect_success 'the commits of a record are those git log --follow lists' '
	git -C repo log --no-merges --format=%h --abbrev=7 --follow -- $ISS/2026/ISS-0001.ini >expect &&
	tz -C repo log ISS-0001 | sed 1d | cut -f3 | uniq >actual &&
	test_cmp expect actual
'

test_expect_success 'a deleted record: its fields go, in the commit git shows' '
	tz -C repo log ISS-0002 | sed 1d | cut -f3,5- >out &&
	d=$(git -C repo rev-parse --short=7 main) &&
	a=$(git -C repo rev-parse --short=7 main^) &&
	cat >expect <<-EOF &&
	$d	(path)	records/issues/ISS-0002.ini	
	$d	title	用地未落实	
	$d	unit	gtj	
	$d	status	open	
	$a	(path)		records/issues/ISS-0002.ini
	$a	title		用地未落实
	$a	unit		gtj
	$a	status		open
	EOF
	test_cmp expect out
'

# Every row of tz log is a line that git log -p shows: "-KEY = OLD" and
# "+KEY = NEW" in the diff of that commit and file.
check_against_git () {
	tz -C repo log --format tsv | sed 1d | tr "\t" "|" |
	while IFS="|" read -r date author commit record field old new
	do
		test "$field" = "(path)" && continue
		key=${field##*.}
		git -C repo show --format= -M --diff-merges=first-parent "$commit" >patch || return 1
		if test -n "$old"
		then
			grep -F -x -q -e "-$key = $old" patch || { echo "$commit $record: no -$key = $old"; return 1; }
		fi
		if test -n "$new"
		then
			grep -F -x -q -e "+$key = $new" patch || { echo "$commit $record: no +$key = $new"; return 1; }
		fi
	done
}

test_expect_success 'every change agrees with git log -p' '
	check_against_git
'

# For every commit that is not a merge, tz log shows what tz diff C^ C shows.
check_against_diff () {
	git -C repo rev-list --no-merges --abbrev=7 --abbrev-commit HEAD |
	while read -r c
	do
		git -C repo rev-parse -q --verify "$c^" >/dev/null || continue
		tz -C repo diff --format tsv "$c^" "$c" | sed 1d | cut -f1,2,4,5 | sort >from-diff &&
		tz -C repo log --format tsv | awk -F "	" -v c="$c" "\$3 == c" | cut -f4- | sort >from-log &&
		test_cmp from-diff from-log || return 1
	done
}

test_expect_success 'every commit agrees with tz diff' '
	check_against_diff
'

test_expect_success 'a merge that resolves a conflict its own way shows that change' '
	cd repo &&
	git checkout -q -b other &&
	set_field $ISS/2026/ISS-0001.ini deadline 2026-09-30 &&
	tick && git commit -q -am "other deadline" &&
	git checkout -q main &&
	set_field $ISS/2026/ISS-0001.ini deadline 2026-10-31 &&
	tick && tz commit -q &&
	tick && test_must_fail git merge -q --no-edit other >/dev/null 2>&1 &&
	git checkout -q --ours $ISS/2026/ISS-0001.ini &&
	set_field $ISS/2026/ISS-0001.ini deadline 2026-12-31 &&
	git add $ISS/2026/ISS-0001.ini && git commit -q --no-edit &&
	cd .. &&
	tz -C repo log --field deadline ISS-0001 | sed 1d | cut -f3,6,7 >out &&
	c() { git -C repo rev-parse --short=7 "$1"; } &&
	cat >expect <<-EOF &&
	$(c main)	2026-10-31	2026-12-31
	$(c main^)	2026-07-31	2026-10-31
	$(c other)	2026-07-31	2026-09-30
	$(c c-move)		2026-07-31
	EOF
	test_cmp expect out
'

test_expect_success 'the index file holds the history tables' '
	test -f repo/.git/taizhang/index.sqlite &&
	sqlite3 repo/.git/taizhang/index.sqlite "SELECT count(*) FROM history_commit" >n &&
	git -C repo rev-list --count HEAD >expect &&
	test_cmp expect n
'

test_expect_success 'a reset drops the history of the commits it undid' '
	set_field repo/$ISS/2026/ISS-0001.ini title 临时标题 &&
	tz -C repo commit -q &&
	tz -C repo log --field title ISS-0001 >before &&
	grep 临时标题 before &&
	git -C repo reset -q --hard HEAD^ &&
	tz -C repo log --field title ISS-0001 >after &&
	! grep 临时标题 after &&
	sqlite3 repo/.git/taizhang/index.sqlite "SELECT count(*) FROM history_commit" >n &&
	git -C repo rev-list --count HEAD >expect &&
	test_cmp expect n
'

test_expect_success 'a rebase: the history follows the rewritten commits' '
	cd repo &&
	git checkout -q -b topic main~3 &&
	issue $ISS/ISS-0009.ini &&
	tick && tz commit -q &&
	set_field $ISS/ISS-0009.ini status in_progress &&
	tick && tz commit -q &&
	tz log ISS-0009 >../before &&
	tick && git rebase -q main &&
	cd .. &&
	tz -C repo log ISS-0009 | sed 1d | cut -f3 | uniq >after &&
	git -C repo log --format=%h --abbrev=7 -2 >expect &&
	test_cmp expect after &&
	check_against_git &&
	check_against_diff
'

test_expect_success 'nothing new: the index is not written' '
	tz -C repo log >/dev/null &&
	cksum <repo/.git/taizhang/index.sqlite >before &&
	tz -C repo log ISS-0001 >/dev/null &&
	cksum <repo/.git/taizhang/index.sqlite >after &&
	test_cmp before after
'

test_expect_success 'the index file is a cache: deleting it loses nothing' '
	tz -C repo log >before &&
	rm -f repo/.git/taizhang/index.sqlite* &&
	tz -C repo log >after &&
	test_cmp before after
'

test_expect_success UNPRIV 'a read-only git directory: the history is built in memory' '
	tz -C repo log >expect &&
	rm -rf repo/.git/taizhang &&
	chmod a-w repo/.git &&
	test_when_finished "chmod u+w repo/.git" &&
	unprivileged repo tz -C repo log >out 2>err &&
	test_cmp expect out &&
	! test -e repo/.git/taizhang
'

test_done
