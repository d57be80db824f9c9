"""Which facts a rule reads, found in its source, so its result can be memoised on them.

A rule's result depends only on the facts it reads and on the situation
(as_of, employment status, current job). Reading them off the code (the rule
and the helpers it calls, all taking the facts as `f`) keeps the memo key from
drifting away from the rule; tests compare memoised and fresh results.
"""
from __future__ import annotations

import ast
import functools
import inspect
import textwrap
from typing import Callable

_PACKAGE = __name__.rsplit(".", 1)[0] + ".rules"


def _is_rule_code(obj) -> bool:
    return inspect.isfunction(obj) and obj.__module__.startswith(_PACKAGE)


@functools.lru_cache(maxsize=None)
def facts_read(fn: Callable) -> frozenset[str]:
    """The facts `fn` reads (cached: parsing source is slow, and the dialogue asks per turn)."""
    return frozenset(_read(fn, set()))


def _read(fn: Callable, seen: set) -> set[str]:
    if fn in seen:
        return set()
    seen.add(fn)
    tree = ast.parse(textwrap.dedent(inspect.getsource(fn)))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "f":
            names.add(node.attr)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            callee = fn.__globals__.get(node.func.id)
            if _is_rule_code(callee):
                names |= _read(callee, seen)
    return names


@functools.lru_cache(maxsize=None)
def numbers_in(fn: Callable) -> frozenset:
    """The numbers written in `fn` and the rule helpers it calls (parameters come from the data;
    this finds any figure written in the code itself), e.g. to know which lines a fact is compared with."""
    return frozenset(_numbers(fn, set()))


def _numbers(fn: Callable, seen: set) -> set:
    if fn in seen:
        return set()
    seen.add(fn)
    out: set = set()
    for node in ast.walk(ast.parse(textwrap.dedent(inspect.getsource(fn)))):
        if isinstance(node, ast.Constant) and type(node.value) in (int, float):
            out.add(node.value)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            callee = fn.__globals__.get(node.func.id)
            if _is_rule_code(callee):
                out |= _numbers(callee, seen)
    return out
