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
