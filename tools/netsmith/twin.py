"""A model's PyTorch twin: the graph semantics.py derived, written out as a
small self-contained Python file that computes it with PyTorch's own
operators (torch.nn.functional), never with netc.

The file defines MODEL, BATCH, INPUT_SHAPE, OUTPUT_SHAPE, TENSORS (name, shape,
role, in state_dict order) and forward(x, p), p mapping tensor names to
tensors. A reproducer is a .net file and its twin; tests keep both.
"""


def symmetric(pads):
    top, left, bottom, right = pads
    return top == bottom and left == right


def fitted_padding(shape, op):
    """F.pad's (left, right, top, bottom) for an asymmetric window: the given
    top/left padding and, at the bottom/right, up to where the last window
    ends (negative: cut). PyTorch's pooling takes only symmetric padding."""
    kernel, stride, pads = op.attrs["kernel"], op.attrs["stride"], op.attrs["pad"]
    dilation = op.attrs.get("dilation", [1, 1])
    ends = []
    for d in range(2):
        extent = (op.shape[2 + d] - 1) * stride[d] + dilation[d] * (kernel[d] - 1) + 1
        ends.append(extent - pads[d] - shape[2 + d])
    return (pads[1], ends[1], pads[0], ends[0])


def expression(graph, i):
    op = graph.ops[i]
    v = ["v%d" % k for k in op.inputs]
    a = op.attrs
    tensor = lambda name: 'p["%s.%s"]' % (op.path, name)
    if op.kind == "conv":
        bias = tensor("bias") if a["bias"] else "None"
        x, padding = v[0], (a["pad"][0], a["pad"][1])
        if not symmetric(a["pad"]):
            top, left, bottom, right = a["pad"]
            x, padding = "F.pad(%s, (%d, %d, %d, %d))" % (x, left, right, top, bottom), (0, 0)
        return "F.conv2d(%s, %s, %s, stride=%s, padding=%s, dilation=%s, groups=%d)" % (
            x, tensor("weight"), bias, tuple(a["stride"]), padding, tuple(a["dilation"]),
            a["groups"])
    if op.kind == "batchnorm":
        return ("F.batch_norm(%s, %s, %s, %s, %s, training=False, eps=%r)" %
                (v[0], tensor("running_mean"), tensor("running_var"), tensor("weight"),
                 tensor("bias"), a["eps"]))
    if op.kind == "activation":
        return {"relu": "F.relu(%s)", "relu6": "F.relu6(%s)", "silu": "F.silu(%s)",
                "sigmoid": "torch.sigmoid(%s)", "hardswish": "F.hardswish(%s)",
                "hardsigmoid": "F.hardsigmoid(%s)", "tanh": "torch.tanh(%s)"}[a["function"]] % v[0]
    shape = graph.ops[op.inputs[0]].shape if op.inputs else None
    if op.kind == "maxpool":
        if symmetric(a["pad"]):
            return "F.max_pool2d(%s, %s, %s, padding=%s, dilation=%s, ceil_mode=%s)" % (
                v[0], tuple(a["kernel"]), tuple(a["stride"]), (a["pad"][0], a["pad"][1]),
                tuple(a["dilation"]), a["ceil_mode"])
        return ('F.max_pool2d(F.pad(%s, %s, value=-math.inf), %s, %s, dilation=%s)' %
                (v[0], fitted_padding(shape, op), tuple(a["kernel"]), tuple(a["stride"]),
                 tuple(a["dilation"])))
    if op.kind == "avgpool":
        if symmetric(a["pad"]):
            return ("F.avg_pool2d(%s, %s, %s, padding=%s, ceil_mode=%s, count_include_pad=%s)" %
                    (v[0], tuple(a["kernel"]), tuple(a["stride"]), (a["pad"][0], a["pad"][1]),
                     a["ceil_mode"], a["count_include_pad"]))
        # Windows sum the zero-padded input and divide by how much of the
        # padded input (count_include_pad) or of the input they cover.
        return "window_mean(%s, %s, %s, %s, %s, %s)" % (
            v[0], fitted_padding(shape, op), tuple(a["pad"]), tuple(a["kernel"]),
            tuple(a["stride"]), a["count_include_pad"])
    if op.kind == "global_avgpool":
        return "%s.mean(dim=(2, 3), keepdim=True)" % v[0]
    if op.kind == "flatten":
        return "torch.flatten(%s, 1)" % v[0]
    if op.kind == "dense":
        return "F.linear(%s, %s, %s)" % (v[0], tensor("weight"),
                                         tensor("bias") if a["bias"] else "None")
    if op.kind == "softmax":
        return "torch.softmax(%s, dim=1)" % v[0]
    if op.kind == "add":
        return " + ".join(v)
    if op.kind in ("mul", "gate"):
        return " * ".join(v)
    if op.kind == "concat":
        return "torch.cat([%s], dim=1)" % ", ".join(v)
    raise ValueError(op.kind)


HELPERS = '''
def window_mean(x, fitted, pads, kernel, stride, count_include_pad):
    top, left, bottom, right = pads
    height, width = x.shape[2], x.shape[3]
    covered = torch.zeros(1, 1, height + top + bottom, width + left + right, dtype=x.dtype)
    if count_include_pad:
        covered[:] = 1
    else:
        covered[:, :, top:top + height, left:left + width] = 1
    covered = F.pad(covered, (0, fitted[1] - right, 0, fitted[3] - bottom))
    sums = F.avg_pool2d(F.pad(x, fitted), kernel, stride, divisor_override=1)
    return sums / F.avg_pool2d(covered, kernel, stride, divisor_override=1)
'''


def source(graph, text):
    """The twin of `graph` as Python source; `text` is the .net source, kept in
    the file as a comment so a reproducer reads on its own."""
    out = ['"""PyTorch twin of the netsmith model below (generated).\n']
    out += [line for line in text.splitlines()]
    out += ['"""', "import math", "", "import torch", "import torch.nn.functional as F", ""]
    out.append("MODEL = %r" % graph.model)
    out.append("BATCH = %d" % graph.batch)
    out.append("INPUT_SHAPE = %r" % list(graph.ops[0].shape))
    out.append("OUTPUT_SHAPE = %r" % list(graph.ops[graph.output].shape))
    out.append("TENSORS = [")
    for t in graph.tensors:
        out.append("    (%r, %r, %r)," % (t.name, list(t.shape), t.role))
    out.append("]")
    out.append(HELPERS)
    out.append("def forward(v0, p):")
    for i, op in enumerate(graph.ops):
        if op.kind != "input":
            comment = "  # %s" % op.path if op.path else ""
            out.append("    v%d = %s%s" % (i, expression(graph, i), comment))
    out.append("    return v%d" % graph.output)
    return "\n".join(out) + "\n"
