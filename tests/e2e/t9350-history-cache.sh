#!/bin/sh
# The history cache in .git/handoff/: a run that reads it gives, byte for
# byte, what a run without it gives (and the answers' cache files it
# writes are the cold run's), after new commits, a rebase, a
# fetch, a clone deepened by --unshallow and a change of config; new
# commits are added to the file, which is made anew once a quarter of it
# is commits no longer reached; a cache file cut short, damaged or
# foreign is rebuilt, never read as a shorter answer.
. "$(dirname "$0")/lib.sh"

# late <id>: a record whose CS preparation is overdue after 2026-11-05
late() {
	example_as "$1" "- [x] Customer introduction sent" |
		sed -e "s/^- \[x\] CS internal preparation done/- [ ] CS internal preparation done/" \
		    -e "s/^- \[x\] Implementation kickoff/- [ ] Implementation kickoff/"
}

AS_OF=2026-11-06T12:00:00+09:00

# runs NAME: every history command's output and errors into NAME.*, as
# they come (from the cache when there is one); `cold NAME` the same
# with .git/handoff removed first
runs() {
	for c in score status report audit; do
		# audit has no --as-of: its answer does not move with the clock
		test $c = audit && when= || when="--as-of $AS_OF"
		git handoff $c $when --format json >"../$1.$c" 2>"../$1.$c.err"
		echo "exit $?" >>"../$1.$c"
	done
}
cold() {
	rm -rf .git/handoff && runs "$1"
}
same() {
	for c in score status report audit; do
		test_cmp "../$1.$c" "../$2.$c" && test_cmp "../$1.$c.err" "../$2.$c.err" || return 1
	done
}
# answers NAME: runs NAME, keeping each answer's cache file as the
# command that wrote it left it (score's, audit's) in ../NAME.<file>;
# `same_answers A B` says they are byte for byte alike: the parts kept
# from the cache before are copied as they were written
answers() {
	git handoff score --as-of $AS_OF --format json >/dev/null 2>&1
	cp .git/handoff/assessments "../$1.assessments" || return 1
	git handoff audit --format json >/dev/null 2>&1
	cp .git/handoff/audit "../$1.audit-cache" || return 1
}
same_answers() {
	for f in assessments audit-cache; do
		cmp "../$1.$f" "../$2.$f" || return 1
	done
}

test_expect_success 'setup: ten records over thirty commits' '
	test_repo r && cd r && i=0 &&
	while [ $i -lt 10 ]; do
		i=$((i + 1)) && example_as D-$i >handoffs/D-$i.md || return 1
	done &&
	late D-10 >handoffs/D-10.md &&
	git add -A && commit_by jane@vendor.example "Jane Doe" 2026-11-02T20:00:00+09:00 "handoffs" &&
	i=0 && while [ $i -lt 29 ]; do
		i=$((i + 1)) && n=$((i % 9 + 1)) &&
		echo "Follow-up $i." >>handoffs/D-$n.md && git add -A &&
		commit_by jane@vendor.example "Jane Doe" 2026-11-03T0$((i % 10)):00:00+09:00 "edit $i" || return 1
	done &&
	runs warm0 && test -s .git/handoff/history && test -s .git/handoff/assessments &&
	cold cold0 && same warm0 cold0
'

test_expect_success 'after 1 and after 12 new commits: the same as a cold run' '
	cd r && runs before &&
	example_as D-3 "- [x] Customer introduction sent" >handoffs/D-3.md && git add -A &&
	commit_by sam@vendor.example "Sam Lee" 2026-11-04T10:00:00+09:00 "intro" &&
	answers warm1 && runs warm1 && rm -rf .git/handoff && answers cold1 && cold cold1 &&
	same warm1 cold1 && same_answers warm1 cold1 && ! cmp -s ../before.score ../warm1.score &&
	i=0 && while [ $i -lt 12 ]; do
		i=$((i + 1)) && echo "More $i." >>handoffs/D-$((i % 5 + 1)).md && git add -A &&
		commit_by jane@vendor.example "Jane Doe" 2026-11-04T1$((i % 10)):00:00+09:00 "more $i" || return 1
	done &&
	answers warm12 && runs warm12 && rm -rf .git/handoff && answers cold12 &&
	cold cold12 && same warm12 cold12 && same_answers warm12 cold12 &&
	sed -i "s/^  acv: /  acv: 1/" handoffs/D-2.md && git add -A &&
	commit_by jane@vendor.example "Jane Doe" 2026-11-04T20:00:00+09:00 "acv" &&
	runs warm13 && grep -F "\"pointer\":\"/contract/acv\"" ../warm13.audit &&
	cold cold13 && same warm13 cold13
'

test_expect_success 'a record renamed and one deleted: the same as a cold run' '
	cd r && runs fill && git mv handoffs/D-4.md handoffs/D-4-renamed.md &&
	git rm -q handoffs/D-5.md &&
	commit_by jane@vendor.example "Jane Doe" 2026-11-04T21:00:00+09:00 "rename, delete" &&
	runs warm && cold cold && same warm cold
'

