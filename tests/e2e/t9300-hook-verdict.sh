#!/bin/sh
# The pre-commit hook leaves its verdict on what the commit records in
# .git/handoff/verdict, and the commit-msg hook of the same commit ends at
# once when it is clear (no staged record is material for an accepted
# handoff), in the shell, starting no program. Another commit's verdict
# or a damaged one means the full check, never a pass.
. "$(dirname "$0")/lib.sh"

# git-handoff itself, logged: the full commit-msg check runs it, the
# verdict does not; and the pre-commit hook's program, logged when the
# commit-msg hook starts it
mkdir -p "$TRASH/logbin"
printf '#!/bin/sh\necho "$*" >>"%s/full.log"\nexec "%s" "$@"\n' "$TRASH" "$GIT_HANDOFF_BIN" \
	>"$TRASH/logbin/git-handoff"
printf '#!/bin/sh\ncase "$1" in --commit-msg) echo "$*" >>"%s/started.log" ;; esac\nexec "%s" "$@"\n' \
	"$TRASH" "$GIT_HANDOFF_PRE_COMMIT" >"$TRASH/logbin/git-handoff-pre-commit"
chmod +x "$TRASH/logbin/git-handoff" "$TRASH/logbin/git-handoff-pre-commit"
PATH="$TRASH/logbin:$PATH"
FULL=$TRASH/full.log
STARTED=$TRASH/started.log

# commit_ok MESSAGE [OPTION...]: a commit that goes through
commit_ok() {
	msg=$1 && shift && rm -f "$FULL" "$STARTED" && test_tick && git commit -q -m "$msg" "$@"
}

# commit_refused MESSAGE: refused for want of a Handoff-Reason, nothing committed
commit_refused() {
	head=$(git rev-parse HEAD) && rm -f "$FULL" && test_tick &&
	test_expect_code 1 git commit -q -m "$1" 2>../err &&
	grep "without a .Handoff-Reason:. trailer" ../err &&
	test "$(git rev-parse HEAD)" = "$head"
}

# a change of the accepted record's body (not material), and of its acv (material)
body() { echo "Reviewed again on the call." >>handoffs/D-1.md && git add handoffs/D-1.md; }
acv() { sed -i "s/^  acv: .*/  acv: $1/" handoffs/D-1.md && git add handoffs/D-1.md; }

test_expect_success 'set-up: an accepted record and the hooks init installs' '
	test_repo r && cd r &&
	cp "$EXAMPLES/D-2026-0142-acme-logistics.md" handoffs/D-1.md &&
	grep "^  status: accepted" handoffs/D-1.md &&
	git add -A && test_tick && git commit -q -m "accepted" &&
	git handoff init >/dev/null && grep -- "--commit-msg" .git/hooks/commit-msg
'

test_expect_success 'a change that needs no reason: clear, and commit-msg starts no program' '
	cd r && body && commit_ok "body" && ! test -e "$FULL" && ! test -e "$STARTED" &&
	grep -x clear .git/handoff/verdict &&
	git show --stat HEAD | grep "handoffs/D-1.md"
'

test_expect_success 'a listing piped in keys the verdict to its git, when that is the parent or its parent' '
	cd r && body && rm -f .git/handoff/verdict &&
	listing="git diff --cached --raw -z --no-abbrev --no-renames && printf \"git-handoff: listed\\0\"" &&
	sh -c "$listing" | GIT_INDEX_FILE=.git/index GIT_HANDOFF_LISTED=1 git-handoff-pre-commit &&
	! test -e .git/handoff/verdict &&
	GIT_INDEX_FILE=.git/index sh -c "{ $listing; } | GIT_HANDOFF_LISTED=\$\$ git-handoff-pre-commit; echo \$\$ >../sh.pid" &&
	grep -x "git $(cat ../sh.pid) [0-9]*" .git/handoff/verdict &&
	git reset -q && git checkout -q HEAD -- handoffs/D-1.md
'

test_expect_success 'the reasons are the same found beside the check or after it (one processor)' '
	cd r && listing="git diff --cached --raw -z --no-abbrev --no-renames && printf \"git-handoff: listed\\0\"" &&
	for threads in 1 2; do
		body && rm -f .git/handoff/verdict &&
		GIT_HANDOFF_THREADS=$threads GIT_INDEX_FILE=.git/index \
			sh -c "{ $listing; } | GIT_HANDOFF_LISTED=\$\$ git-handoff-pre-commit" &&
		grep -x clear .git/handoff/verdict &&
		acv 1 && GIT_HANDOFF_THREADS=$threads GIT_INDEX_FILE=.git/index \
			sh -c "{ $listing; } | GIT_HANDOFF_LISTED=\$\$ git-handoff-pre-commit" &&
		! test -e .git/handoff/verdict &&
		git reset -q && git checkout -q HEAD -- handoffs/D-1.md || return 1
	done
