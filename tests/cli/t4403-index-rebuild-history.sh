#!/bin/sh
test_description='tz index --rebuild builds the history tables again too: a
tampered history is mended without deleting the index folder'
. ./lib-tz.sh
. "$SHARNESS_TEST_SRCDIR/lib-audit.sh"

test_expect_success 'setup: two commits, their history indexed' '
	audit_repo repo &&
	issue repo/records/issues/ISS-0001.ini &&
	tz -C repo commit -q &&
	set_field repo/records/issues/ISS-0001.ini title 新标题 &&
	tz -C repo commit -q &&
	tz -C repo log ISS-0001 --format tsv >before &&
	grep 新标题 before
'

test_expect_success 'a tampered history shows in tz log' '
	sqlite3 repo/.git/taizhang/index.sqlite "UPDATE history_change SET new = '"'"'伪造'"'"' WHERE new = '"'"'新标题'"'"'" &&
	tz -C repo log ISS-0001 --format tsv >tampered &&
	grep 伪造 tampered &&
	! grep 新标题 tampered
'

test_expect_success 'tz index --rebuild mends it' '
	tz -C repo index -q --rebuild &&
	tz -C repo log ISS-0001 --format tsv >after &&
	test_cmp before after
'

test_done
