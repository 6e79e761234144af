#!/bin/sh
test_description='tz validate: findings about the schema itself'
. ./lib-tz.sh
. "$SHARNESS_TEST_SRCDIR/lib-validate.sh"
# check_schema: replace schema/task.ini (a small type "task") with stdin,
# validate, and compare with the file expect; exit 1 expected.
check_schema () {
	cat >r/schema/task.ini &&
	(cd r && test_expect_code 1 tz validate >../out 2>../err) &&
	test_cmp expect out
}

test_expect_success 'setup' '
	tz_test_repo r &&
	mkdir r/records/tasks &&
	printf "[task]\nname = x\n" >r/records/tasks/T1.ini &&
	printf "[type]\nname = task\ndir = tasks\nid = T[0-9]+\n[field.name]\ntype = text\n" >r/schema/task.ini &&
	(cd r && tz validate && git add -A && git commit -q -m base)
'

test_expect_success 'an unknown field type, with a suggestion; records are still checked' '
	cat >expect <<-\EOF &&
	records/tasks/T1.ini:3: error: unknown field "extra" in task
	schema/task.ini:6: error: field.due: unknown type "dat" (did you mean "date"?)
	EOF
	printf "[task]\nname = x\nextra = 1\n" >r/records/tasks/T1.ini &&
	check_schema <<-\EOF &&
	[type]
	name = task
	dir = tasks
	id = T[0-9]+
	[field.due]
	type = dat
	[field.name]
	type = text
	EOF
	echo "2 errors, 0 warnings in 2 files" >expect-err &&
	test_cmp expect-err err &&
	printf "[task]\nname = x\n" >r/records/tasks/T1.ini
'

test_expect_success 'an enum without values' '
	cat >expect <<-\EOF &&
	schema/task.ini:5: error: field.status: enum needs values
	EOF
	check_schema <<-\EOF
	[type]
	name = task
	dir = tasks
	id = T[0-9]+
	[field.status]
	type = enum
	[field.name]
	type = text
	EOF
'

test_expect_success 'a ref to an unknown type' '
	cat >expect <<-\EOF &&
	schema/task.ini:5: error: field.owner: no type "unti" to refer to (did you mean "unit"?)
	schema/task.ini:8: error: field.project: no type "project" to refer to
	EOF
	check_schema <<-\EOF
	[type]
	name = task
	dir = tasks
	id = T[0-9]+
	[field.owner]
	type = ref
	to = unti
	[field.project]
	type = ref
	to = project
	[field.name]
	type = text
	EOF
'

