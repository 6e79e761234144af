#!/bin/sh
test_description='tz validate: encoding, size, NUL, symlinks, where files sit, IDs'
. ./lib-tz.sh
. "$SHARNESS_TEST_SRCDIR/lib-validate.sh"
test_expect_success 'setup' '
	tz_test_repo r &&
	(cd r && tz validate)
'

test_expect_success 'invalid UTF-8 is reported with its line; the rest is still checked' '
	printf "[issue]\ntitle = \\344\\270\\255\\344\\270\nstatus = opne\nunit = gtj\nresolution = caf\\351 \\300\\257\n" \
		>r/records/issues/ISS-0002.ini &&
	{
		tz_finding records/issues/ISS-0002.ini:2 error "invalid UTF-8 (byte %zu of the line)" 12 &&
		tz_field_finding records/issues/ISS-0002.ini:3 error status "\"%s\" is not one of %s (did you mean \"%s\"?)" opne "$statuses" open &&
		tz_finding records/issues/ISS-0002.ini:5 error "invalid UTF-8 (byte %zu of the line)" 17
	} >expect &&
	(cd r && test_expect_code 1 tz validate >../out 2>../err) &&
	test_cmp expect out &&
	tz_summary 3 0 1 >expect-err &&
	test_cmp expect-err err
'

test_expect_success 'invalid UTF-8 in json output is still valid JSON' '
	(cd r && test_expect_code 1 tz validate --format json >../out 2>/dev/null) &&
	python3 -m json.tool out >/dev/null
'

test_expect_success 'overlong forms and surrogates are invalid UTF-8' '
	printf "[issue]\ntitle = \\300\\257\nstatus = open\nunit = gtj\nresolution = \\355\\240\\200\n" \
		>r/records/issues/ISS-0002.ini &&
	{
		tz_finding records/issues/ISS-0002.ini:2 error "invalid UTF-8 (byte %zu of the line)" 9 &&
		tz_finding records/issues/ISS-0002.ini:5 error "invalid UTF-8 (byte %zu of the line)" 14
	} >expect &&
	(cd r && test_expect_code 1 tz validate >../out 2>/dev/null) &&
	test_cmp expect out
'

test_expect_success 'a file in GBK, not UTF-8: one finding, the rest read converted' '
	printf "[issue]\ntitle = \\326\\320\\316\\304\nstatus = open\nunit = gtj\n" \
		>r/records/issues/ISS-0002.ini &&
	tz_finding records/issues/ISS-0002.ini:2 error "the file seems to be GBK/GB18030; save it as UTF-8 (iconv -f GB18030 -t UTF-8)" >expect &&
	(cd r && test_expect_code 1 tz validate >../out 2>/dev/null) &&
	test_cmp expect out
'

test_expect_success 'a BOM and CRLF line ends are accepted' '
	printf "\\357\\273\\277[issue]\r\ntitle = 带BOM的文件\r\nstatus = open\r\nunit = gtj\r\n" \
		>r/records/issues/ISS-0002.ini &&
	(cd r && tz validate >../out 2>/dev/null) &&
	test_must_be_empty out
'

test_expect_success 'a file over 1 MiB is not read' '
	{
		printf "[issue]\ntitle = 大文件\nstatus = open\nunit = gtj\nresolution = " &&
		head -c 1048576 /dev/zero | tr "\\0" "x" &&
		echo
	} >r/records/issues/ISS-0002.ini &&
	size=$(wc -c <r/records/issues/ISS-0002.ini) &&
	tz_finding records/issues/ISS-0002.ini:1 error "file is larger than 1 MiB (%zu bytes)" "$size" >expect &&
	(cd r && test_expect_code 1 tz validate >../out 2>../err) &&
	test_cmp expect out &&
	tz_summary 1 0 1 >expect-err &&
	test_cmp expect-err err
'

test_expect_success 'a file of exactly 1 MiB is read' '
	printf "[issue]\ntitle = 大文件\nstatus = open\nunit = gtj\nresolution = " >head &&
	{
		cat head &&
		head -c $((1048576 - $(wc -c <head) - 1)) /dev/zero | tr "\\0" "x" &&
		echo
	} >r/records/issues/ISS-0002.ini &&
	test $(wc -c <r/records/issues/ISS-0002.ini) = 1048576 &&
	(cd r && tz validate >../out 2>/dev/null) &&
	test_must_be_empty out
'

test_expect_success 'a NUL byte: one finding at its line, the file not read further' '
	printf "[issue]\ntitle = x\nstatus = opne\nunit = \\000gtj\nbogus = 1\n" >r/records/issues/ISS-0002.ini &&
	tz_finding records/issues/ISS-0002.ini:4 error "NUL byte in file (not read further)" >expect &&
	(cd r && test_expect_code 1 tz validate >../out 2>/dev/null) &&
	test_cmp expect out
'

