#!/usr/bin/env bash
# The main job: builds netc and prints the summary of the standard library's
# ResNet-50 (layers, shapes, parameters, MACs, weights and activation memory).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${NETC_BUILD_DIR:-$root/build}"

"$root/scripts/build.sh"
"$build/bin/netc" summary "$root/stdlib/resnet.net" --model resnet50
