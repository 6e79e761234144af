#!/bin/sh
test_description='the bundled campaign says what the half-year report says

Each test is named after a sentence of the city'"'"'s half-year report
(/work/shared/seed-report.txt) and checks that the records hold it.'
. ./lib-tz.sh

# sql STATEMENT: the rows of tz sql on the bundled campaign, no header.
# Double quotes in STATEMENT become single ones (string literals: a double
# quoted word that names a column would be that column); [group] is a name.
sql () {
	(cd r && tz sql --no-header "$(printf "%s" "$1" | tr "\"" "'")")
}

test_expect_success 'setup: the bundled campaign' '
	tz_demo_repo r
'

test_expect_success '全市市直、园区共43个责任单位，帮促39个重点项目、41家企业' '
	sql "SELECT count(*) FROM unit WHERE kind IN (\"bureau\", \"party\", \"soe\", \"zone\")" >units &&
	echo 43 >expect && test_cmp expect units &&
	sql "SELECT count(*) FROM project" >projects &&
	echo 39 >expect && test_cmp expect projects &&
	sql "SELECT count(*) FROM enterprise" >enterprises &&
	echo 41 >expect && test_cmp expect enterprises &&
	sql "SELECT unit FROM project UNION SELECT unit FROM enterprise ORDER BY 1" >owners &&
	sql "SELECT id FROM unit WHERE kind IN (\"bureau\", \"party\", \"soe\", \"zone\") ORDER BY 1" >expect &&
	test_cmp expect owners
'

