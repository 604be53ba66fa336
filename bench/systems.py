"""The systems the benchmark compares: how each is prepared, and how it runs.

Every system runs a model in a process of its own, so that its peak RSS is its
own, and all speak one line protocol with run.py (the netc side is
netc_bench.cpp): after loading, the worker runs the model once, writes that
output, prints {"load_s": S}; then, for each line "WARMUP_S SECONDS MIN_RUNS"
on stdin, warms up for WARMUP_S seconds (at least one run), times runs until
SECONDS have passed and at least MIN_RUNS were done, and prints the times in
milliseconds on one line.

This file is also the worker of the Python-based peers:

  python systems.py SYSTEM ARTIFACT INPUT.npy OUTPUT.npy THREADS

It runs under two interpreters, bench/.venv's (ONNX Runtime, OpenVINO, IREE)
and Debian's /usr/bin/python3 (PyTorch 1.13, which PyPI does not offer for
this Python), so it imports only the standard library and NumPy at the top.
"""
import json
import os
import subprocess
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
THREADS = os.cpu_count() or 1
CXX = os.environ.get("CXX", "clang++-22")

# IREE's documented CPU flags: the host CPU as target, and data tiling (which
# packs operands into the layouts its matmul kernels want). --iree-opt-level
# defaults to O0 ("poor runtime performance"), so O3 is set as well.
IREE_FLAGS = ["--iree-hal-target-backends=llvm-cpu", "--iree-llvmcpu-target-cpu=host",
              "--iree-opt-level=O3", "--iree-opt-data-tiling"]


class Files:
    """One model's files at one batch size, as bench/export_models.py wrote them."""

    def __init__(self, directory, model, batch):
        self.directory, self.model, self.batch = directory, model, batch
        prefix = os.path.join(directory, "b%d" % batch)
        self.onnx = prefix + ".onnx"
        self.input = prefix + "_input.npy"
        self.reference = prefix + "_reference.npy"
        self.weights = os.path.join(directory, "weights.safetensors")
        self.torch_module = os.path.join(directory, "model.pt")

    def path(self, system, suffix):
        """Where `system` keeps a file of its own for this batch."""
        return os.path.join(self.directory, "%s_b%d%s" % (system, self.batch, suffix))


class Prepared:
    """A system ready to start: the worker's command line, the time an
    ahead-of-time compile step took (None when there is none), and how to read
    the output the worker wrote."""

    def __init__(self, command, compile_s, read_output):
        self.command, self.compile_s, self.read_output = command, compile_s, read_output


def timed(command):
    """Runs a preparation step; returns its wall time in seconds, or raises
    RuntimeError with the end of its error output."""
    start = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if done.returncode != 0:
        raise RuntimeError("%s failed: %s" % (os.path.basename(command[0]),
                                              done.stdout.strip()[-2000:]))
    return time.perf_counter() - start


class Netc:
    """netc: `netc compile` (timed), then netc_bench.cpp linked against the
    model's object file and header (the user's own build, not timed)."""

    name = "netc"
    settings = "all cores (OpenMP, the default thread count)"

    def __init__(self, netc):
        self.netc = netc
        self.version = None

    def check(self):
        """Returns why the system cannot run here, or None (and sets version)."""
        if not os.access(self.netc, os.X_OK):
            return "%s not found (build netc first)" % self.netc
        commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"],
                                stdout=subprocess.PIPE, text=True).stdout.strip()
        self.version = "%s (checkout at %s; the binary may be older)" % (subprocess.run([self.netc, "--version"], stdout=subprocess.PIPE,
                                                   text=True).stdout.strip(), commit)
        return None

    def prepare(self, files, net_file):
        out = files.path("netc", "")
        compile_s = timed([self.netc, "compile", net_file, "--model", files.model,
                           "--batch", str(files.batch), "-o", out])
        program = os.path.join(out, "netc_bench")
        timed([CXX, "-std=c++17", "-O2", "-fexceptions",
               '-DNETC_HEADER="%s.h"' % files.model, "-DNETC_MODEL=netc_models::" + files.model,
               "-I", out, "-I", os.path.join(ROOT, "runtime", "include"),
               os.path.join(HERE, "netc_bench.cpp"), os.path.join(out, files.model + ".o"),
               os.path.join(ROOT, "build", "runtime", "libnetc_runtime.a"),
               "-L/usr/lib/llvm-22/lib", "-Wl,-rpath,/usr/lib/llvm-22/lib", "-lLLVM", "-lomp", "-lstb",
               "-pthread", "-o", program])
        raw_input, raw_output = os.path.join(out, "input.f32"), os.path.join(out, "output.f32")
        np.load(files.input).astype("<f4").tofile(raw_input)
        shape = np.load(files.reference).shape
        return Prepared([program, files.weights, raw_input, raw_output], compile_s,
                        lambda: np.fromfile(raw_output, "<f4").reshape(shape))


