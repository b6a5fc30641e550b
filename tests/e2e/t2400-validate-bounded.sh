#!/bin/sh
# The cost of a record that is nearly all placeholders (RELIABILITY.md 0):
# 0.9 MiB of '???' in a section and in front matter values is judged in
# one pass, and of its hundreds of thousands of problems 200 are shown,
# then one line "and N more"; the verdict still counts every error. The
# same by validate (text and JSON), the real pre-commit hook, validate
# --range and a push to the server's pre-receive hook. timeout 60 is a
# hang guard only, never a speed check.
. "$(dirname "$0")/lib.sh"

good="$EXAMPLES/D-2026-0142-acme-logistics.md"
BIN=$GIT_HANDOFF_BIN

# Under AddressSanitizer the address space is the sanitizer's: no ulimit -v
# and no memory figure there (as in t7200).
sanitized() { ldd "$BIN" 2>/dev/null | grep -q "libasan"; }

# flood <path> <id> <keys>: the good record, as <id>, with <keys> front
# matter values '???' (an error each) and lines of 80 '?' in its
# Stakeholder Map up to 0.9 MiB (26 warnings a line); prints the number
# of errors and of warnings
flood() {
	python3 - "$good" "$@" <<-\PY
	import sys
	good, path, rid, keys = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
	head, body = open(good).read().split("\n---\n", 1)
	head = head.replace("id: D-2026-0142", "id: " + rid)
	head = head.replace("  status: accepted", "  status: pending")
	body = body.replace("- [x] CS accepted", "- [ ] CS accepted")	# CS ticks it, not the rep
	head += "\n" + "".join("x%05d: ???\n" % i for i in range(keys))
	line = "?" * 80 + "\n"
	n = (int(0.9 * (1 << 20)) - len(head) - len(body) - 16) // len(line)
	body = body.replace("## Stakeholder Map\n", "## Stakeholder Map\n\n" + line * n + "\n", 1)
	text = head + "\n---\n" + body
	assert 0.85 * (1 << 20) < len(text) <= 0.9 * (1 << 20), len(text)
	open(path, "w").write(text)
	print(keys, 26 * n)
	PY
}

# shown <file> <path>: the diagnostics printed for <path>, one a line
shown() {
	grep -c "^$2:[0-9]*:[0-9]*: \(error\|warning\): " "$1"
}

test_expect_success 'set up: a record of warnings only, one of errors and warnings, each 0.9 MiB' '
	test_repo r && cd r && git handoff init >/dev/null &&
	echo "  olga@vendor.example: {name: Olga Ops, roles: [ops]}" >>.handoff/config.yaml &&
	sed "s/^  status: accepted/  status: pending/" "$good" >handoffs/acme.md &&
	git add -A && test_tick &&
	GIT_AUTHOR_EMAIL=olga@vendor.example GIT_COMMITTER_EMAIL=olga@vendor.example \
		git commit -q -m "rules, acme" &&
	flood handoffs/warn.md D-2026-0901 0 >../warn.count &&
	flood handoffs/both.md D-2026-0902 20000 >../both.count &&
	read e w <../warn.count && test "$e" = 0 && test "$w" -gt 250000 &&
	read e w <../both.count && test "$e" = 20000 && test "$w" -gt 150000
'

test_expect_success 'validate: 200 warnings, then "and N more"; warnings alone pass' '
	cd r && read e w <../warn.count &&
	timeout 60 git handoff validate handoffs/warn.md 2>err &&
	test $(shown err handoffs/warn.md) = 200 &&
	test $(grep -c "^handoffs/warn.md: note: " err) = 1 &&
	grep -x "handoffs/warn.md: note: and $((w - 200)) more diagnostics not shown" err &&
	test $(wc -l <err) = 202 &&
	grep -x "1 record checked, 0 with problems (0 errors)" err
'

test_expect_success 'validate: errors kept before warnings, every error counted in the verdict' '
	cd r && read e w <../both.count &&
	test_expect_code 1 timeout 60 git handoff validate handoffs/both.md 2>err &&
	test $(shown err handoffs/both.md) = 200 &&
	test $(grep -c "^handoffs/both.md:[0-9]*:[0-9]*: error: /x[0-9]*: .???. is a placeholder" err) = 200 &&
	grep -x "handoffs/both.md: note: and $((e + w - 200)) more diagnostics not shown ($((e - 200)) of them errors)" err &&
	grep -x "1 record checked, 1 with problems ($e errors)" err
'

