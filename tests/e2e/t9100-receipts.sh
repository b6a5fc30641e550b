#!/bin/sh
# Receipts: the server's post-receive notes when it received each pushed
# commit (refs/notes/handoff), and timeliness is measured by that clock,
# not by the dates the client typed. Pushes go over file:// to a bare
# repository, so git runs its pre-receive and post-receive; REMOTE_USER
# plays the authenticated pusher and GIT_HANDOFF_NOW the server's clock.
# The contract is signed 2026-11-02T06:00:00Z: complete due 24 h later
# (15 points), the customer introduction 48 h later (5 points).
. "$(dirname "$0")/lib.sh"
T=$TRASH/t	# the repositories and scratch files
mkdir "$T"

SIGNED=1793599200	# 2026-11-02T06:00:00Z
at() { echo $((SIGNED + $1 * 3600)); }

# as <hours after signing> <message>: commit as Jane, dated then
as() {
	GIT_AUTHOR_DATE="@$(at "$1") +0000" GIT_COMMITTER_DATE="@$(at "$1") +0000" \
		git -c core.hooksPath=/dev/null commit -q -m "$2"
}

# push_at <hours after signing> <git push arguments>: the server's clock then
push_at() {
	h=$1 && shift &&
	GIT_HANDOFF_NOW=$(at "$h") REMOTE_USER=jane git push -q "$@"
}

# record <id> [intro]: the excellent example as <id>, not decided yet, the
# introduction's checklist line unticked unless given
record() {
	sed -e "s/^id: D-2026-0142/id: $1/" \
	    -e "s/^  status: accepted/  status: pending/" -e "/^  by: sam/d" -e "/^  at: 2026-11-04/d" \
	    -e "s/^- \[x\] Customer introduction sent.*/${2:-- [ ] Customer introduction sent}/" \
	    "$EXAMPLES/D-2026-0142-acme-logistics.md"
}

# board <file>: the status of D-5 and D-6 alone
board() {
	git handoff status |
	awk '/^D-/ { on = $1 == "D-5" || $1 == "D-6" } /^[^ D]/ { on = 0 } on' >"$T/$1"
}

# scores <file>: the score lines alone (the clock line says where times came from)
scores() {
	git handoff score >"$T/$1.all" && grep -v "^clock:" "$T/$1.all" >"$T/$1"
}

test_expect_success 'a server and a clone: init installs post-receive, the clone fetches receipts' '
	git init -q --bare "$T/srv.git" &&
	(cd "$T/srv.git" && git handoff init >"$T/out" && grep "installed hook.*post-receive" "$T/out") &&
	git clone -q "$T/srv.git" "$T/c" 2>/dev/null && cd "$T/c" &&
	git handoff init >"$T/out" && cat "$T/out" &&
	grep "fetches the server.s receipts (refs/notes/handoff) from origin" "$T/out" &&
	git config --get-all remote.origin.fetch >"$T/specs" &&
	grep -x "+refs/notes/handoff:refs/notes/handoff" "$T/specs" &&
	git handoff init >"$T/out" && grep "receipts already fetched from origin" "$T/out" &&
	test $(git config --get-all remote.origin.fetch | wc -l) = 2 &&
	cat >.handoff/config.yaml <<-CFG &&
	records: [handoffs/]
	people:
	  jane@vendor.example: {name: Jane Doe, roles: [sales, ops], team: east}
	  sam@vendor.example: {name: Sam Lee, roles: [cs], team: east}
	  kim@vendor.example: {name: Kim Park, roles: [cs_manager]}
	CFG
	git add -A && as -100 "config" && push_at -99 origin main
'

test_expect_success 'post-receive writes the receipt: server time, pusher, how known, ref, records' '
	cd "$T/c" &&
	record D-1 >handoffs/D-1.md && git add -A && as 5 "handoff" &&
	push_at 6 origin main 2>"$T/err" && cat "$T/err" &&
	grep "1 receipt written" "$T/err" &&
	git fetch -q origin &&
	git notes --ref=handoff show HEAD >"$T/note" && cat "$T/note" &&
	grep -x "received: 2026-11-02T12:00:00Z" "$T/note" &&
	grep -x "pusher: jane" "$T/note" && grep -x "via: REMOTE_USER" "$T/note" &&
	grep -x "ref: refs/heads/main" "$T/note" &&
	grep -x "record: $(git rev-parse HEAD:handoffs/D-1.md) 0000000000000000000000000000000000000000 handoffs/D-1.md" "$T/note" &&
	git notes --ref=handoff show HEAD^ | grep -x "received: 2026-10-29T03:00:00Z"
'

