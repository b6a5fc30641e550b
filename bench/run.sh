#!/bin/sh
# The benchmark: each measurement side by side with its baseline in the
# same run, several runs each, the median and the spread, as ratios.
#
#   sh bench/run.sh            (make bench)
#
# BENCH_RECORDS (10000), BENCH_COMMITS (100000), BENCH_SEED (42) and
# BENCH_RUNS (3; BENCH_QUICK_RUNS, 9, for validation and commits) set the
# size; BENCH_COMMIT_SIZES ("10000 50000") the records of the commit
# measures; BENCH_VERSIONS (10000) the versions of the record that log
# and blame read; BENCH_ONLY=validate, commit, history or versions
# measures that part alone. The generated repositories are kept in BENCH_DIR (a
# cache folder under $HOME by default) and reused while those stay the
# same. Results go to stdout as a table and to bench/results.json.
set -eu

cd "$(dirname "$0")/.."
RECORDS=${BENCH_RECORDS:-10000}
COMMITS=${BENCH_COMMITS:-100000}
SEED=${BENCH_SEED:-42}
RUNS=${BENCH_RUNS:-3}
QUICK_RUNS=${BENCH_QUICK_RUNS:-9}	# of the measurements of seconds: validate, commit
WORK=${BENCH_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/git-handoff-bench}
REPO=$WORK/repo2-$RECORDS-$COMMITS-$SEED.git	# 2: records made from examples/
RESULTS=bench/results${BENCH_ONLY:+-$BENCH_ONLY}.json
CC=${CC:-cc}
DEPS="libgit2 yaml-0.1 libpcre2-8"

if ! test -x /usr/bin/time; then
	echo "bench: installing GNU time (for peak memory)" >&2
	apt-get install -y -q time >/dev/null
fi

make --no-print-directory all >/dev/null
mkdir -p "$WORK"
# this run's own scratch files (another run may share WORK)
RUN=$(mktemp -d "$WORK/run.XXXXXX")
trap 'rm -rf "$RUN"' EXIT
FLAGS="-std=c99 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O2 -g"
$CC $FLAGS -o "$WORK/gen" bench/gen.c
$CC $FLAGS -Ilib -Ilib/include $(pkg-config --cflags $DEPS) -o "$WORK/walk" \
	bench/walk.c lib/libhandoff.a $(pkg-config --libs $DEPS) -lm

# generate DIR RECORDS COMMITS [ONE]: the repository of that size in DIR,
# once (with ONE, every later commit edits that record alone: see gen.c)
generate() {
	test -f "$1/done" && return 0
	echo "bench: generating $2 records over $3 commits (seed $SEED)..." >&2
	rm -rf "$1"
	git init -q --bare "$1"
	"$WORK/gen" "$2" "$3" "$SEED" examples ${4:-} | git -C "$1" fast-import --quiet
	git -C "$1" symbolic-ref HEAD refs/heads/main
	# fast-import deltas each blob against the one before it in the
	# stream, whatever its path: chains no real repository has. Pack it
	# as git gc would.
	echo "bench: packing it as git gc would..." >&2
	git -C "$1" repack -adfq
	touch "$1/packed" "$1/done"
}
generate "$REPO" "$RECORDS" "$COMMITS"
if ! test -f "$REPO/packed"; then	# made before packing was part of the recipe
	git -C "$REPO" repack -adfq
	touch "$REPO/packed"
fi

