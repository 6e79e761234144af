# lib-write.sh - sourced by the t3 tests after lib-tz.sh: a repository with
# the bundled schema, its units, programmes, leaders and groups, and one
# enterprise, committed.
tz_write_repo () {
	tz_empty_repo "$1" &&
	mkdir -p "$1/records/enterprises" "$1/records/issues" &&
	for d in units programs leaders groups
	do
		if test -d "$TZ_SRC/records/$d"
		then
			cp -R "$TZ_SRC/records/$d" "$1/records/" || return 1
		fi
	done &&
	cp "$TZ_SRC"/records/enterprises/ENT-0001.ini "$1/records/enterprises/" &&
	(cd "$1" && git add -A && git commit -q -m "units and an enterprise")
}
