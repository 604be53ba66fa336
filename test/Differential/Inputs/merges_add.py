"""PyTorch twin of model 'add' in merges.net, written by hand."""
import torch
import torch.nn.functional as F

MODEL = "add"
BATCH = 2
INPUT_SHAPE = [2, 4, 6, 6]
OUTPUT_SHAPE = [2, 4, 6, 6]
TENSORS = [
    ("0.weight", [4, 4, 1, 1], "conv.weight"),
    ("0.bias", [4], "conv.bias"),
    ("1.weight", [4, 4, 1, 1], "conv.weight"),
    ("1.bias", [4], "conv.bias"),
    ("2.weight", [4, 4, 3, 3], "conv.weight"),
    ("2.bias", [4], "conv.bias"),
    ("3.weight", [4, 4, 1, 1], "conv.weight"),
    ("3.bias", [4], "conv.bias"),
    ("4.weight", [4, 4, 3, 3], "conv.weight"),
    ("4.bias", [4], "conv.bias"),
    ("6.weight", [4, 4, 1, 1], "conv.weight"),
    ("6.bias", [4], "conv.bias"),
    ("7.weight", [4, 4, 3, 3], "conv.weight"),
    ("7.bias", [4], "conv.bias"),
]


def conv(x, p, name, padding=0):
    return F.conv2d(x, p[name + ".weight"], p[name + ".bias"], padding=padding)


def forward(x, p):
    x = conv(x, p, "0")
    x = conv(x, p, "1") + conv(x, p, "2", 1)
    x = conv(x, p, "3") + conv(x, p, "4", 1) + x
    return conv(x, p, "6") + conv(x, p, "7", 1) + x + torch.tanh(x)
