#!/bin/sh
# bench/report.sh ROWS.tsv RESULTS.json [LOAD]: the table on stdout and the
# same figures as JSON (LOAD: the load average when the bench started). A row (bench/run.sh, row()): id, what, value, unit,
# baseline, baseline's what, ratio (value / baseline), target, met
# ("met", "not met", "failed": not measured, or "n/a": no target).
set -u
rows=$1
json=$2
load_at_start=${3:-}
awk -F'\t' '
BEGIN { printf "\n%-48s %17s %40s %8s %22s  %s\n", "figure", "value", "baseline", "ratio", "target", "" }
{
    value = ($3 == "") ? "-" : $3 " " $4
    base = ($5 == "") ? "-" : $5 " " $4 " (" $6 ")"
    ratio = ($7 == "") ? "-" : $7 "x"
    printf "%-48s %17s %40s %8s %22s  %s\n", $2, value, base, ratio, ($8 == "" ? "-" : $8), $9
}' "$rows"

awk -F'\t' -v start="$load_at_start" -v load="$(cut -d' ' -f1-3 /proc/loadavg)" -v cpus="$(nproc)" -v when="$(date -u +%Y-%m-%dT%H:%M:%SZ)" '
function str(s) { gsub(/\\/, "\\\\", s); gsub(/"/, "\\\"", s); return "\"" s "\"" }
function num(s) { return (s == "") ? "null" : s }
BEGIN { printf "{\n  \"date\": %s,\n  \"cpus\": %d,\n  \"load_average_at_start\": %s,\n  \"load_average_at_end\": %s,\n  \"figures\": [", str(when), cpus, str(start), str(load) }
{
    printf "%s\n    {\"id\": %s, \"what\": %s, \"value\": %s, \"unit\": %s, \"baseline\": %s, \"baseline_what\": %s, \"ratio\": %s, \"target\": %s, \"met\": %s}",
        (NR > 1 ? "," : ""), str($1), str($2), num($3), str($4), num($5), str($6), num($7), ($8 == "" ? "null" : str($8)),
        ($9 == "met" ? "true" : ($9 == "n/a" ? "null" : "false"))
}
END { printf "\n  ]\n}\n" }' "$rows" > "$json"
echo
echo "bench: the same figures in $json"
