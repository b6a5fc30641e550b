#!/bin/sh
# The command line's hazards (RELIABILITY.md 0 and 5): odd path names,
# output that cannot be written, readers that stop early, signals,
# colour, symbolic links, pointer files, concurrency, a read-only
# repository, empty inputs, and the cost of the largest record and of a
# blob far over the limit.
. "$(dirname "$0")/lib.sh"

good="$EXAMPLES/D-2026-0142-acme-logistics.md"
E="$TRASH/stderr" O="$TRASH/stdout"
BIN=$GIT_HANDOFF_BIN

# Under AddressSanitizer the address space is the sanitizer's: no ulimit -v
# and no memory figure there (the same tests run with the plain build).
sanitized() { ldd "$BIN" 2>/dev/null | grep -q "libasan"; }

# no_nan <file>: valid JSON with no NaN or infinity in it
no_nan() {
	python3 -c 'import json, sys
def bad(c):
    raise ValueError(c)
json.load(open(sys.argv[1]), parse_constant=bad)' "$1"
}

# peak_rss_kb <command...>: run it, print "<exit status> <peak RSS in KiB>"
peak_rss_kb() {
	python3 -c 'import resource, subprocess, sys
r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' "$@"
}

test_expect_success 'set up a repository with the hooks installed' '
	test_repo r && cd r && git handoff init >/dev/null &&
	cp "$good" handoffs/acme.md && git add -A && test_tick && git commit -q -m acme
'

test_expect_success 'a path that is not UTF-8 is quoted in text, valid in JSON (5.1)' '
	cd r && printf -- "---\nid: [\n---\n" >"$(printf "handoffs/bad\377name.md")" &&
	test_expect_code 1 git handoff validate 2>"$E" &&
	grep -F "\"handoffs/bad\\377name.md\":3:1: error: " "$E" &&
	test_expect_code 1 git handoff validate --format json >"$O" &&
	python3 -c "import json, sys; d = json.load(open(sys.argv[1])); p = [f[\"path\"] for f in d[\"files\"]]; assert \"handoffs/bad\ufffdname.md\" in p, p" "$O" &&
	rm handoffs/bad*name.md
'

