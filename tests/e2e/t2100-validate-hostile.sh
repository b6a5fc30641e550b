#!/bin/sh
# Hostile and odd input (DESIGN section 11, RELIABILITY.md 1-2): a clear
# message with file, line and column, exit 1, no crash, no hang, and the
# repository byte-identical afterwards.
. "$(dirname "$0")/lib.sh"

# expect_problem <file> <line:col> <pattern>: validate fails (1) and the
# diagnostic names the file and position and matches the pattern.
expect_problem() {
	test_expect_code 1 git handoff validate "$1" 2>err || { cat err; return 1; }
	grep -F "$1:$2: error: " err >hit || { cat err; return 1; }
	grep -i -e "$3" hit || { cat err; return 1; }
}

test_expect_success 'set up' '
	test_repo r && cd r && git add . && git commit -q -m init
'

# the cases of one file each, a file of the fixture folder a case: its
# first line names the case, the second is where the problem is and a
# pattern of its message, the third the record's bytes as printf writes
# them (the file written is the fixture's name with .md)
for case in "$FIXTURES/$TEST_NAME"/*; do
	test_expect_success "$(sed -n "1s/^# //p" "$case")" "
		cd r && printf -- \"\$(sed -n 3p '$case')\" >'${case##*/}.md' &&
		expect_problem '${case##*/}.md' $(sed -n "2s/ .*//p" "$case") '$(sed -n "2s/^[^ ]* //p" "$case")'
	"
done

test_expect_success 'the billion laughs is refused at its first alias, at once' '
	cd r && {
		printf -- "---\nkind: deal-handoff\na: &a [x, x, x, x, x, x, x, x, x]\n"
		printf "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
		printf "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n---\n"
	} >bomb.md &&
	expect_problem bomb.md 4:8 "alias"
'

test_expect_success 'nesting deeper than 64 is refused at the first level too deep' '
	cd r && {
		printf -- "---\nkind: deal-handoff\nx: "
		i=0; while [ $i -lt 70 ]; do printf "["; i=$((i+1)); done
		i=0; while [ $i -lt 70 ]; do printf "]"; i=$((i+1)); done
		printf "\n---\n"
	} >deep.md &&
	expect_problem deep.md 3:67 "deeper than 64"
'

test_expect_success '100,000 open brackets end quickly in an error' '
	cd r && { printf -- "---\nx: "; head -c 100000 /dev/zero | tr "\0" "["; printf "\n---\n"; } >deep2.md &&
	expect_problem deep2.md 2:67 "deeper than 64"
'

test_expect_success 'a file over 1 MiB is refused without being parsed' '
	cd r && { printf -- "---\nkind: deal-handoff\n---\n"; head -c 1100000 /dev/zero | tr "\0" "a"; } >big.md &&
	expect_problem big.md 1:1 "over the 1048576 byte limit"
'

test_expect_success 'a --- inside a fenced code block of the body is body' '
	cd r && printf -- "---\nkind: deal-handoff\nid: D-1\nacceptance: {status: submitted}\n---\n## Notes\n\n\`\`\`\n---\nnot: yaml: [\n\`\`\`\n" >fence.md &&
	git handoff validate --format json fence.md >out; test $? = 1 &&
	! grep "\"code\":\"yaml\"" out
'

test_expect_success 'a path with spaces and a newline is reported quoted, on one line' '
	cd r && printf -- "---\nid: [\n---\n" >"sp ace
nl.md" &&
	test_expect_code 1 git handoff validate "sp ace
nl.md" 2>err &&
	test $(grep -c "error:" err) = 1 && grep -F "\"sp ace\\nnl.md\":" err
'

test_expect_success 'an unknown kind and a missing kind are errors' '
	cd r && printf -- "---\nkind: nope\n---\n" >k1.md && printf -- "---\nid: x\n---\n" >k2.md &&
	expect_problem k1.md 2:7 "unknown kind" && expect_problem k2.md 2:1 "missing .kind."
'

test_expect_success 'a reused anchor names nothing; the alias that would use it is refused (1.3)' '
	cd r && printf -- "---\nkind: deal-handoff\na: &x 1\nb: &x 2\n---\n" >anchors.md &&
	test_expect_code 1 git handoff validate anchors.md 2>err && ! grep "error: .*anchor" err &&
	printf -- "---\nkind: deal-handoff\na: &x 1\nb: &x 2\nc: *x\n---\n" >alias.md &&
	expect_problem alias.md 5:4 "aliases (.\*x.) are not allowed"
'

test_expect_success 'tags: a verbatim tag with bad escapes, !!binary, !!python/object (1.12)' '
	cd r && printf -- "---\nkind: deal-handoff\na: !<%%FF%%FF> x\n---\n" >tag1.md &&
	expect_problem tag1.md 3:6 "UTF-8" &&
	printf -- "---\nkind: deal-handoff\na: !!binary aGVsbG8=\n---\n" >tag2.md &&
	expect_problem tag2.md 3:4 "binary" &&
	printf -- "---\nkind: deal-handoff\na: !!python/object:os.system {k: 1}\n---\n" >tag3.md &&
	expect_problem tag3.md 3:4 "not supported"
'

test_expect_success 'an impossible date is an error at its line (1.11)' '
	cd r && sed "s/^    due: 2026-12-18/    due: 2026-02-30/" "$EXAMPLES/D-2026-0142-acme-logistics.md" >date.md &&
	line=$(grep -n "due: 2026-02-30" date.md | cut -d: -f1) &&
	expect_problem date.md $line:10 "not a valid date"
'

test_expect_success '%YAML 1.1 is a warning, %YAML 2.0 an error, in a pure YAML record (1.11)' '
	cd r && printf "%%YAML 1.1\n---\nkind: deal-handoff\nacceptance: {status: submitted}\n" >v11.yaml &&
	test_expect_code 1 git handoff validate v11.yaml 2>err &&
	grep "^v11.yaml:1:1: warning: %YAML 1.1: scalars are still typed by YAML 1.2 rules" err &&
	printf "%%YAML 2.0\n---\nkind: deal-handoff\n" >v20.yaml &&
	expect_problem v20.yaml 1:1 "incompatible YAML document"
'

test_expect_success 'a pure YAML record with a second document, or garbage after ..., is refused (1.13)' '
	cd r && printf "kind: deal-handoff\n---\nkind: deal-handoff\n" >two.yaml &&
	expect_problem two.yaml 2:1 "expected 1 YAML document" &&
	printf "kind: deal-handoff\n...\ngarbage\n" >after.yaml &&
	expect_problem after.yaml 3:1 "document start"
'

test_expect_success 'empty front matter is an empty mapping: the required fields are named (2.5)' '
	cd r && printf -- "---\n---\n" >empty.md && expect_problem empty.md 1:1 "missing .kind." &&
	printf -- "---\nkind: deal-handoff\nacceptance: {status: submitted}\n---\n" >bare.md &&
	test_expect_code 1 git handoff validate bare.md 2>err &&
	grep "^bare.md:2:1: error: /id: required property .id. is missing" err &&
	grep "^bare.md:5:1: error: /body/Risk Factors: missing section" err
'

test_expect_success 'all of this changed nothing in the repository' '
	cd r && before=$(test_tree_hash .) &&
	for f in *.md; do git handoff validate "$f" >/dev/null 2>&1; done &&
	git handoff validate >/dev/null 2>&1;
	test "$before" = "$(test_tree_hash .)"
'

test_done
