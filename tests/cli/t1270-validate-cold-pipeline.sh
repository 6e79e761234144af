#!/bin/sh
# t1270-validate-cold-pipeline.sh - a cold tz validate (--no-cache) checks
# records on the other processors while the walk still lists them, keeping
# what needs every ID (references, unique values) until the walk is over.
# Its answer must be the one the cached path gives (which checks after the
# walk, in two halves), whatever the schedule: unique values used twice
# early in the walk (enterprises) and late (projects), references to no
# record early and late, a record that does not parse, changed records
# compared with HEAD.

test_description='tz validate --no-cache: checking while the walk lists changes no answer'

. ./lib-tz.sh

# answer ARGS...: the findings, the exit status and the error output
answer () {
	tz -C big validate "$@" >answer.out 2>answer.err
	echo "exit $?" >>answer.out
	cat answer.err >>answer.out
	cat answer.out
}

test_expect_success 'setup: 1,500 committed records, then broken in the working tree' '
	"$TZ_SRC/bench/gen" big 1500 >/dev/null 2>&1 &&
	(cd big && find records/enterprises -name "*.ini" | sort) >ents &&
	(cd big && find records/projects -name "*.ini" | sort) >prjs &&
	test $(wc -l <ents) -gt 20 &&
	test $(wc -l <prjs) -gt 20 &&
	first_ent=$(head -n 1 ents) && last_ent=$(tail -n 1 ents) &&
	mid_ent=$(sed -n 10p ents) &&
	first_prj=$(head -n 1 prjs) && last_prj=$(tail -n 1 prjs) &&
	code=$(sed -n "s/^credit_code = //p" "big/$first_ent") &&
	name=$(sed -n "s/^name = //p" "big/$first_prj") &&
	# a unique value used by every fifth enterprise, early in the walk,
	# and one by every fifth project, late: spread over both workers
	for f in $(awk "NR % 5 == 0" ents) "$last_ent"
	do
		sed -i "s/^credit_code = .*/credit_code = $code/" "big/$f" || return 1
	done &&
	for f in $(awk "NR % 5 == 0" prjs) "$last_prj"
	do
		sed -i "s/^name = .*/name = $name/" "big/$f" || return 1
	done &&
	# references to no record, early and late
	sed -i "s/^unit = .*/unit = nosuchunit/" "big/$mid_ent" "big/$(sed -n 5p prjs)" &&
	# a record that does not parse, in the middle
	issue=$(cd big && find records/issues -name "*.ini" | sort | sed -n 700p) &&
	printf "this is not a key line\n" >>"big/$issue"
'

test_expect_success 'the cold answer is the cached one, and the same every run' '
	answer --no-cache >cold &&
	grep "is also used by" cold >dups &&
	test $(wc -l <dups) -ge 40 &&
	grep -c nosuchunit cold >refs &&
	test $(cat refs) -ge 2 &&
	grep "^exit 1$" cold &&
	rm -rf big/.git/taizhang &&
	answer >cached &&
	test_cmp cold cached &&
	for i in 1 2 3
	do
		answer --no-cache >again &&
		test_cmp cold again || return 1
	done
'

test_expect_success 'a ledger below the threshold is checked the same way' '
	"$TZ_SRC/bench/gen" small 300 >/dev/null 2>&1 &&
	sed -i "s/^unit = .*/unit = nosuchunit/" \
		"small/$(cd small && find records/projects -name "*.ini" | sort | head -n 1)" &&
	tz -C small validate --no-cache >cold 2>&1; echo "exit $?" >>cold &&
	rm -rf small/.git/taizhang &&
	tz -C small validate >cached 2>&1; echo "exit $?" >>cached &&
	grep nosuchunit cold &&
	test_cmp cold cached
'

test_done
