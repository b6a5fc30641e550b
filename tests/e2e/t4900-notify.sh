#!/bin/sh
# status --notify: the board's escalations sent once, through the
# config's notify.command (run without a shell, the JSON payload on its
# stdin) or to an mbox; what was sent is kept in refs/notes/handoff-notify.
# The contract was signed at 2026-11-02T06:00:00Z: the record is due
# complete 24 h later (met 6 h late), CS preparation 3 days later (left
# undone), the kickoff scheduled 5 days later (left undone).
. "$(dirname "$0")/lib.sh"

# record <id>: the example as <id>, CS preparation and kickoff unticked,
# its account name full of shell syntax
record() {
	cat >"$TRASH/account.sed" <<-'SED'
	s/^  name: Acme Logistics$/  name: 'Acme $(touch pwned) `touch pwned2`; "q" \& rm -f x || touch pwned3'/
	SED
	sed -e "s/^id: D-2026-0142/id: $1/" \
	    -e "s/^- \[x\] CS internal preparation done/- [ ] CS internal preparation done/" \
	    -e "s/^- \[x\] Implementation kickoff/- [ ] Implementation kickoff/" \
	    -f "$TRASH/account.sed" "$EXAMPLES/D-2026-0142-acme-logistics.md"
}

# payloads <file>: "<key> <account>" of each JSON payload in it, one a line
payloads() {
	python3 -c '
import json, sys
for line in open(sys.argv[1]):
	p = json.loads(line)
	print(p["key"], p["reason"], ",".join(p["to"]), p["account"])
' "$1"
}

test_expect_success 'setup: an overdue item and a missed SLA; a command that appends its stdin' '
	test_repo n && cd n &&
	printf "#!/bin/sh\ncat >>\"\$1\"\n" >../send.sh && chmod +x ../send.sh &&
	printf "#!/bin/sh\ncat >/dev/null\nexit 1\n" >../fail.sh && chmod +x ../fail.sh &&
	cat >>.handoff/config.yaml <<-CFG &&
	notify:
	  command: [$WORKDIR/send.sh, "$WORKDIR/sent; touch pwned4"]
	CFG
	record D-4 >handoffs/D-4.md && git add -A &&
	commit_by jane@vendor.example "Jane Doe" 2026-11-03T12:00:00Z "handoff, late" &&
	git handoff status --as-of 2026-11-06 >out && cat out &&
	grep "overdue  CS internal preparation" out &&
	grep "escalate  SLA missed (handoff_complete)" out
'

