#!/bin/sh
test_description='generated commit messages are in the repository language
set in schema/repository.ini, whoever commits'
. ./lib-tz.sh

# The message of r's last commit, byte for byte.
last_message () {
	git -C r cat-file commit HEAD | sed "1,/^\$/d"
}

test_expect_success 'setup: a repository whose language is Chinese' '
	git init -q r &&
	mkdir -p r/schema r/records/tasks &&
	cat >r/schema/task.ini <<-\EOF &&
	[type]
	name = task
	label = 任务
	dir = tasks
	id = T-[0-9]{3}
	title = title

	[field.title]
	label = 标题
	type = text
	required = yes

	[field.status]
	label = 状态
	type = enum
	values = registered, assigned, in_progress, resolved
	labels = 已登记, 已交办, 办理中, 已办结
	required = yes

	[field.deadline]
	label = 办结时限
	type = date

	[field.note]
	label = 备注
	type = text

	[part.log]
	label = 办理记录
	key = [0-9]{3}

	[part.log.field.note]
	label = 说明
	type = text
	EOF
	printf "[repository]\nlanguage = zh_CN\n" >r/schema/repository.ini &&
	printf "[task]\ntitle = 林地审批\nstatus = assigned\n" >r/records/tasks/T-001.ini &&
	(cd r && tz commit -q -m "start")
'

test_expect_success 'a new record: 新建 and the type label' '
	printf "[task]\ntitle = 用地报批\nstatus = registered\n" >r/records/tasks/T-002.ini &&
	(cd r && tz commit -q) && last_message >actual &&
	echo "T-002: 新建任务 \"用地报批\"" >expect &&
	test_cmp expect actual
'

test_expect_success 'a change: field and enum labels' '
	printf "[task]\ntitle = 林地审批\nstatus = in_progress\n" >r/records/tasks/T-001.ini &&
	(cd r && tz commit -q) && last_message >actual &&
	echo "T-001: 状态 已交办 → 办理中" >expect &&
	test_cmp expect actual
'

test_expect_success 'more changes than fit: （另 N 项）, all of them in the body' '
	cat >r/records/tasks/T-001.ini <<-\EOF &&
	[task]
	title = 林地审批
	status = resolved
	deadline = 2026-07-31
	note = 已协调省林业局完成林地报批，企业已开工建设

	[log.001]
	note = 交市林业局办理
	[log.002]
	note = 市林业局签收
	[log.003]
	note = 报省林业局审批
	EOF
	(cd r && LC_ALL=C.UTF-8 tz commit -q) && last_message >actual &&
	cat >expect <<-\EOF &&
	T-001: 状态 办理中 → 已办结，办结时限 2026-07-31（另 4 项）

	状态 办理中 → 已办结
	办结时限 2026-07-31
	备注 已协调省林业局完成林地报批，企业已开工建设
	新增办理记录 001
	新增办理记录 002
	新增办理记录 003
	EOF
	test_cmp expect actual
'

test_expect_success 'a part field and a cleared field' '
	cat >r/records/tasks/T-001.ini <<-\EOF &&
	[task]
	title = 林地审批
	status = resolved
	deadline = 2026-07-31

	[log.001]
	note = 交市林业局牵头办理
	[log.002]
	note = 市林业局签收
	[log.003]
	note = 报省林业局审批
	EOF
	(cd r && tz commit -q) && last_message >actual &&
	cat >expect <<-\EOF &&
	T-001: 清空备注，办理记录 001 说明 交市林业局办理 → 交市林业局牵头办理
	EOF
	test_cmp expect actual
'

test_expect_success 'several records: counted in Chinese' '
	printf "[task]\ntitle = 电力增容\nstatus = registered\n" >r/records/tasks/T-003.ini &&
	rm r/records/tasks/T-002.ini &&
	(cd r && tz commit -q) && last_message >actual &&
	cat >expect <<-\EOF &&
	2 条记录: 新建 1，删除 1

	T-002: 删除
	T-003: 新建任务 "电力增容"
	EOF
	test_cmp expect actual
'

test_expect_success 'the committer locale does not change the language' '
	printf "[task]\ntitle = 电力增容\nstatus = assigned\n" >r/records/tasks/T-003.ini &&
	(cd r && LC_ALL=zh_CN.UTF-8 tz commit -q) && last_message >actual &&
	echo "T-003: 状态 已登记 → 已交办" >expect &&
	test_cmp expect actual
'

test_expect_success 'language = en, or no schema/repository.ini: English' '
	printf "[repository]\nlanguage = en\n" >r/schema/repository.ini &&
	printf "[task]\ntitle = 电力增容\nstatus = in_progress\n" >r/records/tasks/T-003.ini &&
	(cd r && tz commit -q) && last_message >actual &&
	cat >expect <<-\EOF &&
	1 record: 1 changed; schema: repository.ini

	T-003: status assigned → in_progress
	schema/repository.ini: changed
	EOF
	test_cmp expect actual &&
	rm r/schema/repository.ini &&
	printf "[task]\ntitle = 电力增容\nstatus = resolved\n" >r/records/tasks/T-003.ini &&
	(cd r && LC_ALL=zh_CN.UTF-8 tz commit -q) && last_message >actual &&
	cat >expect <<-\EOF &&
	1 record: 1 changed; schema: repository.ini

	T-003: status in_progress → resolved
	schema/repository.ini: deleted
	EOF
	test_cmp expect actual
'

test_expect_success 'an unknown language or setting is a finding' '
	printf "[repository]\nlanguage = fr\ncolour = red\n[other]\n" >r/schema/repository.ini &&
	expect_en expect <<-\EOF &&
	schema/repository.ini:2: error: language: "fr" is not one of en, zh_CN
	schema/repository.ini:3: error: unknown setting "colour" (only language)
	schema/repository.ini:4: error: unknown section "[other]" (only [repository])
	EOF
	expect_zh expect <<-\EOF &&
	schema/repository.ini:2: 错误: language: "fr" 不是可选值: en, zh_CN
	schema/repository.ini:3: 错误: 未知设置 "colour"（只有 language）
	schema/repository.ini:4: 错误: 未知的节 "[other]"（只能是 [repository]）
	EOF
	(cd r && test_expect_code 1 tz validate -q >../actual) &&
	test_cmp expect actual
'

test_expect_success 'the bundled schema writes Chinese' '
	tz_demo_repo demo &&
	grep "^language = zh_CN$" demo/schema/repository.ini &&
	git -C demo log -1 --format=%s >actual &&
	echo "bundled campaign" >expect &&
	test_cmp expect actual
'

test_done
