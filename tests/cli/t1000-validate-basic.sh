#!/bin/sh
test_description='tz validate: reporting, summary, PATH, -C, --format json, exit codes'
. ./lib-tz.sh
. "$SHARNESS_TEST_SRCDIR/lib-validate.sh"

# The findings these tests meet, in the language of the run (lib-tz.sh).
warn_deadline () {
	tz_field_finding records/issues/ISS-0002.ini:1 warning deadline-after-report \
		"%s is before %s" "deadline 2026-05-01" "reported_on 2026-05-31"
}
err_status () {
	tz_field_finding records/issues/ISS-0002.ini:3 error status \
		'"%s" is not one of %s (did you mean "%s"?)' opne \
		"$(tz_named 待办 open), $(tz_named 办理中 in_progress), $(tz_named 已办结 resolved), $(tz_named 已销号 closed)" open
}
err_outcome () {
	tz_finding records/issues/ISS-0003.ini:1 error "%s: %s (missing %s)" \
		resolved-needs-outcome 已办结的问题须填写办结日期与办结情况 "resolved_on, resolution"
}
err_date () {
	tz_field_finding records/issues/ISS-0003.ini:5 error deadline '"%s" is not a date (YYYY-MM-DD)' 2026-13-01
}
err_name () {
	tz_finding records/units/fgw.ini:2 error "%s: required field is empty" "$(tz_named 名称 name)"
}
err_nmae () {
	tz_finding records/units/fgw.ini:3 error 'unknown field "%s" (did you mean "%s"?)' nmae name
}
test_expect_success 'a valid repository: nothing on stdout, a summary on stderr, exit 0' '
	tz_test_repo r &&
	(cd r && tz validate >../out 2>../err) &&
	test_must_be_empty out &&
	tz_summary_clean 3 2 >expect &&
	test_cmp expect err
'

test_expect_success 'tz-validate is the same program' '
	(cd r && tz-validate >../out 2>../err2) &&
	test_must_be_empty out &&
	test_cmp err err2
'

test_expect_success 'findings go to stdout, the summary to stderr, exit 1' '
	cat >r/records/issues/ISS-0002.ini <<-\EOF &&
	[issue]
	title = 排污许可证办理滞后
	status = opne
	unit = hbj
	reported_on = 2026-05-31
	deadline = 2026-05-01
	EOF
	{ warn_deadline && err_status; } >expect &&
	tz_summary 1 1 1 >expect-err &&
	(cd r && test_expect_code 1 tz validate >../out 2>../err) &&
	test_cmp expect out &&
	test_cmp expect-err err
'

test_expect_success 'warnings alone exit 0' '
	sed -i "s/status = opne/status = open/" r/records/issues/ISS-0002.ini &&
	(cd r && tz validate >../out 2>../err) &&
	warn_deadline >expect &&
	test_cmp expect out &&
	tz_summary 0 1 1 >expect-err &&
	test_cmp expect-err err
'

test_expect_success 'every finding of every file is reported, sorted by file and line' '
	printf "[unit]\nname =\nnmae = 发改委\n" >r/records/units/fgw.ini &&
	cat >r/records/issues/ISS-0003.ini <<-\EOF &&
	[issue]
	title = 融资难
	status = closed
	unit = fgw
	deadline = 2026-13-01
	EOF
	{ warn_deadline && err_outcome && err_date && err_name && err_nmae; } >expect &&
	(cd r && test_expect_code 1 tz validate >../out 2>../err) &&
	test_cmp expect out &&
	tz_summary 4 1 3 >expect-err &&
	test_cmp expect-err err
'

test_expect_success '-q leaves out the summary' '
	(cd r && test_expect_code 1 tz validate -q >../out 2>../err) &&
	test_must_be_empty err &&
	test_line_count = 5 out
'

test_expect_success '-C DIR runs as if started in DIR' '
	test_expect_code 1 tz validate -C r >out 2>err &&
	test_cmp expect out &&
	test_expect_code 1 tz -C r validate >out 2>err &&
	test_cmp expect out
'

test_expect_success 'the repository is found from a subdirectory' '
	(cd r/records/issues && test_expect_code 1 tz validate >../../../out 2>/dev/null) &&
	test_cmp expect out
'

test_expect_success 'PATH limits the report to a file' '
	(cd r && test_expect_code 1 tz validate records/units/fgw.ini >../out 2>../err) &&
	{ err_name && err_nmae; } >expect-path &&
	test_cmp expect-path out &&
	tz_summary 2 0 1 >expect-err &&
	test_cmp expect-err err
'

