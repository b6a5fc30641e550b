#!/bin/sh
# Who pushed, through a real server (lib-httpd.sh): a decision is pushed
# by the person it names as its author, the decider fields name the one
# who pushed it, and `identity: required` refuses a push whose pusher the
# server does not name.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-httpd.sh"
httpd_start

# set_acceptance <file> <key> <value>: one key of the acceptance block
set_acceptance() {
	sed -i "/^acceptance:/,/^---/s/^  $2: .*/  $2: $3/" "$1"
}

# decide <file> <status> <by>: the acceptance block a decision writes
decide() {
	sed -i "/^acceptance:/,/^---/{/^  by: /d;/^  at: /d;/^  gaps: /d;s/^  status: .*/  status: $2\n  by: $3\n  at: 2026-11-04T10:05:00+09:00/}" "$1" &&
	case $2 in
	accepted) ;;
	*) sed -i "s/^  at: 2026-11-04T10:05:00+09:00/&\n  gaps: [the SSO plan]/" "$1" ;;
	esac
}

test_expect_success 'set-up: people with their logins, a pending handoff, pushed by ops' '
	httpd_skip_unless_running && return 0
	httpd_repo s &&
	test_repo w && cd w &&
	httpd_people &&
	sed "s/^  status: accepted/  status: pending/; s/^- \[x\] CS accepted/- [ ] CS accepted/; /^  by: /d; /^  at: /d" \
		"$EXAMPLES/D-2026-0142-acme-logistics.md" >handoffs/acme.md &&
	git add -A && as olga@vendor.example commit -q -m "rules, a handoff" &&
	git push -q "$(httpd_url olga s)" main 2>err && cat err &&
	! grep "self-asserted" err
'

test_expect_success 'a rep who pushes a decision authored as sam is refused, naming pusher and author' '
	httpd_skip_unless_running && return 0
	cd w && decide handoffs/acme.md accepted sam@vendor.example &&
	as sam@vendor.example commit -q -am "accept acme" &&
	c=$(git rev-parse --short=7 HEAD) &&
	test_expect_code 1 git push -q "$(httpd_url jane s)" main 2>err && cat err &&
	grep "remote: handoffs/acme.md:[0-9]*:1: error: commit $c by sam@vendor.example: was pushed by .jane. (REMOTE_USER, that is jane@vendor.example), not by its author" err &&
	grep "pre-receive hook declined" err &&
	test "$(git -C "$HTTPD_SRV/s.git" rev-parse main)" = "$(git rev-parse HEAD~1)"
'

test_expect_success 'the same decision pushed by sam goes through' '
	httpd_skip_unless_running && return 0
	cd w && git push -q "$(httpd_url sam s)" main 2>err && cat err &&
	test "$(git -C "$HTTPD_SRV/s.git" rev-parse main)" = "$(git rev-parse HEAD)"
'

test_expect_success 'the rep rewriting acceptance.by after CS accepted is refused' '
	httpd_skip_unless_running && return 0
	cd w && set_acceptance handoffs/acme.md by kim@vendor.example &&
	as jane@vendor.example commit -q -am "kim accepted it, really" &&
	httpd_push_refused jane s \
		"error: /acceptance/by: commit [0-9a-f]* by jane@vendor.example: sets /acceptance/by to .kim@vendor.example., but it was pushed by jane@vendor.example"
'

test_expect_success 'a decider field naming someone else than the pusher is refused, even from a decider' '
	httpd_skip_unless_running && return 0
	cd w && decide handoffs/acme.md needs-revision sam@vendor.example &&
	as kim@vendor.example commit -q -am "revise, in sam'"'"'s name" &&
	httpd_push_refused kim s \
		"sets /acceptance/by to .sam@vendor.example., but it was pushed by kim@vendor.example"
'

test_expect_success 'a login no person has may push records, but decides nothing' '
	httpd_skip_unless_running && return 0
	cd w && sed -i "s/logins: \[sam\]/logins: [sam-old]/" .handoff/config.yaml &&
	as olga@vendor.example commit -q -am "sam has a new login" &&
	git push -q "$(httpd_url olga s)" main &&
	decide handoffs/acme.md needs-revision sam@vendor.example &&
	as sam@vendor.example commit -q -am "revise" &&
	httpd_push_refused sam s \
		"was pushed by .sam. (REMOTE_USER, who is no one in people: add it to a person.s .logins.)"
'

test_expect_success 'a push with no pusher says identities are self-asserted' '
	httpd_skip_unless_running && return 0
	git clone -q --bare "$(httpd_url olga s)" local.git &&
	git handoff -C local.git init >/dev/null &&
	cd w && echo >>handoffs/acme.md && as jane@vendor.example commit -q -am "a blank line" &&
	git push -q ../local.git main 2>err && cat err &&
	grep "remote: git-handoff: warning: identities are self-asserted" err
'

