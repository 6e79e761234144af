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
	{
		tz_finding records/tasks/T1.ini:3 error "unknown field \"%s\" in %s" extra task &&
		tz_finding schema/task.ini:6 error "%s: unknown type \"%s\" (did you mean \"%s\"?)" field.due dat date
	} >expect &&
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
	tz_summary 2 0 2 >expect-err &&
	test_cmp expect-err err &&
	printf "[task]\nname = x\n" >r/records/tasks/T1.ini
'

test_expect_success 'an enum without values' '
	tz_finding schema/task.ini:5 error "%s: enum needs values" field.status >expect &&
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
	{
		tz_finding schema/task.ini:5 error "%s.%s: no type \"%s\" to refer to (did you mean \"%s\"?)" field owner unti unit &&
		tz_finding schema/task.ini:8 error "%s.%s: no type \"%s\" to refer to" field project project
	} >expect &&
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
	{
		tz_finding schema/task.ini:4 error "type: bad id pattern \"%s\": %s" "T[0-9+" "$(tz_libc "Unmatched [, [^, [:, [., or [=")" &&
		tz_finding schema/task.ini:7 error "%s: bad pattern \"%s\": %s" field.name "(a|b" "$(tz_libc "Unmatched ( or \\\\(")"
	} >expect &&
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

test_expect_success 'a pattern that would make the regex library build gigabytes' '
	{
		tz_finding schema/task.ini:4 error "type: bad id pattern \"%s\": %s" "T[0-9]++++{3}" "$(tz_msg "a repetition of a repetition (such as \"++\" or \"*{2}\"): write one")" &&
		tz_finding schema/task.ini:7 error "%s: bad pattern \"%s\": %s" field.name "((a{100}){100})" "$(tz_msg "too large once its repetitions are expanded")"
	} >expect &&
	check_schema <<-\EOF
	[type]
	name = task
	dir = tasks
	id = T[0-9]++++{3}
	[field.name]
	type = text
	pattern = ((a{100}){100})
	EOF
'

test_expect_success 'an unknown section, an unknown key' '
	{
		tz_finding schema/task.ini:5 error "%s: unknown key \"%s\" (did you mean \"%s\"?)" type titel title &&
		tz_finding schema/task.ini:6 error "unknown section \"[%s]\" (expected type, field.NAME, part.NAME, rule.NAME, transitions.FIELD or action.NAME)" feild.name &&
		tz_finding records/tasks/T1.ini:2 error "unknown field \"%s\" in %s" name task
	} >expect &&
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
	tz_finding schema/task.ini:10 error "%s: %zu labels for %zu values" field.status 3 2 >expect &&
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
	tz_finding schema/task.ini:7 error "part.%s: a part may not share its name with a field" name >expect &&
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
	{
		tz_finding schema/task.ini:7 error "rule.%s: %s: column %d: %s" r check 8 "$(tz_msg "expected a value")" &&
		tz_finding schema/task.ini:9 error "rule.%s: %s: column %d: %s" s when 1 \
			"$(tz_msg "unknown field \"%s\" (did you mean \"%s\"?)" nmae name)"
	} >expect &&
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
	tz_finding schema/task.ini:11 error "transitions.%s: \"%s\" is not a value of %s" status clsoed status >expect &&
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
	{
		tz_finding records/tasks/T1.ini:1 error "not in the directory of any record type (%s)" "records/issues/, records/units/" &&
		tz_finding schema/task.ini:1 error "the first section must be [type]"
	} >expect &&
	check_schema <<-\EOF
	[field.name]
	type = text
	EOF
'

test_expect_success 'a type defined twice' '
	git -C r checkout -q schema/task.ini &&
	tz_finding schema/unit2.ini:2 error "type: type \"%s\" is already defined in %s" unit schema/unit.ini >expect &&
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
	{
		tz_finding schema/task.ini:5 error "\":\" is not a separator, use \"=\": \"%s\"" "title: name" &&
		tz_finding schema/task.ini:8 error "duplicate key \"%s\" (first at line %d)" type 7
	} >expect &&
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
	{
		tz_finding records/tasks/T1.ini:1 error "not in the directory of any record type (%s)" "records/issues/, records/units/" &&
		tz_finding schema/task.ini:2 error "NUL byte in file (not read further)"
	} >expect &&
	(cd r && test_expect_code 1 tz validate >../out 2>/dev/null) &&
	test_cmp expect out
'

test_expect_success 'schema findings are reported whatever PATH says' '
	tz_finding schema/task.ini:5 error "%s: enum needs values" field.status >expect &&
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
	tz_summary 1 0 1 >expect-err &&
	test_cmp expect-err err
'

test_expect_success 'policy.ini is not a type; other files and subfolders of schema/ are errors' '
	git -C r checkout -q schema/task.ini &&
	printf "[member.office]\npeople = office@example.gov.cn\n" >r/schema/policy.ini &&
	(cd r && tz validate >../out 2>../err) &&
	test_must_be_empty out &&
	tz_summary_clean 4 3 >expect-err &&
	test_cmp expect-err err &&
	echo "# 说明" >r/schema/README.md &&
	mkdir -p r/schema/old &&
	printf "[type]\nbroken\n" >r/schema/old/x.ini &&
	{
		tz_finding schema/README.md:1 error "not a schema file: schema files end in .ini" &&
		tz_finding schema/old/x.ini:1 error "not a schema file: schema files sit directly in schema/, not in a subfolder"
	} >expect &&
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
	{
		tz_finding schema/task.ini:7 error "%s.%s: no type \"%s\" to refer to (did you mean \"%s\"?)" field owner "unit?me" unit &&
		tz_finding schema/task.ini:13 error "%s: %s must be yes or no, not \"%s\"" field.flag required "maybe?not"
	} >expect &&
	(cd r && test_expect_code 1 tz validate >../out 2>/dev/null) &&
	test_cmp expect out
'

test_expect_success 'an empty schema/: every record is outside any type, said plainly' '
	git init -q empty &&
	mkdir -p empty/schema empty/records/units &&
	printf "[unit]\nname = x\n" >empty/records/units/gtj.ini &&
	tz_finding records/units/gtj.ini:1 error "not in the directory of any record type (schema/ defines none)" >expect &&
	(cd empty && test_expect_code 1 tz validate >../out 2>../err) &&
	test_cmp expect out
'

test_expect_success 'an empty schema/ and no records is valid' '
	git init -q empty2 &&
	mkdir -p empty2/schema &&
	(cd empty2 && tz validate >../out 2>../err) &&
	test_must_be_empty out &&
	tz_summary_clean 0 0 >expect-err &&
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
	tz_finding schema/task.ini:6 error "%s: unknown type \"%s\" (did you mean \"%s\"?)" field.name txt text >expect &&
	(cd r && test_expect_code 1 tz validate --rev HEAD >../out 2>/dev/null) &&
	test_cmp expect out
'

test_done
