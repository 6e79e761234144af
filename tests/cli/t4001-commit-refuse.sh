#!/bin/sh
test_description='tz commit refuses invalid data and then writes nothing at all'
. ./lib-tz.sh
. "$SHARNESS_TEST_SRCDIR/lib-audit.sh"

# how findings name the fields, types and values of lib-audit.sh's schema
status=$(tz_named 状态 status)
unit=$(tz_named 责任单位 unit)
unit_type=$(tz_named 单位 unit)
statuses="$(tz_named 待办 open), $(tz_named 办理中 in_progress), $(tz_named 已办结 resolved), $(tz_named 已销号 closed)"
log_part=$(tz_named 办理记录 log)

# snapshot NAME: what must not change when a commit is refused
# (git status first: it may rewrite the index it refreshes, racily clean
# entries among them, and must not make the two snapshots differ)
snapshot () {
	{
		git -C repo rev-parse HEAD &&
		git -C repo status --porcelain &&
		cksum <repo/.git/index &&
		(cd repo && find records schema -type f | sort | xargs cksum) &&
		(cd repo/.git && find objects refs logs -type f | sort)
	} >"$1"
}

test_expect_success 'setup' '
	audit_repo repo &&
	issue repo/records/issues/ISS-0001.ini in_progress &&
	add_log repo/records/issues/ISS-0001.ini 001 2026-06-01 assign 交办 &&
	issue repo/records/issues/ISS-0002.ini &&
	tz -C repo commit -q
'

test_expect_success 'a forbidden transition and a missing field: findings, exit 1' '
	set_field repo/records/issues/ISS-0001.ini status closed &&
	snapshot before &&
	test_expect_code 1 tz -C repo commit >out 2>err &&
	{
		tz_finding records/issues/ISS-0001.ini:1 error "%s: %s required when %s" \
			resolved-needs-date "$(tz_named 办结日期 resolved_on)" "status in (resolved, closed)" &&
		tz_field_finding records/issues/ISS-0001.ini:4 error "$status" \
			"\"%s\" cannot change to \"%s\" (allowed: %s)" in_progress closed \
			"$(tz_named 已办结 resolved), $(tz_named 待办 open)"
	} >expect &&
	test_cmp expect out &&
	tz_msgn "%s: refused: %zu error; nothing was committed\n" \
		"%s: refused: %zu errors; nothing was committed\n" 2 "tz commit" 2 >expect &&
	test_cmp expect err &&
	snapshot after &&
	test_cmp before after
'

test_expect_success 'the findings are those of tz validate' '
	test_expect_code 1 tz -C repo validate -q >validate &&
	test_cmp out validate
'

test_expect_success 'an edited append-only entry is refused' '
	git -C repo checkout -q records &&
	sed -i "s/^note = 交办/note = 改过的说明/" repo/records/issues/ISS-0001.ini &&
	snapshot before &&
	test_expect_code 1 tz -C repo commit >out 2>/dev/null &&
	tz_finding records/issues/ISS-0001.ini:6 error \
		"%s: committed entry of append-only part %s was changed" log.001 "$log_part" >expect &&
	test_cmp expect out &&
	snapshot after &&
	test_cmp before after
'

test_expect_success 'a removed append-only entry is refused' '
	git -C repo checkout -q records &&
	sed -i "/^\[log.001\]/,\$d" repo/records/issues/ISS-0001.ini &&
	test_expect_code 1 tz -C repo commit >out 2>/dev/null &&
	tz_finding records/issues/ISS-0001.ini:1 error \
		"%s: committed entry of append-only part %s was removed" log.001 "$log_part" >expect &&
	test_cmp expect out
'

test_expect_success 'a deletion that leaves references dangling is refused' '
	git -C repo checkout -q records &&
	rm repo/records/units/gtj.ini &&
	snapshot before &&
	test_expect_code 1 tz -C repo commit >out 2>/dev/null &&
	for n in 1 2
	do
		tz_finding records/issues/ISS-000$n.ini:3 error \
			"%s: no %s \"%s\" (did you mean \"%s\"?)" "$unit" "$unit_type" gtj hbj || return 1
	done >expect &&
	test_cmp expect out &&
	snapshot after &&
	test_cmp before after
'

test_expect_success 'a bad value in a new record is refused' '
	git -C repo checkout -q records &&
	issue repo/records/issues/ISS-0003.ini done &&
	test_expect_code 1 tz -C repo commit >out 2>/dev/null &&
	tz_field_finding records/issues/ISS-0003.ini:4 error "$status" \
		"\"%s\" is not one of %s" done "$statuses" >expect &&
	test_cmp expect out &&
	rm repo/records/issues/ISS-0003.ini
'

test_expect_success 'a file outside every type is refused' '
	echo x >repo/records/notes.txt &&
	test_expect_code 1 tz -C repo commit >out 2>/dev/null &&
	tz_finding records/notes.txt:1 error "not in the directory of any record type (%s)" \
		"records/issues/, records/units/" >expect &&
	test_cmp expect out &&
	rm repo/records/notes.txt
'

test_expect_success 'a broken schema is refused' '
	cp repo/schema/issue.ini issue.ini.orig &&
	sed -i "s/^type = enum/type = enumeration/" repo/schema/issue.ini &&
	test_expect_code 1 tz -C repo commit >out 2>/dev/null &&
	grep "^schema/issue.ini:[0-9]*: $(tz_msgc severity error): " out &&
	cp issue.ini.orig repo/schema/issue.ini
'

test_expect_success 'with PATHs, only the tree being committed counts' '
	set_field repo/records/issues/ISS-0002.ini status nonsense &&
	set_field repo/records/issues/ISS-0001.ini status resolved &&
	set_field repo/records/issues/ISS-0001.ini resolved_on 2026-06-20 &&
	tz -C repo commit -q records/issues/ISS-0001.ini &&
	git -C repo show --name-only --format= HEAD >names &&
	echo records/issues/ISS-0001.ini >expect &&
	test_cmp expect names &&
	test_expect_code 1 tz -C repo commit >out 2>/dev/null &&
	grep "ISS-0002.ini:4: $(tz_msgc severity error): $status" out &&
	git -C repo checkout -q records/issues/ISS-0002.ini
'

test_expect_success 'warnings are shown and do not stop the commit' '
	set_field repo/records/issues/ISS-0002.ini deadline 2026-06-01 &&
	tz -C repo commit -q >out &&
	tz_finding records/issues/ISS-0002.ini:1 warning "%s: %s" deadline-passed 已超过办结时限 >expect &&
	test_cmp expect out &&
	git -C repo log -1 --format=%s >msg &&
	echo "ISS-0002: deadline 2026-06-01" >expect &&
	test_cmp expect msg
'

test_expect_success 'the first commit is validated too' '
	audit_repo fresh &&
	issue fresh/records/issues/ISS-0001.ini open nosuchunit &&
	test_expect_code 1 tz -C fresh commit >out 2>/dev/null &&
	tz_finding records/issues/ISS-0001.ini:3 error "%s: no %s \"%s\"" "$unit" "$unit_type" nosuchunit >expect &&
	test_cmp expect out &&
	test_must_fail git -C fresh rev-parse -q --verify HEAD &&
	! test -e fresh/.git/index
'

test_done
