#!/bin/sh
# Signed decisions, through a real server (lib-httpd.sh): with
# `decisions: signed`, a decision carries a valid SSH signature by a key
# of its author's signing_keys (checked by git against the config from
# before the push), whoever pushes it; `accept --commit` signs with the
# user's key and refuses, writing nothing, when there is none.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-httpd.sh"
command -v ssh-keygen >/dev/null 2>&1 || HTTPD_SKIP="ssh-keygen is not installed (openssh-client)"
test -n "$HTTPD_SKIP" || httpd_start

# pending <file>: the example, not yet decided
pending() {
	sed "s/^  status: accepted/  status: pending/; /^  by: /d; /^  at: /d" \
		"$EXAMPLES/D-2026-0142-acme-logistics.md" >"$1"
}

test_expect_success 'set-up: SSH keys for sam and kim; decisions: signed; sam.s key in the rules' '
	httpd_skip_unless_running && return 0
	ssh-keygen -q -t ed25519 -N "" -C sam -f "$TRASH/sam" &&
	ssh-keygen -q -t ed25519 -N "" -C kim -f "$TRASH/kim" &&
	httpd_repo s &&
	test_repo w && cd w &&
	cat >.handoff/config.yaml <<-CFG &&
	records: [handoffs/]
	decisions: signed
	people:
	  jane@vendor.example: {name: Jane Doe, roles: [sales], logins: [jane]}
	  sam@vendor.example:
	    name: Sam Lee
	    roles: [cs]
	    logins: [sam]
	    signing_keys: ["$(cat "$TRASH/sam.pub")"]
	  kim@vendor.example: {name: Kim Park, roles: [cs_manager], logins: [kim]}
	  olga@vendor.example: {name: Olga Ops, roles: [ops], logins: [olga]}
	CFG
	pending handoffs/acme.md && sed "s/^id: D-2026-0142/id: D-2026-0143/" handoffs/acme.md >handoffs/beta.md &&
	git add -A && as olga@vendor.example commit -q -m "rules, two handoffs" &&
	git push -q "$(httpd_url olga s)" main
'

test_expect_success 'an unsigned decision is refused, even pushed by its author' '
	httpd_skip_unless_running && return 0
	cd w && GIT_AUTHOR_EMAIL=sam@vendor.example GIT_AUTHOR_NAME=Sam \
		git handoff accept handoffs/acme.md >/dev/null &&
	as sam@vendor.example commit -q -am "accept acme, unsigned" &&
	httpd_push_refused sam s \
		"error: commit [0-9a-f]* by sam@vendor.example: decisions must be signed by their author (.decisions: signed. in .handoff/config.yaml), but it is not signed"
'

test_expect_success 'a decision signed with a key that is not the author.s is refused' '
	httpd_skip_unless_running && return 0
	cd w && GIT_AUTHOR_EMAIL=sam@vendor.example git handoff accept handoffs/acme.md >/dev/null &&
	as sam@vendor.example -c gpg.format=ssh -c user.signingkey="$TRASH/kim.pub" \
		commit -q -S -am "accept acme, with kim.s key" &&
	git -c gpg.format=ssh -c gpg.ssh.allowedSignersFile=/dev/null log -1 --format=%G? | grep -v N &&
	httpd_push_refused sam s \
		"decisions must be signed by their author .*, but it is signed with a key that is not one of the author.s signing_keys"
'

test_expect_success 'accept --commit refuses, writing nothing, when the user has no SSH signing key' '
	httpd_skip_unless_running && return 0
	cd w && before=$(git rev-parse HEAD) && cp handoffs/acme.md ../was &&
	GIT_AUTHOR_EMAIL=sam@vendor.example GIT_COMMITTER_EMAIL=sam@vendor.example \
		test_expect_code 1 git -c user.email=sam@vendor.example handoff accept handoffs/acme.md --commit 2>err &&
	cat err && grep "wants decisions signed with your SSH key" err &&
	grep "git config user.signingkey" err &&
	test "$(git rev-parse HEAD)" = "$before" && cmp handoffs/acme.md ../was
'

