#!/usr/bin/python3
"""Writes a torchvision model's weights as safetensors, for netc-compiled models.

Run with Debian's /usr/bin/python3, which sees python3-torch and
python3-torchvision. The weights are either random (seeded; batch-norm
statistics and affine parameters are randomised too, so no batch norm is an
identity) or loaded from a checkpoint the user has (a state_dict saved with
torch.save). Optionally also writes a random input and torchvision's output for
it as .npy files, the reference an end-to-end test compares with.

  export_torchvision.py resnet50 --seed 0 -o resnet50.safetensors
  export_torchvision.py resnet50 --checkpoint resnet50-0676ba61.pth -o resnet50.safetensors
  export_torchvision.py googlenet --seed 1 -o g.safetensors --input x.npy --reference y.npy
"""
import argparse
import json
import os
import struct
import sys
import tempfile

import numpy as np
import torch
import torchvision

RESOLUTION = {"efficientnet_b%d" % i: r
              for i, r in enumerate([224, 240, 260, 300, 380, 456, 528, 600])}


def build(name):
    if name == "googlenet":
        return torchvision.models.googlenet(weights=None, aux_logits=False, init_weights=False)
    if not hasattr(torchvision.models, name):
        sys.exit("export_torchvision.py: error: torchvision has no model '%s'" % name)
    return getattr(torchvision.models, name)(weights=None)


def randomize(model, seed, size=224):
    """Random weights and random batch-norm statistics that keep the network
    numerically well conditioned, so float32 results can be compared.

    Statistics unrelated to the activations let them grow block after block
    (EfficientNet-B5 at 224 pixels reaches 4e4), and then float32 itself is
    not reproducible: PyTorch's own float32 and float64 outputs differ by 10%.
    So the running statistics are measured on a random batch (random weights,
    random images), with variances kept above a tenth of their layer's mean
    (a channel the batch barely moves would otherwise be divided by
    sqrt(epsilon)); then the batch-norm weights are drawn in [0.25, 0.75], so
    each residual branch adds less than the stream it joins (without that,
    ResNet-152's float32 is 3e-4 off its float64). PyTorch's float32 stays
    within 2e-6 of float64 for the models tested. No batch norm is an identity:
    its mean, variance, weight and bias are all random."""
    generator = torch.Generator().manual_seed(seed)
    norms = [m for m in model.modules() if isinstance(m, torch.nn.BatchNorm2d)]
    with torch.no_grad():
        for module in model.modules():
            if isinstance(module, (torch.nn.Conv2d, torch.nn.Linear)):
                fan_in = module.weight[0].numel()
                module.weight.copy_(torch.randn(module.weight.shape, generator=generator)
                                    * (2.0 / fan_in) ** 0.5)
                if module.bias is not None:
                    module.bias.copy_(torch.randn(module.bias.shape, generator=generator) * 0.1)
        for norm in norms:
            norm.reset_running_stats()
            norm.momentum = None  # a cumulative average: exactly this batch's statistics
            norm.train()
        model(torch.randn(2, 3, size, size, generator=generator))
        for norm in norms:
            norm.eval()
            norm.momentum = 0.1
            norm.running_var.clamp_(min=0.1 * float(norm.running_var.mean()))
            norm.weight.copy_(torch.rand(norm.weight.shape, generator=generator) * 0.5 + 0.25)
            norm.bias.copy_(torch.randn(norm.bias.shape, generator=generator) * 0.1)


def write_atomically(path, write):
    directory = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=".export-")
    try:
        with os.fdopen(handle, "wb") as f:
            write(f)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def save_safetensors(state, path):
    """The safetensors format: u64 little-endian header size, JSON header,
    raw little-endian data (written here without the safetensors package)."""
    header, offset, blobs = {}, 0, []
    for name, tensor in state.items():
        data = tensor.detach().to(torch.float32).contiguous().numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensor.shape),
                        "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    encoded = json.dumps(header, separators=(",", ":")).encode()
    encoded += b" " * (-len(encoded) % 8)

    def write(f):
        f.write(struct.pack("<Q", len(encoded)))
        f.write(encoded)
        for blob in blobs:
            f.write(blob)
    write_atomically(path, write)


def save_npy(array, path):
    write_atomically(path, lambda f: np.save(f, array.astype("<f4")))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", help="torchvision model name, e.g. resnet50")
    parser.add_argument("-o", "--output", required=True, help="safetensors file to write")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--seed", type=int, help="random weights from this seed")
    source.add_argument("--checkpoint", help="a state_dict saved with torch.save")
    parser.add_argument("--input", help="also write a random input (.npy, NCHW)")
    parser.add_argument("--reference", help="also write torchvision's output for --input")
    parser.add_argument("--batch", type=int, default=1)
    parser.add_argument("--size", type=int, help="input height and width (default: the model's)")
    parser.add_argument("--labels", help="also write the ImageNet class names, one per line")
    args = parser.parse_args()
    if args.reference and not args.input:
        parser.error("--reference needs --input")

    torch.set_num_threads(os.cpu_count() or 1)
    model = build(args.model).eval()
    if args.checkpoint:
        try:
            state = torch.load(args.checkpoint, map_location="cpu")
            # Extra keys are fine (GoogLeNet checkpoints carry aux1.*, aux2.*);
            # missing ones are not.
            result = model.load_state_dict(state, strict=False)
        except Exception as error:  # torch raises many kinds; report them all the same way
            sys.exit("export_torchvision.py: error: cannot load %s: %s" % (args.checkpoint, error))
        if result.missing_keys:
            sys.exit("export_torchvision.py: error: %s lacks %s" % (
                args.checkpoint, ", ".join(result.missing_keys)))
    else:
        randomize(model, args.seed, args.size or RESOLUTION.get(args.model, 224))
    save_safetensors(model.state_dict(), args.output)
    if args.labels:
        # torchvision ships the class names with its weight descriptions.
        categories = torchvision.models.ResNet50_Weights.IMAGENET1K_V1.meta["categories"]
        write_atomically(args.labels, lambda f: f.write("\n".join(categories).encode() + b"\n"))

    if args.input:
        size = args.size or RESOLUTION.get(args.model, 224)
        generator = torch.Generator().manual_seed((args.seed or 0) + 1)
        x = torch.randn(args.batch, 3, size, size, generator=generator)
        save_npy(x.numpy(), args.input)
        if args.reference:
            with torch.no_grad():
                save_npy(model(x).numpy(), args.reference)


if __name__ == "__main__":
    main()
