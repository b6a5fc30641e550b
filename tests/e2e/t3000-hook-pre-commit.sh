#!/bin/sh
# The pre-commit hook judges what is being committed: the staged blobs,
# through the index git names in GIT_INDEX_FILE; never the work tree.
. "$(dirname "$0")/lib.sh"

good="$EXAMPLES/D-2026-0142-acme-logistics.md"
# the same record without its Risk Factors heading: incomplete
break_record() { sed '/^## Risk Factors/d' "$good" >"$1"; }

test_expect_success 'set up a repository with the hook installed' '
	test_repo r && cd r && git handoff init >/dev/null &&
	git add .handoff && test_tick && git commit -q -m config
'

test_expect_success 'a complete record is committed' '
	cd r && cp "$good" handoffs/acme.md && git add handoffs/acme.md &&
	test_tick && git commit -q -m "Acme handoff" &&
	git log --format=%s -1 | grep "Acme handoff"
'

test_expect_success 'the hook runs git-handoff-pre-commit, not git-handoff, when it is on PATH' '
	cd r && mkdir -p ../decoy && printf "#!/bin/sh\nexit 99\n" >../decoy/git-handoff &&
	chmod +x ../decoy/git-handoff && break_record handoffs/acme.md && git add handoffs/acme.md &&
	test_tick && PATH="$(pwd)/../decoy:$PATH" test_expect_code 1 git commit -q -m broken 2>err &&
	grep "handoffs/acme.md:[0-9]*:[0-9]*: error: /body/Risk Factors: missing section" err &&
	git reset -q && git checkout -q HEAD -- handoffs/acme.md
'

test_expect_success 'an incomplete staged record is refused with file:line:col' '
	cd r && break_record handoffs/acme.md && git add handoffs/acme.md &&
	cp "$good" handoffs/acme.md &&
	test_tick && test_expect_code 1 git commit -q -m broken 2>err &&
	grep "handoffs/acme.md:[0-9]*:[0-9]*: error: /body/Risk Factors: missing section" err &&
	grep "commit refused" err &&
	git log --format=%s -1 | grep "Acme handoff"
'

test_expect_success 'the hook lists what is staged beside its program, and takes only a whole listing' '
	cd r && break_record handoffs/acme.md && git add handoffs/acme.md &&
	GIT_INDEX_FILE=.git/index test_expect_code 1 sh .git/hooks/pre-commit 2>listed &&
	GIT_INDEX_FILE=.git/index test_expect_code 1 git-handoff-pre-commit 2>own &&
	test_cmp own listed && grep "missing section" listed &&
	git reset -q && git checkout -q HEAD -- handoffs/acme.md &&
	printf "DIRC garbage" >bad-index &&
	GIT_INDEX_FILE=bad-index test_expect_code 2 sh .git/hooks/pre-commit 2>err &&
	grep "git diff --cached. failed or was cut short" err &&
	printf ":100644 100644 %s" "$(git rev-parse HEAD:handoffs/acme.md)" |
		GIT_INDEX_FILE=.git/index GIT_HANDOFF_LISTED=$$ \
		test_expect_code 2 git-handoff-pre-commit 2>err &&
	grep "unexpected output of .git diff --cached --raw" err
'

test_expect_success 'on one processor (no kinds compiled ahead) the verdict is the same' '
	cd r && break_record handoffs/acme.md && git add handoffs/acme.md &&
	GIT_INDEX_FILE=.git/index GIT_HANDOFF_THREADS=1 \
		test_expect_code 1 git-handoff-pre-commit 2>err1 &&
	GIT_INDEX_FILE=.git/index test_expect_code 1 git-handoff-pre-commit 2>err2 &&
	test_cmp err1 err2 && grep "missing section" err1 &&
	git reset -q && git checkout -q HEAD -- handoffs/acme.md
'

test_expect_success 'a kind the commit adds to .handoff/schemas judges it, not the built-in' '
	cd r && mkdir -p .handoff/schemas &&
	sed "s/^required:$/required:\n  - cs_notes/" "$SRC_ROOT/schemas/deal-handoff.yaml" \
		>.handoff/schemas/deal-handoff.yaml &&
	! cmp -s "$SRC_ROOT/schemas/deal-handoff.yaml" .handoff/schemas/deal-handoff.yaml &&
	sed -i "s/Acme/Acme Co/" handoffs/acme.md && git add .handoff/schemas handoffs/acme.md &&
	test_tick && test_expect_code 1 git commit -q -m "a stricter kind" 2>err &&
	grep "handoffs/acme.md.*cs_notes" err &&
	git reset -q && rm -r .handoff/schemas && git checkout -q HEAD -- handoffs/acme.md
