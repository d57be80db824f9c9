"""Spoken and typed Chinese as the reader expects it: 繁体 -> 简体, kiosk Shanghainese ->
Mandarin, common homophone slips -> the policy's words (data: spoken.yaml).

Every step keeps the length, so spans found in the result point at what the user typed.
"""
from __future__ import annotations

import functools
import re
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent


@functools.lru_cache(maxsize=1)
def _table() -> tuple[re.Pattern, dict]:
    data = yaml.safe_load((HERE / "spoken.yaml").read_text(encoding="utf-8"))
    pairs = {}
    for group in ("dialect", "typos"):
        for said, meant in (data.get(group) or {}).items():
            pairs[said] = meant.ljust(len(said), " ")[:len(said)] if len(meant) != len(said) else meant
    words = sorted(pairs, key=len, reverse=True)   # longest first: 屋里厢 before 屋里
    return re.compile("|".join(map(re.escape, words))), pairs


@functools.lru_cache(maxsize=1)
def _t2s():
    try:
        import opencc
        return opencc.OpenCC("t2s").convert
    except ImportError:   # the reader still works, only 繁体 stays as typed
        return None


def simplified(text: str) -> str:
    convert = _t2s()
    if convert is None:
        return text
    out = convert(text)
    if len(out) == len(text):
        return out
    return "".join(c if len(c) == 1 else ch for ch, c in zip(text, map(convert, text)))


@functools.lru_cache(maxsize=1)
def _patterns() -> list[tuple[re.Pattern, str]]:
    data = yaml.safe_load((HERE / "spoken.yaml").read_text(encoding="utf-8"))
    return [(re.compile(rx), repl) for rx, repl in (data.get("patterns") or {}).items()]


def normalise(text: str) -> str:
    """The message in the words the reader knows, the same length as typed."""
    pattern, pairs = _table()
    text = pattern.sub(lambda m: pairs[m.group(0)], simplified(text))
    for rx, repl in _patterns():
        text = rx.sub(lambda m: repl.ljust(len(m.group(0)))[:len(m.group(0))], text)
    return text
