#!/usr/bin/python3
"""Compares two .npy arrays: max |a - b| <= tolerance * max |b|.

usage: compare_npy.py ACTUAL EXPECTED [--tolerance 1e-4]
Prints the worst absolute and relative error; exits 1 when over tolerance.
"""
import argparse
import sys

import numpy as np


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("actual")
    parser.add_argument("expected")
    parser.add_argument("--tolerance", type=float, default=1e-4)
    args = parser.parse_args()
    actual, expected = np.load(args.actual), np.load(args.expected)
    if actual.shape != expected.shape:
        sys.exit("shape mismatch: %s vs %s" % (actual.shape, expected.shape))
    error = float(np.max(np.abs(actual.astype(np.float64) - expected)))
    scale = float(np.max(np.abs(expected)))
    relative = error / scale if scale else error
    verdict = "ok" if relative <= args.tolerance else "MISMATCH"
    print("%s: max abs error %.3g, max |expected| %.3g, relative %.3g (tolerance %g)"
          % (verdict, error, scale, relative, args.tolerance))
    sys.exit(0 if verdict == "ok" else 1)


if __name__ == "__main__":
    main()
