#!/bin/sh
# score, status, report and export on repositories with fixed dates, the
# expected scores worked out by hand. The contract was signed at
# 2026-11-02T15:00:00+09:00 (06:00 UTC): the record is due complete 24 h
# later (15 points), the customer introduction 48 h later (5 points).
. "$(dirname "$0")/lib.sh"

CLOCK="clock: commit dates (self-asserted, committer time)"

test_expect_success 'an excellent handoff: complete after 5 h, introduction after 25 h' '
	test_repo a && cd a &&
	jane_commits_example D-1 2026-11-02T20:00:00+09:00 "handoff" &&
	jane_commits_example D-1 2026-11-03T16:00:00+09:00 "intro sent" "- [x] Customer introduction sent" &&
	git handoff score >out &&
	printf "%s\n" "handoffs/D-1.md  D-1  100/100  excellent" "$CLOCK" >expect &&
	test_cmp expect out &&
	git handoff score --format json >out.json &&
	grep -F "\"id\":\"D-1\",\"score\":100,\"max\":100,\"band\":\"excellent\"" out.json &&
	grep -F "\"name\":\"handoff_within_sla\",\"title\":\"Handoff within SLA\",\"points\":15,\"max\":15,\"why\":\"ok\"" out.json
'

test_expect_success 'completed 30 hours after signature: the 15 timeliness points are lost' '
	test_repo b && cd b &&
	jane_commits_example D-2 2026-11-03T21:00:00+09:00 "handoff, late" "- [x] Customer introduction sent" &&
	git handoff score --explain >out && cat out &&
	grep -E "^handoffs/D-2.md  D-2  85/100  good$" out &&
	grep -E "timeliness +Handoff within SLA +0 / 15 .*late by 6h 0m" out &&
	grep -E "timeliness +Customer introduction within 48 h +5 / 5 +ok" out &&
	git handoff score --format json >out.json &&
	grep -F "\"score\":85,\"max\":100,\"band\":\"good\"" out.json
'

test_expect_success 'an introduction ticked with a backdated date does not earn its 5 points' '
	test_repo c && cd c &&
	jane_commits_example D-3 2026-11-02T20:00:00+09:00 "handoff" &&
	jane_commits_example D-3 2026-11-04T10:00:00+09:00 "intro" "- [x] Customer introduction sent (2026-10-30)" &&
	git handoff score --explain >out 2>&1 && cat out &&
	grep -E "^handoffs/D-3.md  D-3  95/100  excellent$" out &&
	grep -E "Customer introduction within 48 h +0 / 5 .*backdated" out &&
	grep "warning: handoffs/D-3.md: /checklist/Customer introduction sent is backdated" out
'

test_expect_success 'a changed rule in .handoff/schemas/ changes the score, no rebuild' '
	cd b && mkdir -p .handoff/schemas &&
	sed "/name: handoff_within_sla/,/points:/s/points: 15/points: 35/" \
		"$SRC_ROOT/schemas/deal-handoff.yaml" >.handoff/schemas/deal-handoff.yaml &&
	git handoff score >out &&
	printf "%s\n" "handoffs/D-2.md  D-2  70.8/100  acceptable" "$CLOCK" >expect &&
	test_cmp expect out &&
	rm -r .handoff/schemas && git handoff score >out &&
	printf "%s\n" "handoffs/D-2.md  D-2  85/100  good" "$CLOCK" >expect &&
	test_cmp expect out
'

test_expect_success 'a broken score rule names the schema line and column' '
	cd b &&
	score_schema_error "s/sla: customer_introduction$/sla: customer_intro/" \
		".*no SLA rule is called .customer_intro." &&
	rm -r .handoff/schemas
'

