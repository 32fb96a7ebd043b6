#!/bin/sh
# Writes a trace N times the size of a real one, for measuring `mpconform
# check` at scale: each copy of every scenario gets its own name
# ("NAME ~K"), so the result is a valid trace of N x as many scenarios.
#   sh bench/scale_trace.sh TRACE.jsonl N > BIG.jsonl
set -eu
[ $# -eq 2 ] || { echo "usage: sh bench/scale_trace.sh TRACE.jsonl N" >&2; exit 2; }
k=1
while [ "$k" -le "$2" ]; do
    sed "s/\"scenario\":\"\([^\"]*\)\"/\"scenario\":\"\1 ~$k\"/" "$1"
    k=$((k + 1))
done
