"""What a set of generated programs covers: how many programs use each
construct, layer variant and statement form (netsmith stats)."""
from collections import Counter

from reduce import statement_lists
from semantics import evaluate
from syntax import (CallLayer, GateLayer, IfStmt, LayerStmt, LetStmt, ParallelLayer,
                    RepeatStmt, RequireStmt, ResidualLayer, ScaleStmt, SeqLayer)


def graph_features(graph):
    found = set()
    shapes = {i: op.shape for i, op in enumerate(graph.ops)}
    for op in graph.ops:
        a = op.attrs
        if op.kind == "conv":
            c = shapes[op.inputs[0]][1]
            found.add("conv")
            found.add("conv groups=1" if a["groups"] == 1 else
                      "conv depthwise" if a["groups"] == c else "conv grouped")
            kernel = [t for t in graph.tensors if t.name == op.path + ".weight"][0].shape[2:]
            found.add("conv kernel %dx%d" % kernel if kernel[0] == kernel[1] else
                      "conv kernel non-square")
            found.add("conv stride %s" % ("1" if a["stride"] == [1, 1] else
                                          "equal" if a["stride"][0] == a["stride"][1] else
                                          "per-dimension"))
            top, left, bottom, right = a["pad"]
            found.add("conv padding %s" % ("none" if a["pad"] == [0] * 4 else
                                           "symmetric" if (top, left) == (bottom, right) else
                                           "asymmetric"))
            if a["dilation"] != [1, 1]:
                found.add("conv dilation")
            if not a["bias"]:
                found.add("conv without bias")
        elif op.kind in ("maxpool", "avgpool"):
            found.add(op.kind)
            if a["ceil_mode"]:
                found.add(op.kind + " ceil_mode")
            if a["pad"] != [0] * 4:
                found.add(op.kind + " padding")
            if a["stride"] != a["kernel"]:
                found.add(op.kind + " stride != kernel")
            if a.get("dilation", [1, 1]) != [1, 1]:
                found.add("maxpool dilation")
            if op.kind == "avgpool" and not a["count_include_pad"] and a["pad"] != [0] * 4:
                found.add("avgpool count_include_pad false")
        elif op.kind == "activation":
            found.add("activation " + a["function"])
        elif op.kind == "batchnorm":
            found.add("batchnorm %dd" % (len(op.shape) - 2 if len(op.shape) == 4 else 1))
        elif op.kind in ("add", "mul", "concat"):
            found.add("merge %s of %d" % (op.kind, len(op.inputs)))
        else:
            found.add(op.kind)
    if graph.batch > 1:
        found.add("batch > 1")
    return found


def syntax_features(program):
    found = set()
    if program.consts:
        found.add("file-level let")
    if program.blocks:
        found.add("block")
    if any(p.default for b in program.blocks for p in b.params):
        found.add("block parameter default")
    if program.aliases:
        found.add("model alias")
    if any(m.params for m in program.models):
        found.add("model parameter")
    calls = Counter()
    for stmts in statement_lists(program):
        for s in stmts:
            kind = {LetStmt: "let", IfStmt: "if", RepeatStmt: "repeat", RequireStmt: "require",
                    ScaleStmt: "scale"}.get(type(s))
            if kind:
                found.add(kind)
            if isinstance(s, IfStmt) and s.other is not None:
                found.add("if-else")
            if isinstance(s, RepeatStmt) and s.var:
                found.add("repeat as")
            if not isinstance(s, LayerStmt):
                continue
            if s.name:
                found.add("named layer")
            if len(s.layers) > 1:
                found.add("chain ->")
            for layer in s.layers:
                if isinstance(layer, CallLayer) and layer.callee in {b.name for b in program.blocks}:
                    calls[layer.callee] += 1
                if isinstance(layer, SeqLayer):
                    found.add("sequence [...]")
                if isinstance(layer, GateLayer):
                    found.add("gate")
                if isinstance(layer, ParallelLayer):
                    found.add("parallel")
                    if any(not isinstance(b, LayerStmt) for b in layer.body):
                        found.add("parallel branches from if/repeat")
                if isinstance(layer, ResidualLayer):
                    found.add("residual shortcut " + ("automatic" if layer.shortcut is None else
                                                      "empty" if not layer.shortcut else "given"))
                    if layer.args:
                        found.add("residual when:")
    if any(n > 1 for n in calls.values()):
        found.add("block called twice")
    return found


def table(programs):
    counts = Counter()
    for program, batch in programs:
        counts.update(graph_features(evaluate(program, batch)) | syntax_features(program))
    return counts
