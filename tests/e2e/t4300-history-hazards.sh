#!/bin/sh
# History that git allows and people do not expect (RELIABILITY.md
# 4.13-4.15): renames with edits, below the threshold, copies, case-only
# renames and swaps; octopus merges and root commits; dates that are
# forged, odd or past 2038; a Latin-1 name with an encoding header; a
# signed commit. Commits with odd headers are written with hash-object,
# as git itself would refuse to make them.
. "$(dirname "$0")/lib.sh"

good="$EXAMPLES/D-2026-0142-acme-logistics.md"
E="$TRASH/stderr" O="$TRASH/stdout"

# as <date> <message>: commit what is staged, hooks skipped
as() {
	GIT_AUTHOR_DATE=$1 GIT_COMMITTER_DATE=$1 git -c core.hooksPath=/dev/null commit -q -m "$2"
}

# edit <file> <percent>: change that share of its lines, keeping it a
# record: a comment after a front matter line, a word after a body line
edit() {
	python3 - "$1" "$2" <<-\PY
	import sys
	path, pct = sys.argv[1], int(sys.argv[2])
	lines = open(path).read().split("\n")
	end = lines.index("---", 1)
	pick = [i for i in range(1, len(lines)) if i != end and lines[i].strip()
	        and not lines[i].lstrip().startswith(("#", "- [", "|", ">"))]
	for i in pick[: len(pick) * pct // 100]:
	    lines[i] += " # rev" if i < end else " (rev)"
	open(path, "w").write("\n".join(lines))
	PY
}

# commit_raw <tree> <parent or ""> <author line> <committer line> <message> [<extra headers>]
commit_raw() {
	{
		printf "tree %s\n" "$1"
		test -z "$2" || printf "parent %s\n" "$2"
		printf "author %s\ncommitter %s\n" "$3" "$4"
		test -z "${6:-}" || printf "%s\n" "$6"
		printf "\n%s\n" "$5"
	} | git hash-object -t commit -w --literally --stdin
}

test_expect_success 'set up: one record, committed at the root' '
	test_repo r && cd r && cp "$good" handoffs/acme.md && git add -A &&
	as 2026-11-02T10:00:00Z root &&
	git handoff log handoffs/acme.md >"$O" 2>/dev/null &&
	test $(grep -c "^commit " "$O") = 1 && grep "^  + record created" "$O"
'

test_expect_success 'a rename with a third of it edited is followed (4.13)' '
	cd r && git mv handoffs/acme.md handoffs/acme-logistics.md && edit handoffs/acme-logistics.md 30 &&
	sed -i "s/^  acv: 150000/  acv: 150100/" handoffs/acme-logistics.md &&
	git add -A && as 2026-11-03T10:00:00Z "rename, edit a third" &&
	git diff -M --stat HEAD~1 HEAD | grep "=>" &&
	git handoff log handoffs/acme-logistics.md >"$O" 2>/dev/null &&
	test $(grep -c "^commit " "$O") = 2 && grep "handoffs/acme.md$" "$O" &&
	grep "~ /contract/acv: 150000 -> 150100" "$O"
'

test_expect_success 'a case-only rename is followed (4.13)' '
	cd r && git mv handoffs/acme-logistics.md handoffs/Acme-Logistics.md &&
	as 2026-11-04T10:00:00Z "case only" &&
	git handoff log --format json handoffs/Acme-Logistics.md >"$O" 2>/dev/null &&
	grep -F "\"path\":\"handoffs/acme.md\"" "$O" &&
	git handoff blame handoffs/Acme-Logistics.md >"$O" && grep "/contract/acv" "$O"
'

test_expect_success 'a rename with most of it rewritten is a new record, by rule (4.13)' '
	cd r && git mv handoffs/Acme-Logistics.md handoffs/rewritten.md && edit handoffs/rewritten.md 90 &&
	git add -A && as 2026-11-05T10:00:00Z "rename, rewrite" &&
	git handoff log handoffs/rewritten.md >"$O" 2>/dev/null &&
	test $(grep -c "^commit " "$O") = 1 && grep "^  + record created" "$O" &&
	git handoff audit --format json >"$O"; python3 -c "import json, sys; json.load(open(sys.argv[1]))" "$O"
'

test_expect_success 'a copy is a record of its own; the original keeps its history (4.13)' '
	cd r && sed "s/^id: .*/id: D-2026-0300/" handoffs/rewritten.md >handoffs/copy.md &&
	git add -A && as 2026-11-06T10:00:00Z copy &&
	git handoff log handoffs/copy.md >"$O" 2>/dev/null && test $(grep -c "^commit " "$O") = 1 &&
	git handoff log handoffs/rewritten.md >"$O" 2>/dev/null && test $(grep -c "^commit " "$O") = 1
'

test_expect_success 'a swap of two paths: each path keeps its history, the ids show the swap (4.13)' '
	cd r && git mv handoffs/copy.md handoffs/tmp.md && git mv handoffs/rewritten.md handoffs/copy.md &&
	git mv handoffs/tmp.md handoffs/rewritten.md && as 2026-11-07T10:00:00Z swap &&
	git handoff log handoffs/copy.md >"$O" 2>/dev/null &&
	grep "~ /id: \"D-2026-0300\" -> \"D-2026-0142\"" "$O" &&
	git handoff validate 2>"$E" && grep "2 records checked, 0 with problems" "$E"
'

test_expect_success 'an octopus merge: each change once, where it entered; range and push rules judge it (4.14)' '
	cd r && for b in x y z; do
		case $b in x) id=0501 h=11 ;; y) id=0502 h=12 ;; z) id=0503 h=13 ;; esac
		git checkout -q -b $b main && sed "s/^id: .*/id: D-2026-$id/" handoffs/copy.md >handoffs/$b.md &&
		git add -A && as 2026-11-08T$h:00:00Z "$b" || return 1
	done && git checkout -q main &&
	GIT_AUTHOR_DATE=2026-11-09T10:00:00Z GIT_COMMITTER_DATE=2026-11-09T10:00:00Z \
		git -c core.hooksPath=/dev/null merge -q -m octopus x y z >/dev/null &&
	test $(git rev-list --parents -1 HEAD | wc -w) = 4 &&
	git handoff log --format json handoffs/z.md >"$O" 2>/dev/null &&
	test $(grep -o "\"op\":\"add\"" "$O" | wc -l) = 1 &&
	git handoff diff HEAD^1 HEAD >"$O" && grep "handoffs/y.md" "$O" && grep "handoffs/z.md" "$O" &&
	! grep "handoffs/x.md" "$O" &&
	git handoff validate --range HEAD~1..HEAD 2>"$E"; test $? -le 1 && ! grep "error: .*octopus" "$E" &&
	git handoff score >/dev/null && git handoff audit >/dev/null; test $? -le 1
