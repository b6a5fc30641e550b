#!/bin/sh
# init sets up a repository without clobbering; new writes a template that
# is a record (and, with its placeholders, an incomplete one).
. "$(dirname "$0")/lib.sh"

test_expect_success 'init writes the config, folders and hook' '
	git init -q r && cd r &&
	git handoff init >out &&
	test -f .handoff/config.yaml &&
	test -d handoffs && test -d transitions && test -d support &&
	test -x .git/hooks/pre-commit &&
	grep "git handoff hook pre-commit" .git/hooks/pre-commit
'

test_expect_success 'the config init writes is valid' '
	cd r && git handoff validate 2>err && grep "0 records checked" err
'

test_expect_success 'init again changes nothing and says so' '
	cd r && echo "# mine" >>.handoff/config.yaml &&
	git handoff init >out &&
	grep "kept the existing config" out &&
	grep "already installed" out &&
	tail -n 1 .handoff/config.yaml | grep "# mine"
'

test_expect_success 'init brings a hook of an earlier version up to date' '
	cd r && sed -i "s/exit 0/exit 0 # earlier/" .git/hooks/commit-msg &&
	git handoff init >out && grep "updated hook.*commit-msg" out &&
	grep "already installed.*pre-commit" out &&
	! grep "# earlier" .git/hooks/commit-msg && grep "git handoff hook" .git/hooks/commit-msg &&
	test -x .git/hooks/commit-msg && ! test -e .git/hooks/commit-msg.local &&
	git handoff init >out && grep "already installed.*commit-msg" out
'

test_expect_success 'an existing hook is kept and chained, not overwritten' '
	git init -q r2 && cd r2 &&
	printf "#!/bin/sh\necho theirs ran\nexit 0\n" >.git/hooks/pre-commit &&
	chmod +x .git/hooks/pre-commit &&
	git handoff init >out &&
	grep "echo theirs ran" .git/hooks/pre-commit.local &&
	git commit -q --allow-empty -m x >out 2>&1 &&
	grep "theirs ran" out
'

test_expect_success 'init honours core.hooksPath' '
	git init -q r3 && cd r3 &&
	git config core.hooksPath my-hooks &&
	git handoff init >out &&
	test -x my-hooks/pre-commit && ! test -e .git/hooks/pre-commit
'

test_expect_success 'new writes the template at the kind folder' '
	cd r && git handoff new deal-handoff D-2026-0001 --account "Acme \"Logi\": x" >out &&
	grep "created handoffs/D-2026-0001.md" out &&
	head -n 1 handoffs/D-2026-0001.md | grep "^---$" &&
	grep "^## Customer Overview" handoffs/D-2026-0001.md &&
	grep "^- \[ \] " handoffs/D-2026-0001.md
'

test_expect_success 'a new record parses, and is an incomplete draft until filled in' '
	cd r && git handoff validate handoffs/D-2026-0001.md 2>err &&
	grep "warning: .*placeholder" err && ! grep ": error: " err &&
	! grep -i "yaml" err
'

test_expect_success 'new never overwrites' '
	cd r && cp handoffs/D-2026-0001.md before &&
	test_expect_code 2 git handoff new deal-handoff D-2026-0001 2>err &&
	grep "already exists" err && cmp before handoffs/D-2026-0001.md
'

test_expect_success 'new refuses an id that is not a file name' '
	cd r && test_expect_code 2 git handoff new deal-handoff "../../etc/x" 2>err &&
	grep "not a valid id" err
'

test_expect_success 'new refuses an unknown kind' '
	cd r && test_expect_code 2 git handoff new no-such-kind X-1 2>err &&
	grep "unknown kind" err
'

test_expect_success 'new --lang ja writes Japanese headings' '
	cd r && git handoff new deal-handoff D-2026-0002 --lang ja -o - >out &&
	grep "^## 顧客概要" out
'

test_done
