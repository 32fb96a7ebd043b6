#!/bin/sh
# Opens a local HTML file in a real headless browser (Debian's chromium) for
# the tests: prints the DOM after its scripts ran, or writes a screenshot.
# As root a missing chromium is installed with apt-get (as ensure-deps.sh
# does); otherwise it stops with the line to run. Nothing is fetched by the
# page: networking features of the browser are off.
# usage: browser.sh dom FILE.html[#fragment]
#        browser.sh screenshot OUT.png FILE.html [WIDTH,HEIGHT]
set -u
if ! command -v chromium >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "mpconform: installing chromium for the HTML report test" >&2
        export DEBIAN_FRONTEND=noninteractive
        { apt-get update -qq && apt-get install -y -qq chromium; } >&2 ||
            { echo "mpconform: apt-get failed; run: apt-get install -y chromium" >&2; exit 2; }
    else
        echo "mpconform: the HTML report test needs chromium. Run as root: apt-get install -y chromium" >&2
        exit 2
    fi
fi
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
url() { case "$1" in /*) echo "file://$1" ;; *) echo "file://$(pwd)/$1" ;; esac; }
run() {
    timeout 90 chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
        --disable-component-update --disable-sync --no-first-run --disable-extensions \
        --user-data-dir="$profile" "$@" 2>/dev/null
}
case "${1:-}" in
dom) [ $# -eq 2 ] || exit 2
     run --dump-dom "$(url "$2")" ;;
screenshot) [ $# -ge 3 ] || exit 2
     run --hide-scrollbars --window-size="${4:-1200,1600}" --screenshot="$2" "$(url "$3")" >/dev/null ;;
*) echo "usage: $0 dom FILE.html[#fragment] | screenshot OUT.png FILE.html [W,H]" >&2; exit 2 ;;
esac
