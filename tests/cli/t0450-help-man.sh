#!/bin/sh
test_description='every program has --help, and its first line agrees with the man page synopsis'
. ./lib-tz.sh

for prog in "$TZ_BIN"/tz "$TZ_BIN"/tz-*
do
	name=$(basename "$prog")
	test_expect_success "$name --help matches doc/$name.1" '
		"$prog" --help >help &&
		sed -n "1s/^usage: //p" help >from-help &&
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
		cat >expect <<-EOF &&
		$cmd: unrecognized option '"'"'--no-such-option'"'"'
		Try '"'"'$cmd --help'"'"' for more information.
		EOF
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
	grep "^tz version [0-9]" out
'

test_expect_success 'an unknown command is a usage error' '
	test_expect_code 2 tz frobnicate 2>err &&
	grep "'"'"'frobnicate'"'"' is not a tz command" err
'

test_expect_success 'a mistyped command gets a suggestion' '
	test_expect_code 2 tz valdate 2>err &&
	cat >expect <<-\EOF &&
	tz: '"'"'valdate'"'"' is not a tz command (did you mean '"'"'validate'"'"'?)
	Try '"'"'tz --help'"'"' for more information.
	EOF
	test_cmp expect err
'

test_expect_success 'tz with no command shows usage and exits 2' '
	test_expect_code 2 tz 2>err &&
	grep "^usage: tz" err
'

test_expect_success 'tz -C DIR runs the command in DIR' '
	tz_empty_repo repo &&
	tz -C repo validate 2>err &&
	grep "no problems" err
'

test_done