test_expect_success 'status: the next item, what is overdue and by how long, --fail-on-breach' '
	test_repo s && cd s &&
	example_as D-4 "- [x] Customer introduction sent" |
		sed -e "s/^- \[x\] CS internal preparation done/- [ ] CS internal preparation done/" \
		    -e "s/^- \[x\] Implementation kickoff/- [ ] Implementation kickoff/" >handoffs/D-4.md &&
	git add -A && commit_by jane@vendor.example "Jane Doe" 2026-11-03T21:00:00+09:00 "handoff, late" &&
	git handoff status --as-of 2026-11-04T12:00:00+09:00 >out && cat out &&
	grep "next     CS internal preparation done within 3 days: due 2026-11-05T06:00:00+00:00 (in 1d 3h); owner sam@vendor.example" out &&
	git handoff status --as-of 2026-11-06T12:00:00+09:00 --fail-on-breach >out; test $? = 1 &&
	grep "overdue  CS internal preparation done within 3 days: due 2026-11-05T06:00:00+00:00, 21h 0m overdue; owner sam@vendor.example" out &&
	grep "escalate  SLA missed (cs_preparation): to kim@vendor.example" out &&
	git handoff status --as-of 2026-11-06T12:00:00+09:00 --format json >out.json &&
	grep -F "\"item\":\"cs_preparation\",\"title\":\"CS internal preparation done within 3 days\",\"due\":\"2026-11-05T06:00:00+00:00\",\"done\":null,\"state\":\"overdue\",\"late_by_hours\":21.0" out.json &&
	grep -F "\"item\":\"handoff_complete\",\"title\":\"Handoff record complete within 24 h of signature\",\"due\":\"2026-11-03T06:00:00+00:00\",\"done\":\"2026-11-03T12:00:00+00:00\",\"state\":\"late\",\"late_by_hours\":6.0" out.json &&
	test_expect_code 0 git handoff status --as-of 2026-11-04 --fail-on-breach
'

test_expect_success 'status escalates a handoff rejected twice' '
	test_repo e && cd e &&
	cat >>.handoff/config.yaml <<-CFG &&
	  lee@vendor.example: {name: Lee Chan, roles: [sales_manager], team: east}
	  max@vendor.example: {name: Max Roe, roles: [sales_manager], team: west}
	CFG
	jane_commits_example D-5 2026-11-02T20:00:00+09:00 "handoff" &&
	rejected_twice handoffs/D-5.md &&
	git handoff status --as-of 2026-11-05 >out && cat out &&
	grep "escalate  rejected 2 times: to sales leadership (lee@vendor.example)" out &&
	git handoff status --as-of 2026-11-05 --format json >out.json &&
	grep -F "{\"reason\":\"rejections\",\"count\":2,\"to\":\"sales_manager\",\"people\":[\"lee@vendor.example\"]}" out.json &&
	git handoff status --as-of 2026-11-03T10:00:00+09:00 >out && cat out &&
	grep "D-5  handoffs/D-5.md  rejected" out && ! grep escalate out &&
	git handoff status --as-of 2026-11-02T19:00:00+09:00 >out && cat out &&
	grep "^0 open handoffs" out
'

test_expect_success 'report: text, CSV and JSON agree; --since/--until filter' '
	test_repo r && cd r &&
	jane_commits_example D-1 2026-11-02T20:00:00+09:00 "one" &&
	example_as D-1 "- [x] Customer introduction sent" >handoffs/D-1.md &&
	jane_commits_example D-2 2026-11-03T21:00:00+09:00 "two" "- [x] Customer introduction sent" &&
	git handoff report --by rep --format json >r.json && cat r.json &&
	grep -F "{\"key\":\"jane@vendor.example\",\"count\":2,\"scored\":2,\"mean_score\":92.5,\"median_score\":92.5,\"bands\":{\"excellent\":1,\"good\":1}" r.json &&
	grep -F "\"time_to_handoff_hours\":{\"median\":5,\"p90\":30,\"n\":2},\"rejections\":0" r.json &&
	git handoff report --by rep --format csv >r.csv &&
	grep -F "Jane Doe,2,92.5,92.5,1,1,0,0," r.csv &&
	git handoff report --since 2026-11-03 --format json >none.json &&
	grep -F "\"groups\":[]" none.json &&
	test_expect_code 2 git handoff report --since yesterday
'

