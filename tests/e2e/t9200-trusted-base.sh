#!/bin/sh
# The rules that judge a push come from a trusted base: the ref's old tip,
# else the default branch (the config's default_branch:, else the branch
# the server's HEAD names), else, only in a repository with no commit at
# all, the pushed commit. A plain `git init --bare` names master while the
# team pushes main: a new branch must still not be judged by the config it
# brings.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-httpd.sh"

# a rep who makes herself cs and ops on a new branch and accepts her deal
self_grant() {
	git checkout -q -b "$1" main &&
	sed -i "s/roles: \[sales\], team: east/roles: [sales, cs, ops], team: east/" .handoff/config.yaml &&
	sed -i "s/^  status: .*/  status: accepted/" handoffs/acme.md &&
	as jane@vendor.example commit -q -am "grant myself cs and accept my deal"
}

test_expect_success 'set-up: a bare server whose HEAD names master; main is pushed' '
	git -c init.defaultBranch=master init -q --bare server.git &&
	git handoff -C server.git init >out 2>err && grep "installed hook" out &&
	! grep warning err &&
	test "$(git -C server.git symbolic-ref HEAD)" = refs/heads/master &&
	test_repo w && cd w &&
	echo "  olga@vendor.example: {name: Olga Ops, roles: [ops]}" >>.handoff/config.yaml &&
	sed "s/^  status: accepted/  status: pending/; s/^- \[x\] CS accepted/- [ ] CS accepted/" \
		"$EXAMPLES/D-2026-0142-acme-logistics.md" >handoffs/acme.md &&
	git add -A && as olga@vendor.example commit -q -m "the rules, a first handoff" &&
	git remote add origin ../server.git && git push -q origin main
'

test_expect_success 'HEAD names a missing branch, no default_branch: a new branch is refused' '
	cd w && self_grant grant1 &&
	test_expect_code 1 git push -q origin grant1 2>err && cat err &&
	grep "remote: refs/heads/grant1: error: creates a branch, but there are no rules to judge it by: HEAD names refs/heads/master, which does not exist" err &&
	! git -C ../server.git rev-parse -q --verify refs/heads/grant1 &&
	git checkout -q main
'

test_expect_success 'init on the server warns that HEAD names a missing branch' '
	git handoff -C server.git init >out 2>err && cat out err &&
	grep "warning: pushes that create a branch are refused .* HEAD names refs/heads/master" err &&
	test "$(git -C server.git symbolic-ref HEAD)" = refs/heads/master
'

test_expect_success 'with default_branch: main in the config, the new branch is judged by main' '
	cd w && echo "default_branch: main" >>.handoff/config.yaml &&
	as olga@vendor.example commit -q -am "new branches are judged by main" &&
	git push -q origin main &&
	self_grant grant2 &&
	test_expect_code 1 git push -q origin grant2 2>err && cat err &&
	grep "remote: .handoff/config.yaml: error: commit [0-9a-f]* by jane@vendor.example: changes the handoff rules, which only people with the ops role" err &&
	grep "remote: handoffs/acme.md:[0-9]*:1: error: /acceptance/status: commit [0-9a-f]* by jane@vendor.example: sets acceptance to .accepted., but only people with the cs or cs_manager role" err &&
	! git -C ../server.git rev-parse -q --verify refs/heads/grant2 &&
	git checkout -q main
'

test_expect_success 'HEAD naming a missing branch: the default branch is the protected one' '
	cd w && sed "s/^id: D-2026-0142/id: D-2026-0500/; s/^  status: .*/  status: draft/" \
		handoffs/acme.md >handoffs/draft.md &&
	git add handoffs/draft.md && as jane@vendor.example commit -q -m "a draft" &&
	test_expect_code 1 git push -q origin main 2>err && cat err &&
	grep "remote: handoffs/draft.md:[0-9]*:[0-9]*: error: /acceptance/status: at [0-9a-f]*: a draft cannot land on main" err &&
	git reset -q --hard HEAD~1
'

test_expect_success 'init on the server points HEAD at the default branch the config names' '
	git handoff -C server.git init >out && cat out &&
	grep "pointed HEAD at refs/heads/main" out &&
	test "$(git -C server.git symbolic-ref HEAD)" = refs/heads/main
'

test_expect_success 'init --default-branch in an empty bare repository points HEAD before any push' '
	git -c init.defaultBranch=master init -q --bare empty.git &&
	git handoff -C empty.git init --default-branch main >out && cat out &&
	grep "pointed HEAD at refs/heads/main" out &&
	test "$(git -C empty.git symbolic-ref HEAD)" = refs/heads/main &&
	test_expect_code 2 git handoff -C empty.git init --default-branch "a b" 2>err &&
	grep "not a branch name" err
'

test_expect_success 'init in a work tree writes default_branch, which validates' '
	git init -q -b trunk wt && cd wt && git handoff init >out &&
	grep "^default_branch: trunk$" .handoff/config.yaml &&
	git handoff validate
'

test_expect_success 'a new branch by the rep with the rules unchanged goes through' '
	cd w && git checkout -q -b topic main &&
	sed "s/^id: D-2026-0142/id: D-2026-0999/; s/^- \[x\] CS accepted/- [ ] CS accepted/" \
		handoffs/acme.md >handoffs/beta.md &&
	git add handoffs/beta.md && as jane@vendor.example commit -q -m beta &&
	git push -q origin topic && git checkout -q main
'

httpd_start

test_expect_success 'over HTTP: a rep cannot grant herself roles on a new branch' '
	httpd_skip_unless_running && return 0
	httpd_repo web && git -C "$HTTPD_SRV/web.git" symbolic-ref HEAD refs/heads/master &&
	httpd_own &&
	cd w && git checkout -q main &&
	git push -q "$(httpd_url olga web)" main &&
	self_grant grant3 &&
	test_expect_code 1 git push -q "$(httpd_url jane web)" grant3 2>err && cat err &&
	grep "remote: handoffs/acme.md:[0-9]*:1: error: /acceptance/status: commit [0-9a-f]* by jane@vendor.example: sets acceptance" err &&
	! git -C "$HTTPD_SRV/web.git" rev-parse -q --verify refs/heads/grant3 &&
	git checkout -q main
'

httpd_stop
test_done
