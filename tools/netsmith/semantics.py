"""What a .net program means, written from docs/language.md alone: the
expression rules, block instantiation, naming, shape rules and the layer graph
a model denotes. netsmith's reference for every generated program, written
apart from netc's C++ (it reads none of it), so the two can be compared.

evaluate(program, batch) gives a Graph or raises Invalid, which the
generator uses to keep only valid programs.
"""
import math
from dataclasses import dataclass, field

from syntax import (Alias, Binary, Call, CallLayer, Cond, GateLayer, IfStmt, Index, InAttr,
                    InputStmt, LayerStmt, LetStmt, ListExpr, Lit, Name, ParallelLayer,
                    RepeatStmt, RequireStmt, ResidualLayer, ScaleStmt, SeqLayer, Unary)

MAX_DIMENSION = 1 << 20


class Invalid(Exception):
    """The program is not valid (the language rejects it)."""


@dataclass
class Op:
    kind: str  # input conv batchnorm activation maxpool avgpool global_avgpool flatten
    #           dense softmax add mul concat gate
    inputs: list
    shape: tuple
    attrs: dict = field(default_factory=dict)
    path: str = ""


@dataclass
class Tensor:
    name: str
    shape: tuple
    role: str  # conv.weight conv.bias dense.weight dense.bias bn.weight bn.bias bn.mean bn.var


@dataclass
class Graph:
    ops: list
    tensors: list
    output: int
    model: str
    batch: int


ACTIVATIONS = {"relu", "relu6", "silu", "swish", "sigmoid", "hardswish", "hardsigmoid", "tanh"}
BUILTIN_LAYERS = ACTIVATIONS | {"conv", "batchnorm", "maxpool", "avgpool", "global_avgpool",
                                "flatten", "dense", "linear", "dropout", "softmax", "identity"}
LAYER_PARAMS = {
    "conv": ["out", "kernel", "stride", "pad", "dilation", "groups", "bias"],
    "batchnorm": ["eps"],
    "maxpool": ["kernel", "stride", "pad", "dilation", "ceil_mode"],
    "avgpool": ["kernel", "stride", "pad", "ceil_mode", "count_include_pad"],
    "dense": ["out", "bias"], "linear": ["out", "bias"], "dropout": ["p"],
}
REQUIRED = {"conv": 2, "maxpool": 1, "avgpool": 1, "dense": 1, "linear": 1}


def is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def check_int(v):
    if isinstance(v, int) and not isinstance(v, bool) and not -2**63 <= v < 2**63:
        raise Invalid("integer overflow")
    return v


def window_size(size, kernel, stride, pad_begin, pad_end, dilation, ceil_mode):
    """PyTorch's output size of a sliding window; 0 when none fits."""
    numerator = size + pad_begin + pad_end - dilation * (kernel - 1) - 1
    if ceil_mode:
        numerator += stride - 1
    if numerator < 0:
        return 0
    out = numerator // stride + 1
    if ceil_mode and (out - 1) * stride >= size + pad_begin:
        out -= 1
    return out


