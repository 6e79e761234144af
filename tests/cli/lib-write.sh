# lib-write.sh - sourced by the t3 tests after lib-tz.sh: a repository with
# the bundled schema, its units and one enterprise, committed.
tz_write_repo () {
	tz_empty_repo "$1" &&
	mkdir -p "$1/records/units" "$1/records/enterprises" "$1/records/issues" &&
	cp "$TZ_SRC"/records/units/*.ini "$1/records/units/" &&
	cp "$TZ_SRC"/records/enterprises/ENT-0001.ini "$1/records/enterprises/" &&
	(cd "$1" && git add -A && git commit -q -m "units and an enterprise")
}
