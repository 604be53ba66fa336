"""Writes safetensors files for Inputs/tiny.net, good and broken ones.

usage: make_weights.py KIND OUTPUT
KIND: good, extra-keys, truncated, wrong-shape, missing, wrong-dtype, garbage-header,
      f16, overlapping
"""
import json
import struct
import sys

TENSORS = {  # name -> shape, for tiny.net
    "conv1.weight": [3, 2, 3, 3], "conv1.bias": [3],
    "bn.weight": [3], "bn.bias": [3], "bn.running_mean": [3], "bn.running_var": [3],
    "fc.weight": [5, 3], "fc.bias": [5],
}


def count(shape):
    n = 1
    for d in shape:
        n *= d
    return n


def safetensors(tensors, dtype_of=lambda name: "F32"):
    header, blobs, offset = {}, [], 0
    for name, shape in tensors.items():
        dtype = dtype_of(name)
        size = {"F32": 4, "F16": 2, "I64": 8}[dtype]
        if dtype == "F16":
            data = struct.pack("<%de" % count(shape), *([0.5] * count(shape)))
        else:
            data = bytes(size * count(shape)) if dtype == "I64" else struct.pack(
                "<%df" % count(shape), *([0.5] * count(shape)))
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    encoded = json.dumps(header).encode()
    return struct.pack("<Q", len(encoded)) + encoded + b"".join(blobs)


def main():
    kind, output = sys.argv[1], sys.argv[2]
    tensors = dict(TENSORS)
    if kind == "good":
        data = safetensors(tensors)
    elif kind == "extra-keys":
        tensors["bn.num_batches_tracked"] = []
        tensors["aux1.fc.weight"] = [2, 2]
        data = safetensors(tensors)
    elif kind == "truncated":
        data = safetensors(tensors)[:-10]
    elif kind == "wrong-shape":
        tensors["conv1.weight"] = [3, 2, 1, 1]
        data = safetensors(tensors)
    elif kind == "missing":
        del tensors["fc.bias"]
        del tensors["bn.running_var"]
        data = safetensors(tensors)
    elif kind == "wrong-dtype":
        data = safetensors(tensors, lambda name: "I64" if name == "fc.weight" else "F32")
    elif kind == "f16":
        data = safetensors(tensors, lambda name: "F16")
    elif kind == "garbage-header":
        data = struct.pack("<Q", 12) + b"{not json!!}"
    elif kind == "overlapping":
        data = bytearray(safetensors(tensors))
        length = struct.unpack("<Q", data[:8])[0]
        header = json.loads(data[8:8 + length])
        header["fc.bias"]["data_offsets"] = header["fc.weight"]["data_offsets"][:1] + [
            header["fc.weight"]["data_offsets"][0] + 20]
        encoded = json.dumps(header).encode()
        data = struct.pack("<Q", len(encoded)) + encoded + bytes(data[8 + length:])
    else:
        sys.exit("unknown kind " + kind)
    with open(output, "wb") as f:
        f.write(data)


if __name__ == "__main__":
    main()
