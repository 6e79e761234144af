#!/bin/sh
test_description='the bundled campaign reads like a real ledger, not generated data

No sentence of ten or more characters appears in more than three records,
except the fixed phrases listed below with the reason the office repeats
them; titles are not templates; deadlines are spread over working days;
progress fits the kind of project.'
. ./lib-tz.sh

test_expect_success 'setup' '
	cp -R "$TZ_SRC/records" records
'

# Phrases the office really writes again and again, each with its reason.
# A sentence is one of these or it may appear in at most three records.
cat >fixed <<\EOF
市文体广电新闻出版局	the legal name of the owner (业主) of several projects, copied as registered
市城市建设投资集团有限公司	the legal name of the owner (业主) of several projects, copied as registered
经开区建设发展有限公司	the legal name of the owner (业主) of several projects, copied as registered
EOF

test_expect_success 'no sentence of 10 or more characters is in more than 3 records' '
	cat >sentences.py <<-\EOF &&
	import collections, os, re, sys
	fixed = {l.split("\t")[0] for l in open("fixed", encoding="utf-8")}
	seen = collections.defaultdict(set)
	for d, _, files in os.walk("records"):
	    for f in files:
	        path = os.path.join(d, f)
	        for line in open(path, encoding="utf-8"):
	            if line.startswith(("[", ";", "#")) or "=" not in line:
	                continue
	            for s in re.split(r"[。！？；\n]", line.split("=", 1)[1]):
	                s = s.strip()
	                if len(s) >= 10 and re.search(r"[\u4e00-\u9fff]", s) and s not in fixed:
	                    seen[s].add(path)
	bad = sorted(s for s, paths in seen.items() if len(paths) > 3)
	for s in bad:
	    print(len(seen[s]), s)
	sys.exit(1 if bad else 0)
	EOF
	python3 sentences.py >out &&
	test_must_be_empty out
'

test_expect_success 'every fixed phrase is still used, so the list stays honest' '
	cut -f1 fixed | while read -r p
	do
		grep -rlF "$p" records >used &&
		test_line_count -gt 3 used || return 1
	done
'

test_expect_success 'no two problems share a title, nor a title with the subject and numbers taken out' '
	cat >titles.py <<-\EOF &&
	import collections, glob, re, sys
	names = []
	for f in glob.glob("records/projects/*.ini") + glob.glob("records/enterprises/*.ini"):
	    for line in open(f, encoding="utf-8"):
	        if line.startswith("name = "):
	            names.append(line[7:].strip())
	names.sort(key=len, reverse=True)
	shapes = collections.Counter()
	titles = collections.Counter()
	for f in glob.glob("records/issues/*/*.ini"):
	    for line in open(f, encoding="utf-8"):
	        if line.startswith("title = "):
	            t = line[8:].strip()
	            titles[t] += 1
	            for n in names:
	                t = t.replace(n, "{S}")
	            shapes[re.sub(r"[0-9.]+", "N", t)] += 1
	bad = [t for t, n in titles.items() if n > 1] + [s for s, n in shapes.items() if n > 1]
	for b in bad:
	    print(b)
	sys.exit(1 if bad else 0)
	EOF
	python3 titles.py >out &&
	test_must_be_empty out
'

test_expect_success 'no filler carried over from the generated data' '
	! grep -r "涉及地块" records &&
	! grep -r "帮扶责任单位走访时了解到" records &&
	! grep -r "流动资金贷款.*万元到期续贷困难" records
'

# The State Council's 2026 arrangement: days off and make-up working days.
cat >calendar <<\EOF
off 2026-01-01 2026-01-02 2026-01-03 2026-02-15 2026-02-16 2026-02-17 2026-02-18
off 2026-02-19 2026-02-20 2026-02-21 2026-02-22 2026-02-23 2026-04-04 2026-04-05
off 2026-04-06 2026-05-01 2026-05-02 2026-05-03 2026-05-04 2026-05-05 2026-06-19
off 2026-06-20 2026-06-21
work 2026-01-04 2026-02-14 2026-02-28 2026-05-09
EOF

test_expect_success 'deadlines are spread as 交办 spreads them, each on a working day' '
	cat >deadlines.py <<-\EOF &&
	import collections, datetime, glob, sys
	off, work = set(), set()
	for line in open("calendar"):
	    kind, *days = line.split()
	    (off if kind == "off" else work).update(days)
	def working(d):
	    return d in work or (d not in off and datetime.date.fromisoformat(d).weekday() < 5)
	per_day = collections.Counter()
	spans = set()
	bad = []
	for f in glob.glob("records/issues/*/*.ini"):
	    rec = dict(l.rstrip("\n").split(" = ", 1) for l in open(f, encoding="utf-8") if " = " in l)
	    if "original_deadline" not in rec:
	        continue
	    d, a = rec["original_deadline"], rec["assigned_on"]
	    per_day[d] += 1
	    if not working(d):
	        bad.append("%s: deadline %s is not a working day" % (f, d))
	    n, day = 0, datetime.date.fromisoformat(a)
	    while day.isoformat() < d:
	        day += datetime.timedelta(days=1)
	        n += working(day.isoformat())
	    spans.add(n)
	busiest = per_day.most_common(1)[0]
	if busiest[1] > 6:
	    bad.append("%d deadlines on %s" % (busiest[1], busiest[0]))
	if len(per_day) < 60:
	    bad.append("only %d distinct deadlines" % len(per_day))
	if not {5, 10, 15, 20, 30} <= spans:
	    bad.append("time limits in working days: %s" % sorted(spans))
	for b in bad:
	    print(b)
	sys.exit(1 if bad else 0)
	EOF
	python3 deadlines.py >out &&
	test_must_be_empty out
'

test_expect_success 'progress phrases fit the kind of project' '
	for f in $(grep -l "^name = .*\(水库\|高速\|公路\|绿化\|农网\|路网\|南横线\)" records/projects/*.ini)
	do
		! grep "^progress = .*\(装饰装修\|砌体\|主体封顶\|主体施工至\)" "$f" || return 1
	done &&
	for f in $(grep -l "^stage = preliminary" records/projects/*.ini)
	do
		! grep "^progress = .*\(封顶\|架梁\|铺设\|竣工\)" "$f" || return 1
	done
'

test_expect_success 'units help different numbers of enterprises, not one each in turn' '
	sed -n "s/^unit = //p" records/enterprises/*.ini | sort | uniq -c | awk "{ print \$1 }" | sort -u >counts &&
	test_line_count -ge 3 counts
'

test_expect_success 'one era of unit names, with the report'"'"'s short names' '
	! grep -rh "^name = " records/units | grep "应急管理局\|自然资源\|市场监督管理局\|卫生健康\|农业农村局" &&
	for s in 政法委 宣传部 公安局 工信局 发改局 工务局 环保局 财政局 林业局 征拆办 城建投 人社局 \
		旅游局 水务局 民政局 交通局 政务服务中心 地税局
	do
		grep -lx "short_name = $s" records/units/*.ini >found &&
		test_line_count = 1 found || return 1
	done
'

test_done
