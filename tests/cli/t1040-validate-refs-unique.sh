#!/bin/sh
test_description='tz validate: references, unique values, duplicate IDs'
. ./lib-tz.sh
. "$SHARNESS_TEST_SRCDIR/lib-validate.sh"
# how findings name the type unit
unit=$(tz_named 责任单位 unit)

test_expect_success 'setup' '
	tz_test_repo r &&
	printf "[unit]\nname = 发改委\n" >r/records/units/fgw.ini &&
	(cd r && tz validate)
'

test_expect_success 'a reference to a record that does not exist, with a suggestion' '
	cat >r/records/issues/ISS-0002.ini <<-\EOF &&
	[issue]
	title = x
	status = open
	unit = gjt
	EOF
	tz_finding records/issues/ISS-0002.ini:4 error "%s: no %s \"%s\" (did you mean \"%s\"?)" unit "$unit" gjt gtj >expect &&
	(cd r && test_expect_code 1 tz validate >../out 2>../err) &&
	test_cmp expect out &&
	tz_summary 1 0 1 >expect-err &&
	test_cmp expect-err err
'

test_expect_success 'a reference to a record that does not exist' '
	sed -i "s/unit = gjt/unit = 国土局/" r/records/issues/ISS-0002.ini &&
	tz_finding records/issues/ISS-0002.ini:4 error "%s: no %s \"%s\" (did you mean %s?)" unit "$unit" 国土局 "gtj (国土局)" >expect &&
	(cd r && test_expect_code 1 tz validate >../out 2>/dev/null) &&
	test_cmp expect out
'

test_expect_success 'a reference is to a record of the target type only' '
	sed -i "s/unit = 国土局/unit = ISS-0001/" r/records/issues/ISS-0002.ini &&
	tz_finding records/issues/ISS-0002.ini:4 error "%s: no %s \"%s\"" unit "$unit" ISS-0001 >expect &&
	(cd r && test_expect_code 1 tz validate >../out 2>/dev/null) &&
	test_cmp expect out
'

test_expect_success 'a reference to a record in a subfolder of the type' '
	mkdir -p r/records/units/towns &&
	printf "[unit]\nname = 黄花镇\n" >r/records/units/towns/hhz.ini &&
	sed -i "s/unit = ISS-0001/unit = hhz/" r/records/issues/ISS-0002.ini &&
	(cd r && tz validate >../out 2>/dev/null) &&
	test_must_be_empty out
'

test_expect_success 'every item of a multiple reference is checked' '
	cat >r/records/issues/ISS-0002.ini <<-\EOF &&
	[issue]
	title = x
	status = open
	unit = gtj
	helping_units = hbj, fwg, nobody, hhz
	EOF
	{
		tz_finding records/issues/ISS-0002.ini:5 error "%s: no %s \"%s\" (did you mean \"%s\"?)" helping_units "$unit" fwg fgw &&
		tz_finding records/issues/ISS-0002.ini:5 error "%s: no %s \"%s\"" helping_units "$unit" nobody
	} >expect &&
	(cd r && test_expect_code 1 tz validate >../out 2>/dev/null) &&
	test_cmp expect out
'

test_expect_success 'a reference from a part field' '
	cat >r/schema/project.ini <<-\EOF &&
	[type]
	name = project
	dir = projects
	id = PRJ-[0-9]{4}
	[field.name]
	type = text
	[part.visit]
	key = [0-9]+
	[part.visit.field.by]
	type = ref
	to = unit
	EOF
	mkdir -p r/records/projects &&
	test_when_finished "rm -r r/schema/project.ini r/records/projects" &&
	printf "[project]\nname = x\n[visit.1]\nby = gtj\n[visit.2]\nby = hbjj\n" >r/records/projects/PRJ-0001.ini &&
	tz_finding records/projects/PRJ-0001.ini:6 error "%s: no %s \"%s\" (did you mean \"%s\"?)" "$(tz_named by visit.2.by)" "$unit" hbjj hbj >expect &&
	(cd r && test_expect_code 1 tz validate records/projects >../out 2>/dev/null) &&
	test_cmp expect out
'

test_expect_success 'a reference left dangling by a deletion' '
	cat >r/records/issues/ISS-0002.ini <<-\EOF &&
	[issue]
	title = x
	status = open
	unit = fgw
	helping_units = hbj, hhz
	EOF
	(cd r && tz validate && git add -A && git commit -q -m "two issues") &&
	(cd r && git rm -q records/units/fgw.ini records/units/towns/hhz.ini) &&
	{
		tz_finding records/issues/ISS-0002.ini:4 error "%s: no %s \"%s\"" unit "$unit" fgw &&
		tz_finding records/issues/ISS-0002.ini:5 error "%s: no %s \"%s\" (did you mean \"%s\"?)" helping_units "$unit" hhz hbj
	} >expect &&
	(cd r && test_expect_code 1 tz validate >../out 2>../err) &&
	test_cmp expect out &&
	tz_summary 2 0 1 >expect-err &&
	test_cmp expect-err err
'

