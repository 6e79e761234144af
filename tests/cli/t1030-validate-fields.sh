#!/bin/sh
test_description='tz validate: required fields, every field type, multiple lists'
. ./lib-tz.sh
. "$SHARNESS_TEST_SRCDIR/lib-validate.sh"
# A type with a field of every type, and a part with fields of its own.
write_project_schema () {
	cat >"$1/schema/project.ini" <<-\EOF
	[type]
	name = project
	label = 重点项目
	dir = projects
	id = PRJ-[0-9]{4}
	title = name

	[field.name]
	type = text
	required = yes
	max = 10

	[field.code]
	type = text
	pattern = [A-Z]{2}-[0-9]+

	[field.category]
	type = text
	pattern = [用地融资环评]{2}

	[field.phase]
	type = int
	min = 1
	max = 3

	[field.investment]
	type = decimal
	scale = 2
	min = 0

	[field.started_on]
	type = date

	[field.key_project]
	type = bool

	[field.programme]
	type = enum
	values = infrastructure, livelihood, industry, tracked
	labels = 基础设施, 民生, 产业, 跟踪
	required = yes

	[field.uscc]
	type = uscc

	[field.unit]
	type = ref
	to = unit
	required = yes

	[field.co_units]
	type = ref
	to = unit
	multiple = yes

	[part.month]
	key = [0-9]{4}-[0-9]{2}

	[part.month.field.planned]
	type = decimal
	required = yes

	[part.month.field.completed]
	type = decimal
	scale = 1
	EOF
}

# check_project EXPECT: write stdin to records/projects/PRJ-0002.ini,
# validate it, and compare the findings with EXPECT.
check_project () {
	cat >r/records/projects/PRJ-0002.ini &&
	if grep -q ": error: " "$1"
	then
		(cd r && test_expect_code 1 tz validate >../out 2>/dev/null)
	else
		(cd r && tz validate >../out 2>/dev/null)
	fi &&
	test_cmp "$1" out
}

test_expect_success 'setup: a project with every field type, valid' '
	tz_test_repo r &&
	write_project_schema r &&
	mkdir r/records/projects &&
	cat >r/records/projects/PRJ-0001.ini <<-\EOF &&
	[project]
	name = 蓝思新材料一期
	code = LS-2026
	category = 用地
	phase = 2
	investment = 950.5
	started_on = 2028-02-29
	key_project = yes
	programme = industry
	uscc = 91430100MA4L16JQ0H
	unit = gtj
	co_units = hbj, gtj

	[month.2026-06]
	planned = 1200
	completed = 950.5
	EOF
	(cd r && tz validate >../out 2>../err) &&
	test_must_be_empty out &&
	echo "4 records and 3 schema files: no problems" >expect-err &&
	test_cmp expect-err err
'

test_expect_success 'a required field that is missing is reported at the section line' '
	cat >expect <<-\EOF &&
	records/projects/PRJ-0002.ini:2: error: name: required field is missing
	records/projects/PRJ-0002.ini:2: error: programme: required field is missing
	records/projects/PRJ-0002.ini:2: error: unit: required field is missing
	EOF
	check_project expect <<-\EOF
	; 缺字段
	[project]
	code = LS-1
	EOF
'

test_expect_success 'a required field present but empty is reported at its own line' '
	cat >expect <<-\EOF &&
	records/projects/PRJ-0002.ini:2: error: name: required field is empty
	records/projects/PRJ-0002.ini:3: error: programme: required field is empty
	records/projects/PRJ-0002.ini:4: error: unit: required field is empty
	EOF
	check_project expect <<-\EOF
	[project]
	name =
	programme =   
	unit =
	EOF
'

test_expect_success 'an optional field may be empty' '
	: >expect &&
	check_project expect <<-\EOF
	[project]
	name = x
	programme = tracked
	unit = gtj
	code =
	phase =
	started_on =
	key_project =
	uscc =
	co_units =
	EOF
'

