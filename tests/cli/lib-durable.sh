# lib-durable.sh - sourced after lib-tz.sh by the tests of durable writes:
# run a command under strace and say, for every file it put in place with
# rename(2) or link(2), whether the file was fsync'd first and its folder
# fsync'd after.

# durable_trace LOG CMD...: run CMD under strace -f -y, the calls in LOG.
durable_trace () {
	log=$1 &&
	shift &&
	strace -f -y -qq -o "$log" \
		-e trace=openat,fsync,fdatasync,rename,renameat,renameat2,link,linkat "$@"
}

# durable_steps LOG ROOT: one line per rename or link into place, paths
# relative to ROOT and object names shortened to objects/XX/...:
#   TARGET: file synced yes|NO, folder synced after yes|NO
durable_steps () {
	awk -v root="$2/" '
	function unroot(p) { if (index(p, root) == 1) p = substr(p, length(root) + 1); return p }
	function dir(p) { sub(/\/[^\/]*$/, "", p); return p }
	/ = -1 / { next }
	/ fsync\(|fdatasync\(/ {
		# a call another thread interrupted ends "PATH> <unfinished ...>"
		p = $0; sub(/^[^<]*</, "", p); sub(/>(\)| <unfinished).*$/, "", p)
		synced[p] = 1; dirsync[p] = NR
		next
	}
	/ rename\(| link\(/ {
		split($0, q, "\"")
		from = q[2]; to = q[4]
		synced[to] = synced[from]
		n++; target[n] = to; at[n] = NR; ok[n] = synced[from] ? "yes" : "NO"
		next
	}
	END {
		for (i = 1; i <= n; i++) {
			d = dir(target[i])
			after = (d in dirsync) && dirsync[d] > at[i] ? "yes" : "NO"
			t = unroot(target[i])
			sub(/objects\/[0-9a-f][0-9a-f]\/[0-9a-f]+$/, "objects/XX/...", t)
			print t ": file synced " ok[i] ", folder synced after " after
		}
	}' "$1"
}
