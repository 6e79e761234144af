#!/bin/sh
test_description='tz validate: syntax, sections, parts, unknown and duplicate keys'
. ./lib-tz.sh
. "$SHARNESS_TEST_SRCDIR/lib-validate.sh"
test_expect_success 'setup' '
	tz_test_repo r &&
	(cd r && tz validate)
'

test_expect_success '":" is not a separator' '
	cat >expect <<-\EOF &&
	records/issues/ISS-0002.ini:3: error: ":" is not a separator, use "=": "status: open"
	records/issues/ISS-0002.ini:1: error: status: required field is missing
	EOF
	sort -t: -k2,2n expect >expect.sorted &&
	check_issue expect.sorted <<-\EOF
	[issue]
	title = 网址 http://x.cn:80/ 可以
	status: open
	unit = gtj
	EOF
'

test_expect_success 'a line with no "="' '
	cat >expect <<-\EOF &&
	records/issues/ISS-0002.ini:3: error: expected "key = value", "[section]" or a comment: "just some words"
	EOF
	check_issue expect <<-\EOF
	[issue]
	title = x
	just some words
	status = open
	unit = gtj
	EOF
'

test_expect_success 'a line with "=" but no key' '
	cat >expect <<-\EOF &&
	records/issues/ISS-0002.ini:3: error: missing key before "="
	EOF
	check_issue expect <<-\EOF
	[issue]
	title = x
	= open
	status = open
	unit = gtj
	EOF
'

test_expect_success 'a stray continuation after a blank line' '
	cat >expect <<-\EOF &&
	records/issues/ISS-0002.ini:5: error: continuation line after a blank line
	EOF
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
	cat >expect <<-\EOF &&
	records/issues/ISS-0002.ini:2: error: continuation line with no key to continue
	EOF
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
	cat >expect <<-\EOF &&
	records/issues/ISS-0002.ini:2: error: title: is 31 characters long, more than the maximum 30
	EOF
	check_issue expect <<-EOF
	[issue]
	title = 一二三四五六七八九十一二三四五
	 一二三四五六七八九十一二三四五
	status = open
	unit = gtj
	EOF
'

test_expect_success 'a key before any section' '
	cat >expect <<-\EOF &&
	records/issues/ISS-0002.ini:1: error: key "title" before any section
	EOF
	check_issue expect <<-\EOF
	title = x
	[issue]
	title = x
	status = open
	unit = gtj
	EOF
'

test_expect_success 'a bad section header' '
	cat >expect <<-\EOF &&
	records/issues/ISS-0002.ini:5: error: bad section header "[log.001"
	EOF
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
	cat >expect <<-\EOF &&
	records/issues/ISS-0002.ini:1: error: bad section header "[issue] ; 问题"
	records/issues/ISS-0002.ini:1: error: no [issue] section
	EOF
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
	cat >expect <<-\EOF &&
	records/issues/ISS-0002.ini:2: error: first section is "[unit]", expected "[issue]"
	EOF
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
	cat >expect <<-\EOF &&
	records/issues/ISS-0002.ini:1: error: first section is "[log.001]", expected "[issue]"
	EOF
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
	cat >expect <<-\EOF &&
	records/issues/ISS-0002.ini:1: error: no [issue] section
	EOF
	check_issue expect <<-\EOF
	; 只有注释
	EOF
'

test_expect_success 'an empty file' '
	cat >expect <<-\EOF &&
	records/issues/ISS-0002.ini:1: error: no [issue] section
	EOF
	check_issue expect </dev/null
'

test_expect_success 'a section name the type does not know, with a suggestion' '
	cat >expect <<-\EOF &&
	records/issues/ISS-0002.ini:5: error: unknown section "[lgo.001]" (did you mean "[log.001]"?)
	EOF
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
	cat >expect <<-\EOF &&
	records/issues/ISS-0002.ini:5: error: unknown section "[month.2026-06]"
	records/issues/ISS-0002.ini:7: error: unknown section "[issue2]"
	EOF
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
	cat >expect <<-\EOF &&
	records/units/zzb.ini:3: error: unknown section "[extra]": a unit has no parts
	EOF
	printf "[unit]\nname = 组织部\n[extra]\na = 1\n" >r/records/units/zzb.ini &&
	test_when_finished "rm r/records/units/zzb.ini" &&
	(cd r && test_expect_code 1 tz validate records/units >../out 2>/dev/null) &&
	test_cmp expect out
'

test_expect_success 'a part key that does not match the part'"'"'s key pattern' '
	cat >expect <<-\EOF &&
	records/issues/ISS-0002.ini:5: error: section "[log.1]": key "1" does not match the log key pattern "[0-9]{3}"
	records/issues/ISS-0002.ini:7: error: section "[log.0001]": key "0001" does not match the log key pattern "[0-9]{3}"
	EOF
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
	cat >expect <<-\EOF &&
	records/issues/ISS-0002.ini:5: error: section "[log]" needs a key after the dot, as in [log.KEY]
	records/issues/ISS-0002.ini:7: error: section "[log.]" needs a key after the dot, as in [log.KEY]
	EOF
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
	cat >expect <<-\EOF &&
	records/issues/ISS-0002.ini:3: error: unknown field "stauts" (did you mean "status"?)
	records/issues/ISS-0002.ini:1: error: status: required field is missing
	EOF
	sort -t: -k2,2n expect >expect.sorted &&
	check_issue expect.sorted <<-\EOF
	[issue]
	title = x
	stauts = open
	unit = gtj
	EOF
'

test_expect_success 'an unknown key' '
	cat >expect <<-\EOF &&
	records/issues/ISS-0002.ini:5: error: unknown field "priority" in issue
	records/issues/ISS-0002.ini:6: error: unknown field "id" in issue
	EOF
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
	cat >expect <<-\EOF &&
	records/issues/ISS-0002.ini:7: error: log.001: unknown field "acton" (did you mean "action"?)
	records/issues/ISS-0002.ini:8: error: log.001: unknown field "who"
	EOF
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
	cat >expect <<-\EOF &&
	records/issues/ISS-0002.ini:5: error: duplicate key "status" (first at line 3)
	EOF
	check_issue expect <<-\EOF
	[issue]
	title = x
	status = open
	unit = gtj
	status = bogus
	EOF
'

test_expect_success 'a duplicate key in a part entry' '
	cat >expect <<-\EOF &&
	records/issues/ISS-0002.ini:8: error: duplicate key "date" (first at line 6)
	EOF
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
	cat >expect <<-\EOF &&
	records/issues/ISS-0002.ini:7: error: duplicate section "[log.001]" (first at line 5)
	EOF
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
	cat >expect <<-\EOF &&
	records/issues/ISS-0002.ini:5: error: duplicate section "[issue]" (first at line 1)
	EOF
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
	cat >expect <<-EOF &&
	records/issues/ISS-0002.ini:2: error: title: is 216 characters long, more than the maximum 30
	EOF
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
	grep "^records/notes/N1.ini:2: error: text: \"第1条 ; 分号#井号=等号:冒号\[括号\]%百分号\\\\t制表符 第2条 .*…\" is also used by records/notes/N2.ini$" out &&
	grep "^records/notes/N2.ini:2: error: text: .* is also used by records/notes/N1.ini$" out
'

test_done
