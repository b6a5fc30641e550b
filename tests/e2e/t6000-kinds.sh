#!/bin/sh
# Three kinds from data alone: account transitions (planned and unplanned
# timelines, worked out by hand), support handoffs, a fourth kind a
# repository adds in .handoff/schemas/ and every command on it; records
# written in Japanese, Indonesian and Malay score as their English twins.
. "$(dirname "$0")/lib.sh"

# as <date> <message>: commit everything as Jane at that time, hooks skipped
as() {
	git add -A &&
	GIT_AUTHOR_DATE=$1 GIT_COMMITTER_DATE=$1 git -c core.hooksPath=/dev/null commit -q -m "$2"
}

# transition <plan> <T> <communications...> -- <ticked items...>: a transition
# record; each communication is name=time, each ticked item its text
transition() {
	plan=$1 t=$2
	shift 2
	printf -- '---\nkind: account-transition\nid: T-1\ntransition_type: rep-to-rep\n'
	printf 'plan: %s\nreason: Jane moves to the DACH team.\naccount: {name: Seabright Foods}\n' "$plan"
	printf 'from_owner: jane@vendor.example\nto_owner: sam@vendor.example\nmanager: kim@vendor.example\n'
	printf 'transition_date: %s\nknowledge:\n  account_profile: Food distributor, 480 people.\n' "$t"
	printf '  relationship_map:\n    - {name: Carla Mendes, role: sponsor, communication_style: direct, preferences: email}\n'
	printf '  current_state: Healthy, renewal in February.\noutgoing_role: In copy until the renewal.\n'
	[ "$1" = -- ] || printf 'communications:\n'
	while [ "$1" != -- ]; do
		printf '  %s: "%s"\n' "${1%%=*}" "${1#*=}"
		shift
	done
	shift
	printf 'acceptance: {status: pending}\n---\n'
	for s in "Account Summary" "Relationship Map" "Open Issues and Opportunities" "Transition Plan"; do
		printf '\n## %s\n\n%s\n' "$s" "One two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty."
	done
	printf '\n## Transition Checklist\n\n'
	for item in "Transition plan agreed" "Knowledge transfer started" "New owner onboarding started" \
	    "Internal stakeholders notified" "Customer introduction sent" "Joint meeting held" "New owner fully responsible" "Retrospective held"; do
		mark=" "
		for done in "$@"; do [ "$done" = "$item" ] && mark=x; done
		printf -- '- [%s] %s\n' "$mark" "$item"
	done
}

# sla <json> <name>: "state due done late_by_hours" of one status item
sla() {
	python3 -c "import json, sys
for h in json.load(open(sys.argv[1]))['handoffs']:
    for d in h['due']:
        if d['item'] == sys.argv[2]:
            print(d['state'], d['due'], d['done'], d['late_by_hours'])" "$1" "$2"
}

