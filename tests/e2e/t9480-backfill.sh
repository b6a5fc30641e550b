#!/bin/sh
# Backfill: ops imports a past handoff with its real dates in a commit
# with a `Handoff-Backfill: <why>` trailer. Its claimed dates (the
# meeting, the acceptance, a checklist item's date) are not backdated and
# are the times of their events; score, status and audit show it as
# backfilled. Anyone else's backfill is warned of at commit time, refused
# by the server, and a finding of audit.
. "$(dirname "$0")/lib.sh"

# as <email> <date> <git args>...: git run by that person at that date
as() {
	email=$1 date=$2
	shift 2
	GIT_AUTHOR_EMAIL=$email GIT_AUTHOR_DATE=$date \
	GIT_COMMITTER_EMAIL=$email GIT_COMMITTER_DATE=$date git "$@"
}

test_expect_success 'set-up: a server with the hook, two copies of a past handoff' '
	git init -q --bare server.git && git handoff -C server.git init >/dev/null &&
	test_repo r && cd r && git remote add origin ../server.git &&
	printf "  olga@vendor.example: {name: Olga Ops, roles: [ops]}\n" >>.handoff/config.yaml &&
	git add -A && as olga@vendor.example 2026-11-01T10:00:00+00:00 -c core.hooksPath=/dev/null commit -q -m rules &&
	cp "$EXAMPLES/D-2026-0142-acme-logistics.md" handoffs/acme.md &&
	sed "s/^id: D-2026-0142/id: D-2026-0143/" handoffs/acme.md >handoffs/plain.md
'

test_expect_success 'ops backfills one, accepted as it was: the server takes it' '
	cd r && git add handoffs/acme.md &&
	as olga@vendor.example 2026-12-01T10:00:00+00:00 -c core.hooksPath=/dev/null commit -q \
		-m "Import the Acme handoff" -m "Handoff-Backfill: imported from the old CRM" &&
	git push -q origin main 2>err && cat err &&
	test "$(git -C ../server.git rev-parse main)" = "$(git rev-parse HEAD)"
'

test_expect_success 'the other, imported plainly, is an acceptance by ops: refused' '
	cd r && git add handoffs/plain.md &&
	as olga@vendor.example 2026-12-01T11:00:00+00:00 -c core.hooksPath=/dev/null commit -q -m "Import plainly" &&
	test_expect_code 1 git push -q origin main 2>err && cat err &&
	grep "remote: handoffs/plain.md:[0-9]*:1: error: /acceptance/status: commit .* by olga@vendor.example: sets acceptance to .accepted., but only people with the cs or cs_manager role" err
'

test_expect_success 'the backfill is not backdated, and scores by its real dates' '
	cd r && git handoff score --as-of 2026-12-02 >out && cat out &&
	grep "^handoffs/acme.md  D-2026-0142  [0-9.]*/100  [a-z]*  (backfilled)$" out &&
	! grep "handoffs/acme.md: .* is backdated" out &&
	grep "handoffs/plain.md: /meeting/held is backdated" out &&
	! grep "^handoffs/plain.md .*backfilled" out &&
	git handoff score --format json --as-of 2026-12-02 >out.json &&
	python3 -c "import json; r = {x[\"path\"]: x for x in json.load(open(\"out.json\"))[\"records\"]}; assert r[\"handoffs/acme.md\"][\"backfilled\"] and not r[\"handoffs/plain.md\"][\"backfilled\"]; assert r[\"handoffs/acme.md\"][\"score\"] > r[\"handoffs/plain.md\"][\"score\"], r"
'

test_expect_success 'status shows it backfilled, accepted when it says it was' '
	cd r && git handoff status --as-of 2026-12-02 >out && cat out &&
	grep "^D-2026-0142  handoffs/acme.md  accepted (backfilled)$" out &&
	git handoff status --as-of 2026-12-02 --format json >out.json &&
	python3 -c "import json; h = {x[\"id\"]: x for x in json.load(open(\"out.json\"))[\"handoffs\"]}; assert h[\"D-2026-0142\"][\"backfilled\"] is True, h"
'

test_expect_success 'audit lists the backfill by ops, and not as a finding' '
	cd r && git rm -q handoffs/plain.md &&
	as olga@vendor.example 2026-12-01T12:00:00+00:00 -c core.hooksPath=/dev/null commit -q -m "drop the plain copy" &&
	test_expect_code 1 git handoff audit >out && cat out &&
	grep "^signal backfill: handoffs/acme.md: imported with its real dates: imported from the old CRM \[backfill-[0-9a-f]*\]$" out &&
	git handoff audit --format json >out.json || true &&
	python3 -c "import json; s = [x for x in json.load(open(\"out.json\"))[\"signals\"] if x[\"type\"] == \"backfill\"]; assert len(s) == 1 and s[0][\"finding\"] is False, s"
'

test_expect_success 'a rep who backfills is warned at commit, refused by the server' '
	cd r && git handoff init >/dev/null &&
	sed "s/^id: D-2026-0142/id: D-2026-0150/; s/^- \[x\] CS accepted/- [ ] CS accepted/" "$EXAMPLES/D-2026-0142-acme-logistics.md" >handoffs/mine.md &&
	git add handoffs/mine.md &&
	as jane@vendor.example 2026-12-02T10:00:00+00:00 commit -q -m "my old deal" \
		-m "Handoff-Backfill: from my notes" 2>err && cat err &&
	grep "warning: this commit by jane@vendor.example carries a .Handoff-Backfill:. trailer, which imports a handoff with its own dates: only people with the ops role" err &&
	test_expect_code 1 git push -q origin main 2>err && cat err &&
	grep "remote: handoffs/mine.md: error: commit .* by jane@vendor.example: carries a .Handoff-Backfill:. trailer" err &&
	test_expect_code 1 git handoff audit >out &&
	grep "^signal backfill: handoffs/mine.md: imported with its real dates, NOT by ops: from my notes" out
'

test_done
