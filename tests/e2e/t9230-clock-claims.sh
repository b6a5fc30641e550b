#!/bin/sh
# The dates that start a clock (contract.signed, every date an SLA counts
# from) are claims: once committed, changing one needs a Handoff-Reason
# trailer (commit-msg and pre-receive), and the deadlines keep the first
# value unless someone with the ops or cs_manager role changes it. A rep
# who moves contract.signed forward no longer erases an SLA breach.
. "$(dirname "$0")/lib.sh"

as() {
	email=$1 name=$2
	shift 2
	test_tick &&
	GIT_AUTHOR_EMAIL=$email GIT_AUTHOR_NAME=$name \
	GIT_COMMITTER_EMAIL=$email GIT_COMMITTER_NAME=$name "$@"
}

score() {
	git handoff score --format json handoffs/acme.md |
		python3 -c "import json, sys; print(json.load(sys.stdin)[\"records\"][0][\"score\"])"
}

signed() {
	sed -i "s/^  signed: .*/  signed: $1/" handoffs/acme.md
}

test_expect_success 'set-up: a handoff signed a week before it was written' '
	git init -q --bare server.git && git handoff -C server.git init >/dev/null &&
	test_repo r && cd r && git handoff init >/dev/null &&
	echo "  olga@vendor.example: {name: Olga Ops, roles: [ops]}" >>.handoff/config.yaml &&
	sed "s/^  status: accepted/  status: pending/; /^  by: /d; /^  at: /d" \
		"$EXAMPLES/D-2026-0142-acme-logistics.md" >handoffs/acme.md &&
	signed 2026-10-26T06:00:00+00:00 &&
	git add -A && as olga@vendor.example Olga git commit -q -m "a late handoff" &&
	git remote add origin ../server.git && git push -q origin main &&
	git handoff score --explain handoffs/acme.md | grep "late by" &&
	test "$(score)" = 80
'

test_expect_success 'commit-msg: moving contract.signed needs a reason in this commit' '
	cd r && signed 2026-11-02T06:00:00+00:00 &&
	test_expect_code 1 as jane@vendor.example Jane git commit -q -am "fix the date" 2>err && cat err &&
	grep "handoffs/acme.md:[0-9]*:1: error: /contract/signed: this commit changes /contract/signed, a date that starts an SLA clock, to 2026-11-02T06:00:00+00:00 without a .Handoff-Reason:. trailer" err &&
	grep "git commit --trailer .Handoff-Reason: <why>." err && ! grep -e "--amend" err
'

test_expect_success 'pre-receive: the same change without a reason, hooks skipped, is refused' '
	cd r && as jane@vendor.example Jane git commit -q --no-verify -am "fix the date" &&
	test_expect_code 1 git push -q origin main 2>err && cat err &&
	grep "remote: handoffs/acme.md:[0-9]*:1: error: /contract/signed: commit [0-9a-f]* by jane@vendor.example: changes /contract/signed, a date that starts an SLA clock" err &&
	git reset -q --hard origin/main
'

test_expect_success 'with a reason the rep may change it, but the breach stays (80, not 100)' '
	cd r && signed 2026-11-02T06:00:00+00:00 &&
	as jane@vendor.example Jane git commit -q -am "fix the date" --trailer "Handoff-Reason: typo" &&
	git push -q origin main &&
	test "$(score)" = 80 &&
	git handoff score --explain handoffs/acme.md | grep "late by"
'

test_expect_success 'a role given later does not reach back to her change' '
	cd r && sed -i "s/roles: \[sales\], team: east/roles: [sales, cs_manager], team: east/" .handoff/config.yaml &&
	as olga@vendor.example Olga git commit -q -am "Jane leads CS now" && git push -q origin main &&
	test "$(score)" = 80
'

test_expect_success 'a CS manager who changes it moves the clock' '
	cd r && signed 2026-11-02T06:30:00+00:00 &&
	as kim@vendor.example Kim git commit -q -am "the countersignature date" --trailer "Handoff-Reason: per the signed PDF" &&
	git push -q origin main &&
	test "$(score)" = 100
'

test_expect_success 'a date set for the first time, or a placeholder filled, needs no reason' '
	cd r && sed "s/^id: D-2026-0142/id: D-2026-0150/; s/^  signed: .*/  signed: \"[YYYY-MM-DD]\"/" \
		handoffs/acme.md >handoffs/new.md &&
	git add handoffs/new.md && as jane@vendor.example Jane git commit -q --no-verify -m "a draft" &&
	sed -i "s/^  signed: .*/  signed: 2026-11-02T06:00:00+00:00/" handoffs/new.md &&
	as jane@vendor.example Jane git commit -q -am "signed" 2>err && cat err
'

test_done
