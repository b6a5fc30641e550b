#!/bin/sh
# History cannot be erased: a forced update or the deletion of a branch
# may not drop (leave on no ref) a commit that changed a handoff which has
# had a decision (accepted, rejected, revision requested) or missed an SLA.
# A branch deleted and pushed again is judged like any push of its commits.
. "$(dirname "$0")/lib.sh"

# record <file> <id>: the example deal, pending, with its own id
record() {
	sed "s/^id: D-2026-0142/id: $2/; s/^  status: accepted/  status: pending/; s/^- \[x\] CS accepted/- [ ] CS accepted/" \
		"$EXAMPLES/D-2026-0142-acme-logistics.md" >"$1"
}

test_expect_success 'set-up: a server with the hook, main with the rules' '
	git init -q --bare server.git && git handoff -C server.git init >/dev/null &&
	test_repo w && cd w &&
	echo "  olga@vendor.example: {name: Olga Ops, roles: [ops]}" >>.handoff/config.yaml &&
	echo "  otto@vendor.example: {name: Otto Ops, roles: [ops]}" >>.handoff/config.yaml &&
	record handoffs/acme.md D-2026-0142 &&
	git add -A && as olga@vendor.example commit -q -m "the rules, a first handoff" &&
	git remote add origin ../server.git && git push -q origin main
'

test_expect_success 'a forced update that drops a rejection is refused' '
	cd w && git checkout -q -b deal main && record handoffs/beta.md D-2026-0200 &&
	git add handoffs/beta.md && as jane@vendor.example commit -q -m beta &&
	as sam@vendor.example handoff reject handoffs/beta.md --gap "no stakeholder map" --commit >/dev/null &&
	git push -q origin deal && c=$(git rev-parse --short=7 HEAD) &&
	git reset -q --hard HEAD~1 && as jane@vendor.example commit -q --allow-empty -m "tidy" &&
	test_expect_code 1 git push -q -f origin deal 2>err && cat err &&
	grep "remote: handoffs/beta.md: error: commit $c by sam@vendor.example: the forced update of refs/heads/deal drops this commit, which changed a handoff that has been rejected" err &&
	test "$(git -C ../server.git rev-parse deal)" = "$(git rev-parse origin/deal)"
'

test_expect_success 'the deletion of that branch is refused too' '
	cd w && test_expect_code 1 git push -q origin :deal 2>err && cat err &&
	grep "remote: handoffs/beta.md: error: commit [0-9a-f]* by .*: the deletion of refs/heads/deal drops this commit, which changed a handoff that has been rejected" err &&
	git -C ../server.git rev-parse -q --verify refs/heads/deal
'

test_expect_success 'once merged into main, the branch may go' '
	cd w && git checkout -q main && as kim@vendor.example merge -q --no-ff -m "merge deal" origin/deal &&
	git push -q origin main && git push -q origin :deal &&
	! git -C ../server.git rev-parse -q --verify refs/heads/deal
'

test_expect_success 'deleting a branch whose handoff missed an SLA is refused' '
	cd w && git checkout -q -b late main && record handoffs/late.md D-2026-0300 &&
	sed -i "s/^  signed: .*/  signed: 2026-10-01T09:00:00+00:00/" handoffs/late.md &&
	git add handoffs/late.md && as jane@vendor.example commit -q -m "late one" &&
	git push -q origin late &&
	git handoff score --explain handoffs/late.md | grep "late by" &&
	test_expect_code 1 git push -q origin :late 2>err && cat err &&
	grep "remote: handoffs/late.md: error: commit [0-9a-f]* by jane@vendor.example: the deletion of refs/heads/late drops this commit, which changed a handoff that has missed an SLA" err &&
	git checkout -q main
'

test_expect_success 'an annotated tag that alone holds such a commit stays too' '
	cd w && git tag -a -m "the late one" late-v1 late &&
	git push -q origin late-v1 && git push -q -f origin main:refs/heads/late &&
	git -C ../server.git rev-parse -q --verify refs/heads/late &&
	test_expect_code 1 git push -q origin :refs/heads/late :refs/tags/late-v1 2>err && cat err &&
	grep "remote: handoffs/late.md: error: commit [0-9a-f]* by jane@vendor.example: the deletion of refs/tags/late-v1 drops this commit" err
'

test_expect_success 'a branch with nothing decided or missed may be deleted, and forced' '
	cd w && git checkout -q -b free main && record handoffs/free.md D-2026-0400 &&
	git add handoffs/free.md && as jane@vendor.example commit -q -m "free one" &&
	git push -q origin free &&
	sed -i "s/^  acv: .*/  acv: 1000/" handoffs/free.md &&
	as jane@vendor.example commit -q --amend -am "free one, priced" &&
	git push -q -f origin free && git push -q origin :free &&
	git checkout -q main
'

test_expect_success 'a branch deleted and pushed again is judged like any push of its commits' '
	cd w && git checkout -q -b people main &&
	echo "  pat@vendor.example: {name: Pat, roles: [cs]}" >>.handoff/config.yaml &&
	as olga@vendor.example commit -q -am "Pat joins CS" &&
	git push -q origin people && git push -q origin :people &&
	git checkout -q main &&
	sed -i "s/Olga Ops, roles: \[ops\]/Olga Ops, roles: [sales]/" .handoff/config.yaml &&
	as otto@vendor.example commit -q -am "Olga moves to sales" && git push -q origin main &&
	test_expect_code 1 git push -q origin people 2>err && cat err &&
	grep "remote: .handoff/config.yaml: error: commit [0-9a-f]* by olga@vendor.example: changes the handoff rules, which only people with the ops role" err
'

test_done
