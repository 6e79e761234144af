#!/bin/sh
test_description='the clerk plays one issue'"'"'s half-year with tz new, tz act and tz set only'
. ./lib-tz.sh
. "$SHARNESS_TEST_SRCDIR/lib-write.sh"

# Every step of the half-year; COMMIT=yes commits after each one.
play () {
	step () {
		"$@" &&
		if test "$COMMIT" = yes; then tz commit -q -m "$2 $4" >/dev/null; fi
	}
	step tz new 问题 title=蓝思科技流动资金贷款到期续贷困难 subject_type=企业 enterprise=蓝思科技 \
		category=融资 source=走访收集 priority=重要 主办单位=财政局 reporter=企业财务负责人 \
		"description=企业2000万元流动资金贷款3月到期，银行收紧授信，续贷存在困难。" \
		--date 2026-01-05 --note 走访收集，登记入台账。 >id &&
	id=$(cat id) &&
	step tz act "$id" 交办 --date 2026-01-08 deadline=2026-02-27 co_units+=金融办 \
		--note 交财政局牵头办理，金融办配合，限2月27日前办结。 &&
	step tz act "$id" accept --date 2026-01-12 --actor 财政局 --note 已签收，分管负责人牵头办理。 &&
	step tz act "$id" 进展 --date 2026-02-10 --actor 财政局 --note 已与两家银行对接续贷方案。 &&
	step tz act "$id" 延期 --date 2026-02-25 new_deadline=2026-03-31 approver=联点领导 \
		--note 银行审批需上会，申请延期，经联点领导同意延期至3月31日。 &&
	step tz act "$id" 督办 --date 2026-03-05 notice_color=黄色督办单 --note 下发黄色督办单，要求5个工作日内报送办理情况。 &&
	step tz set "$id" co_units+=市商务局 reporter=企业财务总监 &&
	step tz act "$id" 办结 --date 2026-03-20 --actor 财政局 resolution=银行已完成续贷审批，2000万元贷款续贷到位。 \
		--note 续贷到位，申请办结。 &&
	step tz act "$id" 销号 --date 2026-03-31 verified_by=两帮两促办公室主任 --note 经回访核实，企业对办理结果满意，予以销号。
}

test_expect_success 'setup: the reference, written by hand' '
	cat >reference <<-\EOF
	[issue]
	title = 蓝思科技流动资金贷款到期续贷困难
	subject_type = enterprise
	enterprise = ENT-0001
	category = financing
	source = visit
	priority = important
	unit = czj
	co_units = jrb, shwj
	status = closed
	reported_on = 2026-01-05
	assigned_on = 2026-01-08
	original_deadline = 2026-02-27
	deadline = 2026-03-31
	accepted_on = 2026-01-12
	resolved_on = 2026-03-20
	resolution = 银行已完成续贷审批，2000万元贷款续贷到位。
	verified_on = 2026-03-31
	verified_by = 两帮两促办公室主任
	reporter = 企业财务总监
	description = 企业2000万元流动资金贷款3月到期，银行收紧授信，续贷存在困难。

	[log.001]
	date = 2026-01-05
	actor = 两帮两促办公室
	action = register
	to_status = registered
	note = 走访收集，登记入台账。

	[log.002]
	date = 2026-01-08
	actor = 两帮两促办公室
	action = assign
	to_status = assigned
	note = 交财政局牵头办理，金融办配合，限2月27日前办结。

	[log.003]
	date = 2026-01-12
	actor = 财政局
	action = accept
	to_status = in_progress
	note = 已签收，分管负责人牵头办理。

	[log.004]
	date = 2026-02-10
	actor = 财政局
	action = progress
	note = 已与两家银行对接续贷方案。

	[log.005]
	date = 2026-02-25
	actor = 两帮两促办公室
	action = extend
	new_deadline = 2026-03-31
	approver = 联点领导
	note = 银行审批需上会，申请延期，经联点领导同意延期至3月31日。

	[log.006]
	date = 2026-03-05
	actor = 两帮两促办公室
	action = urge
	notice_color = yellow
	note = 下发黄色督办单，要求5个工作日内报送办理情况。

	[log.007]
	date = 2026-03-20
	actor = 财政局
	action = resolve
	to_status = resolved
	note = 续贷到位，申请办结。

	[log.008]
	date = 2026-03-31
	actor = 两帮两促办公室
	action = verify
	to_status = closed
	note = 经回访核实，企业对办理结果满意，予以销号。
	EOF
'

test_expect_success 'the whole half-year, committed once at the end' '
	tz_write_repo once &&
	(cd once && COMMIT=no && play) &&
	echo ISS-2026-0001 >expect &&
	test_cmp expect once/id &&
	test_cmp reference once/records/issues/ISS-2026-0001.ini &&
	(cd once && tz validate && tz commit -q -m "half-year" >/dev/null) &&
	git -C once log --format=%s >log &&
	test_line_count = 2 log
'

test_expect_success 'the whole half-year, one commit per step' '
	tz_write_repo steps &&
	(cd steps && COMMIT=yes && play) &&
	test_cmp reference steps/records/issues/ISS-2026-0001.ini &&
	git -C steps log --format=%s >log &&
	test_line_count = 10 log &&
	(cd steps && tz log ISS-2026-0001 --field status) >status-log &&
	grep -c "closed" status-log >n &&
	echo 1 >expect &&
	test_cmp expect n
'

test_done
