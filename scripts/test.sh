#!/usr/bin/env bash
# The whole test suite: builds netc, then runs the lit tests (parser, checks,
# diagnostics, summaries, the stdlib against torchvision) and the unit tests.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${NETC_BUILD_DIR:-$root/build}"

"$root/scripts/build.sh"
status=0
/usr/lib/llvm-22/bin/lit -sv "$build/test" || status=1
ctest --test-dir "$build" --output-on-failure -E '^lit$' || status=1
exit $status
