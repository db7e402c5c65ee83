#!/usr/bin/env bash
# Installs fmm: the executable to PREFIX/bin, the bundled catalogue (catalogue/, proofs/ and the
# campaign journal) to PREFIX/share/fmm, where fmm's read-only commands find it from any folder.
#   tools/install.sh PREFIX            (after swift build -c release; FMM=path overrides the binary)
set -euo pipefail
prefix=${1:?usage: tools/install.sh PREFIX}
root=$(cd "$(dirname "$0")/.." && pwd)
binary=${FMM:-$root/.build/release/fmm}
[ -x "$binary" ] || { echo "install.sh: no executable at $binary (run swift build -c release first)" >&2; exit 2; }
mkdir -p "$prefix/bin" "$prefix/share/fmm"
install -m 755 "$binary" "$prefix/bin/fmm"
for folder in catalogue proofs campaign; do
  [ -d "$root/$folder" ] || continue
  rm -rf "$prefix/share/fmm/$folder.new"
  cp -r "$root/$folder" "$prefix/share/fmm/$folder.new"
  rm -rf "$prefix/share/fmm/$folder"
  mv "$prefix/share/fmm/$folder.new" "$prefix/share/fmm/$folder"
done
echo "installed $prefix/bin/fmm and the catalogue in $prefix/share/fmm"
