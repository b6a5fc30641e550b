#!/bin/sh
# make install: PREFIX and DESTDIR honoured; the installed binary finds its
# built-in kinds and hook wherever the tree is unpacked.
. "$(dirname "$0")/lib.sh"

test_expect_success 'install into a staging folder' '
	make -s -C "$SRC_ROOT" install DESTDIR="$TRASH/stage" PREFIX=/opt/gh >out 2>&1 &&
	test -x "$TRASH/stage/opt/gh/bin/git-handoff" &&
	test -x "$TRASH/stage/opt/gh/bin/git-handoff-pre-commit" &&
	test -f "$TRASH/stage/opt/gh/share/git-handoff/schemas/deal-handoff.yaml" &&
	test -x "$TRASH/stage/opt/gh/share/git-handoff/hooks/pre-commit" &&
	test -f "$TRASH/stage/opt/gh/lib/libhandoff.a" &&
	test -f "$TRASH/stage/opt/gh/include/handoff.h"
'

test_expect_success 'the installed binary validates with its installed kinds' '
	"$TRASH/stage/opt/gh/bin/git-handoff" schema list >out &&
	grep "^deal-handoff$" out &&
	"$TRASH/stage/opt/gh/bin/git-handoff" validate "$EXAMPLES/D-2026-0142-acme-logistics.md"
'

test_expect_success 'the installed binary installs its hook' '
	git init -q r && cd r &&
	"$TRASH/stage/opt/gh/bin/git-handoff" init >out &&
	grep "git handoff hook pre-commit" .git/hooks/pre-commit
'

test_expect_success 'the installed hook program loads no libgit2 and judges with the installed kinds' '
	readelf -d "$TRASH/stage/opt/gh/bin/git-handoff-pre-commit" >needed &&
	grep "NEEDED.*libpcre2" needed && ! grep "NEEDED.*libgit2" needed &&
	cd r && sed "/^## Risk Factors/d" "$EXAMPLES/D-2026-0142-acme-logistics.md" >handoffs/a.md &&
	git add handoffs/a.md &&
	test_expect_code 1 "$TRASH/stage/opt/gh/bin/git-handoff-pre-commit" 2>err &&
	grep "handoffs/a.md:[0-9]*:[0-9]*: error: /body/Risk Factors: missing section" err
'

test_expect_success 'uninstall removes what install put there' '
	make -s -C "$SRC_ROOT" uninstall DESTDIR="$TRASH/stage" PREFIX=/opt/gh &&
	! test -e "$TRASH/stage/opt/gh/bin/git-handoff" &&
	! test -e "$TRASH/stage/opt/gh/bin/git-handoff-pre-commit" &&
	! test -e "$TRASH/stage/opt/gh/share/git-handoff"
'

test_done
