#!/bin/sh
test_description='tz show: labels, enum labels, references with titles, multi-line values, parts'
. ./lib-tz.sh
. "$SHARNESS_TEST_SRCDIR/lib-query.sh"

test_expect_success 'setup' '
	query_repo r
'

test_expect_success 'one record, laid out with the schema labels' '
	(cd r && tz show ISS-0001 >../out 2>../err) &&
	cat >expect <<-\EOF &&
	问题 ISS-0001  蓝思新材料项目一期用地未落实
	records/issues/ISS-0001.ini

	问题简述  蓝思新材料项目一期用地未落实
	状态      办理中 (in_progress)
	责任单位  国土局 (gtj)
	协办单位  环保局 (hbj), 发改委 (fgw)
	办结时限  2026-07-31
	金额      1200.50
	走访次数  3
	问题描述  一期需用地500亩，已完成征地300亩；剩余200亩涉及基本农田调整，
	          需报省厅审批。

	[log.001]  办理记录
	  日期  2026-05-31
	  环节  交办 (assign)
	  说明  交国土局牵头办理

	[log.002]  办理记录
	  日期  2026-06-20
	  环节  催办 (urge)
	EOF
	test_cmp expect out &&
	test_must_be_empty err
'

test_expect_success 'tz show and tz-show are the same program' '
	(cd r && tz-show ISS-0001 >../out2) &&
	test_cmp out out2
'

test_expect_success 'several IDs, a blank line between them; a path names a record too' '
	(cd r && tz show hbj records/units/yhz.ini >../out) &&
	cat >expect <<-\EOF &&
	单位 hbj  环保局
	records/units/hbj.ini

	名称  环保局
	类别  局 (bureau)

	单位 yhz  永和镇
	records/units/yhz.ini

	名称  永和镇
	类别  镇 (town)
	EOF
	test_cmp expect out
'

test_expect_success 'a reference to no record, an invalid enum value and an unknown key' '
	cat >r/records/issues/ISS-0009.ini <<-\EOF &&
	[issue]
	title = 有问题的记录
	status = opne
	unit = gjt
	co_units = hbj, zzz
	visits = many
	remark = 不在模式中的键
	EOF
	(cd r && tz show ISS-0009 >../out) &&
	cat >expect <<-EOF &&
	问题 ISS-0009  有问题的记录
	records/issues/ISS-0009.ini

	问题简述  有问题的记录
	状态      opne
	责任单位  $(tz_msg "%s (no such %s)" gjt unit)
	协办单位  环保局 (hbj), $(tz_msg "%s (no such %s)" zzz unit)
	走访次数  many
	remark    不在模式中的键
	EOF
	test_cmp expect out
'

test_expect_success 'an unknown ID: a suggestion, exit 1' '
	(cd r && test_expect_code 1 tz show ISS-001 >../out 2>../err) &&
	test_must_be_empty out &&
	echo "tz show: $(tz_msg "no record \"%s\" (did you mean \"%s\"?)" ISS-001 ISS-0001)" >expect &&
	test_cmp expect err &&
	(cd r && test_expect_code 1 tz show nothing-like-it 2>../err) &&
	echo "tz show: $(tz_msg "no record \"%s\"" nothing-like-it)" >expect &&
	test_cmp expect err
'

test_expect_success 'found and not found: what is found is shown, exit 1' '
	(cd r && test_expect_code 1 tz show gtj ISS-001 >../out 2>../err) &&
	head -n 1 out >first &&
	echo "单位 gtj  国土局" >expect &&
	test_cmp expect first &&
	grep -F "$(tz_msg "no record \"%s\" (did you mean \"%s\"?)" ISS-001 ISS-0001)" err
'

test_expect_success 'a file that is not indexed says why' '
	printf "[unit]\nname = x\n" >r/records/issues/ISS-0010.ini &&
	(cd r && test_expect_code 1 tz show ISS-0010 2>../err) &&
	grep -F -x "tz show: $(tz_msg "\"%s\" is not in the index: %s" ISS-0010 \
		"records/issues/ISS-0010.ini: $(tz_msg "first section is \"[%s]\", expected \"[%s]\"" unit issue)")" err &&
	rm r/records/issues/ISS-0010.ini
'

test_expect_success 'the working tree by default, a revision with --rev' '
	sed -i "s/^title = 用工短缺/title = 用工短缺（已改）/" r/records/issues/2026/ISS-0005.ini &&
	(cd r && tz show ISS-0005 | head -n 1 >../out) &&
	echo "问题 ISS-0005  用工短缺（已改）" >expect &&
	test_cmp expect out &&
	(cd r && tz show --rev HEAD ISS-0005 | head -n 1 >../out) &&
	echo "问题 ISS-0005  用工短缺" >expect &&
	test_cmp expect out &&
	(cd r && test_expect_code 1 tz show --rev HEAD ISS-0009 2>/dev/null)
'

test_expect_success 'usage errors' '
	(cd r && test_expect_code 2 tz show 2>../err) &&
	grep "^tz show: $(tz_msg "name a record ID")" err &&
	(cd r && test_expect_code 2 tz show --rev nosuchrev ISS-0001 2>../err) &&
	echo "tz show: $(tz_msg "unknown revision \"%s\"" nosuchrev)" >expect &&
	test_cmp expect err &&
	(cd r && test_expect_code 2 tz show --bogus 2>/dev/null) &&
	tz show --help >out &&
	grep "^$(tz_usage) tz show" out
'

test_expect_success '-C DIR' '
	tz show -C r fgw >out &&
	head -n 1 out >first &&
	echo "单位 fgw  发改委" >expect &&
	test_cmp expect first
'

test_done
