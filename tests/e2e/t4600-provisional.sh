#!/bin/sh
# Fair scores in flight: a criterion short of points is pending until it
# is due, missed after; a record with one pending and no decision is
# provisional, shown with its points so far, those still possible and the
# best band it can reach; report keeps provisional records out of its
# means and counts them apart. The contract of the deal below was signed
# at 2026-11-02T15:00:00+09:00 (06:00 UTC): the record is due complete 24 h
# later, the meeting and the customer introduction 48 h later (04 Nov 06:00).
. "$(dirname "$0")/lib.sh"

# new_deal <id>: the excellent example as it stands before its meeting:
# complete, submitted to CS, no meeting yet, nothing after it ticked
new_deal() {
	sed -e "s/^id: D-2026-0142/id: $1/" \
	    -e '/^meeting:/,/^acceptance:/{/^acceptance:/!d}' \
	    -e '/^acceptance:/,/^---/{/^  by:/d;/^  at:/d;s/^  status: .*/  status: pending/}' \
	    -e '/^- \[x\] All required participants attended/,$s/^- \[x\]/- [ ]/' \
	    "$EXAMPLES/D-2026-0142-acme-logistics.md"
}

# new_deal_committed <id> <message>: new_deal <id> at handoffs/<id>.md,
# committed by Jane at 2026-11-02T20:00:00+09:00
new_deal_committed() {
	new_deal "$1" >"handoffs/$1.md" && git add -A &&
	commit_by jane@vendor.example "Jane Doe" 2026-11-02T20:00:00+09:00 "$2"
}

# scored_at <time> <line>: score as of <time> (shown) has the line <line>;
# the same as JSON in out.json
scored_at() {
	git handoff score --as-of "$1" >out && cat out &&
	grep -Fx "$2" out &&
	git handoff score --as-of "$1" --format json >out.json
}

test_expect_success 'a perfect new deal before its meeting is provisionally excellent' '
	test_repo a && cd a &&
	new_deal_committed D-1 "handoff" &&
	git handoff validate handoffs/D-1.md &&
	scored_at 2026-11-02T21:00:00+09:00 "handoffs/D-1.md  D-1  65/100 + 35 possible  provisional: excellent if on time" &&
	grep -F "\"id\":\"D-1\",\"score\":65,\"max\":100,\"band\":\"excellent\",\"provisional\":true,\"possible\":35," out.json &&
	grep -F "\"name\":\"handoff_within_sla\",\"title\":\"Handoff within SLA\",\"points\":15,\"max\":15,\"why\":\"ok\",\"state\":\"earned\"" out.json &&
	grep -E "\"name\":\"agenda\",[^}]*\"points\":0,\"max\":10,[^}]*\"state\":\"pending\"" out.json &&
	grep -E "\"name\":\"customer_introduction\",[^}]*\"state\":\"pending\"" out.json &&
	! grep -F "\"state\":\"missed\"" out.json &&
	git handoff score --as-of 2026-11-02T21:00:00+09:00 --explain >out && cat out &&
	grep -E "meeting +Full agenda covered +0 / 10 +pending until 2026-11-04T06:00:00\+00:00: " out &&
	grep -E "timeliness +Customer introduction within 48 h +0 / 5 +pending until 2026-11-04T06:00:00\+00:00: " out &&
	test_expect_code 2 git handoff score --as-of soon
'

test_expect_success 'on schedule it never drops below excellent, however far it has got' '
	cd a &&
	for t in 2026-11-02T21:00:00+09:00 2026-11-03T12:00:00+09:00 2026-11-04T14:59:00+09:00; do
		git handoff score --as-of $t --format json >out.json &&
		grep -F "\"band\":\"excellent\",\"provisional\":true" out.json || return 1
	done &&
	sed -i -e "s/^acceptance:/meeting:\n  held: 2026-11-03T10:00:00+09:00\n  attendees: [jane@vendor.example, sam@vendor.example, kim@vendor.example]\n  notes: 45 minutes, the full agenda\nacceptance:/" \
	       -e "s/^- \[ \] \(All required participants attended\|Customer context reviewed\|Stakeholder map discussed\|Business objectives confirmed\|Scope and commitments validated\|Implementation plan outlined\|Risk factors identified\|CS questions answered\|Action items assigned\)/- [x] \1/" \
		handoffs/D-1.md && git add -A &&
	commit_by jane@vendor.example "Jane Doe" 2026-11-03T11:00:00+09:00 "meeting held" &&
	git handoff score --as-of 2026-11-03T12:00:00+09:00 >out && cat out &&
	grep -Fx "handoffs/D-1.md  D-1  95/100 + 5 possible  provisional: excellent if on time" out
