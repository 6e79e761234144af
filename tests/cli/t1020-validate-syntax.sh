#!/bin/sh
test_description='tz validate: syntax, sections, parts, unknown and duplicate keys'
. ./lib-tz.sh
. "$SHARNESS_TEST_SRCDIR/lib-validate.sh"
test_expect_success 'setup' '
	tz_test_repo r &&
	(cd r && tz validate)
'

test_expect_success '":" is not a separator' '
	{
		tz_finding records/issues/ISS-0002.ini:3 error "\":\" is not a separator, use \"=\": \"%s\"" "status: open" &&
		tz_finding records/issues/ISS-0002.ini:1 error "%s: required field is missing" status
	} >expect &&
	sort -t: -k2,2n expect >expect.sorted &&
	check_issue expect.sorted <<-\EOF
	[issue]
	title = 网址 http://x.cn:80/ 可以
	status: open
	unit = gtj
	EOF
'

test_expect_success 'a line with no "="' '
	tz_finding records/issues/ISS-0002.ini:3 error "expected \"key = value\", \"[section]\" or a comment: \"%s\"" "just some words" >expect &&
	check_issue expect <<-\EOF
	[issue]
	title = x
	just some words
	status = open
	unit = gtj
	EOF
'

test_expect_success 'a line with "=" but no key' '
	tz_finding records/issues/ISS-0002.ini:3 error "missing key before \"=\"" >expect &&
	check_issue expect <<-\EOF
	[issue]
	title = x
	= open
	status = open
	unit = gtj
	EOF
'

test_expect_success 'a stray continuation after a blank line' '
	tz_finding records/issues/ISS-0002.ini:5 error "continuation line after a blank line" >expect &&
	check_issue expect <<-EOF
	[issue]
	title = x
	resolution = 第一行

	 第二行
	status = open
	unit = gtj
	EOF
'

test_expect_success 'a continuation with no key to continue' '
	tz_finding records/issues/ISS-0002.ini:2 error "continuation line with no key to continue" >expect &&
	check_issue expect <<-EOF
	[issue]
	 title = 缩进的键
	title = x
	status = open
	unit = gtj
	EOF
'

test_expect_success 'continuation lines are part of the value' '
	: >expect &&
	check_issue expect <<-EOF
	[issue]
	title = 一期需用地500亩，
	 需报省厅审批
	status = open
	unit = gtj
	resolution =
	 第一行 ; 不是注释
	 # 这是注释
	 第二行
	EOF
'

test_expect_success 'a continued value counts its characters with the newline' '
	tz_field_finding records/issues/ISS-0002.ini:2 error title "is %zu characters long, more than the maximum %g" 31 30 >expect &&
	check_issue expect <<-EOF
	[issue]
	title = 一二三四五六七八九十一二三四五
	 一二三四五六七八九十一二三四五
	status = open
	unit = gtj
	EOF
'

test_expect_success 'a key before any section' '
	tz_finding records/issues/ISS-0002.ini:1 error "key \"%s\" before any section" title >expect &&
	check_issue expect <<-\EOF
	title = x
	[issue]
	title = x
	status = open
	unit = gtj
	EOF
'

