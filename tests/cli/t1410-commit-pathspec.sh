#!/bin/sh
test_description='tz commit PATH: paths read as tz validate reads them (tz_repo_pathspec)'
. ./lib-tz.sh
. "$SHARNESS_TEST_SRCDIR/lib-audit.sh"

test_expect_success 'setup: a committed repository' '
	audit_repo repo &&
	tick &&
	tz -C repo commit -q &&
	git -C repo rev-list --count HEAD >out &&
	echo 1 >expect &&
	test_cmp expect out
'

test_expect_success 'a PATH with .. from a subfolder names the file it leads to' '
	set_field repo/records/units/gtj.ini name 国土资源局 &&
	set_field repo/records/units/hbj.ini name 生态环境局 &&
	tick &&
	(cd repo/records/issues && tz commit -q ../units/gtj.ini) &&
	git -C repo show --name-only --format= HEAD >names &&
	echo records/units/gtj.ini >expect &&
	test_cmp expect names
'

test_expect_success 'an absolute PATH inside the working tree' '
	tick &&
	(cd repo && tz commit -q "$(pwd)/records/units/hbj.ini") &&
	git -C repo show --name-only --format= HEAD >names &&
	echo records/units/hbj.ini >expect &&
	test_cmp expect names &&
	git -C repo status --porcelain >status &&
	test_must_be_empty status
'

test_expect_success 'a PATH outside the working tree is refused, nothing committed' '
	set_field repo/records/units/gtj.ini name 国土局 &&
	git -C repo rev-parse HEAD >before &&
	(cd repo && test_expect_code 2 tz commit ../elsewhere 2>../err) &&
	echo "tz commit: $(tz_msg "%s is outside the repository" ../elsewhere)" >expect &&
	test_cmp expect err &&
	git -C repo rev-parse HEAD >after &&
	test_cmp before after
'

test_expect_success 'PATHs with ./ and a trailing slash, as before' '
	tick &&
	(cd repo/records && tz commit -q ./units/) &&
	git -C repo show --name-only --format= HEAD >names &&
	echo records/units/gtj.ini >expect &&
	test_cmp expect names
'

test_done
