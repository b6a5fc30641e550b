#!/bin/sh
# export for a CRM and a warehouse: the CRM id, the state, the owners by
# name, a record URL made from the config's record_url, every time of a
# row in one zone (the config's timezone, or --tz), and CSV, JSON and
# JSON Lines. The repository holds the excellent example at a path with
# a space, committed at fixed dates: the handoff at 2026-11-02T20:00+09:00
# (kickoff scheduled then), the customer introduction at
# 2026-11-03T16:00+09:00; the meeting was held 2026-11-03T10:00+09:00.
. "$(dirname "$0")/lib.sh"

as() {
	GIT_AUTHOR_DATE=$1 GIT_COMMITTER_DATE=$1 \
		git -c core.hooksPath=/dev/null commit -q -m "$2"
}

HEADER="id,path,account,handoff_date_time,participants,meeting_recording,record_link,score,band,cs_acceptance,customer_introduction_date,kickoff_scheduled_date,crm_id,state,ae_name,csm_name,cs_manager_name"

# links: the record_link of each JSON Lines object on standard input
links() {
	python3 -c "import json, sys; [print(json.loads(l)[\"record_link\"]) for l in sys.stdin]"
}

# crlf: standard input with each line ended by CR LF, as RFC 4180 wants
crlf() {
	sed "s/\$/$(printf '\r')/"
}

# acme_csv <handoff> <introduction> <kickoff>: the whole CSV of the
# repository's one record at HEAD, with those three times
acme_csv() {
	c=$(git rev-parse HEAD) &&
	printf "%s\n" "$HEADER" "D-2026-0142,handoffs/acme logistics.md,Acme Logistics,$1,Jane Doe; Sam Lee; kim@vendor.example,https://meet.example/rec/123,https://git.example/handoffs/blob/$c/handoffs/acme%20logistics.md,100,excellent,accepted,$2,$3,ACC-004871,accepted,Jane Doe,Sam Lee,kim@vendor.example" |
		crlf
}

test_expect_success 'setup: a record at a path with a space; Kim has no name in the config' '
	git init -q r && cd r && mkdir -p .handoff handoffs &&
	cat >.handoff/config.yaml <<-\EOF &&
	records: [handoffs/]
	timezone: Asia/Tokyo
	record_url: https://git.example/handoffs/blob/{commit}/{path}
	people:
	  jane@vendor.example: {name: Jane Doe, roles: [sales], team: east}
	  sam@vendor.example: {name: Sam Lee, roles: [cs], team: east}
	  kim@vendor.example: {roles: [cs_manager]}
	EOF
	sed "s/^- \[x\] Customer introduction sent.*/- [ ] Customer introduction sent/" \
		"$EXAMPLES/D-2026-0142-acme-logistics.md" >"handoffs/acme logistics.md" &&
	git add -A && as 2026-11-02T20:00:00+09:00 "handoff" &&
	cp "$EXAMPLES/D-2026-0142-acme-logistics.md" "handoffs/acme logistics.md" &&
	git add -A && as 2026-11-03T16:00:00+09:00 "introduction sent"
'

test_expect_success 'csv: the header and the whole row, every time in the config zone' '
	cd r && git handoff export --format csv >actual &&
	acme_csv 2026-11-03T10:00:00+09:00 2026-11-03T16:00:00+09:00 2026-11-02T20:00:00+09:00 >expect &&
	test_cmp expect actual &&
	git handoff export >default && test_cmp expect default
'

test_expect_success '--tz: the same row with every time in another zone' '
	cd r && git handoff export --tz UTC >actual &&
	acme_csv 2026-11-03T01:00:00+00:00 2026-11-03T07:00:00+00:00 2026-11-02T11:00:00+00:00 >expect &&
	test_cmp expect actual &&
	git handoff export --tz America/New_York >ny &&
	sed -n 2p ny | tr , "\n" | grep "^20" >times &&
	printf "%s\n" 2026-11-02T20:00:00-05:00 2026-11-03T02:00:00-05:00 2026-11-02T06:00:00-05:00 >expect &&
	test_cmp expect times
'

test_expect_success 'from the cache: the same bytes, and --tz still moves every time' '
	cd r && rm -rf .git/handoff &&
	git handoff export --format json >first && test -f .git/handoff/assessments &&
	git handoff export --format json >second && test_cmp first second &&
	git handoff export --format json --tz UTC >cached &&
	rm -rf .git/handoff && git handoff export --format json --tz UTC >fresh &&
	test_cmp fresh cached && grep -F "\"kickoff_scheduled_date\":\"2026-11-02T11:00:00+00:00\"" cached
'

