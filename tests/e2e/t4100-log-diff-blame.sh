#!/bin/sh
# log, diff and blame: changes of meaning with their authors and dates, on
# repositories built with fixed dates and authors.
. "$(dirname "$0")/lib.sh"

record() {
	cat <<-EOF2
	---
	kind: deal-handoff
	id: D-2026-0500
	segment: enterprise
	contract: {acv: $1, currency: USD}
	commitments:
	  - {id: C1, text: SSO with Okta, due: 2026-12-15}
	  - {id: C2, text: Weekly syncs, due: $2}
	  - {id: C3, text: Training, due: 2027-02-01}
	---
	## Customer Overview
	Acme ships parcels across Japan.
	## Handoff Checklist
	- [ ] Customer introduction sent
	EOF2
}

test_expect_success 'a record written, renamed twice, edited by three people' '
	test_repo r && cd r &&
	record 150000 2027-01-31 >handoffs/acme.md && git add -A &&
	commit_by jane@vendor.example "Jane Doe" "2026-11-02T10:00:00+09:00" "start" &&
	git mv handoffs/acme.md handoffs/acme-logistics.md &&
	sed -i "s/acv: 150000/acv: 160000/" handoffs/acme-logistics.md && git add -A &&
	commit_by omar@vendor.example "Omar Haddad" "2026-11-03T09:00:00-05:00" "rename, raise acv" &&
	git mv handoffs/acme-logistics.md handoffs/D-2026-0500.md &&
	sed -i "s/- \[ \] Customer/- [x] Customer/" handoffs/D-2026-0500.md && git add -A &&
	commit_by sam@vendor.example "Sam Lee" "2026-11-04T12:30:00+05:30" "rename again, intro sent"
'

test_expect_success 'log follows both renames, newest first, with the right authors' '
	cd r && git handoff log handoffs/D-2026-0500.md >out &&
	grep "Sam Lee <sam@vendor.example>  2026-11-04T12:30:00+05:30  handoffs/D-2026-0500.md" out &&
	grep "Omar Haddad <omar@vendor.example>  2026-11-03T09:00:00-05:00  handoffs/acme-logistics.md" out &&
	grep "Jane Doe <jane@vendor.example>  2026-11-02T10:00:00+09:00  handoffs/acme.md" out &&
	grep "~ /contract/acv: 150000 -> 160000  \[material\]" out &&
	grep "~ /checklist/Customer introduction sent: false -> true" out &&
	sam=$(grep -n "Sam Lee" out | cut -d: -f1) && jane=$(grep -n "Jane Doe" out | cut -d: -f1) &&
	test "$sam" -lt "$jane"
'

test_expect_success 'log as JSON follows the contract' '
	cd r && git handoff log --format json handoffs/D-2026-0500.md >out &&
	head -c 24 out | grep -F "{\"version\":1,\"changes\":[" &&
	grep -F "\"pointer\":\"/contract/acv\",\"op\":\"change\",\"old\":150000,\"new\":160000,\"material\":true" out &&
	grep -F "\"author\":\"Omar Haddad\",\"email\":\"omar@vendor.example\",\"time\":\"2026-11-03T09:00:00-05:00\"" out
'

test_expect_success 'a reordered list with one changed due date is one change' '
	cd r && record 160000 2027-02-28 | sed "s/- \[ \] Customer/- [x] Customer/" |
		awk "/id: C1/ { c1 = \$0; next } /id: C3/ { print; print c1; next } { print }" \
		>handoffs/D-2026-0500.md &&
	grep -n "id: C" handoffs/D-2026-0500.md | head -1 | grep C2 &&
	git add -A && commit_by sam@vendor.example "Sam Lee" "2026-11-20T09:45:00+09:00" "move C2" &&
	git handoff diff HEAD~1 HEAD >out &&
	cat out &&
	test $(grep -c "^  [-+~] " out) = 1 &&
	grep "~ /commitments/C2/due: \"2027-01-31\" -> \"2027-02-28\"  \[material\]" out &&
	git handoff diff --format json HEAD~1..HEAD >json &&
	grep -F "\"pointer\":\"/commitments/C2/due\",\"op\":\"change\",\"old\":\"2027-01-31\",\"new\":\"2027-02-28\",\"material\":true" json
'

test_expect_success 'diff without revisions: the work tree, and --cached: the index' '
	cd r && sed -i "s/text: Training/text: Onsite training/" handoffs/D-2026-0500.md &&
	git handoff diff >out && grep "~ /commitments/C3/text" out &&
	git handoff diff --cached >out && test ! -s out &&
	git add -A && git handoff diff --cached >out && grep "C3/text" out &&
	git reset -q --hard
'

test_expect_success 'formatting-only edits are no change' '
	cd r && sed -i "s/currency: USD/currency: \"USD\"/" handoffs/D-2026-0500.md &&
	printf "# a comment\n" >>handoffs/D-2026-0500.md &&
	git handoff diff >out && ! grep "/contract" out &&
	git reset -q --hard
'