'

test_expect_success 'the same record once its deadlines passed, items not done: final, points lost' '
	test_repo b && cd b &&
	new_deal_committed D-2 "handoff" &&
	scored_at 2026-11-04T15:00:01+09:00 "handoffs/D-2.md  D-2  65/100  substandard" &&
	grep -F "\"score\":65,\"max\":100,\"band\":\"substandard\",\"provisional\":false,\"possible\":0," out.json &&
	grep -E "\"name\":\"agenda\",[^}]*\"state\":\"missed\"" out.json &&
	grep -E "\"name\":\"customer_introduction\",[^}]*\"state\":\"missed\"" out.json &&
	! grep -F "\"state\":\"pending\"" out.json &&
	git handoff score >now && grep -Fx "handoffs/D-2.md  D-2  65/100  substandard" now
'

test_expect_success 'a decided record is final, even with deadlines still running' '
	cd b &&
	sed -i "s/^  status: pending/  status: needs-revision\n  by: sam@vendor.example\n  at: 2026-11-02T22:00:00+09:00\n  gaps: [the verbal weekly syncs (C2) belong in the SOW]/" \
		handoffs/D-2.md && git add -A &&
	commit_by sam@vendor.example "Sam Lee" 2026-11-02T22:00:00+09:00 "revise" &&
	git handoff score --as-of 2026-11-02T23:00:00+09:00 --format json >out.json && cat out.json &&
	grep -F "\"score\":65,\"max\":100,\"band\":\"substandard\",\"provisional\":false,\"possible\":0," out.json &&
	grep -E "\"name\":\"agenda\",[^}]*\"state\":\"pending\"" out.json
'

test_expect_success 'a pre-close deal: the introduction is pending before signature, never missed' '
	test_repo p && cd p &&
	new_deal D-3 | sed -e "s/^handoff_type: post-close/handoff_type: pre-close/" \
		-e "s/^  signed: .*/  expected_close: 2026-11-20/" \
		-e "s/^acceptance:/preclose_approval:\n  by: kim@vendor.example\n  at: 2026-11-02T12:00:00+09:00\nacceptance:/" \
		>handoffs/D-3.md && git add -A &&
	commit_by jane@vendor.example "Jane Doe" 2026-11-02T20:00:00+09:00 "pre-close handoff" &&
	git handoff validate handoffs/D-3.md &&
	for t in 2026-11-03 2026-12-31; do
		git handoff score --as-of $t --format json >out.json && cat out.json &&
		grep -E "\"name\":\"customer_introduction\",[^}]*\"points\":0,[^}]*\"state\":\"pending\"" out.json &&
		grep -E "\"name\":\"handoff_within_sla\",[^}]*\"state\":\"earned\"" out.json &&
		grep -F "\"score\":65,\"max\":100,\"band\":\"excellent\",\"provisional\":true,\"possible\":35," out.json || return 1
	done &&
	git handoff score --as-of 2026-11-03 --explain >out && cat out &&
	grep -E "Customer introduction within 48 h +0 / 5 +pending, its clock not started: " out
'

test_expect_success 'a planned transition written four weeks ahead, on schedule: provisionally excellent' '
	test_repo t && cd t && mkdir transitions &&
	sed -e "/^communications:/,/^outgoing_role:/{/^communications:/!{/^outgoing_role:/!d}}" \
	    -e "s/^communications:/communications: {}/" \
	    -e "/^- \[x\] New owner onboarding started/,\$s/^- \[x\]/- [ ]/" \
		"$EXAMPLES/T-2026-0007-seabright-planned.md" >transitions/T-1.md &&
	grep -q "^communications: {}" transitions/T-1.md && git add -A &&
	commit_by omar@vendor.example "Omar Haddad" 2026-11-06T10:00:00-05:00 "plan the move" &&
	git handoff score --as-of 2026-11-06T12:00:00-05:00 >out && cat out &&
	grep -Fx "transitions/T-1.md  T-2026-0007  50/100 + 50 possible  provisional: excellent if on time" out &&
	git handoff score --as-of 2027-01-31 >out && cat out &&
	grep -Fx "transitions/T-1.md  T-2026-0007  50/100  substandard" out
