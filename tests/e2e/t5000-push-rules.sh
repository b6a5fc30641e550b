#!/bin/sh
# The server's rules: real pushes to a bare repository with the
# pre-receive hook installed by `git handoff init`, from clones whose
# client hooks are skipped (--no-verify, core.hooksPath=/dev/null), so the
# server alone decides. Then the same rules in CI with validate --range.
. "$(dirname "$0")/lib.sh"

# status <file> <value>: set acceptance.status, nothing else
status() {
	sed -i "s/^  status: .*/  status: $2/" "$1"
}

test_expect_success 'set-up: a bare server with the hook, a clone with the rules' '
	git init -q --bare server.git &&
	git handoff -C server.git init >out && grep "installed hook" out &&
	test -x server.git/hooks/pre-receive &&
	test_repo w && cd w &&
	cat >>.handoff/config.yaml <<-CFG &&
	  olga@vendor.example: {name: Olga Ops, roles: [ops]}
	CFG
	git remote add origin ../server.git &&
	sed "s/^  status: accepted/  status: pending/" \
		"$EXAMPLES/D-2026-0142-acme-logistics.md" >handoffs/acme.md &&
	git add -A && as olga@vendor.example commit -q -m "the rules, a first handoff" &&
	git push -q origin main 2>err && cat err
'

test_expect_success 'a rep who accepts her own handoff is refused, naming commit, file and rule' '
	cd w && status handoffs/acme.md accepted &&
	as jane@vendor.example commit -q -am "accept it myself" &&
	c=$(git rev-parse --short=7 HEAD) && before=$(test_tree_hash ../server.git) &&
	test_expect_code 1 git push -q origin main 2>err && cat err &&
	test "$before" = "$(test_tree_hash ../server.git)" &&
	grep "remote: handoffs/acme.md:[0-9]*:1: error: /acceptance/status: commit $c by jane@vendor.example: sets acceptance to .accepted., but only people with the cs or cs_manager role" err &&
	grep "remote: git-handoff: push refused: 1 problem" err &&
	grep "pre-receive hook declined" err &&
	test "$(git -C ../server.git rev-parse main)" = "$(git rev-parse HEAD~1)" &&
	git reset -q --hard HEAD~1
'

test_expect_success 'a rep who gives herself the CS role in the same push is still refused' '
	cd w && sed -i "s/roles: \[sales\], team: east/roles: [sales, cs], team: east/" .handoff/config.yaml &&
	status handoffs/acme.md accepted &&
	as jane@vendor.example commit -q -am "promote myself and accept" &&
	test_expect_code 1 git push -q origin main 2>err && cat err &&
	grep "remote: .handoff/config.yaml: error: commit .* changes the handoff rules, which only people with the ops role" err &&
	grep "remote: handoffs/acme.md:.*only people with the cs or cs_manager role" err &&
	git reset -q --hard HEAD~1
'

test_expect_success 'ops may change the rules, but not break them' '
	cd w && mkdir -p .handoff/schemas &&
	printf "type: object\nproperties:\n  id: {tpye: string}\n" >.handoff/schemas/deal-handoff.yaml &&
	git add -A && as olga@vendor.example commit -q -m "a schema of our own" &&
	test_expect_code 1 git push -q origin main 2>err && cat err &&
	grep "remote: .handoff/schemas/deal-handoff.yaml:3:8: error: /properties/id/tpye: commit [0-9a-f]*: unknown keyword .tpye." err &&
	git reset -q --hard HEAD~1
'

test_expect_success 'the CS manager accepts; the push goes through' '
	cd w && status handoffs/acme.md accepted &&
	as kim@vendor.example commit -q -am "accept acme" &&
	git push -q origin main &&
	test "$(git -C ../server.git rev-parse main)" = "$(git rev-parse HEAD)"
'

