#!/usr/bin/env bash
# Installs what netc needs (scripts/setup.sh), then configures and builds it
# into build/ (or $NETC_BUILD_DIR). Incremental: a second run only rebuilds
# what changed.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${NETC_BUILD_DIR:-$root/build}"

"$root/scripts/setup.sh"
if [ ! -f "$build/build.ninja" ]; then
  cmake -G Ninja -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 >/dev/null
fi
ninja -C "$build" --quiet
