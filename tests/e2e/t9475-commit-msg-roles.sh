#!/bin/sh
# The commit-msg hook warns at commit time when the one committing lacks
# a role the server will ask for (a decision by a rep, a change to the
# rules by someone not ops, a material change after acceptance by someone
# who may not make it), by the config at HEAD; it only warns (the commit
# is made), and says nothing when the role is there. A missing
# Handoff-Reason still refuses the commit.
. "$(dirname "$0")/lib.sh"

# as <email> <git args>...: git run by that person, the hooks installed
as() {
	email=$1
	shift
	test_tick &&
	GIT_AUTHOR_EMAIL=$email GIT_COMMITTER_EMAIL=$email git "$@"
}

test_expect_success 'set-up: the hooks, a submitted handoff' '
	test_repo r && cd r &&
	printf "  olga@vendor.example: {name: Olga Ops, roles: [ops]}\n" >>.handoff/config.yaml &&
	git handoff init >/dev/null && test -x .git/hooks/commit-msg &&
	sed "s/^  status: accepted/  status: submitted/" \
		"$EXAMPLES/D-2026-0142-acme-logistics.md" >handoffs/acme.md &&
	git add -A && as olga@vendor.example commit -q -m "rules, a handoff" 2>err &&
	! grep "warning" err
'

test_expect_success 'a rep who accepts her own handoff is warned, and the commit is made' '
	cd r && sed -i "s/^  status: submitted/  status: accepted/" handoffs/acme.md &&
	as jane@vendor.example commit -q -am "accept it myself" 2>err && cat err &&
	grep "warning: /acceptance/status: this commit by jane@vendor.example sets acceptance to .accepted., but only people with the cs or cs_manager role may decide a deal-handoff" err &&
	test "$(git log -1 --format=%s)" = "accept it myself" &&
	git reset -q --hard HEAD~1
'

test_expect_success 'CS accepting is not warned' '
	cd r && sed -i "s/^  status: submitted/  status: accepted/" handoffs/acme.md &&
	as sam@vendor.example commit -q -am "accept" 2>err && cat err &&
	! grep "warning" err
'

test_expect_success 'a material change after acceptance: no reason refuses; a rep with one is warned' '
	cd r && sed -i "s/^  acv: .*/  acv: 140000/" handoffs/acme.md &&
	test_expect_code 1 as jane@vendor.example commit -q -am "lower the ACV" 2>err && cat err &&
	grep "without a .Handoff-Reason:. trailer" err &&
	as jane@vendor.example commit -q -am "lower the ACV" -m "Handoff-Reason: addendum" 2>err && cat err &&
	grep "warning: /contract/acv: this commit by jane@vendor.example changes /contract/acv of an accepted deal-handoff, which only people with the .* role may do" err &&
	git reset -q --hard HEAD~1 &&
	sed -i "s/^  acv: .*/  acv: 140000/" handoffs/acme.md &&
	as sam@vendor.example commit -q -am "lower the ACV" -m "Handoff-Reason: addendum" 2>err &&
	! grep "warning" err
'

test_expect_success 'a rules change by someone not ops is warned; by ops it is not' '
	cd r && printf "sla:\n  customer_introduction: 72h\n" >>.handoff/config.yaml &&
	as jane@vendor.example commit -q -am "a longer SLA" 2>err && cat err &&
	grep "warning: this commit by jane@vendor.example changes the handoff rules, which only people with the ops role in .handoff/config.yaml may do" err &&
	git reset -q --hard HEAD~1 &&
	printf "sla:\n  customer_introduction: 72h\n" >>.handoff/config.yaml &&
	as olga@vendor.example commit -q -am "a longer SLA" 2>err && ! grep "warning" err
'

test_done
