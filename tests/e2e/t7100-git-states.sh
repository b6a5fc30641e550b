#!/bin/sh
# The repository as git leaves it (RELIABILITY.md 4.4-4.8, 4.12, 4.16,
# 4.17): subfolders, linked worktrees, submodules, an unborn HEAD, merges
# and cherry-picks stopped on a conflict, special index entries, the
# variables git exports (GIT_INDEX_FILE, GIT_DIR, GIT_WORK_TREE), the
# features libgit2 1.5.1 cannot read, a repository owned by someone else,
# shallow and partial clones. Each one works, or fails with exit 2 and a
# message that names the feature; none is judged on the wrong tree.
. "$(dirname "$0")/lib.sh"

# outputs live outside the repositories, so that no `git add -A` takes them
E="$TRASH/stderr" E2="$TRASH/stderr2" O="$TRASH/stdout"

good="$EXAMPLES/D-2026-0142-acme-logistics.md"
break_record() { sed '/^## Risk Factors/d' "$good" >"$1"; }
# a second record, not accepted, with an id of its own
other() { sed "s/^id: .*/id: D-2026-$1/; s/^  status: accepted/  status: pending/" "$good"; }

test_expect_success 'set up a repository with the hooks installed' '
	test_repo r && cd r && git handoff init >/dev/null &&
	cp "$good" handoffs/acme.md && git add -A && test_tick &&
	git commit -q -m "acme" && git log --format=%s -1 | grep acme
'

test_expect_success 'from a subfolder, paths stay relative to it (4.6)' '
	cd r/handoffs && git handoff log acme.md >"$O" 2>/dev/null &&
	grep "^commit .*  handoffs/acme.md$" "$O" &&
	git handoff blame acme.md >"$O" && grep "/contract/acv = 150000" "$O" &&
	git handoff validate --rev HEAD acme.md 2>"$E" && grep "1 record checked, 0 with" "$E" &&
	git handoff score acme.md >"$O" && grep "^handoffs/acme.md  D-2026-0142" "$O" &&
	git handoff review acme.md >"$O" && grep "D-2026-0142" "$O" &&
	test_expect_code 2 git handoff log nope.md 2>"$E" &&
	grep "no commit holds a record at .handoffs/nope.md." "$E"
'

test_expect_success 'a linked worktree: its hook refuses, its commands read its own tree (4.6)' '
	cd r && git worktree add -q ../lw -b side && cd ../lw && cat .git | grep "^gitdir: " &&
	break_record handoffs/acme.md && git add handoffs/acme.md && test_tick &&
	test_expect_code 1 git commit -q -m broken 2>"$E" &&
	grep "^handoffs/acme.md:[0-9]*:1: error: /body/Risk Factors: missing section" "$E" &&
	test_expect_code 1 git handoff validate --staged 2>"$E" && grep "Risk Factors" "$E" &&
	git -C ../r handoff validate --staged && git checkout -q HEAD -- handoffs/acme.md
'

test_expect_success 'a submodule named .md is no record, and its content is never read (4.6, 4.17)' '
	git init -q sub && (cd sub && printf -- "---\nid: [\n---\n" >inner.md && git add . && git commit -q -m s) &&
	cd r && git -c protocol.file.allow=always submodule -q add ../sub handoffs/vendor.md 2>"$E" &&
	git handoff validate --staged 2>"$E"; test $? = 1 &&
	grep "^handoffs/vendor.md: error: a submodule, not a record" "$E" &&
	! grep "inner.md" "$E" && ! grep "flow" "$E" &&
	git rm -q -f handoffs/vendor.md && rm -rf .git/modules .gitmodules && git add -A &&
	git handoff validate --staged
'

test_expect_success 'an unborn HEAD: the first commit is judged against the empty tree (4.16)' '
	test_repo ub && cd ub && git handoff init >/dev/null &&
	break_record handoffs/acme.md && git add -A && test_tick &&
	test_expect_code 1 git commit -q -m first 2>"$E" && grep "Risk Factors" "$E" &&
	! git rev-parse -q --verify HEAD &&
	cp "$good" handoffs/acme.md && git add -A && git commit -q -m first &&
	git handoff log handoffs/acme.md >"$O" 2>/dev/null && grep "+ record created" "$O"