test_expect_success 'a file in UTF-16 (NUL bytes)' '
	printf "\\377\\376[\\000i\\000s\\000" >r/records/issues/ISS-0002.ini &&
	tz_finding records/issues/ISS-0002.ini:1 error "NUL byte in file (not read further)" >expect &&
	(cd r && test_expect_code 1 tz validate >../out 2>/dev/null) &&
	test_cmp expect out &&
	rm r/records/issues/ISS-0002.ini
'

test_expect_success 'a symbolic link to a record is an error, never followed' '
	ln -s ISS-0001.ini r/records/issues/ISS-0002.ini &&
	tz_finding records/issues/ISS-0002.ini:1 error "symbolic link (never followed)" >expect &&
	(cd r && test_expect_code 1 tz validate >../out 2>/dev/null) &&
	test_cmp expect out
'

test_expect_success 'a symbolic link to a file outside the repository is never read' '
	rm r/records/issues/ISS-0002.ini &&
	printf "[issue]\ntitle = secret\nstatus = bogus\n" >outside.ini &&
	ln -s "$(pwd)/outside.ini" r/records/issues/ISS-0002.ini &&
	tz_finding records/issues/ISS-0002.ini:1 error "symbolic link (never followed)" >expect &&
	(cd r && test_expect_code 1 tz validate >../out 2>/dev/null) &&
	test_cmp expect out
'

test_expect_success 'a dangling symbolic link is an error too' '
	rm r/records/issues/ISS-0002.ini &&
	ln -s nowhere.ini r/records/issues/ISS-0002.ini &&
	(cd r && test_expect_code 1 tz validate >../out 2>/dev/null) &&
	test_cmp expect out &&
	rm r/records/issues/ISS-0002.ini
'

test_expect_success 'a symbolic link to a folder is an error, never followed' '
	mkdir -p elsewhere &&
	printf "[issue]\ntitle = x\nstatus = bogus\nunit = gtj\n" >elsewhere/ISS-0009.ini &&
	ln -s "$(pwd)/elsewhere" r/records/issues/2026 &&
	ln -s ../units r/records/issues/units &&
	{
		tz_finding records/issues/2026:1 error "symbolic link (never followed)" &&
		tz_finding records/issues/units:1 error "symbolic link (never followed)"
	} >expect &&
	(cd r && test_expect_code 1 tz validate >../out 2>../err) &&
	test_cmp expect out &&
	tz_summary 2 0 2 >expect-err &&
	test_cmp expect-err err
'

test_expect_success 'records/ itself a symbolic link is an error' '
	rm r/records/issues/2026 r/records/issues/units &&
	mv r/records real-records &&
	test_when_finished "rm r/records && mv real-records r/records" &&
	ln -s ../real-records r/records &&
	tz_finding records:1 error "symbolic link (never followed)" >expect &&
	(cd r && test_expect_code 1 tz validate >../out 2>/dev/null) &&
	test_cmp expect out
'

test_expect_success 'a symbolic link in schema/ is an error, never followed' '
	cp r/schema/unit.ini unit-copy.ini &&
	test_when_finished "rm r/schema/extra.ini" &&
	ln -s ../../unit-copy.ini r/schema/extra.ini &&
	tz_finding schema/extra.ini:1 error "symbolic link (never followed)" >expect &&
	(cd r && test_expect_code 1 tz validate >../out 2>/dev/null) &&
	test_cmp expect out
'

test_expect_success 'symbolic links are reported in a committed revision too' '
	(cd r && git add -A && git commit -q -m base) &&
	ln -s ISS-0001.ini r/records/issues/ISS-0002.ini &&
	(cd r && git add -A && git commit -q -m link) &&
	tz_finding records/issues/ISS-0002.ini:1 error "symbolic link (never followed)" >expect &&
	(cd r && test_expect_code 1 tz validate --rev HEAD >../out 2>/dev/null) &&
	test_cmp expect out &&
	(cd r && git rm -q records/issues/ISS-0002.ini && git commit -q -m unlink)
'

test_expect_success 'a file outside any type'"'"'s directory is an error' '
	echo "# 说明" >r/records/README.md &&
	mkdir r/records/projects &&
	printf "[project]\nname = x\n" >r/records/projects/PRJ-0001.ini &&
	printf "[issue]\ntitle = x\nstatus = open\nunit = gtj\n" >r/records/ISS-0005.ini &&
	test_when_finished "rm -r r/records/README.md r/records/projects r/records/ISS-0005.ini" &&
	{
		tz_finding records/ISS-0005.ini:1 error "not in the directory of any record type (%s)" "records/issues/, records/units/" &&
		tz_finding records/README.md:1 error "not in the directory of any record type (%s)" "records/issues/, records/units/" &&
		tz_finding records/projects/PRJ-0001.ini:1 error "not in the directory of any record type (%s)" "records/issues/, records/units/"
	} >expect &&
	(cd r && test_expect_code 1 tz validate >../out 2>../err) &&
	test_cmp expect out &&
	tz_summary 3 0 3 >expect-err &&
	test_cmp expect-err err
'

