#!/bin/sh
# Schemas that cost too much to check, and rules a push may not bring in:
# $refs that double at each level (refused by schema check and when a
# kind is loaded; a budget of work stops what the check cannot see), a
# push that changes the rules without the ops role (its records judged
# by the rules from before it), and .gitattributes as a rule.
# `timeout 60` is a guard against hanging only, never a measurement.
. "$(dirname "$0")/lib.sh"

# doubling <kind>: a schema of 2.6 KB whose $defs a1 ... a40 each apply
# the next twice to the value of `name` (2^40 checks of one value)
doubling() {
	printf "type: object\nproperties:\n  kind: {const: %s}\n  name: {\$ref: '#/\$defs/a1'}\n\$defs:\n" "$1"
	i=1
	while test $i -le 40; do
		printf "  a%d: {allOf: [{\$ref: '#/\$defs/a%d'}, {\$ref: '#/\$defs/a%d'}]}\n" \
			$i $((i + 1)) $((i + 1))
		i=$((i + 1))
	done
	printf "  a41: {type: string}\n"
}

test_expect_success 'schema check of $refs doubling 40 times: an error at the $ref, file:line:col, exit 2' '
	doubling blow >blow.yaml && test $(wc -c <blow.yaml) -lt 3000 &&
	test_expect_code 2 timeout 60 git handoff schema check blow.yaml 2>err && cat err &&
	grep "^blow.yaml:15:47: error: /\$defs/a10/allOf/1/\$ref: \$ref .#/\$defs/a11. applies what it names to one value 1024 times (at most 1000)" err &&
	test_expect_code 2 timeout 60 git handoff schema check --format json blow.yaml >out &&
	grep -F "\"line\":15,\"column\":47" out
'

test_expect_success 'a $ref to itself is refused by schema check, not followed forever' '
	printf "\$defs:\n  a: {\$ref: \"#/\$defs/a\"}\nproperties:\n  x: {\$ref: \"#/\$defs/a\"}\n" >self.yaml &&
	test_expect_code 2 timeout 60 git handoff schema check self.yaml 2>err && cat err &&
	grep "^self.yaml:2:13: error: /\$defs/a/\$ref: \$ref .#/\$defs/a. leads back to the same schema" err
'

test_expect_success 'validate with that kind in .handoff/schemas: refused at schema:line:col, exit 2, no record judged' '
	test_repo r && cd r && mkdir -p .handoff/schemas &&
	doubling blow >.handoff/schemas/blow.yaml &&
	printf -- "---\nkind: blow\nname: x\n---\n" >handoffs/b.md &&
	test_expect_code 2 timeout 60 git handoff validate handoffs/b.md 2>err && cat err &&
	grep "^.handoff/schemas/blow.yaml:15:47: error: /\$defs/a10/allOf/1/\$ref: .*1024 times" err &&
	grep "no record was judged against it" err && ! grep "^handoffs/b.md" err &&
	test_expect_code 2 timeout 60 git handoff validate 2>err &&
	grep "^.handoff/schemas/blow.yaml:15:47: error:" err &&
	rm .handoff/schemas/blow.yaml handoffs/b.md
'

test_expect_success 'the budget stops what the check lets through: exit 1 at the record, naming the schema' '
	cd r && cat >.handoff/schemas/deep.yaml <<-\EOF &&
	type: object
	properties:
	  kind: {const: deep}
	  x: {$ref: "#/$defs/r"}
	$defs:
	  r: {properties: {x: {allOf: [{$ref: "#/$defs/r"}, {$ref: "#/$defs/r"}]}}}
	EOF
	git handoff schema check .handoff/schemas/deep.yaml &&
	{ printf -- "---\nkind: deep\nx: "; i=0; while test $i -lt 30; do printf "{x: "; i=$((i + 1)); done;
	  printf "{}"; i=0; while test $i -lt 30; do printf "}"; i=$((i + 1)); done; printf "\n---\n"; } >handoffs/d.md &&
	test_expect_code 1 timeout 60 git handoff validate handoffs/d.md 2>err && cat err &&
	grep "^handoffs/d.md:3:[0-9]*: error: /x/x/.*: checking against the schema .*deep.yaml. took more than 10000000 steps and was stopped here, so the record cannot be valid" err &&
	test $(grep -c "error:" err) = 1 &&
	test_expect_code 1 timeout 60 git handoff validate --format json handoffs/d.md >out &&
	grep -F "\"code\":\"schema-budget\"" out &&
	rm .handoff/schemas/deep.yaml handoffs/d.md
'

test_expect_success 'set-up: a bare server with the hook; ops sets a kind with level at most 3' '
	git init -q --bare server.git &&
	git handoff -C server.git init >out && grep "installed hook" out &&
	test_repo w && cd w && mkdir -p .handoff/schemas &&
	cat >>.handoff/config.yaml <<-CFG &&
	  olga@vendor.example: {name: Olga Ops, roles: [ops]}
	CFG
	cat >.handoff/schemas/note.yaml <<-\EOF &&
	type: object
	required: [kind, level]
	properties:
	  kind: {const: note}
	  level: {type: integer, maximum: 3}
	EOF
	git remote add origin ../server.git &&
	git add -A && as olga@vendor.example commit -q -m "the rules" &&
	git push -q origin main 2>err && cat err
