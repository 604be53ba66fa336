#!/usr/bin/env bash
# The main job: builds netc, which compiles the standard library's ResNet-50
# into a native library and header at build time (examples/CMakeLists.txt),
# builds the example program against them, and classifies an image with it,
# printing the top 5 classes and the latency.
#
#   scripts/demo.sh [CHECKPOINT.pth] [IMAGE]
#
# CHECKPOINT: a torchvision ResNet-50 state_dict (torch.save) to use; without
# one, weights are random (seeded), since nothing can be downloaded here, and
# the classes mean nothing. IMAGE: PNG/JPEG/PPM; without one, a generated
# picture is used.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${NETC_BUILD_DIR:-$root/build}"
checkpoint="${1:-}"
image="${2:-}"

"$root/scripts/build.sh"
demo="$build/demo"
mkdir -p "$demo"

weights="$demo/resnet50.safetensors"
if [ -n "$checkpoint" ]; then
  /usr/bin/python3 "$root/tools/export_torchvision.py" resnet50 --checkpoint "$checkpoint" \
    -o "$weights" --labels "$demo/labels.txt"
elif [ ! -f "$weights" ]; then
  echo "demo: no checkpoint given: exporting random ResNet-50 weights (seed 0)"
  /usr/bin/python3 "$root/tools/export_torchvision.py" resnet50 --seed 0 \
    -o "$weights" --labels "$demo/labels.txt"
fi

if [ -z "$image" ]; then
  image="$demo/sample.ppm"
  /usr/bin/python3 - "$image" <<'PY'
import sys
from PIL import Image, ImageDraw
picture = Image.new("RGB", (320, 240), (90, 140, 200))
draw = ImageDraw.Draw(picture)
draw.rectangle([40, 120, 280, 220], fill=(60, 160, 60))
draw.ellipse([200, 30, 260, 90], fill=(250, 220, 60))
picture.save(sys.argv[1])
PY
fi

"$build/examples/classify" "$weights" "$image" "$demo/labels.txt" --repeat 5
