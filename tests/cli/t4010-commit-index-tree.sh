#!/bin/sh
# t4010-commit-index-tree.sh - tz commit reads git's index once and takes
# HEAD's files from it when its cache-tree says it holds HEAD's tree; it
# leaves an index whose cache-tree is whole, as git commit does. Whichever
# way HEAD's files are known, the commit is the same.

test_description='tz commit: HEAD from the index when it holds HEAD, from the tree when not'
. ./lib-tz.sh
. "$SHARNESS_TEST_SRCDIR/lib-audit.sh"

# index_is_head: git's index holds exactly HEAD's tree
index_is_head () {
	git -C repo write-tree >tree &&
	git -C repo rev-parse "HEAD^{tree}" >head &&
	test_cmp head tree
}

# committed_names: the files the last commit changed, with their status
committed_names () {
	git -C repo show --name-status --no-renames --format= HEAD
}

test_expect_success 'setup: a committed ledger' '
	audit_repo repo &&
	issue repo/records/issues/ISS-0001.ini &&
	issue repo/records/issues/ISS-0002.ini &&
	issue repo/records/issues/ISS-0003.ini &&
	tz -C repo commit -q &&
	index_is_head
'

test_expect_success 'an edit, a new record and a deleted one, from an index that holds HEAD' '
	set_field repo/records/issues/ISS-0001.ini title 改了 &&
	issue repo/records/issues/ISS-0004.ini open gtj 新问题 &&
	rm repo/records/issues/ISS-0002.ini &&
	tz -C repo commit -q &&
	committed_names >names &&
	cat >expect <<-\EOF &&
	M	records/issues/ISS-0001.ini
	D	records/issues/ISS-0002.ini
	A	records/issues/ISS-0004.ini
	EOF
	test_cmp expect names &&
	index_is_head &&
	git -C repo status --porcelain >status &&
	test_must_be_empty status
'

test_expect_success 'a record staged by git and edited again: the index is not HEAD, the working tree is committed' '
	set_field repo/records/issues/ISS-0003.ini title 第一稿 &&
	git -C repo add records/issues/ISS-0003.ini &&
	set_field repo/records/issues/ISS-0003.ini title 第二稿 &&
	tz -C repo commit -q &&
	committed_names >names &&
	printf "M\trecords/issues/ISS-0003.ini\n" >expect &&
	test_cmp expect names &&
	git -C repo show HEAD:records/issues/ISS-0003.ini >committed &&
	test_cmp repo/records/issues/ISS-0003.ini committed &&
	index_is_head
'

test_expect_success 'a file staged outside records/ stays staged, and HEAD is read from its tree' '
	echo notes >repo/NOTES &&
	git -C repo add NOTES &&
	set_field repo/records/issues/ISS-0004.ini title 再改 &&
	rm repo/records/issues/ISS-0003.ini &&
	tz -C repo commit -q &&
	committed_names >names &&
	cat >expect <<-\EOF &&
	D	records/issues/ISS-0003.ini
	M	records/issues/ISS-0004.ini
	EOF
	test_cmp expect names &&
	git -C repo diff --cached --name-only >cached &&
	echo NOTES >expect &&
	test_cmp expect cached
'

test_expect_success 'after git commit, tz commit finds the index holding HEAD again' '
	git -C repo commit -q -m notes &&
	index_is_head &&
	set_field repo/records/issues/ISS-0001.ini title 三改 &&
	tz -C repo commit -q &&
	committed_names >names &&
	printf "M\trecords/issues/ISS-0001.ini\n" >expect &&
	test_cmp expect names &&
	index_is_head
'

test_done
