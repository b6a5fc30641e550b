#!/bin/sh
# Person aliases: a person of the config's people may list more
# addresses under `emails:`; each maps to the same person and roles
# wherever an email is read (decisions, the audit's roles, names on the
# board). A single key still works alone; a bad list is a problem with
# its line and column.
. "$(dirname "$0")/lib.sh"

test_expect_success 'set-up: Sam has a second address' '
	test_repo r && cd r &&
	sed -i "s/^  sam@vendor.example: {name: Sam Lee, roles: \[cs\], team: east}/  sam@vendor.example: {name: Sam Lee, roles: [cs], team: east, emails: [s.lee@old-vendor.example, SAM@laptop.example]}/" \
		.handoff/config.yaml && grep "emails: \[s.lee" .handoff/config.yaml &&
	sed -e "s/^  status: accepted/  status: submitted/" \
	    -e "s/^  csm: sam@vendor.example/  csm: s.lee@old-vendor.example/" \
		"$EXAMPLES/D-2026-0142-acme-logistics.md" >handoffs/acme.md &&
	git handoff validate &&
	commit_as jane@vendor.example 2026-11-02T20:00:00+09:00 -m handoff
'

test_expect_success 'the other address decides as the same person, with the cs role' '
	cd r && GIT_AUTHOR_EMAIL=sam@laptop.example git handoff accept handoffs/acme.md &&
	grep "^  by: sam@laptop.example" handoffs/acme.md &&
	commit_as sam@laptop.example 2026-11-04T10:00:00+09:00 -m accept &&
	sed -i "s/^    due: 2026-12-18/    due: 2026-12-22/" handoffs/acme.md &&
	commit_as s.lee@old-vendor.example 2026-11-05T10:00:00+09:00 -m "move C1" -m "Handoff-Reason: Okta admin away" &&
	git handoff audit --format json >a.json &&
	python3 - <<-\PY
	import json
	c = json.load(open("a.json"))["changes"]
	assert [(x["email"], x["role"], x["authorised"]) for x in c] == [("s.lee@old-vendor.example", "cs", True)], c
	PY
'

test_expect_success 'the board names the person of either address' '
	cd r && git handoff status --as-of 2026-12-01 >out && cat out &&
	grep "commitment C6 .*owner cs (Sam Lee)$" out
'

test_expect_success 'a rep with a second address is still no decider' '
	cd r && sed -i "s/^  jane@vendor.example: {name: Jane Doe, roles: \[sales\], team: east}/  jane@vendor.example: {name: Jane Doe, roles: [sales], team: east, emails: [jd@home.example]}/" .handoff/config.yaml &&
	sed -i "s/^  status: accepted/  status: submitted/" handoffs/acme.md &&
	GIT_AUTHOR_EMAIL=jd@home.example test_expect_code 1 git handoff accept handoffs/acme.md 2>err &&
	cat err && grep "jd@home.example has no cs or cs_manager role" err &&
	git checkout -q .
'

test_expect_success 'emails must be a list of addresses: line and column' '
	cd r && sed -i "s/emails: \[s.lee@old-vendor.example, SAM@laptop.example\]/emails: [nobody]/" .handoff/config.yaml &&
	test_expect_code 2 git handoff validate 2>err && cat err &&
	grep "config.yaml:4:[0-9]*: .*.nobody. is not an email address" err &&
	sed -i "s/emails: \[nobody\]/emails: s@x.example/" .handoff/config.yaml &&
	test_expect_code 2 git handoff validate 2>err &&
	grep "config.yaml:4:[0-9]*: .*.emails. must be a list of addresses" err &&
	git checkout -q .
'

test_done