test_expect_success 'init --require-identity: the server.s own git config refuses a push with no pusher; a first push brings its history as it is' '
	httpd_skip_unless_running && return 0
	git init -q --bare guarded.git &&
	git handoff -C guarded.git init --require-identity >out && cat out &&
	grep "set handoff.identity = required" out &&
	test "$(git -C guarded.git config handoff.identity)" = required &&
	cd w && test_expect_code 1 git push -q ../guarded.git main 2>err && cat err &&
	grep "error: /identity: the server.s git config says handoff.identity = required, but the server named no pusher" err &&
	REMOTE_USER=olga git push -q ../guarded.git main &&
	test_expect_code 2 git handoff init --require-identity 2>err &&
	grep "is for a server.s bare repository" err
'

test_expect_success 'identity: required refuses a push with no pusher (a local push), not one through the server' '
	httpd_skip_unless_running && return 0
	cd w && echo "identity: required" >>.handoff/config.yaml &&
	as olga@vendor.example commit -q -am "who pushed is known, or nothing lands" &&
	git push -q ../local.git main 2>err &&
	git push -q "$(httpd_url olga s)" main 2>err &&
	echo >>handoffs/acme.md && as jane@vendor.example commit -q -am "another blank line" &&
	test_expect_code 1 git push -q ../local.git main 2>err && cat err &&
	grep "remote: .handoff/config.yaml: error: /identity: .identity: required., but the server named no pusher" err &&
	git push -q "$(httpd_url jane s)" main 2>err && cat err && ! grep "self-asserted" err
'

test_expect_success 'a decision committed by someone else than its author goes through, with a warning' '
	httpd_skip_unless_running && return 0
	cd w && decide handoffs/acme.md needs-revision kim@vendor.example &&
	test_tick && GIT_AUTHOR_EMAIL=kim@vendor.example GIT_COMMITTER_EMAIL=jane@vendor.example \
		git -c core.hooksPath=/dev/null commit -q -am "kim asks for a revision" &&
	git push -q "$(httpd_url kim s)" main 2>err && cat err &&
	grep "remote: handoffs/acme.md:[0-9]*:1: warning: commit [0-9a-f]* by kim@vendor.example was committed by jane@vendor.example" err
'

test_expect_success 'people add --login writes the logins; list --format json shows them' '
	test_repo p && cd p &&
	git handoff people add ria@vendor.example --role sales --login ria --login "r.ito" >out &&
	grep "^  ria@vendor.example: {roles: \[sales\], logins: \[\"ria\", \"r.ito\"\]}$" .handoff/config.yaml &&
	git handoff people list --format json >out.json &&
	python3 -c "import json; p = json.load(open(\"out.json\"))[\"people\"]; assert p[-1][\"logins\"] == [\"ria\", \"r.ito\"] and p[0][\"logins\"] == [], p" &&
	cp .handoff/config.yaml ../before &&
	test_expect_code 2 git handoff people add bad@vendor.example --role sales --login "$(printf "a\tb")" 2>err &&
	cat err && cmp .handoff/config.yaml ../before
'

test_expect_success 'a signed push names its pusher, with no server login at all' '
	command -v ssh-keygen >/dev/null 2>&1 || { test_skip "ssh-keygen is not installed"; return 0; }
	ssh-keygen -q -t ed25519 -N "" -C kim -f "$TRASH/kim" &&
	echo "kim@vendor.example $(cat "$TRASH/kim.pub")" >"$TRASH/allowed" &&
	git init -q --bare certs.git && git handoff -C certs.git init --require-identity >/dev/null &&
	git -C certs.git config receive.certNonceSeed "a secret of the server" &&
	git -C certs.git config gpg.ssh.allowedSignersFile "$TRASH/allowed" &&
	test_repo c && cd c &&
	echo "  olga@vendor.example: {name: Olga Ops, roles: [ops]}" >>.handoff/config.yaml &&
	git add -A && as olga@vendor.example commit -q -m rules &&
	REMOTE_USER=olga@vendor.example git push -q ../certs.git main &&
	sed "s/^  status: accepted/  status: pending/; s/^- \[x\] CS accepted/- [ ] CS accepted/; /^  by: /d; /^  at: /d" \
		"$EXAMPLES/D-2026-0142-acme-logistics.md" >handoffs/acme.md &&
	git add -A && as jane@vendor.example commit -q -m "a handoff" &&
	REMOTE_USER=jane@vendor.example git push -q ../certs.git main &&
	decide handoffs/acme.md accepted kim@vendor.example &&
	as kim@vendor.example commit -q -am "kim accepts" &&
	test_expect_code 1 git push -q ../certs.git main 2>err &&
	grep "handoff.identity = required, but the server named no pusher" err &&
	git -c gpg.format=ssh -c user.signingkey="$TRASH/kim.pub" push -q --signed ../certs.git main 2>err &&
	cat err && ! grep "self-asserted" err &&
	test "$(git -C ../certs.git rev-parse main)" = "$(git rev-parse HEAD)"
'

httpd_stop
test_done