'

test_expect_success 'a merge stopped on a conflict: "unmerged path", exit 1, nothing judged wrongly (4.16)' '
	cd r && git checkout -q -b left && sed -i "s/^  acv: 150000/  acv: 150001/" handoffs/acme.md &&
	git commit -q --no-verify -am left && git checkout -q main &&
	sed -i "s/^  acv: 150000/  acv: 150002/" handoffs/acme.md && git commit -q --no-verify -am right &&
	test_expect_code 1 git merge -q left >/dev/null 2>&1 &&
	test "$(git ls-files -u handoffs/acme.md | wc -l)" = 3 &&
	test_expect_code 1 git handoff validate --staged 2>"$E" &&
	grep "^handoffs/acme.md: error: unmerged path" "$E" &&
	test_expect_code 1 git handoff hook pre-commit 2>"$E" && grep "unmerged path" "$E" &&
	git merge --abort
'

test_expect_success 'a cherry-pick and a rebase stopped on a conflict: "unmerged path" (4.16)' '
	cd r && test_expect_code 1 git cherry-pick left >/dev/null 2>&1 &&
	test -f .git/CHERRY_PICK_HEAD &&
	test_expect_code 1 git handoff validate --staged 2>"$E" && grep "unmerged path" "$E" &&
	git cherry-pick --abort &&
	git checkout -q left && test_expect_code 1 git rebase -q main >/dev/null 2>&1 &&
	test -d .git/rebase-merge -o -d .git/rebase-apply &&
	test_expect_code 1 git handoff validate --staged 2>"$E" && grep "unmerged path" "$E" &&
	git rebase --abort && git checkout -q main
'

test_expect_success 'git add -N stages no content: not judged, not refused (4.17)' '
	cd r && other 0201 >handoffs/new.md && printf "" >handoffs/empty.md &&
	git add -N handoffs/new.md handoffs/empty.md && echo note >notes.txt && git add notes.txt &&
	git handoff validate --staged 2>"$E" && grep "1 record checked, 0 with" "$E" &&
	test_tick && git commit -q -m "notes, not the intended records" &&
	! git show --stat HEAD | grep "new.md" && git reset -q && rm handoffs/new.md handoffs/empty.md
'

test_expect_success 'skip-worktree: the staged blob is judged, not the file on disk (4.17)' '
	cd r && git update-index --skip-worktree handoffs/acme.md && break_record handoffs/acme.md &&
	git handoff validate --staged && test_expect_code 1 git handoff validate handoffs/acme.md 2>"$E" &&
	grep "Risk Factors" "$E" &&
	git update-index --no-skip-worktree handoffs/acme.md && git checkout -q -- handoffs/acme.md
'

test_expect_success 'a staged symlink named .md is refused and never followed (4.17, 5.4)' '
	cd r && printf -- "---\nid: [\n---\n" >../outside.md && ln -s ../../outside.md handoffs/link.md &&
	git add handoffs/link.md && test "$(git ls-files -s handoffs/link.md | cut -c1-6)" = 120000 &&
	test_expect_code 1 git handoff validate --staged 2>"$E" &&
	grep "^handoffs/link.md: error: a symbolic link, not a record" "$E" && ! grep "flow" "$E" &&
	test_expect_code 1 git handoff validate --rev HEAD 2>/dev/null; git rm -q --cached handoffs/link.md && rm handoffs/link.md
'

test_expect_success 'a relative GIT_INDEX_FILE names a file from where we started, with -C too (4.4)' '
	cd r && cp .git/index .git/alt-index && break_record handoffs/acme.md &&
	GIT_INDEX_FILE=.git/alt-index git add handoffs/acme.md && git checkout -q -- handoffs/acme.md &&
	git handoff hook pre-commit &&
	GIT_INDEX_FILE=.git/alt-index test_expect_code 1 git handoff hook pre-commit 2>"$E" &&
	grep "Risk Factors" "$E" &&
	GIT_INDEX_FILE=.git/alt-index test_expect_code 1 git handoff -C handoffs hook pre-commit 2>"$E" &&
	grep "Risk Factors" "$E" &&
	(cd handoffs && GIT_INDEX_FILE=../.git/alt-index test_expect_code 1 git handoff hook pre-commit 2>"$E") &&
	grep "Risk Factors" "$E"
