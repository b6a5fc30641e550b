#!/bin/sh
# validate of named files on disk: what is read, and what is refused
# before a byte of it is read: a symbolic link (an annex key or nothing),
# a fifo (never waited on), a folder, a missing file, an unreadable one;
# a record past the size limit, and an empty one.
. "$(dirname "$0")/lib.sh"

test_expect_success 'links, a fifo, a folder and a missing file: each named, none followed' '
	test_repo r && cd r &&
	printf -- "---\nid: [\n---\n" >../outside.md &&
	ln -s ../../outside.md handoffs/link.md &&
	ln -s ../.git/annex/objects/aa/bb/SHA256E-s10--x.md/SHA256E-s10--x.md handoffs/annex.md &&
	mkfifo handoffs/fifo.md && mkdir handoffs/folder.md &&
	test_expect_code 1 git handoff validate handoffs/link.md handoffs/fifo.md \
		handoffs/folder.md handoffs/annex.md handoffs/missing.md >out 2>err &&
	cat >expect <<-\EOF &&
	handoffs/link.md: error: a symbolic link, not a record
	handoffs/fifo.md: error: not a regular file
	handoffs/folder.md: error: not a regular file
	handoffs/annex.md:1:1: warning: a git-annex pointer, not the record itself: not checked (run '\''git annex get'\'')
	handoffs/missing.md: error: cannot read '\''handoffs/missing.md'\'': No such file or directory
	5 records checked, 4 with problems (4 errors)
	EOF
	test_cmp expect err && test_cmp /dev/null out
'

test_expect_success 'a file it may not open is named with why' '
	if test "$(id -u)" = 0; then
		test_skip "root opens any file"
		return 0
	fi
	test_repo u && cd u &&
	cp "$EXAMPLES/D-2026-0142-acme-logistics.md" handoffs/closed.md &&
	chmod 000 handoffs/closed.md &&
	test_expect_code 1 git handoff validate handoffs/closed.md 2>err
	status=$?
	chmod 644 handoffs/closed.md
	test $status = 0 &&
	cat >expect <<-\EOF &&
	handoffs/closed.md: error: cannot open '\''handoffs/closed.md'\'': Permission denied
	1 record checked, 1 with problems (1 error)
	EOF
	test_cmp expect err
'

test_expect_success 'a record read whole, files past the limit by their size, an empty one' '
	test_repo s && cd s &&
	cp "$EXAMPLES/D-2026-0142-acme-logistics.md" handoffs/whole.md &&
	git handoff validate handoffs/whole.md 2>err &&
	echo "1 record checked, 0 with problems (0 errors)" >expect &&
	test_cmp expect err &&
	head -c 1048577 /dev/zero | tr "\0" x >handoffs/big.md &&
	head -c 2097152 /dev/zero | tr "\0" x >handoffs/bigger.md &&
	: >handoffs/empty.md &&
	test_expect_code 1 git handoff validate handoffs/big.md handoffs/bigger.md \
		handoffs/empty.md 2>err &&
	cat >expect <<-\EOF &&
	handoffs/big.md:1:1: error: file is 1048577 bytes, over the 1048576 byte limit
	handoffs/bigger.md:1:1: error: file is 2097152 bytes, over the 1048576 byte limit
	handoffs/empty.md:1:1: error: missing front matter: a record starts with a '\''---'\'' line
	3 records checked, 3 with problems (3 errors)
	EOF
	test_cmp expect err
'

test_done
