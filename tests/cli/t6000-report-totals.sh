#!/bin/sh
test_description='tz report: every JSON total equals an independent tz query count of its definition'
. ./lib-tz.sh

test_expect_success 'setup: the bundled campaign with its half-year as history' '
	tz init --example ex >out 2>err &&
	test -d ex/.git
'

# count EXPR TYPE: tz query --count as of $AS_OF (exit 1 is a count of 0)
count () {
	(cd ex && tz query --as-of "$AS_OF" "$1" ${2:+"$2"} --count) || test $? = 1
}

# independent DATE FROM TO: "name value" lines from tz query, per definition
independent () {
	AS_OF=$1 &&
	{
		echo "units $( (cd ex && tz query --as-of $1 project --fields unit --no-header &&
			tz query --as-of $1 enterprise --fields unit --no-header) | sort -u | wc -l)" &&
		echo "projects $(count project)" &&
		echo "enterprises $(count enterprise)" &&
		echo "issues $(count issue)" &&
		echo "project_issues $(count issue "subject_type = project")" &&
		echo "enterprise_issues $(count issue "subject_type = enterprise")" &&
		echo "open $(count issue "not status in (resolved, closed, rejected, withdrawn)")" &&
		for s in resolved closed rejected withdrawn
		do
			echo "$s $(count issue "status = $s")" || return 1
		done &&
		echo "overdue $(count issue "status in (assigned, in_progress) and deadline < today")" &&
		echo "due_soon $(count issue "status in (assigned, in_progress) and deadline >= today and deadline <= today+3w")" &&
		echo "new_in_period $(count issue "reported_on >= $2 and reported_on <= $3")" &&
		echo "resolved_in_period $(count issue "status in (resolved, closed) and resolved_on >= $2 and resolved_on <= $3")" &&
		echo "on_time $(count issue "status in (resolved, closed) and resolved_on <= deadline")"
	}
}

# compare JSON COUNTS: every total, and the two rates from the counts
compare () {
	python3 - "$1" "$2" <<-\EOF
	import json, sys
	r = json.load(open(sys.argv[1]))
	c = dict((k, int(v)) for k, v in (l.split() for l in open(sys.argv[2])))
	bad = []
	for k, v in r["totals"].items():
	    if c[k] != v:
	        bad.append("%s: report %d, tz query %d" % (k, v, c[k]))
	done = c["resolved"] + c["closed"]
	res = done / (c["issues"] - c["rejected"] - c["withdrawn"])
	if abs(r["rates"]["resolution"] - res) > 1e-6:
	    bad.append("resolution %r != %r" % (r["rates"]["resolution"], res))
	if abs(r["rates"]["on_time"] - c["on_time"] / done) > 1e-6:
	    bad.append("on_time %r != %r" % (r["rates"]["on_time"], c["on_time"] / done))
	if len(r["overdue"]) != c["overdue"] or len(r["due_soon"]) != c["due_soon"]:
	    bad.append("lists and totals differ")
	if sum(u["issues"] for u in r["units"]) > c["issues"] or len(r["units"]) != c["units"]:
	    bad.append("units list")
	print("\n".join(bad))
	sys.exit(1 if bad else 0)
	EOF
}

test_expect_success 'as of 2026-06-30: the seed report'"'"'s counts' '
	(cd ex && tz report --as-of 2026-06-30 --format json >../r.json) &&
	python3 -c "
import json
t = json.load(open(\"r.json\"))[\"totals\"]
print(t[\"units\"], t[\"projects\"], t[\"enterprises\"], t[\"project_issues\"], t[\"enterprise_issues\"])
" >out &&
	echo "43 39 41 54 123" >expect &&
	test_cmp expect out
'

test_expect_success 'as of 2026-06-30: every total equals its tz query count' '
	independent 2026-06-30 2026-06-16 2026-06-30 >counts &&
	compare r.json counts
'

test_expect_success 'the period is 第12期, 2026-06-16 to 2026-06-30' '
	python3 -c "
import json
p = json.load(open(\"r.json\"))[\"period\"]
print(p[\"number\"], p[\"from\"], p[\"to\"])
" >out &&
	echo "12 2026-06-16 2026-06-30" >expect &&
	test_cmp expect out
'

for d in 2026-01-20 2026-03-31 2026-05-06
do
	test_expect_success "as of $d (history rolled back): every total equals its tz query count" '
		(cd ex && tz report --as-of $d --period 2026-01-01..$d --format json >../r-$d.json) &&
		independent $d 2026-01-01 $d >counts-$d &&
		compare r-$d.json counts-$d
	'
done

test_expect_success 'with a changed working tree the commit'"'"'s tree is read: same answer' '
	echo "; note" >>ex/records/units/fgj.ini &&
	(cd ex && tz report --as-of 2026-03-31 --period 2026-01-01..2026-03-31 --format json >../dirty.json) &&
	test_cmp r-2026-03-31.json dirty.json &&
	(cd ex && git checkout -q records/units/fgj.ini)
'

test_expect_success '--number N is that half-month, as of its end' '
	(cd ex && tz report --number 6 --format json >../n6.json) &&
	python3 -c "
import json
r = json.load(open(\"n6.json\"))
print(r[\"period\"][\"number\"], r[\"period\"][\"from\"], r[\"period\"][\"to\"], r[\"as_of\"])
" >out &&
	echo "6 2026-03-16 2026-03-31 2026-03-31" >expect &&
	test_cmp expect out
'

test_expect_success '--unit: one unit'"'"'s problems only' '
	(cd ex && tz report --as-of 2026-06-30 --unit fgj --format json >../fgj.json) &&
	AS_OF=2026-06-30 && count issue "unit = fgj" >expect &&
	python3 -c "
import json
print(json.load(open(\"fgj.json\"))[\"totals\"][\"issues\"])
" >out &&
	test_cmp expect out
'

test_done
