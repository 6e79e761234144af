#!/bin/sh
test_description='one place rule and one revision resolver for every command:
a hidden shard holds no record, an ambiguous revision is called ambiguous'
. ./lib-tz.sh
. "$SHARNESS_TEST_SRCDIR/lib-audit.sh"
. "$SHARNESS_TEST_SRCDIR/lib-write.sh"

test_expect_success 'setup' '
	audit_repo repo &&
	issue repo/records/issues/ISS-0001.ini &&
	tz -C repo commit -q
'

test_expect_success 'a file in a hidden shard is no record to validation' '
	mkdir -p repo/records/issues/.trash &&
	cp repo/records/issues/ISS-0001.ini repo/records/issues/.trash/ISS-0009.ini &&
	tz -C repo validate >out &&
	test_must_be_empty out
'

test_expect_success 'nor to tz commit, which names it as a file, not a new record' '
	tz -C repo commit -q &&
	git -C repo log -1 --format=%s >msg &&
	echo "records/issues/.trash/ISS-0009.ini: new" >expect &&
	test_cmp expect msg
'

test_expect_success 'nor to tz diff' '
	rm repo/records/issues/.trash/ISS-0009.ini &&
	tz -C repo diff >out &&
	echo "record	field	label	old	new" >expect &&
	test_cmp expect out &&
	tz -C repo commit -q
'

test_expect_success 'an ambiguous short id' '
	mkdir blobs &&
	i=0 &&
	while test $i -lt 3000
	do
		echo "blob $i" >blobs/$i &&
		echo "$PWD/blobs/$i" &&
		i=$((i + 1)) || return 1
	done >paths &&
	git -C repo hash-object -w --stdin-paths <paths >ids &&
	cut -c1-4 ids | sort | uniq -d | head -n 1 >prefix &&
	test -s prefix
'

test_expect_success 'tz validate, tz diff and tz log say it is ambiguous' '
	p=$(cat prefix) &&
	test_expect_code 2 tz -C repo validate --rev $p 2>err &&
	echo "tz validate: $(tz_msg "revision \"%s\" is ambiguous: give more of its id" "$p")" >expect &&
	test_cmp expect err &&
	test_expect_code 2 tz -C repo diff $p 2>err &&
	echo "tz diff: $(tz_msg "revision \"%s\" is ambiguous: give more of its id" "$p")" >expect &&
	test_cmp expect err &&
	test_expect_code 2 tz -C repo log --rev $p 2>err &&
	echo "tz log: $(tz_msg "revision \"%s\" is ambiguous: give more of its id" "$p")" >expect &&
	test_cmp expect err
'

test_expect_success 'an unknown revision is unknown, a blob names no tree' '
	test_expect_code 2 tz -C repo diff nosuch 2>err &&
	echo "tz diff: $(tz_msg "unknown revision \"%s\"" nosuch)" >expect &&
	test_cmp expect err &&
	blob=$(head -n 1 ids) &&
	test_expect_code 2 tz -C repo validate --rev $blob 2>err &&
	echo "tz validate: $(tz_msg "revision \"%s\" does not name a tree" "$blob")" >expect &&
	test_cmp expect err
'

test_expect_success 'a number in a hidden shard is taken by no new record' '
	tz_write_repo w &&
	mkdir -p w/records/issues/.trash &&
	echo "[issue]" >w/records/issues/.trash/ISS-2026-0042.ini &&
	git -C w add -f records/issues/.trash &&
	git -C w commit -q -m "a hidden file" &&
	(cd w && tz new issue title=问题 subject_type=enterprise enterprise=ENT-0001 category=other \
		priority=normal unit=gtj description=描述 --date 2026-03-02 >../out 2>/dev/null) &&
	echo ISS-2026-0001 >expect &&
	test_cmp expect out
'

test_done
