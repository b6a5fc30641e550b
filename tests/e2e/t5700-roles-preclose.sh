#!/bin/sh
# Who decides is the kind's: roles are an open set the config declares
# (`roles:`), and each kind names the roles that decide it (x-handoff
# `deciders`); accept, the server, CI and audit read them from the kind.
# A pre-close handoff is accepted only once signed, and the board shows
# one whose expected close has passed unsigned.
. "$(dirname "$0")/lib.sh"

# people <folder>: the config's people, no roles: list (the default set)
people() {
	cat >"$1/.handoff/config.yaml" <<-CFG
	records: [handoffs/, transitions/, support/]
	people:
	  jane@vendor.example: {name: Jane Doe, roles: [sales], team: east}
	  sam@vendor.example: {name: Sam Lee, roles: [cs]}
	  ana@vendor.example: {name: Ana Cruz, roles: [cs]}
	  kim@vendor.example: {name: Kim Park, roles: [cs_manager]}
	  lena@vendor.example: {name: Lena Ito, roles: [support_lead]}
	  ida@vendor.example: {name: Ida Berg, roles: [account_manager]}
	  omar@vendor.example: {name: Omar Ali, roles: [sales]}
	  lee@vendor.example: {name: Lee Min, roles: [sales_manager]}
	  olga@vendor.example: {name: Olga Ops, roles: [ops]}
	CFG
}

# records <folder>: a deal, a support and a transition handoff, undecided
records() {
	mkdir -p "$1/handoffs" "$1/support" "$1/transitions" &&
	sed "s/^  status: accepted/  status: pending/" \
		"$EXAMPLES/D-2026-0142-acme-logistics.md" >"$1/handoffs/acme.md" &&
	sed "s/support_lead: kim@/support_lead: lena@/" \
		"$EXAMPLES/S-2026-0031-kumo-support.md" >"$1/support/kumo.md" &&
	cp "$EXAMPLES/T-2026-0007-seabright-planned.md" "$1/transitions/seabright.md"
}

test_expect_success 'set-up: the three kinds, undecided, and people of every role' '
	git init -q r && mkdir -p r/.handoff && people r && records r && cd r &&
	git handoff validate && git add -A && as jane@vendor.example commit -q -m records
'

test_expect_success 'a support lead (a role by default) accepts a support handoff, not a deal handoff' '
	cd r && ! grep "^roles:" .handoff/config.yaml &&
	GIT_AUTHOR_EMAIL=lena@vendor.example git handoff accept support/kumo.md &&
	grep "^  by: lena@vendor.example" support/kumo.md &&
	git handoff validate support/kumo.md &&
	cp handoffs/acme.md ../acme-before.md &&
	GIT_AUTHOR_EMAIL=lena@vendor.example test_expect_code 1 git handoff accept handoffs/acme.md 2>../err &&
	cat ../err && grep "lena@vendor.example has no cs or cs_manager role" ../err &&
	grep "only people with the cs or cs_manager role may decide a deal-handoff" ../err &&
	cmp handoffs/acme.md ../acme-before.md &&
	git checkout -q support/kumo.md
'

test_expect_success 'CS alone no longer decides a support handoff; the message names its deciders' '
	cd r && cp support/kumo.md ../kumo-before.md &&
	GIT_AUTHOR_EMAIL=sam@vendor.example test_expect_code 1 git handoff accept support/kumo.md 2>../err &&
	cat ../err &&
	grep "only people with the support_lead or cs_manager role may decide a support-handoff" ../err &&
	cmp support/kumo.md ../kumo-before.md &&
	GIT_AUTHOR_EMAIL=kim@vendor.example git handoff revise support/kumo.md --gap "SLA of severity 2" &&
	git checkout -q support/kumo.md
'

test_expect_success 'an account manager accepts an account transition; a rep does not' '
	cd r && GIT_AUTHOR_EMAIL=ida@vendor.example git handoff accept transitions/seabright.md &&
	grep "^  by: ida@vendor.example" transitions/seabright.md &&
	git handoff validate transitions/seabright.md &&
	git checkout -q transitions/seabright.md &&
	GIT_AUTHOR_EMAIL=omar@vendor.example test_expect_code 1 git handoff accept transitions/seabright.md 2>../err &&
	grep "only people with the cs, cs_manager or account_manager role may decide a account-transition" ../err &&
	git diff --exit-code
