#!/bin/sh
test_description='tz validate: transitions and append-only parts against the committed version'
. ./lib-tz.sh
. "$SHARNESS_TEST_SRCDIR/lib-validate.sh"
# issue ID STATUS [EXTRA]: write records/issues/ID.ini with that status; the
# status line is always line 4, the [log.001] entry starts at line 7.
issue () {
	cat >"r/records/issues/$1.ini" <<-EOF
	[issue]
	title = 问题$1
	unit = gtj
	status = $2
	resolved_on = 2026-06-20
	resolution = 已办结
	[log.001]
	date = 2026-05-31
	action = assign
	$3
	EOF
}

commit () {
	(cd r && git add -A && git commit -q -m "$1")
}

test_expect_success 'setup: issues committed' '
	tz_test_repo r &&
	cat >>r/schema/issue.ini <<-\EOF &&
	[part.note]
	key = [0-9]+
	[part.note.field.text]
	type = text
	EOF
	issue ISS-0002 open &&
	issue ISS-0003 closed &&
	issue ISS-0004 resolved &&
	(cd r && tz validate) &&
	commit "issues"
'

test_expect_success 'an allowed move passes' '
	issue ISS-0002 in_progress &&
	(cd r && tz validate >../out 2>../err) &&
	test_must_be_empty out
'

test_expect_success 'a forbidden move fails, listing the allowed values' '
	issue ISS-0002 closed &&
	tz_field_finding records/issues/ISS-0002.ini:4 error status "\"%s\" cannot change to \"%s\" (allowed: %s)" open closed "$(tz_named 办理中 in_progress), $(tz_named 已办结 resolved)" >expect &&
	(cd r && test_expect_code 1 tz validate >../out 2>../err) &&
	test_cmp expect out &&
	tz_summary 1 0 1 >expect-err &&
	test_cmp expect-err err
'

test_expect_success 'a final value cannot change' '
	issue ISS-0002 open &&
	issue ISS-0003 open &&
	tz_field_finding records/issues/ISS-0003.ini:4 error status "\"%s\" is final and cannot change to \"%s\"" closed open >expect &&
	(cd r && test_expect_code 1 tz validate >../out 2>/dev/null) &&
	test_cmp expect out &&
	issue ISS-0003 closed
'

test_expect_success 'the first record of the walk is checked too' '
	sed -i "s/status = open/status = closed/" r/records/issues/ISS-0001.ini &&
	test_when_finished "git -C r checkout -q records/issues/ISS-0001.ini" &&
	cat >>r/records/issues/ISS-0001.ini <<-\EOF &&
	resolved_on = 2026-06-20
	resolution = 已办结
	EOF
	tz_field_finding records/issues/ISS-0001.ini:4 error status "\"%s\" cannot change to \"%s\" (allowed: %s)" open closed "$(tz_named 办理中 in_progress), $(tz_named 已办结 resolved)" >expect &&
	(cd r && test_expect_code 1 tz validate >../out 2>/dev/null) &&
	test_cmp expect out
'

test_expect_success 'a record alone in its repository is checked' '
	git init -q solo &&
	write_schema solo &&
	mkdir -p solo/records/issues solo/records/units &&
	printf "[unit]\nname = 国土局\n" >solo/records/units/gtj.ini &&
	printf "[issue]\ntitle = x\nunit = gtj\nstatus = closed\nresolved_on = 2026-06-20\nresolution = y\n" >solo/records/issues/ISS-0001.ini &&
	(cd solo && git add -A && git commit -q -m one) &&
	sed -i "s/status = closed/status = open/" solo/records/issues/ISS-0001.ini &&
	tz_field_finding records/issues/ISS-0001.ini:4 error status "\"%s\" is final and cannot change to \"%s\"" closed open >expect &&
	(cd solo && test_expect_code 1 tz validate >../out 2>/dev/null) &&
	test_cmp expect out
'

test_expect_success 'a new record may start in any value' '
	issue ISS-0005 closed &&
	test_when_finished "rm r/records/issues/ISS-0005.ini" &&
	(cd r && tz validate >../out 2>/dev/null) &&
	test_must_be_empty out
'

