#!/bin/sh
test_description='tz hooks install: pre-commit hook, merge driver, .gitattributes; --server pre-receive'
. ./lib-tz.sh
. "$SHARNESS_TEST_SRCDIR/lib-audit.sh"

test_expect_success 'setup' '
	audit_repo repo &&
	issue repo/records/issues/ISS-0001.ini &&
	git -C repo add -A &&
	git -C repo commit -q -m start
'

test_expect_success 'install in a clone' '
	tz -C repo hooks install >out &&
	{
		tz_msg "%s hook: %s (%s)\n" pre-commit "$(tz_msg installed)" .git/hooks/pre-commit &&
		tz_gettext "merge driver: set (merge.tz.driver = tz merge-file %O %A %B %P)\n" &&
		tz_gettext ".gitattributes: added records/** merge=tz\n"
	} >expect &&
	test_cmp expect out &&
	test -x repo/.git/hooks/pre-commit &&
	echo "tz merge-file %O %A %B %P" >expect &&
	git -C repo config merge.tz.driver >actual &&
	test_cmp expect actual &&
	echo "records/** merge=tz" >expect &&
	test_cmp expect repo/.gitattributes &&
	git -C repo check-attr merge records/issues/ISS-0001.ini >actual &&
	echo "records/issues/ISS-0001.ini: merge: tz" >expect &&
	test_cmp expect actual
'

test_expect_success 'installing again changes nothing' '
	cp repo/.git/hooks/pre-commit hook.before &&
	tz -C repo hooks install >out &&
	{
		tz_msg "%s hook: %s (%s)\n" pre-commit "$(tz_msg "already installed")" .git/hooks/pre-commit &&
		tz_gettext "merge driver: already set (merge.tz.driver = tz merge-file %O %A %B %P)\n" &&
		tz_gettext ".gitattributes: already has records/** merge=tz\n"
	} >expect &&
	test_cmp expect out &&
	test_cmp hook.before repo/.git/hooks/pre-commit &&
	echo "records/** merge=tz" >expect &&
	test_cmp expect repo/.gitattributes
'

test_expect_success 'the pre-commit hook refuses invalid staged records' '
	set_field repo/records/issues/ISS-0001.ini status closed &&
	git -C repo add records &&
	test_must_fail git -C repo commit -q -m bad >out 2>err &&
	test_must_be_empty out &&
	{
		tz_finding records/issues/ISS-0001.ini:1 error "%s: %s required when %s" \
			resolved-needs-date "$(tz_named 办结日期 resolved_on)" "status in (resolved, closed)" &&
		tz_field_finding records/issues/ISS-0001.ini:4 error "$(tz_named 状态 status)" \
			"\"%s\" cannot change to \"%s\" (allowed: %s)" open closed \
			"$(tz_named 办理中 in_progress), $(tz_named 已办结 resolved)" &&
		tz_msgn "tz hooks: commit refused: %zu error in the staged records\n" \
			"tz hooks: commit refused: %zu errors in the staged records\n" 2 2
	} >expect &&
	test_cmp expect err
'

test_expect_success 'it checks the index, not the working tree' '
	git -C repo checkout -q records &&
	set_field repo/records/issues/ISS-0001.ini status in_progress &&
	git -C repo add records &&
	echo "garbage" >>repo/records/issues/ISS-0001.ini &&
	git -C repo commit -q -m good &&
	git -C repo checkout -q records &&
	set_field repo/records/issues/ISS-0001.ini title "" &&
	test_must_fail git -C repo commit -q -a -m "empty title" 2>err &&
	{
		tz_finding records/issues/ISS-0001.ini:2 error "%s: required field is empty" "$(tz_named 问题简述 title)" &&
		tz_msgn "tz hooks: commit refused: %zu error in the staged records\n" \
			"tz hooks: commit refused: %zu errors in the staged records\n" 1 1
	} >expect &&
	test_cmp expect err &&
	git -C repo checkout -q records
'

test_expect_success 'a foreign hook is refused, or chained with --chain' '
	audit_repo other &&
	printf "#!/bin/sh\necho local checks >&2\n" >other/.git/hooks/pre-commit &&
	chmod +x other/.git/hooks/pre-commit &&
	test_expect_code 2 tz -C other hooks install >out 2>err &&
	test_must_be_empty out &&
	echo "tz hooks: $(tz_msg "%s exists and is not taizhang'"'"'s: move it away, or pass --chain to keep it as %s.chained, run before taizhang'"'"'s" \
		"$PWD/other/.git/hooks/pre-commit" pre-commit)" >expect &&
	test_cmp expect err &&
	tz -C other hooks install --chain >out &&
	head -n 1 out >actual &&
	tz_msg "%s hook: %s (%s)\n" pre-commit "$(tz_msg "installed, the old hook chained")" .git/hooks/pre-commit >expect &&
	test_cmp expect actual &&
	printf "#!/bin/sh\necho local checks >&2\n" >expect &&
	test_cmp expect other/.git/hooks/pre-commit.chained &&
	git -C other add -A &&
	git -C other commit -q -m start 2>err &&
	echo "local checks" >expect &&
	test_cmp expect err
'

test_expect_success 'a failing chained hook stops the commit' '
	printf "#!/bin/sh\necho no >&2\nexit 3\n" >other/.git/hooks/pre-commit.chained &&
	set_field other/records/units/gtj.ini name 国土资源局 &&
	test_must_fail git -C other commit -q -a -m x 2>err &&
	echo no >expect &&
	test_cmp expect err
'

test_expect_success 'core.hooksPath is honoured' '
	audit_repo hp &&
	git -C hp config core.hooksPath githooks &&
	tz -C hp hooks install >out &&
	head -n 1 out >actual &&
	tz_msg "%s hook: %s (%s)\n" pre-commit "$(tz_msg installed)" githooks/pre-commit >expect &&
	test_cmp expect actual &&
	test -x hp/githooks/pre-commit
'

test_expect_success 'a bare repository needs --server, a clone must not have it' '
	git clone -q --bare repo server.git &&
	test_expect_code 2 tz -C server.git hooks install 2>err &&
	echo "tz hooks: $(tz_msg "this is a bare repository: use --server for the pre-receive hook")" >expect &&
	test_cmp expect err &&
	test_expect_code 2 tz -C repo hooks install --server 2>err &&
	echo "tz hooks: $(tz_msg "--server needs a bare repository (the server'"'"'s); %s has a working tree" "$PWD/repo/")" >expect &&
	test_cmp expect err
'

test_expect_success 'install --server writes the pre-receive hook, idempotently' '
	tz -C server.git hooks install --server >out &&
	tz_msg "%s hook: %s (%s)\n" pre-receive "$(tz_msg installed)" hooks/pre-receive >expect &&
	test_cmp expect out &&
	test -x server.git/hooks/pre-receive &&
	grep "check-push\$" server.git/hooks/pre-receive &&
	tz -C server.git hooks install --server >out &&
	tz_msg "%s hook: %s (%s)\n" pre-receive "$(tz_msg "already installed")" hooks/pre-receive >expect &&
	test_cmp expect out
'

test_expect_success 'usage errors' '
	test_expect_code 2 tz hooks 2>err &&
	{
		echo "tz hooks: $(tz_msg "needs a subcommand: install or pre-commit")" &&
		tz_try_help "tz hooks"
	} >expect &&
	test_cmp expect err &&
	test_expect_code 2 tz hooks remove 2>err &&
	head -n 1 err >actual &&
	echo "tz hooks: $(tz_msg "unknown subcommand \"%s\" (install or pre-commit)" remove)" >expect &&
	test_cmp expect actual
'

test_done
