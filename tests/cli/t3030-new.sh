#!/bin/sh
test_description='tz new: the next ID, required fields by label, --edit, --template'
. ./lib-tz.sh
. "$SHARNESS_TEST_SRCDIR/lib-write.sh"

FIELDS="title=问题 subject_type=enterprise enterprise=ENT-0001 category=other priority=normal unit=gtj description=描述"

test_expect_success 'setup' '
	tz_write_repo r
'

test_expect_success 'missing required fields are named with their labels; nothing written' '
	(cd r && test_expect_code 1 tz new issue title=问题 >../out 2>../err) &&
	test_must_be_empty out &&
	echo "tz new: $(tz_msg "missing required fields: %s" \
		"对象类型 (subject_type), 问题类别 (category), 紧急程度 (priority), 主办单位 (unit), 问题描述 (description)")" >expect &&
	test_cmp expect err &&
	test_must_fail ls r/records/issues/*.ini
'

test_expect_success 'the first ID of a year; the file beside its type' '
	(cd r && tz new issue $FIELDS --date 2026-03-02 >../out 2>../err) &&
	echo ISS-2026-0001 >expect &&
	test_cmp expect out &&
	tz_msg "%s: created %s\n" "tz new" records/issues/ISS-2026-0001.ini >expect &&
	test_cmp expect err
'

test_expect_success 'a year folder takes new records; the year comes from id_date' '
	mkdir r/records/issues/2027 &&
	(cd r && tz new issue $FIELDS reported_on=2027-01-04 --date 2027-01-04 >../out 2>/dev/null) &&
	echo ISS-2027-0001 >expect &&
	test_cmp expect out &&
	test -f r/records/issues/2027/ISS-2027-0001.ini
'

test_expect_success 'numbers taken in HEAD count, even when the file is gone' '
	git -C r add -A && git -C r commit -q -m one &&
	git -C r mv records/issues/ISS-2026-0001.ini records/issues/ISS-2026-0007.ini &&
	git -C r commit -q -m seven &&
	git -C r rm -q records/issues/ISS-2026-0007.ini &&
	(cd r && tz new issue $FIELDS --date 2026-03-02 >../out 2>/dev/null) &&
	echo ISS-2026-0008 >expect &&
	test_cmp expect out
'

test_expect_success 'numbers taken on a remote-tracking branch count' '
	git clone -q r other &&
	(cd other && git rm -q records/issues/ISS-2026-0007.ini 2>/dev/null; true) &&
	cp r/records/issues/ISS-2026-0008.ini other/records/issues/ISS-2026-0042.ini &&
	(cd other && git add -A && git commit -q -m "42 elsewhere") &&
	git -C r fetch -q ../other main:refs/remotes/other/main &&
	(cd r && tz new issue $FIELDS --date 2026-03-02 >../out 2>/dev/null) &&
	echo ISS-2026-0043 >expect &&
	test_cmp expect out
'

test_expect_success 'the record is checked before it is kept' '
	(cd r && test_expect_code 1 tz new issue $FIELDS unit=nosuch --date 2026-03-02 >../out 2>../err) &&
	tz_finding records/issues/ISS-2026-0044.ini:7 error "%s: no %s \"%s\"" \
		"$(tz_named 主办单位 unit)" "$(tz_named 单位 unit)" nosuch >expect &&
	test_cmp expect out &&
	test_must_fail test -f r/records/issues/ISS-2026-0044.ini
'

test_expect_success 'a type without next_id is refused' '
	(cd r && test_expect_code 1 tz new unit name=新单位 kind=bureau 2>../err) &&
	echo "tz new: $(tz_msg "type %s declares no next_id: name the ID'"'"'s file by hand" unit)" >expect &&
	test_cmp expect err
'

test_expect_success '--edit: the editor fills the required fields' '
	cat >fill.sh <<-\EOF &&
	#!/bin/sh
	sed -i "s/^title =\$/title = 编辑器里写的/; s/^subject_type =\$/subject_type = enterprise/; s/^category =\$/category = land/; s/^priority =\$/priority = urgent/; s/^unit =\$/unit = lyj/; s/^description =\$/description = 描述/" "$1" &&
	if grep -q "^enterprise =" "$1"
	then
		sed -i "s/^enterprise =\$/enterprise = ENT-0001/" "$1"
	else
		sed -i "s/^status = registered/status = registered\nenterprise = ENT-0001/" "$1"
	fi
	EOF
	chmod +x fill.sh &&
	(cd r && EDITOR=../fill.sh tz new issue --edit --date 2026-04-01 >../out 2>/dev/null) &&
	echo ISS-2026-0044 >expect &&
	test_cmp expect out &&
	grep "^title = 编辑器里写的$" r/records/issues/ISS-2026-0044.ini
'

test_expect_success '--edit: asked again while invalid; giving up keeps nothing' '
	(cd r && echo n | EDITOR=true test_expect_code 1 tz new issue --edit --date 2026-04-01 >../out 2>../err) &&
	tail -n 1 err >actual &&
	echo "$(tz_msg "%s: edit again? [Y/n] " "tz new")tz new: $(tz_msg "gave up: nothing kept")" >expect &&
	test_cmp expect actual &&
	grep -c "$(tz_msg "%s: required field is empty" "")" err >n &&
	echo 6 >expect &&
	test_cmp expect n &&
	test_must_fail test -f r/records/issues/ISS-2026-0045.ini &&
	ls r/.git/taizhang/new >left &&
	test_must_be_empty left
'

test_expect_success '--template: every field, with its help above it' '
	(cd r && EDITOR=../fill.sh tz new issue --edit --template --date 2026-04-01 >../out 2>/dev/null) &&
	id=$(cat out) &&
	grep -B1 "^original_deadline =\$" r/records/issues/$id.ini >actual &&
	cat >expect <<-\EOF &&
	; 交办时确定，此后不再改动；延期只改 deadline，并记 extend 办理记录
	original_deadline =
	EOF
	test_cmp expect actual &&
	(cd r && tz validate)
'

test_done