'

test_expect_success 'the review packet says who decides, from the kind' '
	cd r && git handoff review support/kumo.md >../out && cat ../out &&
	grep "People with the support_lead or cs_manager role in .handoff/config.yaml accept" ../out &&
	git handoff review --format json support/kumo.md >../out.json &&
	grep "\"deciders\":\[\"support_lead\",\"cs_manager\"\]" ../out.json
'

test_expect_success 'roles: declared in the config (support_lead among them) decide the same' '
	cd r && cp .handoff/config.yaml ../config-default.yaml &&
	printf "roles: [sales, sales_manager, cs, cs_manager, ops, auditor, support_lead, account_manager]\n" \
		>>.handoff/config.yaml &&
	git add -A && as olga@vendor.example commit -q -m "roles, declared" &&
	GIT_AUTHOR_EMAIL=lena@vendor.example git handoff accept support/kumo.md &&
	grep "^  by: lena@vendor.example" support/kumo.md && git checkout -q support/kumo.md
'

test_expect_success 'a role the config does not declare is a config error at its line and column' '
	cd r && sed -i "s/^roles: .*/roles: [sales, sales_manager, cs, cs_manager, ops]/" .handoff/config.yaml &&
	test_expect_code 2 git handoff validate 2>../err; cat ../err &&
	grep "^.handoff/config.yaml:7:49: error: /people: unknown role .support_lead.; declare it in roles:" ../err &&
	grep "^.handoff/config.yaml:8:48: error: /people: unknown role .account_manager.; declare it in roles:" ../err &&
	cp ../config-default.yaml .handoff/config.yaml &&
	sed -i "s/roles: \[sales\], team: east/roles: [sales, closer], team: east/" .handoff/config.yaml &&
	test_expect_code 2 git handoff validate 2>../err; cat ../err &&
	grep "^.handoff/config.yaml:3:56: error: /people: unknown role .closer.; declare it in roles:" ../err &&
	git checkout -q .handoff/config.yaml
'

test_expect_success 'people add --role takes the declared roles only' '
	cd r && test_expect_code 2 git handoff people add lou@vendor.example --role legal 2>../err &&
	cat ../err && grep "unknown role .legal.; declare it in roles:" ../err &&
	git diff --exit-code &&
	sed -i "s/^roles: \[/roles: [legal, /" .handoff/config.yaml &&
	git handoff people add lou@vendor.example --role legal &&
	grep "lou@vendor.example: {roles: \[legal\]}" .handoff/config.yaml &&
	git handoff validate && git checkout -q .handoff/config.yaml
'

test_expect_success 'a kind decided by legal: deciders: [legal], with legal declared' '
	git init -q k && mkdir -p k/.handoff/schemas k/handoffs && cd k &&
	cat >.handoff/config.yaml <<-\CFG &&
	records: [handoffs/]
	roles: [sales, cs, cs_manager, ops, legal]
	people:
	  jane@vendor.example: {roles: [sales]}
	  sam@vendor.example: {roles: [cs]}
	  lou@vendor.example: {roles: [legal]}
	CFG
	cat >.handoff/schemas/nda.yaml <<-\KIND &&
	$schema: https://json-schema.org/draft/2020-12/schema
	type: object
	required: [kind, id]
	properties:
	  kind: {const: nda}
	  id: {type: string}
	  acceptance:
	    type: object
	    properties:
	      status: {enum: [pending, accepted, rejected, needs-revision]}
	      by: {type: string}
	      at: {type: string}
	      gaps: {type: array}
	x-handoff:
	  deciders: [legal]
	  roles:
	    /acceptance/by: [legal]
	KIND
	printf -- "---\nkind: nda\nid: N-1\nacceptance:\n  status: pending\n---\n\nThe terms.\n" >handoffs/n1.md &&
	git handoff validate && git add -A && as jane@vendor.example commit -q -m nda &&
	GIT_AUTHOR_EMAIL=sam@vendor.example test_expect_code 1 git handoff accept handoffs/n1.md 2>../err &&
	grep "sam@vendor.example has no legal role" ../err &&
	grep "only people with the legal role may decide a nda" ../err &&
	GIT_AUTHOR_EMAIL=lou@vendor.example git handoff accept handoffs/n1.md &&
	grep "^  by: lou@vendor.example" handoffs/n1.md && git handoff validate
