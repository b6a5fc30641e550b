# A real git server for end-to-end tests: Debian's apache2 serving
# git-http-backend over HTTP on a loopback port, with basic auth on every
# request, so that REMOTE_USER reaches the hooks as it does on a real
# server. Source it after lib.sh, at the top level of a script (not inside
# a test: the server must outlive the test's subshell):
#
#	. "$(dirname "$0")/lib.sh"
#	. "$(dirname "$0")/lib-httpd.sh"
#	httpd_start
#	test_expect_success 'a push as sam' '
#		httpd_skip_unless_running && return 0
#		httpd_repo server &&
#		git clone -q "$(httpd_url sam server)" c && ...
#	'
#	httpd_stop
#	test_done
#
# Users (login and password): jane, sam, kim and olga, the people of
# test_repo and t5000 (jane sales, sam cs, kim cs_manager, olga ops); the
# password of each is "pw-<login>". httpd_start never fails the script:
# when apache2 is missing or will not start, HTTPD_SKIP says why and
# httpd_skip_unless_running turns that into a test_skip.
#
# Apache refuses to serve as root; run as root it serves as www-data (or
# nobody), so the server's folders are given to that user (httpd_repo) and
# every user's git trusts every repository (safe.directory).

HTTPD_ROOT=$TRASH/httpd		# config, logs, pid; the hooks' HOME is $HOME
HTTPD_SRV=$TRASH/srv		# GIT_PROJECT_ROOT: the served bare repositories
HTTPD_USERS="jane sam kim olga"
HTTPD_PORT=
HTTPD_PID=
HTTPD_SKIP=
HTTPD_OWNER=

httpd_find() {
	for b in "$(command -v apache2 2>/dev/null)" /usr/sbin/apache2; do
		test -n "$b" && test -x "$b" && { echo "$b"; return 0; }
	done
	return 1
}

# httpd_config <port>: write $HTTPD_ROOT/httpd.conf for that port
httpd_config() {
	m=/usr/lib/apache2/modules
	{
		for mod in mpm_prefork authz_core authz_user authn_core authn_file \
			auth_basic alias cgi env setenvif; do
			echo "LoadModule ${mod}_module $m/mod_$mod.so"
		done
		cat <<-CONF
		ServerRoot "$HTTPD_ROOT"
		ServerName 127.0.0.1
		Listen 127.0.0.1:$1
		PidFile "$HTTPD_ROOT/httpd.pid"
		DefaultRuntimeDir "$HTTPD_ROOT/run"
		Mutex file:$HTTPD_ROOT/run default
		ErrorLog "$HTTPD_ROOT/error.log"
		LogLevel notice
		LogFormat "%h %u \"%r\" %>s" common
		CustomLog "$HTTPD_ROOT/access.log" common
		StartServers 1
		MinSpareServers 1
		MaxSpareServers 2
		DocumentRoot "$HTTPD_ROOT/docs"
		CONF
		test -z "$HTTPD_OWNER" || printf 'User %s\nGroup %s\n' \
			"$HTTPD_OWNER" "$(id -gn "$HTTPD_OWNER")"
		cat <<-CONF
		SetEnv GIT_PROJECT_ROOT "$HTTPD_SRV"
		SetEnv GIT_HTTP_EXPORT_ALL 1
		PassEnv PATH HOME TZ LANG LC_ALL GIT_CONFIG_NOSYSTEM LSAN_OPTIONS
		ScriptAlias /git/ /usr/lib/git-core/git-http-backend/
		<Location /git/>
			AuthType Basic
			AuthName "git-handoff tests"
			AuthBasicProvider file
			AuthUserFile "$HTTPD_ROOT/htpasswd"
			Require valid-user
		</Location>
		CONF
	} >"$HTTPD_ROOT/httpd.conf"
}

