#!/usr/bin/python3
"""Median latency of a torchvision model in PyTorch eager mode on the GPU.

The peer of netc's CUDA target in scripts/gpu-check: float32 throughout
(TF32 off, as netc computes exact float32), batch norms in eval mode, the
same random weights as the netc run (export_torchvision.py's seed), timed
after a warm-up with the GPU synchronised after each inference.

  torch_cuda_latency.py resnet50 --batch 8 --repeat 50
"""
import argparse
import os
import statistics
import sys
import time

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
import export_torchvision  # noqa: E402  (the one definition of the models and weights)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model")
    parser.add_argument("--batch", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if not torch.cuda.is_available():
        sys.exit("torch_cuda_latency.py: error: PyTorch sees no CUDA device")
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    model = export_torchvision.build(args.model)
    size = export_torchvision.RESOLUTION.get(args.model, 224)
    export_torchvision.randomize(model, args.seed, size)
    model = model.eval().cuda()
    x = torch.randn(args.batch, 3, size, size, device="cuda")
    times = []
    with torch.no_grad():
        for _ in range(10):
            model(x)
        torch.cuda.synchronize()
        for _ in range(args.repeat):
            start = time.perf_counter()
            model(x)
            torch.cuda.synchronize()
            times.append((time.perf_counter() - start) * 1e3)
    print("median %.3f ms (min %.3f, max %.3f, %d runs) on %s" %
          (statistics.median(times), min(times), max(times), args.repeat,
           torch.cuda.get_device_name()))


if __name__ == "__main__":
    main()
