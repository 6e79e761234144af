#!/bin/sh
test_description='every command of the README tour runs on the example ledger, and its record is real'
. ./lib-tz.sh

TZ_TODAY=2026-06-30
export TZ_TODAY

test_expect_success 'setup: the tour, as the README shows it' '
	sed -n "/^## A short tour/,/^## /p" "$TZ_SRC/README.md" >section &&
	sed -n "/^\`\`\`sh\$/,/^\`\`\`\$/p" section | sed "1d;\$d" >block &&
	sed "s/[[:space:]]\{2,\}# .*\$//" block >tour &&
	test_line_count -ge 10 tour
'

test_expect_success 'each command of the tour succeeds and prints something, in order' '
	T=$(pwd) &&
	: >"$T/ran" &&
	while IFS= read -r cmd
	do
		printf "%s\n" "$cmd" >>"$T/ran" &&
		printf "%s\n" "$cmd" >"$T/step.sh" &&
		. "$T/step.sh" >"$T/out" 2>"$T/err" </dev/null || {
			echo "failed: $cmd" && cat "$T/err" && return 1
		}
		case $cmd in
		"tz commit"*|"tz act"*|"tz set"*|cd*|*"&& cd"*|*" -o "*) ;;
		*) test -s "$T/out" || test -s "$T/err" || { echo "no output: $cmd"; return 1; } ;;
		esac
	done <tour &&
	cd "$T" &&
	test_cmp tour ran
'

test_expect_success 'the tour left its commit: tz act and tz commit by 国土局' '
	git -C ledger log -1 --format=%s >subject &&
	grep "^ISS-2026-0164" subject &&
	grep "^note = 剩余140亩已签约90亩。$" ledger/records/issues/2026/ISS-2026-0164.ini &&
	test -d empty/schema
'

test_expect_success 'the record the README shows is the bundled file, byte for byte' '
	sed -n "/^\`\`\`ini\$/,/^\`\`\`\$/p" section | sed "1d;\$d" >shown &&
	head -n 1 shown | sed -n "s/^; //p" >path &&
	sed 1d shown >body &&
	test_cmp "$TZ_SRC/$(cat path)" body
'

test_done