test_expect_success 'a required part field, missing and empty' '
	cat >expect <<-\EOF &&
	records/projects/PRJ-0002.ini:5: error: month.2026-05.planned: required field is missing
	records/projects/PRJ-0002.ini:8: error: month.2026-06.planned: required field is empty
	EOF
	check_project expect <<-\EOF
	[project]
	name = x
	programme = tracked
	unit = gtj
	[month.2026-05]
	completed = 1
	[month.2026-06]
	planned =
	EOF
'

test_expect_success 'text: max counts characters, not bytes' '
	cat >expect <<-\EOF &&
	records/projects/PRJ-0002.ini:2: error: name: is 11 characters long, more than the maximum 10
	EOF
	check_project expect <<-\EOF &&
	[project]
	name = 一二三四五六七八九十一
	programme = tracked
	unit = gtj
	EOF
	: >expect &&
	check_project expect <<-\EOF
	[project]
	name = 一二三四五六七八九十
	programme = tracked
	unit = gtj
	EOF
'

test_expect_success 'text: pattern must match the whole value' '
	cat >expect <<-\EOF &&
	records/projects/PRJ-0002.ini:5: error: code: "LS-2026a" does not match the pattern "[A-Z]{2}-[0-9]+"
	records/projects/PRJ-0002.ini:6: error: category: "用地融资" does not match the pattern "[用地融资环评]{2}"
	EOF
	check_project expect <<-\EOF
	[project]
	name = x
	programme = tracked
	unit = gtj
	code = LS-2026a
	category = 用地融资
	EOF
'

test_expect_success 'text: pattern matches characters, not bytes' '
	: >expect &&
	check_project expect <<-\EOF
	[project]
	name = x
	programme = tracked
	unit = gtj
	category = 环评
	EOF
'

test_expect_success 'text: the pattern matches characters in any UTF-8 locale of the environment' '
	: >expect &&
	cat >r/records/projects/PRJ-0002.ini <<-\EOF &&
	[project]
	name = x
	programme = tracked
	unit = gtj
	category = 融资
	EOF
	(cd r && LC_ALL=C tz validate >../out 2>/dev/null) &&
	test_cmp expect out &&
	(cd r && LC_ALL=POSIX LANG=C tz validate >../out 2>/dev/null) &&
	test_cmp expect out
'

test_expect_success 'int: whole numbers within min and max' '
	cat >expect <<-\EOF &&
	records/projects/PRJ-0002.ini:5: error: phase: "2.0" is not a whole number
	EOF
	check_project expect <<-\EOF &&
	[project]
	name = x
	programme = tracked
	unit = gtj
	phase = 2.0
	EOF
	echo "records/projects/PRJ-0002.ini:5: error: phase: \"4\" is more than the maximum 3" >expect &&
	check_project expect <<-\EOF &&
	[project]
	name = x
	programme = tracked
	unit = gtj
	phase = 4
	EOF
	echo "records/projects/PRJ-0002.ini:5: error: phase: \"0\" is less than the minimum 1" >expect &&
	check_project expect <<-\EOF &&
	[project]
	name = x
	programme = tracked
	unit = gtj
	phase = 0
	EOF
	echo "records/projects/PRJ-0002.ini:5: error: phase: \"二\" is not a whole number" >expect &&
	check_project expect <<-\EOF &&
	[project]
	name = x
	programme = tracked
	unit = gtj
	phase = 二
	EOF
	: >expect &&
	check_project expect <<-\EOF
	[project]
	name = x
	programme = tracked
	unit = gtj
	phase = +3
	EOF
'

test_expect_success 'decimal: numbers, scale counts the digits as written, min' '
	cat >expect <<-\EOF &&
	records/projects/PRJ-0002.ini:5: error: investment: "12.340" has more than 2 digits after the point
	records/projects/PRJ-0002.ini:7: error: month.2026-06.completed: "950.55" has more than 1 digit after the point
	EOF
	check_project expect <<-\EOF
	[project]
	name = x
	programme = tracked
	unit = gtj
	investment = 12.340
	[month.2026-06]
	completed = 950.55
	planned = 1000
	EOF
'

