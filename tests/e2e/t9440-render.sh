#!/bin/sh
# One place for each fact: a section the kind writes from the front
# matter (its `data`) asks for no words once the data is there, and
# `render` prints the record as one document, data and prose together,
# in the kind's order; the review packet folds it in.
. "$(dirname "$0")/lib.sh"

good="$EXAMPLES/D-2026-0142-acme-logistics.md"

# slim <file>: the Acme record with the prose of its data-backed sections
# (stakeholders, scope and commitments, implementation, contract) replaced
# by a pointer to the front matter
slim() {
	awk '
	/^## (Stakeholder Map|Scope and Commitments|Commercial Terms|Implementation Plan)$/ {
		print; print ""; print "See the front matter."; print ""; skip = 1; next }
	/^## / { skip = 0 }
	!skip' "$good" >"$1"
}

test_expect_success 'set-up: the record with its data-backed prose cut to a line' '
	test_repo r && cd r && slim handoffs/acme.md &&
	grep -c "See the front matter." handoffs/acme.md | grep -x 4 &&
	git add -A && test_tick && git commit -q -m acme
'

test_expect_success 'a section written from the front matter needs no words once the data is there' '
	cd r && git handoff validate handoffs/acme.md &&
	git handoff score handoffs/acme.md | grep -F "100/100  excellent" &&
	sed "/^stakeholders:/,/^commitments:/{/^commitments:/!d}" handoffs/acme.md >no-map.md &&
	test_expect_code 1 git handoff validate no-map.md 2>err && cat err &&
	grep -E "error: /body/Stakeholder Map: section .Stakeholder Map. has 4 words, needs at least 25" err
'

test_expect_success 'prose the data does not hold still counts its words' '
	cd r && awk "/^## Technical Requirements/ { print; print \"\"; print \"See the front matter.\"; skip = 1; next } /^## / { skip = 0 } !skip" \
		handoffs/acme.md >tech.md &&
	test_expect_code 1 git handoff validate tech.md 2>err && cat err &&
	grep -E "error: /body/Technical Requirements: section .Technical Requirements. has 4 words, needs at least 15" err
'

test_expect_success 'render: the title, the facts no section holds, then each section, data then prose' '
	cd r && git handoff render handoffs/acme.md >doc.md && cat doc.md &&
	head -1 doc.md | grep -Fx "# Deal handoff D-2026-0142: Acme Logistics" &&
	grep -Fx -- "- **segment**: enterprise" doc.md &&
	grep -Fx -- "  - **R2**: text: SAP EWM integration depends on the customer'"'"'s SAP partner, who is busy until December; level: high; mitigation: Partner slot booked for the week of 2026-11-23; weekly integration check-in; escalate to Aiko Tanaka if it slips; category: timeline; owner: services" doc.md &&
	sed -n "/^## Stakeholder Map$/,/^## /p" doc.md >map &&
	grep -Fx -- "- **blocker**: name: Kenji Mori; title: Warehouse Manager, Osaka; concerns: Fears a second system on top of the existing WMS; mitigation: Osaka goes live second, after Kanto shows results; Kenji joins the pilot review" map &&
	grep -Fx "See the front matter." map &&
	sed -n "/^## Commercial Terms$/,/^## /p" doc.md | grep -Fx -- "- **acv**: 150000" &&
	sed -n "/^## Implementation Plan$/,/^## /p" doc.md | grep -Fx -- "  - name: Kickoff; due: 2026-11-11" &&
	grep -n "^## " doc.md | cut -d" " -f2- >order &&
	printf "%s\n" "Customer Overview" "Stakeholder Map" "Business Objectives" \
		"Scope and Commitments" "Technical Requirements" "Implementation Plan" \
		"Commercial Terms" "Risk Factors" "Handoff Checklist" >expect &&
	test_cmp expect order &&
	grep -Fx -- "- [x] CS accepted handoff as complete" doc.md
'

test_expect_success 'render --rev reads the record as committed; -o writes a file' '
	cd r && sed -i "s/^  name: Acme Logistics/  name: Acme Logistics KK/" handoffs/acme.md &&
	git handoff render handoffs/acme.md | head -1 | grep -F "Acme Logistics KK" &&
	git handoff render --rev HEAD -o ../doc.md handoffs/acme.md &&
	head -1 ../doc.md | grep -Fx "# Deal handoff D-2026-0142: Acme Logistics" &&
	git checkout -q handoffs/acme.md
'

test_expect_success 'render: a record that is not there, a kind it does not know' '
	cd r && test_expect_code 2 git handoff render handoffs/nope.md 2>err && cat err &&
	grep "render: handoffs/nope.md: no such record" err &&
	test_expect_code 2 git handoff render --rev HEAD handoffs/nope.md 2>err &&
	printf -- "---\nkind: memo\nid: M-1\n---\n## Notes\n\nHello.\n" >handoffs/memo.md &&
	git handoff render handoffs/memo.md >out && cat out &&
	head -1 out | grep -Fx "# Handoff M-1" && grep -Fx "Hello." out &&
	test_expect_code 2 git handoff render 2>err && grep "which record" err
'

test_expect_success 'review --format markdown folds the record in as one document' '
	cd r && git handoff review handoffs/acme.md --format markdown >pr.md &&
	grep -F "<details><summary>The handoff as one document (git handoff render)</summary>" pr.md &&
	sed -n "/^<details>/,/^<\/details>/p" pr.md | grep -Fx "# Deal handoff D-2026-0142: Acme Logistics"
'

test_done
