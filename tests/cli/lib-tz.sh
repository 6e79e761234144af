# lib-tz.sh - sourced by every CLI test: sharness, the programs under test
# on PATH, a fixed "today", and helpers that make scratch repositories.
SHARNESS_TEST_EXTENSION=sh
. /usr/share/sharness/sharness.sh

TZ_SRC=$(cd "$SHARNESS_TEST_SRCDIR/../.." && pwd)
TZ_BIN=${TZ_BIN:-$TZ_SRC/bin}
PATH="$TZ_BIN:$PATH"
# the message catalogues of the build, not installed ones
TZ_LOCALEDIR=${TZ_LOCALEDIR:-$TZ_SRC/build/locale}
export PATH TZ_SRC TZ_BIN TZ_LOCALEDIR

# The trash directories sit inside the project's own repository: never let
# git (or tz, which honours this too) find it from a scratch folder that is
# not a repository itself.
GIT_CEILING_DIRECTORIES=$SHARNESS_TEST_DIRECTORY
export GIT_CEILING_DIRECTORIES

# Reports, rules with "today" and overdue checks see the half-year's end.
TZ_TODAY=2026-06-30
export TZ_TODAY
# The language of the messages: English, or Chinese when the suite runs a
# second time with TZ_TEST_LOCALE=zh_CN.UTF-8 (make check does, for the
# files named in the Makefile's ZH_TESTS). A test states what it expects
# once, in English, and writes each message through the helpers below, which
# under the Chinese run give the catalogue's translation: the assertion then
# checks the exact Chinese bytes, and fails when a message is untranslated.
LC_ALL=${TZ_TEST_LOCALE:-C.UTF-8}
export LC_ALL
if test "$LC_ALL" = zh_CN.UTF-8
then
	test_set_prereq ZH
else
	test_set_prereq EN
fi

# tz_printf FMT [ARG...]: printf with a C format as the programs use it
# (%zu, %ld, %lld, %.*s; %1$s in a translation), without a newline.
tz_printf () {
	_fmt=$1 &&
	shift &&
	# positional conversions (%2$s) as the translation orders them
	if expr "$_fmt" : '.*%[0-9][0-9]*\$' >/dev/null
	then
		_args= _rest=$_fmt _plain=
		while _n=$(expr "$_rest" : '[^%]*%\([0-9][0-9]*\)\$')
		do
			_plain="$_plain$(expr "$_rest" : '\([^%]*%\)[0-9][0-9]*\$')" &&
			_rest=$(expr "X$_rest" : 'X[^%]*%[0-9][0-9]*\$\(.*\)') &&
			_args="$_args \"\${$_n}\""
		done
		_fmt="$_plain$_rest"
		eval "set -- $_args"
	fi
	_fmt=$(printf '%sx' "$_fmt" | sed -e 's/\\/\\\\/g' -e 's/%\(-\{0,1\}[0-9.*]*\)\(z\|ll\|l\|h\)\([dui]\)/%\1\3/g')
	printf -- "${_fmt%x}" "$@"
}

# tz_gettext [--context CTX] MSGID: the catalogue's translation of MSGID
# (written as in C: \n is a newline) under the Chinese run, MSGID itself
# under the English one. Under Chinese a message that the catalogue leaves
# in English comes back as "UNTRANSLATED: MSGID", so that the test fails.
tz_gettext () {
	if test "$1" = --context
	then
		_ctx=$2
		shift 2
	else
		_ctx=
	fi
	_id=$(printf '%bx' "$1") &&
	_id=${_id%x} &&
	if test "$LC_ALL" != zh_CN.UTF-8
	then
		printf '%s' "$_id"
		return
	fi
	_tr=$(TEXTDOMAINDIR="$TZ_LOCALEDIR" gettext ${_ctx:+--context="$_ctx"} -d taizhang -- "$_id"; echo x) &&
	_tr=${_tr%x} &&
	if test "$_tr" = "$_id" && expr "$_id" : '.*[a-z][a-z]' >/dev/null
	then
		printf 'UNTRANSLATED: %s' "$_id"
	else
		printf '%s' "$_tr"
	fi
}

# tz_msg FMT [ARG...]: the message FMT (an msgid, spelled as in the code)
# formatted with ARGs, in the language of the run, without a newline.
# tz_msgn ONE MANY N [ARG...]: the same for a plural message (NG_), N
# choosing the form (give it again among the ARGs where the format has it).
# tz_msgc CTX FMT [ARG...]: a message with a context (C_). End a line with
# echo, or use tz_line.
tz_msg () {
	_f=$(tz_gettext "$1"; echo x) &&
	shift &&
	tz_printf "${_f%x}" "$@"
}
tz_msgc () {
	_f=$(tz_gettext --context "$1" "$2"; echo x) &&
	shift 2 &&
	tz_printf "${_f%x}" "$@"
}
tz_msgn () {
	_one=$(printf '%bx' "$1") && _one=${_one%x} &&
	_many=$(printf '%bx' "$2") && _many=${_many%x} &&
	if test "$LC_ALL" = zh_CN.UTF-8
	then
		_f=$(TEXTDOMAINDIR="$TZ_LOCALEDIR" ngettext -d taizhang -- "$_one" "$_many" "$3"; echo x) &&
		_f=${_f%x} &&
		if test "$_f" = "$_one" || test "$_f" = "$_many"
		then
			_f="UNTRANSLATED: $_f"
		fi
	elif test "$3" = 1
	then
		_f=$_one
	else
		_f=$_many
	fi &&
	shift 3 &&
	tz_printf "$_f" "$@"
}
# tz_line FMT [ARG...]: tz_msg and a newline.
tz_line () {
	tz_msg "$@" &&
	echo
}

