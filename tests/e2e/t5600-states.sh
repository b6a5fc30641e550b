#!/bin/sh
# A record's states: a draft with placeholders commits (with the real
# pre-commit hook: warnings) and pushes to a branch of a real server with
# our pre-receive hook, but not to the protected branch; CI's
# validate --range --protected says the same; submit refuses it while it
# is incomplete; CS cannot decide on a draft; review and status show the
# state; once complete and submitted, it lands on main.
. "$(dirname "$0")/lib.sh"

# complete <id>: the complete example as <id>, still a draft
complete() {
	sed -e "s/^id: D-2026-0142/id: $1/" \
	    -e "/^acceptance:/,/^---/{/^  by:/d;/^  at:/d;s/^  status: .*/  status: draft/}" \
	    -e "s/^- \[x\] CS accepted handoff/- [ ] CS accepted handoff/" \
	    "$EXAMPLES/D-2026-0142-acme-logistics.md"
}

# ops <git args>...: as Olga, who may change the rules
ops() {
	test_tick &&
	GIT_AUTHOR_EMAIL=olga@vendor.example GIT_COMMITTER_EMAIL=olga@vendor.example \
		git "$@"
}

test_expect_success 'set-up: a server with the hook, a clone with the pre-commit hook' '
	git init -q --bare server.git &&
	git handoff -C server.git init >out && test -x server.git/hooks/pre-receive &&
	test_repo w && cd w && git handoff init >../init.out &&
	test -x .git/hooks/pre-commit &&
	echo "  olga@vendor.example: {name: Olga Ops, roles: [ops]}" >>.handoff/config.yaml &&
	git remote add origin ../server.git &&
	git add -A && ops commit -q -m "the rules" &&
	git push -q origin main
'

test_expect_success 'a new record starts as a draft' '
	cd w && git handoff new deal-handoff D-3 --account "Acme" >out &&
	grep "^  status: draft" handoffs/D-3.md
'

test_expect_success 'a draft with placeholders commits: the hook warns, exit 0' '
	cd w && git add handoffs/D-3.md && test_tick &&
	git commit -q -m "start D-3" 2>err && cat err &&
	test "$(git log -1 --format=%s)" = "start D-3" &&
	grep "handoffs/D-3.md:[0-9]*:[0-9]*: warning: /owners/cs_manager: .<fill in>. is a placeholder" err &&
	grep "warning: /checklist/Stakeholder map created: .Stakeholder map created. must be ticked" err &&
	! grep ": error: " err &&
	grep "git-handoff: handoffs/D-3.md is a draft: [0-9]* warnings until it is submitted" err
'

test_expect_success 'validate says how many warnings stand until it is submitted' '
	cd w && git handoff validate 2>err; test $? = 0 && cat err &&
	grep "^1 record checked, 0 with problems (0 errors), 1 draft ([0-9]* warnings until it is submitted)$" err &&
	git handoff validate --format json handoffs/D-3.md >out.json &&
	grep -F "\"ok\":true" out.json && grep -F "\"severity\":\"warning\",\"code\":\"placeholder\"" out.json
'

test_expect_success 'structural problems still block a draft' '
	cd w && sed -i "s/^segment: .*/segment: huge/" handoffs/D-3.md &&
	git add handoffs/D-3.md && test_tick &&
	test_expect_code 1 git commit -q -m "bad segment" 2>err && cat err &&
	grep "handoffs/D-3.md:[0-9]*:[0-9]*: error: /segment: .huge. is not one of" err &&
	grep "commit refused: 1 problem" err &&
	git checkout -q HEAD -- handoffs/D-3.md
'

test_expect_success 'the draft pushes to a branch' '
	cd w && git push -q origin HEAD:refs/heads/draft/D-3 2>err && cat err &&
	test "$(git -C ../server.git rev-parse draft/D-3)" = "$(git rev-parse HEAD)"
'

test_expect_success 'the protected branch refuses the draft, naming the file' '
	cd w && before=$(test_tree_hash ../server.git) &&
	test_expect_code 1 git push -q origin main 2>err && cat err &&
	grep "remote: handoffs/D-3.md:[0-9]*:[0-9]*: error: /acceptance/status: at [0-9a-f]\{7\}: a draft cannot land on main: submit it (git handoff submit handoffs/D-3.md) once it is complete" err &&
	grep "remote: git-handoff: push refused: 1 problem" err &&
	test "$before" = "$(test_tree_hash ../server.git)"
'

test_expect_success 'CI: validate --range --protected refuses the draft too' '
	cd w && git fetch -q origin &&
	git handoff validate --range origin/main..HEAD 2>err && cat err &&
	test_expect_code 1 git handoff validate --range origin/main..HEAD --protected 2>err &&
	cat err &&
	grep "handoffs/D-3.md:[0-9]*:[0-9]*: error: /acceptance/status: at [0-9a-f]\{7\}: a draft cannot land on a protected branch" err &&
	test_expect_code 2 git handoff validate --protected 2>err &&
	grep "protected goes with --range" err
'

test_expect_success 'the config names the protected branches' '
	git init -q --bare s2.git && git handoff -C s2.git init >/dev/null &&
	test_repo w2 && cd w2 &&
	echo "  olga@vendor.example: {name: Olga Ops, roles: [ops]}" >>.handoff/config.yaml &&
	echo "protected: [release]" >>.handoff/config.yaml &&
	git add -A && ops -c core.hooksPath=/dev/null commit -q -m rules &&
	git remote add origin ../s2.git && git push -q origin main &&
	git handoff new deal-handoff D-9 >/dev/null && git add -A && test_tick &&
	git -c core.hooksPath=/dev/null commit -q -m draft &&
	git push -q origin main &&
	test_expect_code 1 git push -q origin main:release 2>err && cat err &&
	grep "a draft cannot land on release" err &&
	echo "protected: [main, \"a b\"]" >bad.yaml &&
	sed -i "s/^protected: .*/protected: 7/" .handoff/config.yaml &&
	test_expect_code 2 git handoff validate 2>err && cat err &&
	grep "protected" err