test_expect_success 'without an authenticated pusher the receipt says so' '
	cd "$T/c" && git checkout -q -b solo &&
	echo x >handoffs/notes.txt && git add -A && as 7 "notes" &&
	GIT_HANDOFF_NOW=$(at 7) git push -q origin solo 2>/dev/null &&
	git fetch -q origin && git notes --ref=handoff show HEAD >"$T/note" &&
	grep -x "pusher: unknown" "$T/note" && grep -x "via: none" "$T/note" &&
	! grep "^record:" "$T/note" && git checkout -q main
'

test_expect_success 'timely by its own dates, late by the server clock: scored by the receipt and flagged' '
	cd "$T/c" &&
	record D-2 >handoffs/D-2.md && git add -A && as 5 "handoff D-2" &&
	git handoff score >"$T/out" && grep -E "D-2  95/100  excellent$" "$T/out" &&
	push_at 30 origin main && git fetch -q origin &&
	git handoff score --explain >"$T/out" && cat "$T/out" &&
	grep -E "^handoffs/D-2.md  D-2  80/100  good$" "$T/out" &&
	grep -E "Handoff within SLA +0 / 15 .*late by 6h 0m" "$T/out" &&
	grep -x "clock: server receipts" "$T/out" &&
	grep "warning: handoffs/D-2.md: commit .* is dated 2026-11-02T11:00:00+00:00, 1d 1h before the server received it at 2026-11-03T12:00:00+00:00 (backdated commit)" "$T/out" &&
	git handoff status >"$T/status" && cat "$T/status" &&
	grep "(clock: server receipts)" "$T/status" && grep "(backdated commit)" "$T/status" &&
	test_expect_code 1 git handoff audit >"$T/audit" && cat "$T/audit" &&
	grep "^signal backdated-commit: handoffs/D-2.md: commit" "$T/audit" &&
	grep -x "clock: server receipts" "$T/audit" &&
	git handoff audit --format json | grep -F "\"clock_source\":{\"label\":\"server receipts\"" &&
	git handoff score --format json | grep -F "\"clock\":\"committer\",\"clock_source\":{\"label\":\"server receipts\",\"receipts\":" &&
	git handoff report | grep -x "clock: server receipts" &&
	git handoff review handoffs/D-2.md | grep -x "clock: server receipts" &&
	git handoff review --format json handoffs/D-2.md | grep -F "\"clock_source\":{\"label\":\"server receipts\""
'

test_expect_success 'the same history without the receipts: commit dates, self-asserted' '
	git clone -q "$T/c" "$T/copy" && cd "$T/copy" &&
	git handoff score --explain >"$T/out" && cat "$T/out" &&
	grep -E "^handoffs/D-2.md  D-2  95/100  excellent$" "$T/out" &&
	grep -x "clock: commit dates (self-asserted, committer time)" "$T/out" &&
	git handoff status | grep "(clock: commit dates (self-asserted, committer time))"
'

test_expect_success 'notes that are not receipts are no receipts, never an error' '
	cd "$T/copy" &&
	head -c 3000 /dev/urandom >"$T/noise" &&
	git notes --ref=handoff add -F "$T/noise" HEAD &&
	printf "received: soon\nrecord: zz\nrecord: %080d x.md\n" 0 >"$T/bad" &&
	git notes --ref=handoff add -F "$T/bad" HEAD^ &&
	git handoff score >"$T/out" && cat "$T/out" &&
	grep -E "^handoffs/D-2.md  D-2  95/100  excellent$" "$T/out" &&
	grep -x "clock: commit dates (self-asserted, committer time)" "$T/out"
'

test_expect_success 'a commit dated after its receipt is flagged future-dated' '
	cd "$T/c" &&
	record D-3 >handoffs/D-3.md && git add -A && as 200 "from the future" &&
	push_at 40 origin main && git fetch -q origin &&
	test_expect_code 1 git handoff audit >"$T/audit" && cat "$T/audit" &&
	grep "^signal future-dated: handoffs/D-3.md: commit .* is dated 2026-11-10T14:00:00+00:00, 6d 16h after the server received it" "$T/audit" &&
	git handoff status | grep "(future-dated)" &&
	# the signals of the receipts read back from the audit cache as found
	test_expect_code 1 git handoff audit --format json >"$T/audit.warm" &&
	grep -F "\"type\":\"backdated-commit\"" "$T/audit.warm" &&
	grep -F "\"type\":\"future-dated\"" "$T/audit.warm" &&
	rm -rf .git/handoff && test_expect_code 1 git handoff audit --format json >"$T/audit.cold" &&
	test_cmp "$T/audit.cold" "$T/audit.warm"
'

