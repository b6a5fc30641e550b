#!/bin/sh
# report --html <dir>: the dashboard, a static site. On the demo
# repository: the overview, a page per rep, per team and per handoff;
# every link leads to a page in the folder and nothing leads out of it
# (no URL, no script, no file outside); text from records is escaped and
# names no file outside the folder; every page renders in headless
# Chromium, and the Acme and BrightPath handoff pages draw their SLA
# timelines. Screenshots stay in the trash folder.
. "$(dirname "$0")/lib.sh"

AS_OF=2026-12-04T09:00:00Z

test_expect_success 'the demo repository' '
	sh "$SRC_ROOT/examples/demo-repo.sh" demo >log 2>&1 &&
	cd demo && git handoff score --as-of $AS_OF --format json >../score.json &&
	git handoff report --by rep --as-of $AS_OF --format json >../reps.json &&
	git handoff report --by team --as-of $AS_OF --format json >../teams.json
'

test_expect_success 'report --html writes the overview and a page per rep, team and handoff' '
	cd demo && git handoff report --html ../site --as-of $AS_OF 2>err &&
	cat err && grep -Fx "wrote 12 pages to ../site" err &&
	test -s ../site/index.html &&
	for id in $(sed "s/\"id\":\"\([^\"]*\)\"/\n\1\n/g" ../score.json | grep -E "^[DTS]-[0-9]{4}-[0-9]{4}$"); do
		test -s ../site/handoff-$id.html || { echo "no page for $id"; exit 1; }
	done &&
	test "$(ls ../site/handoff-*.html | wc -l)" = 7 &&
	test "$(ls ../site/rep-*.html | wc -l)" = "$(grep -o "\"key\":" ../reps.json | wc -l)" &&
	test "$(ls ../site/team-*.html | wc -l)" = "$(grep -o "\"key\":" ../teams.json | wc -l)" &&
	grep -l "<h1>Rep: Jane Doe</h1>" ../site/rep-jane.vendor.example-*.html &&
	grep -F "<h1>Team: east</h1>" ../site/team-east.html &&
	ls ../site >../pages && test "$(grep -cvE "^[A-Za-z0-9][A-Za-z0-9._-]*\.html$" ../pages)" = 0
'

test_expect_success 'the overview: by kind, bands best first, the trend, SLAs by rule, time to handoff, in flight apart' '
	p=site/index.html &&
	sed -n "/<figure id=\"bands-deal-handoff\">/,/<\/figure>/p" $p | grep -o ">[a-z]*</text>" >bands &&
	printf ">excellent</text>\n>substandard</text>\n" >expect && test_cmp expect bands &&
	sed -n "/<figure id=\"bands-account-transition\">/,/<\/figure>/p" $p | grep -o ">[a-z]*</text>" >bands &&
	printf ">good</text>\n" >expect && test_cmp expect bands &&
	grep -F "<section id=\"kind-support-handoff\">" $p &&
	grep -F "fill=\"url(#band0)\"" $p && grep -F "<pattern id=\"band3\"" $p &&
	grep -F "<figure id=\"trend-deal-handoff\">" $p && grep -F "<polyline class=\"trend\"" $p &&
	grep -F "<figure id=\"sla-by-rule-deal-handoff\">" $p && grep -F ">handoff_complete</text>" $p &&
	grep -F "<figure id=\"tth-by-month-deal-handoff\">" $p &&
	sed -n "/<h2 id=\"reps\">/,/<\/table>/p" $p >reps &&
	grep -F ">Jane Doe</a>" reps && grep -F ">Omar Haddad</a>" reps && ! grep -F "ana@" reps &&
	sed -n "/<h2 id=\"final\">/,/<\/table>/p" $p >final &&
	sed -n "/<h2 id=\"in-flight\">/,/<\/table>/p" $p >flight &&
	grep -F "<tr data-id=\"D-2026-0142\">" final && ! grep -F "D-2026-0163" final &&
	grep -F "<tr data-id=\"D-2026-0163\">" flight && grep -F "<tr data-id=\"T-2026-0007\">" flight &&
	! grep -F "D-2026-0142" flight
'

