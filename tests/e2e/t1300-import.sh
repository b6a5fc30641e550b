#!/bin/sh
# import: draft records from a CRM export. The examples of examples/crm/
# import into a fresh repository as drafts that validate; an existing id
# is never overwritten; --dry-run writes nothing; --commit makes one
# commit of just the new records; a repository's mapping wins over the
# built-in one; and a file that cannot be used is refused whole, with
# the line and column of what is wrong.
. "$(dirname "$0")/lib.sh"

SF=$EXAMPLES/crm/salesforce-opportunities.csv
HS=$EXAMPLES/crm/hubspot-deals.csv

# A Salesforce-style export of the rows given, with the usual header.
sf_csv() {
	printf '%s\n' '"Opportunity Owner","Account Name","Stage","Amount","Close Date","Opportunity ID","Industry"' "$@"
}

test_expect_success 'a Salesforce export: one draft per closed-won deal' '
	test_repo sf && cd sf &&
	git handoff import "$SF" --from salesforce >out 2>../sf.err &&
	cat >expect <<-\EOF &&
	created handoffs/SF-0065g00000AcmeQAA.md
	created handoffs/SF-0065g00000NwEnQAA.md
	created handoffs/SF-0065g00000KumoQAA.md
	created 3 records, 2 not closed-won
	EOF
	test_cmp expect out &&
	ls handoffs >actual &&
	printf "%s\n" SF-0065g00000AcmeQAA.md SF-0065g00000KumoQAA.md SF-0065g00000NwEnQAA.md >expect &&
	test_cmp expect actual
'

test_expect_success 'the drafts validate: warnings, no error' '
	cd sf &&
	git handoff validate >out 2>err &&
	grep "3 records checked, 0 with problems (0 errors), 3 drafts" err &&
	! grep ": error: " err &&
	test "$(grep -l "^  status: draft" handoffs/*.md | wc -l)" = 3
'

test_expect_success 'the mapped fields are filled, converted, in the template' '
	cd sf &&
	grep -E "^(id|  name|  industry|  crm_id|  signed|  acv|  ae|  csm):" \
		handoffs/SF-0065g00000AcmeQAA.md >actual &&
	cat >expect <<-\EOF &&
	id: "SF-0065g00000AcmeQAA"
	  name: "Acme Logistics"
	  industry: "Logistics"
	  crm_id: "0065g00000AcmeQAA"
	  signed: "2026-10-28T00:00:00+00:00" # when fully executed; pre-close: expected_close instead
	  acv: 120000.00   # annual contract value, a number
	  ae: "jane@vendor.example"
	  csm: "<fill in>"
	EOF
	test_cmp expect actual
'

test_expect_success 'an owner the config does not know stays a placeholder, with a warning' '
	cd sf &&
	grep "^  ae: \"<fill in>\"" handoffs/SF-0065g00000KumoQAA.md &&
	grep "salesforce-opportunities.csv:6:1: warning: Opportunity Owner: nobody named .Rob Stark." ../sf.err &&
	grep "^  name: \"Kumo Analytics, Inc.\"" handoffs/SF-0065g00000KumoQAA.md
'

test_expect_success 'a record there is never overwritten: reported, skipped, exit 0' '
	cd sf &&
	echo "# mine" >>handoffs/SF-0065g00000AcmeQAA.md &&
	before=$(test_tree_hash .) &&
	git handoff import "$SF" --from salesforce >../out 2>../err &&
	test "$(test_tree_hash .)" = "$before" &&
	grep "created 0 records, 3 already there, 2 not closed-won" ../out &&
	grep "salesforce-opportunities.csv:2:13: warning: SF-0065g00000AcmeQAA is already handoffs/SF-0065g00000AcmeQAA.md: left as it is" ../err
'

test_expect_success 'the same id at another path counts as there' '
	test_repo moved && cd moved &&
	mkdir -p handoffs/2026 &&
	printf -- "---\nkind: deal-handoff\nid: SF-0065g00000NwEnQAA\n---\n" >handoffs/2026/nordwind.md &&
	git handoff import "$SF" --from salesforce >out 2>err &&
	grep "created 2 records, 1 already there" out &&
	grep "SF-0065g00000NwEnQAA is already handoffs/2026/nordwind.md" err &&
	! test -f handoffs/SF-0065g00000NwEnQAA.md
'

