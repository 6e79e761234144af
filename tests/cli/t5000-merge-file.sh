#!/bin/sh
test_description='tz merge-file merges a record field by field, as a git merge driver'
. ./lib-tz.sh
. "$SHARNESS_TEST_SRCDIR/lib-audit.sh"

P=records/issues/ISS-0001.ini

test_expect_success 'setup' '
	audit_repo repo &&
	cat >base.ini <<-\EOF
	; 用地问题
	[issue]
	title = 用地未落实
	unit = gtj
	status = in_progress
	deadline = 2026-07-31

	[log.001]
	date = 2026-06-01
	action = assign
	note = 交办
	EOF
'

test_expect_success 'fields changed on different sides are both taken' '
	sed "s/^deadline = .*/deadline = 2026-08-31/" base.ini >ours.ini &&
	sed "s/^title = .*/title = 剩余用地未落实/" base.ini >theirs.ini &&
	(cd repo && tz merge-file ../base.ini ../ours.ini ../theirs.ini $P) &&
	cat >expect <<-\EOF &&
	; 用地问题
	[issue]
	title = 剩余用地未落实
	unit = gtj
	status = in_progress
	deadline = 2026-08-31

	[log.001]
	date = 2026-06-01
	action = assign
	note = 交办
	EOF
	test_cmp expect ours.ini
'

test_expect_success 'the same change on both sides is no conflict' '
	sed "s/^status = .*/status = resolved/" base.ini >ours.ini &&
	cp ours.ini theirs.ini &&
	(cd repo && tz merge-file ../base.ini ../ours.ini ../theirs.ini $P) &&
	test_cmp theirs.ini ours.ini
'

test_expect_success 'a field added and one removed by theirs' '
	cp base.ini ours.ini &&
	sed -e "/^deadline = /d" -e "s/^unit = gtj/unit = gtj\nresolved_on = 2026-06-20/" base.ini >theirs.ini &&
	(cd repo && tz merge-file ../base.ini ../ours.ini ../theirs.ini $P) &&
	sed -e "/^deadline = /d" -e "s/^unit = gtj/unit = gtj\nresolved_on = 2026-06-20/" base.ini >expect &&
	test_cmp expect ours.ini
'

test_expect_success 'one field changed to different values: markers around it only, exit 1' '
	sed "s/^status = .*/status = resolved/" base.ini >ours.ini &&
	sed "s/^status = .*/status = open/" base.ini >theirs.ini &&
	(cd repo && test_expect_code 1 tz merge-file ../base.ini ../ours.ini ../theirs.ini $P 2>../err) &&
	cat >expect <<-\EOF &&
	; 用地问题
	[issue]
	title = 用地未落实
	unit = gtj
	<<<<<<< ours
	status = resolved
	=======
	status = open
	>>>>>>> theirs
	deadline = 2026-07-31

	[log.001]
	date = 2026-06-01
	action = assign
	note = 交办
	EOF
	test_cmp expect ours.ini &&
	tz_msgn "%s: %zu conflict\n" "%s: %zu conflicts\n" 1 $P 1 >expect &&
	test_cmp expect err
'

test_expect_success 'tz validate reports the markers with file and line' '
	cp ours.ini repo/$P &&
	test_expect_code 1 tz -C repo validate -q $P >out &&
	{
		tz_finding $P:2 error "%s: %s required when %s" resolved-needs-date \
			"$(tz_named 办结日期 resolved_on)" "status in (resolved, closed)" &&
		tz_finding $P:5 error "unresolved merge conflict: \"%s\"" "<<<<<<< ours" &&
		tz_finding $P:7 error "unresolved merge conflict: \"%s\"" "=======" &&
		tz_finding $P:8 error "duplicate key \"%s\" (first at line %d)" status 6 &&
		tz_finding $P:9 error "unresolved merge conflict: \"%s\"" ">>>>>>> theirs"
	} >expect &&
	test_cmp expect out &&
	rm repo/$P
'

