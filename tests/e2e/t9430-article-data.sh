#!/bin/sh
# The articles' requirements that were prose, now data the kinds check:
# the meeting's agenda and reminder 24 h before it, its 30-60 minutes, a
# recording or detailed notes; the kickoff's own date; business
# objectives with metrics and ROI; sources as links; the sales manager's
# 10% spot check; an account transition's success measures and 30-60-90
# plan; a support handoff's open issues, each with its owner.
. "$(dirname "$0")/lib.sh"

good="$EXAMPLES/D-2026-0142-acme-logistics.md"

# planned <id>: the Acme record before its meeting, submitted, the meeting scheduled
planned() {
	sed -e "s/^id: D-2026-0142/id: $1/" -e '/^meeting:/,/^acceptance:/{/^acceptance:/!d}' "$good" |
	sed -e "/^acceptance:/,/^---/{/^  by:/d;/^  at:/d;s/^  status: .*/  status: submitted/}" |
	sed -e "s/^acceptance:/meeting:\n  scheduled: 2026-11-03T10:00:00+09:00\nacceptance:/"
}

# at <date-time> <message>: commit everything then
at() {
	git add -A && GIT_AUTHOR_DATE=$1 GIT_COMMITTER_DATE=$1 git commit -q -m "$2"
}

# front <file> <sed script>: edit the front matter
front() { sed -i "$2" "$1"; }

test_expect_success 'set-up: a handoff whose meeting is scheduled' '
	test_repo r && cd r && cat >>.handoff/config.yaml <<-CFG &&
	  lee@vendor.example: {name: Lee Moss, roles: [sales_manager]}
	  omar@vendor.example: {name: Omar Haddad, roles: [sales]}
	  ida@vendor.example: {name: Ida Berg, roles: [sales]}
	  ana@vendor.example: {name: Ana Souza, roles: [cs]}
	CFG
	planned D-2026-0142 >handoffs/acme.md &&
	git handoff validate handoffs/acme.md && at 2026-11-01T09:00:00+09:00 "handoff"
'

test_expect_success 'no agenda or reminder 24 h before the meeting: both overdue on the board' '
	cd r && git handoff status --as-of 2026-11-02T12:00:00+09:00 >out && cat out &&
	grep "overdue  Meeting agenda sent 24 h before: due 2026-11-02T01:00:00+00:00, 2h 0m overdue; owner jane@vendor.example" out &&
	grep "overdue  Meeting reminder sent 24 h before: due 2026-11-02T01:00:00+00:00" out
'

test_expect_success 'the agenda sent in time meets its SLA; the reminder late is late' '
	cd r && front handoffs/acme.md "s/^  scheduled: .*/&\n  agenda_sent: 2026-11-02T08:00:00+09:00/" &&
	at 2026-11-02T08:30:00+09:00 "agenda sent" &&
	front handoffs/acme.md "s/^  agenda_sent: .*/&\n  reminder_sent: 2026-11-02T11:00:00+09:00/" &&
	at 2026-11-02T11:05:00+09:00 "reminder sent" &&
	git handoff status --as-of 2026-11-02T12:00:00+09:00 --format json >board.json &&
	python3 - <<-\PY
	import json
	b = json.load(open("board.json"))
	items = {i["item"]: i["state"] for h in b["handoffs"] for i in h["due"]}
	assert items["agenda_sent"] == "met", items
	assert items["meeting_reminder"] == "late", items
	PY
'

test_expect_success 'once held: who came, 30 to 60 minutes, and a recording or detailed notes' '
	cd r && cp handoffs/acme.md planned.md &&
	front handoffs/acme.md "s/^  reminder_sent: .*/&\n  held: 2026-11-03T10:00:00+09:00\n  duration_minutes: 25/" &&
	test_expect_code 1 git handoff validate handoffs/acme.md 2>err && cat err &&
	grep -E "^handoffs/acme.md:[0-9]+:[0-9]+: error: /meeting/attendees: property .attendees. is required when .held. is present" err &&
	grep -E "^handoffs/acme.md:[0-9]+:21: error: /meeting/duration_minutes: must be at least 30" err &&
	grep -E "error: /meeting: .*: once the meeting is held, a recording or detailed notes" err &&
	front handoffs/acme.md "s/^  duration_minutes: 25/  duration_minutes: 45\n  attendees: [jane@vendor.example, sam@vendor.example, kim@vendor.example]\n  recording: not a link/" &&
	test_expect_code 1 git handoff validate handoffs/acme.md 2>err && cat err &&
	grep -E "error: /meeting/recording: .*URI" err &&
	front handoffs/acme.md "s|^  recording: .*|  recording: https://meet.example/rec/9|" &&
	git handoff validate handoffs/acme.md
'

