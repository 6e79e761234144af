#!/bin/sh
test_description='tz report: text aligned by display width, md, csv with --section and --bom, and its errors'
. ./lib-tz.sh

test_expect_success 'setup' '
	tz init --example ex >out 2>err &&
	(cd ex && tz report --as-of 2026-06-30 --format json >../r.json)
'

test_expect_success 'text: every heading, and each table aligned by display width' '
	(cd ex && tz report --as-of 2026-06-30 >../r.txt) &&
	for h in 一、总体情况 二、逾期/临期问题 三、责任单位排名 四、分类统计 五、重点项目与帮扶企业 六、本期变化
	do
		grep -q "^$h" r.txt || return 1
	done &&
	python3 - <<-\EOF
	import unicodedata
	def width(s):
	    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
	lines = open("r.txt").read().split("\n")
	start = lines.index("三、责任单位排名") + 1
	table = []
	for l in lines[start:]:
	    if not l:
	        break
	    for mark in ("  ●红", "  ●黄"):
	        if l.endswith(mark):
	            l = l[:-len(mark)]
	    table.append(l)
	widths = set(width(l) for l in table)
	assert len(table) > 40 and len(widths) == 1, (len(table), widths)
	EOF
'

test_expect_success 'md: headings and tables' '
	(cd ex && tz report --as-of 2026-06-30 --format md >../r.md) &&
	grep -q "^## 三、责任单位排名$" r.md &&
	grep -q "^| 排名 | 责任单位 | 问题数 |" r.md &&
	grep -q "^| ---: | --- | ---: |" r.md
'

test_expect_success 'csv --section units --bom: a BOM, labels as headers, one row per unit' '
	(cd ex && tz report --as-of 2026-06-30 --format csv --section units --bom >../units.csv) &&
	printf "\357\273\277排名,责任单位,问题数,未办结,已办结,已销号,逾期,办结率,按时办结率,督办问责,考核得分\r\n" >expect &&
	head -n 1 units.csv >head &&
	test_cmp expect head &&
	python3 -c "import json; print(len(json.load(open(\"r.json\"))[\"units\"]) + 1)" >expect &&
	wc -l <units.csv | tr -d " " >out &&
	test_cmp expect out
'

test_expect_success 'csv without --section: every table after its heading' '
	(cd ex && tz report --as-of 2026-06-30 --format csv >../all.csv) &&
	grep -c "^[一二三四五六]、" all.csv >out &&
	echo 8 >expect &&
	test_cmp expect out
'

test_expect_success 'an unknown --section is refused with the names' '
	(cd ex && test_expect_code 2 tz report --format csv --section ranking >../out 2>../err) &&
	{
		echo "tz report: $(tz_msg "--section %s: no such table (%s)" ranking \
			"overview, overdue, units, category, program, source, subjects, changes")" &&
		tz_try_help "tz report"
	} >expect &&
	test_cmp expect err &&
	test_must_be_empty out
'

test_expect_success 'a date before the first commit' '
	(cd ex && test_expect_code 2 tz report --as-of 2025-12-31 >../out 2>../err) &&
	echo "tz report: $(tz_msg "--as-of %s: no commit is dated on or before that day" 2025-12-31)" >expect &&
	test_cmp expect err
'

test_expect_success 'bad dates and periods are usage errors' '
	(cd ex && test_expect_code 2 tz report --as-of 2026-02-30 2>../err) &&
	head -n 1 err >out &&
	echo "tz report: $(tz_msg "--as-of needs a date (YYYY-MM-DD), not \"%s\"" 2026-02-30)" >expect &&
	test_cmp expect out &&
	(cd ex && test_expect_code 2 tz report --period 2026-06-30..2026-06-01 2>../err) &&
	head -n 1 err >out &&
	echo "tz report: $(tz_msg "--period needs FROM..TO, two dates in order, not \"%s\"" 2026-06-30..2026-06-01)" >expect &&
	test_cmp expect out &&
	(cd ex && test_expect_code 2 tz report --period 2026-06-01..2026-06-30 --number 3 2>../err) &&
	head -n 1 err >out &&
	echo "tz report: $(tz_msg "--period and --number both name the period: give one")" >expect &&
	test_cmp expect out
'

test_expect_success 'an unknown unit' '
	(cd ex && test_expect_code 2 tz report --unit nosuch >../out 2>../err) &&
	echo "tz report: $(tz_msg "no unit \"%s\"" nosuch)" >expect &&
	test_cmp expect err
'

test_expect_success 'a bad setting is reported with its line' '
	cp -R ex bad &&
	printf "[report]\nstart = 2026-13-01\ncolour = red\n" >bad/schema/report.ini &&
	(cd bad && test_expect_code 2 tz report >../out 2>../err) &&
	{
		tz_finding schema/report.ini:2 error "start: \"%s\" is not a date (YYYY-MM-DD)" 2026-13-01 &&
		tz_finding schema/report.ini:3 error "%s: unknown key \"%s\" (keys: %s)" report colour \
			"title, issuer, start, escalations"
	} >expect &&
	test_cmp expect err
'

test_expect_success 'the assessment rule is the one assessment.ini declares' '
	cp -R ex w &&
	printf "[weights]\nresolution = 100\non_time = 0\n[deductions]\noverdue = 0\n" >w/schema/assessment.ini &&
	(cd w && tz report --as-of 2026-06-30 --format json >../w.json) &&
	python3 - <<-\EOF
	import json
	for u in json.load(open("w.json"))["units"]:
	    want = round(100 * (1 if u["resolution_rate"] is None else u["resolution_rate"]), 2)
	    assert abs(u["score"] - want) < 0.006, u
	EOF
'

test_expect_success '-o into a FIFO (as /dev/null or /dev/stdout) writes it and leaves it a FIFO' '
	mkfifo pipe &&
	{ cat pipe >piped & } &&
	(cd ex && tz report --as-of 2026-06-30 -o ../pipe) &&
	wait &&
	test -p pipe &&
	test_cmp r.txt piped &&
	mkfifo xpipe &&
	{ cat xpipe >xpiped & } &&
	(cd ex && tz report --as-of 2026-06-30 --format xlsx -o ../xpipe) &&
	wait &&
	test -p xpipe &&
	/usr/bin/python3 -c "import zipfile, sys; print(zipfile.ZipFile(sys.argv[1]).testzip(), \"xl/workbook.xml\" in zipfile.ZipFile(sys.argv[1]).namelist())" xpiped >zip &&
	echo "None True" >expect &&
	test_cmp expect zip
'

test_expect_success '-o through a symbolic link writes the file it names and keeps the link' '
	mkdir outdir &&
	ln -s outdir/b.md link.md &&
	(cd ex && tz report --as-of 2026-06-30 --format md -o ../link.md) &&
	test -h link.md &&
	test -f outdir/b.md &&
	grep -q "^## 一、总体情况" outdir/b.md
'

test_expect_success '-o to a folder is refused and the folder kept' '
	(cd ex && test_expect_code 2 tz report -o ../outdir >../stdout 2>../err) &&
	echo "tz report: $(tz_msg "cannot write %s: %s" ../outdir "$(tz_libc "Is a directory")")" >expect &&
	test_cmp expect err &&
	test -d outdir
'

test_done
