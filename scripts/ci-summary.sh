#!/bin/sh
# The last line of .ci/run: what each step counted, from the files the steps
# write under build/counts/ (scripts/run-tests.sh: check, check-real.sh,
# memcheck.sh, sanitize.sh, fuzz.sh; each holds "RUN FAILED", fuzz also the seconds per
# target, check-real "skipped" when the real miniports are absent). A step
# with no file did not run: an earlier step stopped the CI.
#   tests: 1480 checks, 0 failed; real: 12 checks, 0 failed; memcheck: 60 runs, 0 failed; sanitize: 13 runs, 0 failed; fuzz: 5 targets x 15s, 0 failed
set -u
dir=${1:-build/counts}
# part FILE LABEL UNIT: "LABEL: RUN UNIT, FAILED failed"
part() {
    if [ ! -s "$dir/$1" ]; then
        printf '%s: not run' "$2"
        return
    fi
    read -r run failed seconds < "$dir/$1"
    if [ "$run" = skipped ]; then
        printf '%s: skipped' "$2"
    elif [ "$1" = fuzz ]; then
        printf '%s: %s %s x %ss, %s failed' "$2" "$run" "$3" "$seconds" "$failed"
    else
        printf '%s: %s %s, %s failed' "$2" "$run" "$3" "$failed"
    fi
}
echo "$(part check tests checks); $(part check-real real checks); $(part memcheck memcheck runs); $(part sanitize sanitize runs); $(part fuzz fuzz targets)"
