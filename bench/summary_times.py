#!/usr/bin/env python3
"""Times `netc summary` (parse, check, instantiate, print) for every stdlib model.

usage: bench/summary_times.py [--runs N] [--netc PATH]
Prints one markdown row per model: median, min and max wall time of N runs.
"""
import argparse
import os
import statistics
import subprocess
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODELS = [("resnet", m) for m in ("resnet18", "resnet34", "resnet50", "resnet101", "resnet152")]
MODELS += [("googlenet", "googlenet")]
MODELS += [("efficientnet", "efficientnet_b%d" % i) for i in range(8)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--netc", default=os.path.join(ROOT, "build", "bin", "netc"))
    args = parser.parse_args()
    print("| model | median ms | min ms | max ms |")
    print("|---|---|---|---|")
    for family, model in MODELS:
        command = [args.netc, "summary", os.path.join(ROOT, "stdlib", family + ".net"),
                   "--model", model]
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
            times.append((time.perf_counter() - start) * 1000)
        print("| %s | %.1f | %.1f | %.1f |" % (model, statistics.median(times), min(times),
                                              max(times)))


if __name__ == "__main__":
    main()
