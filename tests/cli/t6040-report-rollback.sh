#!/bin/sh
test_description='tz report --as-of: the records rolled back through history equal that commit'"'"'s tree

The report streams the problems from the index and rolls back only those
that later commits changed. With a changed working tree it reads the
commit'"'"'s own tree instead; both must give the same briefing, byte for byte.'
. ./lib-tz.sh

TZ_TODAY=2026-07-10
export TZ_TODAY

test_expect_success 'setup: the bundled campaign, then a commit that deletes one problem and withdraws another' '
	tz init --example ex >out 2>err &&
	(
		cd ex &&
		gone=$(find records/issues -name "*.ini" | sort | sed -n 3p) &&
		changed=$(find records/issues -name "*.ini" | sort | sed -n 10p) &&
		git rm -q "$gone" &&
		sed -i "s/^status = .*/status = withdrawn/" "$changed" &&
		printf "\n[log.099]\ndate = 2026-07-03\nactor = 两帮两促办公室\naction = urge\n" >>"$changed" &&
		GIT_AUTHOR_DATE=2026-07-05T10:00:00+08:00 GIT_COMMITTER_DATE=2026-07-05T10:00:00+08:00 \
			git commit -q -a -m "delete one problem, withdraw another"
	)
'

# report DATE OUT [ARGS]: the full JSON as of DATE
report () {
	d=$1 out=$2 &&
	shift 2 &&
	(cd ex && tz report --as-of "$d" --format json "$@" >"../$out")
}

for d in 2026-01-06 2026-02-15 2026-03-31 2026-04-30 2026-06-15 2026-06-30 2026-07-04 2026-07-06
do
	test_expect_success "as of $d: rolled back equals the commit's tree, for the half-month and for the year" '
		report $d rolled-$d.json &&
		report $d rolled-year-$d.json --period 2026-01-01..$d &&
		report $d rolled-fgj-$d.json --unit fgj &&
		echo "; the working tree differs from HEAD" >>ex/records/units/fgj.ini &&
		report $d tree-$d.json &&
		report $d tree-year-$d.json --period 2026-01-01..$d &&
		report $d tree-fgj-$d.json --unit fgj &&
		(cd ex && git checkout -q records/units/fgj.ini) &&
		test_cmp tree-$d.json rolled-$d.json &&
		test_cmp tree-year-$d.json rolled-year-$d.json &&
		test_cmp tree-fgj-$d.json rolled-fgj-$d.json
	'
done

test_expect_success 'the later commit counts only after its day: one problem fewer, one more withdrawn' '
	grep -o "\"issues\":[0-9]*,\"project_issues\":[0-9]*" rolled-2026-07-04.json >before &&
	grep -o "\"issues\":[0-9]*,\"project_issues\":[0-9]*" rolled-2026-07-06.json >after &&
	echo "\"issues\":177,\"project_issues\":54" >expect &&
	test_cmp expect before &&
	echo "\"issues\":176,\"project_issues\":53" >expect &&
	test_cmp expect after &&
	grep -o "\"withdrawn\":[0-9]*" rolled-2026-07-04.json | head -n 1 >before &&
	grep -o "\"withdrawn\":[0-9]*" rolled-2026-07-06.json | head -n 1 >after &&
	echo "\"withdrawn\":2" >expect &&
	test_cmp expect before &&
	echo "\"withdrawn\":3" >expect &&
	test_cmp expect after
'

test_done
