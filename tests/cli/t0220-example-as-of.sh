#!/bin/sh
test_description='the example ledger as of a date, in its report and in its audit

These run once the commands they use are built: tz query --as-of and
tz report (issue 10), tz check-push and tz audit (issue 9).'
. ./lib-tz.sh

if tz query --help 2>/dev/null | grep -q -- "--as-of"; then test_set_prereq ASOF; fi
if test -x "$TZ_BIN/tz-report"; then test_set_prereq REPORT; fi
if test -x "$TZ_BIN/tz-audit"; then test_set_prereq AUDIT; fi
if test -x "$TZ_BIN/tz-check-push"; then test_set_prereq CHECKPUSH; fi

# registered_by DATE: how many bundled problems were registered on or before DATE
registered_by () {
	for f in "$TZ_SRC"/records/issues/*/*.ini
	do
		sed -n "0,/^date = /s/^date = //p" "$f"
	done | awk -v d="$1" '$0 <= d { n++ } END { print n + 0 }'
}

test_expect_success 'setup: the example ledger' '
	tz init --example ex >/dev/null
'

test_expect_success ASOF 'as of 31 March the ledger holds the problems registered by then' '
	registered_by 2026-03-31 >expect &&
	tz -C ex query issue --as-of 2026-03-31 --count >out &&
	test_cmp expect out &&
	registered_by 2026-06-30 >expect &&
	tz -C ex query issue --as-of 2026-06-30 --count >out &&
	test_cmp expect out
'

test_expect_success ASOF '蓝思新材料项目 is in construction from 18 March, not before' '
	test_expect_code 1 tz -C ex query project "stage = construction and name = 蓝思新材料项目" --as-of 2026-03-17 --count >out &&
	echo 0 >expect && test_cmp expect out &&
	tz -C ex query project "stage = construction and name = 蓝思新材料项目" --as-of 2026-03-18 --count >out &&
	echo 1 >expect && test_cmp expect out
'

test_expect_success ASOF 'a problem closed in April was open as of March' '
	tz -C ex query issue "title = 库区三组11户房屋征收未签约" --fields status --no-header --as-of 2026-03-31 >out &&
	echo in_progress >expect && test_cmp expect out &&
	tz -C ex query issue "title = 库区三组11户房屋征收未签约" --fields status --no-header --as-of 2026-04-30 >out &&
	echo closed >expect && test_cmp expect out
'

test_expect_success REPORT 'the briefing as of 31 March differs from the one as of 30 June' '
	tz -C ex report --as-of 2026-03-31 --format csv >march &&
	tz -C ex report --as-of 2026-06-30 --format csv >june &&
	test -s march && test -s june &&
	! cmp -s march june
'

test_expect_success CHECKPUSH 'a server takes the whole half-year: every commit valid and allowed' '
	git init -q --bare server.git &&
	printf "#!/bin/sh\nexec \"%s/tz\" check-push\n" "$TZ_BIN" >server.git/hooks/pre-receive &&
	chmod +x server.git/hooks/pre-receive &&
	git -C ex push -q ../server.git HEAD:refs/heads/main 2>err &&
	git -C server.git rev-parse main >theirs &&
	git -C ex rev-parse HEAD >ours &&
	test_cmp ours theirs &&
	sed -i "s/^phone = .*/phone = 0731-83000000/" ex/records/units/gtj.ini &&
	(GIT_AUTHOR_NAME=外人 GIT_AUTHOR_EMAIL=stranger@example.com &&
	 export GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL && git -C ex commit -q -am "改电话") &&
	test_must_fail git -C ex push -q ../server.git HEAD:refs/heads/main 2>err &&
	refusal=$(tz_finding records/units/gtj.ini:1 error "%spolicy: %s is not in %s, so may not change records" \
		"commit $(git -C ex rev-parse --short=7 HEAD): " "\"stranger@example.com\"" schema/policy.ini) &&
	grep -F "remote: $refusal" err &&
	git -C ex reset -q --hard HEAD^	# the half-year again, for the tests below
'

test_expect_success AUDIT 'tz audit finds nothing wrong in the half-year' '
	tz -C ex audit >out 2>err &&
	printf "date\tauthor\tcommit\tfile\tline\treason\n" >expect &&
	test_cmp expect out &&
	test_must_be_empty err
'

test_done
