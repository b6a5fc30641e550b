#!/bin/sh
# accept|reject|revise --commit decide on the record as committed: a
# record with changes of its own (staged or not) or not committed at all
# is refused, and the commit holds that one file, named literally (a name
# with glob characters takes no other record along).
. "$(dirname "$0")/lib.sh"

as_sam() {
	GIT_AUTHOR_NAME="Sam Lee" GIT_AUTHOR_EMAIL=sam@vendor.example \
	GIT_COMMITTER_NAME="Sam Lee" GIT_COMMITTER_EMAIL=sam@vendor.example "$@"
}

test_expect_success 'set-up: a pending record whose name is a pattern, and one it would match' '
	test_repo r && cd r &&
	sed "s/^  status: accepted/  status: pending/; /^  by: /d; /^  at: /d" \
		"$EXAMPLES/D-2026-0142-acme-logistics.md" >"handoffs/D-1?.md" &&
	sed "s/^id: D-2026-0142/id: D-2026-0143/" "handoffs/D-1?.md" >handoffs/D-12.md &&
	git add -A && test_tick && git -c core.hooksPath=/dev/null commit -q -m "two records"
'

test_expect_success 'an unstaged change of the record is refused, nothing written' '
	cd r && sed -i "s/^  go_live: .*/  go_live: 2027-03-01/" "handoffs/D-1?.md" &&
	cp "handoffs/D-1?.md" ../edited && head=$(git rev-parse HEAD) &&
	as_sam test_expect_code 1 git handoff accept "handoffs/D-1?.md" --commit 2>../err &&
	grep "handoffs/D-1?.md has changes that are not committed" ../err &&
	cmp "handoffs/D-1?.md" ../edited && test "$(git rev-parse HEAD)" = "$head" &&
	git checkout -q -- "handoffs/D-1?.md"
'

test_expect_success 'a staged change of the record is refused too' '
	cd r && sed -i "s/^  go_live: .*/  go_live: 2027-03-01/" "handoffs/D-1?.md" &&
	git add -- "handoffs/D-1?.md" && git show HEAD:"handoffs/D-1?.md" >"handoffs/D-1?.md" &&
	as_sam test_expect_code 1 git handoff accept "handoffs/D-1?.md" --commit 2>../err &&
	grep "has changes that are not committed" ../err &&
	git reset -q -- "handoffs/D-1?.md"
'

test_expect_success 'a record never committed is refused' '
	cd r && cp "handoffs/D-1?.md" handoffs/new.md &&
	sed -i "s/^id: D-2026-0142/id: D-2026-0199/" handoffs/new.md &&
	as_sam test_expect_code 1 git handoff accept handoffs/new.md --commit 2>../err &&
	grep "handoffs/new.md is not committed" ../err && rm handoffs/new.md
'

test_expect_success 'the decision commits that file alone, by its literal name' '
	cd r && sed -i "s/^  go_live: .*/  go_live: 2027-03-01/" handoffs/D-12.md &&
	as_sam git handoff accept "handoffs/D-1?.md" --commit &&
	git show --name-only --format= HEAD >../actual &&
	echo "handoffs/D-1?.md" >../expect && test_cmp ../expect ../actual &&
	git status --porcelain >../actual && echo " M handoffs/D-12.md" >../expect &&
	test_cmp ../expect ../actual
'

test_expect_success 'commit-msg: the advice adds the trailer to this commit, never --amend' '
	cd r && git checkout -q -- handoffs/D-12.md && git handoff init >/dev/null &&
	sed -i "s/^  acv: .*/  acv: 1/" "handoffs/D-1?.md" && git add -A &&
	test_tick && test_expect_code 1 as_sam git commit -q -m "smaller" 2>../err && cat ../err &&
	grep "git commit --trailer" ../err && ! grep -- "--amend" ../err
'

test_done
