#!/bin/sh
# Run every test of `make check` and end with one line, "N passed, N failed".
#   --bin B         the git-handoff binary for the end-to-end tests
#   --unit "T..."   cmocka unit test binaries
#   --runner R      the JSON Schema conformance runner
#   --asan-unit "T..."  the unit tests again, built with ASan and UBSan
#   --asan-bin B    the end-to-end tests again with B, built with ASan and UBSan
#   --fuzz "F..."   fuzz targets built as replayers (ASan, UBSan): each runs
#                   its corpus in tests/fuzz/corpus/ and counts as one test
set -u
bin= unit= runner= asan= fuzz= asan_bin=
while [ $# -gt 0 ]; do
	case "$1" in
	--bin) bin=$2; shift 2 ;;
	--unit) unit=$2; shift 2 ;;
	--runner) runner=$2; shift 2 ;;
	--asan-unit) asan=$2; shift 2 ;;
	--fuzz) fuzz=$2; shift 2 ;;
	--asan-bin) asan_bin=$2; shift 2 ;;
	*) echo "run.sh: unknown option $1" >&2; exit 2 ;;
	esac
done
passed=0 failed=0 skipped=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

# cmocka prints "[  PASSED  ] N test(s)." and "[  FAILED  ] N test(s)"
run_cmocka() {
	"$1" >"$log" 2>&1
	status=$?
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
	p=${p:-0} f=${f:-0}
	if [ "$status" != 0 ] && [ "$f" = 0 ]; then
		f=1	# crashed or aborted before its summary
	fi
	passed=$((passed + p)) failed=$((failed + f))
	if [ "$f" != 0 ]; then
		cat "$log"
	fi
	echo "$2$(basename "$1"): $p passed, $f failed"
}

# every case of RELIABILITY.md and of tests/reliability.md names a test
# that exists (tests/reliability-map.py says which does not)
echo "== the reliability map"
python3 tests/reliability-map.py
case $? in
0) passed=$((passed + 1)) ;;
77) skipped=$((skipped + 1)) ;;
*) failed=$((failed + 1)) ;;
esac

# no dependency cycle among lib's modules but the known ones
# (tests/deps-graph.py names the includes that make one)
echo "== the library's dependency graph"
python3 tests/deps-graph.py
case $? in
0) passed=$((passed + 1)) ;;
*) failed=$((failed + 1)) ;;
esac

# every global symbol of the library carries its prefix (handoff_ for
# the public interface, handoff__ for the rest), as a program linking it
# cannot collide with it
echo "== the library's global symbols"
liba=$(dirname "$bin")/lib/libhandoff.a
bare=$(nm -g --defined-only "$liba" | awk 'NF == 3 && $3 !~ /^handoff_/ { print $3 }')
if [ -s "$liba" ] && [ -z "$bare" ]; then
	passed=$((passed + 1))
else
	echo "unprefixed in $liba:" $bare
	failed=$((failed + 1))
fi

echo "== unit tests"
for t in $unit; do run_cmocka "$t" ""; done

# run_e2e BIN PREFIX: every end-to-end script with that binary
run_e2e() {
	for t in tests/e2e/t[0-9]*.sh; do
		[ -f "$t" ] || continue
		GIT_HANDOFF_BIN=$1 sh "$t" >"$log" 2>&1
		status=$?
		line=$(sed -n 's/^# .*: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' "$log" | tail -n 1)
		p=${line% *} f=${line#* }
		[ -n "$line" ] || { p=0 f=1; }
		[ "$status" != 0 ] && [ "$f" = 0 ] && f=1
		passed=$((passed + p)) failed=$((failed + f))
		[ "$f" != 0 ] && grep -v '^ok \|^skip - ' "$log"
		# a test that could not run here says so, with its reason
		sed -n "s/^skip - /skip: $2$(basename "$t" .sh): /p" "$log"
		k=$(grep -c '^skip - ' "$log")
		skipped=$((skipped + k))
		if [ "$k" = 0 ]; then
			echo "$2$(basename "$t"): $p passed, $f failed"
		else
			echo "$2$(basename "$t"): $p passed, $f failed, $k skipped"
		fi
	done
}

echo "== end-to-end tests"
run_e2e "$bin" ""

if [ -n "$runner" ]; then
	echo "== JSON Schema conformance"
	"$runner" >"$log" 2>&1
	status=$?
	cat "$log"
	line=$(sed -n 's/^conformance: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' "$log")
	if [ -n "$line" ]; then
		passed=$((passed + ${line% *})) failed=$((failed + ${line#* }))
	elif [ "$status" != 0 ]; then
		failed=$((failed + 1))
	fi
fi

if [ -n "$asan" ]; then
	echo "== unit tests under AddressSanitizer and UndefinedBehaviorSanitizer"
	for t in $asan; do run_cmocka "$t" "asan "; done
fi

if [ -n "$asan_bin" ]; then
	echo "== end-to-end tests under AddressSanitizer and UndefinedBehaviorSanitizer"
	run_e2e "$asan_bin" "asan "
fi

echo "== fuzz corpora replayed under AddressSanitizer and UndefinedBehaviorSanitizer"
for t in $fuzz; do
	name=$(basename "$t")
	if "$t" "tests/fuzz/corpus/${name#fuzz_}" >"$log" 2>&1; then
		passed=$((passed + 1))
		echo "$name: $(tail -n 1 "$log")"
	else
		failed=$((failed + 1))
		cat "$log"
		echo "$name: failed"
	fi
done

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
