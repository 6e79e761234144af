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

# digits VALUE N: "VALUE has more than N digits after the point"
digits () {
	tz_msgn "\"%s\" has more than %d digit after the point" "\"%s\" has more than %d digits after the point" $2 "$1" $2
}
# uscc VALUE FMT [ARG...]: why VALUE is no unified social credit code
uscc () {
	_v=$1 &&
	shift &&
	tz_field_finding records/projects/PRJ-0002.ini:5 error uscc "\"%s\" %s" "$_v" "$(tz_msg "$@")"
}
programmes="$(tz_named 基础设施 infrastructure), $(tz_named 民生 livelihood), $(tz_named 产业 industry), $(tz_named 跟踪 tracked)"

# check_project EXPECT: write stdin to records/projects/PRJ-0002.ini,
# validate it, and compare the findings with EXPECT.
check_project () {
	cat >r/records/projects/PRJ-0002.ini &&
	if grep -q ": $(tz_msgc severity error): " "$1"
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
	tz_summary_clean 4 3 >expect-err &&
	test_cmp expect-err err
'

test_expect_success 'a required field that is missing is reported at the section line' '
	{
		tz_finding records/projects/PRJ-0002.ini:2 error "%s: required field is missing" name &&
		tz_finding records/projects/PRJ-0002.ini:2 error "%s: required field is missing" programme &&
		tz_finding records/projects/PRJ-0002.ini:2 error "%s: required field is missing" unit
	} >expect &&
	check_project expect <<-\EOF
	; 缺字段
	[project]
	code = LS-1
	EOF
'

test_expect_success 'a required field present but empty is reported at its own line' '
	{
		tz_finding records/projects/PRJ-0002.ini:2 error "%s: required field is empty" name &&
		tz_finding records/projects/PRJ-0002.ini:3 error "%s: required field is empty" programme &&
		tz_finding records/projects/PRJ-0002.ini:4 error "%s: required field is empty" unit
	} >expect &&
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
	{
		tz_finding records/projects/PRJ-0002.ini:5 error "%s: required field is missing" "$(tz_named planned month.2026-05.planned)" &&
		tz_finding records/projects/PRJ-0002.ini:8 error "%s: required field is empty" "$(tz_named planned month.2026-06.planned)"
	} >expect &&
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
	tz_field_finding records/projects/PRJ-0002.ini:2 error name "is %zu characters long, more than the maximum %g" 11 10 >expect &&
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
	{
		tz_field_finding records/projects/PRJ-0002.ini:5 error code "\"%s\" does not match the pattern \"%s\"" LS-2026a "[A-Z]{2}-[0-9]+" &&
		tz_field_finding records/projects/PRJ-0002.ini:6 error category "\"%s\" does not match the pattern \"%s\"" 用地融资 "[用地融资环评]{2}"
	} >expect &&
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
	tz_field_finding records/projects/PRJ-0002.ini:5 error phase "\"%s\" is not a whole number" 2.0 >expect &&
	check_project expect <<-\EOF &&
	[project]
	name = x
	programme = tracked
	unit = gtj
	phase = 2.0
	EOF
	tz_field_finding records/projects/PRJ-0002.ini:5 error phase "\"%s\" is more than the maximum %g" 4 3 >expect &&
	check_project expect <<-\EOF &&
	[project]
	name = x
	programme = tracked
	unit = gtj
	phase = 4
	EOF
	tz_field_finding records/projects/PRJ-0002.ini:5 error phase "\"%s\" is less than the minimum %g" 0 1 >expect &&
	check_project expect <<-\EOF &&
	[project]
	name = x
	programme = tracked
	unit = gtj
	phase = 0
	EOF
	tz_field_finding records/projects/PRJ-0002.ini:5 error phase "\"%s\" is not a whole number" 二 >expect &&
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
	{
		tz_field_finding records/projects/PRJ-0002.ini:5 error investment "%s" "$(digits 12.340 2)" &&
		tz_field_finding records/projects/PRJ-0002.ini:7 error "$(tz_named completed month.2026-06.completed)" "%s" "$(digits 950.55 1)"
	} >expect &&
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
	{
		tz_finding records/projects/PRJ-0002.ini:5 error "%s: \"%s\" is not a number" investment "1,200" &&
		tz_finding records/projects/PRJ-0002.ini:7 error "%s: \"%s\" is not a number" "$(tz_named planned month.2026-06.planned)" 1e3 &&
		tz_finding records/projects/PRJ-0002.ini:9 error "%s: \"%s\" is not a number" "$(tz_named planned month.2026-07.planned)" .5 &&
		tz_finding records/projects/PRJ-0002.ini:10 error "%s: \"%s\" is not a number" "$(tz_named completed month.2026-07.completed)" 5.
	} >expect &&
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
	tz_field_finding records/projects/PRJ-0002.ini:5 error investment "\"%s\" is less than the minimum %g" -0.01 0 >expect &&
	check_project expect <<-\EOF
	[project]
	name = x
	programme = tracked
	unit = gtj
	investment = -0.01
	EOF
'

test_expect_success 'date: a real calendar date' '
	tz_field_finding records/projects/PRJ-0002.ini:5 error started_on "\"%s\" is not a date (YYYY-MM-DD)" 2026-02-29 >expect &&
	check_project expect <<-\EOF &&
	[project]
	name = x
	programme = tracked
	unit = gtj
	started_on = 2026-02-29
	EOF
	tz_field_finding records/projects/PRJ-0002.ini:5 error started_on "\"%s\" is not a date (YYYY-MM-DD): did you mean %s?" 2026/06/30 2026-06-30 >expect &&
	check_project expect <<-\EOF &&
	[project]
	name = x
	programme = tracked
	unit = gtj
	started_on = 2026/06/30
	EOF
	tz_field_finding records/projects/PRJ-0002.ini:5 error started_on "\"%s\" is not a date (YYYY-MM-DD): did you mean %s?" 2026-6-30 2026-06-30 >expect &&
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
	tz_field_finding records/projects/PRJ-0002.ini:5 error key_project "\"%s\" is not yes or no" true >expect &&
	check_project expect <<-\EOF &&
	[project]
	name = x
	programme = tracked
	unit = gtj
	key_project = true
	EOF
	tz_field_finding records/projects/PRJ-0002.ini:5 error key_project "\"%s\" is not yes or no" 是 >expect &&
	check_project expect <<-\EOF
	[project]
	name = x
	programme = tracked
	unit = gtj
	key_project = 是
	EOF
'

test_expect_success 'enum: one of the values, with a suggestion' '
	tz_field_finding records/projects/PRJ-0002.ini:3 error programme "\"%s\" is not one of %s (did you mean \"%s\"?)" industy "$programmes" industry >expect &&
	check_project expect <<-\EOF
	[project]
	name = x
	programme = industy
	unit = gtj
	EOF
'

test_expect_success 'enum: a label is not a value, the value is suggested' '
	tz_field_finding records/projects/PRJ-0002.ini:3 error programme "\"%s\" is not one of %s (did you mean %s (%s)?)" 产业 "$programmes" industry 产业 >expect &&
	check_project expect <<-\EOF
	[project]
	name = x
	programme = 产业
	unit = gtj
	EOF
'

test_expect_success 'uscc: 18 characters with a valid check character' '
	uscc 91430100MA4L16JQ0J "has check character \"%c\", expected \"%c\"" J H >expect &&
	check_project expect <<-\EOF &&
	[project]
	name = x
	programme = tracked
	unit = gtj
	uscc = 91430100MA4L16JQ0J
	EOF
	uscc 91430100MA4L16JQ0 "is %zu characters long, a unified social credit code has 18" 17 >expect &&
	check_project expect <<-\EOF &&
	[project]
	name = x
	programme = tracked
	unit = gtj
	uscc = 91430100MA4L16JQ0
	EOF
	uscc 91430100ma4l16jq0h "has \"%c\" at position %d, not allowed in a unified social credit code" m 9 >expect &&
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
	uscc 统一社会信用代码 "is %zu characters long, a unified social credit code has 18" 8 >expect &&
	check_project expect <<-\EOF
	[project]
	name = x
	programme = tracked
	unit = gtj
	uscc = 统一社会信用代码
	EOF
'

test_expect_success 'uscc: six CJK characters (18 bytes) are not 18 characters' '
	uscc 统一社会信用 "is %zu characters long, a unified social credit code has 18" 6 >expect &&
	check_project expect <<-\EOF
	[project]
	name = x
	programme = tracked
	unit = gtj
	uscc = 统一社会信用
	EOF
'

test_expect_success 'multiple: an empty item, a repeated item' '
	{
		tz_finding records/projects/PRJ-0002.ini:5 error "%s: empty item in the list" co_units &&
		tz_finding records/projects/PRJ-0002.ini:5 error "%s: \"%s\" is listed twice" co_units hbj
	} >expect &&
	check_project expect <<-\EOF
	[project]
	name = x
	programme = tracked
	unit = gtj
	co_units = hbj, , hbj
	EOF
'

test_expect_success 'multiple: a trailing comma is an empty item' '
	tz_finding records/projects/PRJ-0002.ini:5 error "%s: empty item in the list" co_units >expect &&
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
	{
		tz_finding records/projects/PRJ-0002.ini:3 error "control character \"%s\" (byte %zu of the line): only tab is allowed" "\\033" 14 &&
		tz_field_finding records/projects/PRJ-0002.ini:3 error programme "\"%s\" is not one of %s" "a\\033[31mb" "$programmes"
	} >expect &&
	(cd r && test_expect_code 1 tz validate >../out 2>/dev/null) &&
	test_cmp expect out
'

test_expect_success 'every problem of one file is reported in one run' '
	{
		tz_finding records/projects/PRJ-0002.ini:1 error "%s: required field is missing" unit &&
		tz_field_finding records/projects/PRJ-0002.ini:2 error name "is %zu characters long, more than the maximum %g" 11 10 &&
		tz_field_finding records/projects/PRJ-0002.ini:3 error phase "\"%s\" is more than the maximum %g" 9 3 &&
		tz_field_finding records/projects/PRJ-0002.ini:4 error started_on "\"%s\" is not a date (YYYY-MM-DD)" 2026-04-31 &&
		tz_field_finding records/projects/PRJ-0002.ini:5 error key_project "\"%s\" is not yes or no" Y &&
		tz_field_finding records/projects/PRJ-0002.ini:6 error programme "\"%s\" is not one of %s (did you mean \"%s\"?)" trackd "$programmes" tracked &&
		tz_finding records/projects/PRJ-0002.ini:7 error "%s: \"%s\" is listed twice" co_units gtj &&
		tz_finding records/projects/PRJ-0002.ini:9 error "%s: \"%s\" is not a number" "$(tz_named planned month.2026-06.planned)" 多
	} >expect &&
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