test_expect_success 'a deletion that leaves a reference dangling, committed, fails with --rev' '
	(cd r && git commit -q -m "remove units") &&
	test_when_finished "(cd r && git revert --no-edit HEAD >/dev/null)" &&
	(cd r && test_expect_code 1 tz validate --rev HEAD >../out 2>/dev/null) &&
	test_cmp expect out &&
	(cd r && tz validate --rev HEAD~1 >../out 2>/dev/null) &&
	test_must_be_empty out
'

test_expect_success 'unique: a clash is reported on every file involved' '
	printf "[unit]\nname = 国土局\n" >r/records/units/gt.ini &&
	{
		tz_finding records/units/gt.ini:2 error "%s: \"%s\" is also used by %s" "$(tz_named 名称 name)" 国土局 records/units/gtj.ini &&
		tz_finding records/units/gtj.ini:2 error "%s: \"%s\" is also used by %s" "$(tz_named 名称 name)" 国土局 records/units/gt.ini
	} >expect &&
	(cd r && test_expect_code 1 tz validate >../out 2>../err) &&
	test_cmp expect out &&
	tz_summary 2 0 2 >expect-err &&
	test_cmp expect-err err
'

test_expect_success 'unique: a clash is reported when only one of the files is asked about' '
	(cd r && test_expect_code 1 tz validate records/units/gtj.ini >../out 2>/dev/null) &&
	tz_finding records/units/gtj.ini:2 error "%s: \"%s\" is also used by %s" "$(tz_named 名称 name)" 国土局 records/units/gt.ini >expect &&
	test_cmp expect out
'

test_expect_success 'unique: three files sharing a value' '
	printf "[unit]\nname = 国土局\n" >r/records/units/towns/gtju.ini &&
	(cd r && test_expect_code 1 tz validate >../out 2>/dev/null) &&
	grep "^records/units/gt.ini:2: " out &&
	grep "^records/units/gtj.ini:2: " out &&
	grep "^records/units/towns/gtju.ini:2: " out &&
	test_line_count = 4 out &&
	rm r/records/units/towns/gtju.ini
'

test_expect_success 'unique compares the trimmed text' '
	printf "[unit]\nname =   国土局  \t\n" >r/records/units/gt.ini &&
	{
		tz_finding records/units/gt.ini:2 error "%s: \"%s\" is also used by %s" "$(tz_named 名称 name)" 国土局 records/units/gtj.ini &&
		tz_finding records/units/gtj.ini:2 error "%s: \"%s\" is also used by %s" "$(tz_named 名称 name)" 国土局 records/units/gt.ini
	} >expect &&
	(cd r && test_expect_code 1 tz validate >../out 2>/dev/null) &&
	test_cmp expect out
'

test_expect_success 'unique: different values do not clash, nor do values of different fields' '
	printf "[unit]\nname = 国土资源局\n" >r/records/units/gt.ini &&
	(cd r && tz validate >../out 2>/dev/null) &&
	test_must_be_empty out &&
	rm r/records/units/gt.ini
'

test_expect_success 'unique: an empty value is not a value' '
	cat >r/schema/unit.ini <<-\EOF &&
	[type]
	name = unit
	dir = units
	id = [a-z]{2,8}
	[field.name]
	type = text
	unique = yes
	EOF
	test_when_finished "write_schema r" &&
	printf "[unit]\nname =\n" >r/records/units/aa.ini &&
	printf "[unit]\nname =\n" >r/records/units/bb.ini &&
	test_when_finished "rm r/records/units/aa.ini r/records/units/bb.ini" &&
	(cd r && tz validate >../out 2>/dev/null) &&
	test_must_be_empty out
'

test_expect_success 'duplicate IDs across subfolders are reported on each file' '
	mkdir -p r/records/issues/2026 &&
	cat >r/records/issues/2026/ISS-0001.ini <<-\EOF &&
	[issue]
	title = 另一个
	status = open
	unit = gtj
	EOF
	{
		tz_finding records/issues/2026/ISS-0001.ini:1 error "duplicate %s ID \"%s\" (also %s)" issue ISS-0001 records/issues/ISS-0001.ini &&
		tz_finding records/issues/ISS-0001.ini:1 error "duplicate %s ID \"%s\" (also %s)" issue ISS-0001 records/issues/2026/ISS-0001.ini
	} >expect &&
	(cd r && test_expect_code 1 tz validate >../out 2>../err) &&
	test_cmp expect out &&
	tz_summary 2 0 2 >expect-err &&
	test_cmp expect-err err
'

test_expect_success 'the same ID in two types is fine' '
	rm r/records/issues/2026/ISS-0001.ini &&
	cat >r/schema/note.ini <<-\EOF &&
	[type]
	name = note
	dir = notes
	id = .+
	EOF
	mkdir -p r/records/notes &&
	test_when_finished "rm -r r/schema/note.ini r/records/notes" &&
	echo "[note]" >r/records/notes/gtj.ini &&
	echo "[note]" >r/records/notes/ISS-0001.ini &&
	(cd r && tz validate >../out 2>/dev/null) &&
	test_must_be_empty out
'

test_done
