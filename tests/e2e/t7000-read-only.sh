#!/bin/sh
# Nothing lost: every command that only reads leaves the work tree, the
# index, the refs and the objects byte for byte as they were. The one
# thing they may write is their cache, .git/handoff/.
. "$(dirname "$0")/lib.sh"

# hash: every file of the repository but the cache
hash() {
	find . -path ./.git/handoff -prune -o -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum
}

test_expect_success 'set-up: the demo repository, with a staged change and an untracked file' '
	sh "$EXAMPLES/demo-repo.sh" r >/dev/null 2>&1 && cd r &&
	sed -i "s/^  acv: 150000/  acv: 150001/" handoffs/D-2026-0142.md && git add handoffs/D-2026-0142.md &&
	echo "draft" >handoffs/notes.txt
'

test_expect_success 'every read-only command leaves the repository as it was' '
	cd r && before=$(hash) && base=$(git rev-list --max-parents=0 HEAD) &&
	for cmd in "validate" "validate --staged" "validate --rev HEAD" "validate --range $base..HEAD" \
	    "validate --format sarif" "score" "score --explain --format json" "status" \
	    "status --as-of 2026-11-06 --format json" "report --by team --format csv" \
	    "report --format html" "export --format csv" "log handoffs/D-2026-0142.md" \
	    "diff HEAD~3 HEAD" "diff --cached" "blame handoffs/D-2026-0142.md" \
	    "review handoffs/D-2026-0142.md --base $base --format markdown" "audit --format json" \
	    "schema show deal-handoff" "schema list" "hook commit-msg /dev/null"; do
		git handoff $cmd >/dev/null 2>&1
		test $? -le 1 || { echo "exit $? from: $cmd"; return 1; }
		test "$before" = "$(hash)" || { echo "changed by: $cmd"; return 1; }
	done
'

test_expect_success 'a cache that cannot be written is no error' '
	cd r && ls .git/handoff >/dev/null && git handoff score >expected &&
	rm -r .git/handoff && echo "not a folder" >.git/handoff &&
	git handoff score >got && test_cmp expected got && git handoff status >/dev/null &&
	test "$(cat .git/handoff)" = "not a folder" && rm .git/handoff
'

test_expect_success 'a reader that stops early: no noise, no half-written cache' '
	cd r && rm -rf .git/handoff &&
	{ git handoff audit --format json 2>../err; echo $? >../status; } | head -c 10 >/dev/null &&
	! grep -i "broken pipe" ../err && { test "$(cat ../status)" -le 2 || test "$(cat ../status)" = 141; } &&
	{ git handoff report --format json 2>../err; } | head -c 10 >/dev/null &&
	! grep -i "broken pipe" ../err && git handoff report --format json >/dev/null
'

test_expect_success 'a path that starts with a dash, after --' '
	cd r && cp handoffs/D-2026-0142.md ./-odd.md && sed -i "s/^id: D-2026-0142/id: D-2026-0999/" ./-odd.md &&
	git handoff validate -- -odd.md && rm ./-odd.md
'

test_done
