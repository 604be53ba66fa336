"""PyTorch twin of model 'concat' in merges.net, written by hand."""
import torch
import torch.nn.functional as F

MODEL = "concat"
BATCH = 2
INPUT_SHAPE = [2, 4, 6, 6]
OUTPUT_SHAPE = [2, 37, 6, 6]
TENSORS = [
    ("0.weight", [3, 4, 1, 1], "conv.weight"),
    ("0.bias", [3], "conv.bias"),
    ("1.weight", [2, 3, 1, 1], "conv.weight"),
    ("1.bias", [2], "conv.bias"),
    ("3.weight", [2, 5, 1, 1], "conv.weight"),
    ("3.bias", [2], "conv.bias"),
    ("6.weight", [1, 12, 3, 3], "conv.weight"),
    ("6.bias", [1], "conv.bias"),
]


def conv(x, p, name, padding=0):
    return F.conv2d(x, p[name + ".weight"], p[name + ".bias"], padding=padding)


def forward(x, p):
    x = conv(x, p, "0")
    x = torch.cat([conv(x, p, "1"), F.relu(x)], 1)
    x = torch.cat([conv(x, p, "3"), x, F.max_pool2d(x, 3, 1, 1)], 1)
    return torch.cat([conv(x, p, "6", 1), x, F.avg_pool2d(x, 3, 1, 1), F.relu(x)], 1)
