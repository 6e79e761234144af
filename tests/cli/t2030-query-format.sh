#!/bin/sh
test_description='tz query: tables aligned by display width, TSV, CSV (RFC 4180) and JSON'
. ./lib-tz.sh
. "$SHARNESS_TEST_SRCDIR/lib-query.sh"

test_expect_success 'setup' '
	query_repo r &&
	cat >r/records/issues/ISS-0007.ini <<-\EOF
	[issue]
	title = 含逗号, "引号" 和 tab	的标题
	status = open
	unit = fgw
	description = 第一行
	  second line \ with a backslash
	EOF
'

test_expect_success 'table: CJK characters take two columns, numbers align right' '
	(cd r && tz query issue "visits > 0" --fields id,unit.name,status,visits,amount --format table) >out &&
	cat >expect <<-\EOF &&
	id        unit.name  status  visits   amount
	ISS-0001  国土局     办理中       3  1200.50
	ISS-0002  环保局     待办        10
	ISS-0003  发改委     已办结       9      800
	ISS-0005  国土局     待办         1
	EOF
	test_cmp expect out
'

test_expect_success 'table: line breaks and tabs inside values do not break the layout' '
	(cd r && tz query issue "unit = fgw" --fields id,title,description --format table) >out &&
	cat >expect <<-\EOF &&
	id        title                         description
	ISS-0003  技改项目融资难                Bank loan of 800 万元 delayed; 用工 shortage too
	ISS-0007  含逗号, "引号" 和 tab 的标题  第一行↵second line \ with a backslash
	EOF
	test_cmp expect out
'

test_expect_success 'TSV escapes tab, newline and backslash' '
	(cd r && tz query issue "unit = fgw and title ~ tab" --fields id,title,description --format tsv) >out &&
	printf "id\ttitle\tdescription\nISS-0007\t含逗号, \"引号\" 和 tab\\\\t的标题\t第一行\\\\nsecond line \\\\\\\\ with a backslash\n" >expect &&
	test_cmp expect out
'

test_expect_success 'TSV is the default in a pipe' '
	(cd r && tz query issue "unit = fgw and title ~ tab" --fields id,title,description) >out2 &&
	test_cmp out out2
'

test_expect_success 'CSV follows RFC 4180: CRLF, quotes doubled, fields with separators quoted' '
	(cd r && tz query issue "unit = fgw" --fields id,title,description,visits --format csv) >out &&
	printf "id,title,description,visits\r\nISS-0003,技改项目融资难,Bank loan of 800 万元 delayed; 用工 shortage too,9\r\nISS-0007,\"含逗号, \"\"引号\"\" 和 tab\t的标题\",\"第一行\nsecond line \\\\ with a backslash\",\r\n" >expect &&
	test_cmp expect out
'

test_expect_success 'CSV with --bom starts with a UTF-8 byte order mark' '
	(cd r && tz query issue "status = closed" --fields id --format csv --bom) >out &&
	printf "\357\273\277id\r\nISS-0004\r\n" >expect &&
	test_cmp expect out
'

test_expect_success 'JSON is an array of objects a JSON parser reads back' '
	(cd r && tz query issue --fields id,title,description,visits,amount,co_units --format json) >out &&
	perl -MJSON::PP -e "
		local \$/; my \$rows = JSON::PP->new->utf8->decode(<STDIN>);
		binmode STDOUT, q(:utf8);
		for my \$r (@\$rows) {
			print join(q(|), map { defined \$r->{\$_} ? \$r->{\$_} : q(null) }
				qw(id title visits amount co_units)), qq(\n);
		}
		print \$rows->[5]{description}, qq(\n);
	" <out >decoded &&
	cat >expect <<-\EOF &&
	ISS-0001|蓝思新材料项目一期用地未落实|3|1200.5|hbj, fgw
	ISS-0002|排污许可证办理滞后|10|null|null
	ISS-0003|技改项目融资难|9|800|gtj
	ISS-0004|园区道路施工影响企业运输|null|null|null
	ISS-0005|用工短缺|1|null|null
	ISS-0007|含逗号, "引号" 和 tab	的标题|null|null|null
	第一行
	second line \ with a backslash
	EOF
	test_cmp expect decoded
'

test_expect_success 'JSON writes numbers as numbers, and decimals as the file has them' '
	(cd r && tz query issue "visits > 2" --fields id,visits,amount --format json) >out &&
	cat >expect <<-\EOF &&
	[
	{"id": "ISS-0001", "visits": 3, "amount": 1200.50},
	{"id": "ISS-0002", "visits": 10, "amount": null},
	{"id": "ISS-0003", "visits": 9, "amount": 800}
	]
	EOF
	test_cmp expect out
'

test_expect_success 'JSON and CSV show enum values, not labels' '
	(cd r && tz query issue "status = 已销号" --fields id,status --format json) >out &&
	cat >expect <<-\EOF &&
	[
	{"id": "ISS-0004", "status": "closed"}
	]
	EOF
	test_cmp expect out
'

test_expect_success 'JSON of no records is an empty array (exit 1)' '
	(cd r && test_expect_code 1 tz query issue "status = closed and unit = gtj" --format json) >out &&
	echo "[]" >expect &&
	test_cmp expect out
'

test_done