'

# Two deals: D-1 accepted (complete 30 h after signature: 85, final),
# D-2 submitted 5 h after signature, before its meeting (65 so far, 35
# possible until 4 November 06:00 UTC).
test_expect_success 'report: provisional records apart in text, CSV and JSON' '
	test_repo r && cd r &&
	new_deal_committed D-2 "D-2" &&
	sed -e "s/^id: D-2026-0142/id: D-1/" "$EXAMPLES/D-2026-0142-acme-logistics.md" >handoffs/D-1.md &&
	git add -A && commit_by jane@vendor.example "Jane Doe" 2026-11-03T21:00:00+09:00 "D-1" &&
	git handoff report --as-of 2026-11-03T22:00:00+09:00 --format json >r.json && cat r.json &&
	grep -F "{\"key\":\"all\",\"count\":2,\"scored\":1,\"mean_score\":85,\"median_score\":85,\"bands\":{\"good\":1}" r.json &&
	grep -F "\"provisional\":1," r.json &&
	git handoff report --as-of 2026-11-03T22:00:00+09:00 >r.txt && cat r.txt &&
	head -1 r.txt | grep "final scores" &&
	grep -E "^all +2 +1 +85 +85 +0 +1 +0 +0 " r.txt &&
	git handoff report --as-of 2026-11-03T22:00:00+09:00 --format csv >r.csv && cat r.csv &&
	head -1 r.csv | grep -F ",rejections,provisional" &&
	grep -E "^all,2,85,85,0,1,0,0,[0-9.]*,[0-9.]*,[0-9.]*,0,1,[0-9,]*deal-handoff.$" r.csv &&
	git handoff report --as-of 2026-11-10 --format json >later.json && cat later.json &&
	grep -F "{\"key\":\"all\",\"count\":2,\"scored\":2,\"mean_score\":75," later.json &&
	grep -F "\"provisional\":0," later.json &&
	test_expect_code 2 git handoff report --as-of yesterday
'

test_expect_success 'report: a group with only provisional scores has no mean, not 0' '
	test_repo q && cd q && new_deal_committed D-9 "one" &&
	git handoff report --as-of 2026-11-02T21:00:00+09:00 >q.txt && cat q.txt &&
	grep -E "^all +1 +1 +- +- +0 +0 +0 +0 " q.txt &&
	git handoff report --as-of 2026-11-02T21:00:00+09:00 --format json >q.json &&
	grep -F "\"count\":1,\"scored\":0," q.json
'

test_expect_success 'report --format html: the handoffs in flight in their own table' '
	cd r && git handoff report --as-of 2026-11-03T22:00:00+09:00 --format html -o r.html &&
	grep -F "data-key=\"all\" data-count=\"2\" data-mean=\"85\"" r.html &&
	grep -F "data-provisional=\"1\"" r.html &&
	grep -F "<table id=\"provisional\">" r.html &&
	grep -F "<tr data-id=\"D-2\" data-score=\"65\" data-possible=\"35\" data-band=\"excellent\">" r.html &&
	! grep -F "<tr data-id=\"D-1\"" r.html &&
	git handoff report --as-of 2026-11-10 --format html -o later.html &&
	! grep -F "id=\"provisional\"" later.html
'

test_expect_success 'report --format html in headless Chromium: the in-flight table is in the DOM' '
	if ! command -v chromium >/dev/null; then test_skip "chromium is not installed (make deps)"; return 0; fi
	cd r && chromium --headless --no-sandbox --disable-gpu --no-first-run --user-data-dir="$TRASH/chromium" \
		--dump-dom "file://$PWD/r.html" >dom.html 2>/dev/null &&
	grep -F "<h2 id=\"in-flight\">" dom.html &&
	grep -F "<tr data-id=\"D-2\" data-score=\"65\" data-possible=\"35\" data-band=\"excellent\">" dom.html
'