'

test_expect_success 'a complete staged record passes though the work tree copy is broken' '
	cd r && cp "$good" handoffs/acme.md &&
	sed "s/Acme/Acme Corp/" handoffs/acme.md >tmp && mv tmp handoffs/acme.md &&
	git add handoffs/acme.md && break_record handoffs/acme.md &&
	test_tick && git commit -q -m "rename account" &&
	git log --format=%s -1 | grep "rename account"
'

test_expect_success 'git commit -a is judged on what it commits' '
	cd r && test_tick && test_expect_code 1 git commit -q -a -m "commit -a broken" 2>err &&
	grep "missing section" err &&
	cp "$good" handoffs/acme.md && test_tick && git commit -q -a -m "commit -a good" &&
	git log --format=%s -1 | grep "commit -a good"
'

test_expect_success 'git commit <path> is judged on that path only' '
	cd r && cp "$good" handoffs/beta.md && sed -i "s/^id: .*/id: D-2026-0901/" handoffs/beta.md &&
	break_record handoffs/gamma.md && sed -i "s/^id: .*/id: D-2026-0902/" handoffs/gamma.md &&
	git add handoffs/gamma.md handoffs/beta.md &&
	test_tick && git commit -q -m "beta only" handoffs/beta.md &&
	git show --stat HEAD | grep beta.md && ! git show --stat HEAD | grep gamma.md &&
	test_tick && test_expect_code 1 git commit -q -m "gamma" handoffs/gamma.md 2>err &&
	grep "gamma.md" err
'

test_expect_success 'unchanged records are not judged again' '
	cd r && git commit -q --no-verify -m "gamma, skipping the hook" handoffs/gamma.md &&
	echo note >notes.txt && git add notes.txt && test_tick &&
	git commit -q -m "unrelated change" &&
	git log --format=%s -1 | grep "unrelated change"
'

test_expect_success 'a deleted record does not block a commit; an accepted one needs a reason' '
	cd r && git rm -q handoffs/gamma.md && test_tick &&
	test_expect_code 1 git commit -q -m "drop gamma" 2>err &&
	grep "handoffs/gamma.md:.*accepted handoff without a .Handoff-Reason:. trailer" err &&
	git commit -q -m "drop gamma" -m "Handoff-Reason: duplicate of acme"
'

test_expect_success 'with GIT_DIR and GIT_WORK_TREE set the staged content is judged' '
	cd r && break_record handoffs/acme.md && git add handoffs/acme.md && cp "$good" handoffs/acme.md &&
	test_tick && test_expect_code 1 git --git-dir="$(pwd)/.git" --work-tree="$(pwd)" commit -q -m wt 2>err &&
	grep "missing section" err &&
	git reset -q handoffs/acme.md
'

test_expect_success 'staged oddities: a symlink, a record over 1 MiB, a name with a space, a changed config' '
	cd r && ln -s ../notes.txt handoffs/link.md && git add handoffs/link.md &&
	test_expect_code 1 git commit -q -m link 2>err && grep "handoffs/link.md.*symbolic link" err &&
	git rm -q --cached handoffs/link.md && rm handoffs/link.md &&
	{ cat "$good" && head -c 1100000 /dev/zero | tr "\\0" x; } >handoffs/big.md && git add handoffs/big.md &&
	test_expect_code 1 git commit -q -m big 2>err && grep "handoffs/big.md" err && grep -i "limit\|large\|MiB" err &&
	git rm -q --cached handoffs/big.md && rm handoffs/big.md &&
	sed "s/^id: .*/id: D-2026-0999/" "$good" >"handoffs/two words.md" && git add "handoffs/two words.md" &&
	test_tick && git commit -q -m "a name with a space" &&
	printf "records: [elsewhere/]\n" >.handoff/config.yaml && git add .handoff/config.yaml &&
	break_record "handoffs/two words.md" && git add "handoffs/two words.md" &&
	test_tick && test_expect_code 1 git commit -q -m "the staged config: no longer a records folder" 2>err &&
	grep "^handoffs/two words.md:2:7: error: a deal-handoff record outside the records folders (elsewhere/)" err &&
	git rm -q --cached .handoff/config.yaml && break_record handoffs/acme.md &&
	git add handoffs/acme.md && test_tick &&
	test_expect_code 1 git commit -q -m "no config staged: the default folders" 2>err &&
	grep "handoffs/acme.md" err &&
	git reset -q --hard HEAD~1
'

test_expect_success 'the hook never writes the index or the work tree' '
	cd r && break_record handoffs/acme.md && git add handoffs/acme.md &&
	before=$(test_tree_hash .) &&
	GIT_INDEX_FILE=.git/index test_expect_code 1 git handoff hook pre-commit 2>/dev/null &&
	test "$before" = "$(test_tree_hash .)" &&
	git checkout -q HEAD -- handoffs/acme.md