test_expect_success 'a bad section header' '
	tz_finding records/issues/ISS-0002.ini:5 error "bad section header \"%s\"" "[log.001" >expect &&
	check_issue expect <<-\EOF
	[issue]
	title = x
	status = open
	unit = gtj
	[log.001
	date = 2026-05-31
	EOF
'

test_expect_success 'text after a section header' '
	{
		tz_finding records/issues/ISS-0002.ini:1 error "bad section header \"%s\"" "[issue] ; 问题" &&
		tz_finding records/issues/ISS-0002.ini:1 error "no [%s] section" issue
	} >expect &&
	check_issue expect <<-\EOF
	[issue] ; 问题
	title = x
	status = open
	unit = gtj
	EOF
'

test_expect_success 'comments, indented or not, and values with ";" and "#"' '
	: >expect &&
	check_issue expect <<-EOF
	; 问题台账
	# 另一种注释
	[issue]
	  ; 缩进的注释
	title = 征地 ; 拆迁 # 两件事
	status = open
	unit = gtj
	EOF
'

test_expect_success 'the first section must be named after the type' '
	tz_finding records/issues/ISS-0002.ini:2 error "first section is \"[%s]\", expected \"[%s]\"" unit issue >expect &&
	check_issue expect <<-\EOF
	; 放错了地方
	[unit]
	name = x
	[issue]
	title = x
	status = open
	unit = gtj
	EOF
'

test_expect_success 'a part cannot come first' '
	tz_finding records/issues/ISS-0002.ini:1 error "first section is \"[%s]\", expected \"[%s]\"" log.001 issue >expect &&
	check_issue expect <<-\EOF
	[log.001]
	date = 2026-05-31
	[issue]
	title = x
	status = open
	unit = gtj
	EOF
'

test_expect_success 'a file with no section at all' '
	tz_finding records/issues/ISS-0002.ini:1 error "no [%s] section" issue >expect &&
	check_issue expect <<-\EOF
	; 只有注释
	EOF
'

test_expect_success 'an empty file' '
	tz_finding records/issues/ISS-0002.ini:1 error "no [%s] section" issue >expect &&
	check_issue expect </dev/null
'

test_expect_success 'a section name the type does not know, with a suggestion' '
	tz_finding records/issues/ISS-0002.ini:5 error "unknown section \"[%s]\" (did you mean \"[%s%s]\"?)" lgo.001 log .001 >expect &&
	check_issue expect <<-\EOF
	[issue]
	title = x
	status = open
	unit = gtj
	[lgo.001]
	date = 2026-05-31
	EOF
'

test_expect_success 'a section name the type does not know' '
	{
		tz_finding records/issues/ISS-0002.ini:5 error "unknown section \"[%s]\"" month.2026-06 &&
		tz_finding records/issues/ISS-0002.ini:7 error "unknown section \"[%s]\"" issue2
	} >expect &&
	check_issue expect <<-\EOF
	[issue]
	title = x
	status = open
	unit = gtj
	[month.2026-06]
	planned_investment = 1200
	[issue2]
	title = y
	EOF
'

test_expect_success 'a second section in a type with no parts' '
	tz_finding records/units/zzb.ini:3 error "unknown section \"[%s]\": a %s has no parts" extra unit >expect &&
	printf "[unit]\nname = 组织部\n[extra]\na = 1\n" >r/records/units/zzb.ini &&
	test_when_finished "rm r/records/units/zzb.ini" &&
	(cd r && test_expect_code 1 tz validate records/units >../out 2>/dev/null) &&
	test_cmp expect out
'

test_expect_success 'a part key that does not match the part'"'"'s key pattern' '
	{
		tz_finding records/issues/ISS-0002.ini:5 error "section \"[%s]\": key \"%s\" does not match the %s key pattern \"%s\"" log.1 1 log "[0-9]{3}" &&
		tz_finding records/issues/ISS-0002.ini:7 error "section \"[%s]\": key \"%s\" does not match the %s key pattern \"%s\"" log.0001 0001 log "[0-9]{3}"
	} >expect &&
	check_issue expect <<-\EOF
	[issue]
	title = x
	status = open
	unit = gtj
	[log.1]
	date = 2026-05-31
	[log.0001]
	date = 2026-05-31
	[log.002]
	date = 2026-05-31
	EOF
'

test_expect_success 'a part without a key' '
	{
		tz_finding records/issues/ISS-0002.ini:5 error "section \"[%s]\" needs a key after the dot, as in [%s.KEY]" log log &&
		tz_finding records/issues/ISS-0002.ini:7 error "section \"[%s]\" needs a key after the dot, as in [%s.KEY]" log. log
	} >expect &&
	check_issue expect <<-\EOF
	[issue]
	title = x
	status = open
	unit = gtj
	[log]
	date = 2026-05-31
	[log.]
	date = 2026-05-31
	EOF
'

test_expect_success 'an unknown key, with a suggestion' '
	{
		tz_finding records/issues/ISS-0002.ini:3 error "unknown field \"%s\" (did you mean \"%s\"?)" stauts status &&
		tz_finding records/issues/ISS-0002.ini:1 error "%s: required field is missing" status
	} >expect &&
	sort -t: -k2,2n expect >expect.sorted &&
	check_issue expect.sorted <<-\EOF
	[issue]
	title = x
	stauts = open
	unit = gtj
	EOF
'

test_expect_success 'an unknown key' '
	{
		tz_finding records/issues/ISS-0002.ini:5 error "unknown field \"%s\" in %s" priority issue &&
		tz_finding records/issues/ISS-0002.ini:6 error "unknown field \"%s\" in %s" id issue
	} >expect &&
	check_issue expect <<-\EOF
	[issue]
	title = x
	status = open
	unit = gtj
	priority = high
	id = ISS-0002
	EOF
'

test_expect_success 'an unknown key in a part entry' '
	{
		tz_finding records/issues/ISS-0002.ini:7 error "%s: unknown field \"%s\" (did you mean \"%s\"?)" log.001 acton action &&
		tz_finding records/issues/ISS-0002.ini:8 error "%s: unknown field \"%s\"" log.001 who
	} >expect &&
	check_issue expect <<-\EOF
	[issue]
	title = x
	status = open
	unit = gtj
	[log.001]
	date = 2026-05-31
	acton = assign
	who = 办公室
	EOF
'

test_expect_success 'a duplicate key: the first value is kept' '
	tz_finding records/issues/ISS-0002.ini:5 error "duplicate key \"%s\" (first at line %d)" status 3 >expect &&
	check_issue expect <<-\EOF
	[issue]
	title = x
	status = open
	unit = gtj
	status = bogus
	EOF
'

test_expect_success 'a duplicate key in a part entry' '
	tz_finding records/issues/ISS-0002.ini:8 error "duplicate key \"%s\" (first at line %d)" date 6 >expect &&
	check_issue expect <<-\EOF
	[issue]
	title = x
	status = open
	unit = gtj
	[log.001]
	date = 2026-05-31
	action = assign
	date = 2026-06-01
	EOF
'

test_expect_success 'a duplicate section' '
	tz_finding records/issues/ISS-0002.ini:7 error "duplicate section \"[%s]\" (first at line %d)" log.001 5 >expect &&
	check_issue expect <<-\EOF
	[issue]
	title = x
	status = open
	unit = gtj
	[log.001]
	date = 2026-05-31
	[log.001]
	date = 2026-06-01
	EOF
'

test_expect_success 'the main section twice' '
	tz_finding records/issues/ISS-0002.ini:5 error "duplicate section \"[%s]\" (first at line %d)" issue 1 >expect &&
	check_issue expect <<-\EOF
	[issue]
	title = x
	status = open
	unit = gtj
	[issue]
	title = y
	EOF
'

test_expect_success 'lines longer than 200 bytes, with ";" and CJK text, are read whole' '
	long=$(printf "办结率;达到 ; 百分之九十#以上=%.0s" 1 2 3 4 5 6 7 8 9 10 11 12) &&
	tz_field_finding records/issues/ISS-0002.ini:2 error title "is %zu characters long, more than the maximum %g" 216 30 >expect &&
	check_issue expect <<-EOF
	[issue]
	title = $long
	status = open
	unit = gtj
	resolution = $long$long$long$long$long
	EOF
'

test_expect_success 'a 10 KB value survives: it is the one that makes a unique clash' '
	value=$(for i in $(test_seq 1 300); do printf "第%d条 ; 分号#井号=等号:冒号[括号]%%百分号\t制表符 " $i; done) &&
	test $(printf "%s" "$value" | wc -c) -gt 10240 &&
	cat >r/schema/note.ini <<-\EOF &&
	[type]
	name = note
	dir = notes
	id = N[0-9]
	[field.text]
	type = text
	unique = yes
	EOF
	mkdir r/records/notes &&
	test_when_finished "rm -r r/schema/note.ini r/records/notes" &&
	printf "[note]\ntext = %s\n" "$value" >r/records/notes/N1.ini &&
	printf "[note]\ntext =\n  %s\n" "$value" >r/records/notes/N2.ini &&
	printf "[note]\ntext = %sx\n" "$value" >r/records/notes/N3.ini &&
	(cd r && test_expect_code 1 tz validate records/notes >../out 2>/dev/null) &&
	test_line_count = 2 out &&
	grep "^$(tz_finding records/notes/N1.ini:2 error "%s: \"%s\" is also used by %s" \
		text "第1条 ; 分号#井号=等号:冒号\[括号\]%百分号\\\\t制表符 第2条 .*…" records/notes/N2.ini)\$" out &&
	grep "^$(tz_finding records/notes/N2.ini:2 error "%s: \"%s\" is also used by %s" text ".*" records/notes/N1.ini)\$" out
'

test_done
