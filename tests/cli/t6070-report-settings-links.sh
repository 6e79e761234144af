#!/bin/sh
test_description='a link or a special file in place of the briefing'"'"'s settings is a finding

schema/calendar.ini, schema/report.ini and schema/assessment.ini given as a
symbolic link (never followed, as everywhere in a records repository) or as
anything but a regular file are reported with their file and line, as other
bad settings are: tz validate and tz commit say so and exit 1, tz report
says so and exits 2, instead of failing on a file it cannot open.'
. ./lib-tz.sh

test_expect_success 'setup: the bundled campaign is valid' '
	tz init --example ex >out 2>err &&
	(cd ex && tz validate -q)
'

for f in calendar.ini report.ini assessment.ini
do
	test_expect_success "$f as a symbolic link: tz validate reports it, twice the same" '
		mv ex/schema/'$f' ex/'$f' &&
		ln -s ../'$f' ex/schema/'$f' &&
		echo "schema/'$f':1: error: symbolic link (never followed)" >expect &&
		echo "1 error, 0 warnings in 1 file" >expect-err &&
		(cd ex && test_expect_code 1 tz validate >../out 2>../err) &&
		test_cmp expect out &&
		test_cmp expect-err err &&
		(cd ex && test_expect_code 1 tz validate >../out 2>../err) &&
		test_cmp expect out &&
		test_cmp expect-err err
	'

	test_expect_success "$f as a symbolic link: tz report says so and writes nothing" '
		(cd ex && test_expect_code 2 tz report --format json >../out 2>../err) &&
		test_must_be_empty out &&
		test_cmp expect err
	'

	test_expect_success "$f as a symbolic link: tz commit refuses it" '
		git -C ex rev-parse HEAD >before &&
		(cd ex && test_expect_code 1 tz commit -q -m "link the settings" >../out 2>../err) &&
		test_cmp expect out &&
		echo "tz commit: refused: 1 error; nothing was committed" >expect-err &&
		test_cmp expect-err err &&
		git -C ex rev-parse HEAD >after &&
		test_cmp before after &&
		rm ex/schema/'$f' &&
		mv ex/'$f' ex/schema/'$f' &&
		(cd ex && tz validate -q)
	'
done

# not_regular FILE MAKE: put what MAKE (mkdir, mkfifo) makes in place of
# ex/schema/FILE; tz validate and tz report say it is not a regular file
# (without opening it: a FIFO would block); then restore FILE
not_regular () {
	mv ex/schema/$1 $1 &&
	$2 ex/schema/$1 &&
	echo "schema/$1:1: error: not a regular file" >expect &&
	(cd ex && test_expect_code 1 tz validate >../out 2>/dev/null) &&
	test_cmp expect out &&
	(cd ex && test_expect_code 2 tz report --format json >../out 2>../err) &&
	test_must_be_empty out &&
	test_cmp expect err &&
	rm -r ex/schema/$1 &&
	mv $1 ex/schema/$1 &&
	(cd ex && tz validate -q)
}

test_expect_success 'a folder in place of report.ini is not a regular file' '
	not_regular report.ini mkdir
'

test_expect_success 'a FIFO in place of calendar.ini is not a regular file, and never opened' '
	not_regular calendar.ini mkfifo
'

test_expect_success 'a committed link is reported from the commit: tz validate --rev, tz report in a bare clone' '
	(
		cd ex &&
		rm schema/assessment.ini &&
		ln -s /etc/passwd schema/assessment.ini &&
		git add schema/assessment.ini &&
		git commit -q --no-verify -m "link the assessment"
	) &&
	echo "schema/assessment.ini:1: error: symbolic link (never followed)" >expect &&
	(cd ex && test_expect_code 1 tz validate --rev HEAD >../out 2>/dev/null) &&
	test_cmp expect out &&
	git clone -q --bare ex bare.git &&
	test_expect_code 2 tz -C bare.git report --format json >out 2>err &&
	test_must_be_empty out &&
	test_cmp expect err
'

test_done
