#!/usr/bin/env bash
# The benchmark's one command: netc against ONNX Runtime, OpenVINO, IREE and
# PyTorch on this machine (see bench/README.md). Makes bench/.venv with the
# peers from PyPI (never the system's Python), then runs bench/run.py with it;
# arguments go to run.py (--help lists them). Needs netc built in build/.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
venv=$here/.venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
# One at a time, so that a peer that cannot be installed here does not keep
# the others out; run.py says which systems it could not run, and why.
for package in numpy matplotlib onnxruntime openvino "iree-base-compiler[onnx]" iree-base-runtime; do
  "$venv/bin/python" -m pip install --quiet "$package" ||
    echo "run.sh: could not install $package" >&2
done
exec "$venv/bin/python" "$here/run.py" "$@"
