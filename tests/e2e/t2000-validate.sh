#!/bin/sh
# validate: the examples, one record with five problems in every format,
# the sources (--staged, --rev, --range) and the repository-wide rules.
. "$(dirname "$0")/lib.sh"

acme="$EXAMPLES/D-2026-0142-acme-logistics.md"

test_expect_success 'every example but the substandard one is valid' '
	for f in "$EXAMPLES"/*.md; do
		case "$f" in *brightpath*) continue ;; esac
		git handoff validate "$f" || return 1
	done
'

test_expect_success 'the substandard example fails with its gaps named' '
	test_expect_code 1 git handoff validate "$EXAMPLES/D-2026-0157-brightpath-retail.md" 2>err &&
	grep "/implementation/go_live: .TBD. is a placeholder" err &&
	grep "/body/Risk Factors" err && grep "must be ticked" err
'

test_expect_success 'placeholders in Indonesian and Malay: akan and belum, either case' '
	sed -e "s/^  special_terms: .*/  special_terms: Belum ditentukan/" \
	    -e "s/^- Sales cycle objections: /- Akan dikonfirmasi. Sales cycle objections: /" \
	    "$EXAMPLES/D-2026-0142-acme-logistics.md" >id.md &&
	test_expect_code 1 git handoff validate id.md 2>err &&
	grep "^id.md:21:18: error: /contract/special_terms: .Belum ditentukan. is a placeholder" err &&
	grep "^id.md:259:3: warning: /body/Risk Factors: .Akan dikonfirmasi. is a placeholder" err
'

test_expect_success 'five problems, five diagnostics with lines and pointers' '
	five_problems >five.md &&
	test_expect_code 1 git handoff validate five.md 2>err &&
	test $(grep -c ": error: " err) = 5 &&
	grep "^five.md:5:10: error: /segment: " err &&
	grep "^five.md:15:8: error: /contract/acv: " err &&
	line=$(grep -n "due: 2026-13-45" five.md | cut -d: -f1) &&
	grep "^five.md:$line:10: error: /commitments/0/due: .2026-13-45. is not a valid date" err &&
	grep "^five.md:[0-9]*:1: error: /body/Risk Factors: missing section" err &&
	line=$(grep -n "Deal summary complete" five.md | cut -d: -f1) &&
	grep "^five.md:$line:7: error: /checklist/Deal summary complete: " err
'

test_expect_success 'the same five in JSON, on stdout' '
	test_expect_code 1 git handoff validate --format json five.md >out 2>err &&
	test ! -s err &&
	head -c 40 out | grep "^{\"version\":1,\"ok\":false,\"files\":\[" &&
	test $(grep -o "\"severity\":\"error\"" out | wc -l) = 5 &&
	grep -F "{\"line\":5,\"column\":10,\"severity\":\"error\",\"code\":\"enum\",\"pointer\":\"/segment\"" out &&
	grep -F "\"pointer\":\"/commitments/0/due\"" out &&
	grep -F "\"kind\":\"deal-handoff\",\"id\":\"D-2026-0142\",\"ok\":false" out
'

test_expect_success 'the same five in SARIF 2.1.0' '
	test_expect_code 1 git handoff validate --format sarif five.md >out &&
	grep -F "\"version\":\"2.1.0\"" out &&
	test $(grep -o "\"ruleId\"" out | wc -l) = 5 &&
	grep -F "\"region\":{\"startLine\":5,\"startColumn\":10}" out &&
	grep -F "\"artifactLocation\":{\"uri\":\"five.md\"}" out &&
	! grep -F "{}" out && ! grep -F "\"startLine\":0" out
'

test_expect_success 'the same five as GitHub workflow commands' '
	test_expect_code 1 git handoff validate --format github five.md >out &&
	test $(grep -c "^::error file=five.md," out) = 5 &&
	grep -F "::error file=five.md,line=5,col=10,title=enum::/segment: " out
'

test_expect_success 'an unknown format is a usage error' '
	test_expect_code 2 git handoff validate --format xml five.md 2>err &&
	grep "unknown format" err
'

test_expect_success 'a repository: every record, and two records with one id' '
	test_repo r && cd r &&
	cp "$acme" handoffs/a.md && cp "$acme" handoffs/b.md &&
	test_expect_code 1 git handoff validate 2>err &&
	grep "^handoffs/a.md:3:5: error: /id: id .D-2026-0142. is also used by handoffs/b.md" err &&
	grep "^handoffs/b.md:3:5: error: /id: id .D-2026-0142. is also used by handoffs/a.md" err &&
	grep "2 records checked, 2 with problems" err
