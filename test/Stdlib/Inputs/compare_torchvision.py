"""Compares `netc summary --json` of stdlib models with torchvision itself.

For each model: the state_dict tensor names, order and shapes (without
num_batches_tracked), the trainable parameter count, the conv + linear MACs
(counted with forward hooks on a real forward pass), and the input and output
shapes must be identical. Run with Debian's /usr/bin/python3, which sees
python3-torch and python3-torchvision.

usage: compare_torchvision.py NETC STDLIB_DIR MODEL...
"""
import json
import subprocess
import sys

import torch
import torchvision

FILES = {"resnet": "resnet.net", "googlenet": "googlenet.net", "efficientnet": "efficientnet.net"}
RESOLUTION = {"efficientnet_b%d" % i: r
              for i, r in enumerate([224, 240, 260, 300, 380, 456, 528, 600])}


def torchvision_model(name):
    if name == "googlenet":
        return torchvision.models.googlenet(weights=None, aux_logits=False, init_weights=False)
    return getattr(torchvision.models, name)(weights=None)


def torch_facts(name):
    model = torchvision_model(name).eval()
    tensors = [(k, list(v.shape)) for k, v in model.state_dict().items()
               if not k.endswith("num_batches_tracked")]
    params = sum(p.numel() for p in model.parameters())
    macs = 0

    def count(module, inputs, output):
        nonlocal macs
        if isinstance(module, torch.nn.Conv2d):
            kh, kw = module.kernel_size
            macs += output.numel() * (module.in_channels // module.groups) * kh * kw
        elif isinstance(module, torch.nn.Linear):
            macs += output.numel() * module.in_features

    for m in model.modules():
        if isinstance(m, (torch.nn.Conv2d, torch.nn.Linear)):
            m.register_forward_hook(count)
    size = RESOLUTION.get(name, 224)
    with torch.no_grad():
        out = model(torch.zeros(1, 3, size, size))
    return {"tensors": tensors, "parameters": params, "macs": macs,
            "input_shape": [1, 3, size, size], "output_shape": list(out.shape)}


def netc_facts(netc, stdlib, name):
    family = next(f for f in FILES if name.startswith(f))
    out = subprocess.run([netc, "summary", "%s/%s" % (stdlib, FILES[family]), "--model", name,
                          "--json"], check=True, capture_output=True, text=True).stdout
    summary = json.loads(out)
    summary["tensors"] = [(t["name"], t["shape"]) for t in summary["tensors"]]
    return summary


def main():
    netc, stdlib, models = sys.argv[1], sys.argv[2], sys.argv[3:]
    torch.set_num_threads(2)
    failures = 0
    for name in models:
        expected, actual = torch_facts(name), netc_facts(netc, stdlib, name)
        problems = []
        for key in ("parameters", "macs", "input_shape", "output_shape"):
            if expected[key] != actual[key]:
                problems.append("%s: torchvision %s, netc %s" % (key, expected[key], actual[key]))
        if expected["tensors"] != actual["tensors"]:
            exp, act = expected["tensors"], actual["tensors"]
            first = next((i for i, (e, a) in enumerate(zip(exp, act)) if e != a),
                         min(len(exp), len(act)))
            problems.append("tensors differ at #%d: torchvision %s, netc %s (counts %d, %d)" % (
                first, exp[first] if first < len(exp) else None,
                act[first] if first < len(act) else None, len(exp), len(act)))
        status = "ok" if not problems else "MISMATCH"
        print("%s %s: %d tensors, %d parameters, %d MACs" % (
            status, name, len(actual["tensors"]), actual["parameters"], actual["macs"]))
        for p in problems:
            print("  " + p)
        failures += bool(problems)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