test_expect_success 'after a rebase that rewrites old commits: the same as a cold run' '
	cd r && runs fill && base=$(git rev-list HEAD | sed -n 8p) &&
	git checkout -q -b side $base~1 && echo "Side note." >>handoffs/D-7.md && git add -A &&
	commit_by sam@vendor.example "Sam Lee" 2026-11-03T09:30:00+09:00 "side" &&
	git checkout -q main &&
	GIT_COMMITTER_DATE=2026-11-05T08:00:00+09:00 git -c core.hooksPath=/dev/null rebase -q side &&
	runs warm && cold cold && same warm cold
'

test_expect_success 'after a merge and after a fetch: the same as a cold run' '
	cd r && git checkout -q -b topic HEAD~2 && echo "Topic." >>handoffs/D-8.md && git add -A &&
	commit_by sam@vendor.example "Sam Lee" 2026-11-05T09:00:00+09:00 "topic" && git checkout -q main &&
	GIT_AUTHOR_DATE=2026-11-05T10:00:00+09:00 GIT_COMMITTER_DATE=2026-11-05T10:00:00+09:00 \
		git -c core.hooksPath=/dev/null merge -q --no-edit topic &&
	runs warm && cold cold && same warm cold &&
	cd .. && git clone -q r f && cd f && runs fill &&
	cd ../r && echo "Upstream." >>handoffs/D-9.md && git add -A &&
	commit_by jane@vendor.example "Jane Doe" 2026-11-05T11:00:00+09:00 "upstream" &&
	cd ../f && git pull -q --ff-only && runs warm && cold cold && same warm cold
'

test_expect_success 'a clone deepened by fetch --unshallow does not keep its shallow answers' '
	git clone -q --depth 3 "file://$WORKDIR/r" s && cd s &&
	test -f .git/shallow && git handoff score >../shallow 2>&1 &&
	grep "history truncated" ../shallow &&
	git fetch -q --unshallow && runs warm && cold cold && same warm cold &&
	git handoff score >../deep 2>&1 && ! grep "history truncated" ../deep
'

test_expect_success 'a change of config: the answers follow, the history cache stays' '
	cd r && runs fill && cp .git/handoff/history ../history.before &&
	sed -i "/sam@vendor.example/d" .handoff/config.yaml &&
	runs warm && cmp .git/handoff/history ../history.before &&
	! cmp -s ../fill.score ../warm.score && cold cold && same warm cold &&
	git checkout -q .handoff/config.yaml
'

test_expect_success 'new commits are added to the history cache, which is made anew once a quarter of it is left behind' '
	cd r && runs fill && cp .git/handoff/history ../history.before &&
	echo "Once more." >>handoffs/D-1.md && git add -A &&
	commit_by jane@vendor.example "Jane Doe" 2026-11-05T13:00:00+09:00 "once more" &&
	runs warm && sed "\$d" ../history.before >../body.before &&
	head -c $(wc -c <../body.before) .git/handoff/history | cmp - ../body.before &&
	echo $(($(grep -c "^C" ../history.before) + 1)) >../expect &&
	grep -c "^C" .git/handoff/history >../actual && test_cmp ../expect ../actual &&
	cold cold && same warm cold &&
	git checkout -q -b short HEAD~12 && echo "Elsewhere." >>handoffs/D-2.md && git add -A &&
	commit_by jane@vendor.example "Jane Doe" 2026-11-05T14:00:00+09:00 "elsewhere" &&
	runs short && git rev-list --count HEAD >../expect &&
	grep -c "^C" .git/handoff/history >../actual && test_cmp ../expect ../actual &&
	cold cold && same short cold &&
	git checkout -q main && runs back &&
	echo $(($(git rev-list --count HEAD) + 1)) >../expect &&
	grep -c "^C" .git/handoff/history >../actual && test_cmp ../expect ../actual &&
	cold cold && same back cold
'

test_expect_success 'a cache cut at a line boundary is rebuilt: a breach stays red' '
	cd r && git handoff status --as-of $AS_OF --fail-on-breach >../breach; test $? = 1 &&
	grep "overdue" ../breach &&
	for f in assessments history audit; do
		n=$(wc -l <.git/handoff/$f) &&
		head -n $((n - 2)) .git/handoff/$f >../cut && cp ../cut .git/handoff/$f &&
		git handoff status --as-of $AS_OF --fail-on-breach >../out; test $? = 1 &&
		test_cmp ../breach ../out || return 1
	done
'

test_expect_success 'a damaged, a foreign and an old-format cache file are rebuilt' '
	cd r && runs fill &&
	for f in assessments history audit; do
		cp .git/handoff/$f ../saved &&
		sed -i "3s/./#/" .git/handoff/$f && runs damaged && same fill damaged &&
		printf "git-handoff assessments 7\tkey\nN\tcommitter\t\\\\-\n" >.git/handoff/$f &&
		runs old && same fill old &&
		printf "not a cache at all\n" >.git/handoff/$f && runs foreign && same fill foreign &&
		: >.git/handoff/$f && runs empty && same fill empty || return 1
	done
'

test_expect_success 'a cache that cannot be written is no error' '
	cd r && runs fill && rm -rf .git/handoff && : >.git/handoff &&
	echo more >>handoffs/D-1.md && git add -A &&
	commit_by jane@vendor.example "Jane Doe" 2026-11-05T12:00:00+09:00 "more" &&
	runs blocked && rm .git/handoff && cold cold && same blocked cold
'

test_done
