"""Runs a case (a .net file and its PyTorch twin) through netc and compares.

A case passes when netc accepts the model, `netc summary --json` lists the
twin's tensors (names, shapes, order) and output shape, and `netc run` on
random weights computes the twin's output within the tolerance. Optionally
the CUDA target's tiling (net-gpu-pipeline{stop-after=tiles}) is lowered for
this CPU and compared the same way.
"""
import json
import os
import subprocess
import types
from dataclasses import dataclass

import numpy as np
import torch

TOLERANCE = 1e-4
TIMEOUT = 300


@dataclass
class Result:
    verdict: str  # ok rejected crash names shape mismatch timeout
    detail: str = ""

    @property
    def ok(self):
        return self.verdict == "ok"


class Tools:
    """Paths of the built tools, from the build tree's test/tools.json."""

    def __init__(self, build_dir):
        with open(os.path.join(build_dir, "test", "tools.json")) as f:
            self.__dict__.update(json.load(f))


def load_twin(path):
    module = types.ModuleType("twin")
    with open(path) as f:
        exec(compile(f.read(), path, "exec"), module.__dict__)
    return module


def random_weights(twin, seed):
    """Weights that keep every layer's output of order one, batch-norm
    statistics included (variances positive), seeded per case."""
    generator = torch.Generator().manual_seed(seed)
    state = {}
    for name, shape, role in twin.TENSORS:
        fan_in = int(np.prod(shape[1:])) if len(shape) > 1 else 1
        draw = lambda: torch.randn(shape, generator=generator)
        uniform = lambda: torch.rand(shape, generator=generator)
        state[name] = {
            "conv.weight": lambda: draw() * (2.0 / fan_in) ** 0.5,
            "dense.weight": lambda: draw() * (1.0 / fan_in) ** 0.5,
            "bn.weight": lambda: uniform() * 0.5 + 0.75,
            "bn.var": lambda: uniform() * 0.5 + 0.5,
        }.get(role, lambda: draw() * 0.1)()
    return state


def run(command, log):
    """Runs `command`: (None, its output) on success, else (the failure, output)."""
    try:
        process = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return Result("timeout", " ".join(command)), ""
    log.append("$ " + " ".join(command) + "\n" + process.stdout + process.stderr)
    if process.returncode == 0:
        return None, process.stdout
    message = (process.stderr.strip() or process.stdout.strip()).splitlines()
    first = message[0] if message else ""
    if process.returncode == 1 and "error" in first:
        return Result("rejected", first), process.stdout
    return Result("crash", "exit %d: %s" % (process.returncode, first)), process.stdout


def compare(actual, expected):
    if actual.shape != expected.shape:
        return Result("shape", "output %s, expected %s" % (actual.shape, expected.shape))
    if not np.all(np.isfinite(expected)):
        return Result("unusable", "the twin's output is not finite")
    if not np.all(np.isfinite(actual)):
        return Result("mismatch", "non-finite output")
    error = float(np.max(np.abs(actual.astype(np.float64) - expected), initial=0))
    scale = float(np.max(np.abs(expected), initial=0))
    relative = error / scale if scale else error
    if relative > TOLERANCE:
        return Result("mismatch", "relative error %.3g (max abs %.3g, max |expected| %.3g)"
                      % (relative, error, scale))
    return Result("ok", "relative error %.2g" % relative)