class Peer:
    """A system that runs in this file's worker under `python`, from the
    artifact that artifact(files) names; `module` is what it imports and
    `distribution` the package that gives its version."""

    def __init__(self, name, python, module, distribution, settings):
        self.name, self.python, self.settings = name, python, settings
        self.module, self.distribution = module, distribution
        self.version = None

    def check(self):
        done = subprocess.run(
            [self.python, "-c", "import %s, importlib.metadata as m; print(m.version(%r))"
             % (self.module, self.distribution)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if done.returncode != 0:
            lines = done.stderr.strip().splitlines() or ["exit status %d" % done.returncode]
            return "cannot import %s with %s: %s" % (self.module, self.python, lines[-1])
        self.version = done.stdout.strip()
        return None

    def artifact(self, files):
        return files.onnx

    def compile(self, files):
        """The ahead-of-time step, if any: returns its time in seconds."""
        return None

    def prepare(self, files, net_file):
        compile_s = self.compile(files)
        output = files.path(self.name, ".npy")
        command = [self.python, os.path.abspath(__file__), self.name, self.artifact(files),
                   files.input, output, str(THREADS)]
        return Prepared(command, compile_s, lambda: np.load(output))


class PyTorch(Peer):
    """Debian's PyTorch runs some convolutions as im2col + GEMM through
    whichever libblas.so.3 the system has selected (the slow netlib reference
    unless OpenBLAS is installed), so the version names it."""

    BLAS = "/usr/lib/x86_64-linux-gnu/libblas.so.3"

    def check(self):
        why = super().check()
        if why is None and os.path.exists(self.BLAS):
            self.version += ", libblas.so.3 = " + os.path.realpath(self.BLAS)
        return why

    def artifact(self, files):
        return files.torch_module


class Iree(Peer):
    """IREE: iree-import-onnx (not timed, like torch.onnx.export for the
    others), then iree-compile (timed) to a .vmfb that the worker loads."""

    def check(self):
        for tool in ("iree-import-onnx", "iree-compile"):
            if not os.access(self.tool(tool), os.X_OK):
                return "%s not found next to %s" % (tool, self.python)
        return super().check()

    def tool(self, name):
        return os.path.join(os.path.dirname(self.python), name)

    def artifact(self, files):
        return files.path("iree", ".vmfb")

    def compile(self, files):
        mlir = files.path("iree", ".mlir")
        timed([self.tool("iree-import-onnx"), files.onnx, "-o", mlir])
        return timed([self.tool("iree-compile"), mlir] + IREE_FLAGS + ["-o", self.artifact(files)])


def all_systems(venv_python, torch_python, netc):
    """Every system, netc first; each says in `settings` how it was configured."""
    return [
        Netc(netc),
        Peer("onnxruntime", venv_python, "onnxruntime", "onnxruntime",
             "CPUExecutionProvider, intra_op_num_threads=%d, inter_op_num_threads=1" % THREADS),
        Peer("openvino", venv_python, "openvino", "openvino",
             "CPU plugin, PERFORMANCE_HINT=LATENCY (its default threads), "
             "INFERENCE_PRECISION_HINT=f32 (it picks bf16 on CPUs that have it)"),
        Iree("iree", venv_python, "iree.runtime", "iree-base-runtime",
             "iree-compile %s; local-task driver, --task_topology_group_count=%d"
             % (" ".join(IREE_FLAGS), THREADS)),
        PyTorch("pytorch", torch_python, "torch", "torch",
                "Debian's build, eager, torch.set_num_threads(%d), inference_mode" % THREADS),
    ]


# The worker side: one loader per peer, returning a function from an input
# array to an output array.

def load_onnxruntime(path, threads):
    import onnxruntime
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    session = onnxruntime.InferenceSession(path, options, providers=["CPUExecutionProvider"])
    return lambda x: session.run(None, {"input": x})[0]


def load_openvino(path, threads):
    import openvino
    compiled = openvino.Core().compile_model(path, "CPU", {"PERFORMANCE_HINT": "LATENCY",
                                                           "INFERENCE_PRECISION_HINT": "f32"})
    request = compiled.create_infer_request()
    return lambda x: request.infer({0: x})[0]


def load_iree(path, threads):
    import iree.runtime
    iree.runtime.flags.parse_flags("--task_topology_group_count=%d" % threads)
    module = iree.runtime.load_vm_flatbuffer_file(path, driver="local-task")
    # The importer names the function after the ONNX graph; it is the only
    # public synchronous one ("name$async" and "__init" are the others).
    (name,) = [n for n in module.vm_module.function_names if "$" not in n and n[:2] != "__"]
    function = getattr(module, name)
    return lambda x: function(x).to_host()


def load_pytorch(path, threads):
    import torch
    torch.set_num_threads(threads)
    model = torch.load(path).eval()

    def run(x):
        with torch.inference_mode():
            return model(torch.from_numpy(x)).numpy()
    return run


def measure(run, x, warmup_s, seconds, min_runs):
    start = time.perf_counter()
    run(x)
    while time.perf_counter() - start < warmup_s:
        run(x)
    times, begin = [], time.perf_counter()
    while len(times) < min_runs or time.perf_counter() - begin < seconds:
        t = time.perf_counter()
        run(x)
        times.append((time.perf_counter() - t) * 1e3)
    return times


def serve(system, artifact, input_path, output_path, threads):
    # The protocol gets stdout to itself: whatever a library prints goes to stderr.
    protocol = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)
    x = np.load(input_path)
    start = time.perf_counter()
    run = globals()["load_" + system](artifact, threads)
    load_s = time.perf_counter() - start
    np.save(output_path, np.asarray(run(x)))
    print(json.dumps({"load_s": load_s}), file=protocol)
    for line in sys.stdin:
        warmup_s, seconds, min_runs = line.split()
        times = measure(run, x, float(warmup_s), float(seconds), int(min_runs))
        print(" ".join("%.4f" % t for t in times), file=protocol)


if __name__ == "__main__":
    if len(sys.argv) != 6:
        sys.exit("usage: systems.py SYSTEM ARTIFACT INPUT.npy OUTPUT.npy THREADS")
    serve(*sys.argv[1:5], int(sys.argv[5]))
