#!/bin/sh
# The manual: a page for git-handoff, one for every command of the table
# naming every option the command takes, the config and kinds formats;
# pages that render without a warning; and after make install, --help
# shows them, through git and through our own binary.
. "$(dirname "$0")/lib.sh"

MAN=$TRASH/o/build/man
STAGE=$TRASH/stage/opt/gh

# the commands as the binary lists them: "   <name>  <summary>" after "commands:"
commands() {
	git handoff -h | sed -n '/^commands:/,/^$/s/^   \([a-z][a-z-]*\)  *.*/\1/p'
}

# a page as a reader sees it, in plain text, 80 columns wide
render() {
	MANWIDTH=80 MANPAGER=cat PAGER=cat man -l "$1"
}

need_man() {
	if ! command -v man >/dev/null || ! command -v groff >/dev/null; then
		test_skip "man or groff is not installed (make deps)"
		return 1
	fi
}

test_expect_success 'make man builds a page per source, section 1 and 5' '
	make -s -C "$SRC_ROOT" O="$TRASH/o" man >out 2>&1 &&
	for src in "$SRC_ROOT"/doc/*.md; do
		name=$(basename "$src" .md)
		case $name in
		git-handoff-config|git-handoff-kinds) test -s "$MAN/$name.5" ;;
		*) test -s "$MAN/$name.1" ;;
		esac || { echo "no page for $src"; return 1; }
	done &&
	test -s "$MAN/git-handoff.1" && test -s "$MAN/git-handoff-config.5" &&
	test -s "$MAN/git-handoff-kinds.5"
'

test_expect_success 'every command of the table has a page with its summary' '
	commands >cmds && test "$(wc -l <cmds)" -ge 17 &&
	grep -x validate cmds && grep -x revise cmds &&
	while read c; do
		summary=$(git handoff $c -h | sed -n 3p) &&
		head -1 "$SRC_ROOT/doc/git-handoff-$c.md" >first &&
		echo "# git-handoff-$c(1) -- $summary" >expect &&
		test_cmp expect first || return 1
	done <cmds
'

test_expect_success 'no page for a command the table does not have' '
	commands >cmds &&
	for src in "$SRC_ROOT"/doc/git-handoff-*.md; do
		c=$(basename "$src" .md) && c=${c#git-handoff-}
		case $c in config|kinds) continue ;; esac
		grep -x "$c" cmds || { echo "doc/git-handoff-$c.md: no such command"; return 1; }
	done
'

test_expect_success 'each command page names every long option of its option table' '
	need_man || return 0
	commands >cmds &&
	while read c; do
		render "$MAN/git-handoff-$c.1" >page 2>err && test ! -s err &&
		git handoff $c -h | sed -n "s/^    \(-., \)\{0,1\} *\(--[a-z][a-z-]*\).*/\2/p" >opts &&
		while read o; do
			grep -E -e "$o([^a-z-]|\$)" page >/dev/null ||
				{ echo "git-handoff-$c(1) does not name $o"; return 1; }
		done <opts || return 1
	done <cmds &&
	git handoff validate -h | grep -e "--range" &&
	render "$MAN/git-handoff-validate.1" | grep -e "--range <a>..<b>"
'

test_expect_success 'git-handoff(1) names every command, the global options and the formats' '
	need_man || return 0
	commands >cmds &&
	render "$MAN/git-handoff.1" >page &&
	while read c; do
		grep "git-handoff-$c(1)" "$SRC_ROOT/doc/git-handoff.md" >/dev/null ||
			{ echo "git-handoff(1) does not link git-handoff-$c(1)"; return 1; }
	done <cmds &&
	for o in "-C <path>" --no-color --version "-h, --help"; do
		grep -e "^       $o" page || return 1
	done &&
	grep "git-handoff-config(5)" page && grep "git-handoff-kinds(5)" page
'

