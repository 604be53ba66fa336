#!/usr/bin/python3
"""Writes one torchvision model in every form the benchmarked systems read.

Run with Debian's /usr/bin/python3 (the only Python that sees PyTorch). All
forms come from one model instance, randomised as the end-to-end tests do
(tools/export_torchvision.py), so that every system computes the same function:

  DIR/weights.safetensors     netc
  DIR/model.pt                PyTorch (the whole module, torch.save)
  DIR/bN.onnx                 ONNX Runtime, OpenVINO, IREE (opset 13, batch N)
  DIR/bN_input.npy            a random input of batch N
  DIR/bN_reference.npy        PyTorch's output for it, which every system must match

  export_models.py resnet50 --seed 0 --batch 1 --batch 8 -o DIR
"""
import argparse
import os
import sys

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
import export_torchvision  # noqa: E402  (found through the path above)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", help="torchvision model name, e.g. resnet50")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--batch", type=int, action="append", required=True)
    parser.add_argument("-o", "--output", required=True, help="directory to write into")
    args = parser.parse_args()

    os.makedirs(args.output, exist_ok=True)
    model = export_torchvision.build(args.model).eval()
    export_torchvision.randomize(model, args.seed)
    export_torchvision.save_safetensors(model.state_dict(), os.path.join(args.output,
                                                                         "weights.safetensors"))
    torch.save(model, os.path.join(args.output, "model.pt"))

    size = export_torchvision.RESOLUTION.get(args.model, 224)
    generator = torch.Generator().manual_seed(args.seed + 1)
    for batch in args.batch:
        x = torch.randn(batch, 3, size, size, generator=generator)
        prefix = os.path.join(args.output, "b%d" % batch)
        with torch.no_grad():
            export_torchvision.save_npy(x.numpy(), prefix + "_input.npy")
            export_torchvision.save_npy(model(x).numpy(), prefix + "_reference.npy")
            torch.onnx.export(model, x, prefix + ".onnx", opset_version=13,
                              input_names=["input"], output_names=["output"])


if __name__ == "__main__":
    main()
