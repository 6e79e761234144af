#!/bin/bash
# t1220-commit-no-cache.sh - tz commit --no-cache validates every record
# again and answers exactly what tz commit answers from the cache: the same
# findings, the same refusals, the same commits.

test_description='tz commit --no-cache: the answer of a commit that reads the cache'

. ./lib-tz.sh

export GIT_AUTHOR_DATE="2026-06-30T10:00:00+08:00" GIT_COMMITTER_DATE="2026-06-30T10:00:00+08:00"

# both CMD: run the shell command CMD in a (cache filled by tz validate) and
# in b (no cache); then commit in a with the cache and in b with --no-cache
# and compare output, status and the commit made
both () {
	(cd a && eval "$1") && (cd b && eval "$1") &&
	(cd a && tz validate -q >/dev/null; tz commit -m step >../out-a 2>&1; echo "exit $?" >>../out-a;
	 git rev-parse HEAD^{tree} >>../out-a) &&
	(cd b && tz commit --no-cache -m step >../out-b 2>&1; echo "exit $?" >>../out-b;
	 git rev-parse HEAD^{tree} >>../out-b) &&
	sed "s/ [0-9a-f]\{7,\}\]/ ID]/" out-a >a.out &&
	sed "s/ [0-9a-f]\{7,\}\]/ ID]/" out-b >b.out &&
	test_cmp a.out b.out
}

test_expect_success 'setup: two copies of the bundled campaign' '
	tz_demo_repo a &&
	cp -R a b &&
	(cd a && tz validate -q) &&
	test -f a/.git/taizhang/index.sqlite &&
	! test -e b/.git/taizhang/index.sqlite
'

test_expect_success 'an invalid value: the same refusal' '
	f=$(cd a && grep -l "^priority = " records/issues/*/*.ini | head -n 1) &&
	both "sed -i \"s/^priority = .*/priority = bogus/\" $f" &&
	grep "exit 1" a.out &&
	grep "bogus" a.out
'

test_expect_success 'put right: the same commit' '
	both "sed -i \"s/^priority = bogus/priority = urgent/\" $f" &&
	grep "exit 0" a.out
'

test_expect_success 'a deleted unit that issues name: the same broken references' '
	u=$(cd a && ls records/units | head -n 1) &&
	both "rm records/units/$u" &&
	grep "exit 1" a.out &&
	grep "unit" a.out &&
	(cd a && git checkout -q HEAD -- records/units/$u) &&
	(cd b && git checkout -q HEAD -- records/units/$u)
'

test_done