def check(net_path, twin_path, tools, workdir, seed=0, gpu_tiles=False, log=None):
    """Checks one case; keeps every file it writes in `workdir`."""
    log = [] if log is None else log
    twin = load_twin(twin_path)
    model = ["--model", twin.MODEL, "--batch", str(twin.BATCH)]
    file = lambda name: os.path.join(workdir, name)

    failure, output = run([tools.netc, "summary", net_path, "--json"] + model, log)
    if failure:
        return failure
    with open(file("summary.json"), "w") as f:
        f.write(output)
    summary = json.loads(output)
    listed = [(t["name"], t["shape"]) for t in summary["tensors"]]
    expected = [(name, shape) for name, shape, _ in twin.TENSORS]
    if listed != expected:
        missing = [t for t in expected if t not in listed]
        extra = [t for t in listed if t not in expected]
        return Result("names", "netc lists %d tensors, the twin %d; netc lacks %s, has extra %s"
                      % (len(listed), len(expected), missing[:3], extra[:3]))
    if summary["output_shape"] != twin.OUTPUT_SHAPE:
        return Result("shape", "netc's output %s, the twin's %s"
                      % (summary["output_shape"], twin.OUTPUT_SHAPE))

    import export_torchvision  # the safetensors writer (tools/)
    state = random_weights(twin, seed)
    export_torchvision.save_safetensors(state, file("weights.safetensors"))
    x = torch.randn(twin.INPUT_SHAPE, generator=torch.Generator().manual_seed(seed + 1))
    np.save(file("input.npy"), x.numpy())
    with torch.no_grad():
        reference = twin.forward(x.double(), {k: v.double() for k, v in state.items()}).numpy()
    np.save(file("expected.npy"), reference.astype(np.float32))

    failure, _ = run([tools.netc, "run", net_path, "--weights", file("weights.safetensors"),
                   "--input", file("input.npy"), "--output", file("output.npy")] + model, log)
    if failure:
        return failure
    result = compare(np.load(file("output.npy")), reference)
    if not result.ok or not gpu_tiles:
        return result

    failure = run_gpu_tiles(net_path, model, tools, file, log)
    tiled = failure or compare(np.load(file("tiles-output.npy")), reference)
    if not tiled.ok:
        return Result(tiled.verdict, "GPU tiles: " + tiled.detail)
    return Result("ok", "%s; GPU tiles: %s" % (result.detail, tiled.detail))


# The lowering of net-gpu-pipeline{stop-after=tiles} for this CPU, as
# test/E2E/gpu-tiles-on-cpu-*.test does it.
CPU_LOWERING = ("builtin.module(convert-scf-to-cf,expand-strided-metadata,lower-affine,"
                "finalize-memref-to-llvm,convert-math-to-llvm,convert-arith-to-llvm,"
                "convert-func-to-llvm{use-bare-ptr-memref-call-conv=1},convert-cf-to-llvm,"
                "convert-index-to-llvm,reconcile-unrealized-casts,"
                "net-export-entry-point{prefix=planned})")


def run_gpu_tiles(net_path, model, tools, file, log):
    inputs = os.path.join(tools.src_root, "test", "E2E", "Inputs")
    steps = [
        [tools.netc, "compile", net_path, "--emit=linalg", "-o", file("linalg.mlir")] + model,
        [tools.net_opt, file("linalg.mlir"), "--net-gpu-pipeline=stop-after=tiles",
         "-o", file("tiles.mlir")],
        [tools.net_opt, file("tiles.mlir"), "--pass-pipeline=" + CPU_LOWERING,
         "-o", file("planned.mlir")],
        [tools.mlir_translate, "--mlir-to-llvmir", file("planned.mlir"), "-o", file("planned.ll")],
    ]
    for step in steps:
        failure, _ = run(step, log)
        if failure:
            return failure
    steps = [
        ["/usr/bin/python3", os.path.join(inputs, "planned_layout.py"), file("summary.json"),
         file("tiles.mlir"), file("planned.h")],
        [tools.cxx, "-std=c++17", "-O1", "-Wno-override-module", "-I" + os.path.dirname(file("x")),
         "-I" + tools.runtime_include, "-isystem", tools.llvm_include,
         os.path.join(inputs, "run_planned.cpp"), file("planned.ll")] +
        tools.runtime_libs.split() + ["-o", file("planned")],
        [file("planned"), file("weights.safetensors"), file("input.npy"),
         file("tiles-output.npy")],
    ]
    for step in steps:
        failure, _ = run(step, log)
        if failure:
            return failure
    return None