test_expect_success 'json: one document, numbers as numbers, a missing value is null' '
	cd r && mkdir -p ../j && cp -R . ../j && cd ../j &&
	sed -e "s/^id: D-2026-0142/id: D-2/" -e "/^  crm_id:/d" -e "s/^  held: .*/  held: 2026-11-03/" \
		"$EXAMPLES/D-2026-0142-acme-logistics.md" >handoffs/d2.md &&
	git add -A && as 2026-11-04T09:00:00+09:00 "a second" &&
	git handoff export --format json -o out.json &&
	python3 - <<-\EOF
	import json
	d = json.load(open("out.json"))
	assert d["version"] == 1 and list(d) == ["version", "records"], list(d)
	r = {x["id"]: x for x in d["records"]}
	a, b = r["D-2026-0142"], r["D-2"]
	assert a["score"] == 100 and isinstance(a["score"], int), a["score"]
	assert isinstance(b["score"], (int, float)), b["score"]
	assert a["crm_id"] == "ACC-004871" and b["crm_id"] is None, (a, b)
	assert a["state"] == "accepted" and a["cs_manager_name"] == "kim@vendor.example", a
	assert b["handoff_date_time"] == "2026-11-03", b  # a date stays a date
	assert a["customer_introduction_date"] == "2026-11-03T16:00:00+09:00", a
	assert list(a) == list(b) and list(a)[:10] == ["id", "path", "account",
		"handoff_date_time", "participants", "meeting_recording", "record_link",
		"score", "band", "cs_acceptance"], list(a)
	EOF
'

test_expect_success 'jsonl: one object a line, no wrapper, round-tripped through jq' '
	if ! command -v jq >/dev/null; then
		test_skip "jq is not installed (tests/deps.sh installs it)"; return 0
	fi &&
	cd j && git handoff export --format jsonl >out.jsonl &&
	test $(wc -l <out.jsonl) = 2 && ! grep -q "\"version\"" out.jsonl &&
	jq -c . <out.jsonl >rt.jsonl && test_cmp out.jsonl rt.jsonl &&
	git handoff export --format json | jq -c ".records[]" >from-json &&
	test_cmp from-json out.jsonl &&
	jq -r "[.id, .score, .crm_id] | @tsv" <out.jsonl >actual &&
	printf "D-2026-0142\t100\tACC-004871\nD-2\t70\t\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'record_url: {id} and {branch}; a detached HEAD links the commit' '
	cd r && c=$(git rev-parse HEAD) &&
	sed -i "s|^record_url: .*|record_url: \"https://git.example/{branch}/{path}?id={id}\"|" .handoff/config.yaml &&
	git commit -q -a -m "links by branch" && git checkout -q -b release/2026 &&
	git handoff export --format jsonl | links >actual &&
	echo "https://git.example/release/2026/handoffs/acme%20logistics.md?id=D-2026-0142" >expect &&
	test_cmp expect actual &&
	git handoff export --format jsonl --rev main | links >actual &&
	echo "https://git.example/main/handoffs/acme%20logistics.md?id=D-2026-0142" >expect &&
	test_cmp expect actual &&
	git checkout -q --detach &&
	git handoff export --format jsonl | links >actual &&
	echo "https://git.example/$c/handoffs/acme%20logistics.md?id=D-2026-0142" >expect &&
	test_cmp expect actual &&
	git checkout -q main && git reset -q --hard HEAD~1
'

test_expect_success 'without record_url the link is path@commit, as before' '
	cd r && c=$(git rev-parse --short=12 HEAD) &&
	sed -i "/^record_url:/d" .handoff/config.yaml &&
	git handoff export --format jsonl | links >actual &&
	echo "handoffs/acme logistics.md@$c" >expect &&
	test_cmp expect actual &&
	git checkout -q -- .handoff/config.yaml
'

