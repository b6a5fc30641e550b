# End-to-end test library, in the manner of git's t/test-lib.sh, written
# for this project. Each script sources it, runs test_expect_success
# blocks in one trash folder, then test_done. The built git-handoff comes
# first on PATH; HOME, git's config and every GIT_* variable are isolated,
# so `make check` behaves the same inside a hook, in CI, or by hand.

set -u
TEST_NAME=$(basename "$0" .sh)
SRC_ROOT=$(cd "$(dirname "$0")/../.." && pwd)
GIT_HANDOFF_BIN=${GIT_HANDOFF_BIN:-$SRC_ROOT/git-handoff}
case "$GIT_HANDOFF_BIN" in /*) ;; *) GIT_HANDOFF_BIN=$SRC_ROOT/$GIT_HANDOFF_BIN ;; esac

for v in $(env | sed -n 's/^\(GIT_[A-Za-z_]*\)=.*/\1/p'); do
	case "$v" in GIT_HANDOFF_*) ;; *) unset "$v" ;; esac
done
TRASH=$(mktemp -d "${TMPDIR:-/tmp}/handoff-$TEST_NAME.XXXXXX")
WORKDIR=$TRASH/work	# where every test case starts
mkdir -p "$TRASH/home" "$TRASH/bin" "$WORKDIR"
ln -s "$GIT_HANDOFF_BIN" "$TRASH/bin/git-handoff"
# the pre-commit hook's program, built beside it (one elsewhere on PATH is never used)
GIT_HANDOFF_PRE_COMMIT=${GIT_HANDOFF_BIN%/*}/git-handoff-pre-commit
if test -x "$GIT_HANDOFF_PRE_COMMIT"; then
	ln -s "$GIT_HANDOFF_PRE_COMMIT" "$TRASH/bin/git-handoff-pre-commit"
else
	printf '#!/bin/sh\necho "git-handoff-pre-commit: not built beside %s" >&2\nexit 2\n' \
		"$GIT_HANDOFF_BIN" >"$TRASH/bin/git-handoff-pre-commit"
	chmod +x "$TRASH/bin/git-handoff-pre-commit"
fi
PATH="$TRASH/bin:$PATH"
HOME="$TRASH/home"
GIT_CONFIG_NOSYSTEM=1
TZ=UTC LANG=C LC_ALL=C NO_COLOR=1
GIT_AUTHOR_NAME="Jane Doe" GIT_AUTHOR_EMAIL=jane@vendor.example
GIT_COMMITTER_NAME="Jane Doe" GIT_COMMITTER_EMAIL=jane@vendor.example
# a binary built with SANITIZE=address: two leaks of libgit2 1.5.1 are not ours
LSAN_OPTIONS="suppressions=$SRC_ROOT/tests/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export PATH HOME GIT_CONFIG_NOSYSTEM TZ LANG LC_ALL NO_COLOR LSAN_OPTIONS
export GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL
git config --global init.defaultBranch main
git config --global advice.detachedHead false

EXAMPLES="$SRC_ROOT/examples"
FIXTURES="$SRC_ROOT/tests/fixtures"
test_passed=0
test_failed=0
test_skipped=0
test_tick_at=1793520000	# 2026-11-02 08:00:00 UTC

# A clock that moves one minute per call, like git's test_tick.
test_tick() {
	test_tick_at=$((test_tick_at + ${1:-60}))
	GIT_AUTHOR_DATE="@$test_tick_at +0000"
	GIT_COMMITTER_DATE="@$test_tick_at +0000"
	# the server's clock, for the receipts a local push's hooks write
	GIT_HANDOFF_NOW=$test_tick_at
	export GIT_AUTHOR_DATE GIT_COMMITTER_DATE GIT_HANDOFF_NOW
}

# as <email> <git args>...: git run by that person (the email's local
# part the name) at the next test_tick, client hooks skipped
as() {
	email=$1
	shift
	test_tick &&
	GIT_AUTHOR_EMAIL=$email GIT_AUTHOR_NAME=${email%@*} \
	GIT_COMMITTER_EMAIL=$email GIT_COMMITTER_NAME=${email%@*} \
		git -c core.hooksPath=/dev/null "$@"
}

# commit_as <email> <date> <commit args>...: everything added and
# committed by that person at <date>, client hooks skipped
commit_as() {
	email=$1 date=$2
	shift 2
	git add -A &&
	GIT_AUTHOR_EMAIL=$email GIT_AUTHOR_DATE=$date \
	GIT_COMMITTER_EMAIL=$email GIT_COMMITTER_DATE=$date \
		git -c core.hooksPath=/dev/null commit -q "$@"
}

# commit_by <email> <name> <date> <message>: commit what is staged as
# that person at <date>, client hooks skipped
commit_by() {
	GIT_AUTHOR_EMAIL=$1 GIT_AUTHOR_NAME=$2 GIT_AUTHOR_DATE=$3 \
	GIT_COMMITTER_EMAIL=$1 GIT_COMMITTER_NAME=$2 GIT_COMMITTER_DATE=$3 \
		git -c core.hooksPath=/dev/null commit -q -m "$4"
}

# example_as <id> [intro]: the excellent example record as <id>; intro is
# its introduction's checklist line (unticked by default)
example_as() {
	sed -e "s/^id: D-2026-0142/id: $1/" \
	    -e "s/^- \[x\] Customer introduction sent.*/${2:-- [ ] Customer introduction sent}/" \
	    "$EXAMPLES/D-2026-0142-acme-logistics.md"
}