test_expect_success 'a path near PATH_MAX is read, or refused with exit 2; never a crash (5.1)' '
	cd r && long=$(python3 -c "print(\"/\".join([\"d\" * 200] * 19))") &&
	mkdir -p "handoffs/$long" && p="handoffs/$long/$(python3 -c "print(\"f\" * 100)").md" &&
	sed "s/^id: .*/id: D-2026-0444/" "$good" >"$p" && test ${#p} -gt 3900 &&
	git handoff validate 2>"$E" && grep "2 records checked, 0 with problems" "$E" &&
	git handoff validate "$p" && git add handoffs && git handoff validate --staged &&
	git handoff hook pre-commit && git reset -q && rm -r handoffs/ddd*
'

test_expect_success 'a closed stdout is exit 2, like a full disk; output never lands in a file we opened (5.6)' '
	cd r && rm -rf .git/handoff &&
	test_expect_code 2 "$BIN" validate --format json >&- 2>"$E" &&
	grep "^git-handoff: cannot write output: Bad file descriptor$" "$E" &&
	test_expect_code 2 "$BIN" score >&- 2>"$E" && grep "cannot write output" "$E" &&
	test_expect_code 2 "$BIN" log handoffs/acme.md >&- 2>/dev/null &&
	! grep -r "D-2026-0142  " .git/handoff &&
	"$BIN" score >"$O" && grep "^handoffs/acme.md  D-2026-0142" "$O"
'

test_expect_success 'a closed stdin or stderr is no crash (5.6)' '
	if under_valgrind; then test_skip "under valgrind, the closed stderr is valgrind'"'"'s too"; return 0; fi
	cd r && "$BIN" hook pre-receive <&- &&
	printf -- "---\nid: [\n---\n" >../bad.md &&
	test_expect_code 1 "$BIN" validate ../bad.md 2>&- &&
	test_expect_code 1 "$BIN" validate --format json ../bad.md >"$O" 2>&- &&
	grep "\"ok\":false" "$O"
'

test_expect_success 'every command that writes to a full disk says so and exits 2 (5.6)' '
	cd r && for c in "validate --format json" "score" "score --format json" "status" "report" \
	    "report --format html" "export --format csv" "log handoffs/acme.md" "blame handoffs/acme.md" \
	    "diff --format json HEAD HEAD" "audit" "schema show deal-handoff" "schema list" \
	    "review handoffs/acme.md" "new deal-handoff D-2026-0999 -o -"; do
		git handoff $c >/dev/full 2>"$E"; s=$?
		test $s = 2 || { echo "exit $s from $c"; cat "$E"; return 1; }
		grep "No space left on device" "$E" || { echo "no message from $c"; return 1; }
	done
'

test_expect_success '-o writes into a FIFO or through a symbolic link, never replacing either' '
	cd r && mkfifo ../fifo && (timeout 60 cat ../fifo >../from-fifo &) &&
	git handoff report -o ../fifo && test -p ../fifo &&
	for i in 1 2 3 4 5 6 7 8 9 10; do test -s ../from-fifo && break; sleep 1; done &&
	grep "^all " ../from-fifo &&
	echo old >../target && ln -s "$WORKDIR/target" ../link.html &&
	git handoff report --format html -o ../link.html && test -L ../link.html &&
	grep -i "<html" ../target &&
	git handoff export --format csv -o /dev/stdout >"$O" && grep "D-2026-0142" "$O"
'

test_expect_success 'a reader that stops early: no noise, a status of 0, 1, 2 or 141, the cache whole (5.6)' '
	cd r && for c in "log handoffs/acme.md" "blame handoffs/acme.md" "status --as-of 2026-12-01" "score --explain" "audit"; do
		rm -rf .git/handoff
		{ git handoff $c 2>"$E"; echo $? >../status; } | head -c 1 >/dev/null
		! grep -i "broken pipe" "$E" || { echo "noise from $c"; return 1; }
		case $(cat ../status) in 0|1|2|141) ;; *) echo "exit $(cat ../status) from $c"; return 1 ;; esac
		git handoff $c >"$O" 2>/dev/null; git handoff $c >../again 2>/dev/null
		test_cmp "$O" ../again || return 1
	done
'

test_expect_success 'SIGINT while the cache is written leaves no temporary file (5.7)' '
	if ! command -v strace >/dev/null; then test_skip "strace is not installed (make deps)"; return 0; fi
	cd r && rm -rf .git/handoff &&
	# the interrupt comes as the second cache file, assessments, written
	# whole in its temporary file, is about to be renamed into place
	env --default-signal=INT strace -o /dev/null -e trace=rename \
		-e inject=rename:error=EINTR:signal=SIGINT:when=2 \
		"$BIN" score >/dev/null 2>&1; test $? = 130 &&
	test -z "$(ls -A .git/handoff | grep -v "^history$")" &&
	git handoff score >"$O" && grep "D-2026-0142" "$O" && test -s .git/handoff/assessments
'

test_expect_success 'colour only on a terminal, never with NO_COLOR, TERM=dumb or --no-color (5.8)' '
	if ! command -v script >/dev/null; then test_skip "script (util-linux) is not installed"; return 0; fi
	cd r &&
	printf -- "---\nid: [\n---\n" >../bad.md && esc=$(printf "\033") &&
	env -u NO_COLOR script -qec "git-handoff validate ../bad.md" /dev/null >"$O" 2>&1;
	grep -q "$esc\[" "$O" &&
	for how in "NO_COLOR=1 git-handoff validate ../bad.md" "TERM=dumb git-handoff validate ../bad.md" \
	    "git-handoff --no-color validate ../bad.md" "NO_COLOR=1 git-handoff score" \
	    "NO_COLOR=1 git-handoff log handoffs/acme.md" "NO_COLOR=1 git-handoff status"; do
		env -u NO_COLOR script -qec "$how" /dev/null >"$O" 2>&1
		! grep -q "$esc\[" "$O" || { echo "colour from: $how"; return 1; }
	done &&
	env -u NO_COLOR git handoff validate ../bad.md 2>"$E"; ! grep -q "$esc" "$E"
'