test_expect_success 'blame names who last set each field' '
	cd r && git handoff blame handoffs/D-2026-0500.md >out &&
	grep "Sam Lee .*/commitments/C2/due = \"2027-02-28\"" out &&
	grep "Omar Haddad .*/contract/acv = 160000" out &&
	grep "Jane Doe .*/commitments/C1/due = \"2026-12-15\"" out &&
	grep "Sam Lee .*/checklist/Customer introduction sent = true" out
'

test_expect_success '--date=relative and --date=local' '
	cd r && git handoff log --date relative handoffs/D-2026-0500.md >out &&
	grep " ago  handoffs/" out &&
	TZ=UTC git handoff log --date local handoffs/D-2026-0500.md >out &&
	grep "2026-11-20T00:45:00+00:00" out
'

test_expect_success 'deleted and re-created: one history' '
	cd r && git rm -q handoffs/D-2026-0500.md &&
	commit_by kim@vendor.example "Kim Park" "2026-11-21T10:00:00+09:00" "drop" &&
	git checkout -q HEAD~1 -- handoffs/D-2026-0500.md &&
	commit_by kim@vendor.example "Kim Park" "2026-11-22T10:00:00+09:00" "restore" &&
	git handoff log handoffs/D-2026-0500.md >out &&
	test $(grep -c "^commit " out) -ge 6 && grep "Jane Doe" out
'

test_expect_success 'a merge: a change counted once, where it entered; --first-parent' '
	cd r && git checkout -q -b side &&
	sed -i "s/due: 2027-02-01/due: 2027-03-01/" handoffs/D-2026-0500.md && git add -A &&
	commit_by omar@vendor.example "Omar Haddad" "2026-11-23T10:00:00-05:00" "side: C3 later" &&
	git checkout -q main &&
	GIT_AUTHOR_DATE="2026-11-24T10:00:00+09:00" GIT_COMMITTER_DATE="2026-11-24T10:00:00+09:00" \
		git -c core.hooksPath=/dev/null merge -q --no-ff -m "merge side" side &&
	git handoff log --format json handoffs/D-2026-0500.md >out &&
	test $(grep -o "\"pointer\":\"/commitments/C3/due\"" out | wc -l) = 1 &&
	grep -F "\"author\":\"Omar Haddad\",\"email\":\"omar@vendor.example\",\"time\":\"2026-11-23T10:00:00-05:00\",\"pointer\":\"/commitments/C3/due\"" out &&
	git handoff log --first-parent --format json handoffs/D-2026-0500.md >fp &&
	grep -F "\"time\":\"2026-11-24T10:00:00+09:00\",\"pointer\":\"/commitments/C3/due\"" fp
'

test_expect_success 'a shallow clone: a warning, and the history that is there' '
	git clone -q --depth 2 "file://$(pwd)/r" shallow && cd shallow &&
	git handoff log handoffs/D-2026-0500.md >out 2>err &&
	grep "shallow" err && grep "^commit " out
'

test_expect_success 'a backdated meeting and checklist date are warnings; honest ones are not' '
	test_repo b && cd b &&
	record 1 2027-01-31 >handoffs/b.md && git add -A &&
	commit_by jane@vendor.example "Jane Doe" "2026-11-02T10:00:00+09:00" "start" &&
	sed -i "s/^commitments:/meeting: {held: \"2026-11-03T10:00:00+09:00\"}\ncommitments:/" handoffs/b.md &&
	git add -A && commit_by jane@vendor.example "Jane Doe" "2026-11-03T18:00:00+09:00" "honest meeting" &&
	sed -i "s/- \[ \] Customer introduction sent/- [x] Customer introduction sent (2026-11-04)/" handoffs/b.md &&
	git add -A && commit_by jane@vendor.example "Jane Doe" "2026-11-05T09:00:00+09:00" "honest intro" &&
	git handoff log handoffs/b.md >out 2>err && test ! -s err &&
	sed -i "s/2026-11-03T10:00:00+09:00/2026-11-01T10:00:00+09:00/" handoffs/b.md &&
	printf -- "- [x] Kickoff held (2026-11-02)\n" >>handoffs/b.md &&
	git add -A && commit_by jane@vendor.example "Jane Doe" "2026-11-09T09:00:00+09:00" "late" &&
	git handoff log handoffs/b.md >out 2>err &&
	grep "warning: handoffs/b.md: /meeting/held is backdated: it claims 2026-11-01T01:00:00+00:00, 191 h before commit" err &&
	grep "warning: handoffs/b.md: /checklist/Kickoff held is backdated: it claims 2026-11-02T23:59:59+00:00" err &&
	test $(wc -l <err) = 2 &&
	git handoff log --format json handoffs/b.md >json &&
	grep -F "\"warnings\":[\"handoffs/b.md: /meeting/held is backdated" json
'

test_expect_success 'a commit dated before its parent is reported' '
	cd b && echo >>handoffs/b.md && git add -A &&
	commit_by jane@vendor.example "Jane Doe" "2026-10-01T09:00:00+09:00" "clock turned back" &&
	git handoff log handoffs/b.md 2>err >/dev/null &&
	grep "warning: .*older than its parent" err
'

test_expect_success 'a record no commit ever held' '
	cd r && test_expect_code 2 git handoff log handoffs/nope.md 2>err &&
	grep "no commit" err
'

test_done
