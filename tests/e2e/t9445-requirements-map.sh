#!/bin/sh
# docs/requirements.md maps every requirement of the articles to the
# schema pointer or command that implements it and to a test; the map is
# kept true by tests/requirements-map.py: every pointer resolves, every
# command and option exists, every named test exists, nothing says "no".
. "$(dirname "$0")/lib.sh"

test_expect_success 'every requirement is implemented and tested, by name' '
	if ! python3 -c "import yaml" 2>/dev/null; then test_skip "python3-yaml is not installed (make deps)"; return 0; fi
	python3 "$SRC_ROOT/tests/requirements-map.py" >out; status=$?; cat out &&
	test $status = 0 && grep "^requirements-map: [0-9]* requirements, each implemented and tested$" out
'

test_expect_success 'the map finds a pointer, an option or a test that is not there' '
	if ! python3 -c "import yaml" 2>/dev/null; then test_skip "python3-yaml is not installed (make deps)"; return 0; fi
	mkdir -p copy/tests copy/docs && cp -R "$SRC_ROOT/schemas" "$SRC_ROOT/cmd" copy/ &&
	mkdir -p copy/tests/e2e && cp "$SRC_ROOT"/tests/e2e/t*.sh copy/tests/e2e/ &&
	cp "$SRC_ROOT/tests/requirements-map.py" "$SRC_ROOT/tests/fixture_titles.py" copy/tests/ &&
	sed -e "s|sla/name=agenda_sent\`|sla/name=agenda_sendt\`|" \
	    -e "s|\`git handoff report --by reason\`|\`git handoff report --by-reason\`|" \
	    -e "s|t9420 .report --by reason: a row per reason, its handoffs and the rejections giving it.|t9420 '"'"'no such test'"'"'|" \
	    -e "s/^| D33 | .*/| D33 | 000:921 | blank | no | no |/" \
	    "$SRC_ROOT/docs/requirements.md" >copy/docs/requirements.md &&
	test_expect_code 1 python3 copy/tests/requirements-map.py >out; cat out &&
	grep "D19: schemas/deal-handoff.yaml has nothing at /x-handoff/sla/name=agenda_sendt" out &&
	grep "D51: .report. has no option --by-reason" out &&
	grep "D51: t9420 has no test .no such test." out &&
	grep "D33: a cell is empty or says no" out
'

test_done
