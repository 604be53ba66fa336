"""Random valid .net programs.

The generator builds a syntax tree statement by statement while it knows the
shape of the tensor flowing through; each candidate statement is checked by
evaluating it (semantics.py) and retried when the language would reject it,
so every program it returns is valid. Values are chosen first and then
written, at random, as literals or as expressions over the variables in scope
(block parameters, lets, loop counters, constants, `in`), which exercises the
evaluator as much as the layers.
"""
import copy
import random

from semantics import Evaluator, Invalid, Scope, evaluate, window_size
from syntax import (Alias, Arg, Binary, Block, Call, CallLayer, Cond, Const, GateLayer, IfStmt,
                    Index, InAttr, InputStmt, LayerStmt, LetStmt, ListExpr, Lit, Model, Name,
                    Param, ParallelLayer, Program, RepeatStmt, RequireStmt, ResidualLayer,
                    ScaleStmt, SeqLayer, Unary)

ACTIVATIONS = ["relu", "relu6", "silu", "swish", "sigmoid", "hardswish", "hardsigmoid", "tanh"]
# Most programs are small (compiled in a fraction of a second); one in six is
# wide, with channel counts and sizes where the CPU's vector register tiles
# and their remainders come into play.
SMALL = {"channels": 24, "size": 18, "widen": 1}
WIDE = {"channels": 96, "size": 30, "widen": 4}


class Context:
    """Where a statement is generated: the current shape, `in`, the
    variables in scope with their values, and the names taken in the current
    naming scope."""

    def __init__(self, shape, in_shape, env, names=(), next_index=0, named=True):
        self.shape, self.in_shape, self.env = shape, in_shape, env
        self.names, self.next_index = set(names), next_index  # the naming scope's state
        self.named = named  # False inside a repeat: a name would repeat

    def copy(self):
        return Context(self.shape, self.in_shape, dict(self.env), self.names, self.next_index,
                       self.named)