'

test_expect_success 'a broken repository schema refuses the commit with exit 2' '
	cd r && mkdir -p .handoff/schemas &&
	printf "type: object\nproperties:\n  id: {tpye: string}\n" >.handoff/schemas/deal-handoff.yaml &&
	git add .handoff/schemas && sed -i "s/Acme/Acme Co/" handoffs/acme.md && git add handoffs/acme.md &&
	test_expect_code 1 git commit -q -m schema 2>err &&
	grep ".handoff/schemas/deal-handoff.yaml:3:.*tpye" err &&
	git rm -q -r --cached .handoff/schemas && rm -r .handoff/schemas
'

test_expect_success 'commit-msg: a reason is read past comments and the commit -v diff' '
	cd r && git checkout -q HEAD -- . && sed -i "s/^  acv: 150000/  acv: 150001/" handoffs/acme.md &&
	git add handoffs/acme.md && printf "Adjust the ACV\n" >../msg && test_tick &&
	GIT_EDITOR=true test_expect_code 1 git -c core.commentChar=";" commit -q -v -e -F ../msg 2>err &&
	grep "/contract/acv: this commit changes /contract/acv of an accepted handoff without a .Handoff-Reason:. trailer" err &&
	printf "Adjust the ACV\n\nHandoff-Reason: rounding in the CRM\n" >../msg &&
	GIT_EDITOR=true git -c core.commentChar=";" commit -q -v -e -F ../msg &&
	git log -1 --format=%B | grep "^Handoff-Reason: rounding in the CRM$" &&
	sed -i "s/^  acv: 150001/  acv: 150002/" handoffs/acme.md && git add handoffs/acme.md &&
	printf "Again\n\n# Handoff-Reason: commented out\n" >../msg && test_tick &&
	test_expect_code 1 git commit -q --cleanup=strip -F ../msg 2>err &&
	printf "Again\r\n\r\nHandoff-Reason: CRLF message\r\n" >../msg &&
	git commit -q --cleanup=verbatim -F ../msg
'

test_expect_success 'git commit --include is judged on what it commits (4.3)' '
	cd r && git checkout -q HEAD -- . && git status --short | grep -v "^??" | test_cmp /dev/null - &&
	sed "s/^id: .*/id: D-2026-0903/" "$good" >handoffs/delta.md && git add handoffs/delta.md &&
	test_tick && git commit -q -m delta -m "Handoff-Reason: new" &&
	sed -i "/^## Risk Factors/d" handoffs/delta.md &&
	sed "s/^id: .*/id: D-2026-0904/" "$good" >handoffs/eps.md && git add handoffs/eps.md &&
	test_tick && test_expect_code 1 git commit -q -m "eps, and delta" -i handoffs/delta.md 2>err &&
	grep "^handoffs/delta.md:[0-9]*:1: error: /body/Risk Factors: missing section" err &&
	git checkout -q HEAD -- handoffs/delta.md && test_tick &&
	git commit -q -m "eps, delta as it was" -i handoffs/delta.md &&
	git show --stat HEAD | grep "handoffs/eps.md"
'

test_expect_success 'commit-msg: core.commentChar=auto and an empty message (4.18)' '
	cd r && sed -i "s/^  acv: 150002/  acv: 150003/" handoffs/acme.md && git add handoffs/acme.md &&
	printf "#1 Adjust the ACV\n\nHandoff-Reason: rounding again\n" >../msg && test_tick &&
	GIT_EDITOR=true git -c core.commentChar=auto commit -q -v -e -F ../msg &&
	git log -1 --format=%B | grep "^Handoff-Reason: rounding again$" &&
	sed -i "s/^  acv: 150003/  acv: 150004/" handoffs/acme.md && git add handoffs/acme.md &&
	printf "#1 Adjust the ACV\n" >../msg && test_tick &&
	GIT_EDITOR=true test_expect_code 1 git -c core.commentChar=auto commit -q -v -e -F ../msg 2>err &&
	grep "without a .Handoff-Reason:. trailer" err &&
	test_expect_code 1 git commit -q --allow-empty-message -m "" 2>err &&
	grep "without a .Handoff-Reason:. trailer" err &&
	printf "Adjust\n\nHandoff-Reason: caf\351 \377\n" >../msg &&
	git commit -q -F ../msg && git reset -q --soft HEAD~1 &&
	git commit -q -m "fixup! Adjust the ACV" -m "Handoff-Reason: squash me" &&
	git log -1 --format=%s | grep "^fixup! "
'

test_done
