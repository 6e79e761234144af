#!/bin/sh
test_description='tz report --format html: one self-contained page, read back from a real browser'"'"'s PDF'
. ./lib-tz.sh

if command -v chromium >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1
then
	test_set_prereq CHROMIUM
else
	say "chromium or pdftotext is missing: the page is not rendered (.ci/deps check installs chromium, fonts-noto-cjk, poppler-utils)"
fi

test_expect_success 'setup' '
	tz init --example ex >out 2>err &&
	(cd ex && tz report --as-of 2026-06-30 --format html -o ../简报.html) &&
	(cd ex && tz report --as-of 2026-06-30 --format json >../r.json) &&
	test -s 简报.html
'

test_expect_success 'the page fetches nothing: no script, link, image, import or URL' '
	! grep -n -i -E "<script|<link|<img|<iframe|src=|href=|url\(|@import|https?:" 简报.html
'

test_expect_success 'it has the red header, the six headings, inline SVG charts and the marks' '
	grep -q "<header class=\"masthead\">" 简报.html &&
	grep -q "第12期" 简报.html &&
	for h in 一、总体情况 二、逾期/临期问题 三、责任单位排名 四、分类统计 五、重点项目与帮扶企业 六、本期变化
	do
		grep -q "<h2>$h" 简报.html || return 1
	done &&
	test $(grep -c "<svg class=\"chart\"" 简报.html) = 2 &&
	grep -q "class=\"mark red\"" 简报.html &&
	grep -q "class=\"mark yellow\"" 简报.html &&
	grep -q "class=\"mark green\"" 简报.html &&
	grep -q "@page { size: A4" 简报.html
'

test_expect_success CHROMIUM 'headless chromium prints it; pdftotext finds the headings and the figures' '
	timeout 300 chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
		--user-data-dir="$PWD/chrome" --print-to-pdf="$PWD/简报.pdf" "file://$PWD/简报.html" >chrome.out 2>&1 &&
	pdftotext -layout 简报.pdf 简报.txt &&
	for h in 一、总体情况 二、逾期/临期问题 三、责任单位排名 四、分类统计 五、重点项目与帮扶企业 六、本期变化 第12期
	do
		grep -q "$h" 简报.txt || { echo "missing: $h"; return 1; }
	done &&
	python3 - <<-\EOF
	import json, re
	r = json.load(open("r.json"))
	text = open("简报.txt").read()
	t = r["totals"]
	# each headline figure stands next to its label in the figures block
	for label, key in (("责任单位", "units"), ("重点项目", "projects"), ("帮扶企业", "enterprises"),
	                   ("项目问题", "project_issues"), ("企业问题", "enterprise_issues"),
	                   ("逾期未办结", "overdue"), ("问题总数", "issues")):
	    if not re.search(label + r"\s+" + str(t[key]) + r"\b", text):
	        raise SystemExit("no %s %d in the PDF" % (label, t[key]))
	rate = "%.2f%%" % (r["rates"]["resolution"] * 100)
	assert rate in text, rate
	for u in r["units"][:5]:
	    assert u["name"] in text, u["name"]
	EOF
'

test_done