test_expect_success 'validate --format json: 200 diagnostics a file, "omitted" for the rest' '
	cd r && read e w <../both.count && read e0 w0 <../warn.count &&
	test_expect_code 1 timeout 60 git handoff validate --format json >out &&
	python3 - out $e $w $w0 <<-\PY
	import json, sys
	d = json.load(open(sys.argv[1]))
	e, w, w0 = map(int, sys.argv[2:])
	f = {x["path"]: x for x in d["files"]}
	assert d["ok"] is False, d["ok"]
	both, warn = f["handoffs/both.md"], f["handoffs/warn.md"]
	assert len(both["diagnostics"]) == 200 and both["ok"] is False
	assert all(x["severity"] == "error" for x in both["diagnostics"])
	assert both["omitted"] == e + w - 200 and both["omitted_errors"] == e - 200, both["omitted"]
	assert len(warn["diagnostics"]) == 200 and warn["ok"] is True
	assert warn["omitted"] == w0 - 200 and warn["omitted_errors"] == 0
	# a file under the cap reads as it always did
	assert f["handoffs/acme.md"] == {"path": "handoffs/acme.md", "kind": "deal-handoff",
	    "id": "D-2026-0142", "ok": True, "diagnostics": []}, f["handoffs/acme.md"]
	PY
'

test_expect_success 'validate --format sarif and github: capped alike' '
	cd r && read e w <../both.count &&
	test_expect_code 1 timeout 60 git handoff validate --format sarif handoffs/both.md >out &&
	python3 - out $e $w <<-\PY &&
	import json, sys
	r = json.load(open(sys.argv[1]))["runs"][0]
	e, w = int(sys.argv[2]), int(sys.argv[3])
	assert len(r["results"]) == 200, len(r["results"])
	n = r["invocations"][0]["toolExecutionNotifications"]
	assert len(n) == 1 and n[0]["level"] == "note", n
	assert n[0]["message"]["text"] == "and %d more diagnostics not shown (%d of them errors)" % (e + w - 200, e - 200), n
	PY
	test_expect_code 1 timeout 60 git handoff validate --format github handoffs/both.md >out &&
	test $(grep -c "^::error file=handoffs/both.md," out) = 200 &&
	grep -x "::notice file=handoffs/both.md,title=omitted::and $((e + w - 200)) more diagnostics not shown ($((e - 200)) of them errors)" out &&
	test $(wc -l <out) = 201
'

test_expect_success 'the pre-commit hook: the same capped output, the commit refused' '
	cd r && read e w <../both.count && read e0 w0 <../warn.count &&
	git add handoffs && test_tick &&
	test_expect_code 1 timeout 60 git commit -q -m flood 2>err &&
	test $(shown err handoffs/both.md) = 200 && test $(shown err handoffs/warn.md) = 200 &&
	grep -x "handoffs/both.md: note: and $((e + w - 200)) more diagnostics not shown ($((e - 200)) of them errors)" err &&
	grep -x "handoffs/warn.md: note: and $((w0 - 200)) more diagnostics not shown" err &&
	grep "commit refused" err &&
	git log --format=%s -1 | grep -x "rules, acme"
'

test_expect_success 'validate --range: each commit judged, 200 errors shown, all counted' '
	cd r && read e w <../both.count &&
	test_tick && git commit -q --no-verify -m flood &&
	test_expect_code 1 timeout 60 git handoff validate --range HEAD~1..HEAD 2>err &&
	test $(grep -c "^handoffs/both.md:[0-9]*:[0-9]*: error: /x[0-9]*: commit [0-9a-f]*: " err) = 200 &&
	grep -x "handoffs/both.md: note: and $((e - 200)) more diagnostics not shown ($((e - 200)) of them errors)" err &&
	grep -x "$e problems in the commits of HEAD~1..HEAD" err &&
	! grep "warn.md" err
'

test_expect_success 'the review packet: 200 problems, then "and N more"' '
	cd r && read e w <../both.count &&
	timeout 60 git handoff review handoffs/both.md >out &&
	test $(grep -c "^- error line [0-9]*: /x[0-9]* " out) = 200 &&
	grep -x -- "- and $((e + w - 200)) more not shown ($((e - 200)) of them errors)" out
'