'

test_expect_success 'forged and odd dates: no crash, topological order, the skew flagged (4.15)' '
	cd r && p=$(git rev-parse HEAD) && n=0 &&
	for when in "4102444800 +051800" "4102444800 -3407" "0 -0000" "0 +0000" "2147483648 +0000" \
	    "253402300799 +0000" "99999999999 +0000" "1793520000 +0900"; do
		n=$((n + 1)) && sed -i "s/^  acv: .*/  acv: 15000$n/" handoffs/copy.md && git add -A &&
		p=$(commit_raw $(git write-tree) $p "Jane Doe <jane@vendor.example> $when" \
			"Jane Doe <jane@vendor.example> $when" "date $n") || return 1
	done && git update-ref refs/heads/main $p &&
	git handoff log handoffs/copy.md >"$O" 2>"$E" && cat "$E" &&
	grep "warning: a commit.s committer date is older than its parent.s" "$E" &&
	grep "^commit " "$O" | head -9 | cut -d" " -f2 >../shown &&
	git rev-list --topo-order -9 main -- handoffs/copy.md >../topo && test_cmp ../topo ../shown &&
	grep "  2100-01-01T" "$O" && grep "  1970-01-01T00:00:00" "$O" && grep "  2038-01-19T03:14:08" "$O" &&
	grep "  9999-12-31T23:59:59" "$O" &&
	git handoff log --format json handoffs/copy.md >"$O" && python3 -c "import json, sys; json.load(open(sys.argv[1]))" "$O" &&
	git handoff blame handoffs/copy.md >/dev/null && git handoff score >/dev/null &&
	git handoff status >/dev/null && git handoff report --format json >"$O" &&
	python3 -c "import json, sys; json.load(open(sys.argv[1]))" "$O" &&
	git handoff audit --format json >"$O"; test $? -le 1 && python3 -c "import json, sys; json.load(open(sys.argv[1]))" "$O"
