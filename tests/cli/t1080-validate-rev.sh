#!/bin/sh
test_description='tz validate --rev: revisions, bare repositories'
. ./lib-tz.sh
. "$SHARNESS_TEST_SRCDIR/lib-validate.sh"
test_expect_success 'setup: three commits, the last one invalid' '
	tz_test_repo r &&
	(cd r && git add -A && git commit -q -m "first" && git tag v1) &&
	printf "[unit]\nname = 发改委\n" >r/records/units/fgw.ini &&
	(cd r && git add -A && git commit -q -m "second") &&
	cat >r/records/issues/ISS-0002.ini <<-\EOF &&
	[issue]
	title = 融资难
	status = opne
	unit = fgww
	EOF
	sed -i "s/status = open/status = closed/" r/records/issues/ISS-0001.ini &&
	(cd r && git add -A && git commit -q -m "third") &&
	sed -i "s/opne/open/; s/fgww/fgw/" r/records/issues/ISS-0002.ini &&
	printf "resolved_on = 2026-06-01\nresolution = 已解决\n" >>r/records/issues/ISS-0001.ini &&
	(cd r && tz validate >../out 2>/dev/null) &&
	test_must_be_empty out &&
	{
		tz_finding records/issues/ISS-0001.ini:2 error "%s: %s (missing %s)" resolved-needs-outcome 已办结的问题须填写办结日期与办结情况 "resolved_on, resolution" &&
		tz_field_finding records/issues/ISS-0001.ini:4 error status "\"%s\" cannot change to \"%s\" (allowed: %s)" open closed "$(tz_named 办理中 in_progress), $(tz_named 已办结 resolved)" &&
		tz_field_finding records/issues/ISS-0002.ini:3 error status "\"%s\" is not one of %s (did you mean \"%s\"?)" opne "$statuses" open &&
		tz_finding records/issues/ISS-0002.ini:4 error "%s: no %s \"%s\" (did you mean \"%s\"?)" unit "$(tz_named 责任单位 unit)" fgww fgw
	} >expect-third
'

test_expect_success '--rev HEAD checks the commit, not the working tree' '
	(cd r && test_expect_code 1 tz validate --rev HEAD >../out 2>../err) &&
	test_cmp expect-third out &&
	tz_summary 4 0 2 >expect-err &&
	test_cmp expect-err err
'

test_expect_success '--rev=REV, a branch, a tag, ~N, a full and a short id' '
	(cd r && test_expect_code 1 tz validate --rev=main >../out 2>/dev/null) &&
	test_cmp expect-third out &&
	(cd r && tz validate --rev v1 >../out 2>../err) &&
	test_must_be_empty out &&
	tz_summary_clean 3 2 >expect-err &&
	test_cmp expect-err err &&
	(cd r && tz validate --rev HEAD~1 >../out 2>../err) &&
	test_must_be_empty out &&
	tz_summary_clean 4 2 >expect-err &&
	test_cmp expect-err err &&
	id=$(git -C r rev-parse HEAD) &&
	(cd r && test_expect_code 1 tz validate --rev $id >../out 2>/dev/null) &&
	test_cmp expect-third out &&
	short=$(git -C r rev-parse --short=7 HEAD) &&
	(cd r && test_expect_code 1 tz validate --rev $short >../out 2>/dev/null) &&
	test_cmp expect-third out
'

test_expect_success '--rev with PATH' '
	(cd r && test_expect_code 1 tz validate --rev HEAD records/issues/ISS-0002.ini >../out 2>/dev/null) &&
	grep -v ISS-0001 expect-third >expect &&
	test_cmp expect out
'

test_expect_success '--rev with --format json' '
	(cd r && test_expect_code 1 tz validate --rev HEAD --format json >../out 2>/dev/null) &&
	python3 -m json.tool out >/dev/null &&
	test $(grep -c "\"path\": " out) = 4
'

test_expect_success '--rev of a tree: no parent to check transitions against' '
	tree=$(git -C r rev-parse "HEAD^{tree}") &&
	(cd r && test_expect_code 1 tz validate --rev $tree >../out 2>/dev/null) &&
	grep -v "^records/issues/ISS-0001.ini:4: " expect-third >expect &&
	test_cmp expect out
'

