#!/bin/sh
test_description='terminal escapes: control characters in values are errors at
their line, and every path and value shown to people is quoted as git quotes
paths (JSON escapes instead)'
. ./lib-tz.sh
. "$SHARNESS_TEST_SRCDIR/lib-validate.sh"

# control PLACE CHAR BYTE: the finding of a control character CHAR (as the
# finding quotes it) at byte BYTE of the line
control () {
	tz_finding "$1" error "control character \"%s\" (byte %zu of the line): only tab is allowed" "$2" "$3"
}

test_expect_success 'setup' '
	tz_test_repo r
'

test_expect_success 'an escape sequence in a value is an error at its line' '
	printf "[unit]\nname = a\033]0;pwned\007b\033[2J\n" >r/records/units/evil.ini &&
	control records/units/evil.ini:2 "\\033" 9 >expect &&
	(cd r && test_expect_code 1 tz validate >../out 2>/dev/null) &&
	test_cmp expect out
'

test_expect_success 'so are CR, DEL and C1 controls, in a continuation line too; tab is not' '
	printf "[issue]\ntitle = a\tb\nstatus = open\nunit = gtj\nresolution = x\rz\ndescription = one\n  two\177\nreported_on = 2026-05-31\xc2\x9b\n" >r/records/issues/ISS-0002.ini &&
	{
		control records/issues/ISS-0002.ini:5 "\\r" 15 &&
		tz_finding records/issues/ISS-0002.ini:6 error "unknown field \"%s\" in %s" description issue &&
		control records/issues/ISS-0002.ini:7 "\\177" 6 &&
		control records/issues/ISS-0002.ini:8 "\\302\\233" 25 &&
		tz_field_finding records/issues/ISS-0002.ini:8 error reported_on \
			"\"%s\" is not a date (YYYY-MM-DD)" "2026-05-31\\302\\233"
	} >expect &&
	(cd r && test_expect_code 1 tz validate records/issues/ISS-0002.ini >../out 2>/dev/null) &&
	test_cmp expect out &&
	rm r/records/issues/ISS-0002.ini
'

test_expect_success 'a file name with a newline cannot forge a finding' '
	printf "[unit]\nname = x\n" >"r/records/units/$(printf "x.ini\nFORGED:1: error: injected")" &&
	(cd r && test_expect_code 1 tz validate >../out 2>/dev/null) &&
	{
		control records/units/evil.ini:2 "\\033" 9 &&
		tz_finding "\"records/units/x.ini\\nFORGED:1: error: injected\":1" error "not a record: record files end in .ini"
	} >expect &&
	test_cmp expect out
'

test_expect_success 'JSON findings escape the name instead' '
	(cd r && test_expect_code 1 tz validate --format json >../out 2>/dev/null) &&
	grep -F "\"path\": \"records/units/x.ini\\nFORGED:1: error: injected\"" out &&
	! grep "^FORGED" out
'

test_expect_success 'tz show quotes an unsafe value and the path' '
	(cd r && tz show evil >../out 2>/dev/null) &&
	cat >expect <<-\EOF &&
	责任单位 evil  "a\033]0;pwned\ab\033[2J"
	records/units/evil.ini

	名称  "a\033]0;pwned\ab\033[2J"
	EOF
	test_cmp expect out
'

test_expect_success 'tz query quotes it in a table, TSV and CSV, and JSON escapes it' '
	(cd r && tz query unit "name ~ pwned" --format table >../table 2>/dev/null) &&
	(cd r && tz query unit "name ~ pwned" --format tsv --no-header >../tsv 2>/dev/null) &&
	(cd r && tz query unit "name ~ pwned" --format csv --no-header >../csv 2>/dev/null) &&
	(cd r && tz query unit "name ~ pwned" --format json >../json 2>/dev/null) &&
	cat >expect <<-\EOF &&
	id    name
	evil  "a\033]0;pwned\ab\033[2J"
	EOF
	test_cmp expect table &&
	printf "evil\t\"a\\\\033]0;pwned\\\\ab\\\\033[2J\"\n" >expect &&
	test_cmp expect tsv &&
	printf "evil,\"\"\"a\\\\033]0;pwned\\\\ab\\\\033[2J\"\"\"\r\n" >expect &&
	test_cmp expect csv &&
	printf "[\n{\"id\": \"evil\", \"name\": \"a\\\\u001b]0;pwned\\\\u0007b\\\\u001b[2J\"}\n]\n" >expect &&
	test_cmp expect json
'

test_expect_success 'no output of these commands has a raw escape' '
	for f in out table tsv csv json
	do
		! grep -q "$(printf "\033")" $f || return 1
	done
'

test_expect_success 'the notice of files left out of the index quotes their names' '
	(cd r && tz query unit --count >/dev/null 2>../err) &&
	{
		printf "tz query: " &&
		tz_msgn "%zu file below records/ is not indexed (see tz validate): %s" \
			"%zu files below records/ are not indexed (see tz validate): %s" 1 1 \
			"\"records/units/x.ini\\nFORGED:1: error: injected\": $(tz_msg "not a record: record files end in .ini")" &&
		echo
	} >expect &&
	test_cmp expect err
'

test_done
