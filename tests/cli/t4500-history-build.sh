#!/bin/sh
test_description='the history index built in one walk, extended commit by
commit, and rebuilt, on a history with commits that change many records at
once (read on worker threads), moves, deletions, re-creations and merges'
. ./lib-tz.sh
. "$SHARNESS_TEST_SRCDIR/lib-audit.sh"

ISS=records/issues

# many FIRST LAST CMD...: run CMD FILE for the issues FIRST..LAST.
many () {
	i=$1 last=$2 &&
	shift 2 &&
	while test "$i" -le "$last"
	do
		"$@" "$ISS/ISS-0$i.ini" "$i" || return 1
		i=$((i + 1))
	done
}
new_issue () { issue "$1" open gtj "问题$2"; }
retitle () { set_field "$1" title "问题$2（复核）"; }
to_2026 () { git mv "$1" "$ISS/2026/" && set_field "$ISS/2026/${1##*/}" status in_progress; }

# After every commit, tz log extends the index by that commit alone.
commit_and_log () {
	tick && git add -A && git commit -q -m "$1" && tz log >/dev/null
}

test_expect_success 'a history: 80 issues at once, moves, deletions, a re-creation, merges' '
	audit_repo repo &&
	cd repo &&
	commit_and_log "units" &&
	many 100 179 new_issue &&
	commit_and_log "80 issues" &&
	set_field $ISS/ISS-0100.ini status in_progress &&
	add_log $ISS/ISS-0100.ini 001 2026-06-01 assign 交办 &&
	commit_and_log "assign ISS-0100" &&
	git rm -q $ISS/ISS-0101.ini &&
	commit_and_log "drop ISS-0101" &&
	issue $ISS/ISS-0101.ini open hbj 重新立项 &&
	commit_and_log "ISS-0101 again" &&
	git checkout -q -b moves &&
	mkdir $ISS/2026 &&
	many 110 179 to_2026 &&
	commit_and_log "70 issues into 2026/, in progress" &&
	git checkout -q main &&
	many 100 169 retitle &&
	rm $ISS/ISS-0102.ini &&
	commit_and_log "70 titles, ISS-0102 gone" &&
	tick && git merge -q --no-edit moves && tz log >/dev/null &&
	git checkout -q -b side &&
	set_field $ISS/2026/ISS-0110.ini deadline 2026-09-30 &&
	commit_and_log "deadline" &&
	git checkout -q main &&
	set_field $ISS/2026/ISS-0110.ini deadline 2026-08-31 &&
	commit_and_log "another deadline" &&
	tick && test_must_fail git merge -q --no-edit side >/dev/null 2>&1 &&
	set_field $ISS/2026/ISS-0110.ini deadline 2026-10-31 &&
	commit_and_log "merge side, a third deadline" &&
	cd .. &&
	test $(git -C repo rev-list --count --merges HEAD) = 2
'

# Extending the index walks only the new commits, so a side branch merged
# later is numbered after the first parent's commits: the same rows, in
# another (still topological) order between the two branches.
test_expect_success 'extended commit by commit, the history has the rows of one walk' '
	tz -C repo log --format tsv >extended &&
	rm -r repo/.git/taizhang &&
	tz -C repo log --format tsv >walked &&
	sort extended >extended.sorted &&
	sort walked >walked.sorted &&
	test_cmp extended.sorted walked.sorted
'

test_expect_success 'tz index --rebuild builds the same history' '
	tz -C repo index -q --rebuild &&
	tz -C repo log --format tsv >rebuilt &&
	test_cmp walked rebuilt
'

