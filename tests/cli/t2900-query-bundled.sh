#!/bin/sh
test_description='tz query, show and sql on the bundled campaign agree with the files'
. ./lib-tz.sh

if python3 -c "import unicodedata" 2>/dev/null; then test_set_prereq PYTHON3; fi

test_expect_success 'setup' '
	tz_demo_repo r
'

test_expect_success 'every issue file is an issue' '
	find r/records/issues -name "*.ini" | wc -l >expect &&
	(cd r && tz query issue --count >../out 2>../err) &&
	test_cmp expect out &&
	test_must_be_empty err
'

test_expect_success 'counts per status agree with grep' '
	for s in registered assigned in_progress resolved closed rejected suspended withdrawn
	do
		grep -rlx "status = $s" r/records/issues | wc -l >expect &&
		# no match is a negative answer, exit 1, as grep does
		if test $(cat expect) -eq 0; then code=1; else code=0; fi &&
		(cd r && test_expect_code $code tz query issue "status = $s" --count >../out) &&
		test_cmp expect out || return 1
	done
'

test_expect_success '--group-by status adds up to every issue' '
	(cd r && tz query issue --group-by status --no-header) >groups &&
	awk -F "\t" "{ n += \$2 } END { print n }" groups >sum &&
	find r/records/issues -name "*.ini" | wc -l >expect &&
	test_cmp expect sum
'

test_expect_success 'a title search agrees with grep, the short word and the long one' '
	for w in 用地 贷款 审批 流动资金
	do
		grep -rl "^title = .*$w" r/records/issues | sed "s|.*/||; s|\.ini$||" | sort >expect &&
		test -s expect &&
		(cd r && tz query issue "title ~ $w" --fields id --no-header >../out) &&
		test_cmp expect out || return 1
	done
'

test_expect_success 'a followed reference agrees with tz sql' '
	unit=$(cd r && tz sql "SELECT unit FROM issue GROUP BY unit ORDER BY count(*) DESC, unit LIMIT 1" --no-header) &&
	name=$(cd r && tz sql "SELECT name FROM unit WHERE id = '"'"'$unit'"'"'" --no-header) &&
	(cd r && tz query issue "unit.name = $name" --fields id --no-header >../out) &&
	(cd r && tz query issue "unit = $unit" --fields id --no-header >../expect) &&
	test_cmp expect out &&
	test_line_count -gt 1 out
'

test_expect_success 'issue logs: some entry, and no entry' '
	(cd r && tz query issue "log.action is not empty" --count >../with) &&
	(cd r && tz query issue --count >../all) &&
	echo $(( $(cat all) - $(cat with) )) >expect &&
	if test $(cat expect) -eq 0; then code=1; else code=0; fi &&
	(cd r && test_expect_code $code tz query issue "log.action is empty" --count >../without) &&
	test_cmp expect without
'

test_expect_success 'tz show lays out an issue with its unit by name' '
	id=$(cd r && tz query issue --fields id --limit 1 --no-header) &&
	(cd r && tz show "$id" >../out) &&
	head -n 1 out | grep "^问题 $id  " &&
	grep "^主办单位  *[^ ].* ([a-z]*)$" out &&
	grep "^\[log\.001\]" out
'

test_expect_success PYTHON3 'tables line up by display width on the bundled campaign' '
	(cd r && tz query issue --fields id,title,unit.name,status,category --format table >../out) &&
	cat >aligned.py <<-\EOF &&
	# every cell of every row starts at the display column of its header
	import re, sys, unicodedata
	def width(s):
	    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
	def starts(line):
	    return [width(line[:m.start()]) for m in re.finditer(r"\S+(?: \S+)*", line)]
	lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
	bad = [l for l in lines[1:] if starts(l) != starts(lines[0])]
	print("\n".join(bad))
	sys.exit(1 if bad or len(lines) < 2 else 0)
	EOF
	python3 aligned.py out &&
	printf "id  名称\nab  x\n国土  y\n" >misaligned &&
	! python3 aligned.py misaligned
'

test_done
