#!/bin/sh
# The command line itself: help, usage errors, exit codes, -C, output errors.
. "$(dirname "$0")/lib.sh"

test_expect_success 'git finds git-handoff as "git handoff"' '
	git handoff -h >out &&
	grep "usage: git handoff" out
'

test_expect_success 'every command answers --help with exit 0' '
	for c in init new validate schema hook; do
		git handoff $c --help >out || return 1
		grep "usage: git handoff $c" out || return 1
	done
'

test_expect_success 'an unknown command is a usage error (2)' '
	test_expect_code 2 git handoff crate 2>err &&
	echo "git-handoff: unknown command '"'"'crate'"'"'; see '"'"'git handoff --help'"'"'" >expect &&
	test_cmp expect err
'

test_expect_success 'an unknown option is a usage error (2)' '
	test_expect_code 2 git handoff validate --nope 2>err &&
	cat >expect <<-\EOF &&
	git-handoff: unknown option '"'"'--nope'"'"'
	see '"'"'git handoff validate --help'"'"'
	EOF
	test_cmp expect err
'

test_expect_success 'outside a repository, validate with no paths says so (2)' '
	mkdir -p norepo && cd norepo &&
	GIT_CEILING_DIRECTORIES=$(pwd)/.. test_expect_code 2 git handoff validate 2>err &&
	echo "git-handoff: not a git repository (or any of the parent folders)" >expect &&
	test_cmp expect err
'

test_expect_success '-C runs in another folder' '
	test_repo r0 &&
	git handoff -C r0 validate >out 2>err &&
	echo "0 records checked, 0 with problems (0 errors)" >expect &&
	test_cmp expect err && test_cmp /dev/null out
'

test_expect_success 'a full disk is an error, not a success' '
	test_repo r1 &&
	test_expect_code 2 git handoff -C r1 validate --format json >/dev/full
'

test_expect_success 'schema list names the built-in kinds' '
	git handoff schema list >out &&
	grep "^deal-handoff$" out
'

test_done
