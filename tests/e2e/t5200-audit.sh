#!/bin/sh
# audit: every change to a material path, with the author's role as it
# stood then, after acceptance or not, authorised or not; the tamper
# signals; filters and formats; and the demo repository's audit.
. "$(dirname "$0")/lib.sh"

# as <email> <name> <date> <message>...: commit everything, hooks skipped
as() {
	email=$1 name=$2 date=$3
	shift 3
	git add -A &&
	GIT_AUTHOR_EMAIL=$email GIT_AUTHOR_NAME=$name GIT_AUTHOR_DATE=$date \
	GIT_COMMITTER_EMAIL=$email GIT_COMMITTER_NAME=$name GIT_COMMITTER_DATE=$date \
		git -c core.hooksPath=/dev/null commit -q "$@"
}

test_expect_success 'set-up: a handoff accepted, then changed four times' '
	test_repo r && cd r &&
	printf "  olga@vendor.example: {name: Olga Ops, roles: [ops]}\n" >>.handoff/config.yaml &&
	sed "s/^  status: accepted/  status: pending/" \
		"$EXAMPLES/D-2026-0142-acme-logistics.md" >handoffs/acme.md &&
	as jane@vendor.example Jane 2026-11-02T20:00:00+09:00 -m "handoff" &&
	sed -i "s/^  status: pending/  status: accepted/" handoffs/acme.md &&
	as kim@vendor.example Kim 2026-11-04T10:00:00+09:00 -m "accept" &&
	sed -i "s/^    due: 2026-12-18/    due: 2026-12-22/" handoffs/acme.md &&
	as sam@vendor.example Sam 2026-11-05T10:00:00+09:00 -m "move C1" -m "Handoff-Reason: Okta admin away" &&
	sed -i "s/^  acv: 150000/  acv: 140000/" handoffs/acme.md &&
	as jane@vendor.example Jane 2026-11-06T10:00:00+09:00 -m "fix the ACV" &&
	sed -i "s/roles: \[sales\], team: east/roles: [sales, cs], team: east/" .handoff/config.yaml &&
	as olga@vendor.example Olga 2026-11-07T10:00:00+09:00 -m "Jane covers CS too" &&
	sed -i "s/^  acv: 140000/  acv: 145000/" handoffs/acme.md &&
	as jane@vendor.example Jane 2026-11-08T10:00:00+09:00 -m "ACV again" -m "Handoff-Reason: signed addendum" &&
	sed -i "s/^  status: accepted/  status: pending/" handoffs/acme.md &&
	as omar@vendor.example Omar 2026-11-07T09:00:00+09:00 -m "reopen"
'

test_expect_success 'audit --format json: who, role then, after acceptance, authorised, reason' '
	cd r && test_expect_code 1 git handoff audit --format json >out.json &&
	python3 - <<-\PY
	import json
	a = json.load(open("out.json"))
	assert a["version"] == 1
	got = [(c["email"], c["role"], c["pointer"], c["old"], c["new"], c["after_acceptance"],
	        c["authorised"], c["reason"], c["time"]) for c in a["changes"]]
	want = [
	    ("sam@vendor.example", "cs", "/commitments/C1/due", "2026-12-18", "2026-12-22",
	     True, True, "Okta admin away", "2026-11-05T10:00:00+09:00"),
	    ("jane@vendor.example", "sales", "/contract/acv", 150000, 140000,
	     True, False, None, "2026-11-06T10:00:00+09:00"),
	    ("jane@vendor.example", "sales,cs", "/contract/acv", 140000, 145000,
	     True, True, "signed addendum", "2026-11-08T10:00:00+09:00"),
	]
	assert got == want, got
	types = sorted((s["type"], s["email"]) for s in a["signals"])
	assert types == [("acceptance-role", "omar@vendor.example"),
	                 ("clock", "omar@vendor.example")], types
	PY
'

test_expect_success 'the history from its cache: the same audit, reasons and committers read again' '
	cd r && test -s .git/handoff/history && rm .git/handoff/audit &&
	test_expect_code 1 git handoff audit --format json >again.json &&
	test_cmp out.json again.json
'

test_expect_success 'text names the unauthorised change and why; --since, --until, --after-acceptance' '
	cd r && test_expect_code 1 git handoff audit >out && cat out &&
	grep "Jane <jane@vendor.example> (sales) handoffs/acme.md change /contract/acv: 150000 -> 140000" out &&
	grep "after acceptance, NOT authorised: no Handoff-Reason trailer" out &&
	grep "signal acceptance-role: handoffs/acme.md: acceptance set to .pending. by omar@vendor.example" out &&
	grep "^3 material changes, 3 after acceptance, 1 not authorised; 2 tamper signals$" out &&
	git handoff audit --since 2026-11-07 --until 2026-11-08 --format json >w.json || true &&
	python3 -c "import json; c = json.load(open(\"w.json\"))[\"changes\"]; assert [x[\"new\"] for x in c] == [145000], c" &&
	git handoff audit --after-acceptance --format csv >out.csv || true &&
	head -1 out.csv | grep "^time,path,commit,author,email,role,pointer,op,old,new,after_acceptance,authorised,reason" &&
	test $(wc -l <out.csv) = 4 &&
	test_expect_code 2 git handoff audit --since yesterday 2>err && grep "not a date" err
