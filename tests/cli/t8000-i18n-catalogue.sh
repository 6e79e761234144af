#!/bin/sh
test_description='every message is in the Chinese catalogue, and the language follows the locale'
. ./lib-tz.sh

test_expect_success 'xgettext finds no message missing from po/zh_CN.po' '
	make -s -C "$TZ_SRC" pot >/dev/null &&
	msgcmp "$TZ_SRC/po/zh_CN.po" "$TZ_SRC/build/taizhang.pot" || {
		echo "# a message is new or changed: run make update-po, translate it in po/zh_CN.po"
		echo "# (msgattrib --untranslated po/zh_CN.po lists them), then make zh-man"
		false
	}
'

test_expect_success 'every message of po/zh_CN.po is translated, none fuzzy' '
	LC_ALL=C.UTF-8 msgfmt --check --statistics -o /dev/null "$TZ_SRC/po/zh_CN.po" 2>stats &&
	grep "^[0-9]* translated messages\.$" stats
'

test_expect_success 'no message function is given a literal left out of the catalogue' '
	make -s -C "$TZ_SRC" unmarked >/dev/null &&
	# each msgid on one line, then those with a word in them
	awk "/^msgid /{id=substr(\$0, 7); more=1; next} more && /^\"/{id=id \$0; next} more{print id; more=0}" \
		"$TZ_SRC/build/unmarked.pot" >ids &&
	# conversions (%zu) are no words; an expression is named "query:1:"
	# like a file
	sed "s/%[-+ #0-9.*]*[hlz]*[a-zA-Z]//g" ids | grep "[A-Za-z][a-z]" |
		grep -v "^\"fatal: out of memory\|^\"query:1:" >unmarked
	test_must_be_empty unmarked || {
		echo "# a message is printed without _(): mark it, then make update-po"
		false
	}
'

test_expect_success 'the catalogue is built where the tests find it' '
	test -f "$TZ_LOCALEDIR/zh_CN/LC_MESSAGES/taizhang.mo"
'

test_expect_success 'under zh_CN.UTF-8 the messages are Chinese' '
	test_expect_code 2 env LC_ALL=zh_CN.UTF-8 tz-validate --no-such-option 2>err &&
	tail -n 1 err >actual &&
	echo "运行“tz validate --help”查看更多信息。" >expect &&
	test_cmp expect actual
'

test_expect_success 'an uninstalled bin/ finds build/locale beside it without TZ_LOCALEDIR' '
	test_expect_code 2 env -u TZ_LOCALEDIR LC_ALL=zh_CN.UTF-8 "$TZ_SRC/bin/tz-validate" --no-such-option 2>err &&
	tail -n 1 err >actual &&
	echo "运行“tz validate --help”查看更多信息。" >expect &&
	test_cmp expect actual &&
	env -u TZ_LOCALEDIR LC_ALL=zh_CN.UTF-8 "$TZ_SRC/bin/tz" help >out &&
	sed -n 3p out >actual &&
	echo "台账（taizhang）把一项工作的记录作为 INI 文件保存在 git 中。" >expect &&
	test_cmp expect actual
'

test_expect_success 'under C.UTF-8 and en_US they stay English' '
	echo "Try '"'"'tz validate --help'"'"' for more information." >expect &&
	test_expect_code 2 env LC_ALL=C.UTF-8 tz-validate --no-such-option 2>err &&
	tail -n 1 err >actual &&
	test_cmp expect actual &&
	test_expect_code 2 env LC_ALL= LANG=en_US.UTF-8 tz-validate --no-such-option 2>err &&
	tail -n 1 err >actual &&
	test_cmp expect actual
'

test_expect_success 'LANGUAGE picks the catalogue as in every GNU program' '
	test_expect_code 2 env LC_ALL= LANG=zh_CN.UTF-8 LANGUAGE=en tz-validate --no-such-option 2>err &&
	tail -n 1 err >actual &&
	echo "Try '"'"'tz validate --help'"'"' for more information." >expect &&
	test_cmp expect actual
'

test_done
