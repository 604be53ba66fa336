#!/usr/bin/python3
"""Writes the C++ header run_planned.cpp needs to call a model lowered with
`net-gpu-pipeline{stop-after=tiles}` and then for the CPU: the tensors the
weights file provides (from `netc summary --json`), the input and output
sizes, each prepared tensor's place in one 64-byte-aligned block (from the
prepare function's out-parameters) and the two arenas net-plan-memory planned.

  planned_layout.py SUMMARY.json LOWERED.mlir OUT.h
"""
import json
import math
import re
import sys


def main():
    summary_path, mlir_path, out_path = sys.argv[1:]
    summary = json.load(open(summary_path))
    mlir = open(mlir_path).read()
    prepare = re.search(r"func\.func @\w+_prepare\((.*?)\) attributes \{(.*?)\}", mlir)
    run = re.search(r"func\.func @\w+\((.*?)\) attributes \{(.*?)\}", mlir[prepare.end():])
    if not prepare or not run:
        sys.exit("planned_layout.py: error: no prepare and run functions in " + mlir_path)

    def arena(attributes):
        return int(re.search(r"net\.arena_bytes = (\d+)", attributes).group(1))

    # The prepare function's arguments: the parameters (named), then the
    # prepared tensors, then the arena.
    arguments = re.findall(r"memref<([0-9x]+)xf32>( \{net\.name)?", prepare.group(1))
    prepared = [math.prod(int(d) for d in shape.split("x")) for shape, named in arguments
                if not named]
    offsets = [0]
    for elements in prepared:
        offsets.append(offsets[-1] + (elements * 4 + 63) // 64 * 64)

    tensors = summary["tensors"]
    with open(out_path, "w") as out:
        for i, t in enumerate(tensors):
            out.write("static const int64_t kShape%d[] = {%s};\n" % (i, ", ".join(map(str, t["shape"]))))
        out.write("static const netc_tensor_info kTensors[] = {\n")
        for i, t in enumerate(tensors):
            out.write('    {"%s", %d, kShape%d},\n' % (t["name"], len(t["shape"]), i))
        out.write("};\n")
        out.write("constexpr int32_t kNumTensors = %d;\n" % len(tensors))
        out.write("constexpr int64_t kInputSize = %d;\n" % math.prod(summary["input_shape"]))
        out.write("static const int64_t kOutputShape[] = {%s};\n" %
                  ", ".join(map(str, summary["output_shape"])))
        out.write("constexpr int64_t kOutputSize = %d;\n" % math.prod(summary["output_shape"]))
        out.write("constexpr size_t kNumPrepared = %d;\n" % len(prepared))
        out.write("static const int64_t kPreparedOffsets[] = {%s};\n" % ", ".join(map(str, offsets)))
        out.write("constexpr int64_t kPrepareArenaBytes = %d;\n" % arena(prepare.group(2)))
        out.write("constexpr int64_t kRunArenaBytes = %d;\n" % arena(run.group(2)))


if __name__ == "__main__":
    main()
