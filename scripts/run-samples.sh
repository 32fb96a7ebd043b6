#!/bin/sh
# `make run`: the main job on the bundled sample miniports. Runs the correct
# sample and the leaking one and shows their reports; results/<name>/ holds
# the JSON report and the trace. Exits non-zero only when mpconform itself
# fails (exit 2 or 3) or the correct sample is not clean.
set -u
status=0
for name in vnic vnic-leak; do
    so=build/samples/$name.so
    echo "==> mpconform run $so"
    # The default suite, plus the sample-only scenarios that set the registry
    # keywords vnic reads (its PENDING and failure modes).
    bin/mpconform run --format text,json -o "results/$name" \
        --scenarios fixtures/scenarios --scenarios sample-miniports/vnic/scenarios "$so"
    rc=$?
    echo "    (exit status $rc; reports in results/$name/)"
    echo
    case "$name:$rc" in
        vnic:0|vnic-leak:1) ;;
        *) status=1 ;;
    esac
done
exit $status