test_expect_success 'a handoff page: criteria earned, missed or pending, the SLA timeline, the decisions' '
	p=site/handoff-D-2026-0157.html &&
	grep -F "<tr data-criterion=\"deal_summary\" data-state=\"missed\">" $p &&
	grep -F "<tr data-criterion=\"risks\" data-state=\"missed\">" $p &&
	grep -F "<svg class=\"timeline\"" $p &&
	grep -F "<g class=\"sla\" data-sla=\"handoff_meeting\" data-state=\"met\" data-due=\"2026-11-04T21:00:00+00:00\" data-done=\"2026-11-03T22:30:00+00:00\">" $p &&
	grep -F "<g class=\"sla\" data-sla=\"handoff_complete\" data-state=\"overdue\" data-due=\"2026-11-03T21:00:00+00:00\" data-done=\"\">" $p &&
	grep -F "<li>2026-11-04 04:40: needs-revision <span class=\"reasons\">(incomplete_stakeholders,undocumented_commitments,major_gaps)</span></li>" $p &&
	grep -F "<p class=\"score\" data-provisional=\"false\">Score 27.6 of 100" $p &&
	p=site/handoff-D-2026-0163.html &&
	grep -F "data-state=\"pending\"" $p &&
	grep -F "<p class=\"score\" data-provisional=\"true\">95 so far, 5 still possible" $p
'

test_expect_success 'a handoff page: the material changes after acceptance, from the audit' '
	p=site/handoff-D-2026-0142.html &&
	sed -n "/<h2 id=\"changes\">/,/<\/table>/p" $p >changes && cat changes &&
	grep -F "<tr data-pointer=\"/commitments/C1/due\"><td>2026-11-20T09:45:00+09:00</td><td>Sam Lee (cs)</td><td>change /commitments/C1/due</td><td>2026-12-15</td><td>2026-12-18</td><td>Acme&#39;s Okta administrator is on leave until 7 December</td><td>yes</td></tr>" changes &&
	test "$(grep -c "<tr data-pointer=" changes)" = 1 &&
	sed -n "/<h2 id=\"changes\">/,\$p" site/handoff-D-2026-0157.html | grep -F "<p>None.</p>"
'

test_expect_success 'a page that cannot be written stops the site, exit 2' '
	mkdir -p broken/index.html && cd demo &&
	test_expect_code 2 git handoff report --html ../broken --as-of $AS_OF 2>err && cat err &&
	grep -F "../broken/index.html" err && ! grep -F "wrote" err
'

