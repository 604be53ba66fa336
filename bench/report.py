"""Writes the benchmark's results: results.md (tables, machine, settings, notes)
and latency.png (batch-1 latency per model and system)."""
import math
import os

import matplotlib
matplotlib.use("Agg")  # files only, no display
import matplotlib.pyplot as plt  # noqa: E402  (after choosing the backend)
from matplotlib import ticker  # noqa: E402


def fmt(value, pattern):
    return "-" if value is None else pattern % value


def gflops(result, macs):
    return 2.0 * macs * result.batch / (result.median_ms * 1e-3) / 1e9


def fastest_peer(results):
    """The fastest peer whose output agrees with PyTorch's, or None."""
    peers = [r for r in results if r.system != "netc" and r.agrees and r.times]
    return min(peers, key=lambda r: r.median_ms, default=None)


def error_cell(result, tolerance):
    if result.error is None:
        return "-"
    if result.error > tolerance:
        return "**%.1e WRONG**" % result.error
    return "%.1e" % result.error


def summary_table(results, models):
    lines = ["| model | netc ms | fastest peer | its ms | netc / fastest peer |",
             "|---|---|---|---|---|"]
    for model in models:
        rows = [r for r in results if r.model == model and r.batch == 1]
        netc = next((r for r in rows if r.system == "netc" and r.times), None)
        peer = fastest_peer(rows)
        ratio = netc.median_ms / peer.median_ms if netc and peer else None
        lines.append("| %s | %s | %s | %s | %s |" % (
            model, fmt(netc and netc.median_ms, "%.2f"), peer.system if peer else "-",
            fmt(peer and peer.median_ms, "%.2f"), fmt(ratio, "%.2fx")))
    return lines


