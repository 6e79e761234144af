#!/bin/sh
test_description='tz validate: reporting, summary, PATH, -C, --format json, exit codes'
. ./lib-tz.sh
. "$SHARNESS_TEST_SRCDIR/lib-validate.sh"
test_expect_success 'a valid repository: nothing on stdout, a summary on stderr, exit 0' '
	tz_test_repo r &&
	(cd r && tz validate >../out 2>../err) &&
	test_must_be_empty out &&
	echo "3 records and 2 schema files: no problems" >expect &&
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
	cat >expect <<-\EOF &&
	records/issues/ISS-0002.ini:1: warning: deadline-after-report: deadline 2026-05-01 is before reported_on 2026-05-31
	records/issues/ISS-0002.ini:3: error: status: "opne" is not one of open, in_progress, resolved, closed (did you mean "open"?)
	EOF
	echo "1 error, 1 warning in 1 file" >expect-err &&
	(cd r && test_expect_code 1 tz validate >../out 2>../err) &&
	test_cmp expect out &&
	test_cmp expect-err err
'

test_expect_success 'warnings alone exit 0' '
	sed -i "s/status = opne/status = open/" r/records/issues/ISS-0002.ini &&
	(cd r && tz validate >../out 2>../err) &&
	echo "records/issues/ISS-0002.ini:1: warning: deadline-after-report: deadline 2026-05-01 is before reported_on 2026-05-31" >expect &&
	test_cmp expect out &&
	echo "0 errors, 1 warning in 1 file" >expect-err &&
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
	cat >expect <<-\EOF &&
	records/issues/ISS-0002.ini:1: warning: deadline-after-report: deadline 2026-05-01 is before reported_on 2026-05-31
	records/issues/ISS-0003.ini:1: error: resolved-needs-outcome: 已办结的问题须填写办结日期与办结情况 (missing resolved_on, resolution)
	records/issues/ISS-0003.ini:5: error: deadline: "2026-13-01" is not a date (YYYY-MM-DD)
	records/units/fgw.ini:2: error: name: required field is empty
	records/units/fgw.ini:3: error: unknown field "nmae" (did you mean "name"?)
	EOF
	(cd r && test_expect_code 1 tz validate >../out 2>../err) &&
	test_cmp expect out &&
	echo "4 errors, 1 warning in 3 files" >expect-err &&
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
	cat >expect-path <<-\EOF &&
	records/units/fgw.ini:2: error: name: required field is empty
	records/units/fgw.ini:3: error: unknown field "nmae" (did you mean "name"?)
	EOF
	test_cmp expect-path out &&
	echo "2 errors, 0 warnings in 1 file" >expect-err &&
	test_cmp expect-err err
'

test_expect_success 'PATH limits the report to folders, with or without a slash' '
	(cd r && test_expect_code 1 tz validate records/units/ ./records/issues/ISS-0003.ini >../out 2>/dev/null) &&
	cat >expect-path <<-\EOF &&
	records/issues/ISS-0003.ini:1: error: resolved-needs-outcome: 已办结的问题须填写办结日期与办结情况 (missing resolved_on, resolution)
	records/issues/ISS-0003.ini:5: error: deadline: "2026-13-01" is not a date (YYYY-MM-DD)
	records/units/fgw.ini:2: error: name: required field is empty
	records/units/fgw.ini:3: error: unknown field "nmae" (did you mean "name"?)
	EOF
	test_cmp expect-path out
'

test_expect_success 'a PATH with only warnings exits 0' '
	(cd r && tz validate records/issues/ISS-0002.ini >../out 2>/dev/null) &&
	test_line_count = 1 out
'

test_expect_success 'a PATH is still checked against every record (refs are resolved)' '
	(cd r && tz validate records/issues/ISS-0001.ini >../out 2>../err) &&
	test_must_be_empty out &&
	echo "6 records and 2 schema files: no problems" >expect-err &&
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
	cat >expect-json <<-\EOF &&
	[
	 {"path": "records/units/fgw.ini", "line": 2, "severity": "error", "message": "name: required field is empty"},
	 {"path": "records/units/fgw.ini", "line": 3, "severity": "error", "message": "unknown field \"nmae\" (did you mean \"name\"?)"}
	]
	EOF
	test_cmp expect-json out &&
	python3 -m json.tool out >/dev/null &&
	echo "2 errors, 0 warnings in 1 file" >expect-err &&
	test_cmp expect-err err
'

