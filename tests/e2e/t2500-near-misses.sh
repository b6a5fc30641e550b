#!/bin/sh
# Near misses: a record nearly right is told what was meant, at the line
# where it went wrong. Another bullet or box for a checklist item, a
# heading one level off or spaced otherwise, curly quotes, no-break and
# zero-width spaces and tabs in the front matter, merge conflict markers,
# and HTML comments, which are not content.
. "$(dirname "$0")/lib.sh"

acme="$EXAMPLES/D-2026-0142-acme-logistics.md"
SQ="'"

# near <sed expression>: the example with one line changed, as x.md
near() {
	sed -e "$1" "$acme" >x.md
}

# near_fails <sed script>: that x.md fails validation (exit 1), its
# messages in err
near_fails() {
	near "$1" &&
	test_expect_code 1 git handoff validate x.md 2>err
}

# line_of <fixed text>: the line of x.md it is on
line_of() {
	grep -n -F -e "$1" x.md | head -1 | cut -d: -f1
}

test_expect_success 'a checklist item with a bullet: at its line, with the item meant' '
	near_fails "s/^- \[x\] Deal summary complete/• [x] Deal summary complete/" &&
	l=$(line_of "• [x] Deal") &&
	cat >expect <<-EOF &&
	x.md:$l:1: error: /checklist/Deal summary complete: ${SQ}Deal summary complete${SQ} is written ${SQ}• [x] Deal summary complete${SQ}; did you mean ${SQ}- [x] Deal summary complete${SQ}?
	1 record checked, 1 with problems (1 error)
	EOF
	test_cmp expect err
'

test_expect_success 'boxes written otherwise: [ x ], [✓], none, no space after' '
	for item in "- [ x ] Deal summary complete" "- [✓] Deal summary complete" \
	    "[x] Deal summary complete" "- [x]Deal summary complete" \
	    "* [ X ] Deal summary complete"; do
		near "s/^- \[x\] Deal summary complete/$item/" &&
		test_expect_code 1 git handoff validate x.md 2>err &&
		l=$(line_of "$item") &&
		grep -F "x.md:$l:1: error: /checklist/Deal summary complete: ${SQ}Deal summary complete${SQ} is written ${SQ}$item${SQ}; did you mean ${SQ}- [x] Deal summary complete${SQ}?" err || return 1
	done
'

test_expect_success 'an unticked near miss is meant unticked' '
	near_fails "s/^- \[x\] Deal summary complete/• [ ] Deal summary complete/" &&
	grep "did you mean .- \[ \] Deal summary complete.?" err
'

test_expect_success 'the bullets GitHub takes (*, +, 1., 1)) are items, no error' '
	sed -e "s/^- \[x\] Deal summary complete/* [x] Deal summary complete/" \
	    -e "s/^- \[x\] CRM fully updated/+ [x] CRM fully updated/" \
	    -e "s/^- \[x\] Stakeholder map created/1. [X] Stakeholder map created/" \
	    -e "s/^- \[x\] CS team member assigned/2) [x] CS team member assigned/" "$acme" >ok.md &&
	git handoff validate ok.md
'

test_expect_success 'headings one level off, run together, or spaced otherwise' '
	for h in "### Risk Factors" "# Risk Factors" "##Risk Factors" \
	    "## Risk  Factors" "## RiskFactors" "#### risk factors"; do
		near "s/^## Risk Factors/$h/" &&
		test_expect_code 1 git handoff validate x.md 2>err &&
		l=$(line_of "$h") &&
		grep "^x.md:$l:1: error: /body/Risk Factors: .Risk Factors. is written .$h.; did you mean .## " err &&
		test $(grep -c ": error: " err) = 1 || return 1
	done
'

test_expect_success 'a heading whole: the message compared' '
	near_fails "s/^## Risk Factors/### Risk Factors/" &&
	l=$(line_of "### Risk Factors") &&
	cat >expect <<-EOF &&
	x.md:$l:1: error: /body/Risk Factors: ${SQ}Risk Factors${SQ} is written ${SQ}### Risk Factors${SQ}; did you mean ${SQ}## Risk Factors${SQ}?
	1 record checked, 1 with problems (1 error)
	EOF
	test_cmp expect err
'

test_expect_success 'a section truly missing is still reported as missing' '
	near_fails "/^## Risk Factors/d" &&
	grep "/body/Risk Factors: missing section .## Risk Factors." err
'

test_expect_success 'a kind in curly quotes names the kind meant' '
	near_fails "s/^kind: deal-handoff/kind: “deal-handoff”/" &&
	cat >expect <<-EOF &&
	x.md:2:7: error: /kind: unknown kind ${SQ}“deal-handoff”${SQ} at 2:7: it is written with curly quotes; did you mean ${SQ}deal-handoff${SQ}?
	1 record checked, 1 with problems (1 error)
	EOF
	test_cmp expect err
'

test_expect_success 'a value in curly quotes: the character, where, and the fix' '
	near_fails "s/^segment: enterprise/segment: ‘enterprise’/" &&
	grep -F "x.md:5:10: error: a left single quotation mark (U+2018) at 5:10 in the front matter: use straight quotes \" or ${SQ}" err
'

test_expect_success 'curly quotes and apostrophes inside text are text' '
	sed -e "s/^  industry: .*/  industry: Logistics “3PL” and the customer’s warehouses/" "$acme" >ok.md &&
	git handoff validate ok.md
'

