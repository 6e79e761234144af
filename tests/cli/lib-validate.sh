# lib-validate.sh - sourced by the t1 tests after lib-tz.sh: a records
# repository of their own, independent of the bundled schema: units, and
# issues that refer to them (DESIGN.md's example, smaller).
write_schema () {
	mkdir -p "$1/schema" &&
	cat >"$1/schema/unit.ini" <<-\EOF &&
	[type]
	name = unit
	label = 责任单位
	dir = units
	id = [a-z]{2,8}
	title = name

	[field.name]
	label = 名称
	type = text
	required = yes
	unique = yes
	EOF
	cat >"$1/schema/issue.ini" <<-\EOF
	[type]
	name = issue
	label = 问题
	dir = issues
	id = ISS-[0-9]{4}
	title = title
	owner = unit

	[field.title]
	type = text
	required = yes
	max = 30

	[field.status]
	type = enum
	values = open, in_progress, resolved, closed
	labels = 待办, 办理中, 已办结, 已销号
	required = yes

	[field.unit]
	type = ref
	to = unit
	required = yes

	[field.helping_units]
	type = ref
	to = unit
	multiple = yes

	[field.reported_on]
	type = date

	[field.deadline]
	type = date

	[field.resolved_on]
	type = date

	[field.resolution]
	type = text

	[part.log]
	label = 办理记录
	key = [0-9]{3}
	append_only = yes

	[part.log.field.date]
	type = date
	required = yes

	[part.log.field.action]
	type = enum
	values = assign, urge, resolve

	[rule.resolved-needs-outcome]
	when = status in (resolved, closed)
	require = resolved_on, resolution
	message = 已办结的问题须填写办结日期与办结情况

	[rule.deadline-after-report]
	check = deadline >= reported_on
	severity = warning

	[transitions.status]
	open = in_progress, resolved
	in_progress = resolved, open
	resolved = closed, in_progress
	closed =
	EOF
}

# tz_test_repo DIR: a git repository with that schema, two units and one
# valid issue, nothing committed.
tz_test_repo () {
	git init -q "$1" &&
	write_schema "$1" &&
	mkdir -p "$1/records/units" "$1/records/issues" &&
	printf '[unit]\nname = 国土局\n' >"$1/records/units/gtj.ini" &&
	printf '[unit]\nname = 环保局\n' >"$1/records/units/hbj.ini" &&
	cat >"$1/records/issues/ISS-0001.ini" <<-\EOF
	; 问题台账
	[issue]
	title = 蓝思新材料项目一期用地未落实
	status = open
	unit = gtj
	reported_on = 2026-05-31
	deadline = 2026-07-31
	EOF
}

# check_issue EXPECT: write stdin to records/issues/ISS-0002.ini, validate,
# and compare the findings with the file EXPECT (exit 1 when it has errors).
check_issue () {
	cat >r/records/issues/ISS-0002.ini &&
	if grep -q ": $(tz_msgc severity error): " "$1"
	then
		(cd r && test_expect_code 1 tz validate >../out 2>../err)
	else
		(cd r && tz validate >../out 2>../err)
	fi &&
	test_cmp "$1" out
}

# answer ARGS...: tz validate's findings, its exit status and its summary,
# all on stdout, for tests that compare a cached run with a full one
answer () {
	tz validate "$@" >answer.out 2>answer.err
	echo "exit $?" >>answer.out
	cat answer.err >>answer.out
	cat answer.out
}

# statuses: that schema's status values as findings list them, "open,
# in_progress, …" in English, "待办(open), 办理中(in_progress), …" in Chinese
statuses="$(tz_named 待办 open), $(tz_named 办理中 in_progress), $(tz_named 已办结 resolved), $(tz_named 已销号 closed)"
