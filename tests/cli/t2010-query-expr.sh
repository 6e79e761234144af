#!/bin/sh
test_description='tz query: the expression language, its three-valued logic and its errors'
. ./lib-tz.sh
. "$SHARNESS_TEST_SRCDIR/lib-query.sh"

test_expect_success 'setup' '
	query_repo r &&
	cat >r/records/issues/ISS-0006.ini <<-\EOF
	[issue]
	title = 数据不全的问题
	status = open
	unit = hbj
	deadline = 2026-13-01
	visits = many
	amount = 12.340
	EOF
'

# ids EXPR: the IDs for which EXPR is true, on one line.
ids () {
	(cd r && tz query issue "$1" --fields id --no-header) >out
	test $? -le 1 && echo $(cat out)
}

# check EXPR IDS: the records EXPR selects
check () {
	expr=$1 want=$2
	test_expect_success "$expr" '
		echo "$want" >expect &&
		ids "$expr" >actual &&
		test_cmp expect actual
	'
}

check 'status = open'				'ISS-0002 ISS-0005 ISS-0006'
check 'status != open'				'ISS-0001 ISS-0003 ISS-0004'
check 'status = 办理中'				'ISS-0001'
check 'status in (open, resolved)'		'ISS-0002 ISS-0003 ISS-0005 ISS-0006'
check 'status in (已办结, closed)'		'ISS-0003 ISS-0004'
check 'deadline < today'			'ISS-0002'
check 'deadline <= today+2'			'ISS-0002 ISS-0004'
check 'deadline > today-15 and deadline < 2026-07-05'	'ISS-0004'
check 'deadline >= today+6'			'ISS-0001 ISS-0005'
check 'deadline = 2026-07-31'			'ISS-0001'

# absent fields and values the type cannot compare make comparisons unknown
check 'not deadline < today'			'ISS-0001 ISS-0004 ISS-0005'
check 'deadline != 2026-07-31'			'ISS-0002 ISS-0004 ISS-0005'
check 'not deadline = 2026-07-31'		'ISS-0002 ISS-0004 ISS-0005'
check 'deadline is empty'			'ISS-0003'
check 'deadline is not empty'			'ISS-0001 ISS-0002 ISS-0004 ISS-0005 ISS-0006'
check 'not (deadline < today or visits > 5)'	'ISS-0001 ISS-0005'
check 'deadline < today or not visits > 5'	'ISS-0001 ISS-0002 ISS-0005'

# numbers compare as numbers, not as text
check 'visits > 9'				'ISS-0002'
check 'visits >= 9'				'ISS-0002 ISS-0003'
check 'visits < 3.5'				'ISS-0001 ISS-0005'
check 'amount = 12.34'				'ISS-0006'
check 'amount > 1000'				'ISS-0001'
check 'amount ~ 340'				'ISS-0006'
check 'amount ~ 1200.50'			'ISS-0001'

# following a reference, multiple references, parts
check 'unit.name = 环保局'			'ISS-0002 ISS-0006'
check 'unit.kind = 局 and status != closed'	'ISS-0001 ISS-0002 ISS-0005 ISS-0006'
check 'unit.kind is empty'			'ISS-0003'
check 'co_units = gtj'				'ISS-0003'
check 'co_units.name = 发改委'			'ISS-0001'
check 'co_units is empty'			'ISS-0002 ISS-0004 ISS-0005 ISS-0006'
check 'not co_units = hbj'			'ISS-0003'
check 'log.action = urge'			'ISS-0001'
check 'log.action = assign and log.date < 2026-06-01'	'ISS-0001'
check 'not log.action = urge'			'ISS-0003'
check 'log.date is empty'			'ISS-0002 ISS-0004 ISS-0005 ISS-0006'
check 'log.note ~ 国土局'			'ISS-0001'

# contains: short words by a scan, longer ones through the trigram index
check 'description ~ 征地'			'ISS-0001'
check 'description ~ 用工'			'ISS-0003 ISS-0005'
check 'description ~ 基本农田调整'		'ISS-0001'
check 'description ~ 农田调整，需报'		''
check 'description ~ "800 万元"'		'ISS-0003'
check 'description ~ "bank loan"'		''
check 'description ~ Bank'			'ISS-0003'
check 'title ~ 项目 and not description ~ 征地'	'ISS-0003'
check 'not description ~ 用工'			'ISS-0001 ISS-0002'

# a bare word naming a field is that field; quoted, it is text
check 'deadline >= deadline'			'ISS-0001 ISS-0002 ISS-0004 ISS-0005'
check 'title = "title"'				''
check 'unit = "gtj"'				'ISS-0001 ISS-0005'

test_expect_success 'today is TZ_TODAY' '
	(cd r && TZ_TODAY=2026-07-10 tz query issue "deadline < today" --fields id --no-header) >out &&
	printf "ISS-0002\nISS-0004\nISS-0005\n" >expect &&
	test_cmp expect out
'

# err EXPR PLACE FMT [ARG...]: the expression is refused with the message
# FMT (in the language of the run) at PLACE; exit 2
err () {
	expr=$1 place=$2 &&
	shift 2 &&
	want=$(tz_finding "$place" error "$@") &&
	test_expect_success "error: $expr" '
		echo "$want" >expect &&
		(cd r && test_expect_code 2 tz query issue "$expr" >../out 2>../err) &&
		test_must_be_empty out &&
		test_cmp expect err
	'
}

err 'stauts = open'		query:1:1 'unknown field "%s" (did you mean "%s"?)' stauts status
err 'status = opne'		query:1:10 '"%s" is not a value of %s (did you mean "%s"?)' opne status open
err 'status = open and'		query:1:18 'expected a field name at the end'
err 'deadline < 2026-13-01'	query:1:12 '"%s" is not a date (YYYY-MM-DD or today±N), and %s is a date' 2026-13-01 deadline
err 'visits > many'		query:1:10 '"%s" is not a number, and %s is a number' many visits
err 'unit.nmae = 环保局'		query:1:6 'unknown field "%s" (did you mean "%s"?)' nmae name
err 'log = x'			query:1:1 '"%s" is a part: name one of its fields, as in %s.%s' log log date
err '(status = open'		query:1:1 'unclosed "("'
err 'title ~ "abc'		query:1:9 'unterminated string'
err '单位 = 环保局'		query:1:1 'unknown field "%s"' 单位

test_done
