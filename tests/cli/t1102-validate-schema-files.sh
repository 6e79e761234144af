#!/bin/sh
test_description='tz validate, tz commit, the pre-commit hook and tz check-push:
every file in schema/ is a schema file or an error, as in records/ (symbolic
links, files not ending in .ini, subfolders)'
. ./lib-tz.sh
. "$SHARNESS_TEST_SRCDIR/lib-audit.sh"

test_expect_success 'setup: a committed repository and a server with the hook' '
	audit_repo r &&
	issue r/records/issues/ISS-0001.ini &&
	(cd r && tz commit -q -m start) &&
	git clone -q --bare r server.git &&
	tz -C server.git hooks install --server >/dev/null &&
	git -C r remote add origin "file://$PWD/server.git" &&
	git -C r rev-parse HEAD >head.before
'

test_expect_success 'a symbolic link in schema/ is an error, never followed' '
	ln -s /etc/passwd r/schema/passwd &&
	tz_finding schema/passwd:1 error "symbolic link (never followed)" >expect &&
	(cd r && test_expect_code 1 tz validate >../out 2>/dev/null) &&
	test_cmp expect out
'

test_expect_success 'and tz commit refuses it, committing nothing' '
	(cd r && test_expect_code 1 tz commit -q -m link >../out 2>../err) &&
	test_cmp expect out &&
	tz_msgn "%s: refused: %zu error; nothing was committed\n" "%s: refused: %zu errors; nothing was committed\n" 1 \
		"tz commit" 1 >expect-err &&
	test_cmp expect-err err &&
	git -C r rev-parse HEAD >head.after &&
	test_cmp head.before head.after
'

test_expect_success 'a symbolic link in place of policy.ini is reported, not read' '
	rm r/schema/passwd &&
	ln -s /etc/passwd r/schema/policy.ini &&
	tz_finding schema/policy.ini:1 error "symbolic link (never followed)" >expect &&
	(cd r && test_expect_code 1 tz validate >../out 2>/dev/null) &&
	test_cmp expect out &&
	(cd r && test_expect_code 1 tz commit -q -m link >../out 2>/dev/null) &&
	test_cmp expect out &&
	rm r/schema/policy.ini
'

test_expect_success 'a file not ending in .ini is an error, a dot file is not' '
	echo "说明" >r/schema/README.md &&
	: >r/schema/.gitkeep &&
	tz_finding schema/README.md:1 error "not a schema file: schema files end in .ini" >expect &&
	(cd r && test_expect_code 1 tz validate >../out 2>/dev/null) &&
	test_cmp expect out &&
	(cd r && test_expect_code 1 tz commit -q -m readme >../out 2>/dev/null) &&
	test_cmp expect out &&
	rm r/schema/README.md
'

test_expect_success 'a file in a subfolder of schema/ is an error' '
	mkdir r/schema/old &&
	cp r/schema/unit.ini r/schema/old/unit.ini &&
	tz_finding schema/old/unit.ini:1 error "not a schema file: schema files sit directly in schema/, not in a subfolder" >expect &&
	(cd r && test_expect_code 1 tz validate >../out 2>/dev/null) &&
	test_cmp expect out &&
	(cd r && test_expect_code 1 tz commit -q -m old >../out 2>/dev/null) &&
	test_cmp expect out &&
	rm -r r/schema/old &&
	git -C r rev-parse HEAD >head.after &&
	test_cmp head.before head.after
'

test_expect_success 'the pre-commit hook refuses a staged symbolic link in schema/' '
	tz -C r hooks install >/dev/null &&
	ln -s /etc/passwd r/schema/passwd &&
	git -C r add schema/passwd &&
	test_must_fail git -C r commit -q -m link >out 2>err &&
	test_must_be_empty out &&
	{
		tz_finding schema/passwd:1 error "symbolic link (never followed)" &&
		tz_msgn "tz hooks: commit refused: %zu error in the staged records\n" \
			"tz hooks: commit refused: %zu errors in the staged records\n" 1 1
	} >expect &&
	test_cmp expect err &&
	git -C r rev-parse HEAD >head.after &&
	test_cmp head.before head.after
'

test_expect_success 'tz check-push refuses a pushed symbolic link and a stray file' '
	echo "说明" >r/schema/README.md &&
	git -C r add schema/README.md &&
	git -C r commit -q --no-verify -m "link and readme" &&
	git -C server.git rev-parse main >server.before &&
	test_must_fail git -C r push -q origin HEAD:main >out 2>&1 &&
	sed -n "s/^remote: \(.*[^ ]\) *\$/\1/p" out | grep -v "^tz check-push:" |
		sed "s/commit [0-9a-f]*:/commit X:/" >reasons &&
	{
		tz_field_finding schema/README.md:1 error "commit X" "not a schema file: schema files end in .ini" &&
		tz_field_finding schema/passwd:1 error "commit X" "symbolic link (never followed)"
	} >expect &&
	test_cmp expect reasons &&
	git -C server.git rev-parse main >server.after &&
	test_cmp server.before server.after
'

test_expect_success 'tz validate --rev and tz audit find them in history too' '
	{
		tz_finding schema/README.md:1 error "not a schema file: schema files end in .ini" &&
		tz_finding schema/passwd:1 error "symbolic link (never followed)"
	} >expect &&
	(cd r && test_expect_code 1 tz validate --rev HEAD >../out 2>/dev/null) &&
	test_cmp expect out &&
	(cd r && test_expect_code 1 tz audit --format tsv HEAD~1..HEAD >../out 2>/dev/null) &&
	sed 1d out | cut -f4- >reasons &&
	printf "%s\t%s\t%s\n" schema/README.md 1 "$(tz_msg "not a schema file: schema files end in .ini")" \
		schema/passwd 1 "$(tz_msg "symbolic link (never followed)")" >expect &&
	test_cmp expect reasons
'

test_done
