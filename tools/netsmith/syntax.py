"""The syntax tree netsmith generates, and its printing as .net source.

The tree mirrors the language (docs/language.md): expressions, statements,
layers, blocks and models. Printing takes a random generator so that one tree
can be written in the language's many equivalent forms (separators, comments,
keyword or positional arguments, parentheses only where precedence needs
them), which exercises the parser as well.
"""
from dataclasses import dataclass, field
from typing import List, Optional, Union

# --- Expressions -------------------------------------------------------------


@dataclass
class Lit:
    value: Union[int, float, bool, str]


@dataclass
class Name:
    name: str


@dataclass
class InAttr:  # in.channels, in.height, ...
    attr: str


@dataclass
class Unary:
    op: str  # '-', 'not'
    operand: "Expr"


@dataclass
class Binary:
    op: str
    lhs: "Expr"
    rhs: "Expr"


@dataclass
class Cond:
    cond: "Expr"
    then: "Expr"
    other: "Expr"


@dataclass
class ListExpr:
    items: List["Expr"]


@dataclass
class Index:
    base: "Expr"
    index: "Expr"


@dataclass
class Call:
    function: str
    args: List["Expr"]


Expr = Union[Lit, Name, InAttr, Unary, Binary, Cond, ListExpr, Index, Call]

# --- Layers and statements ---------------------------------------------------


@dataclass
class Arg:
    name: Optional[str]  # None: positional
    value: Expr


@dataclass
class CallLayer:  # a built-in layer or a block: conv(8, 3, pad: 1), relu, basic(16)
    callee: str
    args: List[Arg] = field(default_factory=list)
    parens: bool = False  # `relu()` rather than `relu` when there are no arguments


@dataclass
class SeqLayer:
    body: List["Stmt"]


@dataclass
class ResidualLayer:
    body: List["Stmt"]
    shortcut: Optional[List["Stmt"]] = None  # None: no clause; []: `shortcut { }`
    args: List[Arg] = field(default_factory=list)  # when:


@dataclass
class ParallelLayer:
    body: List["Stmt"]
    args: List[Arg] = field(default_factory=list)  # merge:


@dataclass
class GateLayer:
    body: List["Stmt"]


Layer = Union[CallLayer, SeqLayer, ResidualLayer, ParallelLayer, GateLayer]


@dataclass
class LayerStmt:  # [name =] layer -> layer -> ...
    layers: List[Layer]
    name: Optional[str] = None


@dataclass
class LetStmt:
    name: str
    value: Expr


@dataclass
class IfStmt:
    cond: Expr
    then: List["Stmt"]
    other: Optional[List["Stmt"]] = None


@dataclass
class RepeatStmt:
    count: Expr
    body: List["Stmt"]
    var: Optional[str] = None


@dataclass
class RequireStmt:
    cond: Expr
    message: Optional[str] = None


@dataclass
class InputStmt:
    args: List[Expr]


@dataclass
class ScaleStmt:
    args: List[Arg]


Stmt = Union[LayerStmt, LetStmt, IfStmt, RepeatStmt, RequireStmt, InputStmt, ScaleStmt]


@dataclass
class Param:
    name: str
    default: Optional[Expr] = None


@dataclass
class Block:
    name: str
    params: List[Param]
    body: List[Stmt]


@dataclass
class Model:
    name: str
    params: List[Param]
    body: List[Stmt]


@dataclass
class Alias:  # model NAME = TARGET(args)
    name: str
    target: str
    args: List[Arg]


@dataclass
class Const:  # file-level let
    name: str
    value: Expr


@dataclass
class Program:
    consts: List[Const]
    blocks: List[Block]
    models: List[Model]
    aliases: List[Alias]
    entry: str  # the model to compile (a model or an alias)


# --- Printing ----------------------------------------------------------------