test_expect_success 'a records folder that is a symbolic link is not followed (5.4)' '
	mkdir outside && printf -- "---\nid: [\n---\n" >outside/evil.md && cd r &&
	rmdir transitions && ln -s ../outside transitions && ln -s ../../outside handoffs/more &&
	test -L transitions && test -L handoffs/more &&
	git handoff validate 2>"$E" && ! grep "evil" "$E" && grep "1 record checked" "$E" &&
	git add transitions handoffs/more && git handoff validate --staged 2>"$E" && ! grep "evil" "$E" &&
	git rm -r -q --cached transitions handoffs/more && rm transitions handoffs/more && mkdir transitions
'

test_expect_success 'Git LFS and git-annex pointers are recognised and skipped with a warning (5.3)' '
	cd r && printf "version https://git-lfs.github.com/spec/v1\noid sha256:%064d\nsize 12345\n" 7 >handoffs/lfs.md &&
	printf "/annex/objects/SHA256E-s100--%064d.md\n" 1 >handoffs/unlocked.md &&
	ln -s ../.git/annex/objects/Xx/Yy/SHA256E-s100--k.md/SHA256E-s100--k.md handoffs/locked.md &&
	git handoff validate 2>"$E" && cat "$E" &&
	grep "^handoffs/lfs.md:1:1: warning: a Git LFS pointer, not the record itself: not checked (run .git lfs pull.)$" "$E" &&
	grep "^handoffs/unlocked.md:1:1: warning: a git-annex pointer, not the record itself: not checked (run .git annex get.)$" "$E" &&
	grep "^handoffs/locked.md:1:1: warning: a git-annex pointer" "$E" &&
	git add handoffs && git handoff hook pre-commit 2>"$E" && grep -c "pointer" "$E" | grep 3 &&
	printf "version https://git-lfs.github.com/spec/v1\nnot a pointer\n" >handoffs/lfs.md &&
	test_expect_code 1 git handoff validate handoffs/lfs.md 2>"$E" && grep "missing front matter" "$E" &&
	git rm -q -f --cached handoffs/lfs.md handoffs/unlocked.md handoffs/locked.md &&
	rm handoffs/lfs.md handoffs/unlocked.md handoffs/locked.md
'

test_expect_success 'parallel pre-commit workers and parallel cache writers agree (5.5)' '
	cd r && for i in 1 2 3 4 5 6; do sed "s/^id: .*/id: D-2026-060$i/" "$good" >handoffs/p$i.md; done &&
	sed -i "/^## Risk Factors/d" handoffs/p3.md && git add handoffs &&
	for i in 1 2 3 4 5 6; do git handoff hook pre-commit handoffs/p$i.md >../w$i 2>&1 & done; wait &&
	grep "Risk Factors" ../w3 && ! grep -l "error" ../w1 ../w2 ../w4 ../w5 ../w6 &&
	git checkout -q -- handoffs 2>/dev/null; sed "s/^id: .*/id: D-2026-0603/" "$good" >handoffs/p3.md &&
	git add handoffs && test_tick && git commit -q -m six && rm -rf .git/handoff &&
	for i in 1 2 3 4; do git handoff score >../s$i 2>/dev/null & done; wait &&
	for i in 2 3 4; do test_cmp ../s1 ../s$i || return 1; done &&
	ls -a .git/handoff | grep -v "^\.*$" >"$O" && test_cmp - "$O" <<-\EOF
	assessments
	history
	EOF
'

test_expect_success 'two worktrees commit at once, each judged on its own index (5.5)' '
	cd r && git worktree add -q ../second -b second && sed -i "/^## Risk Factors/d" ../second/handoffs/p1.md &&
	git -C ../second add handoffs/p1.md && sed -i "s/^  acv: 150000/  acv: 150004/" handoffs/p2.md &&
	git add handoffs/p2.md && test_tick || return 1
	{ git -C ../second commit -q -m broken >../c2 2>&1; echo $? >../c2.status; } &
	git commit -q -m fine -m "Handoff-Reason: rounding" >../c1 2>&1; echo $? >../c1.status; wait;
	cat ../c1 ../c2 && test "$(cat ../c1.status)" = 0 && test "$(cat ../c2.status)" = 1 &&
	grep "p1.md.*Risk Factors" ../c2
