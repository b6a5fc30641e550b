#!/bin/sh
# make demo (examples/demo.sh): it runs the main job on a repository with
# a real history, writes the HTML report where the user can find it, and
# keeps the repository when asked (KEEP=1), else leaves nothing behind.
. "$(dirname "$0")/lib.sh"

test_expect_success 'the demo runs, and its HTML report is in the folder it names' '
	TMPDIR=$TRASH/tmp && mkdir "$TMPDIR" && export TMPDIR &&
	sh "$SRC_ROOT/examples/demo.sh" "$GIT_HANDOFF_BIN" out >log 2>&1 &&
	grep "^demo done" log &&
	grep "The HTML report (charts, no scripts) is at $PWD/out/report.html" log &&
	grep -q "<svg" out/report.html &&
	! test -e out/repo && test -z "$(ls "$TMPDIR")"
'

test_expect_success 'KEEP=1 keeps the demo repository, with its history, and says where' '
	KEEP=1 sh "$SRC_ROOT/examples/demo.sh" "$GIT_HANDOFF_BIN" kept >log 2>&1 &&
	grep "The demo repository is kept at $PWD/kept/repo" log &&
	git -C kept/repo log --oneline >commits && test $(wc -l <commits) -gt 15 &&
	(cd kept/repo && git handoff score handoffs/D-2026-0142.md) >score &&
	grep "D-2026-0142" score
'

test_done