'

test_expect_success 'the index is only read: never written, never locked (4.4)' '
	cd r && before=$(test_tree_hash .git) && (cd .git && find . -type f | sort | xargs sha256sum) >"$O" &&
	GIT_INDEX_FILE=.git/alt-index test_expect_code 1 git handoff hook pre-commit 2>/dev/null &&
	GIT_INDEX_FILE=$(pwd)/.git/alt-index test_expect_code 1 git handoff validate --staged 2>/dev/null &&
	test ! -e .git/alt-index.lock && test ! -e .git/index.lock &&
	(cd .git && find . -type f | sort | xargs sha256sum) | diff "$O" - &&
	test "$before" = "$(test_tree_hash .git)" && rm .git/alt-index
'

test_expect_success 'validate --staged in a hook judges the index git commits, with commit -a too (4.2)' '
	test_repo fw && cd fw && cp "$good" handoffs/a.md && other 0301 >handoffs/b.md &&
	git add -A && git commit -q -m two &&
	printf "#!/bin/sh\nexec git handoff validate --staged --quiet\n" >.git/hooks/pre-commit &&
	chmod +x .git/hooks/pre-commit && other 0301 | sed "s/^id: .*/id: D-2026-0142/" >handoffs/b.md &&
	test_tick && test_expect_code 1 git commit -q -a -m "b takes the id of a" 2>"$E" &&
	grep "^handoffs/b.md:3:5: error: /id: id .D-2026-0142. is also used by handoffs/a.md" "$E" &&
	git add handoffs/b.md && other 0301 >handoffs/b.md &&
	test_expect_code 1 git commit -q -m "staged: b takes the id of a" 2>"$E" &&
	grep "is also used by handoffs/a.md" "$E" &&
	sed -i "s/^  acv: 150000/  acv: 150005/" handoffs/b.md &&
	test_tick && git commit -q -a -m "b keeps its own id" && git show --stat HEAD | grep "handoffs/b.md"
'

test_expect_success 'a GIT_INDEX_FILE that is not there is an error, not an empty index (4.4)' '
	cd r && GIT_INDEX_FILE=.git/no-such-index test_expect_code 2 git handoff hook pre-commit 2>"$E" &&
	grep "^git-handoff: pre-commit: cannot read the index named by GIT_INDEX_FILE .\.git/no-such-index.: No such file" "$E"
'

test_expect_success 'git --git-dir --work-tree handoff: that repository, not the current folder (4.5)' '
	mkdir elsewhere && cd elsewhere && git init -q decoy &&
	git --git-dir="$WORKDIR/r/.git" --work-tree="$WORKDIR/r" handoff validate 2>"$E" &&
	grep "1 record checked" "$E" &&
	GIT_DIR="$WORKDIR/r/.git" GIT_WORK_TREE="$WORKDIR/r" git handoff log handoffs/acme.md >"$O" 2>/dev/null &&
	grep "^commit " "$O" &&
	(cd decoy && GIT_DIR="$WORKDIR/r/.git" git handoff validate --staged 2>"$E") &&
	grep "1 record checked" "$E"
'

test_expect_success 'a bare repository with its work tree elsewhere (dotfiles style): init, hooks, commit -a (4.5)' '
	git init -q --bare dot.git && mkdir home && cd home &&
	D="git --git-dir=$WORKDIR/dot.git --work-tree=$WORKDIR/home" &&
	$D handoff init >"$O" && grep "installed hook .*dot.git/hooks/pre-commit" "$O" &&
	cp "$WORKDIR/r/.handoff/config.yaml" .handoff/config.yaml &&
	cp "$good" handoffs/acme.md && $D add .handoff handoffs && test_tick && $D commit -q -m first &&
	break_record handoffs/acme.md && test_tick &&
	test_expect_code 1 $D commit -q -a -m "broken, by commit -a" 2>"$E" && grep "Risk Factors" "$E" &&
	$D add handoffs/acme.md && cp "$good" handoffs/acme.md &&
	test_expect_code 1 $D commit -q -m "broken, staged" 2>"$E" && grep "Risk Factors" "$E" &&
	sed -i "s/^  acv: 150000/  acv: 150001/" handoffs/acme.md &&
	test_tick && $D commit -q -a -m "good, by commit -a" -m "Handoff-Reason: rounding" &&
	test "$($D log --format=%s -1)" = "good, by commit -a"
