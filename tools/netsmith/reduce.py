"""Shrinks a failing program to a small one that fails the same way.

Each step tries one edit of the syntax tree (drop a statement, a layer of a
chain, a branch, an argument, a name, a shortcut; replace a construct by its
body; shrink the input) and keeps it when the program stays valid and still
fails with the same verdict, until no edit does.
"""
import copy

from semantics import Evaluator, Invalid, evaluate
from syntax import (CallLayer, GateLayer, IfStmt, InputStmt, LayerStmt, ListExpr, Lit,
                    ParallelLayer, RepeatStmt, ResidualLayer, ScaleStmt, SeqLayer)


def statement_lists(program):
    """Every list of statements in the program, in a fixed order."""
    lists = []

    def visit(stmts):
        lists.append(stmts)
        for s in stmts:
            if isinstance(s, LayerStmt):
                for layer in s.layers:
                    if isinstance(layer, (SeqLayer, ParallelLayer, GateLayer)):
                        visit(layer.body)
                    elif isinstance(layer, ResidualLayer):
                        visit(layer.body)
                        if layer.shortcut:
                            visit(layer.shortcut)
            elif isinstance(s, IfStmt):
                visit(s.then)
                if s.other:
                    visit(s.other)
            elif isinstance(s, RepeatStmt):
                visit(s.body)

    for block in program.blocks:
        visit(block.body)
    for model in program.models:
        visit(model.body)
    return lists


def inlined(stmt):
    """What can stand in for `stmt`: its body, a branch, nothing."""
    if isinstance(stmt, IfStmt):
        return [stmt.then] + ([stmt.other] if stmt.other else [])
    if isinstance(stmt, RepeatStmt):
        return [stmt.body]
    if isinstance(stmt, LayerStmt) and len(stmt.layers) == 1:
        layer = stmt.layers[0]
        if isinstance(layer, (SeqLayer, GateLayer, ResidualLayer)):
            return [layer.body]
        if isinstance(layer, ParallelLayer):
            return [[s] for s in layer.body]
    return []


def edits(program):
    """Functions that each apply one edit to a copy of `program` (by the
    position of what they edit, which is the same in the copy)."""
    lists = statement_lists(program)
    for i, stmts in enumerate(lists):
        for k, stmt in enumerate(stmts):
            if isinstance(stmt, (InputStmt, ScaleStmt)):
                if isinstance(stmt, InputStmt):
                    for d, e in enumerate(stmt.args):
                        if isinstance(e, Lit) and e.value > 1:
                            yield lambda p, i=i, k=k, d=d: shrink_input(p, i, k, d)
                continue
            yield lambda p, i=i, k=k: statement_lists(p)[i].pop(k)
            for j, replacement in enumerate(inlined(stmt)):
                yield lambda p, i=i, k=k, j=j: splice(p, i, k, j)
            if not isinstance(stmt, LayerStmt):
                continue
            if stmt.name:
                yield lambda p, i=i, k=k: setattr(statement_lists(p)[i][k], "name", None)
            for j, layer in enumerate(stmt.layers):
                if len(stmt.layers) > 1:
                    yield lambda p, i=i, k=k, j=j: statement_lists(p)[i][k].layers.pop(j)
                if isinstance(layer, ResidualLayer) and layer.shortcut is not None:
                    yield lambda p, i=i, k=k, j=j: setattr(
                        statement_lists(p)[i][k].layers[j], "shortcut", None)
                if isinstance(layer, (ResidualLayer, ParallelLayer, CallLayer)):
                    for a in range(len(layer.args)):
                        yield lambda p, i=i, k=k, j=j, a=a: \
                            statement_lists(p)[i][k].layers[j].args.pop(a)
    for stmts_index, arg_site in argument_sites(program):
        yield lambda p, i=stmts_index, site=arg_site: fold_argument(p, i, site)
    for b in range(len(program.blocks)):
        yield lambda p, b=b: p.blocks.pop(b)
    for c in range(len(program.consts)):
        yield lambda p, c=c: p.consts.pop(c)


def arguments(stmt):
    """The layer arguments of a statement, in a fixed order."""
    if not isinstance(stmt, LayerStmt):
        return []
    return [arg for layer in stmt.layers
            if isinstance(layer, (ResidualLayer, ParallelLayer, CallLayer)) for arg in layer.args]


def argument_sites(program):
    for i, stmts in enumerate(statement_lists(program)):
        for k, stmt in enumerate(stmts):
            for a, arg in enumerate(arguments(stmt)):
                if not literal(arg.value):
                    yield i, (k, a)


def literal(e):
    return isinstance(e, Lit) or (isinstance(e, ListExpr) and all(map(literal, e.items)))


def fold_argument(program, i, site):
    """An argument's expression replaced by its value, when it has one
    without a context (no variables, no `in`)."""
    k, a = site
    arg = arguments(statement_lists(program)[i][k])[a]
    value = Evaluator(program, 1).expr(arg.value, [{}], None)
    if isinstance(value, list):
        arg.value = ListExpr([Lit(v) for v in value])
    else:
        arg.value = Lit(value)


def splice(program, i, k, j):
    stmts = statement_lists(program)[i]
    stmts[k:k + 1] = inlined(stmts[k])[j]


def shrink_input(program, i, k, d):
    arg = statement_lists(program)[i][k].args[d]
    arg.value = max(1, arg.value // 2)


def size(program):
    return sum(len(stmts) for stmts in statement_lists(program)) + len(program.blocks)


def reduce(program, batch, still_fails, report=print):
    """The smallest program reachable by edits that `still_fails(program,
    batch)`; batch 1 when that fails too."""
    if batch > 1 and still_fails(program, 1):
        batch = 1
    progress = True
    while progress:
        progress = False
        for edit in list(edits(program)):
            candidate = copy.deepcopy(program)
            try:
                edit(candidate)
                evaluate(candidate, batch)
            except (Invalid, IndexError):
                continue
            if candidate == program:  # an edit that changed nothing
                continue
            if still_fails(candidate, batch):
                program, progress = candidate, True
                report("reduced to %d statements" % size(program))
                break
    return program, batch
