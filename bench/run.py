"""netc against ONNX Runtime, OpenVINO, IREE and PyTorch, side by side on this machine.

Run it through bench/run.sh, which makes bench/.venv with the peers. For each
model, export_models.py writes the weights, ONNX files, inputs and PyTorch's
outputs from one torchvision instance. Then, at batch 1 and at the throughput
batch, every system is prepared (its compile step timed) and started in a
worker process of its own, its output is checked against PyTorch's, and the
workers are timed in alternation: in each round every system in turn warms up
and then runs for a while, the order rotating from round to round, so that a
change in the machine's state hits every system alike. Latencies are medians
over all timed runs of all rounds. Absolute numbers drift between runs and
machines; only the side-by-side comparison within one run means much.

Writes results/results.md (tables, machine, settings) and results/latency.png.
"""
import argparse
import contextlib
import json
import os
import platform
import resource
import shlex
import signal
import statistics
import subprocess
import sys
import time

import numpy as np

import report
import systems

HERE = systems.HERE
ROOT = systems.ROOT
NET_FILES = {"resnet50": "resnet.net", "googlenet": "googlenet.net",
             "efficientnet_b0": "efficientnet.net"}
TOLERANCE = 1e-3  # max |a - b| <= TOLERANCE * max |b|, b being PyTorch's output
WARMUP_S = 0.5    # each round starts with this much warm-up per system (at least one run)
MIN_RUNS = 2      # timed runs per system and round, however long they take


class Result:
    """One system on one model at one batch size; `failure` says why a
    number is missing."""

    def __init__(self, system, model, batch):
        self.system, self.model, self.batch = system, model, batch
        self.times, self.error, self.failure = [], None, None
        self.compile_s = self.load_s = self.rss_mb = None

    @property
    def median_ms(self):
        return statistics.median(self.times) if self.times else None

    @property
    def agrees(self):
        return self.error is not None and self.error <= TOLERANCE


class Worker:
    """A started system: its process, spoken to through the protocol that
    systems.py describes; its error output goes to `log`."""

    def __init__(self, command, log):
        self.log = log
        with open(log, "w") as stderr:
            self.process = subprocess.Popen(command, stdin=subprocess.PIPE,
                                            stdout=subprocess.PIPE, stderr=stderr, text=True)
        try:
            self.load_s = json.loads(self.reply())["load_s"]
        except Exception:
            self.kill()
            raise

    def reply(self):
        line = self.process.stdout.readline()
        if not line:
            with open(self.log) as f:
                raise RuntimeError("worker stopped: " + f.read().strip()[-2000:])
        return line

    def times(self, warmup_s, seconds, min_runs):
        self.process.stdin.write("%g %g %d\n" % (warmup_s, seconds, min_runs))
        self.process.stdin.flush()
        return [float(t) for t in self.reply().split()]

    def close(self):
        """Ends the worker; returns its peak RSS in MiB (from wait4, which
        reports this one child's maximum)."""
        with contextlib.suppress(BrokenPipeError):  # from a worker that died
            self.process.stdin.close()
        _, status, usage = os.wait4(self.process.pid, 0)
        self.process.returncode = os.waitstatus_to_exitcode(status)
        self.process.stdout.close()
        return usage.ru_maxrss / 1024

    def kill(self):
        # Not Popen.kill, which may reap the process and leave wait4 nothing.
        os.kill(self.process.pid, signal.SIGKILL)
        self.close()


def describe_machine(work):
    """The CPU, its core count and its measured peak (bench/peak_fma.cpp, one
    thread and one thread per core), and the load average before any of it."""
    load = os.getloadavg()[0]
    with open("/proc/cpuinfo") as f:
        cpu = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")),
                   platform.processor())
    binary = os.path.join(work, "peak_fma")
    subprocess.run([systems.CXX, "-std=c++17", "-O2", "-march=native", "-pthread",
                    os.path.join(HERE, "peak_fma.cpp"), "-o", binary], check=True)
    peaks = {}
    for threads in sorted({1, systems.THREADS}):
        isa, _, gflops = subprocess.run([binary, str(threads)], check=True, stdout=subprocess.PIPE,
                                        text=True).stdout.split()
        peaks[threads] = float(gflops)
    return {"cpu": cpu, "cores": systems.THREADS, "isa": isa, "peaks": peaks,
            "peak": peaks[systems.THREADS], "load": load}