test_expect_success '--format json parses, with CJK text and a warning' '
	(cd r && test_expect_code 1 tz validate --format=json >../out 2>/dev/null) &&
	python3 -c "
import json, sys
v = json.load(open(\"out\"))
assert len(v) == 5, v
assert v[0] == {\"path\": \"records/issues/ISS-0002.ini\", \"line\": 1, \"severity\": \"warning\",
                \"message\": \"deadline-after-report: deadline 2026-05-01 is before reported_on 2026-05-31\"}, v[0]
assert v[1][\"message\"].endswith(\"已办结的问题须填写办结日期与办结情况 (missing resolved_on, resolution)\"), v[1]
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
	echo "usage: tz validate [-C DIR] [--rev REV] [--format text|json] [--no-cache] [PATH...]" >expect-usage &&
	test_cmp expect-usage first &&
	tz validate -h >out2 &&
	test_cmp out out2
'

test_expect_success 'exit 2: not in a git repository' '
	norepo=$(mktemp -d) &&
	test_when_finished "rm -rf \"$norepo\"" &&
	(cd "$norepo" && test_expect_code 2 tz validate >"$OLDPWD/out" 2>"$OLDPWD/err") &&
	test_must_be_empty out &&
	echo "tz validate: not a git repository (or any parent up to /): ." >expect-err &&
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
	grep "^tz validate: not a git repository" err
'

test_expect_success 'exit 2: a git repository without schema/' '
	git init -q noschema &&
	mkdir -p noschema/records &&
	test_expect_code 2 tz validate -C noschema >out 2>err &&
	test_must_be_empty out &&
	echo "tz validate: not a records repository: no schema/ directory" >expect-err &&
	test_cmp expect-err err
'

test_expect_success 'exit 2: -C a directory that does not exist' '
	test_expect_code 2 tz validate -C nowhere >out 2>err &&
	test_must_be_empty out &&
	echo "tz validate: cannot use directory nowhere: No such file or directory" >expect-err &&
	test_cmp expect-err err
'

test_expect_success 'exit 2: an unknown long option' '
	(cd r && test_expect_code 2 tz validate --bogus >../out 2>../err) &&
	test_must_be_empty out &&
	cat >expect-err <<-\EOF &&
	tz validate: unrecognized option '"'"'--bogus'"'"'
	Try '"'"'tz validate --help'"'"' for more information.
	EOF
	test_cmp expect-err err
'

test_expect_success 'exit 2: an unknown short option' '
	(cd r && test_expect_code 2 tz validate -x >../out 2>../err) &&
	test_must_be_empty out &&
	cat >expect-err <<-\EOF &&
	tz validate: invalid option -- '"'"'x'"'"'
	Try '"'"'tz validate --help'"'"' for more information.
	EOF
	test_cmp expect-err err
'

test_expect_success 'exit 2: an option without its argument' '
	(cd r && test_expect_code 2 tz validate --rev >../out 2>../err) &&
	test_must_be_empty out &&
	cat >expect-err <<-\EOF &&
	tz validate: option '"'"'--rev'"'"' requires an argument
	Try '"'"'tz validate --help'"'"' for more information.
	EOF
	test_cmp expect-err err
'

test_expect_success 'exit 2: an unknown format' '
	(cd r && test_expect_code 2 tz validate --format xml >../out 2>../err) &&
	test_must_be_empty out &&
	cat >expect-err <<-\EOF &&
	tz validate: unknown format "xml" (text or json)
	Try '"'"'tz validate --help'"'"' for more information.
	EOF
	test_cmp expect-err err
'

test_expect_success 'exit 2: an unknown revision' '
	(cd r && test_expect_code 2 tz validate --rev nope >../out 2>../err) &&
	test_must_be_empty out &&
	echo "tz validate: unknown revision \"nope\"" >expect-err &&
	test_cmp expect-err err
'

test_expect_success 'exit 2 when stdout cannot be written (findings)' '
	(cd r && test_expect_code 2 tz validate >/dev/full 2>../err) &&
	grep -x "tz validate: cannot write output: No space left on device" err
'

test_expect_success 'exit 2 when stdout cannot be written (json, no findings)' '
	(cd r && test_expect_code 2 tz validate --format json records/issues/ISS-0001.ini >/dev/full 2>../err) &&
	grep -x "tz validate: cannot write output: No space left on device" err
'

test_expect_success 'exit 2 when --help cannot be written' '
	test_expect_code 2 tz validate --help >/dev/full 2>err &&
	grep -x "tz validate: cannot write output: No space left on device" err
'

test_done