'

test_expect_success 'a kind that names a role the config does not declare is a schema error at its line' '
	cd k && sed -i "s/^roles: .*/roles: [sales, cs, cs_manager, ops]/; /lou@/d" .handoff/config.yaml &&
	test_expect_code 2 git handoff validate 2>../err; cat ../err &&
	grep "nda.yaml:15:14: error: /x-handoff/deciders: kind .nda. names role .legal., which .handoff/config.yaml does not declare; declare it in roles:" ../err &&
	grep "nda.yaml:17:22: error: /x-handoff/roles: kind .nda. names role .legal." ../err &&
	git checkout -q .handoff/config.yaml &&
	sed -i "s/deciders: \[legal\]/deciders: [Legal]/" .handoff/schemas/nda.yaml &&
	test_expect_code 2 git handoff validate 2>../err; cat ../err &&
	grep "nda.yaml:15:14: error: /x-handoff/deciders: .Legal. is not a role name" ../err &&
	sed -i "s/deciders: \[Legal\]/deciders: legal/" .handoff/schemas/nda.yaml &&
	test_expect_code 2 git handoff validate 2>../err &&
	grep "nda.yaml:15:13: error: /x-handoff/deciders: .deciders. must be a list of roles" ../err &&
	git checkout -q .handoff/schemas/nda.yaml
'

test_expect_success 'no one decides a record whose committed kind is broken: the decision names why' '
	cd k && git checkout -q handoffs/n1.md &&
	sed -i "s/^roles: .*/roles: [sales, cs, cs_manager, ops]/; /lou@/d" .handoff/config.yaml &&
	git add -A && as jane@vendor.example commit -q -m "legal, gone" &&
	GIT_AUTHOR_EMAIL=sam@vendor.example test_expect_code 2 git handoff reject handoffs/n1.md --gap x 2>../err &&
	cat ../err && grep "nda.yaml:15:14: error: /x-handoff/deciders: kind .nda. names role .legal." ../err &&
	git diff --exit-code && git reset -q --hard HEAD~1
'

# status <file> <value>: set acceptance.status, nothing else
status() {
	sed -i "s/^  status: .*/  status: $2/" "$1"
}

test_expect_success 'set-up: a bare server with the hook, and a clone of the records' '
	git init -q --bare server.git &&
	git handoff -C server.git init >init.out && grep "installed hook" init.out &&
	git init -q w && mkdir -p w/.handoff && people w && records w && cd w &&
	git remote add origin ../server.git &&
	git add -A && as olga@vendor.example commit -q -m "the rules and three handoffs" &&
	as olga@vendor.example push -q origin main
'

test_expect_success 'the server refuses a support decision by a rep, and by CS: the kind names its deciders' '
	cd w && status support/kumo.md accepted &&
	sed -i "s/^  status: accepted/  status: accepted\n  by: lena@vendor.example\n  at: 2026-12-01T10:00:00+00:00/" support/kumo.md &&
	git handoff validate support/kumo.md &&
	for who in jane sam; do
		as $who@vendor.example commit -q -am "accept the support handoff" &&
		c=$(git rev-parse --short=7 HEAD) &&
		test_expect_code 1 as $who@vendor.example push -q origin main 2>../err && cat ../err &&
		grep "remote: support/kumo.md:[0-9]*:1: error: /acceptance/status: commit $c by $who@vendor.example: sets acceptance to .accepted., but only people with the support_lead or cs_manager role may decide a support-handoff" ../err &&
		git reset -q --soft HEAD~1 || return 1
	done &&
	test "$(git -C ../server.git rev-parse main)" = "$(git rev-parse HEAD)"