# tz_finding PLACE SEVERITY FMT [ARG...]: a finding as tz validate prints
# it, "PLACE: error: MESSAGE" with the severity word translated, and a
# newline. tz_named LABEL KEY: how a finding names a field or an enum value,
# "LABEL(KEY)" in Chinese (when the label says more than the key), "KEY" in
# English.
tz_finding () {
	_place=$1 _sev=$2 &&
	shift 2 &&
	printf '%s: %s: ' "$_place" "$(tz_gettext --context severity "$_sev")" &&
	tz_msg "$@" &&
	echo
}
# tz_field_finding PLACE SEVERITY SUBJECT FMT [ARG...]: a finding about a
# field or rule, "PLACE: error: SUBJECT: MESSAGE" (SUBJECT from tz_named, or
# a rule's name).
tz_field_finding () {
	_place=$1 _sev=$2 _subject=$3 &&
	shift 3 &&
	printf '%s: %s: %s: ' "$_place" "$(tz_gettext --context severity "$_sev")" "$_subject" &&
	tz_msg "$@" &&
	echo
}
# tz_libc MSGID: a message of the C library (getopt, strerror) in the
# language of the run, as glibc's own catalogue has it (English when the
# system has none).
tz_libc () {
	_f=$(printf '%bx' "$1") &&
	_f=$(TEXTDOMAINDIR=/usr/share/locale gettext -d libc -- "${_f%x}"; echo x) &&
	shift &&
	tz_printf "${_f%x}" "$@"
}

# tz_summary E W F: tz validate's summary line, "E errors, W warnings in F
# files", and tz_summary_clean R S: "R records and S schema files: no
# problems".
tz_summary () {
	if test "$2" = 1; then _w=warning; else _w=warnings; fi &&
	if test "$3" = 1; then _fl=file; else _fl=files; fi &&
	tz_msgn "%zu error, %zu $_w in %zu $_fl\n" "%zu errors, %zu $_w in %zu $_fl\n" "$1" "$1" "$2" "$3"
}
tz_summary_clean () {
	if test "$2" = 1; then _fl=file; else _fl=files; fi &&
	tz_msgn "%zu record and %zu schema $_fl: no problems\n" "%zu records and %zu schema $_fl: no problems\n" "$1" "$1" "$2"
}
# tz_usage: how --help starts its first line, "usage:" or "用法:" (the
# catalogue translates each help text whole; t8040 checks the synopses).
tz_usage () {
	if test "$LC_ALL" = zh_CN.UTF-8
	then
		printf '用法:'
	else
		printf 'usage:'
	fi
}
# tz_try_help TOOL: the last line of a usage error, "Try 'tz validate
# --help' for more information."
tz_try_help () {
	tz_msg "Try '%s --help' for more information.\n" "$1"
}
tz_named () {
	if test "$LC_ALL" = zh_CN.UTF-8 && test -n "$1" && test "$1" != "$2"
	then
		printf '%s(%s)' "$1" "$2"
	else
		printf '%s' "$2"
	fi
}

# expect_en FILE, expect_zh FILE: write stdin to FILE when the messages are
# in that language, else read it and drop it: for output that is not one
# catalogue message (a table whose headers follow the language).
expect_en () {
	if test "$LC_ALL" = zh_CN.UTF-8
	then
		cat >/dev/null
	else
		cat >"$1"
	fi
}
expect_zh () {
	if test "$LC_ALL" = zh_CN.UTF-8
	then
		cat >"$1"
	else
		cat >/dev/null
	fi
}

GIT_AUTHOR_NAME='两帮两促办公室'
GIT_AUTHOR_EMAIL='office@example.gov.cn'
GIT_COMMITTER_NAME="$GIT_AUTHOR_NAME"
GIT_COMMITTER_EMAIL="$GIT_AUTHOR_EMAIL"
export GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL
git config --global user.name "$GIT_AUTHOR_NAME"
git config --global user.email "$GIT_AUTHOR_EMAIL"
git config --global init.defaultBranch main

# tz_empty_repo DIR: a git repository with the bundled schema and an empty
# records/ folder, nothing committed.
tz_empty_repo () {
	git init -q "$1" &&
	cp -R "$TZ_SRC/schema" "$1/schema" &&
	mkdir -p "$1/records"
}

# tz_demo_repo DIR: the bundled schema and campaign, committed.
tz_demo_repo () {
	tz_empty_repo "$1" &&
	cp -R "$TZ_SRC/records/." "$1/records/" &&
	(cd "$1" && git add -A && git commit -q -m "bundled campaign")
}

# test_line_count OP N FILE: as in git's test-lib (sharness lacks it).
test_line_count () {
	if test $# != 3
	then
		echo "bug in the test script: test_line_count needs 3 arguments" >&2
		return 1
	fi
	if ! test "$(wc -l <"$3")" "$1" "$2"
	then
		echo "test_line_count: line count for $3 !$1 $2"
		cat "$3"
		return 1
	fi
}

# traced_by_strace: call in a test file that runs tz under strace. Under
# AddressSanitizer (make asan), LeakSanitizer cannot work in a traced process
# and aborts it, so leak checking is off in that file; every other test
# still checks for leaks.
traced_by_strace () {
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
	export ASAN_OPTIONS
}
