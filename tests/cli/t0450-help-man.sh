#!/bin/sh
test_description='every program has --help, and its first line agrees with the man page synopsis'
. ./lib-tz.sh

for prog in "$TZ_BIN"/tz "$TZ_BIN"/tz-*
do
	name=$(basename "$prog")
	test_expect_success "$name --help matches doc/$name.1" '
		"$prog" --help >help &&
		sed -n "1s/^$(tz_usage) //p" help >from-help &&
		test -s from-help &&
		test -f "$TZ_SRC/doc/$name.1" &&
		sed -n "/^\.SH SYNOPSIS/,/^\.SH/p" "$TZ_SRC/doc/$name.1" |
			grep -v "^\." | head -n 1 >from-man &&
		test_cmp from-help from-man
	'
done

for prog in "$TZ_BIN"/tz-*
do
	name=$(basename "$prog")
	cmd="tz ${name#tz-}"
	test_expect_success "$name: a bad option names the command and exits 2" '
		test_expect_code 2 "$prog" --no-such-option >out 2>err &&
		test_must_be_empty out &&
		{
			tz_libc "%s: unrecognized option '"'"'%s%s'"'"'\n" "$cmd" -- no-such-option &&
			tz_try_help "$cmd"
		} >expect &&
		test_cmp expect err
	'
done

test_expect_success 'tz help COMMAND shows the command help' '
	tz help validate >out &&
	tz-validate --help >expect &&
	test_cmp expect out
'

test_expect_success 'tz --version' '
	tz --version >out &&
	grep "^$(tz_msg "tz version %s\n" "[0-9]")" out
'

test_expect_success 'an unknown command is a usage error' '
	test_expect_code 2 tz frobnicate 2>err &&
	{
		echo "tz: $(tz_msg "'"'"'%s'"'"' is not a tz command" frobnicate)" &&
		tz_try_help tz
	} >expect &&
	test_cmp expect err
'

test_expect_success 'a mistyped command gets a suggestion' '
	test_expect_code 2 tz valdate 2>err &&
	{
		echo "tz: $(tz_msg "'"'"'%s'"'"' is not a tz command (did you mean '"'"'%s'"'"'?)" valdate validate)" &&
		tz_try_help tz
	} >expect &&
	test_cmp expect err
'

test_expect_success 'tz with no command shows usage and exits 2' '
	test_expect_code 2 tz 2>err &&
	grep "^$(tz_usage) tz" err
'

test_expect_success 'tz -C DIR runs the command in DIR' '
	tz_empty_repo repo &&
	tz -C repo validate 2>err &&
	tz_summary_clean 0 $(grep -l "^\[type\]" "$TZ_SRC"/schema/*.ini | wc -l) >expect &&
	test_cmp expect err
'

test_done
