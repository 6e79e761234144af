#!/bin/sh
test_description='tz diff: field-level differences between revisions and the working tree'
. ./lib-tz.sh
. "$SHARNESS_TEST_SRCDIR/lib-audit.sh"

ISS=records/issues

test_expect_success 'setup' '
	audit_repo repo &&
	issue repo/$ISS/ISS-0001.ini &&
	issue repo/$ISS/ISS-0002.ini &&
	tz -C repo commit -q &&
	git -C repo tag v1
'

test_expect_success 'no changes: only the header' '
	tz -C repo diff >out &&
	echo "record	field	label	old	new" >expect &&
	test_cmp expect out
'

test_expect_success 'HEAD against the working tree, with labels from the schema' '
	set_field repo/$ISS/ISS-0001.ini status in_progress &&
	set_field repo/$ISS/ISS-0001.ini deadline 2026-07-31 &&
	add_log repo/$ISS/ISS-0001.ini 001 2026-06-01 assign 交办 &&
	rm repo/$ISS/ISS-0002.ini &&
	issue repo/$ISS/ISS-0003.ini &&
	tz -C repo diff >out &&
	cat >expect <<-\EOF &&
	record	field	label	old	new
	ISS-0001	deadline	办结时限		2026-07-31
	ISS-0001	status	状态	open	in_progress
	ISS-0001	log.001.date	办理记录 001 日期		2026-06-01
	ISS-0001	log.001.action	办理记录 001 动作		assign
	ISS-0001	log.001.note	办理记录 001 说明		交办
	ISS-0002	(path)	(path)	records/issues/ISS-0002.ini	
	ISS-0002	title	问题简述	用地未落实	
	ISS-0002	unit	责任单位	gtj	
	ISS-0002	status	状态	open	
	ISS-0003	(path)	(path)		records/issues/ISS-0003.ini
	ISS-0003	title	问题简述		用地未落实
	ISS-0003	unit	责任单位		gtj
	ISS-0003	status	状态		open
	EOF
	test_cmp expect out
'

test_expect_success 'it agrees with git diff' '
	git -C repo add -A records &&
	git -C repo diff --cached -- $ISS/ISS-0001.ini >patch &&
	grep -x -e "-status = open" patch &&
	grep -x -e "+status = in_progress" patch &&
	grep -x -e "+deadline = 2026-07-31" patch &&
	git -C repo reset -q
'

test_expect_success 'a move is one row; comments and layout are no change' '
	tz -C repo commit -q &&
	git -C repo tag v2 &&
	mkdir repo/$ISS/2026 &&
	mv repo/$ISS/ISS-0001.ini repo/$ISS/2026/ &&
	sed -i "1i ; 问题台账" repo/$ISS/2026/ISS-0001.ini &&
	sed -i "s/^status = /status   =   /" repo/$ISS/2026/ISS-0001.ini &&
	tz -C repo diff >out &&
	cat >expect <<-\EOF &&
	record	field	label	old	new
	ISS-0001	(path)	(path)	records/issues/ISS-0001.ini	records/issues/2026/ISS-0001.ini
	EOF
	test_cmp expect out &&
	tz -C repo commit -q &&
	git -C repo tag v3
'

test_expect_success 'two revisions, and REV..REV' '
	tz -C repo diff v1 v2 >out1 &&
	tz -C repo diff v1..v2 >out2 &&
	test_cmp out1 out2 &&
	sed 1d out1 | cut -f1 | sort -u >records &&
	printf "ISS-0001\nISS-0002\nISS-0003\n" >expect &&
	test_cmp expect records &&
	tz -C repo diff v2 v3 | sed 1d >out &&
	printf "ISS-0001\t(path)\t(path)\trecords/issues/ISS-0001.ini\trecords/issues/2026/ISS-0001.ini\n" >expect &&
	test_cmp expect out
'

test_expect_success 'one revision against the working tree' '
	set_field repo/$ISS/2026/ISS-0001.ini title 新标题 &&
	tz -C repo diff v2 | sed 1d | cut -f1,2,4,5 >out &&
	cat >expect <<-\EOF &&
	ISS-0001	(path)	records/issues/ISS-0001.ini	records/issues/2026/ISS-0001.ini
	ISS-0001	title	用地未落实	新标题
	EOF
	test_cmp expect out
'

test_expect_success '--exit-code says whether anything differs' '
	test_expect_code 1 tz -C repo diff --exit-code >/dev/null &&
	git -C repo checkout -q -- records &&
	tz -C repo diff --exit-code >/dev/null
'

test_expect_success 'json' '
	tz -C repo diff --format json v2 v3 >out &&
	cat >expect <<-\EOF &&
	[
	{"record": "ISS-0001", "field": "(path)", "label": "(path)", "old": "records/issues/ISS-0001.ini", "new": "records/issues/2026/ISS-0001.ini"}
	]
	EOF
	test_cmp expect out
'

test_expect_success 'a new repository: everything is new' '
	audit_repo fresh &&
	tz -C fresh diff | sed 1d | cut -f1,2 >out &&
	cat >expect <<-\EOF &&
	gtj	(path)
	gtj	name
	hbj	(path)
	hbj	name
	EOF
	test_cmp expect out
'

test_expect_success 'a bare repository needs two revisions' '
	git clone -q --bare repo bare.git &&
	tz -C repo diff v1 v3 >expect &&
	tz -C bare.git diff v1 v3 >out &&
	test_cmp expect out &&
	test_expect_code 2 tz -C bare.git diff 2>err &&
	echo "tz diff: $(tz_msg "this is a bare repository: name two revisions")" >expect &&
	test_cmp expect err
'

test_expect_success 'errors' '
	test_expect_code 2 tz -C repo diff nosuch 2>err &&
	echo "tz diff: $(tz_msg "unknown revision \"%s\"" nosuch)" >expect &&
	test_cmp expect err &&
	test_expect_code 2 tz -C repo diff a b c 2>err &&
	{
		echo "tz diff: $(tz_msg "too many revisions")" &&
		tz_try_help "tz diff"
	} >expect &&
	test_cmp expect err &&
	test_expect_code 2 tz -C repo diff --format yaml 2>err &&
	{
		echo "tz diff: $(tz_msg "unknown format \"%s\" (table, tsv, csv or json)" yaml)" &&
		tz_try_help "tz diff"
	} >expect &&
	test_cmp expect err
'

test_done
