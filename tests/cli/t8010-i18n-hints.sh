#!/bin/sh
test_description='hints for the mistakes Chinese users make: full-width
punctuation, GBK files, dates as people write them, enum labels'
. ./lib-tz.sh

# A repository of its own: units with names, and tasks with an enum that has
# labels, a date and a reference, all fields labelled.
test_expect_success 'setup' '
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

	[field.short_name]
	label = 简称
	type = text
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

	[field.deadline]
	label = 办结时限
	type = date

	[part.log]
	label = 办理记录
	key = [0-9]{3}

	[part.log.field.date]
	label = 日期
	type = date
	EOF
	printf "[unit]\nname = 市林业局\nshort_name = 林业局\n" >r/records/units/lyj.ini &&
	printf "[unit]\nname = 市国土资源局\nshort_name = 国土局\n" >r/records/units/gtj.ini
'

# check_task EXPECT: stdin as records/tasks/T-001.ini, validated; the
# findings must be EXPECT byte for byte, and the exit status 1.
check_task () {
	cat >r/records/tasks/T-001.ini &&
	(cd r && test_expect_code 1 tz validate -q >../out) &&
	test_cmp "$1" out
}

test_expect_success 'a full-width ＝ in a key line: a hint, and the line is read as key = value' '
	expect_en expect <<-\EOF &&
	records/tasks/T-001.ini:3: error: full-width "＝" in a key line; use "="
	records/tasks/T-001.ini:4: error: status: "done" is not one of registered, assigned, resolved
	EOF
	expect_zh expect <<-\EOF &&
	records/tasks/T-001.ini:3: 错误: 键值行中用了全角 "＝"；应使用半角 "="
	records/tasks/T-001.ini:4: 错误: 状态(status): "done" 不是可选值: 已登记(registered), 已交办(assigned), 已办结(resolved)
	EOF
	check_task expect <<-\EOF
	[task]
	title = 林地审批
	deadline ＝ 2026-07-02
	status = done
	EOF
'

test_expect_success 'a full-width ： in a key line' '
	expect_en expect <<-\EOF &&
	records/tasks/T-001.ini:3: error: full-width "：" in a key line; use "="
	EOF
	expect_zh expect <<-\EOF &&
	records/tasks/T-001.ini:3: 错误: 键值行中用了全角 "："；应使用半角 "="
	EOF
	check_task expect <<-\EOF
	[task]
	title = 林地审批
	status：registered
	EOF
'

test_expect_success 'a "=" in the value after a full-width "：" stays in the value' '
	expect_en expect <<-\EOF &&
	records/tasks/T-001.ini:3: error: full-width "：" in a key line; use "="
	EOF
	expect_zh expect <<-\EOF &&
	records/tasks/T-001.ini:3: 错误: 键值行中用了全角 "："；应使用半角 "="
	EOF
	check_task expect <<-\EOF
	[task]
	status = registered
	title：a=b
	EOF
'