test_expect_success 'a folder named like a type but elsewhere is outside too' '
	mkdir -p r/records/old/issues &&
	printf "[issue]\ntitle = x\nstatus = open\nunit = gtj\n" >r/records/old/issues/ISS-0006.ini &&
	test_when_finished "rm -r r/records/old" &&
	tz_finding records/old/issues/ISS-0006.ini:1 error "not in the directory of any record type (%s)" "records/issues/, records/units/" >expect &&
	(cd r && test_expect_code 1 tz validate >../out 2>/dev/null) &&
	test_cmp expect out
'

test_expect_success 'a file that is not .ini in a type'"'"'s directory is an error' '
	echo notes >r/records/issues/notes.txt &&
	echo "[issue]" >r/records/issues/ISS-0007.INI &&
	echo "[issue]" >r/records/issues/ISS-0008.ini~ &&
	test_when_finished "rm r/records/issues/notes.txt r/records/issues/ISS-0007.INI r/records/issues/ISS-0008.ini~" &&
	{
		tz_finding records/issues/ISS-0007.INI:1 error "not a record: record files end in .ini" &&
		tz_finding "records/issues/ISS-0008.ini~:1" error "not a record: record files end in .ini" &&
		tz_finding records/issues/notes.txt:1 error "not a record: record files end in .ini"
	} >expect &&
	(cd r && test_expect_code 1 tz validate >../out 2>/dev/null) &&
	test_cmp expect out
'

test_expect_success 'an ID with a space or ".." is an error, whatever the pattern' '
	test_when_finished "rm -f r/records/units/a* r/records/units/国土.ini && write_schema r" &&
	cat >r/schema/unit.ini <<-\EOF &&
	[type]
	name = unit
	dir = units
	id = .+
	[field.name]
	type = text
	EOF
	printf "[unit]\nname = a\n" >"r/records/units/a b.ini" &&
	printf "[unit]\nname = b\n" >"r/records/units/a..b.ini" &&
	printf "[unit]\nname = c\n" >"r/records/units/国土.ini" &&
	printf "[unit]\nname = d\n" >"r/records/units/a;b.ini" &&
	{
		tz_finding "records/units/a b.ini:1" error "ID \"%s\" may only have A-Z a-z 0-9 . _ - (and no \"..\")" "a b" &&
		tz_finding records/units/a..b.ini:1 error "ID \"%s\" may only have A-Z a-z 0-9 . _ - (and no \"..\")" a..b &&
		tz_finding "records/units/a;b.ini:1" error "ID \"%s\" may only have A-Z a-z 0-9 . _ - (and no \"..\")" "a;b" &&
		tz_finding records/units/国土.ini:1 error "ID \"%s\" may only have A-Z a-z 0-9 . _ - (and no \"..\")" 国土
	} >expect &&
	(cd r && test_expect_code 1 tz validate >../out 2>/dev/null) &&
	test_cmp expect out
'

test_expect_success 'an ID that does not match the type'"'"'s pattern' '
	printf "[issue]\ntitle = x\nstatus = open\nunit = gtj\n" >r/records/issues/ISS-02.ini &&
	printf "[issue]\ntitle = x\nstatus = open\nunit = gtj\n" >r/records/issues/iss-0002.ini &&
	printf "[unit]\nname = 太长\n" >r/records/units/abcdefghi.ini &&
	test_when_finished "rm r/records/issues/ISS-02.ini r/records/issues/iss-0002.ini r/records/units/abcdefghi.ini" &&
	{
		tz_finding records/issues/ISS-02.ini:1 error "ID \"%s\" does not match the %s ID pattern \"%s\"" ISS-02 issue "ISS-[0-9]{4}" &&
		tz_finding records/issues/iss-0002.ini:1 error "ID \"%s\" does not match the %s ID pattern \"%s\"" iss-0002 issue "ISS-[0-9]{4}" &&
		tz_finding records/units/abcdefghi.ini:1 error "ID \"%s\" does not match the %s ID pattern \"%s\"" abcdefghi unit "[a-z]{2,8}"
	} >expect &&
	(cd r && test_expect_code 1 tz validate >../out 2>/dev/null) &&
	test_cmp expect out
'

test_expect_success 'files and folders whose names start with "." are ignored' '
	touch r/records/issues/.gitkeep r/records/.gitattributes &&
	echo "garbage" >r/records/issues/.ISS-0002.ini.swp &&
	mkdir -p r/records/issues/.trash r/records/.cache &&
	echo "[issue]" >r/records/issues/.trash/ISS-0003.ini &&
	echo "junk" >r/records/.cache/x &&
	(cd r && tz validate >../out 2>../err) &&
	test_must_be_empty out &&
	tz_summary_clean 3 2 >expect-err &&
	test_cmp expect-err err
'

test_expect_success 'a FIFO in records/ is not a regular file' '
	mkfifo r/records/issues/ISS-0004.ini &&
	test_when_finished "rm r/records/issues/ISS-0004.ini" &&
	tz_finding records/issues/ISS-0004.ini:1 error "not a regular file" >expect &&
	(cd r && test_expect_code 1 tz validate >../out 2>/dev/null) &&
	test_cmp expect out
'

test_done