test_expect_success 'a HubSpot export: quoted commas and line breaks, stage values, owner by email' '
	test_repo hs && cd hs &&
	git handoff import "$HS" --from hubspot >out 2>err &&
	grep "created 3 records, 2 not closed-won" out &&
	grep "^  name: \"Kumo Analytics, Inc.\"" handoffs/HS-9812345604.md &&
	grep "^  ae: \"jane@vendor.example\"" handoffs/HS-9812345603.md &&
	grep "^  signed: \"2026-11-02T09:00:00+00:00\"" handoffs/HS-9812345603.md &&
	grep "^  acv: 250000 " handoffs/HS-9812345603.md &&
	grep "hubspot-deals.csv:6:7: warning: Deal owner: nobody named .Rob Stark." err &&
	git handoff validate 2>err && grep "3 drafts" err
'

test_expect_success '--dry-run shows the paths and values and writes nothing' '
	test_repo dry && cd dry &&
	before=$(test_tree_hash .) &&
	git handoff import "$HS" --from hubspot --dry-run >../out 2>../err &&
	test "$(test_tree_hash .)" = "$before" &&
	grep "^would create handoffs/HS-9812345601.md" ../out &&
	grep "^    /account/name: \"Acme Logistics\"" ../out &&
	grep "^    /contract/signed: \"2026-10-28T16:30:00+00:00\"" ../out &&
	grep "^would create 3 records, 2 not closed-won" ../out
'

test_expect_success '--commit commits the new records alone, in one commit' '
	test_repo com && cd com &&
	git add .handoff && git commit -q -m config &&
	echo other >other.txt && git add other.txt && echo loose >loose.txt &&
	git handoff import "$SF" --from salesforce --commit >out 2>err &&
	grep "committed 3 records" out &&
	test "$(git rev-list --count HEAD)" = 2 &&
	git show --name-only --format=%s HEAD >actual &&
	cat >expect <<-EOF &&
	Import 3 handoffs from salesforce-opportunities.csv (salesforce)

	handoffs/SF-0065g00000AcmeQAA.md
	handoffs/SF-0065g00000KumoQAA.md
	handoffs/SF-0065g00000NwEnQAA.md
	EOF
	test_cmp expect actual &&
	git diff --cached --name-only >staged && echo other.txt >expect && test_cmp expect staged &&
	test -z "$(git status --porcelain -- handoffs)"
'

test_expect_success '--commit with nothing new makes no commit; with --dry-run is a usage error' '
	cd com &&
	git handoff import "$SF" --from salesforce --commit >out 2>err &&
	test "$(git rev-list --count HEAD)" = 2 &&
	test_expect_code 2 git handoff import "$SF" --from salesforce --commit --dry-run
'

test_expect_success 'a commit git refuses: the records stay written, exit 1' '
	test_repo hook && cd hook &&
	printf "#!/bin/sh\necho no >&2\nexit 1\n" >.git/hooks/pre-commit && chmod +x .git/hooks/pre-commit &&
	test_expect_code 1 git handoff import "$HS" --from hubspot --commit >out 2>err &&
	grep "written but not committed (git exited 1)" err &&
	test -f handoffs/HS-9812345601.md &&
	! git rev-parse -q --verify HEAD
'

test_expect_success 'the same id twice in one file: the second row is refused' '
	test_repo twice && cd twice &&
	sf_csv "Jane Doe,Acme,Closed Won,10,10/28/2026,A1,X" \
		"Jane Doe,Acme again,Closed Won,10,10/28/2026,A1,X" >crm.csv &&
	test_expect_code 1 git handoff import crm.csv --from salesforce >out 2>err &&
	grep "^crm.csv:3:6: error: Opportunity ID: the id SF-A1 again (first on line 2)" err &&
	grep "^  name: \"Acme\"" handoffs/SF-A1.md
'

test_expect_success 'a repository mapping wins over the built-in one of its name' '
	test_repo own && cd own && mkdir -p .handoff/mappings &&
	cat >.handoff/mappings/salesforce.yaml <<-\EOF &&
	kind: deal-handoff
	closed_won: {column: Stage, values: [Closed Won]}
	id: {column: Opportunity ID, prefix: OPP-}
	fields:
	  /account/name: Account Name
	  /contract/signed: {column: Close Date, type: date, format: "%d.%m.%Y"}
	EOF
	sf_csv "\"Jane Doe\",\"Acme\",\"Closed Won\",\"1\",\"28.10.2026\",\"A1\",\"X\"" >crm.csv &&
	git handoff import crm.csv --from salesforce >out 2>err &&
	grep "created handoffs/OPP-A1.md" out &&
	grep "^  signed: \"2026-10-28\"" handoffs/OPP-A1.md
'

