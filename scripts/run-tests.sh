#!/bin/sh
# `make check`: every Check test binary, then one summary line.
set -u
failed=0
passed=0
for t in "$@"; do
    if "$t"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAILED: $t" >&2; fi
done
echo "test binaries: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
