#!/bin/sh
# review: the packet for a pull request, as Markdown and JSON; and the
# pre-commit framework driving .pre-commit-hooks.yaml (Debian's
# pre-commit), file hooks and the commit-msg hook included.
. "$(dirname "$0")/lib.sh"

test_expect_success 'review --format markdown: score, gaps, verbal commitments, changes, SLAs' '
	sh "$EXAMPLES/demo-repo.sh" demo >/dev/null 2>&1 && cd demo &&
	base=$(git log --format=%H -1 --grep="implementation kickoff held") &&
	git handoff review handoffs/D-2026-0142.md --base "$base" --format markdown >out.md &&
	cat out.md &&
	grep "^### Handoff review: D-2026-0142 (.handoffs/D-2026-0142.md.): \*\*accepted\*\*$" out.md &&
	grep "^\*\*Score 100.0 / 100: excellent.\*\*$" out.md &&
	grep "^| C2 | Weekly syncs with the operations team for the first 60 days | services | \*\*verbal: nothing on paper\*\* | cs | 2027-01-31 |$" out.md &&
	grep "^- ./commitments/C1/due. changed: \"2026-12-15\" -> \"2026-12-18\" \*\*(material)\*\*$" out.md &&
	grep "^| Customer introduction sent within 48 h | 2026-11-04T06:00:00+00:00 | 2026-11-03T07:05:00+00:00 | met |$" out.md
'

test_expect_success 'review --format json of a substandard handoff: what is missing and why' '
	cd demo && git handoff review handoffs/D-2026-0157.md --format json >out.json &&
	python3 - <<-\PY
	import json
	r = json.load(open("out.json"))
	assert r["version"] == 1 and r["id"] == "D-2026-0157" and r["band"] == "substandard", r
	missing = {m["criterion"]: m["points_missing"] for m in r["missing"]}
	assert missing["stakeholder_map"] == 6.67 and missing["risks"] == 10 and missing["handoff_within_sla"] == 15, missing
	assert any(p["pointer"] == "/commitments/2/due" and p["line"] == 46 for p in r["problems"]), r["problems"]
	lists = {l["title"]: l["items"] for l in r["lists"]}
	assert [c["id"] for c in lists["Commitments"]] == ["C1", "C2", "C3"], lists
	assert [c["marked"] for c in lists["Commitments"]] == [False, False, False]
	assert [c["level"] for c in lists["Risks"]] == ["medium"]
	assert r["changes"] == [] and len(r["sla"]) == 10
	PY
'

test_expect_success 'review of a record that is not committed says so' '
	cd demo && cp handoffs/D-2026-0142.md handoffs/new.md &&
	test_expect_code 2 git handoff review handoffs/new.md 2>err &&
	grep "is not committed" err && rm handoffs/new.md
'

test_expect_success 'the pre-commit framework runs the hooks of .pre-commit-hooks.yaml' '
	if ! command -v pre-commit >/dev/null; then test_skip "pre-commit is not installed (make deps)"; return 0; fi
	git init -q hooks-repo && cp "$SRC_ROOT/.pre-commit-hooks.yaml" hooks-repo/ &&
	git -C hooks-repo add -A && git -C hooks-repo commit -q -m hooks &&
	rev=$(git -C hooks-repo rev-parse HEAD) && hooks=$(cd hooks-repo && pwd) &&
	test_repo f && cd f &&	# outputs go outside: the framework stashes unstaged files
	cat >.pre-commit-config.yaml <<-EOF &&
	repos:
	  - repo: $hooks
	    rev: $rev
	    hooks:
	      - id: git-handoff
	      - id: git-handoff-repository
	      - id: git-handoff-reason
	EOF
	pre-commit install --hook-type pre-commit --hook-type commit-msg >/dev/null &&
	cp "$EXAMPLES/D-2026-0142-acme-logistics.md" handoffs/acme.md &&
	git add -A && test_tick && git commit -q -m "acme, accepted" &&
	sed "s/^id: D-2026-0142/id: D-2026-0143/; /^segment:/d" handoffs/acme.md >handoffs/beta.md &&
	git add handoffs/beta.md && test_tick &&
	test_expect_code 1 git commit -q -m beta >../out 2>&1 && cat ../out &&
	grep "handoffs/beta.md:[0-9]*:1: error: /segment: required property .segment. is missing" ../out &&
	cp handoffs/acme.md handoffs/beta.md && git add handoffs/beta.md && test_tick &&
	test_expect_code 1 git commit -q -m "beta, a copy" >../out 2>&1 && cat ../out &&
	grep "id .D-2026-0142. is also used by" ../out &&
	git rm -q --cached handoffs/beta.md && rm handoffs/beta.md &&
	sed -i "s/^  acv: 150000/  acv: 140000/" handoffs/acme.md && git add -A && test_tick &&
	test_expect_code 1 git commit -q -m "lower the ACV" >../out 2>&1 && cat ../out &&
	grep "/contract/acv: this commit changes /contract/acv of an accepted handoff without a .Handoff-Reason:. trailer" ../out &&
	git commit -q -m "lower the ACV" -m "Handoff-Reason: discount agreed in the addendum" &&
	git log -1 --format=%B | grep "^Handoff-Reason: discount agreed"
'

test_done