'

test_expect_success 'a split index is named, with what to do; exit 2, never an empty index; the hook reads it through git (4.7)' '
	cd r && git update-index --split-index && ls .git/sharedindex.* >/dev/null &&
	test_expect_code 2 git handoff validate --staged 2>"$E" &&
	grep "^git-handoff: cannot validate: cannot read the repository: it uses a split index (core.splitIndex), which libgit2 1\.5 cannot read (unsupported mandatory extension: .link.); to go on: git config core.splitIndex false && git update-index --no-split-index$" "$E" &&
	git handoff hook pre-commit &&	# the hook asks git, which reads a split index
	break_record handoffs/acme.md && git add handoffs/acme.md &&
	test_expect_code 1 git handoff hook pre-commit 2>"$E" && grep "Risk Factors" "$E" &&
	git checkout -q HEAD -- handoffs/acme.md &&
	git update-index --no-split-index && git handoff validate --staged
'

test_expect_success 'a sparse index is named, with what to do (4.7)' '
	git clone -q r sp && cd sp && git sparse-checkout set --sparse-index handoffs &&
	test_expect_code 2 git handoff validate --staged 2>"$E" &&
	grep "it uses a sparse index (index.sparse), which libgit2 1\.5 cannot read (unsupported mandatory extension: .sdir.); to go on: git sparse-checkout reapply --no-sparse-index" "$E" &&
	git sparse-checkout reapply --no-sparse-index && git handoff validate --staged
'