test_expect_success 'a mapping of the repository own name' '
	cd own &&
	sed "s/prefix: OPP-/prefix: PD-/" .handoff/mappings/salesforce.yaml >.handoff/mappings/pipedrive.yaml &&
	git handoff import crm.csv --from pipedrive >out 2>err &&
	grep "created handoffs/PD-A1.md" out &&
	test_expect_code 2 git handoff import crm.csv --from nosuch 2>err &&
	grep "no mapping .nosuch." err &&
	test_expect_code 2 git handoff import crm.csv --from ../etc 2>err &&
	grep "not a mapping name" err
'

test_expect_success 'a field the template has no line for goes under its parent' '
	cd own &&
	cat >.handoff/mappings/extra.yaml <<-\EOF &&
	kind: deal-handoff
	closed_won: {column: Stage, values: [Won]}
	id: {column: Id}
	fields:
	  /account/region: Region
	  /meeting/recording: Link
	  /contract/tcv: {column: TCV, type: number}
	  /segment: Segment
	EOF
	printf "Id,Stage,Region,Link,TCV,Segment\nD-1,Won,EMEA,https://rec.example/1,\"1,000\",enterprise\n" >extra.csv &&
	git handoff import extra.csv --from extra >out 2>err &&
	sed -n "/^account:/,/^contract:/p" handoffs/D-1.md >actual &&
	cat >expect <<-\EOF &&
	account:
	  name: "<fill in>"
	  industry: "<fill in>"
	  size: "<fill in>"              # e.g. 1200 employees
	  region: "EMEA"
	contract:
	EOF
	test_cmp expect actual &&
	grep "^  tcv: 1000$" handoffs/D-1.md &&
	grep "^segment: \"enterprise\" # enterprise" handoffs/D-1.md &&
	sed -n "/^meeting:/,/^---/p" handoffs/D-1.md >actual &&
	printf "meeting:\n  recording: \"https://rec.example/1\"\n---\n" >expect &&
	test_cmp expect actual &&
	git handoff validate handoffs/D-1.md 2>err &&
	! grep ": error: " err
'

test_expect_success 'a broken mapping is named with its line' '
	cd own &&
	printf "kind: deal-handoff\nclosed_won: {column: Stage, values: [Won]}\nid: {column: X}\nfields:\n  account.name: Account Name\n" >.handoff/mappings/bad.yaml &&
	test_expect_code 2 git handoff import crm.csv --from bad 2>err &&
	grep "^git-handoff: cannot import: .handoff/mappings/bad.yaml:5:3: error: a field is a JSON pointer" err &&
	printf "kind: nope\nclosed_won: {column: Stage, values: [Won]}\nid: {column: X}\nfields: {}\n" >.handoff/mappings/bad.yaml &&
	test_expect_code 2 git handoff import crm.csv --from bad 2>err &&
	grep "bad.yaml:1:7: error: unknown kind .nope." err
'

test_expect_success 'a missing column: named, exit 2, nothing written' '
	test_repo bad && cd bad &&
	printf "%s\n" "Opportunity Owner,Account Name,Stage,Close Date,Opportunity ID,Industry" \
		"Jane Doe,Acme,Closed Won,10/28/2026,A1,X" >crm.csv &&
	before=$(test_tree_hash .) &&
	test_expect_code 2 git handoff import crm.csv --from salesforce >../out 2>../err &&
	test "$(test_tree_hash .)" = "$before" &&
	grep "^crm.csv:1:1: error: no column .Amount., which the mapping .*salesforce.yaml reads" ../err
'

test_expect_success 'a bad date refuses its row (line and column), the others go in, exit 1' '
	cd bad &&
	sf_csv "Jane Doe,Acme,Closed Won,10,10/28/2026,A1,X" \
		"Jane Doe,Beta,Closed Won,10,28/10/2026,B2,X" >crm.csv &&
	test_expect_code 1 git handoff import crm.csv --from salesforce >out 2>err &&
	grep "^crm.csv:3:5: error: Close Date: .28/10/2026. is not a date written MM/DD/YYYY or YYYY-MM-DD" err &&
	grep "created 1 record, 1 row refused" out &&
	test -f handoffs/SF-A1.md && ! test -f handoffs/SF-B2.md
'