test_expect_success 'PATH limits the report to folders, with or without a slash' '
	(cd r && test_expect_code 1 tz validate records/units/ ./records/issues/ISS-0003.ini >../out 2>/dev/null) &&
	{ err_outcome && err_date && err_name && err_nmae; } >expect-path &&
	test_cmp expect-path out
'

test_expect_success 'a PATH with only warnings exits 0' '
	(cd r && tz validate records/issues/ISS-0002.ini >../out 2>/dev/null) &&
	test_line_count = 1 out
'

test_expect_success 'a PATH is still checked against every record (refs are resolved)' '
	(cd r && tz validate records/issues/ISS-0001.ini >../out 2>../err) &&
	test_must_be_empty out &&
	tz_summary_clean 6 2 >expect-err &&
	test_cmp expect-err err
'

test_expect_success 'PATHs are relative to the current directory' '
	(cd r/records/units && test_expect_code 1 tz validate fgw.ini >../../../out 2>/dev/null) &&
	test_line_count = 2 out &&
	grep "^records/units/fgw.ini:2: " out &&
	(cd r/records/units && test_expect_code 1 tz validate . >../../../out 2>/dev/null) &&
	test_line_count = 2 out
'

test_expect_success 'with -C, PATHs are relative to DIR' '
	test_expect_code 1 tz validate -C r records/units >out 2>/dev/null &&
	test_line_count = 2 out &&
	(cd r/records && test_expect_code 1 tz validate -C units fgw.ini >../../out 2>/dev/null) &&
	test_line_count = 2 out
'

test_expect_success 'a PATH may go up with ..' '
	(cd r/records/units && test_expect_code 1 tz validate ../issues >../../../out 2>/dev/null) &&
	test_line_count = 3 out &&
	grep "^records/issues/ISS-0003.ini:5: " out
'

test_expect_success 'a PATH may be absolute, inside the working tree' '
	(cd r && test_expect_code 1 tz validate "$(pwd)/records/units" >../out 2>/dev/null) &&
	test_line_count = 2 out &&
	grep "^records/units/fgw.ini:3: " out
'

test_expect_success '--format json' '
	(cd r && test_expect_code 1 tz validate --format json records/units >../out 2>../err) &&
	name_msg=$(err_name | sed -e "s/^[^ ]* [^ ]* //" -e "s/\"/\\\\\"/g") &&
	nmae_msg=$(err_nmae | sed -e "s/^[^ ]* [^ ]* //" -e "s/\"/\\\\\"/g") &&
	cat >expect-json <<-EOF &&
	[
	 {"path": "records/units/fgw.ini", "line": 2, "severity": "error", "message": "$name_msg"},
	 {"path": "records/units/fgw.ini", "line": 3, "severity": "error", "message": "$nmae_msg"}
	]
	EOF
	test_cmp expect-json out &&
	python3 -m json.tool out >/dev/null &&
	tz_summary 2 0 1 >expect-err &&
	test_cmp expect-err err
'

test_expect_success '--format json parses, with CJK text and a warning' '
	(cd r && test_expect_code 1 tz validate --format=json >../out 2>/dev/null) &&
	warn_deadline | sed "s/^[^ ]* [^ ]* //" >msg0 &&
	err_outcome | sed "s/^[^ ]* [^ ]* //" >msg1 &&
	python3 -c "
