# lib-query.sh - sourced by the t2* tests (query, show, index, sql) after
# lib-tz.sh: a small schema of their own (units, issues with a multiple ref,
# numbers, dates and a [log.NNN] part), so that they do not depend on the
# bundled campaign.

# query_schema DIR: write the schema into DIR/schema.
query_schema () {
	mkdir -p "$1/schema" &&
	cat >"$1/schema/unit.ini" <<-\EOS &&
	[type]
	name = unit
	label = 单位
	dir = units
	id = [a-z]+
	title = name

	[field.name]
	label = 名称
	type = text
	required = yes

	[field.kind]
	label = 类别
	type = enum
	values = bureau, town
	labels = 局, 镇
	EOS
	cat >"$1/schema/issue.ini" <<-\EOS
	[type]
	name = issue
	label = 问题
	dir = issues
	id = ISS-[0-9]{4}
	title = title
	owner = unit

	[field.title]
	label = 问题简述
	type = text
	required = yes

	[field.status]
	label = 状态
	type = enum
	values = open, in_progress, resolved, closed
	labels = 待办, 办理中, 已办结, 已销号
	required = yes

	[field.unit]
	label = 责任单位
	type = ref
	to = unit
	required = yes

	[field.co_units]
	label = 协办单位
	type = ref
	to = unit
	multiple = yes

	[field.deadline]
	label = 办结时限
	type = date

	[field.amount]
	label = 金额
	type = decimal

	[field.visits]
	label = 走访次数
	type = int

	[field.description]
	label = 问题描述
	type = text

	[part.log]
	label = 办理记录
	key = [0-9]{3}

	[part.log.field.date]
	label = 日期
	type = date

	[part.log.field.action]
	label = 环节
	type = enum
	values = assign, urge, resolve
	labels = 交办, 催办, 办结

	[part.log.field.note]
	label = 说明
	type = text

	[transitions.status]
	open = in_progress
	in_progress = resolved
	resolved = closed
	closed =
	EOS
}

# query_repo DIR: that schema, four units and five issues, committed.
query_repo () {
	git init -q "$1" &&
	query_schema "$1" &&
	mkdir -p "$1/records/units" "$1/records/issues/2026" &&
	printf '[unit]\nname = 国土局\nkind = bureau\n' >"$1/records/units/gtj.ini" &&
	printf '[unit]\nname = 环保局\nkind = bureau\n' >"$1/records/units/hbj.ini" &&
	printf '[unit]\nname = 发改委\n' >"$1/records/units/fgw.ini" &&
	printf '[unit]\nname = 永和镇\nkind = town\n' >"$1/records/units/yhz.ini" &&
	cat >"$1/records/issues/ISS-0001.ini" <<-\EOF &&
	[issue]
	title = 蓝思新材料项目一期用地未落实
	status = in_progress
	unit = gtj
	co_units = hbj, fgw
	deadline = 2026-07-31
	amount = 1200.50
	visits = 3
	description = 一期需用地500亩，已完成征地300亩；剩余200亩涉及基本农田调整，
	  需报省厅审批。

	[log.001]
	date = 2026-05-31
	action = assign
	note = 交国土局牵头办理

	[log.002]
	date = 2026-06-20
	action = urge
	EOF
	cat >"$1/records/issues/ISS-0002.ini" <<-\EOF &&
	[issue]
	title = 排污许可证办理滞后
	status = open
	unit = hbj
	deadline = 2026-06-15
	visits = 10
	description = 环评批复后排污许可证迟迟未办
	EOF
	cat >"$1/records/issues/2026/ISS-0003.ini" <<-\EOF &&
	[issue]
	title = 技改项目融资难
	status = resolved
	unit = fgw
	co_units = gtj
	amount = 800
	visits = 9
	description = Bank loan of 800 万元 delayed; 用工 shortage too

	[log.001]
	date = 2026-04-01
	action = resolve
	EOF
	cat >"$1/records/issues/2026/ISS-0004.ini" <<-\EOF &&
	[issue]
	title = 园区道路施工影响企业运输
	status = closed
	unit = yhz
	deadline = 2026-07-02
	EOF
	cat >"$1/records/issues/2026/ISS-0005.ini" <<-\EOF &&
	[issue]
	title = 用工短缺
	status = open
	unit = gtj
	deadline = 2026-07-06
	visits = 1
	description = 招工难，用工缺口200人
	EOF
	(cd "$1" && git add -A && git commit -q -m "records")
}

# indexed N HOW READ PARSED MOVED REMOVED: tz index's summary line, with HOW
# " (built from the files)" or empty, in the language of the run
indexed () {
	tz_msgn "%zu record indexed" "%zu records indexed" $1 $1 &&
	if test -n "$2"
	then
		tz_msg "$2"
	fi &&
	tz_msgn ": %zu file read" ": %zu files read" $3 $3 &&
	tz_msg ", %zu parsed, %zu moved, %zu removed\n" $4 $5 $6
}
