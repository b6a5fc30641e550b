#!/bin/sh
# The rest of the evidence through a real HTTP server (lib-httpd.sh): a
# rejection cannot be erased by a forced push, a commit dated a month
# before the server received it is timed by its receipt and flagged,
# a squash merge of the handoff branch keeps the score the receipts gave,
# a moved contract.signed needs a reason, a future-dated commit is
# flagged, and a decision by someone revoked on main cannot arrive there
# through a merge.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-httpd.sh"
httpd_start

test_expect_success 'set-up: people with their logins, rules pushed by ops' '
	httpd_skip_unless_running && return 0
	httpd_repo s &&
	test_repo w && cd w &&
	httpd_people &&
	git add -A && as olga@vendor.example commit -q -m "rules" &&
	git push -q "$(httpd_url olga s)" main &&
	git remote add origin "$(httpd_url jane s)"
'

test_expect_success 'a commit dated a month before the server got it: timed by the receipt, flagged' '
	httpd_skip_unless_running && return 0
	cd w &&
	sed "s/^  status: accepted/  status: pending/; s/^- \[x\] CS accepted/- [ ] CS accepted/; /^  by: /d; /^  at: /d" \
		"$EXAMPLES/D-2026-0142-acme-logistics.md" >handoffs/acme.md &&
	git add -A && as jane@vendor.example commit -q -m "a handoff, dated in November" &&
	git push -q origin main &&
	git fetch -q origin refs/notes/handoff:refs/notes/handoff &&
	git notes --ref=handoff show HEAD >note && grep -x "pusher: jane" note &&
	git handoff score handoffs/acme.md >out && cat out &&
	grep "^clock: server receipts" out &&
	{ git handoff audit >audit || test $? = 1; } && cat audit &&
	grep "^signal backdated-commit: handoffs/acme.md: commit [0-9a-f]* is dated 2026-11-" audit
'

test_expect_success 'a forced push over HTTP cannot erase CS.s rejection' '
	httpd_skip_unless_running && return 0
	cd w &&
	sed -i "/^acceptance:/,/^---/s/^  status: .*/  status: rejected\n  by: sam@vendor.example\n  at: 2026-11-04T10:05:00+09:00\n  gaps: [the SSO plan]/" handoffs/acme.md &&
	git add -A && as sam@vendor.example commit -q -m "CS rejects" &&
	git push -q "$(httpd_url sam s)" main &&
	git reset -q --hard HEAD~1 &&
	test_expect_code 1 git push -f origin main 2>err && cat err &&
	grep "remote: .*drops this commit, which changed a handoff that has been rejected" err &&
	git fetch -q origin && git reset -q --hard origin/main
'

test_expect_success 'a squash merge of the handoff branch keeps the score the receipts gave' '
	httpd_skip_unless_running && return 0
	cd w &&
	git checkout -q -b fix &&
	sed -i "/^acceptance:/,/^---/{/^  by: /d;/^  at: /d;/^  gaps: /d;s/^  status: .*/  status: pending/}" handoffs/acme.md &&
	sed -i "s/^churn_risk: .*/churn_risk: low/" handoffs/acme.md &&
	git add -A && as jane@vendor.example commit -q -m "answer the gaps" &&
	git push -q origin fix &&
	git fetch -q origin refs/notes/handoff:refs/notes/handoff &&
	git handoff score --rev fix handoffs/acme.md >before && cat before &&
	git checkout -q main && git merge -q --squash fix &&
	as jane@vendor.example commit -q -m "answer the gaps (squashed)" &&
	git push -q origin main &&
	git fetch -q origin refs/notes/handoff:refs/notes/handoff &&
	git handoff score handoffs/acme.md >after && cat after &&
	grep "^handoffs/acme.md  D-2026-0142  .*/100" before &&
	head -n 2 before >before.score && head -n 2 after >after.score &&
	test_cmp before.score after.score	# the warnings name each its own commit
'

test_expect_success 'moving contract.signed without a reason is refused over HTTP' '
	httpd_skip_unless_running && return 0
	cd w &&
	sed -i "s/^  signed: .*/  signed: 2026-11-20T09:00:00+00:00/" handoffs/acme.md &&
	git add -A && as jane@vendor.example commit -q -m "the signature was later" &&
	test_expect_code 1 git push origin main 2>err && cat err &&
	grep "remote: handoffs/acme.md:[0-9]*:[0-9]*: error: /contract/signed: commit [0-9a-f]* by jane@vendor.example: changes /contract/signed, a date that starts an SLA clock" err &&
	git reset -q --hard origin/main
'

test_expect_success 'a commit dated after the server received it is flagged future-dated' '
	httpd_skip_unless_running && return 0
	cd w &&
	sed -i "s/^churn_risk: .*/churn_risk: medium/" handoffs/acme.md &&
	git add -A &&
	GIT_AUTHOR_EMAIL=jane@vendor.example GIT_COMMITTER_EMAIL=jane@vendor.example \
	GIT_AUTHOR_DATE="2030-01-01T00:00:00+00:00" GIT_COMMITTER_DATE="2030-01-01T00:00:00+00:00" \
		git -c core.hooksPath=/dev/null commit -q -m "from the future" &&
	git push -q origin main &&
	git fetch -q origin refs/notes/handoff:refs/notes/handoff &&
	{ git handoff audit >audit || test $? = 1; } && cat audit &&
	grep "^signal future-dated: handoffs/acme.md: commit [0-9a-f]* is dated 2030-01-01" audit
'

test_expect_success 'a decision by someone revoked on main cannot land there through a merge' '
	httpd_skip_unless_running && return 0
	cd w && git fetch -q origin && git reset -q --hard origin/main &&
	sed "s/^id: D-2026-0142/id: D-2026-0143/; s/^  status: .*/  status: pending/" handoffs/acme.md >handoffs/beta.md &&
	sed -i "/^acceptance:/,/^---/{/^  by: /d;/^  at: /d;/^  gaps: /d}" handoffs/beta.md &&
	git add -A && as jane@vendor.example commit -q -m "a second handoff" && git push -q origin main &&
	git checkout -q -b review &&
	sed -i "/^acceptance:/,/^---/s/^  status: .*/  status: accepted\n  by: sam@vendor.example\n  at: 2026-11-04T10:05:00+09:00/" handoffs/beta.md &&
	as sam@vendor.example commit -q -am "accept beta" &&
	git push -q "$(httpd_url sam s)" review &&
	git checkout -q main &&
	sed -i "s/roles: \[cs\], logins: \[sam\]/roles: [sales], logins: [sam]/" .handoff/config.yaml &&
	as olga@vendor.example commit -q -am "Sam moves to sales" && git push -q "$(httpd_url olga s)" main &&
	as kim@vendor.example merge -q --no-ff -m "merge review" review &&
	test_expect_code 1 git push "$(httpd_url kim s)" main 2>err && cat err &&
	grep "remote: handoffs/beta.md:[0-9]*:1: error: /acceptance/status: commit [0-9a-f]* by sam@vendor.example: sets acceptance to .accepted., but only people with the cs or cs_manager role" err
'

httpd_stop
test_done
