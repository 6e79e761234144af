# lib-unpriv.sh - sourced after lib-tz.sh by tests that need permissions to
# hold: root ignores them, so as root the command runs as nobody (setpriv),
# with a HOME whose git config trusts the repository (libgit2 refuses a
# repository that another user owns).

# unprivileged REPO CMD...: run CMD without privileges, REPO being the
# repository it works on.
unprivileged () {
	repo=$(cd "$1" && pwd) &&
	shift &&
	if test "$(id -u)" != 0
	then
		"$@"
	else
		trash=$(pwd) &&
		mkdir -p "$trash/nobody-home" &&
		printf "[safe]\n\tdirectory = %s\n" "$repo" >"$trash/nobody-home/.gitconfig" &&
		chmod -R a+rX "$trash" &&
		setpriv --reuid=nobody --regid=nogroup --clear-groups \
			env HOME="$trash/nobody-home" "$@"
	fi
}

# nobody must reach the programs and the trash directory. A checkout under
# root's own 0700 home is out of its reach: the tests that need it then say
# so (missing UNPRIV) instead of failing on a permission they do not test.
if test "$(id -u)" != 0 ||
	setpriv --reuid=nobody --regid=nogroup --clear-groups \
		sh -c 'test -x "$1/tz" && cd "$2"' - "$TZ_BIN" "$SHARNESS_TRASH_DIRECTORY" 2>/dev/null
then
	test_set_prereq UNPRIV
fi
