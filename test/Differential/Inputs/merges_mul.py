"""PyTorch twin of model 'mul' in merges.net, written by hand."""
import torch
import torch.nn.functional as F

MODEL = "mul"
BATCH = 2
INPUT_SHAPE = [2, 4, 6, 6]
OUTPUT_SHAPE = [2, 4, 6, 6]
TENSORS = [
    ("1.weight", [4, 4, 1, 1], "conv.weight"),
    ("1.bias", [4], "conv.bias"),
    ("3.weight", [4, 4, 1, 1], "conv.weight"),
    ("3.bias", [4], "conv.bias"),
    ("6.weight", [4, 4, 3, 3], "conv.weight"),
    ("6.bias", [4], "conv.bias"),
]


def conv(x, p, name, padding=0):
    return F.conv2d(x, p[name + ".weight"], p[name + ".bias"], padding=padding)


def forward(x, p):
    x = torch.sigmoid(x)
    x = conv(x, p, "1") * torch.sigmoid(x)
    x = conv(x, p, "3") * torch.sigmoid(x) * x
    return conv(x, p, "6", 1) * torch.tanh(x) * x * F.hardsigmoid(x)
