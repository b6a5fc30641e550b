#!/bin/sh
# The audit's cache (.git/handoff/audit): every signal type it finds
# (a decision by the wrong role, a backdated claim, a backfill by ops and
# by someone else, a commit dated before its parent) and every change
# read back as written. With nothing new the answer comes from the cache
# without a walk of the history, byte for byte the cold one; after a new
# commit the records it did not touch come from the cache, their blobs
# never read again.
. "$(dirname "$0")/lib.sh"

# audits NAME: the audit in each format into ../NAME.<format>, exit status included
audits() {
	for f in text json csv; do
		git handoff audit --format $f >"../$1.$f" 2>&1
		echo "exit $?" >>"../$1.$f"
	done
}
same() {
	for f in text json csv; do
		test_cmp "../$1.$f" "../$2.$f" || return 1
	done
}
# blobs PATH: every blob the history holds at PATH, as loose object files
blobs() {
	git log --format=%H -- "$1" | while read -r c; do
		b=$(git rev-parse "$c:$1" 2>/dev/null) && echo ".git/objects/$(echo $b | cut -c1-2)/$(echo $b | cut -c3-)"
	done | sort -u
}

test_expect_success 'setup: every kind of signal, changes after acceptance' '
	test_repo r && cd r &&
	printf "  olga@vendor.example: {name: Olga Ops, roles: [ops]}\n" >>.handoff/config.yaml &&
	commit_as olga@vendor.example 2026-11-01T10:00:00+00:00 -m rules &&
	cp "$EXAMPLES/D-2026-0142-acme-logistics.md" handoffs/acme.md &&
	commit_as olga@vendor.example 2026-12-01T10:00:00+00:00 -m "Import the Acme handoff" \
		-m "Handoff-Backfill: imported from the old CRM" &&
	sed "s/^id: D-2026-0142/id: D-2026-0143/" "$EXAMPLES/D-2026-0142-acme-logistics.md" >handoffs/plain.md &&
	commit_as olga@vendor.example 2026-12-01T11:00:00+00:00 -m "Import plainly" &&
	sed "s/^id: D-2026-0142/id: D-2026-0150/" "$EXAMPLES/D-2026-0142-acme-logistics.md" >handoffs/mine.md &&
	commit_as jane@vendor.example 2026-12-02T10:00:00+00:00 -m "my old deal" \
		-m "Handoff-Backfill: from my notes" &&
	sed -i "s/^  acv: 150000/  acv: 175000/" handoffs/plain.md &&
	commit_as jane@vendor.example 2026-12-02T11:00:00+00:00 -m "bigger" &&
	sed -i "s/^  acv: 175000/  acv: 180000/" handoffs/plain.md &&
	commit_as jane@vendor.example 2026-11-20T11:00:00+00:00 -m "dated before its parent" &&
	audits cold && cat ../cold.text &&
	for t in acceptance-role backdated backfill clock; do
		grep "^signal $t: " ../cold.text || return 1
	done &&
	grep "^signal backfill: handoffs/acme.md: imported with its real dates: imported from the old CRM" ../cold.text &&
	grep "^signal backfill: handoffs/mine.md: imported with its real dates, NOT by ops: from my notes" ../cold.text &&
	grep "NOT authorised" ../cold.text &&
	test -s .git/handoff/audit
'

test_expect_success 'nothing new: the answer from the cache, no walk, the same bytes' '
	cd r && ls -i .git/handoff/audit >../inode.before &&
	rm .git/handoff/history &&
	audits warm && same cold warm &&
	test ! -e .git/handoff/history &&
	ls -i .git/handoff/audit >../inode.after &&
	test_cmp ../inode.before ../inode.after
'

test_expect_success 'a new commit: the records it did not touch from the cache, backfills included' '
	cd r && sed -i "s/^  acv: 180000/  acv: 190000/" handoffs/plain.md &&
	commit_as jane@vendor.example 2026-12-03T11:00:00+00:00 -m "bigger again" &&
	rm -rf ../copy && cp -r . ../copy && (cd ../copy && rm -rf .git/handoff && audits cold1) &&
	blobs handoffs/acme.md >../acme.blobs && blobs handoffs/mine.md >>../acme.blobs &&
	test $(wc -l <../acme.blobs) = 2 && xargs rm <../acme.blobs &&
	! git cat-file -e "$(git rev-parse HEAD:handoffs/acme.md)" &&
	audits warm1 && same cold1 warm1 &&
	grep "^signal backfill: handoffs/acme.md: " ../warm1.text &&
	# the parts kept are copied from the old file: the same bytes as made cold
	cmp .git/handoff/audit ../copy/.git/handoff/audit
'

test_expect_success 'a cache of another tip is not read as the answer' '
	cd r && git reset -q --hard HEAD^ &&
	(cd ../copy && git reset -q --hard HEAD^ && rm -rf .git/handoff && audits cold2) &&
	audits warm2 && same cold2 warm2 && ! cmp -s ../cold1.json ../warm2.json
'

test_done
