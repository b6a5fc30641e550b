#!/bin/sh
# Records that fall through: a record outside the records folders, one
# whose extension differs in letter case, and a copy with an id already
# in use. Each refused by the pre-commit hook (a real git commit), by CI
# (validate --range), by the server (a real push to a bare repository
# with our pre-receive hook) and reported by a full validate.
. "$(dirname "$0")/lib.sh"

acme="$EXAMPLES/D-2026-0142-acme-logistics.md"
kumo=$TRASH/kumo.md
sed "s/^  status: accepted/  status: pending/" "$EXAMPLES/D-2026-0171-kumo-analytics.md" >"$kumo"

# nv <git args>: without the client hooks, so CI and the server decide
nv() {
	test_tick &&
	git -c core.hooksPath=/dev/null "$@"
}

test_expect_success 'set-up: a server with the hook, a clone with one record' '
	git init -q --bare server.git &&
	git handoff -C server.git init >/dev/null &&
	test_repo w && cd w &&
	echo "  olga@vendor.example: {name: Olga Ops, roles: [ops]}" >>.handoff/config.yaml &&
	git handoff init >/dev/null &&
	git remote add origin ../server.git &&
	printf "err\nexpect\n" >.gitignore &&
	sed "s/^  status: accepted/  status: pending/" "$acme" >handoffs/acme.md &&
	echo "# notes" >README.md && mkdir deals && printf "no front matter\n" >deals/notes.md &&
	printf -- "---\nkind: not-a-kind\n---\n" >deals/other.md &&
	git add -A && test_tick &&
	GIT_AUTHOR_EMAIL=olga@vendor.example git commit -q -m "a first handoff" &&
	git push -q origin main 2>err && cat err && git fetch -q origin
'

test_expect_success 'the hook refuses a record outside the records folders' '
	cd w && cp "$kumo" deals/D-4.md && git add deals &&
	test_tick && test_expect_code 1 git commit -q -m stray 2>err &&
	grep "^deals/D-4.md:2:7: error: a deal-handoff record outside the records folders (handoffs/, transitions/, support/): move it to handoffs/$" err &&
	git reset -q && rm deals/D-4.md
'

test_expect_success 'the hook refuses a record named .MD' '
	cd w && cp "$kumo" handoffs/D-4.MD && git add handoffs &&
	test_tick && test_expect_code 1 git commit -q -m case 2>err &&
	grep "^handoffs/D-4.MD:2:7: error: a deal-handoff record named .\.MD., which is never read as a record: rename it to handoffs/D-4.md$" err &&
	git reset -q && rm handoffs/D-4.MD
'

test_expect_success 'files that are not records pass the hook, wherever they are' '
	cd w && printf "# more\n" >>README.md && printf -- "---\ntitle: x\n---\n" >deals/Plan.MD &&
	git add -A && test_tick && git commit -q -m "not records" &&
	git handoff validate
'

test_expect_success 'validate names both kinds of stray' '
	cd w && cp "$kumo" deals/D-4.md && cp "$kumo" handoffs/D-5.Md &&
	git add -A && test_expect_code 1 git handoff validate 2>err &&
	grep "^deals/D-4.md:2:7: error: a deal-handoff record outside the records folders" err &&
	grep "^handoffs/D-5.Md:2:7: error: a deal-handoff record named .\.Md.*rename it to handoffs/D-5.md$" err &&
	test_expect_code 1 git handoff validate --staged 2>err &&
	grep "^deals/D-4.md:2:7: error: a deal-handoff" err &&
	git reset -q && rm deals/D-4.md handoffs/D-5.Md
'

# refused_by_ci_and_server <validate says> <push says>: validate --range
# of what is unpushed fails saying the first, the push fails saying the
# second; then the commit is undone
refused_by_ci_and_server() {
	test_expect_code 1 git handoff validate --range origin/main..HEAD 2>err &&
	grep "$1" err &&
	test_expect_code 1 git push -q origin main 2>err &&
	grep "$2" err &&
	git reset -q --hard HEAD~1
}

test_expect_success 'CI and the server refuse a record outside the records folders' '
	cd w && cp "$kumo" deals/D-4.md && git add deals && nv commit -q -m stray &&
	c=$(git rev-parse --short=7 HEAD) &&
	refused_by_ci_and_server "^deals/D-4.md:2:7: error: commit $c: a deal-handoff record outside the records folders" \
		"remote: deals/D-4.md:2:7: error: commit $c: a deal-handoff record outside"
'

test_expect_success 'CI and the server refuse a record named .MD' '
	cd w && cp "$kumo" handoffs/D-4.MD && git add handoffs && nv commit -q -m case &&
	refused_by_ci_and_server "^handoffs/D-4.MD:2:7: error: commit .*: a deal-handoff record named .\.MD." \
		"remote: handoffs/D-4.MD:2:7: error: commit .*rename it to handoffs/D-4.md"
'

test_expect_success 'a copy with an id in use: CI and the server name both files' '
	cd w && cp handoffs/acme.md handoffs/acme-copy.md && git add handoffs &&
	nv commit -q -m copy &&
	test_expect_code 1 git handoff validate --range origin/main..HEAD 2>err &&
	grep "^handoffs/acme-copy.md:3:5: error: /id: at .* id .D-2026-0142. is also used by handoffs/acme.md$" err &&
	grep "^handoffs/acme.md:3:5: error: /id: at .* id .D-2026-0142. is also used by handoffs/acme-copy.md$" err &&
	test_expect_code 1 git handoff validate 2>err &&
	grep "^handoffs/acme-copy.md:3:5: error: /id: id .D-2026-0142. is also used by handoffs/acme.md" err &&
	test_expect_code 1 git push -q origin main 2>err &&
	grep "remote: handoffs/acme-copy.md:3:5: error: /id: at .* (refs/heads/main): id .D-2026-0142. is also used by handoffs/acme.md" err &&
	git reset -q --hard HEAD~1
'

test_expect_success 'a duplicate already on the server does not block an unrelated push' '
	cd w && cp handoffs/acme.md handoffs/acme-old.md && git add handoffs &&
	nv commit -q -m "an old copy" &&
	git -C ../server.git config receive.denyCurrentBranch ignore &&
	mv ../server.git/hooks/pre-receive ../pre-receive &&
	git push -q origin main && mv ../pre-receive ../server.git/hooks/pre-receive &&
	printf "# more\n" >>README.md && nv commit -q -am "docs" &&
	git push -q origin main 2>err && cat err && git fetch -q origin
'

test_expect_success 'a kind misspelt past the hooks: score and status say it is not scored' '
	cd w && sed "s/^kind: deal-handoff/kind: deal-handof/" handoffs/acme.md >handoffs/typo.md &&
	sed -i "s/^id: D-2026-0142/id: D-2026-0999/" handoffs/typo.md &&
	git add handoffs && nv commit -q -m typo &&
	echo "warning: handoffs/typo.md: kind '"'"'deal-handof'"'"' is unknown: not scored (git handoff validate handoffs/typo.md)" >expect &&
	git handoff score >out 2>&1 && grep "^warning: handoffs/typo.md" out >actual &&
	test_cmp expect actual &&
	git handoff status >out 2>&1 && grep "^warning: handoffs/typo.md" out >actual &&
	test_cmp expect actual &&
	git handoff status --format json | grep -F "\"handoffs/typo.md: kind '"'"'deal-handof'"'"' is unknown: not scored" &&
	git reset -q --hard HEAD~1
'

test_done