'

test_expect_success 'a rep pushes the doubling kind, a changed kind and records: refused, judged by the rules from before' '
	cd w && doubling blow >.handoff/schemas/blow.yaml &&
	sed -i "s/maximum: 3/maximum: 1000/; s/required: \[kind, level\]/required: [kind, level, owner]/" .handoff/schemas/note.yaml &&
	printf -- "---\nkind: blow\nname: x\n---\n" >handoffs/b.md &&
	printf -- "---\nkind: note\nlevel: 7\nowner: me\n---\n" >handoffs/n1.md &&
	printf -- "---\nkind: note\nlevel: 2\n---\n" >handoffs/n2.md &&
	git add -A && as jane@vendor.example commit -q -m "my own rules" &&
	c=$(git rev-parse --short=7 HEAD) &&
	test_expect_code 1 timeout 60 git push -q origin main 2>err && cat err &&
	grep "remote: .handoff/schemas/blow.yaml: error: commit $c by jane@vendor.example: changes the handoff rules, which only people with the ops role" err &&
	grep "remote: .handoff/schemas/note.yaml: error: commit $c .*only people with the ops role" err &&
	# the base has no kind blow, and its note allows levels up to 3 only
	grep "remote: handoffs/b.md:2:7: error: /kind: commit $c: unknown kind .blow." err &&
	grep "remote: handoffs/n1.md:3:8: error: /level: commit $c: .*3" err &&
	# valid by the base (the pushed kind would want an owner)
	! grep "handoffs/n2.md" err &&
	# the pushed schemas were never loaded
	! grep "1024 times" err && ! grep "blow.yaml:15" err &&
	test "$(git -C ../server.git rev-parse main)" = "$(git rev-parse HEAD~1)"
'

test_expect_success 'validate --range judges the same way' '
	cd w && c=$(git rev-parse --short=7 HEAD) &&
	test_expect_code 1 timeout 60 git handoff validate --range HEAD~1..HEAD 2>err && cat err &&
	grep "^handoffs/n1.md:3:8: error: /level: commit $c: .*3" err &&
	grep "^handoffs/b.md:2:7: error: /kind: commit $c: unknown kind .blow." err &&
	! grep "handoffs/n2.md" err && ! grep "1024 times" err
'

test_expect_success 'a later commit of the push is judged by the rules from before too' '
	cd w && git rm -q .handoff/schemas/blow.yaml handoffs/b.md &&
	printf -- "---\nkind: note\nlevel: 9\nowner: me\n---\n" >handoffs/n3.md &&
	git add -A && as kim@vendor.example commit -q -m "a later note" &&
	c=$(git rev-parse --short=7 HEAD) &&
	test_expect_code 1 timeout 60 git push -q origin main 2>err && cat err &&
	grep "remote: handoffs/n3.md:3:8: error: /level: commit $c: .*3" err &&
	git reset -q --hard HEAD~2
'

test_expect_success 'ops changing the kind: the push is judged by the new rules and goes through' '
	cd w && mkdir -p handoffs && sed -i "s/maximum: 3/maximum: 1000/" .handoff/schemas/note.yaml &&
	printf -- "---\nkind: note\nlevel: 7\n---\n" >handoffs/n1.md &&
	git add -A && as olga@vendor.example commit -q -m "higher levels" &&
	timeout 60 git push -q origin main 2>err && cat err &&
	test "$(git -C ../server.git rev-parse main)" = "$(git rev-parse HEAD)"
'

test_expect_success '.gitattributes by a rep, at any level and in any case: refused, naming the rule' '
	cd w && for f in .gitattributes handoffs/.gitattributes .GitAttributes; do
		printf "*.md working-tree-encoding=UTF-16\n" >"$f" &&
		git add "$f" && as jane@vendor.example commit -q -m "attributes" &&
		c=$(git rev-parse --short=7 HEAD) &&
		test_expect_code 1 git push -q origin main 2>err && cat err &&
		grep "remote: $f: error: commit $c by jane@vendor.example: changes the handoff rules, which only people with the ops role" err &&
		test "$(git -C ../server.git rev-parse main)" = "$(git rev-parse HEAD~1)" &&
		git reset -q --hard HEAD~1 || return 1
	done
'

test_expect_success 'anything under .handoff/ is a rule too' '
	cd w && printf "notes\n" >.handoff/README &&
	git add -A && as jane@vendor.example commit -q -m "a note" &&
	test_expect_code 1 git push -q origin main 2>err && cat err &&
	grep "remote: .handoff/README: error: commit .* changes the handoff rules" err &&
	git reset -q --hard HEAD~1
'

test_expect_success '.gitattributes by ops: accepted' '
	cd w && printf "*.md text eol=lf\n" >.gitattributes &&
	git add -A && as olga@vendor.example commit -q -m "line ends" &&
	git push -q origin main 2>err && cat err &&
	test "$(git -C ../server.git rev-parse main)" = "$(git rev-parse HEAD)"
'

test_done