'

test_expect_success 'the server takes the support lead'\''s decision; validate --range agrees' '
	cd w && as lena@vendor.example commit -q -am "Kumo Analytics: support accepts" &&
	as lena@vendor.example push -q origin main 2>../err && cat ../err &&
	test "$(git -C ../server.git rev-parse main)" = "$(git rev-parse HEAD)" &&
	git handoff validate --range HEAD~1..HEAD
'

test_expect_success 'after acceptance: the support lead changes a support handoff with a reason; CS may not' '
	cd w && sed -i "s/^    phone: \"+1 512 555 0147\"/    phone: \"+1 512 555 0100\"/" support/kumo.md &&
	as lena@vendor.example commit -q -am "new number" -m "Handoff-Reason: the customer moved offices" &&
	as lena@vendor.example push -q origin main &&
	sed -i "s/^    phone: \"+1 512 555 0188\"/    phone: \"+1 512 555 0199\"/" support/kumo.md &&
	as sam@vendor.example commit -q -am "another number" -m "Handoff-Reason: told by Dev" &&
	test_expect_code 1 as sam@vendor.example push -q origin main 2>../err && cat ../err &&
	grep "changes /contacts.* of an accepted support-handoff, which only people with the support_lead, cs_manager or ops role may do" ../err
'

test_expect_success 'audit: the support lead'\''s change after acceptance is authorised, CS'\''s is not' '
	cd w && test_expect_code 1 git handoff audit --after-acceptance --format json >../out.json &&
	python3 - <<-\PY &&
	import json
	a = json.load(open("../out.json"))
	ch = {c["email"]: c for c in a["changes"]}
	assert ch["lena@vendor.example"]["authorised"] is True, ch
	assert ch["sam@vendor.example"]["authorised"] is False, ch
	PY
	test_expect_code 1 git handoff audit --after-acceptance >../out.txt; cat ../out.txt &&
	grep "NOT authorised: the author has no support_lead, cs_manager or ops role" ../out.txt &&
	git reset -q --hard origin/main &&
	git handoff audit --after-acceptance --format json >../out.json
'

test_expect_success 'audit: a decision on a support handoff by CS is a tamper signal naming its deciders' '
	cd w && git checkout -q -b side &&
	status transitions/seabright.md rejected && status support/kumo.md needs-revision &&
	sed -i "s/^  status: needs-revision/  status: needs-revision\n  gaps: [x]/" support/kumo.md &&
	as sam@vendor.example commit -q -am "CS decides support" &&
	test_expect_code 1 git handoff audit --format json >../out.json &&
	python3 - <<-\PY
	import json
	a = json.load(open("../out.json"))
	s = [x for x in a["signals"] if x["type"] == "acceptance-role"]
	assert len(s) == 1, s
	assert s[0]["path"] == "support/kumo.md", s
	assert "who had no support_lead or cs_manager role then" in s[0]["message"], s
	PY
'

# preclose <file>: the Nordwind pre-close handoff, submitted, with no signature
preclose() {
	cp "$EXAMPLES/D-2026-0163-nordwind-energy.md" "$1" &&
	! grep "^  signed:" "$1" && grep "^  expected_close: 2026-12-10" "$1"
}

test_expect_success 'set-up: a pre-close handoff, submitted, expected to close 10 December' '
	cd r && git reset -q --hard && preclose handoffs/nord.md &&
	git handoff validate handoffs/nord.md &&
	git add -A && as jane@vendor.example commit -q -m "Nordwind, pre-close"
'

test_expect_success 'a pre-close handoff accepted without a signature: validate and accept refuse it, saying why' '
	cd r && cp handoffs/nord.md ../nord-before.md &&
	GIT_AUTHOR_EMAIL=kim@vendor.example test_expect_code 1 git handoff accept handoffs/nord.md 2>../err &&
	cat ../err && grep "handoffs/nord.md:14:3: error: /contract/signed: required property .signed. is missing: a pre-close handoff is accepted only once the contract is signed" ../err &&
	cmp handoffs/nord.md ../nord-before.md &&
	sed -i "s/^  status: pending/  status: accepted\n  by: kim@vendor.example\n  at: 2026-12-04T10:00:00+00:00/" handoffs/nord.md &&
	test_expect_code 1 git handoff validate handoffs/nord.md >../out 2>&1; cat ../out &&
	grep "handoffs/nord.md:14:3: error: /contract/signed: required property .signed. is missing: a pre-close handoff" ../out &&
	test $(grep -c "error:" ../out) = 1
