#!/bin/sh
# Commitments to done: the board shows an accepted handoff's commitments
# overdue or due soon with who answers for each; report --commitments
# counts them delivered on time, late, dropped (with the reason), open
# and overdue; the schema asks a delivered one for its day and a dropped
# one for its reason; moving or dropping one after acceptance is a
# material change.
. "$(dirname "$0")/lib.sh"

test_expect_success 'set-up: the Acme handoff submitted, then accepted' '
	test_repo r && cd r &&
	sed "s/^  status: accepted/  status: submitted/" \
		"$EXAMPLES/D-2026-0142-acme-logistics.md" >handoffs/acme.md &&
	commit_as jane@vendor.example 2026-11-02T20:00:00+09:00 -m handoff
'

test_expect_success 'before acceptance the board shows no commitment' '
	cd r && git handoff status --as-of 2026-12-01 >out && cat out &&
	! grep commitment out
'

test_expect_success 'after acceptance: the overdue commitment with its owner, in text and JSON' '
	cd r && sed -i "s/^  status: submitted/  status: accepted/" handoffs/acme.md &&
	commit_as sam@vendor.example 2026-11-04T10:00:00+09:00 -m accept &&
	git handoff status --as-of 2026-12-01 >out && cat out &&
	grep "^  overdue  commitment C6 Rollout plan for Kanto and Osaka shared with Ben Ito.s operations team: due 2026-11-27, 4 days overdue; owner cs (Sam Lee)$" out &&
	grep "^1 commitment overdue$" out &&
	! grep "commitment C1 " out &&
	git handoff status --as-of 2026-12-01 --format json >out.json &&
	python3 - <<-\PY
	import json
	h = [x for x in json.load(open("out.json"))["handoffs"] if x["id"] == "D-2026-0142"][0]
	assert h["commitments"] == [{"id": "C6", "text": h["commitments"][0]["text"],
	    "due": "2026-11-27", "state": "overdue", "days": -4, "owner": "cs",
	    "person": "sam@vendor.example"}], h["commitments"]
	PY
'

test_expect_success 'due soon: --due-soon and the config window; --fail-on-breach counts it' '
	cd r && git handoff status --as-of 2026-12-01 --due-soon 20 >out &&
	grep "^  due      commitment C1 SSO with Okta live before go-live: due 2026-12-18 (in 17 days); owner cs (Sam Lee)$" out &&
	printf "commitments_due_soon: 3w\n" >>.handoff/config.yaml &&
	git handoff status --as-of 2026-12-01 >out && grep "commitment C1 " out &&
	test_expect_code 1 git handoff status --as-of 2026-12-01 --fail-on-breach >/dev/null &&
	test_expect_code 2 git handoff status --due-soon soon 2>err &&
	grep "due-soon: a number of days" err &&
	printf "commitments_due_soon: often\n" >>.handoff/config.yaml &&
	test_expect_code 2 git handoff status 2>err && cat err &&
	grep "config.yaml:[0-9]*:[0-9]*.*commitments_due_soon" err &&
	git checkout -q .handoff/config.yaml
'

test_expect_success 'a delivered commitment needs its day, a dropped one its reason' '
	cd r && awk "{ print } /^    due: 2027-01-12$/ { print \"    status: dropped\" }" \
		handoffs/acme.md >bad.md && mv bad.md handoffs/bad.md &&
	test_expect_code 1 git handoff validate handoffs/bad.md >out 2>&1 && cat out &&
	grep "handoffs/bad.md:[0-9]*:[0-9]*.*reason" out &&
	sed -i "s/^    status: dropped/    status: delivered/" handoffs/bad.md &&
	test_expect_code 1 git handoff validate handoffs/bad.md >out 2>&1 &&
	grep "handoffs/bad.md:[0-9]*:[0-9]*.*delivered" out &&
	rm handoffs/bad.md
'

test_expect_success 'moving and dropping commitments after acceptance are material changes' '
	cd r && sed -i -e "s/^    due: 2026-12-18/    due: 2026-12-22/" \
		-e "/^    due: 2027-01-12$/a\\    status: dropped\\n    reason: Acme trains its supervisors itself" \
		-e "/^    due: 2027-01-08$/a\\    status: delivered\\n    delivered: 2027-01-06" \
		-e "s/^    status: open/    status: delivered\\n    delivered: 2026-11-30/" handoffs/acme.md &&
	git handoff validate handoffs/acme.md &&
	commit_as sam@vendor.example 2026-11-05T10:00:00+09:00 -m "move C1, drop C4" &&
	test_expect_code 1 git handoff audit --format json >a.json &&
	python3 - <<-\PY
	import json
	ptrs = sorted(c["pointer"] for c in json.load(open("a.json"))["changes"])
	for p in ["/commitments/C1/due", "/commitments/C4/status", "/commitments/C4/reason"]:
	    assert p in ptrs, ptrs
	PY
'

test_expect_success 'report --commitments: on time, late, dropped with reason, by account, csm and rep' '
	cd r && git handoff report --commitments --by account --as-of 2026-12-01 >out && cat out &&
	grep "^Acme Logistics  *6  *1  *1  *1  *3  *0$" out &&
	grep "^  dropped  D-2026-0142 C4 On-site training for 140 supervisors in Tokyo and Osaka, in Japanese: Acme trains its supervisors itself$" out &&
	grep "^  late     D-2026-0142 C6 .*: due 2026-11-27, 3 days late; owner cs (Sam Lee)$" out &&
	git handoff report --commitments --by csm --as-of 2026-12-01 >out &&
	grep "^Sam Lee  *6 " out &&
	git handoff report --commitments --by rep --as-of 2026-12-01 --format csv >out.csv &&
	head -1 out.csv | grep "^group,record,path,id,text,owner,person,due,status,delivered,reason,state,days" &&
	test $(wc -l <out.csv) = 7 &&
	grep "^jane@vendor.example,D-2026-0142,handoffs/acme.md,C4,.*,dropped,,Acme trains its supervisors itself,dropped,0" out.csv &&
	git handoff report --commitments --format json --as-of 2026-12-01 >out.json &&
	python3 -c "import json; g = json.load(open(\"out.json\"))[\"groups\"]; assert (g[0][\"on_time\"], g[0][\"late\"], g[0][\"dropped\"]) == (1, 1, 1), g" &&
	test_expect_code 2 git handoff report --commitments --by team 2>err &&
	grep "by account, csm or rep" err &&
	test_expect_code 2 git handoff report --by account 2>err &&
	grep "by account is for --commitments" err
'

test_done
