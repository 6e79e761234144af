#!/bin/sh
test_description='tz commit refuses dates and identities that git refuses,
and says what is wrong with them'
. ./lib-tz.sh
. "$SHARNESS_TEST_SRCDIR/lib-audit.sh"

test_expect_success 'setup' '
	audit_repo repo &&
	issue repo/records/issues/ISS-0001.ini &&
	tz -C repo commit -q &&
	git -C repo rev-parse HEAD >head &&
	set_field repo/records/issues/ISS-0001.ini title 新标题
'

for date in 2026-13-45T99:99:99 2026-02-29T10:00:00 2026-06-31T10:00:00 \
	2026-06-30T24:00:00 2026-06-30T23:60:00 "2026-06-30 10:00:00+08:00x" \
	"2026-06-30 10:00:00 +2500" "1782810000 +08:61" "not a date"
do
	test_expect_success "GIT_AUTHOR_DATE=\"$date\" is refused" '
		test_expect_code 2 env GIT_AUTHOR_DATE="$date" tz -C repo commit -q 2>err &&
		echo "tz commit: $(tz_msg "%s: cannot read the date \"%s\"" GIT_AUTHOR_DATE "$date")" >expect &&
		test_cmp expect err &&
		git -C repo rev-parse HEAD >now &&
		test_cmp head now
	'
done

test_expect_success 'and so is a bad GIT_COMMITTER_DATE' '
	test_expect_code 2 env GIT_COMMITTER_DATE=2026-00-10T10:00:00 tz -C repo commit -q 2>err &&
	echo "tz commit: $(tz_msg "%s: cannot read the date \"%s\"" GIT_COMMITTER_DATE 2026-00-10T10:00:00)" >expect &&
	test_cmp expect err
'

test_expect_success 'a name with a newline is refused, naming where it came from' '
	test_expect_code 2 env GIT_AUTHOR_NAME="$(printf "王五\nevil")" tz -C repo commit -q 2>err &&
	echo "tz commit: $(tz_msg "bad identity: the %s \"%s\" (from %s) may not hold a newline, a control character or an angle bracket" \
		"$(tz_msg "author name")" "王五\\nevil" GIT_AUTHOR_NAME)" >expect &&
	test_cmp expect err
'

test_expect_success 'angle brackets in --author and in the committer e-mail are refused' '
	test_expect_code 2 tz -C repo commit -q --author "王五 <a<b@example.cn>" 2>err &&
	echo "tz commit: $(tz_msg "bad identity: the %s \"%s\" (from %s) may not hold a newline, a control character or an angle bracket" \
		"$(tz_msg "author e-mail")" "a<b@example.cn" --author)" >expect &&
	test_cmp expect err &&
	test_expect_code 2 env GIT_COMMITTER_EMAIL="x>y@example.cn" tz -C repo commit -q 2>err &&
	echo "tz commit: $(tz_msg "bad identity: the %s \"%s\" (from %s) may not hold a newline, a control character or an angle bracket" \
		"$(tz_msg "committer e-mail")" "x>y@example.cn" GIT_COMMITTER_EMAIL)" >expect &&
	test_cmp expect err &&
	git -C repo rev-parse HEAD >now &&
	test_cmp head now
'

test_expect_success 'a valid date and zone are kept as given; a leap day is a date' '
	GIT_AUTHOR_DATE="2028-02-29T10:00:00+08:00" tz -C repo commit -q &&
	git -C repo log -1 --format=%ai >date &&
	echo "2028-02-29 10:00:00 +0800" >expect &&
	test_cmp expect date
'

test_done
