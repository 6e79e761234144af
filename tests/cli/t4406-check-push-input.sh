#!/bin/sh
test_description='tz check-push: the "OLD NEW REF" lines on stdin, read as
bytes (tz_push_parse, fuzzed by tests/fuzz/push.c): line numbers count every
line, a NUL byte is refused, CRLF and blank lines are fine'
. ./lib-tz.sh
. "$SHARNESS_TEST_SRCDIR/lib-audit.sh"

test_expect_success 'setup: a bare repository' '
	audit_repo r &&
	(cd r && tz commit -q -m start) &&
	git clone -q --bare r server.git &&
	head=$(git -C server.git rev-parse main) &&
	echo $head >head
'

test_expect_success 'CRLF line ends and blank lines are read' '
	printf "\r\n%s %s refs/heads/main\r\n\n" $(cat head) $(cat head) >in &&
	tz -C server.git check-push <in >out 2>err &&
	test_must_be_empty out &&
	test_must_be_empty err
'

test_expect_success 'a bad line is named by its number among all lines' '
	printf "\n%s %s refs/heads/main\n\nx y z\n" $(cat head) $(cat head) >in &&
	test_expect_code 2 tz -C server.git check-push <in 2>err &&
	echo "tz check-push: $(tz_msg "line %zu: %s" 4 "$(tz_msg "\"%s\" are not two object ids" "x y")")" >expect &&
	test_cmp expect err
'

test_expect_success 'a NUL byte is refused, not cut off' '
	printf "%s %s refs/heads/main\000 refs/heads/other\n" $(cat head) $(cat head) >in &&
	test_expect_code 2 tz -C server.git check-push <in 2>err &&
	echo "tz check-push: $(tz_msg "line %zu: NUL byte" 1)" >expect &&
	test_cmp expect err
'

test_expect_success 'control characters in a bad line are quoted, not printed raw' '
	printf "a\033]0;x\007 b c\n" >in &&
	test_expect_code 2 tz -C server.git check-push <in 2>err &&
	printf "tz check-push: %s\n" "$(tz_msg "line %zu: %s" 1 "$(tz_msg "\"%s\" are not two object ids" "a\\033]0;x\\a b")")" >expect &&
	test_cmp expect err
'

test_done
