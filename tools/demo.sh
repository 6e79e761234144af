#!/bin/sh
# demo.sh - `make demo`: a one-screen tour of taizhang on the bundled
# campaign, in a scratch copy so the project's own files are never touched.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
PATH="$top/bin:$PATH"
export TZ_TODAY=${TZ_TODAY:-2026-06-30}
scratch=$(mktemp -d "${TMPDIR:-/tmp}/tz-demo.XXXXXX")
trap 'rm -rf "$scratch"' EXIT INT TERM

# The tour speaks the user's language, as the tools do: Chinese under a
# zh_CN locale (their messages and, on a terminal, labels come by
# themselves), English otherwise.
case "${LC_ALL:-${LC_MESSAGES:-${LANG:-}}}" in
zh_CN*) zh=1 ;;
*) zh= ;;
esac

# in Chinese, tables name fields by label (as on a terminal, also when piped)
labels=
[ -n "$zh" ] && labels=--labels

# say COMMAND [COMMENT COMMENT_IN_CHINESE]: show the command about to run
say() {
	c=${2:-}
	[ -n "$zh" ] && [ -n "${3:-}" ] && c=$3
	if [ -z "$1" ]; then
		printf '\n\033[1m# %s\033[0m\n' "$c"
	elif [ -n "$c" ]; then
		printf '\n\033[1m$ %s   # %s\033[0m\n' "$1" "$c"
	else
		printf '\n\033[1m$ %s\033[0m\n' "$1"
	fi
}

# the example ledger: the bundled campaign with its half-year of history
say "tz init --example campaign" "the 2026 half-year, replayed commit by commit" "2026 年上半年，逐个提交重放"
tz init --example "$scratch/campaign" | sed "s|$scratch/||"
cd "$scratch/campaign"

say "tz validate         " "every file, every check" "每个文件、每项检查"
tz validate

say "tz log ISS-2026-0164 --field status --format table" "蓝思新材料 200亩: who moved it, when" "蓝思新材料 200亩：谁在何时改了状态"
tz log ISS-2026-0164 --field status --format table $labels

say "tz blame PRJ-0026 --format table | grep -E '^(field|stage|actual_start|progress) '" "it started in March" "3 月开工"
tz blame PRJ-0026 --format table | grep -E '^(field|stage|actual_start|progress) '

if [ -x "$top/bin/tz-query" ]; then
	say "tz query issue 'status in (assigned, in_progress) and deadline < today' --count"
	tz query issue 'status in (assigned, in_progress) and deadline < today' --count
	say "tz query issue 'deadline < today and status = in_progress' --fields id,unit.name,deadline,title --limit 5 --format table"
	tz query issue 'deadline < today and status = in_progress' --fields id,unit.name,deadline,title --limit 5 --format table $labels
	say "tz query issue 'visit = VIS-2026-018' --fields id,enterprise.name,unit.name,title --format table" "raised on the 5月31日 visit" "5月31日走访时反映的问题"
	tz query issue 'visit = VIS-2026-018' --fields id,enterprise.name,unit.name,title --format table $labels
fi

if tz query --help 2>/dev/null | grep -q -- --as-of; then
	say "tz query issue 'status in (assigned, in_progress)' --as-of 2026-03-31 --count" "the ledger as it stood on 31 March" "3 月 31 日时的台账"
	tz query issue 'status in (assigned, in_progress)' --as-of 2026-03-31 --count
fi

if [ -x "$top/bin/tz-report" ]; then
	say "tz report --as-of 2026-06-30 --format text | sed -n '1,/^二/p'   # the briefing's first section"
	tz report --as-of 2026-06-30 --format text | sed -n '1,/^二/p'
	mkdir -p "$top/build"
	say "tz report --as-of 2026-06-30 --format html -o 简报.html   # kept as build/简报.html"
	tz report --as-of 2026-06-30 --format html -o "$top/build/简报.html"
	echo "wrote $top/build/简报.html"
fi

f=$(ls records/issues/*/*.ini | head -n 1)
say "" "a tired clerk edits $f at 11pm: a typo in the unit, a status that does not exist" "深夜 11 点，疲惫的办事员编辑 $f：单位写错了一个字母，状态写了一个不存在的值"
sed -i -e 's/^unit = \(.*\)$/unit = \1x/' -e 's/^status = .*/status = done/' "$f"
git diff --stat
say "tz validate"
tz validate || echo "(exit status $?)"

if [ -x "$top/bin/tz-commit" ]; then
	say "tz commit           " "validates first: refused, nothing written" "先校验：拒绝提交，不写入任何内容"
	tz commit || true
	git checkout -q -- "$f"

	# 国土局 resolves ISS-2026-0168 (浏东竹木 原料堆场): tz act writes the log
	# entry, the status and the fields the action sets, checked, in one go
	say "tz act ISS-2026-0168           " "the clerk's menu: what may happen next" "办事员的菜单：下一步可以做什么"
	tz act ISS-2026-0168
	say "tz act ISS-2026-0168 办结 --actor 国土局 resolution=… --note …"
	tz act ISS-2026-0168 办结 --date 2026-06-30 --actor 国土局 \
		resolution=堆场用地5亩已办理设施用地备案，交企业使用。 --note 堆场用地已落实，申请办结。
	git diff --stat
	say "tz commit --author '国土局 <gtj@example.gov.cn>'" "message written from the field changes" "提交说明根据字段改动生成"
	tz commit --author '国土局 <gtj@example.gov.cn>'
	say "tz log ISS-2026-0168 --field status --format table"
	tz log ISS-2026-0168 --field status --format table $labels
fi
