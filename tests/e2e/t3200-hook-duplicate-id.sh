#!/bin/sh
# One id, one record, in the pre-commit hook (a real git commit): a
# record the commit adds or changes whose id another record of the index
# already has is refused, naming both files. The ids of the other records
# come from the cache .git/handoff/ids (blob id -> record id), which is
# never read when no record is staged, and which, damaged, is ignored and
# rebuilt with the same verdict.
. "$(dirname "$0")/lib.sh"

acme="$EXAMPLES/D-2026-0142-acme-logistics.md"
kumo="$EXAMPLES/D-2026-0171-kumo-analytics.md"
dup="^handoffs/copy.md:3:5: error: /id: 'D-2026-0142' is also the id of handoffs/acme.md; one id, one record$"

# refused <file>: the commit of what is staged fails; its messages in <file>
refused() {
	test_tick && test_expect_code 1 git commit -q -m try 2>"$1"
}

test_expect_success 'set-up: two records committed through the hook' '
	test_repo w && cd w &&
	echo "  omar@vendor.example: {name: Omar Haddad, roles: [sales]}" >>.handoff/config.yaml &&
	echo "  ana@vendor.example: {name: Ana Lima, roles: [cs]}" >>.handoff/config.yaml &&
	git handoff init >/dev/null &&
	printf "err\nexpect\nactual\n" >.gitignore &&
	sed "s/^  status: accepted/  status: pending/" "$acme" >handoffs/acme.md &&
	cp "$kumo" handoffs/kumo.md &&
	echo "# notes" >README.md &&
	git add -A && test_tick && git commit -q -m "two handoffs" &&
	test -f .git/handoff/ids
'

test_expect_success 'the cache holds the id of each record blob' '
	cd w &&
	head -n 1 .git/handoff/ids >actual &&
	echo "git-handoff ids 1" >expect && test_cmp expect actual &&
	grep -x "$(git rev-parse :handoffs/acme.md) m 3 5 D-2026-0142" .git/handoff/ids &&
	grep -x "$(git rev-parse :handoffs/kumo.md) m 3 5 D-2026-0171" .git/handoff/ids
'

test_expect_success 'a copied record with an id in use is refused, naming both files' '
	cd w && cp handoffs/acme.md handoffs/copy.md && git add handoffs &&
	refused err && cat err &&
	grep "$dup" err &&
	test "$(grep -c "one id, one record" err)" = 1 &&
	grep "commit refused: 1 problem in the staged records" err
'

test_expect_success 'the same copy, edited, keeps the id and is still refused' '
	cd w && echo "one more line" >>handoffs/copy.md && git add handoffs &&
	refused err && grep "$dup" err &&
	git rm -q --cached handoffs/copy.md && rm handoffs/copy.md
'

test_expect_success 'a record whose id changes to one in use is refused' '
	cd w && sed -i "s/^id: D-2026-0171$/id: D-2026-0142/" handoffs/kumo.md &&
	git add handoffs && refused err &&
	grep "^handoffs/kumo.md:3:5: error: /id: .D-2026-0142. is also the id of handoffs/acme.md; one id, one record$" err &&
	git checkout -q HEAD -- handoffs/kumo.md
'

test_expect_success 'two new records with one id name each other' '
	cd w && sed "s/^id: D-2026-0171$/id: D-2026-0999/" "$kumo" >handoffs/new1.md &&
	cp handoffs/new1.md handoffs/new2.md && echo "more" >>handoffs/new2.md &&
	git add handoffs && refused err &&
	grep "^handoffs/new1.md:3:5: error: /id: .D-2026-0999. is also the id of handoffs/new2.md; one id, one record$" err &&
	grep "^handoffs/new2.md:3:5: error: /id: .D-2026-0999. is also the id of handoffs/new1.md; one id, one record$" err &&
	git rm -q --cached handoffs/new1.md handoffs/new2.md && rm handoffs/new1.md handoffs/new2.md
'

test_expect_success 'a record with a new id of its own passes' '
	cd w && sed "s/^id: D-2026-0171$/id: D-2026-0200/" "$kumo" >handoffs/other.md &&
	git add handoffs && test_tick && git commit -q -m "a third handoff" &&
	grep -x "$(git rev-parse :handoffs/other.md) m 3 5 D-2026-0200" .git/handoff/ids
'

test_expect_success 'renaming a record (git mv) is not a duplicate' '
	cd w && git mv handoffs/acme.md handoffs/acme-logistics.md &&
	test_tick && git commit -q -m "rename" &&
	git mv handoffs/acme-logistics.md handoffs/acme.md &&
	test_tick && git commit -q -m "rename back"
'

test_expect_success 'edits that keep every id do not walk the index' '
	cd w && mv .git/handoff/ids ../ids &&
	echo "a line more" >>handoffs/acme.md && echo "and here" >>handoffs/kumo.md &&
	git add handoffs && test_tick && git commit -q -m "two edits" &&
	test ! -e .git/handoff/ids && mv ../ids .git/handoff/ids
'

test_expect_success 'a commit with no record staged does no id work' '
	cd w && rm .git/handoff/ids &&
	echo "more notes" >>README.md && git add README.md &&
	test_tick && git commit -q -m notes &&
	test ! -e .git/handoff/ids &&
	echo "kept as it is" >.git/handoff/ids &&
	echo "still more" >>README.md && git add README.md &&
	test_tick && git commit -q -m "more notes" &&
	git rm -q handoffs/other.md && test_tick && git commit -q -m "a record removed" &&
	echo "kept as it is" >expect && test_cmp expect .git/handoff/ids
'

# damage <how>: the cache made bad in one way, from a good one in good-ids
damage() {
	case "$1" in
	truncated) head -c 60 good-ids >.git/handoff/ids ;;
	cut-line) head -n 2 good-ids | head -c -20 >.git/handoff/ids ;;
	garbage) printf "\001\002garbage\nmore\n" >.git/handoff/ids ;;
	foreign) { echo "git-handoff ids 2"; sed 1d good-ids; } >.git/handoff/ids ;;
	unsorted) { head -n 1 good-ids; sed 1d good-ids | sort -r; } >.git/handoff/ids ;;
	empty) : >.git/handoff/ids ;;
	folder) rm -f .git/handoff/ids && mkdir .git/handoff/ids ;;
	esac
}

test_expect_success 'a damaged cache is ignored and rebuilt, with the same verdict' '
	cd w && cp handoffs/acme.md handoffs/copy.md && git add handoffs &&
	refused err && grep "$dup" err &&
	cp .git/handoff/ids good-ids &&
	for how in truncated cut-line garbage foreign unsorted empty; do
		damage $how &&
		refused err && grep "$dup" err >/dev/null &&
		test "$(grep -c "one id, one record" err)" = 1 &&
		head -n 1 .git/handoff/ids >actual &&
		echo "git-handoff ids 1" >expect && test_cmp expect actual &&
		grep -x "$(git rev-parse :handoffs/acme.md) m 3 5 D-2026-0142" .git/handoff/ids ||
		{ echo "failed with a cache $how"; return 1; }
	done
'

test_expect_success 'a cache that cannot be written: the same verdict' '
	cd w && damage folder &&
	refused err && grep "$dup" err &&
	rmdir .git/handoff/ids
'

test_expect_success 'the cache never decides for a blob it has not seen' '
	cd w && git rm -q --cached handoffs/copy.md && rm handoffs/copy.md &&
	sed "s/^id: D-2026-0171$/id: D-2026-0142/" "$kumo" >handoffs/copy.md &&
	git add handoffs && refused err && grep "$dup" err &&
	git rm -q --cached handoffs/copy.md && rm handoffs/copy.md
'

test_expect_success 'the same bytes read as YAML and as Markdown are cached apart' '
	cd w && printf "kind: deal-handoff\nid: D-2026-0142\n" >handoffs/y.yaml &&
	cp handoffs/y.yaml handoffs/y.md && git add handoffs && refused err &&
	grep "^handoffs/y.yaml:2:5: error: /id: .D-2026-0142. is also the id of handoffs/acme.md; one id, one record$" err &&
	! grep "^handoffs/y.md:.*one id, one record" err &&
	blob=$(git rev-parse :handoffs/y.md) &&
	grep -x "$blob m 0 0" .git/handoff/ids && grep -x "$blob y 2 5 D-2026-0142" .git/handoff/ids &&
	git rm -q --cached handoffs/y.yaml handoffs/y.md && rm handoffs/y.yaml handoffs/y.md
'

test_expect_success 'a partial commit (git commit <path>) is judged on what it commits' '
	cd w && cp handoffs/acme.md handoffs/copy.md && git add handoffs/copy.md &&
	echo "yet more" >>README.md &&
	test_tick && test_expect_code 1 git commit -q -m try handoffs/copy.md 2>err &&
	grep "$dup" err &&
	git rm -q --cached handoffs/copy.md && rm handoffs/copy.md && git checkout -q README.md
'

test_expect_success 'the first commit (no HEAD, git answers): a copy is refused' '
	test_repo f && cd f && git handoff init >/dev/null &&
	sed "s/^  status: accepted/  status: pending/" "$acme" >handoffs/acme.md &&
	cp handoffs/acme.md handoffs/copy.md &&
	git add -A && refused err &&
	grep "$dup" err &&
	grep "^handoffs/acme.md:3:5: error: /id: .D-2026-0142. is also the id of handoffs/copy.md; one id, one record$" err &&
	grep -x "$(git rev-parse :handoffs/acme.md) m 3 5 D-2026-0142" .git/handoff/ids
'

test_expect_success 'a linked worktree shares the cache of the repository' '
	cd w && git worktree add -q ../wt2 2>/dev/null && cd ../wt2 &&
	cp handoffs/acme.md handoffs/copy.md && git add handoffs &&
	refused err && grep "$dup" err &&
	test ! -e "$(git rev-parse --git-dir)/handoff/ids" &&
	test -f ../w/.git/handoff/ids
'

test_expect_success 'with 300 records, a blob the cache lacks is read, and the file not rewritten for one' '
	test_repo big && cd big && git handoff init >/dev/null &&
	i=0 && while test $i -lt 300; do
		printf -- "---\nkind: deal-handoff\nid: D-2030-%04d\n---\n" $i >handoffs/r$i.md &&
		i=$((i + 1)) || return 1
	done &&
	sed "s/^  status: accepted/  status: pending/" "$acme" >handoffs/acme.md &&
	git add -A && test_tick && git commit -q --no-verify -m bulk &&
	sed "s/^id: D-2026-0142$/id: D-2030-1000/" handoffs/acme.md >handoffs/n1.md &&
	git add handoffs && test_tick && git commit -q -m "the cache made" &&
	test "$(grep -c "" .git/handoff/ids)" = 303 &&
	cp .git/handoff/ids before &&
	sed "s/^id: D-2026-0142$/id: D-2030-1001/" handoffs/acme.md >handoffs/n2.md &&
	git add handoffs && test_tick && git commit -q -m "one new blob" &&
	test_cmp before .git/handoff/ids &&
	! grep "^$(git rev-parse :handoffs/n2.md) " .git/handoff/ids &&
	cp handoffs/acme.md handoffs/copy.md && git add handoffs && refused err &&
	grep "$dup" err &&
	git rm -q --cached handoffs/copy.md && rm handoffs/copy.md &&
	sed -i "s/^id: D-2030-0007$/id: D-2026-0142/" handoffs/r7.md &&
	git add handoffs && refused err &&
	grep "^handoffs/r7.md:3:5: error: /id: .D-2026-0142. is also the id of handoffs/acme.md; one id, one record$" err
'

# The README's table of the seeds' disagreements, against the built-in
# kinds: each rule it names has, in `git handoff schema show <kind>`, an
# alternative of that name whose `within` is the value the table says is
# used, with a comment citing the articles just above it.
test_expect_success 'README "Where the articles disagree" holds for the built-in kinds' '
	test_repo s && cd s &&
	sed -n "/^#### Where the articles disagree/,/^#/p" "$SRC_ROOT/README.md" |
		sed -n "s/^| \`\([a-z-]*\)\/\([a-z_]*\)\`[^|]*|[^|]*| \`\([0-9]*[a-z]*\)\` |.*/\1 \2 \3/p" >rows &&
	test "$(wc -l <rows)" -ge 5 &&
	while read kind rule used; do
		git handoff schema show $kind 2>/dev/null >shown &&
		awk -v rule="$rule" -v used="$used" "
			/^    - name: / { inrule = (\$3 == rule); cited = 0; next }
			inrule && /^      # / { if (\$0 ~ /[0-9a-f]\.txt/) cited = 1; next }
			inrule && cited && \$0 == \"      within: \" used { ok = 1 }
			{ cited = 0 }
			END { exit !ok }" shown ||
		{ echo "README says $kind/$rule uses $used; the kind does not (or cites nothing)"; return 1; }
	done <rows
'

test_expect_success 'the config takes an override of a rule the articles disagree on' '
	cd s && git handoff init >/dev/null &&
	echo "sla: {kickoff_scheduled: 7d}" >>.handoff/config.yaml &&
	git handoff validate >/dev/null
'

test_done
