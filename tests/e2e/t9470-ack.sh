#!/bin/sh
# ack: ops acknowledges a tamper signal once, with a reason, in a commit
# to .handoff/acks.yaml with a Handoff-Ack trailer. The warning stops on
# score, status and report; audit lists the signal with who acknowledged
# it, when and why, and no longer counts it as a finding. Only ops may:
# the command refuses anyone else, and so does the server's pre-receive.
. "$(dirname "$0")/lib.sh"

# as <email> <date> <git args>...: a commit or push by that person, then
as() {
	email=$1 date=$2
	shift 2
	GIT_AUTHOR_EMAIL=$email GIT_AUTHOR_DATE=$date \
	GIT_COMMITTER_EMAIL=$email GIT_COMMITTER_DATE=$date \
		git -c core.hooksPath=/dev/null "$@"
}

test_expect_success 'set-up: a server with the hook; a commit dated before its parent' '
	git init -q --bare server.git && git handoff -C server.git init >/dev/null &&
	test_repo r && cd r && git remote add origin ../server.git &&
	printf "  olga@vendor.example: {name: Olga Ops, roles: [ops]}\n" >>.handoff/config.yaml &&
	sed "s/^  status: accepted/  status: submitted/" \
		"$EXAMPLES/D-2026-0142-acme-logistics.md" >handoffs/acme.md &&
	git add -A && as olga@vendor.example 2026-11-10T10:00:00+00:00 commit -q -m rules &&
	sed -i "s/^  acv: .*/  acv: 150001/" handoffs/acme.md &&
	as jane@vendor.example 2026-11-09T10:00:00+00:00 commit -q -am "an earlier date" &&
	git push -q origin main 2>err && cat err &&
	git handoff status --as-of 2026-11-20 >out && grep "^warning: a commit.s committer date is older than its parent.s: .* \[signal clock-[0-9a-f]*\]$" out &&
	sig=$(sed -n "s/.*\[signal \(clock-[0-9a-f]*\)\].*/\1/p" out) &&
	test "$sig" = "clock-$(git rev-parse --short=12 HEAD)" && echo "$sig" >../sig
'

test_expect_success 'audit lists the signal by its id' '
	cd r && sig=$(cat ../sig) &&
	test_expect_code 1 git handoff audit >out && cat out &&
	grep "^signal clock: commit [0-9a-f]* is dated before its parent: the committer date goes backwards \[$sig\]$" out
'

test_expect_success 'only ops acknowledges; a reason is required; nothing is written otherwise' '
	cd r && sig=$(cat ../sig) && head=$(git rev-parse HEAD) &&
	test_expect_code 1 git handoff ack "$sig" --reason "fine" 2>err && cat err &&
	grep "jane@vendor.example has no ops role" err &&
	GIT_AUTHOR_EMAIL=olga@vendor.example test_expect_code 2 git handoff ack "$sig" 2>err &&
	grep "say why: --reason" err &&
	GIT_AUTHOR_EMAIL=olga@vendor.example test_expect_code 2 git handoff ack clock-000000000000 --reason x 2>err &&
	grep "no signal clock-000000000000 in the history" err &&
	test ! -e .handoff/acks.yaml && test "$(git rev-parse HEAD)" = "$head"
'

test_expect_success 'ops acknowledges it: a commit of acks.yaml with a trailer' '
	cd r && sig=$(cat ../sig) &&
	GIT_AUTHOR_EMAIL=olga@vendor.example GIT_COMMITTER_EMAIL=olga@vendor.example \
		git handoff ack "$sig" --reason "laptop clock was a day behind" &&
	git log -1 --format=%B >msg && cat msg &&
	grep "^Acknowledge signal $sig$" msg && grep "^Handoff-Ack: $sig$" msg &&
	test "$(git show --name-only --format= HEAD)" = .handoff/acks.yaml &&
	grep "signal: $sig" .handoff/acks.yaml &&
	grep "reason: \"laptop clock was a day behind\"" .handoff/acks.yaml &&
	GIT_AUTHOR_EMAIL=olga@vendor.example test_expect_code 2 git handoff ack "$sig" --reason again 2>err &&
	grep "acknowledged already, by olga@vendor.example: laptop clock" err
'

test_expect_success 'the warning stops; audit shows the acknowledgement, and passes once all are' '
	cd r && sig=$(cat ../sig) &&
	git handoff status --as-of 2026-11-20 >out 2>&1 && grep "signal backdated" out &&
	! grep "signal clock" out &&
	git handoff score >out 2>&1 && ! grep "older than its parent" out &&
	test_expect_code 1 git handoff audit >out && cat out &&
	grep "^    acknowledged by olga@vendor.example at .*: laptop clock was a day behind$" out &&
	grep "; 4 tamper signals, 1 acknowledged$" out &&
	bd=$(sed -n "s/.*\[\(backdated-[0-9a-f]*\)\]$/\1/p" out | sort -u) && test -n "$bd" &&
	GIT_AUTHOR_EMAIL=olga@vendor.example GIT_COMMITTER_EMAIL=olga@vendor.example \
		git handoff ack "$bd" --reason "imported with the dates of the old CRM" &&
	git handoff status --as-of 2026-11-20 >out 2>&1 && ! grep "^warning" out &&
	git handoff audit >out && grep "; 4 tamper signals, 4 acknowledged$" out &&
	git handoff audit --format json >out.json &&
	python3 -c "import json; s = [x for x in json.load(open(\"out.json\"))[\"signals\"] if x[\"type\"] == \"clock\"]; assert [(x[\"id\"], x[\"ack\"][\"by\"]) for x in s] == [(\"$sig\", \"olga@vendor.example\")], s"
'

test_expect_success 'the server takes an acknowledgement from ops only' '
	cd r && git push -q origin main 2>err && cat err &&
	sed -i "s/laptop clock was a day behind/no reason/" .handoff/acks.yaml &&
	as jane@vendor.example 2026-11-21T10:00:00+00:00 commit -q -am "my own ack" &&
	test_expect_code 1 git push -q origin main 2>err && cat err &&
	grep "remote: .handoff/acks.yaml: error: commit .* changes the handoff rules, which only people with the ops role" err &&
	git reset -q --hard HEAD~1
'

test_expect_success 'a broken acks file is an error with its line and column' '
	cd r && printf "acks:\n  - {signal: x}\n" >.handoff/acks.yaml &&
	test_expect_code 2 git handoff status 2>err && cat err &&
	grep "acks.yaml:2:5: error: an acknowledgement names its signal and reason" err &&
	git checkout -q .handoff/acks.yaml
'

test_done
