#!/bin/sh
test_description='the history index keeps a creation as one row naming the
created blob, and tz log, tz blame and the as-of reads show its fields from
that blob; an index of the earlier format is built again, never misread'
. ./lib-tz.sh
. "$SHARNESS_TEST_SRCDIR/lib-audit.sh"

ISS=records/issues

test_expect_success 'setup: two units, two issues, one of them edited' '
	audit_repo repo &&
	tick && git -C repo add -A && git -C repo commit -q -m units &&
	issue repo/$ISS/ISS-0100.ini &&
	issue repo/$ISS/ISS-0101.ini open hbj 第二 &&
	tick && git -C repo add -A && git -C repo commit -q -m "two issues" &&
	set_field repo/$ISS/ISS-0100.ini status in_progress &&
	add_log repo/$ISS/ISS-0100.ini 001 2026-06-01 assign 交办 &&
	tick && git -C repo commit -q -a -m "assign ISS-0100" &&
	tz -C repo log --format tsv >walked
'

test_expect_success 'a creation is one "(path)" row with its blob, a change a row per field' '
	b100=$(git -C repo rev-parse "HEAD^:$ISS/ISS-0100.ini") &&
	b101=$(git -C repo rev-parse "HEAD^:$ISS/ISS-0101.ini") &&
	sqlite3 -separator "|" repo/.git/taizhang/index.sqlite \
		"SELECT seq, ord, record, field, quote(old), new, quote(blob) FROM history_change
		 WHERE type = '"'"'issue'"'"' ORDER BY seq, ord" >rows &&
	{
		echo "2|0|ISS-0100|(path)|NULL|$ISS/ISS-0100.ini|'"'"'$b100'"'"'" &&
		echo "2|1|ISS-0101|(path)|NULL|$ISS/ISS-0101.ini|'"'"'$b101'"'"'" &&
		echo "3|0|ISS-0100|status|'"'"'open'"'"'|in_progress|NULL" &&
		echo "3|1|ISS-0100|log.001.date|NULL|2026-06-01|NULL" &&
		echo "3|2|ISS-0100|log.001.action|NULL|assign|NULL" &&
		echo "3|3|ISS-0100|log.001.note|NULL|交办|NULL"
	} >expect &&
	test_cmp expect rows &&
	sqlite3 repo/.git/taizhang/index.sqlite \
		"SELECT value FROM history_state WHERE key = '"'"'version'"'"'" >version &&
	echo 3 >expect &&
	test_cmp expect version
'

test_expect_success 'tz log shows the fields a record was created with, read from its blob' '
	tz -C repo log --format tsv ISS-0100 | cut -f4- >out &&
	{
		printf "record\tfield\told\tnew\n" &&
		printf "ISS-0100\tstatus\topen\tin_progress\n" &&
		printf "ISS-0100\tlog.001.date\t\t2026-06-01\n" &&
		printf "ISS-0100\tlog.001.action\t\tassign\n" &&
		printf "ISS-0100\tlog.001.note\t\t交办\n" &&
		printf "ISS-0100\t(path)\t\t$ISS/ISS-0100.ini\n" &&
		printf "ISS-0100\ttitle\t\t用地未落实\n" &&
		printf "ISS-0100\tunit\t\tgtj\n" &&
		printf "ISS-0100\tstatus\t\topen\n"
	} >expect &&
	test_cmp expect out
'

test_expect_success 'a field filter applies to the fields read from a blob' '
	tz -C repo log --format tsv --field status issue | cut -f4- >out &&
	{
		printf "record\tfield\told\tnew\n" &&
		printf "ISS-0100\tstatus\topen\tin_progress\n" &&
		printf "ISS-0100\tstatus\t\topen\n" &&
		printf "ISS-0101\tstatus\t\topen\n"
	} >expect &&
	test_cmp expect out &&
	tz -C repo log --format tsv --field unit --until 2026-06-29 | cut -f4- >out &&
	printf "record\tfield\told\tnew\n" >expect &&
	test_cmp expect out &&
	tz -C repo log --format tsv --field unit hbj | cut -f4- >out &&
	test_cmp expect out
'

test_expect_success 'tz blame takes a field never changed from the creation' '
	tz -C repo blame --format tsv ISS-0100 | cut -f1-3 >out &&
	c1=$(git -C repo rev-parse --short=7 HEAD^) &&
	c2=$(git -C repo rev-parse --short=7 HEAD) &&
	{
		printf "field\tvalue\tcommit\n" &&
		printf "title\t用地未落实\t$c1\n" &&
		printf "unit\tgtj\t$c1\n" &&
		printf "status\tin_progress\t$c2\n" &&
		printf "log.001.date\t2026-06-01\t$c2\n" &&
		printf "log.001.action\tassign\t$c2\n" &&
		printf "log.001.note\t交办\t$c2\n"
	} >expect &&
	test_cmp expect out
'

test_expect_success 'an index of format 2 (no blob column) is built again, never misread' '
	db=repo/.git/taizhang/index.sqlite &&
	sqlite3 $db "UPDATE history_change SET new = '"'"'伪造'"'"' WHERE field = '"'"'status'"'"';
		DROP VIEW history_log; ALTER TABLE history_change DROP COLUMN blob;
		UPDATE history_state SET value = '"'"'2'"'"' WHERE key = '"'"'version'"'"'" &&
	tz -C repo log --format tsv >out &&
	test_cmp walked out &&
	sqlite3 $db "SELECT value FROM history_state WHERE key = '"'"'version'"'"';
		SELECT count(*) FROM history_change WHERE blob IS NOT NULL" >state &&
	printf "3\n4\n" >expect &&
	test_cmp expect state
'

test_expect_success 'a damaged or unreadable blob id is an error, not a wrong answer' '
	db=repo/.git/taizhang/index.sqlite &&
	sqlite3 $db "UPDATE history_change SET blob = '"'"'zz'"'"' WHERE record = '"'"'ISS-0101'"'"'" &&
	test_expect_code 2 tz -C repo log --format tsv ISS-0101 >out 2>err &&
	echo "tz log: $(tz_msg "history index: a damaged row for %s (tz index --rebuild mends it)" ISS-0101)" >expect &&
	test_cmp expect err &&
	missing=1234567890123456789012345678901234567890 &&
	sqlite3 $db "UPDATE history_change SET blob = '"'"'$missing'"'"' WHERE record = '"'"'ISS-0101'"'"'" &&
	test_expect_code 2 tz -C repo blame --format tsv ISS-0101 >out 2>err &&
	grep "^tz blame: $(tz_msg "cannot read a blob"): .*$missing" err &&
	tz -C repo index -q --rebuild &&
	tz -C repo log --format tsv >out &&
	test_cmp walked out
'

test_done