test_expect_success 'git-handoff-config(5) names every key of the config' '
	need_man || return 0
	render "$MAN/git-handoff-config.5" >page &&
	# the keys as the config reader knows them: its message for one it does not
	git init -q keys && mkdir keys/.handoff && echo "bogus: 1" >keys/.handoff/config.yaml &&
	keys=$(cd keys && git handoff validate 2>&1 | sed -n "s/.*unknown key .bogus. (\(.*\))\$/\1/p" | tr -d ,) &&
	test -n "$keys" && echo "keys: $keys" &&
	for k in $keys; do
		grep -E -e "^       $k( |\$)" page || { echo "no key $k"; return 1; }
	done &&
	for r in sales sales_manager cs cs_manager ops auditor support_lead account_manager; do
		grep -w -e "$r" page >/dev/null || return 1
	done
'

test_expect_success 'git-handoff-kinds(5) names every x-handoff key and its example is a kind' '
	need_man || return 0
	render "$MAN/git-handoff-kinds.5" >page &&
	for k in sections checklist checklist_heading checklist_titles placeholders \
		keys material claims roles template folder sla escalate_after_rejections \
		score summary review export deciders; do
		grep -w -e "$k" page >/dev/null || { echo "no x-handoff key $k"; return 1; }
	done &&
	git init -q r && mkdir -p r/.handoff/schemas &&
	sed -n "/^\\\$schema: https/,/^\`\`\`\$/p" "$SRC_ROOT/doc/git-handoff-kinds.md" |
		sed "\$d" >r/.handoff/schemas/renewal.yaml &&
	grep "^x-handoff:" r/.handoff/schemas/renewal.yaml &&
	git handoff -C r schema check .handoff/schemas/renewal.yaml &&
	git handoff -C r new renewal R-2026-0001 --account Acme &&
	test_expect_code 1 git handoff -C r validate renewals/R-2026-0001.md 2>err &&
	grep "/body/Usage" err
'