'

test_expect_success 'a read-only repository works: every reading command, no cache (5.5)' '
	if ! unshare -m true 2>/dev/null; then test_skip "no mount namespace here (unshare -m)"; return 0; fi
	cd r && rm -rf .git/handoff && before=$(test_tree_hash .) &&
	: >"$E" && unshare -m sh -c "mount --bind . . && mount -o remount,bind,ro . && cd \"\$PWD\" &&
		! touch x 2>/dev/null &&
		for c in validate \"validate --staged\" score status report audit \"log handoffs/acme.md\" \
		    \"blame handoffs/acme.md\" \"review handoffs/acme.md\"; do
			git handoff \$c >/dev/null 2>>\"$E\"; test \$? -le 1 || { echo \"exit from \$c\"; exit 1; }
		done" || { cat "$E"; return 1; }
	cat "$E"; ! grep -i "read-only\|cannot" "$E" && test ! -e .git/handoff && test "$before" = "$(test_tree_hash .)"
'

test_expect_success 'empty inputs: nothing staged, no records, an unknown GIT_DIR, a broken schema (5.9)' '
	cd r && git handoff hook pre-commit && git handoff validate --staged 2>"$E" &&
	GIT_DIR=/no/such/dir test_expect_code 2 git handoff validate 2>"$E" &&
	grep "^git-handoff: not a git repository: GIT_DIR is ./no/such/dir.$" "$E" &&
	test_repo empty && (cd empty && git handoff validate && git handoff score >"$O" && git handoff status &&
		git handoff report --format json >"$O" && no_nan "$O" && git handoff audit) &&
	mkdir -p .handoff/schemas && printf "type: object\nproperties:\n  id: {type: strng}\n" >.handoff/schemas/deal-handoff.yaml &&
	test_expect_code 2 git handoff validate handoffs/acme.md 2>"$E" &&
	grep "^.handoff/schemas/deal-handoff.yaml:3:" "$E" && ! grep "^handoffs/acme.md" "$E" &&
	rm -r .handoff/schemas
'

test_expect_success 'a record with no fields scores 0, the same every time, no NaN (5.9)' '
	cd r && printf -- "---\nkind: deal-handoff\n---\n" >handoffs/bare.md && git add handoffs/bare.md &&
	test_tick && git commit -q --no-verify -m bare &&
	git handoff score --format json handoffs/bare.md >"$O" && no_nan "$O" &&
	grep "\"score\":0," "$O" && rm -rf .git/handoff &&
	git handoff score --format json handoffs/bare.md | test_cmp "$O" - &&
	git handoff report --format json >"$O" && no_nan "$O" &&
	git rm -q handoffs/bare.md && test_tick && git commit -q --no-verify -m "no bare"
'

# unmeasured: the process is the sanitizer's or valgrind's, so its memory
# is not ours to measure (the plain build measures it); the test says so.
unmeasured() {
	if sanitized; then
		test_skip "under AddressSanitizer the memory figures are the sanitizer's: run, not measured"
	elif under_valgrind; then
		test_skip "under valgrind the memory figures are valgrind's: run, not measured"
	else
		return 1
	fi
}

# cost <command> <KiB>: under ulimit -v 512M and -s 8192 (a hang guard of
# 60 s, no speed check), it exits 0 or 1 and its peak RSS stays under KiB
cost() {
	if unmeasured; then
		timeout 60 git-handoff $1 >/dev/null 2>&1; s=$? kb=0
	else
		set -- "$1" "$2" $( (ulimit -v 524288; ulimit -s 8192; peak_rss_kb timeout 60 git-handoff $1) )
		s=$3 kb=$4
	fi
	test "$s" -le 1 || { echo "exit $s from $1"; return 1; }
	test "$kb" -lt "$2" || { echo "$1 took $kb KiB"; return 1; }
	echo "$1: exit $s, $kb KiB"
}