'

test_expect_success 'many records: the same report from 1 thread and from 4' '
	test_repo many && cd many && i=0 &&
	while [ $i -lt 40 ]; do
		i=$((i + 1)) &&
		sed "s/^id: D-2026-0142/id: D-2026-$((i % 37))/" "$acme" >handoffs/r$i.md || return 1
	done &&
	five_problems >handoffs/r7.md && printf "notes\n" >handoffs/r9.md &&
	test_expect_code 1 env GIT_HANDOFF_THREADS=1 git handoff validate >one.out 2>one.err &&
	test_expect_code 1 env GIT_HANDOFF_THREADS=4 git handoff validate >four.out 2>four.err &&
	test_cmp one.err four.err && test_cmp one.out four.out &&
	grep "is also used by handoffs/r38.md" four.err &&
	grep "^handoffs/r9.md:1:1: error: missing front matter" four.err &&
	test $(grep -c "^handoffs/r7.md:" four.err) = 5 &&
	test_expect_code 1 env GIT_HANDOFF_THREADS=4 git handoff validate --format json >four.json &&
	test_expect_code 1 env GIT_HANDOFF_THREADS=1 git handoff validate --format json >one.json &&
	test_cmp one.json four.json && git add handoffs &&
	test_expect_code 1 env GIT_HANDOFF_THREADS=4 git handoff validate --staged 2>staged.err &&
	test_cmp one.err staged.err
'

test_expect_success 'a file in a records folder that does not parse is an error' '
	cd r && rm handoffs/b.md && printf "notes\n" >handoffs/README.md &&
	test_expect_code 1 git handoff validate 2>err &&
	grep "^handoffs/README.md:1:1: error: missing front matter" err &&
	rm handoffs/README.md && git handoff validate
'

test_expect_success '--staged judges the index, not the work tree' '
	cd r && git add handoffs/a.md && test_tick && git commit -q --no-verify -m a &&
	five_problems >handoffs/a.md && git handoff validate --staged &&
	git add handoffs/a.md && cp "$acme" handoffs/a.md &&
	test_expect_code 1 git handoff validate --staged 2>err && grep "/segment" err &&
	git handoff validate
'

test_expect_success '--rev judges a revision, with its own config and kinds' '
	cd r && git checkout -q -- . && git reset -q &&
	git handoff validate --rev HEAD &&
	five_problems >handoffs/a.md && git add handoffs/a.md && test_tick &&
	git commit -q --no-verify -m broken &&
	test_expect_code 1 git handoff validate --rev HEAD 2>err && grep "/segment" err &&
	git handoff validate --rev HEAD~1 &&
	test_expect_code 2 git handoff validate --rev no-such-rev 2>err &&
	grep "unknown revision" err
'

test_expect_success '--range judges each commit of A..B' '
	cd r && git handoff validate --range HEAD..HEAD &&
	test_expect_code 1 git handoff validate --range HEAD~1..HEAD 2>err &&
	grep "handoffs/a.md" err &&
	test_expect_code 2 git handoff validate --range HEAD 2>err && grep "bad range" err
'

test_expect_success 'a shallow clone and a detached HEAD work' '
	git clone -q --depth 1 "file://$(pwd)/r" shallow && cd shallow &&
	git checkout -q --detach &&
	test_expect_code 1 git handoff validate --rev HEAD 2>err && grep "/segment" err
'

test_expect_success 'an empty repository has nothing to judge' '
	git init -q empty && cd empty && git handoff validate 2>err &&
	grep "0 records checked" err && git handoff validate --staged
'

test_expect_success 'a pure YAML record is judged by its front matter alone' '
	cd r && sed -n "2,/^---$/p" "$acme" | sed "\$d" >handoffs/c.yaml &&
	sed -i "s/^id: .*/id: D-2026-0777/" handoffs/c.yaml &&
	git handoff validate handoffs/c.yaml
'

test_expect_success 'a symlink named .md is not followed' '
	cd r && ln -s /etc/passwd handoffs/link.md &&
	test_expect_code 1 git handoff validate handoffs/link.md 2>err &&
	grep "symbolic link" err && rm handoffs/link.md
'

test_done
