# lib-push.sh - sourced by the t5* push tests after lib-tz.sh: a server (a
# bare repository with the pre-receive hook) holding the bundled campaign and
# a few problems of known state, and clones acting as units.

# issue_file FILE UNIT STATUS: a problem of UNIT, its log leading to STATUS
# (assigned, in_progress or resolved).
issue_file () {
	cat >"$1" <<-EOF &&
	[issue]
	title = 用地手续办理
	subject_type = enterprise
	enterprise = ENT-0001
	category = land
	priority = normal
	unit = $2
	status = $3
	reported_on = 2026-05-04
	assigned_on = 2026-05-05
	original_deadline = 2026-07-31
	deadline = 2026-07-31
	description = 企业用地手续办理进度慢。

	[log.001]
	date = 2026-05-04
	actor = 两帮两促办公室
	action = register
	to_status = registered

	[log.002]
	date = 2026-05-05
	actor = 两帮两促办公室
	action = assign
	to_status = assigned
	EOF
	if test "$3" != assigned
	then
		sed -i "s/^deadline = 2026-07-31/deadline = 2026-07-31\naccepted_on = 2026-05-06/" "$1" &&
		printf '\n[log.003]\ndate = 2026-05-06\nactor = 单位\naction = accept\nto_status = in_progress\n' >>"$1"
	fi &&
	if test "$3" = resolved
	then
		sed -i "s/^accepted_on = 2026-05-06/accepted_on = 2026-05-06\nresolved_on = 2026-06-01\nresolution = 已办结。/" "$1" &&
		printf '\n[log.004]\ndate = 2026-06-01\nactor = 单位\naction = resolve\nto_status = resolved\n' >>"$1"
	fi
}

# push_server DIR: the bundled campaign plus ISS-2026-9001 (gtj, in
# progress), 9002 (gtj, assigned), 9003 (hbj, in progress), 9004 (gtj,
# resolved), as a bare repository DIR with taizhang's pre-receive hook.
push_server () {
	tz_demo_repo seed &&
	issue_file seed/records/issues/2026/ISS-2026-9001.ini gtj in_progress &&
	issue_file seed/records/issues/2026/ISS-2026-9002.ini gtj assigned &&
	issue_file seed/records/issues/2026/ISS-2026-9003.ini hbj in_progress &&
	issue_file seed/records/issues/2026/ISS-2026-9004.ini gtj resolved &&
	sed -i "s/^unit = .*/unit = gtj/" seed/records/projects/PRJ-0002.ini &&
	tz -C seed validate -q &&
	git -C seed add -A &&
	git -C seed commit -q -m "problems for the push tests" &&
	git clone -q --bare seed "$1" &&
	tz -C "$1" hooks install --server >/dev/null
}

# unit_clone DIR UNIT [URL]: a clone that commits as UNIT@example.gov.cn
unit_clone () {
	git clone -q "${3:-server.git}" "$1" &&
	git -C "$1" config user.name "$2" &&
	git -C "$1" config user.email "$2@example.gov.cn"
}

# entry FILE KEY ACTION [KEY=VALUE...]: append a log entry dated 2026-06-20
entry () {
	file=$1 key=$2 action=$3 &&
	shift 3 &&
	printf '\n[log.%s]\ndate = 2026-06-20\nactor = 单位\naction = %s\n' "$key" "$action" >>"$file" &&
	for kv in "$@"
	do
		printf '%s = %s\n' "${kv%%=*}" "${kv#*=}" >>"$file" || return 1
	done
}

# server_state DIR: everything of a bare repository that a refused push
# must leave as it was
server_state () {
	(cd "$1" && find . -type f | LC_ALL=C sort | xargs cksum)
}

# Each clone commits as its own unit: lib-tz.sh's identity is the office's.
unset GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL
