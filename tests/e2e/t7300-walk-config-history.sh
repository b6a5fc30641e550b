#!/bin/sh
# One walk, one answer: every source (the work tree, the index, a
# revision, the history) sees the same records for the same content, with
# records folders that nest or are named twice and dot-files beside
# records. The config refuses one email listed twice in different letter
# case and `init` installs hooks where git runs them with `~/` in
# core.hooksPath. A historical commit whose ident git tolerates and
# libgit2 refuses stops no history command; one that cannot be read at
# all is named in a warning and skipped.
. "$(dirname "$0")/lib.sh"

good="$EXAMPLES/D-2026-0142-acme-logistics.md"
E="$TRASH/stderr" O="$TRASH/stdout"

# ---- one walk, one answer ----

test_expect_success 'set up: nested records folders, dot-files beside records' '
	test_repo w && cd w && mkdir -p handoffs/emea handoffs/.hidden &&
	cat >.handoff/config.yaml <<-\CFG &&
	records: [handoffs/, handoffs/emea/, handoffs, ./handoffs//emea]
	CFG
	cp "$good" handoffs/emea/acme.md &&
	sed "s/^id: .*/id: D-2026-0999/" "$good" >handoffs/.D-1.md &&
	sed "s/^id: .*/id: D-2026-0998/" "$good" >handoffs/.hidden/acme-copy.md &&
	printf "garbage: [\n" >handoffs/emea/.acme.md.swp.md &&
	printf "garbage: [\n" >handoffs/emea/.acme.md.tmp-Ab12Cd &&
	git add -A && test_tick && git commit -q -m one
'

test_expect_success 'nested folders: the work tree lists a record once, no false duplicate id' '
	cd w && git handoff validate >"$O" 2>&1 &&
	grep "^1 record checked, 0 with problems" "$O" && ! grep duplicate "$O"
'

test_expect_success 'dot-files: the work tree, --staged and --rev HEAD see the same records' '
	cd w &&
	for src in "" --staged "--rev HEAD"; do
		git handoff validate $src --format json >"$O.json" 2>"$E" || return 1
		grep -o "\"path\":\"[^\"]*\"" "$O.json" | sort >"$O.paths$src" || return 1
	done &&
	echo "\"path\":\"handoffs/emea/acme.md\"" >expect &&
	test_cmp expect "$O.paths" &&
	test_cmp expect "$O.paths--staged" &&
	test_cmp expect "$O.paths--rev HEAD"
'

test_expect_success 'dot-files: status and score (the history) see the same records' '
	cd w && git handoff score >"$O" 2>"$E" &&
	test $(grep -c "D-2026-" "$O") = 1 && grep "^handoffs/emea/acme.md " "$O" &&
	git handoff score --rev HEAD >"$O.rev" 2>/dev/null && test_cmp "$O" "$O.rev" &&
	git handoff status --format json >"$O" 2>"$E" &&
	! grep "D-2026-0999\|\.hidden\|\.D-1" "$O"
'

test_expect_success 'a records folder nested in another, then a dot-folder named in the config' '
	cd w && cat >.handoff/config.yaml <<-\CFG &&
	records: [handoffs/emea/, handoffs/, handoffs/.hidden/]
	CFG
	git add -A && test_tick && git commit -q -m config &&
	for src in "" --staged "--rev HEAD"; do
		git handoff validate $src >"$O" 2>&1
		test $? = 0 && grep "^2 records checked, 0 with problems" "$O" || return 1
	done &&
	git handoff score >"$O" 2>/dev/null && test $(grep -c "D-2026-" "$O") = 2 &&
	grep "^handoffs/.hidden/acme-copy.md " "$O"
'

test_expect_success 'a duplicate id across nested folders is still found, once per record' '
	cd w && cp "$good" handoffs/emea/acme-again.md &&
	test_expect_code 1 git handoff validate >"$O" 2>&1 &&
	test $(grep -c "duplicate-id\|is also used by" "$O") -ge 2 &&
	! grep "acme.md.*is also used by handoffs/emea/acme.md$" "$O" &&
	rm handoffs/emea/acme-again.md
'

# ---- the config ----

test_expect_success 'one email twice in different letter case is refused at both lines' '
	test_repo p && cd p && cat >.handoff/config.yaml <<-\CFG &&
	records: [handoffs/]
	people:
	  Jane@vendor.example: {name: Jane Doe, roles: [sales]}
	  sam@vendor.example: {name: Sam Lee, roles: [cs]}
	  jane@vendor.example: {name: Jane Doe, roles: [cs]}
	CFG
	cp "$good" handoffs/acme.md &&
	test_expect_code 2 git handoff validate >"$O" 2>"$E" &&
	cat "$O" "$E" >all &&
	grep "^.handoff/config.yaml:3:3: error: /people: .Jane@vendor.example. is also listed as .jane@vendor.example. at line 5" all &&
	grep "^.handoff/config.yaml:5:3: error: /people: .jane@vendor.example. is also listed as .Jane@vendor.example. at line 3" all
'

test_expect_success 'init: ~/ in core.hooksPath is the home folder, and git runs the hook there' '
	git init -q h && cd h &&
	git config core.hooksPath "~/shared-hooks" &&
	git handoff init >out &&
	test -x "$HOME/shared-hooks/pre-commit" && ! test -e "~" &&
	grep "installed hook $HOME/shared-hooks/pre-commit" out &&
	printf -- "---\nkind: deal-handoff\nid: D-2026-0001\nacceptance: {status: submitted}\n---\n" >handoffs/bad.md &&
	git add handoffs/bad.md &&
	test_expect_code 1 git commit -q -m bad 2>"$E" && grep "handoffs/bad.md" "$E" &&
	cp "$good" handoffs/bad.md && git add handoffs/bad.md && git commit -q -m good
'

# ---- one bad commit stops nothing ----

# commit_raw <tree> <parent> <header lines>: a commit git would not make
commit_raw() {
	{
		printf "tree %s\nparent %s\n%s\n\nodd commit\n" "$1" "$2" "$3"
	} | git hash-object -t commit -w --literally --stdin
}

# history_of <file>: what every history command says, warnings left out
history_of() {
	for c in status score "log handoffs/acme.md" "blame handoffs/acme.md" \
		"audit --format json" "report --format json" "diff HEAD~3 HEAD"; do
		echo "== $c"
		git handoff $c 2>/dev/null
		echo "exit $?"
	done >"$1"
}

# same_of <file>: what must not change when one commit is odd
same_of() {
	{
		git handoff score && git handoff status --as-of 2026-12-01 &&
		git handoff diff HEAD~3 HEAD
	} 2>/dev/null | grep -v "warning" >"$1"
}

# bad_history <header lines>: root, a good change, then the odd commit
# (one more change), then a good change on top
bad_history() {
	cd b && git reset -q --hard base &&
	sed -i "s/^  acv: .*/  acv: 150101/" handoffs/acme.md && git add -A &&
	odd=$(commit_raw $(git write-tree) $(git rev-parse HEAD) "$1") &&
	git update-ref HEAD $odd && git reset -q --hard &&
	sed -i "s/^  acv: .*/  acv: 150102/" handoffs/acme.md && git add -A &&
	test_tick && git -c core.hooksPath=/dev/null commit -q -m top
}

test_expect_success 'set up: a history of good commits, and what it says' '
	test_repo b && cd b && cp "$good" handoffs/acme.md && git add -A &&
	test_tick && git commit -q -m root &&
	sed -i "s/^  acv: .*/  acv: 150100/" handoffs/acme.md && git add -A &&
	test_tick && git commit -q -m second && git tag base &&
	sed -i "s/^  acv: .*/  acv: 150101/" handoffs/acme.md && git add -A &&
	test_tick && git commit -q -m third &&
	sed -i "s/^  acv: .*/  acv: 150102/" handoffs/acme.md && git add -A &&
	test_tick && git commit -q -m top &&
	history_of "$TRASH/good" && ! grep "^exit 2" "$TRASH/good" &&
	same_of "$TRASH/same.good" && grep "^handoffs/acme.md " "$TRASH/same.good"
'

for ident in \
	"author Jane Doe jane@vendor.example 1793520400 +0000" \
	"author Jane Doe <jane@vendor.example> notadate +0000" \
	"author Jane Doe <jane@vendor.example 1793520400 +0000" \
	"author Jane Doe <jane@vendor.example> 1793520400 +99999" \
	"author Jane Doe <> 1793520400 +0000" \
	"author" \
	""
do
	test_expect_success "a historical commit with '${ident:-no author line}': every history command goes on" "
		bad_history '$ident
committer Jane Doe <jane@vendor.example> 1793520400 +0000' &&
		git log --format=%H >/dev/null &&
		history_of \"\$TRASH/bad\" && ! grep '^exit 2' \"\$TRASH/bad\" &&
		grep -c '^== \\|^exit' \"\$TRASH/bad\" >n && test \$(cat n) = 14 &&
		same_of \"\$O\" && test_cmp \"\$TRASH/same.good\" \"\$O\" &&
		git handoff log handoffs/acme.md >\"\$O\" 2>&1 &&
		test \$(grep -c '^commit ' \"\$O\") = 4 && grep '150100 -> 150101' \"\$O\"
	"
done

test_expect_success 'the odd commit at the tip: --rev, diff and validate --rev read it' '
	bad_history "author Jane Doe jane@vendor.example 1793520400 +0000
committer Jane Doe <jane@vendor.example> 1793520400 +0000" &&
	git reset -q --hard HEAD~1 && git log -1 --format=%s | grep "odd commit" &&
	git handoff validate --rev HEAD >"$O" 2>&1 && grep "^1 record checked" "$O" &&
	git handoff diff HEAD~1 HEAD >"$O" 2>&1 && grep "150100 -> 150101" "$O" &&
	git handoff score --rev HEAD~1 >"$O" 2>&1 && grep "^handoffs/acme.md " "$O" &&
	git handoff status >/dev/null 2>&1 && git handoff log handoffs/acme.md >"$O" 2>&1 &&
	test $(grep -c "^commit " "$O") = 3
'

test_expect_success 'a commit that cannot be read at all is named in a warning and skipped' '
	cd b && git reset -q --hard base &&
	odd=$(printf "not a commit header\n\nodd\n" | git hash-object -t commit -w --literally --stdin) &&
	sed -i "s/^  acv: .*/  acv: 150103/" handoffs/acme.md && git add -A &&
	top=$(printf "tree %s\nparent %s\nauthor Jane Doe <jane@vendor.example> 1793520400 +0000\ncommitter Jane Doe <jane@vendor.example> 1793520400 +0000\n\non top\n" \
		$(git write-tree) $odd | git hash-object -t commit -w --stdin) &&
	git update-ref HEAD $top && git reset -q --hard &&
	for c in status score "log handoffs/acme.md" "blame handoffs/acme.md" audit report; do
		git handoff $c >"$O" 2>&1	# score and status warn on stdout
		test $? != 2 && grep "warning: cannot read commit $odd: no tree line; skipped" "$O" || return 1
	done &&
	git handoff log handoffs/acme.md >"$O" 2>/dev/null && test $(grep -c "^commit " "$O") = 1
'

test_done