'

test_expect_success 'signed, it is accepted; rejected or revised unsigned, it validates' '
	cd r && cp ../nord-before.md handoffs/nord.md &&
	GIT_AUTHOR_EMAIL=kim@vendor.example git handoff revise handoffs/nord.md --gap "works agreement" &&
	git handoff validate handoffs/nord.md &&
	cp ../nord-before.md handoffs/nord.md &&
	sed -i "s/^  expected_close: 2026-12-10/  expected_close: 2026-12-10\n  signed: 2026-12-09T15:00:00+09:00/" handoffs/nord.md &&
	GIT_AUTHOR_EMAIL=kim@vendor.example git handoff accept handoffs/nord.md &&
	git handoff validate handoffs/nord.md && git checkout -q handoffs/nord.md
'

test_expect_success 'the pre-receive hook refuses a pre-close acceptance without signature' '
	cd w && git checkout -q main && preclose handoffs/nord.md &&
	git add -A && as jane@vendor.example commit -q -m "Nordwind" &&
	as jane@vendor.example push -q origin main &&
	sed -i "s/^  status: pending/  status: accepted\n  by: kim@vendor.example\n  at: 2026-12-04T10:00:00+00:00/" handoffs/nord.md &&
	as kim@vendor.example commit -q -am "accept Nordwind early" &&
	test_expect_code 1 as kim@vendor.example push -q origin main 2>../err && cat ../err &&
	grep "remote: handoffs/nord.md:14:3: error: /contract/signed: commit .*: required property .signed. is missing: a pre-close handoff is accepted only once" ../err &&
	git reset -q --hard origin/main
'

test_expect_success 'status: past its expected close unsigned, the pre-close handoff is overdue, with its AE and the escalation' '
	cd r && git handoff status --as-of 2026-12-09 >../before && cat ../before &&
	grep "^  next     Contract signed by the expected close: due 2026-12-11T00:00:00+00:00 (in 2d 0h); owner jane@vendor.example" ../before &&
	! grep "contract_signed" ../before &&
	git handoff status --as-of 2026-12-12 >../after && cat ../after &&
	sed -n "/^D-2026-0163 /,/^[A-Z]/p" ../after >../nord &&
	grep "^  overdue  Contract signed by the expected close: due 2026-12-11T00:00:00+00:00, 1d 0h overdue; owner jane@vendor.example" ../nord &&
	grep "^  escalate  SLA missed (contract_signed): to kim@vendor.example" ../nord &&
	git handoff status --as-of 2026-12-12 --format json >../out.json &&
	python3 - <<-\PY
	import json
	s = json.load(open("../out.json"))
	h = [x for x in s["handoffs"] if x["id"] == "D-2026-0163"][0]
	d = [x for x in h["due"] if x["item"] == "contract_signed"][0]
	assert d["state"] == "overdue" and d["owner"] == "jane@vendor.example", d
	e = [x for x in h["escalations"] if x.get("item") == "contract_signed"][0]
	assert e["people"] == ["kim@vendor.example"], e
	PY
'

test_expect_success 'status: signed by the close, the item is met and nothing escalates' '
	cd r && sed -i "s/^  expected_close: 2026-12-10/  expected_close: 2026-12-10\n  signed: 2026-12-09T15:00:00+09:00/" handoffs/nord.md &&
	git add -A && as jane@vendor.example commit -q -m "Nordwind signed" &&
	git handoff status --as-of 2026-12-12 >../after && cat ../after &&
	! grep "contract_signed\|Contract signed by" ../after &&
	git reset -q --hard HEAD~1
'

test_done