# The records of HEAD as files, for validation: a work tree, and the front
# matter alone as .yaml files, a folder per kind, for ajv-cli.
KINDS="deal-handoff account-transition support-handoff"
FILES=$WORK/files3-$RECORDS-$COMMITS-$SEED
if ! test -f "$FILES/done"; then
	rm -rf "$FILES"
	mkdir -p "$FILES/tree"
	for k in $KINDS; do mkdir -p "$FILES/front/$k"; done
	git -C "$REPO" archive HEAD | tar -xm -C "$FILES/tree"
	git init -q "$FILES/tree"
	(cd "$FILES/tree" && find handoffs transitions support -name '*.md' | sort) >"$FILES/list"
	while read -r f; do
		awk -v out="$FILES/front" -v name="$(basename "$f" .md)" '
			NR == 1 && /^---$/ { next }
			/^---$/ { exit }
			/^kind: / && !kind { kind = $2 }
			{ text = text $0 "\n" }
			END { printf "%s", text > (out "/" kind "/" name ".yaml") }' \
			"$FILES/tree/$f"
	done <"$FILES/list"
	sed "s|^|$FILES/tree/|" "$FILES/list" >"$FILES/paths"
	touch "$FILES/done"
fi
$CC -O2 -o "$WORK/yamlparse" bench/yamlparse.c $(pkg-config --cflags --libs yaml-0.1)

# ajv-cli from the npm registry, and each kind's JSON Schema without x-handoff
AJV=$WORK/node/node_modules/.bin/ajv
if ! test -x "$AJV"; then
	echo "bench: installing ajv-cli 5 from npm..." >&2
	npm install -s --prefix "$WORK/node" ajv-cli@5 ajv-formats@2 >/dev/null 2>&1 ||
		echo "bench: npm install failed; no ajv-cli row" >&2
fi
for k in $KINDS; do
	python3 -c 'import json, sys, yaml
s = yaml.safe_load(open(sys.argv[1])); s.pop("x-handoff", None); json.dump(s, sys.stdout)' \
		"schemas/$k.yaml" >"$WORK/$k.json"
done

