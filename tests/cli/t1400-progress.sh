#!/bin/sh
test_description='progress on a terminal: one drawer (tools/common.c) for the index and validation, each said as before; nothing in a pipe or with --quiet'
. ./lib-tz.sh

# script(1) needs a pseudo-terminal; a chroot without /dev/pts has none.
# (Asked here, not lazily: a lazy prerequisite's subshell does not live
# through script's new session on every system.)
if script -qec true /dev/null >/dev/null 2>&1; then test_set_prereq PTY; fi

test_expect_success 'setup: 6,000 records, over the 5,000 below which nothing is drawn' '
	"$TZ_SRC/bench/gen" big 6000 >/dev/null 2>&1 &&
	test $(find big/records -name "*.ini" | wc -l) -eq 6000
'

test_expect_success PTY 'the index counts the files it reads and leaves its line, done' '
	script -qec "tz -C big query issue --count" /dev/null >out &&
	tr "\\r" "\\n" <out | grep . >lines &&
	cat >expect <<-\EOF &&
	tz query: reading records: 0/6000
	tz query: reading records: 1024/6000
	tz query: reading records: 2048/6000
	tz query: reading records: 3072/6000
	tz query: reading records: 4096/6000
	tz query: reading records: 5120/6000
	tz query: reading records: 6000/6000, done
	EOF
	grep "reading records" lines >actual &&
	test_cmp expect actual
'

test_expect_success PTY 'validation says how far it is, then its summary takes the line' '
	script -qec "tz -C big validate --no-cache" /dev/null >out &&
	tr "\\r" "\\n" <out | grep . >lines &&
	head -n 1 lines >actual &&
	echo "checking 0% (0 of 6000 records)" >expect &&
	test_cmp expect actual &&
	esc=$(printf "\\033") &&
	grep "^$esc\\[K6000 records and [0-9]* schema files: no problems" lines
'

test_expect_success PTY '--quiet draws nothing' '
	script -qec "tz -C big validate --no-cache -q" /dev/null >out &&
	! grep checking out
'

test_expect_success 'nothing is drawn when stderr is not a terminal' '
	rm -f big/.git/taizhang/index.sqlite &&
	tz -C big query issue --count >out 2>err &&
	tz -C big validate --no-cache 2>>err &&
	! grep "reading records\|checking" err
'

test_done
