#!/bin/sh
test_description='tz commit: what it commits, its message, its author, and what it leaves alone'
. ./lib-tz.sh
. "$SHARNESS_TEST_SRCDIR/lib-audit.sh"

test_expect_success 'the first commit of a new repository' '
	audit_repo repo &&
	tick &&
	tz -C repo commit >out &&
	hex=$(git -C repo rev-parse --short=7 HEAD) &&
	echo "[main (root-commit) $hex] 2 records: 2 new; schema: issue.ini, unit.ini" >expect &&
	test_cmp expect out &&
	git -C repo ls-tree -r --name-only HEAD >files &&
	cat >expect <<-\EOF &&
	records/units/gtj.ini
	records/units/hbj.ini
	schema/issue.ini
	schema/unit.ini
	EOF
	test_cmp expect files &&
	git -C repo log -1 --format=%B >msg &&
	cat >expect <<-\EOF &&
	2 records: 2 new; schema: issue.ini, unit.ini

	gtj: new unit "国土局"
	hbj: new unit "环保局"
	schema/issue.ini: new
	schema/unit.ini: new

	EOF
	test_cmp expect msg &&
	git -C repo status --porcelain >status &&
	test_must_be_empty status
'

test_expect_success 'author and committer come from the environment and config' '
	git -C repo log -1 --format="%an <%ae>|%cn <%ce>|%ad" --date=raw >out &&
	echo "两帮两促办公室 <office@example.gov.cn>|两帮两促办公室 <office@example.gov.cn>|$audit_time +0800" >expect &&
	test_cmp expect out
'

test_expect_success 'a new record: the message names it and its title' '
	issue repo/records/issues/ISS-0001.ini &&
	tick &&
	tz -C repo commit -q >out &&
	test_must_be_empty out &&
	git -C repo log -1 --format=%B >msg &&
	printf "%s\n\n" "ISS-0001: new issue \"用地未落实\"" >expect &&
	test_cmp expect msg
'

test_expect_success 'field changes make the summary line' '
	set_field repo/records/issues/ISS-0001.ini status in_progress &&
	set_field repo/records/issues/ISS-0001.ini deadline 2026-07-31 &&
	tick &&
	tz -C repo commit -q &&
	git -C repo log -1 --format=%s >msg &&
	echo "ISS-0001: deadline 2026-07-31, status open → in_progress" >expect &&
	test_cmp expect msg
'

test_expect_success 'over 72 columns: the last changes by name only; a new part entry as a whole' '
	add_log repo/records/issues/ISS-0001.ini 001 2026-06-01 assign "交国土局办理" &&
	set_field repo/records/issues/ISS-0001.ini status resolved &&
	set_field repo/records/issues/ISS-0001.ini resolved_on 2026-06-30 &&
	tick &&
	tz -C repo commit -q &&
	git -C repo log -1 --format=%B >msg &&
	cat >expect <<-\EOF &&
	ISS-0001: resolved_on 2026-06-30, status in_progress → resolved, log.001

	resolved_on 2026-06-30
	status in_progress → resolved
	log.001 added

	EOF
	test_cmp expect msg
'

test_expect_success 'a long summary: the body has every change with its values' '
	set_field repo/records/issues/ISS-0001.ini title "蓝思新材料项目一期剩余二百亩用地未落实需报省厅审批" &&
	set_field repo/records/issues/ISS-0001.ini unit hbj &&
	set_field repo/records/issues/ISS-0001.ini deadline 2026-08-31 &&
	tick &&
	tz -C repo commit -q &&
	git -C repo log -1 --format=%B >msg &&
	cat >expect <<-\EOF &&
	ISS-0001: deadline 2026-07-31 → 2026-08-31, title, unit

	deadline 2026-07-31 → 2026-08-31
	title 用地未落实 → 蓝思新材料项目一期剩余二百亩用地未落实需报省厅审…
	unit gtj → hbj

	EOF
	test_cmp expect msg
'

