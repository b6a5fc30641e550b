#!/bin/sh
# Owned SLAs and fair groups: each SLA rule of a kind names the role that
# owns it (owner_role), and report counts, for a person, only the rules of
# her role; scores of two kinds are never averaged together (--by rep
# covers deal handoffs, other groupings a table per kind or --kind);
# people are shown by their config name, email in JSON; --since/--until
# select by the handoff's date. All on the demo repository, as of
# 4 December 2026 09:00 UTC, the moment examples/demo.sh reports at.
. "$(dirname "$0")/lib.sh"

AS_OF=2026-12-04T09:00:00Z

test_expect_success 'the demo repository builds' '
	sh "$SRC_ROOT/examples/demo-repo.sh" demo >/dev/null 2>&1 &&
	git -C demo log --oneline >/dev/null
'

test_expect_success 'report --by rep: only the account executives, by name, only their SLAs' '
	cd demo &&
	git handoff report --by rep --as-of $AS_OF >out.txt &&
	cat >expect <<-\EOF &&
	Mean, median and bands are of final scores; prov: handoffs in flight (not decided, something not yet due), counted apart.
	By rep: each deal-handoff by its rep, named by the owner of its SLAs owned by sales; sla % counts those SLAs only.

	deal-handoff
	rep                          count  prov   mean median  exc good  acc  sub   sla %  tth med  tth p90  rej draft  subm acptd rjctd revis
	Jane Doe                         2     1    100    100    1    0    0    0     100    17.9h    17.9h    0     0     1     1     0     0
	Omar Haddad                      2     0   63.8   63.8    1    0    0    1    66.7    20.3h    20.3h    1     0     1     0     0     1
	clock: commit dates (self-asserted, committer time)
	EOF
	test_cmp expect out.txt
'

test_expect_success 'report --by rep --format json: emails as keys, names beside, sales SLAs only' '
	cd demo &&
	git handoff report --by rep --as-of $AS_OF --format json >r.json &&
	python3 - "$SRC_ROOT/schemas/deal-handoff.yaml" <<-\PY
	import json, re, sys
	r = json.load(open("r.json"))
	assert r["version"] == 1 and r["by"] == "rep", r
	assert r["kind"] == "deal-handoff" and r["sla_owner_role"] == "sales", r
	# the rules of the kind by owner_role, read from the schema text
	roles, name = {}, None
	for line in open(sys.argv[1]):
	    m = re.match(r"^    - name: (\S+)$", line)
	    if m:
	        name = m.group(1)
	    m = re.match(r"^      owner_role: (\S+)$", line)
	    if m and name:
	        roles.setdefault(name, set()).add(m.group(1))
	sales = {n for n, v in roles.items() if v == {"sales"}}
	assert "cs_preparation" in roles and "kickoff_held" not in sales, roles
	keys = [g["key"] for g in r["groups"]]
	assert keys == ["jane@vendor.example", "omar@vendor.example"], keys
	assert [g["name"] for g in r["groups"]] == ["Jane Doe", "Omar Haddad"], r
	for g in r["groups"]:
	    assert g["kind"] == "deal-handoff", g
	    assert set(g["sla"]) <= sales, (g["key"], g["sla"])
	    # every field of before is still there
	    for f in ("count", "scored", "mean_score", "median_score", "bands",
	              "within_sla_pct", "sla", "time_to_handoff_hours",
	              "rejections", "provisional", "states"):
	        assert f in g, (f, g)
	omar = r["groups"][1]
	assert omar["count"] == 2 and omar["within_sla_pct"] == 66.7, omar
	assert omar["sla"] == {"handoff_complete": 50, "handoff_meeting": 100,
	    "customer_introduction": 50, "rejection_fixed": 0,
	    "information_current": 100}, omar["sla"]
	PY
'

test_expect_success 'the rep is an AE of the config: no CS owner is a rep' '
	cd demo &&
	git handoff report --by rep --as-of $AS_OF --format json >r.json &&
	python3 - <<-\PY
	import json, re
	people = {}
	for line in open(".handoff/config.yaml"):
	    m = re.match(r"^  (\S+@\S+):.*roles: \[([^]]*)\]", line)
	    if m:
	        people[m.group(1)] = {x.strip() for x in m.group(2).split(",")}
	r = json.load(open("r.json"))
	assert people, "no people read from the config"
	for g in r["groups"]:
	    assert "sales" in people.get(g["key"], set()), (g["key"], people.get(g["key"]))
	PY
'

test_expect_success 'report --by csm: the CSMs of deal handoffs and the cs-owned SLAs' '
	cd demo &&
	git handoff report --by csm --as-of $AS_OF --format json >c.json &&
	python3 - <<-\PY
	import json
	r = json.load(open("c.json"))
	assert r["by"] == "csm" and r["sla_owner_role"] == "cs" and r["kind"] == "deal-handoff", r
	assert [g["key"] for g in r["groups"]] == ["ana@vendor.example", "sam@vendor.example"], r
	assert [g["name"] for g in r["groups"]] == ["Ana Souza", "Sam Lee"], r
	for g in r["groups"]:
	    assert set(g["sla"]) <= {"cs_preparation", "kickoff_scheduled", "kickoff_held"}, g
	PY
'

test_expect_success 'report --by rep --kind account-transition: the outgoing owners and their rules' '
	cd demo &&
	git handoff report --by rep --kind account-transition --as-of $AS_OF --format json >t.json &&
	python3 - <<-\PY
	import json
	r = json.load(open("t.json"))
	assert r["kind"] == "account-transition", r
	assert [g["name"] for g in r["groups"]] == ["Omar Haddad", "Sam Lee"], r
	for g in r["groups"]:
	    assert g["kind"] == "account-transition" and g["count"] == 1, g
	    assert not set(g["sla"]) & {"new_owner_onboarding", "full_ownership", "retrospective"}, g
	PY