test_expect_success 'a planned transition: the article timeline counted from T, by hand' '
	test_repo p && cd p && mkdir transitions && base="Transition plan agreed" &&
	transition planned 2026-12-14 -- "$base" "Knowledge transfer started" >transitions/t.md &&
	as 2026-11-13T09:00:00Z "planned four weeks ahead" &&
	transition planned 2026-12-14 -- "$base" "Knowledge transfer started" "New owner onboarding started" >transitions/t.md &&
	as 2026-11-24T10:00:00Z "onboarding, a day late" &&
	transition planned 2026-12-14 introduction=2026-11-30T09:00:00Z -- "$base" "Knowledge transfer started" \
		"New owner onboarding started" "Customer introduction sent" >transitions/t.md &&
	as 2026-11-30T09:00:00Z "introduction, 9 hours late" &&
	transition planned 2026-12-14 introduction=2026-11-30T09:00:00Z joint_meeting=2026-12-05T12:00:00Z -- \
		"$base" "Knowledge transfer started" "New owner onboarding started" "Customer introduction sent" \
		"Joint meeting held" >transitions/t.md &&
	as 2026-12-05T12:00:00Z "joint meeting" &&
	transition planned 2026-12-14 introduction=2026-11-30T09:00:00Z joint_meeting=2026-12-05T12:00:00Z \
		transition_notice=2026-12-14T10:00:00Z -- "$base" "Knowledge transfer started" \
		"New owner onboarding started" "Customer introduction sent" "Joint meeting held" >transitions/t.md &&
	as 2026-12-14T10:00:00Z "notice" &&
	transition planned 2026-12-14 introduction=2026-11-30T09:00:00Z joint_meeting=2026-12-05T12:00:00Z \
		transition_notice=2026-12-14T10:00:00Z -- "$base" "Knowledge transfer started" \
		"New owner onboarding started" "Customer introduction sent" "Joint meeting held" \
		"New owner fully responsible" >transitions/t.md &&
	as 2026-12-22T10:00:00Z "full ownership" &&
	git handoff validate transitions/t.md &&
	git handoff status --as-of 2027-01-12T00:00:00Z --format json >s.json &&
	test "$(sla s.json planning_started)" = "met 2026-11-16T00:00:00+00:00 2026-11-13T09:00:00+00:00 None" &&
	test "$(sla s.json new_owner_onboarding)" = "late 2026-11-23T00:00:00+00:00 2026-11-24T10:00:00+00:00 34.0" &&
	test "$(sla s.json customer_told)" = "late 2026-11-30T00:00:00+00:00 2026-11-30T09:00:00+00:00 9.0" &&
	test "$(sla s.json joint_meeting)" = "met 2026-12-07T00:00:00+00:00 2026-12-05T12:00:00+00:00 None" &&
	test "$(sla s.json transition_notice)" = "met 2026-12-15T00:00:00+00:00 2026-12-14T10:00:00+00:00 None" &&
	test "$(sla s.json full_ownership)" = "met 2026-12-28T00:00:00+00:00 2026-12-22T10:00:00+00:00 None" &&
	test "$(sla s.json retrospective)" = "overdue 2027-01-11T00:00:00+00:00 None 24.0" &&
	git handoff score --as-of 2027-01-12T00:00:00Z --format json >score.json &&
	python3 - <<-\PY
	import json
	r = json.load(open("score.json"))["records"][0]
	c = {x["name"]: x["points"] for x in r["criteria"]}
	# 30 knowledge: 3 of 8 fields; 10 map; told late 0; joint 10; ownership 10;
	# communications 3 of 5 = 12; outgoing role 10
	assert c == {"knowledge_complete": 11.25, "relationship_map": 10, "customer_told": 0,
	             "joint_meeting": 10, "full_ownership": 10, "communications": 12,
	             "outgoing_role": 10}, c
	assert r["score"] == 63.3 and r["band"] == "substandard", r
	PY
'

test_expect_success 'an unplanned transition: the accelerated timeline from the first commit, by hand' '
	test_repo u && cd u && mkdir transitions && base="Transition plan agreed" &&
	transition unplanned 2026-11-10 -- "$base" "Knowledge transfer started" >transitions/t.md &&
	as 2026-11-10T09:00:00Z "Jane left; Sam takes over" &&
	transition unplanned 2026-11-10 introduction=2026-11-12T10:00:00Z -- "$base" "Knowledge transfer started" \
		"Customer introduction sent" >transitions/t.md &&
	as 2026-11-12T10:00:00Z "introduction" &&
	transition unplanned 2026-11-10 introduction=2026-11-12T10:00:00Z joint_meeting=2026-11-18T09:00:00Z -- \
		"$base" "Knowledge transfer started" "Customer introduction sent" "Joint meeting held" >transitions/t.md &&
	as 2026-11-18T09:00:00Z "joint meeting, a day late" &&
	transition unplanned 2026-11-10 introduction=2026-11-12T10:00:00Z joint_meeting=2026-11-18T09:00:00Z -- \
		"$base" "Knowledge transfer started" "Customer introduction sent" "Joint meeting held" \
		"New owner fully responsible" >transitions/t.md &&
	as 2026-11-20T09:00:00Z "full ownership" &&
	git handoff status --as-of 2026-11-21T00:00:00Z --format json >s.json &&
	test "$(sla s.json knowledge_transfer)" = "met 2026-11-11T09:00:00+00:00 2026-11-10T09:00:00+00:00 None" &&
	test "$(sla s.json customer_told)" = "met 2026-11-13T09:00:00+00:00 2026-11-12T10:00:00+00:00 None" &&
	test "$(sla s.json joint_meeting)" = "late 2026-11-17T09:00:00+00:00 2026-11-18T09:00:00+00:00 24.0" &&
	test "$(sla s.json full_ownership)" = "met 2026-11-24T09:00:00+00:00 2026-11-20T09:00:00+00:00 None" &&
	! grep -q planning_started s.json && ! grep -q retrospective s.json