test_expect_success 'decimal: not numbers' '
	cat >expect <<-\EOF &&
	records/projects/PRJ-0002.ini:5: error: investment: "1,200" is not a number
	records/projects/PRJ-0002.ini:7: error: month.2026-06.planned: "1e3" is not a number
	records/projects/PRJ-0002.ini:9: error: month.2026-07.planned: ".5" is not a number
	records/projects/PRJ-0002.ini:10: error: month.2026-07.completed: "5." is not a number
	EOF
	check_project expect <<-\EOF
	[project]
	name = x
	programme = tracked
	unit = gtj
	investment = 1,200
	[month.2026-06]
	planned = 1e3
	[month.2026-07]
	planned = .5
	completed = 5.
	EOF
'

test_expect_success 'decimal: less than min' '
	echo "records/projects/PRJ-0002.ini:5: error: investment: \"-0.01\" is less than the minimum 0" >expect &&
	check_project expect <<-\EOF
	[project]
	name = x
	programme = tracked
	unit = gtj
	investment = -0.01
	EOF
'

test_expect_success 'date: a real calendar date' '
	cat >expect <<-\EOF &&
	records/projects/PRJ-0002.ini:5: error: started_on: "2026-02-29" is not a date (YYYY-MM-DD)
	EOF
	check_project expect <<-\EOF &&
	[project]
	name = x
	programme = tracked
	unit = gtj
	started_on = 2026-02-29
	EOF
	echo "records/projects/PRJ-0002.ini:5: error: started_on: \"2026/06/30\" is not a date (YYYY-MM-DD): did you mean 2026-06-30?" >expect &&
	check_project expect <<-\EOF &&
	[project]
	name = x
	programme = tracked
	unit = gtj
	started_on = 2026/06/30
	EOF
	echo "records/projects/PRJ-0002.ini:5: error: started_on: \"2026-6-30\" is not a date (YYYY-MM-DD): did you mean 2026-06-30?" >expect &&
	check_project expect <<-\EOF &&
	[project]
	name = x
	programme = tracked
	unit = gtj
	started_on = 2026-6-30
	EOF
	: >expect &&
	check_project expect <<-\EOF
	[project]
	name = x
	programme = tracked
	unit = gtj
	started_on = 2028-02-29
	EOF
'

test_expect_success 'bool: yes or no' '
	echo "records/projects/PRJ-0002.ini:5: error: key_project: \"true\" is not yes or no" >expect &&
	check_project expect <<-\EOF &&
	[project]
	name = x
	programme = tracked
	unit = gtj
	key_project = true
	EOF
	echo "records/projects/PRJ-0002.ini:5: error: key_project: \"是\" is not yes or no" >expect &&
	check_project expect <<-\EOF
	[project]
	name = x
	programme = tracked
	unit = gtj
	key_project = 是
	EOF
'

test_expect_success 'enum: one of the values, with a suggestion' '
	echo "records/projects/PRJ-0002.ini:3: error: programme: \"industy\" is not one of infrastructure, livelihood, industry, tracked (did you mean \"industry\"?)" >expect &&
	check_project expect <<-\EOF
	[project]
	name = x
	programme = industy
	unit = gtj
	EOF
'

test_expect_success 'enum: a label is not a value, the value is suggested' '
	echo "records/projects/PRJ-0002.ini:3: error: programme: \"产业\" is not one of infrastructure, livelihood, industry, tracked (did you mean industry (产业)?)" >expect &&
	check_project expect <<-\EOF
	[project]
	name = x
	programme = 产业
	unit = gtj
	EOF
'

test_expect_success 'uscc: 18 characters with a valid check character' '
	echo "records/projects/PRJ-0002.ini:5: error: uscc: \"91430100MA4L16JQ0J\" has check character \"J\", expected \"H\"" >expect &&
	check_project expect <<-\EOF &&
	[project]
	name = x
	programme = tracked
	unit = gtj
	uscc = 91430100MA4L16JQ0J
	EOF
	echo "records/projects/PRJ-0002.ini:5: error: uscc: \"91430100MA4L16JQ0\" is 17 characters long, a unified social credit code has 18" >expect &&
	check_project expect <<-\EOF &&
	[project]
	name = x
	programme = tracked
	unit = gtj
	uscc = 91430100MA4L16JQ0
	EOF
	echo "records/projects/PRJ-0002.ini:5: error: uscc: \"91430100ma4l16jq0h\" has \"m\" at position 9, not allowed in a unified social credit code" >expect &&
	check_project expect <<-\EOF &&
	[project]
	name = x
	programme = tracked
	unit = gtj
	uscc = 91430100ma4l16jq0h
	EOF
	: >expect &&
	check_project expect <<-\EOF
	[project]
	name = x
	programme = tracked
	unit = gtj
	uscc = 91350200MA2XN5RT4L
	EOF