def cpu_seconds():
    """(CPU seconds all processes have used since boot, including time the
    hypervisor gave to other machines; CPU seconds this process and its
    waited-for children have used)."""
    with open("/proc/stat") as f:
        user, nice, system, _, _, irq, softirq, steal = map(int, f.readline().split()[1:9])
    own = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    return ((user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK"),
            sum(r.ru_utime + r.ru_stime for r in own))


def macs(netc, model):
    summary = subprocess.run([netc, "summary", os.path.join(ROOT, "stdlib", NET_FILES[model]),
                              "--model", model, "--json"], check=True, stdout=subprocess.PIPE)
    return json.loads(summary.stdout)["macs"]


def relative_error(output, reference):
    if output.shape != reference.shape:
        raise RuntimeError("output shape %s, PyTorch's %s" % (output.shape, reference.shape))
    return float(np.abs(output - reference).max() / np.abs(reference).max())


def start(system, files, result):
    """Prepares and starts one system, checks its output; None if it failed."""
    try:
        prepared = system.prepare(files, os.path.join(ROOT, "stdlib", NET_FILES[files.model]))
        result.compile_s = prepared.compile_s
        worker = Worker(prepared.command, files.path(system.name, ".log"))
    except Exception as error:  # any failure of a peer is reported, and the others go on
        result.failure = str(error)
        return None
    result.load_s = worker.load_s
    try:
        result.error = relative_error(prepared.read_output(), np.load(files.reference))
    except Exception as error:
        result.failure = str(error)
        worker.kill()
        return None
    return worker


def disturbed(function, *args):
    """Returns function(*args) and the share of the machine's CPU time that
    other processes used meanwhile. `function` must wait for every process
    it starts, so that their time counts as this process's own."""
    start, (busy, own) = time.perf_counter(), cpu_seconds()
    value = function(*args)
    (busy_end, own_end), wall = cpu_seconds(), time.perf_counter() - start
    return value, max(0.0, (busy_end - busy) - (own_end - own)) / (wall * systems.THREADS)


def bench(ready, files, rounds, seconds):
    """Starts every system on `files`, times them in alternation, ends them."""
    results = {system.name: Result(system.name, files.model, files.batch) for system in ready}
    workers = {}
    for system in ready:
        log("%s batch %d: preparing %s" % (files.model, files.batch, system.name))
        worker = start(system, files, results[system.name])
        if worker:
            workers[system.name] = worker
        else:
            log("  failed: " + " ".join(results[system.name].failure.split())[-300:])
    for round_ in range(rounds):
        log("%s batch %d: round %d of %d" % (files.model, files.batch, round_ + 1, rounds))
        names = list(workers)
        shift = round_ % max(1, len(names))
        for name in names[shift:] + names[:shift]:
            try:
                results[name].times += workers[name].times(WARMUP_S, seconds, MIN_RUNS)
            except (RuntimeError, OSError) as error:  # the worker died
                results[name].failure = str(error)
                workers.pop(name).kill()
    for name, worker in workers.items():
        results[name].rss_mb = worker.close()
    return list(results.values())


def log(message):
    print(message, flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", nargs="+", choices=list(NET_FILES), default=list(NET_FILES))
    parser.add_argument("--systems", nargs="+", help="only these systems (default: all)")
    parser.add_argument("--rounds", type=int, default=5, help="rounds at batch 1")
    parser.add_argument("--seconds", type=float, default=1.0,
                        help="timed seconds per system and round (at least %d runs)" % MIN_RUNS)
    parser.add_argument("--batch", type=int, default=8, help="the throughput batch size")
    parser.add_argument("--throughput-rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0, help="of the random weights and inputs")
    parser.add_argument("--torch-python", default="/usr/bin/python3",
                        help="a Python that has PyTorch and torchvision")
    parser.add_argument("--netc", default=os.path.join(ROOT, "build", "bin", "netc"))
    args = parser.parse_args()

    work, out = os.path.join(HERE, "work"), os.path.join(HERE, "results")
    os.makedirs(work, exist_ok=True)
    os.makedirs(out, exist_ok=True)
    chosen = [s for s in systems.all_systems(sys.executable, args.torch_python, args.netc)
              if not args.systems or s.name in args.systems]
    missing = {s.name: s.check() for s in chosen}
    missing = {name: why for name, why in missing.items() if why}
    if "netc" in missing:
        sys.exit("run.py: error: " + missing["netc"])
    for name, why in missing.items():
        log("not run: %s: %s" % (name, why))
    ready = [s for s in chosen if s.name not in missing]

    log("measuring the peak (peak_fma.cpp)")
    machine, others = disturbed(describe_machine, work)
    disturbance = {"peak measurement": others}
    log("peak: %.1f GFLOP/s on %d threads (%s)" % (machine["peak"], machine["cores"],
                                                    machine["isa"]))
    settings = {"command": " ".join(["bench/run.sh"] + [shlex.quote(a) for a in sys.argv[1:]]),
                "date": time.strftime("%Y-%m-%d %H:%M %Z"), "rounds": args.rounds,
                "throughput_rounds": args.throughput_rounds, "seconds": args.seconds,
                "warmup_s": WARMUP_S, "min_runs": MIN_RUNS, "batch": args.batch,
                "tolerance": TOLERANCE, "seed": args.seed}
    results, model_macs = [], {}
    for model in args.models:
        log("%s: exporting from torchvision" % model)
        directory = os.path.join(work, model)
        subprocess.run([args.torch_python, os.path.join(HERE, "export_models.py"), model,
                        "--seed", str(args.seed), "--batch", "1", "--batch", str(args.batch),
                        "-o", directory], check=True)
        model_macs[model] = macs(args.netc, model)
        for batch, rounds in ((1, args.rounds), (args.batch, args.throughput_rounds)):
            measured, others = disturbed(bench, ready, systems.Files(directory, model, batch),
                                         rounds, args.seconds)
            results += measured
            disturbance["%s batch %d" % (model, batch)] = others
        # After each model, so that an interrupted run still leaves what it measured.
        report.write(out, machine, ready, missing, results, model_macs, disturbance, settings)
        log("wrote %s and %s" % (os.path.join(out, "results.md"),
                                 os.path.join(out, "latency.png")))

if __name__ == "__main__":
    main()
