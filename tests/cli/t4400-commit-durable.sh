#!/bin/sh
test_description='tz commit and tz init write every file durably: temporary
file, fsync, rename (or link), fsync of the folder'
. ./lib-tz.sh
traced_by_strace
. "$SHARNESS_TEST_SRCDIR/lib-audit.sh"
. "$SHARNESS_TEST_SRCDIR/lib-durable.sh"

test_expect_success 'setup' '
	audit_repo repo &&
	issue repo/records/issues/ISS-0001.ini &&
	tz -C repo commit -q
'

test_expect_success 'tz commit syncs objects, the branch and the index' '
	set_field repo/records/issues/ISS-0001.ini title 新标题 &&
	root=$(cd repo && pwd) &&
	durable_trace trace tz -C repo commit -q &&
	durable_steps trace "$root" >steps &&
	grep -E "^.git/(index|refs/heads/main):" steps >actual &&
	cat >expect <<-\EOF &&
	.git/refs/heads/main: file synced yes, folder synced after yes
	.git/index: file synced yes, folder synced after yes
	EOF
	test_cmp expect actual &&
	grep "^.git/objects/XX/...:" steps | sort -u >objects &&
	echo ".git/objects/XX/...: file synced yes, folder synced after yes" >expect &&
	test_cmp expect objects &&
	git -C repo cat-file -p HEAD:records/issues/ISS-0001.ini >committed &&
	test_cmp repo/records/issues/ISS-0001.ini committed
'

test_expect_success 'tz init syncs the schema files it writes' '
	durable_trace trace tz init new &&
	durable_steps trace "$(pwd)/new" >steps &&
	grep -v "^.git/" steps | sort >actual &&
	for f in $(cd new && ls schema/*.ini; find records -name .gitkeep)
	do
		echo "$f: file synced yes, folder synced after yes" || return 1
	done | sort >expect &&
	test_cmp expect actual &&
	test_cmp "$TZ_SRC/schema/unit.ini" new/schema/unit.ini
'

test_done
