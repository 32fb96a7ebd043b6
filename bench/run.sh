#!/bin/sh
# `make bench`: figures, not assertions.
set -u
echo "== what a host costs (bench_host)"
build/bench/bench_host
echo
echo "== trace pipeline and judging cost per event"
build/bench/bench_trace
echo
echo "== full default suite on the correct sample (wall time, peak RSS of the judge)"
for j in 1 2; do
    start=$(date +%s%N)
    /usr/bin/env time -f "%M" -o /tmp/mpc-bench-rss bin/mpconform run -q -j $j --no-color build/samples/vnic.so >/dev/null 2>&1 \
        || bin/mpconform run -q -j $j --no-color build/samples/vnic.so >/dev/null 2>&1
    end=$(date +%s%N)
    rss=$(cat /tmp/mpc-bench-rss 2>/dev/null || echo "?")
    echo "-j $j: $(( (end - start) / 1000000 )) ms, judge peak RSS ${rss} KiB"
done