# Signed and committed a minute ago: no --as-of, the deadlines are
# ahead of the real clock.
test_expect_success 'score and review now: a deal committed today is provisional' '
	test_repo n && cd n && now=$(date -u +%s) &&
	signed=$(date -u -d "@$((now - 60))" +%Y-%m-%dT%H:%M:%SZ) &&
	new_deal D-8 | sed "s/^  signed: .*/  signed: $signed/" >handoffs/D-8.md && git add -A &&
	commit_by jane@vendor.example "Jane Doe" "@$now +0000" "handoff" &&
	git handoff score >out && cat out &&
	grep -Fx "handoffs/D-8.md  D-8  65/100 + 35 possible  provisional: excellent if on time" out &&
	git handoff review handoffs/D-8.md --format markdown >r.md && cat r.md &&
	grep -F "**Score so far 65.0 / 100, 35 still possible: provisional, excellent if on time.**" r.md &&
	grep -F "Full agenda covered (-10 of 10, not yet due)" r.md &&
	git handoff review handoffs/D-8.md --format json >r.json &&
	grep -F "\"score\":65.0,\"band\":\"excellent\",\"provisional\":true,\"possible\":35," r.json &&
	grep -E "\"criterion\":\"agenda\",[^}]*\"state\":\"pending\"" r.json
'

test_expect_success 'lsp: the hover on kind: gives the provisional form too' '
	cd n && timeout 60 python3 - <<-\PY
	import json, os, subprocess
	p = subprocess.Popen(["git", "handoff", "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
	def send(o):
	    b = json.dumps(o).encode()
	    p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(b) + b)
	    p.stdin.flush()
	def reply(i):
	    while True:
	        n = 0
	        while True:
	            line = p.stdout.readline().strip()
	            if not line:
	                break
	            if line.lower().startswith(b"content-length:"):
	                n = int(line.split(b":")[1])
	        m = json.loads(p.stdout.read(n))
	        if m.get("id") == i:
	            return m
	root = "file://" + os.getcwd()
	send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"rootUri": root, "capabilities": {}}})
	reply(1)
	send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
	uri = root + "/handoffs/D-8.md"
	send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument":
	      {"uri": uri, "languageId": "markdown", "version": 1, "text": open("handoffs/D-8.md").read()}}})
	send({"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover",
	      "params": {"textDocument": {"uri": uri}, "position": {"line": 1, "character": 0}}})
	v = reply(2)["result"]["contents"]["value"]
	assert "**Score** as last committed: 65/100 so far, 35 still possible: provisional, excellent if on time." in v, v
	send({"jsonrpc": "2.0", "id": 3, "method": "shutdown"})
	reply(3)
	send({"jsonrpc": "2.0", "method": "exit"})
	assert p.wait() == 0
	PY
'

test_expect_success 'the demo: its in-flight records are provisional in report and the HTML report' '
	TMPDIR=$TRASH/tmp && mkdir -p "$TMPDIR" && export TMPDIR &&
	sh "$SRC_ROOT/examples/demo.sh" "$GIT_HANDOFF_BIN" demo >log 2>&1 &&
	grep "^transitions/T-2026-0007.md  T-2026-0007  78/100 + 22 possible  provisional: excellent if on time$" log &&
	grep "^Mean, median and bands are of final scores; prov: " log &&
	grep -E "^Omar Haddad +2 +0 +63.8 " log &&
	grep -F "<tr data-id=\"T-2026-0007\" data-score=\"78\" data-possible=\"22\" data-band=\"excellent\">" demo/report.html &&
	grep -F "<tr data-id=\"D-2026-0163\" data-score=\"95\" data-possible=\"5\" data-band=\"excellent\">" demo/report.html
'

test_expect_success 'an old cache (format 5) is rebuilt, never read as criteria without deadlines' '
	cd b && git handoff score >/dev/null &&
	test -f .git/handoff/assessments && head -c 27 .git/handoff/assessments | grep -F "git-handoff assessments 9" &&
	sed -i "1s/assessments 9/assessments 5/" .git/handoff/assessments &&
	git handoff report --as-of 2026-11-02T23:00:00+09:00 --format json >out.json &&
	grep -F "\"provisional\":0," out.json &&
	head -c 27 .git/handoff/assessments | grep -F "git-handoff assessments 9"
'

test_expect_success 'a criterion due with an SLA that does not exist is a schema error at its line' '
	cd a &&
	score_schema_error "s/by: handoff_meeting/by: the_meeting/" \
		".*no SLA rule is called .the_meeting." &&
	rm -r .handoff/schemas
'

test_done
