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
# second time with TZ_TEST_LOCALE=zh_CN.UTF-8 (make check does, for the tests
# that say what they expect in Chinese with expect_zh).
LC_ALL=${TZ_TEST_LOCALE:-C.UTF-8}
export LC_ALL

# expect_en FILE, expect_zh FILE: write stdin to FILE when the messages are
# in that language, else read it and drop it, so that one test states both.
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
