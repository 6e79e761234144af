#!/bin/sh
test_description='tz set edits in place byte for byte: comments, CRLF, BOM, continuation lines, odd order'
. ./lib-tz.sh
. "$SHARNESS_TEST_SRCDIR/lib-write.sh"

U=r/records/units/tst.ini

test_expect_success 'setup' '
	tz_write_repo r
'

test_expect_success 'comments, blank lines and an odd order stay; a new field goes by schema order' '
	cat >$U <<-\EOF &&
	; 测试单位
	[unit]
	# 负责人
	leader = 局长
	kind = bureau

	name = 测试局
	; 电话待补
	EOF
	(cd r && tz set tst phone=0731-1234567 leader=书记) &&
	cat >expect <<-\EOF &&
	; 测试单位
	[unit]
	# 负责人
	leader = 书记
	kind = bureau

	name = 测试局
	phone = 0731-1234567
	; 电话待补
	EOF
	test_cmp expect $U
'

test_expect_success 'a field the order puts first goes before the first key' '
	(cd r && tz set tst short_name=测试) &&
	cat >expect <<-\EOF &&
	; 测试单位
	[unit]
	# 负责人
	leader = 书记
	kind = bureau

	name = 测试局
	short_name = 测试
	phone = 0731-1234567
	; 电话待补
	EOF
	test_cmp expect $U &&
	printf "[unit]\nkind = bureau\n" >$U &&
	(cd r && tz set tst name=测试局) &&
	printf "[unit]\nname = 测试局\nkind = bureau\n" >expect &&
	test_cmp expect $U
'

test_expect_success 'CRLF line ends stay CRLF, new lines too' '
	printf "[unit]\r\nname = 测试局\r\n; 注\r\nkind = bureau\r\n" >$U &&
	(cd r && tz set tst kind=party phone=0731-1234567) &&
	printf "[unit]\r\nname = 测试局\r\n; 注\r\nkind = party\r\nphone = 0731-1234567\r\n" >expect &&
	test_cmp expect $U
'

test_expect_success 'a BOM stays' '
	printf "\357\273\277[unit]\nname = 测试局\nkind = bureau\n" >$U &&
	(cd r && tz set tst name=测试二局) &&
	printf "\357\273\277[unit]\nname = 测试二局\nkind = bureau\n" >expect &&
	test_cmp expect $U
'

