#!/bin/sh
# "CS accepted handoff as complete" is CS's to tick, not the rep's: the
# deal kind gives the item to the deciding roles (x-handoff checklist
# `ticked_by: [cs, cs_manager]`), and the commit-msg hook, validate
# --range and the server's pre-receive refuse anyone else's tick (ops
# may, as for any change of an accepted record).
. "$(dirname "$0")/lib.sh"

CS_ITEM="CS accepted handoff as complete"

# as <email> <git args>...: a commit by that person
as() {
	email=$1
	shift
	test_tick &&
	GIT_AUTHOR_EMAIL=$email GIT_COMMITTER_EMAIL=$email git "$@"
}

# submitted: the Acme record, submitted, CS's item not ticked
submitted() {
	sed -e "s/^- \[x\] $CS_ITEM/- [ ] $CS_ITEM/" \
	    -e "/^acceptance:/,/^---/{/^  by:/d;/^  at:/d;s/^  status: .*/  status: submitted/}" \
	    "$EXAMPLES/D-2026-0142-acme-logistics.md"
}

tick() { sed -i "s/^- \[ \] $CS_ITEM/- [x] $CS_ITEM/" "$1"; }

test_expect_success 'set-up: a server with pre-receive, a clone with the hooks' '
	git init -q --bare server.git &&
	git handoff -C server.git init >/dev/null &&
	test_repo w && cd w && cat >>.handoff/config.yaml <<-CFG &&
	  olga@vendor.example: {name: Olga Ops, roles: [ops]}
	CFG
	git handoff init >/dev/null &&
	submitted >handoffs/acme.md && git add -A &&
	as olga@vendor.example commit -q -m "rules and a submitted handoff" &&
	git remote add origin ../server.git && git push -q origin main
'

test_expect_success 'the commit-msg hook refuses the rep'"'"'s tick, naming line and roles' '
	cd w && tick handoffs/acme.md && git add handoffs/acme.md &&
	test_expect_code 1 as jane@vendor.example commit -q -m "tick it myself" 2>err && cat err &&
	line=$(grep -n "$CS_ITEM" handoffs/acme.md | cut -d: -f1) &&
	grep "^handoffs/acme.md:$line:1: error: /checklist: this commit ticks .$CS_ITEM., which only people with the cs or cs_manager role may tick" err &&
	git log -1 --format=%s | grep "rules and a submitted handoff"
'

test_expect_success 'CS may tick it; so may ops' '
	cd w && as sam@vendor.example commit -q -m "CS accepts the handoff as complete" &&
	git log -1 --format=%ae | grep sam@ &&
	sed -i "s/^- \[x\] $CS_ITEM/- [ ] $CS_ITEM/" handoffs/acme.md &&
	as jane@vendor.example commit -q -am "untick: anyone may" &&
	tick handoffs/acme.md && as olga@vendor.example commit -q -am "ops ticks it back" &&
	git push -q origin main
'

test_expect_success 'a tick that skipped the hook: validate --range and pre-receive refuse it' '
	cd w && sed -i "s/^- \[x\] $CS_ITEM/- [ ] $CS_ITEM/" handoffs/acme.md &&
	as jane@vendor.example commit -q -am "untick" &&
	tick handoffs/acme.md &&
	as jane@vendor.example -c core.hooksPath=/dev/null commit -q -am "tick, no hook" &&
	c=$(git rev-parse --short=7 HEAD) &&
	test_expect_code 1 git handoff validate --range origin/main..HEAD 2>err && cat err &&
	grep "handoffs/acme.md:[0-9]*:1: error: /checklist: commit $c by jane@vendor.example: ticks .$CS_ITEM., which only people with the cs or cs_manager role may tick" err &&
	test_expect_code 1 git push -q origin main 2>err && cat err &&
	grep "remote: handoffs/acme.md:[0-9]*:1: error: /checklist: commit $c by jane@vendor.example: ticks .$CS_ITEM." err &&
	grep "pre-receive hook declined" err &&
	git reset -q --hard origin/main
'

test_expect_success 'a new record that arrives ticked by the rep is refused where the push lands' '
	cd w && submitted | sed "s/^id: .*/id: D-2026-0950/" >handoffs/beta.md && tick handoffs/beta.md &&
	git add handoffs/beta.md && as jane@vendor.example commit -q -m "beta, ticked" &&
	test_expect_code 1 git push -q origin main 2>err && cat err &&
	grep "remote: handoffs/beta.md:[0-9]*:1: error: /checklist: commit [0-9a-f]* by jane@vendor.example: ticks .$CS_ITEM." err &&
	git reset -q --hard origin/main
'

test_expect_success 'ticked_by names roles the config declares, at its line in the kind' '
	cd w && mkdir -p .handoff/schemas &&
	sed "s/ticked_by: \[cs, cs_manager\]/ticked_by: [cs, deal_desk]/" "$SRC_ROOT/schemas/deal-handoff.yaml" \
		>.handoff/schemas/deal-handoff.yaml &&
	test_expect_code 2 git handoff validate handoffs/acme.md 2>err; cat err &&
	grep -E "deal-handoff.yaml:[0-9]+:[0-9]+: error: .*names role .deal_desk., which .handoff/config.yaml does not declare" err &&
	sed "s/ticked_by: \[cs, cs_manager\]/ticked_by: cs/" "$SRC_ROOT/schemas/deal-handoff.yaml" \
		>.handoff/schemas/deal-handoff.yaml &&
	test_expect_code 2 git handoff validate handoffs/acme.md 2>err; cat err &&
	grep -E "deal-handoff.yaml:[0-9]+:[0-9]+: error: .*.ticked_by. must be a list of roles" err &&
	rm -r .handoff/schemas
'

test_done