'

test_expect_success 'every command on the three kinds of the demo repository' '
	sh "$EXAMPLES/demo-repo.sh" demo >/dev/null 2>&1 && cd demo &&
	git handoff validate transitions/T-2026-0007.md transitions/T-2026-0009.md support/S-2026-0031.md &&
	git handoff score --as-of 2027-01-31 --format json >score.json &&
	python3 -c "import json; s = {r[\"id\"]: r[\"band\"] for r in json.load(open(\"score.json\"))[\"records\"]}; assert s[\"T-2026-0007\"] == \"acceptable\" and s[\"T-2026-0009\"] == \"good\" and s[\"S-2026-0031\"] == \"excellent\", s" &&
	git handoff report --by rep --format json >report.json &&
	grep -F "\"key\":\"omar@vendor.example\",\"count\":2" report.json >/dev/null &&
	git handoff export --format csv >out.csv &&
	head -1 out.csv | grep "customer_introduction_date,kickoff_scheduled_date,support_handoff_date,support_introduction_date,customer_told_date,full_ownership_date" &&
	grep "^S-2026-0031,support/S-2026-0031.md,Kumo Analytics," out.csv &&
	git handoff log transitions/T-2026-0009.md >log.txt && grep "/communications/joint_meeting" log.txt &&
	git handoff blame support/S-2026-0031.md >blame.txt && grep "/checklist/Support introduction call held" blame.txt &&
	git handoff diff HEAD~6 HEAD -- support >diff.txt && grep "support/S-2026-0031.md" diff.txt &&
	git handoff review transitions/T-2026-0009.md --format markdown >review.md &&
	grep "^#### Relationship map$" review.md && grep "| ラヴィ・メノン |" review.md &&
	git handoff status --as-of 2026-12-04T09:00:00Z >status.txt &&
	grep "escalate  SLA missed (new_owner_onboarding): to lee@vendor.example" status.txt &&
	sed -i "s/^to_owner: ida@vendor.example/to_owner: jane@vendor.example/" transitions/T-2026-0007.md &&
	as 2026-12-05T09:00:00Z "Jane instead" &&
	git handoff audit --format json >audit.json &&
	python3 -c "import json; c = json.load(open(\"audit.json\"))[\"changes\"]; assert [x[\"pointer\"] for x in c if x[\"path\"].startswith(\"transitions\")] == [\"/to_owner\"], c"
'

