#!/bin/sh
test_description='tz report: deadline moves read through the history'"'"'s index of edits

The deadline moves of a period are the history rows that change a deadline
from one date to another. They are read through history_change_edit, a
partial index of the rows that edit a value, so that a period holding the
ledger'"'"'s first commit (every record created: at 100 000 records, four
million rows) costs no scan of its creations. A history file written
before that index existed gets it when next opened.'
. ./lib-tz.sh

db=ex/.git/taizhang/index.sqlite

test_expect_success 'setup: the bundled campaign, its half-year of history indexed' '
	tz init --example ex >out 2>err &&
	(cd ex && tz report --format json >../first.json)
'

test_expect_success 'the history holds the index of edits beside the one of records' '
	sqlite3 $db "SELECT name FROM sqlite_master WHERE type = '"'"'index'"'"' AND tbl_name = '"'"'history_change'"'"' AND name NOT LIKE '"'"'sqlite_%'"'"' ORDER BY name" >indexes &&
	printf "%s\n" history_change_edit history_change_record >expect &&
	test_cmp expect indexes
'

# The moves tz log shows: deadline rows with an old and a new date, as
# "DATE,ID,OLD → NEW" in history order (oldest first).
test_expect_success 'the half-year'"'"'s deadline moves are the ones tz log shows' '
	(cd ex && tz log --format tsv) |
		awk -F "	" "\$5 == \"deadline\" && \$6 != \"\" && \$7 != \"\" { print substr(\$1, 1, 10) \",\" \$4 \",\" \$6 \" → \" \$7 }" |
		sort >expect &&
	test_line_count = 6 expect &&
	(cd ex && tz report --period 2026-01-01..2026-06-30 --format csv --section changes) >changes.csv &&
	tr -d "\r" <changes.csv | awk -F, "\$2 == \"办结时限调整\" { print \$1 \",\" \$3 \",\" \$5 }" | sort >moves &&
	test_cmp expect moves &&
	(cd ex && tz report --period 2026-01-01..2026-06-30 --format json) >year.json &&
	grep -o "\"deadline_moved\":[0-9]*" year.json >count &&
	echo "\"deadline_moved\":6" >expect &&
	test_cmp expect count
'

test_expect_success 'a history file without the index gets it back, with the same report' '
	sqlite3 $db "DROP INDEX history_change_edit" &&
	sqlite3 $db "SELECT count(*) FROM sqlite_master WHERE name = '"'"'history_change_edit'"'"'" >count &&
	echo 0 >expect &&
	test_cmp expect count &&
	(cd ex && tz report --period 2026-01-01..2026-06-30 --format json) >again.json &&
	test_cmp year.json again.json &&
	sqlite3 $db "SELECT count(*) FROM sqlite_master WHERE name = '"'"'history_change_edit'"'"'" >count &&
	echo 1 >expect &&
	test_cmp expect count
'

test_expect_success 'the index holds the edits and nothing else' '
	sqlite3 $db "SELECT seq, ord FROM history_change WHERE old IS NOT NULL AND new IS NOT NULL ORDER BY seq, ord" >all-edits &&
	sqlite3 $db "SELECT seq, ord FROM history_change INDEXED BY history_change_edit WHERE field >= '"'"''"'"' AND old IS NOT NULL AND new IS NOT NULL ORDER BY seq, ord" >indexed &&
	test_line_count -gt 100 all-edits &&
	test_cmp all-edits indexed &&
	sqlite3 $db "SELECT count(*) FROM history_change WHERE old IS NULL OR new IS NULL" >creations &&
	test $(cat creations) -gt 1000
'

test_expect_success 'tz index --rebuild keeps the index of edits' '
	tz -C ex index -q --rebuild &&
	sqlite3 $db "SELECT name FROM sqlite_master WHERE type = '"'"'index'"'"' AND tbl_name = '"'"'history_change'"'"' AND name NOT LIKE '"'"'sqlite_%'"'"' ORDER BY name" >indexes &&
	printf "%s\n" history_change_edit history_change_record >expect &&
	test_cmp expect indexes &&
	(cd ex && tz report --period 2026-01-01..2026-06-30 --format json) >rebuilt.json &&
	test_cmp year.json rebuilt.json
'

test_done