def make_divisible(value, divisor=8):
    rounded = max(divisor, int(value + divisor / 2) // divisor * divisor)
    return rounded + divisor if rounded < 0.9 * value else rounded


class Scope:
    def __init__(self, path):
        self.path, self.next_index, self.names = path, 0, set()


class Evaluator:
    def __init__(self, program, batch):
        self.program = program
        self.batch = batch
        self.blocks = {b.name: b for b in program.blocks}
        self.models = {m.name: m for m in program.models}
        self.consts = {c.name: c for c in program.consts}
        self.const_values = {}
        self.ops, self.tensors = [], []
        self.scopes = []
        self.scale = None  # (width, depth, resolution factor) when scale() ran
        self.input_declared = False

    # -- expressions ------------------------------------------------------
    def lookup(self, name, env):
        for frame in reversed(env):
            if name in frame:
                return frame[name]
        if name in self.consts:
            if name not in self.const_values:
                self.const_values[name] = self.expr(self.consts[name].value, [{}], None)
            return self.const_values[name]
        raise Invalid("use of undeclared name '%s'" % name)

    def expr(self, e, env, in_shape):
        if isinstance(e, Lit):
            return e.value
        if isinstance(e, Name):
            return self.lookup(e.name, env)
        if isinstance(e, InAttr):
            if in_shape is None:
                raise Invalid("'in' outside a block or model")
            names = (["batch", "channels", "height", "width"] if len(in_shape) == 4
                     else ["batch", "features"])
            if e.attr == "rank":
                return len(in_shape)
            if e.attr not in names:
                raise Invalid("in.%s of a rank-%d input" % (e.attr, len(in_shape)))
            return in_shape[names.index(e.attr)]
        if isinstance(e, Unary):
            v = self.expr(e.operand, env, in_shape)
            if e.op == "not":
                if not isinstance(v, bool):
                    raise Invalid("'not' of a non-bool")
                return not v
            if not is_number(v):
                raise Invalid("'-' of a non-number")
            return check_int(-v)
        if isinstance(e, Binary):
            return self.binary(e, env, in_shape)
        if isinstance(e, Cond):
            c = self.expr(e.cond, env, in_shape)
            if not isinstance(c, bool):
                raise Invalid("condition not a bool")
            return self.expr(e.then if c else e.other, env, in_shape)
        if isinstance(e, ListExpr):
            return [self.expr(x, env, in_shape) for x in e.items]
        if isinstance(e, Index):
            base, i = self.expr(e.base, env, in_shape), self.expr(e.index, env, in_shape)
            if not isinstance(base, list) or not isinstance(i, int) or isinstance(i, bool):
                raise Invalid("bad index")
            if not -len(base) <= i < len(base):
                raise Invalid("index out of range")
            return base[i]
        if isinstance(e, Call):
            return self.call(e.function, [self.expr(a, env, in_shape) for a in e.args])
        raise TypeError(e)

    def binary(self, e, env, in_shape):
        a = self.expr(e.lhs, env, in_shape)
        if e.op in ("and", "or"):
            if not isinstance(a, bool):
                raise Invalid("'%s' of a non-bool" % e.op)
            if (e.op == "and") != a:  # short-circuit
                return a
            b = self.expr(e.rhs, env, in_shape)
            if not isinstance(b, bool):
                raise Invalid("'%s' of a non-bool" % e.op)
            return b
        b = self.expr(e.rhs, env, in_shape)
        if e.op in ("==", "!="):
            if is_number(a) and is_number(b):
                equal = float(a) == float(b)
            elif type(a) is not type(b):
                raise Invalid("comparing different types")
            else:
                equal = a == b
            return equal if e.op == "==" else not equal
        if not is_number(a) or not is_number(b):
            raise Invalid("arithmetic on a non-number")
        if e.op in ("<", "<=", ">", ">="):
            return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[e.op]
        if e.op in ("/", "//", "%") and b == 0:
            raise Invalid("division by zero")
        both_int = isinstance(a, int) and isinstance(b, int)
        if e.op == "/":
            return a / b
        if e.op == "**":
            if both_int and b >= 0:
                return check_int(a ** b)
            return float(a) ** float(b)
        result = {"+": lambda: a + b, "-": lambda: a - b, "*": lambda: a * b,
                  "//": lambda: a // b, "%": lambda: a % b}[e.op]()
        if not both_int:
            result = float(result)
        return check_int(result)

    def call(self, function, args):
        if function in ("min", "max"):
            if not args or not all(is_number(a) for a in args):
                raise Invalid("bad arguments to %s" % function)
            return (min if function == "min" else max)(args)
        x = args[0]
        if function == "len":
            if not isinstance(x, list):
                raise Invalid("len of a non-list")
            return len(x)
        if not is_number(x):
            raise Invalid("'%s' of a non-number" % function)
        if function == "abs":
            return abs(x)
        if function in ("ceil", "floor", "round", "int"):
            if isinstance(x, int):
                return x
            return {"ceil": math.ceil, "floor": math.floor, "round": round,
                    "int": int}[function](x)
        if function == "float":
            return float(x)
        if function == "sqrt":
            return math.sqrt(x)
        if function == "make_divisible":
            return make_divisible(x, args[1] if len(args) > 1 else 8)
        if function in ("filters", "repeats", "resolution"):
            if self.scale is None:
                return x
            width, depth, factor = self.scale
            if function == "filters":
                return make_divisible(x * width, 8)
            if function == "repeats":
                return math.ceil(x * depth)
            return math.floor(x * factor + 0.5)
        raise Invalid("unknown function %s" % function)

    # -- the graph ----------------------------------------------------------
    def child_path(self, name):
        scope = self.scopes[-1]
        index = scope.next_index
        scope.next_index += 1  # a named layer takes an index too
        component = name if name else str(index)
        if component in scope.names:
            raise Invalid("duplicate layer name '%s'" % component)
        scope.names.add(component)
        return scope.path + "." + component if scope.path else component

    def add(self, kind, inputs, shape, path="", **attrs):
        for d in shape:
            if not 1 <= d <= MAX_DIMENSION:
                raise Invalid("dimension %d out of range" % d)
        self.ops.append(Op(kind, list(inputs), tuple(shape), attrs, path))
        return len(self.ops) - 1

    def shape(self, op):
        return self.ops[op].shape

    # -- statements -----------------------------------------------------------
    def body(self, stmts, env, flow, in_shape):
        env = env + [{}]
        for s in stmts:
            self.stmt(s, env, flow, in_shape)

    def stmt(self, s, env, flow, in_shape):
        if isinstance(s, LetStmt):
            env[-1][s.name] = self.expr(s.value, env, in_shape)
        elif isinstance(s, IfStmt):
            c = self.expr(s.cond, env, in_shape)
            if not isinstance(c, bool):
                raise Invalid("if condition not a bool")
            self.body(s.then if c else (s.other or []), env, flow, in_shape)
        elif isinstance(s, RequireStmt):
            if self.expr(s.cond, env, in_shape) is not True:
                raise Invalid("requirement failed")
        elif isinstance(s, RepeatStmt):
            n = self.expr(s.count, env, in_shape)
            if not isinstance(n, int) or isinstance(n, bool) or n < 0:
                raise Invalid("bad repeat count")
            for i in range(n):
                self.body(s.body, env + [{s.var: i} if s.var else {}], flow, in_shape)
        elif isinstance(s, InputStmt):
            self.input(s, env, flow)
        elif isinstance(s, ScaleStmt):
            self.scale_stmt(s, env)
        elif isinstance(s, LayerStmt):
            if not self.input_declared:
                raise Invalid("layer before input")
            current = flow["current"]
            for k, layer in enumerate(s.layers):
                current = self.layer(layer, s.name if k == 0 else None, env, current, in_shape)
            if flow.get("branches") is not None:
                flow["branches"].append(current)
            else:
                flow["current"] = current
        else:
            raise TypeError(s)

    def input(self, s, env, flow):
        values = [self.expr(a, env, None) for a in s.args]
        if len(values) != 3 or not all(isinstance(v, int) and v >= 1 for v in values):
            raise Invalid("bad input")
        flow["current"] = self.add("input", [], [self.batch] + values)
        self.input_declared = True

    def scale_stmt(self, s, env):
        values = {a.name: self.expr(a.value, env, None) for a in s.args}
        phi = values.get("phi", 0)
        alpha, beta, gamma = values.get("alpha", 1.2), values.get("beta", 1.1), values.get("gamma", 1.15)
        self.scale = (values.get("width", beta ** phi), values.get("depth", alpha ** phi),
                      gamma ** phi)

    # -- layers ---------------------------------------------------------------
    def layer(self, layer, name, env, x, in_shape):
        if isinstance(layer, SeqLayer):
            path = self.child_path(name)
            self.scopes.append(Scope(path))
            flow = {"current": x}
            self.body(layer.body, env, flow, in_shape)
            self.scopes.pop()
            return flow["current"]
        if isinstance(layer, ResidualLayer):
            return self.residual(layer, env, x, in_shape)
        if isinstance(layer, ParallelLayer):
            return self.parallel(layer, env, x, in_shape)
        if isinstance(layer, GateLayer):
            flow = {"current": x}
            self.body(layer.body, env, flow, in_shape)
            xs, gs = self.shape(x), self.shape(flow["current"])
            if gs != xs and not (len(xs) == 4 and gs == (xs[0], xs[1], 1, 1)):
                raise Invalid("gate shape")
            return self.add("gate", [x, flow["current"]], xs)
        if layer.callee in self.blocks:
            return self.block(self.blocks[layer.callee], layer, name, env, x, in_shape)
        if layer.callee not in BUILTIN_LAYERS:
            raise Invalid("unknown layer %s" % layer.callee)
        args = self.bind(layer.callee, LAYER_PARAMS.get(layer.callee, []),
                         REQUIRED.get(layer.callee, 0), layer.args, env, in_shape)
        return self.builtin(layer.callee, args, name, x)

    def bind(self, callee, params, required, args, env, in_shape):
        bound, positional = {}, 0
        for a in args:
            if a.name is None:
                if positional >= len(params):
                    raise Invalid("too many arguments")
                key = params[positional]
                positional += 1
            else:
                key = a.name
                if key not in params:
                    raise Invalid("no parameter %s" % key)
            if key in bound:
                raise Invalid("given twice")
            bound[key] = self.expr(a.value, env, in_shape)
        if any(p not in bound for p in params[:required]):
            raise Invalid("missing argument")
        return bound

    def block(self, block, layer, name, env, x, in_shape):
        if len(self.scopes) > 64:
            raise Invalid("too deep")
        args = self.bind(block.name, [p.name for p in block.params],
                         sum(1 for p in block.params if p.default is None), layer.args, env,
                         in_shape)
        path = self.child_path(name)
        self.scopes.append(Scope(path))
        block_in = self.shape(x)
        frame = {}
        for p in block.params:  # defaults see earlier parameters and `in`
            frame[p.name] = args[p.name] if p.name in args else \
                self.expr(p.default, [frame], block_in)
        flow = {"current": x}
        self.body(block.body, [frame], flow, block_in)
        self.scopes.pop()
        return flow["current"]

    def residual(self, layer, env, x, in_shape):
        args = self.bind("residual", ["when"], 0, layer.args, env, in_shape)
        flow = {"current": x}
        self.body(layer.body, env, flow, in_shape)
        body = flow["current"]
        if args.get("when", True) is False:
            return body
        target = self.shape(body)
        if layer.shortcut is not None:
            flow = {"current": x}
            self.body(layer.shortcut, env, flow, in_shape)
            shortcut = flow["current"]
        elif self.shape(x) != target:
            shortcut = self.projection(x, target)
        else:
            shortcut = x
        if self.shape(shortcut) != target:
            raise Invalid("residual shapes differ")
        return self.add("add", [body, shortcut], target)

    def projection(self, x, target):
        source = self.shape(x)
        if len(source) != 4 or len(target) != 4 or source[0] != target[0]:
            raise Invalid("no projection")
        strides = []
        for d in (2, 3):
            s = next((s for s in range(1, source[d] + 1)
                      if (source[d] - 1) // s + 1 == target[d]), None)
            if s is None:
                raise Invalid("no projection stride")
            strides.append(s)
        path = self.child_path("downsample")
        self.scopes.append(Scope(path))
        y = self.builtin("conv", {"out": target[1], "kernel": 1, "stride": strides,
                                  "bias": False}, None, x)
        y = self.builtin("batchnorm", {}, None, y)
        self.scopes.pop()
        return y

    def parallel(self, layer, env, x, in_shape):
        args = self.bind("parallel", ["merge"], 0, layer.args, env, in_shape)
        merge = args.get("merge", "concat")
        if merge not in ("concat", "add", "mul"):
            raise Invalid("bad merge")
        flow = {"current": x, "branches": []}
        self.body(layer.body, env, flow, in_shape)
        branches = flow["branches"]
        if not branches:
            raise Invalid("no branches")
        if len(branches) == 1:
            return branches[0]
        shapes = [self.shape(b) for b in branches]
        first = shapes[0]
        if merge == "concat":
            for s in shapes[1:]:
                if len(s) != len(first) or s[0] != first[0] or (len(s) == 4 and s[2:] != first[2:]):
                    raise Invalid("concat shapes")
            out = list(first)
            out[1] = sum(s[1] for s in shapes)
            return self.add("concat", branches, out)
        if any(s != first for s in shapes):
            raise Invalid("merge shapes")
        return self.add(merge, branches, first)

    @staticmethod
    def pair(value, minimum):
        v = [value, value] if isinstance(value, int) and not isinstance(value, bool) else value
        if (not isinstance(v, list) or len(v) != 2 or
                not all(isinstance(e, int) and not isinstance(e, bool) for e in v)):
            raise Invalid("not an int pair")
        if not all(minimum <= e <= MAX_DIMENSION for e in v):
            raise Invalid("out of range")
        return v

    @staticmethod
    def padding(value, shape, kernel, stride, dilation):
        """[top, left, bottom, right]."""
        if value is None or value == "valid":
            return [0, 0, 0, 0]
        if value == "same":
            pads = [0, 0, 0, 0]
            for d in range(2):
                size = shape[2 + d]
                out = -(-size // stride[d])
                total = max(0, (out - 1) * stride[d] + (kernel[d] - 1) * dilation[d] + 1 - size)
                pads[d], pads[d + 2] = total // 2, total - total // 2
            return pads
        if isinstance(value, int) and not isinstance(value, bool):
            pads = [value] * 4
        elif isinstance(value, list) and len(value) == 2:
            pads = value * 2
        elif isinstance(value, list) and len(value) == 4:
            pads = list(value)
        else:
            raise Invalid("bad padding")
        if not all(isinstance(p, int) and not isinstance(p, bool) and 0 <= p <= MAX_DIMENSION
                   for p in pads):
            raise Invalid("bad padding")
        return pads

    def param(self, path, name, shape, role):
        self.tensors.append(Tensor(path + "." + name, tuple(shape), role))

    def builtin(self, callee, args, name, x):
        shape = self.shape(x)
        spatial = len(shape) == 4

        def boolean(key, default):
            v = args.get(key, default)
            if not isinstance(v, bool):
                raise Invalid("%s not a bool" % key)
            return v

        if callee in ("conv", "maxpool", "avgpool", "global_avgpool") and not spatial:
            raise Invalid("needs a spatial input")
        if callee == "conv":
            out, groups = args["out"], args.get("groups", 1)
            if not isinstance(out, int) or not isinstance(groups, int) or out < 1 or groups < 1:
                raise Invalid("bad conv")
            kernel = self.pair(args["kernel"], 1)
            stride = self.pair(args.get("stride", 1), 1)
            dilation = self.pair(args.get("dilation", 1), 1)
            bias = boolean("bias", True)
            pads = self.padding(args.get("pad"), shape, kernel, stride, dilation)
            if shape[1] % groups or out % groups:
                raise Invalid("groups")
            size = self.windows(shape, kernel, stride, pads, dilation, False)
            path = self.child_path(name)
            self.param(path, "weight", (out, shape[1] // groups) + tuple(kernel), "conv.weight")
            if bias:
                self.param(path, "bias", (out,), "conv.bias")
            return self.add("conv", [x], (shape[0], out) + size, path, stride=stride, pad=pads,
                            dilation=dilation, groups=groups, bias=bias)
        if callee in ("maxpool", "avgpool"):
            kernel = self.pair(args["kernel"], 1)
            stride = self.pair(args["stride"], 1) if "stride" in args else kernel
            dilation = self.pair(args.get("dilation", 1), 1)
            ceil_mode = boolean("ceil_mode", False)
            include_pad = boolean("count_include_pad", True)
            pads = self.padding(args.get("pad"), shape, kernel, stride, dilation)
            for d in range(2):
                if 2 * max(pads[d], pads[d + 2]) > dilation[d] * (kernel[d] - 1) + 1:
                    raise Invalid("pooling padding over half the window")
            size = self.windows(shape, kernel, stride, pads, dilation, ceil_mode)
            path = self.child_path(name)
            attrs = dict(kernel=kernel, stride=stride, pad=pads, ceil_mode=ceil_mode)
            if callee == "maxpool":
                attrs["dilation"] = dilation
            else:
                attrs["count_include_pad"] = include_pad
            return self.add(callee, [x], shape[:2] + size, path, **attrs)
        path = self.child_path(name)
        if callee == "batchnorm":
            eps = args.get("eps", 1e-5)
            if not is_number(eps) or not 0 < eps < 1:
                raise Invalid("bad eps")
            for param, role in (("weight", "bn.weight"), ("bias", "bn.bias"),
                                ("running_mean", "bn.mean"), ("running_var", "bn.var")):
                self.param(path, param, (shape[1],), role)
            return self.add("batchnorm", [x], shape, path, eps=float(eps))
        if callee in ACTIVATIONS:
            kind = "silu" if callee == "swish" else callee
            return self.add("activation", [x], shape, path, function=kind)
        if callee == "global_avgpool":
            return self.add("global_avgpool", [x], shape[:2] + (1, 1), path)
        if callee == "flatten":
            features = 1
            for d in shape[1:]:
                features *= d
            return self.add("flatten", [x], (shape[0], features), path)
        if callee in ("dense", "linear"):
            out, bias = args["out"], boolean("bias", True)
            if len(shape) != 2 or not isinstance(out, int) or out < 1:
                raise Invalid("dense needs a flat input")
            self.param(path, "weight", (out, shape[1]), "dense.weight")
            if bias:
                self.param(path, "bias", (out,), "dense.bias")
            return self.add("dense", [x], (shape[0], out), path, bias=bias)
        if callee == "dropout":
            p = args.get("p", 0.5)
            if not is_number(p) or not 0 <= p < 1:
                raise Invalid("bad dropout")
            return x
        if callee == "softmax":
            return self.add("softmax", [x], shape, path)
        return x  # identity

    def windows(self, shape, kernel, stride, pads, dilation, ceil_mode):
        size = tuple(window_size(shape[2 + d], kernel[d], stride[d], pads[d], pads[d + 2],
                                 dilation[d], ceil_mode) for d in range(2))
        if 0 in size:
            raise Invalid("window larger than its input")
        return size

    # -- models -------------------------------------------------------------------
    def model(self, name):
        args = []
        if name not in self.models:
            alias = next((a for a in self.program.aliases if a.name == name), None)
            if alias is None:
                raise Invalid("no model %s" % name)
            name, args = alias.target, alias.args
        model = self.models[name]
        bound = self.bind(name, [p.name for p in model.params],
                          sum(1 for p in model.params if p.default is None), args, [{}], None)
        frame = {}
        for p in model.params:
            frame[p.name] = bound[p.name] if p.name in bound else self.expr(p.default, [frame], None)
        self.scopes.append(Scope(""))
        flow = {"current": None}
        # `in` in a model body is the model's input, known once input() ran.
        body_env = [frame]
        env = body_env + [{}]
        for s in model.body:
            in_shape = self.ops[0].shape if self.ops else None
            self.stmt(s, env, flow, in_shape)
        if not self.input_declared:
            raise Invalid("no input")
        return Graph(self.ops, self.tensors, flow["current"], self.program.entry, self.batch)


def evaluate(program, batch=1):
    """The graph `program.entry` denotes at this batch size; raises Invalid."""
    try:
        return Evaluator(program, batch).model(program.entry)
    except (RecursionError, OverflowError, ZeroDivisionError, ValueError) as error:
        raise Invalid(str(error))