test_expect_success 'SHA-256, reftable, relative worktrees and unknown extensions are named, exit 2 (4.7, 4.9)' '
	git init -q --object-format=sha256 s256 && cd s256 && cp -r ../r/.handoff . &&
	git add -A && git commit -q --no-verify -m x &&
	test_expect_code 2 git handoff validate 2>"$E" &&
	grep "cannot read the repository: it uses SHA-256 object names (extensions.objectFormat), which libgit2 1\.5 cannot read" "$E" &&
	git clone -q --bare . ../s256.git && head=$(git rev-parse HEAD) && test ${#head} = 64 &&
	printf "%s %s refs/heads/x\n" "$(printf %064d 0)" "$head" |
		test_expect_code 2 git -C ../s256.git handoff hook pre-receive 2>"$E" &&
	grep "git-handoff: pre-receive: cannot read the repository: it uses SHA-256" "$E" &&
	cd .. && for ext in "refStorage = reftable:reftable refs" \
	    "relativeWorktrees = true:relative worktree paths" "frobnicate = true:extensions.frobnicate"; do
		rm -rf e && git init -q e && cp -r r/.handoff e/ &&
		sed -i "s/repositoryformatversion = 0/repositoryformatversion = 1/" e/.git/config &&
		printf "[extensions]\n\t%s\n" "${ext%%:*}" >>e/.git/config &&
		(cd e && test_expect_code 2 git handoff validate 2>"$E") && cat "$E" &&
		grep "^git-handoff: cannot read the repository: .*${ext#*:}.*; " "$E" || return 1
	done
'

test_expect_success 'extensions.worktreeConfig: config.worktree is read as git reads it (4.7)' '
	test_repo wc && cd wc && git config extensions.worktreeConfig true &&
	git config --worktree core.hooksPath our-hooks &&
	git handoff init >"$O" && grep "installed hook .*/wc/our-hooks/pre-commit" "$O" &&
	test ! -e .git/hooks/pre-commit &&
	break_record handoffs/acme.md && git add handoffs/acme.md &&
	test_expect_code 1 git commit -q -m broken 2>"$E" && grep "Risk Factors" "$E"
'

test_expect_success 'a repository owned by someone else names safe.directory, and opens once trusted (4.8)' '
	if [ "$(id -u)" != 0 ]; then test_skip "not root: cannot give the repository away"; return 0; fi
	cp -r r theirs && chown -R 65534:65534 theirs && cd theirs && before=$(test_tree_hash .) &&
	test_expect_code 2 git handoff validate 2>"$E" &&
	grep "^git-handoff: cannot open repository .$WORKDIR/theirs.: dubious ownership, it is not owned by you; if you trust it, run: git config --global --add safe.directory $WORKDIR/theirs$" "$E" &&
	(cd handoffs && test_expect_code 2 git handoff validate acme.md 2>"$E2") && grep "safe.directory" "$E2" &&
	test_expect_code 2 git handoff hook pre-commit 2>"$E" && grep "safe.directory" "$E" &&
	git init -q --bare ../srv.git && chown -R 65534:65534 ../srv.git &&
	printf "" | test_expect_code 2 git -C ../srv.git handoff hook pre-receive 2>"$E" &&
	grep "safe.directory $WORKDIR/srv.git$" "$E" &&
	git config --global --add safe.directory "$WORKDIR/theirs" &&
	git handoff validate && git config --global --unset-all safe.directory &&
	test "$before" = "$(test_tree_hash .)"
'

test_expect_success 'a shallow clone: validate --range stops at the boundary with a warning (4.12)' '
	cd r && git reset -q --hard && for v in 1 2 3; do
		sed -i "s/^  acv: .*/  acv: 15000$v/" handoffs/acme.md && test_tick &&
		git commit -q --no-verify -am "acv $v" -m "Handoff-Reason: rounding $v" || return 1
	done && cd .. &&
	git clone -q --depth 2 "file://$WORKDIR/r" sh && cd sh && boundary=$(cat .git/shallow) &&
	git handoff validate --range HEAD~1..HEAD 2>"$E"; test $? = 1 && cat "$E" &&
	grep "^handoffs/acme.md:[0-9]*:1: error: /contract/acv: commit $(git rev-parse --short=7 HEAD) by jane@vendor.example" "$E" &&
	! grep "object not found" "$E" &&
	git checkout -q --orphan lone && git rm -q -r --cached . && git commit -q --no-verify --allow-empty -m lone &&
	git checkout -q -f main &&
	git handoff validate --range lone..main 2>"$E"; test $? = 1 &&
	grep "^git-handoff: warning: history truncated at $(echo $boundary | cut -c1-7) (shallow clone): that commit and the ones before it are not judged$" "$E"
'

test_expect_success 'a shallow clone: every history command warns "history truncated at <sha>" (4.12)' '
	cd sh && short=$(cut -c1-7 .git/shallow) && rm -rf .git/handoff &&
	for c in "log handoffs/acme.md" "blame handoffs/acme.md" "report" "export --format csv" "audit"; do
		git handoff $c >"$O" 2>"$E"; test $? -le 1 || { echo "exit $? from $c"; return 1; }
		cat "$O" "$E" | grep -q "history truncated at $short (shallow clone)" || { echo "no warning from $c"; cat "$E"; return 1; }
	done &&
	git handoff score >"$O" && grep "^warning: history truncated at $short (shallow clone)" "$O" &&
	git handoff status --format json >"$O" && grep "history truncated at $short" "$O"
'

test_expect_success 'a partial clone: a missing blob is exit 2 with what is missing, never a crash (4.12)' '
	git -C r config uploadpack.allowFilter true &&
	git clone -q --filter=blob:none "file://$WORKDIR/r" pc && cd pc && before=$(test_tree_hash .) &&
	git handoff validate && git handoff validate --rev HEAD &&
	for c in "validate --rev HEAD~2" "log handoffs/acme.md" "score" "audit" "diff HEAD~2 HEAD" \
	    "validate --range HEAD~2..HEAD" "blame handoffs/acme.md"; do
		git handoff $c >/dev/null 2>"$E"; s=$?
		test $s = 2 || { echo "exit $s from $c"; cat "$E"; return 1; }
		grep "cannot read an object of the repository: .* (a partial clone? libgit2 cannot fetch missing objects: use a full clone)$" "$E" ||
			{ echo "from $c:"; cat "$E"; return 1; }
	done &&
	test "$before" = "$(test_tree_hash .)"
'

test_done
