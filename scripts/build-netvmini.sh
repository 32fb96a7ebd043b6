#!/bin/sh
# Build one NDIS build of Microsoft's netvmini 6x sample from
# ../shared/real-miniports/netvmini-6x against harness/include, with only the
# changes that folder's README allows:
#   - WPP tracing stubs: an empty <file>.tmh per source, DEBUGP,
#     WPP_INIT_TRACING and WPP_CLEANUP;
#   - mphal.h's HWInitialize declaration made to match its definition.
# The sources and defines come from the build's own project file
# (<build>/netvmini<build>.vcxproj, configuration Debug|x64).
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
${CC:-gcc} -std=gnu11 -shared -fPIC -fshort-wchar -g -O0 -w \
    $defines -I "$root/harness/include" -I "$work/wpp" "$@" \
    -o "$work/out.so" $sources
cd - >/dev/null
cp "$work/out.so" "$out"
