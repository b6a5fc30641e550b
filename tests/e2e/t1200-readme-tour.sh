#!/bin/sh
# The README's tour, run as it is written: the shell block under "## A
# tour", in a fresh folder, with an $EDITOR that fills the record in from
# the Acme example (its decision taken out). It must end with a handoff
# accepted by CS, and no command of it may fail for usage or trouble
# (exit 2 or more); a refusal (1) is part of the story.
. "$(dirname "$0")/lib.sh"

test_expect_success 'the README tour, verbatim, ends with an accepted handoff' '
	unset GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL &&
	git config --global user.name "Lee Ops" && git config --global user.email lee@vendor.example &&
	cat >"$TRASH/editor" <<-\EOF &&
	#!/bin/sh
	sed -e "/^acceptance:/,/^---/{/^acceptance:/!{/^---/!d}}" \
	    -e "s/^acceptance:.*/acceptance: {status: pending}/" "$ACME" >"$1"
	EOF
	chmod +x "$TRASH/editor" && EDITOR=$TRASH/editor &&
	ACME=$EXAMPLES/D-2026-0142-acme-logistics.md && export EDITOR ACME &&
	python3 - "$SRC_ROOT/README.md" "$TRASH/trouble" >tour.sh <<-\PY &&
	import re, shlex, sys
	text = open(sys.argv[1]).read()
	block = re.search(r"## A tour\n.*?```sh\n(.*?)```", text, re.S).group(1)
	for line in block.replace("\\\n", " ").splitlines():
	    code = line.split("  #")[0].strip()
	    if not code or code.startswith("#"):
	        continue
	    # each line as written; what fails for trouble is kept
	    print(line)
	    print("st=$?; [ $st -lt 2 ] || echo \"exit $st:\" %s >>%s"
	          % (shlex.quote(code), shlex.quote(sys.argv[2])))
	PY
	test $(grep -c "^git handoff\|^GIT_AUTHOR" tour.sh) -ge 10 &&
	sh tour.sh >tour.out 2>&1; cat tour.out &&
	! test -e "$TRASH/trouble" &&
	cd acme-handoffs &&
	git log -1 --format="%an <%ae>%n%(trailers:key=Handoff-Decision)" >../actual &&
	printf "Sam Lee <sam@vendor.example>\\nHandoff-Decision: accepted\\n\\n" >../expect &&
	test_cmp ../expect ../actual &&
	sed -n "/^acceptance:/,/^---/p" handoffs/D-2026-0142.md >../block &&
	grep "status: accepted" ../block && grep "by: sam@vendor.example" ../block &&
	git handoff validate && git status --porcelain >../status && test_cmp /dev/null ../status
'

test_done
