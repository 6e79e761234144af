#!/bin/sh
test_description='tz help and the man pages in Chinese'
. ./lib-tz.sh

test_expect_success 'tz help is Chinese under zh_CN.UTF-8' '
	LC_ALL=zh_CN.UTF-8 tz help >out &&
	head -n 3 out >actual &&
	cat >expect <<-\EOF &&
	用法: tz [-C DIR] [--version] [--help] COMMAND [ARGS...]

	台账（taizhang）把一项工作的记录作为 INI 文件保存在 git 中。
	EOF
	test_cmp expect actual &&
	LC_ALL=zh_CN.UTF-8 tz help validate >actual &&
	LC_ALL=zh_CN.UTF-8 tz-validate --help >expect &&
	test_cmp expect actual &&
	head -n 1 actual >first &&
	echo "用法: tz validate [-C DIR] [--rev REV] [--format text|json] [--no-cache] [PATH...]" >expect &&
	test_cmp expect first
'

test_expect_success 'every command has a Chinese man page and a translated --help' '
	for page in "$TZ_SRC"/doc/*.1
	do
		name=$(basename "$page" .1) &&
		test -f "$TZ_SRC/doc/zh_CN/$name.1" &&
		LC_ALL=zh_CN.UTF-8 "$TZ_BIN/$name" --help | head -n 1 | grep "^用法: " || {
			echo "# $name: no Chinese man page or --help"
			return 1
		}
	done
'

test_expect_success 'the Chinese and English synopses are the same command line' '
	for page in "$TZ_SRC"/doc/zh_CN/*.1
	do
		prog="$TZ_BIN/$(basename "$page" .1)" &&
		LC_ALL=C.UTF-8 "$prog" --help | sed -n "1s/^usage: //p" >en &&
		LC_ALL=zh_CN.UTF-8 "$prog" --help | sed -n "1s/^用法: //p" >zh &&
		test -s zh &&
		test_cmp en zh || return 1
	done
'

test_expect_success 'every Chinese man page is what doc/zh_CN/gen makes of the Chinese --help' '
	mkdir gen &&
	cp "$TZ_SRC/doc/zh_CN/gen" gen/ &&
	mkdir -p doc &&
	for page in "$TZ_SRC"/doc/zh_CN/*.1
	do
		cp "$TZ_SRC/doc/$(basename "$page")" doc/ || return 1
	done &&
	sed -n "s/^VERSION = /VERSION = /p" "$TZ_SRC/Makefile" >Makefile &&
	mkdir -p tree/doc/zh_CN &&
	cp -R doc/. tree/doc/ &&
	cp gen/gen tree/doc/zh_CN/gen &&
	cp Makefile tree/Makefile &&
	tree/doc/zh_CN/gen "$TZ_BIN" &&
	for page in "$TZ_SRC"/doc/zh_CN/*.1
	do
		test_cmp "$page" "tree/doc/zh_CN/$(basename "$page")" || return 1
	done
'

test_expect_success 'the Chinese man pages are valid roff with the Chinese synopsis' '
	for page in "$TZ_SRC"/doc/zh_CN/*.1
	do
		name=$(basename "$page" .1) &&
		prog="$TZ_BIN/$name" &&
		sed -n "/^\.SH 概述/,/^\.fi/p" "$page" | grep -v "^\." | head -n 1 >from-man &&
		LC_ALL=zh_CN.UTF-8 "$prog" --help | sed -n "1s/^用法: //p" >from-help &&
		test_cmp from-help from-man &&
		LC_ALL=zh_CN.UTF-8 groff -k -man -Tutf8 -ww -z "$page" 2>err &&
		test_must_be_empty err || return 1
	done
'

test_expect_success 'make install puts them under share/man/zh_CN/man1' '
	dest=$(mktemp -d /tmp/tz-install.XXXXXX) &&
	make -s -C "$TZ_SRC" install DESTDIR="$dest" PREFIX=/usr >/dev/null &&
	test -f "$dest/usr/share/man/zh_CN/man1/tz-validate.1" &&
	test -f "$dest/usr/share/man/man1/tz-validate.1" &&
	test -f "$dest/usr/share/locale/zh_CN/LC_MESSAGES/taizhang.mo" &&
	rm -rf "$dest"
'

test_done