test_expect_success 'bounded cost: a record of 1 MiB under ulimit -v 512M and -s 8192 stays under 64 MiB (0)' '
	cd r && python3 - <<-\PY &&
	MiB = 1 << 20
	def w(name, s):
	    assert len(s) <= MiB, (name, len(s))
	    open("handoffs/" + name, "w").write(s)
	head = "---\nkind: deal-handoff\nid: D-2026-07%02d\n"
	w("keys.md", head % 1 + "".join("k%05d: v%05d\n" % (i, i) for i in range(49000)) + "---\n")
	w("flat.md", head % 2 + "".join("k%06d: v\n" % i for i in range(95000)) + "---\n")
	w("seq.md", head % 3 + "x: [" + "1," * 99990 + "1]\n---\n")
	unit = "[" * 60 + "]" * 60 + ","
	w("deep.md", head % 4 + "x: [" + unit * (MiB // len(unit) - 1) + "1]\n---\n")
	w("tasks.md", head % 5 + "---\n## Handoff Checklist\n" + "- [ ] task number\n" * 58000)
	w("scalars.md", head % 6 + "".join("s%02d: \"%s\"\n" % (i, "x" * 65000) for i in range(15)) + "---\n")
	w("headings.md", head % 7 + "---\n" + "## H\n" * 200000)
	w("line.md", head % 8 + "---\n" + "word " * 200000 + "\n")
	w("list.md", head % 9 + "commitments:\n" + "".join("  - {id: C%d, text: t%d}\n" % (i, i) for i in range(30000)) + "---\n")
	PY
	git add handoffs && test_tick && git commit -q --no-verify -m big &&
	sed -i "s/^k00001: .*/k00001: changed/" handoffs/keys.md &&
	python3 -c "import sys; t = open(sys.argv[1]).read().split(\"\n\"); items = t[5:-2]; items.reverse(); open(sys.argv[1], \"w\").write(\"\n\".join(t[:5] + items + t[-2:]))" handoffs/list.md &&
	git add handoffs && test_tick && git commit -q --no-verify -m "big, again" &&
	big="keys flat seq deep tasks scalars headings line list" &&
	if unmeasured; then per="keys list"; else per=$big; fi &&
	for f in $per; do
		for c in "validate handoffs/$f.md" "validate --rev HEAD handoffs/$f.md" "log handoffs/$f.md" \
		    "blame handoffs/$f.md"; do
			cost "$c" 65536 || return 1
		done
	done &&
	for c in "diff HEAD~1 HEAD" "review handoffs/list.md" "review handoffs/keys.md"; do
		cost "$c" 65536 || return 1
	done &&
	# the whole repository at once: nine such records, within the ulimit
	for c in "validate" "validate --staged" "validate --range HEAD~1..HEAD" "score" "status" "audit"; do
		cost "$c" 524288 || return 1
	done &&
	git rm -q handoffs/keys.md handoffs/flat.md handoffs/seq.md handoffs/deep.md handoffs/tasks.md \
		handoffs/scalars.md handoffs/headings.md handoffs/line.md handoffs/list.md &&
	test_tick && git commit -q --no-verify -m "no big"
'

test_expect_success 'a long history: 10,000 commits read under ulimit -v 512M (5.2)' '
	test_repo long && cd long && awk "BEGIN { for (i = 1; i <= 10000; i++) {
		printf \"commit refs/heads/main\\nmark :%d\\ncommitter Jane Doe <jane@vendor.example> %d +0000\\ndata 2\\nc\\n\", i, 1790000000 + i * 60;
		if (i > 1) printf \"from :%d\\n\", i - 1;
		printf \"M 100644 inline handoffs/r%d.md\\ndata <<EOF\\n---\\nkind: deal-handoff\\nid: D-2026-%04d\\nv: %d\\n---\\nEOF\\n\\n\", i % 50, i % 50, i } }" |
		git fast-import --quiet && git reset -q --hard main && test $(git rev-list --count HEAD) = 10000 &&
	for c in "score" "status" "audit" "log handoffs/r7.md" "blame handoffs/r7.md" \
	    "validate --range HEAD~2000..HEAD" "report --format json"; do
		cost "$c" 524288 || return 1
	done
'

test_expect_success 'a blob over 2 GiB is refused by its size, never loaded (5.2)' '
	if sanitized; then test_skip "under AddressSanitizer, ulimit -v cannot hold (the plain build runs it)"; return 0; fi
	cd r && blob=$(python3 - <<-\PY
	import hashlib, os, zlib
	n = (2 << 30) + 16
	head = b"---\nkind: deal-handoff\n---\n"
	h = hashlib.sha1(); z = zlib.compressobj(1)
	hdr = b"blob %d\0" % n
	h.update(hdr); out = [z.compress(hdr)]
	h.update(head); out.append(z.compress(head))
	chunk = b"a" * (1 << 24); left = n - len(head)
	while left:
	    k = min(left, len(chunk)); h.update(chunk[:k]); out.append(z.compress(chunk[:k])); left -= k
	out.append(z.flush())
	sha = h.hexdigest()
	os.makedirs(".git/objects/" + sha[:2], exist_ok=True)
	open(".git/objects/%s/%s" % (sha[:2], sha[2:]), "wb").write(b"".join(out))
	print(sha)
	PY
	) && test "$(git cat-file -s $blob)" = 2147483664 &&
	git update-index --add --cacheinfo 100644,$blob,handoffs/huge.md &&
	(ulimit -v 524288; test_expect_code 1 git-handoff validate --staged 2>"$E") && cat "$E" &&
	grep "^handoffs/huge.md:1:1: error: file is 2147483664 bytes, over the 1048576 byte limit$" "$E" &&
	(ulimit -v 524288; test_expect_code 1 git-handoff hook pre-commit 2>"$E") && grep "over the 1048576 byte limit" "$E" &&
	git rm -q --cached handoffs/huge.md && rm -f .git/objects/$(echo $blob | cut -c1-2)/$(echo $blob | cut -c3-)
'

# A packed blob is read under a ceiling on libgit2's allocations (2 MiB):
# one over it is refused before it is inflated and told by its size; one
# between the limit and the ceiling is read, then told; a small record
# stored as a delta of a big blob is refused once (its base is big), then
# read again without the ceiling and judged as it is (git deltas a blob
# against one at most 32 times its size: 150 KB against 3.6 MB).
filled() {
	python3 - "$EXAMPLES/D-2026-0142-acme-logistics.md" "$@" <<-\PY
	import sys
	rec = open(sys.argv[1]).read()
	for arg in sys.argv[2:]:
	    path, n = arg.split("=")
	    open(path, "w").write(rec + "".join("<!-- filler line %07d of a long appendix -->\n" % i
	        for i in range(int(n))))
	PY
}

test_expect_success 'packed blobs over the limit are told by size (5.2)' '
	test_repo packed && cd packed &&
	filled handoffs/big.md=75000 handoffs/mid.md=33000 &&
	git add . && test_tick && git commit -q --no-verify -m big && git gc -q &&
	test $(git cat-file -s HEAD:handoffs/big.md) -gt 3000000 &&
	test $(git cat-file -s HEAD:handoffs/mid.md) -gt 1100000 &&
	test $(git cat-file -s HEAD:handoffs/mid.md) -lt 2000000 &&
	test_expect_code 1 git handoff validate --rev HEAD 2>err && cat err &&
	for f in big mid; do
		grep "^handoffs/$f.md:1:1: error: file is $(git cat-file -s HEAD:handoffs/$f.md) bytes, over the 1048576 byte limit$" err || return 1
	done
'

test_expect_success 'a small record stored as a delta of a big blob is read and judged (5.2)' '
	test_repo delta && cd delta && filled handoffs/big.md=75000 &&
	git add . && test_tick && git commit -q --no-verify -m big &&
	filled handoffs/big.md=3000 && test_tick && git commit -q --no-verify -am small &&
	git gc -q && small=$(git rev-parse HEAD:handoffs/big.md) big=$(git rev-parse HEAD~1:handoffs/big.md) &&
	git verify-pack -v .git/objects/pack/*.idx >pack &&
	grep "^$small blob .* 1 $big$" pack &&
	git handoff validate --rev HEAD handoffs/big.md 2>err && cat err &&
	grep "^1 record checked, 0 with problems" err &&
	git handoff log handoffs/big.md >out && test $(grep -c "^commit " out) = 2
'

test_done
