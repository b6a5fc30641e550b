#!/bin/sh
# Every CSV we write (export, audit, report) neutralises a cell that a
# spreadsheet would run as a formula (=, +, -, @, tab or carriage return
# first): it is quoted and starts with ', as OWASP recommends. Numbers
# stay numbers.
. "$(dirname "$0")/lib.sh"

# no_formula <file.csv>: no cell of it would run as a formula (a number is
# fine); prints the cells that begin with a quote mark, one a line
no_formula() {
	python3 - "$1" <<-\PY
	import csv, re, sys
	for row in csv.reader(open(sys.argv[1], newline="")):
	    for cell in row:
	        if cell[:1] in ("=", "+", "-", "@", "\t", "\r") and \
	           not re.fullmatch(r"[+-][0-9.]+", cell):
	            sys.exit("a formula: %r" % cell)
	        if cell.startswith("\x27"):
	            print(cell)
	PY
}

test_expect_success 'set up: an accepted record whose account name is a formula' '
	test_repo r && cd r &&
	echo "  \"=cmd@vendor.example\": {name: \"@SUM(1+1)\", roles: [cs]}" >>.handoff/config.yaml &&
	sed -e "s/^  name: Acme Logistics$/  name: \"=HYPERLINK(\\\\\"http:\/\/evil.example\\\\\",\\\\\"Acme\\\\\")\"/" \
		"$EXAMPLES/D-2026-0142-acme-logistics.md" >handoffs/acme.md &&
	grep -F "name: \"=HYPERLINK(" handoffs/acme.md &&
	git add -A && test_tick && git commit -q --no-verify -m acme &&
	sed -i "s/^  acv: 150000$/  acv: -5/; s/^  currency: USD/  currency: \"-1+cmd|\x27 \/C calc\x27!A0\"/" handoffs/acme.md &&
	test_tick && git commit -q --no-verify -am "changed after acceptance"
'

test_expect_success 'export: the formula is text, quoted, behind a quote mark' '
	cd r && git handoff export --format csv >out.csv &&
	grep -F ",\"'"'"'=HYPERLINK(\"\"http://evil.example\"\",\"\"Acme\"\")\"," out.csv &&
	no_formula out.csv >quoted && grep -c . quoted >n && echo 1 >expect && test_cmp expect n
'

test_expect_success 'audit: an email that looks like a formula is text, a negative number a number' '
	cd r && git config user.email "=cmd@vendor.example" &&
	sed -i "s/^  acv: -5$/  acv: -6/" handoffs/acme.md &&
	test_tick && GIT_AUTHOR_EMAIL="=cmd@vendor.example" git commit -q --no-verify -am "by =cmd" &&
	{ git handoff audit --format csv >out.csv || true; } && cat out.csv &&
	grep -F ",/contract/acv,change,150000,-5," out.csv &&
	grep -F ",\"'"'"'=cmd@vendor.example\"," out.csv &&
	no_formula out.csv
'

test_expect_success 'report: a group key that looks like a formula' '
	cd r && sed -i "s/roles: \[sales\], team: east/roles: [sales], team: \"=east\"/" .handoff/config.yaml &&
	test_tick && git commit -q --no-verify -am "team =east" &&
	git handoff report --by team --format csv >out.csv && cat out.csv &&
	no_formula out.csv >quoted && grep "^.=east$" quoted
'

test_done
