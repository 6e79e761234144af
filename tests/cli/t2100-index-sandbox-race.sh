#!/bin/sh
test_description='the index file: readers racing on a fresh index, and the SQL sandbox of tz sql'
. ./lib-tz.sh
. "$SHARNESS_TEST_SRCDIR/lib-query.sh"

test_expect_success 'setup' '
	query_repo r
'

# Issue 13.1: a new file switched to WAL by many connections at once. The
# library's unit test (tests/unit/db.c) runs 12 x 150 of them; this runs
# the commands themselves, 12 at a time, on an index removed each round.
test_expect_success 'twelve readers on a fresh index all answer' '
	for round in 1 2 3 4 5
	do
		rm -rf r/.git/taizhang &&
		for i in 1 2 3 4 5 6 7 8 9 10 11 12
		do
			(cd r && tz query issue --count >../out.$i 2>../err.$i; echo $? >../rc.$i) &
		done &&
		wait &&
		for i in 1 2 3 4 5 6 7 8 9 10 11 12
		do
			echo 0 >expect-rc && test_cmp expect-rc rc.$i &&
			echo 5 >expect-out && test_cmp expect-out out.$i &&
			test_must_be_empty err.$i || return 1
		done
	done
'

test_expect_success 'readers and a writer on a stale index all answer' '
	echo "; edited" >>r/records/units/gtj.ini &&
	for i in 1 2 3 4 5 6
	do
		(cd r && tz sql "SELECT count(*) FROM unit" --no-header >../out.$i 2>../err.$i; echo $? >../rc.$i) &
	done &&
	# braces: a trailing & would put the whole && list, readers included,
	# in one background job whose own children wait does not wait for
	{ (cd r && tz index --rebuild >/dev/null 2>../err.w; echo $? >../rc.w) & } &&
	wait &&
	echo 0 >expect-rc && test_cmp expect-rc rc.w &&
	echo 4 >expect-out &&
	for i in 1 2 3 4 5 6
	do
		test_cmp expect-rc rc.$i && test_cmp expect-out out.$i || return 1
	done
'

test_expect_success 'readers on a damaged index all answer' '
	printf "%0512d" 0 >r/.git/taizhang/index.sqlite &&
	rm -f r/.git/taizhang/index.sqlite-wal r/.git/taizhang/index.sqlite-shm &&
	for i in 1 2 3 4 5 6 7 8 9 10 11 12
	do
		(cd r && tz query issue --count >../out.$i 2>../err.$i; echo $? >../rc.$i) &
	done &&
	wait &&
	echo 5 >expect-out &&
	for i in 1 2 3 4 5 6 7 8 9 10 11 12
	do
		test_cmp expect-rc rc.$i && test_cmp expect-out out.$i || return 1
	done
'

# Issue 13.4: fts3_tokenizer() hands out a library address and takes one.
test_expect_success 'tz sql refuses the FTS3 tokenizer function' '
	(cd r && test_expect_code 2 tz sql "SELECT hex(fts3_tokenizer('"'"'simple'"'"'))" >../out 2>../err) &&
	echo "tz sql: $(tz_msg "only statements that read are allowed (%s)" "not authorized to use function: fts3_tokenizer")" >expect &&
	test_cmp expect err &&
	test_must_be_empty out &&
	(cd r && test_expect_code 2 tz sql "SELECT fts3_tokenizer('"'"'x'"'"', X'"'"'0000000000000000'"'"')" 2>../err) &&
	echo "tz sql: $(tz_msg "only statements that read are allowed (%s)" "not authorized to use function: fts3_tokenizer")" >expect &&
	test_cmp expect err
'

test_expect_success 'tz sql allows listed functions only' '
	(cd r && test_expect_code 2 tz sql "SELECT length(zeroblob(1000000000))" 2>../err) &&
	echo "tz sql: $(tz_msg "only statements that read are allowed (%s)" "not authorized to use function: zeroblob")" >expect &&
	test_cmp expect err &&
	(cd r && test_expect_code 2 tz sql "SELECT load_extension('"'"'/nonexistent'"'"')" 2>../err) &&
	echo "tz sql: $(tz_msg "only statements that read are allowed (%s)" "not authorized to use function: load_extension")" >expect &&
	test_cmp expect err &&
	(cd r && tz sql "SELECT upper(id), length(name), date('"'"'2026-06-30'"'"', '"'"'+1 day'"'"') FROM unit WHERE id = '"'"'gtj'"'"'" --no-header >../out) &&
	printf "GTJ\t3\t2026-07-01\n" >expect &&
	test_cmp expect out
'

test_done