test_expect_success 'a no-break space after a colon: YAML fails, the space is named' '
	near_fails "s/^segment: enterprise/segment:\xc2\xa0enterprise/" &&
	cat >expect <<-EOF &&
	x.md:5:9: error: a no-break space (U+00A0) at 5:9: use a plain space (the YAML reader stopped at 6:1: while scanning a simple key could not find expected ${SQ}:${SQ})
	1 record checked, 1 with problems (1 error)
	EOF
	test_cmp expect err
'

test_expect_success 'a no-break space opening a value, and in the indentation' '
	near_fails "s/^segment: enterprise/segment: \xc2\xa0enterprise/" &&
	grep "^x.md:5:10: error: a no-break space (U+00A0) at 5:10 in the front matter: use a plain space" err &&
	near_fails "s/^  acv: 150000/\xc2\xa0 acv: 150000/" &&
	grep "^x.md:15:1: error: a no-break space (U+00A0) at 15:1: use a plain space (the YAML reader stopped at 16:6: " err
'

test_expect_success 'a tab in the indentation: YAML position kept, the tab named' '
	near_fails "s/^  acv: 150000/\tacv: 150000/" &&
	grep "^x.md:15:1: error: while scanning a plain scalar found a tab character that violates indentation; a tab (U+0009) at 15:1: use a plain space" err
'

test_expect_success 'zero-width characters in a key and after a value' '
	near_fails "s/^segment: enterprise/\xe2\x80\x8bsegment: enterprise/" &&
	grep "^x.md:5:1: error: a zero-width space (U+200B) at 5:1 in the front matter: remove it" err &&
	near_fails "s/^segment: enterprise/segment: enterprise\xe2\x80\x8d/" &&
	grep "^x.md:5:20: error: a zero-width joiner (U+200D) at 5:20 in the front matter: remove it" err &&
	near_fails "s/^segment: enterprise/segment: \xef\xbb\xbfenterprise/" &&
	grep "^x.md:5:10: error: a zero-width no-break space (byte order mark) (U+FEFF) at 5:10" err
'

test_expect_success 'merge conflict markers: at their lines, before YAML speaks' '
	near_fails "s/^segment: enterprise/<<<<<<< HEAD\nsegment: enterprise\n=======\nsegment: smb\n>>>>>>> theirs/" &&
	cat >expect <<-EOF &&
	x.md:5:1: error: a merge conflict marker (${SQ}<<<<<<<${SQ}): resolve the merge conflict, keep one version and remove the marker lines
	x.md:7:1: error: a merge conflict marker (${SQ}=======${SQ}): resolve the merge conflict, keep one version and remove the marker lines
	x.md:9:1: error: a merge conflict marker (${SQ}>>>>>>>${SQ}): resolve the merge conflict, keep one version and remove the marker lines
	1 record checked, 1 with problems (3 errors)
	EOF
	test_cmp expect err
'

test_expect_success 'conflict markers in the body too; a lone ======= is a heading underline' '
	near_fails "s/^- \[x\] Deal summary complete/<<<<<<< ours\n- [x] Deal summary complete\n=======\n- [ ] Deal summary complete\n>>>>>>> theirs/" &&
	test $(grep -c "resolve the merge conflict" err) = 3 &&
	l=$(line_of "<<<<<<< ours") && grep "^x.md:$l:1: error: a merge conflict marker" err &&
	near "s/^## Customer Overview/## Customer Overview\n\nOverview\n=======\n/" &&
	git handoff validate x.md
'

test_expect_success 'a ticked item inside an HTML comment does not count' '
	near_fails "s/^- \[x\] Deal summary complete/<!-- - [x] Deal summary complete -->/" &&
	grep "/checklist/Deal summary complete: missing checklist item" err
'

test_expect_success 'a section commented out has no words; lines after it stay right' '
	awk "/^## Risk Factors/ { print; print \"<!--\"; c = 1; next }
	     c && /^## / { print \"-->\"; c = 0 } { print }" "$acme" >x.md &&
	sed -i "s/^- \[x\] Deal summary complete/- [ ] Deal summary complete/" x.md &&
	test_expect_code 1 git handoff validate x.md 2>err &&
	l=$(line_of "## Risk Factors") &&
	grep "^x.md:$l:4: error: /body/Risk Factors: section .Risk Factors. is empty" err &&
	l=$(line_of "- [ ] Deal summary complete") &&
	grep "^x.md:$l:7: error: /checklist/Deal summary complete: .Deal summary complete. must be ticked" err
'

test_expect_success 'a comment in a code span or fence is text' '
	sed -e "s/^- \[x\] Deal summary complete/Write \`<!--\` to start a comment.\n\n- [x] Deal summary complete/" \
	    -e "s/^## Risk Factors/\`\`\`\n<!--\n\`\`\`\n## Risk Factors/" "$acme" >ok.md &&
	grep -F "Write \`<!--\`" ok.md &&
	git handoff validate ok.md
'

test_expect_success 'the pre-commit hook refuses a near miss, naming its line' '
	test_repo r && cd r && git handoff init >/dev/null &&
	git add .handoff && git commit -q -m rules &&
	sed "s/^- \[x\] Deal summary complete/• [x] Deal summary complete/" "$acme" >handoffs/acme.md &&
	git add handoffs && test_expect_code 1 git commit -q -m near 2>err &&
	l=$(grep -n "• \[x\] Deal" handoffs/acme.md | cut -d: -f1) &&
	grep "^handoffs/acme.md:$l:1: error: /checklist/Deal summary complete: .* did you mean .- \[x\] Deal summary complete.?" err &&
	test_expect_code 1 git rev-parse -q --verify HEAD~1
'

test_done
