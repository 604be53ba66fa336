"""PyTorch twin of statements.net, written by hand."""
import torch
import torch.nn.functional as F

MODEL = "statements"
BATCH = 1
INPUT_SHAPE = [1, 2, 5, 5]
OUTPUT_SHAPE = [1, 4, 5, 5]
TENSORS = [
    ("0.0.weight", [4, 2, 3, 3], "conv.weight"),
    ("0.0.bias", [4], "conv.bias"),
    ("2.weight", [4, 4, 1, 1], "conv.weight"),
    ("2.bias", [4], "conv.bias"),
    ("3.weight", [4, 4, 1, 1], "conv.weight"),
    ("3.bias", [4], "conv.bias"),
]


def forward(x, p):
    x = F.relu(F.conv2d(x, p["0.0.weight"], p["0.0.bias"], padding=1))
    x = F.conv2d(x, p["2.weight"], p["2.bias"])
    return torch.tanh(F.conv2d(x, p["3.weight"], p["3.bias"]))
