#!/bin/sh
# `make check`: every Check test binary, then one closing line counting the
# checks of all of them ("checks: N passed, N failed"). The counts (checks
# run, failed; a binary that failed with no failing check, e.g. it printed
# no summary or crashed at exit, counts as one more failed) also go to
# build/counts/check for the CI summary (scripts/ci-summary.sh).
set -u
failed_bins=0
unexplained=0
passed=0
failed=0
log=$(mktemp)
for t in "$@"; do
    "$t" >"$log" 2>&1
    status=$?
    cat "$log"
    line=$(grep -E '^[0-9]+%: Checks: [0-9]+, Failures: [0-9]+, Errors: [0-9]+' "$log" | tail -n 1)
    if [ -z "$line" ]; then
        echo "FAILED: $t (exit $status) printed no Check summary" >&2
        failed_bins=$((failed_bins + 1))
        unexplained=$((unexplained + 1))
        continue
    fi
    n=$(echo "$line" | sed -E 's/.*Checks: ([0-9]+).*/\1/')
    f=$(echo "$line" | sed -E 's/.*Failures: ([0-9]+).*/\1/')
    e=$(echo "$line" | sed -E 's/.*Errors: ([0-9]+).*/\1/')
    passed=$((passed + n - f - e))
    failed=$((failed + f + e))
    if [ "$status" -ne 0 ] || [ "$f" -ne 0 ] || [ "$e" -ne 0 ]; then
        echo "FAILED: $t" >&2
        failed_bins=$((failed_bins + 1))
        [ $((f + e)) -eq 0 ] && unexplained=$((unexplained + 1))
    fi
done
rm -f "$log"
echo "checks: $passed passed, $failed failed"
mkdir -p build/counts && echo "$((passed + failed)) $((failed + unexplained))" > build/counts/check
[ "$failed_bins" -eq 0 ]
