"""PyTorch twin of windows.net, written by hand."""
import torch.nn.functional as F

MODEL = "windows"
BATCH = 1
INPUT_SHAPE = [1, 3, 6, 5]
OUTPUT_SHAPE = [1, 4, 1, 1]
TENSORS = [
    ("0.weight", [4, 3, 3, 3], "conv.weight"),
    ("0.bias", [4], "conv.bias"),
    ("downsample.0.weight", [4, 3, 1, 1], "conv.weight"),
    ("downsample.1.weight", [4], "bn.weight"),
    ("downsample.1.bias", [4], "bn.bias"),
    ("downsample.1.running_mean", [4], "bn.mean"),
    ("downsample.1.running_var", [4], "bn.var"),
]


def forward(x, p):
    body = F.conv2d(x, p["0.weight"], p["0.bias"], stride=(2, 1), padding=1)
    shortcut = F.conv2d(x, p["downsample.0.weight"], stride=(2, 1))
    shortcut = F.batch_norm(shortcut, p["downsample.1.running_mean"],
                            p["downsample.1.running_var"], p["downsample.1.weight"],
                            p["downsample.1.bias"])
    x = F.avg_pool2d(body + shortcut, 4, ceil_mode=True)
    return F.max_pool2d(x, 1, 2, ceil_mode=True)
