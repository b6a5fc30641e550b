#!/bin/sh
# The quality score as the deal handoff article counts it (its 100 points:
# documentation 50, meeting 30, timeliness 20), worked out by hand for
# every example record, criterion by criterion, beside the figure the tool
# gives. The demo repository gives each example its dated history; the
# scores are read as of 4 December 2026, as the demo shows them.
. "$(dirname "$0")/lib.sh"

AS_OF=2026-12-04T09:00:00Z

# points <file> <criterion title>: "earned/max" from score --explain
points() {
	sed -n "s/^  [a-z]* *$2  *\([0-9.]*\) \/ \([0-9]*\) .*/\1\/\2/p" "$1"
}

# is <file> <title> <earned/max>
is() {
	got=$(points "$1" "$2")
	test "$got" = "$3" || { echo "$1: '$2' is '$got', not '$3'"; return 1; }
}

test_expect_success 'set-up: the demo repository of every example' '
	sh "$EXAMPLES/demo-repo.sh" demo >/dev/null &&
	cd demo && for f in handoffs/D-2026-0142 handoffs/D-2026-0157 handoffs/D-2026-0163 \
		handoffs/D-2026-0171 support/S-2026-0031 transitions/T-2026-0007 \
		transitions/T-2026-0009; do
		git handoff score --explain --as-of $AS_OF $f.md >"$TRASH/$(basename $f)" || return 1
	done
'

test_expect_success 'Acme Logistics (D-2026-0142): 100, every criterion earned' '
	f=$TRASH/D-2026-0142 &&
	head -1 $f | grep -F "D-2026-0142  100/100  excellent" &&
	# complete: the record validates                                  15
	is $f "Deal summary complete" 15/15 &&
	# six roles, each with its fields (end users with use_cases)      10
	is $f "Stakeholder map detailed" 10/10 &&
	# C1-C5 each with id, text, type, source, owner, due              15
	is $f "Commitments documented" 15/15 &&
	# R1-R3, churn_risk medium, the Risk Factors section 20+ words    10
	is $f "Risk factors identified" 10/10 &&
	# enterprise: AE jane, CSM sam and CS manager kim attended        10
	is $f "All required participants attended" 10/10 &&
	# the seven agenda items ticked                                   10
	is $f "Full agenda covered" 10/10 &&
	# "CS questions answered" ticked, no open_questions               10
	is $f "CS questions answered" 10/10 &&
	# complete 2026-11-03 09:40 +09:00, 17h40m after signature       15
	is $f "Handoff within SLA" 15/15 &&
	# introduction sent 2026-11-03 16:05 +09:00, within 48 h           5
	is $f "Customer introduction within 48 h" 5/5
	# 15+10+15+10+10+10+10+15+5 = 100
'

test_expect_success 'BrightPath Retail (D-2026-0157): 27.6, the article'"'"'s count, not 41.8' '
	f=$TRASH/D-2026-0157 &&
	head -1 $f | grep -F "D-2026-0157  27.6/100  substandard" &&
	# never validates: C3 has no due date, go-live is TBD, the Risk
	# Factors section is empty, two pre-handoff items unticked          0
	is $f "Deal summary complete" 0/15 &&
	# 2 of the 6 roles whole: the sponsor (name, title, goals) and the
	# technical lead (name, title, requirements); the champion has no
	# advocacy; no economic buyer, end users or blocker: 10 x 2/6   3.33
	is $f "Stakeholder map detailed" 3.33/10 &&
	# C1 and C2 whole, C3 without due: 15 x 2/3                       10
	is $f "Commitments documented" 10/15 &&
	# R1 and churn_risk are there, but the section is empty             0
	is $f "Risk factors identified" 0/10 &&
	# mid-market: AE omar and CSM ana attended                         10
	is $f "All required participants attended" 10/10 &&
	# 3 of the 7 agenda items ticked: 10 x 3/7                       4.29
	is $f "Full agenda covered" 4.29/10 &&
	# "CS questions answered" not ticked                                0
	is $f "CS questions answered" 0/10 &&
	# never complete, so not within 24 h of signature                   0
	is $f "Handoff within SLA" 0/15 &&
	# no introduction sent                                              0
	is $f "Customer introduction within 48 h" 0/5
	# 0+3.33+10+0+10+4.29+0+0+0 = 27.62; before the six roles and the
	# Risk Factors section counted it was 41.8 (7.5 and 10 more)