test_expect_success 'a bad regular expression in pattern and in id' '
	cat >expect <<-\EOF &&
	schema/task.ini:4: error: type: bad id pattern "T[0-9+": Unmatched [, [^, [:, [., or [=
	schema/task.ini:7: error: field.name: bad pattern "(a|b": Unmatched ( or \(
	EOF
	check_schema <<-\EOF
	[type]
	name = task
	dir = tasks
	id = T[0-9+
	[field.name]
	type = text
	pattern = (a|b
	EOF
'

test_expect_success 'an unknown section, an unknown key' '
	cat >expect <<-\EOF &&
	schema/task.ini:5: error: type: unknown key "titel" (did you mean "title"?)
	schema/task.ini:6: error: unknown section "[feild.name]" (expected type, field.NAME, part.NAME, rule.NAME, transitions.FIELD or action.NAME)
	records/tasks/T1.ini:2: error: unknown field "name" in task
	EOF
	sort expect >expect.sorted &&
	mv expect.sorted expect &&
	check_schema <<-\EOF
	[type]
	name = task
	dir = tasks
	id = T[0-9]+
	titel = name
	[feild.name]
	type = text
	EOF
'

test_expect_success 'labels that do not match the values' '
	cat >expect <<-\EOF &&
	schema/task.ini:10: error: field.status: 3 labels for 2 values
	EOF
	check_schema <<-\EOF
	[type]
	name = task
	dir = tasks
	id = T[0-9]+
	[field.name]
	type = text
	[field.status]
	type = enum
	values = open, closed
	labels = 待办, 已办结, 已销号
	EOF
'

test_expect_success 'a part that shares its name with a field' '
	cat >expect <<-\EOF &&
	schema/task.ini:7: error: part.name: a part may not share its name with a field
	EOF
	check_schema <<-\EOF
	[type]
	name = task
	dir = tasks
	id = T[0-9]+
	[field.name]
	type = text
	[part.name]
	key = [0-9]+
	EOF
'

test_expect_success 'a rule with a bad expression, with its column' '
	cat >expect <<-\EOF &&
	schema/task.ini:7: error: rule.r: check: column 8: expected a value
	schema/task.ini:9: error: rule.s: when: column 1: unknown field "nmae" (did you mean "name"?)
	EOF
	check_schema <<-\EOF
	[type]
	name = task
	dir = tasks
	id = T[0-9]+
	[field.name]
	type = text
	[rule.r]
	check = name = = x
	[rule.s]
	when = nmae = x
	require = name
	EOF
'

test_expect_success 'transitions that name a value the field does not have' '
	cat >expect <<-\EOF &&
	schema/task.ini:11: error: transitions.status: "clsoed" is not a value of status
	EOF
	check_schema <<-\EOF
	[type]
	name = task
	dir = tasks
	id = T[0-9]+
	[field.name]
	type = text
	[field.status]
	type = enum
	values = open, closed
	[transitions.status]
	open = clsoed
	EOF
'

test_expect_success 'a schema file whose first section is not [type]' '
	cat >expect <<-\EOF &&
	records/tasks/T1.ini:1: error: not in the directory of any record type (records/issues/, records/units/)
	schema/task.ini:1: error: the first section must be [type]
	EOF
	check_schema <<-\EOF
	[field.name]
	type = text
	EOF
'

test_expect_success 'a type defined twice' '
	git -C r checkout -q schema/task.ini &&
	cat >expect <<-\EOF &&
	schema/unit2.ini:2: error: type: type "unit" is already defined in schema/unit.ini
	EOF
	cat >r/schema/unit2.ini <<-\EOF &&
	[type]
	name = unit
	dir = units2
	id = [a-z]+
	EOF
	test_when_finished "rm r/schema/unit2.ini" &&
	(cd r && test_expect_code 1 tz validate >../out 2>/dev/null) &&
	test_cmp expect out
'

test_expect_success 'syntax errors in a schema file are findings too' '
	cat >expect <<-\EOF &&
	schema/task.ini:5: error: ":" is not a separator, use "=": "title: name"
	schema/task.ini:8: error: duplicate key "type" (first at line 7)
	EOF
	check_schema <<-\EOF
	[type]
	name = task
	dir = tasks
	id = T[0-9]+
	title: name
	[field.name]
	type = text
	type = int
	EOF
'

test_expect_success 'a schema file with a NUL byte' '
	printf "[type]\nname = task\0\n" >r/schema/task.ini &&
	cat >expect <<-\EOF &&
	records/tasks/T1.ini:1: error: not in the directory of any record type (records/issues/, records/units/)
	schema/task.ini:2: error: NUL byte in file (not read further)
	EOF
	(cd r && test_expect_code 1 tz validate >../out 2>/dev/null) &&
	test_cmp expect out
'

test_expect_success 'schema findings are reported whatever PATH says' '
	cat >expect <<-\EOF &&
	schema/task.ini:5: error: field.status: enum needs values
	EOF
	cat >r/schema/task.ini <<-\EOF &&
	[type]
	name = task
	dir = tasks
	id = T[0-9]+
	[field.status]
	type = enum
	[field.name]
	type = text
	EOF
	(cd r && test_expect_code 1 tz validate records/issues >../out 2>../err) &&
	test_cmp expect out &&
	echo "1 error, 0 warnings in 1 file" >expect-err &&
	test_cmp expect-err err
'

test_expect_success 'policy.ini is not a type; other files and subfolders of schema/ are errors' '
	git -C r checkout -q schema/task.ini &&
	printf "[member.office]\npeople = office@example.gov.cn\n" >r/schema/policy.ini &&
	(cd r && tz validate >../out 2>../err) &&
	test_must_be_empty out &&
	echo "4 records and 3 schema files: no problems" >expect-err &&
	test_cmp expect-err err &&
	echo "# 说明" >r/schema/README.md &&
	mkdir -p r/schema/old &&
	printf "[type]\nbroken\n" >r/schema/old/x.ini &&
	cat >expect <<-\EOF &&
	schema/README.md:1: error: not a schema file: schema files end in .ini
	schema/old/x.ini:1: error: not a schema file: schema files sit directly in schema/, not in a subfolder
	EOF
	(cd r && test_expect_code 1 tz validate >../out 2>/dev/null) &&
	test_cmp expect out &&
	rm -r r/schema/README.md r/schema/old
'

test_expect_success 'a schema value over continuation lines stays on one finding line' '
	git -C r checkout -q schema/task.ini &&
	cat >>r/schema/task.ini <<-\EOF &&
	[field.owner]
	type = ref
	to = unit
	  me
	[field.flag]
	type = bool
	required = maybe
	  not
	EOF
	test_when_finished "git -C r checkout -q schema/task.ini" &&
	cat >expect <<-\EOF &&
	schema/task.ini:7: error: field.owner: no type "unit?me" to refer to (did you mean "unit"?)
	schema/task.ini:13: error: field.flag: required must be yes or no, not "maybe?not"
	EOF
	(cd r && test_expect_code 1 tz validate >../out 2>/dev/null) &&
	test_cmp expect out
'

test_expect_success 'an empty schema/: every record is outside any type, said plainly' '
	git init -q empty &&
	mkdir -p empty/schema empty/records/units &&
	printf "[unit]\nname = x\n" >empty/records/units/gtj.ini &&
	echo "records/units/gtj.ini:1: error: not in the directory of any record type (schema/ defines none)" >expect &&
	(cd empty && test_expect_code 1 tz validate >../out 2>../err) &&
	test_cmp expect out
'

test_expect_success 'an empty schema/ and no records is valid' '
	git init -q empty2 &&
	mkdir -p empty2/schema &&
	(cd empty2 && tz validate >../out 2>../err) &&
	test_must_be_empty out &&
	echo "0 records and 0 schema files: no problems" >expect-err &&
	test_cmp expect-err err
'

test_expect_success 'the schema of a revision is checked with --rev' '
	cat >r/schema/task.ini <<-\EOF &&
	[type]
	name = task
	dir = tasks
	id = T[0-9]+
	[field.name]
	type = txt
	EOF
	(cd r && git commit -q -a -m "bad schema" && git checkout -q HEAD~1 -- schema/task.ini) &&
	(cd r && tz validate >../out 2>/dev/null) &&
	test_must_be_empty out &&
	echo "schema/task.ini:6: error: field.name: unknown type \"txt\" (did you mean \"text\"?)" >expect &&
	(cd r && test_expect_code 1 tz validate --rev HEAD >../out 2>/dev/null) &&
	test_cmp expect out
'

test_done
