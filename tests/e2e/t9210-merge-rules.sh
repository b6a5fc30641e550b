#!/bin/sh
# A merge is judged by the rules of the branch it lands on: a change it
# takes from another parent counts as made by that parent's commit, so a
# decision made on a side branch by someone whose role was since revoked
# on main cannot land on main through a merge.
. "$(dirname "$0")/lib.sh"

test_expect_success 'set-up: a server, main with a pending handoff' '
	git init -q --bare server.git && git handoff -C server.git init >/dev/null &&
	test_repo w && cd w &&
	echo "  olga@vendor.example: {name: Olga Ops, roles: [ops]}" >>.handoff/config.yaml &&
	sed "s/^  status: accepted/  status: pending/" \
		"$EXAMPLES/D-2026-0142-acme-logistics.md" >handoffs/acme.md &&
	sed "s/^id: D-2026-0142/id: D-2026-0143/" handoffs/acme.md >handoffs/beta.md &&
	git add -A && as olga@vendor.example commit -q -m "the rules, two handoffs" &&
	git remote add origin ../server.git && git push -q origin main
'

test_expect_success 'Sam (cs) accepts on a side branch; the push of that branch goes through' '
	cd w && git checkout -q -b review &&
	sed -i "s/^  status: .*/  status: accepted/" handoffs/acme.md &&
	as sam@vendor.example commit -q -am "accept acme" &&
	git push -q origin review && git checkout -q main
'

test_expect_success 'a decision by the CS manager merged from a branch lands' '
	cd w && git checkout -q -b kim main &&
	sed -i "s/^  status: .*/  status: accepted/" handoffs/beta.md &&
	as kim@vendor.example commit -q -am "accept beta" &&
	git checkout -q main && as jane@vendor.example merge -q --no-ff -m "merge kim" kim &&
	{ git push -q origin main 2>err; s=$?; cat err; test $s = 0; } &&
	test "$(git -C ../server.git rev-parse main)" = "$(git rev-parse HEAD)"
'

test_expect_success 'a bad record on a branch and its merge, in one push: said once' '
	cd w && git checkout -q -b bad main &&
	sed -i "/^segment:/d" handoffs/beta.md &&
	as kim@vendor.example commit -q -am "lose the segment" &&
	git checkout -q main && as jane@vendor.example merge -q --no-ff -m "merge bad" bad &&
	test_expect_code 1 git push -q origin main 2>err && cat err &&
	test "$(grep -c "required property .segment. is missing" err)" = 1 &&
	git reset -q --hard origin/main
'

test_expect_success 'ops revokes Sam on main; the merge of his decision into main is refused' '
	cd w && sed -i "s/roles: \[cs\], team: east/roles: [sales], team: east/" .handoff/config.yaml &&
	as olga@vendor.example commit -q -am "Sam moves to sales" && git push -q origin main &&
	as jane@vendor.example merge -q --no-ff -m "merge review" review &&
	c=$(git rev-parse --short=7 review) &&
	test_expect_code 1 git push -q origin main 2>err && cat err &&
	grep "remote: handoffs/acme.md:[0-9]*:1: error: /acceptance/status: commit $c by sam@vendor.example: sets acceptance to .accepted., but only people with the cs or cs_manager role" err &&
	test "$(git -C ../server.git rev-parse main)" = "$(git rev-parse HEAD^1)" &&
	git reset -q --hard HEAD^1
'

test_expect_success 'a commit by the CS manager on top of his decision does not carry it in: the change is the commit that made it' '
	cd w && git checkout -q review && echo "notes" >notes.txt && git add notes.txt &&
	as kim@vendor.example commit -q -m "notes on acme" && git checkout -q main &&
	as jane@vendor.example merge -q --no-ff -m "merge review" review &&
	c=$(git rev-parse --short=7 review~1) &&
	test_expect_code 1 git push -q origin main 2>err && cat err &&
	grep "remote: handoffs/acme.md:[0-9]*:1: error: /acceptance/status: commit $c by sam@vendor.example: sets acceptance to .accepted., but only people with the cs or cs_manager role" err &&
	git reset -q --hard HEAD^1 && git branch -q -f review review~1
'

test_expect_success 'CI: validate --range judges the merge the same way' '
	cd w && as jane@vendor.example merge -q --no-ff -m "merge review" review &&
	test_expect_code 1 git handoff validate --range origin/main..HEAD >out 2>&1 &&
	grep "commit [0-9a-f]* by sam@vendor.example: sets acceptance" out &&
	git reset -q --hard HEAD^1
'

test_expect_success 'a merge of changes made at different depths of its side: each the doing of the commit that made it' '
	cd w && sed -e "s/^id: D-2026-0142/id: D-2026-0144/" -e "s/^  csm: sam@/  csm: kim@/" \
		-e "s/^  by: sam@/  by: kim@/" \
		handoffs/acme.md >handoffs/gamma.md && git add handoffs/gamma.md &&
	as olga@vendor.example commit -q -m "gamma" && git push -q origin main &&
	git checkout -q -b deep main &&
	sed -i "s/^  status: .*/  status: accepted/" handoffs/acme.md &&
	as sam@vendor.example commit -q -am "accept acme, deep down" &&
	echo "agenda" >agenda.txt && git add agenda.txt &&
	as kim@vendor.example commit -q -m "agenda" &&
	sed -i "s/^  status: .*/  status: accepted/" handoffs/gamma.md &&
	as kim@vendor.example commit -q -am "accept gamma" &&
	echo "more" >>agenda.txt && as olga@vendor.example commit -q -am "agenda again" &&
	git checkout -q main && as jane@vendor.example merge -q --no-ff -m "merge deep" deep &&
	c=$(git rev-parse --short=7 deep~3) &&
	test_expect_code 1 git push -q origin main 2>err && cat err &&
	grep "remote: handoffs/acme.md:[0-9]*:1: error: /acceptance/status: commit $c by sam@vendor.example: sets acceptance" err &&
	! grep "handoffs/gamma.md" err &&
	test_expect_code 1 git handoff validate --range origin/main..HEAD >out 2>&1 &&
	grep "commit $c by sam@vendor.example: sets acceptance" out && ! grep "handoffs/gamma.md" out &&
	git reset -q --hard origin/main
'

test_expect_success 'a rules change by a rep, merged in the same push, is refused on main' '
	cd w && git checkout -q -b rules-side main &&
	sed -i "s/roles: \[sales\], team: east/roles: [sales, cs], team: east/" .handoff/config.yaml &&
	as jane@vendor.example commit -q -am "make me cs" &&
	git checkout -q main &&
	as jane@vendor.example merge -q --no-ff -m "merge rules-side" rules-side &&
	test_expect_code 1 git push -q origin main 2>err && cat err &&
	grep "remote: .handoff/config.yaml: error: commit [0-9a-f]* by jane@vendor.example: changes the handoff rules" err &&
	git reset -q --hard origin/main
'

test_done