# httpd_start: start the server on a free loopback port, or set HTTPD_SKIP
httpd_start() {
	bin=$(httpd_find) || {
		HTTPD_SKIP="apache2 is not installed (tests/deps.sh installs it)"
		return 0
	}
	command -v setsid >/dev/null 2>&1 || {
		HTTPD_SKIP="setsid is not installed (util-linux)"
		return 0
	}
	test -x /usr/lib/git-core/git-http-backend || {
		HTTPD_SKIP="git-http-backend is not in /usr/lib/git-core"
		return 0
	}
	if [ "$(id -u)" = 0 ]; then
		HTTPD_OWNER=www-data
		id -u "$HTTPD_OWNER" >/dev/null 2>&1 || HTTPD_OWNER=nobody
		# the served user reaches the binary, HOME and the repositories:
		# the programs are copied in, since the checkout they were built
		# in may be a folder only its owner can enter (a mktemp -d clone)
		for f in "$TRASH"/bin/*; do
			test -L "$f" || continue
			cp -L "$f" "$f.copy" && mv "$f.copy" "$f" || {
				HTTPD_SKIP="cannot copy $f for the served user"
				return 0
			}
		done
		# and beside them the data they find there: kinds and hook scripts
		mkdir -p "$TRASH/bin/schemas/mappings" "$TRASH/bin/hooks" &&
		cp "$SRC_ROOT"/schemas/*.yaml "$TRASH/bin/schemas/" &&
		cp "$SRC_ROOT"/schemas/mappings/*.yaml "$TRASH/bin/schemas/mappings/" &&
		cp "$SRC_ROOT"/hooks/pre-commit "$SRC_ROOT"/hooks/commit-msg \
			"$SRC_ROOT"/hooks/pre-receive "$SRC_ROOT"/hooks/post-receive "$TRASH/bin/hooks/" || {
			HTTPD_SKIP="cannot copy the kinds and hooks for the served user"
			return 0
		}
		chmod 755 "$TRASH" && chmod -R a+rX "$TRASH/home" "$TRASH/bin"
	fi
	mkdir -p "$HTTPD_ROOT/run" "$HTTPD_ROOT/docs" "$HTTPD_SRV" &&
	git config --global --add safe.directory '*' || {
		HTTPD_SKIP="cannot prepare $HTTPD_ROOT"
		return 0
	}
	command -v htpasswd >/dev/null 2>&1 || {
		HTTPD_SKIP="htpasswd is not installed (apache2-utils)"
		return 0
	}
	: >"$HTTPD_ROOT/htpasswd"
	for u in $HTTPD_USERS; do
		htpasswd -b "$HTTPD_ROOT/htpasswd" "$u" "pw-$u" 2>/dev/null || {
			HTTPD_SKIP="htpasswd failed"
			return 0
		}
	done
	test -z "$HTTPD_OWNER" || chown -R "$HTTPD_OWNER" "$HTTPD_SRV"
	tries=0
	while [ $tries -lt 20 ]; do
		tries=$((tries + 1))
		port=$(awk -v s="$$$tries" 'BEGIN { srand(s); print 20000 + int(rand() * 40000) }')
		httpd_config "$port"
		: >"$HTTPD_ROOT/error.log"
		# setsid: stopping, apache signals its whole process group, not ours
		setsid "$bin" -f "$HTTPD_ROOT/httpd.conf" -DFOREGROUND \
			</dev/null >>"$HTTPD_ROOT/stderr.log" 2>&1 &
		HTTPD_PID=$!
		# serving, or gone (a port in use: try another)
		while kill -0 "$HTTPD_PID" 2>/dev/null &&
			! grep -q "resuming normal operations" "$HTTPD_ROOT/error.log"; do
			sleep 0.1
		done
		if kill -0 "$HTTPD_PID" 2>/dev/null; then
			HTTPD_PORT=$port
			trap 'httpd_stop' EXIT
			trap 'httpd_stop; exit 130' INT TERM
			return 0
		fi
		wait "$HTTPD_PID" 2>/dev/null
		HTTPD_PID=
		grep -qi "address already in use" "$HTTPD_ROOT/error.log" \
			"$HTTPD_ROOT/stderr.log" || break
	done
	HTTPD_SKIP="apache2 did not start: $(tail -q -n 1 "$HTTPD_ROOT/stderr.log" "$HTTPD_ROOT/error.log" 2>/dev/null | tr '\n' ' ')"
	return 0
}

# httpd_stop: stop the server, if it runs; safe to call twice
httpd_stop() {
	test -n "$HTTPD_PID" || return 0
	kill "$HTTPD_PID" 2>/dev/null && wait "$HTTPD_PID" 2>/dev/null
	HTTPD_PID=
	return 0
}

# inside a test: `httpd_skip_unless_running && return 0`
httpd_skip_unless_running() {
	test -n "$HTTPD_PORT" && return 1
	test_skip "${HTTPD_SKIP:-httpd_start was not called}"
	return 0
}

# httpd_repo <name> [<git handoff init option>...]: a bare repository
# $HTTPD_SRV/<name>.git with the hooks `git handoff init` installs
httpd_repo() {
	name=$1
	shift
	git init -q --bare "$HTTPD_SRV/$name.git" &&
	git handoff -C "$HTTPD_SRV/$name.git" init "$@" >/dev/null &&
	httpd_own
}

# httpd_people [<config line>...]: in the work tree, a config of records in
# handoffs/, the lines given, and four people with their server logins:
# jane (sales), sam (cs), kim (cs_manager) and olga (ops)
httpd_people() {
	{
		echo "records: [handoffs/]"
		for line in "$@"; do echo "$line"; done
		cat <<-CFG
		people:
		  jane@vendor.example: {name: Jane Doe, roles: [sales], logins: [jane]}
		  sam@vendor.example: {name: Sam Lee, roles: [cs], logins: [sam]}
		  kim@vendor.example: {name: Kim Park, roles: [cs_manager], logins: [kim]}
		  olga@vendor.example: {name: Olga Ops, roles: [ops], logins: [olga]}
		CFG
	} >.handoff/config.yaml
}

# httpd_own: after the test changed a served repository as itself, give
# the server's folders back to the user the server runs as
httpd_own() {
	test -z "$HTTPD_OWNER" || chown -R "$HTTPD_OWNER" "$HTTPD_SRV"
}

# httpd_url <user> <name>: the URL to clone <name> as <user>, password in it
httpd_url() {
	echo "http://$1:pw-$1@127.0.0.1:$HTTPD_PORT/git/$2.git"
}

# httpd_push_refused <login> <repo> <pattern>: a push of main to <repo>
# as <login> is refused (exit 1), its errors (shown) matching <pattern>;
# the refused commit is then undone
httpd_push_refused() {
	test_expect_code 1 git push -q "$(httpd_url "$1" "$2")" main 2>err && cat err &&
	grep "$3" err &&
	git reset -q --hard HEAD~1
}
