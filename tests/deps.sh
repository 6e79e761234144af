#!/bin/sh
# tests/deps.sh [DIR] - fail when the modules of DIR (default lib/) include
# each other in a circle. A module is NAME.c with NAME.h (and NAME_int.h, the
# header its own files share); it depends on every module whose header
# NAME.c or NAME.h includes ("..."). tsort(1) finds the circles.
# `tests/deps.sh --self-test` checks that a circle is caught.
set -eu
cd "$(dirname "$0")/.."

edges() {
	for f in "$1"/*.[ch]
	do
		m=$(basename "$f"); m=${m%.?}; m=${m%_int}
		echo "$m $m"	# every module, even one with no edge
		sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)\.h".*/\1/p' "$f" | sed 's/_int$//' |
			while read -r dep
			do
				test "$dep" = "$m" || echo "$m $dep"
			done
	done
}

if test "${1-}" = --self-test
then
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	printf '#include "b.h"\n' >"$tmp/a.h"
	printf '#include "c.h"\n' >"$tmp/b.c"
	printf '#include "a.h"\n' >"$tmp/c.c"
	printf '#include "a.h"\n' >"$tmp/d.c"
	if edges "$tmp" | tsort >/dev/null 2>&1
	then
		echo "tests/deps.sh: the circle a -> b -> c -> a went unnoticed" >&2
		exit 1
	fi
	rm "$tmp/c.c"
	edges "$tmp" | tsort >/dev/null
	exit 0
fi

dir=${1:-lib}
if ! out=$(edges "$dir" | tsort 2>&1 >/dev/null) || test -n "$out"
then
	echo "tests/deps.sh: the modules of $dir/ include each other in a circle:" >&2
	echo "$out" | sed -n 's/^tsort: //p' | grep -v 'input contains a loop' | sed 's/^/  /' >&2
	exit 1
fi