# Binding strength, as in the grammar: higher binds tighter.
PRECEDENCE = {"or": 1, "and": 2, "not": 3, "<": 4, "<=": 4, ">": 4, ">=": 4, "==": 4,
              "!=": 4, "+": 5, "-": 5, "*": 6, "/": 6, "//": 6, "%": 6, "neg": 7, "**": 8}
ATOM = 9


def precedence(e):
    if isinstance(e, Binary):
        return PRECEDENCE[e.op]
    if isinstance(e, Unary):
        return PRECEDENCE["not"] if e.op == "not" else PRECEDENCE["neg"]
    if isinstance(e, Cond):
        return 0
    if isinstance(e, Lit) and not isinstance(e.value, (bool, str)) and e.value < 0:
        return PRECEDENCE["neg"]
    return ATOM


def literal(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        text = repr(value)
        return text if any(c in text for c in ".e") else text + ".0"
    if isinstance(value, str):
        return '"%s"' % value
    return str(value)


class Printer:
    """Writes a Program as .net source; `rng` chooses among equivalent forms
    (None: one plain form)."""

    def __init__(self, rng=None):
        self.rng = rng
        self.lines = []

    def chance(self, p):
        return self.rng is not None and self.rng.random() < p

    # Expressions: parentheses only where the grammar needs them (and, at
    # random, a few more), so that precedence is exercised.
    def expr(self, e, context=0):
        text = self._expr(e)
        if precedence(e) < context or (self.chance(0.05) and precedence(e) < ATOM):
            return "(" + text + ")"
        return text

    def _expr(self, e):
        if isinstance(e, Lit):
            return literal(e.value)
        if isinstance(e, Name):
            return e.name
        if isinstance(e, InAttr):
            return "in." + e.attr
        if isinstance(e, Unary):
            if e.op == "not":
                return "not " + self.expr(e.operand, PRECEDENCE["not"])
            return "-" + self.expr(e.operand, PRECEDENCE["neg"] + 1)
        if isinstance(e, Binary):
            p = PRECEDENCE[e.op]
            if e.op == "**":  # right-associative; unary operands in parentheses
                return "%s ** %s" % (self.expr(e.lhs, p + 1), self.expr(e.rhs, ATOM))
            if p == PRECEDENCE["<"]:  # comparisons do not chain: never nest bare
                return "%s %s %s" % (self.expr(e.lhs, p + 1), e.op, self.expr(e.rhs, p + 1))
            return "%s %s %s" % (self.expr(e.lhs, p), e.op, self.expr(e.rhs, p + 1))
        if isinstance(e, Cond):
            return "%s ? %s : %s" % (self.expr(e.cond, 1), self.expr(e.then, 1),
                                     self.expr(e.other, 0))
        if isinstance(e, ListExpr):
            return "[" + ", ".join(self.expr(x) for x in e.items) + "]"
        if isinstance(e, Index):
            return "%s[%s]" % (self.expr(e.base, ATOM), self.expr(e.index))
        if isinstance(e, Call):
            return "%s(%s)" % (e.function, ", ".join(self.expr(x) for x in e.args))
        raise TypeError(e)

    def args(self, args):
        text = ", ".join(("%s: " % a.name if a.name else "") + self.expr(a.value) for a in args)
        if args and self.chance(0.1):
            text += ","
        return text

    def layer(self, layer, indent):
        if isinstance(layer, CallLayer):
            if layer.args or layer.parens:
                return "%s(%s)" % (layer.callee, self.args(layer.args))
            return layer.callee
        if isinstance(layer, SeqLayer):
            return "[" + self.inline_body(layer.body, indent) + "]"
        if isinstance(layer, ResidualLayer):
            head = "residual" + ("(%s)" % self.args(layer.args) if layer.args else "")
            text = head + " " + self.braced(layer.body, indent)
            if layer.shortcut is not None:
                text += " shortcut " + self.braced(layer.shortcut, indent)
            return text
        if isinstance(layer, ParallelLayer):
            head = "parallel" + ("(%s)" % self.args(layer.args) if layer.args else "")
            return head + " " + self.braced(layer.body, indent)
        if isinstance(layer, GateLayer):
            return "gate " + self.braced(layer.body, indent)
        raise TypeError(layer)

    def braced(self, body, indent):
        if not body:
            return "{ }"
        if all(isinstance(s, LayerStmt) and self.simple(s) for s in body) and self.chance(0.5):
            return "{ " + "; ".join(self.stmt_text(s, indent) for s in body) + " }"
        inner = self.block_lines(body, indent + 1)
        return "{\n" + inner + "  " * indent + "}"

    def inline_body(self, body, indent):
        if all(isinstance(s, LayerStmt) and self.simple(s) for s in body):
            separator = ", " if self.chance(0.5) else "; "
            return separator.join(self.stmt_text(s, indent) for s in body)
        return "\n" + self.block_lines(body, indent + 1) + "  " * indent

    @staticmethod
    def simple(stmt):
        return all(isinstance(l, CallLayer) for l in stmt.layers)

    def stmt_text(self, s, indent):
        if isinstance(s, LayerStmt):
            text = " -> ".join(self.layer(l, indent) for l in s.layers)
            return ("%s = " % s.name if s.name else "") + text
        if isinstance(s, LetStmt):
            return "let %s = %s" % (s.name, self.expr(s.value))
        if isinstance(s, RequireStmt):
            return "require " + self.expr(s.cond) + (', "%s"' % s.message if s.message else "")
        if isinstance(s, InputStmt):
            return "input(%s)" % ", ".join(self.expr(a) for a in s.args)
        if isinstance(s, ScaleStmt):
            return "scale(%s)" % self.args(s.args)
        if isinstance(s, IfStmt):
            text = "if %s %s" % (self.expr(s.cond), self.braced(s.then, indent))
            if s.other is not None:
                text += " else " + self.braced(s.other, indent)
            return text
        if isinstance(s, RepeatStmt):
            return "repeat %s%s %s" % (self.expr(s.count), " as " + s.var if s.var else "",
                                       self.braced(s.body, indent))
        raise TypeError(s)

    def block_lines(self, body, indent):
        """One statement a line, or several on a line separated by ';'."""
        out, pad, k = [], "  " * indent, 0
        while k < len(body):
            texts = [self.stmt_text(body[k], indent)]
            k += 1
            # A statement ending in an expression is followed by a newline
            # when the next one starts with '[' (that is what ends it).
            while (k < len(body) and self.chance(0.25) and "\n" not in texts[-1]
                   and "\n" not in self.stmt_text(body[k], indent)):
                texts.append(self.stmt_text(body[k], indent))
                k += 1
            line = pad + "; ".join(texts)
            if self.chance(0.1):
                line += "  # " + self.rng.choice(["note", "a comment; with [brackets]", "x = 1"])
            out.append(line + "\n")
            if self.chance(0.05):
                out.append("\n")
        return "".join(out)

    def program(self, program):
        parts = []
        for c in program.consts:
            parts.append("let %s = %s\n" % (c.name, self.expr(c.value)))
        for b in program.blocks:
            params = ", ".join(p.name + (" = " + self.expr(p.default) if p.default else "")
                               for p in b.params)
            parts.append("block %s(%s) {\n%s}\n" % (b.name, params, self.block_lines(b.body, 1)))
        for m in program.models:
            params = ", ".join(p.name + (" = " + self.expr(p.default) if p.default else "")
                               for p in m.params)
            head = "model %s(%s)" % (m.name, params) if m.params or self.chance(0.3) else \
                "model " + m.name
            parts.append("%s {\n%s}\n" % (head, self.block_lines(m.body, 1)))
        for a in program.aliases:
            parts.append("model %s = %s(%s)\n" % (a.name, a.target, self.args(a.args)))
        return "\n".join(parts)


def to_source(program, rng=None):
    return Printer(rng).program(program)