test_expect_success 'a material change after acceptance needs a reason and a CS author' '
	cd w && sed -i "s/^    text: SSO with Okta live before go-live/    text: SSO with Okta live after go-live/" handoffs/acme.md &&
	as sam@vendor.example commit -q -am "move SSO" &&
	test_expect_code 1 git push -q origin main 2>err && cat err &&
	grep "remote: handoffs/acme.md:[0-9]*:1: error: /commitments/C1/text: commit .* by sam@vendor.example: changes /commitments/C1/text of an accepted handoff without a .Handoff-Reason:. trailer" err &&
	as sam@vendor.example commit -q --amend -m "move SSO" -m "Handoff-Reason: customer asked, ticket 4411" &&
	git push -q origin main
'

test_expect_success 'the same change by the rep, even with a reason, is refused' '
	cd w && sed -i "s/^    text: SSO with Okta live after go-live/    text: SSO whenever/" handoffs/acme.md &&
	as jane@vendor.example commit -q -am "loosen SSO" -m "Handoff-Reason: I think so" &&
	test_expect_code 1 git push -q origin main 2>err &&
	grep "only people with the cs, cs_manager or ops role may do" err &&
	git reset -q --hard origin/main
'

test_expect_success 'an accepted push keeps the ids it read; a copy of a record is refused by them' '
	cd w && blob=$(git rev-parse HEAD:handoffs/acme.md) &&
	grep "^$blob m [0-9]* [0-9]* D-2026-0142\$" ../server.git/handoff/ids &&
	cp handoffs/acme.md handoffs/copy.md && git add handoffs/copy.md &&
	as kim@vendor.example commit -q -m "a copy" &&
	before=$(test_tree_hash ../server.git) &&
	test_expect_code 1 git push -q origin main 2>err && cat err &&
	grep "remote: handoffs/copy.md:.*id .D-2026-0142. is also used by handoffs/acme.md" err &&
	grep "remote: handoffs/acme.md:.*id .D-2026-0142. is also used by handoffs/copy.md" err &&
	test "$before" = "$(test_tree_hash ../server.git)" &&
	git reset -q --hard HEAD~1
'

test_expect_success 'a new branch and a deleted branch work; an invalid record on a branch is refused' '
	cd w && git checkout -q -b topic &&
	sed "s/^id: D-2026-0142/id: D-2026-0999/; s/^  status: accepted/  status: pending/
		s/^- \[x\] CS accepted handoff/- [ ] CS accepted handoff/" \
		handoffs/acme.md >handoffs/beta.md && git add handoffs/beta.md &&
	as jane@vendor.example commit -q -m "beta" &&
	git push -q origin topic &&
	git push -q origin :topic &&
	! git -C ../server.git rev-parse -q --verify refs/heads/topic &&
	sed -i "/^segment:/d" handoffs/beta.md &&
	as jane@vendor.example commit -q -am "lose the segment" &&
	test_expect_code 1 git push -q origin topic 2>err && cat err &&
	grep "remote: handoffs/beta.md:2:1: error: /segment: commit [0-9a-f]*: required property .segment. is missing" err &&
	git checkout -q main
'

test_expect_success 'a forced push that drops the acceptance is refused' '
	cd w && git reset -q --hard HEAD~2 &&
	as jane@vendor.example commit -q --allow-empty -m "rewrite" &&
	test_expect_code 1 git push -q -f origin main 2>err && cat err &&
	grep "the forced update of refs/heads/main drops this commit" err &&
	git reset -q --hard origin/main
'

test_expect_success 'an annotated tag, and 3000 new branches in one push' '
	cd w && git tag -a -m "first acceptance" v1 && git push -q origin v1 &&
	test "$(git -C ../server.git rev-parse v1^{commit})" = "$(git rev-parse HEAD)" &&
	i=0 && while [ $i -lt 3000 ]; do echo "create refs/heads/many/b$i HEAD"; i=$((i + 1)); done |
		git update-ref --stdin &&
	git push -q origin "refs/heads/many/*:refs/heads/many/*" &&
	test "$(git -C ../server.git for-each-ref refs/heads/many | wc -l)" = 3000
'

test_expect_success 'the hook reads CRLF input without a final line feed' '
	head=$(git -C server.git rev-parse main) && zero=$(printf "%040d" 0) &&
	printf "%s %s refs/heads/x\r\n%s %s refs/heads/y" "$zero" "$head" "$head" "$zero" |
		git -C server.git handoff hook pre-receive