'

test_expect_success 'a Latin-1 name with an encoding header comes out as UTF-8 (4.15)' '
	cd r && sed -i "s/^  acv: .*/  acv: 170000/" handoffs/copy.md && git add -A &&
	latin=$(printf "Jos\351 M\374ller") &&
	c=$(commit_raw $(git write-tree) $(git rev-parse HEAD) "$latin <jose@vendor.example> 1793606400 +0000" \
		"$latin <jose@vendor.example> 1793606400 +0000" "$(printf "caf\351")" "encoding ISO-8859-1") &&
	git update-ref refs/heads/main $c && test "$(git log -1 --format=%an)" = "José Müller" &&
	git handoff log handoffs/copy.md >"$O" 2>/dev/null && grep "^commit $c  José Müller <jose@vendor.example>" "$O" &&
	git handoff log --format json handoffs/copy.md >"$O" 2>/dev/null && grep -F "\"author\":\"José Müller\"" "$O" &&
	git handoff blame handoffs/copy.md >"$O" && grep "José Müller .*/contract/acv = 170000" "$O" &&
	git handoff audit --format json >"$O"; grep -F "José Müller" "$O"
'

test_expect_success 'without an encoding header, bytes that are not UTF-8 are read as Latin-1 (4.15)' '
	cd r && sed -i "s/^  acv: .*/  acv: 170001/" handoffs/copy.md && git add -A &&
	c=$(commit_raw $(git write-tree) $(git rev-parse HEAD) "$(printf "Ren\351e") <renee@vendor.example> 1793606460 +0000" \
		"$(printf "Ren\351e") <renee@vendor.example> 1793606460 +0000" "no header") &&
	git update-ref refs/heads/main $c &&
	git handoff log --format json handoffs/copy.md >"$O" 2>/dev/null && grep -F "\"author\":\"Renée\"" "$O"
'

test_expect_success 'a signed commit is a commit like any other; nothing says "verified" (4.15)' '
	cd r && sed -i "s/^  acv: .*/  acv: 170002/" handoffs/copy.md && git add -A &&
	sig=$(printf "gpgsig -----BEGIN PGP SIGNATURE-----\n \n iQEzBAABCAAdFiEEnot+a+real+signature\n -----END PGP SIGNATURE-----") &&
	c=$(commit_raw $(git write-tree) $(git rev-parse HEAD) "Jane Doe <jane@vendor.example> 1793606520 +0000" \
		"Jane Doe <jane@vendor.example> 1793606520 +0000" "signed, they say" "$sig") &&
	git update-ref refs/heads/main $c && git cat-file -p $c | grep "^gpgsig " &&
	git handoff log handoffs/copy.md >"$O" 2>"$E" && grep "^commit $c" "$O" &&
	git handoff audit >>"$O"; git handoff blame handoffs/copy.md >>"$O" &&
	git handoff validate --range HEAD~1..HEAD >>"$O" 2>&1; ! grep -i "verified" "$O" "$E"
'

test_done