'

test_expect_success 'a Handoff-Backfill: trailer is for the full check, in any case' '
	cd r && body && commit_ok "body" --trailer "handoff-BACKFILL: D-1" &&
	grep -- "--commit-msg" "$STARTED"
'

test_expect_success 'a material change without a reason is refused, and leaves no verdict' '
	cd r && acv 1 && commit_refused "smaller" && ! test -e .git/handoff/verdict &&
	grep "hook commit-msg" "$FULL" &&
	rm -f "$FULL" && test_tick &&
	git commit -q -m "smaller" --trailer "Handoff-Reason: the customer cut the scope" &&
	git log -1 --format=%B | grep "Handoff-Reason: the customer"
'

test_expect_success 'what a later hook stages goes to the next commit, judged by its hooks' '
	cd r && cat >.git/hooks/commit-msg.local <<-\EOF &&
	#!/bin/sh
	sed -i "s/^  acv: .*/  acv: 2/" handoffs/D-1.md && git add handoffs/D-1.md
	EOF
	chmod +x .git/hooks/commit-msg.local &&
	body && commit_ok "body, then acv behind its back" && ! test -e "$FULL" &&
	git show HEAD:handoffs/D-1.md >committed && ! grep "^  acv: 2$" committed &&
	git diff --cached --name-only | grep -x handoffs/D-1.md &&
	commit_refused "the acv it left staged" &&
	rm .git/hooks/commit-msg.local && git reset -q --hard
'

test_expect_success 'a clear verdict of another commit is never taken' '
	cd r && body && commit_ok "body" && cp .git/handoff/verdict ../old-verdict &&
	cat >.git/hooks/commit-msg.local <<-EOF &&
	#!/bin/sh
	cp "$PWD/../old-verdict" .git/handoff/verdict
	EOF
	chmod +x .git/hooks/commit-msg.local &&
	acv 3 && commit_refused "acv, with an old verdict put back" &&
	grep "hook commit-msg" "$FULL" &&
	rm .git/hooks/commit-msg.local && git reset -q --hard
'

test_expect_success 'a damaged verdict is ignored: the full check runs, and judges' '
	cd r && for damage in "truncate -s 40" "sed -i s/verdict/verdicT/" "sed -i s/clear/clean/" \
		"sed -i s/^git.[0-9]*/git.1/" "sed -i s/clear/clear\\nclear/" \
		"truncate -s 0" "dd if=/dev/urandom bs=64 count=1 of=" "rm -f" "mkdir -p"; do
		cat >.git/hooks/commit-msg.local <<-EOF &&
		#!/bin/sh
		f=.git/handoff/verdict
		case "$damage" in
		*of=) $damage\$f 2>/dev/null ;;
		mkdir*) rm -f \$f && $damage \$f/x ;;
		*) $damage \$f ;;
		esac
		exit 0
		EOF
		chmod +x .git/hooks/commit-msg.local &&
		body && commit_ok "body, $damage" && grep "hook commit-msg" "$FULL" &&
		acv 4 && commit_refused "acv, $damage" && git reset -q --hard &&
		rm -rf .git/handoff/verdict || return 1
	done &&
	rm .git/hooks/commit-msg.local
'

test_expect_success 'git commit -a and git commit <path>: the verdict of the index git makes' '
	cd r && echo "Seen again." >>handoffs/D-1.md && commit_ok "-a" -a && ! test -e "$FULL" &&
	echo "Seen once more." >>handoffs/D-1.md && rm -f "$FULL" && test_tick &&
	git commit -q -m path handoffs/D-1.md && ! test -e "$FULL" &&
	sed -i "s/^  acv: .*/  acv: 5/" handoffs/D-1.md && head=$(git rev-parse HEAD) &&
	test_expect_code 1 git commit -q -a -m "acv -a" 2>../err &&
	grep "Handoff-Reason" ../err && test "$(git rev-parse HEAD)" = "$head" &&
	git reset -q --hard
'

test_expect_success 'a linked worktree keeps its verdict in its own git folder' '
	cd r && git worktree add -q ../wt && cd ../wt && body && commit_ok "in wt" &&
	! test -e "$FULL" && test -f ../r/.git/worktrees/wt/handoff/verdict &&
	acv 6 && commit_refused "acv in wt"
'

test_expect_success 'a merge runs commit-msg without pre-commit: never a verdict, the full check' '
	cd r && git reset -q --hard && git checkout -q -b side && acv 7 && test_tick &&
	git commit -q -m side --trailer "Handoff-Reason: side" && git checkout -q main &&
	body && commit_ok "body on main" && rm -f "$FULL" && test_tick &&
	test_expect_code 1 git merge -q --no-ff -m "merge side" side 2>../err &&
	grep "hook commit-msg" "$FULL" && { git merge --abort || git reset -q --hard; }
'

test_done
