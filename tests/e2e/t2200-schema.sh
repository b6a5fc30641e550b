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

test_expect_success 'the limit message names the record and the pattern in the schema; exit 1 (3.1)' '
	cd r && test_expect_code 1 git handoff validate --format json handoffs/s.md >out &&
	grep -F "\"line\":3,\"column\":7,\"severity\":\"error\",\"code\":\"pattern-limit\"" out &&
	test_expect_code 1 git handoff validate handoffs/s.md 2>err &&
	grep "^handoffs/s.md:3:7: error: /name: pattern .^(a+)+\$. exceeded its match limit (schema line 4:33)$" err
'

test_expect_success 'patterns cannot raise the limits they are held to (3.2)' '
	cd r && sed -i "s/pattern: \"^(a+)+\$\"/pattern: \"(*LIMIT_MATCH=4294967295)(*LIMIT_DEPTH=4294967295)^(a+)+\$\"/" \
		.handoff/schemas/slow-kind.yaml && grep LIMIT_MATCH .handoff/schemas/slow-kind.yaml &&
	test_expect_code 1 git handoff validate handoffs/s.md 2>err && grep "exceeded its" err &&
	GIT_HANDOFF_NO_JIT=1 test_expect_code 1 git handoff validate handoffs/s.md 2>err && grep "exceeded its" err &&
	git checkout -- .handoff 2>/dev/null; sed -i "s/(\*LIMIT_MATCH=4294967295)(\*LIMIT_DEPTH=4294967295)//" .handoff/schemas/slow-kind.yaml
'

test_expect_success 'a bad pattern in a kind: schema:line:col, pcre2 message and offset, exit 2, no record judged (3.4)' '
	cd r && cat >.handoff/schemas/bad-kind.yaml <<-\EOF2 &&
	type: object
	properties:
	  kind: {const: bad-kind}
	  name: {type: string, pattern: "a(b"}
	  x: {type: string, minLength: 100}
	EOF2
	printf -- "---\nkind: bad-kind\nname: x\nx: y\n---\n" >handoffs/b.md &&
	test_expect_code 2 git handoff validate handoffs/b.md 2>err &&
	grep "^.handoff/schemas/bad-kind.yaml:4:33: error: /properties/name/pattern: bad pattern .a(b.: missing closing parenthesis at offset 3$" err &&
	grep "no record was judged against it" err && ! grep "^handoffs/b.md" err &&
	for p in "[z-a]|range out of order" "\\p{Bogus}|unknown property" "(?<=a+)|lookbehind" "a{70000}|number too big"; do
		printf "type: object\nproperties:\n  kind: {const: bad-kind}\n  name: {type: string, pattern: '\''%s'\''}\n" \
			"${p%%|*}" >.handoff/schemas/bad-kind.yaml &&
		test_expect_code 2 git handoff schema check .handoff/schemas/bad-kind.yaml 2>err &&
		grep "bad-kind.yaml:4:33: error: .*${p#*|}.* at offset [0-9]" err || { cat err; return 1; }
	done &&
	rm .handoff/schemas/bad-kind.yaml handoffs/b.md
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