test_expect_success 'a record moved to a subfolder is checked against its old file' '
	mkdir -p r/records/issues/2026 &&
	(cd r && git mv records/issues/ISS-0003.ini records/issues/2026/) &&
	test_when_finished "(cd r && git mv records/issues/2026/ISS-0003.ini records/issues/ && git checkout -q records/issues/ISS-0003.ini)" &&
	sed -i "s/status = closed/status = in_progress/" r/records/issues/2026/ISS-0003.ini &&
	tz_field_finding records/issues/2026/ISS-0003.ini:4 error status "\"%s\" is final and cannot change to \"%s\"" closed in_progress >expect &&
	(cd r && test_expect_code 1 tz validate >../out 2>/dev/null) &&
	test_cmp expect out
'

test_expect_success 'an absent old or new value is not checked' '
	sed -i "/^status = /d" r/records/issues/ISS-0003.ini &&
	test_when_finished "git -C r checkout -q records/issues/ISS-0003.ini" &&
	tz_finding records/issues/ISS-0003.ini:1 error "%s: required field is missing" status >expect &&
	(cd r && test_expect_code 1 tz validate >../out 2>/dev/null) &&
	test_cmp expect out
'

test_expect_success 'an old value the type does not accept is not checked' '
	issue ISS-0006 done &&
	commit "an invalid status, committed with git itself" &&
	issue ISS-0006 open &&
	(cd r && tz validate >../out 2>/dev/null) &&
	test_must_be_empty out &&
	commit "fixed"
'

test_expect_success 'a loosened transition applies once the schema change is committed' '
	sed -i "s/^closed =\$/closed = open/" r/schema/issue.ini &&
	test_when_finished "git -C r reset -q --hard HEAD~1" &&
	issue ISS-0003 open &&
	tz_field_finding records/issues/ISS-0003.ini:4 error status "\"%s\" is final under the committed schema and cannot change to \"%s\"" closed open >expect &&
	(cd r && test_expect_code 1 tz validate >../out 2>/dev/null) &&
	test_cmp expect out &&
	git -C r checkout -q records/issues/ISS-0003.ini &&
	commit "closed may reopen" &&
	issue ISS-0003 open &&
	(cd r && tz validate >../out 2>/dev/null) &&
	test_must_be_empty out
'

test_expect_success 'a field without transitions may change freely' '
	sed -i "s/unit = gtj/unit = hbj/" r/records/issues/ISS-0003.ini &&
	test_when_finished "git -C r checkout -q records/issues/ISS-0003.ini" &&
	(cd r && tz validate >../out 2>/dev/null) &&
	test_must_be_empty out
'

test_expect_success 'append-only: appending an entry passes' '
	issue ISS-0002 open "[log.002]
date = 2026-06-10
action = urge" &&
	(cd r && tz validate >../out 2>/dev/null) &&
	test_must_be_empty out
'

test_expect_success 'append-only: editing a committed entry fails, at its section' '
	issue ISS-0002 open &&
	sed -i "s/action = assign/action = urge/" r/records/issues/ISS-0002.ini &&
	tz_finding records/issues/ISS-0002.ini:7 error "%s: committed entry of append-only part %s was changed" log.001 "$(tz_named 办理记录 log)" >expect &&
	(cd r && test_expect_code 1 tz validate >../out 2>/dev/null) &&
	test_cmp expect out
'

test_expect_success 'append-only: a key added to a committed entry is a change, unless empty' '
	cat >>r/schema/issue.ini <<-\EOF &&
	[part.log.field.by]
	type = text
	EOF
	test_when_finished "git -C r checkout -q schema/issue.ini" &&
	issue ISS-0002 open "by =" &&
	(cd r && tz validate >../out 2>/dev/null) &&
	test_must_be_empty out &&
	issue ISS-0002 open "by = 办公室" &&
	tz_finding records/issues/ISS-0002.ini:7 error "%s: committed entry of append-only part %s was changed" log.001 "$(tz_named 办理记录 log)" >expect &&
	(cd r && test_expect_code 1 tz validate >../out 2>/dev/null) &&
	test_cmp expect out
'

