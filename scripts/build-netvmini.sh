#!/bin/sh
# Build one NDIS build of Microsoft's netvmini 6x sample from
# ../shared/real-miniports/netvmini-6x against harness/include, with only the
# changes that folder's README allows:
#   - WPP tracing stubs: an empty <file>.tmh per source, DEBUGP,
#     WPP_INIT_TRACING and WPP_CLEANUP;
#   - mphal.h's HWInitialize declaration made to match its definition.
#   - the same defect in vmq.h (6.20 and later builds): IndicateRxQueue is
#     declared with an NDIS_HANDLE and defined with a PMP_ADAPTER, which
#     gcc and clang reject as conflicting types where MSVC warns (C4028).
#     The README names only HWInitialize; this is the same kind of defect
#     and the same kind of fix (see docs/real-miniports.md).
# The sources and defines come from the build's own project file
# (<build>/netvmini<build>.vcxproj, configuration Debug|x64). The compiler
# is clang with -fms-extensions (a compiler mode, not a source change): the
# 6.80 sources use MSVC's integer suffixes (1UI64), which gcc rejects.
#
# usage: build-netvmini.sh SRC-DIR BUILD(60|620|630|680) OUT.so [CC-FLAGS...]
# Exit 0 built, 1 compile error (compiler output on stderr), 2 usage.
set -eu
[ $# -ge 3 ] || { echo "usage: $0 SRC-DIR BUILD OUT.so [CFLAGS...]" >&2; exit 2; }
src=$1; build=$2; out=$3; shift 3
root=$(cd "$(dirname "$0")/.." && pwd)
proj="$src/$build/netvmini$build.vcxproj"
[ -f "$proj" ] || { echo "$0: no project file $proj" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/netvmini$build.XXXXXX")
trap 'rm -rf "$work"' EXIT

# Sources: the ClCompile Include list; defines: the Debug|x64 ClCompile group.
sources=$(tr -d '\r' < "$proj" | sed -n 's/.*<ClCompile Include="\([^"]*\)".*/\1/p' |
          tr ';' '\n' | sed 's/^ *\.\.\\//; s/ *$//' | grep -v '^$')
defines=$(tr -d '\r' < "$proj" | awk '
    /ItemDefinitionGroup Condition=.*Debug\|x64/ { grp = 1 }
    grp && /<\/ClCompile>/ { exit }
    grp && /<PreprocessorDefinitions>/ {
        sub(/.*<PreprocessorDefinitions>/, ""); sub(/<\/PreprocessorDefinitions>.*/, "")
        n = split($0, d, ";")
        for (i = 1; i <= n; i++) if (d[i] != "" && d[i] !~ /^%/) printf "-D%s ", d[i]
    }')
[ -n "$sources" ] && [ -n "$defines" ] || { echo "$0: cannot read sources/defines from $proj" >&2; exit 2; }

cp "$src"/*.c "$src"/*.h "$work"/
# The documented prototype defect (README): declaration takes NDIS_HANDLE,
# definition takes PNDIS_MINIPORT_INIT_PARAMETERS.
sed -i 's/NDIS_HANDLE  *WrapperConfigurationContext);/PNDIS_MINIPORT_INIT_PARAMETERS  MiniportInitParameters);/' "$work/mphal.h"
grep -q 'PNDIS_MINIPORT_INIT_PARAMETERS  MiniportInitParameters);' "$work/mphal.h" ||
    { echo "$0: the HWInitialize declaration in mphal.h has changed; review the allowed fix" >&2; exit 2; }

if [ -f "$work/vmq.h" ]; then
    awk '/^IndicateRxQueue\(/ { fix = 1 }
         fix && /NDIS_HANDLE AdapterHandle/ { sub(/NDIS_HANDLE AdapterHandle/, "struct _MP_ADAPTER *Adapter"); fix = 0 }
         { print }' "$work/vmq.h" > "$work/vmq.h.fixed" && mv "$work/vmq.h.fixed" "$work/vmq.h"
    grep -q 'struct _MP_ADAPTER \*Adapter' "$work/vmq.h" ||
        { echo "$0: the IndicateRxQueue declaration in vmq.h has changed; review the fix" >&2; exit 2; }
fi

# WPP stubs: build tooling, not NDIS. The format strings stay compiler-checked.
mkdir -p "$work/wpp"
cat > "$work/wpp/wpp_stub.h" <<'STUB'
#ifndef WPP_STUB_H
#define WPP_STUB_H
int printf(const char *, ...);
#define DEBUGP(level, ...) do { if (0) printf(__VA_ARGS__); } while (0)
#define WPP_INIT_TRACING(...) ((void)0)
#define WPP_CLEANUP(...) ((void)0)
#endif
STUB
for s in $sources; do
    echo '#include "wpp_stub.h"' > "$work/wpp/${s%.c}.tmh"
done

cd "$work"
# shellcheck disable=SC2086
${CC:-clang} -fms-extensions -std=gnu11 -shared -fPIC -fshort-wchar -g -O0 -Wno-everything \
    -Werror=implicit-function-declaration -Werror=implicit-int \
    $defines -I "$root/harness/include" -I "$work/wpp" "$@" \
    -o "$work/out.so" $sources
cd - >/dev/null
cp "$work/out.so" "$out"