test_expect_success 'every page renders without a warning, within 80 columns' '
	need_man || return 0
	for p in "$MAN"/*.1 "$MAN"/*.5; do
		groff -man -Tutf8 -ww -z "$p" 2>err &&
		test ! -s err || { echo "$p:"; cat err; return 1; }
		render "$p" >page 2>err && test ! -s err || { cat err; return 1; }
		awk "length(\$0) > 80 { print FILENAME \": \" \$0; bad = 1 } END { exit bad }" page ||
			{ echo "$p is wider than 80 columns"; return 1; }
	done
'

test_expect_success 'the README links every page' '
	for src in "$SRC_ROOT"/doc/*.md; do
		grep "(doc/$(basename "$src"))" "$SRC_ROOT/README.md" >/dev/null ||
			{ echo "README.md does not link doc/$(basename "$src")"; return 1; }
	done
'

test_expect_success 'the converter refuses what it cannot render' '
	printf "# x(1) -- y\n\n| a | b |\n" >t.md &&
	test_expect_code 1 awk -f "$SRC_ROOT/doc/md2man.awk" t.md >/dev/null 2>err &&
	grep "t.md:3: tables" err &&
	printf "# x(1) -- y\n\nan \`open code span\n" >c.md &&
	test_expect_code 1 awk -f "$SRC_ROOT/doc/md2man.awk" c.md >/dev/null 2>err &&
	grep "c.md:3: a code span is not closed" err &&
	printf "# x(5) -- y\n" >s.md &&
	test_expect_code 1 awk -v section=1 -f "$SRC_ROOT/doc/md2man.awk" s.md >/dev/null 2>err &&
	grep "section 5 page built as section 1" err
'

test_expect_success 'from the source tree, --help is the short usage' '
	git handoff validate --help >out &&
	grep "^usage: git handoff validate" out &&
	git handoff help score >out &&
	grep "^usage: git handoff score" out
'

test_expect_success 'make install puts the pages in DATADIR/man' '
	make -s -C "$SRC_ROOT" install DESTDIR="$TRASH/stage" PREFIX=/opt/gh >out 2>&1 &&
	test -f "$STAGE/share/man/man1/git-handoff.1" &&
	test -f "$STAGE/share/man/man1/git-handoff-validate.1" &&
	test -f "$STAGE/share/man/man5/git-handoff-config.5" &&
	test -f "$STAGE/share/man/man5/git-handoff-kinds.5" &&
	test "$(ls "$STAGE/share/man/man1" | wc -l)" = "$(ls "$MAN"/*.1 | wc -l)"
'

test_expect_success 'after install, git handoff --help and git help handoff show git-handoff(1)' '
	need_man || return 0
	PATH="$STAGE/bin:$PATH" MANPATH="$STAGE/share/man" MANPAGER=cat PAGER=cat \
		git handoff --help >out 2>err &&
	tr -s " " <out | grep "git-handoff - keep sales-to-customer-success" &&
	PATH="$STAGE/bin:$PATH" MANPATH="$STAGE/share/man" MANPAGER=cat PAGER=cat \
		git help handoff >out 2>err &&
	tr -s " " <out | grep "git-handoff - keep sales-to-customer-success"
'

test_expect_success 'after install, git handoff validate --help shows git-handoff-validate(1)' '
	need_man || return 0
	unset MANPATH
	PATH="$STAGE/bin:$PATH" MANPAGER=cat PAGER=cat git handoff validate --help >out 2>err &&
	tr -s " " <out | grep "git-handoff-validate - check that" &&
	grep "^EXIT STATUS" out &&
	{ test ! -s err || { cat err; false; }; } &&
	PATH="$STAGE/bin:$PATH" MANPAGER=cat PAGER=cat git handoff help report >out &&
	tr -s " " <out | grep "git-handoff-report - quality" &&
	PATH="$STAGE/bin:$PATH" MANPAGER=cat PAGER=cat git-handoff --help >out &&
	tr -s " " <out | grep "git-handoff - keep sales" &&
	MANPATH=/nowhere PATH="$STAGE/bin:$PATH" MANPAGER=cat PAGER=cat \
		git handoff accept --help >out &&
	tr -s " " <out | grep "git-handoff-accept - CS accepts"
'

test_expect_success 'after install, -h is still the short usage' '
	PATH="$STAGE/bin:$PATH" git handoff validate -h >out &&
	grep "^usage: git handoff validate" out &&
	! grep NAME out
'

test_expect_success 'without man(1), --help is the short usage, exit 0' '
	mkdir -p nobin && ln -s "$(command -v git)" nobin/git &&
	PATH="$WORKDIR/nobin" "$STAGE/bin/git-handoff" validate --help >out 2>err &&
	grep "^usage: git handoff validate" out &&
	test ! -s err
'

test_expect_success 'a page that is not installed: --help is the short usage' '
	need_man || return 0
	if test -e /usr/local/share/man/man1/git-handoff-score.1; then
		test_skip "a git-handoff is installed in /usr/local, whose page the binary would find"
		return 0
	fi
	mv "$STAGE/share/man/man1/git-handoff-score.1" score.1 &&
	PATH="$STAGE/bin:$PATH" MANPAGER=cat git handoff score --help >out 2>err;
	status=$?
	mv score.1 "$STAGE/share/man/man1/git-handoff-score.1" &&
	test $status = 0 &&
	grep "^usage: git handoff score" out &&
	test ! -s err
'

test_expect_success 'uninstall removes the pages and nothing else there' '
	echo ".TH OTHER 1" >"$STAGE/share/man/man1/other.1" &&
	make -s -C "$SRC_ROOT" uninstall DESTDIR="$TRASH/stage" PREFIX=/opt/gh &&
	! ls "$STAGE/share/man/man1" | grep git-handoff &&
	! ls "$STAGE/share/man/man5" | grep git-handoff &&
	test -f "$STAGE/share/man/man1/other.1"
'

test_done
