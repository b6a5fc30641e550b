#!/bin/sh
# score --worktree and review --worktree: a record as it stands in the
# work tree, judged as if committed now, said in the output; the
# repository is left as it was (the work tree's blob is held in memory).
. "$(dirname "$0")/lib.sh"

test_expect_success 'set-up: a handoff committed without its churn risk' '
	test_repo r && cd r &&
	sed -e "/^churn_risk:/d" -e "s/^  status: accepted/  status: submitted/" \
		"$EXAMPLES/D-2026-0142-acme-logistics.md" >handoffs/acme.md &&
	git add -A && test_tick && git -c core.hooksPath=/dev/null commit -q -m handoff &&
	git handoff score handoffs/acme.md --as-of 2026-11-20 >committed && cat committed &&
	! grep "work tree" committed
'

test_expect_success 'score --worktree scores the fix before it is committed, and says so' '
	cd r &&
	awk "/^risks:/ && !done { print \"churn_risk: low\"; done = 1 } { print }" handoffs/acme.md >x &&
	mv x handoffs/acme.md &&
	test_tree_hash .git >../before &&
	git handoff score handoffs/acme.md --as-of 2026-11-20 >same && test_cmp committed same &&
	git handoff score --worktree handoffs/acme.md --as-of 2026-11-20 >out && cat out &&
	grep "^handoffs/acme.md  D-2026-0142  [0-9.]*/100.*  (work tree, not committed)$" out &&
	before=$(sed -n "1s|.*  \([0-9.]*\)/100.*|\1|p" committed) &&
	after=$(sed -n "1s|.*  \([0-9.]*\)/100.*|\1|p" out) &&
	test "$(echo "$after > $before" | bc)" = 1 &&
	git handoff score --worktree --format json --as-of 2026-11-20 >out.json &&
	python3 -c "import json; r = json.load(open(\"out.json\"))[\"records\"]; assert [x[\"worktree\"] for x in r] == [True], r" &&
	test_tree_hash .git >../after && test_cmp ../before ../after
'

test_expect_success 'a record never committed is scored from the work tree alone' '
	cd r && sed "s/^id: D-2026-0142/id: D-2026-0199/" handoffs/acme.md >handoffs/new.md &&
	test_expect_code 2 git handoff score handoffs/new.md 2>err && grep "no commit holds a record" err &&
	git handoff score --worktree handoffs/new.md >out && cat out &&
	grep "^handoffs/new.md  D-2026-0199 .*(work tree, not committed)$" out &&
	rm handoffs/new.md
'

test_expect_success 'review --worktree: the packet of the work tree version' '
	cd r && git handoff review handoffs/acme.md >committed.txt &&
	! grep "work tree" committed.txt &&
	git handoff review --worktree handoffs/acme.md >out && cat out &&
	grep "^As in the work tree, not committed" out &&
	git handoff review --worktree --format json handoffs/acme.md >out.json &&
	python3 -c "import json; assert json.load(open(\"out.json\"))[\"worktree\"] is True" &&
	test_expect_code 2 git handoff score --worktree --rev HEAD 2>err &&
	grep "not with --rev" err
'

test_done
