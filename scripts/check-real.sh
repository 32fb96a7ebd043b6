#!/bin/sh
# make check-real: build every netvmini 6x build found in
# ../shared/real-miniports/ against harness/include (scripts/build-netvmini.sh,
# only the changes that folder's README allows), run the default suite on
# each, and compare with what was reviewed as true:
#   - every build compiles with no error;
#   - every scenario ends "completed" (or "not exercised": the driver never
#     took the path the scenario is for, which the report lists);
#   - the distinct findings (severity, rule, driver file:line) are exactly
#     fixtures/real/netvmini-<build>.findings (each reviewed in
#     docs/real-miniports.md).
# Skipped, and said so, only when ../shared/real-miniports is absent.
# MPCONFORM_REAL_UPDATE=1 rewrites the .findings files (for review).
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
src=${MPCONFORM_REAL_MINIPORTS:-$root/../shared/real-miniports}/netvmini-6x
if [ ! -d "$src" ]; then
    echo "check-real: SKIPPED: $src is absent (the real-miniports folder is not beside this checkout)"
    mkdir -p "$root/build/counts" && echo skipped > "$root/build/counts/check-real"
    exit 0
fi
command -v jq >/dev/null || { echo "check-real: needs jq (apt-get install -y jq)" >&2; exit 2; }
out=$(mktemp -d "${TMPDIR:-/tmp}/check-real.XXXXXX")
trap 'rm -rf "$out"' EXIT
passed=0; failed=0
fail() { echo "  FAIL: $*"; failed=$((failed + 1)); }
for build in 60 620 630 680; do
    echo "netvmini $build:"
    so="$out/netvmini$build.so"
    if ! sh "$root/scripts/build-netvmini.sh" "$src" "$build" "$so" 2>"$out/cc$build.log"; then
        fail "does not compile ($(grep -c 'error:' "$out/cc$build.log") errors); first ones:"
        grep 'error:' "$out/cc$build.log" | head -5 | sed 's/^/    /'
        continue
    fi
    passed=$((passed + 1)); echo "  ok: compiles"
    "$root/bin/mpconform" run -q --no-color --format json -o "$out/r$build" "$so" >"$out/run$build.log" 2>&1
    rc=$?
    if [ $rc -ge 2 ]; then
        fail "mpconform run exited $rc:"; tail -5 "$out/run$build.log" | sed 's/^/    /'; continue
    fi
    report="$out/r$build/report.json"
    bad=$(jq -r '.scenarios[] | select(.outcome != "completed" and .outcome != "not exercised") | "\(.name): \(.outcome)"' "$report")
    if [ -n "$bad" ]; then fail "scenarios not completed:"; echo "$bad" | sed 's/^/    /'
    else passed=$((passed + 1)); echo "  ok: every scenario completed"; fi
    # One line per distinct finding: severity, rule, and the driver's first
    # source frame (the call that broke the rule, or the allocation).
    jq -r '.scenarios[].violations[] |
        ((.backtrace + .origin) | map(select(.file != null)) | first) as $f |
        "\(.severity) \(.rule) \(if $f then "\($f.file | split("/") | last):\($f.line)" else "-" end)"' \
        "$report" | sort -u > "$out/found$build"
    want="$root/fixtures/real/netvmini-$build.findings"
    if [ "${MPCONFORM_REAL_UPDATE:-0}" = 1 ]; then
        mkdir -p "$(dirname "$want")"; cp "$out/found$build" "$want"; echo "  updated $want"
    elif [ ! -f "$want" ]; then
        fail "no reviewed findings file $want; found:"; sed 's/^/    /' "$out/found$build"
    elif diff -u "$want" "$out/found$build" > "$out/diff$build"; then
        passed=$((passed + 1)); echo "  ok: findings are exactly the reviewed set ($(wc -l < "$want"))"
    else
        fail "findings differ from the reviewed set (- reviewed, + found):"
        tail -n +3 "$out/diff$build" | grep '^[-+]' | sed 's/^/    /'
    fi
done
echo "check-real: $passed passed, $failed failed"
# Checks run and failed, for the CI summary (scripts/ci-summary.sh).
mkdir -p "$root/build/counts" && echo "$((passed + failed)) $failed" > "$root/build/counts/check-real"
[ $failed -eq 0 ]