test_expect_success 'record_url: an unknown placeholder is refused at its line and column' '
	cd r && cp .handoff/config.yaml good.yaml &&
	sed -i "s|{path}|{sha}|" .handoff/config.yaml &&
	test_expect_code 2 git handoff export 2>err && cat err &&
	grep -F ".handoff/config.yaml:3:56: error: /record_url: unknown placeholder '"'"'{sha}'"'"'" err &&
	sed -i "s|^record_url: \(.*\)|record_url: \"\1\"|" .handoff/config.yaml &&
	test_expect_code 2 git handoff export 2>err &&
	grep -F ".handoff/config.yaml:3:57: error: /record_url: unknown placeholder" err &&
	sed -i "s|{sha}|{path|" .handoff/config.yaml &&
	test_expect_code 2 git handoff export 2>err &&
	grep -F ".handoff/config.yaml:3:57: error: /record_url: '"'"'{'"'"' without its pair" err &&
	printf "record_url: [a]\n" >.handoff/config.yaml &&
	test_expect_code 2 git handoff export 2>err &&
	grep -F ".handoff/config.yaml:1:13: error: /record_url: '"'"'record_url'"'"' must be a URL on one line" err &&
	cp good.yaml .handoff/config.yaml && git handoff export >/dev/null
'

test_expect_success 'init writes record_url commented out; uncommented, it is a good config' '
	git init -q i && cd i && git handoff init >/dev/null &&
	grep "^# record_url: https://git.example/handoffs/blob/{commit}/{path}$" .handoff/config.yaml &&
	sed -i "s/^# record_url:/record_url:/" .handoff/config.yaml &&
	git handoff validate
'

test_expect_success 'usage: an unknown format or zone is exit 2, nothing written' '
	cd r &&
	test_expect_code 2 git handoff export --format xml 2>err &&
	grep "unknown format .xml. (csv, json, jsonl)" err &&
	test_expect_code 2 git handoff export --tz Nowhere/Atlantis -o out.csv 2>err &&
	grep "cannot export: unknown time zone .Nowhere/Atlantis." err && ! test -e out.csv &&
	test_expect_code 2 git handoff export --tz ../etc/passwd 2>err &&
	grep "is not a time zone name" err
'

test_expect_success 'a kind: person must be a pointer; one of sla, field, person' '
	cd r && mkdir -p .handoff/schemas &&
	sed "s|{column: ae_name, person: /owners/ae}|{column: ae_name, person: owners/ae}|" \
		"$SRC_ROOT/schemas/deal-handoff.yaml" >.handoff/schemas/deal-handoff.yaml &&
	test_expect_code 2 git handoff export 2>err && cat err &&
	grep -E "deal-handoff.yaml:[0-9]+:[0-9]+: error: /x-handoff/export: .person. is a JSON pointer" err &&
	sed "s|{column: ae_name, person: /owners/ae}|{column: ae_name, person: /owners/ae, field: /owners/ae}|" \
		"$SRC_ROOT/schemas/deal-handoff.yaml" >.handoff/schemas/deal-handoff.yaml &&
	test_expect_code 2 git handoff export 2>err &&
	grep -E "deal-handoff.yaml:[0-9]+:[0-9]+: error: /x-handoff/export: an export column has one of .sla., .field. or .person." err &&
	rm -r .handoff/schemas
'

test_expect_success 'a kind: each review list, its mark and each export column is a mapping of known keys' '
	cd r && mkdir -p .handoff/schemas &&
	sed -e "s|{column: crm_id, field: /account/crm_id}|crm_id|" \
		-e "s|mark: {column: source, value: verbal, say: \"verbal: nothing on paper\"}|mark: verbal|" \
		-e "s|^    - list: /risks\$|    - /risks|" -e "/^      title: Risks\$/d" \
		-e "/^      columns: \[id, text, level, mitigation, owner\]\$/d" \
		"$SRC_ROOT/schemas/deal-handoff.yaml" >.handoff/schemas/deal-handoff.yaml &&
	test_expect_code 2 git handoff export 2>err && cat err &&
	grep -E "deal-handoff.yaml:[0-9]+:[0-9]+: error: /x-handoff/export: an export column is a mapping: \{column: kickoff_scheduled_date, sla: kickoff_scheduled\}" err &&
	grep -E "deal-handoff.yaml:[0-9]+:[0-9]+: error: /x-handoff/review: .mark. is a mapping: \{column: source, value: verbal, say: nothing on paper\}" err &&
	grep -E "deal-handoff.yaml:[0-9]+:[0-9]+: error: /x-handoff/review: a review list is a mapping: \{list: /commitments, title: Commitments, columns: \[id, text\]\}" err &&
	sed "s|{column: crm_id, field: /account/crm_id}|{column: crm_id, field: /account/crm_id, colour: red}|" \
		"$SRC_ROOT/schemas/deal-handoff.yaml" >.handoff/schemas/deal-handoff.yaml &&
	test_expect_code 2 git handoff export 2>err && cat err &&
	grep -E "deal-handoff.yaml:[0-9]+:[0-9]+: error: /x-handoff/export.*colour" err &&
	rm -r .handoff/schemas
'

test_expect_success 'a field column: a YAML number is a number in JSON; a date-time moves to the zone' '
	cd r && mkdir -p .handoff/schemas &&
	sed "s|^    - {column: cs_manager_name, person: /owners/cs_manager}|&\\
    - {column: acv, field: /contract/acv}\\
    - {column: signed_at, field: /contract/signed}|" \
		"$SRC_ROOT/schemas/deal-handoff.yaml" >.handoff/schemas/deal-handoff.yaml &&
	git handoff export --format jsonl --tz UTC >out.jsonl &&
	python3 -c "import json; r = json.loads(open(\"out.jsonl\").readline()); assert r[\"acv\"] == 150000 and type(r[\"acv\"]) is int and r[\"signed_at\"] == \"2026-11-02T06:00:00+00:00\" and r[\"crm_id\"] == \"ACC-004871\", r" &&
	git handoff export --format csv | sed -n 2p | grep ",kim@vendor.example,150000,2026-11-02T15:00:00+09:00.\$" &&
	rm -r .handoff/schemas
'

test_expect_success 'the three kinds: each keeps its SLA columns where they were; fields and people after' '
	sh "$EXAMPLES/demo-repo.sh" demo >/dev/null 2>&1 && cd demo &&
	git handoff export --format csv | head -1 >actual &&
	echo "id,path,account,handoff_date_time,participants,meeting_recording,record_link,score,band,cs_acceptance,customer_introduction_date,kickoff_scheduled_date,support_handoff_date,support_introduction_date,customer_told_date,full_ownership_date,crm_id,state,ae_name,csm_name,cs_manager_name,support_lead_name,from_owner_name,to_owner_name,manager_name" | crlf >expect &&
	test_cmp expect actual
'

test_done