test_expect_success 'in a bare clone, --rev works' '
	git clone -q --bare r bare.git &&
	(cd bare.git && test_expect_code 1 tz validate --rev HEAD >../out 2>/dev/null) &&
	test_cmp expect-third out &&
	(cd bare.git && tz validate --rev HEAD~1 >../out 2>/dev/null) &&
	test_must_be_empty out &&
	test_expect_code 1 tz validate -C bare.git --rev main >out 2>/dev/null &&
	test_cmp expect-third out
'

test_expect_success 'in a bare clone, PATH and json work with --rev' '
	(cd bare.git && test_expect_code 1 tz validate --rev HEAD --format json records/issues/ISS-0002.ini >../out 2>/dev/null) &&
	python3 -m json.tool out >/dev/null &&
	test $(grep -c "\"path\": " out) = 2
'

test_expect_success 'in a bare repository, --rev is needed (exit 2)' '
	test_expect_code 2 tz validate -C bare.git >out 2>err &&
	test_must_be_empty out &&
	echo "tz validate: $(tz_msg "this is a bare repository: name a revision with --rev")" >expect-err &&
	test_cmp expect-err err
'

test_expect_success 'from inside .git of a non-bare repository, --rev works' '
	(cd r/.git && test_expect_code 1 tz validate --rev HEAD >../../out 2>/dev/null) &&
	test_cmp expect-third out
'

test_expect_success 'an unknown revision (exit 2)' '
	(cd r && test_expect_code 2 tz validate --rev no-such-branch >../out 2>../err) &&
	test_must_be_empty out &&
	echo "tz validate: $(tz_msg "unknown revision \"%s\"" no-such-branch)" >expect-err &&
	test_cmp expect-err err &&
	(cd bare.git && test_expect_code 2 tz validate --rev HEAD~9 >../out 2>../err) &&
	test_must_be_empty out &&
	echo "tz validate: $(tz_msg "unknown revision \"%s\"" "HEAD~9")" >expect-err &&
	test_cmp expect-err err
'

test_expect_success 'a revision that names a blob, not a tree (exit 2)' '
	blob=$(git -C r rev-parse HEAD:schema/unit.ini) &&
	(cd r && test_expect_code 2 tz validate --rev $blob >../out 2>../err) &&
	test_must_be_empty out &&
	echo "tz validate: $(tz_msg "revision \"%s\" does not name a tree" "$blob")" >expect-err &&
	test_cmp expect-err err
'

test_expect_success 'a revision without schema/ (exit 2)' '
	git init -q plain &&
	(cd plain && echo hello >README && git add README && git commit -q -m readme) &&
	(cd plain && test_expect_code 2 tz validate --rev HEAD >../out 2>../err) &&
	test_must_be_empty out &&
	echo "tz validate: $(tz_msg "not a records repository: no schema/ directory in that revision")" >expect-err &&
	test_cmp expect-err err
'

test_expect_success 'HEAD in a repository with no commit yet (exit 2)' '
	git init -q unborn &&
	(cd unborn && test_expect_code 2 tz validate --rev HEAD >../out 2>../err) &&
	test_must_be_empty out &&
	echo "tz validate: $(tz_msg "unknown revision \"%s\"" HEAD)" >expect-err &&
	test_cmp expect-err err
'

test_expect_success 'a merge is checked against its first parent only' '
	(cd r && git checkout -q . && git checkout -q -b side v1 &&
		sed -i "s/status = open/status = in_progress/" records/issues/ISS-0001.ini &&
		git commit -q -a -m side &&
		git checkout -q main && git reset -q --hard HEAD~1 &&
		git merge -q --no-edit side) &&
	(cd r && tz validate --rev HEAD >../out 2>/dev/null) &&
	test_must_be_empty out &&
	(cd r && tz validate --rev HEAD^2 >../out 2>/dev/null) &&
	test_must_be_empty out &&
	sed -i "s/status = in_progress/status = closed/" r/records/issues/ISS-0001.ini &&
	printf "resolved_on = 2026-06-01\nresolution = x\n" >>r/records/issues/ISS-0001.ini &&
	(cd r && git commit -q -a -m "close it" &&
		test_expect_code 1 tz validate --rev HEAD >../out 2>/dev/null) &&
	tz_field_finding records/issues/ISS-0001.ini:4 error status "\"%s\" cannot change to \"%s\" (allowed: %s)" in_progress closed "$(tz_named 已办结 resolved), $(tz_named 待办 open)" >expect &&
	test_cmp expect out
'

test_done
