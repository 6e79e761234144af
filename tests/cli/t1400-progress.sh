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
	for n in 0 1024 2048 3072 4096 5120
	do
		tz_line "%s: reading records: %zu/%zu" "tz query" $n 6000 || return 1
	done >expect &&
	tz_msg "%s: reading records: %zu/%zu, done\n" "tz query" 6000 6000 >>expect &&
	grep "^tz query: " lines >actual &&
	test_cmp expect actual
'

test_expect_success PTY 'validation says how far it is, then its summary takes the line' '
	script -qec "tz -C big validate --no-cache" /dev/null >out &&
	tr "\\r" "\\n" <out | grep . >lines &&
	head -n 1 lines >actual &&
	tz_line "checking %zu%% (%zu of %zu records)" 0 0 6000 >expect &&
	test_cmp expect actual &&
	esc=$(printf "\\033") &&
	grep -Fx "$esc[K$(tz_summary_clean 6000 $(grep -l "^\\[type\\]" big/schema/*.ini | wc -l))" lines
'

test_expect_success PTY '--quiet draws nothing' '
	script -qec "tz -C big validate --no-cache -q" /dev/null >out &&
	test_must_be_empty out
'

test_expect_success 'nothing is drawn when stderr is not a terminal' '
	rm -f big/.git/taizhang/index.sqlite &&
	tz -C big query issue --count >out 2>err &&
	tz -C big validate --no-cache 2>>err &&
	tz_summary_clean 6000 $(grep -l "^\\[type\\]" big/schema/*.ini | wc -l) >expect &&
	test_cmp expect err
'

test_done