test_expect_success 'the kickoff has its own date; objectives and sources are data' '
	cd r && front handoffs/acme.md "s/^  go_live: .*/&\n  kickoff: 2026-11-11/" &&
	cat >>objectives.yaml <<-\EOF &&
	objectives:
	  primary_goal: Catch dispatch exceptions before the truck leaves
	  success_criteria:
	    - {criterion: Fewer late deliveries, metric: late deliveries, target: under 9% by Q2 2027}
	  roi: {expectation: USD 400k a year saved, timeline: break-even in nine months}
	attachments:
	  - {title: Order form, url: https://crm.example/acme/order-form.pdf}
	EOF
	sed -i "/^churn_risk:/r objectives.yaml" handoffs/acme.md &&
	git handoff validate handoffs/acme.md &&
	sed -i "s|url: https://crm.example/acme/order-form.pdf|url: order form on the share|" handoffs/acme.md &&
	test_expect_code 1 git handoff validate handoffs/acme.md 2>err && cat err &&
	grep -E "error: /attachments/0/url: .*URI" err &&
	sed -i "s|url: order form on the share|url: https://crm.example/acme/order-form.pdf|; /^    - {criterion:/d" handoffs/acme.md &&
	test_expect_code 1 git handoff validate handoffs/acme.md 2>err && cat err &&
	grep -E "error: /objectives/success_criteria" err
'

test_expect_success 'the spot check: a tenth of the accepted handoffs, by id, wait for the sales manager' '
	test_repo s && cd s && cat >>.handoff/config.yaml <<-CFG &&
	  lee@vendor.example: {name: Lee Moss, roles: [sales_manager]}
	CFG
	# D-2026-0102 is in the sample (FNV-1a of the id, mod 100, is 2);
	# D-2026-0101 is not
	for id in D-2026-0101 D-2026-0102; do
		sed "s/^id: D-2026-0142/id: $id/" "$good" >handoffs/$id.md || return 1
	done &&
	at 2026-11-04T10:00:00+09:00 "two accepted handoffs" &&
	git handoff status --as-of 2026-11-20T00:00:00Z >out && cat out &&
	grep -F "D-2026-0102  handoffs/D-2026-0102.md  accepted" out &&
	grep -F "next     Sales manager'"'"'s spot check (10% sample): due 2026-12-04T01:00:00+00:00" out &&
	grep -F "owner lee@vendor.example" out &&
	test "$(grep -c "spot check" out)" = 1 &&	# D-2026-0101 is listed for its commitments only
	sed -i "s/^acceptance:/spot_check: {by: lee@vendor.example, at: 2026-11-21T10:00:00+09:00, result: pass}\nacceptance:/" \
		handoffs/D-2026-0102.md &&
	git add -A && GIT_AUTHOR_DATE=2026-11-21T10:00:00+09:00 GIT_COMMITTER_DATE=2026-11-21T10:00:00+09:00 \
		git commit -q -m "spot check" --trailer "Handoff-Reason: the sales manager'"'"'s spot check" &&
	git handoff status --as-of 2026-11-22T00:00:00Z >out && cat out &&
	! grep -F "spot check" out
'

test_expect_success 'a transition: success measures (knowledge transfer 95% or more) and a 30-60-90 plan' '
	cd r && mkdir -p transitions &&
	t=transitions/seabright.md && cp "$EXAMPLES/T-2026-0007-seabright-planned.md" $t &&
	sed -i "s/^acceptance:/success_measures: {customer_satisfaction: 4.6, knowledge_transfer_pct: 97, account_health: held}\nplan_30_60_90: {day_30: Meet every stakeholder, day_60: Renewal plan agreed, day_90: First business review}\nacceptance:/" $t &&
	git handoff validate $t &&
	sed -i "s/knowledge_transfer_pct: 97/knowledge_transfer_pct: 80/; s/day_90: First business review//" $t &&
	test_expect_code 1 git handoff validate $t 2>err && cat err &&
	grep -E "error: /success_measures/knowledge_transfer_pct: .*95" err &&
	grep -E "error: /plan_30_60_90" err
'

test_expect_success 'a support handoff: each open issue has an owner; "None" when nothing is open' '
	cd r && mkdir -p support && s=support/kumo.md &&
	cp "$EXAMPLES/S-2026-0031-kumo-support.md" $s && git handoff validate $s &&
	sed -i "s/^  open_issues: .*/  open_issues: [{text: Promotion data missing}]/" $s &&
	test_expect_code 1 git handoff validate $s 2>err && cat err &&
	grep -E "error: /onboarding/open_issues" err &&
	sed -i "s/^  open_issues: .*/  open_issues: Data promosi belum tersedia/" $s &&
	test_expect_code 1 git handoff validate $s 2>err &&
	sed -i "s/^  open_issues: .*/  open_issues: None/" $s && git handoff validate $s
'

test_done
