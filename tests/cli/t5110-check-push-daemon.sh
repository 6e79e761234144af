#!/bin/sh
test_description='tz check-push over the git protocol: git daemon --enable=receive-pack'
. ./lib-tz.sh
. "$SHARNESS_TEST_SRCDIR/lib-push.sh"

P1=records/issues/2026/ISS-2026-9001.ini
P4=records/issues/2026/ISS-2026-9004.ini

# a free port, different for each run
port=$((20000 + $$ % 20000))

test_expect_success 'setup: a server behind git daemon' '
	push_server server.git &&
	git daemon --enable=receive-pack --export-all --base-path="$PWD" --reuseaddr \
		--listen=127.0.0.1 --port=$port --pid-file="$PWD/daemon.pid" --detach &&
	for i in 1 2 3 4 5 6 7 8 9 10
	do
		git ls-remote "git://127.0.0.1:$port/server.git" >/dev/null 2>&1 && break
		sleep 0.2
	done &&
	unit_clone gtj gtj "git://127.0.0.1:$port/server.git"
'

test_expect_success 'an allowed push goes in' '
	entry gtj/$P1 004 progress note=已上报 &&
	git -C gtj commit -q -am progress &&
	git -C gtj push -q origin main &&
	git -C server.git rev-parse main >actual &&
	git -C gtj rev-parse main >expect &&
	test_cmp expect actual
'

test_expect_success 'a forbidden push is refused with its reasons, the server byte-identical' '
	sed -i "s/^status = resolved/status = closed\nverified_on = 2026-06-21\nverified_by = 国土局/" gtj/$P4 &&
	entry gtj/$P4 005 verify to_status=closed &&
	git -C gtj commit -q -am verify &&
	server_state server.git >before &&
	test_must_fail git -C gtj push origin main >out 2>&1 &&
	server_state server.git >after &&
	test_cmp before after &&
	tz_finding $P4:44 error "%spolicy: %s may not %s" "commit X: " "\"gtj@example.gov.cn\"" \
		"$(tz_msg "take action \"%s\" (%s)" verify 销号)" >expect &&
	sed -n "s|^remote: \($P4:.*[^ ]\) *\$|\1|p" out | sed "s/commit [0-9a-f]*:/commit X:/" >reasons &&
	test_cmp expect reasons &&
	grep "pre-receive hook declined" out
'

test_expect_success 'stop the daemon' '
	kill "$(cat daemon.pid)"
'

test_done