'

test_expect_success 'Nordwind Energy (D-2026-0163): 95 so far, its introduction pending' '
	f=$TRASH/D-2026-0163 &&
	head -1 $f | grep -F "D-2026-0163  95/100 + 5 possible  provisional: excellent if on time" &&
	is $f "Deal summary complete" 15/15 &&
	# six roles; the blocker is the works council, with its mitigation
	is $f "Stakeholder map detailed" 10/10 &&
	is $f "Commitments documented" 15/15 &&
	is $f "Risk factors identified" 10/10 &&
	is $f "All required participants attended" 10/10 &&
	is $f "Full agenda covered" 10/10 &&
	is $f "CS questions answered" 10/10 &&
	# pre-close: complete 5 days before the expected close             15
	is $f "Handoff within SLA" 15/15 &&
	# unsigned: the 48 h clock of the introduction has not started     0 + 5
	is $f "Customer introduction within 48 h" 0/5 &&
	grep -F "pending, its clock not started" $f
'

test_expect_success 'Kumo Analytics (D-2026-0171): 100, its blocker named' '
	f=$TRASH/D-2026-0171 &&
	head -1 $f | grep -F "D-2026-0171  100/100  excellent" &&
	# complete though four sections only refer to the front matter
	# (stakeholders, objectives, scope and commitments, contract)      15
	is $f "Deal summary complete" 15/15 &&
	# the sixth role: Greta Lund, with her concerns and the mitigation
	is $f "Stakeholder map detailed" 10/10 &&
	is $f "Commitments documented" 15/15 &&
	is $f "Risk factors identified" 10/10 &&
	is $f "All required participants attended" 10/10 &&
	is $f "Full agenda covered" 10/10 &&
	is $f "CS questions answered" 10/10 &&
	is $f "Handoff within SLA" 15/15 &&
	is $f "Customer introduction within 48 h" 5/5
'

test_expect_success 'Kumo support handoff (S-2026-0031): 100; its open issue has an owner' '
	f=$TRASH/S-2026-0031 &&
	head -1 $f | grep -F "S-2026-0031  100/100  excellent" &&
	is $f "Every contact reachable (role, phone, email)" 15/15 &&
	is $f "Contract and service details complete" 25/25 &&
	is $f "Buying background complete" 25/25 &&
	is $f "Record complete" 15/15 &&
	is $f "Handed over on time" 10/10 &&
	is $f "Support introduction on time" 10/10
'

test_expect_success 'Seabright transition (T-2026-0007): 78 so far, 22 still possible' '
	f=$TRASH/T-2026-0007 &&
	head -1 $f | grep -F "T-2026-0007  78/100 + 22 possible  provisional: excellent if on time" &&
	is $f "Knowledge transfer complete" 30/30 &&
	is $f "Each contact.s communication style and preferences" 10/10 &&
	is $f "Customer told on time" 10/10 &&
	is $f "Joint meeting on time" 10/10 &&
	# due 2026-12-21: pending                                        0 + 10
	is $f "Full ownership on time" 0/10 &&
	# 2 of the 5 communications sent: 20 x 2/5                       8 + 12
	is $f "Customer communications sent" 8/20 &&
	is $f "Outgoing owner.s continued role defined" 10/10
	# 30+10+10+10+0+8+10 = 78, and 10+12 = 22 possible
'

