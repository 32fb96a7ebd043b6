#!/bin/sh
# Makes sure the build dependencies are present. As root it installs what
# is missing with apt-get; otherwise it stops with the exact line to run.
# Package -> a file that proves it is installed where dpkg is not there to ask.
set -u
missing=""
need() {
    if command -v dpkg-query >/dev/null 2>&1; then
        dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed" || missing="$missing $1"
    else
        [ -e "$2" ] || missing="$missing $1"
    fi
}
need check            /usr/include/check.h
need libsubunit-dev   /usr/include/subunit/child.h
need libyaml-dev      /usr/include/yaml.h
need libunwind-dev    /usr/include/x86_64-linux-gnu/libunwind.h
need libjansson-dev   /usr/include/jansson.h
need libelf-dev       /usr/include/libelf.h
need libdw-dev        /usr/include/elfutils/libdwfl.h
need valgrind         /usr/include/valgrind/memcheck.h
need pkg-config       /usr/bin/pkg-config
need gcc              /usr/bin/gcc
need jq               /usr/bin/jq
need libxml2-dev      /usr/include/libxml2/libxml/parser.h
need libseccomp-dev   /usr/include/seccomp.h
need libxxhash-dev    /usr/include/xxhash.h
need clang            /usr/bin/clang
need libpcre2-dev     /usr/include/pcre2.h
# clang's runtimes (libFuzzer, ASan, UBSan) for `make fuzz`: on Debian 12
# clang only recommends them (libclang-rt-14-dev), so a
# --no-install-recommends machine lacks them; libclang-rt-dev follows the
# default clang version.
need libclang-rt-dev   /usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "mpconform: installing missing packages:$missing" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2 && apt-get install -y -qq $missing >&2 && exit 0
    echo "mpconform: apt-get failed; run: apt-get install -y$missing" >&2
    exit 1
fi
echo "mpconform: missing build dependencies. Run as root:" >&2
echo "  apt-get update && apt-get install -y$missing" >&2
exit 1