test_expect_success 'every link leads to a page in the folder' '
	cd site && for f in *.html; do
		grep -o "href=\"[^\"]*\"" "$f" | sed "s/^href=\"//; s/\"$//" | sort -u >links &&
		test -s links || { echo "$f links nowhere"; exit 1; }
		while read -r l; do
			case "$l" in */*|.*) echo "$f: $l is not a sibling"; exit 1;; esac
			test -f "$l" || { echo "$f: $l is missing"; exit 1; }
		done <links || exit 1
	done &&
	grep -F "href=\"index.html\"" handoff-D-2026-0142.html
'

test_expect_success '--since: the handoffs that started then, their pages only, every link still there' '
	cd demo && git handoff report --html ../since --since 2026-11-03 --as-of $AS_OF &&
	cd ../since && test ! -e handoff-D-2026-0142.html && test ! -e handoff-D-2026-0157.html &&
	test -s handoff-D-2026-0163.html && ! grep -F "D-2026-0142" index.html &&
	grep -F "Handoffs started from 2026-11-03." index.html &&
	grep -oh "href=\"[^\"]*\"" *.html | sed "s/^href=\"//; s/\"$//" | sort -u >../since-links &&
	while read -r l; do test -f "$l" || { echo "$l is missing"; exit 1; }; done <../since-links
'

test_expect_success 'no page asks for anything outside the folder' '
	cd site && ! grep -iE "https?:|//|src=|<script|<link|<iframe|<object|<embed|@import" *.html &&
	! grep -ohE "url\([^)]*\)" *.html | grep -v "^url(#band[0-9])$"
'

test_expect_success 'text from records is escaped, and ids name no file outside the folder' '
	cp -R demo esc && cd esc &&
	sed -i -e "s/^  name: Acme Logistics/  name: \"Acme <b onmouseover=x>\\&amp; \\\\\"Co\\\\\"<\/b>\"/" \
		-e "s/^id: D-2026-0142/id: ..\/..\/x<i>/" handoffs/D-2026-0142.md &&
	git -c core.hooksPath=/dev/null commit -qam "odd names" &&
	git handoff report --html ../esc-site --as-of $AS_OF &&
	cd ../esc-site && ls && ! ls .. | grep -F "x<i>" &&
	test "$(ls | grep -cvE "^[A-Za-z0-9][A-Za-z0-9._-]*\.html$")" = 0 &&
	! grep -F "<b onmouseover" *.html && ! grep -F "x<i>" *.html &&
	grep -F "Acme &lt;b onmouseover=x&gt;&amp;amp; &quot;Co&quot;&lt;/b&gt;" index.html &&
	grep -F "<tr data-id=\"../../x&lt;i&gt;\"><td><a href=\"handoff-..-..-x-i--" index.html
'

test_expect_success 'usage: --html takes a folder, and writes no other format' '
	cd demo &&
	test_expect_code 2 git handoff report --html ../x --format json 2>err && grep -F "not with --format" err &&
	test_expect_code 2 git handoff report --html ../x -o y 2>err &&
	test_expect_code 2 git handoff report --html ../x --by rep 2>err &&
	: >../afile && test_expect_code 2 git handoff report --html ../afile 2>err &&
	grep -F "cannot create '"'"'../afile'"'"': not a folder" err &&
	test_expect_code 2 git handoff report --html ../x --since yesterday 2>err &&
	test ! -e ../x/index.html
'

test_expect_success 'every page renders in headless Chromium; Acme and BrightPath show their timelines' '
	if ! command -v chromium >/dev/null; then test_skip "chromium is not installed (make deps)"; return 0; fi
	cd site && for f in *.html; do
		chromium --headless --no-sandbox --disable-gpu --no-first-run --user-data-dir="$TRASH/chromium" \
			--dump-dom "file://$PWD/$f" >"$TRASH/$f.dom" 2>/dev/null &&
		grep -q "<h1>" "$TRASH/$f.dom" && grep -q "</body></html>" "$TRASH/$f.dom" ||
			{ echo "$f did not render"; exit 1; }
	done &&
	for id in D-2026-0142 D-2026-0157; do
		dom=$TRASH/handoff-$id.html.dom &&
		grep -F "<h1>Handoff $id</h1>" $dom &&
		grep -F "<svg class=\"timeline\"" $dom &&
		grep -F "<g class=\"sla\" data-sla=\"handoff_complete\"" $dom &&
		grep -F "<g class=\"sla\" data-sla=\"kickoff_held\"" $dom &&
		test "$(grep -o "<line class=\"due\"" $dom | wc -l)" -ge 6 &&
		chromium --headless --no-sandbox --disable-gpu --no-first-run --user-data-dir="$TRASH/chromium" \
			--window-size=1000,2200 --screenshot="$TRASH/$id.png" "file://$PWD/handoff-$id.html" 2>/dev/null &&
		head -c 8 "$TRASH/$id.png" | grep -q PNG || exit 1
	done &&
	grep -F "Acme Logistics" $TRASH/handoff-D-2026-0142.html.dom &&
	grep -F "BrightPath Retail" $TRASH/handoff-D-2026-0157.html.dom &&
	grep -F "<g class=\"sla\" data-sla=\"handoff_complete\" data-state=\"met\"" $TRASH/handoff-D-2026-0142.html.dom
'

test_expect_success 'the GitLab pages job of examples/ci writes the site into public/' '
	cp -R demo gl && cd gl &&
	python3 -c "import sys, yaml; j = yaml.safe_load(open(sys.argv[1]))[\"pages\"]; assert j[\"artifacts\"][\"paths\"] == [\"public\"]; print(\"\\n\".join(j[\"script\"]))" \
		"$EXAMPLES/ci/gitlab-ci.yml" >../pages.sh &&
	cat ../pages.sh && sh -e ../pages.sh 2>err && cat err &&
	test -s public/index.html && test -s public/handoff-D-2026-0142.html
'

test_expect_success 'the GitHub Pages workflow of examples/ci builds with the site and deploys it' '
	python3 - "$EXAMPLES/ci/github-pages.yml" >steps.sh <<-\PY &&
	import re, sys, yaml
	w = yaml.safe_load(open(sys.argv[1]))
	assert w["permissions"]["pages"] == "write" and w["permissions"]["id-token"] == "write"
	build = w["jobs"]["build"]["steps"]
	up = [s for s in build if s.get("uses", "").startswith("actions/upload-pages-artifact@")]
	assert up and up[0]["with"]["path"] == "site", up
	deploy = w["jobs"]["deploy"]
	assert deploy["needs"] == "build"
	assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")
	for step in build:
	    if "run" in step:
	        print(re.sub(r"\$\{\{[^}]*\}\}", "x", step["run"]))
	PY
	sh -n steps.sh && grep -Fx "git handoff report --html site" steps.sh &&
	cp -R demo gh && cd gh && git handoff report --html site && test -s site/index.html
'

test_done