test_expect_success 'a bad amount and a short row are refused with their place' '
	cd bad && rm -f handoffs/*.md &&
	sf_csv "Jane Doe,Acme,Closed Won,12k,10/28/2026,A1,X" \
		"Jane Doe,Beta,Closed Won,10,10/28/2026" >crm.csv &&
	test_expect_code 1 git handoff import crm.csv --from salesforce >out 2>err &&
	grep "^crm.csv:2:4: error: Amount: .12k. is not an amount" err &&
	grep "^crm.csv:3:5: error: 5 fields where the header has 7" err
'

test_expect_success 'a quoted line break: kept, and later lines counted right' '
	cd bad && rm -f handoffs/*.md &&
	sf_csv "Jane Doe,\"Acme
Logistics\",Closed Won,10,10/28/2026,A1,X" \
		"Jane Doe,Beta,Closed Won,10,99/99/2026,B2,X" >crm.csv &&
	test_expect_code 1 git handoff import crm.csv --from salesforce >out 2>err &&
	grep "^  name: \"Acme\\\\nLogistics\"" handoffs/SF-A1.md &&
	grep "^crm.csv:4:5: error: Close Date" err
'

test_expect_success 'a byte order mark and CRLF line ends are read' '
	cd bad && rm -f handoffs/*.md &&
	printf "\357\273\277%s\r\n%s\r\n" \
		"\"Opportunity Owner\",\"Account Name\",\"Stage\",\"Amount\",\"Close Date\",\"Opportunity ID\",\"Industry\"" \
		"\"Jane Doe\",\"Acme\",\"Closed Won\",\"10\",\"10/28/2026\",\"A1\",\"X\"" >crm.csv &&
	git handoff import crm.csv --from salesforce >out 2>err &&
	grep "created handoffs/SF-A1.md" out &&
	grep "^  industry: \"X\"$" handoffs/SF-A1.md
'

test_expect_success 'an unterminated quote: where it opened, exit 2, nothing written' '
	cd bad && rm -f handoffs/*.md &&
	sf_csv "Jane Doe,Acme,Closed Won,10,10/28/2026,A1,X" \
		"Jane Doe,\"Beta,Closed Won,10,10/28/2026,B2,X" \
		"Jane Doe,Gamma,Closed Won,10,10/28/2026,C3,X" >crm.csv &&
	test_expect_code 2 git handoff import crm.csv --from salesforce >out 2>err &&
	grep "^crm.csv:3:2: error: a quote opened here is never closed" err &&
	! ls handoffs/*.md 2>/dev/null
'

test_expect_success 'a stray quote in a field: its line and column' '
	cd bad &&
	sf_csv "Jane Doe,Acme 12\" rack,Closed Won,10,10/28/2026,A1,X" >crm.csv &&
	test_expect_code 2 git handoff import crm.csv --from salesforce 2>err &&
	grep "^crm.csv:2:2: error: a quote inside an unquoted field" err
'

test_expect_success 'bytes that are not UTF-8: line and column, exit 2' '
	cd bad &&
	sf_csv "Jane Doe,Acme,Closed Won,10,10/28/2026,A1,X" \
		"Jane Doe,M$(printf "\374")ller AG,Closed Won,10,10/28/2026,B2,X" >crm.csv &&
	test_expect_code 2 git handoff import crm.csv --from salesforce 2>err &&
	grep "^crm.csv:3:2: error: bytes that are not UTF-8" err &&
	! ls handoffs/*.md 2>/dev/null
'

test_expect_success 'a 50 MB file is refused before it is read' '
	cd bad &&
	{ sf_csv && head -c 52428800 /dev/zero; } >big.csv &&
	test_expect_code 2 timeout 60 git handoff import big.csv --from salesforce 2>err &&
	rm -f big.csv &&
	grep "^big.csv:1:1: error: the file is 52428893 bytes, over the limit of 32 MiB" err
'

test_expect_success 'and so is one that streams more than the limit' '
	cd bad &&
	{ sf_csv && head -c 52428800 /dev/zero; } |
		test_expect_code 2 timeout 60 git handoff import /dev/stdin --from salesforce 2>err &&
	grep "^/dev/stdin:1:1: error: over the limit of 32 MiB" err
'

test_expect_success 'no file, no --from: usage errors' '
	cd bad &&
	test_expect_code 2 git handoff import crm.csv &&
	test_expect_code 2 git handoff import --from salesforce &&
	test_expect_code 2 git handoff import nosuch.csv --from salesforce 2>err &&
	grep "nosuch.csv" err
'

test_expect_success 'installed, the built-in mappings are found beside the kinds' '
	make -s -C "$SRC_ROOT" install DESTDIR="$TRASH/stage" PREFIX=/opt/gh >out 2>&1 &&
	test -f "$TRASH/stage/opt/gh/share/git-handoff/schemas/mappings/hubspot.yaml" &&
	test_repo inst && cd inst &&
	"$TRASH/stage/opt/gh/bin/git-handoff" import "$HS" --from hubspot >out 2>err &&
	grep "created 3 records" out
'

test_done
