#!/bin/sh
test_description='tz commit, tz validate, tz check-push and tz audit: a record
deleted and created again continues its history; one re-created with a
rewritten log is refused'
. ./lib-tz.sh
. "$SHARNESS_TEST_SRCDIR/lib-audit.sh"

F=records/issues/ISS-0001.ini

log=$(tz_named 办理记录 log)

# reasons OUT: the remote: lines of a refused push, the pushed commit's id
# masked
reasons () {
	sed -n "s/^remote: \(.*[^ ]\) *\$/\1/p" "$1" | grep -v "^tz check-push:" |
		sed "s/commit [0-9a-f]*:/commit X:/"
}

# recreated COMMIT MSGID PART: the message of a re-created record whose last
# version is COMMIT, about log entry PART
recreated () {
	tz_msg "re-created after its deletion, against its last version (commit %s): %s" "$1" "$(tz_msg "$2" "$3" "$log")"
}

test_expect_success 'setup: a problem with two log entries, then deleted' '
	audit_repo r &&
	issue r/$F in_progress &&
	add_log r/$F 001 2026-05-04 assign 交国土局办理 &&
	add_log r/$F 002 2026-05-20 progress 已完成测绘 &&
	cp r/$F kept.ini &&
	tick && (cd r && tz commit -q -m start) &&
	git -C r rev-parse --short HEAD >last &&
	git clone -q --bare r server.git &&
	tz -C server.git hooks install --server >/dev/null &&
	git -C r remote add origin "file://$PWD/server.git" &&
	rm r/$F &&
	tick && (cd r && tz commit -q -m delete) &&
	git -C r push -q origin HEAD:main
'

test_expect_success 'created again with a rewritten log: refused' '
	issue r/$F in_progress &&
	add_log r/$F 001 2026-05-04 assign 另有安排 &&
	{
		tz_finding $F:1 error "%s" "$(recreated $(cat last) "%s: committed entry of append-only part %s was removed" log.002)" &&
		tz_finding $F:6 error "%s" "$(recreated $(cat last) "%s: committed entry of append-only part %s was changed" log.001)"
	} >expect.sorted &&
	(cd r && test_expect_code 1 tz validate >../out 2>/dev/null) &&
	test_cmp expect.sorted out &&
	(cd r && test_expect_code 1 tz commit -q -m again >../out 2>/dev/null) &&
	test_cmp expect.sorted out
'

test_expect_success 'and with a status its last version could not move to' '
	cp kept.ini r/$F &&
	set_field r/$F status closed &&
	set_field r/$F resolved_on 2026-06-01 &&
	tz_finding $F:5 error "re-created after its deletion, against its last version (commit %s): %s" $(cat last) \
		"$(tz_named 状态 status): $(tz_msg "\"%s\" cannot change to \"%s\" (allowed: %s)" in_progress closed \
			"$(tz_named 已办结 resolved), $(tz_named 待办 open)")" >expect &&
	(cd r && test_expect_code 1 tz commit -q -m again >../out 2>/dev/null) &&
	test_cmp expect out
'

test_expect_success 'created again with its history kept, and a new entry: accepted' '
	cp kept.ini r/$F &&
	add_log r/$F 003 2026-06-10 progress 恢复误删的记录 &&
	(cd r && tz validate -q && tick && tz commit -q -m restore) &&
	git -C r rev-parse --short HEAD >restored &&
	git -C r push -q origin HEAD:main
'

test_expect_success 'tz check-push refuses a re-created record with another history' '
	rm r/$F &&
	tick && git -C r commit -q -a -m delete &&
	git -C r push -q origin HEAD:main &&
	issue r/$F open gtj 另一个问题 &&
	git -C r add $F &&
	tick && git -C r commit -q -m "new problem, old ID" &&
	git -C server.git rev-parse main >server.before &&
	test_must_fail git -C r push -q origin HEAD:main >out 2>&1 &&
	reasons out >actual &&
	for part in log.001 log.002 log.003
	do
		tz_finding $F:1 error "%s%s" "commit X: " "$(recreated $(cat restored) "%s: committed entry of append-only part %s was removed" $part)" || return 1
	done >expect &&
	test_cmp expect actual &&
	git -C server.git rev-parse main >server.after &&
	test_cmp server.before server.after
'

test_expect_success 'tz audit finds it in the history' '
	(cd r && test_expect_code 1 tz audit --format tsv HEAD~2..HEAD >../out 2>/dev/null) &&
	sed 1d out | cut -f4,5 >actual &&
	printf "$F\t%s\n" 1 1 1 >expect &&
	test_cmp expect actual &&
	sed 1d out | cut -f6 >actual &&
	for part in log.001 log.002 log.003
	do
		recreated $(cat restored) "%s: committed entry of append-only part %s was removed" $part && echo || return 1
	done >expect &&
	test_cmp expect actual
'

test_expect_success 'found in a subfolder, and re-created in another one' '
	mkdir -p r/records/issues/2026 &&
	issue r/records/issues/2026/ISS-0003.ini in_progress &&
	add_log r/records/issues/2026/ISS-0003.ini 001 2026-05-04 assign 交办 &&
	tick && (cd r && tz commit -q -m "in a subfolder") &&
	git -C r rev-parse --short HEAD >last3 &&
	rm r/records/issues/2026/ISS-0003.ini &&
	tick && (cd r && tz commit -q -m "delete it") &&
	mkdir -p r/records/issues/old &&
	issue r/records/issues/old/ISS-0003.ini in_progress &&
	tz_finding records/issues/old/ISS-0003.ini:1 error "%s" "$(recreated $(cat last3) "%s: committed entry of append-only part %s was removed" log.001)" >expect &&
	(cd r && test_expect_code 1 tz commit -q -m again >../out 2>/dev/null) &&
	test_cmp expect out &&
	rm -r r/records/issues/old
'

test_expect_success 'a new record whose ID the history never had is a new record' '
	git -C r reset -q --hard HEAD~2 &&
	issue r/records/issues/ISS-0002.ini open &&
	add_log r/records/issues/ISS-0002.ini 001 2026-06-20 assign 新交办 &&
	(cd r && tz validate -q && tick && tz commit -q -m new)
'

test_done
