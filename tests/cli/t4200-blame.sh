#!/bin/sh
test_description='tz blame: each field with the commit, author and date that last set it'
. ./lib-tz.sh
. "$SHARNESS_TEST_SRCDIR/lib-audit.sh"

ISS=records/issues

test_expect_success 'setup: a record edited by three people, then moved' '
	audit_repo repo &&
	issue repo/$ISS/ISS-0001.ini &&
	tick && tz -C repo commit -q &&
	git -C repo tag created &&
	set_field repo/$ISS/ISS-0001.ini status in_progress &&
	set_field repo/$ISS/ISS-0001.ini deadline 2026-07-31 &&
	add_log repo/$ISS/ISS-0001.ini 001 2026-06-01 assign 交办 &&
	tick && tz -C repo commit -q --author "张三 <zhangsan@example.gov.cn>" &&
	git -C repo tag assigned &&
	set_field repo/$ISS/ISS-0001.ini deadline 2026-08-31 &&
	add_log repo/$ISS/ISS-0001.ini 002 2026-06-20 urge 延期 &&
	tick && tz -C repo commit -q --author "李四 <lisi@example.gov.cn>" &&
	git -C repo tag extended &&
	mkdir repo/$ISS/2026 &&
	git -C repo mv $ISS/ISS-0001.ini $ISS/2026/ &&
	tick && git -C repo commit -q -m move
'

test_expect_success 'every field, with the commit that set its value' '
	tz -C repo blame ISS-0001 >out &&
	c() { git -C repo rev-parse --short=7 "$1"; } &&
	cat >expect <<-EOF &&
	field	value	commit	author	date
	deadline	2026-08-31	$(c extended)	李四	2026-06-30 08:03
	title	用地未落实	$(c created)	两帮两促办公室	2026-06-30 08:01
	unit	gtj	$(c created)	两帮两促办公室	2026-06-30 08:01
	status	in_progress	$(c assigned)	张三	2026-06-30 08:02
	log.001.date	2026-06-01	$(c assigned)	张三	2026-06-30 08:02
	log.001.action	assign	$(c assigned)	张三	2026-06-30 08:02
	log.001.note	交办	$(c assigned)	张三	2026-06-30 08:02
	log.002.date	2026-06-20	$(c extended)	李四	2026-06-30 08:03
	log.002.action	urge	$(c extended)	李四	2026-06-30 08:03
	log.002.note	延期	$(c extended)	李四	2026-06-30 08:03
	EOF
	test_cmp expect out
'

test_expect_success 'it agrees with git blame on the file' '
	git -C repo blame --root -s -l -M $ISS/2026/ISS-0001.ini >gitblame &&
	for key in title unit status deadline
	do
		want=$(grep " $key = " gitblame | cut -c1-7) &&
		got=$(grep "^$key	" out | cut -f3) &&
		test "$want" = "$got" || { echo "$key: git $want, tz $got"; return 1; }
	done
'

test_expect_success 'an uncommitted value is not committed yet' '
	set_field repo/$ISS/2026/ISS-0001.ini status resolved &&
	tz -C repo blame ISS-0001 | grep "^status" >out &&
	printf "status\tresolved\t0000000\tNot Committed Yet\t\n" >expect &&
	test_cmp expect out &&
	git -C repo checkout -q -- records
'

test_expect_success 'a record never committed' '
	issue repo/$ISS/ISS-0002.ini &&
	tz -C repo blame ISS-0002 | sed 1d | cut -f3 | sort -u >out &&
	echo 0000000 >expect &&
	test_cmp expect out &&
	rm repo/$ISS/ISS-0002.ini
'

test_expect_success '--rev: the record as it was then' '
	tz -C repo blame --rev assigned ISS-0001 | grep "^deadline" | cut -f1-4 >out &&
	printf "deadline\t2026-07-31\t%s\t张三\n" "$(git -C repo rev-parse --short=7 assigned)" >expect &&
	test_cmp expect out
'

test_expect_success 'a bare repository: HEAD by default' '
	tz -C repo blame ISS-0001 >expect &&
	git clone -q --bare repo bare.git &&
	tz -C bare.git blame ISS-0001 >out &&
	test_cmp expect out
'

test_expect_success 'the record file may be given instead of its ID' '
	tz -C repo blame records/issues/2026/ISS-0001.ini >out &&
	test_cmp expect out
'

test_expect_success 'json' '
	tz -C repo blame --format json ISS-0001 >out &&
	head -2 out | tail -1 >first &&
	printf "{\"field\": \"deadline\", \"value\": \"2026-08-31\", \"commit\": \"%s\", \"author\": \"李四\", \"date\": \"2026-06-30 08:03\"},\n" \
		"$(git -C repo rev-parse --short=7 extended)" >expect &&
	test_cmp expect first
'

test_expect_success 'no such record: exit 1; no ID: exit 2' '
	test_expect_code 1 tz -C repo blame ISS-0404 2>err &&
	echo "tz blame: $(tz_msg "no record \"%s\"" ISS-0404)" >expect &&
	test_cmp expect err &&
	test_expect_code 2 tz -C repo blame 2>err &&
	{
		echo "tz blame: $(tz_msg "give one record ID")" &&
		tz_try_help "tz blame"
	} >expect &&
	test_cmp expect err &&
	test_expect_code 2 tz -C repo blame ISS-0001 ISS-0002 2>err &&
	test_cmp expect err
'

test_done
