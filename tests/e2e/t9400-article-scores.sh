#!/bin/sh
# The quality score as the deal handoff article counts it (its 100 points:
# documentation 50, meeting 30, timeliness 20), worked out by hand for
# every example record, criterion by criterion, beside the figure the tool
# gives. The demo repository gives each example its dated history; the
# scores are read as of 4 December 2026, as the demo shows them.
. "$(dirname "$0")/lib.sh"

AS_OF=2026-12-04T09:00:00Z

test_expect_success 'set-up: the demo repository of every example' '
	sh "$EXAMPLES/demo-repo.sh" demo >/dev/null &&
	cd demo && for f in handoffs/D-2026-0142 handoffs/D-2026-0157 handoffs/D-2026-0163 \
		handoffs/D-2026-0171 support/S-2026-0031 transitions/T-2026-0007 \
		transitions/T-2026-0009; do
		git handoff score --explain --as-of $AS_OF $f.md >"$TRASH/$(basename $f)" || return 1
	done
'

# each example's score --explain, line by line, with the figures worked
# out by hand in comments; the first comment names the case
for expect in "$FIXTURES/$TEST_NAME"/*; do
	test_expect_success "$(sed -n "1s/^# //p" "$expect")" "
		sed '/^#/d' '$expect' >expect &&
		test_cmp expect '$TRASH/${expect##*/}'
	"
done

# points <file> <criterion title>: "earned/max" from score --explain
points() {
	sed -n "s/^  [a-z]* *$2  *\([0-9.]*\) \/ \([0-9]*\) .*/\1\/\2/p" "$1"
}

# is <file> <title> <earned/max>
is() {
	got=$(points "$1" "$2")
	test "$got" = "$3" || { echo "$1: '$2' is '$got', not '$3'"; return 1; }
}

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
	cd r &&
	score_schema_error "s/sections: \[Risk Factors\]/sections: [Risk Factorz]/" \
		".*.Risk Factorz. is not a section of this kind" &&
	score_schema_error "s/- {blocker: \[name, concerns, mitigation\]}/- [blocker]/" \
		".*a .require. entry is a key, or \{key: \[fields\]\}" &&
	rm -r .handoff/schemas
'

test_done
