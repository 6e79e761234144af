#!/bin/sh
test_description='tz report --format xlsx: read back by openpyxl, its figures equal the JSON'
. ./lib-tz.sh

if /usr/bin/python3 -c "import openpyxl" 2>/dev/null
then
	test_set_prereq OPENPYXL
else
	say "python3-openpyxl is missing: the workbook is not read back (.ci/deps check installs it)"
fi

test_expect_success 'setup' '
	tz init --example ex >out 2>err &&
	(cd ex && tz report --as-of 2026-06-30 --format xlsx -o ../简报.xlsx) &&
	(cd ex && tz report --as-of 2026-06-30 --format json >../r.json) &&
	test -s 简报.xlsx
'

test_expect_success 'xlsx needs -o' '
	(cd ex && test_expect_code 2 tz report --format xlsx >../out 2>../err) &&
	test_must_be_empty out &&
	{
		echo "tz report: $(tz_msg "--format xlsx needs -o FILE")" &&
		tz_try_help "tz report"
	} >expect &&
	test_cmp expect err
'

test_expect_success 'one sheet per section and a chart of the unit ranking' '
	/usr/bin/python3 - <<-\EOF
	import zipfile
	z = zipfile.ZipFile("简报.xlsx")
	names = z.namelist()
	assert "xl/charts/chart1.xml" in names, names
	assert sum(n.startswith("xl/worksheets/sheet") for n in names) == 8, names
	EOF
'

test_expect_success OPENPYXL 'openpyxl reads the totals and the ranking back as the JSON has them' '
	/usr/bin/python3 - <<-\EOF
	import json, openpyxl
	r = json.load(open("r.json"))
	wb = openpyxl.load_workbook("简报.xlsx")
	assert wb.sheetnames == ["总体情况", "逾期临期", "单位排名", "按类别", "按工程", "按来源", "项目企业", "本期变化"], wb.sheetnames
	ov = dict((row[0], row[1]) for row in wb["总体情况"].iter_rows(min_row=2, values_only=True))
	t = r["totals"]
	for label, key in (("责任单位", "units"), ("帮促重点项目", "projects"), ("帮扶企业", "enterprises"),
	                   ("问题总数", "issues"), ("项目问题", "project_issues"), ("企业问题", "enterprise_issues"),
	                   ("未办结", "open"), ("其中已办结", "resolved"), ("其中已销号", "closed"),
	                   ("逾期未办结", "overdue"), ("本期新增", "new_in_period"), ("本期办结", "resolved_in_period")):
	    assert ov[label] == t[key], (label, ov[label], t[key])
	assert abs(ov["办结率"] - r["rates"]["resolution"]) < 5e-5, ov["办结率"]
	assert abs(ov["按时办结率"] - r["rates"]["on_time"]) < 5e-5, ov["按时办结率"]
	rows = list(wb["单位排名"].iter_rows(min_row=2, values_only=True))
	assert len(rows) == len(r["units"]), (len(rows), len(r["units"]))
	for row, u in zip(rows, r["units"]):
	    assert (row[0], row[1], row[2], row[3], row[6], row[10]) == \
	           (u["rank"], u["name"], u["issues"], u["open"], u["overdue"], u["score"]), (row, u)
	od = list(wb["逾期临期"].iter_rows(min_row=2, values_only=True))
	assert [x[0] for x in od if x[4] == "逾期"] == [o["id"] for o in r["overdue"]]
	assert [x[5] for x in od if x[4] == "逾期"] == [o["workdays_overdue"] for o in r["overdue"]]
	EOF
'

test_done
