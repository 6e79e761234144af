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
	cat >expect <<-\EOF &&
	pre-commit hook: installed (.git/hooks/pre-commit)
	merge driver: set (merge.tz.driver = tz merge-file %O %A %B %P)
	.gitattributes: added records/** merge=tz
	EOF
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
	cat >expect <<-\EOF &&
	pre-commit hook: already installed (.git/hooks/pre-commit)
	merge driver: already set (merge.tz.driver = tz merge-file %O %A %B %P)
	.gitattributes: already has records/** merge=tz
	EOF
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
	cat >expect <<-\EOF &&
	records/issues/ISS-0001.ini:1: error: resolved-needs-date: resolved_on required when status in (resolved, closed)
	records/issues/ISS-0001.ini:4: error: status: "open" cannot change to "closed" (allowed: in_progress, resolved)
	tz hooks: commit refused: 2 errors in the staged records
	EOF
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
	cat >expect <<-\EOF &&
	records/issues/ISS-0001.ini:2: error: title: required field is empty
	tz hooks: commit refused: 1 error in the staged records
	EOF
	test_cmp expect err &&
	git -C repo checkout -q records
'

test_expect_success 'a foreign hook is refused, or chained with --chain' '
	audit_repo other &&
	printf "#!/bin/sh\necho local checks >&2\n" >other/.git/hooks/pre-commit &&
	chmod +x other/.git/hooks/pre-commit &&
	test_expect_code 2 tz -C other hooks install >out 2>err &&
	test_must_be_empty out &&
	cat >expect <<-EOF &&
	tz hooks: $PWD/other/.git/hooks/pre-commit exists and is not taizhang'"'"'s: move it away, or pass --chain to keep it as pre-commit.chained, run before taizhang'"'"'s
	EOF
	test_cmp expect err &&
	tz -C other hooks install --chain >out &&
	head -n 1 out >actual &&
	echo "pre-commit hook: installed, the old hook chained (.git/hooks/pre-commit)" >expect &&
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
	echo "pre-commit hook: installed (githooks/pre-commit)" >expect &&
	test_cmp expect actual &&
	test -x hp/githooks/pre-commit
'

test_expect_success 'a bare repository needs --server, a clone must not have it' '
	git clone -q --bare repo server.git &&
	test_expect_code 2 tz -C server.git hooks install 2>err &&
	echo "tz hooks: this is a bare repository: use --server for the pre-receive hook" >expect &&
	test_cmp expect err &&
	test_expect_code 2 tz -C repo hooks install --server 2>err &&
	echo "tz hooks: --server needs a bare repository (the server'"'"'s); $PWD/repo/ has a working tree" >expect &&
	test_cmp expect err
'

test_expect_success 'install --server writes the pre-receive hook, idempotently' '
	tz -C server.git hooks install --server >out &&
	echo "pre-receive hook: installed (hooks/pre-receive)" >expect &&
	test_cmp expect out &&
	test -x server.git/hooks/pre-receive &&
	grep "check-push\$" server.git/hooks/pre-receive &&
	tz -C server.git hooks install --server >out &&
	echo "pre-receive hook: already installed (hooks/pre-receive)" >expect &&
	test_cmp expect out
'

test_expect_success 'usage errors' '
	test_expect_code 2 tz hooks 2>err &&
	cat >expect <<-\EOF &&
	tz hooks: needs a subcommand: install or pre-commit
	Try '"'"'tz hooks --help'"'"' for more information.
	EOF
	test_cmp expect err &&
	test_expect_code 2 tz hooks remove 2>err &&
	head -n 1 err >actual &&
	echo "tz hooks: unknown subcommand \"remove\" (install or pre-commit)" >expect &&
	test_cmp expect actual
'

test_done
