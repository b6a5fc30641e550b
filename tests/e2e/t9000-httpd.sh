#!/bin/sh
# The test server of lib-httpd.sh: apache2 and git-http-backend on a
# loopback port, basic auth on every request, git handoff's hooks in the
# served repository, and the authenticated login in REMOTE_USER.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-httpd.sh"
httpd_start

test_expect_success 'set-up: a served repository with the hooks, a hook that shows REMOTE_USER' '
	httpd_skip_unless_running && return 0
	git init -q --bare "$HTTPD_SRV/server.git" &&
	printf "#!/bin/sh\necho \"pusher: \$REMOTE_USER\" >&2\n" \
		>"$HTTPD_SRV/server.git/hooks/pre-receive" &&
	chmod +x "$HTTPD_SRV/server.git/hooks/pre-receive" &&
	httpd_repo server &&
	test -x "$HTTPD_SRV/server.git/hooks/pre-receive.local"
'

test_expect_success 'a push as olga reaches the hooks as olga' '
	httpd_skip_unless_running && return 0
	test_repo w && cd w && echo "  olga@vendor.example: {name: Olga Ops, roles: [ops]}" >>.handoff/config.yaml &&
	git add -A && test_tick && GIT_AUTHOR_EMAIL=olga@vendor.example git commit -q -m rules &&
	git push -q "$(httpd_url olga server)" main 2>err && cat err &&
	grep "remote: pusher: olga" err &&
	test "$(git -C "$HTTPD_SRV/server.git" rev-parse main)" = "$(git rev-parse HEAD)"
'

test_expect_success 'a clone as jane; without a password, or a wrong one, nothing' '
	httpd_skip_unless_running && return 0
	git clone -q "$(httpd_url jane server)" c &&
	test -f c/.handoff/config.yaml &&
	! GIT_TERMINAL_PROMPT=0 git ls-remote "http://127.0.0.1:$HTTPD_PORT/git/server.git" 2>err &&
	grep "401\|Authentication failed\|could not read Username" err &&
	! GIT_TERMINAL_PROMPT=0 git ls-remote "http://sam:wrong@127.0.0.1:$HTTPD_PORT/git/server.git" 2>err &&
	grep "Authentication failed\|401" err
'

httpd_stop
test_done
