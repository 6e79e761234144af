#!/bin/bash
# t1200-validate-cache.sh - the validation cache never changes an answer:
# after random edits (values, references, statuses, deletions, renames,
# unique clashes, append-only logs, schema edits, commits, a damaged cache)
# tz validate says exactly what tz validate --no-cache says.

test_description='tz validate: the cache gives the answer of a full validation'

. ./lib-tz.sh
. "$SHARNESS_TEST_SRCDIR/lib-validate.sh"

# same_answer ARGS...: cached and full validation agree (the cached one first,
# so that it reads what the last cached run stored)
same_answer () {
	(cd r && answer "$@") >cached &&
	(cd r && answer --no-cache "$@") >full &&
	test_cmp full cached
}

test_expect_success 'setup: the bundled campaign' '
	tz_demo_repo r &&
	cp r/schema/issue.ini issue.orig &&
	(cd r && tz validate -q)
'

test_expect_success 'the first run fills the cache, the second reads it' '
	same_answer &&
	test -f r/.git/taizhang/index.sqlite &&
	sqlite3 r/.git/taizhang/index.sqlite "SELECT count(*) FROM check_cache" >n &&
	test "$(cat n)" -ge 300 &&
	same_answer
'

test_expect_success '--no-cache neither reads nor writes the cache' '
	rm -rf r/.git/taizhang &&
	(cd r && tz validate -q --no-cache) &&
	! test -e r/.git/taizhang/index.sqlite
'

# same_size FILE: make its priority invalid in place (same inode, same
# size) and put its mtime back, so that only its ctime tells git's index
# that it changed
same_size () {
	touch -r "$1" ../stamp &&
	sed "s/^priority = \(normal\|urgent\)$/priority = bogus1/" "$1" >../same-size &&
	cat ../same-size >"$1" &&
	touch -r ../stamp "$1"
}

test_expect_success 'an edit of the same size with its mtime put back is seen' '
	(cd r && git add -A && git commit -q -m base && tz validate -q) &&
	f=$(cd r && grep -l "^priority = normal$" records/issues/*/*.ini | head -n 1) &&
	test -n "$f" &&
	(cd r && same_size "$f") &&
	(cd r && answer) >cached &&
	grep "^$f:.*bogus1" cached &&
	same_answer &&
	(cd r && git checkout -q -- .)
'

# one random edit of the working tree; $RANDOM is seeded below
edit () {
	files=$(find records -name "*.ini" | sort)
	n=$(echo "$files" | wc -l)
	f=$(echo "$files" | sed -n "$((RANDOM % n + 1))p")
	units=$(ls records/units | sed "s/\.ini$//")
	u=$(echo "$units" | sed -n "$((RANDOM % $(echo "$units" | wc -l) + 1))p")
	case $((RANDOM % 15)) in
	0) sed -i "s/^priority = .*/priority = $(echo normal important urgent bogus | cut -d" " -f$((RANDOM % 4 + 1)))/" "$f" ;;
	1) sed -i "s/^unit = .*/unit = nosuch$((RANDOM % 3))/" "$f" ;;
	2) sed -i "s/^unit = .*/unit = $u/" "$f" ;;
	3) sed -i "s/^status = .*/status = $(echo registered accepted in_progress resolved closed suspended | cut -d" " -f$((RANDOM % 6 + 1)))/" "$f" ;;
	4) rm -f "$f" ;;
	5) to="$(dirname "$f")/$(basename "$f" .ini | sed "s/[0-9]$/$((RANDOM % 10))/").ini"
	   test "$to" = "$f" || mv "$f" "$to" ;;
	6) rm -f "records/units/$u.ini" ;;
	7) sed -i "0,/^name = .*/s//name = 同名单位/" "records/units/$u.ini" 2>/dev/null || true ;;
	8) sed -i "/^\[log.001\]/,/^$/d" "$f" ;;
	9) if grep -q "^\[field.extra\]" schema/issue.ini
	   then cp ../issue.orig schema/issue.ini
	   else printf "\n[field.extra]\nlabel = 附加\ntype = text\nrequired = yes\n" >>schema/issue.ini
	   fi ;;
	10) sed -i "s/^values = normal, important, urgent$/values = normal, urgent/; s/^labels = 一般, 重要, 紧急$/labels = 一般, 紧急/" schema/issue.ini ;;
	11) git add -A && git commit -q -m "edit $RANDOM" ;;
	12) printf "[issue]\ntitle = 新问题\nstatus = registered\nunit = %s\n" "$u" >"records/issues/2026/ISS-2026-$((RANDOM % 90 + 9000)).ini" ;;
	13) if test $((RANDOM % 2)) = 0
	    then new="substr(data, 1, length(data) - 1)"
	    else new="(SELECT data FROM check_cache ORDER BY oid LIMIT 1)"
	    fi
	    sqlite3 .git/taizhang/index.sqlite "UPDATE check_cache SET data = $new WHERE oid IN (SELECT oid FROM check_cache ORDER BY oid LIMIT 2 OFFSET $((RANDOM % 100)))" ;;
	14) same_size "$f" ;;
	esac
	true
}