test_expect_success 'tz index --rebuild mends rows deleted, added and changed, and a dropped index' '
	db=repo/.git/taizhang/index.sqlite &&
	sqlite3 $db "DELETE FROM history_change WHERE record = '"'"'ISS-0150'"'"';
		UPDATE history_change SET new = '"'"'伪造'"'"' WHERE record = '"'"'ISS-0101'"'"' AND field = '"'"'title'"'"';
		INSERT INTO history_change SELECT seq, 9999, type, '"'"'ISS-0999'"'"', field, old, new, blob FROM history_change LIMIT 1;
		DROP INDEX history_change_record;" &&
	tz -C repo log --format tsv >tampered &&
	! test_cmp walked tampered >/dev/null &&
	tz -C repo index -q --rebuild &&
	tz -C repo log --format tsv >mended &&
	test_cmp walked mended &&
	sqlite3 $db "SELECT name FROM sqlite_master WHERE name = '"'"'history_change_record'"'"'" >index &&
	echo history_change_record >expect &&
	test_cmp expect index
'

test_expect_success 'the commits of many records have a row for each of their changes' '
	for c in ":/^80 issues" ":/^70 issues" ":/^70 titles"
	do
		id=$(git -C repo rev-parse --short=7 "$c") &&
		tz -C repo diff --format tsv "$id^" "$id" | sed 1d | cut -f1,2,4,5 | sort >from-diff &&
		awk -F "	" -v c="$id" "\$3 == c" walked | cut -f4- | sort >from-log &&
		test_line_count -ge 70 from-log &&
		test_cmp from-diff from-log || return 1
	done
'

test_expect_success 'a deleted and re-created record keeps both lives, a moved one its past' '
	tz -C repo log --format tsv ISS-0101 | cut -f4- >out &&
	{
		printf "record\tfield\told\tnew\n" &&
		printf "ISS-0101\ttitle\t重新立项\t问题101（复核）\n" &&
		printf "ISS-0101\t(path)\t\trecords/issues/ISS-0101.ini\n" &&
		printf "ISS-0101\ttitle\t\t重新立项\n" &&
		printf "ISS-0101\tunit\t\thbj\n" &&
		printf "ISS-0101\tstatus\t\topen\n" &&
		printf "ISS-0101\t(path)\trecords/issues/ISS-0101.ini\t\n" &&
		printf "ISS-0101\ttitle\t问题101\t\n" &&
		printf "ISS-0101\tunit\tgtj\t\n" &&
		printf "ISS-0101\tstatus\topen\t\n" &&
		printf "ISS-0101\t(path)\t\trecords/issues/ISS-0101.ini\n" &&
		printf "ISS-0101\ttitle\t\t问题101\n" &&
		printf "ISS-0101\tunit\t\tgtj\n" &&
		printf "ISS-0101\tstatus\t\topen\n"
	} >expect &&
	test_cmp expect out &&
	tz -C repo log --format tsv ISS-0150 | cut -f4- >out &&
	{
		printf "record\tfield\told\tnew\n" &&
		printf "ISS-0150\ttitle\t问题150\t问题150（复核）\n" &&
		printf "ISS-0150\t(path)\trecords/issues/ISS-0150.ini\trecords/issues/2026/ISS-0150.ini\n" &&
		printf "ISS-0150\tstatus\topen\tin_progress\n" &&
		printf "ISS-0150\t(path)\t\trecords/issues/ISS-0150.ini\n" &&
		printf "ISS-0150\ttitle\t\t问题150\n" &&
		printf "ISS-0150\tunit\t\tgtj\n" &&
		printf "ISS-0150\tstatus\t\topen\n"
	} >expect &&
	test_cmp expect out
'

test_expect_success 'the merges keep only what they resolved' '
	merge=$(git -C repo rev-parse --short=7 ":/^merge side") &&
	awk -F "	" -v c="$merge" "\$3 == c" walked | cut -f4- >out &&
	printf "ISS-0110\tdeadline\t2026-08-31\t2026-10-31\n" >expect &&
	test_cmp expect out &&
	clean=$(git -C repo rev-parse --short=7 "$merge^^") &&
	git -C repo rev-parse -q --verify "$clean^2" >/dev/null &&
	! cut -f3 walked | grep -x "$clean"
'

test_done
