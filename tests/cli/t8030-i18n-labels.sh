#!/bin/sh
test_description='--labels: field labels, enum labels and references with
titles in tz query, show, log, blame and diff'
. ./lib-tz.sh

test_expect_success 'setup: units and tasks, committed, then one change' '
	git init -q r &&
	mkdir -p r/schema r/records/units r/records/tasks &&
	cat >r/schema/unit.ini <<-\EOF &&
	[type]
	name = unit
	label = 责任单位
	dir = units
	id = [a-z]{2,8}
	title = name

	[field.name]
	label = 单位名称
	type = text
	required = yes
	EOF
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
	values = registered, assigned, resolved
	labels = 已登记, 已交办, 已办结
	required = yes

	[field.unit]
	label = 主办单位
	type = ref
	to = unit

	[field.co_units]
	label = 协办单位
	type = ref
	to = unit
	multiple = yes
	EOF
	printf "[unit]\nname = 市林业局\n" >r/records/units/lyj.ini &&
	printf "[unit]\nname = 市国土资源局\n" >r/records/units/gtj.ini &&
	printf "[task]\ntitle = 林地审批\nstatus = assigned\nunit = lyj\nco_units = gtj, lyj\n" >r/records/tasks/T-001.ini &&
	printf "[task]\ntitle = 用地报批\nstatus = registered\nunit = xx\n" >r/records/tasks/T-002.ini &&
	(cd r && git add -A && git commit -q -m start) &&
	printf "[task]\ntitle = 林地审批\nstatus = resolved\nunit = gtj\nco_units = gtj, lyj\n" >r/records/tasks/T-001.ini
'

test_expect_success 'tz query --labels: label headers, enum labels, references with titles' '
	tz -C r query task --fields id,title,status,unit --labels >actual &&
	expect_en expect <<-\EOF &&
	id	标题	状态	主办单位
	T-001	林地审批	已办结	gtj 市国土资源局
	T-002	用地报批	已登记	xx
	EOF
	expect_zh expect <<-\EOF &&
	编号	标题	状态	主办单位
	T-001	林地审批	已办结	gtj 市国土资源局
	T-002	用地报批	已登记	xx
	EOF
	test_cmp expect actual
'

test_expect_success 'a multiple reference: every item with its title' '
	tz -C r query task "status = resolved" --fields id,co_units --labels >actual &&
	expect_en expect <<-\EOF &&
	id	协办单位
	T-001	gtj 市国土资源局, lyj 市林业局
	EOF
	expect_zh expect <<-\EOF &&
	编号	协办单位
	T-001	gtj 市国土资源局, lyj 市林业局
	EOF
	test_cmp expect actual
'

test_expect_success 'without --labels in a pipe: keys and values, whatever the locale' '
	tz -C r query task --fields id,title,status,unit >actual &&
	cat >expect <<-\EOF &&
	id	title	status	unit
	T-001	林地审批	resolved	gtj
	T-002	用地报批	registered	xx
	EOF
	test_cmp expect actual &&
	LC_ALL=zh_CN.UTF-8 tz -C r query task --fields id,title,status,unit >actual &&
	test_cmp expect actual
'

test_expect_success 'CSV with --labels --bom, for Excel and WPS' '
	tz -C r query task --labels --format csv --bom --fields id,status >actual &&
	printf "\\357\\273\\277" >expect &&
	expect_en header <<-\EOF &&
	id,状态
	EOF
	expect_zh header <<-\EOF &&
	编号,状态
	EOF
	printf "%s\\r\\nT-001,已办结\\r\\nT-002,已登记\\r\\n" "$(cat header)" >>expect &&
	test_cmp expect actual
'

# script(1) needs a pseudo-terminal; a chroot without /dev/pts has none.
if script -qec true /dev/null >/dev/null 2>&1
then
	test_set_prereq PTY
fi

test_expect_success PTY 'a table on a terminal is labelled by default under a Chinese locale only' '
	LC_ALL=zh_CN.UTF-8 script -qec "tz -C r query task --fields id,status" /dev/null >zh &&
	LC_ALL=C.UTF-8 script -qec "tz -C r query task --fields id,status" /dev/null >en &&
	LC_ALL=zh_CN.UTF-8 script -qec "tz -C r query task --fields id,status --no-labels" /dev/null >off &&
	tr -d "\\r" <zh >actual &&
	cat >expect <<-\EOF &&
	编号   状态
	T-001  已办结
	T-002  已登记
	EOF
	test_cmp expect actual &&
	tr -d "\\r" <en >actual &&
	cat >expect <<-\EOF &&
	id     status
	T-001  已办结
	T-002  已登记
	EOF
	test_cmp expect actual &&
	tr -d "\\r" <off >actual &&
	test_cmp expect actual
'

test_expect_success 'tz diff --labels' '
	tz -C r diff --labels >actual &&
	expect_en expect <<-\EOF &&
	record	field	label	old	new
	T-001	status	状态	已交办	已办结
	T-001	unit	主办单位	lyj 市林业局	gtj 市国土资源局
	EOF
	expect_zh expect <<-\EOF &&
	记录	字段	名称	原值	新值
	T-001	status	状态	已交办	已办结
	T-001	unit	主办单位	lyj 市林业局	gtj 市国土资源局
	EOF
	test_cmp expect actual
'

test_expect_success 'tz log --labels' '
	tz -C r log --labels T-001 >out &&
	cut -f 4- out >actual &&
	expect_en expect <<-\EOF &&
	record	field	old	new
	T-001	(path)		records/tasks/T-001.ini
	T-001	标题		林地审批
	T-001	状态		已交办
	T-001	主办单位		lyj 市林业局
	T-001	协办单位		gtj 市国土资源局, lyj 市林业局
	EOF
	expect_zh expect <<-\EOF &&
	记录	字段	原值	新值
	T-001	(path)		records/tasks/T-001.ini
	T-001	标题		林地审批
	T-001	状态		已交办
	T-001	主办单位		lyj 市林业局
	T-001	协办单位		gtj 市国土资源局, lyj 市林业局
	EOF
	test_cmp expect actual
'

test_expect_success 'tz blame --labels' '
	tz -C r blame --labels T-001 >out &&
	cut -f 1,2 out >actual &&
	expect_en expect <<-\EOF &&
	field	value
	标题	林地审批
	状态	已办结
	主办单位	gtj 市国土资源局
	协办单位	gtj 市国土资源局, lyj 市林业局
	EOF
	expect_zh expect <<-\EOF &&
	字段	值
	标题	林地审批
	状态	已办结
	主办单位	gtj 市国土资源局
	协办单位	gtj 市国土资源局, lyj 市林业局
	EOF
	test_cmp expect actual
'

test_expect_success 'tz show --labels is its usual layout' '
	tz -C r show T-001 >expect &&
	tz -C r show --labels T-001 >actual &&
	test_cmp expect actual
'

test_expect_success 'tz show --no-labels: names and values as the file has them' '
	tz -C r show --no-labels T-001 >actual &&
	cat >expect <<-\EOF &&
	task T-001  林地审批
	records/tasks/T-001.ini

	title     林地审批
	status    resolved
	unit      gtj
	co_units  gtj, lyj
	EOF
	test_cmp expect actual
'

test_done