test_expect_success 'append-only: removing a committed entry fails, at the record'"'"'s section' '
	issue ISS-0002 open &&
	sed -i "/^\[log.001\]/,\$d" r/records/issues/ISS-0002.ini &&
	tz_finding records/issues/ISS-0002.ini:1 error "%s: committed entry of append-only part %s was removed" log.001 "$(tz_named 办理记录 log)" >expect &&
	(cd r && test_expect_code 1 tz validate >../out 2>/dev/null) &&
	test_cmp expect out
'

test_expect_success 'append-only: comments, layout and key order may change' '
	cat >r/records/issues/ISS-0002.ini <<-\EOF &&
	; 改了排版
	[issue]
	title   =   问题ISS-0002
	unit = gtj
	status = open
	resolved_on = 2026-06-20
	resolution = 已办结

	[log.001]
	; 交办
	action=assign
	date =  2026-05-31
	EOF
	(cd r && tz validate >../out 2>/dev/null) &&
	test_must_be_empty out
'

test_expect_success 'a part that is not append-only may be edited and removed' '
	issue ISS-0004 resolved "[note.1]
text = 第一稿" &&
	commit "a note" &&
	issue ISS-0004 resolved "[note.1]
text = 第二稿" &&
	(cd r && tz validate >../out 2>/dev/null) &&
	test_must_be_empty out &&
	issue ISS-0004 resolved &&
	(cd r && tz validate >../out 2>/dev/null) &&
	test_must_be_empty out
'

test_expect_success 'every history finding of one run' '
	issue ISS-0002 closed &&
	sed -i "s/action = assign/action = resolve/" r/records/issues/ISS-0002.ini &&
	issue ISS-0003 open &&
	sed -i "/^\[log.001\]/,\$d" r/records/issues/ISS-0003.ini &&
	{
		tz_field_finding records/issues/ISS-0002.ini:4 error status "\"%s\" cannot change to \"%s\" (allowed: %s)" open closed "$(tz_named 办理中 in_progress), $(tz_named 已办结 resolved)" &&
		tz_finding records/issues/ISS-0002.ini:7 error "%s: committed entry of append-only part %s was changed" log.001 "$(tz_named 办理记录 log)" &&
		tz_finding records/issues/ISS-0003.ini:1 error "%s: committed entry of append-only part %s was removed" log.001 "$(tz_named 办理记录 log)" &&
		tz_field_finding records/issues/ISS-0003.ini:4 error status "\"%s\" is final and cannot change to \"%s\"" closed open
	} >expect &&
	(cd r && test_expect_code 1 tz validate >../out 2>../err) &&
	test_cmp expect out &&
	tz_summary 4 0 2 >expect-err &&
	test_cmp expect-err err
'

test_expect_success '--rev checks a commit against its parent' '
	commit "bad moves" &&
	(cd r && test_expect_code 1 tz validate --rev HEAD >../out 2>/dev/null) &&
	test_cmp expect out &&
	(cd r && tz validate >../out 2>/dev/null) &&
	test_must_be_empty out &&
	(cd r && tz validate --rev HEAD~1 >../out 2>/dev/null) &&
	test_must_be_empty out
'

test_expect_success '--rev: a root commit has nothing to be checked against' '
	git init -q fresh &&
	write_schema fresh &&
	mkdir -p fresh/records/issues fresh/records/units &&
	printf "[unit]\nname = 国土局\n" >fresh/records/units/gtj.ini &&
	printf "[issue]\ntitle = x\nunit = gtj\nstatus = closed\nresolved_on = 2026-06-20\nresolution = y\n" >fresh/records/issues/ISS-0001.ini &&
	(cd fresh && git add -A && git commit -q -m root && tz validate --rev HEAD >../out 2>/dev/null) &&
	test_must_be_empty out
'

test_expect_success 'a repository with no commit yet has nothing to be checked against' '
	git init -q unborn &&
	write_schema unborn &&
	mkdir -p unborn/records/issues unborn/records/units &&
	printf "[unit]\nname = 国土局\n" >unborn/records/units/gtj.ini &&
	printf "[issue]\ntitle = x\nunit = gtj\nstatus = closed\nresolved_on = 2026-06-20\nresolution = y\n" >unborn/records/issues/ISS-0001.ini &&
	(cd unborn && tz validate >../out 2>/dev/null) &&
	test_must_be_empty out
'

test_done