test_expect_success 'a fourth kind added in .handoff/schemas/ goes through every command' '
	test_repo f && cd f && mkdir -p .handoff/schemas renewals &&
	sed -i "s|^records: .*|records: [handoffs/, renewals/]|" .handoff/config.yaml &&
	cat >.handoff/schemas/renewal-handoff.yaml <<-\EOF &&
	type: object
	required: [kind, id, account, owner, renewal_date, acceptance]
	properties:
	  kind: {const: renewal-handoff}
	  id: {type: string}
	  account: {type: string, minLength: 1}
	  owner: {type: string, format: email}
	  renewal_date: {type: string, format: date}
	  price: {type: number}
	  concerns:
	    type: array
	    items: {type: object, required: [id, text], properties: {id: {type: string}, text: {type: string}, level: {type: string}}}
	  acceptance: {type: object, required: [status], properties: {status: {enum: [pending, accepted, rejected, needs-revision]}, by: {type: string}, at: {type: string}, gaps: {type: array}}}
	x-handoff:
	  folder: renewals/
	  sections:
	    - {heading: Renewal Terms, min_words: 5, titles: {ja: 更新条件, id: Ketentuan Perpanjangan, ms: Terma Pembaharuan}}
	  checklist:
	    - {item: Price agreed, must_tick: true, titles: {ja: 価格合意済み, id: Harga disepakati, ms: Harga dipersetujui}}
	    - {item: Renewal call held, must_tick: false, titles: {ja: 更新面談実施済み, id: Panggilan perpanjangan diadakan, ms: Panggilan pembaharuan diadakan}}
	  keys: {concerns: id}
	  material: [/price, /renewal_date]
	  sla:
	    - {name: renewal_call, title: Renewal call 30 days ahead, event: {ticked: Renewal call held}, before: /renewal_date, within: 30d, owner: /owner}
	  score:
	    bands: [{name: ready, min: 80}, {name: not ready, min: 0}]
	    groups:
	      - group: renewal
	        criteria:
	          - {name: complete, title: Complete, points: 50, complete: true}
	          - {name: call, title: Renewal call on time, points: 30, sla: renewal_call}
	          - {name: concerns, title: Concerns listed, points: 20, items: {list: /concerns, min: 1, fields: [text, level]}}
	  summary: {account: /account, owner: /owner, start: [/renewal_date]}
	  review:
	    - {list: /concerns, title: Concerns, columns: [id, text, level], mark: {column: level, value: high, say: "HIGH"}}
	  export:
	    - {column: renewal_call_date, sla: renewal_call}
	  template: |
	    kind: renewal-handoff
	    id: {{id}}
	    account: {{account}}
	    owner: {{ae}}
	    renewal_date: "<fill in>"
	    acceptance: {status: pending}
	EOF
	git handoff schema check .handoff/schemas/renewal-handoff.yaml &&
	git handoff new renewal-handoff R-1 --lang ms -o renewals/r.md >/dev/null &&
	grep "^## Terma Pembaharuan$" renewals/r.md && grep "^- \[ \] Harga dipersetujui$" renewals/r.md &&
	cat >renewals/r.md <<-\EOF &&
	---
	kind: renewal-handoff
	id: R-1
	account: Seabright Foods
	owner: jane@vendor.example
	renewal_date: 2027-01-10
	price: 52000
	concerns:
	  - {id: K1, text: Per-site discount asked, level: high}
	acceptance: {status: pending}
	---

	## Terma Pembaharuan

	Dua tahun lagi dengan harga yang sama.

	- [x] Harga dipersetujui
	- [ ] Panggilan pembaharuan diadakan
	EOF
	as 2026-12-01T09:00:00Z "renewal handoff" &&
	sed -i "s/^- \[ \] Panggilan pembaharuan diadakan/- [x] Panggilan pembaharuan diadakan/; s/^price: 52000/price: 50000/" renewals/r.md &&
	as 2026-12-20T09:00:00Z "call held, price lowered" &&
	git handoff validate renewals/r.md &&
	git handoff score --explain renewals/r.md >score.txt && cat score.txt &&
	grep "R-1  70/100  not ready" score.txt &&
	grep "Renewal call on time .* 0 / 30 .*late by 9d 9h" score.txt &&
	git handoff status --as-of 2026-12-21 --format json | grep -F "\"item\":\"renewal_call\"" &&
	git handoff report --format json | grep -F "\"count\":1" &&
	git handoff export --format csv | head -1 | grep ",cs_acceptance,renewal_call_date.$" &&
	git handoff log renewals/r.md | grep "/price" &&
	git handoff diff HEAD~1 HEAD | grep "/price: 52000 -> 50000" &&
	git handoff blame renewals/r.md | grep "/concerns/K1" &&
	git handoff review renewals/r.md --format markdown | grep "| K1 | Per-site discount asked | \*\*HIGH\*\* |" &&
	git handoff audit >audit.txt && grep "/price: 52000 -> 50000" audit.txt
'