test_expect_success 'a client cannot write receipts: a push to refs/notes/handoff is refused' '
	cd "$T/c" &&
	git -C "$T/srv.git" rev-parse refs/notes/handoff >"$T/before" &&
	git notes --ref=handoff add -f -m "received: 2020-01-01T00:00:00Z" HEAD &&
	test_expect_code 1 git push origin +refs/notes/handoff 2>"$T/err" && cat "$T/err" &&
	grep "push refused: refs/notes/handoff holds the server.s receipts" "$T/err" &&
	git -C "$T/srv.git" rev-parse refs/notes/handoff >"$T/after" &&
	test_cmp "$T/before" "$T/after" &&
	git fetch -q origin && git notes --ref=handoff show HEAD | grep -x "received: 2026-11-03T22:00:00Z"
'

test_expect_success 'a commit keeps its first receipt when pushed to another branch later' '
	cd "$T/c" &&
	git notes --ref=handoff show HEAD >"$T/first" &&
	push_at 90 origin HEAD:refs/heads/later 2>"$T/err" &&
	! grep "receipt" "$T/err" &&
	git tag -a -m "a tag" v1 && git tag tree-tag HEAD^{tree} &&
	push_at 91 origin v1 tree-tag 2>"$T/err" && ! grep "receipt\|error" "$T/err" &&
	git fetch -q origin && git notes --ref=handoff show HEAD >"$T/again" &&
	test_cmp "$T/first" "$T/again"
'

test_expect_success 'a squash merge keeps the branch score' '
	cd "$T/c" && git checkout -q -b h/D-5 &&
	record D-5 >handoffs/D-5.md && git add -A && as 5 "handoff D-5" &&
	push_at 5 origin h/D-5 &&
	record D-5 "- [x] Customer introduction sent" >handoffs/D-5.md && git add -A &&
	as 25 "intro" && push_at 26 origin h/D-5 && git fetch -q origin &&
	scores branch && cat "$T/branch.all" && grep -E "D-5  100/100  excellent$" "$T/branch" &&
	board board.branch && grep "^D-5" "$T/board.branch" &&
	git checkout -q main && git merge -q --squash h/D-5 && as 120 "D-5 (squashed)" &&
	push_at 121 origin main && git fetch -q origin &&
	scores squashed && cat "$T/squashed.all" &&
	grep -x "clock: server receipts" "$T/squashed.all" &&
	grep "D-5" "$T/branch" >"$T/b" && grep "D-5" "$T/squashed" >"$T/s" && test_cmp "$T/b" "$T/s" &&
	board board.squashed && test_cmp "$T/board.branch" "$T/board.squashed"
'

test_expect_success 'a rebase merge keeps the branch score' '
	cd "$T/c" && git checkout -q -b h/D-6 HEAD~1 &&
	record D-6 >handoffs/D-6.md && git add -A && as 5 "handoff D-6" &&
	push_at 5 origin h/D-6 &&
	record D-6 "- [x] Customer introduction sent" >handoffs/D-6.md && git add -A &&
	as 25 "intro" && push_at 26 origin h/D-6 && git fetch -q origin &&
	scores branch && grep -E "D-6  100/100  excellent$" "$T/branch" &&
	GIT_COMMITTER_DATE="@$(at 130) +0000" git -c core.hooksPath=/dev/null rebase -q main &&
	git checkout -q main && git merge -q --ff-only h/D-6 &&
	push_at 131 origin main && git fetch -q origin &&
	scores rebased && cat "$T/rebased.all" &&
	grep "D-6" "$T/branch" >"$T/b" && grep "D-6" "$T/rebased" >"$T/r" && test_cmp "$T/b" "$T/r"
'

test_expect_success 'concurrent pushes: every commit gets its receipt, none is lost' '
	cd "$T/c" &&
	for b in p1 p2 p3 p4; do
		git checkout -q -b $b main && echo $b >handoffs/$b.txt && git add -A &&
		as 140 "$b" || return 1
	done &&
	git checkout -q main &&
	for b in p1 p2 p3 p4; do
		push_at 141 origin $b 2>"$T/err.$b" &
	done &&
	wait && cat "$T"/err.p* &&
	git fetch -q origin &&
	for b in p1 p2 p3 p4; do
		git notes --ref=handoff show $b | grep -x "ref: refs/heads/$b" || return 1
	done
'

test_expect_success 'a fresh clone that fetches the notes: the same score, status and audit' '
	cd "$T/c" && git handoff status | grep -v "open handoff" >"$T/status.c" &&
	scores score.c && test_expect_code 1 git handoff audit >"$T/audit.c" &&
	git clone -q "$T/srv.git" "$T/d" && cd "$T/d" &&
	git handoff init >/dev/null && git fetch -q origin &&
	git rev-parse --verify -q refs/notes/handoff &&
	git handoff status | grep -v "open handoff" >"$T/status.d" &&
	scores score.d && test_expect_code 1 git handoff audit >"$T/audit.d" &&
	test_cmp "$T/score.c.all" "$T/score.d.all" &&
	test_cmp "$T/status.c" "$T/status.d" &&
	test_cmp "$T/audit.c" "$T/audit.d"
'

test_done
