#!/bin/sh
test_description='tz init makes a records repository with the default schema'
. ./lib-tz.sh

test_expect_success 'init a new directory' '
	tz init new >out &&
	test -d new/.git &&
	test -f new/schema/issue.ini &&
	test -f new/records/issues/.gitkeep &&
	test -f new/records/units/.gitkeep &&
	types=$(grep -l "^\[type\]" "$TZ_SRC"/schema/*.ini | wc -l) &&
	names=$(grep -l "^\[type\]" "$TZ_SRC"/schema/*.ini | sed "s|.*/||; s|\.ini\$||" | sort | tr "\n" " ") &&
	{
		tz_msg "Initialized records repository in %s/ with %zu record types:" "$(pwd)/new" $types &&
		echo " ${names% }"
	} >expect &&
	test_cmp expect out
'

test_expect_success 'the new repository validates' '
	tz -C new validate 2>err &&
	tz_summary_clean 0 $(grep -l "^\[type\]" "$TZ_SRC"/schema/*.ini | wc -l) >expect &&
	test_cmp expect err
'

test_expect_success 'init keeps an existing git repository and its history' '
	git init -q old &&
	(cd old && echo hello >README && git add README && git commit -q -m first) &&
	tz init old &&
	(cd old && git log --oneline >../log) &&
	test_line_count = 1 log &&
	test -f old/README
'

test_expect_success 'init refuses a directory that is already a records repository' '
	test_expect_code 2 tz init new 2>err &&
	echo "tz init: $(tz_msg "%s already has schema/: it is a records repository" new)" >expect &&
	test_cmp expect err
'

test_expect_success 'init --schema copies another schema' '
	mkdir myschema &&
	cp new/schema/unit.ini myschema/ &&
	tz init --schema myschema other >out &&
	ls other/schema >actual &&
	echo unit.ini >expect &&
	test_cmp expect actual
'

test_expect_success 'a missing schema directory is an environment error' '
	test_expect_code 2 tz init --schema nowhere third 2>err &&
	echo "tz init: $(tz_msg "no schema at %s" nowhere)" >expect &&
	test_cmp expect err
'

test_expect_success 'too many arguments' '
	test_expect_code 2 tz init a b 2>err &&
	{
		echo "tz init: $(tz_msg "too many arguments")" &&
		tz_try_help "tz init"
	} >expect &&
	test_cmp expect err
'

test_done