test_expect_success 'accept --commit signs with user.signingkey; the rep may even push it' '
	httpd_skip_unless_running && return 0
	cd w && git config gpg.format ssh && git config user.signingkey "$TRASH/sam.pub" &&
	test_tick && as sam@vendor.example handoff accept handoffs/acme.md --commit &&
	git config --unset user.signingkey &&
	git -c gpg.ssh.allowedSignersFile=/dev/null log -1 --format=%G? >../sig && ! grep N ../sig &&
	git push -q "$(httpd_url jane s)" main 2>err && cat err &&
	test "$(git -C "$HTTPD_SRV/s.git" rev-parse main)" = "$(git rev-parse HEAD)"
'

test_expect_success 'a key added in the same push does not count: keys are the rules before it' '
	httpd_skip_unless_running && return 0
	cd w && sed -i "s|logins: \[kim\]}|logins: [kim], signing_keys: [\"$(cat "$TRASH/kim.pub")\"]}|" .handoff/config.yaml &&
	grep -q "kim], signing_keys" .handoff/config.yaml &&
	as olga@vendor.example commit -q -am "kim.s key" &&
	GIT_AUTHOR_EMAIL=kim@vendor.example git handoff reject handoffs/beta.md --gap "the SSO plan" >/dev/null &&
	as kim@vendor.example -c gpg.format=ssh -c user.signingkey="$TRASH/kim.pub" \
		commit -q -S -am "reject beta" &&
	test_expect_code 1 git push -q "$(httpd_url kim s)" main 2>err && cat err &&
	grep "commit [0-9a-f]* by kim@vendor.example: decisions must be signed" err &&
	git push -q "$(httpd_url olga s)" HEAD~1:main &&
	git push -q "$(httpd_url kim s)" main
'

test_expect_success 'audit shows each change.s committer, pusher (the server.s receipt) and signature' '
	httpd_skip_unless_running && return 0
	cd w && sed -i "s/^    text: SSO with Okta live before go-live/    text: SSO with Okta live after go-live/" handoffs/acme.md &&
	as sam@vendor.example -c gpg.format=ssh -c user.signingkey="$TRASH/sam.pub" \
		commit -q -S -am "move SSO" --trailer "Handoff-Reason: Acme asked" &&
	git push -q "$(httpd_url sam s)" main &&
	git fetch -q "$(httpd_url sam s)" refs/notes/handoff:refs/notes/handoff &&
	{ git handoff audit --format json >../audit.json || test $? = 1; } &&
	python3 - <<-PY &&
	import json
	c = [x for x in json.load(open("../audit.json"))["changes"] if x["path"] == "handoffs/acme.md"]
	assert c, c
	last = c[-1]
	assert last["committer"] == "sam@vendor.example", last
	assert last["pusher"] == "sam", last
	assert last["signature"] == "good" and last["signer"] == "sam@vendor.example", last
	PY
	{ git handoff audit >../audit.txt || test $? = 1; } && grep "committer sam@vendor.example, pusher sam, signature good by sam@vendor.example" ../audit.txt &&
	{ git handoff audit --format csv >../audit.csv || test $? = 1; } && head -1 ../audit.csv | grep ",committer,pusher,signature,signer" &&
	grep "sam@vendor.example,sam,good,sam@vendor.example" ../audit.csv &&
	# the commits known from the history cache are read again for their facts
	test -s .git/handoff/history && rm .git/handoff/audit &&
	{ git handoff audit --format json >../again.json || test $? = 1; } &&
	test_cmp ../audit.json ../again.json
'

test_expect_success 'CI (validate --range) holds decisions to their signatures too' '
	httpd_skip_unless_running && return 0
	cd w && pending handoffs/gamma.md && sed -i "s/^id: D-2026-0142/id: D-2026-0144/" handoffs/gamma.md &&
	git add -A && as jane@vendor.example commit -q -m "a third handoff" &&
	GIT_AUTHOR_EMAIL=sam@vendor.example git handoff accept handoffs/gamma.md >/dev/null &&
	as sam@vendor.example commit -q -am "accept gamma, unsigned" &&
	test_expect_code 1 git handoff validate --range HEAD~2..HEAD >out 2>&1 && cat out &&
	grep "commit [0-9a-f]* by sam@vendor.example: decisions must be signed by their author" out &&
	git reset -q --hard HEAD~2
'

httpd_stop
test_done
