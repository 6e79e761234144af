#!/bin/bash
# t1210-query-repo-layouts.sh - tz query finds its repository without
# libgit2 in the usual layout (a working tree with a .git folder) and through
# libgit2 in every other: the answer is the same wherever it is asked from.

test_description='tz query: the repository found in every layout'

. ./lib-tz.sh

test_expect_success 'setup: the bundled campaign and its answer' '
	tz_demo_repo r &&
	(cd r && tz query issue --count) >expect &&
	test "$(cat expect)" -gt 0
'

test_expect_success 'from a subfolder, and with -C' '
	(cd r/records/issues && tz query issue --count) >actual &&
	test_cmp expect actual &&
	tz -C r/records query issue --count >actual &&
	test_cmp expect actual
'

test_expect_success 'in a linked worktree (.git is a file)' '
	(cd r && git worktree add -q ../w) &&
	(cd w/records && tz query issue --count) >actual &&
	test_cmp expect actual &&
	test -f w/.git/taizhang/index.sqlite || test -d r/.git/worktrees/w/taizhang
'

test_expect_success 'with the git folder elsewhere (git init --separate-git-dir)' '
	git init -q --separate-git-dir="$PWD/s.git" s &&
	cp -R r/schema r/records s/ &&
	(cd s && git add -A && git commit -q -m campaign) &&
	(cd s/records && tz query issue --count) >actual &&
	test_cmp expect actual &&
	test -d s.git/taizhang &&
	(cd s && tz validate -q)
'

test_expect_success 'with core.worktree naming another working tree' '
	mkdir cw &&
	cp -R r/.git cw/.git &&
	git -C cw config core.worktree "$PWD/r" &&
	(cd cw && tz query issue --count) >actual &&
	test_cmp expect actual &&
	rm -r cw/.git/taizhang &&
	mkdir cw/schema &&
	(cd cw && tz query issue --count) >actual &&
	test_cmp expect actual
'

test_expect_success '--rev and --as-of open libgit2 when they need it' '
	(cd r && tz query issue --count --rev HEAD) >actual &&
	test_cmp expect actual &&
	(cd r && tz query issue --count --as-of 2099-12-31) >actual &&
	test_cmp expect actual
'

test_expect_success 'a bare repository needs --rev' '
	git clone -q --bare r b.git &&
	(cd b.git && tz query issue --count --rev HEAD) >actual &&
	test_cmp expect actual &&
	(cd b.git && test_expect_code 2 tz query issue --count 2>../err) &&
	echo "tz query: $(tz_msg "this is a bare repository: name a revision with --rev")" >expect-err &&
	test_cmp expect-err err
'

test_expect_success 'not a repository: the same error as every command' '
	mkdir -p top/nothing &&
	(cd top/nothing && GIT_CEILING_DIRECTORIES="$PWD/.." test_expect_code 2 tz query issue --count 2>../../err) &&
	echo "tz query: $(tz_msg "not a git repository (or any parent up to /): %s" .)" >expect-err &&
	test_cmp expect-err err
'

test_done