test_expect_success 'a push: the server refuses it with the same capped output' '
	read e w <both.count &&
	git init -q --bare server.git && git handoff -C server.git init >/dev/null &&
	cd r && git remote add origin ../server.git &&
	git push -q origin HEAD~1:refs/heads/main &&
	test_expect_code 1 timeout 60 git push -q origin HEAD:refs/heads/main 2>err &&
	test $(grep -c "^remote: handoffs/both.md:[0-9]*:[0-9]*: error: /x[0-9]*: commit " err) = 200 &&
	grep "^remote: handoffs/both.md: note: and $((e - 200)) more diagnostics not shown ($((e - 200)) of them errors)" err &&
	test "$(git -C ../server.git rev-parse main)" = "$(git rev-parse HEAD~1)"
'

test_expect_success 'a line of 0.9 MiB of brackets: each search stops at the next bracket' '
	cd r && python3 - "$good" <<-\PY &&
	import sys
	head, body = open(sys.argv[1]).read().split("\n---\n", 1)
	head = head.replace("id: D-2026-0142", "id: D-2026-0903")
	body = body.replace("## Stakeholder Map\n", "## Stakeholder Map\n\n" + "[" * 600000 + "\n]\n\n", 1)
	body = body.replace("## Business Objectives\n", "## Business Objectives\n\n" + "\uff3b" * 100000 + "\n\uff3d\n\n", 1)
	text = head + "\n---\n" + body
	assert len(text.encode()) <= 0.9 * (1 << 20), len(text.encode())
	open("brackets.md", "w").write(text)
	PY
	timeout 60 git handoff validate brackets.md 2>err &&
	grep -x "1 record checked, 0 with problems (0 errors)" err
'

test_expect_success 'bounded cost: validate of both records under ulimit -v 512M and -s 8192 stays under 64 MiB (0)' '
	cd r &&
	if sanitized || under_valgrind; then
		test_skip "under a sanitizer or valgrind the memory figures are theirs: run, not measured"
		timeout 60 git-handoff validate handoffs/both.md handoffs/warn.md >/dev/null 2>&1
		s=$? kb=0
	else
		set -- $( (ulimit -v 524288; ulimit -s 8192; python3 -c "import resource, subprocess, sys
r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)" \
			timeout 60 git-handoff validate handoffs/both.md handoffs/warn.md) )
		s=$1 kb=$2
	fi &&
	echo "exit $s, $kb KiB" && test "$s" = 1 && test "$kb" -lt 65536
'

# One record copied 600 times: each copy names the 599 others, 200 shown
# and the rest counted, in a pass over each copy's own list (it was a scan
# of every file for every pair). The kept set and every count are those
# of the record-by-record rule; timeout 60 is a hang guard only.
test_expect_success 'six hundred copies of one record: 200 shown each, all counted' '
	test_repo copies && (cd copies &&
	cp "$good" handoffs/r0.md && git handoff validate 2>one.err &&
	i=1 && while [ $i -lt 600 ]; do
		cp "$good" handoffs/r$i.md && i=$((i + 1)) || return 1
	done &&
	test_expect_code 1 timeout 60 git handoff validate 2>err &&
	grep "^600 records checked, 600 with problems (359400 errors)$" err &&
	test $(grep -c "^handoffs/r17.md:3:5: error: /id: id .D-2026-0142. is also used by handoffs/r" err) = 200 &&
	! grep "^handoffs/r17.md:.*used by handoffs/r17.md$" err &&
	test $(grep -c ": note: and 399 more diagnostics not shown (399 of them errors)$" err) = 600 &&
	test_expect_code 1 git handoff validate --format json >out.json &&
	python3 - <<-\PY
	import json
	files = json.load(open("out.json"))["files"]
	assert len(files) == 600
	for f in files:
	    named = {d["message"].rsplit(" ", 1)[1] for d in f["diagnostics"]}
	    assert len(named) == 200 and f["path"] not in named, f["path"]
	    assert f["omitted"] == f["omitted_errors"] == 399, f
	PY
	)
'

test_expect_success 'validate --range: the six hundred copies of one commit, capped alike' '
	cd copies && git add .handoff && test_tick && git commit -q -m config &&
	git add handoffs && test_tick && git commit -q --no-verify -m copies &&
	test_expect_code 1 timeout 60 git handoff validate --range HEAD~1..HEAD 2>err &&
	test $(grep -c "^handoffs/r17.md:3:5: error: /id: at [0-9a-f]* (HEAD~1..HEAD): id .D-2026-0142. is also used by handoffs/r" err) = 200 &&
	! grep "^handoffs/r17.md:.*used by handoffs/r17.md$" err &&
	test $(grep -c ": note: and 399 more diagnostics not shown (399 of them errors)$" err) = 600
'

test_done