test_expect_success 'report --format html renders in headless Chromium with the JSON numbers' '
	if ! command -v chromium >/dev/null; then test_skip "chromium is not installed (make deps)"; return 0; fi
	cd r && git handoff report --by rep --format html -o report.html &&
	! grep -i "<script" report.html && ! grep -E "(src|href)=\"https?:" report.html &&
	chromium --headless --no-sandbox --disable-gpu --no-first-run --user-data-dir="$TRASH/chromium" \
		--dump-dom "file://$PWD/report.html" >dom.html 2>/dev/null &&
	grep -F "data-key=\"jane@vendor.example\" data-count=\"2\" data-mean=\"92.5\" data-median=\"92.5\"" dom.html &&
	grep -F "<figure id=\"mean-by-rep\">" dom.html &&
	mean=$(sed -n "s/.*\"mean_score\":\([0-9.]*\).*/\1/p" r.json) &&
	grep -F "data-mean=\"$mean\"" dom.html &&
	chromium --headless --no-sandbox --disable-gpu --no-first-run --user-data-dir="$TRASH/chromium" \
		--window-size=1000,1200 --screenshot="$PWD/report.png" "file://$PWD/report.html" 2>/dev/null &&
	test -s report.png && head -c 8 report.png | grep -q PNG
'

test_expect_success 'export: the CRM handoff record, RFC 4180' '
	cd r && git handoff export --format csv >out.csv && cat out.csv &&
	head -1 out.csv | grep -F "id,path,account,handoff_date_time,participants,meeting_recording,record_link,score,band,cs_acceptance,customer_introduction_date,kickoff_scheduled_date" &&
	grep -F "D-2,handoffs/D-2.md,Acme Logistics,2026-11-03T01:00:00+00:00,Jane Doe; Sam Lee; Kim Park,https://meet.example/rec/123,handoffs/D-2.md@" out.csv &&
	grep -F ",85,good,accepted,2026-11-03T12:00:00+00:00," out.csv &&
	test "$(tr -cd "\r" <out.csv | wc -c)" = 3
'

test_expect_success 'a second run answers from .git/handoff; a new commit is never served stale' '
	cd r && git handoff report --format json >first.json &&
	test -f .git/handoff/assessments &&
	git handoff report --format json >second.json && cmp first.json second.json &&
	jane_commits_example D-9 2026-11-05T21:00:00+09:00 "three" "- [x] Customer introduction sent" &&
	git handoff report --format json >third.json &&
	grep -F "\"count\":3" third.json &&
	printf "garbage\n" >.git/handoff/assessments &&
	git handoff report --format json >fourth.json && cmp third.json fourth.json
'

test_expect_success 'forty records: report, status, score and audit the same on 1 thread and on 4' '
	test_repo many && cd many && i=0 &&
	while [ $i -lt 40 ]; do
		i=$((i + 1)) && example_as D-$i >handoffs/D-$i.md || return 1
	done &&
	git add -A && commit_by jane@vendor.example "Jane Doe" 2026-11-02T20:00:00+09:00 "handoffs" &&
	i=0 && while [ $i -lt 37 ]; do
		i=$((i + 3)) &&
		example_as D-$i "- [x] Customer introduction sent" >handoffs/D-$i.md || return 1
	done &&
	sed -i "s/^  acv: 150000/  acv: 160000/" handoffs/D-4.md handoffs/D-7.md &&
	git add -A && commit_by kim@vendor.example "Kim Park" 2026-11-03T16:00:00+09:00 "intros" &&
	for n in 1 4; do
		rm -rf .git/handoff &&
		GIT_HANDOFF_THREADS=$n git handoff report --format json >report.$n &&
		GIT_HANDOFF_THREADS=$n git handoff status --as-of 2026-11-20 --format json >status.$n &&
		GIT_HANDOFF_THREADS=$n git handoff score --format json >score.$n &&
		{ GIT_HANDOFF_THREADS=$n git handoff audit --format json >audit.$n || :; } || return 1
	done &&
	test_cmp report.1 report.4 && test_cmp status.1 status.4 &&
	test_cmp score.1 score.4 && test_cmp audit.1 audit.4 &&
	test $(grep -o "\"path\":\"handoffs/D-[0-9]*.md\"" score.4 | sort -u | wc -l) = 40 &&
	grep -q "/contract/acv" audit.4
'

test_expect_success 'a broken config stops every history command, naming its line and column' '
	test_repo broken && cd broken && printf "records: [handoffs/\n" >.handoff/config.yaml &&
	for c in status score report audit export "log handoffs/x.md" "blame handoffs/x.md"; do
		test_expect_code 2 git handoff $c 2>err &&
		grep "\.handoff/config.yaml:2:1: error: .*flow sequence" err || { cat err; return 1; }
	done
'

test_done