test_expect_success 'too many names for the line: the first changes with values, the rest counted' '
	set_field repo/records/issues/ISS-0001.ini deadline 2026-09-30 &&
	set_field repo/records/issues/ISS-0001.ini title "用地未落实" &&
	set_field repo/records/issues/ISS-0001.ini unit gtj &&
	set_field repo/records/issues/ISS-0001.ini resolved_on 2026-06-29 &&
	add_log repo/records/issues/ISS-0001.ini 002 2026-06-02 urge "催办" &&
	tick &&
	tz -C repo commit -q &&
	git -C repo log -1 --format=%s >msg &&
	grep "^ISS-0001: resolved_on 2026-06-30 → 2026-06-29 (+4 more)$" msg &&
	set_field repo/records/issues/ISS-0001.ini unit hbj &&
	tick &&
	tz -C repo commit -q -m "unit back to hbj"
'

test_expect_success 'several records: counts in the summary, one line each below' '
	issue repo/records/issues/ISS-0002.ini &&
	issue repo/records/issues/ISS-0003.ini &&
	set_field repo/records/units/gtj.ini name 自然资源局 &&
	rm repo/records/units/hbj.ini &&
	set_field repo/records/issues/ISS-0001.ini unit gtj &&
	tick &&
	tz -C repo commit -q &&
	git -C repo log -1 --format=%B >msg &&
	cat >expect <<-\EOF &&
	5 records: 2 new, 2 changed, 1 deleted

	ISS-0001: unit hbj → gtj
	ISS-0002: new issue "用地未落实"
	ISS-0003: new issue "用地未落实"
	gtj: name 国土局 → 自然资源局
	hbj: deleted

	EOF
	test_cmp expect msg
'

test_expect_success 'a move into a subfolder is one change of the record' '
	mkdir repo/records/issues/2026 &&
	mv repo/records/issues/ISS-0002.ini repo/records/issues/2026/ &&
	tick &&
	tz -C repo commit -q &&
	git -C repo log -1 --format=%s >msg &&
	echo "ISS-0002: moved to records/issues/2026/" >expect &&
	test_cmp expect msg &&
	git -C repo show --no-renames --name-status --format= HEAD >names &&
	printf "D\trecords/issues/ISS-0002.ini\nA\trecords/issues/2026/ISS-0002.ini\n" >expect &&
	sort expect >expect.sorted && sort names >names.sorted &&
	test_cmp expect.sorted names.sorted
'

test_expect_success '-m gives the message' '
	set_field repo/records/issues/ISS-0003.ini title 用地审批 &&
	tz -C repo commit -q -m "按督查意见修改" -m "第二段" &&
	git -C repo log -1 --format=%B >msg &&
	printf "按督查意见修改\n\n第二段\n\n" >expect &&
	test_cmp expect msg
'

test_expect_success 'nothing to commit: a message and exit 1' '
	test_expect_code 1 tz -C repo commit >out 2>err &&
	test_must_be_empty out &&
	tz_msg "nothing to commit below records/ and schema/\n" >expect &&
	test_cmp expect err
'

test_expect_success 'unrelated changes of the working tree and the index are left alone' '
	echo notes >repo/README &&
	echo staged >repo/STAGED &&
	git -C repo add STAGED &&
	echo "staged, then changed" >repo/STAGED &&
	set_field repo/records/issues/ISS-0003.ini status in_progress &&
	tz -C repo commit -q &&
	git -C repo show --name-only --format= HEAD >names &&
	echo records/issues/ISS-0003.ini >expect &&
	test_cmp expect names &&
	git -C repo status --porcelain >status &&
	cat >expect <<-\EOF &&
	AM STAGED
	?? README
	EOF
	test_cmp expect status &&
	echo notes >expect && test_cmp expect repo/README &&
	git -C repo diff --cached --name-only >cached &&
	echo STAGED >expect &&
	test_cmp expect cached
'

test_expect_success 'PATH arguments commit only those files, relative to the current directory' '
	set_field repo/records/issues/ISS-0001.ini title 甲 &&
	set_field repo/records/issues/ISS-0003.ini title 乙 &&
	(cd repo/records/issues && tz commit -q ISS-0003.ini) &&
	git -C repo show --name-only --format= HEAD >names &&
	echo records/issues/ISS-0003.ini >expect &&
	test_cmp expect names &&
	git -C repo status --porcelain -- records >status &&
	echo " M records/issues/ISS-0001.ini" >expect &&
	test_cmp expect status &&
	tz -C repo commit -q records/issues &&
	git -C repo status --porcelain -- records >status &&
	test_must_be_empty status
