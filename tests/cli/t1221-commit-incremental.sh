#!/bin/bash
# t1221-commit-incremental.sh - tz commit checks only what changed since the
# tree whose answer it kept, and answers exactly what a full validation
# answers: after random edits (values, references broken and mended,
# statuses, deletions, renames, unique clashes, append-only logs, new
# records, schema edits, commits made by git, a damaged cache) two copies
# of one campaign, committed with the cache and with --no-cache, say the
# same and commit the same trees.

test_description='tz commit: the incremental answer is the full one'

. ./lib-tz.sh

export GIT_AUTHOR_DATE="2026-06-30T10:00:00+08:00" GIT_COMMITTER_DATE="2026-06-30T10:00:00+08:00"

# commit_both: commit in a (from the kept answer) and in b (--no-cache);
# their output, exit status and HEAD's tree must agree
commit_both () {
	(cd a && tz commit -m step >../out-a 2>&1; echo "exit $?" >>../out-a
	 git rev-parse HEAD^{tree} >>../out-a) &&
	(cd b && tz commit --no-cache -m step >../out-b 2>&1; echo "exit $?" >>../out-b
	 git rev-parse HEAD^{tree} >>../out-b) &&
	sed "s/ [0-9a-f]\{7,\}\]/ ID]/" out-a >a.out &&
	sed "s/ [0-9a-f]\{7,\}\]/ ID]/" out-b >b.out &&
	test_cmp b.out a.out
}

# in_both CMD: run the shell command CMD in a and in b
in_both () {
	(cd a && eval "$1") && (cd b && eval "$1")
}

# kept: the tree whose answer a's cache keeps (empty: none)
kept () {
	sqlite3 a/.git/taizhang/index.sqlite \
		"SELECT lower(hex(substr(value, 1, 20))) FROM check_state WHERE key = 'tree'"
}

test_expect_success 'setup: two copies of the bundled campaign' '
	tz_demo_repo a &&
	cp a/schema/issue.ini issue.orig &&
	cp -R a b &&
	(cd a && tz validate -q)
'