test_expect_success '办公室、督查室、属地乡镇和群工站不是帮扶责任单位' '
	test_expect_code 1 sql "SELECT p.id FROM project p JOIN unit u ON u.id = p.unit
		WHERE u.kind NOT IN (\"bureau\", \"party\", \"soe\", \"zone\")
		UNION SELECT e.id FROM enterprise e JOIN unit u ON u.id = e.unit
		WHERE u.kind NOT IN (\"bureau\", \"party\", \"soe\", \"zone\")" &&
	sql "SELECT kind, count(*) FROM unit WHERE kind IN (\"office\", \"supervision\", \"town\", \"station\")
		GROUP BY kind ORDER BY kind" >kinds &&
	printf "office\t1\nstation\t6\nsupervision\t2\ntown\t9\n" >expect &&
	test_cmp expect kinds
'

test_expect_success '摸排项目建设中的困难和问题54个；企业发展的困难和问题123个' '
	sql "SELECT subject_type, count(*) FROM issue GROUP BY subject_type ORDER BY 1" >out &&
	printf "enterprise\t123\nproject\t54\n" >expect &&
	test_cmp expect out
'

test_expect_success '“十大”基础设施工程（含20个子项目）、“十大”民生工程（含19个子项目）、“十大”产业工程（含40家企业）和“十大”跟踪项目工程（含14个子项目）' '
	sql "SELECT id, declared_size, declared_of FROM program WHERE declared_size IS NOT NULL ORDER BY id" >out &&
	cat >expect <<-\EOF &&
	PG-IND	40	enterprises
	PG-INF	20	projects
	PG-LIV	19	projects
	PG-TRK	14	projects
	EOF
	test_cmp expect out &&
	sql "SELECT count(*) FROM enterprise WHERE program = \"PG-IND\"" >out &&
	echo 40 >expect && test_cmp expect out
'

test_expect_success '帮促39个重点项目：实施方案的53个子项目与台账上的39个重点项目分得清' '
	sql "SELECT sum(declared_size) FROM program WHERE declared_of = \"projects\"" >out &&
	echo 53 >expect && test_cmp expect out &&
	test_expect_code 1 sql "SELECT g.id FROM program g JOIN project p ON p.program = g.id
		GROUP BY g.id HAVING count(p.id) > g.declared_size" &&
	sql "SELECT count(*) FROM project WHERE program IN (\"PG-INF\", \"PG-LIV\", \"PG-TRK\")" >out &&
	echo 39 >expect && test_cmp expect out
'

test_expect_success '同时，兼顾帮扶服务其他项目和企业' '
	sql "SELECT e.name FROM enterprise e JOIN program g ON g.id = e.program WHERE g.declared_size IS NULL" >out &&
	echo 湘赣物流 >expect && test_cmp expect out
'

test_expect_success '领导小组下设综合组和项目协调、企业服务、环境优化、用地、规划、电力等6个专业组' '
	sql "SELECT kind, name FROM [group] ORDER BY kind, name" >out &&
	cat >expect <<-\EOF &&
	general	综合组
	professional	企业服务组
	professional	环境优化组
	professional	用地组
	professional	电力组
	professional	规划组
	professional	项目协调组
	EOF
	test_cmp expect out &&
	test_expect_code 1 sql "SELECT id FROM [group] WHERE lead_unit IS NULL"
'

test_expect_success '政法委帮扶输变电及农网改造项目' '
	sql "SELECT u.short_name FROM project p JOIN unit u ON u.id = p.unit WHERE p.name = \"输变电及农网改造工程\"" >out &&
	echo 政法委 >expect && test_cmp expect out
'

test_expect_success '委领导组织召开了电力工程施工环境整治会，先后到5个乡镇调度' '
	sql "SELECT count(DISTINCT u.id) FROM visit v JOIN visit_units vu ON vu._rec = v._rowid
		JOIN unit u ON u.id = vu.value JOIN visit_projects vp ON vp._rec = v._rowid
		WHERE v.kind = \"dispatch\" AND vp.value = \"PRJ-0007\" AND u.kind = \"town\"
		AND v._rowid IN (SELECT _rec FROM visit_units WHERE value = \"zfw\")" >out &&
	echo 5 >expect && test_cmp expect out &&
	sql "SELECT count(*) FROM issue_log l JOIN issue i ON i._rowid = l._rec
		WHERE i.project = \"PRJ-0007\" AND l.note LIKE \"%电力工程施工环境整治会%\"" >out &&
	echo 1 >expect && test_cmp expect out
'

test_expect_success '环保局主要领导带队逐个项目走访摸排，和项目主体单位分析存在困难和问题' '
	sql "SELECT count(DISTINCT vp.value) FROM visit v JOIN visit_units vu ON vu._rec = v._rowid
		JOIN visit_projects vp ON vp._rec = v._rowid WHERE vu.value = \"hbj\" AND v.kind = \"visit\"" >out &&
	test "$(cat out)" -ge 4 &&
	sql "SELECT count(*) FROM issue i JOIN visit_units vu ON vu._rec = (SELECT _rowid FROM visit WHERE id = i.visit)
		WHERE vu.value = \"hbj\"" >out &&
	test "$(cat out)" -ge 4
'

test_expect_success '公安局抽调20多名公安干警，协助长兴水库征拆工作' '
	sql "SELECT value FROM project_co_units WHERE _rec = (SELECT _rowid FROM project WHERE name = \"长兴水库建设\")
		AND value = \"gaj\"" >out &&
	echo gaj >expect && test_cmp expect out &&
	sql "SELECT i.id FROM issue i JOIN issue_co_units c ON c._rec = i._rowid JOIN issue_log l ON l._rec = i._rowid
		WHERE i.project = \"PRJ-0008\" AND i.category = \"demolition\" AND c.value = \"gaj\"
		AND l.actor = \"公安局\" AND l.note LIKE \"%干警%\"" >out &&
	test_line_count = 1 out
'

test_expect_success '林业局帮扶3家林农企业，千方百计帮助企业扩改建、包装项目、引进人才、打造品牌' '
	sql "SELECT name, industry FROM enterprise WHERE unit = \"lyj\" ORDER BY name" >out &&
	cat >expect <<-\EOF &&
	康明木业	wood
	浏东竹木	wood
	金太阳木业制品厂	wood
	EOF
	test_cmp expect out &&
	sql "SELECT DISTINCT category FROM issue WHERE enterprise IN (SELECT id FROM enterprise WHERE unit = \"lyj\")
		AND category IN (\"expansion\", \"talent\", \"brand\") ORDER BY 1" >out &&
	printf "brand\nexpansion\ntalent\n" >expect &&
	test_cmp expect out
'

test_expect_success '人社局、工信局积极协助对口帮扶企业解决用工、做好项目信息对接' '
	sql "SELECT count(*) FROM issue WHERE unit = \"rsj\" AND category = \"labour\" AND subject_type = \"enterprise\"" >out &&
	test "$(cat out)" -ge 5 &&
	sql "SELECT count(*) FROM enterprise WHERE unit = \"gxj\"" >out &&
	test "$(cat out)" -ge 3
'

test_expect_success '宣传部帮扶耀邦文物保护中心和秋收起义纪念园建设' '
	sql "SELECT name FROM project WHERE unit = \"xcb\" ORDER BY name" >out &&
	printf "秋收起义纪念园\n耀邦文物保护中心\n" >expect &&
	test_cmp expect out
'

test_expect_success '耀邦文物保护中心已完成节能评估、环评、选址、用地预审，并完成了征地和“三通一平”' '
	sql "SELECT stage, coalesce(actual_start, \"-\") FROM project WHERE name = \"耀邦文物保护中心\"" >out &&
	printf "preliminary\t-\n" >expect && test_cmp expect out &&
	for step in 选址 节能评估 环评 用地预审 征地 三通一平
	do
		sql "SELECT count(*) FROM project_month m JOIN project p ON p._rowid = m._rec
			WHERE p.name = \"耀邦文物保护中心\" AND m.progress LIKE \"%$step%\"" >n &&
		test "$(cat n)" -ge 1 || return 1
	done
'

test_expect_success '秋收起义纪念园建设已投入资金xx万元，完成了征地拆迁、土地平整等前期工作' '
	sql "SELECT stage, coalesce(actual_start, \"-\"), progress FROM project WHERE name = \"秋收起义纪念园\"" >out &&
	printf "preliminary\t-\t土地平整完成，设计方案报省文物局\n" >expect && test_cmp expect out &&
	sql "SELECT count(*) FROM project_month m JOIN project p ON p._rowid = m._rec
		WHERE p.name = \"秋收起义纪念园\" AND m.progress LIKE \"%征地拆迁完成%\"" >out &&
	echo 1 >expect && test_cmp expect out &&
	sql "SELECT sum(completed_investment) > 0 FROM project_month m JOIN project p ON p._rowid = m._rec
		WHERE p.name = \"秋收起义纪念园\"" >out &&
	echo 1 >expect && test_cmp expect out
'

test_expect_success '政务服务中心为全市所有列入“两帮两促”重点项目和企业搭建了一个高效率、无障碍的“绿色通道”' '
	sql "SELECT count(*) FROM issue WHERE unit = \"zwzx\" AND status = \"closed\"" >out &&
	test "$(cat out)" -ge 3 &&
	grep -l "^resolution = .*绿色通道" r/records/issues/2026/*.ini >files &&
	grep -l "^unit = zwzx$" $(cat files) >zwzx &&
	test_line_count = 1 zwzx
'

test_expect_success '旅游局负责帮扶大围山生态旅游整体开发' '
	sql "SELECT unit FROM project WHERE name LIKE \"大围山旅游整体开发%\"" >out &&
	echo lvyj >expect && test_cmp expect out
'

test_expect_success '财政局积极帮扶xx水库综合治理项目，落实本级资金xx万元' '
	sql "SELECT u.short_name FROM project p JOIN unit u ON u.id = p.unit WHERE p.name = \"万丰山水库综合治理项目\"" >out &&
	echo 财政局 >expect && test_cmp expect out
'

test_expect_success '协助水务局、环保局向上级申报项目、争取资金，垫付和到位项目资金450万元' '
	grep "^note = .*垫付和到位项目资金450万元" r/records/projects/PRJ-0013.ini &&
	sql "SELECT i.id FROM issue i WHERE i.project = \"PRJ-0013\" AND i.unit = \"czj\" AND i.status = \"closed\"
		AND i.resolution LIKE \"%450万元%\"" >out &&
	test_line_count = 1 out &&
	sql "SELECT group_concat(c.value, \",\") FROM issue i JOIN issue_co_units c ON c._rec = i._rowid
		WHERE i.project = \"PRJ-0013\" AND i.unit = \"swj\" AND i.category = \"funding\"" >out &&
	echo czj,hbj >expect && test_cmp expect out
'

test_expect_success '市征拆办负责地税服务中心建设，主动与项目单位地税局无缝对接' '
	sql "SELECT u.short_name, p.owner_unit FROM project p JOIN unit u ON u.id = p.unit WHERE p.name = \"地税服务中心\"" >out &&
	printf "征拆办\t市地方税务局\n" >expect && test_cmp expect out &&
	sql "SELECT kind FROM unit WHERE short_name = \"地税局\"" >out &&
	echo resident >expect && test_cmp expect out
'

test_expect_success '并派业务专干全程参与手续办理和征拆工作' '
	sql "SELECT count(*) FROM issue_log l JOIN issue i ON i._rowid = l._rec
		WHERE i.project = \"PRJ-0018\" AND l.actor = \"征拆办\" AND l.note LIKE \"%业务专干%\"" >out &&
	echo 1 >expect && test_cmp expect out
'

test_expect_success '还有民政局的烈士陵园建设，交通局的南横线柏加段、张小公路建设等' '
	sql "SELECT p.name, u.short_name FROM project p JOIN unit u ON u.id = p.unit
		WHERE p.name IN (\"烈士陵园\", \"南横线柏加段\", \"张小公路\") ORDER BY p.name" >out &&
	cat >expect <<-\EOF &&
	南横线柏加段	交通局
	张小公路	交通局
	烈士陵园	民政局
	EOF
	test_cmp expect out
'

test_expect_success '项目建设及投资完成情况较好的重大项目有：大浏高速、浏醴高速、永盛大道延长线、经开区基础设施、大瑶新城片区建设、大围山旅游整体开发基础设施建设、输变电及农网改造工程、长兴水库建设、万丰山水库综合治理项目、市监管中心、全民绿化三年行动工程等' '
	for p in 大浏高速公路市境段 浏醴高速公路市境段 永盛大道延长线 经开区基础设施 大瑶新城片区建设 \
		大围山旅游整体开发基础设施建设 输变电及农网改造工程 长兴水库建设 万丰山水库综合治理项目 \
		市监管中心 全民绿化三年行动工程
	do
		sql "SELECT p.stage, sum(m.completed_investment) >= 0.9 * sum(m.planned_investment)
			FROM project p JOIN project_month m ON m._rec = p._rowid WHERE p.name = \"$p\"" >out &&
		printf "construction\t1\n" >expect &&
		test_cmp expect out || return 1
	done
'

test_expect_success '蓝思科技、界面光电、湘北威尔曼、麓山天然、康源制药、华恒机器人、三力实业、鑫利粉末、东信烟花、庆泰烟花、美津园粮油、亿农食品、盐津铺子、贵太太食品、康明木业等骨干企业来势看好' '
	for e in 蓝思科技 界面光电 湘北威尔曼 麓山天然 康源制药 华恒机器人 三力实业 鑫利粉末 东信烟花 \
		庆泰烟花 美津园粮油 亿农食品 盐津铺子 贵太太食品 康明木业
	do
		sql "SELECT program FROM enterprise WHERE name = \"$e\"" >out &&
		echo PG-IND >expect &&
		test_cmp expect out || return 1
	done
'

test_expect_success '5月31日，市委书记xx前往浏东竹木有限公司、康明木业、金太阳木业制品厂等林农企业调研' '
	sql "SELECT v.id FROM visit v JOIN visit_leaders l ON l._rec = v._rowid JOIN leader d ON d.id = l.value
		WHERE v.date = \"2026-05-31\" AND d.title = \"市委书记\"" >visit &&
	test_line_count = 1 visit &&
	sql "SELECT e.name FROM visit_enterprises ve JOIN enterprise e ON e.id = ve.value
		WHERE ve._rec = (SELECT _rowid FROM visit WHERE id = \"$(cat visit)\") ORDER BY e.name" >out &&
	printf "康明木业\n浏东竹木\n金太阳木业制品厂\n" >expect &&
	test_cmp expect out &&
	sql "SELECT count(*) FROM issue WHERE visit = \"$(cat visit)\"" >out &&
	test "$(cat out)" -ge 3
'

test_expect_success '提出林产工业发展要适度集中，多元发展，通过专攻所长，坚持走专业化之路，努力打造自身品牌' '
	grep "^requirements = 林产工业发展要适度集中" r/records/visits/VIS-2026-018.ini &&
	sql "SELECT category FROM issue WHERE visit = \"VIS-2026-018\" ORDER BY category" >out &&
	grep -x brand out && grep -x expansion out
'

test_expect_success '同一天，市委副书记、市长曹立军调研工业新城“两帮两促”重点项目' '
	sql "SELECT v.id FROM visit v JOIN visit_leaders l ON l._rec = v._rowid JOIN leader d ON d.id = l.value
		WHERE v.date = \"2026-05-31\" AND d.title = \"市委副书记、市长\"" >visit &&
	test_line_count = 1 visit &&
	sql "SELECT count(*) FROM visit_projects vp JOIN project p ON p.id = vp.value
		WHERE vp._rec = (SELECT _rowid FROM visit WHERE id = \"$(cat visit)\") AND p.unit = \"gyxc\"" >out &&
	echo 3 >expect && test_cmp expect out &&
	! grep -r 曹立军 r/records
'

test_expect_success '确保如期完成蓝思新材料项目一期500亩用地需求' '
	sql "SELECT i.unit, i.category, i.priority FROM issue i JOIN project p ON p.id = i.project
		WHERE p.name = \"蓝思新材料项目\" AND i.visit = \"VIS-2026-019\"" >out &&
	printf "gtj\tland\turgent\n" >expect && test_cmp expect out &&
	grep "^summary = .*一期用地500亩" r/records/projects/PRJ-0026.ini
'

test_expect_success '还要加大融资力度，保证资金款项和工作经费及时足额落实到位' '
	sql "SELECT unit, category FROM issue WHERE visit = \"VIS-2026-019\" AND category = \"financing\"" >out &&
	printf "jrb\tfinancing\n" >expect && test_cmp expect out
'

test_expect_success '组织市委督查室、市政府督查室、发改局、工信局人员对所有帮扶重大项目、企业实行全覆盖的面对面、心贴心督查，制发督查通报' '
	sql "SELECT count(DISTINCT vp.value) FROM visit v JOIN visit_projects vp ON vp._rec = v._rowid
		WHERE v.kind = \"inspection\"" >out &&
	echo 39 >expect && test_cmp expect out &&
	sql "SELECT count(DISTINCT ve.value) FROM visit v JOIN visit_enterprises ve ON ve._rec = v._rowid
		WHERE v.kind = \"inspection\"" >out &&
	echo 41 >expect && test_cmp expect out &&
	sql "SELECT DISTINCT vu.value FROM visit v JOIN visit_units vu ON vu._rec = v._rowid
		WHERE v.kind = \"inspection\" ORDER BY 1" >out &&
	printf "fgj\ngxj\nswdcs\nszfdcs\n" >expect && test_cmp expect out &&
	test_expect_code 1 sql "SELECT id FROM visit WHERE kind = \"inspection\" AND bulletin IS NULL"
'

test_expect_success '由群工站公开联系电话，负责对属地所有建设项目和企业调研，收集、整理项目单位和企业反映的困难' '
	test_expect_code 1 sql "SELECT id FROM unit WHERE kind = \"station\"
		AND (phone IS NULL OR parent IS NULL OR parent NOT IN (SELECT id FROM unit WHERE kind = \"town\"))" &&
	sql "SELECT count(*) FROM issue i JOIN visit_units vu ON vu._rec = (SELECT _rowid FROM visit WHERE id = i.visit)
		JOIN unit u ON u.id = vu.value WHERE u.kind = \"station\"" >out &&
	test "$(cat out)" -ge 10
'

test_expect_success '联点领导、帮促主体以及项目业主' '
	test_expect_code 1 sql "SELECT id FROM project WHERE leader IS NULL OR owner_unit IS NULL
		UNION SELECT id FROM enterprise WHERE leader IS NULL" &&
	sql "SELECT count(*) FROM leader" >out &&
	echo 16 >expect && test_cmp expect out
'

test_expect_success '两帮两促办公室结合两办督查室全面落实交办、督办、问责和协调沟通机制' '
	test_expect_code 1 sql "SELECT l._rec FROM issue_log l WHERE l.action = \"assign\"
		AND l.actor != \"两帮两促办公室\"" &&
	sql "SELECT count(*) FROM issue_log WHERE action = \"urge\"" >out &&
	test "$(cat out)" -ge 4 &&
	sql "SELECT count(*) FROM unit WHERE kind = \"supervision\"" >out &&
	echo 2 >expect && test_cmp expect out
'

test_done