def results_table(results, models, batch, macs, peak, tolerance):
    throughput = batch > 1
    head = ["model", "system", "median ms"] + (["images/s"] if throughput else []) + [
        "runs", "GFLOP/s", "% of peak", "error vs PyTorch", "compile s", "load s",
        "peak RSS MiB"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for model in models:
        for r in (r for r in results if r.model == model and r.batch == batch):
            if r.failure and not r.times:
                cells = [model, r.system, "failed: %s" % " ".join(r.failure.split())[:200]]
                cells += [""] * (len(head) - len(cells))
            else:
                rate = gflops(r, macs[model])
                name = r.system + (" (stopped: %s)" % " ".join(r.failure.split())[:200]
                                   if r.failure else "")
                cells = [model, name, "%.2f" % r.median_ms]
                cells += ["%.1f" % (1e3 * batch / r.median_ms)] if throughput else []
                cells += [str(len(r.times)), "%.1f" % rate, "%.1f" % (100 * rate / peak),
                          error_cell(r, tolerance), fmt(r.compile_s, "%.1f"),
                          fmt(r.load_s, "%.2f"), fmt(r.rss_mb, "%.0f")]
            lines.append("| " + " | ".join(cells) + " |")
    return lines


def write_chart(path, results, models, names):
    """Grouped bars, log scale (the systems differ by orders of magnitude);
    hatched bars are outputs that disagree with PyTorch."""
    figure, axes = plt.subplots(figsize=(9, 4.5))
    width = 0.8 / max(1, len(names))
    latencies = [r.median_ms for r in results if r.batch == 1 and r.times] or [1.0]
    for i, name in enumerate(names):
        for j, model in enumerate(models):
            r = next((r for r in results if (r.model, r.batch, r.system) == (model, 1, name)
                      and r.times), None)
            if r is None:
                continue
            bar = axes.bar(j + (i - (len(names) - 1) / 2) * width, r.median_ms, width,
                           color="C%d" % i, hatch=None if r.agrees else "//")
            axes.bar_label(bar, fmt="%.3g", fontsize=7, padding=1)
    handles = [plt.Rectangle((0, 0), 1, 1, color="C%d" % i) for i in range(len(names))]
    axes.legend(handles, names, fontsize=8, ncol=len(names), loc="upper center",
                bbox_to_anchor=(0.5, -0.1), frameon=False)
    axes.set_xticks(range(len(models)), models)
    axes.set_yscale("log")
    axes.set_ylim(10 ** math.floor(math.log10(min(latencies) / 2)), max(latencies) * 1.6)
    axes.yaxis.set_major_formatter(ticker.FuncFormatter(lambda value, _: "%g" % value))
    axes.yaxis.set_minor_formatter(ticker.NullFormatter())
    axes.set_ylabel("batch-1 latency, ms (log scale; lower is better)")
    wrong = any(r.batch == 1 and r.times and not r.agrees for r in results)
    axes.set_title("Median latency, fp32, batch 1"
                   + (" (hatched: output disagrees with PyTorch)" if wrong else ""))
    figure.savefig(path, dpi=120, bbox_inches="tight")
    plt.close(figure)


def write(directory, machine, systems, missing, results, macs, disturbance, settings):
    models = list(macs)
    peak, cores = machine["peak"], machine["cores"]
    batch, tolerance = settings["batch"], settings["tolerance"]
    lines = ["# netc benchmark", "",
             "`%s`, %s." % (settings["command"], settings["date"]), "",
             "## Machine", "",
             "- CPU: %s, %d cores, %s" % (machine["cpu"], cores, machine["isa"]),
             "- Peak fp32, measured with bench/peak_fma.cpp (independent FMA chains, one thread "
             "per core): **%.1f GFLOP/s** on %d threads, %.1f on 1"
             % (peak, cores, machine["peaks"][1]),
             "- Load average (1 min) when the run began: %.2f" % machine["load"],
             "- CPU time used by other processes (or given to other VMs) while the systems "
             "were measured, as a share of the machine: "
             + ", ".join("%s %.1f%%" % (k, 100 * v) for k, v in disturbance.items())
             + ". More than a few percent skews the numbers, multithreaded peers most.", "",
             "## Summary: batch 1 latency", ""]
    lines += summary_table(results, models)
    lines += ["", "## Batch 1", ""]
    lines += results_table(results, models, 1, macs, peak, tolerance)
    lines += ["", "## Batch %d (throughput)" % batch, ""]
    lines += results_table(results, models, batch, macs, peak, tolerance)
    lines += ["", "## Systems", "", "| system | version | settings |", "|---|---|---|"]
    lines += ["| %s | %s | %s |" % (s.name, s.version, s.settings) for s in systems]
    lines += ["| %s | not run | %s |" % (name, why) for name, why in missing.items()]
    lines += [
        "", "## Notes", "",
        "- Every system, netc included, uses all %d cores; %% of peak is against the "
        "%d-core peak." % (cores, cores),
        "- Median over all timed runs of all rounds (%d rounds at batch 1, %d at batch %d). "
        "In each round every system in turn warms up for %.1f s (at least one run), then runs "
        "for %.1f s (at least %d runs); the order rotates from round to round."
        % (settings["rounds"], settings["throughput_rounds"], batch, settings["warmup_s"],
           settings["seconds"], settings["min_runs"]),
        "- Every system computes the same function: weights (seed %d, random batch-norm "
        "statistics) and inputs come from one torchvision instance, exported to safetensors "
        "(netc), ONNX opset 13 (ONNX Runtime, OpenVINO, IREE) and a pickled module (PyTorch). "
        "error = max|a - b| / max|b| against torchvision's output; above %g the system is marked "
        "WRONG and is not counted as the fastest peer." % (settings["seed"], tolerance),
        "- GFLOP/s = 2 x MACs (`netc summary --json`) x batch / median time.",
        "- compile s: the ahead-of-time step, `netc compile` (object file and header) and "
        "`iree-compile` (not `iree-import-onnx`). load s: in the worker process: netc's "
        "constructor (weights opened, checked, prepared), ONNX Runtime's InferenceSession, "
        "OpenVINO's compile_model, IREE's module load, torch.load.",
        "- Peak RSS: the worker process's maximum resident set (wait4), interpreter and "
        "libraries included (Python with NumPy, plus the peer's runtime; netc's worker is a small "
        "C++ program).",
        "- Batch %d: one synchronous inference of %d images at a time (OpenVINO with its latency "
        "hint, no asynchronous streams); images/s = %d / median time." % (batch, batch, batch),
    ]
    with open(os.path.join(directory, "results.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    write_chart(os.path.join(directory, "latency.png"), results, models,
                [s.name for s in systems])
