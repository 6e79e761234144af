#!/bin/sh
# t1260-validate-unchanged.sh - tz validate with nothing changed since the
# last run answers from the stamp list that run kept (each file's stat data,
# compared as git compares its index): whatever changed in between (a file,
# HEAD, git's index, the schema, the list itself), the answer is still the
# one a full validation gives.

test_description='tz validate: the stamp list of the last run never changes an answer'

. ./lib-tz.sh
. "$SHARNESS_TEST_SRCDIR/lib-validate.sh"

# the severity word of an error, in the language of the run
error=$(tz_msgc severity error)

# same_answer ARGS...: a cached run (answered from the stamp list when the
# run before it was one too), a second one (from the stamp list), and a full
# validation say the same
same_answer () {
	(cd r && answer "$@") >cached &&
	(cd r && answer "$@") >again &&
	(cd r && answer --no-cache "$@") >full &&
	test_cmp full cached &&
	test_cmp full again
}

stamps_kept () {
	sqlite3 r/.git/taizhang/index.sqlite "SELECT length(value) > 100 FROM check_state WHERE key = 'stamps'" >kept &&
	echo 1 >one &&
	test_cmp one kept
}

test_expect_success 'setup: a committed ledger and a refused transition' '
	tz_test_repo r &&
	printf "[issue]\ntitle = 已销号\nstatus = closed\nunit = hbj\nresolved_on = 2026-06-01\nresolution = 已办结\n" \
		>r/records/issues/ISS-0002.ini &&
	(cd r && git add -A && git commit -q -m ledger) &&
	sed -i "s/^status = closed$/status = open/" r/records/issues/ISS-0002.ini
'

test_expect_success 'the first run keeps a stamp list, the next answers from it' '
	same_answer &&
	stamps_kept &&
	grep "^records/issues/ISS-0002.ini:3: $error: " cached
'

test_expect_success 'a commit of the change answers anew though no file changed' '
	(cd r && git add -A) &&
	same_answer &&
	grep "^records/issues/ISS-0002.ini:3: $error: " cached &&
	(cd r && git commit -q -m reopen) &&
	same_answer &&
	! grep "^records/issues/ISS-0002.ini:" cached
'

test_expect_success 'a change of git index alone answers anew' '
	(cd r && git rm -q --cached records/issues/ISS-0002.ini) &&
	same_answer &&
	(cd r && git add -A) &&
	same_answer
'

test_expect_success 'new, removed and renamed files answer anew' '
	echo note >r/records/issues/notes.txt &&
	same_answer &&
	grep "^records/issues/notes.txt:1: $error: " cached &&
	rm r/records/issues/notes.txt &&
	same_answer &&
	mv r/records/issues/ISS-0002.ini r/records/issues/ISS-0009.ini &&
	same_answer &&
	mv r/records/issues/ISS-0009.ini r/records/issues/ISS-0002.ini &&
	mkdir r/records/issues/2026 &&
	cp r/records/issues/ISS-0002.ini r/records/issues/2026/ISS-0002.ini &&
	same_answer &&
	grep "^records/issues/2026/ISS-0002.ini:1: $error: " cached &&
	rm -r r/records/issues/2026 &&
	same_answer
'

# future FILE: give FILE an mtime an hour ahead, newer than any run: its
# stamp holds its blob id, and the next run compares its contents
future () {
	touch -d "@$(($(date +%s) + 3600))" "$1"
}

test_expect_success 'a file written after the walk began is compared by its contents' '
	f=r/records/issues/ISS-0001.ini &&
	future "$f" &&
	same_answer &&
	touch -r "$f" stamp &&
	sed "s/^status = open$/status = nope/" "$f" >edited &&
	test $(wc -c <edited) = $(wc -c <"$f") &&
	cat edited >"$f" &&
	touch -r stamp "$f" &&
	same_answer &&
	grep "^records/issues/ISS-0001.ini:4: $error: " cached &&
	sed -i "s/^status = nope$/status = open/" "$f" &&
	future "$f" &&
	same_answer &&
	touch -r stamp "$f" &&
	same_answer &&
	! grep "^records/issues/ISS-0001.ini:" cached
'

test_expect_success 'an empty record file is read again each time, and still answered' '
	: >r/records/issues/ISS-0003.ini &&
	same_answer &&
	grep "^records/issues/ISS-0003.ini:1: $error: " cached &&
	rm r/records/issues/ISS-0003.ini &&
	same_answer
'

test_expect_success 'a schema edit answers anew' '
	cp r/schema/issue.ini issue.orig &&
	sed -i "s/^max = 30$/max = 2/" r/schema/issue.ini &&
	same_answer &&
	grep "^records/issues/ISS-0001.ini:3: $error: " cached &&
	cp issue.orig r/schema/issue.ini &&
	same_answer
'

test_expect_success 'a damaged or foreign stamp list is not trusted, and written again' '
	same_answer &&
	sqlite3 r/.git/taizhang/index.sqlite "UPDATE check_state SET value = substr(value, 1, length(value) - 1) WHERE key = '\''stamps'\''" &&
	sed -i "s/^status = open$/status = nope/" r/records/issues/ISS-0001.ini &&
	same_answer &&
	stamps_kept &&
	sqlite3 r/.git/taizhang/index.sqlite "UPDATE check_state SET value = (SELECT value FROM check_state WHERE key = '\''last'\'') WHERE key = '\''stamps'\''" &&
	sed -i "s/^status = nope$/status = open/" r/records/issues/ISS-0001.ini &&
	same_answer &&
	stamps_kept
'

test_expect_success 'the last findings without their stamp list are not trusted' '
	sqlite3 r/.git/taizhang/index.sqlite "DELETE FROM check_state WHERE key = '\''last'\''" &&
	same_answer
'

test_expect_success 'a PATH is answered from the stamp list as from a full run' '
	echo note >r/records/issues/notes.txt &&
	same_answer records/issues/notes.txt &&
	same_answer records/units &&
	rm r/records/issues/notes.txt
'

test_done
