"""netsmith: random .net models against PyTorch twins (differential testing).

  netsmith run --seeds 0:200 [-j 2] [--gpu-tiles-every 10] [--keep DIR]
  netsmith show SEED                  the program (and --twin: its twin)
  netsmith write SEED -o DIR          DIR/model.net and DIR/twin.py
  netsmith check MODEL.net TWIN.py    one case, e.g. a kept reproducer
  netsmith reduce SEED -o DIR         shrink a failing seed to a reproducer
  netsmith stats --seeds 0:500        how many programs use each construct

Run it with Debian's /usr/bin/python3 (PyTorch). --build is netc's build
directory (default: build/ of this checkout).
"""
import argparse
import concurrent.futures
import os
import random
import shutil
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [HERE, os.path.dirname(HERE)]  # netsmith's modules, then tools/

import torch  # noqa: E402

import coverage  # noqa: E402
import harness  # noqa: E402
import reduce as reducer  # noqa: E402
import twin as twins  # noqa: E402
from generate import generate  # noqa: E402
from semantics import evaluate  # noqa: E402
from syntax import to_source  # noqa: E402


def case(program, batch, seed):
    """The .net source and the twin's source of a program; seed None: the
    plain form (else one of the equivalent forms, chosen by the seed)."""
    text = to_source(program, None if seed is None else random.Random(seed))
    return text, twins.source(evaluate(program, batch), text)


def write_case(directory, text, twin):
    os.makedirs(directory, exist_ok=True)
    net, twin_path = os.path.join(directory, "model.net"), os.path.join(directory, "twin.py")
    with open(net, "w") as f:
        f.write(text)
    with open(twin_path, "w") as f:
        f.write(twin)
    return net, twin_path


def check_program(program, batch, seed, tools, directory, gpu_tiles=False, plain=False):
    """Checks a program written in its seed's form (or plain), with weights
    and input from the seed."""
    text, twin = case(program, batch, None if plain else seed)
    net, twin_path = write_case(directory, text, twin)
    log = []
    result = harness.check(net, twin_path, tools, directory, seed, gpu_tiles, log)
    if not result.ok:
        with open(os.path.join(directory, "log.txt"), "w") as f:
            f.write("\n".join(log))
    return result


def seeds(text):
    first, _, last = text.partition(":")
    return range(int(first), int(last)) if last else [int(first)]


def command_run(args, tools):
    failures, counts, start = [], {}, time.time()
    scratch = tempfile.mkdtemp(prefix="netsmith-")

    def one(seed):
        program, batch = generate(seed)
        gpu = args.gpu_tiles_every > 0 and seed % args.gpu_tiles_every == 0
        directory = os.path.join(scratch, str(seed))
        result = check_program(program, batch, seed, tools, directory, gpu)
        if result.ok:
            shutil.rmtree(directory)
        elif args.keep:
            shutil.copytree(directory, os.path.join(args.keep, str(seed)), dirs_exist_ok=True)
        return seed, gpu, result

    torch.set_num_threads(1)
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        for seed, gpu, result in pool.map(one, seeds(args.seeds)):
            counts[result.verdict] = counts.get(result.verdict, 0) + 1
            if gpu and result.ok:
                counts["gpu tiles"] = counts.get("gpu tiles", 0) + 1
            if not result.ok:
                failures.append(seed)
                print("FAIL seed %d: %s: %s" % (seed, result.verdict, result.detail), flush=True)
            elif args.verbose:
                print("ok seed %d: %s" % (seed, result.detail), flush=True)
    shutil.rmtree(scratch, ignore_errors=True)
    passed = counts.get("ok", 0)
    print("netsmith: %d models in %.0f s; %s" % (
        len(seeds(args.seeds)), time.time() - start,
        ", ".join("%s %d" % item for item in sorted(counts.items()))))
    if failures:
        print("failing seeds: " + " ".join(map(str, failures)))
    print("%d passed, %d failed" % (passed, len(failures)))
    return 1 if failures else 0


def command_reduce(args, tools):
    program, batch = generate(args.seed)
    scratch = tempfile.mkdtemp(prefix="netsmith-reduce-")
    first = check_program(program, batch, args.seed, tools, scratch, args.gpu_tiles)
    if first.ok:
        print("seed %d passes: nothing to reduce" % args.seed)
        return 1
    print("seed %d: %s: %s" % (args.seed, first.verdict, first.detail))

    def still_fails(candidate, candidate_batch, plain=False):
        result = check_program(candidate, candidate_batch, args.seed, tools, scratch,
                               args.gpu_tiles, plain)
        return result.verdict == first.verdict

    program, batch = reducer.reduce(program, batch, still_fails)
    # The plain form reads best, unless the failure needs the seed's form
    # (a parser bug).
    plain = still_fails(program, batch, plain=True)
    text, twin = case(program, batch, None if plain else args.seed)
    write_case(args.output, text, twin)
    result = check_program(program, batch, args.seed, tools, scratch, args.gpu_tiles, plain)
    shutil.rmtree(scratch, ignore_errors=True)
    print("reproducer (%s: %s) in %s:\n" % (result.verdict, result.detail, args.output))
    print(text)
    return 0


def main():
    parser = argparse.ArgumentParser(prog="netsmith", description=__doc__.splitlines()[0])
    parser.add_argument("--build", default=os.path.join(os.path.dirname(os.path.dirname(HERE)),
                                                        "build"))
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("run")
    p.add_argument("--seeds", default="0:100", help="FIRST:LAST (exclusive) or one seed")
    p.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    p.add_argument("--gpu-tiles-every", type=int, default=0, metavar="K",
                   help="also check the CUDA tiling on the CPU for every K-th seed")
    p.add_argument("--keep", help="copy each failing case into this directory")
    p.add_argument("-v", "--verbose", action="store_true")
    p = sub.add_parser("stats")
    p.add_argument("--seeds", default="0:500")
    p = sub.add_parser("show")
    p.add_argument("seed", type=int)
    p.add_argument("--twin", action="store_true")
    p = sub.add_parser("write")
    p.add_argument("seed", type=int)
    p.add_argument("-o", "--output", required=True)
    p = sub.add_parser("check")
    p.add_argument("net")
    p.add_argument("twin")
    p.add_argument("--gpu-tiles", action="store_true")
    p.add_argument("--seed", type=int, default=0, help="seed of the random weights and input")
    p = sub.add_parser("reduce")
    p.add_argument("seed", type=int)
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--gpu-tiles", action="store_true")
    args = parser.parse_args()

    if args.command == "stats":
        counts = coverage.table(generate(seed) for seed in seeds(args.seeds))
        for feature, count in sorted(counts.items()):
            print("%6d  %s" % (count, feature))
        return 0
    if args.command in ("show", "write"):
        program, batch = generate(args.seed)
        text, twin = case(program, batch, args.seed)
        if args.command == "write":
            write_case(args.output, text, twin)
        else:
            print(twin if args.twin else text)
        return 0
    tools = harness.Tools(args.build)
    if args.command == "run":
        return command_run(args, tools)
    if args.command == "reduce":
        return command_reduce(args, tools)
    directory = tempfile.mkdtemp(prefix="netsmith-check-")
    log = []
    result = harness.check(args.net, args.twin, tools, directory, args.seed, args.gpu_tiles, log)
    print("%s: %s" % (result.verdict, result.detail))
    if not result.ok:
        print("\n".join(log))
    shutil.rmtree(directory, ignore_errors=True)
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
