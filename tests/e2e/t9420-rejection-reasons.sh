#!/bin/sh
# Rejection reasons as a taxonomy: the deal kind's /acceptance/reasons
# enum holds the article's four rejection criteria; reject and revise take
# `--reason CODE`, once per reason; each decision keeps its reasons in the
# history, and `report --by reason` shows the common failure patterns.
. "$(dirname "$0")/lib.sh"

# pending <id>: the Acme record as submitted to CS under another id
pending() {
	sed -e "s/^id: D-2026-0142/id: $1/" \
	    -e "/^acceptance:/,/^---/{/^  by:/d;/^  at:/d;s/^  status: .*/  status: submitted/}" \
	    "$EXAMPLES/D-2026-0142-acme-logistics.md"
}

cs() { GIT_AUTHOR_EMAIL=kim@vendor.example "$@"; }

test_expect_success 'set-up: two submitted handoffs' '
	test_repo r && cd r &&
	pending D-2026-0001 >handoffs/one.md && pending D-2026-0002 >handoffs/two.md &&
	git add -A && test_tick && git commit -q -m "two handoffs"
'

test_expect_success 'reject --reason, several times: the codes go to acceptance.reasons' '
	cd r && cs git handoff reject handoffs/one.md --gap "No end users" \
		--reason incomplete_stakeholders --reason major_gaps &&
	sed -n "/^acceptance:/,/^---/p" handoffs/one.md >block && cat block &&
	grep -A2 "^  reasons:" block >reasons &&
	printf "  reasons:\n    - \"incomplete_stakeholders\"\n    - \"major_gaps\"\n" >want &&
	test_cmp want reasons &&
	git handoff validate handoffs/one.md &&
	test_tick && git commit -q -am "reject one"
'

test_expect_success 'a code the kind does not list is refused, naming the codes; nothing written' '
	cd r && cp handoffs/two.md before &&
	cs test_expect_code 1 git handoff revise handoffs/two.md --gap x --reason typo 2>err && cat err &&
	grep "git-handoff: revise: .typo. is not a rejection reason of a deal-handoff; one of: major_gaps, undocumented_commitments, incomplete_stakeholders, unclear_technical_requirements" err &&
	cmp before handoffs/two.md
'

test_expect_success 'no reason to accept; a kind without reasons refuses them' '
	cd r && cs test_expect_code 1 git handoff accept handoffs/two.md --reason major_gaps 2>err &&
	grep "reason says why a handoff is rejected or sent back; not to accept" err &&
	mkdir -p support &&
	sed "s/^  status: .*/  status: submitted/" "$EXAMPLES/S-2026-0031-kumo-support.md" >support/kumo.md &&
	cat >>.handoff/config.yaml <<-CFG &&
	  lea@vendor.example: {name: Lea Lin, roles: [support_lead]}
	CFG
	git add -A && test_tick && git commit -q -m "support" &&
	GIT_AUTHOR_EMAIL=lea@vendor.example test_expect_code 1 \
		git handoff reject support/kumo.md --gap x --reason major_gaps 2>err && cat err &&
	grep "support/kumo.md: its kind .support-handoff. has no rejection reasons" err
'

test_expect_success 'revise with a reason, then fix and accept: the history keeps both reasons' '
	cd r && cs git handoff revise handoffs/two.md --gap "C2 is verbal" \
		--reason undocumented_commitments && test_tick && git commit -q -am "revise two" &&
	pending D-2026-0001 >handoffs/one.md && test_tick && git commit -q -am "one resubmitted" &&
	cs git handoff reject handoffs/one.md --gap "Still no end users" \
		--reason incomplete_stakeholders && test_tick && git commit -q -am "reject one again" &&
	pending D-2026-0002 >handoffs/two.md && test_tick && git commit -q -am "two fixed" &&
	GIT_AUTHOR_EMAIL=sam@vendor.example git handoff accept handoffs/two.md &&
	test_tick && git commit -q -am "accept two"
'

test_expect_success 'report --by reason: a row per reason, its handoffs and the rejections giving it' '
	cd r && git handoff report --by reason >out && cat out &&
	grep "^By reason: the common failure patterns" out &&
	grep -E "^incomplete_stakeholders +1 .* 2 +0 +0 +0 +1 +0$" out &&
	grep -E "^major_gaps +1 .* 1 +0 +0 +0 +1 +0$" out &&
	grep -E "^undocumented_commitments +1 .* 1 +0 +0 +1 +0 +0$" out &&
	! grep unclear_technical_requirements out &&
	git handoff report --by reason --format json >out.json &&
	python3 - <<-\PY
	import json
	r = json.load(open("out.json"))
	assert r["by"] == "reason", r
	rows = {g["key"]: (g["count"], g["rejections"]) for g in r["groups"]}
	assert rows == {"incomplete_stakeholders": (1, 2), "major_gaps": (1, 1),
	                "undocumented_commitments": (1, 1)}, rows
	PY
'

test_expect_success 'a rejection with no reason is counted apart' '
	cd r && pending D-2026-0003 >handoffs/three.md && git add -A && test_tick &&
	git commit -q -m three && cs git handoff reject handoffs/three.md --gap "all of it" &&
	test_tick && git commit -q -am "reject three" &&
	git handoff report --by reason --format csv >out.csv && cat out.csv &&
	head -1 out.csv | grep "^reason,count," &&
	grep "^(no reason given),1," out.csv
'

test_expect_success 'the demo: BrightPath was sent back for three reasons' '
	sh "$EXAMPLES/demo-repo.sh" demo >/dev/null && cd demo &&
	git handoff report --by reason >out && cat out &&
	grep -E "^incomplete_stakeholders +1 " out &&
	grep -E "^undocumented_commitments +1 " out &&
	grep -E "^major_gaps +1 " out
'

test_done