'

test_expect_success 'review and status show the draft' '
	cd w && git handoff review handoffs/D-3.md >out && cat out &&
	grep "^Handoff review: D-3 (handoffs/D-3.md): draft$" out &&
	grep "^A draft: not submitted yet" out &&
	git handoff review --format json handoffs/D-3.md >out.json &&
	grep -F "\"id\":\"D-3\",\"state\":\"draft\"" out.json &&
	git handoff status >out && cat out &&
	grep "handoffs/D-3.md  draft$" out
'

test_expect_success 'CS cannot decide on a draft' '
	cd w && cp handoffs/D-3.md before &&
	GIT_AUTHOR_EMAIL=sam@vendor.example test_expect_code 1 \
		git handoff accept handoffs/D-3.md 2>err && cat err &&
	grep "handoffs/D-3.md is a draft: submit it first (git handoff submit handoffs/D-3.md)" err &&
	GIT_AUTHOR_EMAIL=sam@vendor.example test_expect_code 1 \
		git handoff reject handoffs/D-3.md --gap "all of it" 2>err &&
	grep "is a draft: submit it first" err &&
	cmp before handoffs/D-3.md
'

test_expect_success 'submit refuses an incomplete record, printing its problems' '
	cd w && test_expect_code 1 git handoff submit handoffs/D-3.md 2>err && cat err &&
	grep "handoffs/D-3.md:[0-9]*:[0-9]*: error: /owners/cs_manager: .<fill in>. is a placeholder" err &&
	grep "git-handoff: submit: handoffs/D-3.md is not complete: it stays a draft" err &&
	cmp before handoffs/D-3.md
'

test_expect_success 'submit --commit takes the record as committed' '
	cd w && complete D-3 >handoffs/D-3.md &&
	test_expect_code 1 git handoff submit handoffs/D-3.md --commit 2>err && cat err &&
	grep "has changes that are not committed; a handoff is submitted as committed" err &&
	grep "^  status: draft" handoffs/D-3.md
'

test_expect_success 'complete, submitted, the record lands on main' '
	cd w && git add handoffs/D-3.md && test_tick && git commit -q -m "D-3 complete" 2>err &&
	! grep "is a draft" err &&
	test_expect_code 1 git push -q origin main 2>err &&
	grep "a draft cannot land on main" err &&
	git handoff submit handoffs/D-3.md --commit >out && cat out &&
	grep "^handoffs/D-3.md: submitted$" out &&
	test "$(git log -1 --format=%s)" = "Submit handoff handoffs/D-3.md" &&
	sed -n "/^acceptance:/,/^---/p" handoffs/D-3.md >block &&
	printf "acceptance:\n  status: submitted\n---\n" >expect && test_cmp expect block &&
	git diff --quiet HEAD &&
	git handoff validate --range origin/main..HEAD --protected &&
	git push -q origin main &&
	test "$(git -C ../server.git rev-parse main)" = "$(git rev-parse HEAD)"
'

test_expect_success 'status, review and report show it submitted' '
	cd w && git handoff status >out && cat out &&
	grep "handoffs/D-3.md  submitted, awaiting acceptance$" out &&
	git handoff review handoffs/D-3.md >out &&
	grep "^Handoff review: D-3 (handoffs/D-3.md): submitted$" out &&
	git handoff report --format json >r.json && cat r.json &&
	grep -F "\"states\":{\"draft\":0,\"submitted\":1,\"accepted\":0,\"rejected\":0,\"needs-revision\":0}" r.json &&
	git handoff report --format csv >r.csv && head -1 r.csv | grep ",draft,submitted,accepted,rejected,needs_revision" &&
	grep ",0,1,0,0,0,deal-handoff.$" r.csv
'

test_expect_success 'CS accepts the submitted record' '
	cd w && GIT_AUTHOR_EMAIL=sam@vendor.example git handoff accept handoffs/D-3.md >out &&
	grep "accepted" out && grep "^  status: accepted" handoffs/D-3.md &&
	test_expect_code 1 git handoff submit handoffs/D-3.md 2>err &&
	grep "is accepted already" err
'

test_expect_success 'a kind names its state field by a JSON pointer' '
	printf "type: object\nx-handoff:\n  state: acceptance/status\n" >k.yaml &&
	test_expect_code 2 git handoff schema check k.yaml 2>err && cat err &&
	grep "k.yaml:3:10: error: /x-handoff/state: .state. must be a JSON pointer" err &&
	printf "type: object\nx-handoff:\n  state: /acceptance/status\n" >k.yaml &&
	git handoff schema check k.yaml
'

test_expect_success 'the SLA clock of completion starts at submission, not at a complete draft' '
	test_repo s && cd s &&
	complete D-5 >handoffs/D-5.md && git add -A &&
	GIT_COMMITTER_DATE="2026-11-02T20:00:00+09:00" git -c core.hooksPath=/dev/null commit -q -m draft &&
	sed -i "s/^  status: draft/  status: submitted/" handoffs/D-5.md &&
	GIT_COMMITTER_DATE="2026-11-04T20:00:00+09:00" git -c core.hooksPath=/dev/null commit -q -am submit &&
	git handoff score --explain >out && cat out &&
	grep "Handoff within SLA  *0 / 15 .*done 2026-11-04T11:00:00" out
'

test_done
