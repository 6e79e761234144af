# lib-audit.sh - sourced by the t4* tests (commit, log, blame, diff) after
# lib-tz.sh: a small schema of their own, so that they do not depend on the
# bundled one, and helpers that write records.

# audit_repo DIR: a git repository with a unit type and an issue type (status
# transitions, an append-only [log.NNN] part), two units, nothing committed.
audit_repo () {
	git init -q "$1" &&
	mkdir -p "$1/schema" "$1/records/units" "$1/records/issues" &&
	cat >"$1/schema/unit.ini" <<-\EOS &&
	[type]
	name = unit
	label = 单位
	dir = units
	id = [a-z]+
	title = name

	[field.name]
	label = 名称
	type = text
	required = yes
	EOS
	cat >"$1/schema/issue.ini" <<-\EOS &&
	[type]
	name = issue
	label = 问题
	dir = issues
	id = ISS-[0-9]{4}
	title = title
	owner = unit

	[field.title]
	label = 问题简述
	type = text
	required = yes

	[field.unit]
	label = 责任单位
	type = ref
	to = unit
	required = yes

	[field.status]
	label = 状态
	type = enum
	values = open, in_progress, resolved, closed
	labels = 待办, 办理中, 已办结, 已销号
	required = yes

	[field.deadline]
	label = 办结时限
	type = date

	[field.resolved_on]
	label = 办结日期
	type = date

	[rule.resolved-needs-date]
	when = status in (resolved, closed)
	require = resolved_on

	[rule.deadline-passed]
	when = status in (open, in_progress)
	check = deadline >= today
	severity = warning
	message = 已超过办结时限

	[transitions.status]
	open = in_progress, resolved
	in_progress = resolved, open
	resolved = closed, in_progress
	closed =

	[part.log]
	label = 办理记录
	key = [0-9]{3}
	append_only = yes

	[part.log.field.date]
	label = 日期
	type = date
	required = yes

	[part.log.field.action]
	label = 动作
	type = enum
	values = assign, progress, urge, resolve
	required = yes

	[part.log.field.note]
	label = 说明
	type = text
	EOS
	printf '[unit]\nname = 国土局\n' >"$1/records/units/gtj.ini" &&
	printf '[unit]\nname = 环保局\n' >"$1/records/units/hbj.ini"
}

# issue FILE ID-less fields: write an issue record with status $2, unit $3
# and title $4 (defaults: open, gtj, 用地未落实).
issue () {
	printf '[issue]\ntitle = %s\nunit = %s\nstatus = %s\n' \
		"${4:-用地未落实}" "${3:-gtj}" "${2:-open}" >"$1"
}

# set_field FILE KEY VALUE: change (or add, in the main section) one field.
set_field () {
	if grep -q "^$2 = " "$1"
	then
		sed -i "s|^$2 = .*|$2 = $3|" "$1"
	else
		awk -v kv="$2 = $3" 'NR == 1 { print; print kv; next } { print }' "$1" >"$1.new" &&
		mv "$1.new" "$1"
	fi
}

# add_log FILE KEY DATE ACTION [NOTE]: append a [log.KEY] entry.
add_log () {
	printf '\n[log.%s]\ndate = %s\naction = %s\n' "$2" "$3" "$4" >>"$1" &&
	if test -n "$5"
	then
		printf 'note = %s\n' "$5" >>"$1"
	fi
}

# A fixed clock for git and tz commit: tick advances it by a minute.
audit_time=1782777600
tick () {
	audit_time=$((audit_time + 60))
	GIT_AUTHOR_DATE="@$audit_time +0800"
	GIT_COMMITTER_DATE="$GIT_AUTHOR_DATE"
	export GIT_AUTHOR_DATE GIT_COMMITTER_DATE
}
