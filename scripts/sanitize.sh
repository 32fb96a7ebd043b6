#!/bin/sh
# `make sanitize DIR`: the judge and the host of DIR (built with ASan and
# UBSan by the Makefile) on the bundled samples. Each run must end with the
# exit status its sample calls for, and no sanitized process may write a
# report (the hosts' stderr is the judge's: one file a run holds both).
#   - the full suite on the correct sample, every report format (exit 0);
#   - the samples whose bugs the ledger, the guard zones and the ordering
#     rules find (exit 1), the hostile samples whose runs end the same way
#     every time (threads, longjmp, fork, exit, forged channels, orphans),
#     and a fault-injection sweep;
#   - a real third-party miniport (netvmini 6.80), when ../shared/real-miniports
#     is beside the checkout;
#   - check of the traces those runs wrote, rules and explain.
# Not run: the samples that crash, hang or exhaust memory on purpose (their
# host dies in a signal, which ASan's own handlers would report, or at a
# limit an ASan process cannot keep: its shadow memory needs terabytes of
# address space, so these hosts run without --memory-limit).
set -u
dir=$1
mpc=$dir/mpconform
out=$dir/out
rm -rf "$out"
mkdir -p "$out"
ASAN_OPTIONS=detect_leaks=1
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export ASAN_OPTIONS UBSAN_OPTIONS
passed=0
failed=0
# expect STATUS NAME ARGS...: runs mpconform ARGS, wants exit STATUS
expect() {
    want=$1 name=$2
    shift 2
    "$mpc" "$@" >"$out/$name.stdout" 2>"$out/$name.stderr"
    rc=$?
    if grep -Eq "ERROR: (Address|Leak)Sanitizer|runtime error:|Sanitizer:DEADLYSIGNAL" "$out/$name.stderr"; then
        failed=$((failed + 1))
        echo "FAILED: a sanitizer report in mpconform $*:" >&2
        cat "$out/$name.stderr" >&2
    elif [ "$rc" -eq "$want" ]; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "FAILED: mpconform $* exited $rc, expected $want" >&2
        tail -20 "$out/$name.stderr" >&2
    fi
}
formats=text,json,junit,sarif,html
echo "==> sanitize: the suite on vnic, $formats"
expect 0 vnic run -q --no-color -j2 --format $formats -o "$out/vnic" build/samples/vnic.so
for s in vnic-leak vnic-double-free vnic-guard-overrun vnic-use-after-free vnic-halt-reverse-order \
         vnic-init-fail-release vnic-foreign-free; do
    echo "==> sanitize: $s"
    expect 1 "$s" run -q --no-color -j2 --fail-on warning --format $formats -o "$out/$s" "build/samples/$s.so"
done
# The host's harder paths: driver threads, a callback left by longjmp, a
# fork, a bug check, exit() in a callback, a forged or torn channel,
# orphans in a session of their own, 30,000 receive buffers.
for case in hostile-ddi-threads:0 hostile-longjmp-timer:1 hostile-fork-ddi:1 vnic-bugcheck:0 vnic-exit:1 \
            hostile-torn-write:1 hostile-forge-free:1 hostile-orphan:0 hostile-setsid:1 vnic-rx-ring-30000:0; do
    s=${case%:*}
    echo "==> sanitize: $s"
    expect "${case#*:}" "$s" run -q --no-color -j2 --format text,json -o "$out/$s" "build/samples/$s.so"
done
echo "==> sanitize: --inject sweep on vnic-leak"
expect 1 sweep run -q --no-color -j2 --inject sweep --format text,json -o "$out/sweep" build/samples/vnic-leak.so
# A driver written by someone else reaches DDIs and paths the samples do
# not: the netvmini 6.80 build of make check-real, when that folder is here
# (its reviewed findings make the run exit 1).
real=${MPCONFORM_REAL_MINIPORTS:-../shared/real-miniports}/netvmini-6x
if [ -d "$real" ]; then
    echo "==> sanitize: netvmini 6.80 (the real miniport of make check-real)"
    if sh scripts/build-netvmini.sh "$real" 680 "$out/netvmini680.so" 2>"$out/netvmini680.cc"; then
        expect 1 netvmini680 run -q --no-color -j2 --format $formats -o "$out/netvmini680" "$out/netvmini680.so"
        expect 1 netvmini680-sweep run -q --no-color -j2 --inject sweep --format json -o "$out/netvmini680-sweep" \
            "$out/netvmini680.so"
    else
        failed=$((failed + 1))
        echo "FAILED: netvmini 6.80 does not compile:" >&2
        grep 'error:' "$out/netvmini680.cc" | head -5 >&2
    fi
fi
echo "==> sanitize: check, rules, explain"
expect 0 check-vnic check --no-color "$out/vnic/trace.jsonl"
expect 1 check-leak check --no-color "$out/vnic-leak/trace.jsonl"
expect 0 rules rules
expect 0 explain explain HALT-FREE-ALL
echo "sanitize: $passed passed, $failed failed"
mkdir -p build/counts && echo "$((passed + failed)) $failed" > build/counts/sanitize
[ "$failed" -eq 0 ]