# stats FILE: median, min, max (s) and rss (KB, the largest) of the runs
# in FILE, and cpu, the median of their user+sys seconds
stats() {
	cpu=$(awk '{ printf "%.2f\n", $3 + $4 }' "$RUN/cpu.$(basename "$1")" | sort -n | awk '
		{ c[NR] = $1 } END { printf "%s", NR ? c[int((NR + 1) / 2)] : 0 }')
	set -- $(sort -n "$1" | awk '
		{ t[NR] = $1; if ($2 > rss) rss = $2 }
		END { printf "%s %s %s %s", t[int((NR + 1) / 2)], t[1], t[NR], rss }')
	median=$1 min=$2 max=$3 rss=$4
}

# run_once FILE COMMAND...: one run, its time and peak memory added to FILE
# (its stderr, warnings of every record, in $RUN/stderr; shown if it fails)
run_once() {
	f=$1
	shift
	/usr/bin/time -f "%e %M %U %S" -o "$RUN/one" "$@" >/dev/null 2>"$RUN/stderr" ||
		tail -n 5 "$RUN/stderr" >&2
	awk '{ print $1, $2 }' "$RUN/one" >>"$f"
	awk '{ print $1, $2, $3, $4 }' "$RUN/one" >>"$RUN/cpu.$(basename "$f")"
}

# say NAME: what stats() found, on stderr
say() {
	echo "  $1: median ${median}s (${min}-${max}), cpu ${cpu}s, peak ${rss} KB" >&2
}

# measure NAME COMMAND...: RUNS runs; sets median, min, max and rss
measure() {
	name=$1
	shift
	: >"$RUN/times"
	: >"$RUN/cpu.times"
	i=0
	while test $i -lt "$RUNS"; do
		run_once "$RUN/times" "$@"
		i=$((i + 1))
	done
	stats "$RUN/times"
	say "$name"
}

rows=""
table=""

# add_row NAME BASELINE_NAME: one line of the table from median, min, max
# and rss, against the baseline's in b_median, b_min, b_max and b_rss
# (and, after `paired`, the median of the rounds' own ratios)
add_row() {
	ratio=$(awk -v a="$median" -v b="$b_median" 'BEGIN { r = (b > 0) ? a / b : 0; printf (r < 0.1 ? "%.4f" : "%.2f"), r }')
	cpu_ratio=$(awk -v a="$cpu" -v b="$b_cpu" 'BEGIN { r = (b > 0) ? a / b : 0; printf (r < 0.1 ? "%.4f" : "%.2f"), r }')
	table="$table$(printf '%-34s %8s %8s %6sx %8s %8s %6sx %10s %10s%s' "$1" "$median" "$b_median" \
		"$ratio" "$cpu" "$b_cpu" "$cpu_ratio" "$rss" "$b_rss" "${round_ratio:+   rounds ${round_ratio}x}")
"
	rows="$rows${rows:+,
}    {\"name\": \"$1\", \"baseline\": \"$2\", \"median_s\": $median, \"min_s\": $min, \"max_s\": $max, \"baseline_median_s\": $b_median, \"baseline_min_s\": $b_min, \"baseline_max_s\": $b_max, \"ratio\": $ratio,${round_ratio:+ \"rounds_ratio\": $round_ratio,} \"cpu_s\": $cpu, \"baseline_cpu_s\": $b_cpu, \"cpu_ratio\": $cpu_ratio, \"peak_rss_kb\": $rss, \"baseline_peak_rss_kb\": $b_rss}"
	round_ratio=
}
round_ratio=

# paired K B: round_ratio, the median over the last rounds of the K-th
# command's time over the B-th's in the same round: the drift of the
# machine between rounds, which the medians of each leave in, cancels
paired() {
	round_ratio=$(paste "$RUN/times.$1" "$RUN/times.$2" | awk '{ print ($3 > 0) ? $1 / $3 : 0 }' |
		sort -n | awk '{ r[NR] = $1 } END { printf "%.2f", NR ? r[int((NR + 1) / 2)] : 0 }')
}

# row_against NAME BASELINE_NAME 'COMMAND': RUNS runs of COMMAND, a row
# against the baseline already measured (b_median...)
row_against() {
	measure "$1" sh -c "$3"
	add_row "$1" "$2"
}

# rounds ROUNDS NAME 'COMMAND'...: ROUNDS rounds, each running every
# COMMAND once in turn, so that the machine's drift over the minutes this
# takes falls on all of them alike (short measurements, seconds each, are
# the ones it skews); then what each took, on stderr, and `figures K`
# gives the K-th command's (0 is the first)
rounds() {
	n=$1
	shift
	k=0
	for arg; do
		test $((k % 2)) = 0 && : >"$RUN/times.$((k / 2))" && : >"$RUN/cpu.times.$((k / 2))"
		k=$((k + 1))
	done
	i=0
	while test $i -lt "$n"; do
		k=0
		for arg; do	# NAME COMMAND pairs: run each COMMAND
			test $((k % 2)) = 1 && run_once "$RUN/times.$((k / 2))" sh -c "$arg"
			k=$((k + 1))
		done
		i=$((i + 1))
	done
	k=0
	for arg; do
		if test $((k % 2)) = 0; then
			stats "$RUN/times.$((k / 2))"
			say "$arg"
		fi
		k=$((k + 1))
	done
}

# figures K [baseline]: median, min, max and rss of the K-th command of
# the last rounds; with `baseline`, b_median, b_min, b_max and b_rss
figures() {
	stats "$RUN/times.$1"
	if test "${2:-}" = baseline; then
		b_median=$median b_min=$min b_max=$max b_rss=$rss b_cpu=$cpu
	fi
}

# only PART: whether BENCH_ONLY leaves PART (validate, commit, history,
# versions) in
only() {
	test -z "${BENCH_ONLY:-}" || test "$BENCH_ONLY" = "$1"
}

echo "bench: $RUNS runs each, $QUICK_RUNS of validation and commits" >&2
BIN=$(cd "$(dirname "$0")/.." && pwd)/git-handoff
if only validate; then
# validation of every record of HEAD, in the same rounds as its two
# baselines: the libyaml floor and ajv-cli (once per kind: it takes one
# schema)
VALIDATE="cd '$FILES/tree' && '$BIN' validate --quiet \$(cat '$FILES/list') 2>/dev/null; true"
AJV_RUN=
test -x "$AJV" && AJV_RUN="for k in $KINDS; do '$AJV' validate \
	--spec=draft2020 --strict=false -c ajv-formats -s '$WORK/'\$k.json \
	-d '$FILES/front/'\$k'/*.yaml' >/dev/null 2>&1; done; true"
rounds "$QUICK_RUNS" "libyaml event parse" "'$WORK/yamlparse' '$FILES/paths'" \
	"validate, every record" "$VALIDATE" ${AJV_RUN:+"ajv-cli, front matter" "$AJV_RUN"}
figures 0 baseline
figures 1
add_row "validate, every record" "libyaml event parse"
if test -n "$AJV_RUN"; then
	figures 2 baseline
	figures 1
	add_row "validate, every record" "ajv-cli"
fi
fi
if only commit; then
# git commit of one staged record in a clone of a generated repository,
# at each size of BENCH_COMMIT_SIZES (10000 and 50000 records; a size
# other than BENCH_RECORDS is generated with a fifth as many commits):
# the hooks `init` installs, as it installs them, beside hooks of the
# same names that only exit 0, beside no hook, in interleaved rounds.
# A fourth set is the floor of any check that asks git what a commit
# stages: a pre-commit hook that only runs `git diff --cached --raw` and
# a commit-msg hook that exits 0. Each run is 20 commits of an edit and
# an add; the record stays valid, so every commit goes through.
HOOKS=$RUN/hooks
mkdir -p "$HOOKS/none" "$HOOKS/exit0" "$HOOKS/init" "$HOOKS/diff"
for h in pre-commit commit-msg; do
	printf '#!/bin/sh\nexit 0\n' >"$HOOKS/exit0/$h"
	cp "hooks/$h" "$HOOKS/init/$h"
	cp "$HOOKS/exit0/$h" "$HOOKS/diff/$h"
done
printf '#!/bin/sh\nexec git diff --cached --raw -z --no-abbrev >/dev/null\n' \
	>"$HOOKS/diff/pre-commit"
chmod +x "$HOOKS"/*/*
PATH=$(dirname "$BIN"):$PATH
export PATH
# commits HOOKDIR: the command of one run (no `git gc --auto` in the
# middle of one: the loose objects of the runs are pruned after them)
commits() {
	echo "cd '$CLONE' && i=0 && while [ \$i -lt 20 ]; do i=\$((i + 1));
		echo 'Reviewed again on the call.' >>'$EDITED' && git add '$EDITED' &&
		git -c core.hooksPath='$HOOKS/$1' -c user.name=Jane -c user.email=jane@vendor.example \
			-c gc.auto=0 commit -q -m edit || exit 1; done"
}
for size in ${BENCH_COMMIT_SIZES:-10000 50000}; do
ncommits=$COMMITS
test "$size" = "$RECORDS" || ncommits=$((size / 5))
generate "$WORK/repo2-$size-$ncommits-$SEED.git" "$size" "$ncommits"
CLONE=$WORK/clone2-$size-$ncommits-$SEED
if ! test -f "$CLONE.done"; then
	rm -rf "$CLONE"
	git clone -q "$WORK/repo2-$size-$ncommits-$SEED.git" "$CLONE"
	mkdir -p "$CLONE/.handoff"
	cat >"$CLONE/.handoff/config.yaml" <<-EOF
	records: [handoffs/, transitions/, support/]
	people:
	  jane@vendor.example: {name: Jane Doe, roles: [sales], team: east}
	  omar@vendor.example: {name: Omar Haddad, roles: [sales], team: west}
	  ida@vendor.example: {name: Ida Berg, roles: [sales], team: west}
	  lee@vendor.example: {name: Lee Chen, roles: [sales_manager]}
	  sam@vendor.example: {name: Sam Lee, roles: [cs], team: east}
	  ana@vendor.example: {name: Ana Souza, roles: [cs], team: west}
	  kim@vendor.example: {name: Kim Park, roles: [cs_manager]}
	  olu@vendor.example: {name: Olu Adeyemi, roles: [ops]}
	EOF
	git -C "$CLONE" add .handoff/config.yaml
	git -C "$CLONE" -c user.name=Olu -c user.email=olu@vendor.example \
		commit -q --no-verify -m "handoff config"
	touch "$CLONE.done"
fi
EDITED=
for f in $(cd "$CLONE" && ls handoffs | head -100); do
	if (cd "$CLONE" && "$BIN" validate -q "handoffs/$f" >/dev/null 2>&1); then
		EDITED=handoffs/$f
		break
	fi
done
if test -z "$EDITED"; then
	echo "bench: no valid deal record in the first 100 of $size; no commit rows" >&2
	continue
fi
before=$(git -C "$CLONE" rev-parse HEAD)
rounds "$QUICK_RUNS" "git commit x20, no hook, $size records" "$(commits none)" \
	"git commit x20, hooks that exit 0, $size records" "$(commits exit0)" \
	"git commit x20, the hooks init installs, $size records" "$(commits init)" \
	"git commit x20, a hook running git diff --cached, $size records" "$(commits diff)"
figures 0 baseline
figures 1
paired 1 0
add_row "git commit x20, hooks that exit 0, $size" "git commit x20, no hook, $size"
figures 1 baseline
figures 2
paired 2 1
add_row "git commit x20, init's hooks, $size" "git commit x20, hooks that exit 0, $size"
figures 3
paired 3 1
add_row "git commit x20, git diff --cached alone, $size" "git commit x20, hooks that exit 0, $size"
git -C "$CLONE" reset -q --hard "$before"
git -C "$CLONE" reflog expire --expire=now --all
git -C "$CLONE" prune --expire=now
done
fi
if only history; then

# git's own pass over the same commits is the baseline of every history
# pass; git, the bare walk and each cold pass run in interleaved rounds.
# score, status, report and audit read everything through one history
# pass; cold, each starts without the cache in .git/handoff/
cold() {
	echo "rm -rf '$REPO/handoff'; '$BIN' -C '$REPO' $1 --format json || true"
}
rounds "$RUNS" "git log --name-only" "git -C '$REPO' log --name-only --format='%H %an %at'" \
	"history walk, all records" "rm -rf '$REPO/handoff'; '$WORK/walk' '$REPO'" \
	"score, cold (no cache)" "$(cold score)" "status, cold (no cache)" "$(cold status)" \
	"report, cold (no cache)" "$(cold report)" "audit, cold (no cache)" "$(cold audit)"
k=1
for c in walk score status report audit; do
	figures 0 baseline
	figures $k
	paired $k 0
	if test $c = walk; then
		add_row "history walk, all records" "git log --name-only"
	else
		add_row "$c, cold (no cache)" "git log --name-only"
		eval "${c}_median=\$median ${c}_min=\$min ${c}_max=\$max ${c}_rss=\$rss ${c}_cpu=\$cpu"
	fi
	k=$((k + 1))
done
# each cold run is the baseline of the same command warm, from the cache
for c in score status report audit; do
	eval "b_median=\$${c}_median b_min=\$${c}_min b_max=\$${c}_max b_rss=\$${c}_rss b_cpu=\$${c}_cpu"
	row_against "$c, nothing new (cache)" "$c, cold" \
		"'$BIN' -C '$REPO' $c --format json || true"
done
# and of the command after 1 and after 100 new commits, in a scratch
# clone: each run starts at the tip with the caches of the tip, makes the
# commits (not timed), then runs the command once
SCRATCH=$WORK/scratch-$RECORDS-$COMMITS-$SEED
rm -rf "$SCRATCH" "$SCRATCH.cache"
git clone -q -s "$REPO" "$SCRATCH"
git -C "$SCRATCH" config user.name Bench
git -C "$SCRATCH" config user.email bench@vendor.example
tip=$(git -C "$SCRATCH" rev-parse HEAD)
"$BIN" -C "$SCRATCH" score --format json >/dev/null 2>&1 || true
"$BIN" -C "$SCRATCH" audit --format json >/dev/null 2>&1 || true
cp -r "$SCRATCH/.git/handoff" "$SCRATCH.cache"
# back_to_tip: the main line at the tip, with the tip's caches
back_to_tip() {
	git -C "$SCRATCH" checkout -q -f main
	git -C "$SCRATCH" reset -q --hard "$tip"
	rm -rf "$SCRATCH/.git/handoff"
	cp -r "$SCRATCH.cache" "$SCRATCH/.git/handoff"
}
# new_commits N: back to the tip, then N commits of a record each
new_commits() {
	back_to_tip
	sed -n "1,$1p" "$FILES/list" | while read -r f; do
		echo "Reviewed again on the call." >>"$SCRATCH/$f"
		git -C "$SCRATCH" add "$f"
		git -C "$SCRATCH" -c gc.auto=0 commit -q --no-verify -m "edit $f"
	done
}
for n in 1 100; do
	for c in score status report audit; do
		: >"$WORK/times"
		: >"$RUN/cpu.times"
		i=0
		while test $i -lt "$RUNS"; do
			new_commits $n
			run_once "$WORK/times" sh -c "'$BIN' -C '$SCRATCH' $c --format json || true"
			i=$((i + 1))
		done
		stats "$WORK/times"
		say "$c, after $n new commits"
		eval "b_median=\$${c}_median b_min=\$${c}_min b_max=\$${c}_max b_rss=\$${c}_rss b_cpu=\$${c}_cpu"
		add_row "$c, after $n new commits" "$c, cold"
	done
done
# A pull request as CI checks it: a branch of PR_COMMITS commits, each
# editing a record of its own, judged with `validate --range` beside
# `git log -p` of the same commits; then the branch squash-merged into
# one commit on the main line, judged the same way (as pre-receive does),
# and score and audit after it, from the tip's caches, beside their cold
# runs. Each run starts again from the tip and its caches.
PR_COMMITS=10
pull_request() {
	back_to_tip
	git -C "$SCRATCH" branch -q -D pr 2>/dev/null || true
	git -C "$SCRATCH" checkout -q -b pr
	sed -n "1,${PR_COMMITS}p" "$FILES/list" | while read -r f; do
		echo "Agreed on the call: a weekly sync until go-live." >>"$SCRATCH/$f"
		git -C "$SCRATCH" add "$f"
		git -C "$SCRATCH" -c gc.auto=0 commit -q --no-verify -m "update $f"
	done
	git -C "$SCRATCH" checkout -q main
}
squash_merge() {
	pull_request
	git -C "$SCRATCH" merge -q --squash pr >/dev/null 2>&1
	git -C "$SCRATCH" -c gc.auto=0 commit -q --no-verify -m "Squashed pull request"
}
pull_request
rounds "$RUNS" "git log -p, a pull request of $PR_COMMITS commits" \
	"git -C '$SCRATCH' log -p '$tip..pr'" \
	"validate --range, the pull request" \
	"'$BIN' -C '$SCRATCH' validate --range '$tip..pr' --format github || true"
figures 0 baseline
figures 1
add_row "validate --range, a PR of $PR_COMMITS commits" "git log -p of its commits"
squash_merge
rounds "$RUNS" "git log -p, the squash merge" "git -C '$SCRATCH' log -p '$tip..HEAD'" \
	"validate --range, the squash merge" \
	"'$BIN' -C '$SCRATCH' validate --range '$tip..HEAD' --format github || true"
figures 0 baseline
figures 1
add_row "validate --range, its squash merge" "git log -p of the squash commit"
for c in score audit; do
	: >"$WORK/times"
	: >"$RUN/cpu.times"
	i=0
	while test $i -lt "$RUNS"; do
		squash_merge
		run_once "$WORK/times" sh -c "'$BIN' -C '$SCRATCH' $c --format json || true"
		i=$((i + 1))
	done
	stats "$WORK/times"
	say "$c, after the squash merge"
	eval "b_median=\$${c}_median b_min=\$${c}_min b_max=\$${c}_max b_rss=\$${c}_rss b_cpu=\$${c}_cpu"
	add_row "$c, after a squash merge of $PR_COMMITS" "$c, cold"
done
# the same pull request merged with a merge commit, main having moved
# on: the push rules trace each record the merge takes from the branch
# back to the commit there that made it
merge_side() {
	pull_request
	f=$(sed -n "$((PR_COMMITS + 1))p" "$FILES/list")
	echo "Handover call moved to Thursday." >>"$SCRATCH/$f"
	git -C "$SCRATCH" -c gc.auto=0 commit -q -a --no-verify -m "meanwhile on main"
	git -C "$SCRATCH" -c gc.auto=0 merge -q --no-ff --no-verify -m "Merge pull request" pr
}
merge_side
rounds "$RUNS" "git log -p, the merge" "git -C '$SCRATCH' log -p '$tip..HEAD'" \
	"validate --range, the merge" \
	"'$BIN' -C '$SCRATCH' validate --range '$tip..HEAD' --format github || true"
figures 0 baseline
figures 1
add_row "validate --range, a merge of a PR of $PR_COMMITS" "git log -p of its commits"
rm -rf "$SCRATCH" "$SCRATCH.cache"
fi
if only versions; then
# log and blame of one record with BENCH_VERSIONS versions: ten records,
# then every commit edits the third (a deal handoff), renames and merges
# included; beside git's equivalents over the same versions (log with
# --follow, as ours follows renames; blame follows them by default), in
# interleaved rounds. The peak memory is the measure that matters here.
VERSIONS=${BENCH_VERSIONS:-10000}
VREPO=$WORK/versions-$VERSIONS-$SEED.git
generate "$VREPO" 10 "$VERSIONS" 2
VFILE=$(git -C "$VREPO" ls-tree -r --name-only HEAD handoffs/ | grep '/D-00002')
rounds "$RUNS" "git log -p --follow, $VERSIONS versions" \
	"git -C '$VREPO' log -p --follow -- '$VFILE'" \
	"log, one record of $VERSIONS versions" "'$BIN' -C '$VREPO' log '$VFILE'" \
	"git blame, $VERSIONS versions" "git -C '$VREPO' blame '$VFILE'" \
	"blame, one record of $VERSIONS versions" "'$BIN' -C '$VREPO' blame '$VFILE'"
figures 0 baseline
figures 1
add_row "log, a record of $VERSIONS versions" "git log -p --follow -- FILE"
figures 2 baseline
figures 3
add_row "blame, a record of $VERSIONS versions" "git blame FILE"
fi

machine="$(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(. /etc/os-release && echo "$PRETTY_NAME")"
date=$(date -u +%Y-%m-%dT%H:%M:%SZ)
echo
echo "git-handoff bench, $date, $machine"
echo "$RECORDS records, $COMMITS commits; medians of $RUNS runs ($QUICK_RUNS rounds of validation and commits)"
printf '%-34s %8s %8s %7s %8s %8s %7s %10s %10s\n' "measure" "ours s" "base s" "ratio" \
	"ours cpu" "base cpu" "ratio" "ours KB" "base KB"
printf '%s' "$table"
cat >"$RESULTS" <<EOF
{
  "version": 1,
  "date": "$date",
  "machine": "$machine",
  "records": $RECORDS,
  "commits": $COMMITS,
  "runs": $RUNS,
  "quick_runs": $QUICK_RUNS,
  "results": [
$rows
  ]
}
EOF
echo "written: $RESULTS"
