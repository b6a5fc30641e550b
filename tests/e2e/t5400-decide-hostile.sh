#!/bin/sh
# accept, reject, revise on records that used to be damaged or refused:
# U+2028, U+2029 and NEL in the front matter (line breaks to libyaml, not
# to YAML 1.2 nor to any editor), closing delimiters `...` and `---  `, a
# rewrite that would not read back (refused, nothing written), and the
# temporary files a killed writer leaves (never a record, cleaned).
. "$(dirname "$0")/lib.sh"

LS=$(printf '\342\200\250') PS=$(printf '\342\200\251') NEL=$(printf '\302\205')
GIT_AUTHOR_DATE="@1793606400 +0000"	# 2026-11-02T08:00:00+00:00
export GIT_AUTHOR_DATE
AT=2026-11-02T08:00:00+00:00

# parts <char> <ext> <id>: head, block, tail and end of a record whose quoted
# values hold <char>, its acceptance block in the middle (so that a slip
# eats the next key), and a value after it holding <char> too
parts() {
	ex="$EXAMPLES/D-2026-0142-acme-logistics.md"
	{
		test "$2" = md && echo "---"
		sed -n '2,/^contract:/p' "$ex" | sed '$d' |
			sed -e "s/^id: .*/id: $3/" -e "s/^  industry: .*/  industry: \"Logistics$1and warehousing\"/" \
			    -e "s/^  region: .*/  region: \"Japan$1(Kanto and Kansai)\"/"
	} >head
	printf 'acceptance:\n  status: pending   # not looked at yet\n' >block
	sed -n '/^contract:/,/^acceptance:/p' "$ex" | sed '$d' |
		sed "s/^  notes: .*/  notes: \"55 minutes;$1agenda covered\"/" >tail
	if test "$2" = md; then
		sed -n '/^acceptance:/,$p' "$ex" | sed -n '/^---$/,$p' >end
	else
		: >end
	fi
	grep -q "Logistics$1and" head && grep -q "minutes;$1agenda" tail
}

# new_block <status> [<gap>...]: the block the decision must write
new_block() {
	st=$1 && shift &&
	printf 'acceptance:\n  status: %s\n  by: kim@vendor.example\n  at: %s\n' "$st" "$AT" &&
	if test $# -gt 0; then
		echo "  gaps:" && for g; do printf '    - "%s"\n' "$g"; done
	fi
}

decide() {
	GIT_AUTHOR_EMAIL=kim@vendor.example git handoff "$@"
}

test_expect_success 'set-up' '
	test_repo r && cd r && git add -A && test_tick && git commit -q -m config
'

n=300
for c in LS PS NEL; do
	eval ch=\$$c
	for ext in yaml md; do
		n=$((n + 1))
		test_expect_success "$c in a .$ext record: reject, revise, accept rewrite only the block" '
			cd r && parts "$ch" '$ext' D-2026-0$n &&
			f=handoffs/'$c'.'$ext' && cat head block tail end >$f &&
			git handoff validate $f &&
			decide reject $f --gap "Economic buyer: not named" &&
			new_block rejected "Economic buyer: not named" >want-block &&
			cat head want-block tail end >expect && test_cmp expect $f &&
			git handoff validate $f &&
			decide revise $f --gap "no kickoff date" --gap "SSO owner?" &&
			new_block needs-revision "no kickoff date" "SSO owner?" >want-block &&
			cat head want-block tail end >expect && test_cmp expect $f &&
			git handoff validate $f &&
			decide accept $f &&
			new_block accepted >want-block &&
			cat head want-block tail end >expect && test_cmp expect $f &&
			git handoff validate $f &&
			test "$(grep -c "^acceptance:" $f)" = 1
		'
	done
done

test_expect_success 'a record with NEL in its values and no block (a draft) gets one before the delimiter' '
	cd r && parts "$NEL" md D-2026-0201 && f=handoffs/no-block.md &&
	cat head tail end >$f &&
	decide submit $f &&
	printf "acceptance:\n  status: submitted\n" >want-block &&
	cat head tail want-block end >expect && test_cmp expect $f &&
	git handoff validate $f
'

test_expect_success 'closing delimiters ... and "---  " are the ones the reader reads' '
	cd r && parts "" md D-2026-0202 && sed "1s/.*/.../" end >end-dots &&
	cat head block tail end-dots >handoffs/dots.md &&
	git handoff validate handoffs/dots.md &&
	decide reject handoffs/dots.md --gap "no sponsor" &&
	new_block rejected "no sponsor" >want-block &&
	cat head want-block tail end-dots >expect && test_cmp expect handoffs/dots.md &&
	git handoff validate handoffs/dots.md &&
	sed -i "s/^id: .*/id: D-2026-0203/" head &&
	sed "1s/.*/---  	/" end >end-spaces && sed "1s/.*/---   /" head >head-spaces &&
	cat head-spaces block tail end-spaces >handoffs/spaces.md &&
	git handoff validate handoffs/spaces.md &&
	decide accept handoffs/spaces.md &&
	new_block accepted >want-block &&
	cat head-spaces want-block tail end-spaces >expect && test_cmp expect handoffs/spaces.md