test_expect_success 'log entries added on both sides are all kept, renumbered by date' '
	cp base.ini ours.ini &&
	add_log ours.ini 002 2026-06-12 urge 催办 &&
	cp base.ini theirs.ini &&
	add_log theirs.ini 002 2026-06-10 progress 已报省厅 &&
	add_log theirs.ini 003 2026-06-15 progress 省厅已受理 &&
	(cd repo && tz merge-file ../base.ini ../ours.ini ../theirs.ini $P) &&
	cp base.ini expect &&
	add_log expect 002 2026-06-10 progress 已报省厅 &&
	add_log expect 003 2026-06-12 urge 催办 &&
	add_log expect 004 2026-06-15 progress 省厅已受理 &&
	test_cmp expect ours.ini
'

test_expect_success 'an entry added on one side only keeps its number' '
	cp base.ini ours.ini &&
	sed "s/^title = .*/title = 剩余用地未落实/" base.ini >theirs.ini &&
	add_log theirs.ini 002 2026-06-10 progress 已报省厅 &&
	(cd repo && tz merge-file ../base.ini ../ours.ini ../theirs.ini $P) &&
	test_cmp theirs.ini ours.ini
'

test_expect_success 'the same entry added on both sides is kept once' '
	cp base.ini ours.ini &&
	add_log ours.ini 002 2026-06-10 progress 已报省厅 &&
	cp ours.ini theirs.ini &&
	(cd repo && tz merge-file ../base.ini ../ours.ini ../theirs.ini $P) &&
	test_cmp theirs.ini ours.ini
'

test_expect_success 'CRLF in ours: lines taken from theirs get CRLF too' '
	sed "s/\$/\r/" base.ini >ours.ini &&
	sed "s/^title = .*/title = 剩余用地未落实/" base.ini >theirs.ini &&
	(cd repo && tz merge-file ../base.ini ../ours.ini ../theirs.ini $P) &&
	sed "s/^title = .*/title = 剩余用地未落实/" base.ini | sed "s/\$/\r/" >expect &&
	test_cmp expect ours.ini
'

test_expect_success 'an unreadable side is merged line by line' '
	printf "not a record\nkept\nlast\n" >b.txt &&
	printf "not a record\nkept\nlast changed\n" >o.txt &&
	printf "not a record changed\nkept\nlast\n" >t.txt &&
	(cd repo && tz merge-file ../b.txt ../o.txt ../t.txt $P) &&
	printf "not a record changed\nkept\nlast changed\n" >expect &&
	test_cmp expect o.txt &&
	printf "x\n" >o.txt &&
	printf "y\n" >t.txt &&
	(cd repo && test_expect_code 1 tz merge-file ../b.txt ../o.txt ../t.txt $P 2>../err) &&
	tz_msgn "%s: %zu conflict (merged line by line)\n" "%s: %zu conflicts (merged line by line)\n" 1 $P 1 >expect &&
	test_cmp expect err &&
	grep "^<<<<<<< ours" o.txt
'

test_expect_success 'both sides added the file (empty base)' '
	: >empty &&
	cp base.ini ours.ini &&
	sed "s/^deadline = .*/deadline = 2026-08-31/" base.ini >theirs.ini &&
	(cd repo && test_expect_code 1 tz merge-file ../empty ../ours.ini ../theirs.ini $P 2>/dev/null) &&
	grep -c "^deadline = " ours.ini >count &&
	echo 2 >expect &&
	test_cmp expect count
'

test_expect_success 'usage errors' '
	test_expect_code 2 tz merge-file a b 2>err &&
	{
		echo "tz merge-file: $(tz_msg "needs BASE, OURS, THEIRS and PATH")" &&
		tz_try_help "tz merge-file"
	} >expect &&
	test_cmp expect err &&
	test_expect_code 2 tz merge-file nosuch ours.ini theirs.ini $P 2>err &&
	echo "tz merge-file: $(tz_msg "cannot read %s: %s" nosuch "$(tz_libc "No such file or directory")")" >expect &&
	test_cmp expect err
'

test_done