test_expect_success 'a commit keeps the answer for the tree it made' '
	f=$(cd a && ls records/issues/*/*.ini | head -n 1) &&
	in_both "sed -i \"s/^priority = .*/priority = urgent/\" $f" &&
	commit_both &&
	grep "exit 0" a.out &&
	git -C a rev-parse HEAD^{tree} >expect &&
	kept >actual &&
	test_cmp expect actual
'

test_expect_success 'a refused commit keeps nothing new' '
	in_both "sed -i \"s/^priority = .*/priority = bogus/\" $f" &&
	commit_both &&
	grep "exit 1" a.out &&
	kept >actual &&
	test_cmp expect actual &&
	in_both "git checkout -q -- ."
'

# commit_damaged PRIORITY VALUE: set $f's priority in both copies, change
# the answer a's cache keeps to the SQL expression VALUE, and commit: the
# answers agree, and the answer kept is the new tree's
commit_damaged () {
	in_both "sed -i \"s/^priority = .*/priority = $1/\" $f" &&
	sqlite3 a/.git/taizhang/index.sqlite "UPDATE check_state SET value = $2 WHERE key = '"'"'tree'"'"'" &&
	commit_both &&
	grep "exit 0" a.out &&
	git -C a rev-parse HEAD^{tree} >expect &&
	kept >actual &&
	test_cmp expect actual
}

test_expect_success 'a damaged or foreign answer is not trusted' '
	commit_damaged normal "substr(value, 1, length(value) - 1) || X'\''00'\''" &&
	commit_damaged urgent "zeroblob(20) || substr(value, 21)" &&
	commit_damaged normal "substr(value, 1, 20) || zeroblob(20) || substr(value, 41)"
'

# one random edit of the working tree, the same in both copies; $RANDOM is
# seeded by the caller and read here only (a subshell would reseed it)
edit () {
	r1=$RANDOM r2=$RANDOM r3=$RANDOM r4=$RANDOM r5=$RANDOM
	files=$(find records -name "*.ini" | sort)
	n=$(echo "$files" | wc -l)
	f=$(echo "$files" | sed -n "$((r1 % n + 1))p")
	units=$(ls records/units | sed "s/\.ini$//")
	u=$(echo "$units" | sed -n "$((r2 % $(echo "$units" | wc -l) + 1))p")
	case $((r3 % 16)) in
	0|1) sed -i "s/^priority = .*/priority = $(echo normal important urgent bogus | cut -d" " -f$((r4 % 4 + 1)))/" "$f" ;;
	2) sed -i "s/^unit = .*/unit = nosuch$((r4 % 3))/" "$f" ;;
	3) sed -i "s/^unit = .*/unit = $u/" "$f" ;;
	4) sed -i "s/^status = .*/status = $(echo registered accepted in_progress resolved closed suspended | cut -d" " -f$((r4 % 6 + 1)))/" "$f" ;;
	5) rm -f "$f" ;;
	6) to="$(dirname "$f")/$(basename "$f" .ini | sed "s/[0-9]$/$((r4 % 10))/").ini"
	   test "$to" = "$f" || mv "$f" "$to" ;;
	7) rm -f "records/units/$u.ini" ;;
	8) sed -i "0,/^name = .*/s//name = 同名单位/" "records/units/$u.ini" 2>/dev/null || true ;;
	9) sed -i "/^\[log.001\]/,/^$/d" "$f" ;;
	10) if grep -q "^\[field.extra\]" schema/issue.ini
	    then cp ../issue.orig schema/issue.ini
	    else printf "\n[field.extra]\nlabel = 附加\ntype = text\n" >>schema/issue.ini
	    fi ;;
	11) git add -A && git commit -q -m "by git $r4" ;;
	12) printf "[issue]\ntitle = 新问题\nstatus = registered\nunit = %s\n" "$u" >"records/issues/2026/ISS-2026-$((r4 % 90 + 9000)).ini" ;;
	13) sed -i "s/^title = \(.*\)$/title = \1（续）/" "$f" ;;
	14) printf "[unit]\nname = 新单位%s\nkind = bureau\n" "$((r4 % 4))" >"records/units/new$((r5 % 3)).ini" ;;
	15) git checkout -q -- . && git clean -q -fd records ;;
	esac
	true
}

# damage WHAT AT: change a's cache behind its back (b has none)
damage () {
	case $1 in
	0) sqlite3 a/.git/taizhang/index.sqlite "UPDATE check_cache SET data = substr(data, 1, length(data) - 1) WHERE oid IN (SELECT oid FROM check_cache ORDER BY oid LIMIT 3 OFFSET $2)" ;;
	1) sqlite3 a/.git/taizhang/index.sqlite "UPDATE check_cache SET data = (SELECT data FROM check_cache ORDER BY oid LIMIT 1) WHERE oid IN (SELECT oid FROM check_cache ORDER BY oid LIMIT 3 OFFSET $2)" ;;
	2) sqlite3 a/.git/taizhang/index.sqlite "UPDATE check_state SET value = substr(value, 1, 60) WHERE key = 'tree'" ;;
	esac
}

test_expect_success 'after each of 60 random edits, the same answer and the same tree' '
	i=0 &&
	while test $i -lt 60
	do
		(cd a && RANDOM=$((1221 + i)) && edit) &&
		(cd b && RANDOM=$((1221 + i)) && edit) &&
		if test $((i % 9)) = 8 && test -f a/.git/taizhang/index.sqlite
		then
			damage $((i % 27 / 9)) $((i * 7 % 100))
		fi &&
		commit_both || { echo "differs after edit $i"; return 1; }
		if grep -q "^exit 1" a.out && test $((i % 3)) != 0
		then
			in_both "git checkout -q -- . && git clean -q -fd records"
		fi
		i=$((i + 1))
	done
'

test_done