import json, sys
v = json.load(open(\"out\"))
m0 = open(\"msg0\").read().rstrip(\"\\n\")
m1 = open(\"msg1\").read().rstrip(\"\\n\")
assert len(v) == 5, v
assert v[0] == {\"path\": \"records/issues/ISS-0002.ini\", \"line\": 1, \"severity\": \"warning\",
                \"message\": m0}, v[0]
assert v[1][\"message\"] == m1, v[1]
"
'

test_expect_success '--format json with no findings is an empty array' '
	(cd r && tz validate --format json records/issues/ISS-0001.ini >../out 2>/dev/null) &&
	echo "[]" >expect-json &&
	test_cmp expect-json out &&
	python3 -m json.tool out >/dev/null
'

test_expect_success '--format text is the default' '
	(cd r && test_expect_code 1 tz validate --format text records/units >../out 2>/dev/null) &&
	(cd r && test_expect_code 1 tz validate records/units >../out2 2>/dev/null) &&
	test_cmp out2 out &&
	test_line_count = 2 out
'

test_expect_success '--help shows usage on stdout, exit 0' '
	tz validate --help >out &&
	head -n 1 out >first &&
	expect_en expect-usage <<-\EOF &&
	usage: tz validate [-C DIR] [--rev REV] [--format text|json] [--no-cache] [PATH...]
	EOF
	expect_zh expect-usage <<-\EOF &&
	用法: tz validate [-C DIR] [--rev REV] [--format text|json] [--no-cache] [PATH...]
	EOF
	test_cmp expect-usage first &&
	tz validate -h >out2 &&
	test_cmp out out2
'

test_expect_success 'exit 2: not in a git repository' '
	norepo=$(mktemp -d) &&
	test_when_finished "rm -rf \"$norepo\"" &&
	(cd "$norepo" && test_expect_code 2 tz validate >"$OLDPWD/out" 2>"$OLDPWD/err") &&
	test_must_be_empty out &&
	echo "tz validate: $(tz_msg "not a git repository (or any parent up to /): %s" .)" >expect-err &&
	test_cmp expect-err err
'

test_expect_success 'exit 2: not a git repository below GIT_CEILING_DIRECTORIES' '
	mkdir -p plain/sub &&
	(
		GIT_CEILING_DIRECTORIES=$(pwd) &&
		export GIT_CEILING_DIRECTORIES &&
		cd plain/sub &&
		test_expect_code 2 tz validate >../../out 2>../../err
	) &&
	test_must_be_empty out &&
	grep "^tz validate: $(tz_msg "not a git repository (or any parent up to /): %s" "")" err
'

test_expect_success 'exit 2: a git repository without schema/' '
	git init -q noschema &&
	mkdir -p noschema/records &&
	test_expect_code 2 tz validate -C noschema >out 2>err &&
	test_must_be_empty out &&
	echo "tz validate: $(tz_msg "not a records repository: no schema/ directory")" >expect-err &&
	test_cmp expect-err err
'

test_expect_success 'exit 2: -C a directory that does not exist' '
	test_expect_code 2 tz validate -C nowhere >out 2>err &&
	test_must_be_empty out &&
	echo "tz validate: $(tz_msg "cannot use directory %s: %s" nowhere "$(tz_libc "No such file or directory")")" >expect-err &&
	test_cmp expect-err err
'

test_expect_success 'exit 2: an unknown long option' '
	(cd r && test_expect_code 2 tz validate --bogus >../out 2>../err) &&
	test_must_be_empty out &&
	{
		tz_libc "%s: unrecognized option '"'"'%s%s'"'"'\n" "tz validate" "--" bogus &&
		tz_try_help "tz validate"
	} >expect-err &&
	test_cmp expect-err err
'

test_expect_success 'exit 2: an unknown short option' '
	(cd r && test_expect_code 2 tz validate -x >../out 2>../err) &&
	test_must_be_empty out &&
	{
		tz_libc "%s: invalid option -- '"'"'%c'"'"'\n" "tz validate" x &&
		tz_try_help "tz validate"
	} >expect-err &&
	test_cmp expect-err err
'

test_expect_success 'exit 2: an option without its argument' '
	(cd r && test_expect_code 2 tz validate --rev >../out 2>../err) &&
	test_must_be_empty out &&
	{
		tz_libc "%s: option '"'"'%s%s'"'"' requires an argument\n" "tz validate" "--" rev &&
		tz_try_help "tz validate"
	} >expect-err &&
	test_cmp expect-err err
'

test_expect_success 'exit 2: an unknown format' '
	(cd r && test_expect_code 2 tz validate --format xml >../out 2>../err) &&
	test_must_be_empty out &&
	{
		echo "tz validate: $(tz_msg "unknown format \"%s\" (text or json)" xml)" &&
		tz_try_help "tz validate"
	} >expect-err &&
	test_cmp expect-err err
'

test_expect_success 'exit 2: an unknown revision' '
	(cd r && test_expect_code 2 tz validate --rev nope >../out 2>../err) &&
	test_must_be_empty out &&
	echo "tz validate: $(tz_msg "unknown revision \"%s\"" nope)" >expect-err &&
	test_cmp expect-err err
'

test_expect_success 'exit 2 when stdout cannot be written (findings)' '
	(cd r && test_expect_code 2 tz validate >/dev/full 2>../err) &&
	grep -x "$(tz_msg "%s: cannot write output: %s\n" "tz validate" "$(tz_libc "No space left on device")")" err
'

test_expect_success 'exit 2 when stdout cannot be written (json, no findings)' '
	(cd r && test_expect_code 2 tz validate --format json records/issues/ISS-0001.ini >/dev/full 2>../err) &&
	grep -x "$(tz_msg "%s: cannot write output: %s\n" "tz validate" "$(tz_libc "No space left on device")")" err
'

test_expect_success 'exit 2 when --help cannot be written' '
	test_expect_code 2 tz validate --help >/dev/full 2>err &&
	grep -x "$(tz_msg "%s: cannot write output: %s\n" "tz validate" "$(tz_libc "No space left on device")")" err
'

test_done
