#!/bin/sh
test_description='tz init --example: the bundled campaign with its half-year as history'
. ./lib-tz.sh

# rev_on DATE: the last commit of the example on or before DATE (+0800)
rev_on () {
	git -C ex rev-list -1 --before="$1 23:59:59 +0800" HEAD
}

test_expect_success 'init --example makes the ledger and says what it replayed' '
	tz init --example ex >out &&
	logs=$(cat "$TZ_SRC"/records/issues/*/*.ini | grep -c "^\[log\.") &&
	months=$(cat "$TZ_SRC"/records/projects/*.ini | grep -c "^\[month\.") &&
	visits=$(ls "$TZ_SRC"/records/visits/*.ini | wc -l) &&
	starts=$(cat "$TZ_SRC"/records/projects/*.ini | grep -c "^actual_\(start\|end\) = 2026-\(0[2-9]\|01-0[7-9]\|01-[123]\)") &&
	records=$(find "$TZ_SRC"/records -name "*.ini" | wc -l) &&
	types=$(grep -l "^\[type\]" "$TZ_SRC"/schema/*.ini | wc -l) &&
	{
		tz_msg "Initialized records repository in %s/ with %zu record types:" "$PWD/ex" $types &&
		echo " $(sed -n "s/^name = //p" $(grep -l "^\[type\]" "$TZ_SRC"/schema/*.ini) | tr "\n" " " | sed "s/ $//")" &&
		tz_msg "Replayed %zu records as %zu commits, %s to %s\n" $records $((1 + logs + months + visits + starts)) 2026-01-06 2026-06-30
	} >expect &&
	test_cmp expect out &&
	git -C ex rev-list HEAD | wc -l >count &&
	echo $((1 + logs + months + visits + starts)) >expect &&
	test_cmp expect count
'

test_expect_success 'the work tree is the bundled campaign, checked out and clean' '
	git -C ex status --porcelain >status &&
	test_must_be_empty status &&
	diff -r "$TZ_SRC/records" ex/records &&
	for f in "$TZ_SRC"/schema/*.ini
	do
		test_cmp "$f" "ex/schema/$(basename "$f")" || return 1
	done
'

test_expect_success 'the same commit IDs every time, whatever the clock, zone or place' '
	(TZ=America/New_York LC_ALL=C && export TZ LC_ALL && mkdir -p elsewhere && cd elsewhere && tz init --example ex2 >/dev/null) &&
	git -C ex rev-parse HEAD >one &&
	git -C elsewhere/ex2 rev-parse HEAD >two &&
	test_cmp one two &&
	git -C ex rev-list --reverse HEAD | head -n 1 >first &&
	git -C elsewhere/ex2 rev-list --reverse HEAD | head -n 1 >first2 &&
	test_cmp first first2
'

test_expect_success 'the example validates, now and in the middle of the half-year' '
	(cd ex && tz validate) 2>err &&
	types=$(grep -l "^\[type\]" "$TZ_SRC"/schema/*.ini | wc -l) &&
	tz_summary_clean $(find "$TZ_SRC"/records -name "*.ini" | wc -l) $types >expect &&
	test_cmp expect err &&
	march=$(rev_on 2026-03-31) &&
	first=$(git -C ex rev-list --reverse HEAD | head -n 1) &&
	tz -C ex validate --rev "$march" 2>err &&
	tz_summary_clean 271 $types >expect &&
	test_cmp expect err &&
	tz -C ex validate --rev "$first" 2>err &&
	tz_summary_clean 171 $types >expect &&
	test_cmp expect err
'

test_expect_success 'the first commit holds the schema and the organisation, by the office' '
	first=$(git -C ex rev-list --reverse HEAD | head -n 1) &&
	git -C ex show -s --format="%an <%ae> %ad %s" --date=iso "$first" >out &&
	echo "两帮两促办公室 <lbb@example.gov.cn> 2026-01-06 08:30:00 +0800 建立台账：41个帮扶企业、7个工作组、16个联点领导、5个工程、39个重点项目、63个单位" >expect &&
	test_cmp expect out &&
	git -C ex ls-tree -r --name-only "$first" >files &&
	! grep "^records/issues/" files &&
	! grep "^records/visits/" files &&
	grep "^schema/issue.ini$" files
'

test_expect_success 'tz log on every issue: one commit per log entry, dated as the entry, by its actor' '
	for u in ex/records/units/*.ini
	do
		printf "%s\t%s\n" "$(sed -n "s/^short_name = //p" "$u")" "$(basename "$u" .ini)" || return 1
	done >units &&
	cat >entries.awk <<-\EOF &&
	# DATE<TAB>AUTHOR per log entry: the actor, or the office when the
	# actor is another unit than the one the problem is assigned to (the
	# policy lets a unit write only its own problems)
	BEGIN { FS = " = " }
	FNR == NR { split($0, f, "\t"); id[f[1]] = f[2]; next }
	/^unit = / && !unit { unit = $2 }
	/^date = / { d = $2 }
	/^actor = / {
		a = $2
		if (a != "两帮两促办公室" && id[a] != unit)
			a = "两帮两促办公室"
		print d "\t" a
	}
	EOF
	for f in ex/records/issues/2026/*.ini
	do
		id=$(basename "$f" .ini) &&
		awk -f entries.awk units "$f" >expect &&
		(cd ex && tz log "$id" --format tsv) | sed 1d | cut -f1-3 | sort -u |
			sort -k1,1 -s | cut -f1,2 | sed "s/ [0-9:]*\t/\t/" >actual &&
		test_cmp expect actual || return 1
	done
'

test_expect_success 'each unit commits as its short name and its address in the policy' '
	git -C ex log --format="%an <%ae>" -- records/issues/2026/ISS-2026-0001.ini | sort -u >out &&
	cat >expect <<-\EOF &&
	两帮两促办公室 <lbb@example.gov.cn>
	食药监局 <spj@example.gov.cn>
	EOF
	test_cmp expect out &&
	grep -A4 "^\[member.spj\]" ex/schema/policy.ini | grep "^people = spj@example.gov.cn"
'

test_expect_success 'what the policy does not let a unit write, the office writes for it' '
	git -C ex log --format="%an|%s" -- records/issues/2026/ISS-2026-0056.ini >out &&
	grep "^两帮两促办公室|ISS-2026-0056 进展：公安局抽调22名干警" out &&
	grep "^征拆办|ISS-2026-0056 签收" out
'

test_expect_success 'fields appear when the action that fills them is taken' '
	rev=$(git -C ex log --format=%H -n 1 --grep="^ISS-2026-0001 交办" HEAD) &&
	git -C ex show "$rev:records/issues/2026/ISS-2026-0001.ini" >at-assign &&
	grep "^status = assigned$" at-assign &&
	grep "^assigned_on = 2026-01-07$" at-assign &&
	grep "^deadline = 2026-02-25$" at-assign &&
	! grep "^accepted_on\|^resolved_on\|^resolution\|^verified" at-assign &&
	grep -c "^\[log\." at-assign >n &&
	echo 2 >expect && test_cmp expect n
'

test_expect_success 'a deadline follows its extensions' '
	f=records/issues/2026/ISS-2026-0106.ini &&
	grep "^action = extend" "ex/$f" &&
	git -C ex show "$(rev_on 2026-06-09):$f" >before &&
	git -C ex show "$(rev_on 2026-06-10):$f" >after &&
	sed -n "s/^original_deadline = //p" "ex/$f" >orig &&
	sed -n "s/^deadline = //p" before >was &&
	test_cmp orig was &&
	sed -n "s/^deadline = //p" after >now &&
	sed -n "s/^new_deadline = //p" "ex/$f" >expect &&
	test_cmp expect now
'

test_expect_success 'a project reports each month, and starts in March' '
	git -C ex log --format="%ad %an %s" --date=short -- records/projects/PRJ-0026.ini >out &&
	cat >expect <<-\EOF &&
	2026-06-30 工业新城 PRJ-0026 2026-06 月度投资：市长调研后剩余200亩征收提速，签约累计360亩
	2026-05-29 工业新城 PRJ-0026 2026-05 月度投资：一期1号厂房主体施工
	2026-04-30 工业新城 PRJ-0026 2026-04 月度投资：一期厂房桩基施工，用地累计完成300亩
	2026-03-31 工业新城 PRJ-0026 2026-03 月度投资：首批280亩完成场平，一期厂房开工
	2026-03-18 两帮两促办公室 PRJ-0026 实际开工日期 2026-03-18
	2026-02-27 工业新城 PRJ-0026 2026-02 月度投资：春节后征收签约168亩
	2026-01-30 工业新城 PRJ-0026 2026-01 月度投资：一期用地征收启动，完成地上附着物清点
	2026-01-06 两帮两促办公室 建立台账：41个帮扶企业、7个工作组、16个联点领导、5个工程、39个重点项目、63个单位
	EOF
	test_cmp expect out &&
	git -C ex show "$(rev_on 2026-03-17):records/projects/PRJ-0026.ini" >march &&
	grep "^stage = preliminary$" march &&
	! grep "^actual_start" march &&
	grep "^progress = 春节后征收签约168亩$" march
'

test_expect_success 'tz blame and tz diff show the half-year' '
	(cd ex && tz blame PRJ-0026 --format tsv) >blame &&
	grep "^stage	construction	[0-9a-f]*	两帮两促办公室	2026-03-18 " blame &&
	tz -C ex diff "$(rev_on 2026-05-31)" "$(rev_on 2026-06-01)" --format tsv >diff &&
	grep "^ISS-2026-0164	status	状态		in_progress$" diff
'

test_expect_success 'a visit is a commit on its date by the office' '
	git -C ex log --format="%ad %an %s" --date=short -- records/visits/VIS-2026-018.ini >out &&
	echo "2026-05-31 两帮两促办公室 VIS-2026-018 市委书记调研林农企业" >expect &&
	test_cmp expect out
'

test_expect_success 'init --example refuses a repository that has commits' '
	git init -q old &&
	(cd old && echo hello >README && git add README && git commit -q -m first) &&
	test_expect_code 2 tz init --example old 2>err &&
	echo "tz init: $(tz_msg "%s already has commits: --example needs a new repository" old)" >expect &&
	test_cmp expect err &&
	! test -e old/schema
'

test_expect_success 'init --example needs a campaign beside the schema' '
	mkdir -p alone/schema &&
	cp "$TZ_SRC"/schema/*.ini alone/schema/ &&
	test_expect_code 2 tz init --example --schema alone/schema new 2>err &&
	echo "tz init: $(tz_msg "no campaign at %s" alone/schema/../records)" >expect &&
	test_cmp expect err &&
	! test -e new
'

test_done