test_expect_success 'continuation lines: other fields keep theirs, a changed one gets new ones' '
	printf "[unit]\nname = 测试局\nleader = 局长\n    兼书记\n; 内注\n    兼主任\nkind = bureau\nshort_name = 测\n  试\n" >$U &&
	(cd r && tz set tst kind=party) &&
	printf "[unit]\nname = 测试局\nleader = 局长\n    兼书记\n; 内注\n    兼主任\nkind = party\nshort_name = 测\n  试\n" >expect &&
	test_cmp expect $U &&
	(cd r && tz set tst "leader=书记
兼局长") &&
	printf "[unit]\nname = 测试局\nleader = 书记\n    兼局长\nkind = party\nshort_name = 测\n  试\n" >expect &&
	test_cmp expect $U &&
	(cd r && tz set tst leader=书记) &&
	printf "[unit]\nname = 测试局\nleader = 书记\nkind = party\nshort_name = 测\n  试\n" >expect &&
	test_cmp expect $U
'

test_expect_success 'FIELD= removes a field with its continuation lines, not the comment after it' '
	printf "[unit]\nname = 测试局\nkind = party\nleader = 书记\n  兼局长\n; 电话\nphone = 0731-1234567\n" >$U &&
	(cd r && tz set tst leader=) &&
	printf "[unit]\nname = 测试局\nkind = party\n; 电话\nphone = 0731-1234567\n" >expect &&
	test_cmp expect $U
'

test_expect_success 'key=value without spaces keeps its spelling; no newline at the end stays so' '
	printf "[unit]\nname=测试局\nkind=bureau" >$U &&
	(cd r && tz set tst kind=soe) &&
	printf "[unit]\nname=测试局\nkind=soe" >expect &&
	test_cmp expect $U
'

test_expect_success 'labels: a field by its label, an enum value by its label' '
	printf "[unit]\nname = 测试局\nkind = bureau\n" >$U &&
	(cd r && tz set tst 单位类型=党群部门) &&
	printf "[unit]\nname = 测试局\nkind = party\n" >expect &&
	test_cmp expect $U
'

test_expect_success 'an invalid result writes nothing' '
	cp $U before &&
	tz_finding records/units/tst.ini:2 error "%s: \"%s\" is also used by %s" \
		"$(tz_named 单位名称 name)" 市财政局 records/units/czj.ini >expect &&
	(cd r && test_expect_code 1 tz set tst name=市财政局 >../out 2>../err) &&
	test_cmp expect out &&
	tz_msgn "%s: nothing written: the result would have %zu error\n" \
		"%s: nothing written: the result would have %zu errors\n" 1 "tz set" 1 >expect &&
	test_cmp expect err &&
	test_cmp before $U
'

test_expect_success 'a value that cannot be written is refused' '
	(cd r && test_expect_code 1 tz set tst "leader=a

b" 2>../err) &&
	echo "tz set: $(tz_msg "%s: a value may not have a blank line" leader)" >expect &&
	test_cmp expect err &&
	test_cmp before $U
'

test_expect_success 'the mode is kept; a symbolic link is refused' '
	chmod 640 $U &&
	(cd r && tz set tst phone=0731-7654321) &&
	stat -c %a $U >mode &&
	echo 640 >expect &&
	test_cmp expect mode &&
	mv $U r/real.ini &&
	ln -s ../../real.ini $U &&
	(cd r && test_expect_code 1 tz set tst kind=soe 2>../err) &&
	{
		echo "tz set: $(tz_msgn "%zu file below records/ is not indexed (see tz validate): %s" \
			"%zu files below records/ are not indexed (see tz validate): %s" 1 1 \
			"records/units/tst.ini: $(tz_msg "symbolic link (never followed)")")" &&
		echo "tz set: $(tz_msg "%s is a symbolic link: tz never writes through one" records/units/tst.ini)"
	} >expect &&
	test_cmp expect err &&
	rm $U && mv r/real.ini $U
'

test_expect_success 'unknown fields and records' '
	(cd r && test_expect_code 2 tz set tst nmae=x 2>../err) &&
	echo "tz set: $(tz_msg "%s has no field \"%s\" (did you mean \"%s\"?)" unit nmae name)" >expect &&
	test_cmp expect err &&
	(cd r && test_expect_code 1 tz set nosuch name=x 2>../err) &&
	echo "tz set: $(tz_msg "no record \"%s\"" nosuch)" >expect &&
	test_cmp expect err &&
	(cd r && test_expect_code 2 tz set tst 2>../err) &&
	(cd r && test_expect_code 2 tz set tst name 2>../err) &&
	head -n 1 err >actual &&
	echo "tz set: $(tz_msg "\"%s\" is not FIELD=VALUE, FIELD= or FIELD+=VALUE" name)" >expect &&
	test_cmp expect actual
'

test_expect_success 'names: title, short_name or ID write the ID; an ambiguous name lists the candidates' '
	E=r/records/enterprises/ENT-0001.ini &&
	for v in 林业局 市林业局 lyj
	do
		(cd r && tz set ENT-0001 unit=$v) &&
		grep "^unit = lyj$" $E || return 1
	done &&
	printf "[unit]\nname = 县林业局\nshort_name = 林业局\nkind = bureau\n" >r/records/units/xlyj.ini &&
	(cd r && test_expect_code 1 tz set ENT-0001 unit=林业局 2>../err) &&
	echo "tz set: $(tz_msgn "%s: \"%s\" matches %zu %s: %s" "%s: \"%s\" matches %zu %ss: %s" 2 \
		unit 林业局 2 unit "lyj (市林业局), xlyj (县林业局)")" >expect &&
	test_cmp expect err
'

test_expect_success 'append-only entries never change' '
	(cd r && tz new issue title=问题 subject_type=enterprise enterprise=ENT-0001 category=other \
		priority=normal unit=gtj description=描述 --date 2026-03-02 >/dev/null 2>&1) &&
	(cd r && test_expect_code 1 tz set ISS-2026-0001 log.001.note=改 2>../err) &&
	echo "tz set: $(tz_msg "%.*s: part %s is append-only: its entries never change" 7 log.001 log)" >expect &&
	test_cmp expect err
'

test_done
