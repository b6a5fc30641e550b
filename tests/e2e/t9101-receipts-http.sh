#!/bin/sh
# Receipts through a real HTTP server (lib-httpd.sh): the receipt names
# the login the web server authenticated, not the commit's author.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-httpd.sh"
httpd_start

test_expect_success 'a push as sam over HTTP: the receipt names sam, known by REMOTE_USER' '
	httpd_skip_unless_running && return 0
	httpd_repo server &&
	test -x "$HTTPD_SRV/server.git/hooks/post-receive" &&
	test_repo w && cd w &&
	echo "  olga@vendor.example: {name: Olga Ops, roles: [ops]}" >>.handoff/config.yaml &&
	git add -A && test_tick && GIT_AUTHOR_EMAIL=olga@vendor.example git commit -q -m rules &&
	git remote add origin "$(httpd_url sam server)" &&
	git handoff init >/dev/null &&
	git push -q origin main 2>err && cat err &&
	grep "remote: git-handoff: 1 receipt written" err &&
	git fetch -q origin &&
	git notes --ref=handoff show HEAD >note && cat note &&
	grep -x "pusher: sam" note && grep -x "via: REMOTE_USER" note &&
	grep -x "ref: refs/heads/main" note &&
	grep -E "^received: [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$" note
'

test_expect_success 'over HTTP too, a push to refs/notes/handoff is refused' '
	httpd_skip_unless_running && return 0
	cd w &&
	git notes --ref=handoff add -f -m "received: 2020-01-01T00:00:00Z" HEAD &&
	test_expect_code 1 git push origin +refs/notes/handoff 2>err && cat err &&
	grep "push refused: refs/notes/handoff" err
'

httpd_stop
test_done