test_expect_success 'status --notify sends each escalation once: twice, each payload once' '
	cd n &&
	git handoff status --as-of 2026-11-06 --notify >out 2>err && cat out err &&
	grep "overdue  CS internal preparation" out &&
	grep "notified 2 of 2 new escalations (0 sent before)" err &&
	payloads "../sent; touch pwned4" >got && cat got &&
	cat >expect <<-EOF &&
	D-4/handoff_complete/2026-11-03T06:00:00+00:00 sla_late kim@vendor.example Acme \$(touch pwned) \`touch pwned2\`; "q" & rm -f x || touch pwned3
	D-4/cs_preparation/2026-11-05T06:00:00+00:00 sla_overdue kim@vendor.example Acme \$(touch pwned) \`touch pwned2\`; "q" & rm -f x || touch pwned3
	EOF
	test_cmp expect got &&
	git handoff status --as-of 2026-11-06 --notify 2>err && cat err &&
	grep "notified 0 of 0 new escalations (2 sent before)" err &&
	payloads "../sent; touch pwned4" >got && test_cmp expect got
'

test_expect_success 'a record value with shell syntax is JSON data, never run' '
	cd n &&
	grep -F "\"account\":\"Acme \$(touch pwned) \`touch pwned2\`; \\\"q\\\" & rm -f x || touch pwned3\"" "../sent; touch pwned4" &&
	! ls pwned* ../pwned* 2>/dev/null
'

test_expect_success 'the notes ref holds the keys sent' '
	cd n &&
	git notes --ref=handoff-notify list >list && test "$(wc -l <list)" = 1 &&
	git log --format=%B -1 refs/notes/handoff-notify >/dev/null &&
	git show "refs/notes/handoff-notify:$(cut -d" " -f2 list)" >note && cat note &&
	cat >expect <<-EOF &&
	D-4/cs_preparation/2026-11-05T06:00:00+00:00
	D-4/handoff_complete/2026-11-03T06:00:00+00:00
	EOF
	test_cmp expect note
'

test_expect_success 'a new overdue item later is sent on the next run, alone' '
	cd n &&
	git handoff status --as-of 2026-11-08 --notify 2>err && cat err &&
	grep "notified 1 of 1 new escalation (2 sent before)" err &&
	payloads "../sent; touch pwned4" >got && cat got &&
	test "$(wc -l <got)" = 3 &&
	tail -n 1 got | grep "^D-4/kickoff_scheduled/2026-11-07T06:00:00+00:00 sla_overdue"
'

test_expect_success 'a failing command (exit 1) or none is not remembered: tried again on the next run' '
	cd n && cp .handoff/config.yaml ../config.good &&
	sed -i "s|send.sh, .*\]|fail.sh]|" .handoff/config.yaml &&
	test_expect_code 2 git handoff status --as-of 2026-11-13 --notify >out 2>err; cat err &&
	grep "cannot notify: .*fail.sh. exited with 1" err &&
	grep "notified 0 of 1 new escalation (3 sent before)" err &&
	test_expect_code 2 git handoff status --as-of 2026-11-13 --notify 2>err &&
	grep "notified 0 of 1 new escalation (3 sent before)" err &&
	sed -i "s|command: .*|command: [$WORKDIR/no-such-program]|" .handoff/config.yaml &&
	test_expect_code 2 git handoff status --as-of 2026-11-13 --notify 2>err; cat err &&
	grep "cannot run .*no-such-program.: No such file" err &&
	cp ../config.good .handoff/config.yaml &&
	git handoff status --as-of 2026-11-13 --notify 2>err && cat err &&
	grep "notified 1 of 1 new escalation (3 sent before)" err &&
	payloads "../sent; touch pwned4" >got && test "$(wc -l <got)" = 4 &&
	tail -n 1 got | grep "^D-4/kickoff_held/"
'

test_expect_success '--notify-mbox writes a valid mbox; twice does not duplicate' '
	test_repo m && cd m &&
	cat >>.handoff/config.yaml <<-CFG &&
	notify: {from: "Handoff Desk <handoffs@vendor.example>"}
	CFG
	record D-7 >handoffs/D-7.md && git add -A &&
	commit_by jane@vendor.example "Jane Doe" 2026-11-03T12:00:00Z "handoff, late" &&
	git handoff status --as-of 2026-11-06 --notify-mbox ../out.mbox 2>err && cat err &&
	git handoff status --as-of 2026-11-06 --notify-mbox ../out.mbox 2>err && cat err &&
	grep "notified 0 of 0 new escalations (2 sent before)" err &&
	head -n 1 ../out.mbox | grep -E "^From handoffs@vendor.example (Mon|Tue|Wed|Thu|Fri|Sat|Sun) [A-Z][a-z][a-z] [ 0-9][0-9] [0-9:]{8} [0-9]{4}$" &&
	python3 -c "
import mailbox, email.utils, sys
msgs = list(mailbox.mbox(\"../out.mbox\"))
assert len(msgs) == 2, len(msgs)
ids = set()
for m in msgs:
	assert m[\"To\"] == \"kim@vendor.example\", m[\"To\"]
	assert m[\"From\"] == \"Handoff Desk <handoffs@vendor.example>\", m[\"From\"]
	assert m[\"Subject\"].startswith(\"[handoff] D-7 Acme\"), m[\"Subject\"]
	assert email.utils.parsedate_to_datetime(m[\"Date\"]) is not None
	assert m[\"Content-Type\"] == \"text/plain; charset=UTF-8\"
	assert m[\"Content-Transfer-Encoding\"] == \"8bit\"
	ids.add(m[\"Message-ID\"])
	body = m.get_payload(decode=True).decode(\"utf-8\")
	assert \"D-7 (Acme\" in body and \"Record: handoffs/D-7.md\" in body, body
	print(m[\"Subject\"])
assert len(ids) == 2
"
'

test_expect_success 'the mbox: a non-ASCII subject and sender name are RFC 2047, a body line "From " is quoted' '
	cd m &&
	sed -i "s/^  name: .Acme.*/  name: \"Café Zürich\\\\nFrom here\"/" handoffs/D-7.md &&
	sed -i "s/^id: D-7/id: D-8/" handoffs/D-7.md && git mv handoffs/D-7.md handoffs/From.md &&
	sed -i "s/^notify: .*/notify: {from: \"Équipe Handoff <handoffs@vendor.example>\"}/" .handoff/config.yaml &&
	git add -A && grep "^  name: .Caf" handoffs/From.md &&
	commit_by jane@vendor.example "Jane Doe" 2026-11-03T13:00:00Z "renamed" &&
	git handoff status --as-of 2026-11-06 --notify-mbox ../u.mbox 2>err && cat err ../u.mbox &&
	grep "^Subject: =?UTF-8?B?" ../u.mbox &&
	grep "^>From here): " ../u.mbox && ! grep "^From here" ../u.mbox &&
	python3 -c "
import mailbox, email.header
msgs = list(mailbox.mbox(\"../u.mbox\"))
assert len(msgs) == 2, len(msgs)
for m in msgs:
	s = str(email.header.make_header(email.header.decode_header(m[\"Subject\"])))
	assert \"Café Zürich\" in s, s
	f = str(email.header.make_header(email.header.decode_header(m[\"From\"])))
	assert f == \"Équipe Handoff <handoffs@vendor.example>\", f
	assert m[\"From\"].endswith(\" <handoffs@vendor.example>\"), m[\"From\"]
	assert \"Café Zürich\" in m.get_payload(decode=True).decode(\"utf-8\")
"
'

test_expect_success 'the notes survive a clone that fetches them: nothing is sent again' '
	git clone -q n c && cd c &&
	git fetch -q origin refs/notes/handoff-notify:refs/notes/handoff-notify &&
	sed -i "s|$WORKDIR/sent|$WORKDIR/sent-c|" .handoff/config.yaml &&
	git handoff status --as-of 2026-11-13 --notify 2>err && cat err &&
	grep "notified 0 of 0 new escalations (4 sent before)" err &&
	! test -e "../sent-c; touch pwned4" &&
	git handoff status --as-of 2026-11-20 --notify-mbox ../c.mbox 2>err && cat err &&
	grep "(4 sent before)" err &&
	git notes --ref=handoff-notify list >list && test "$(wc -l <list)" = 1
'

test_expect_success 'a clone without the notes sends everything again' '
	git clone -q n c2 && cd c2 &&
	git handoff status --as-of 2026-11-13 --notify-mbox ../c2.mbox 2>err && cat err &&
	grep "notified 4 of 4 new escalations (0 sent before)" err &&
	grep -c "^From " ../c2.mbox >n && echo 4 >expect && test_cmp expect n &&
	grep "^X-Handoff-Key: D-4/kickoff_held/2026-11-12T06:00:00+00:00$" ../c2.mbox
'

test_expect_success 'the scheduled GitHub job of examples/ci: two runs from fresh clones send once' '
	git clone -q --bare n origin.git && git -C n push -q ../origin.git refs/notes/handoff-notify &&
	python3 - "$EXAMPLES/ci/github-notify.yml" >job.sh <<-\PY &&
	import sys, yaml
	w = yaml.safe_load(open(sys.argv[1]))
	assert w[True]["schedule"][0]["cron"], w[True]
	assert w["jobs"]["notify"]["permissions"]["contents"] == "write"
	print([s for s in w["jobs"]["notify"]["steps"] if "--notify" in s.get("run", "")][0]["run"])
	PY
	sh -n job.sh && grep "git fetch -q origin \"+\$ref:\$ref\"" job.sh &&
	sed -i "s/git handoff status --notify/git handoff status --as-of 2026-11-13 --notify/" job.sh &&
	rm -f "sent; touch pwned4" &&
	git clone -q origin.git r1 && (cd r1 && sh -e ../job.sh) 2>err && cat err &&
	grep "notified 0 of 0 new escalations (4 sent before)" err &&
	git --git-dir=origin.git update-ref -d refs/notes/handoff-notify &&
	git clone -q origin.git r2 && (cd r2 && sh -e ../job.sh) 2>err && cat err &&
	grep "notified 4 of 4 new escalations (0 sent before)" err &&
	git --git-dir=origin.git notes --ref=handoff-notify list >list && test "$(wc -l <list)" = 1 &&
	git clone -q origin.git r3 && (cd r3 && sh -e ../job.sh) 2>err && cat err &&
	grep "notified 0 of 0 new escalations (4 sent before)" err &&
	payloads "sent; touch pwned4" >got && test "$(wc -l <got)" = 4
'

test_expect_success 'the scheduled GitLab job of examples/ci runs on a schedule only, its script parses' '
	python3 - "$EXAMPLES/ci/gitlab-notify.yml" >job.sh <<-\PY &&
	import sys, yaml
	j = yaml.safe_load(open(sys.argv[1]))["handoff-notify"]
	assert j["rules"] == [{"if": "$CI_PIPELINE_SOURCE == \"schedule\""}], j["rules"]
	print(j["script"][0])
	PY
	sh -n job.sh && grep "git handoff status --notify" job.sh &&
	grep "git push -q \"\$remote\" \"\$ref\"" job.sh
'

test_expect_success 'a server with the pre-receive hook takes the notes ref, and a clone reads it' '
	git init -q --bare hooked.git && git -C n push -q ../hooked.git main &&
	git handoff -C hooked.git init >out && test -x hooked.git/hooks/pre-receive &&
	{ git -C n push -q ../hooked.git refs/notes/handoff-notify 2>err; r=$?; cat err; test $r = 0; } &&
	git --git-dir=hooked.git notes --ref=handoff-notify list >list && test "$(wc -l <list)" = 1 &&
	git clone -q hooked.git h && cd h &&
	git fetch -q origin refs/notes/handoff-notify:refs/notes/handoff-notify &&
	git handoff status --as-of 2026-11-13 --notify-mbox ../h.mbox 2>err && cat err &&
	grep "notified 0 of 0 new escalations (4 sent before)" err
'

test_expect_success 'a handoff rejected twice: one mail to sales leadership, once' '
	test_repo e && cd e &&
	cat >>.handoff/config.yaml <<-CFG &&
	  lee@vendor.example: {name: Lee Chan, roles: [sales_manager], team: east}
	CFG
	sed -e "s/^id: D-2026-0142/id: D-5/" "$EXAMPLES/D-2026-0142-acme-logistics.md" >handoffs/D-5.md &&
	git add -A && commit_by jane@vendor.example "Jane Doe" 2026-11-02T20:00:00+09:00 "handoff" &&
	rejected_twice handoffs/D-5.md &&
	git handoff status --as-of 2026-11-05 --notify-mbox ../e.mbox 2>err && cat err ../e.mbox &&
	grep "notified 1 of 1 new escalation (0 sent before)" err &&
	grep "^X-Handoff-Key: D-5/rejections/2026-11-04T00:00:00+00:00$" ../e.mbox &&
	grep "^To: lee@vendor.example$" ../e.mbox &&
	grep "^Subject: \[handoff\] D-5 Acme Logistics: rejected 2 times$" ../e.mbox &&
	git handoff status --as-of 2026-11-06 --notify-mbox ../e.mbox 2>err && cat err &&
	grep "notified 0 of 0 new escalations (1 sent before)" err
'

test_expect_success 'a secret URL from the environment, through sh -c: the payload stays on stdin' '
	test_repo s && cd s &&
	cat >>.handoff/config.yaml <<-\CFG &&
	notify:
	  command: [sh, -c, "exec cat >>\"$HANDOFF_WEBHOOK_URL\"", notify]
	CFG
	record D-9 >handoffs/D-9.md && git add -A &&
	commit_by jane@vendor.example "Jane Doe" 2026-11-03T12:00:00Z "handoff, late" &&
	HANDOFF_WEBHOOK_URL=$TRASH/hook git handoff status --as-of 2026-11-06 --notify 2>err && cat err &&
	payloads "$TRASH/hook" >got && test "$(wc -l <got)" = 2 &&
	! ls pwned* ../pwned* 2>/dev/null
'

test_expect_success '--notify without a command in the config is a usage error' '
	test_repo u && cd u &&
	test_expect_code 2 git handoff status --notify 2>err && cat err &&
	grep "needs a command in the config" err
'

test_expect_success 'the notify config is read strictly' '
	test_repo v && cd v &&
	printf "notify:\n  comand: [x]\n" >>.handoff/config.yaml &&
	test_expect_code 2 git handoff status 2>err; cat err &&
	grep -E "config.yaml:[0-9]+:3: error: .*unknown key .comand." err &&
	sed -i "s/  comand: .*/  command: curl -d @- https:\/\/x/" .handoff/config.yaml &&
	test_expect_code 2 git handoff status 2>err; cat err &&
	grep -E "config.yaml:[0-9]+:[0-9]+: error: .*.command. must be a list" err
'

test_done