'

test_expect_success 'a PATH outside records/ and schema/ is refused' '
	test_expect_code 2 tz -C repo commit README 2>err &&
	echo "tz commit: $(tz_msg "%s: tz commit commits only files below records/ and schema/" README)" >expect &&
	test_cmp expect err
'

test_expect_success 'ignored untracked files are not committed' '
	echo "*~" >repo/.gitignore &&
	echo backup >repo/records/issues/ISS-0001.ini~ &&
	set_field repo/records/issues/ISS-0001.ini title 丙 &&
	tz -C repo commit -q &&
	git -C repo show --name-only --format= HEAD >names &&
	echo records/issues/ISS-0001.ini >expect &&
	test_cmp expect names &&
	rm repo/.gitignore repo/records/issues/ISS-0001.ini~
'

test_expect_success 'dot files such as .gitkeep are committed' '
	mkdir -p repo/records/issues/2027 &&
	: >repo/records/issues/2027/.gitkeep &&
	tz -C repo commit -q &&
	git -C repo log -1 --format=%s >msg &&
	echo "records/issues/2027/.gitkeep: new" >expect &&
	test_cmp expect msg
'

test_expect_success '--author sets the author; the committer stays' '
	set_field repo/records/issues/ISS-0001.ini title 丁 &&
	tz -C repo commit -q --author "李四 <lisi@example.gov.cn>" &&
	git -C repo log -1 --format="%an <%ae>|%cn <%ce>" >out &&
	echo "李四 <lisi@example.gov.cn>|两帮两促办公室 <office@example.gov.cn>" >expect &&
	test_cmp expect out
'

test_expect_success 'a malformed --author is a usage error' '
	set_field repo/records/issues/ISS-0001.ini title 戊 &&
	test_expect_code 2 tz -C repo commit --author "nobody" 2>err &&
	echo "tz commit: $(tz_msg "--author \"%s\": expected \"Name <email>\"" nobody)" >expect &&
	test_cmp expect err
'

test_expect_success 'without any identity: a clear error, exit 2, nothing written' '
	head=$(git -C repo rev-parse HEAD) &&
	(
		unset GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL &&
		HOME=$(pwd)/nohome && export HOME && mkdir -p nohome &&
		GIT_CONFIG_NOSYSTEM=1 && export GIT_CONFIG_NOSYSTEM &&
		test_expect_code 2 tz -C repo commit 2>err
	) &&
	echo "tz commit: $(tz_msg "who are you? set user.name and user.email with git config, or give --author \"Name <email>\"")" >expect &&
	test_cmp expect err &&
	test "$(git -C repo rev-parse HEAD)" = "$head"
'

test_expect_success '--author alone is enough without config' '
	(
		unset GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL &&
		HOME=$(pwd)/nohome && export HOME &&
		tz -C repo commit -q --author "王五 <wangwu@example.gov.cn>"
	) &&
	git -C repo log -1 --format="%an|%cn" >out &&
	echo "王五|王五" >expect &&
	test_cmp expect out
'

test_expect_success 'a detached HEAD moves by itself' '
	git -C repo checkout -q --detach &&
	set_field repo/records/issues/ISS-0001.ini title 己 &&
	tz -C repo commit >out &&
	hex=$(git -C repo rev-parse --short=7 HEAD) &&
	echo "[detached HEAD $hex] ISS-0001: title 戊 → 己" >expect &&
	test_cmp expect out &&
	git -C repo checkout -q main 2>/dev/null || git -C repo checkout -q -
'

test_expect_success 'the repository stays sound' '
	git -C repo fsck 2>fsck &&
	! grep -i -e error -e missing -e broken fsck
'

test_expect_success 'a bare repository has no working tree to commit' '
	git clone -q --bare repo bare.git &&
	test_expect_code 2 tz -C bare.git commit 2>err &&
	echo "tz commit: $(tz_msg "this is a bare repository: there is no working tree to commit")" >expect &&
	test_cmp expect err
'

test_done