test_expect_success 'new writes every built-in kind in every language' '
	test_repo n && cd n && mkdir -p transitions support &&
	for kind in deal-handoff account-transition support-handoff; do
		for lang in en ja id ms; do
			git handoff new $kind X-$lang-1 --lang $lang --account Acme \
				--ae jane@vendor.example --csm sam@vendor.example -o "$kind-$lang.md" >/dev/null &&
			python3 - "$SRC_ROOT/schemas/$kind.yaml" $lang "$kind-$lang.md" <<-\PY || return 1
			import sys, yaml
			x = yaml.safe_load(open(sys.argv[1]))["x-handoff"]
			lang, text = sys.argv[2], open(sys.argv[3], encoding="utf-8").read()
			title = lambda t, en: en if lang == "en" else t[lang]
			for s in x["sections"]:
			    assert "\n## " + title(s["titles"], s["heading"]) + "\n" in text, (s, lang)
			for i in x["checklist"]:
			    assert "\n- [ ] " + title(i["titles"], i["item"]) + "\n" in text, (i, lang)
			PY
		done
	done
'

# twin <lang> <file>: the English example with the kind's headings and
# checklist items in that language, and Japanese body text for ja
twin() {
	python3 - "$1" "$SRC_ROOT/schemas/deal-handoff.yaml" "$2" <<-\PY
	import re, sys, yaml
	lang, schema, path = sys.argv[1:]
	x = yaml.safe_load(open(schema))["x-handoff"]
	text = open(path, encoding="utf-8").read()
	for s in x["sections"]:
	    text = text.replace("## " + s["heading"] + "\n", "## " + s["titles"][lang] + "\n")
	text = text.replace("## " + x["checklist_heading"] + "\n", "## " + x["checklist_titles"][lang] + "\n")
	for i in x["checklist"]:
	    text = re.sub(r"^(- \[[ xX]\] )" + re.escape(i["item"]) + r"\b", lambda m: m.group(1) + i["titles"][lang], text, flags=re.M)
	sys.stdout.write(text)
	PY
}

test_expect_success 'ja, id and ms twins of a deal handoff validate and score as the English one' '
	for lang in en ja id ms; do
		test_repo "twin-$lang" && (
			cd "twin-$lang" &&
			if [ $lang = en ]; then cp "$EXAMPLES/D-2026-0142-acme-logistics.md" handoffs/d.md
			else twin $lang "$EXAMPLES/D-2026-0142-acme-logistics.md" >handoffs/d.md; fi &&
			as 2026-11-02T20:00:00+09:00 "handoff" &&
			git handoff validate handoffs/d.md &&
			git handoff score --format json | sed "s/,\"why\":\"[^\"]*\"//g" >../score-$lang.json
		) || return 1
	done &&
	grep "^## 顧客概要$" twin-ja/handoffs/d.md && grep "^- \[x\] CRMを最新の案件情報に更新済み" twin-ja/handoffs/d.md &&
	grep "^## Ikhtisar Pelanggan$" twin-id/handoffs/d.md && grep "^## Gambaran Keseluruhan Pelanggan$" twin-ms/handoffs/d.md &&
	cmp score-en.json score-ja.json && cmp score-en.json score-id.json && cmp score-en.json score-ms.json
'

test_expect_success 'a Japanese section counts its characters as words; a thin one is still thin' '
	cd twin-ja && python3 - <<-\PY &&
	import re
	p = "handoffs/d.md"
	t = open(p, encoding="utf-8").read()
	t = re.sub(r"(## 顧客概要\n\n)(.*?)(\n\n## )", lambda m: m.group(1) + "物流会社。関東と関西に倉庫を持ち、配送遅延を二四半期で二割減らすことが目標である。" + m.group(3), t, flags=re.S)
	open(p, "w", encoding="utf-8").write(t)
	PY
	git handoff validate handoffs/d.md &&
	python3 - <<-\PY &&
	import re
	p = "handoffs/d.md"
	t = open(p, encoding="utf-8").read()
	t = re.sub(r"(## 顧客概要\n\n)(.*?)(\n\n## )", lambda m: m.group(1) + "物流会社。" + m.group(3), t, flags=re.S)
	open(p, "w", encoding="utf-8").write(t)
	PY
	test_expect_code 1 git handoff validate handoffs/d.md 2>err &&
	grep "handoffs/d.md:[0-9]*:4: error: /body/Customer Overview: section .Customer Overview. has 4 words, needs at least 30" err
'

test_done
