#!/bin/sh
test_description='concurrent tz act and tz new: serialized by the lock, nothing lost, numbering dense'
. ./lib-tz.sh
. "$SHARNESS_TEST_SRCDIR/lib-write.sh"

FIELDS="title=问题 subject_type=enterprise enterprise=ENT-0001 category=other priority=normal unit=gtj description=描述"

test_expect_success 'setup: 16 assigned issues, committed' '
	tz_write_repo r &&
	for i in $(seq 1 16)
	do
		(cd r && tz new issue $FIELDS --date 2026-03-02 >/dev/null 2>&1 &&
		 tz act ISS-2026-$(printf %04d $i) assign --date 2026-03-03 deadline=2026-04-30) || return 1
	done &&
	(cd r && tz commit -q -m "16 issues" >/dev/null)
'

test_expect_success '16 tz act at once on one record: 16 entries, numbered densely' '
	for i in $(seq 1 16)
	do
		(cd r && tz act ISS-2026-0001 progress --date 2026-03-10 --note "进展$i" 2>>../err) &
	done &&
	wait &&
	test_must_be_empty err &&
	grep "^\[log\." r/records/issues/ISS-2026-0001.ini >sections &&
	seq 1 18 | while read n; do printf "[log.%03d]\n" $n; done >expect &&
	test_cmp expect sections &&
	grep "^note = 进展" r/records/issues/ISS-2026-0001.ini | sort >notes &&
	seq 1 16 | while read n; do echo "note = 进展$n"; done | sort >expect &&
	test_cmp expect notes &&
	(cd r && tz validate)
'

test_expect_success '16 tz act at once on 16 records: each has its entry' '
	for i in $(seq 1 16)
	do
		(cd r && tz act ISS-2026-$(printf %04d $i) accept --date 2026-03-11 --note "签收$i" 2>>../err) &
	done &&
	wait &&
	test_must_be_empty err &&
	for i in $(seq 1 16)
	do
		grep -q "^note = 签收$i\$" r/records/issues/ISS-2026-$(printf %04d $i).ini || return 1
	done &&
	(cd r && tz validate)
'

test_expect_success '16 tz new at once: 16 records, 16 distinct IDs' '
	for i in $(seq 1 16)
	do
		(cd r && tz new issue $FIELDS --date 2026-03-12 >>../ids 2>/dev/null) &
	done &&
	wait &&
	sort ids >sorted &&
	seq 17 32 | while read n; do printf "ISS-2026-%04d\n" $n; done >expect &&
	test_cmp expect sorted &&
	(cd r && tz validate)
'

test_expect_success 'a lock left by a dead process is taken over' '
	mkdir -p r/.git/taizhang/locks &&
	echo 999999 >r/.git/taizhang/locks/records+issues+ISS-2026-0002.ini.lock &&
	(cd r && tz act ISS-2026-0002 progress --date 2026-03-12 --note 接手) &&
	test_must_fail test -f r/.git/taizhang/locks/records+issues+ISS-2026-0002.ini.lock
'

test_done
