#!/bin/sh
# `make fuzz`: each libFuzzer target of build/fuzz/ for FUZZ_SECONDS (default
# 20), starting from its seed corpus fuzz/corpus/<target>/ (read only; what
# the fuzzer finds new goes to build/fuzz/corpus/<target>/) and the
# dictionary fuzz/<target>.dict when there is one. Any crash, sanitizer
# report, leak, timeout or memory blow-up fails the run; the reproducer is
# kept in build/fuzz/crashes/ and the command that replays it is printed.
# The last line counts the targets ("fuzz: N passed, M failed"); targets
# run, failed and the seconds each go to build/counts/fuzz for the CI
# summary (scripts/ci-summary.sh).
set -u
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-20}
max_len=${FUZZ_MAX_LEN:-65536}
crashes=build/fuzz/crashes
mkdir -p "$crashes" build/counts
passed=0
failed=0
for bin in "$@"; do
    name=$(basename "$bin")
    work=build/fuzz/corpus/$name
    mkdir -p "$work"
    dict="" seeds=""
    [ -f "fuzz/$name.dict" ] && dict="-dict=fuzz/$name.dict"
    [ -d "fuzz/corpus/$name" ] && seeds="fuzz/corpus/$name"
    log=build/fuzz/$name.log
    echo "==> fuzz $name (${seconds}s)"
    # -timeout: one input taking this long is a hang; -rss_limit_mb: the
    # loaders' own limits must keep memory well under it.
    "$bin" -max_total_time="$seconds" -max_len="$max_len" -rss_limit_mb=1024 -timeout=10 \
        -print_final_stats=1 -artifact_prefix="$crashes/$name-" $dict \
        "$work" $seeds >"$log" 2>&1
    rc=$?
    grep -E '^stat::number_of_executed_units' "$log" | sed "s/^/    /"
    if [ $rc -eq 0 ]; then
        passed=$((passed + 1))
        continue
    fi
    failed=$((failed + 1))
    grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error|ALARM|==[0-9]+== ERROR: libFuzzer)' "$log" | head -5 | sed 's/^/    /'
    artifact=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n 1)
    echo "FAILED: $name (exit $rc), log $log" >&2
    [ -n "$artifact" ] && echo "  reproduce: $bin $artifact" >&2
done
echo "fuzz: $passed passed, $failed failed"
echo "$((passed + failed)) $failed $seconds" > build/counts/fuzz
[ $failed -eq 0 ]