test_expect_success 'full-width brackets in section headers: ［］ and 【】' '
	expect_en expect <<-\EOF &&
	records/tasks/T-001.ini:1: error: full-width brackets in a section header; use "[task]"
	records/tasks/T-001.ini:5: error: full-width brackets in a section header; use "[log.001]"
	records/tasks/T-001.ini:7: error: full-width brackets in a section header; use "[log.002]"
	EOF
	expect_zh expect <<-\EOF &&
	records/tasks/T-001.ini:1: 错误: 节标题用了全角括号；应写作 "[task]"
	records/tasks/T-001.ini:5: 错误: 节标题用了全角括号；应写作 "[log.001]"
	records/tasks/T-001.ini:7: 错误: 节标题用了全角括号；应写作 "[log.002]"
	EOF
	check_task expect <<-\EOF
	［task］
	title = 林地审批
	status = registered

	【log.001】
	date = 2026-07-01
	[log.002】
	date = 2026-07-02
	EOF
'

test_expect_success 'a file saved as GBK: one hint, the rest read as the text it is' '
	printf "[task]\ntitle = 林地审批\nstatus = 已交办\n" >utf8.ini &&
	iconv -f UTF-8 -t GBK utf8.ini >r/records/tasks/T-001.ini &&
	! iconv -f UTF-8 -t UTF-8 r/records/tasks/T-001.ini >/dev/null 2>&1 &&
	expect_en expect <<-\EOF &&
	records/tasks/T-001.ini:2: error: the file seems to be GBK/GB18030; save it as UTF-8 (iconv -f GB18030 -t UTF-8)
	records/tasks/T-001.ini:3: error: status: "已交办" is not one of registered, assigned, resolved (did you mean assigned (已交办)?)
	EOF
	expect_zh expect <<-\EOF &&
	records/tasks/T-001.ini:2: 错误: 文件似乎是 GBK/GB18030 编码；请另存为 UTF-8（iconv -f GB18030 -t UTF-8）
	records/tasks/T-001.ini:3: 错误: 状态(status): "已交办" 不是可选值: 已登记(registered), 已交办(assigned), 已办结(resolved)（是否应为 assigned（已交办）？）
	EOF
	(cd r && test_expect_code 1 tz validate -q >../out) &&
	test_cmp expect out
'

test_expect_success 'a file saved as GB18030 with a character outside GBK' '
	printf "[task]\ntitle = 林地审批€\nstatus = registered\n" >utf8.ini &&
	iconv -f UTF-8 -t GB18030 utf8.ini >r/records/tasks/T-001.ini &&
	expect_en expect <<-\EOF &&
	records/tasks/T-001.ini:2: error: the file seems to be GBK/GB18030; save it as UTF-8 (iconv -f GB18030 -t UTF-8)
	EOF
	expect_zh expect <<-\EOF &&
	records/tasks/T-001.ini:2: 错误: 文件似乎是 GBK/GB18030 编码；请另存为 UTF-8（iconv -f GB18030 -t UTF-8）
	EOF
	(cd r && test_expect_code 1 tz validate -q >../out) &&
	test_cmp expect out
'

test_expect_success 'a UTF-8 file with one broken character is not taken for GBK' '
	printf "[task]\ntitle = 林地审批\\344\\270\nstatus = registered\n" >r/records/tasks/T-001.ini &&
	expect_en expect <<-\EOF &&
	records/tasks/T-001.ini:2: error: invalid UTF-8 (byte 21 of the line)
	EOF
	expect_zh expect <<-\EOF &&
	records/tasks/T-001.ini:2: 错误: 不是有效的 UTF-8（该行第 21 字节）
	EOF
	(cd r && test_expect_code 1 tz validate -q >../out) &&
	test_cmp expect out
'

test_expect_success 'a Latin-1 file is not taken for GBK' '
	printf "[task]\ntitle = caf\\351\nstatus = registered\n" >r/records/tasks/T-001.ini &&
	expect_en expect <<-\EOF &&
	records/tasks/T-001.ini:2: error: invalid UTF-8 (byte 12 of the line)
	EOF
	expect_zh expect <<-\EOF &&
	records/tasks/T-001.ini:2: 错误: 不是有效的 UTF-8（该行第 12 字节）
	EOF
	(cd r && test_expect_code 1 tz validate -q >../out) &&
	test_cmp expect out
'

test_expect_success 'dates as people write them: did you mean YYYY-MM-DD?' '
	expect_en expect <<-\EOF &&
	records/tasks/T-001.ini:4: error: deadline: "2026-7-2" is not a date (YYYY-MM-DD): did you mean 2026-07-02?
	records/tasks/T-001.ini:7: error: log.001.date: "2026/7/2" is not a date (YYYY-MM-DD): did you mean 2026-07-02?
	records/tasks/T-001.ini:9: error: log.002.date: "2026.7.2" is not a date (YYYY-MM-DD): did you mean 2026-07-02?
	records/tasks/T-001.ini:11: error: log.003.date: "2026年7月2日" is not a date (YYYY-MM-DD): did you mean 2026-07-02?
	records/tasks/T-001.ini:13: error: log.004.date: "２０２６-０７-０２" is not a date (YYYY-MM-DD): did you mean 2026-07-02?
	records/tasks/T-001.ini:15: error: log.005.date: "2026/2/30" is not a date (YYYY-MM-DD)
	EOF
	expect_zh expect <<-\EOF &&
	records/tasks/T-001.ini:4: 错误: 办结时限(deadline): "2026-7-2" 不是日期（应为 YYYY-MM-DD）: 是否应为 2026-07-02？
	records/tasks/T-001.ini:7: 错误: 日期(log.001.date): "2026/7/2" 不是日期（应为 YYYY-MM-DD）: 是否应为 2026-07-02？
	records/tasks/T-001.ini:9: 错误: 日期(log.002.date): "2026.7.2" 不是日期（应为 YYYY-MM-DD）: 是否应为 2026-07-02？
	records/tasks/T-001.ini:11: 错误: 日期(log.003.date): "2026年7月2日" 不是日期（应为 YYYY-MM-DD）: 是否应为 2026-07-02？
	records/tasks/T-001.ini:13: 错误: 日期(log.004.date): "２０２６-０７-０２" 不是日期（应为 YYYY-MM-DD）: 是否应为 2026-07-02？
	records/tasks/T-001.ini:15: 错误: 日期(log.005.date): "2026/2/30" 不是日期（应为 YYYY-MM-DD）
	EOF
	check_task expect <<-\EOF
	[task]
	title = 林地审批
	status = assigned
	deadline = 2026-7-2

	[log.001]
	date = 2026/7/2
	[log.002]
	date = 2026.7.2
	[log.003]
	date = 2026年7月2日
	[log.004]
	date = ２０２６-０７-０２
	[log.005]
	date = 2026/2/30
	EOF
'

test_expect_success 'an enum label instead of its value: did you mean the value?' '
	expect_en expect <<-\EOF &&
	records/tasks/T-001.ini:3: error: status: "已办结" is not one of registered, assigned, resolved (did you mean resolved (已办结)?)
	EOF
	expect_zh expect <<-\EOF &&
	records/tasks/T-001.ini:3: 错误: 状态(status): "已办结" 不是可选值: 已登记(registered), 已交办(assigned), 已办结(resolved)（是否应为 resolved（已办结）？）
	EOF
	check_task expect <<-\EOF
	[task]
	title = 林地审批
	status = 已办结
	EOF
'

test_expect_success 'a mistyped value still gets the closest value' '
	expect_en expect <<-\EOF &&
	records/tasks/T-001.ini:3: error: status: "asigned" is not one of registered, assigned, resolved (did you mean "assigned"?)
	EOF
	expect_zh expect <<-\EOF &&
	records/tasks/T-001.ini:3: 错误: 状态(status): "asigned" 不是可选值: 已登记(registered), 已交办(assigned), 已办结(resolved)（是否应为 "assigned"？）
	EOF
	check_task expect <<-\EOF
	[task]
	title = 林地审批
	status = asigned
	EOF
'

test_expect_success 'a unit by its name or short name: did you mean its ID?' '
	printf "[unit]\nname = 县林业局\nshort_name = 林业局\n" >r/records/units/xlyj.ini &&
	expect_en expect <<-\EOF &&
	records/tasks/T-001.ini:4: error: unit: no unit "市林业局" (did you mean lyj (市林业局)?)
	EOF
	expect_zh expect <<-\EOF &&
	records/tasks/T-001.ini:4: 错误: 主办单位(unit): 没有责任单位(unit) "市林业局"（是否应为 lyj (市林业局)？）
	EOF
	check_task expect <<-\EOF &&
	[task]
	title = 林地审批
	status = assigned
	unit = 市林业局
	EOF
	expect_en expect <<-\EOF &&
	records/tasks/T-001.ini:4: error: unit: no unit "国土局" (did you mean gtj (市国土资源局)?)
	EOF
	expect_zh expect <<-\EOF &&
	records/tasks/T-001.ini:4: 错误: 主办单位(unit): 没有责任单位(unit) "国土局"（是否应为 gtj (市国土资源局)？）
	EOF
	check_task expect <<-\EOF
	[task]
	title = 林地审批
	status = assigned
	unit = 国土局
	EOF
'

test_expect_success 'a short name that several units share: all of them' '
	expect_en expect <<-\EOF &&
	records/tasks/T-001.ini:4: error: unit: no unit "林业局" (did you mean one of lyj (市林业局), xlyj (县林业局)?)
	EOF
	expect_zh expect <<-\EOF &&
	records/tasks/T-001.ini:4: 错误: 主办单位(unit): 没有责任单位(unit) "林业局"（是否应为其中之一: lyj (市林业局), xlyj (县林业局)？）
	EOF
	check_task expect <<-\EOF
	[task]
	title = 林地审批
	status = assigned
	unit = 林业局
	EOF
'

test_expect_success 'a name nobody has: only the closest ID, as before' '
	expect_en expect <<-\EOF &&
	records/tasks/T-001.ini:4: error: unit: no unit "lyjj" (did you mean "lyj"?)
	EOF
	expect_zh expect <<-\EOF &&
	records/tasks/T-001.ini:4: 错误: 主办单位(unit): 没有责任单位(unit) "lyjj"（是否应为 "lyj"？）
	EOF
	check_task expect <<-\EOF
	[task]
	title = 林地审批
	status = assigned
	unit = lyjj
	EOF
'

test_expect_success 'the hints in JSON are the same messages' '
	printf "[task]\ntitle = x\nstatus = registered\ndeadline = 2026/7/2\n" >r/records/tasks/T-001.ini &&
	(cd r && test_expect_code 1 tz validate -q --format json >../out) &&
	expect_en expect <<-\EOF &&
	[
	 {"path": "records/tasks/T-001.ini", "line": 4, "severity": "error", "message": "deadline: \"2026/7/2\" is not a date (YYYY-MM-DD): did you mean 2026-07-02?"}
	]
	EOF
	expect_zh expect <<-\EOF &&
	[
	 {"path": "records/tasks/T-001.ini", "line": 4, "severity": "error", "message": "办结时限(deadline): \"2026/7/2\" 不是日期（应为 YYYY-MM-DD）: 是否应为 2026-07-02？"}
	]
	EOF
	test_cmp expect out
'

test_done
