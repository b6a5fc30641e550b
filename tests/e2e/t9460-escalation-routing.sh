#!/bin/sh
# A missed SLA escalates to the manager of its owner's team (the config's
# `teams: {<team>: {manager: <email>}}`): the rep's miss to the sales
# manager, the CSM's to the CS manager; without a team manager, to the
# record's CS manager as before. The board, its JSON and the
# notifications agree.
. "$(dirname "$0")/lib.sh"

test_expect_success 'set-up: a handoff whose introduction and preparation are late' '
	git init -q r && cd r && mkdir -p .handoff handoffs &&
	cat >.handoff/config.yaml <<-\EOF &&
	records: [handoffs/]
	people:
	  jane@vendor.example: {name: Jane Doe, roles: [sales], team: east}
	  sam@vendor.example: {name: Sam Lee, roles: [cs], team: cs-east}
	  kim@vendor.example: {name: Kim Park, roles: [cs_manager]}
	  lee@vendor.example: {name: Lee Ross, roles: [sales_manager], team: east}
	EOF
	sed -e "s/^  status: accepted/  status: submitted/" \
	    -e "/Customer introduction sent/s/\[x\]/[ ]/" \
	    -e "/CS internal preparation done/s/\[x\]/[ ]/" \
		"$EXAMPLES/D-2026-0142-acme-logistics.md" >handoffs/acme.md &&
	git add -A && test_tick && git -c core.hooksPath=/dev/null commit -q -m handoff
'

test_expect_success 'without teams: every missed SLA to the record.s CS manager' '
	cd r && git handoff status --as-of 2026-11-20 >out && cat out &&
	grep "^  escalate  SLA missed (customer_introduction): to kim@vendor.example$" out &&
	grep "^  escalate  SLA missed (cs_preparation): to kim@vendor.example$" out
'

test_expect_success 'with teams: to the manager of the owner.s team, in text, JSON and mail' '
	cd r && cat >>.handoff/config.yaml <<-\EOF &&
	teams:
	  east: {manager: lee@vendor.example}
	  cs-east: {manager: kim@vendor.example}
	EOF
	git handoff status --as-of 2026-11-20 >out && cat out &&
	grep "^  escalate  SLA missed (customer_introduction): to lee@vendor.example$" out &&
	grep "^  escalate  SLA missed (cs_preparation): to kim@vendor.example$" out &&
	git handoff status --as-of 2026-11-20 --format json >out.json &&
	python3 - <<-\PY &&
	import json
	e = json.load(open("out.json"))["handoffs"][0]["escalations"]
	got = sorted((x["item"], x["to"], tuple(x["people"])) for x in e)
	assert got == [("cs_preparation", "team_manager", ("kim@vendor.example",)),
	               ("customer_introduction", "team_manager", ("lee@vendor.example",))], got
	PY
	git handoff status --as-of 2026-11-20 --notify-mbox mail.mbox 2>err &&
	grep "^To: lee@vendor.example" mail.mbox && grep "^To: kim@vendor.example" mail.mbox
'

test_expect_success 'a bad teams section: line and column' '
	cd r && printf "  west: lee@vendor.example\n" >>.handoff/config.yaml &&
	test_expect_code 2 git handoff status 2>err && cat err &&
	grep "config.yaml:[0-9]*:[0-9]*: .*team .west. is a mapping with its manager" err &&
	sed -i "s/^  west: lee@vendor.example/  west: {manager: nobody}/" .handoff/config.yaml &&
	test_expect_code 2 git handoff status 2>err &&
	grep "config.yaml:[0-9]*:[0-9]*: .*a team.s manager is an email address" err
'

test_done