'

test_expect_success 'a long audit comes out whole, in time order, the same on stdout and with -o' '
	test_repo long && cd long &&
	cp "$EXAMPLES/D-2026-0142-acme-logistics.md" handoffs/acme.md &&
	as kim@vendor.example Kim 2026-11-04T10:00:00+09:00 -m "accepted handoff" &&
	t=$(git log -1 --format=%at) && i=0 &&
	while [ $i -lt 400 ]; do
		i=$((i + 1)) && t=$((t + 60)) &&
		sed "s/^  acv: 150000/  acv: $((100000 + i))/" handoffs/acme.md >../v &&
		printf "commit refs/heads/%s\ncommitter Sam <sam@vendor.example> %s +0900\n" \
			"$(git branch --show-current)" "$t" &&
		printf "data <<END\nchange %s\n\nHandoff-Reason: addendum %s\nEND\n" $i $i &&
		[ $i != 1 ] || printf "from HEAD^0\n" &&
		printf "M 100644 inline handoffs/acme.md\ndata %s\n" $(wc -c <../v) && cat ../v && echo ||
		return 1
	done | sed "s/^from HEAD^0$/from $(git rev-parse HEAD)/" | git fast-import --quiet &&
	git reset -q --hard &&
	git handoff audit --format json >../out.json &&
	git handoff audit --format json -o ../file.json && test_cmp ../out.json ../file.json &&
	test $(wc -c <../out.json) -gt 100000 &&
	python3 - <<-\PY &&
	import json
	c = json.load(open("../out.json"))["changes"]
	assert [x["new"] for x in c] == [100000 + i for i in range(1, 401)], [x["new"] for x in c][:5]
	assert all(x["authorised"] and x["reason"].startswith("addendum ") for x in c)
	PY
	git handoff audit --format csv -o ../out.csv && test $(wc -l <../out.csv) = 401 &&
	git handoff audit >../out.txt &&
	tail -1 ../out.txt | grep "^400 material changes, 400 after acceptance, 0 not authorised; 0 tamper signals$" &&
	test_expect_code 2 git handoff audit -o /proc/version 2>../err &&
	grep "cannot create ./proc/.version" ../err &&
	test_expect_code 2 git handoff audit -o /dev/full 2>../err &&
	grep "No space left on device" ../err
'

test_expect_success 'changes of many records in one time order: the same time, records in path order, each in its history order' '
	test_repo order && cd order &&
	cp "$EXAMPLES/D-2026-0142-acme-logistics.md" handoffs/a.md &&
	cp "$EXAMPLES/D-2026-0142-acme-logistics.md" handoffs/b.md &&
	as kim@vendor.example Kim 2026-11-01T10:00:00+09:00 -m "two handoffs" &&
	acv() { sed -i "s/^  acv: .*/  acv: $2/" handoffs/$1.md; } &&
	acv b 1 && as sam@vendor.example Sam 2026-11-05T10:00:00+09:00 -m "b 1" &&
	acv a 2 && as sam@vendor.example Sam 2026-11-05T10:00:00+09:00 -m "a 2" &&
	acv a 3 && as sam@vendor.example Sam 2026-11-04T10:00:00+09:00 -m "a 3, dated before its parent" &&
	acv b 4 && as sam@vendor.example Sam 2026-11-06T10:00:00+09:00 -m "b 4" &&
	acv a 5 && as sam@vendor.example Sam 2026-11-05T10:00:00+09:00 -m "a 5" &&
	acv b 6 && as sam@vendor.example Sam 2026-11-03T10:00:00+09:00 -m "b 6" &&
	for run in cold cached; do
		test_expect_code 1 git handoff audit --format json >$run.json || return 1
	done &&
	test_cmp cold.json cached.json &&
	python3 - <<-\PY &&
	import json
	c = json.load(open("cold.json"))["changes"]
	got = [(x["path"], x["new"]) for x in c]
	want = [("handoffs/b.md", 6), ("handoffs/a.md", 3), ("handoffs/a.md", 2),
	        ("handoffs/a.md", 5), ("handoffs/b.md", 1), ("handoffs/b.md", 4)]
	assert got == want, got
	PY
	test_expect_code 1 git handoff audit --format csv >out.csv &&
	cut -d, -f2,10 out.csv >got &&
	printf "%s\n" path,new handoffs/b.md,6 handoffs/a.md,3 handoffs/a.md,2 \
		handoffs/a.md,5 handoffs/b.md,1 handoffs/b.md,4 >want &&
	test_cmp want got
'

test_expect_success 'the demo repository: its post-acceptance change, authorised' '
	sh "$EXAMPLES/demo-repo.sh" demo >/dev/null 2>&1 && cd demo &&
	git handoff audit --after-acceptance --format json >out.json &&
	python3 - <<-\PY
	import json
	c = json.load(open("out.json"))["changes"]
	assert [(x["path"], x["email"], x["pointer"], x["time"], x["authorised"], x["reason"]) for x in c] == [
	    ("handoffs/D-2026-0142.md", "sam@vendor.example", "/commitments/C1/due",
	     "2026-11-20T09:45:00+09:00", True, "Acme'"'"'s Okta administrator is on leave until 7 December")], c
	PY
'

test_done
