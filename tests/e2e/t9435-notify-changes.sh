#!/bin/sh
# Sales hears of material changes after the handoff: status --notify
# sends the rep a notice for each commit that changed a material field
# of an accepted handoff, made by someone else (what the audit lists),
# once, keyed by record and commit.
. "$(dirname "$0")/lib.sh"

# as <email> <date> <message>: commit everything as that person then
as() {
	git add -A && GIT_AUTHOR_EMAIL=$1 GIT_COMMITTER_EMAIL=$1 \
		GIT_AUTHOR_DATE=$2 GIT_COMMITTER_DATE=$2 git commit -q -m "$3"
}

test_expect_success 'set-up: an accepted handoff, a command that keeps each payload' '
	test_repo n && cd n &&
	printf "#!/bin/sh\ncat >>\"\$1\"\n" >../send.sh && chmod +x ../send.sh &&
	cat >>.handoff/config.yaml <<-CFG &&
	notify:
	  command: [$WORKDIR/send.sh, "$WORKDIR/sent"]
	CFG
	cp "$EXAMPLES/D-2026-0142-acme-logistics.md" handoffs/acme.md &&
	as sam@vendor.example 2026-11-04T10:00:00+09:00 "accepted handoff"
'

test_expect_success 'CS moves a due date after acceptance: the rep is told, once' '
	cd n && sed -i "s/^    due: 2026-12-18/    due: 2026-12-21/" handoffs/acme.md &&
	git add -A && GIT_AUTHOR_EMAIL=sam@vendor.example GIT_COMMITTER_EMAIL=sam@vendor.example \
		GIT_AUTHOR_DATE=2026-11-20T09:45:00+09:00 GIT_COMMITTER_DATE=2026-11-20T09:45:00+09:00 \
		git commit -q -m "move C1" -m "Handoff-Reason: Okta admin on leave" &&
	c=$(git rev-parse --short=12 HEAD) &&
	git handoff status --as-of 2026-11-19 --notify 2>err && cat err &&
	! test -s ../sent &&
	git handoff status --as-of 2026-11-21 --notify 2>err && cat err &&
	python3 - "$c" <<-\PY
	import json, sys
	p = [json.loads(l) for l in open("../sent")]
	m = [x for x in p if x["reason"] == "material_change"]
	assert len(m) == 1, p
	m = m[0]
	assert m["key"] == "D-2026-0142/material_change/" + sys.argv[1], m
	assert m["to"] == ["jane@vendor.example"] and m["by"] == "sam@vendor.example", m
	assert m["changed"] == "/commitments/C1/due", m
	assert "Okta admin on leave" in m["text"], m
	PY
	n=$(wc -l <../sent) &&
	git handoff status --as-of 2026-11-21 --notify 2>err && cat err &&
	test "$(wc -l <../sent)" = "$n"
'

test_expect_success 'the rep'"'"'s own change is not news to the rep' '
	cd n && n=$(wc -l <../sent) &&
	sed -i "s/^    due: 2026-12-21/    due: 2026-12-22/" handoffs/acme.md &&
	git add -A && GIT_AUTHOR_DATE=2026-11-22T09:00:00+09:00 GIT_COMMITTER_DATE=2026-11-22T09:00:00+09:00 \
		git commit -q -m "jane moves C1" -m "Handoff-Reason: customer asked" &&
	git handoff status --as-of 2026-11-23 --notify 2>err && cat err &&
	! grep -F "jane moves" ../sent &&
	test "$(grep -c material_change ../sent)" = 1
'

test_done
