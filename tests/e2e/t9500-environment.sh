#!/bin/sh
# The variables the library acts on are read by the command and handed
# over once (cmd/process.c): each still reaches the code that needs it.
. "$(dirname "$0")/lib.sh"

test_expect_success 'TZDIR names where time zones are read from' '
	test_repo r && cd r &&
	TZDIR=/nonexistent/zoneinfo test_expect_code 2 \
		git handoff export --tz Asia/Tokyo >out 2>err &&
	echo "git-handoff: cannot export: unknown time zone '"'"'Asia/Tokyo'"'"' (no /nonexistent/zoneinfo/Asia/Tokyo)" >expect &&
	test_cmp expect err && test_cmp /dev/null out &&
	git handoff export --tz Asia/Tokyo >out
'

test_expect_success 'HANDOFF_SCHEMA_DIR replaces the built-in kinds' '
	mkdir kinds && cp "$SRC_ROOT/schemas/deal-handoff.yaml" kinds/only-this.yaml &&
	HANDOFF_SCHEMA_DIR=$(pwd)/kinds git handoff schema list >out &&
	echo only-this >expect && test_cmp expect out
'

test_expect_success 'GIT_INDEX_FILE names the index judged, from where git-handoff started' '
	test_repo s && (cd s && git commit -q --allow-empty -m base) &&
	printf "%s\n" "---" "kind: deal-handoff" "id: X" "---" >s/handoffs/x.md &&
	(cd s && GIT_INDEX_FILE=.git/other git add handoffs/x.md) &&
	git handoff -C s validate --staged 2>err &&
	GIT_INDEX_FILE=s/.git/other test_expect_code 1 git handoff -C s validate --staged 2>err &&
	grep "^handoffs/x.md:" err
'

test_done