'

test_expect_success 'the hook refuses malformed input and changes nothing' '
	before=$(test_tree_hash server.git) &&
	printf "not a line\n" | test_expect_code 2 git -C server.git handoff hook pre-receive 2>err &&
	grep "line 1 of the input is not" err &&
	printf "" | git -C server.git handoff hook pre-receive &&
	test "$before" = "$(test_tree_hash server.git)"
'

test_expect_success 'notes refs are pushed and judged like any ref (4.9)' '
	cd w && git notes add -m "reviewed on the call" HEAD &&
	git -c core.hooksPath=/dev/null push -q origin refs/notes/commits &&
	test "$(git -C ../server.git rev-parse refs/notes/commits)" = "$(git rev-parse refs/notes/commits)"
'

test_expect_success '10,000 ref lines on the hook input, one of them bad (4.9)' '
	head=$(git -C server.git rev-parse main) && zero=$(printf "%040d" 0) &&
	i=0 && while [ $i -lt 10000 ]; do echo "$zero $head refs/heads/load/$i"; i=$((i + 1)); done >lines &&
	timeout 60 git -C server.git handoff hook pre-receive <lines &&
	echo "$zero $(printf "%064d" 1) refs/heads/load/wide" >>lines &&
	test_expect_code 2 timeout 60 git -C server.git handoff hook pre-receive <lines 2>err &&
	grep "line 10001 of the input is not .<old> <new> <ref>." err &&
	echo "$zero $(printf "%040d" 7) refs/heads/load/ghost" |
		test_expect_code 2 git -C server.git handoff hook pre-receive 2>err &&
	grep "cannot read .0*7. pushed to refs/heads/load/ghost: not in the repository (nor in the push quarantine)" err
'

test_expect_success 'CI: validate --range applies the same rules, as GitHub annotations' '
	cd w && status handoffs/acme.md rejected &&
	as jane@vendor.example commit -q -am "reject it myself" &&
	test_expect_code 1 git handoff validate --range origin/main..HEAD --format github >out &&
	cat out && grep "^::error file=handoffs/acme.md,line=[0-9]*,col=1,title=acceptance-role::" out &&
	git handoff validate --range HEAD~1..HEAD~1 &&
	git reset -q --hard origin/main
'

test_expect_success 'the GitLab CI job of examples/ci, run as a merge request pipeline' '
	cd w && git checkout -q -b mr && status handoffs/acme.md rejected &&
	as jane@vendor.example commit -q -am "reject it myself" &&
	python3 -c "import sys, yaml; print(yaml.safe_load(open(sys.argv[1]))[\"handoff\"][\"script\"][0])" \
		"$EXAMPLES/ci/gitlab-ci.yml" >../job.sh &&
	CI_MERGE_REQUEST_TARGET_BRANCH_NAME=main test_expect_code 1 sh -e ../job.sh 2>err && cat err &&
	grep "handoffs/acme.md:[0-9]*:1: error: /acceptance/status: commit .* by jane@vendor.example" err &&
	grep "^### Handoff review: D-2026-0142" packets/acme.md &&
	python3 -c "import json; r = json.load(open(\"handoff.sarif\"))[\"runs\"][0][\"results\"]; assert sorted(x[\"ruleId\"] for x in r) == [\"acceptance-role\", \"required\"], r" &&
	git checkout -q main && rm -rf packets handoff.sarif
'

test_expect_success 'the GitHub Actions workflow of examples/ci parses, its shell steps too' '
	python3 - "$EXAMPLES/ci/github-actions.yml" >steps.sh <<-\PY &&
	import re, sys, yaml
	w = yaml.safe_load(open(sys.argv[1]))
	for step in w["jobs"]["handoff"]["steps"]:
	    if "run" in step:
	        print(re.sub(r"\$\{\{[^}]*\}\}", "x", step["run"]))
	PY
	sh -n steps.sh && grep -c "git handoff" steps.sh | grep -q "^[4-9]"
'

test_done
