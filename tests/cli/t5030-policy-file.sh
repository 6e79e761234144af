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
	P=schema/policy.ini &&
	{
		tz_finding $P:2 error "admin: no role \"%s\"" boss &&
		tz_finding $P:7 error "%s: \"%s\": type %s has no field or part \"%s\"" fields issue.nosuch issue nosuch &&
		tz_finding $P:7 error "%s: \"%s\": no type \"%s\"" fields nosuch.x nosuch &&
		tz_finding $P:8 error "%s: \"%s\": type %s has no action \"%s\"" actions issue.fly issue fly &&
		tz_finding $P:11 error "records: must be all or own" &&
		tz_finding $P:12 error "%s: \"%s\": name a type, as in \"%s\"" delete issue.title issue &&
		tz_finding $P:13 error "unknown key \"%s\" in a role (label, records, create, delete, fields, actions)" colour &&
		tz_finding $P:17 error "roles: no role \"%s\"" ghost &&
		tz_finding $P:18 error "%s: empty item in the list" people &&
		tz_finding $P:22 error "people: \"%s\" is also in [member.%s]" GTJ@example.gov.cn gtj &&
		tz_finding $P:24 error "member.%s: people: required field is missing" empty &&
		tz_finding $P:27 error "unknown section \"[%s]\" ([policy], [role.NAME] or [member.NAME])" people
	} >expect &&
	test_cmp expect out
'

test_expect_success 'a syntax error in the policy file is reported like any other' '
	printf "[role.office]\nrecords all\n" >repo/schema/policy.ini &&
	test_expect_code 1 tz -C repo validate -q >out &&
	tz_finding schema/policy.ini:2 error "expected \"key = value\", \"[section]\" or a comment: \"%s\"" \
		"records all" >expect &&
	test_cmp expect out
'

test_done
