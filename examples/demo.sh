#!/bin/sh
# make demo: build the demo repository from examples/ in a temporary
# folder and run the main job on it: validate every record, showing the
# passing ones and the failing ones with their messages.
#   examples/demo.sh [BIN [OUT]]: OUT (default build/demo) gets the HTML
#   report; with KEEP=1 the demo repository is kept there too, as OUT/repo.
set -u
bin=${1:-./git-handoff}
case "$bin" in /*) ;; *) bin=$(pwd)/$bin ;; esac
out=${2:-build/demo}
mkdir -p "$out" && out=$(cd "$out" && pwd) || exit 2
here=$(cd "$(dirname "$0")" && pwd)
dir=$(mktemp -d "${TMPDIR:-/tmp}/handoff-demo.XXXXXX")
if [ -n "${KEEP:-}" ]; then
	# the repository is the demo's result: keep it where the user asked
	trap 'rm -rf "$out/repo" && mv "$dir/repo" "$out/repo" &&
		echo "The demo repository is kept at $out/repo"; rm -rf "$dir"' EXIT
else
	trap 'rm -rf "$dir"' EXIT
fi
tools="$dir/bin"
mkdir -p "$tools"
ln -s "$bin" "$tools/git-handoff"
PATH="$tools:$PATH"
export PATH

sh "$here/demo-repo.sh" "$dir/repo" || exit 2

# as <email> <name> <command>...: run a command as that person
as() {
	email=$1 name=$2
	shift 2
	GIT_AUTHOR_EMAIL=$email GIT_AUTHOR_NAME=$name \
	GIT_COMMITTER_EMAIL=$email GIT_COMMITTER_NAME=$name "$@"
}
cd "$dir/repo" || exit 2

echo
echo "== The history: who wrote, completed, rejected and accepted what"
git log --format='%ad  %<(12,trunc)%an %s' --date=format:'%Y-%m-%d %H:%M' | cat
echo
echo "== git handoff validate: every record in the repository"
git handoff validate
status=$?
echo
echo "== The same as JSON (the machine contract), first lines"
git handoff validate --format json | head -c 600
echo
echo
echo "== After acceptance, a commitment's due date moved: what changed, by whom"
moved=$(git log --format=%H --grep="Okta SSO commitment" -1)
git handoff diff "$moved~1" "$moved"
echo
echo "== git handoff log: the Acme record's history as changes of meaning (newest first)"
git handoff log handoffs/D-2026-0142.md | head -n 40
echo "..."
echo
echo "== git handoff score --explain: the excellent Acme handoff and the substandard BrightPath one"
git handoff score --explain handoffs/D-2026-0142.md handoffs/D-2026-0157.md
echo
echo "== git handoff status: the board as it stood on 2026-11-06"
git handoff status --as-of 2026-11-06T09:00:00+09:00
echo
echo "== git handoff report --by rep, as of 4 December: the handoffs in flight (prov) apart"
git handoff report --by rep --as-of 2026-12-04T09:00:00Z
echo
echo "== git handoff report --by reason: why handoffs were sent back (the common failure patterns)"
git handoff report --by reason --as-of 2026-12-04T09:00:00Z
report=$out/report.html
git handoff report --by month --as-of 2026-12-04T09:00:00Z --format html -o "$report" 2>/dev/null
echo "The HTML report (charts, no scripts) is at $report"
echo
echo "== Three kinds of handoff: a planned and an unplanned account transition, a support handoff"
echo "-- scored on 4 December: the planned one is in flight, its score provisional"
git handoff score --as-of 2026-12-04T09:00:00Z \
	transitions/T-2026-0007.md transitions/T-2026-0009.md support/S-2026-0031.md
git handoff score --explain transitions/T-2026-0009.md | sed -n '1,8p'
echo "-- the board on 4 December, transitions and support only:"
git handoff status --as-of 2026-12-04T09:00:00Z | awk '/^[A-Z]-/ { show = ($1 ~ /^[TS]-/) } show'
echo
echo "== git handoff review: the packet CS reads on the Kumo Analytics pull request"
git handoff review handoffs/D-2026-0171.md --base HEAD~3 --format markdown | head -n 24
echo "..."
echo
echo "== CS rejects it, saying what is missing; the rep fixes it; CS accepts"
at() {	# the clock of the next commit
	GIT_AUTHOR_DATE=$1 GIT_COMMITTER_DATE=$1
	export GIT_AUTHOR_DATE GIT_COMMITTER_DATE
}
at 2026-12-04T10:00:00+09:00
as ana@vendor.example "Ana Souza" git handoff reject handoffs/D-2026-0171.md --commit \
	--gap "C3 (weekly check-ins) is only verbal: put it in the SOW"
git log -1 --format='%an: %B' | cat
sed -i -e 's/^    source: verbal/    source: sow/' -e 's/^  status: rejected/  status: pending/' \
	handoffs/D-2026-0171.md
at 2026-12-04T15:00:00+09:00
as omar@vendor.example "Omar Haddad" git commit -q -am "Kumo Analytics: weekly check-ins are in the SOW now"
at 2026-12-05T09:30:00+09:00
as ana@vendor.example "Ana Souza" git handoff accept handoffs/D-2026-0171.md --commit
git log -3 --format='%an: %s' | cat
echo
echo "== After acceptance, the rep moves a commitment without a reason (client hooks skipped)"
sed -i 's/^    due: 2027-01-29/    due: 2027-02-26/' handoffs/D-2026-0171.md
at 2026-12-07T11:00:00+09:00
as omar@vendor.example "Omar Haddad" git -c core.hooksPath=/dev/null commit -q -am "Kumo: later"
echo "== git handoff audit --after-acceptance: who changed what after acceptance, allowed or not"
git handoff audit --after-acceptance
echo
unset GIT_AUTHOR_DATE GIT_COMMITTER_DATE
echo "== A rep starts a new record: a draft commits with warnings; submitting it needs it complete"
git handoff init >/dev/null
git handoff new deal-handoff D-2026-0199 --account "Hoshi Foods" --ae jane@vendor.example \
	--csm sam@vendor.example
git add handoffs/D-2026-0199.md
GIT_AUTHOR_NAME="Jane Doe" GIT_AUTHOR_EMAIL=jane@vendor.example \
GIT_COMMITTER_NAME="Jane Doe" GIT_COMMITTER_EMAIL=jane@vendor.example \
	git commit -q -m "Start the Hoshi Foods handoff" 2>&1 | tail -n 3
echo "(the draft is committed: $(git log -1 --format=%s | cat))"
git handoff submit handoffs/D-2026-0199.md 2>&1 | tail -n 2
echo "(submit refused: the draft stays a draft until it is complete)"
echo
echo "demo done; 'git handoff validate' exited $status (1: some records are incomplete)"
