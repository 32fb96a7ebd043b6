#!/bin/sh
# `make memcheck`: the harness under valgrind memcheck.
#  1. every unit test binary (CK_FORK=no, so valgrind sees the test code);
#  2. the full suite on the correct sample: no error, nothing definitely lost;
#  3. the sample that leaks NDIS memory: valgrind must report the leak at the
#     sample's source line (memory.c announces blocks with client requests).
# End-to-end test binaries (they start bin/mpconform) are skipped in step 1:
# step 2 and 3 cover the same code under valgrind directly.
set -u
VG="valgrind --quiet --suppressions=scripts/valgrind.supp --show-possibly-lost=no --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=99"
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
failed=0
passed_steps=0
failed_steps=0
step() { if [ "$1" -eq 0 ]; then passed_steps=$((passed_steps + 1)); else failed_steps=$((failed_steps + 1)); failed=1; fi; }
for t in "$@"; do
    case "$t" in *test_cli|*test_samples|*test_install|*test_policy|*test_shard|*test_sarif_valid|*test_valgrind_gate|*test_robust_inputs|*test_suite_intent|*test_out_dir|*test_html_browser|*test_clang_driver|*test_sandbox|*test_host_tables|*test_bench|*test_exit_paths|*test_channel) continue ;; esac
    echo "==> memcheck $t"
    CK_FORK=no $VG "$t" >/dev/null
    rc=$?
    [ $rc -eq 0 ] || echo "FAILED under valgrind: $t" >&2
    step $rc
done

echo "==> memcheck: mpconform run build/samples/vnic.so (the harness must be clean)"
$VG --trace-children=yes bin/mpconform run -q --no-color build/samples/vnic.so >/dev/null 2>"$logs/vnic.log"
rc=$?
if [ $rc -ne 0 ]; then
    cat "$logs/vnic.log" >&2
    echo "FAILED: the harness is not clean under valgrind (exit $rc)" >&2
fi
step $rc

echo "==> memcheck: mpconform run build/samples/vnic-leak-memory.so (valgrind must name the sample's line)"
valgrind --trace-children=yes --suppressions=scripts/valgrind.supp --leak-check=full --errors-for-leak-kinds=definite \
    bin/mpconform run -q --no-color --scenario fixtures/scenarios/010-lifecycle.yaml \
    build/samples/vnic-leak-memory.so >/dev/null 2>"$logs/leak.log"
leak_rc=$?
if [ $leak_rc -eq 1 ] && grep -A3 "definitely lost in" "$logs/leak.log" | grep -Eq "VnicAllocateAdapter \(adapter\.c:[0-9]+\)"; then
    grep -A3 "definitely lost in" "$logs/leak.log" | head -4
    step 0
else
    cat "$logs/leak.log" >&2
    echo "FAILED: valgrind did not report the leaking sample at its source line (mpconform exit $leak_rc)" >&2
    step 1
fi
echo "memcheck: $passed_steps passed, $failed_steps failed"
# Steps run and failed, for the CI summary (scripts/ci-summary.sh).
mkdir -p build/counts && echo "$((passed_steps + failed_steps)) $failed_steps" > build/counts/memcheck
exit $failed