test_expect_success 'Acme unplanned transition (T-2026-0009): 90, the joint meeting a day late' '
	f=$TRASH/T-2026-0009 &&
	head -1 $f | grep -F "T-2026-0009  90/100  good" &&
	is $f "Knowledge transfer complete" 30/30 &&
	is $f "Each contact.s communication style and preferences" 10/10 &&
	is $f "Customer told on time" 10/10 &&
	# held 2026-12-02 06:00 UTC, due 2026-12-01: late by 1d 6h          0
	is $f "Joint meeting on time" 0/10 &&
	is $f "Full ownership on time" 10/10 &&
	is $f "Customer communications sent" 20/20 &&
	is $f "Outgoing owner.s continued role defined" 10/10
'

# acme <sed script>: the Acme record with an edit, scored alone
acme() {
	sed "$1" "$EXAMPLES/D-2026-0142-acme-logistics.md" >handoffs/acme.md &&
	git add -A && test_tick && git commit -q -m "acme: $1" &&
	git handoff score --explain handoffs/acme.md >out 2>&1; cat out
}

test_expect_success 'the map counts six roles, each with its own fields' '
	test_repo r && cd r &&
	acme "/^  - role: blocker/,/^commitments:/{/^commitments:/!d}" &&
	is out "Stakeholder map detailed" 8.33/10 && grep -F "no blocker" out &&
	acme "/^    use_cases:/d" &&
	is out "Stakeholder map detailed" 8.33/10 && grep -F "end_users without use_cases" out &&
	acme "/^    advocacy:/d" &&
	is out "Stakeholder map detailed" 8.33/10 && grep -F "champion without advocacy" out
'

test_expect_success 'the Risk Factors section counts, beside the register and churn_risk' '
	cd r && acme "/^## Risk Factors/,/^## Handoff Checklist/{/^##/!d}" &&
	is out "Risk factors identified" 0/10 &&
	grep -F "section '"'"'Risk Factors'"'"' has 0 of its 20 words" out
'

test_expect_success 'scope is required, with its five parts' '
	cd r && sed "/^  support_level:/d" "$EXAMPLES/D-2026-0142-acme-logistics.md" >handoffs/acme.md &&
	test_expect_code 1 git handoff validate handoffs/acme.md 2>err && cat err &&
	grep -E "^handoffs/acme.md:[0-9]+:[0-9]+: error: /scope/support_level: required property .support_level. is missing" err &&
	sed "/^scope:/,/^implementation:/{/^implementation:/!d}" "$EXAMPLES/D-2026-0142-acme-logistics.md" >handoffs/acme.md &&
	test_expect_code 1 git handoff validate handoffs/acme.md 2>err && cat err &&
	grep -E "^handoffs/acme.md:[0-9]+:[0-9]+: error: /scope: required property .scope. is missing" err
'

test_expect_success 'a kind'"'"'s sections test and per-role fields are checked when the kind is read' '
	cd r && mkdir -p .handoff/schemas &&
	sed "s/sections: \[Risk Factors\]/sections: [Risk Factorz]/" "$SRC_ROOT/schemas/deal-handoff.yaml" \
		>.handoff/schemas/deal-handoff.yaml &&
	test_expect_code 2 git handoff score 2>err; cat err &&
	grep -E "deal-handoff.yaml:[0-9]+:[0-9]+: error: .*.Risk Factorz. is not a section of this kind" err &&
	sed "s/- {blocker: \[name, concerns, mitigation\]}/- [blocker]/" "$SRC_ROOT/schemas/deal-handoff.yaml" \
		>.handoff/schemas/deal-handoff.yaml &&
	test_expect_code 2 git handoff score 2>err; cat err &&
	grep -E "deal-handoff.yaml:[0-9]+:[0-9]+: error: .*a .require. entry is a key, or \{key: \[fields\]\}" err &&
	rm -r .handoff/schemas
'

test_done