'

test_expect_success 'uscc: CJK text is counted in characters' '
	echo "records/projects/PRJ-0002.ini:5: error: uscc: \"统一社会信用代码\" is 8 characters long, a unified social credit code has 18" >expect &&
	check_project expect <<-\EOF
	[project]
	name = x
	programme = tracked
	unit = gtj
	uscc = 统一社会信用代码
	EOF
'

test_expect_success 'uscc: six CJK characters (18 bytes) are not 18 characters' '
	echo "records/projects/PRJ-0002.ini:5: error: uscc: \"统一社会信用\" is 6 characters long, a unified social credit code has 18" >expect &&
	check_project expect <<-\EOF
	[project]
	name = x
	programme = tracked
	unit = gtj
	uscc = 统一社会信用
	EOF
'

test_expect_success 'multiple: an empty item, a repeated item' '
	cat >expect <<-\EOF &&
	records/projects/PRJ-0002.ini:5: error: co_units: empty item in the list
	records/projects/PRJ-0002.ini:5: error: co_units: "hbj" is listed twice
	EOF
	check_project expect <<-\EOF
	[project]
	name = x
	programme = tracked
	unit = gtj
	co_units = hbj, , hbj
	EOF
'

test_expect_success 'multiple: a trailing comma is an empty item' '
	echo "records/projects/PRJ-0002.ini:5: error: co_units: empty item in the list" >expect &&
	check_project expect <<-\EOF
	[project]
	name = x
	programme = tracked
	unit = gtj
	co_units = hbj, gtj,
	EOF
'

test_expect_success 'multiple: items may be spread over continuation lines' '
	: >expect &&
	check_project expect <<-\EOF
	[project]
	name = x
	programme = tracked
	unit = gtj
	co_units = hbj,
	  gtj
	EOF
'

test_expect_success 'a value with a control character is an error, and shown escaped' '
	printf "[project]\nname = x\nprogramme = a\033[31mb\nunit = gtj\n" >r/records/projects/PRJ-0002.ini &&
	cat >expect <<-\EOF &&
	records/projects/PRJ-0002.ini:3: error: control character "\033" (byte 14 of the line): only tab is allowed
	records/projects/PRJ-0002.ini:3: error: programme: "a\033[31mb" is not one of infrastructure, livelihood, industry, tracked
	EOF
	(cd r && test_expect_code 1 tz validate >../out 2>/dev/null) &&
	test_cmp expect out
'

test_expect_success 'every problem of one file is reported in one run' '
	cat >expect <<-\EOF &&
	records/projects/PRJ-0002.ini:1: error: unit: required field is missing
	records/projects/PRJ-0002.ini:2: error: name: is 11 characters long, more than the maximum 10
	records/projects/PRJ-0002.ini:3: error: phase: "9" is more than the maximum 3
	records/projects/PRJ-0002.ini:4: error: started_on: "2026-04-31" is not a date (YYYY-MM-DD)
	records/projects/PRJ-0002.ini:5: error: key_project: "Y" is not yes or no
	records/projects/PRJ-0002.ini:6: error: programme: "trackd" is not one of infrastructure, livelihood, industry, tracked (did you mean "tracked"?)
	records/projects/PRJ-0002.ini:7: error: co_units: "gtj" is listed twice
	records/projects/PRJ-0002.ini:9: error: month.2026-06.planned: "多" is not a number
	EOF
	check_project expect <<-\EOF
	[project]
	name = 一二三四五六七八九十一
	phase = 9
	started_on = 2026-04-31
	key_project = Y
	programme = trackd
	co_units = gtj, gtj
	[month.2026-06]
	planned = 多
	EOF
'

test_done
