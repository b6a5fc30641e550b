#!/bin/sh
# accept, reject, revise: the acceptance block is rewritten and every
# other byte of the file stays (CRLF, comments, quoting, order); only CS
# decides; an invalid handoff cannot be accepted; --commit commits the
# record alone with a Handoff-Decision trailer, through git's own hooks.
. "$(dirname "$0")/lib.sh"

# without_block <file>: the file less its acceptance block
without_block() {
	awk '/^acceptance:/ { skip = 1; next } skip && /^[^ \t#\r]/ { skip = 0 } !skip' "$1"
}

# block <file>: the acceptance block alone
block() {
	awk '/^acceptance:/ { skip = 1 } skip && /^[^ \t#\r]/ && !/^acceptance:/ { skip = 0 } skip' "$1"
}

test_expect_success 'set-up: a CRLF record with comments, committed' '
	test_repo r && cd r &&
	sed -e "s/^  status: accepted/  status: pending   # CS has not looked yet/" \
	    -e "s/^segment: enterprise/segment: '\''enterprise'\''  # as in the CRM/" \
	    -e "s/\$/\r/" "$EXAMPLES/D-2026-0142-acme-logistics.md" >handoffs/acme.md &&
	grep -q "pending   # CS" handoffs/acme.md && grep -q "'\''enterprise'\''  # as in" handoffs/acme.md &&
	git add -A && test_tick && git commit -q -m "acme" && cp handoffs/acme.md ../before.md
'

test_expect_success 'a rep cannot decide; a rejection needs a gap' '
	cd r && test_expect_code 1 git handoff accept handoffs/acme.md 2>err &&
	grep "jane@vendor.example has no cs or cs_manager role" err &&
	GIT_AUTHOR_EMAIL=kim@vendor.example test_expect_code 1 git handoff reject handoffs/acme.md 2>err &&
	grep "say what is missing: --gap" err &&
	cmp handoffs/acme.md ../before.md
'

test_expect_success 'reject: only the acceptance block changes, in CRLF, gaps quoted' '
	cd r && GIT_AUTHOR_EMAIL=kim@vendor.example git handoff reject handoffs/acme.md \
		--gap "Economic buyer: not named" --gap "Say \"when\" for C2" &&
	without_block handoffs/acme.md >after.txt && without_block ../before.md >before.txt &&
	cmp before.txt after.txt &&
	block handoffs/acme.md | sed "s/at: [0-9T:+-]*/at: X/" >got &&
	printf "acceptance:\r\n  status: rejected\r\n  by: kim@vendor.example\r\n  at: X\r\n  gaps:\r\n    - \"Economic buyer: not named\"\r\n    - \"Say \\\\\"when\\\\\" for C2\"\r\n" >want &&
	cmp want got &&
	git handoff validate handoffs/acme.md 2>err
'

test_expect_success 'accept: by and at in the config zone; the file still validates' '
	cd r && printf "timezone: Asia/Tokyo\n" >>.handoff/config.yaml && git add -A &&
	test_tick && git commit -q -m tz &&
	GIT_AUTHOR_EMAIL=sam@vendor.example git handoff accept handoffs/acme.md &&
	block handoffs/acme.md >got && cat got &&
	grep "^  status: accepted.$" got && grep "^  by: sam@vendor.example.$" got &&
	grep "^  at: 20[0-9-]*T[0-9:]*+09:00.$" got && ! grep gaps got &&
	without_block handoffs/acme.md >after.txt && cmp before.txt after.txt &&
	git handoff validate handoffs/acme.md
'

test_expect_success 'a record without an acceptance block (a draft) gets one before the closing ---' '
	cd r && git checkout -q handoffs/acme.md &&
	awk "/^acceptance:/ { skip = 1; next } skip && /^[^ ]/ { skip = 0 } !skip" \
		handoffs/acme.md >handoffs/beta.md && sed -i "s/^id: D-2026-0142/id: D-2026-0143/" handoffs/beta.md &&
	cp handoffs/beta.md ../beta-before.md &&
	git handoff submit handoffs/beta.md &&
	without_block handoffs/beta.md >after.txt && without_block ../beta-before.md >before2.txt &&
	cmp before2.txt after.txt &&
	awk "/^---/ { n++; if (n == 2) { print prev; exit } } { prev = \$0 }" handoffs/beta.md >last &&
	grep "^  status: submitted.$" last
'

test_expect_success 'a handoff that does not validate cannot be accepted; the file is untouched' '
	cd r && sed -i "/^segment:/d" handoffs/beta.md && cp handoffs/beta.md ../beta-bad.md &&
	GIT_AUTHOR_EMAIL=kim@vendor.example test_expect_code 1 git handoff accept handoffs/beta.md 2>err &&
	cat err && grep "handoffs/beta.md:[0-9]*:[0-9]*: error: .*segment" err &&
	grep "does not validate; reject it with the gaps" err &&
	cmp handoffs/beta.md ../beta-bad.md && rm handoffs/beta.md
'

test_expect_success '--commit commits the record alone with the trailer, through the hooks' '
	cd r && git handoff init >/dev/null && echo "unrelated" >notes.txt && git add notes.txt &&
	test_tick &&
	GIT_AUTHOR_EMAIL=kim@vendor.example GIT_AUTHOR_NAME="Kim Park" \
		git handoff accept handoffs/acme.md --commit &&
	git log -1 --format=%B >msg && cat msg &&
	grep "^Accept handoff handoffs/acme.md$" msg && sed -n 3p msg | grep "^Handoff-Decision: accepted$" &&
	test "$(git log -1 --format=%ae)" = kim@vendor.example &&
	test "$(git show --name-only --format= HEAD)" = handoffs/acme.md &&
	git diff --cached --name-only | grep notes.txt
'

test_done