'

test_expect_success 'other groupings: one table per kind, never a mean across kinds' '
	cd demo &&
	git handoff report --as-of $AS_OF >all.txt && cat all.txt &&
	sed -n 2p all.txt | grep -F "one table per kind; scores of different kinds are never averaged together" &&
	test $(grep -c "^all  *[0-9]" all.txt) = 3 &&
	grep -x "account-transition" all.txt && grep -x "deal-handoff" all.txt &&
	grep -x "support-handoff" all.txt &&
	git handoff report --by month --as-of $AS_OF --format json >m.json &&
	git handoff report --by month --as-of $AS_OF --format csv >m.csv &&
	head -1 m.csv | grep ",needs_revision,kind.$" &&
	python3 - <<-\PY
	import json
	r = json.load(open("m.json"))
	assert r["kind"] is None and r["sla_owner_role"] is None, r
	pairs = [(g["kind"], g["key"]) for g in r["groups"]]
	assert len(pairs) == len(set(pairs)), pairs
	assert {k for k, _ in pairs} == {"deal-handoff", "account-transition", "support-handoff"}, pairs
	assert all("name" not in g for g in r["groups"]), r
	PY
'

test_expect_success 'report --kind filters; --by kind gives a row per kind' '
	cd demo &&
	git handoff report --by month --kind support-handoff --as-of $AS_OF >s.txt && cat s.txt &&
	sed -n 2p s.txt | grep -x "By month: support-handoff only." &&
	test $(grep -c "^2026-" s.txt) = 1 &&
	git handoff report --by kind --as-of $AS_OF --format csv >k.csv && cat k.csv &&
	test $(wc -l <k.csv) = 4 &&
	grep "^deal-handoff,4," k.csv && grep "^account-transition,2," k.csv &&
	grep "^support-handoff,1," k.csv &&
	test_expect_code 2 git handoff report --by csm --format html 2>err &&
	grep "text, csv or json" err &&
	test_expect_code 2 git handoff report --by customer 2>err &&
	grep "rep, csm, team, month, segment or kind" err
'

test_expect_success '--since/--until select by the handoff date (the signature)' '
	cd demo &&
	git handoff report --by rep --since 2026-11-10 --as-of $AS_OF --format json >since.json &&
	git handoff report --by rep --until 2026-11-10 --as-of $AS_OF --format json >until.json &&
	python3 - <<-\PY
	import json
	s = {g["key"]: g["count"] for g in json.load(open("since.json"))["groups"]}
	u = {g["key"]: g["count"] for g in json.load(open("until.json"))["groups"]}
	# Kumo signed 16 Nov (Omar), Nordwind closes in December (Jane);
	# Acme (Jane) and BrightPath (Omar) were signed on 2 November
	assert s == {"jane@vendor.example": 1, "omar@vendor.example": 1}, s
	assert u == {"jane@vendor.example": 1, "omar@vendor.example": 1}, u
	PY
	git handoff report --by rep --since 2026-11-03 --until 2026-11-20 --as-of $AS_OF --format json >mid.json &&
	python3 -c "import json; g = json.load(open(\"mid.json\"))[\"groups\"]; assert [(x[\"key\"], x[\"count\"]) for x in g] == [(\"omar@vendor.example\", 1)], g"
'

test_expect_success 'a rule without owner_role is in no person figures' '
	cd demo && mkdir -p .handoff/schemas &&
	grep -v "owner_role:" "$SRC_ROOT/schemas/deal-handoff.yaml" >.handoff/schemas/deal-handoff.yaml &&
	git handoff report --by rep --as-of $AS_OF --format json >none.json &&
	python3 -c "import json; g = json.load(open(\"none.json\"))[\"groups\"]; assert [x[\"name\"] for x in g] == [\"Jane Doe\", \"Omar Haddad\"] and all(x[\"sla\"] == {} and x[\"within_sla_pct\"] is None for x in g), g" &&
	rm -r .handoff/schemas
'

test_expect_success 'owner_role is read strictly: a role name, no other key' '
	cd demo && mkdir -p .handoff/schemas &&
	sed "0,/owner_role: sales/s//owner_role: [sales]/" "$SRC_ROOT/schemas/deal-handoff.yaml" \
		>.handoff/schemas/deal-handoff.yaml &&
	test_expect_code 2 git handoff report --by rep 2>err; cat err &&
	grep -E "deal-handoff.yaml:[0-9]+:[0-9]+: error: /x-handoff/sla/owner_role: .owner_role. is the role" err &&
	sed "0,/owner_role: sales/s//owner_role: Sales Team/" "$SRC_ROOT/schemas/deal-handoff.yaml" \
		>.handoff/schemas/deal-handoff.yaml &&
	test_expect_code 2 git handoff schema check .handoff/schemas/deal-handoff.yaml 2>err; cat err &&
	grep -E "error: /x-handoff/sla/owner_role: " err &&
	sed "0,/owner_role: sales/s//owner_roles: sales/" "$SRC_ROOT/schemas/deal-handoff.yaml" \
		>.handoff/schemas/deal-handoff.yaml &&
	test_expect_code 2 git handoff schema check .handoff/schemas/deal-handoff.yaml 2>err; cat err &&
	grep -F "owner_roles" err &&
	rm -r .handoff/schemas
'

test_done
