#!/bin/sh
# Validates SARIF files with Microsoft's SARIF Multitool (the validator of
# the SARIF SDK, npm package @microsoft/sarif-multitool-linux): the SARIF
# 2.1.0 JSON schema (JSON*) plus the SARIF rules (SARIF*) and the GitHub
# code scanning ingestion rules (GH*). Installs the pinned validator under
# build/tools/ on first use (npm). Prints every error; exit 1 when any.
# usage: validate-sarif.sh FILE.sarif...
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
version=5.7.0
tooldir="$root/build/tools/sarif-multitool-$version"
tool="$tooldir/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
if [ ! -x "$tool" ]; then
    if ! command -v npm >/dev/null 2>&1; then
        echo "validate-sarif: needs npm to install the SARIF validator (apt-get install -y npm)" >&2
        exit 2
    fi
    mkdir -p "$tooldir"
    npm install --prefix "$tooldir" --no-audit --no-fund --silent \
        "@microsoft/sarif-multitool-linux@$version" >&2 || { echo "validate-sarif: npm install failed" >&2; exit 2; }
    chmod u+x "$tool"  # its postinstall step, which npm does not run by default
fi
[ $# -gt 0 ] || { echo "usage: $0 FILE.sarif..." >&2; exit 2; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# One validator run for all files (it starts slowly). Its own exit status is
# 0 even when it finds errors: read its log.
if ! DOTNET_CLI_TELEMETRY_OPTOUT=1 "$tool" validate --rule-kind "Gh;Sarif" --log ForceOverwrite \
        --json-schema "$(dirname "$tool")/sarif-2.1.0.json" -o "$out/v.sarif" "$@" >"$out/log" 2>&1 ||
   [ ! -s "$out/v.sarif" ]; then
    echo "validate-sarif: the validator failed:" >&2; cat "$out/log" >&2; exit 2
fi
errors=$(jq '[.runs[].results[]? | select(.level == "error")] | length' "$out/v.sarif")
jq -r '.runs[].results[]? | select(.level == "error") |
    "\(.locations[0].physicalLocation.artifactLocation.uri // "?"): \(.ruleId): \(.message.arguments // [] | join(", "))"' \
    "$out/v.sarif"
echo "validate-sarif: $# files, $errors errors"
[ "$errors" -eq 0 ]
