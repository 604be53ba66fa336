#!/usr/bin/env bash
# Installs the Debian 12 packages netc needs to build, test and run (idempotent).
# Both README commands call this first; it only asks apt when something is missing.
set -euo pipefail

packages=(
  # build
  cmake ninja-build g++ pkg-config
  # libraries that LLVM's CMake package links against
  libzstd-dev zlib1g-dev libedit-dev libcurl4-openssl-dev libxml2-dev
  # LLVM / MLIR 22 and the test tools (lit, FileCheck, not)
  llvm-22-dev libmlir-22-dev mlir-22-tools clang-22 llvm-22-tools
  # OpenMP runtime the compiled models run their threads on
  libomp-22-dev
  # parser generator (Java tool) and its C++ runtime
  antlr4 libantlr4-runtime-dev default-jre-headless
  # unit tests
  libgtest-dev
  # image decoding for the runtime's ImageNet inputs
  libstb-dev
  # reference numerics for the tests that ask torchvision
  python3-torch python3-torchvision
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "setup: installing ${missing[*]}"
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
