#!/bin/sh
test_description='schema/policy.ini is checked with the schema by tz validate'
. ./lib-tz.sh

test_expect_success 'the bundled policy is valid' '
	tz_empty_repo repo &&
	test -f repo/schema/policy.ini &&
	tz -C repo validate -q
'

test_expect_success 'every problem of the policy file, with its line' '
	cat >repo/schema/policy.ini <<-\EOF &&
	[policy]
	admin = office, boss

	[role.office]
	records = all
	create = *
	fields = issue.deadline, issue.nosuch, nosuch.x
	actions = issue.verify, issue.fly

	[role.unit]
	records = mine
	delete = issue.title
	colour = red

	[member.gtj]
	unit = gtj
	roles = unit, ghost
	people = gtj@example.gov.cn, , gtj

	[member.other]
	roles = office
	people = GTJ@example.gov.cn

	[member.empty]
	roles = office

	[people]
	x = y
	EOF
	test_expect_code 1 tz -C repo validate -q >out &&
	cat >expect <<-\EOF &&
	schema/policy.ini:2: error: admin: no role "boss"
	schema/policy.ini:7: error: fields: "issue.nosuch": type issue has no field or part "nosuch"
	schema/policy.ini:7: error: fields: "nosuch.x": no type "nosuch"
	schema/policy.ini:8: error: actions: "issue.fly": type issue has no action "fly"
	schema/policy.ini:11: error: records: must be all or own
	schema/policy.ini:12: error: delete: "issue.title": name a type, as in "issue"
	schema/policy.ini:13: error: unknown key "colour" in a role (label, records, create, delete, fields, actions)
	schema/policy.ini:17: error: roles: no role "ghost"
	schema/policy.ini:18: error: people: empty item in the list
	schema/policy.ini:22: error: people: "GTJ@example.gov.cn" is also in [member.gtj]
	schema/policy.ini:24: error: member.empty: people: required field is missing
	schema/policy.ini:27: error: unknown section "[people]" ([policy], [role.NAME] or [member.NAME])
	EOF
	test_cmp expect out
'

test_expect_success 'a syntax error in the policy file is reported like any other' '
	printf "[role.office]\nrecords all\n" >repo/schema/policy.ini &&
	test_expect_code 1 tz -C repo validate -q >out &&
	echo "schema/policy.ini:2: error: expected \"key = value\", \"[section]\" or a comment: \"records all\"" >expect &&
	test_cmp expect out
'

test_done
