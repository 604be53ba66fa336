#!/usr/bin/env bash
# The slow end-to-end check: every stdlib model (14) compiled by netc against
# torchvision on random weights and batch-norm statistics. Prints, per model,
# the worst relative error, the compile time and the median latency of single
# inferences; exits 1 if any model is over the tolerance.
#
#   scripts/e2e-all.sh [MODEL...]        (default: all 14)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${NETC_BUILD_DIR:-$root/build}"
"$root/scripts/build.sh"
netc="$build/bin/netc"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

models=("$@")
if [ ${#models[@]} -eq 0 ]; then
  models=(resnet18 resnet34 resnet50 resnet101 resnet152 googlenet
          efficientnet_b0 efficientnet_b1 efficientnet_b2 efficientnet_b3
          efficientnet_b4 efficientnet_b5 efficientnet_b6 efficientnet_b7)
fi

status=0
printf '| model | relative error | compile s | median latency ms |\n|---|---|---|---|\n'
for model in "${models[@]}"; do
  family="${model%%[0-9]*}"; family="${family%_b}"
  /usr/bin/python3 "$root/tools/export_torchvision.py" "$model" --seed 3 -o "$work/w.safetensors" \
    --input "$work/x.npy" --reference "$work/y.npy"
  start=$(date +%s%N)
  "$netc" compile "$root/stdlib/$family.net" --model "$model" -o "$work/lib"
  compile_ms=$(( ($(date +%s%N) - start) / 1000000 ))
  latency=$("$netc" run "$root/stdlib/$family.net" --model "$model" --weights "$work/w.safetensors" \
    --input "$work/x.npy" --output "$work/out.npy" --repeat 3 | sed -n 's/^median: \([0-9.]*\) ms.*/\1/p')
  if check=$(/usr/bin/python3 "$root/tools/compare_npy.py" "$work/out.npy" "$work/y.npy"); then :; else status=1; fi
  relative=$(echo "$check" | sed -n 's/.*relative \([^ ]*\) .*/\1/p')
  printf '| %s | %s%s | %d.%d | %s |\n' "$model" "$relative" "$( [[ $check == ok* ]] || echo ' MISMATCH')" \
    $((compile_ms / 1000)) $(((compile_ms % 1000) / 100)) "$latency"
done
exit $status