'

test_expect_success 'a .yaml draft ending in a ... marker gets its block before it' '
	cd r && parts "$PS" yaml D-2026-0204 &&
	printf "...\n# exported from the CRM\n" >end &&
	cat head tail end >handoffs/marker.yaml &&
	decide submit handoffs/marker.yaml &&
	printf "acceptance:\n  status: submitted\n" >want-block &&
	cat head tail want-block end >expect && test_cmp expect handoffs/marker.yaml &&
	git handoff validate handoffs/marker.yaml
'

test_expect_success 'a gap with LS, NEL, a tab or a quote reads back as itself' '
	cd r && parts "" yaml D-2026-0210 && f=handoffs/gap.yaml && cat head block tail end >$f &&
	decide reject $f --gap "a${LS}b${NEL}c	d\"e\\f" &&
	grep "^    - \"a\\\\Lb\\\\x85c\\\\x09d\\\\\"e\\\\\\\\f\"$" $f &&
	git handoff validate $f
'

test_expect_success 'an address that YAML would not read plain is quoted' '
	cd r && printf "  \"@odd\": {name: O, roles: [cs]}\n  \"%%pct@vendor.example\": {name: P, roles: [cs]}\n" \
		>>.handoff/config.yaml && git add -A && test_tick && git commit -q -m people &&
	parts "" yaml D-2026-0211 && f=handoffs/by.yaml && cat head block tail end >$f &&
	GIT_AUTHOR_EMAIL=@odd git handoff reject $f --gap x &&
	grep "^  by: \"@odd\"$" $f &&
	GIT_AUTHOR_EMAIL=%pct@vendor.example git handoff reject $f --gap x &&
	grep "^  by: \"%pct@vendor.example\"$" $f
'

# refused <file> <decision args>: exit 2, a clear message, not a byte written
refused() {
	f=$1 && shift && sum=$(sha256sum "$f") &&
	test_expect_code 2 decide "$@" "$f" 2>err && cat err &&
	grep "cannot be written safely" err && grep "nothing is written" err &&
	test "$(sha256sum "$f")" = "$sum" &&
	! ls -a "$(dirname "$f")" | grep "\.tmp-"
}

test_expect_success 'a rewrite that would not read back is refused, nothing written' '
	cd r && printf -- "---\n{kind: deal-handoff, id: D-2026-0205,\nacceptance: {status: pending}}\n---\nbody\n" \
		>handoffs/flow.md &&
	printf "{kind: deal-handoff, id: D-2026-0206,\nacceptance: {status: pending}}\n" \
		>handoffs/flow.yaml &&
	refused handoffs/flow.md reject --gap x &&
	refused handoffs/flow.yaml revise --gap x &&
	refused handoffs/flow.yaml accept
'

test_expect_success 'a one-line flow block with a comment, after an LS, is rewritten whole' '
	cd r && parts "$LS" md D-2026-0207 &&
	echo "acceptance: {status: pending}   # flow, one line" >block &&
	cat head block tail end >handoffs/oneline.md &&
	decide accept handoffs/oneline.md &&
	new_block accepted >want-block &&
	cat head want-block tail end >expect && test_cmp expect handoffs/oneline.md
'

# a temporary file as a killed writer leaves it: its name, an hour old,
# its writer (a process that has exited) gone
stale_temp() {
	sh -c "exit 0" & wait $! && dead=$!
	t=handoffs/.$1.tmp-$dead-AbC123 &&
	printf -- "---\nkind: deal-handoff\nid: [broken\n" >$t &&
	touch -d "@$(($(date +%s) - 3600))" $t
}

test_expect_success 'temporary files a killed writer left are no record; the next write removes them' '
	cd r && parts "" md D-2026-0212 && f=handoffs/temp.md && cat head block tail end >$f &&
	git add -A && test_tick && git commit -q -m records &&
	git handoff validate >before.txt 2>&1; echo $? >>before.txt &&
	stale_temp temp.md && stale_temp marker.yaml &&
	fresh=handoffs/.LS.md.tmp-$$-XyZ789 && echo fresh >$fresh &&
	old_live=handoffs/.PS.yaml.tmp-$$-Live01 && echo live >$old_live &&
	touch -d "@$(($(date +%s) - 3600))" $old_live &&
	test $(ls -a handoffs | grep -c "\.tmp-") = 4 &&
	git handoff validate >after.txt 2>&1; echo $? >>after.txt &&
	test_cmp before.txt after.txt &&
	git handoff status >st.txt && ! grep tmp st.txt &&
	git handoff export --format csv >out.csv && ! grep -i "tmp\|broken" out.csv &&
	git handoff init >/dev/null && git add -f handoffs/.temp.md.tmp-* &&
	test_tick && git commit -q -m "a leftover, through the hook" &&
	git show --stat HEAD | grep "tmp-" &&
	decide reject $f --gap "still no sponsor" &&
	ls -a handoffs | grep "\.tmp-" >left &&
	printf ".LS.md.tmp-$$-XyZ789\n.PS.yaml.tmp-$$-Live01\n" >expect &&
	test_cmp expect left
'

test_done