# jane_commits_example <id> <date> <message> [intro]: example_as <id>
# [intro] at handoffs/<id>.md, committed by Jane at <date>
jane_commits_example() {
	example_as "$1" ${4+"$4"} >"handoffs/$1.md" && git add -A &&
	commit_by jane@vendor.example "Jane Doe" "$2" "$3"
}

# rejected_twice <record>: Sam rejects it and Jane sets it back to
# pending, on 3 and on 4 November 2026 (09:00 and 12:00 +09:00)
rejected_twice() {
	for n in 1 2; do
		sed -i "s/^  status: .*/  status: rejected/" "$1" && git add -A &&
		commit_by sam@vendor.example "Sam Lee" 2026-11-0$((n + 2))T09:00:00+09:00 "reject $n" &&
		sed -i "s/^  status: .*/  status: pending/" "$1" && git add -A &&
		commit_by jane@vendor.example "Jane Doe" 2026-11-0$((n + 2))T12:00:00+09:00 "fix $n" || return 1
	done
}

# score_schema_error <sed script> <pattern>: with the built-in
# deal-handoff kind edited by the script in .handoff/schemas/, score
# exits 2 naming the schema's line and column, its error matching the
# (extended) pattern
score_schema_error() {
	mkdir -p .handoff/schemas &&
	sed "$1" "$SRC_ROOT/schemas/deal-handoff.yaml" >.handoff/schemas/deal-handoff.yaml &&
	{ test_expect_code 2 git handoff score 2>err || { cat err; return 1; }; } &&
	cat err && grep -E "deal-handoff.yaml:[0-9]+:[0-9]+: error: $2" err
}

# five_problems: the acme example with five problems: an enum, a
# minimum, a date format, a missing section, an unticked must-tick item.
# Every line but the section heading stays put.
five_problems() {
	sed -e 's/^segment: enterprise/segment: huge/' \
	    -e 's/^  acv: 150000/  acv: -5/' \
	    -e 's/^    due: 2026-12-18/    due: 2026-13-45/' \
	    -e '/^## Risk Factors/d' \
	    -e 's/^- \[x\] Deal summary complete/- [ ] Deal summary complete/' \
	    "$EXAMPLES/D-2026-0142-acme-logistics.md"
}

test_expect_success() {
	rm -f "$TRASH/skip"
	if (cd "$WORKDIR" && eval "$2") >"$TRASH/out" 2>&1; then
		if test -f "$TRASH/skip"; then
			test_skipped=$((test_skipped + 1))
			echo "skip - $1: $(cat "$TRASH/skip")"
			return
		fi
		test_passed=$((test_passed + 1))
		echo "ok - $1"
	else
		test_failed=$((test_failed + 1))
		echo "not ok - $1"
		sed 's/^/#   /' "$TRASH/out"
	fi
}

# test_skip <reason>: inside a test, say why it cannot run here, then
# `return 0`. The test counts as skipped, never as passed, and the reason
# is printed as a `skip -` line that tests/run.sh shows.
test_skip() {
	echo "$*" >"$TRASH/skip"
}

# under_valgrind: every git-handoff runs under valgrind (make valgrind),
# so what a test measures of the process is valgrind's, not ours.
under_valgrind() {
	test -n "${GIT_HANDOFF_VALGRIND:-}"
}

# test_expect_code <status> <command>...: the command exits with <status>.
test_expect_code() {
	want=$1
	shift
	"$@"
	got=$?
	if [ "$got" != "$want" ]; then
		echo "expected exit $want, got $got: $*" >&2
		return 1
	fi
	return 0
}

# test_cmp <expect> <actual>: the whole output, not a line of it; on a
# difference the unified diff is printed (shown under the failed test).
# Prefer it to grep: it also catches what should not be there.
test_cmp() {
	diff -u "$1" "$2" || {
		echo "test_cmp: $2 differs from $1 (- expected, + actual)" >&2
		return 1
	}
}

# A fresh repository with the handoff config in folder $1.
test_repo() {
	git init -q "$1" &&
	mkdir -p "$1/.handoff" "$1/handoffs" &&
	cat >"$1/.handoff/config.yaml" <<-CFG
	records: [handoffs/, transitions/, support/]
	people:
	  jane@vendor.example: {name: Jane Doe, roles: [sales], team: east}
	  sam@vendor.example: {name: Sam Lee, roles: [cs], team: east}
	  kim@vendor.example: {name: Kim Park, roles: [cs_manager]}
	CFG
}

# A checksum of a folder's every file, .git included, to prove that a
# read-only command changed nothing.
test_tree_hash() {
	(cd "$1" && find . -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum)
}

test_done() {
	test "$test_skipped" = 0 || echo "# $TEST_NAME: $test_skipped skipped"
	echo "# $TEST_NAME: $test_passed passed, $test_failed failed"
	rm -rf "$TRASH"
	[ "$test_failed" = 0 ]
}
