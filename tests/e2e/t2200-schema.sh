#!/bin/sh
# schema check / show / list, and a repository's own kinds.
. "$(dirname "$0")/lib.sh"

test_expect_success 'the built-in kind is a good schema' '
	git handoff schema check "$SRC_ROOT/schemas/deal-handoff.yaml" 2>err &&
	grep ": ok$" err
'

test_expect_success 'a wrong schema: every problem with line and column, exit 2' '
	cat >bad.yaml <<-\EOF2 &&
	type: object
	properties:
	  id: {tpye: string}
	  due: {type: string, format: dates}
	  code: {type: string, pattern: "([a-z]"}
	  n: {$ref: "#/$defs/nowhere"}
	x-handoff:
	  sections:
	    - {heading: Overview, min_words: many}
	  placeholders: ["(unclosed"]
	  colour: blue
	EOF2
	test_expect_code 2 git handoff schema check bad.yaml 2>err &&
	grep "^bad.yaml:3:8: error: .*tpye" err &&
	grep "^bad.yaml:4:.*dates" err &&
	grep "^bad.yaml:5:.*missing closing parenthesis" err &&
	grep "^bad.yaml:6:.*nowhere" err &&
	grep "^bad.yaml:9:.*min_words" err &&
	grep "^bad.yaml:10:.*bad pattern" err &&
	grep "^bad.yaml:11:3: error: .*colour" err
'

test_expect_success 'a catastrophic pattern fails the check, it does not hang' '
	test_repo r && cd r && mkdir -p .handoff/schemas &&
	cat >.handoff/schemas/slow-kind.yaml <<-\EOF2 &&
	type: object
	properties:
	  kind: {const: slow-kind}
	  name: {type: string, pattern: "^(a+)+$"}
	EOF2
	{ printf -- "---\nkind: slow-kind\nname: "; head -c 5000 /dev/zero | tr "\0" a; printf "!\n---\n"; } >handoffs/s.md &&
	test_expect_code 1 git handoff validate handoffs/s.md 2>err &&
	grep "handoffs/s.md:3:7: error: /name: .*limit" err
'

test_expect_success 'a repository kind replaces the built-in of its name' '
	cd r && cp "$SRC_ROOT/schemas/deal-handoff.yaml" .handoff/schemas/ &&
	sed -i "s/^title: .*/title: Our own deal handoff/" .handoff/schemas/deal-handoff.yaml &&
	git handoff schema show deal-handoff 2>err >out &&
	grep "Our own deal handoff" out && grep ".handoff/schemas/deal-handoff.yaml" err
'

test_expect_success 'schema list has the repository kinds too' '
	cd r && git handoff schema list >out &&
	grep "^slow-kind$" out && grep "^deal-handoff$" out
'

test_expect_success 'show of an unknown kind fails' '
	test_expect_code 2 git handoff schema show nope 2>err && grep "unknown kind" err
'

test_done