test_expect_success 'after each of 80 random edits, the cache answers as a full validation' '
	RANDOM=1200 &&
	i=0 &&
	while test $i -lt 80
	do
		(cd r && RANDOM=$((1200 + i)) && edit) &&
		same_answer || { echo "differs after edit $i"; return 1; }
		i=$((i + 1))
	done
'

test_expect_success 'and for a committed revision, its first parent as the base' '
	(cd r && git add -A && git commit -q --allow-empty -m "all edits") &&
	same_answer --rev HEAD &&
	same_answer --rev HEAD~1
'

test_expect_success 'a run that reads what the last one read gives the same answer' '
	(cd r && git checkout -q -- . && git clean -q -fd) &&
	same_answer &&
	(cd r && answer) >again &&
	test_cmp cached again
'

test_expect_success 'a damaged row is found and the cache rebuilt' '
	(cd r && tz validate -q >/dev/null; tz validate --no-cache >../expect 2>&1; echo $? >>../expect) &&
	sqlite3 r/.git/taizhang/index.sqlite "UPDATE check_cache SET data = X'\''00112233445566778899'\''; DELETE FROM check_state WHERE key = '\''last'\''" &&
	(cd r && tz validate >../actual 2>&1; echo $? >>../actual) &&
	test_cmp expect actual &&
	sqlite3 r/.git/taizhang/index.sqlite "SELECT count(*) FROM check_cache WHERE length(data) = 10" >n &&
	echo 0 >zero &&
	test_cmp zero n
'

test_expect_success 'a row moved under another key (foreign) is not trusted' '
	sqlite3 r/.git/taizhang/index.sqlite "UPDATE check_cache SET data = (SELECT data FROM check_cache WHERE type = '\''unit'\'' LIMIT 1) WHERE type = '\''issue'\''; DELETE FROM check_state WHERE key = '\''last'\''" &&
	(cd r && tz validate >../actual 2>&1; echo $? >>../actual) &&
	test_cmp expect actual
'

test_expect_success 'a cache of another format is dropped, a file that is not a database ignored' '
	sqlite3 r/.git/taizhang/index.sqlite "UPDATE check_state SET value = '\''0'\'' WHERE key = '\''format'\''" &&
	(cd r && tz validate >../actual 2>&1; echo $? >>../actual) &&
	test_cmp expect actual &&
	sqlite3 r/.git/taizhang/index.sqlite "SELECT value FROM check_state WHERE key = '\''format'\''" >v &&
	echo 1 >one &&
	test_cmp one v &&
	rm -f r/.git/taizhang/index.sqlite* &&
	echo "not a database" >r/.git/taizhang/index.sqlite &&
	(cd r && tz validate >../actual 2>&1; echo $? >>../actual) &&
	test_cmp expect actual
'

test_done
