#!/bin/sh
# init puts the one who sets up in people; `people add|remove|list` edits
# the list as text, so comments and order stay, and refuses what the
# config would not read.
. "$(dirname "$0")/lib.sh"

test_expect_success 'init adds git'"'"'s user to people, as ops unless told' '
	git init -q r && cd r && git config user.name "Lee Ops" &&
	git config user.email lee@vendor.example &&
	git handoff init >out && grep "added you to people: lee@vendor.example" out &&
	git handoff people list >list &&
	printf "lee@vendor.example\tLee Ops\tops\t\n" >expect && test_cmp expect list &&
	git handoff validate &&
	git init -q ../r2 && cd ../r2 && git config user.email ana@vendor.example &&
	git handoff init --role cs --role cs_manager >out &&
	git handoff people list >list &&
	printf "ana@vendor.example\t\tcs,cs_manager\t\n" >expect && test_cmp expect list
'

test_expect_success 'init without user.email says how to add people' '
	git init -q r3 && cd r3 && git config user.email "" &&
	git handoff init >out && grep "git handoff people add <email> --role <role>" out &&
	git handoff people list >list && test_cmp /dev/null list
'

test_expect_success 'people add and remove change only the lines of one person' '
	cd r && cp .handoff/config.yaml before &&
	git handoff people add sam@vendor.example --name "Sam \"S\" Lee" --role cs --team east &&
	git handoff people add kim@vendor.example --role cs_manager &&
	{ sed -n "1,/^  lee@vendor.example/p" before &&
	  echo "  sam@vendor.example: {name: \"Sam \\\\\"S\\\\\" Lee\", roles: [cs], team: \"east\"}" &&
	  echo "  kim@vendor.example: {roles: [cs_manager]}" &&
	  sed -n "/^  lee@vendor.example/,\$p" before | sed 1d; } >expect &&
	test_cmp expect .handoff/config.yaml &&
	git handoff people list --format json >json &&
	python3 -c "import json,sys; p = json.load(open(\"json\"))[\"people\"]; assert [x[\"email\"] for x in p] == [\"lee@vendor.example\", \"sam@vendor.example\", \"kim@vendor.example\"], p; assert p[1][\"name\"] == \"Sam \\\"S\\\" Lee\", p" &&
	git handoff people remove SAM@Vendor.example && git handoff people remove kim@vendor.example &&
	test_cmp before .handoff/config.yaml
'

test_expect_success 'a person written over several lines is removed whole, comments after it stay' '
	test_repo m && cd m &&
	cat >>.handoff/config.yaml <<-\EOF &&
	  ops@vendor.example:
	    name: Olga
	    roles: [ops]
	  # the auditors
	  aud@vendor.example: {roles: [auditor]}
	sla:
	  customer_introduction: 72h
	EOF
	cp .handoff/config.yaml before &&
	git handoff people remove ops@vendor.example &&
	grep -v "ops@vendor.example\|name: Olga\|roles: \[ops\]" before >expect &&
	test_cmp expect .handoff/config.yaml
'

test_expect_success 'people refuses twice the same email, a bad role, a bad email, a one-line list; nothing written' '
	cd r && cp .handoff/config.yaml before &&
	test_expect_code 2 git handoff people add LEE@vendor.example --role cs 2>err &&
	echo "git-handoff: people: LEE@vendor.example is in people already; remove it first to change it" >expect &&
	test_cmp expect err &&
	test_expect_code 2 git handoff people add x@vendor.example --role boss 2>err &&
	grep "unknown role .boss." err &&
	test_expect_code 2 git handoff people add "not an email" --role cs 2>err &&
	echo "git-handoff: people: '"'"'not an email'"'"' is not an email address" >expect &&
	test_cmp expect err &&
	test_expect_code 2 git handoff people add y@vendor.example 2>err &&
	cat >expect <<-\EOF &&
	git-handoff: give at least one --role
	see '"'"'git handoff people --help'"'"'
	EOF
	test_cmp expect err &&
	test_expect_code 2 git handoff people remove nobody@vendor.example 2>err &&
	echo "git-handoff: people: nobody@vendor.example is not in people" >expect &&
	test_cmp expect err &&
	test_cmp before .handoff/config.yaml &&
	printf "records: [handoffs/]\npeople: {a@b.example: {roles: [cs]}}\n" >.handoff/config.yaml &&
	test_expect_code 2 git handoff people add c@d.example --role cs 2>err &&
	echo "git-handoff: people: .handoff/config.yaml:2:1: people is written on one line; write one person a line under it to edit it with '"'"'git handoff people'"'"'" >expect &&
	test_cmp expect err &&
	printf "records: [handoffs/]\n" >.handoff/config.yaml &&
	git handoff people add c@d.example --role cs &&
	printf "records: [handoffs/]\npeople:\n  c@d.example: {roles: [cs]}\n" >expect &&
	test_cmp expect .handoff/config.yaml &&
	printf "records: [handoffs/\n" >.handoff/config.yaml &&
	test_expect_code 2 git handoff people add e@f.example --role cs 2>err &&
	grep "config.yaml:.*fix it first" err && cp before .handoff/config.yaml
'

test_expect_success 'CRLF config: the new line ends as the others do' '
	test_repo c && cd c && sed -i "s/\$/\r/" .handoff/config.yaml &&
	git handoff people add new@vendor.example --role sales &&
	test $(grep -c "$(printf "\r")\$" .handoff/config.yaml) = $(wc -l <.handoff/config.yaml) &&
	git handoff people list | grep "^new@vendor.example"
'

test_done