class Generator:
    def __init__(self, seed, budget=None):
        self.rng = random.Random(seed)
        self.budget = budget if budget is not None else self.rng.randint(3, 22)
        self.blocks, self.consts = [], []
        self.block_info = {}  # block name -> list of param kinds, to call it again
        self.counter = 0
        self.batch = self.rng.choice([1, 1, 1, 2, 2, 3])
        self.limits = WIDE if self.chance(1 / 6) else SMALL
        self.scale = None

    # -- helpers ---------------------------------------------------------------
    def fresh(self, prefix):
        self.counter += 1
        return "%s%d" % (prefix, self.counter)

    def chance(self, p):
        return self.rng.random() < p

    def probe(self, stmt, ctx):
        """The shape after `stmt` in `ctx` and, for a let, its value; raises
        Invalid when the language rejects it."""
        program = Program(self.consts, self.blocks, [], [], "")
        evaluator = Evaluator(program, self.batch)
        evaluator.scale = self.scale
        evaluator.input_declared = True
        x = evaluator.add("input", [], ctx.shape)
        scope = Scope("probe")
        scope.names, scope.next_index = set(ctx.names), ctx.next_index
        evaluator.scopes.append(scope)
        flow = {"current": x}
        env = [dict(ctx.env)]
        try:
            evaluator.stmt(stmt, env, flow, ctx.in_shape)
        except (RecursionError, OverflowError, ZeroDivisionError, ValueError) as error:
            raise Invalid(str(error))
        shape = evaluator.shape(flow["current"])
        if (any(d > 4 * self.limits["channels"] for d in shape[1:2]) or
                any(d > self.limits["size"] for d in shape[2:])):
            raise Invalid("too large for a quick test")
        return shape, env[0], scope

    def accept(self, stmt, ctx):
        """Checks `stmt` in `ctx` and, when valid, moves `ctx` past it."""
        shape, env, scope = self.probe(stmt, ctx)
        ctx.shape, ctx.names, ctx.next_index = shape, scope.names, scope.next_index
        ctx.env.update(env)
        return stmt

    def attempt(self, make, ctx, tries=6):
        """The first statement `make(ctx)` gives that the language accepts."""
        for _ in range(tries):
            saved = (self.counter, len(self.blocks))
            try:
                return self.accept(make(ctx.copy()), ctx)
            except Invalid:
                self.counter = saved[0]
                del self.blocks[saved[1]:]
        return None

    # -- values written as expressions -------------------------------------------
    def int_expr(self, value, ctx):
        """An expression worth `value` in `ctx`."""
        r = self.rng.random()
        if r < 0.55:
            return Lit(value) if value >= 0 else Unary("-", Lit(-value))
        variables = [(n, v) for n, v in ctx.env.items()
                     if isinstance(v, int) and not isinstance(v, bool)]
        if len(ctx.in_shape) == 4:
            variables += [(InAttr(a), ctx.in_shape[k])
                          for k, a in ((1, "channels"), (2, "height"), (3, "width"))]
        else:
            variables.append((InAttr("features"), ctx.in_shape[1]))
        ref = lambda n: n if isinstance(n, InAttr) else Name(n)
        if variables and r < 0.8:
            name, v = self.rng.choice(variables)
            if v == value:
                return ref(name)
            if v and value % v == 0 and value // v <= 4:
                return Binary("*", ref(name), Lit(value // v)) if self.chance(0.5) else \
                    Binary("*", Lit(value // v), ref(name))
            for k in (2, 3, 4):
                if v // k == value:
                    return Binary("//", ref(name), Lit(k))
            if abs(value - v) <= 6:
                return Binary("+", ref(name), Lit(value - v)) if value >= v else \
                    Binary("-", ref(name), Lit(v - value))
            if value > v:
                return Call("max", [ref(name), Lit(value)])
            return Call("min", [ref(name), Lit(value)]) if self.chance(0.5) else \
                Cond(Binary(">", ref(name), Lit(value)), Lit(value), ref(name))
        forms = [
            lambda: Binary("-", Binary("*", Lit(value + 1), Lit(2)), Lit(value + 2)),
            lambda: Binary("//", Binary("+", Binary("*", Lit(value), Lit(3)), Lit(2)), Lit(3)),
            lambda: Binary("%", Lit(value + 7 * (value + 1)), Lit(value + 1)),
            lambda: Call("int", [Binary("/", Lit(2 * value + 1), Lit(2))]),
            lambda: Call("ceil", [Binary("/", Lit(2 * value), Lit(2))]),
            lambda: Call("round", [Binary("+", Lit(float(value)), Lit(0.25))]),
            lambda: Call("abs", [Unary("-", Lit(value))]),
            lambda: Index(ListExpr([Lit(value + 1), Lit(value), Lit(value + 2)]),
                          self.rng.choice([Lit(1), Unary("-", Lit(2))])),
            lambda: Binary("**", Lit(value), Lit(1)),
            lambda: Cond(self.bool_expr(True, ctx), Lit(value), Lit(value + 1)),
            lambda: Call("len", [ListExpr([Lit(0)] * value)]) if value <= 6 else Lit(value),
        ]
        return self.rng.choice(forms)()

    def bool_expr(self, value, ctx):
        r = self.rng.random()
        if r < 0.3:
            return Lit(value)
        a = self.rng.randint(1, 9)
        if self.chance(0.5):  # a < a + 1, or a < a - 1
            comparison = Binary("<", self.int_expr(a, ctx), Lit(a + 1 if value else a - 1))
        else:  # a + 1 >= a, or a - 1 >= a
            comparison = Binary(">=", self.int_expr(a + 1 if value else a - 1, ctx), Lit(a))
        if r < 0.7:
            return comparison
        if r < 0.8:
            return Unary("not", self.bool_expr(not value, ctx))
        if value:
            return Binary("and", comparison, self.bool_expr(True, ctx)) if self.chance(0.5) else \
                Binary("or", self.bool_expr(False, ctx), comparison)
        return Binary("or", comparison, self.bool_expr(False, ctx))

    def pair_expr(self, pair, ctx):
        if pair[0] == pair[1] and self.chance(0.8):
            return self.int_expr(pair[0], ctx)
        return ListExpr([self.int_expr(v, ctx) for v in pair])

    def arg(self, name, value_expr, positional):
        return Arg(None if positional else name, value_expr)

    # -- layers ------------------------------------------------------------------
    def conv(self, ctx):
        c, h, w = ctx.shape[1], ctx.shape[2], ctx.shape[3]
        r = self.rng.random()
        if r < 0.7:
            groups, out = 1, self.rng.randint(1, 16) * self.limits["widen"]
            if "c" in ctx.env and self.chance(0.4):
                out = ctx.env["c"]
        elif r < 0.85:
            groups, out = c, c * self.rng.choice([1, 1, 2])
        else:
            divisors = [g for g in range(1, c + 1) if c % g == 0]
            groups = self.rng.choice(divisors)
            out = groups * self.rng.randint(1, 3)
        limit = self.limits["channels"]
        out = min(out, limit - limit % max(groups, 1)) or groups
        kernel = self.rng.choice([[1, 1], [1, 1], [2, 2], [3, 3], [3, 3], [3, 3], [5, 5],
                                  [self.rng.randint(1, 4), self.rng.randint(1, 4)]])
        kernel = [min(kernel[0], h + 2), min(kernel[1], w + 2)]
        stride = self.rng.choice([[1, 1]] * 5 + [[2, 2]] * 2 + [[3, 3], [2, 1], [1, 2]])
        if "s" in ctx.env and self.chance(0.4):
            stride = [ctx.env["s"]] * 2
        dilation = self.rng.choice([[1, 1]] * 6 + [[2, 2], [1, 2]])
        args = [Arg(None, self.int_expr(out, ctx)), Arg(None, self.pair_expr(kernel, ctx))]
        if self.chance(0.1):
            args = [Arg("out", args[0].value), Arg("kernel", args[1].value)]
        if stride != [1, 1] or self.chance(0.1):
            args.append(Arg("stride", self.pair_expr(stride, ctx)))
        pad = self.padding(kernel, ctx)
        if pad is not None:
            args.append(Arg("pad", pad))
        if dilation != [1, 1]:
            args.append(Arg("dilation", self.pair_expr(dilation, ctx)))
        if groups != 1 or self.chance(0.05):
            args.append(Arg("groups", self.int_expr(groups, ctx)))
        if self.chance(0.4):
            args.append(Arg("bias", self.bool_expr(self.chance(0.3), ctx)))
        self.rng.shuffle(args[2:])
        return CallLayer("conv", args)

    def padding(self, kernel, ctx, pooling=False):
        r = self.rng.random()
        half = [k // 2 for k in kernel]
        if r < 0.2:
            return None
        if r < 0.45:
            return self.int_expr(self.rng.randint(0, max(half) if pooling else 2), ctx)
        if r < 0.6:
            return Lit(self.rng.choice(["same", "valid"]))
        if r < 0.8:
            return ListExpr([self.int_expr(self.rng.randint(0, p if pooling else 2), ctx)
                             for p in half])
        return ListExpr([self.int_expr(self.rng.randint(0, half[k % 2] if pooling else 2), ctx)
                         for k in range(4)])

    def pool(self, ctx):
        kind = self.rng.choice(["maxpool", "avgpool"])
        kernel = self.rng.choice([[1, 1], [2, 2], [2, 2], [3, 3], [3, 3], [4, 4],
                                  [self.rng.randint(1, 3), self.rng.randint(1, 3)]])
        args = [Arg(None, self.pair_expr(kernel, ctx))]
        if self.chance(0.6):
            stride = self.rng.choice([[1, 1], [2, 2], [2, 2], [3, 3], [1, 2]])
            args.append(Arg("stride", self.pair_expr(stride, ctx)))
        pad = self.padding(kernel, ctx, pooling=True)
        if pad is not None:
            args.append(Arg("pad", pad))
        # Dilated windows over padding can lie wholly in it (a -inf maximum,
        # then NaN further on in both netc and PyTorch): dilation unpadded only.
        elif kind == "maxpool" and self.chance(0.25):
            args.append(Arg("dilation", self.pair_expr(self.rng.choice([[2, 2], [1, 2]]), ctx)))
        if self.chance(0.4):
            args.append(Arg("ceil_mode", self.bool_expr(True, ctx)))
        if kind == "avgpool" and (pad is not None or self.chance(0.2)) and self.chance(0.6):
            args.append(Arg("count_include_pad", self.bool_expr(self.chance(0.3), ctx)))
        return CallLayer(kind, args)

    def simple_layer(self, ctx):
        """One built-in layer suited to the current rank."""
        spatial = len(ctx.shape) == 4
        r = self.rng.random()
        if spatial and r < 0.4:
            return self.conv(ctx)
        if not spatial and r < 0.4:
            args = [Arg(None, self.int_expr(self.rng.randint(1, 16), ctx))]
            if self.chance(0.3):
                args.append(Arg("bias", self.bool_expr(self.chance(0.5), ctx)))
            return CallLayer(self.rng.choice(["dense", "dense", "linear"]), args)
        if r < 0.55:
            args = [Arg("eps", Lit(self.rng.choice([1e-5, 1e-3, 0.01])))] if self.chance(0.2) else []
            return CallLayer("batchnorm", args)
        if r < 0.75:
            return CallLayer(self.rng.choice(ACTIVATIONS), parens=self.chance(0.1))
        if spatial and r < 0.9:
            return self.pool(ctx)
        if r < 0.95:
            if self.chance(0.5):
                return CallLayer("dropout", [Arg("p", Lit(0.25))] if self.chance(0.5) else [])
            return CallLayer("identity")
        if spatial and self.chance(0.5):
            return CallLayer("global_avgpool")
        return CallLayer("softmax")

    def name(self, ctx):
        if not ctx.named or not self.chance(0.3):
            return None
        name = self.rng.choice(["conv", "bn", "branch", "fc", "layer", "block", "input", "gate"])
        name = name if name not in ctx.names and name in ("block", "input", "gate") else \
            self.fresh(name)
        return name if name not in ctx.names else None

    def layer_stmt(self, ctx):
        """A statement of one layer, a chain, or a construct."""
        self.budget -= 1
        r = self.rng.random()
        if r < 0.5 or self.budget <= 0:
            layers = [self.simple_layer(ctx)]
            if self.chance(0.15):
                layers.append(CallLayer(self.rng.choice(ACTIVATIONS)))
            return LayerStmt(layers, self.name(ctx))
        if r < 0.62:
            return self.residual(ctx)
        if r < 0.74:
            return self.parallel(ctx)
        if r < 0.8:
            return self.gate(ctx)
        if r < 0.87:
            inner = Context(ctx.shape, ctx.in_shape, dict(ctx.env))
            return LayerStmt([SeqLayer(self.body(inner, self.rng.randint(1, 3)))], self.name(ctx))
        return self.block_call(ctx)

    def residual(self, ctx):
        inner = ctx.copy()
        body = self.body(inner, self.rng.randint(1, 3))
        args = []
        if self.chance(0.15):
            args.append(Arg("when", self.bool_expr(self.chance(0.4), ctx)))
        shortcut = None
        if inner.shape == ctx.shape:
            r = self.rng.random()
            if r < 0.25:
                shortcut = []
            elif r < 0.45:
                side = ctx.copy()
                shortcut = [self.attempt(lambda c: LayerStmt([self.shape_keeping(c)]), side)
                            or LayerStmt([CallLayer("identity")])]
        elif len(inner.shape) == 4 and self.chance(0.35):
            c, s = inner.shape[1], [max(1, -(-ctx.shape[2 + d] // inner.shape[2 + d]))
                                    for d in range(2)]
            conv = CallLayer("conv", [Arg(None, self.int_expr(c, ctx)), Arg(None, Lit(1)),
                                      Arg("stride", self.pair_expr(s, ctx)),
                                      Arg("bias", Lit(False))])
            shortcut = [LayerStmt([SeqLayer([LayerStmt([conv]),
                                             LayerStmt([CallLayer("batchnorm")])])],
                                  "proj" if "proj" not in ctx.names else None)]
        layers = [ResidualLayer(body, shortcut, args)]
        if self.chance(0.35):
            layers.append(CallLayer(self.rng.choice(ACTIVATIONS)))
        return LayerStmt(layers)

    def shape_keeping(self, ctx):
        if len(ctx.shape) == 4 and self.chance(0.6):
            return CallLayer("conv", [Arg(None, self.int_expr(ctx.shape[1], ctx)),
                                      Arg(None, Lit(3)), Arg("pad", Lit(1))])
        return self.rng.choice([CallLayer("batchnorm"), CallLayer(self.rng.choice(ACTIVATIONS))])

    def parallel(self, ctx):
        merge = self.rng.choice(["concat", "concat", "add", "add", "mul"])
        count = self.rng.choice([1, 2, 2, 3, 3, 3, 4, 4])
        args = [] if merge == "concat" and self.chance(0.5) else [Arg("merge", Lit(merge))]
        branches, shapes = [], []
        for k in range(count):
            for attempt in range(5):
                branch_ctx = ctx.copy()
                try:
                    if shapes and attempt < 4:
                        layer = self.targeted(branch_ctx, shapes[0], merge)
                        if layer is None:
                            continue
                        layers = [layer] + ([CallLayer(self.rng.choice(ACTIVATIONS))]
                                            if self.chance(0.4) else [])
                        stmt = LayerStmt(layers, self.name(ctx))
                    else:
                        stmt = self.branch(branch_ctx)
                    shape, _, scope = self.probe(stmt, ctx)
                except Invalid:
                    continue
                if shapes and not self.mergeable(merge, shapes[0], shape):
                    continue
                branches.append(stmt)
                shapes.append(shape)
                ctx.names, ctx.next_index = scope.names, scope.next_index
                break
            else:
                if branches:  # the first branch again, with weights of its own
                    branches.append(self.unnamed(branches[0]))
        if branches and count > 1 and self.chance(0.1) and ctx.named:
            # A repeat of one statement inside a parallel gives one branch each.
            branches.append(RepeatStmt(Lit(2), [self.unnamed(branches[0])]))
        return LayerStmt([ParallelLayer(branches, args)])

    @staticmethod
    def mergeable(merge, a, b):
        if merge != "concat":
            return a == b
        return len(a) == len(b) and a[0] == b[0] and a[2:] == b[2:]

    def unnamed(self, stmt):
        stmt = copy.deepcopy(stmt)
        stmt.name = None
        return stmt

    def targeted(self, ctx, target, merge):
        """A layer from ctx.shape to `target` (any channel count for concat),
        or None: a convolution or pooling whose window, stride and padding
        are solved for the target size, or a shape-keeping layer."""
        source = ctx.shape
        if len(source) != 4:
            features = target[1]
            return CallLayer("dense", [Arg(None, self.int_expr(features, ctx))])
        channels = target[1] if merge != "concat" else self.rng.randint(1, 12)
        options = []
        for kind in ("conv", "maxpool", "avgpool"):
            if kind != "conv" and channels != source[1]:
                continue
            for _ in range(8):
                kernel = [self.rng.choice([1, 2, 3, 3, 5]) for _ in range(2)]
                stride = [self.rng.choice([1, 1, 2, 3]) for _ in range(2)]
                ceil_mode = kind != "conv" and self.chance(0.3)
                pads = []
                for d in range(2):
                    limit = kernel[d] // 2 if kind != "conv" else 3
                    fits = [p for p in range(limit + 1)
                            if window_size(source[2 + d], kernel[d], stride[d], p, p, 1,
                                           ceil_mode) == target[2 + d]]
                    if not fits:
                        break
                    pads.append(self.rng.choice(fits))
                if len(pads) == 2:
                    options.append((kind, kernel, stride, pads, ceil_mode))
                    break
        if not options:
            return None
        kind, kernel, stride, pads, ceil_mode = self.rng.choice(options)
        args = [Arg(None, self.pair_expr(kernel, ctx))]
        if kind == "conv":
            args.insert(0, Arg(None, self.int_expr(channels, ctx)))
        if stride != kernel or kind == "conv":
            args.append(Arg("stride", self.pair_expr(stride, ctx)))
        if pads != [0, 0]:
            args.append(Arg("pad", self.pair_expr(pads, ctx)))
        if ceil_mode:
            args.append(Arg("ceil_mode", Lit(True)))
        return CallLayer(kind, args)

    def branch(self, ctx):
        layers = [self.simple_layer(ctx)]
        if self.chance(0.4):
            layers.append(CallLayer(self.rng.choice(ACTIVATIONS)))
        if self.chance(0.2):
            inner = Context(ctx.shape, ctx.in_shape, dict(ctx.env))
            return LayerStmt([SeqLayer(self.body(inner, self.rng.randint(1, 3)))], self.name(ctx))
        return LayerStmt(layers, self.name(ctx))

    def gate(self, ctx):
        spatial = len(ctx.shape) == 4
        channels = ctx.shape[1]
        if spatial and self.chance(0.6):
            squeeze = max(1, channels // self.rng.choice([2, 4]))
            body = [LayerStmt([CallLayer("global_avgpool")]),
                    LayerStmt([CallLayer("conv", [Arg(None, self.int_expr(squeeze, ctx)),
                                                  Arg(None, Lit(1))])]),
                    LayerStmt([CallLayer(self.rng.choice(["relu", "silu"]))]),
                    LayerStmt([CallLayer("conv", [Arg(None, self.int_expr(channels, ctx)),
                                                  Arg(None, Lit(1))])]),
                    LayerStmt([CallLayer(self.rng.choice(["sigmoid", "hardsigmoid"]))])]
            if ctx.named and self.chance(0.5):
                body[1].name, body[3].name = self.fresh("fc"), self.fresh("fc")
        elif spatial:
            body = [LayerStmt([self.shape_keeping(ctx), CallLayer("sigmoid")])]
        else:
            body = [LayerStmt([CallLayer("dense", [Arg(None, self.int_expr(channels, ctx))]),
                               CallLayer("sigmoid")])]
        return LayerStmt([GateLayer(body)])

    def block_call(self, ctx):
        reusable = [b for b in self.blocks if self.block_info[b.name][0] == len(ctx.shape)]
        if reusable and self.chance(0.6):
            block = self.rng.choice(reusable)
            _, values = self.block_info[block.name]
            return LayerStmt([self.call_args(block, values, ctx)], self.name(ctx))
        name = self.fresh(self.rng.choice(["unit", "stage", "b"]))
        values = {"c": self.rng.randint(2, 16)}
        if len(ctx.shape) == 4 and self.chance(0.5):
            values["s"] = self.rng.choice([1, 1, 2])
        if self.chance(0.3):
            values["act"] = self.rng.choice(["relu", "silu", "tanh"])
        params = []
        for p in values:
            default = None
            if self.chance(0.3):
                default = Lit(values[p]) if p != "c" else Lit(values[p])
            params.append(Param(p, default))
        if len(ctx.shape) == 4 and self.chance(0.3):
            params.append(Param("k", Binary("+", Binary("*", Lit(2), Lit(1)), Lit(0))))
            values["k"] = 3
        env = {c.name: self.const_value(c) for c in self.consts}
        env.update(values)
        inner = Context(ctx.shape, ctx.shape, env)
        body = []
        if "act" in values and self.chance(0.8):
            stmts = self.body(inner, self.rng.randint(1, 2))
            body = stmts + [IfStmt(Binary("==", Name("act"), Lit("relu")),
                                   [LayerStmt([CallLayer("relu")])],
                                   [LayerStmt([CallLayer("silu")])] if self.chance(0.7) else None)]
            self.accept(body[-1], inner)
        else:
            body = self.body(inner, self.rng.randint(1, 4))
        if self.chance(0.2):
            body.insert(0, RequireStmt(Binary(">=", Name("c"), Lit(1)),
                                       "c must be positive" if self.chance(0.5) else None))
        block = Block(name, params, body)
        self.blocks.append(block)
        self.block_info[name] = (len(ctx.shape), values)
        return LayerStmt([self.call_args(block, values, ctx)], self.name(ctx))

    def call_args(self, block, values, ctx):
        args, keyword = [], False
        for p in block.params:
            if p.default is not None and self.chance(0.5):
                keyword = True  # skipping one makes the rest keyword arguments
                continue
            value = values[p.name]
            expr = Lit(value) if isinstance(value, str) else self.int_expr(value, ctx)
            keyword = keyword or self.chance(0.3)
            args.append(Arg(p.name if keyword else None, expr))
        return CallLayer(block.name, args, parens=True)

    def const_value(self, const):
        return evaluate_const(self.consts, const)

    # -- statements -------------------------------------------------------------
    def body(self, ctx, count):
        stmts = []
        for _ in range(count):
            r = self.rng.random()
            if r < 0.08:
                value = self.rng.randint(1, 12)
                name = self.fresh("v")
                stmt = self.attempt(lambda c: LetStmt(name, self.int_expr(value, c)), ctx)
            elif r < 0.14 and self.budget > 2:
                stmt = self.attempt(self.repeat, ctx)
            elif r < 0.19:
                stmt = self.attempt(self.conditional, ctx)
            elif r < 0.21:
                stmt = self.attempt(lambda c: RequireStmt(self.bool_expr(True, c), None), ctx)
            else:
                stmt = self.attempt(self.layer_stmt, ctx)
            if stmt is not None:
                stmts.append(stmt)
        return stmts

    def repeat(self, ctx):
        var = self.fresh("i") if self.chance(0.5) else None
        inner = ctx.copy()
        inner.named = False
        if var:
            inner.env[var] = 0
        if self.chance(0.4):  # a stage: one block, repeated
            body = [self.block_call(inner)]
        else:
            body = self.body(inner, self.rng.randint(1, 2))
        return RepeatStmt(self.int_expr(self.rng.choice([0, 1, 2, 2, 3]), ctx), body, var)

    def conditional(self, ctx):
        taken = self.chance(0.5)
        then_ctx, other_ctx = ctx.copy(), ctx.copy()
        then_body = self.body(then_ctx, self.rng.randint(1, 2))
        other_body = self.body(other_ctx, self.rng.randint(0, 2)) if self.chance(0.7) else None
        return IfStmt(self.bool_expr(taken, ctx), then_body, other_body)

    # -- programs ----------------------------------------------------------------
    def program(self):
        if self.chance(0.25):
            self.consts.append(Const("base", Lit(self.rng.randint(2, 8))))
        if self.chance(0.1):
            self.consts.append(Const("widths", ListExpr([Lit(4), Lit(8), Lit(12)])))
        model_params, values = [], {}
        if self.chance(0.3):
            values["classes"] = self.rng.randint(2, 10)
            model_params.append(Param("classes", Lit(values["classes"])))
        body = []
        if self.chance(0.1):
            phi = self.rng.choice([-1, 0.5, 1])
            body.append(ScaleStmt([Arg("phi", Lit(phi))]))
            self.scale = (1.1 ** phi, 1.2 ** phi, 1.15 ** phi)
        channels = self.rng.randint(1, 6) * self.limits["widen"]
        largest = self.limits["size"] - 4
        height = self.rng.randint(1, largest)
        width = height if self.chance(0.6) else self.rng.randint(1, largest)
        env = {c.name: evaluate_const(self.consts, c) for c in self.consts}
        env.update(values)
        dims = []
        for v in (channels, height, width):
            if self.scale and self.chance(0.5):
                dims.append(Call("resolution", [Lit(v)]) if v != channels else Lit(v))
            else:
                dims.append(Lit(v))
        body.append(InputStmt(dims))
        shape_probe = Evaluator(Program(self.consts, [], [], [], ""), self.batch)
        shape_probe.scale = self.scale
        shape = (self.batch,) + tuple(shape_probe.expr(d, [env], None) for d in dims)
        ctx = Context(shape, shape, env)
        body += self.body(ctx, self.rng.randint(1, 6))
        if self.chance(0.5):
            body += self.head(ctx, values)
        model = Model("m", model_params, body)
        aliases, entry = [], "m"
        if values and self.chance(0.5):
            values["classes"] = self.rng.randint(2, 10)
            aliases.append(Alias("m2", "m", [Arg("classes", Lit(values["classes"]))]))
            entry = "m2"
        return Program(self.consts, self.blocks, [model], aliases, entry)

    def head(self, ctx, values):
        stmts = []
        if len(ctx.shape) == 4:
            if self.chance(0.7):
                stmts.append(self.attempt(lambda c: LayerStmt([CallLayer("global_avgpool")]), ctx))
            stmts.append(self.attempt(lambda c: LayerStmt([CallLayer("flatten")]), ctx))
        classes = Name("classes") if "classes" in values else Lit(self.rng.randint(1, 10))
        stmts.append(self.attempt(lambda c: LayerStmt([CallLayer("dense", [Arg(None, classes)])],
                                                      "fc" if "fc" not in c.names else None), ctx))
        if self.chance(0.2):
            stmts.append(self.attempt(lambda c: LayerStmt([CallLayer("softmax")]), ctx))
        return [s for s in stmts if s is not None]


def evaluate_const(consts, const):
    evaluator = Evaluator(Program(consts, [], [], [], ""), 1)
    return evaluator.expr(const.value, [{}], None)


def generate(seed):
    """A valid random program (and its batch size) for `seed`."""
    for attempt in range(20):
        generator = Generator(seed * 1000 + attempt)
        program = generator.program()
        try:
            evaluate(program, generator.batch)
            return program, generator.batch
        except Invalid:
            continue
    raise RuntimeError("no valid program for seed %d" % seed)
